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
