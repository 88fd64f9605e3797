/* The shared helper of the command package (see common.h). */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *prog = "command";

/* Relative paths resolve against the shell's PWD: once, before main. */
__attribute__((constructor(200))) static void enter_pwd(void) {
  const char *pwd = getenv("PWD");
  if (pwd && pwd[0] == '/') (void)chdir(pwd);
}

/* argv[0] as given, as GNU prints it; a module path (".../cat.wasm", as `wask run` passes it)
 * reads as the command's name. */
void cmd_init(int argc, char **argv) {
  if (argc <= 0 || !argv[0] || !argv[0][0]) return;
  prog = argv[0];
  size_t len = strlen(prog);
  if (len > 5 && strcmp(prog + len - 5, ".wasm") == 0) {
    static char name[64];
    const char *base = strrchr(prog, '/');
    base = base ? base + 1 : prog;
    size_t n = strlen(base) - 5;
    if (n >= sizeof name) n = sizeof name - 1;
    memcpy(name, base, n);
    name[n] = 0;
    prog = name;
  }
}

/* glibc's wording where musl's differs (the rest read the same). */
const char *error_text(int err) {
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

static void vmessage(int err, const char *fmt, va_list ap) {
  fflush(stdout);
  fprintf(stderr, "%s: ", prog);
  vfprintf(stderr, fmt, ap);
  if (err) fprintf(stderr, ": %s", error_text(err));
  fputc('\n', stderr);
}

void warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmessage(0, fmt, ap);
  va_end(ap);
}

void warn_errno(const char *fmt, ...) {
  int err = errno;
  va_list ap;
  va_start(ap, fmt);
  vmessage(err, fmt, ap);
  va_end(ap);
}

void die(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmessage(0, fmt, ap);
  va_end(ap);
  exit(status);
}

void die_errno(int status, const char *fmt, ...) {
  int err = errno;
  va_list ap;
  va_start(ap, fmt);
  vmessage(err, fmt, ap);
  va_end(ap);
  exit(status);
}

ssize_t write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
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

int cmd_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
               int usage_status) {
  char spec[128];
  snprintf(spec, sizeof spec, ":%s", shortopts); /* ':' first: a missing argument answers ':' */
  opterr = 0;
  int before = optind;
  int c = getopt_long(argc, argv, spec, longopts, NULL);
  if (c == '?' || c == ':') {
    const char *arg = argv[optind - 1 > before ? optind - 1 : before];
    if (optopt == 0 || (arg[0] == '-' && arg[1] == '-'))
      usage_error(usage_status, c == ':' ? "option '%s' requires an argument"
                                         : "unrecognized option '%s'", arg);
    usage_error(usage_status, c == ':' ? "option requires an argument -- '%c'"
                                       : "invalid option -- '%c'", optopt);
  }
  return c;
}

void usage_error(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmessage(0, fmt, ap);
  va_end(ap);
  fprintf(stderr, "Try '%s --help' for more information.\n", prog);
  exit(status);
}

/* Shell quoting in gnulib's way (see quotef): a byte the shell takes as is. */
static bool shell_plain(const char *s, size_t i, size_t n) {
  unsigned char c = (unsigned char)s[i];
  if (c == '{' || c == '}') return n != 1;
  if (c == '#' || c == '~') return i != 0;
  if (c < 0x20 || c >= 0x7f) return false;
  return !strchr(" !\"$&()*;<=>[^`|'\\?", c);
}

/* A byte gnulib may keep inside "..." instead (it prefers "it's" to 'it'\''s'). */
static bool double_quotable(const char *s, size_t i, size_t n) {
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || c == '\'') return true;
  if (c == '#' || c == '~') return i == 0;
  if (c == '{' || c == '}') return n == 1;
  return shell_plain(s, i, n);
}

static bool unprintable(unsigned char c) { return c < 0x20 || c >= 0x7f; }

struct text {
  char *p;
  size_t len, cap;
};

static void put(struct text *t, char c) {
  if (t->len + 2 > t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->p = realloc(t->p, t->cap);
    if (!t->p) die(1, "memory exhausted");
  }
  t->p[t->len++] = c;
  t->p[t->len] = 0;
}

static void put_str(struct text *t, const char *s) {
  while (*s) put(t, *s++);
}

static const char *quote_name(const char *s, bool always) {
  static struct text slots[8];
  static unsigned next;
  struct text *t = &slots[next++ % 8];
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
      const char *at = c ? strchr(letters, c) : NULL;
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

const char *quotef(const char *name) { return quote_name(name, false); }
const char *quoteaf(const char *name) { return quote_name(name, true); }

#ifdef WASK_AGENTOS
__attribute__((import_module("host_fs"), import_name("path_mode"))) uint32_t
host_path_mode(const char *path, size_t len, uint32_t follow);
__attribute__((import_module("host_fs"), import_name("chmod"))) uint32_t
host_chmod(const char *path, size_t len, uint32_t mode);
__attribute__((import_module("host_user"), import_name("getuid"))) uint16_t
host_getuid(uint32_t *uid);
__attribute__((import_module("host_user"), import_name("getpwuid"))) uint16_t
host_getpwuid(uint32_t uid, char *buf, size_t len, size_t *ret_len);
#endif

mode_t file_mode(const char *path, bool follow) {
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

int set_file_mode(const char *path, mode_t mode) {
#ifdef WASK_AGENTOS
  if (host_chmod(path, strlen(path), mode & 07777) == 0) return 0;
  if (file_mode(path, true) == 0) errno = ENOENT;
  else errno = EPERM;
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
  const char *rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) out[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
  if (mode & S_ISUID) out[3] = (mode & S_IXUSR) ? 's' : 'S';
  if (mode & S_ISGID) out[6] = (mode & S_IXGRP) ? 's' : 'S';
  if (mode & S_ISVTX) out[9] = (mode & S_IXOTH) ? 't' : 'T';
  out[10] = 0;
}

const char *user_name(void) {
  static char name[64];
  if (name[0]) return name;
#ifdef WASK_AGENTOS
  uint32_t uid = 0;
  char line[256];
  size_t len = 0;
  if (host_getuid(&uid) == 0 && host_getpwuid(uid, line, sizeof line - 1, &len) == 0) {
    line[len] = 0;
    char *colon = strchr(line, ':');
    if (colon) *colon = 0;
    snprintf(name, sizeof name, "%s", line);
    return name;
  }
#endif
  const char *user = getenv("USER");
  snprintf(name, sizeof name, "%s", user && *user ? user : "user");
  return name;
}

uint64_t disk_blocks(const struct stat *st) {
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

char *path_join(const char *dir, const char *name) {
  size_t d = strlen(dir);
  while (d > 1 && dir[d - 1] == '/') d--;
  bool slash = !(d == 1 && dir[0] == '/');
  char *out = malloc(d + strlen(name) + 2);
  if (!out) die(1, "memory exhausted");
  sprintf(out, "%.*s%s%s", (int)d, dir, slash ? "/" : "", name);
  return out;
}

ssize_t read_some(int fd, void *buf, size_t len) {
  for (;;) {
    ssize_t n = read(fd, buf, len);
    if (n >= 0 || errno != EINTR) {
      struct stat st;
      if (n < 0 && errno == EBADF && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) errno = EISDIR;
      return n;
    }
  }
}

int copy_fd(int in, int out, bool *err_is_read) {
  static char buf[64 * 1024];
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

bool is_directory(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *last_component(const char *path) {
  size_t len = strlen(path);
  while (len > 1 && path[len - 1] == '/') len--;
  size_t start = len;
  while (start > 0 && path[start - 1] != '/') start--;
  char *out = strndup(path + start, len - start);
  if (!out) die(1, "memory exhausted");
  return out;
}

/* Appends "/NAME" (NAME of len bytes) to the resolved prefix in t. */
static void append_component(struct text *t, const char *name, size_t len) {
  if (!(t->len == 1 && t->p[0] == '/')) put(t, '/');
  for (size_t i = 0; i < len; i++) put(t, name[i]);
}

char *canonicalize(const char *path, enum canon_mode mode, bool resolve_links) {
  struct text out = {0}, rest = {0};
  if (path[0] != '/') {
    char *cwd = getcwd(NULL, 0);
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
    const char *name = rest.p + at;
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
