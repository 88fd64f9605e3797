// write [-a] [-v] FILE TEXT...: writes the words (joined by spaces, plus a newline) to FILE,
// replacing it (-a: appending). -v reads FILE back and prints it. Prints the error and exits 1 if
// it cannot.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"

int main(int argc, char** argv) {
  int append = argc > 1 && strcmp(argv[1], "-a") == 0;
  argv += append, argc -= append;
  int verify = argc > 1 && strcmp(argv[1], "-v") == 0;
  argv += verify, argc -= verify;
  append = append ? 1 : 0;
  if (argc < 2) {
    fprintf(stderr, "usage: write [-a] FILE TEXT...\n");
    return 2;
  }
  const char* path = argv[1];
  int fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0644);
  if (fd < 0) {
    fprintf(stderr, "write: %s: %s (%s)\n", path, strerror(errno), ename(errno));
    return 1;
  }
  for (int i = 2; i < argc; ++i) {
    const char* sep = i + 1 < argc ? " " : "\n";
    if (write(fd, argv[i], strlen(argv[i])) < 0 || write(fd, sep, 1) < 0) {
      fprintf(stderr, "write: %s: %s (%s)\n", path, strerror(errno), ename(errno));
      return 1;
    }
  }
  if (close(fd) != 0) return 1;
  if (verify) {
    char buf[4096];
    int in = open(path, O_RDONLY);
    ssize_t n = in < 0 ? -1 : read(in, buf, sizeof buf);
    if (n < 0) {
      fprintf(stderr, "write: reading back %s: %s\n", path, strerror(errno));
      return 1;
    }
    printf("%s now holds: %.*s", path, (int)n, buf);
  }
  return 0;
}
