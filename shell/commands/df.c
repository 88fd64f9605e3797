/* df: report file system space. WASI tells a program nothing about the space of its file
 * systems, so every figure is "-"; each FILE (default /) must exist and is named as its mount. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "common.h"

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {
      {"human-readable", no_argument, 0, 'h'}, {"all", no_argument, 0, 'a'}, {0, 0, 0, 0}};
  bool human = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "hakP", longopts, 1)) != -1)
    if (c == 'h') human = true;
  static char* root[] = {"/", NULL};
  char** files = optind < argc ? argv + optind : root;
  int status = 0, shown = 0;
  for (; *files; files++) {
    struct stat st;
    if (stat(*files, &st) != 0) {
      warn_errno("%s", quotef(*files));
      status = 1;
      continue;
    }
    char* where = canonicalize(*files, CANON_EXISTING, true);
    if (shown++ == 0)
      printf("Filesystem     %s  Used Avail Use%% Mounted on\n", human ? " Size" : "1K-blocks");
    printf("wask           %s     -     -    - %s\n", human ? "    -" : "        -",
           where ? where : *files);
    free(where);
  }
  return status;
}
