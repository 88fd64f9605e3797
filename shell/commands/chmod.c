/* chmod: change permission bits (octal, or symbolic: [ugoa]*[-+=][rwxXst]*|[ugo], comma
 * separated). -R recursive, -v say what is done, -c say what changes, -f quiet. Permission bits
 * come from the agent-os host_fs module (WASI preview1 has none). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"

#define UMASK 022 /* the VM's: symbolic modes without [ugoa] leave these bits alone */

static bool recursive, verbose, changes, quiet;
static const char* mode_text;
static int status;

static bool is_octal(const char* s) {
  if (!*s) return false;
  for (; *s; s++)
    if (*s < '0' || *s > '7') return false;
  return true;
}

/* The new mode for a file whose mode is `old`; false if mode_text is not a mode. */
static bool apply_mode(const char* text, mode_t old, bool is_dir, mode_t* out) {
  if (is_octal(text)) {
    long v = strtol(text, NULL, 8);
    if (v > 07777) return false;
    *out = (mode_t)v;
    return true;
  }
  mode_t mode = old & 07777;
  const char* p = text;
  for (;;) {
    mode_t who = 0;
    for (;; p++) {
      if (*p == 'u')
        who |= 04700;
      else if (*p == 'g')
        who |= 02070;
      else if (*p == 'o')
        who |= 01007;
      else if (*p == 'a')
        who |= 07777;
      else
        break;
    }
    bool masked = who == 0;
    if (masked) who = 07777;
    if (*p != '+' && *p != '-' && *p != '=') return false;
    while (*p == '+' || *p == '-' || *p == '=') {
      char op = *p++;
      mode_t bits = 0;
      if (*p == 'u' || *p == 'g' || *p == 'o') {
        mode_t m = mode;
        mode_t perm = *p == 'u' ? (m >> 6) & 7 : *p == 'g' ? (m >> 3) & 7 : m & 7;
        bits = perm * 0111;
        p++;
      } else {
        for (;; p++) {
          if (*p == 'r')
            bits |= 0444;
          else if (*p == 'w')
            bits |= 0222;
          else if (*p == 'x')
            bits |= 0111;
          else if (*p == 'X')
            bits |= (is_dir || (mode & 0111)) ? 0111 : 0;
          else if (*p == 's')
            bits |= 06000;
          else if (*p == 't')
            bits |= 01000;
          else
            break;
        }
      }
      mode_t affected = who & (masked ? ~(mode_t)UMASK : 07777);
      if (op == '=') {
        mode &= ~(who & (masked ? ~(mode_t)UMASK : 07777) & 07777);
        mode |= bits & affected;
      } else if (op == '+') {
        mode |= bits & affected;
      } else {
        mode &= ~(bits & affected);
      }
    }
    if (*p == 0) break;
    if (*p != ',') return false;
    p++;
  }
  *out = mode;
  return true;
}

static void describe(const char* path, mode_t from, mode_t to) {
  char a[11], b[11];
  mode_string(from, a);
  mode_string(to, b);
  if (from == to)
    printf("mode of %s retained as %04o (%s)\n", quoteaf(path), (unsigned)(to & 07777), b + 1);
  else
    printf("mode of %s changed from %04o (%s) to %04o (%s)\n", quoteaf(path),
           (unsigned)(from & 07777), a + 1, (unsigned)(to & 07777), b + 1);
}

static bool change_entry(const char* dir, const char* name, void* ctx);

static void change(const char* path) {
  struct stat st;
  mode_t old = stat(path, &st) == 0 ? file_mode(path, true) : 0;
  if (old == 0) {
    if (!quiet) warn_errno("cannot access %s", quoteaf(path));
    status = 1;
    return;
  }
  mode_t mode;
  if (!apply_mode(mode_text, old, S_ISDIR(st.st_mode), &mode)) return;
  mode_t type = old & S_IFMT;
  if (set_file_mode(path, mode) != 0) {
    if (!quiet) warn_errno("changing permissions of %s", quoteaf(path));
    status = 1;
  } else if (verbose || (changes && (old & 07777) != mode)) {
    describe(path, old, type | mode);
  }
  if (!recursive || !S_ISDIR(st.st_mode)) return;
  if (each_entry(path, change_entry, NULL) != 0) {
    if (!quiet) warn_errno("cannot read directory %s", quoteaf(path));
    status = 1;
  }
}

/* Symlinks met while recursing are not followed (GNU's -P). */
static bool change_entry(const char* dir, const char* name, void* ctx) {
  (void)ctx;
  char* child = path_join(dir, name);
  struct stat st;
  if (lstat(child, &st) == 0 && !S_ISLNK(st.st_mode)) change(child);
  free(child);
  return true;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  /* A mode like -w or -rx looks like options: take it out before getopt sees it. */
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) break;
    if (argv[i][0] == '-' && argv[i][1] && strspn(argv[i] + 1, "rwxXst") == strlen(argv[i] + 1)) {
      mode_text = argv[i];
      memmove(argv + i, argv + i + 1, (size_t)(argc - i) * sizeof *argv);
      argc--;
      break;
    }
  }
  static const struct option longopts[] = {
      {"recursive", no_argument, 0, 'R'}, {"verbose", no_argument, 0, 'v'},
      {"changes", no_argument, 0, 'c'},   {"silent", no_argument, 0, 'f'},
      {"quiet", no_argument, 0, 'f'},     {0, 0, 0, 0}};
  int c;
  while ((c = cmd_getopt(argc, argv, "Rvcf", longopts, 1)) != -1) {
    if (c == 'R') recursive = true;
    if (c == 'v') verbose = true;
    if (c == 'c') changes = true;
    if (c == 'f') quiet = true;
  }
  if (!mode_text) {
    if (optind >= argc) usage_error(1, "missing operand");
    mode_text = argv[optind++];
  }
  if (optind >= argc) usage_error(1, "missing operand after %s", quoteaf(mode_text));
  mode_t probe;
  if (!apply_mode(mode_text, 0644, false, &probe))
    usage_error(1, "invalid mode: %s", quoteaf(mode_text));
  for (int i = optind; i < argc; i++) change(argv[i]);
  return fflush(stdout) == 0 ? status : 1;
}
