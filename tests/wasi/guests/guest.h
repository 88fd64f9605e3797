// Helpers shared by the test guests: errno names, and one-line reports whose text the tests check.
#pragma once

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

// wasi-libc's errno values are WASI's, so one table names both.
static inline const char* ename(int e) {
  switch (e) {
    case 0:
      return "OK";
    case EACCES:
      return "EACCES";
    case EAGAIN:
      return "EAGAIN";
    case EBADF:
      return "EBADF";
    case EBUSY:
      return "EBUSY";
    case EEXIST:
      return "EEXIST";
    case EFAULT:
      return "EFAULT";
    case EFBIG:
      return "EFBIG";
    case EILSEQ:
      return "EILSEQ";
    case EINVAL:
      return "EINVAL";
    case EIO:
      return "EIO";
    case EISDIR:
      return "EISDIR";
    case ELOOP:
      return "ELOOP";
    case EMFILE:
      return "EMFILE";
    case ENAMETOOLONG:
      return "ENAMETOOLONG";
    case ENOENT:
      return "ENOENT";
    case ENOBUFS:
      return "ENOBUFS";
    case ENOSPC:
      return "ENOSPC";
    case ENOSYS:
      return "ENOSYS";
    case ENOTDIR:
      return "ENOTDIR";
    case ENOTEMPTY:
      return "ENOTEMPTY";
    case ENOTSOCK:
      return "ENOTSOCK";
    case ENOTSUP:
      return "ENOTSUP";
    case ENOTCAPABLE:
      return "ENOTCAPABLE";
    case EOVERFLOW:
      return "EOVERFLOW";
    case EPERM:
      return "EPERM";
    case EROFS:
      return "EROFS";
    case ESPIPE:
      return "ESPIPE";
    case EXDEV:
      return "EXDEV";
    default:
      return "E?";
  }
}

// A libc call: prints "text -> OK" or "text -> ENAME".
#define TRY(expr)                                              \
  do {                                                         \
    errno = 0;                                                 \
    long r_ = (long)(expr);                                    \
    printf("%s -> %s\n", #expr, r_ < 0 ? ename(errno) : "OK"); \
  } while (0)

// A raw __wasi_* call: prints "text -> ENAME" (OK for success).
#define RAW(expr)                           \
  do {                                      \
    int e_ = (int)(expr);                   \
    printf("%s -> %s\n", #expr, ename(e_)); \
  } while (0)

// Raw imports that take pointer and length separately (the api.h wrappers call strlen).
#define WASI_IMPORT(name) \
  __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
WASI_IMPORT(path_open)
int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags,
                      int64_t base, int64_t inheriting, int32_t fdflags, int32_t opened);
WASI_IMPORT(path_create_directory)
int32_t raw_path_create_directory(int32_t fd, int32_t path, int32_t path_len);
WASI_IMPORT(fd_write)
int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nwritten);
WASI_IMPORT(fd_read)
int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nread);
WASI_IMPORT(fd_seek)
int32_t raw_fd_seek(int32_t fd, int64_t offset, int32_t whence, int32_t newoffset);
WASI_IMPORT(fd_readdir)
int32_t raw_fd_readdir(int32_t fd, int32_t buf, int32_t len, int64_t cookie, int32_t used);
WASI_IMPORT(random_get)
int32_t raw_random_get(int32_t buf, int32_t len);
WASI_IMPORT(args_get)
int32_t raw_args_get(int32_t argv, int32_t buf);
WASI_IMPORT(poll_oneoff)
int32_t raw_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t nevents);
WASI_IMPORT(proc_raise)
int32_t raw_proc_raise(int32_t sig);
WASI_IMPORT(clock_time_get)
int32_t raw_clock_time_get(int32_t id, int64_t precision, int32_t out);
WASI_IMPORT(fd_fdstat_set_flags)
int32_t raw_fd_fdstat_set_flags(int32_t fd, int32_t flags);

// Where a guest's own files go: argv[1] (a VM directory), else /tmp.
static inline const char* workdir(int argc, char** argv) { return argc > 1 ? argv[1] : "/tmp"; }

// wasi-libc starts in "/" and never asks the runtime for a cwd; `wask run` passes it in PWD.
__attribute__((constructor)) static void enter_pwd(void) {
  const char* pwd = getenv("PWD");
  if (pwd && *pwd) chdir(pwd);
}
