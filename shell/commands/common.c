/* The shared helper of the command package (see common.h). */
#include "common.h"

#include <errno.h>
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

void cmd_init(int argc, char **argv) {
  if (argc > 0 && argv[0] && argv[0][0]) prog = argv[0];
}

const char *error_text(int err) { return strerror(err); }

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

/* ---- text helpers (owned by the text commands; file commands add above this line) ---- */
#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>

void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) die(2, "memory exhausted");
  return q;
}

char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xrealloc(NULL, n), s, n);
}

void usage_error(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (fmt) vmessage(0, fmt, ap);
  va_end(ap);
  fprintf(stderr, "Try '%s --help' for more information.\n", prog);
  exit(status);
}

int text_getopt(int argc, char **argv, const char *opts, const struct option *longopts,
                int status) {
  opterr = 0;
  int at = optind;
  int c = getopt_long(argc, argv, opts, longopts, NULL);
  if (c != '?' && c != ':') return c;
  const char *word = argv[optind - 1 >= at ? optind - 1 : at];
  if (word && word[0] == '-' && word[1] == '-') {
    const char *eq = strchr(word, '=');
    if (optopt && !eq)
      usage_error(status, "option '%s' requires an argument", word);
    if (optopt && eq)
      usage_error(status, "option '%.*s' doesn't allow an argument", (int)(eq - word), word);
    usage_error(status, "unrecognized option '%s'", word);
  }
  if (optopt && strchr(opts, optopt))
    usage_error(status, "option requires an argument -- '%c'", optopt);
  usage_error(status, "invalid option -- '%c'", optopt);
}

static char quote_buf[2][4096];

static const char *quote_into(char *out, const char *s) {
  size_t n = 0, cap = sizeof quote_buf[0] - 6;
  out[n++] = '\'';
  for (; *s && n < cap; s++) {
    if (*s == '\'') {
      memcpy(out + n, "'\\''", 4);
      n += 4;
    } else {
      out[n++] = *s;
    }
  }
  out[n++] = '\'';
  out[n] = 0;
  return out;
}

const char *quote(const char *name) { return quote_into(quote_buf[0], name); }

const char *quotef(const char *name) {
  for (const char *p = name; *p; p++)
    if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+,:@%^=", *p))
      return quote_into(quote_buf[1], name);
  return *name ? name : quote_into(quote_buf[1], name);
}

int open_input(const char *name) {
  if (strcmp(name, "-") == 0) return 0;
  return open(name, O_RDONLY);
}

const char *input_name(const char *name) {
  return strcmp(name, "-") == 0 ? "standard input" : name;
}

void line_reader_init(struct line_reader *r, int fd, char delim) {
  memset(r, 0, sizeof *r);
  r->fd = fd;
  r->delim = delim;
}

char *line_next(struct line_reader *r, size_t *len) {
  size_t scanned = r->start;
  for (;;) {
    char *nl = memchr(r->buf + scanned, r->delim, r->end - scanned);
    if (nl) {
      char *line = r->buf + r->start;
      *len = (size_t)(nl + 1 - line);
      r->start += *len;
      return line;
    }
    if (r->eof || r->err) {
      if (r->start == r->end) return NULL;
      char *line = r->buf + r->start;
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
    ssize_t n = read_input(r->fd, r->buf + r->end, r->cap - r->end);
    if (n < 0) {
      r->err = errno;
    } else if (n == 0) {
      r->eof = true;
    } else {
      r->end += (size_t)n;
    }
  }
}

void line_reader_free(struct line_reader *r) {
  free(r->buf);
  r->buf = NULL;
}

static char out_buf[65536];
static size_t out_len;
static int out_err;

static void out_drain(void) {
  if (out_len && !out_err && write_all(1, out_buf, out_len) < 0) out_err = errno;
  out_len = 0;
}

void out_write(const void *buf, size_t len) {
  if (out_len + len > sizeof out_buf) out_drain();
  if (len >= sizeof out_buf) {
    if (!out_err && write_all(1, buf, len) < 0) out_err = errno;
    return;
  }
  memcpy(out_buf + out_len, buf, len);
  out_len += len;
}

void out_char(char c) {
  if (out_len == sizeof out_buf) out_drain();
  out_buf[out_len++] = c;
}

void out_str(const char *s) { out_write(s, strlen(s)); }

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

void bytes_add(struct bytes *b, const void *p, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->data = xrealloc(b->data, b->cap);
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = 0;
}

void bytes_addc(struct bytes *b, char c) { bytes_add(b, &c, 1); }

int escape_char(char c) {
  switch (c) {
    case 'a': return '\a';
    case 'b': return '\b';
    case 'e': return 033;
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    case '\\': return '\\';
    case '"': return '"';
    default: return -1;
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_count(const char *s, uintmax_t *out) {
  if (*s < '0' || *s > '9') return false;
  uintmax_t v = 0;
  bool overflow = false;
  for (; *s >= '0' && *s <= '9'; s++) {
    if (v > (UINTMAX_MAX - 9) / 10) overflow = true;
    v = v * 10 + (uintmax_t)(*s - '0');
  }
  uintmax_t unit = 1;
  if (*s) {
    const char *powers = "KMGTPEZY";
    const char *at = *s == 'k' ? powers : *s == 'm' ? powers + 1 : strchr(powers, *s);
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

ssize_t read_input(int fd, void *buf, size_t len) {
  ssize_t n;
  do n = read(fd, buf, len);
  while (n < 0 && errno == EINTR);
  struct stat st;
  if (n < 0 && errno == EBADF && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) errno = EISDIR;
  return n;
}
