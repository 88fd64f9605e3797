/* wc [-clmwL] [FILE]...: newline, word and byte counts (GNU coreutils, C locale: -m counts
 * bytes; a word is a run of printable non-space characters, other bytes neither start nor end
 * one). Counts are aligned to the width GNU derives from the files' sizes. */
#include "common.h"

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { LINES, WORDS, CHARS, BYTES, LONGEST, NCOUNTS };

struct counts {
  uintmax_t n[NCOUNTS];
};

static bool selected[NCOUNTS];

static int count_fd(int fd, struct counts* c) {
  static char buf[65536];
  bool in_word = false;
  uintmax_t column = 0;
  ssize_t n;
  // Bytes alone need no look at them, lines alone only a search for newlines (wc -c, wc -l).
  bool lines_only = !selected[WORDS] && !selected[LONGEST];
  bool bytes_only = lines_only && !selected[LINES];
  while ((n = read_some(fd, buf, sizeof buf)) > 0) {
    c->n[BYTES] += (uintmax_t)n;
    if (bytes_only) continue;
    if (lines_only) {
      for (const char *p = buf, *end = buf + n; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        c->n[LINES]++;
      continue;
    }
    for (ssize_t i = 0; i < n; i++) {
      unsigned char ch = (unsigned char)buf[i];
      if (ch == '\n') {
        c->n[LINES]++;
        if (column > c->n[LONGEST]) c->n[LONGEST] = column;
        column = 0;
      } else if (ch == '\t') {
        column += 8 - column % 8;
      } else if (ch == '\r' || ch == '\f') {
        if (column > c->n[LONGEST]) c->n[LONGEST] = column;
        column = 0;
      } else if (isprint(ch)) {
        column++;
      }
      if (isspace(ch)) {
        in_word = false;
      } else if (isprint(ch) && !in_word) {
        in_word = true;
        c->n[WORDS]++;
      }
    }
  }
  if (column > c->n[LONGEST]) c->n[LONGEST] = column;
  c->n[CHARS] = c->n[BYTES];
  return n < 0 ? -1 : 0;
}

static void print_counts(const struct counts* c, int width, const char* name) {
  bool first = true;
  for (int k = 0; k < NCOUNTS; k++) {
    if (!selected[k]) continue;
    char num[32];
    snprintf(num, sizeof num, "%s%*ju", first ? "" : " ", width, c->n[k]);
    out_str(num);
    first = false;
  }
  if (name) {
    out_char(' ');
    out_str(name);
  }
  out_char('\n');
}

/* GNU's width: digits of the regular files' total size, at least 7 if any input is not a
 * regular file, 1 when a single count of a single input is printed. */
static int number_width(char** files, int nfiles, int nselected) {
  if (nfiles == 1 && nselected == 1) return 1;
  uintmax_t total = 0;
  int minimum = 1, width = 1;
  for (int i = 0; i < nfiles; i++) {
    struct stat st;
    int rc = strcmp(files[i], "-") == 0 ? fstat(0, &st) : stat(files[i], &st);
    if (rc != 0) continue;
    if (S_ISREG(st.st_mode))
      total += (uintmax_t)st.st_size;
    else
      minimum = 7;
  }
  for (; total >= 10; total /= 10) width++;
  return width < minimum ? minimum : width;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {
      {"bytes", no_argument, 0, 'c'},           {"chars", no_argument, 0, 'm'},
      {"lines", no_argument, 0, 'l'},           {"words", no_argument, 0, 'w'},
      {"max-line-length", no_argument, 0, 'L'}, {0, 0, 0, 0}};
  int c;
  while ((c = cmd_getopt(argc, argv, "clmwL", longopts, 1)) != -1) {
    if (c == 'c') selected[BYTES] = true;
    if (c == 'm') selected[CHARS] = true;
    if (c == 'l') selected[LINES] = true;
    if (c == 'w') selected[WORDS] = true;
    if (c == 'L') selected[LONGEST] = true;
  }
  int nselected = 0;
  for (int k = 0; k < NCOUNTS; k++) nselected += selected[k];
  if (!nselected) {
    selected[LINES] = selected[WORDS] = selected[BYTES] = true;
    nselected = 3;
  }
  bool named = optind < argc;
  char** files;
  int nfiles = file_operands(argc, argv, optind, &files);
  int width = number_width(files, nfiles, nselected);
  struct counts total = {0};
  int status = 0;
  for (int i = 0; i < nfiles; i++) {
    struct counts one = {0};
    int fd = open_input(files[i]);
    if (fd < 0) {
      warn_errno("%s", quotef(files[i]));
      status = 1;
      continue;
    }
    if (count_fd(fd, &one) < 0) {
      warn_errno("%s", quotef(files[i]));
      status = 1;
    }
    if (fd > 0) close(fd);
    print_counts(&one, width, named ? files[i] : NULL);
    for (int k = 0; k < LONGEST; k++) total.n[k] += one.n[k];
    if (one.n[LONGEST] > total.n[LONGEST]) total.n[LONGEST] = one.n[LONGEST];
  }
  if (nfiles > 1) print_counts(&total, width, "total");
  return out_flush() ? status : 1;
}
