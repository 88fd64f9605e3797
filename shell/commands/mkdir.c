/* mkdir: make directories (-p: parents too, no error if they exist; -v: say so; -m MODE). */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"

static bool verbose;
static long mode = -1; /* -m, or -1 */

static bool is_dir(const char* path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* `final`: the operand itself, which -m applies to (parents made by -p get the default). */
static int make_one(const char* path, bool parents, bool final) {
  if (mkdir(path, 0777) == 0) {
    if (verbose) printf("%s: created directory %s\n", prog, quoteaf(path));
    if (final && mode >= 0 && set_file_mode(path, (mode_t)mode) != 0) {
      warn_errno("cannot set permissions of %s", quoteaf(path));
      return 1;
    }
    return 0;
  }
  if (parents && errno == EEXIST && is_dir(path)) return 0;
  if (parents && errno == EEXIST) errno = ENOTDIR;
  warn_errno("cannot create directory %s", quoteaf(path));
  return 1;
}

/* -p: each ancestor in turn (GNU reports the first one that is in the way). */
static int make_parents(const char* path) {
  char* copy = strdup(path);
  for (char* slash = copy; (slash = strchr(slash + 1, '/'));) {
    if (slash[-1] == '/') continue;
    if (slash[strspn(slash, "/")] == 0) break; /* only trailing slashes are left */
    *slash = 0;
    int failed = make_one(copy, true, false);
    *slash = '/';
    if (failed) {
      free(copy);
      return 1;
    }
  }
  free(copy);
  return make_one(path, true, true);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"parents", no_argument, 0, 'p'},
                                           {"verbose", no_argument, 0, 'v'},
                                           {"mode", required_argument, 0, 'm'},
                                           {0, 0, 0, 0}};
  bool parents = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "pvm:", longopts, 1)) != -1) {
    if (c == 'p') parents = true;
    if (c == 'v') verbose = true;
    if (c == 'm') {
      char* end;
      mode = strtol(optarg, &end, 8);
      if (*end || mode < 0 || mode > 07777) die(1, "invalid mode %s", quoteaf(optarg));
    }
  }
  if (optind >= argc) usage_error(1, "missing operand");
  int status = 0;
  for (int i = optind; i < argc; i++)
    status |= parents ? make_parents(argv[i]) : make_one(argv[i], false, true);
  return status;
}
