/* touch: set files' access and modification times to now (or -d DATE, -t STAMP, -r FILE),
 * creating missing files unless -c; -a / -m change only one of the two. Times are UTC. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

/* "@SECONDS", "YYYY-MM-DD", "YYYY-MM-DD[ T]HH:MM[:SS[.FRAC]]" with an optional Z or UTC. */
static bool parse_date(const char* text, struct timespec* out) {
  char* end;
  if (text[0] == '@') {
    long long s = strtoll(text + 1, &end, 10);
    if (end == text + 1 || *end) return false;
    *out = (struct timespec){(time_t)s, 0};
    return true;
  }
  struct tm tm = {0};
  int n = 0;
  if (sscanf(text, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3) return false;
  const char* rest = text + n;
  long nsec = 0;
  if (*rest == ' ' || *rest == 'T') {
    int m = 0;
    if (sscanf(rest + 1, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &m) != 2) return false;
    rest += 1 + m;
    if (*rest == ':') {
      if (sscanf(rest + 1, "%2d%n", &tm.tm_sec, &m) != 1) return false;
      rest += 1 + m;
      if (*rest == '.') {
        long scale = 100000000;
        for (rest++; *rest >= '0' && *rest <= '9'; rest++, scale /= 10)
          nsec += (*rest - '0') * scale;
      }
    }
  }
  while (*rest == ' ') rest++;
  if (*rest && strcmp(rest, "Z") != 0 && strcmp(rest, "UTC") != 0) return false;
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60)
    return false;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  *out = (struct timespec){timegm(&tm), nsec};
  return true;
}

/* -t [[CC]YY]MMDDhhmm[.ss] */
static bool parse_stamp(const char* text, struct timespec* out) {
  const char* dot = strchr(text, '.');
  size_t digits = dot ? (size_t)(dot - text) : strlen(text);
  if (digits != 8 && digits != 10 && digits != 12) return false;
  if (dot && (strlen(dot + 1) != 2)) return false;
  for (const char* p = text; *p; p++)
    if (p != dot && (*p < '0' || *p > '9')) return false;
  int v[6] = {0};
  for (size_t i = 0; i < digits / 2; i++) v[i] = (text[2 * i] - '0') * 10 + (text[2 * i + 1] - '0');
  struct tm tm = {0};
  int at = 0;
  time_t now = time(NULL);
  struct tm today;
  gmtime_r(&now, &today);
  if (digits == 12)
    tm.tm_year = v[0] * 100 + v[1] - 1900, at = 2;
  else if (digits == 10)
    tm.tm_year = (v[0] < 69 ? 100 : 0) + v[0], at = 1;
  else
    tm.tm_year = today.tm_year;
  tm.tm_mon = v[at] - 1;
  tm.tm_mday = v[at + 1];
  tm.tm_hour = v[at + 2];
  tm.tm_min = v[at + 3];
  tm.tm_sec = dot ? atoi(dot + 1) : 0;
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60)
    return false;
  *out = (struct timespec){timegm(&tm), 0};
  return true;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"no-create", no_argument, 0, 'c'},
                                           {"date", required_argument, 0, 'd'},
                                           {"reference", required_argument, 0, 'r'},
                                           {0, 0, 0, 0}};
  bool no_create = false, access = false, modify = false;
  struct timespec when[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
  int c;
  while ((c = cmd_getopt(argc, argv, "acmd:t:r:f", longopts, 1)) != -1) {
    switch (c) {
      case 'c':
        no_create = true;
        break;
      case 'a':
        access = true;
        break;
      case 'm':
        modify = true;
        break;
      case 'd':
        if (!parse_date(optarg, &when[0])) die(1, "invalid date format %s", quoteaf(optarg));
        when[1] = when[0];
        break;
      case 't':
        if (!parse_stamp(optarg, &when[0])) die(1, "invalid date format %s", quoteaf(optarg));
        when[1] = when[0];
        break;
      case 'r': {
        struct stat st;
        if (stat(optarg, &st) != 0) die_errno(1, "failed to get attributes of %s", quoteaf(optarg));
        when[0] = st.st_atim;
        when[1] = st.st_mtim;
        break;
      }
    }
  }
  /* Explicit times only: this wasi-libc rejects UTIME_NOW and UTIME_OMIT. */
  if (when[0].tv_nsec == UTIME_NOW) {
    clock_gettime(CLOCK_REALTIME, &when[0]);
    when[1] = when[0];
  }
  if (optind >= argc) usage_error(1, "missing file operand");
  int status = 0;
  for (int i = optind; i < argc; i++) {
    const char* name = argv[i];
    if (!no_create) {
      int fd = open(name, O_WRONLY | O_CREAT | O_NONBLOCK, 0666);
      int open_errno = errno;  // is_directory's stat must not replace it (EROFS, not ENOENT)
      if (fd >= 0)
        close(fd);
      else if (!is_directory(name)) {
        errno = open_errno;
        warn_errno("cannot touch %s", quoteaf(name));
        status = 1;
        continue;
      }
    }
    struct timespec times[2] = {when[0], when[1]};
    struct stat st;
    if ((access != modify) && stat(name, &st) == 0) {
      if (access)
        times[1] = st.st_mtim;
      else
        times[0] = st.st_atim;
    }
    if (utimensat(AT_FDCWD, name, times, 0) != 0) {
      if (no_create && errno == ENOENT) continue;
      warn_errno("setting times of %s", quoteaf(name));
      status = 1;
    }
  }
  return status;
}
