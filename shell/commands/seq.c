/* seq [-w] [-s SEP] [-f FORMAT] [FIRST [INCREMENT]] LAST: print a sequence of numbers (GNU
 * coreutils). The default format keeps as many decimals as FIRST or INCREMENT show; -w pads with
 * zeros to the widest of FIRST and LAST. Numbers are doubles (GNU's are long doubles). */
#include "common.h"

#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NO_PRECISION 1000000 /* a hex number or infinity: %g */

struct operand {
  double value;
  long width, precision;
};

/* The value, the digits shown after the point and the printed width of ARG, as GNU's scan_arg. */
static struct operand scan(const char* arg) {
  struct operand o;
  char* end;
  o.value = strtod(arg, &end);
  if (end == arg || *end) usage_error(1, "invalid floating point argument: %s", quote(arg));
  if (isnan(o.value)) usage_error(1, "invalid 'not-a-number' argument: %s", quote(arg));
  while (isspace((unsigned char)*arg) || *arg == '+') arg++;
  o.width = (long)strlen(arg);
  o.precision = NO_PRECISION;
  if (strpbrk(arg, "xX") || !isfinite(o.value)) return o;
  const char* point = strchr(arg, '.');
  if (!point) {
    o.precision = 0;
  } else {
    long fraction = (long)strcspn(point + 1, "eE");
    o.precision = fraction;
    o.width += fraction == 0 ? -1 : (point == arg || !isdigit((unsigned char)point[-1]));
  }
  const char* e = strpbrk(arg, "eE");
  if (e) {
    long exponent = strtol(e + 1, NULL, 10);
    o.precision += exponent < 0 ? -exponent : -(o.precision < exponent ? o.precision : exponent);
    o.width -= (long)strlen(arg) - (long)(e - arg);
    if (exponent < 0) {
      if (!point || e == point + 1) o.width++;
      exponent = -exponent;
    } else {
      if (point && o.precision == 0 && exponent > 0) o.width--;
      exponent = -(o.precision < exponent ? o.precision : exponent);
    }
    o.width += exponent;
  }
  return o;
}

static const char* default_format(struct operand first, struct operand step, struct operand last,
                                  bool equal_width) {
  static char buf[64];
  long prec = first.precision > step.precision ? first.precision : step.precision;
  if (prec == NO_PRECISION || last.precision == NO_PRECISION) return "%g";
  if (!equal_width) {
    snprintf(buf, sizeof buf, "%%.%ldf", prec);
    return buf;
  }
  long first_width = first.width + (prec - first.precision);
  long last_width = last.width + (prec - last.precision);
  if (last.precision && prec == 0) last_width--;
  if (last.precision == 0 && prec) last_width++;
  if (first.precision == 0 && prec) first_width++;
  snprintf(buf, sizeof buf, "%%0%ld.%ldf", first_width > last_width ? first_width : last_width,
           prec);
  return buf;
}

/* A user's FORMAT must hold exactly one floating-point directive; 'L' is dropped (doubles). */
static char* checked_format(const char* fmt) {
  char* out = xrealloc(NULL, strlen(fmt) + 1);
  size_t n = 0;
  int directives = 0;
  for (const char* p = fmt; *p;) {
    if (*p != '%') {
      out[n++] = *p++;
      continue;
    }
    if (p[1] == '%') {
      out[n++] = *p++;
      out[n++] = *p++;
      continue;
    }
    out[n++] = *p++;
    while (*p && strchr("-+ #0'123456789.", *p)) out[n++] = *p++;
    if (*p == 'L') p++;
    if (!*p || !strchr("aAeEfFgG", *p)) {
      if (*p) die(1, "format %s has unknown %%%c directive", quote(fmt), *p);
      die(1, "format %s ends in %%", quote(fmt));
    }
    if (++directives > 1) die(1, "format %s has too many %% directives", quote(fmt));
    out[n++] = *p++;
  }
  if (!directives) die(1, "format %s has no %% directive", quote(fmt));
  out[n] = 0;
  return out;
}

static char* formatted(const char* fmt, double x) {
  char* s = NULL;
  if (asprintf(&s, fmt, x) < 0) die(1, "memory exhausted");
  return s;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"format", required_argument, 0, 'f'},
                                           {"separator", required_argument, 0, 's'},
                                           {"equal-width", no_argument, 0, 'w'},
                                           {0, 0, 0, 0}};
  const char *fmt = NULL, *sep = "\n";
  bool equal_width = false;
  while (optind < argc) {
    const char* a = argv[optind];
    if (a[0] == '-' && (a[1] == '.' || isdigit((unsigned char)a[1]))) break; /* a negative number */
    int c = cmd_getopt(argc, argv, "+f:s:w", longopts, 1);
    if (c == -1) break;
    if (c == 'f') fmt = optarg;
    if (c == 's') sep = optarg;
    if (c == 'w') equal_width = true;
  }
  int n = argc - optind;
  if (n < 1) usage_error(1, "missing operand");
  if (n > 3) usage_error(1, "extra operand %s", quote(argv[optind + 3]));
  if (fmt && equal_width)
    usage_error(1, "format string may not be specified when printing equal width strings");
  struct operand first = {1, 1, 0}, step = {1, 1, 0}, last;
  if (n >= 2) first = scan(argv[optind]);
  if (n == 3) {
    step = scan(argv[optind + 1]);
    if (step.value == 0)
      usage_error(1, "invalid Zero increment value: %s", quote(argv[optind + 1]));
  }
  last = scan(argv[optind + n - 1]);
  char* own = fmt ? checked_format(fmt) : NULL;
  const char* f = own ? own : default_format(first, step, last, equal_width);
  bool out_of_range = step.value < 0 ? first.value < last.value : last.value < first.value;
  if (out_of_range) return 0;
  double x = first.value;
  for (double i = 1;; i++) {
    double previous = x;
    char* s = formatted(f, x);
    out_str(s);
    free(s);
    x = first.value + i * step.value;
    out_of_range = step.value < 0 ? x < last.value : last.value < x;
    if (out_of_range) {
      /* GNU prints one more number when it prints as LAST and unlike the previous one
       * (rounding: seq 0 0.000001 0.000003 ends at 0.000003) */
      char *xs = formatted(f, x), *ps = formatted(f, previous);
      bool extra = strtod(xs, NULL) == last.value && strcmp(xs, ps) != 0;
      free(xs);
      free(ps);
      if (!extra) break;
    }
    out_str(sep);
  }
  out_char('\n');
  free(own);
  return out_flush() ? 0 : 1;
}
