// Waits in poll_oneoff for stdin to become readable or for a timeout, whichever comes first, then
// says which and how long it waited, and echoes the line that arrived.
//   poll_stdin TIMEOUT_MS
#include <time.h>

#include "guest.h"

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  unsigned long long timeout_ms = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000;
  __wasi_subscription_t subs[2] = {0};
  subs[0].userdata = 1;
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = 0;
  subs[1].userdata = 2;
  subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[1].u.u.clock.timeout = timeout_ms * 1000000ull;
  __wasi_event_t events[2];
  __wasi_size_t n = 0;
  double start = now_ms();
  __wasi_errno_t err = __wasi_poll_oneoff(subs, events, 2, &n);
  double waited = now_ms() - start;
  if (err != 0 || n == 0) {
    printf("poll failed: %s, %u event(s)\n", ename(err), (unsigned)n);
    return 1;
  }
  printf("%s after %.0f ms\n", events[0].userdata == 1 ? "stdin readable" : "timeout", waited);
  if (events[0].userdata == 1) {
    char line[256];
    if (fgets(line, sizeof line, stdin)) printf("read: %s", line);
  }
  return 0;
}
