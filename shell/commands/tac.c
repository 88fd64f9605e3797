/* tac [-b] [-s SEP] [FILE]...: each file's lines in reverse order (GNU coreutils). The
 * separator ends a record; with -b it starts one. Each input is held in memory whole. */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char* sep = "\n";
static size_t sep_len = 1; /* an empty separator is the NUL byte, as GNU's */
static bool before;

/* Where the next separator at or after AT starts, or LEN. */
static size_t find_sep(const char* data, size_t len, size_t at) {
  size_t n = sep_len;
  for (; at + n <= len; at++)
    if (memcmp(data + at, sep, n) == 0) return at;
  return len;
}

static void print_reversed(const char* data, size_t len) {
  size_t n = sep_len;
  /* record boundaries: record i spans [starts[i], starts[i+1]) */
  size_t count = 0, cap = 64;
  size_t* starts = xrealloc(NULL, cap * sizeof *starts);
  starts[count++] = 0;
  for (size_t at = find_sep(data, len, 0); at < len; at = find_sep(data, len, at + n)) {
    size_t boundary = before ? at : at + n;
    if (count + 1 >= cap) starts = xrealloc(starts, (cap *= 2) * sizeof *starts);
    if (boundary > starts[count - 1] || !before) starts[count++] = boundary;
  }
  if (starts[count - 1] != len) starts[count++] = len;
  for (size_t i = count - 1; i > 0; i--) out_write(data + starts[i - 1], starts[i] - starts[i - 1]);
  free(starts);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {
      {"before", no_argument, 0, 'b'}, {"separator", required_argument, 0, 's'}, {0, 0, 0, 0}};
  int c;
  while ((c = cmd_getopt(argc, argv, "bs:", longopts, 1)) != -1) {
    if (c == 'b') before = true;
    if (c == 's') sep = optarg, sep_len = *optarg ? strlen(optarg) : 1;
  }
  char** files;
  int nfiles = file_operands(argc, argv, optind, &files), status = 0;
  for (int i = 0; i < nfiles; i++) {
    int fd = open_input(files[i]);
    if (fd < 0) {
      warn_errno("failed to open %s for reading", quote(files[i]));
      status = 1;
      continue;
    }
    struct bytes data = {0};
    if (read_all(fd, &data) < 0) {
      warn_errno("%s: read error", quotef(files[i]));
      status = 1;
    } else {
      print_reversed(data.data, data.len);
    }
    free(data.data);
    if (fd > 0) close(fd);
  }
  return out_flush() ? status : 1;
}
