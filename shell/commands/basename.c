/* basename: strip the directory and, optionally, a suffix (basename NAME [SUFFIX], -a, -s, -z). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

/* POSIX basename of `name` into a fresh view: trailing slashes go, "/" stays "/". */
static void print_base(const char* name, const char* suffix, char end) {
  size_t len = strlen(name);
  while (len > 1 && name[len - 1] == '/') len--;
  size_t start = len;
  while (start > 0 && name[start - 1] != '/') start--;
  if (len == 1 && name[0] == '/') start = 0;
  size_t n = len - start;
  size_t s = suffix ? strlen(suffix) : 0;
  if (s && s < n && memcmp(name + start + n - s, suffix, s) == 0) n -= s;
  printf("%.*s%c", (int)n, name + start, end);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"multiple", no_argument, 0, 'a'},
                                           {"suffix", required_argument, 0, 's'},
                                           {"zero", no_argument, 0, 'z'},
                                           {0, 0, 0, 0}};
  const char* suffix = NULL;
  int multiple = 0, c;
  char end = '\n';
  while ((c = cmd_getopt(argc, argv, "as:z", longopts, 1)) != -1) {
    if (c == 'a') multiple = 1;
    if (c == 's') suffix = optarg, multiple = 1;
    if (c == 'z') end = 0;
  }
  if (optind >= argc) usage_error(1, "missing operand");
  if (multiple) {
    for (int i = optind; i < argc; i++) print_base(argv[i], suffix, end);
  } else {
    if (argc - optind > 2) usage_error(1, "extra operand %s", quoteaf(argv[optind + 2]));
    print_base(argv[optind], optind + 1 < argc ? argv[optind + 1] : NULL, end);
  }
  return fflush(stdout) == 0 ? 0 : 1;
}
