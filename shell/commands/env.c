/* env [-i] [-0] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...]: print the environment, or run
 * COMMAND in a changed one (GNU coreutils). Running a command needs the host_process module. */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"ignore-environment", no_argument, 0, 'i'},
                                           {"null", no_argument, 0, '0'},
                                           {"unset", required_argument, 0, 'u'},
                                           {0, 0, 0, 0}};
  bool empty = false;
  char terminator = '\n';
  int c;
  while ((c = cmd_getopt(argc, argv, "+iu:0", longopts, 125)) != -1) {
    if (c == 'i') empty = true;
    if (c == '0') terminator = 0;
  }
  if (optind < argc && strcmp(argv[optind], "-") == 0) {
    empty = true;
    optind++;
  }
  if (empty) {
    static char* none[] = {NULL};
    environ = none;
  }
  optind = 1; /* second pass: apply -u in order */
  while ((c = cmd_getopt(argc, argv, "+iu:0", longopts, 125)) != -1)
    if (c == 'u' && unsetenv(optarg) != 0)
      die(125, "cannot unset %s: Invalid argument", quote(optarg));
  if (optind < argc && strcmp(argv[optind], "-") == 0) optind++;
  for (; optind < argc && strchr(argv[optind], '='); optind++) putenv(argv[optind]);
  if (optind >= argc) {
    for (char** e = environ; e && *e; e++) {
      out_str(*e);
      out_char(terminator);
    }
    return out_flush() ? 0 : 125;
  }
  if (terminator == 0) usage_error(125, "cannot specify --null (-0) with command");
  int status;
  int err = run_command(argv + optind, environ, &status);
  if (err == ENOSYS)
    die(126, "%s: running a command is not supported yet (no host_process)", quote(argv[optind]));
  if (err) {
    errno = err;
    warn_errno("%s", quote(argv[optind]));
    return err == ENOENT ? 127 : 126;
  }
  return status;
}
