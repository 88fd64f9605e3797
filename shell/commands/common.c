/* The shared helper of the command package (see common.h). */
#include "common.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char* prog = "command";

/* Relative paths resolve against the shell's PWD: once, before main. */
__attribute__((constructor(200))) static void enter_pwd(void) {
  const char* pwd = getenv("PWD");
  if (pwd && pwd[0] == '/') (void)chdir(pwd);
}

/* argv[0] as given, as GNU prints it; a module path (".../cat.wasm", as `wask run` passes it)
 * reads as the command's name. */
void cmd_init(int argc, char** argv) {
  if (argc <= 0 || !argv[0] || !argv[0][0]) return;
  prog = argv[0];
  size_t len = strlen(prog);
  if (len > 5 && strcmp(prog + len - 5, ".wasm") == 0) {
    static char name[64];
    const char* base = strrchr(prog, '/');
    base = base ? base + 1 : prog;
    size_t n = strlen(base) - 5;
    if (n >= sizeof name) n = sizeof name - 1;
    memcpy(name, base, n);
    name[n] = 0;
    prog = name;
  }
}

/* glibc's wording where musl's differs (the rest read the same). */
const char* error_text(int err) {
  switch (err) {
    // clang-format off
#define GLIBC_TEXT(e, text) case e: return text;
    GLIBC_TEXT(EADDRINUSE, "Address already in use")
    GLIBC_TEXT(EBUSY, "Device or resource busy")
    GLIBC_TEXT(ECHILD, "No child processes")
    GLIBC_TEXT(EDEADLK, "Resource deadlock avoided")
    GLIBC_TEXT(EDQUOT, "Disk quota exceeded")
    GLIBC_TEXT(EILSEQ, "Invalid or incomplete multibyte or wide character")
    GLIBC_TEXT(EIO, "Input/output error")
    GLIBC_TEXT(ELOOP, "Too many levels of symbolic links")
    GLIBC_TEXT(EMFILE, "Too many open files")
    GLIBC_TEXT(ENAMETOOLONG, "File name too long")
    GLIBC_TEXT(ENOMEM, "Cannot allocate memory")
    GLIBC_TEXT(ENOTSUP, "Operation not supported")
    GLIBC_TEXT(ENOTTY, "Inappropriate ioctl for device")
    GLIBC_TEXT(EOVERFLOW, "Value too large for defined data type")
    GLIBC_TEXT(ERANGE, "Numerical result out of range")
    GLIBC_TEXT(ESPIPE, "Illegal seek")
    GLIBC_TEXT(ETIMEDOUT, "Connection timed out")
    GLIBC_TEXT(EXDEV, "Invalid cross-device link")
    GLIBC_TEXT(ENOTCAPABLE, "Operation not permitted")
#undef GLIBC_TEXT
    // clang-format on
  }
  return strerror(err);
}

static void vmessage(int err, const char* fmt, va_list ap) {
  fflush(stdout);
  fprintf(stderr, "%s: ", prog);
  vfprintf(stderr, fmt, ap);
  if (err) fprintf(stderr, ": %s", error_text(err));
  fputc('\n', stderr);
}

void warn(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmessage(0, fmt, ap);
  va_end(ap);
}

void warn_errno(const char* fmt, ...) {
  int err = errno;
  va_list ap;
  va_start(ap, fmt);
  vmessage(err, fmt, ap);
  va_end(ap);
}

void die(int status, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmessage(0, fmt, ap);
  va_end(ap);
  exit(status);
}

void die_errno(int status, const char* fmt, ...) {
  int err = errno;
  va_list ap;
  va_start(ap, fmt);
  vmessage(err, fmt, ap);
  va_end(ap);
  exit(status);
}

ssize_t write_all(int fd, const void* buf, size_t len) {
  const char* p = buf;
  size_t done = 0;
  while (done < len) {
    ssize_t n = write(fd, p + done, len - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    done += (size_t)n;
  }
  return (ssize_t)done;
}

/* ---- file helpers ---- */

int cmd_getopt(int argc, char** argv, const char* shortopts, const struct option* longopts,
               int usage_status) {
  char spec[128];
  /* ':' first (after a '+' that stops at the first operand): a missing argument answers ':' */
  bool in_order = shortopts[0] == '+';
  snprintf(spec, sizeof spec, "%s:%s", in_order ? "+" : "", shortopts + in_order);
  opterr = 0;
  int before = optind;
  int c = getopt_long(argc, argv, spec, longopts, NULL);
  if (c == '?' || c == ':') {
    const char* arg = argv[optind - 1 > before ? optind - 1 : before];
    if (optopt == 0 || (arg[0] == '-' && arg[1] == '-'))
      usage_error(usage_status,
                  c == ':' ? "option '%s' requires an argument" : "unrecognized option '%s'", arg);
    usage_error(usage_status,
                c == ':' ? "option requires an argument -- '%c'" : "invalid option -- '%c'",
                optopt);
  }
  return c;
}

void usage_error(int status, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmessage(0, fmt, ap);
  va_end(ap);
  fprintf(stderr, "Try '%s --help' for more information.\n", prog);
  exit(status);
}

/* Shell quoting in gnulib's way (see quotef): a byte the shell takes as is. */
static bool shell_plain(const char* s, size_t i, size_t n) {
  unsigned char c = (unsigned char)s[i];
  if (c == '{' || c == '}') return n != 1;
  if (c == '#' || c == '~') return i != 0;
  if (c < 0x20 || c >= 0x7f) return false;
  return !strchr(" !\"$&()*;<=>[^`|'\\?", c);
}

/* A byte gnulib may keep inside "..." instead (it prefers "it's" to 'it'\''s'). */
static bool double_quotable(const char* s, size_t i, size_t n) {
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || c == '\'') return true;
  if (c == '#' || c == '~') return i == 0;
  if (c == '{' || c == '}') return n == 1;
  return shell_plain(s, i, n);
}

static bool unprintable(unsigned char c) { return c < 0x20 || c >= 0x7f; }

struct text {
  char* p;
  size_t len, cap;
};

static void put(struct text* t, char c) {
  if (t->len + 2 > t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->p = realloc(t->p, t->cap);
    if (!t->p) die(1, "memory exhausted");
  }
  t->p[t->len++] = c;
  t->p[t->len] = 0;
}

static void put_str(struct text* t, const char* s) {
  while (*s) put(t, *s++);
}

static const char* quote_name(const char* s, bool always) {
  static struct text slots[8];
  static unsigned next;
  struct text* t = &slots[next++ % 8];
  t->len = 0;
  put(t, 0), t->len = 0;
  size_t n = strlen(s);
  bool plain = n > 0, has_quote = false, quotable = true;
  for (size_t i = 0; i < n; i++) {
    plain = plain && shell_plain(s, i, n);
    has_quote = has_quote || s[i] == '\'';
    quotable = quotable && double_quotable(s, i, n);
  }
  if (plain && !always) {
    put_str(t, s);
    return t->p;
  }
  if (has_quote && quotable) {
    put(t, '"'), put_str(t, s), put(t, '"');
    return t->p;
  }
  /* Unprintable bytes go in $'...' pieces. gnulib rescans a name with a quote in it and starts
   * the second pass in the $'...' state the first ended in: reproduced, quirk and all. */
  bool in_escape = has_quote && n > 0 && unprintable((unsigned char)s[n - 1]);
  put(t, '\'');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (unprintable(c)) {
      if (!in_escape) put_str(t, "'$'");
      in_escape = true;
      const char *letters = "\a\b\f\n\r\t\v", *names = "abfnrtv";
      const char* at = c ? strchr(letters, c) : NULL;
      put(t, '\\');
      if (at) {
        put(t, names[at - letters]);
      } else {
        put(t, (char)('0' + (c >> 6))), put(t, (char)('0' + ((c >> 3) & 7)));
        put(t, (char)('0' + (c & 7)));
      }
    } else if (c == '\'') {
      put_str(t, "'\\''");
      in_escape = false;
    } else {
      if (in_escape) put_str(t, "''");
      in_escape = false;
      put(t, (char)c);
    }
  }
  put(t, '\'');
  return t->p;
}

const char* quotef(const char* name) { return quote_name(name, false); }
const char* quoteaf(const char* name) { return quote_name(name, true); }

#ifdef WASK_AGENTOS
__attribute__((import_module("host_fs"), import_name("path_mode"))) uint32_t host_path_mode(
    const char* path, size_t len, uint32_t follow);
__attribute__((import_module("host_fs"), import_name("chmod"))) uint32_t host_chmod(
    const char* path, size_t len, uint32_t mode);
__attribute__((import_module("host_user"), import_name("getuid"))) uint16_t host_getuid(
    uint32_t* uid);
__attribute__((import_module("host_user"), import_name("getpwuid"))) uint16_t host_getpwuid(
    uint32_t uid, char* buf, size_t len, size_t* ret_len);
#endif

mode_t file_mode(const char* path, bool follow) {
#ifdef WASK_AGENTOS
  return (mode_t)host_path_mode(path, strlen(path), follow);
#else
  struct stat st;
  if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) return 0;
  mode_t type = st.st_mode & S_IFMT;
  if (type == S_IFDIR) return type | 0755;
  if (type == S_IFLNK) return type | 0777;
  return type | 0644;
#endif
}

int set_file_mode(const char* path, mode_t mode) {
#ifdef WASK_AGENTOS
  if (host_chmod(path, strlen(path), mode & 07777) == 0) return 0;
  if (file_mode(path, true) == 0)
    errno = ENOENT;
  else
    errno = EPERM;
  return -1;
#else
  /* Without host_fs only the bits every file already has can be "set". */
  mode_t now = file_mode(path, true);
  if (now == 0) {
    errno = ENOENT;
    return -1;
  }
  if ((now & 07777) == (mode & 07777)) return 0;
  errno = ENOTSUP;
  return -1;
#endif
}

void mode_string(mode_t mode, char out[11]) {
  static const char types[] = "?pc?d?b?-?l?s???";
  out[0] = types[(mode >> 12) & 15];
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) out[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
  if (mode & S_ISUID) out[3] = (mode & S_IXUSR) ? 's' : 'S';
  if (mode & S_ISGID) out[6] = (mode & S_IXGRP) ? 's' : 'S';
  if (mode & S_ISVTX) out[9] = (mode & S_IXOTH) ? 't' : 'T';
  out[10] = 0;
}

const char* user_name(void) {
  static char name[64];
  if (name[0]) return name;
#ifdef WASK_AGENTOS
  uint32_t uid = 0;
  char line[256];
  size_t len = 0;
  if (host_getuid(&uid) == 0 && host_getpwuid(uid, line, sizeof line - 1, &len) == 0) {
    line[len] = 0;
    char* colon = strchr(line, ':');
    if (colon) *colon = 0;
    snprintf(name, sizeof name, "%s", line);
    return name;
  }
#endif
  const char* user = getenv("USER");
  snprintf(name, sizeof name, "%s", user && *user ? user : "user");
  return name;
}

uint64_t disk_blocks(const struct stat* st) {
  if (st->st_blocks > 0) return (uint64_t)st->st_blocks;
  if (S_ISLNK(st->st_mode) && st->st_size < 60) return 0; /* kept in the inode (ext4) */
  return ((uint64_t)st->st_size + 4095) / 4096 * 8;
}

void human_size(uint64_t bytes, char out[16]) {
  static const char units[] = "KMGTPE";
  if (bytes < 1024) {
    snprintf(out, 16, "%llu", (unsigned long long)bytes);
    return;
  }
  int power = 0;
  uint64_t scale = 1024;
  while (power < 5 && bytes / scale >= 1024) scale *= 1024, power++;
  /* Tenths, rounded up; ten or more prints as a whole number, also rounded up. */
  uint64_t tenths = (bytes * 10 + scale - 1) / scale;
  if (bytes > UINT64_MAX / 10) tenths = (bytes / (scale / 1024) * 10 + 1023) / 1024;
  if (tenths < 100) {
    snprintf(out, 16, "%llu.%llu%c", (unsigned long long)(tenths / 10),
             (unsigned long long)(tenths % 10), units[power]);
    return;
  }
  uint64_t whole = bytes / scale + (bytes % scale != 0);
  if (whole >= 1024 && power < 5) {
    snprintf(out, 16, "1.0%c", units[power + 1]);
    return;
  }
  snprintf(out, 16, "%llu%c", (unsigned long long)whole, units[power]);
}

char* path_join(const char* dir, const char* name) {
  size_t d = strlen(dir);
  while (d > 1 && dir[d - 1] == '/') d--;
  bool slash = !(d == 1 && dir[0] == '/');
  size_t n = strlen(name);
  char* out = malloc(d + n + 2);
  if (!out) die(1, "memory exhausted");
  /* memcpy, not sprintf: find and ls -R join a path per entry */
  memcpy(out, dir, d);
  if (slash) out[d++] = '/';
  memcpy(out + d, name, n + 1);
  return out;
}

ssize_t read_some(int fd, void* buf, size_t len) {
  for (;;) {
    ssize_t n = read(fd, buf, len);
    if (n >= 0 || errno != EINTR) {
      struct stat st;
      if (n < 0 && errno == EBADF && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) errno = EISDIR;
      return n;
    }
  }
}

int copy_fd(int in, int out, bool* err_is_read) {
  static char buf[256 * 1024];
  for (;;) {
    ssize_t n = read_some(in, buf, sizeof buf);
    if (n <= 0) {
      *err_is_read = true;
      return n < 0 ? -1 : 0;
    }
    if (write_all(out, buf, (size_t)n) < 0) {
      *err_is_read = false;
      return -1;
    }
  }
}

int each_entry(const char* path, bool (*visit)(const char* dir, const char* name, void* ctx),
               void* ctx) {
  DIR* dir = opendir(path);
  if (!dir) return -1;
  struct dirent* e;
  while ((e = readdir(dir))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (!visit(path, e->d_name, ctx)) break;
  }
  closedir(dir);
  return 0;
}

mode_t type_of_dirent(unsigned char d_type) {
  switch (d_type) {
    case DT_REG:
      return S_IFREG;
    case DT_DIR:
      return S_IFDIR;
    case DT_LNK:
      return S_IFLNK;
    case DT_FIFO:
      return S_IFIFO;
    case DT_CHR:
      return S_IFCHR;
    case DT_BLK:
      return S_IFBLK;
#ifdef DT_SOCK
    case DT_SOCK:
      return S_IFSOCK;
#endif
    default:
      return 0;
  }
}

int to_target(int n, char** args, bool no_target_dir, bool last_is_dir,
              int (*act)(const char* src, const char* dst)) {
  const char* last = args[n - 1];
  if (no_target_dir) {
    if (n > 2) usage_error(1, "extra operand %s", quoteaf(args[2]));
    return act(args[0], last);
  }
  if (n == 2 && !last_is_dir) return act(args[0], last);
  if (!last_is_dir) {
    struct stat st;
    if (stat(last, &st) == 0) errno = ENOTDIR;
    die_errno(1, "target %s", quoteaf(last));
  }
  int status = 0;
  for (int i = 0; i < n - 1; i++) {
    char* base = last_component(args[i]);
    char* dst = path_join(last, base);
    status |= act(args[i], dst);
    free(dst);
    free(base);
  }
  return status;
}

bool is_directory(const char* path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char* last_component(const char* path) {
  size_t len = strlen(path);
  while (len > 1 && path[len - 1] == '/') len--;
  size_t start = len;
  while (start > 0 && path[start - 1] != '/') start--;
  char* out = strndup(path + start, len - start);
  if (!out) die(1, "memory exhausted");
  return out;
}

/* Appends "/NAME" (NAME of len bytes) to the resolved prefix in t. */
static void append_component(struct text* t, const char* name, size_t len) {
  if (!(t->len == 1 && t->p[0] == '/')) put(t, '/');
  for (size_t i = 0; i < len; i++) put(t, name[i]);
}

char* canonicalize(const char* path, enum canon_mode mode, bool resolve_links) {
  struct text out = {0}, rest = {0};
  if (path[0] != '/') {
    char* cwd = getcwd(NULL, 0);
    if (!cwd) return NULL;
    put_str(&out, cwd);
    free(cwd);
  } else {
    put(&out, '/');
  }
  put_str(&rest, path);
  int links = 0;
  size_t at = 0;
  while (at < rest.len) {
    while (at < rest.len && rest.p[at] == '/') at++;
    size_t end = at;
    while (end < rest.len && rest.p[end] != '/') end++;
    size_t len = end - at;
    const char* name = rest.p + at;
    at = end;
    if (len == 0 || (len == 1 && name[0] == '.')) continue;
    if (len == 2 && name[0] == '.' && name[1] == '.') {
      while (out.len > 1 && out.p[out.len - 1] != '/') out.len--;
      if (out.len > 1) out.len--;
      out.p[out.len] = 0;
      continue;
    }
    size_t before = out.len;
    append_component(&out, name, len);
    bool last = true;
    for (size_t i = at; i < rest.len; i++) last = last && rest.p[i] == '/';
    struct stat st;
    if (lstat(out.p, &st) != 0) {
      if (errno == ENOENT && (mode == CANON_MISSING || (mode == CANON_ALL_BUT_LAST && last)))
        continue;
      goto fail;
    }
    if (resolve_links && S_ISLNK(st.st_mode)) {
      if (++links > 40) {
        errno = ELOOP;
        goto fail;
      }
      char target[4096];
      ssize_t n = readlink(out.p, target, sizeof target - 1);
      if (n < 0) goto fail;
      target[n] = 0;
      struct text next = {0};
      put_str(&next, target);
      put(&next, '/');
      for (size_t i = at; i < rest.len; i++) put(&next, rest.p[i]);
      free(rest.p);
      rest = next;
      at = 0;
      out.len = target[0] == '/' ? 1 : before;
      if (out.len == 0) out.len = 1;
      out.p[out.len] = 0;
      continue;
    }
    if (!S_ISDIR(st.st_mode) && !last && mode != CANON_MISSING) {
      errno = ENOTDIR;
      goto fail;
    }
  }
  free(rest.p);
  return out.p;
fail:
  free(rest.p);
  free(out.p);
  return NULL;
}

/* ---- text helpers (owned by the text commands; file commands add above this line) ---- */
#include <fcntl.h>
#include <getopt.h>
#include <strings.h>
#include <sys/stat.h>

void* xrealloc(void* p, size_t n) {
  void* q = realloc(p, n ? n : 1);
  if (!q) die(2, "memory exhausted");
  return q;
}

char* xstrdup(const char* s) {
  size_t n = strlen(s) + 1;
  return memcpy(xrealloc(NULL, n), s, n);
}

int open_input(const char* name) {
  if (strcmp(name, "-") == 0) return 0;
  return open(name, O_RDONLY);
}

int file_operands(int argc, char** argv, int first, char*** files) {
  static char* stdin_only[] = {"-", NULL};
  *files = first < argc ? argv + first : stdin_only;
  return first < argc ? argc - first : 1;
}

const char* input_name(const char* name) {
  return strcmp(name, "-") == 0 ? "standard input" : name;
}

void line_reader_init(struct line_reader* r, int fd, char delim) {
  memset(r, 0, sizeof *r);
  r->fd = fd;
  r->delim = delim;
}

char* line_next(struct line_reader* r, size_t* len) {
  size_t scanned = r->start;
  for (;;) {
    char* nl = memchr(r->buf + scanned, r->delim, r->end - scanned);
    if (nl) {
      char* line = r->buf + r->start;
      *len = (size_t)(nl + 1 - line);
      r->start += *len;
      return line;
    }
    if (r->eof || r->err) {
      if (r->start == r->end) return NULL;
      char* line = r->buf + r->start;
      *len = r->end - r->start;
      r->start = r->end;
      return line;
    }
    if (r->start > 0) { /* keep the partial line at the front */
      memmove(r->buf, r->buf + r->start, r->end - r->start);
      r->end -= r->start;
      r->start = 0;
    }
    if (r->cap - r->end < 16384) {
      r->cap = r->cap ? r->cap * 2 : 65536;
      r->buf = xrealloc(r->buf, r->cap);
    }
    scanned = r->end;
    ssize_t n = read_some(r->fd, r->buf + r->end, r->cap - r->end);
    if (n < 0) {
      r->err = errno;
    } else if (n == 0) {
      r->eof = true;
    } else {
      if (memchr(r->buf + r->end, 0, (size_t)n)) r->saw_nul = true;
      r->end += (size_t)n;
    }
  }
}

void line_reader_free(struct line_reader* r) {
  free(r->buf);
  r->buf = NULL;
}

static char out_buf[65536];
static size_t out_len;
static int out_err, out_fd = 1;

static void out_drain(void) {
  if (out_len && !out_err && write_all(out_fd, out_buf, out_len) < 0) out_err = errno;
  out_len = 0;
}

void out_to(int fd) {
  out_drain();
  out_fd = fd;
}

void out_write(const void* buf, size_t len) {
  if (out_len + len > sizeof out_buf) out_drain();
  if (len >= sizeof out_buf) {
    if (!out_err && write_all(out_fd, buf, len) < 0) out_err = errno;
    return;
  }
  memcpy(out_buf + out_len, buf, len);
  out_len += len;
}

void out_char(char c) {
  if (out_len == sizeof out_buf) out_drain();
  out_buf[out_len++] = c;
}

void out_str(const char* s) { out_write(s, strlen(s)); }

bool out_flush(void) {
  out_drain();
  if (out_err == EPIPE) return false; /* a reader that left is no error worth a message */
  if (out_err) {
    errno = out_err;
    warn_errno("write error");
    return false;
  }
  return true;
}

void bytes_add(struct bytes* b, const void* p, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->data = xrealloc(b->data, b->cap);
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = 0;
}

void bytes_addc(struct bytes* b, char c) { bytes_add(b, &c, 1); }

int escape_char(char c) {
  switch (c) {
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'e':
      return 033;
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'v':
      return '\v';
    case '\\':
      return '\\';
    case '"':
      return '"';
    default:
      return -1;
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_count(const char* s, uintmax_t* out) {
  if (*s < '0' || *s > '9') return false;
  uintmax_t v = 0;
  bool overflow = false;
  for (; *s >= '0' && *s <= '9'; s++) {
    if (v > (UINTMAX_MAX - 9) / 10) overflow = true;
    v = v * 10 + (uintmax_t)(*s - '0');
  }
  uintmax_t unit = 1;
  if (*s) {
    const char* powers = "KMGTPEZY";
    const char* at = *s == 'k' ? powers : *s == 'm' ? powers + 1 : strchr(powers, *s);
    if (*s == 'b' && !s[1]) {
      unit = 512;
    } else if (at && *at) {
      unsigned base = strcmp(s + 1, "B") == 0 ? 1000 : 1024;
      if (s[1] && strcmp(s + 1, "B") != 0 && strcmp(s + 1, "iB") != 0) return false;
      for (long i = 0; i <= at - powers; i++) {
        if (unit > UINTMAX_MAX / base) overflow = true;
        unit *= base;
      }
    } else {
      return false;
    }
  }
  if (unit > 1 && v > UINTMAX_MAX / unit) overflow = true;
  *out = overflow ? UINTMAX_MAX : v * unit;
  return true;
}

const char* quote(const char* name) { return quoteaf(name); }

#ifdef WASK_AGENTOS
__attribute__((import_module("host_process"), import_name("proc_spawn"))) uint32_t host_proc_spawn(
    const char* argv, uint32_t argv_len, const char* envp, uint32_t envp_len, uint32_t in,
    uint32_t out, uint32_t err, const char* cwd, uint32_t cwd_len, uint32_t* pid);
__attribute__((import_module("host_process"), import_name("proc_waitpid"))) uint32_t
host_proc_waitpid(uint32_t pid, uint32_t options, uint32_t* status, uint32_t* ret_pid);

/* NUL-terminated strings end to end, as the ABI passes argv and envp. */
static void pack_strings(struct bytes* b, char* const* v) {
  for (; *v; v++) bytes_add(b, *v, strlen(*v) + 1);
}

int run_command(char* const* argv, char* const* envp, int* status) {
  extern char** environ;
  struct bytes args = {0}, env = {0};
  char* const* e = envp ? envp : environ;
  bool has_path = false;
  for (; e && *e; e++) has_path |= strncmp(*e, "PATH=", 5) == 0;
  char* resolved = NULL; /* without PATH, execvp's default: the VM's commands are in /bin */
  if (!has_path && !strchr(argv[0], '/')) resolved = path_join("/bin", argv[0]);
  bytes_add(&args, resolved ? resolved : argv[0], strlen(resolved ? resolved : argv[0]) + 1);
  free(resolved);
  pack_strings(&args, argv + 1);
  pack_strings(&env, envp ? envp : environ);
  (void)out_flush();
  fflush(stdout);
  uint32_t pid = 0, code = 0, waited = 0;
  uint32_t rc = host_proc_spawn(args.data, (uint32_t)args.len, env.data ? env.data : "",
                                (uint32_t)env.len, 0, 1, 2, "", 0, &pid);
  free(args.data);
  free(env.data);
  if (rc == 0) rc = host_proc_waitpid(pid, 0, &code, &waited);
  *status = (int)code;
  return (int)rc;
}
#else
int run_command(char* const* argv, char* const* envp, int* status) {
  (void)argv, (void)envp;
  *status = 0;
  return ENOSYS;
}
#endif

static bool digest_file(const char* name, const struct digest_algo* a, void* ctx, char* hex) {
  int fd = open_input(name);
  if (fd < 0) return false;
  static unsigned char buf[65536];
  a->init(ctx);
  ssize_t n;
  while ((n = read_some(fd, buf, sizeof buf)) > 0) a->update(ctx, buf, (size_t)n);
  int err = errno;
  if (fd > 0) close(fd);
  if (n < 0) {
    errno = err;
    return false;
  }
  unsigned char digest[64];
  a->final(ctx, digest);
  for (size_t i = 0; i < a->size; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return true;
}

/* GNU escapes a name holding '\\' or a newline, and marks the line with a leading '\\'. */
static void print_digest_name(const char* name) {
  for (; *name; name++) {
    if (*name == '\\')
      out_str("\\\\");
    else if (*name == '\n')
      out_str("\\n");
    else
      out_char(*name);
  }
}

struct check_totals {
  unsigned long bad_lines, unreadable, mismatched;
  bool any_ok, any_line;
};

static char* unescape_name(char* s) {
  char* w = s;
  for (char* r = s; *r; r++) {
    if (*r == '\\' && r[1] == 'n')
      *w++ = '\n', r++;
    else if (*r == '\\' && r[1] == '\\')
      *w++ = '\\', r++;
    else
      *w++ = *r;
  }
  *w = 0;
  return s;
}

/* Parses "HASH  NAME", "HASH *NAME" or "TAG (NAME) = HASH"; NULL if it is neither. */
static char* parse_check_line(char* line, const struct digest_algo* a, char** hash) {
  bool escaped = line[0] == '\\';
  if (escaped) line++;
  size_t tag_len = strlen(a->tag);
  if (strncmp(line, a->tag, tag_len) == 0 && strncmp(line + tag_len, " (", 2) == 0) {
    char* name = line + tag_len + 2;
    char* end = strstr(name, ") = ");
    if (!end) return NULL;
    while (strstr(end + 1, ") = ")) end = strstr(end + 1, ") = ");
    *end = 0;
    *hash = end + 4;
    if (strlen(*hash) != 2 * a->size) return NULL;
    return escaped ? unescape_name(name) : name;
  }
  size_t hex = strspn(line, "0123456789abcdefABCDEF");
  if (hex != 2 * a->size || line[hex] != ' ' || (line[hex + 1] != ' ' && line[hex + 1] != '*'))
    return NULL;
  line[hex] = 0;
  *hash = line;
  char* name = line + hex + 2;
  if (!*name) return NULL;
  return escaped ? unescape_name(name) : name;
}

static bool check_file(const char* list, const struct digest_algo* a, void* ctx, bool quiet,
                       bool status_only, bool warn_lines, bool strict) {
  int fd = open_input(list);
  if (fd < 0) {
    warn_errno("%s", quotef(list));
    return false;
  }
  struct check_totals t = {0};
  struct line_reader r;
  line_reader_init(&r, fd, '\n');
  size_t len, lineno = 0;
  char* raw;
  while ((raw = line_next(&r, &len))) {
    lineno++;
    char* line = xrealloc(NULL, len + 1);
    memcpy(line, raw, len);
    line[len] = 0;
    if (len && line[len - 1] == '\n') line[--len] = 0;
    if (len && line[len - 1] == '\r') line[--len] = 0;
    char *hash, *name = line[0] == '#' ? NULL : parse_check_line(line, a, &hash);
    if (!name) {
      if (line[0] != '#') t.bad_lines++;
      if (warn_lines && line[0] != '#')
        warn("%s: %zu: improperly formatted %s checksum line", quotef(list), lineno, a->tag);
      free(line);
      continue;
    }
    t.any_line = true;
    char hex[129];
    bool read_ok = digest_file(name, a, ctx, hex);
    if (!read_ok) {
      warn_errno("%s", quotef(name));
      t.unreadable++;
      if (!status_only) {
        print_digest_name(name);
        out_str(": FAILED open or read\n");
      }
    } else {
      bool match = strcasecmp(hex, hash) == 0;
      if (!match)
        t.mismatched++;
      else
        t.any_ok = true;
      if (!status_only && (!match || !quiet)) {
        print_digest_name(name);
        out_str(match ? ": OK\n" : ": FAILED\n");
      }
    }
    free(line);
  }
  line_reader_free(&r);
  if (fd > 0) close(fd);
  (void)out_flush();
  if (!t.any_line) {
    warn("%s: no properly formatted checksum lines found", quotef(list));
    return false;
  }
  if (!status_only) {
    if (t.bad_lines)
      warn("WARNING: %lu line%s improperly formatted", t.bad_lines,
           t.bad_lines == 1 ? " is" : "s are");
    if (t.unreadable)
      warn("WARNING: %lu listed file%s could not be read", t.unreadable,
           t.unreadable == 1 ? "" : "s");
    if (t.mismatched)
      warn("WARNING: %lu computed checksum%s did NOT match", t.mismatched,
           t.mismatched == 1 ? "" : "s");
  }
  return !t.mismatched && !t.unreadable && !(strict && t.bad_lines);
}

int digest_main(int argc, char** argv, const struct digest_algo* a, void* ctx) {
  enum { QUIET = 256, STATUS, STRICT, TAG };
  static const struct option longopts[] = {
      {"binary", no_argument, 0, 'b'},    {"check", no_argument, 0, 'c'},
      {"text", no_argument, 0, 't'},      {"warn", no_argument, 0, 'w'},
      {"zero", no_argument, 0, 'z'},      {"quiet", no_argument, 0, QUIET},
      {"status", no_argument, 0, STATUS}, {"strict", no_argument, 0, STRICT},
      {"tag", no_argument, 0, TAG},       {0, 0, 0, 0}};
  bool binary = false, check = false, quiet = false, status_only = false, warn_lines = false,
       strict = false, tag = false, zero = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "bctwz", longopts, 1)) != -1) {
    switch (c) {
      case 'b':
        binary = true;
        break;
      case 't':
        binary = false;
        break;
      case 'c':
        check = true;
        break;
      case 'w':
        warn_lines = true;
        break;
      case 'z':
        zero = true;
        break;
      case QUIET:
        quiet = true;
        break;
      case STATUS:
        status_only = true;
        break;
      case STRICT:
        strict = true;
        break;
      case TAG:
        tag = true;
        break;
    }
  }
  if (check && tag) usage_error(1, "the --tag option is meaningless when verifying checksums");
  if (!check && (quiet || status_only || strict || warn_lines)) {
    const char* which = quiet         ? "--quiet"
                        : status_only ? "--status"
                        : strict      ? "--strict"
                                      : "--warn";
    usage_error(1, "the %s option is meaningful only when verifying checksums", which);
  }
  char** files;
  int nfiles = file_operands(argc, argv, optind, &files);
  bool ok = true;
  for (int i = 0; i < nfiles; i++) {
    if (check) {
      ok &= check_file(files[i], a, ctx, quiet, status_only, warn_lines, strict);
      continue;
    }
    char hex[129];
    if (!digest_file(files[i], a, ctx, hex)) {
      warn_errno("%s", quotef(files[i]));
      ok = false;
      continue;
    }
    bool escape = !zero && strpbrk(files[i], "\\\n");
    if (escape) out_char('\\');
    if (tag) {
      out_str(a->tag);
      out_str(" (");
    } else {
      out_str(hex);
      out_str(binary ? " *" : "  ");
    }
    if (escape)
      print_digest_name(files[i]);
    else
      out_str(files[i]);
    if (tag) {
      out_str(") = ");
      out_str(hex);
    }
    out_char(zero ? '\0' : '\n');
  }
  return out_flush() && ok ? 0 : 1;
}

/* Whether P (just after '{' or "\{") starts an interval: digits, optional ',' and digits. */
static bool starts_interval(const char* p, bool extended) {
  bool digits = false;
  while (*p >= '0' && *p <= '9') p++, digits = true;
  if (*p == ',') {
    p++;
    while (*p >= '0' && *p <= '9') p++, digits = true;
  }
  return digits && (extended ? *p == '}' : (p[0] == '\\' && p[1] == '}'));
}

static const char* gnu_regex_error(int code, const char* pattern) {
  size_t n = strlen(pattern);
  switch (code) {
    case REG_EBRACK:
      return n && pattern[n - 1] == '[' ? "Invalid regular expression"
                                        : "Unmatched [, [^, [:, [., or [=";
    case REG_EPAREN:
      return strstr(pattern, "\\)") && !strstr(pattern, "\\(") ? "Unmatched ) or \\)"
                                                               : "Unmatched ( or \\(";
    case REG_EBRACE:
      return "Unmatched \\{";
    case REG_BADBR:
      return strchr(pattern, '}') ? "Invalid content of \\{\\}" : "Unmatched \\{";
    case REG_ERANGE:
      return "Invalid range end";
    case REG_ECTYPE:
      return "Invalid character class name";
    case REG_EESCAPE:
      return "Trailing backslash";
    case REG_BADRPT:
      return "Invalid preceding regular expression";
    case REG_ESUBREG:
      return "Invalid back reference";
    case REG_ESPACE:
      return "Memory exhausted";
    default:
      return "Invalid regular expression";
  }
}

int gnu_regcomp(regex_t* re, const char* pattern, int cflags, bool warn_start, const char** error) {
  bool extended = (cflags & REG_EXTENDED) != 0;
  struct bytes out = {0};
  int depth = 0;
  bool at_start = true; /* at the start of an expression (where a repetition is literal) */
  for (const char* p = pattern; *p;) {
    char c = *p;
    if (c == '[') { /* a bracket expression is copied as it is */
      const char* q = p + 1;
      if (*q == '^') q++;
      if (*q == ']') q++;
      while (*q && *q != ']') {
        if (*q == '[' && (q[1] == ':' || q[1] == '.' || q[1] == '=')) {
          const char* close = strstr(q + 2, (char[]){q[1], ']', 0});
          q = close ? close + 2 : q + strlen(q);
        } else {
          q++;
        }
      }
      if (*q) q++;
      bytes_add(&out, p, (size_t)(q - p));
      p = q;
      at_start = false;
      continue;
    }
    if (c == '\\' && p[1]) {
      char d = p[1];
      if (!extended && d == '{' && p[2] == ',') {
        bytes_add(&out, "\\{0", 3);
        p += 2;
        continue;
      }
      if (!extended && d == '(')
        at_start = true;
      else if (!extended && d == '|')
        at_start = true;
      else
        at_start = false;
      bytes_add(&out, p, 2);
      p += 2;
      continue;
    }
    if (extended) {
      if (at_start &&
          (c == '*' || c == '+' || c == '?' || (c == '{' && starts_interval(p + 1, true)))) {
        if (warn_start)
          warn("warning: %s at start of expression", c == '{' ? "{...}" : (char[]){c, 0});
        /* a repetition at the start repeats nothing: GNU drops it */
        p = c == '{' ? strchr(p, '}') + 1 : p + 1;
        at_start = false;
        continue;
      }
      if (c == '{') {
        if (!starts_interval(p + 1, true)) {
          bytes_add(&out, "\\{", 2);
        } else if (p[1] == ',') {
          bytes_add(&out, "{0", 2);
        } else {
          bytes_addc(&out, '{');
        }
        p++;
        at_start = false;
        continue;
      }
      if (c == '(') depth++;
      if (c == ')') {
        if (depth == 0) {
          bytes_add(&out, "\\)", 2);
          p++;
          at_start = false;
          continue;
        }
        depth--;
      }
      at_start = c == '(' || c == '|';
    } else {
      at_start = c == '^' && p == pattern;
    }
    bytes_addc(&out, c);
    p++;
  }
  int code = regcomp(re, out.data ? out.data : "", cflags);
  free(out.data);
  if (code && error) *error = gnu_regex_error(code, pattern);
  return code;
}

int read_all(int fd, struct bytes* out) {
  static char buf[65536];
  ssize_t n;
  while ((n = read_some(fd, buf, sizeof buf)) > 0) bytes_add(out, buf, (size_t)n);
  return n < 0 ? -1 : 0;
}

void md_update(struct md_blocks* b, const unsigned char* p, size_t len, md_compress f, void* state) {
  b->bytes += len;
  if (b->used) {
    size_t take = 64 - b->used < len ? 64 - b->used : len;
    memcpy(b->block + b->used, p, take);
    b->used += take, p += take, len -= take;
    if (b->used < 64) return;
    f(state, b->block);
    b->used = 0;
  }
  for (; len >= 64; p += 64, len -= 64) f(state, p);
  memcpy(b->block, p, len);
  b->used = len;
}

void md_finish(struct md_blocks* b, bool big_endian, md_compress f, void* state) {
  uint64_t bits = b->bytes * 8;
  unsigned char pad[72] = {0x80};
  size_t padlen = (b->used < 56 ? 56 : 120) - b->used;
  for (int i = 0; i < 8; i++)
    pad[padlen + i] = (unsigned char)(bits >> (big_endian ? 56 - 8 * i : 8 * i));
  md_update(b, pad, padlen + 8, f, state);
}
