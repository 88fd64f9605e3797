// blocker MODE: blocks forever in one way, for cancellation tests.
//   read   read(0)
//   poll   poll_oneoff on fd 0 and a clock of 2^64-1 ns
//   sleep  poll_oneoff on a clock of 2^64-1 ns alone
//   write  write(1) forever (blocks once the pipe is full)
//   close1 closes its stdout, then read(0)
#include "guest.h"

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "read";
  printf("blocking in %s\n", mode);
  fflush(stdout);
  if (!strcmp(mode, "close1")) close(1);
  if (!strcmp(mode, "read") || !strcmp(mode, "close1")) {
    char c;
    ssize_t n = read(0, &c, 1);
    printf("read returned %zd (%s)\n", n, ename(errno));
  } else if (!strcmp(mode, "write")) {
    static char chunk[4096];
    for (;;)
      if (write(1, chunk, sizeof chunk) < 0) break;
  } else {
    __wasi_subscription_t subs[2] = {0};
    int n = 0;
    if (!strcmp(mode, "poll")) {
      subs[n].u.tag = __WASI_EVENTTYPE_FD_READ;
      subs[n].u.u.fd_read.file_descriptor = 0;
      ++n;
    }
    subs[n].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[n].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[n].u.u.clock.timeout = ~0ull;
    ++n;
    __wasi_event_t events[2];
    __wasi_size_t got = 0;
    __wasi_errno_t err = __wasi_poll_oneoff(subs, events, (__wasi_size_t)n, &got);
    printf("poll returned %s\n", ename(err));
  }
  return 0;
}
