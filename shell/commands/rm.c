/* rm: remove files (-r/-R: directories and their contents, -d: empty directories, -f: ignore
 * missing files and never fail on them, -v: say what is removed). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static bool force, recursive, empty_dirs, verbose;

static int remove_path(const char* path);

static bool remove_entry(const char* dir, const char* name, void* status) {
  char* child = path_join(dir, name);
  *(int*)status |= remove_path(child);
  free(child);
  return true;
}

/* Removes what is in directory `path`, then the directory. */
static int remove_tree(const char* path) {
  int status = 0;
  if (each_entry(path, remove_entry, &status) != 0) {
    warn_errno("cannot remove %s", quoteaf(path));
    return 1;
  }
  if (status) return status;
  if (rmdir(path) != 0) {
    warn_errno("cannot remove %s", quoteaf(path));
    return 1;
  }
  if (verbose) printf("removed directory %s\n", quoteaf(path));
  return 0;
}

static int remove_path(const char* path) {
  struct stat st;
  if (lstat(path, &st) != 0) {
    if (force && errno == ENOENT) return 0;
    warn_errno("cannot remove %s", quoteaf(path));
    return 1;
  }
  if (S_ISDIR(st.st_mode)) {
    if (recursive) return remove_tree(path);
    if (!empty_dirs) {
      errno = EISDIR;
      warn_errno("cannot remove %s", quoteaf(path));
      return 1;
    }
    if (rmdir(path) != 0) {
      warn_errno("cannot remove %s", quoteaf(path));
      return 1;
    }
    if (verbose) printf("removed directory %s\n", quoteaf(path));
    return 0;
  }
  if (unlink(path) != 0) {
    warn_errno("cannot remove %s", quoteaf(path));
    return 1;
  }
  if (verbose) printf("removed %s\n", quoteaf(path));
  return 0;
}

/* "." or ".." as the last component (GNU refuses those). */
static bool dot_or_dotdot(const char* path) {
  char* last = last_component(path);
  bool dots = strcmp(last, ".") == 0 || strcmp(last, "..") == 0;
  free(last);
  return dots;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"force", no_argument, 0, 'f'},
                                           {"recursive", no_argument, 0, 'r'},
                                           {"dir", no_argument, 0, 'd'},
                                           {"verbose", no_argument, 0, 'v'},
                                           {0, 0, 0, 0}};
  int c;
  while ((c = cmd_getopt(argc, argv, "frRdv", longopts, 1)) != -1) {
    if (c == 'f') force = true;
    if (c == 'r' || c == 'R') recursive = true;
    if (c == 'd') empty_dirs = true;
    if (c == 'v') verbose = true;
  }
  if (optind >= argc) {
    if (force) return 0;
    usage_error(1, "missing operand");
  }
  int status = 0;
  for (int i = optind; i < argc; i++) {
    const char* path = argv[i];
    if (recursive && dot_or_dotdot(path)) {
      warn("refusing to remove '.' or '..' directory: skipping %s", quoteaf(path));
      status = 1;
      continue;
    }
    if (recursive && path[strspn(path, "/")] == 0 && path[0] == '/') {
      warn("it is dangerous to operate recursively on %s", quoteaf(path));
      warn("use --no-preserve-root to override this failsafe");
      status = 1;
      continue;
    }
    status |= remove_path(path);
  }
  return fflush(stdout) == 0 ? status : 1;
}
