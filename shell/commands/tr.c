/* tr [-cdst] SET1 [SET2]: translate, delete (-d) or squeeze (-s) bytes (GNU coreutils). Sets
 * take escapes (\n \\ \NNN ...), ranges a-z, classes [:alpha:], equivalences [=c=] and, in SET2,
 * repeats [c*n] and [c*]. Streams. */
#include "common.h"

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An expanded set: its bytes in order, and where a [c*] fill (SET2 only) goes. */
struct set {
  unsigned char* c;
  size_t len, cap;
  long fill_at;         /* index of the [c*] construct, -1 if none */
  unsigned char fill;   /* its byte */
  bool has_class_other; /* a class other than upper/lower (refused in SET2) */
};

static void set_add(struct set* s, unsigned char c) {
  if (s->len == s->cap) s->c = xrealloc(s->c, s->cap = s->cap ? s->cap * 2 : 64);
  s->c[s->len++] = c;
}

/* One possibly escaped character at *p, advancing *p. */
static unsigned char next_char(const char** p, const char* whole) {
  const char* s = *p;
  if (*s != '\\') {
    *p = s + 1;
    return (unsigned char)*s;
  }
  s++;
  if (!*s) {
    warn("warning: an unescaped backslash at end of string is not portable");
    *p = s;
    return '\\';
  }
  if (*s >= '0' && *s <= '7') {
    unsigned v = 0;
    int n = 0;
    for (; n < 3 && *s >= '0' && *s <= '7'; n++, s++) {
      if (v * 8 + (unsigned)(*s - '0') > 255) break;
      v = v * 8 + (unsigned)(*s - '0');
    }
    *p = s;
    return (unsigned char)v;
  }
  int e = escape_char(*s);
  *p = s + 1;
  (void)whole;
  return e >= 0 && *s != '"' ? (unsigned char)e : (unsigned char)*s;
}

static bool in_class(const char* name, size_t len, int c, bool* known) {
  static const struct {
    const char* name;
    int (*test)(int);
  } classes[] = {{"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank}, {"cntrl", iscntrl},
                 {"digit", isdigit}, {"graph", isgraph}, {"lower", islower}, {"print", isprint},
                 {"punct", ispunct}, {"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit}};
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
    if (strlen(classes[i].name) == len && memcmp(classes[i].name, name, len) == 0) {
      *known = true;
      return classes[i].test(c);
    }
  *known = false;
  return false;
}

static struct set expand(const char* str, bool is_set2) {
  struct set s = {0};
  s.fill_at = -1;
  const char* p = str;
  while (*p) {
    if (p[0] == '[' && p[1] == ':' && strstr(p + 2, ":]")) {
      const char *name = p + 2, *end = strstr(name, ":]");
      bool known;
      in_class(name, (size_t)(end - name), 0, &known);
      size_t len = (size_t)(end - name);
      if (!known) {
        char bad[64];
        snprintf(bad, sizeof bad, "%.*s", (int)len, name);
        die(1, "invalid character class %s", quote(bad));
      }
      if (!(len == 5 && (!memcmp(name, "upper", 5) || !memcmp(name, "lower", 5))))
        s.has_class_other = true;
      for (int c = 0; c < 256; c++)
        if (in_class(name, len, c, &known)) set_add(&s, (unsigned char)c);
      p = end + 2;
      continue;
    }
    if (p[0] == '[' && p[1] == '=' && p[2] && p[3] == '=' && p[4] == ']') {
      set_add(&s, (unsigned char)p[2]);
      p += 5;
      continue;
    }
    if (p[0] == '[' && p[1] && (p[2] == '*' || (p[1] == '\\' && p[2]))) {
      const char* q = p + 1;
      unsigned char c = next_char(&q, str);
      if (*q == '*') {
        const char *count = q + 1, *close = strchr(count, ']');
        if (close) {
          if (!is_set2) die(1, "the [c*] repeat construct may not appear in string1");
          char digits[64];
          snprintf(digits, sizeof digits, "%.*s", (int)(close - count), count);
          char* end;
          unsigned long n = strtoul(digits, &end, digits[0] == '0' ? 8 : 10);
          if (*end) die(1, "invalid repeat count %s in [c*n] construct", quote(digits));
          if (n == 0) {
            s.fill_at = (long)s.len;
            s.fill = c;
          }
          for (unsigned long k = 0; k < n && k < 1000000; k++) set_add(&s, c);
          p = close + 1;
          continue;
        }
      }
    }
    const char* start = p;
    unsigned char lo = next_char(&p, str);
    if (p[0] == '-' && p[1]) {
      const char* q = p + 1;
      unsigned char hi = next_char(&q, str);
      if (hi < lo) {
        char range[64];
        snprintf(range, sizeof range, "%.*s", (int)(q - start), start);
        die(1, "range-endpoints of %s are in reverse collating sequence order", quote(range));
      }
      for (int c = lo; c <= hi; c++) set_add(&s, (unsigned char)c);
      p = q;
      continue;
    }
    set_add(&s, lo);
  }
  return s;
}

/* An operand error: the message, GNU's explanation line, the usage hint. */
static _Noreturn void operand_error(const char* message, const char* operand, const char* why) {
  warn(message, quote(operand));
  fprintf(stderr, "%s\nTry '%s --help' for more information.\n", why, prog);
  exit(1);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"complement", no_argument, 0, 'c'},
                                           {"delete", no_argument, 0, 'd'},
                                           {"squeeze-repeats", no_argument, 0, 's'},
                                           {"truncate-set1", no_argument, 0, 't'},
                                           {0, 0, 0, 0}};
  bool complement = false, del = false, squeeze = false, truncate = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "+cCdst", longopts, 1)) != -1) {
    if (c == 'c' || c == 'C') complement = true;
    if (c == 'd') del = true;
    if (c == 's') squeeze = true;
    if (c == 't') truncate = true;
  }
  int n = argc - optind;
  bool translating = !del && n >= 2;
  int needed = (del && squeeze) || (!del && !squeeze) ? 2 : 1;
  int allowed = del && !squeeze ? 1 : 2;
  if (n < 1) usage_error(1, "missing operand");
  if (n < needed) {
    operand_error("missing operand after %s", argv[argc - 1],
                  del ? "Two strings must be given when both deleting and squeezing repeats."
                      : "Two strings must be given when translating.");
  }
  if (n > allowed && allowed == 2) usage_error(1, "extra operand %s", quote(argv[optind + 2]));
  if (n > allowed) {
    operand_error("extra operand %s", argv[optind + 1],
                  "Only one string may be given when deleting without squeezing repeats.");
  }
  struct set s1 = expand(argv[optind], false);
  struct set s2 = n >= 2 ? expand(argv[optind + 1], true) : (struct set){0};
  bool in1[256] = {0}, squeezable[256] = {0};
  for (size_t i = 0; i < s1.len; i++) in1[s1.c[i]] = true;
  if (complement) { /* SET1 becomes every byte not in it, in ascending order */
    s1.len = 0;
    for (int b = 0; b < 256; b++)
      if (!in1[b]) set_add(&s1, (unsigned char)b);
    for (int b = 0; b < 256; b++) in1[b] = !in1[b];
  }
  int map[256];
  for (int b = 0; b < 256; b++) map[b] = b;
  if (translating) {
    if (s2.has_class_other)
      die(1,
          "when translating, the only character classes that may appear in\nstring2 are "
          "'upper' and 'lower'");
    if (s2.fill_at >= 0 && s1.len > s2.len) { /* [c*] fills SET2 up to SET1's length */
      size_t extra = s1.len - s2.len;
      for (size_t k = 0; k < extra; k++) set_add(&s2, 0);
      memmove(s2.c + s2.fill_at + extra, s2.c + s2.fill_at, s2.len - extra - (size_t)s2.fill_at);
      memset(s2.c + s2.fill_at, s2.fill, extra);
    }
    if (s2.len == 0 && !truncate && s1.len > 0)
      die(1, "when not truncating set1, string2 must be non-empty");
    size_t count = truncate && s2.len < s1.len ? s2.len : s1.len;
    for (size_t i = 0; i < count; i++) map[s1.c[i]] = s2.c[i < s2.len ? i : s2.len - 1];
  }
  const struct set* last = n >= 2 ? &s2 : &s1;
  if (squeeze)
    for (size_t i = 0; i < last->len; i++) squeezable[last->c[i]] = true;
  static unsigned char buf[65536];
  int previous = -1;
  ssize_t got;
  while ((got = read_some(0, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < got; i++) {
      int b = buf[i];
      if (del && in1[b]) continue;
      b = map[b];
      if (squeeze && b == previous && squeezable[b]) continue;
      previous = b;
      out_char((char)b);
    }
  }
  if (got < 0) die_errno(1, "read error");
  return out_flush() ? 0 : 1;
}
