// devices: exercises /dev: zero, null, urandom, stdout and stdin (which share fds 1 and 0).
#include <fcntl.h>
#include <sys/stat.h>

#include "guest.h"

static void report(const char* what, int ok) { printf("%s: %s\n", what, ok ? "ok" : ename(errno)); }

int main(void) {
  unsigned char buf[32];
  int zero = open("/dev/zero", O_RDONLY);
  memset(buf, 0xff, sizeof buf);
  int all_zero = zero >= 0 && read(zero, buf, sizeof buf) == (ssize_t)sizeof buf;
  for (size_t i = 0; i < sizeof buf; ++i) all_zero &= buf[i] == 0;
  report("zero reads zeros", all_zero);
  int null = open("/dev/null", O_RDWR);
  report("null swallows writes", null >= 0 && write(null, "abc", 3) == 3);
  report("null reads end", null >= 0 && read(null, buf, sizeof buf) == 0);
  struct stat st;
  report("null is a character device", fstat(null, &st) == 0 && S_ISCHR(st.st_mode));
  int rnd = open("/dev/urandom", O_RDONLY);
  report("urandom reads", rnd >= 0 && read(rnd, buf, 16) == 16);
  printf("urandom:");
  for (int i = 0; i < 16; ++i) printf(" %02x", buf[i]);
  printf("\n");
  report("creating in /dev is refused", open("/dev/new", O_CREAT | O_WRONLY, 0644) < 0);
  fflush(stdout);
  int out = open("/dev/stdout", O_WRONLY);
  report("/dev/stdout opens", out >= 0);
  if (out >= 0) write(out, "via /dev/stdout\n", 16);
  int in = open("/dev/stdin", O_RDONLY);
  ssize_t n = in >= 0 ? read(in, buf, sizeof buf - 1) : -1;
  if (n < 0) n = 0;
  buf[n] = 0;
  printf("via /dev/stdin: %s\n", (char*)buf);
  return 0;
}
