/* sleep NUMBER[smhd]...: pause for the sum of the intervals (GNU coreutils). */
#include "common.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{0, 0, 0, 0}};
  while (cmd_getopt(argc, argv, "", longopts, 1) != -1) {
  }
  if (optind >= argc) usage_error(1, "missing operand");
  double seconds = 0;
  bool ok = true;
  for (int i = optind; i < argc; i++) {
    char* end;
    double s = strtod(argv[i], &end);
    double unit = 1;
    if (*end && !end[1]) {
      const char* units = strchr("smhd", *end);
      unit = !units ? -1 : *end == 's' ? 1 : *end == 'm' ? 60 : *end == 'h' ? 3600 : 86400;
    }
    if (end == argv[i] || !(s >= 0) || (*end && end[1]) || unit < 0) {
      warn("invalid time interval %s", quote(argv[i]));
      ok = false;
      continue;
    }
    seconds += s * unit;
  }
  if (!ok) {
    fprintf(stderr, "Try '%s --help' for more information.\n", prog);
    return 1;
  }
  struct timespec t;
  if (seconds > 1e9) seconds = 1e9;
  t.tv_sec = (time_t)seconds;
  t.tv_nsec = (long)((seconds - floor(seconds)) * 1e9);
  while (nanosleep(&t, &t) != 0) {
  }
  return 0;
}
