/* ln: make links (-s: symbolic; -f: replace an existing destination; -n: a symlink to a
 * directory as LINK is not entered; -v: say what is made).
 *   ln TARGET LINK | ln TARGET (link in .) | ln TARGET... DIRECTORY */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static bool symbolic, force, no_deref, verbose;

static int make_link(const char* target, const char* name) {
  if (!symbolic) {
    struct stat st;
    if (stat(target, &st) != 0) {
      warn_errno("failed to access %s", quoteaf(target));
      return 1;
    }
    if (S_ISDIR(st.st_mode)) {
      warn("%s: hard link not allowed for directory", quotef(target));
      return 1;
    }
  }
  struct stat st;
  if (force && lstat(name, &st) == 0 && !S_ISDIR(st.st_mode)) unlink(name);
  int r = symbolic ? symlink(target, name) : link(target, name);
  if (r != 0) {
    if (symbolic)
      warn_errno("failed to create symbolic link %s", quoteaf(name));
    else
      warn_errno("failed to create hard link %s", quoteaf(name));
    return 1;
  }
  if (verbose) printf("%s %s %s\n", quoteaf(name), symbolic ? "->" : "=>", quoteaf(target));
  return 0;
}

/* A directory to put links in: DIR itself unless -n and it is a symlink. */
static bool is_target_dir(const char* path) {
  struct stat st;
  if (no_deref && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) return false;
  return is_directory(path);
}

static int link_into(const char* dir, const char* target) {
  char* base = last_component(target);
  char* link = path_join(dir, base);
  int r = make_link(target, link);
  free(link);
  free(base);
  return r;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"symbolic", no_argument, 0, 's'},
                                           {"force", no_argument, 0, 'f'},
                                           {"no-dereference", no_argument, 0, 'n'},
                                           {"verbose", no_argument, 0, 'v'},
                                           {0, 0, 0, 0}};
  int c;
  while ((c = cmd_getopt(argc, argv, "sfnv", longopts, 1)) != -1) {
    if (c == 's') symbolic = true;
    if (c == 'f') force = true;
    if (c == 'n') no_deref = true;
    if (c == 'v') verbose = true;
  }
  int n = argc - optind;
  char** args = argv + optind;
  if (n == 0) usage_error(1, "missing file operand");
  if (n == 1) return link_into(".", args[0]);
  return to_target(n, args, false, is_target_dir(args[n - 1]), make_link);
}
