/* dirname: strip the last component of each NAME ("." when none; -z ends lines with NUL). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

static void print_dir(const char* name, char end) {
  size_t len = strlen(name);
  while (len > 1 && name[len - 1] == '/') len--; /* trailing slashes */
  while (len > 0 && name[len - 1] != '/') len--; /* the last component */
  while (len > 1 && name[len - 1] == '/') len--; /* the slashes before it */
  if (len == 0)
    printf(".%c", end);
  else
    printf("%.*s%c", (int)len, name, end);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"zero", no_argument, 0, 'z'}, {0, 0, 0, 0}};
  char end = '\n';
  int c;
  while ((c = cmd_getopt(argc, argv, "z", longopts, 1)) != -1) end = 0;
  if (optind >= argc) usage_error(1, "missing operand");
  for (int i = optind; i < argc; i++) print_dir(argv[i], end);
  return fflush(stdout) == 0 ? 0 : 1;
}
