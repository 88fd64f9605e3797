/* The one shared helper of the command package: messages in GNU's form, and start-up.
 * Every command links common.c. Its constructor makes the working directory the one the shell
 * gives in PWD, so relative paths resolve there (the convention of WASI userlands). */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* argv[0] as given, the prefix of every message (GNU prints it the same way). */
extern const char *prog;

/* Call first in main: sets prog. */
void cmd_init(int argc, char **argv);

/* "prog: MESSAGE\n" on stderr. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: MESSAGE: strerror(errno)\n" on stderr, in glibc's wording. */
void warn_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void die_errno(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* glibc's message for an errno value (musl's wording differs for some). */
const char *error_text(int err);

/* Writes all of buf, retrying short writes; -1 with errno on failure. */
ssize_t write_all(int fd, const void *buf, size_t len);

/* ---- text helpers (owned by the text commands; file commands add above this line) ---- */
