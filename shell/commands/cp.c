/* cp: copy SOURCE to DEST, or SOURCEs into DIRECTORY.
 * -r/-R: directories recursively (symlinks in them are copied as symlinks); -p: keep mode and
 * times; -a: -R -p and symlinks as symlinks; -d/-P: never follow symlinks; -L: always follow;
 * -f: replace a destination that cannot be opened; -n: never overwrite; -T: DEST is not entered;
 * -v: say what is copied. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static bool recursive, preserve, force, no_clobber, verbose;
static int follow = -1; /* 1 -L, 0 -P/-d, -1 default: follow unless recursive */

/* Copying a directory into itself: GNU copies until it meets the directory it made, then stops
 * (so what gets copied depends on directory order). The operand's names and that directory: */
static const char *operand_src, *operand_dst;
static struct stat made_top;
static bool have_made_top, into_self;

static bool follows(bool top_level) {
  if (follow >= 0) return follow;
  return !recursive && top_level;
}

/* A file or directory cp makes takes the source's permission bits less the umask (022). */
static void give_source_bits(const char* src, const char* dst) {
  mode_t mode = file_mode(src, true) & 0777 & ~(mode_t)022;
  if (mode && (file_mode(dst, true) & 07777) != mode) set_file_mode(dst, mode);
}

static void keep_attributes(const char* src, const char* dst, const struct stat* st) {
  if (!preserve) return;
  struct timespec times[2] = {st->st_atim, st->st_mtim};
  utimensat(AT_FDCWD, dst, times, 0);
  mode_t mode = file_mode(src, true);
  if (mode && set_file_mode(dst, mode & 07777) != 0)
    warn_errno("preserving permissions for %s", quoteaf(dst));
}

static int copy_regular(const char* src, const char* dst, const struct stat* st) {
  int in = open(src, O_RDONLY);
  if (in < 0) {
    warn_errno("cannot open %s for reading", quoteaf(src));
    return 1;
  }
  struct stat before;
  bool is_new = lstat(dst, &before) != 0;
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (out < 0 && force && errno != ENOENT && unlink(dst) == 0)
    out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (out < 0) {
    warn_errno("cannot create regular file %s", quoteaf(dst));
    close(in);
    return 1;
  }
  bool read_failed = false;
  int status = 0;
  if (copy_fd(in, out, &read_failed) != 0) {
    if (read_failed)
      warn_errno("error reading %s", quoteaf(src));
    else
      warn_errno("error writing %s", quoteaf(dst));
    status = 1;
  }
  close(in);
  if (close(out) != 0 && !status) {
    warn_errno("error writing %s", quoteaf(dst));
    status = 1;
  }
  if (!status && is_new && !preserve) give_source_bits(src, dst);
  if (!status) keep_attributes(src, dst, st);
  return status;
}

static int copy_path(const char* src, const char* dst, bool top_level);
struct copy_job {
  const char* dst;
  int status;
};

static bool copy_entry(const char* src, const char* name, void* ctx) {
  struct copy_job* job = ctx;
  char *from = path_join(src, name), *to = path_join(job->dst, name);
  job->status |= copy_path(from, to, false);
  free(from);
  free(to);
  return !into_self;
}

static int copy_directory(const char* src, const char* dst, const struct stat* st, bool top_level) {
  struct stat d;
  if (lstat(dst, &d) != 0) {
    if (mkdir(dst, 0777) != 0) {
      warn_errno("cannot create directory %s", quoteaf(dst));
      return 1;
    }
    if (top_level) have_made_top = stat(dst, &made_top) == 0;
    if (!preserve) give_source_bits(src, dst);
  } else if (!S_ISDIR(d.st_mode)) {
    warn("cannot overwrite non-directory %s with directory %s", quoteaf(dst), quoteaf(src));
    return 1;
  }
  struct copy_job job = {dst, 0};
  if (each_entry(src, copy_entry, &job) != 0) {
    warn_errno("cannot access %s", quoteaf(src));
    return 1;
  }
  int status = job.status;
  keep_attributes(src, dst, st);
  return status;
}

static int copy_symlink(const char* src, const char* dst) {
  char target[4096];
  ssize_t n = readlink(src, target, sizeof target - 1);
  if (n < 0) {
    warn_errno("cannot read symbolic link %s", quoteaf(src));
    return 1;
  }
  target[n] = 0;
  struct stat d;
  if (lstat(dst, &d) == 0 && !S_ISDIR(d.st_mode) && !no_clobber) unlink(dst);
  if (symlink(target, dst) != 0) {
    warn_errno("cannot create symbolic link %s", quoteaf(dst));
    return 1;
  }
  return 0;
}

static int copy_path(const char* src, const char* dst, bool top_level) {
  struct stat st, d;
  bool deref = follows(top_level);
  if ((deref ? stat(src, &st) : lstat(src, &st)) != 0) {
    warn_errno("cannot stat %s", quoteaf(src));
    return 1;
  }
  bool dst_exists = stat(dst, &d) == 0;
  if (dst_exists && st.st_dev == d.st_dev && st.st_ino == d.st_ino) {
    warn("%s and %s are the same file", quoteaf(src), quoteaf(dst));
    return 1;
  }
  if (S_ISDIR(st.st_mode) && !recursive) {
    warn("-r not specified; omitting directory %s", quoteaf(src));
    return 1;
  }
  if (dst_exists && no_clobber) return 0;
  if (dst_exists && S_ISDIR(d.st_mode) && !S_ISDIR(st.st_mode)) {
    warn("cannot overwrite directory %s with non-directory", quoteaf(dst));
    return 1;
  }
  if (S_ISDIR(st.st_mode) && have_made_top && st.st_dev == made_top.st_dev &&
      st.st_ino == made_top.st_ino) {
    warn("cannot copy a directory, %s, into itself, %s", quoteaf(operand_src),
         quoteaf(operand_dst));
    into_self = true;
    return 1;
  }
  if (verbose) printf("%s -> %s\n", quoteaf(src), quoteaf(dst));
  if (S_ISDIR(st.st_mode)) return copy_directory(src, dst, &st, top_level);
  if (S_ISLNK(st.st_mode)) return copy_symlink(src, dst);
  return copy_regular(src, dst, &st);
}

static int copy_operand(const char* src, const char* dst) {
  operand_src = src, operand_dst = dst;
  have_made_top = into_self = false;
  return copy_path(src, dst, true);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"recursive", no_argument, 0, 'r'},
                                           {"archive", no_argument, 0, 'a'},
                                           {"force", no_argument, 0, 'f'},
                                           {"no-clobber", no_argument, 0, 'n'},
                                           {"no-dereference", no_argument, 0, 'P'},
                                           {"dereference", no_argument, 0, 'L'},
                                           {"no-target-directory", no_argument, 0, 'T'},
                                           {"verbose", no_argument, 0, 'v'},
                                           {0, 0, 0, 0}};
  bool no_target_dir = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "rRapfnPdLTv", longopts, 1)) != -1) {
    switch (c) {
      case 'r':
      case 'R':
        recursive = true;
        break;
      case 'a':
        recursive = preserve = true, follow = 0;
        break;
      case 'p':
        preserve = true;
        break;
      case 'f':
        force = true;
        break;
      case 'n':
        no_clobber = true;
        break;
      case 'P':
      case 'd':
        follow = 0;
        break;
      case 'L':
        follow = 1;
        break;
      case 'T':
        no_target_dir = true;
        break;
      case 'v':
        verbose = true;
        break;
    }
  }
  int n = argc - optind;
  char** args = argv + optind;
  if (n == 0) usage_error(1, "missing file operand");
  if (n == 1) usage_error(1, "missing destination file operand after %s", quoteaf(args[0]));
  int status = to_target(n, args, no_target_dir, is_directory(args[n - 1]), copy_operand);
  return fflush(stdout) == 0 ? status : 1;
}
