/* mv: rename SOURCE to DEST, or move SOURCEs into DIRECTORY (-f: no questions, the default;
 * -n: never overwrite; -T: DEST is not entered even if a directory; -v: say what is renamed).
 * Within one mount a move is one rename; across mounts (rename answers EXDEV) it is a copy that
 * keeps everything (cp -a) and then the removal of the source (rm -rf), as GNU mv does across
 * file systems; both are the VM's own commands, started through host_process. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static bool no_clobber, verbose;

/* Runs one of the VM's commands; true when it exits 0 (it reports its own errors). */
static bool run_ok(char** argv) {
  int status = 0;
  int err = run_command(argv, NULL, &status);
  if (err != 0) {
    errno = err;
    return false;
  }
  return status == 0;
}

/* rename across mounts: copy with everything kept, then remove the source. -v says what GNU
 * says of a file (of a directory GNU lists every entry copied and removed; this does not). */
static int move_across(const char* src, const char* dst, bool is_dir) {
  /* A file in the way is removed first (as GNU does), not overwritten in place. */
  struct stat d;
  if (lstat(dst, &d) == 0 && !S_ISDIR(d.st_mode) && unlink(dst) != 0) {
    warn_errno("cannot remove %s", quoteaf(dst));
    return 1;
  }
  char* copy[] = {"cp", "-a", "-T", "--", (char*)src, (char*)dst, NULL};
  if (!run_ok(copy)) {
    warn_errno("cannot move %s to %s", quoteaf(src), quoteaf(dst));
    return 1;
  }
  if (verbose && !is_dir) printf("copied %s -> %s\n", quoteaf(src), quoteaf(dst));
  char* remove[] = {"rm", "-rf", "--", (char*)src, NULL};
  if (!run_ok(remove)) {
    warn_errno("cannot remove %s", quoteaf(src));
    return 1;
  }
  if (verbose && !is_dir) printf("removed %s\n", quoteaf(src));
  return 0;
}

/* Whether canonical path `inner` is `outer` or below it. */
static bool inside(const char* inner, const char* outer) {
  size_t n = strlen(outer);
  return strncmp(inner, outer, n) == 0 && (inner[n] == '/' || inner[n] == 0 || n == 1);
}

static int move(const char* src, const char* dst) {
  struct stat s, d;
  if (lstat(src, &s) != 0) {
    warn_errno("cannot stat %s", quoteaf(src));
    return 1;
  }
  bool dst_exists = lstat(dst, &d) == 0;
  if (dst_exists && s.st_dev == d.st_dev && s.st_ino == d.st_ino) {
    warn("%s and %s are the same file", quoteaf(src), quoteaf(dst));
    return 1;
  }
  if (dst_exists && no_clobber) return 0;
  if (dst_exists && S_ISDIR(s.st_mode) && !S_ISDIR(d.st_mode)) {
    warn("cannot overwrite non-directory %s with directory %s", quoteaf(dst), quoteaf(src));
    return 1;
  }
  if (dst_exists && !S_ISDIR(s.st_mode) && S_ISDIR(d.st_mode)) {
    warn("cannot overwrite directory %s with non-directory", quoteaf(dst));
    return 1;
  }
  if (S_ISDIR(s.st_mode)) {
    char* from = canonicalize(src, CANON_EXISTING, true);
    char* to = canonicalize(dst, CANON_MISSING, true);
    bool loop = from && to && inside(to, from);
    free(from);
    free(to);
    if (loop) {
      warn("cannot move %s to a subdirectory of itself, %s", quoteaf(src), quoteaf(dst));
      return 1;
    }
  }
  if (rename(src, dst) != 0) {
    if (errno != EXDEV) {
      warn_errno("cannot move %s to %s", quoteaf(src), quoteaf(dst));
      return 1;
    }
    return move_across(src, dst, S_ISDIR(s.st_mode));
  }
  if (verbose) printf("renamed %s -> %s\n", quoteaf(src), quoteaf(dst));
  return 0;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"force", no_argument, 0, 'f'},
                                           {"no-clobber", no_argument, 0, 'n'},
                                           {"no-target-directory", no_argument, 0, 'T'},
                                           {"verbose", no_argument, 0, 'v'},
                                           {0, 0, 0, 0}};
  bool no_target_dir = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "fnTv", longopts, 1)) != -1) {
    if (c == 'f') no_clobber = false;
    if (c == 'n') no_clobber = true;
    if (c == 'T') no_target_dir = true;
    if (c == 'v') verbose = true;
  }
  int n = argc - optind;
  char** args = argv + optind;
  if (n == 0) usage_error(1, "missing file operand");
  if (n == 1) usage_error(1, "missing destination file operand after %s", quoteaf(args[0]));
  int status = to_target(n, args, no_target_dir, is_directory(args[n - 1]), move);
  return fflush(stdout) == 0 ? status : 1;
}
