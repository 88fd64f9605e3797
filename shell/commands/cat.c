/* cat: concatenate files to stdout ("-" or none: stdin). -n -b number lines, -s squeezes blank
 * lines, -E marks line ends with $, -T shows tabs as ^I, -v shows other controls, -A is -vET. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static struct {
  bool number, number_nonblank, squeeze, show_ends, show_tabs, show_nonprinting;
} opt;

/* State that carries over from one file to the next, as in GNU cat. */
static unsigned long line_number;
static bool at_line_start = true;
static int blank_run; /* newlines seen in a row at line start */

static void put_visible(unsigned char c) {
  if (c >= 128 && opt.show_nonprinting) {
    fputs("M-", stdout);
    c -= 128;
  }
  if (c == '\t' && !opt.show_tabs)
    putchar(c);
  else if (c < 32 && (opt.show_nonprinting || c == '\t'))
    putchar('^'), putchar(c + 64);
  else if (c == 127 && opt.show_nonprinting)
    fputs("^?", stdout);
  else
    putchar(c);
}

/* The formatting path, one byte at a time through stdio (buffered). */
static int cat_formatted(int fd) {
  static unsigned char buf[64 * 1024];
  ssize_t n;
  while ((n = read_some(fd, buf, sizeof buf)) != 0) {
    if (n < 0) return -1;
    for (ssize_t i = 0; i < n; i++) {
      unsigned char c = buf[i];
      if (c == '\n') {
        if (at_line_start) {
          if (opt.squeeze && ++blank_run > 1) continue;
          if (opt.number && !opt.number_nonblank) printf("%6lu\t", ++line_number);
        }
        if (opt.show_ends) putchar('$');
        putchar('\n');
        at_line_start = true;
        continue;
      }
      if (at_line_start && (opt.number || opt.number_nonblank)) printf("%6lu\t", ++line_number);
      at_line_start = false;
      blank_run = 0;
      put_visible(c);
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {
      {"number", no_argument, 0, 'n'},        {"number-nonblank", no_argument, 0, 'b'},
      {"squeeze-blank", no_argument, 0, 's'}, {"show-ends", no_argument, 0, 'E'},
      {"show-tabs", no_argument, 0, 'T'},     {"show-nonprinting", no_argument, 0, 'v'},
      {"show-all", no_argument, 0, 'A'},      {0, 0, 0, 0}};
  int c;
  while ((c = cmd_getopt(argc, argv, "nbsETvAetu", longopts, 1)) != -1) {
    switch (c) {
      case 'n':
        opt.number = true;
        break;
      case 'b':
        opt.number = opt.number_nonblank = true;
        break;
      case 's':
        opt.squeeze = true;
        break;
      case 'E':
        opt.show_ends = true;
        break;
      case 'T':
        opt.show_tabs = true;
        break;
      case 'v':
        opt.show_nonprinting = true;
        break;
      case 'A':
        opt.show_nonprinting = opt.show_ends = opt.show_tabs = true;
        break;
      case 'e':
        opt.show_nonprinting = opt.show_ends = true;
        break;
      case 't':
        opt.show_nonprinting = opt.show_tabs = true;
        break;
    }
  }
  bool plain =
      !(opt.number || opt.squeeze || opt.show_ends || opt.show_tabs || opt.show_nonprinting);
  static char* stdin_only[] = {"-", NULL};
  char** files = optind < argc ? argv + optind : stdin_only;
  int status = 0;
  for (; *files; files++) {
    const char* name = *files;
    bool is_stdin = strcmp(name, "-") == 0;
    int fd = is_stdin ? 0 : open(name, O_RDONLY);
    if (fd < 0) {
      warn_errno("%s", quotef(name));
      status = 1;
      continue;
    }
    bool read_failed = true;
    int r = plain ? copy_fd(fd, 1, &read_failed) : cat_formatted(fd);
    if (r < 0) {
      if (!read_failed) die_errno(1, "write error");
      warn_errno("%s", quotef(name));
      status = 1;
    }
    if (!is_stdin) close(fd);
  }
  if (fflush(stdout) != 0) die_errno(1, "write error");
  return status;
}
