/* sort [-bdfghinrsuzcC] [-k POS1[,POS2]]... [-t SEP] [-o FILE] [FILE]...: sort lines (GNU
 * coreutils, C locale): keys as GNU's begfield/limfield find them, global options inherited by
 * keys that have none, and on ties the whole line's bytes decide unless -s or -u. Input is held
 * in memory; when it cannot be, sort fails with "memory exhausted" (status 2). */
#include "common.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct key {
  size_t sword, schar, eword, echar; /* SIZE_MAX sword: line start; SIZE_MAX eword: line end */
  bool skip_start_blanks, skip_end_blanks, dictionary, fold, ignore_nonprinting, numeric, general,
      human, reverse;
};

struct line {
  const char* text;
  size_t len; /* without the delimiter */
};

static struct key* keys;
static size_t nkeys;
static struct key global;
static int tab = -1; /* -1: fields are separated by blanks */
static bool stable, unique;

static bool blank(char c) { return c == ' ' || c == '\t'; }

static const char* key_start(const struct line* l, const struct key* k) {
  const char *p = l->text, *lim = p + l->len;
  if (k->sword == SIZE_MAX) {
    while (k->skip_start_blanks && p < lim && blank(*p)) p++;
    return p;
  }
  size_t sword = k->sword;
  if (tab >= 0) {
    while (p < lim && sword--) {
      while (p < lim && *p != tab) p++;
      if (p < lim) p++;
    }
  } else {
    while (p < lim && sword--) {
      while (p < lim && blank(*p)) p++;
      while (p < lim && !blank(*p)) p++;
    }
  }
  if (k->skip_start_blanks)
    while (p < lim && blank(*p)) p++;
  return (size_t)(lim - p) < k->schar ? lim : p + k->schar;
}

static const char* key_end(const struct line* l, const struct key* k) {
  const char *p = l->text, *lim = p + l->len;
  if (k->eword == SIZE_MAX) return lim;
  size_t eword = k->eword, echar = k->echar;
  if (echar == 0) eword++; /* all of the end field */
  if (tab >= 0) {
    while (p < lim && eword--) {
      while (p < lim && *p != tab) p++;
      if (p < lim && (eword || echar)) p++;
    }
  } else {
    while (p < lim && eword--) {
      while (p < lim && blank(*p)) p++;
      while (p < lim && !blank(*p)) p++;
    }
  }
  if (echar) {
    if (k->skip_end_blanks)
      while (p < lim && blank(*p)) p++;
    p = (size_t)(lim - p) < echar ? lim : p + echar;
  }
  return p;
}

/* A decimal number's parts as GNU's numcompare reads them (leading blanks skipped). */
struct number {
  bool negative, zero;
  const char *integer, *fraction;
  size_t ilen, flen;
};

static struct number scan_number(const char* p, const char* end) {
  struct number n = {0};
  while (p < end && blank(*p)) p++;
  if (p < end && *p == '-') n.negative = true, p++;
  while (p < end && *p == '0') p++;
  n.integer = p;
  while (p < end && isdigit((unsigned char)*p)) p++;
  n.ilen = (size_t)(p - n.integer);
  n.fraction = p;
  if (p < end && *p == '.') {
    n.fraction = ++p;
    while (p < end && isdigit((unsigned char)*p)) p++;
    n.flen = (size_t)(p - n.fraction);
    while (n.flen && n.fraction[n.flen - 1] == '0') n.flen--;
  }
  n.zero = n.ilen == 0 && n.flen == 0;
  return n;
}

static int compare_magnitude(const struct number* a, const struct number* b) {
  if (a->ilen != b->ilen) return a->ilen < b->ilen ? -1 : 1;
  int c = memcmp(a->integer, b->integer, a->ilen);
  if (c) return c;
  size_t n = a->flen < b->flen ? a->flen : b->flen;
  c = memcmp(a->fraction, b->fraction, n);
  if (c) return c;
  return a->flen < b->flen ? -1 : a->flen > b->flen;
}

static int numeric_compare(const char* a, const char* ae, const char* b, const char* be) {
  struct number x = scan_number(a, ae), y = scan_number(b, be);
  if (x.zero && y.zero) return 0;
  bool xneg = x.negative && !x.zero, yneg = y.negative && !y.zero;
  if (xneg != yneg) return xneg ? -1 : 1;
  int c = compare_magnitude(&x, &y);
  return xneg ? -c : c;
}

/* The order of a number's unit suffix (K 1, M 2 ... Y 8), negative for negative numbers. */
static int unit_order(const char* p, const char* end) {
  while (p < end && blank(*p)) p++;
  bool minus = p < end && *p == '-';
  p += minus;
  bool nonzero = false;
  while (p < end && isdigit((unsigned char)*p)) nonzero |= *p++ != '0';
  if (p < end && *p == '.')
    for (p++; p < end && isdigit((unsigned char)*p); p++) nonzero |= *p != '0';
  if (!nonzero || p >= end) return 0;
  const char* units = "KMGTPEZYRQ";
  const char* u = *p == 'k' ? units : strchr(units, *p);
  int order = u && *p ? (int)(u - units) + 1 : 0;
  return minus ? -order : order;
}

static int general_compare(const char* a, const char* ae, const char* b, const char* be) {
  char *sa = strndup(a, (size_t)(ae - a)), *sb = strndup(b, (size_t)(be - b)), *ea, *eb;
  double x = strtod(sa, &ea), y = strtod(sb, &eb);
  int r;
  if (sa == ea)
    r = sb == eb ? 0 : -1;
  else if (sb == eb)
    r = 1;
  else
    r = x < y ? -1 : x > y ? 1 : x == y ? 0 : y == y ? -1 : x == x ? 1 : 0;
  free(sa);
  free(sb);
  return r;
}

/* Byte comparison with -d, -i and -f applied. */
static int filtered_compare(const struct key* k, const char* a, const char* ae, const char* b,
                            const char* be) {
  for (;;) {
    if (k->dictionary || k->ignore_nonprinting) {
      while (a < ae && (k->dictionary ? !(isalnum((unsigned char)*a) || blank(*a))
                                      : !isprint((unsigned char)*a)))
        a++;
      while (b < be && (k->dictionary ? !(isalnum((unsigned char)*b) || blank(*b))
                                      : !isprint((unsigned char)*b)))
        b++;
    }
    if (a >= ae || b >= be) return (a < ae) - (b < be);
    int ca = (unsigned char)*a++, cb = (unsigned char)*b++;
    if (k->fold) ca = toupper(ca), cb = toupper(cb);
    if (ca != cb) return ca < cb ? -1 : 1;
  }
}

static int key_compare(const struct line* x, const struct line* y) {
  for (size_t i = 0; i < nkeys; i++) {
    const struct key* k = &keys[i];
    const char *a = key_start(x, k), *ae = key_end(x, k), *b = key_start(y, k), *be = key_end(y, k);
    if (ae < a) ae = a;
    if (be < b) be = b;
    int diff;
    if (k->numeric) {
      diff = numeric_compare(a, ae, b, be);
    } else if (k->human) {
      diff = unit_order(a, ae) - unit_order(b, be);
      if (!diff) diff = numeric_compare(a, ae, b, be);
    } else if (k->general) {
      diff = general_compare(a, ae, b, be);
    } else if (k->dictionary || k->fold || k->ignore_nonprinting) {
      diff = filtered_compare(k, a, ae, b, be);
    } else {
      size_t la = (size_t)(ae - a), lb = (size_t)(be - b);
      diff = memcmp(a, b, la < lb ? la : lb);
      if (!diff) diff = la < lb ? -1 : la != lb;
    }
    if (diff) return k->reverse ? -diff : diff;
  }
  return 0;
}

static int compare(const struct line* a, const struct line* b) {
  if (nkeys) {
    int diff = key_compare(a, b);
    if (diff || unique || stable) return diff;
  }
  int diff = memcmp(a->text, b->text, a->len < b->len ? a->len : b->len);
  if (!diff) diff = a->len < b->len ? -1 : a->len != b->len;
  return global.reverse ? -diff : diff;
}

static void merge_sort(struct line* v, struct line* tmp, size_t n) {
  if (n < 2) return;
  size_t half = n / 2;
  merge_sort(v, tmp, half);
  merge_sort(v + half, tmp, n - half);
  size_t i = 0, j = half, k = 0;
  while (i < half && j < n) tmp[k++] = compare(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
  while (i < half) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

static _Noreturn void bad_field_spec(const char* spec, const char* why) {
  die(2, "%s: invalid field specification %s", why, quote(spec));
}

/* Ordering letters after a field position; returns where they end. */
static const char* ordering(const char* s, struct key* k, bool at_end) {
  for (;; s++) {
    switch (*s) {
      case 'b':
        if (at_end)
          k->skip_end_blanks = true;
        else
          k->skip_start_blanks = true;
        break;
      case 'd':
        k->dictionary = true;
        break;
      case 'f':
        k->fold = true;
        break;
      case 'g':
        k->general = true;
        break;
      case 'h':
        k->human = true;
        break;
      case 'i':
        k->ignore_nonprinting = true;
        break;
      case 'n':
        k->numeric = true;
        break;
      case 'r':
        k->reverse = true;
        break;
      default:
        return s;
    }
  }
}

static const char* field_count(const char* s, size_t* out, const char* spec, const char* why) {
  if (!isdigit((unsigned char)*s)) {
    die(2, "%s: invalid count at start of %s", why, quote(s));
  }
  size_t v = 0;
  for (; isdigit((unsigned char)*s); s++)
    v = v > SIZE_MAX / 10 - 1 ? SIZE_MAX - 1 : v * 10 + (size_t)(*s - '0');
  (void)spec;
  *out = v;
  return s;
}

static void add_key(const char* spec) {
  struct key k = {0};
  const char* s = field_count(spec, &k.sword, spec, "invalid number at field start");
  if (!k.sword--) bad_field_spec(spec, "field number is zero");
  if (*s == '.') {
    s = field_count(s + 1, &k.schar, spec, "invalid number after '.'");
    if (!k.schar--) bad_field_spec(spec, "character offset is zero");
  }
  if (!k.sword && !k.schar) k.sword = SIZE_MAX;
  s = ordering(s, &k, false);
  if (*s != ',') {
    k.eword = SIZE_MAX;
  } else {
    s = field_count(s + 1, &k.eword, spec, "invalid number after ','");
    if (!k.eword--) bad_field_spec(spec, "field number is zero");
    if (*s == '.') s = field_count(s + 1, &k.echar, spec, "invalid number after '.'");
    s = ordering(s, &k, true);
  }
  if (*s) bad_field_spec(spec, "stray character in field spec");
  keys = xrealloc(keys, (nkeys + 1) * sizeof *keys);
  keys[nkeys++] = k;
}

static bool plain_key(const struct key* k) {
  return !(k->dictionary || k->fold || k->ignore_nonprinting || k->skip_start_blanks ||
           k->skip_end_blanks || k->numeric || k->general || k->human);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"ignore-leading-blanks", no_argument, 0, 'b'},
                                           {"dictionary-order", no_argument, 0, 'd'},
                                           {"ignore-case", no_argument, 0, 'f'},
                                           {"general-numeric-sort", no_argument, 0, 'g'},
                                           {"human-numeric-sort", no_argument, 0, 'h'},
                                           {"ignore-nonprinting", no_argument, 0, 'i'},
                                           {"numeric-sort", no_argument, 0, 'n'},
                                           {"reverse", no_argument, 0, 'r'},
                                           {"stable", no_argument, 0, 's'},
                                           {"unique", no_argument, 0, 'u'},
                                           {"key", required_argument, 0, 'k'},
                                           {"field-separator", required_argument, 0, 't'},
                                           {"output", required_argument, 0, 'o'},
                                           {"zero-terminated", no_argument, 0, 'z'},
                                           {"check", optional_argument, 0, 'c'},
                                           {0, 0, 0, 0}};
  const char* output = NULL;
  int check = 0; /* 1: -c, 2: -C */
  char eol = '\n';
  int c;
  while ((c = cmd_getopt(argc, argv, "bcCdfghik:mno:rsS:t:T:uz", longopts, 2)) != -1) {
    switch (c) {
      case 'b':
        global.skip_start_blanks = global.skip_end_blanks = true;
        break;
      case 'c':
        check = 1;
        break;
      case 'C':
        check = 2;
        break;
      case 'd':
        global.dictionary = true;
        break;
      case 'f':
        global.fold = true;
        break;
      case 'g':
        global.general = true;
        break;
      case 'h':
        global.human = true;
        break;
      case 'i':
        global.ignore_nonprinting = true;
        break;
      case 'n':
        global.numeric = true;
        break;
      case 'r':
        global.reverse = true;
        break;
      case 's':
        stable = true;
        break;
      case 'u':
        unique = true;
        break;
      case 'k':
        add_key(optarg);
        break;
      case 'o':
        output = optarg;
        break;
      case 'z':
        eol = 0;
        break;
      case 't':
        if (optarg[0] && optarg[1]) {
          if (strcmp(optarg, "\\0") != 0) die(2, "multi-character tab %s", quote(optarg));
          tab = 0;
        } else {
          if (!optarg[0]) die(2, "empty tab");
          tab = (unsigned char)optarg[0];
        }
        break;
    }
  }
  for (size_t i = 0; i < nkeys; i++) /* keys without options of their own take the global ones */
    if (plain_key(&keys[i]) && !keys[i].reverse) {
      struct key k = global;
      k.sword = keys[i].sword, k.schar = keys[i].schar;
      k.eword = keys[i].eword, k.echar = keys[i].echar;
      keys[i] = k;
    }
  if (!nkeys && !plain_key(&global)) {
    struct key k = global;
    k.sword = k.eword = SIZE_MAX;
    keys = xrealloc(NULL, sizeof *keys);
    keys[nkeys++] = k;
  }
  char** files;
  int nfiles = file_operands(argc, argv, optind, &files);
  if (check && nfiles > 1)
    die(2, "extra operand %s not allowed with -%c", quote(files[1]), check == 1 ? 'c' : 'C');
  struct bytes data = {0};
  for (int i = 0; i < nfiles; i++) {
    int fd = open_input(files[i]);
    if (fd < 0) die_errno(2, "cannot read: %s", quotef(files[i]));
    size_t before = data.len;
    if (read_all(fd, &data) < 0) die_errno(2, "read failed: %s", quotef(files[i]));
    if (data.len > before && data.data[data.len - 1] != eol) bytes_addc(&data, eol);
    if (fd > 0) close(fd);
  }
  size_t nlines = 0, cap = 0;
  struct line* lines = NULL;
  for (size_t at = 0; at < data.len;) {
    const char* end = memchr(data.data + at, eol, data.len - at);
    if (nlines == cap) lines = xrealloc(lines, (cap = cap ? cap * 2 : 1024) * sizeof *lines);
    lines[nlines++] = (struct line){data.data + at, (size_t)(end - (data.data + at))};
    at = (size_t)(end - data.data) + 1;
  }
  if (check) {
    for (size_t i = 1; i < nlines; i++) {
      int diff = compare(&lines[i - 1], &lines[i]);
      if (diff > 0 || (unique && diff == 0)) {
        if (check == 1) {
          fprintf(stderr, "%s: %s:%zu: disorder: ", prog, files[0], i + 1);
          fwrite(lines[i].text, 1, lines[i].len, stderr);
          fputc('\n', stderr);
        }
        return 1;
      }
    }
    return 0;
  }
  struct line* tmp = xrealloc(NULL, (nlines ? nlines : 1) * sizeof *tmp);
  merge_sort(lines, tmp, nlines);
  if (output && strcmp(output, "-") != 0) {
    int fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) die_errno(2, "open failed: %s", quotef(output));
    out_to(fd);
  }
  for (size_t i = 0; i < nlines; i++) {
    if (unique && i > 0 && compare(&lines[i - 1], &lines[i]) == 0) continue;
    out_write(lines[i].text, lines[i].len);
    out_char(eol);
  }
  return out_flush() ? 0 : 2;
}
