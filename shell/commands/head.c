/* head [-n [-]N] [-c [-]N] [-qvz] [FILE]...: the first N lines or bytes of each file (10 lines),
 * or with a leading '-' all but the last N (GNU coreutils). */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct options {
  bool bytes, elide; /* count bytes; print all but the last count */
  uintmax_t count;
  char delim;
};

/* Copies the first COUNT lines or bytes; -1 on a read error. */
static int head_first(int fd, const struct options* o) {
  static char buf[65536];
  uintmax_t left = o->count;
  while (left > 0) {
    ssize_t n = read_some(fd, buf, sizeof buf);
    if (n < 0) return -1;
    if (n == 0) break;
    size_t take = (size_t)n;
    if (o->bytes) {
      if (take > left) take = (size_t)left;
      left -= take;
    } else {
      for (size_t i = 0; i < (size_t)n; i++)
        if (buf[i] == o->delim && --left == 0) {
          take = i + 1;
          break;
        }
    }
    out_write(buf, take);
  }
  return 0;
}

/* Copies all but the last COUNT bytes: holds back COUNT bytes at most plus one chunk. */
static int head_elide_bytes(int fd, uintmax_t count) {
  struct bytes held = {0};
  static char buf[65536];
  for (;;) {
    ssize_t n = read_some(fd, buf, sizeof buf);
    if (n < 0) return free(held.data), -1;
    if (n == 0) break;
    bytes_add(&held, buf, (size_t)n);
    if (held.len > count) {
      size_t out = held.len - (size_t)count;
      out_write(held.data, out);
      memmove(held.data, held.data + out, held.len - out);
      held.len -= out;
    }
  }
  free(held.data);
  return 0;
}

/* Copies all but the last COUNT lines: a ring of the last COUNT lines read. */
static int head_elide_lines(int fd, const struct options* o) {
  struct line_reader r;
  line_reader_init(&r, fd, o->delim);
  size_t slots = o->count > 1000000 ? 1000000 : (size_t)o->count;
  struct bytes* ring = slots ? calloc(slots, sizeof *ring) : NULL;
  uintmax_t seen = 0;
  size_t len;
  char* line;
  while ((line = line_next(&r, &len))) {
    if (slots == 0) {
      out_write(line, len);
      continue;
    }
    struct bytes* slot = &ring[seen % slots];
    if (seen >= slots) out_write(slot->data, slot->len);
    slot->len = 0;
    bytes_add(slot, line, len);
    seen++;
  }
  for (size_t i = 0; i < slots; i++) free(ring[i].data);
  free(ring);
  int err = r.err;
  line_reader_free(&r);
  return err ? (errno = err, -1) : 0;
}

static int head_file(const char* name, const struct options* o, bool header, bool* first) {
  int fd = open_input(name);
  if (fd < 0) {
    warn_errno("cannot open %s for reading", quote(name));
    return 1;
  }
  if (header) {
    if (!*first) out_char('\n');
    out_str("==> ");
    out_str(input_name(name));
    out_str(" <==\n");
  }
  *first = false;
  int rc;
  if (!o->elide)
    rc = head_first(fd, o);
  else if (o->bytes)
    rc = head_elide_bytes(fd, o->count);
  else
    rc = head_elide_lines(fd, o);
  if (rc < 0) warn_errno("error reading %s", quote(name));
  if (fd > 0) close(fd);
  return rc < 0 ? 1 : 0;
}

static void set_count(struct options* o, const char* arg, bool bytes) {
  o->bytes = bytes;
  o->elide = arg[0] == '-';
  if (!parse_count(arg + o->elide, &o->count))
    die(1, "invalid number of %s: %s", bytes ? "bytes" : "lines", quote(arg));
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  struct options o = {.count = 10, .delim = '\n'};
  int verbose = -1; /* -1: headers when several files */
  static const struct option longopts[] = {{"bytes", required_argument, 0, 'c'},
                                           {"lines", required_argument, 0, 'n'},
                                           {"quiet", no_argument, 0, 'q'},
                                           {"silent", no_argument, 0, 'q'},
                                           {"verbose", no_argument, 0, 'v'},
                                           {"zero-terminated", no_argument, 0, 'z'},
                                           {0, 0, 0, 0}};
  /* The obsolete form: head -NUM[bkm][cqv] */
  if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
    char *p = argv[1] + 1, *end = p;
    while (*end >= '0' && *end <= '9') end++;
    char digits[64];
    snprintf(digits, sizeof digits, "%.*s", (int)(end - p), p);
    parse_count(digits, &o.count);
    for (; *end; end++) {
      if (*end == 'c')
        o.bytes = true;
      else if (*end == 'l')
        o.bytes = false;
      else if (*end == 'q')
        verbose = 0;
      else if (*end == 'v')
        verbose = 1;
      else if (*end == 'z')
        o.delim = 0;
      else if (*end == 'b')
        o.count *= 512, o.bytes = true;
      else if (*end == 'k')
        o.count *= 1024, o.bytes = true;
      else if (*end == 'm')
        o.count *= 1048576, o.bytes = true;
      else
        usage_error(1, "invalid option -- '%c'", *end);
    }
    argv[1] = argv[0];
    argv++;
    argc--;
  }
  int c;
  while ((c = cmd_getopt(argc, argv, "c:n:qvz", longopts, 1)) != -1) {
    switch (c) {
      case 'c':
        set_count(&o, optarg, true);
        break;
      case 'n':
        set_count(&o, optarg, false);
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
  bool header = verbose == 1 || (verbose == -1 && nfiles > 1);
  bool first = true;
  int status = 0;
  for (int i = 0; i < nfiles; i++) status |= head_file(files[i], &o, header, &first);
  return out_flush() ? status : 1;
}
