// What the guest learns about its stdio: wasi-libc's isatty() and the WASI filetype of fds 0-2.
#include "guest.h"

int main(void) {
  for (int fd = 0; fd <= 2; ++fd) {
    __wasi_fdstat_t st;
    __wasi_errno_t err = __wasi_fd_fdstat_get(fd, &st);
    printf("fd %d: isatty %d, filetype %d, error %s\n", fd, isatty(fd), err ? -1 : st.fs_filetype,
           ename(err));
  }
  return 0;
}
