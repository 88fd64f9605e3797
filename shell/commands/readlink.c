/* readlink: print a symlink's target; -f/-e/-m print the canonical path instead (all but the
 * last / every / no component must exist). -n: no newline, -z: NUL, -v: report errors. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"canonicalize", no_argument, 0, 'f'},
                                           {"canonicalize-existing", no_argument, 0, 'e'},
                                           {"canonicalize-missing", no_argument, 0, 'm'},
                                           {"no-newline", no_argument, 0, 'n'},
                                           {"quiet", no_argument, 0, 'q'},
                                           {"silent", no_argument, 0, 's'},
                                           {"verbose", no_argument, 0, 'v'},
                                           {"zero", no_argument, 0, 'z'},
                                           {0, 0, 0, 0}};
  int canon = -1, c;
  bool newline = true, verbose = false;
  char end = '\n';
  while ((c = cmd_getopt(argc, argv, "femnqsvz", longopts, 1)) != -1) {
    switch (c) {
      case 'f':
        canon = CANON_ALL_BUT_LAST;
        break;
      case 'e':
        canon = CANON_EXISTING;
        break;
      case 'm':
        canon = CANON_MISSING;
        break;
      case 'n':
        newline = false;
        break;
      case 'q':
      case 's':
        verbose = false;
        break;
      case 'v':
        verbose = true;
        break;
      case 'z':
        end = 0;
        break;
    }
  }
  if (optind >= argc) usage_error(1, "missing operand");
  if (!newline && argc - optind > 1) {
    warn("ignoring --no-newline with multiple arguments");
    newline = true;
  }
  int status = 0;
  for (int i = optind; i < argc; i++) {
    char buf[4096];
    char* out = NULL;
    if (canon >= 0) {
      out = canonicalize(argv[i], (enum canon_mode)canon, true);
    } else {
      ssize_t n = readlink(argv[i], buf, sizeof buf - 1);
      if (n >= 0) buf[n] = 0, out = buf;
    }
    if (!out) {
      if (verbose) warn_errno("%s", quotef(argv[i]));
      status = 1;
      continue;
    }
    fputs(out, stdout);
    if (newline || end == 0) putchar(end);
    if (out != buf) free(out);
  }
  return fflush(stdout) == 0 ? status : 1;
}
