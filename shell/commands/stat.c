/* stat: show file status, in GNU's default layout or by -c/--format (a newline after each file)
 * and --printf (backslash escapes, no newline). -L follows symlinks. Directives: %n %N %s %b %B
 * %o %F %f %a %A %h %i %d %D %u %U %g %G %x %X %y %Y %z %Z %w %W %t %T %%. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define VIRTUAL_ID 1000u /* the VM's one user and group (agent-os's) */

static const char* type_name(const struct stat* st) {
  if (S_ISREG(st->st_mode)) return st->st_size == 0 ? "regular empty file" : "regular file";
  if (S_ISDIR(st->st_mode)) return "directory";
  if (S_ISLNK(st->st_mode)) return "symbolic link";
  if (S_ISCHR(st->st_mode)) return "character special file";
  if (S_ISBLK(st->st_mode)) return "block special file";
  if (S_ISSOCK(st->st_mode)) return "socket"; /* WASI cannot tell a fifo from a socket */
  return "weird file";
}

static void print_time(struct timespec t) {
  struct tm tm;
  gmtime_r(&t.tv_sec, &tm);
  char buf[64];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  printf("%s.%09ld +0000", buf, (long)t.tv_nsec);
}

static void print_quoted_name(const char* name, const struct stat* st) {
  fputs(quoteaf(name), stdout);
  if (!S_ISLNK(st->st_mode)) return;
  char target[4096];
  ssize_t n = readlink(name, target, sizeof target - 1);
  if (n < 0) return;
  target[n] = 0;
  printf(" -> %s", quoteaf(target));
}

static void directive(char c, const char* name, const struct stat* st, mode_t mode) {
  char perms[11];
  switch (c) {
    case 'n':
      fputs(name, stdout);
      break;
    case 'N':
      print_quoted_name(name, st);
      break;
    case 's':
      printf("%lld", (long long)st->st_size);
      break;
    case 'b':
      printf("%llu", (unsigned long long)disk_blocks(st));
      break;
    case 'B':
      fputs("512", stdout);
      break;
    case 'o':
      fputs("4096", stdout);
      break;
    case 'F':
      fputs(type_name(st), stdout);
      break;
    case 'f':
      printf("%x", (unsigned)mode);
      break;
    case 'a':
      printf("%o", (unsigned)(mode & 07777));
      break;
    case 'A':
      mode_string(mode, perms), fputs(perms, stdout);
      break;
    case 'h':
      printf("%llu", (unsigned long long)st->st_nlink);
      break;
    case 'i':
      printf("%llu", (unsigned long long)st->st_ino);
      break;
    case 'd':
      printf("%llu", (unsigned long long)st->st_dev);
      break;
    case 'D':
      printf("%llx", (unsigned long long)st->st_dev);
      break;
    case 'u':
    case 'g':
      printf("%u", VIRTUAL_ID);
      break;
    case 'U':
    case 'G':
      fputs(user_name(), stdout);
      break;
    case 'x':
      print_time(st->st_atim);
      break;
    case 'X':
      printf("%lld", (long long)st->st_atim.tv_sec);
      break;
    case 'y':
      print_time(st->st_mtim);
      break;
    case 'Y':
      printf("%lld", (long long)st->st_mtim.tv_sec);
      break;
    case 'z':
      print_time(st->st_ctim);
      break;
    case 'Z':
      printf("%lld", (long long)st->st_ctim.tv_sec);
      break;
    case 'w':
      fputs("-", stdout);
      break; /* birth time: unknown */
    case 'W':
      fputs("0", stdout);
      break;
    case 't':
    case 'T':
      fputs("0", stdout);
      break;
    case '%':
      putchar('%');
      break;
    default:
      putchar('?');
      break;
  }
}

static char escape(const char** p) {
  char c = *++*p;
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case '\\':
      return '\\';
    case 'a':
      return '\a';
    case 'r':
      return '\r';
    case '"':
      return '"';
    case 0:
      --*p;
      return '\\';
  }
  putchar('\\');
  return c;
}

static void print_format(const char* format, const char* name, const struct stat* st, mode_t mode,
                         bool escapes) {
  for (const char* p = format; *p; p++) {
    if (*p == '\\' && escapes) {
      putchar(escape(&p));
    } else if (*p == '%' && p[1]) {
      directive(*++p, name, st, mode);
    } else {
      putchar(*p);
    }
  }
}

static void print_default(const char* name, const struct stat* st, mode_t mode) {
  char perms[11];
  mode_string(mode, perms);
  printf("  File: ");
  if (S_ISLNK(st->st_mode))
    print_quoted_name(name, st);
  else
    fputs(name, stdout);
  printf("\n  Size: %-10lld\tBlocks: %-10llu IO Block: 4096   %s\n", (long long)st->st_size,
         (unsigned long long)disk_blocks(st), type_name(st));
  printf("Device: %llx,%llx\tInode: %-11llu Links: %llu\n", (unsigned long long)(st->st_dev >> 8),
         (unsigned long long)(st->st_dev & 0xff), (unsigned long long)st->st_ino,
         (unsigned long long)st->st_nlink);
  printf("Access: (%04o/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n", (unsigned)(mode & 07777), perms,
         VIRTUAL_ID, user_name(), VIRTUAL_ID, user_name());
  const char* labels[] = {"Access", "Modify", "Change"};
  struct timespec times[] = {st->st_atim, st->st_mtim, st->st_ctim};
  for (int i = 0; i < 3; i++) {
    printf("%s: ", labels[i]);
    print_time(times[i]);
    putchar('\n');
  }
  printf(" Birth: -\n");
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"dereference", no_argument, 0, 'L'},
                                           {"format", required_argument, 0, 'c'},
                                           {"printf", required_argument, 0, 'P'},
                                           {0, 0, 0, 0}};
  bool follow = false, escapes = false;
  const char* format = NULL;
  int c;
  while ((c = cmd_getopt(argc, argv, "Lc:", longopts, 1)) != -1) {
    if (c == 'L') follow = true;
    if (c == 'c') format = optarg, escapes = false;
    if (c == 'P') format = optarg, escapes = true;
  }
  if (optind >= argc) usage_error(1, "missing operand");
  int status = 0;
  for (int i = optind; i < argc; i++) {
    const char* name = argv[i];
    struct stat st;
    if ((follow ? stat(name, &st) : lstat(name, &st)) != 0) {
      warn_errno("cannot statx %s", quoteaf(name));
      status = 1;
      continue;
    }
    mode_t mode = (st.st_mode & S_IFMT) | (file_mode(name, follow) & 07777);
    if (!format) {
      print_default(name, &st, mode);
    } else {
      print_format(format, name, &st, mode, escapes);
      if (!escapes) putchar('\n');
    }
  }
  return fflush(stdout) == 0 ? status : 1;
}
