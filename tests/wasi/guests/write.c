// write FILE TEXT...: writes the words (joined by spaces, plus a newline) to FILE, replacing it.
// With -a FILE, appends. Prints the error and exits 1 if it cannot.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"

int main(int argc, char** argv) {
  int append = argc > 1 && strcmp(argv[1], "-a") == 0;
  if (argc < 2 + append) {
    fprintf(stderr, "usage: write [-a] FILE TEXT...\n");
    return 2;
  }
  const char* path = argv[1 + append];
  int fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0644);
  if (fd < 0) {
    fprintf(stderr, "write: %s: %s (%s)\n", path, strerror(errno), ename(errno));
    return 1;
  }
  for (int i = 2 + append; i < argc; ++i) {
    const char* sep = i + 1 < argc ? " " : "\n";
    if (write(fd, argv[i], strlen(argv[i])) < 0 || write(fd, sep, 1) < 0) {
      fprintf(stderr, "write: %s: %s (%s)\n", path, strerror(errno), ename(errno));
      return 1;
    }
  }
  return close(fd) == 0 ? 0 : 1;
}
