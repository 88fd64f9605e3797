/* date [-u] [-d DATE] [-r FILE] [-R] [-I[SPEC]] [+FORMAT]: print a time (GNU coreutils). FORMAT
 * takes strftime's conversions, GNU's %N, %:z, %P, %s and its flags - _ 0 ^ # with widths. A VM
 * has no time zones: times are UTC. DATE is @SECONDS[.FRACTION], YYYY-MM-DD [HH:MM[:SS]], now. */
#include "common.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static bool numeric_conversion(char c) { return strchr("CdegGHIjklmMNsSuUVwWyY", c) != NULL; }

/* One conversion CONV of T without flags, into OUT. */
static void convert(char conv, bool colon, const struct tm* tm, const struct timespec* t, char* out,
                    size_t size) {
  switch (conv) {
    case 'N':
      snprintf(out, size, "%09ld", (long)t->tv_nsec);
      return;
    case 's':
      snprintf(out, size, "%lld", (long long)t->tv_sec);
      return;
    case 'z':
      snprintf(out, size, colon ? "+00:00" : "+0000");
      return;
    case 'Z':
      snprintf(out, size, "UTC");
      return;
    case 'P': {
      strftime(out, size, "%p", tm);
      for (char* p = out; *p; p++) *p = (char)tolower((unsigned char)*p);
      return;
    }
    case 'k':
      snprintf(out, size, "%2d", tm->tm_hour);
      return;
    case 'l':
      snprintf(out, size, "%2d", tm->tm_hour % 12 ? tm->tm_hour % 12 : 12);
      return;
  }
  char fmt[3] = {'%', conv, 0};
  if (strftime(out, size, fmt, tm) == 0) out[0] = 0;
}

static void format_time(const char* f, const struct tm* tm, const struct timespec* t) {
  for (; *f; f++) {
    if (*f != '%' || !f[1]) {
      out_char(*f);
      continue;
    }
    f++;
    char pad = 0; /* '-', '_' or '0' */
    bool upper = false, swap = false, colon = false;
    for (; strchr("-_0^#", *f) && *f; f++) {
      if (*f == '^')
        upper = true;
      else if (*f == '#')
        swap = true;
      else
        pad = *f;
    }
    int width = 0;
    while (isdigit((unsigned char)*f)) width = width * 10 + (*f++ - '0');
    if (*f == ':') colon = true, f++;
    char conv = *f;
    if (!conv) break;
    if (conv == '%') {
      out_char('%');
      continue;
    }
    if (!strchr("aAbBcCdDeFgGhHIjklmMnNpPrRsStTuUVwWxXyYzZ", conv)) { /* unknown: printed as is */
      out_char('%');
      out_char(conv);
      continue;
    }
    char text[128];
    convert(conv, colon, tm, t, text, sizeof text);
    if (conv == 'N' && width && width < 9) text[width] = 0, width = 0;
    char* s = text;
    if (numeric_conversion(conv)) {
      if (pad == '-' || pad == '_' || pad == '0') {
        while ((*s == '0' || *s == ' ') && s[1]) s++;
        size_t digits = strlen(s), natural = strlen(text);
        if (pad != '-' && !width) width = (int)natural;
        if (pad == '-') width = 0;
        (void)digits;
      }
    }
    bool has_lower = false; /* '#' swaps: all-capital text goes lower, other text upper */
    for (char* p = s; *p; p++) has_lower |= islower((unsigned char)*p) != 0;
    if (upper || swap)
      for (char* p = s; *p; p++)
        *p = (char)(swap && !has_lower ? tolower((unsigned char)*p) : toupper((unsigned char)*p));
    if (pad == '-') width = 0;
    int len = (int)strlen(s);
    char fill = pad == '_'                                               ? ' '
                : pad == '0' || (numeric_conversion(conv) && pad != '_') ? '0'
                                                                         : ' ';
    if (!numeric_conversion(conv) && pad != '0') fill = ' ';
    for (int k = len; k < width; k++) out_char(fill);
    out_str(s);
  }
  out_char('\n');
}

static bool parse_date(const char* s, struct timespec* t) {
  while (isspace((unsigned char)*s)) s++;
  if (*s == '@') {
    char* end;
    errno = 0;
    long long sec = strtoll(s + 1, &end, 10);
    long nsec = 0;
    if (end == s + 1 || errno) return false;
    if (*end == '.' || *end == ',') {
      long scale = 100000000;
      for (end++; isdigit((unsigned char)*end); end++, scale /= 10) nsec += (*end - '0') * scale;
      if (sec < 0 && nsec) sec--, nsec = 1000000000 - nsec;
    }
    while (isspace((unsigned char)*end)) end++;
    if (*end) return false;
    t->tv_sec = (time_t)sec;
    t->tv_nsec = nsec;
    return true;
  }
  if (strcmp(s, "now") == 0 || !*s) return clock_gettime(CLOCK_REALTIME, t) == 0;
  struct tm tm = {0};
  int n = 0;
  if (sscanf(s, "%d-%d-%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3) return false;
  s += n;
  if (*s == ' ' || *s == 'T') {
    int consumed = 0;
    if (sscanf(s + 1, "%d:%d%n", &tm.tm_hour, &tm.tm_min, &consumed) != 2) return false;
    s += 1 + consumed;
    if (*s == ':' && sscanf(s + 1, "%d%n", &tm.tm_sec, &consumed) == 1) s += 1 + consumed;
  }
  while (isspace((unsigned char)*s)) s++;
  if (*s || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
      tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
    return false;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  t->tv_sec = timegm(&tm);
  t->tv_nsec = 0;
  return true;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  enum { RFC3339 = 256 };
  static const struct option longopts[] = {
      {"date", required_argument, 0, 'd'},         {"utc", no_argument, 0, 'u'},
      {"universal", no_argument, 0, 'u'},          {"reference", required_argument, 0, 'r'},
      {"rfc-email", no_argument, 0, 'R'},          {"iso-8601", optional_argument, 0, 'I'},
      {"rfc-3339", required_argument, 0, RFC3339}, {0, 0, 0, 0}};
  const char *date = NULL, *reference = NULL, *format = NULL;
  int c;
  while ((c = cmd_getopt(argc, argv, "d:ur:RI::", longopts, 1)) != -1) {
    switch (c) {
      case 'd':
        date = optarg;
        break;
      case 'r':
        reference = optarg;
        break;
      case 'R':
        format = "%a, %d %b %Y %H:%M:%S %z";
        break;
      case 'I':
        if (!optarg || strcmp(optarg, "date") == 0)
          format = "%Y-%m-%d";
        else if (strcmp(optarg, "hours") == 0)
          format = "%Y-%m-%dT%H%:z";
        else if (strcmp(optarg, "minutes") == 0)
          format = "%Y-%m-%dT%H:%M%:z";
        else if (strcmp(optarg, "seconds") == 0)
          format = "%Y-%m-%dT%H:%M:%S%:z";
        else if (strcmp(optarg, "ns") == 0)
          format = "%Y-%m-%dT%H:%M:%S,%N%:z";
        else
          usage_error(1, "invalid argument %s for '--iso-8601'", quote(optarg));
        break;
      case RFC3339:
        if (strcmp(optarg, "date") == 0)
          format = "%Y-%m-%d";
        else if (strcmp(optarg, "seconds") == 0)
          format = "%Y-%m-%d %H:%M:%S%:z";
        else if (strcmp(optarg, "ns") == 0)
          format = "%Y-%m-%d %H:%M:%S.%N%:z";
        else
          usage_error(1, "invalid argument %s for '--rfc-3339'", quote(optarg));
        break;
    }
  }
  if (optind < argc && argv[optind][0] == '+') {
    if (format) die(1, "multiple output formats specified");
    format = argv[optind++] + 1;
  }
  if (optind + 1 < argc) usage_error(1, "extra operand %s", quote(argv[optind + 1]));
  if (optind < argc) die(1, "setting the date is not supported: %s", quote(argv[optind]));
  if (date && reference) die(1, "the options to specify dates for printing are mutually exclusive");
  struct timespec t;
  if (reference) {
    struct stat st;
    if (stat(reference, &st) != 0) die_errno(1, "%s", reference);
    t = st.st_mtim;
  } else if (date) {
    if (!parse_date(date, &t)) die(1, "invalid date %s", quote(date));
  } else {
    clock_gettime(CLOCK_REALTIME, &t);
  }
  struct tm tm;
  time_t sec = t.tv_sec;
  if (!gmtime_r(&sec, &tm)) die(1, "time %lld is out of range", (long long)sec);
  format_time(format ? format : "%a %b %e %H:%M:%S %Z %Y", &tm, &t);
  return out_flush() ? 0 : 1;
}
