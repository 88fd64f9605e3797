/* tee [-ai] [FILE]...: copy standard input to standard output and to each FILE (GNU coreutils).
 * A file that cannot be opened or written is reported and dropped; copying goes on. */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {
      {"append", no_argument, 0, 'a'}, {"ignore-interrupts", no_argument, 0, 'i'}, {0, 0, 0, 0}};
  int flags = O_WRONLY | O_CREAT | O_TRUNC, c;
  while ((c = cmd_getopt(argc, argv, "aip", longopts, 1)) != -1)
    if (c == 'a') flags = O_WRONLY | O_CREAT | O_APPEND;
  int n = argc - optind + 1, status = 0;
  int* fds = xrealloc(NULL, (size_t)n * sizeof *fds);
  const char** names = xrealloc(NULL, (size_t)n * sizeof *names);
  fds[0] = 1;
  names[0] = "standard output";
  for (int i = 1; i < n; i++) {
    names[i] = argv[optind + i - 1];
    fds[i] = strcmp(names[i], "-") == 0 ? 1 : open(names[i], flags, 0666);
    if (fds[i] < 0) {
      warn_errno("%s", quotef(names[i]));
      status = 1;
    }
  }
  static char buf[65536];
  ssize_t got;
  while ((got = read_some(0, buf, sizeof buf)) > 0) {
    for (int i = 0; i < n; i++) {
      if (fds[i] < 0 || write_all(fds[i], buf, (size_t)got) >= 0) continue;
      warn_errno("%s", quotef(names[i]));
      status = 1;
      if (fds[i] > 1) close(fds[i]);
      fds[i] = -1;
    }
  }
  if (got < 0) {
    warn_errno("read error");
    status = 1;
  }
  for (int i = 1; i < n; i++)
    if (fds[i] > 1 && close(fds[i]) != 0) {
      warn_errno("%s", quotef(names[i]));
      status = 1;
    }
  return status;
}
