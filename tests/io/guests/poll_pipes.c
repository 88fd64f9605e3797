// poll_pipes FD...: waits in poll_oneoff on every FD at once, prints each readiness event and
// the bytes it then reads, and ends when every FD has hung up with nothing left.
#include "guest.h"

int main(int argc, char** argv) {
  int fds[16], open_fds = 0;
  for (int i = 1; i < argc && open_fds < 16; ++i) fds[open_fds++] = atoi(argv[i]);
  while (open_fds > 0) {
    __wasi_subscription_t subs[16] = {0};
    for (int i = 0; i < open_fds; ++i) {
      subs[i].userdata = (uint64_t)fds[i];
      subs[i].u.tag = __WASI_EVENTTYPE_FD_READ;
      subs[i].u.u.fd_read.file_descriptor = (__wasi_fd_t)fds[i];
    }
    __wasi_event_t events[16];
    __wasi_size_t n = 0;
    __wasi_errno_t err = __wasi_poll_oneoff(subs, events, (__wasi_size_t)open_fds, &n);
    if (err) {
      printf("poll: %s\n", ename(err));
      return 1;
    }
    for (__wasi_size_t e = 0; e < n; ++e) {
      int fd = (int)events[e].userdata;
      int hangup = (events[e].fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP) != 0;
      char buf[256];
      ssize_t got = 0;
      if (events[e].fd_readwrite.nbytes > 0) got = read(fd, buf, sizeof buf - 1);
      if (got < 0) got = 0;
      buf[got] = 0;
      printf("fd %d: nbytes %llu%s: \"%s\"\n", fd,
             (unsigned long long)events[e].fd_readwrite.nbytes, hangup ? " hangup" : "", buf);
      if (hangup && events[e].fd_readwrite.nbytes == 0) {
        for (int i = 0; i < open_fds; ++i)
          if (fds[i] == fd) fds[i] = fds[--open_fds];
      }
    }
    fflush(stdout);
  }
  return 0;
}
