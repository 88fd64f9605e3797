/* realpath: print the canonical absolute path of each FILE (all but the last component must
 * exist; -e: all, -m: none; -s: do not resolve symlinks; -q: quiet; -z: NUL). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"canonicalize-existing", no_argument, 0, 'e'},
                                           {"canonicalize-missing", no_argument, 0, 'm'},
                                           {"strip", no_argument, 0, 's'},
                                           {"no-symlinks", no_argument, 0, 's'},
                                           {"quiet", no_argument, 0, 'q'},
                                           {"zero", no_argument, 0, 'z'},
                                           {"physical", no_argument, 0, 'P'},
                                           {0, 0, 0, 0}};
  enum canon_mode mode = CANON_ALL_BUT_LAST;
  bool links = true, quiet = false;
  char end = '\n';
  int c;
  while ((c = cmd_getopt(argc, argv, "emsqzEPL", longopts, 1)) != -1) {
    switch (c) {
      case 'e':
        mode = CANON_EXISTING;
        break;
      case 'm':
        mode = CANON_MISSING;
        break;
      case 'E':
        mode = CANON_ALL_BUT_LAST;
        break;
      case 's':
        links = false;
        break;
      case 'q':
        quiet = true;
        break;
      case 'z':
        end = 0;
        break;
      case 'P':
        links = true;
        break;
    }
  }
  if (optind >= argc) usage_error(1, "missing operand");
  int status = 0;
  for (int i = optind; i < argc; i++) {
    char* out = canonicalize(argv[i], mode, links);
    if (!out) {
      if (!quiet) warn_errno("%s", quotef(argv[i]));
      status = 1;
      continue;
    }
    printf("%s%c", out, end);
    free(out);
  }
  return fflush(stdout) == 0 ? status : 1;
}
