/* rmdir: remove empty directories (-p: and then their parents; -v: say so;
 * --ignore-fail-on-non-empty). */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static bool verbose, ignore_non_empty;

/* 0 removed, 1 failed (reported unless it was only not empty and that is ignored). */
static int remove_one(const char* path) {
  if (verbose) printf("%s: removing directory, %s\n", prog, quoteaf(path));
  if (rmdir(path) == 0) return 0;
  if (ignore_non_empty && (errno == ENOTEMPTY || errno == EEXIST)) return 1;
  warn_errno("failed to remove %s", quoteaf(path));
  return 2;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"parents", no_argument, 0, 'p'},
                                           {"verbose", no_argument, 0, 'v'},
                                           {"ignore-fail-on-non-empty", no_argument, 0, 'I'},
                                           {0, 0, 0, 0}};
  bool parents = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "pv", longopts, 1)) != -1) {
    if (c == 'p') parents = true;
    if (c == 'v') verbose = true;
    if (c == 'I') ignore_non_empty = true;
  }
  if (optind >= argc) usage_error(1, "missing operand");
  int status = 0;
  for (int i = optind; i < argc; i++) {
    char* path = argv[i];
    int r = remove_one(path);
    if (r == 2) status = 1;
    while (parents && r == 0) {
      /* Drop the last component and the slashes before it. */
      size_t len = strlen(path);
      while (len > 1 && path[len - 1] == '/') len--;
      while (len > 0 && path[len - 1] != '/') len--;
      while (len > 1 && path[len - 1] == '/') len--;
      if (len == 0 || (len == 1 && path[0] == '/')) break;
      path[len] = 0;
      r = remove_one(path);
      if (r == 2) status = 1;
    }
  }
  return status;
}
