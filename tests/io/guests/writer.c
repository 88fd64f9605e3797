// writer N: writes "line 1\n" .. "line N\n" to stdout (N = 0: forever, like yes). A failed write
// ends it with status 3 and "writer: EPIPE after K lines" on stderr.
#include "guest.h"

int main(int argc, char** argv) {
  unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;
  char line[64];
  for (unsigned long i = 1; n == 0 || i <= n; ++i) {
    int len = snprintf(line, sizeof line, "line %lu\n", i);
    if (write(1, line, (size_t)len) != len) {
      fprintf(stderr, "writer: %s after %lu lines\n", errno == EPIPE ? "EPIPE" : ename(errno), i - 1);
      return 3;
    }
  }
  return 0;
}
