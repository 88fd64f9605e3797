/* tail [-n [+]N] [-c [+]N] [-f] [-qvz] [FILE]...: the last N lines or bytes of each file (10
 * lines), or with '+' everything from line or byte N on; -f keeps printing what files grow by
 * (GNU coreutils). Regular files are read from their end; other inputs through a bounded ring. */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct options {
  bool bytes, from_start, follow;
  uintmax_t count;
  char delim;
};

static int copy_rest(int fd) {
  static char buf[65536];
  ssize_t n;
  while ((n = read_some(fd, buf, sizeof buf)) > 0) out_write(buf, (size_t)n);
  return n < 0 ? -1 : 0;
}

/* Skips COUNT-1 lines or bytes, then copies the rest. */
static int tail_from(int fd, const struct options* o) {
  uintmax_t skip = o->count ? o->count - 1 : 0;
  static char buf[65536];
  while (skip > 0) {
    ssize_t n = read_some(fd, buf, sizeof buf);
    if (n <= 0) return (int)n;
    size_t at = 0;
    if (o->bytes) {
      at = (uintmax_t)n < skip ? (size_t)n : (size_t)skip;
      skip -= at;
    } else {
      while (at < (size_t)n && skip > 0)
        if (buf[at++] == o->delim) skip--;
    }
    out_write(buf + at, (size_t)n - at);
  }
  return copy_rest(fd);
}

/* The last COUNT lines of a seekable file of SIZE bytes, found by reading backwards. */
static int tail_lines_seekable(int fd, off_t size, const struct options* o) {
  static char buf[65536];
  off_t pos = size, start = 0;
  uintmax_t found = 0;
  bool last_byte = true;
  while (pos > 0 && o->count > 0) {
    size_t chunk = pos < (off_t)sizeof buf ? (size_t)pos : sizeof buf;
    pos -= (off_t)chunk;
    if (lseek(fd, pos, SEEK_SET) < 0) return -1;
    ssize_t n = read_some(fd, buf, chunk);
    if (n < 0) return -1;
    for (ssize_t i = n - 1; i >= 0; i--) {
      if (buf[i] == o->delim && !(last_byte && i == n - 1) && ++found == o->count) {
        start = pos + i + 1;
        goto done;
      }
    }
    last_byte = false;
  }
  if (o->count == 0) start = size;
done:
  if (lseek(fd, start, SEEK_SET) < 0) return -1;
  return copy_rest(fd);
}

/* The last COUNT lines of a stream: a ring of COUNT lines. */
static int tail_lines_stream(int fd, const struct options* o) {
  struct line_reader r;
  line_reader_init(&r, fd, o->delim);
  size_t slots = o->count > 1000000 ? 1000000 : (size_t)o->count;
  struct bytes* ring = slots ? calloc(slots, sizeof *ring) : NULL;
  uintmax_t seen = 0;
  size_t len;
  char* line;
  while ((line = line_next(&r, &len))) {
    if (!slots) continue;
    struct bytes* slot = &ring[seen++ % slots];
    slot->len = 0;
    bytes_add(slot, line, len);
  }
  size_t kept = seen < slots ? (size_t)seen : slots;
  for (size_t i = 0; i < kept; i++) {
    struct bytes* slot = &ring[(seen - kept + i) % slots];
    out_write(slot->data, slot->len);
  }
  for (size_t i = 0; i < slots; i++) free(ring[i].data);
  free(ring);
  int err = r.err;
  line_reader_free(&r);
  return err ? (errno = err, -1) : 0;
}

/* The last COUNT bytes of a stream: keeps at most COUNT bytes plus one chunk. */
static int tail_bytes_stream(int fd, uintmax_t count) {
  struct bytes held = {0};
  static char buf[65536];
  ssize_t n;
  while ((n = read_some(fd, buf, sizeof buf)) > 0) {
    bytes_add(&held, buf, (size_t)n);
    if (held.len > count + sizeof buf) {
      size_t drop = held.len - (size_t)count;
      memmove(held.data, held.data + drop, held.len - drop);
      held.len -= drop;
    }
  }
  size_t from = held.len > count ? held.len - (size_t)count : 0;
  out_write(held.data + from, held.len - from);
  free(held.data);
  return n < 0 ? -1 : 0;
}

static int tail_fd(int fd, const struct options* o) {
  if (o->from_start) return tail_from(fd, o);
  struct stat st;
  bool seekable = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && lseek(fd, 0, SEEK_CUR) >= 0;
  if (seekable && o->bytes) {
    off_t here = lseek(fd, 0, SEEK_CUR);
    off_t start = st.st_size - here > (off_t)o->count ? st.st_size - (off_t)o->count : here;
    if (lseek(fd, start, SEEK_SET) < 0) return -1;
    return copy_rest(fd);
  }
  if (seekable) return tail_lines_seekable(fd, st.st_size, o);
  return o->bytes ? tail_bytes_stream(fd, o->count) : tail_lines_stream(fd, o);
}

static void header(const char* name, bool* first) {
  if (!*first) out_char('\n');
  *first = false;
  out_str("==> ");
  out_str(input_name(name));
  out_str(" <==\n");
}

/* -f: every second, prints what the followed files grew by. Never returns. */
static _Noreturn void follow(char** names, int* fds, int n, bool headers, const char* shown) {
  for (;;) {
    (void)out_flush();
    struct timespec second = {1, 0};
    nanosleep(&second, NULL);
    for (int i = 0; i < n; i++) {
      struct stat st;
      if (fds[i] < 0 || fstat(fds[i], &st) != 0 || !S_ISREG(st.st_mode)) continue;
      off_t at = lseek(fds[i], 0, SEEK_CUR);
      if (st.st_size < at) {
        warn("%s: file truncated", quotef(names[i]));
        lseek(fds[i], 0, SEEK_SET);
        at = 0;
      }
      if (st.st_size == at) continue;
      if (headers && shown != names[i]) {
        bool not_first = false;
        header(names[i], &not_first);
        shown = names[i];
      }
      copy_rest(fds[i]);
    }
  }
}

static void set_count(struct options* o, const char* arg, bool bytes) {
  o->bytes = bytes;
  o->from_start = arg[0] == '+';
  const char* digits = arg + (arg[0] == '+' || arg[0] == '-');
  if (!parse_count(digits, &o->count))
    die(1, "invalid number of %s: %s", bytes ? "bytes" : "lines", quote(arg));
}

/* The obsolete forms tail -N[bcl][f] and tail +N[bcl][f], with one file at most. */
static bool obsolete_option(int argc, char** argv, struct options* o) {
  if (!(argc == 2 || (argc == 3 && !(argv[2][0] == '-' && argv[2][1])))) return false;
  char* p = argv[1];
  if (p[0] != '+' && p[0] != '-') return false;
  if (p[0] == '-' && !p[1 + (p[1] == 'c')]) return false;
  o->from_start = p[0] == '+';
  char* digits = ++p;
  while (*p >= '0' && *p <= '9') p++;
  size_t ndigits = (size_t)(p - digits);
  uintmax_t unit = 1;
  o->bytes = false;
  if (*p == 'b') unit = 512;
  if (*p == 'b' || *p == 'c') o->bytes = true;
  if (*p == 'b' || *p == 'c' || *p == 'l') p++;
  bool follow = *p == 'f';
  if (follow) p++;
  if (*p) return false;
  char num[64];
  snprintf(num, sizeof num, "%.*s", (int)ndigits, digits);
  if (!ndigits)
    o->count = 10;
  else if (!parse_count(num, &o->count))
    die(1, "invalid number: %s", quote(argv[1]));
  o->count *= unit;
  o->follow = follow;
  return true;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  struct options o = {.count = 10, .delim = '\n'};
  int verbose = -1;
  static const struct option longopts[] = {
      {"bytes", required_argument, 0, 'c'},     {"lines", required_argument, 0, 'n'},
      {"follow", no_argument, 0, 'f'},          {"quiet", no_argument, 0, 'q'},
      {"silent", no_argument, 0, 'q'},          {"verbose", no_argument, 0, 'v'},
      {"zero-terminated", no_argument, 0, 'z'}, {0, 0, 0, 0}};
  if (obsolete_option(argc, argv, &o)) {
    argv[1] = argv[0];
    argv++;
    argc--;
  }
  int c;
  while ((c = cmd_getopt(argc, argv, "c:n:fFqvz", longopts, 1)) != -1) {
    switch (c) {
      case 'c':
        set_count(&o, optarg, true);
        break;
      case 'n':
        set_count(&o, optarg, false);
        break;
      case 'f':
      case 'F':
        o.follow = true;
        break;
      case 'q':
        verbose = 0;
        break;
      case 'v':
        verbose = 1;
        break;
      case 'z':
        o.delim = 0;
        break;
    }
  }
  char** files;
  int nfiles = file_operands(argc, argv, optind, &files);
  bool headers = verbose == 1 || (verbose == -1 && nfiles > 1);
  bool first = true;
  int status = 0;
  int* fds = calloc((size_t)nfiles, sizeof *fds);
  for (int i = 0; i < nfiles; i++) {
    fds[i] = open_input(files[i]);
    if (fds[i] < 0) {
      warn_errno("cannot open %s for reading", quote(files[i]));
      status = 1;
      continue;
    }
    if (headers) header(files[i], &first);
    if (tail_fd(fds[i], &o) < 0) {
      warn_errno("error reading %s", quote(files[i]));
      status = 1;
      close(fds[i]);
      fds[i] = -1;
    }
  }
  bool any_file = false;
  for (int i = 0; i < nfiles; i++) any_file |= fds[i] > 0;
  if (o.follow && any_file) follow(files, fds, nfiles, headers, files[nfiles - 1]);
  return out_flush() ? status : 1;
}
