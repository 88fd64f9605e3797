// A cat-like copy of one file to another through fd_read/fd_write with a 64 KiB buffer. The copy is
// timed inside the guest (clock_gettime, i.e. WASI clock_time_get) so runtimes compare on the copy
// alone, not on start-up.
//
//   copy [--make BYTES] SRC DST
// --make first writes BYTES of a pattern to SRC (untimed): how a file gets into a VM's memfs.
// Prints "copied N bytes in T ms" and exits 0, or a message and 1.
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { BUFFER = 64 * 1024 };
static unsigned char buf[BUFFER];

static int fail(const char *what, const char *path) {
  fprintf(stderr, "copy: %s %s: ", what, path);
  perror(NULL);
  return 1;
}

static int write_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int make(const char *path, uint64_t size) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return fail("cannot create", path);
  uint32_t x = 2463534242u;
  for (uint64_t done = 0; done < size;) {
    size_t n = size - done < BUFFER ? (size_t)(size - done) : BUFFER;
    for (size_t i = 0; i < n; i += 4) {  // xorshift32: incompressible, deterministic content
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      memcpy(buf + i, &x, n - i < 4 ? n - i : 4);
    }
    if (write_all(fd, buf, n) < 0) return fail("cannot write", path);
    done += n;
  }
  return close(fd) < 0 ? fail("cannot close", path) : 0;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  int arg = 1;
  if (argc == 5 && strcmp(argv[1], "--make") == 0) {
    if (make(argv[3], strtoull(argv[2], NULL, 10)) != 0) return 1;
    arg = 3;
  }
  if (argc - arg != 2) {
    fprintf(stderr, "usage: copy [--make BYTES] SRC DST\n");
    return 2;
  }
  const char *src = argv[arg], *dst = argv[arg + 1];
  double start = now_ms();
  int in = open(src, O_RDONLY);
  if (in < 0) return fail("cannot open", src);
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0) return fail("cannot create", dst);
  uint64_t total = 0;
  for (;;) {
    ssize_t n = read(in, buf, BUFFER);
    if (n < 0) return fail("cannot read", src);
    if (n == 0) break;
    if (write_all(out, buf, (size_t)n) < 0) return fail("cannot write", dst);
    total += (uint64_t)n;
  }
  if (close(out) < 0) return fail("cannot close", dst);
  close(in);
  printf("copied %llu bytes in %.1f ms\n", (unsigned long long)total, now_ms() - start);
  return 0;
}
