/* printf FORMAT [ARGUMENT]...: format and print the arguments, reusing FORMAT while arguments
 * remain (GNU coreutils: its escapes, %b, %q, and its checks of numeric arguments). */
#include "common.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static int status;
static char** args;
static int nargs;

static const char* next_arg(void) {
  if (nargs == 0) return NULL;
  nargs--;
  return *args++;
}

/* Parses S as a number the way GNU does: a leading ' or " gives the next character's code. */
static void check_numeric(const char* s, const char* end) {
  if (errno == ERANGE) {
    warn("%s: %s", quote(s), error_text(errno));
    status = 1;
  } else if (*end) {
    warn(s == end ? "%s: expected a numeric value" : "%s: value not completely converted",
         quote(s));
    status = 1;
  }
}

static bool char_constant(const char* s, long double* value) {
  if (!s || (s[0] != '\'' && s[0] != '"') || !s[1]) return false;
  *value = (unsigned char)s[1];
  if (s[2]) warn("warning: %s: character(s) following character constant have been ignored", s + 2);
  return true;
}

static intmax_t signed_arg(const char* s) {
  long double c;
  if (!s) return 0;
  if (char_constant(s, &c)) return (intmax_t)c;
  char* end;
  errno = 0;
  intmax_t v = strtoimax(s, &end, 0);
  check_numeric(s, end);
  return v;
}

static uintmax_t unsigned_arg(const char* s) {
  long double c;
  if (!s) return 0;
  if (char_constant(s, &c)) return (uintmax_t)c;
  char* end;
  errno = 0;
  uintmax_t v = strtoumax(s, &end, 0);
  check_numeric(s, end);
  return v;
}

static double float_arg(const char* s) {
  long double c;
  if (!s) return 0;
  if (char_constant(s, &c)) return (double)c;
  char* end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno == ERANGE && v != 0) errno = 0; /* GNU prints inf/huge values without complaint */
  check_numeric(s, end);
  return v;
}

/* Prints one escape at S (just after the backslash); returns the characters consumed.
 * In %b arguments octal escapes are \0NNN, in the format \NNN. *stop is set by \c. */
static size_t print_escape(const char* s, bool in_arg, bool* stop) {
  const char* p = s;
  if (*p == 'c' && in_arg) {
    *stop = true;
    return 1;
  }
  if (escape_char(*p) >= 0) {
    out_char((char)escape_char(*p));
    return 1;
  }
  if (*p == 'c') {
    *stop = true;
    return 1;
  }
  if (*p == 'x') {
    int v = 0, n = 0;
    for (p++; n < 2 && hex_digit(*p) >= 0; n++, p++) v = v * 16 + hex_digit(*p);
    if (n == 0) die(1, "missing hexadecimal number in escape");
    out_char((char)v);
    return (size_t)(p - s);
  }
  if (*p >= '0' && *p <= '7') {
    int v = 0, n = 0;
    if (in_arg && *p == '0') p++;
    for (; n < 3 && *p >= '0' && *p <= '7'; n++, p++) v = v * 8 + (*p - '0');
    out_char((char)v);
    return (size_t)(p - s);
  }
  out_char('\\');
  if (!*p) return 0;
  out_char(*p);
  return 1;
}

/* %b: the argument with echo -e's escapes. False when \c ends all output. */
static bool print_b(const char* s) {
  bool stop = false;
  while (*s && !stop) {
    if (*s == '\\') {
      s++;
      s += print_escape(s, true, &stop);
    } else {
      out_char(*s++);
    }
  }
  return !stop;
}

/* %q: the argument quoted so a shell reads it back (GNU's shell-escape style). */
static void print_q(const char* s) {
  if (!*s) {
    out_str("''");
    return;
  }
  bool plain = true;
  for (const char* p = s; *p; p++)
    if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+,:@%=", *p))
      plain = false;
  if (plain) {
    out_str(s);
    return;
  }
  if (strchr(s, '\'') && !strpbrk(s, "$`\\\"!")) {
    out_char('"');
    out_str(s);
    out_char('"');
    return;
  }
  out_char('\'');
  for (; *s; s++) {
    if (*s == '\'')
      out_str("'\\''");
    else
      out_char(*s);
  }
  out_char('\'');
}

static void print_formatted(const char* spec, bool star_width, int width, bool star_prec, int prec,
                            char conv, const char* arg) {
  char buf[64];
  char* text = NULL;
  int n = 0;
#define FORMAT(...)                                        \
  do {                                                     \
    if (star_width && star_prec)                           \
      n = asprintf(&text, spec, width, prec, __VA_ARGS__); \
    else if (star_width)                                   \
      n = asprintf(&text, spec, width, __VA_ARGS__);       \
    else if (star_prec)                                    \
      n = asprintf(&text, spec, prec, __VA_ARGS__);        \
    else                                                   \
      n = asprintf(&text, spec, __VA_ARGS__);              \
  } while (0)
  switch (conv) {
    case 'd':
    case 'i':
      FORMAT(signed_arg(arg));
      break;
    case 'o':
    case 'u':
    case 'x':
    case 'X':
      FORMAT(unsigned_arg(arg));
      break;
    case 'c': {
      char c = arg ? arg[0] : 0;
      FORMAT(c);
      break;
    }
    case 's':
      FORMAT(arg ? arg : "");
      break;
    default:
      FORMAT(float_arg(arg));
      break;
  }
#undef FORMAT
  (void)buf;
  if (n > 0) out_write(text, (size_t)n);
  free(text);
}

static int width_arg(const char* s) {
  intmax_t v = signed_arg(s);
  if (v < -2147483647 || v > 2147483647) die(1, "invalid field width: %s", quote(s));
  return (int)v;
}

/* Runs FORMAT once; false when \c or %b's \c ended all output. */
static bool run_format(const char* f) {
  for (const char* p = f; *p;) {
    if (*p == '\\') {
      bool stop = false;
      p++;
      p += print_escape(p, false, &stop);
      if (stop) return false;
      continue;
    }
    if (*p != '%') {
      out_char(*p++);
      continue;
    }
    const char* start = p++;
    if (*p == '%') {
      out_char('%');
      p++;
      continue;
    }
    char spec[64];
    size_t len = 0;
    spec[len++] = '%';
    for (; *p && strchr("-+ #0'", *p); p++)
      if (len < 40 && *p != '\'') spec[len++] = *p;
    bool star_width = false, star_prec = false;
    int width = 0, prec = 0;
    if (*p == '*') {
      star_width = true;
      width = width_arg(next_arg());
      spec[len++] = '*';
      p++;
    } else {
      for (; *p >= '0' && *p <= '9'; p++)
        if (len < 50) spec[len++] = *p;
    }
    if (*p == '.') {
      spec[len++] = '.';
      p++;
      if (*p == '*') {
        star_prec = true;
        prec = width_arg(next_arg());
        spec[len++] = '*';
        p++;
      } else {
        for (; *p >= '0' && *p <= '9'; p++)
          if (len < 58) spec[len++] = *p;
      }
    }
    while (*p && strchr("hlLjzt", *p)) p++;
    char conv = *p;
    if (!conv || !strchr("diouxXfFeEgGaAcsbq", conv)) {
      int shown = (int)(p - start) + (conv ? 1 : 0);
      die(1, "%.*s: invalid conversion specification", shown, start);
    }
    p++;
    if (conv == 'b') {
      const char* arg = next_arg();
      if (!print_b(arg ? arg : "")) return false;
      continue;
    }
    if (conv == 'q') {
      const char* arg = next_arg();
      print_q(arg ? arg : "");
      continue;
    }
    if (strchr("diouxX", conv)) {
      memcpy(spec + len, "j", 1);
      len++;
    }
    spec[len++] = conv;
    spec[len] = 0;
    print_formatted(spec, star_width, width, star_prec, prec, conv, next_arg());
  }
  return true;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  int first = 1;
  if (argc > 1 && strcmp(argv[1], "--") == 0) first = 2;
  if (argc <= first) usage_error(1, "missing operand");
  const char* format = argv[first];
  args = argv + first + 1;
  nargs = argc - first - 1;
  for (;;) {
    int before = nargs;
    if (!run_format(format)) break;
    if (nargs == 0) break;
    if (nargs == before) {
      warn("warning: ignoring excess arguments, starting with %s", quote(*args));
      break;
    }
  }
  return out_flush() ? status : 1;
}
