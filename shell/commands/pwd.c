/* pwd: print the working directory (-L from PWD when it names it, -P resolved; -P is GNU's
 * default). */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

/* PWD, if it is absolute, has no . or .. parts and names the working directory. */
static const char* logical_pwd(void) {
  const char* pwd = getenv("PWD");
  if (!pwd || pwd[0] != '/' || strstr(pwd, "/./") || strstr(pwd, "/../")) return NULL;
  size_t n = strlen(pwd);
  if ((n >= 2 && strcmp(pwd + n - 2, "/.") == 0) || (n >= 3 && strcmp(pwd + n - 3, "/..") == 0))
    return NULL;
  struct stat a, b;
  if (stat(pwd, &a) != 0 || stat(".", &b) != 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev)
    return NULL;
  return pwd;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {
      {"logical", no_argument, 0, 'L'}, {"physical", no_argument, 0, 'P'}, {0, 0, 0, 0}};
  int logical = 0, c;
  while ((c = cmd_getopt(argc, argv, "LP", longopts, 1)) != -1) logical = c == 'L';
  if (optind < argc) warn("ignoring non-option arguments");
  const char* pwd = logical ? logical_pwd() : NULL;
  char buf[PATH_MAX];
  if (!pwd && !(pwd = getcwd(buf, sizeof buf))) die_errno(1, "couldn't get current directory");
  printf("%s\n", pwd);
  return fflush(stdout) == 0 ? 0 : 1;
}
