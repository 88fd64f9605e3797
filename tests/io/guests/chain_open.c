// chain_open N DEPTH: reopens "./." relative to the last fd N times, then creates and enters
// DEPTH nested directories "d" through directory fds (closing each parent's fd), and prints
// the last fd's filestat inode as a sign it still works.
#include <fcntl.h>
#include <sys/stat.h>

#include "guest.h"

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000;
  long depth = argc > 2 ? atol(argv[2]) : 0;
  int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
  for (long i = 0; i < n; ++i) {
    int next = openat(fd, "./.", O_RDONLY | O_DIRECTORY);
    if (next < 0) {
      printf("reopen %ld: %s\n", i, ename(errno));
      return 1;
    }
    close(fd);
    fd = next;
  }
  for (long i = 0; i < depth; ++i) {
    if (mkdirat(fd, "d", 0755) != 0 && errno != EEXIST) {
      printf("mkdir at depth %ld: %s\n", i, ename(errno));
      return 1;
    }
    int next = openat(fd, "d", O_RDONLY | O_DIRECTORY);
    if (next < 0) {
      printf("enter depth %ld: %s\n", i + 1, ename(errno));
      return 1;
    }
    close(fd);
    fd = next;
  }
  // Up one level and back down through the fd: ".." still works at the bottom.
  int up = openat(fd, "..", O_RDONLY | O_DIRECTORY);
  struct stat st;
  printf("done: fd %d, up %s, stat %s\n", fd, up >= 0 ? "ok" : ename(errno),
         fstat(fd, &st) == 0 ? "ok" : ename(errno));
  return 0;
}
