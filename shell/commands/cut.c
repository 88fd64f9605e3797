/* cut -b LIST | -c LIST | -f LIST [-d DELIM] [-s] [--complement] [--output-delimiter=S] [-z]
 * [FILE]...: print selected bytes, characters (bytes, in the C locale) or fields of each line
 * (GNU coreutils: its list syntax and messages; overlapping ranges merge). Streams line by line. */
#include "common.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct range {
  uintmax_t lo, hi;
};

static struct range* ranges;
static size_t nranges;
static bool by_fields;

static void add_range(uintmax_t lo, uintmax_t hi) {
  ranges = xrealloc(ranges, (nranges + 1) * sizeof *ranges);
  ranges[nranges++] = (struct range){lo, hi};
}

static int by_lo(const void* a, const void* b) {
  const struct range *x = a, *y = b;
  return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* LIST as GNU's set_fields parses it; errors end with the usage hint. */
static void parse_list(const char* s, bool complement) {
  const char* numbered =
      by_fields ? "fields are numbered from 1" : "byte/character positions are numbered from 1";
  uintmax_t value = 0, initial = 1;
  bool lhs = false, rhs = false, dash = false;
  const char* num_start = NULL;
  for (;; s++) {
    if (*s == '-') {
      if (dash)
        usage_error(1, by_fields ? "invalid field range" : "invalid byte or character range");
      dash = true;
      if (lhs && !value) usage_error(1, "%s", numbered);
      initial = lhs ? value : 1;
      value = 0;
      num_start = NULL;
    } else if (*s == ',' || *s == ' ' || *s == '\t' || !*s) {
      if (dash) {
        if (!lhs && !rhs) usage_error(1, "invalid range with no endpoint: -");
        if (!rhs) {
          add_range(initial, UINTMAX_MAX);
        } else {
          if (value < initial) usage_error(1, "invalid decreasing range");
          add_range(initial, value);
        }
      } else {
        if (value == 0) usage_error(1, "%s", numbered);
        add_range(value, value);
      }
      if (!*s) break;
      value = 0;
      lhs = rhs = dash = false;
      num_start = NULL;
    } else if (isdigit((unsigned char)*s)) {
      if (!num_start) num_start = s;
      if (dash)
        rhs = true;
      else
        lhs = true;
      if (value > (UINTMAX_MAX - 10) / 10) {
        int len = (int)strspn(num_start, "0123456789");
        char bad[64];
        snprintf(bad, sizeof bad, "%.*s", len, num_start);
        usage_error(1, by_fields ? "field number %s is too large" : "byte offset %s is too large",
                    quote(bad));
      }
      value = value * 10 + (uintmax_t)(*s - '0');
    } else {
      usage_error(1, by_fields ? "invalid field value %s" : "invalid byte/character position %s",
                  quote(s));
    }
  }
  qsort(ranges, nranges, sizeof *ranges, by_lo);
  size_t kept = 0;
  for (size_t i = 0; i < nranges; i++) {
    if (kept && ranges[i].lo <= ranges[kept - 1].hi) {
      if (ranges[i].hi > ranges[kept - 1].hi) ranges[kept - 1].hi = ranges[i].hi;
    } else {
      ranges[kept++] = ranges[i];
    }
  }
  nranges = kept;
  if (complement) { /* the gaps between the ranges */
    struct range* old = ranges;
    size_t n = nranges;
    ranges = NULL;
    nranges = 0;
    uintmax_t next = 1;
    for (size_t i = 0; i < n; i++) {
      if (old[i].lo > next) add_range(next, old[i].lo - 1);
      next = old[i].hi == UINTMAX_MAX ? UINTMAX_MAX : old[i].hi + 1;
    }
    if (next != UINTMAX_MAX) add_range(next, UINTMAX_MAX);
    free(old);
  }
}

/* The index of the range holding position N (1-based), or -1. */
static long range_of(uintmax_t n, size_t* hint) {
  while (*hint < nranges && ranges[*hint].hi < n) (*hint)++;
  return *hint < nranges && ranges[*hint].lo <= n ? (long)*hint : -1;
}

struct options {
  char delim, eol;
  const char* out_delim;
  bool only_delimited;
};

static void cut_bytes(const char* line, size_t len, const struct options* o) {
  size_t hint = 0;
  long last = -1;
  for (size_t i = 0; i < len; i++) {
    long r = range_of(i + 1, &hint);
    if (r < 0) continue;
    if (o->out_delim && last >= 0 && r != last) out_str(o->out_delim);
    last = r;
    out_char(line[i]);
  }
  out_char(o->eol);
}

static void cut_fields(const char* line, size_t len, const struct options* o) {
  if (!memchr(line, o->delim, len)) {
    if (o->only_delimited) return;
    out_write(line, len);
    out_char(o->eol);
    return;
  }
  size_t hint = 0, start = 0;
  uintmax_t field = 1;
  bool printed = false;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && line[i] != o->delim) continue;
    if (range_of(field, &hint) >= 0) {
      if (printed) {
        if (o->out_delim)
          out_str(o->out_delim);
        else
          out_char(o->delim);
      }
      out_write(line + start, i - start);
      printed = true;
    }
    field++;
    start = i + 1;
    if (hint >= nranges) break;
  }
  out_char(o->eol);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  enum { COMPLEMENT = 256, OUTPUT_DELIMITER };
  static const struct option longopts[] = {
      {"bytes", required_argument, 0, 'b'},
      {"characters", required_argument, 0, 'c'},
      {"fields", required_argument, 0, 'f'},
      {"delimiter", required_argument, 0, 'd'},
      {"only-delimited", no_argument, 0, 's'},
      {"zero-terminated", no_argument, 0, 'z'},
      {"complement", no_argument, 0, COMPLEMENT},
      {"output-delimiter", required_argument, 0, OUTPUT_DELIMITER},
      {0, 0, 0, 0}};
  struct options o = {'\t', '\n', NULL, false};
  const char* list = NULL;
  bool complement = false, delim_given = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "b:c:f:d:nsz", longopts, 1)) != -1) {
    switch (c) {
      case 'b':
      case 'c':
      case 'f':
        if (list) usage_error(1, "only one list may be specified");
        list = optarg;
        by_fields = c == 'f';
        break;
      case 'd':
        if (optarg[0] && optarg[1]) usage_error(1, "the delimiter must be a single character");
        o.delim = optarg[0];
        delim_given = true;
        break;
      case 's':
        o.only_delimited = true;
        break;
      case 'z':
        o.eol = 0;
        break;
      case COMPLEMENT:
        complement = true;
        break;
      case OUTPUT_DELIMITER:
        o.out_delim = optarg;
        break;
    }
  }
  if (!list) usage_error(1, "you must specify a list of bytes, characters, or fields");
  if (!by_fields && delim_given)
    usage_error(1, "an input delimiter may be specified only when operating on fields");
  if (!by_fields && o.only_delimited)
    usage_error(1, "suppressing non-delimited lines makes sense\n\tonly when operating on fields");
  parse_list(list, complement);
  char** files;
  int nfiles = file_operands(argc, argv, optind, &files), status = 0;
  for (int i = 0; i < nfiles; i++) {
    int fd = open_input(files[i]);
    if (fd < 0) {
      warn_errno("%s", quotef(files[i]));
      status = 1;
      continue;
    }
    struct line_reader r;
    line_reader_init(&r, fd, o.eol);
    size_t len;
    char* line;
    while ((line = line_next(&r, &len))) {
      if (len && line[len - 1] == o.eol) len--;
      if (by_fields)
        cut_fields(line, len, &o);
      else
        cut_bytes(line, len, &o);
    }
    if (r.err) {
      errno = r.err;
      warn_errno("%s", quotef(files[i]));
      status = 1;
    }
    line_reader_free(&r);
    if (fd > 0) close(fd);
  }
  return out_flush() ? status : 1;
}
