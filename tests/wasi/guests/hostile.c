// hostile: a guest that lies to the host. Bad pointers, huge lengths, bad fds, invalid UTF-8 and
// NUL in paths, fd exhaustion. Every call must answer an errno; the host must never crash.
//   hostile [DIR] [--no-huge-poll]   the option skips the 2^28-subscription poll_oneoff (for a
//                                    runtime that would allocate for each, such as node's)
#include <fcntl.h>
#include <stdint.h>

#include "guest.h"

#define FAR 0xfffffff0  // the top of the 4 GiB address space: never inside this guest's memory

int main(int argc, char** argv) {
  const char* dir = workdir(argc, argv);
  uint32_t out = 0;
  int32_t outp = (int32_t)(uintptr_t)&out;

  // Bad pointers.
  __wasi_ciovec_t iov = {(const uint8_t*)FAR, 100};
  RAW(raw_fd_write(1, (int32_t)(uintptr_t)&iov, 1, outp));  // EFAULT: buffer out of memory
  RAW(raw_fd_write(1, FAR, 1, outp));                       // EFAULT: iovec table out of memory
  __wasi_ciovec_t ok = {(const uint8_t*)"", 0};
  RAW(raw_fd_write(1, (int32_t)(uintptr_t)&ok, 1, FAR));  // EFAULT: result pointer
  __wasi_iovec_t wrap = {(uint8_t*)0xffffff00, 0x200};
  RAW(raw_fd_read(0, (int32_t)(uintptr_t)&wrap, 1, outp));  // EFAULT: wraps past 4 GiB
  RAW(raw_random_get(FAR, 64));                             // EFAULT
  RAW(raw_args_get(FAR, FAR));                              // EFAULT
  RAW(raw_fd_readdir(3, FAR, 64, 0, outp));                 // EFAULT
  RAW(raw_poll_oneoff(FAR, FAR, 1, outp));                  // EFAULT
  RAW(raw_path_open(3, 0, FAR, 5, 0, 0, 0, 0, outp));       // EFAULT: path
  RAW(raw_fd_seek(3, 0, 0, FAR));                           // ENOTCAPABLE before the pointer

  // Huge lengths.
  RAW(raw_fd_write(1, (int32_t)(uintptr_t)&ok, 0x7fffffff, outp));  // EINVAL: too many iovecs
  __wasi_ciovec_t huge = {(const uint8_t*)"x", 0x7fffffff};
  RAW(raw_fd_write(1, (int32_t)(uintptr_t)&huge, 1, outp));  // EFAULT: longer than memory
  RAW(raw_path_open(3, 0, (int32_t)(uintptr_t) "tmp", 0x7fffffff, 0, 0, 0, 0, outp));  // EFAULT
  RAW(raw_random_get((int32_t)(uintptr_t)&out, -1));                                   // EFAULT
  if (argc > 2 && !strcmp(argv[2], "--no-huge-poll")) {
    printf("poll_oneoff with 2^28 subscriptions skipped\n");
  } else {
    RAW(raw_poll_oneoff((int32_t)(uintptr_t)&out, (int32_t)(uintptr_t)&out, 0x10000000, outp));
  }

  // Bad fds.
  RAW(raw_fd_write(99, (int32_t)(uintptr_t)&ok, 1, outp));  // EBADF
  RAW(raw_fd_write(-1, (int32_t)(uintptr_t)&ok, 1, outp));  // EBADF
  RAW(__wasi_fd_close(1234567));                            // EBADF
  RAW(__wasi_fd_renumber(99, 1));                           // EBADF
  RAW(__wasi_path_create_directory(99, "x"));               // EBADF
  RAW(__wasi_path_create_directory(1, "x"));                // ENOTDIR: stdout is no directory

  // Bad flags.
  RAW(raw_path_open(3, 0x80, (int32_t)(uintptr_t) "tmp", 3, 0, 0, 0, 0, outp));     // EINVAL
  RAW(raw_path_open(3, 0, (int32_t)(uintptr_t) "tmp", 3, 0x10000, 0, 0, 0, outp));  // EINVAL
  RAW(raw_path_open(3, 0, (int32_t)(uintptr_t) "tmp", 3, 0, -1, 0, 0, outp));  // EINVAL: rights
  RAW(raw_fd_seek(3, 0, 0x100, outp));                                         // EINVAL: whence

  // Paths: invalid UTF-8, embedded NUL, overlong components.
  char path[300];
  int n = snprintf(path, sizeof path, "%s/bad\xff\xfe", dir);
  RAW(raw_path_create_directory(3, (int32_t)(uintptr_t)path + 1, n - 1));  // EILSEQ
  n = snprintf(path, sizeof path, "%s/ok\xc0\xaf", dir);                   // overlong '/'
  RAW(raw_path_create_directory(3, (int32_t)(uintptr_t)path + 1, n - 1));  // EILSEQ
  n = snprintf(path, sizeof path, "%s/nul", dir);
  path[n - 2] = 0;                                                         // "nu\0" + "l"
  RAW(raw_path_create_directory(3, (int32_t)(uintptr_t)path + 1, n - 1));  // EINVAL
  memset(path, 'a', 299);
  path[299] = 0;
  RAW(raw_path_create_directory(3, (int32_t)(uintptr_t)path, 299));  // ENAMETOOLONG
  RAW(raw_path_create_directory(3, (int32_t)(uintptr_t) "", 0));     // ENOENT

  // Exhaust the fd table, then recover.
  int fds[2000];
  int opened = 0, err = 0;
  for (; opened < 2000; ++opened) {
    fds[opened] = open(dir, O_RDONLY | O_DIRECTORY);
    if (fds[opened] < 0) {
      err = errno;
      break;
    }
  }
  printf("opened %s before %s\n", opened > 100 ? "many" : "few", ename(err));
  for (int i = 0; i < opened; ++i) close(fds[i]);
  int again = open(dir, O_RDONLY | O_DIRECTORY);
  printf("open after closing: %s\n", again >= 0 ? "OK" : ename(errno));
  printf("still alive\n");
  return 0;
}
