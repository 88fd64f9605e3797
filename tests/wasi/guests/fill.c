// fill FILE [DIR]: writes 64 KiB blocks to FILE until a write fails, then (with DIR) creates
// empty files in DIR until one fails; prints how far it got and the error. A guest trying to
// use up the host's memory through the VM's filesystem.
// fill --truncate FILE BYTES: creates FILE and sets its size (a hole costs memfs nothing, but is
// promised, so it counts).
#include <fcntl.h>

#include "guest.h"

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  if (!strcmp(argv[1], "--truncate") && argc == 4) {
    int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    TRY(ftruncate(fd, (off_t)strtoull(argv[3], NULL, 10)));
    return 0;
  }
  int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    printf("open %s -> %s\n", argv[1], ename(errno));
    return 1;
  }
  static char block[65536];
  memset(block, 'x', sizeof block);
  unsigned long long total = 0;
  for (;;) {
    errno = 0;
    ssize_t n = write(fd, block, sizeof block);
    if (n <= 0) break;
    total += (unsigned long long)n;
  }
  printf("wrote %llu bytes, then %s\n", total, ename(errno));
  close(fd);
  if (argc < 3) return 0;
  unsigned long files = 0;
  for (;;) {
    char name[4096];
    snprintf(name, sizeof name, "%s/f%lu", argv[2], files);
    errno = 0;
    int f = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (f < 0) break;
    close(f);
    ++files;
  }
  printf("made %lu files, then %s\n", files, ename(errno));
  return 0;
}
