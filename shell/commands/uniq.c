/* uniq [-cdDiuz] [-f N] [-s N] [-w N] [INPUT [OUTPUT]]: collapse runs of equal adjacent lines
 * (GNU coreutils): -c counts, -d only repeated, -u only unique, -D every repeated line; the
 * comparison skips N fields (-f), then N bytes (-s), and looks at N bytes at most (-w). */
#include "common.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uintmax_t skip_fields, skip_chars, check_chars = UINTMAX_MAX;
static bool ignore_case;

/* The part of LINE that is compared. */
static const char* key(const char* line, size_t len, size_t* key_len) {
  const char *p = line, *end = line + len;
  for (uintmax_t f = 0; f < skip_fields && p < end; f++) {
    while (p < end && isblank((unsigned char)*p)) p++;
    while (p < end && !isblank((unsigned char)*p)) p++;
  }
  for (uintmax_t c = 0; c < skip_chars && p < end; c++) p++;
  size_t n = (size_t)(end - p);
  *key_len = check_chars < n ? (size_t)check_chars : n;
  return p;
}

static bool equal_bytes(const char* a, const char* b, size_t n) {
  if (!ignore_case) return memcmp(a, b, n) == 0;
  for (size_t i = 0; i < n; i++)
    if (toupper((unsigned char)a[i]) != toupper((unsigned char)b[i])) return false;
  return true;
}

static size_t content_len(const char* line, size_t len, char eol) {
  return len && line[len - 1] == eol ? len - 1 : len;
}

static bool same(const struct bytes* a, const char* b, size_t blen, char eol) {
  size_t ka, kb;
  const char* pa = key(a->data, content_len(a->data, a->len, eol), &ka);
  const char* pb = key(b, content_len(b, blen, eol), &kb);
  return ka == kb && equal_bytes(pa, pb, ka);
}

struct output {
  bool count, repeated, unique, all_repeated;
  char eol;
};

static void print_line(const char* line, size_t len, char eol) {
  out_write(line, len);
  if (line[len - 1] != eol) out_char(eol);
}

/* The end of a run of RUN equal lines whose first is HELD. */
static void finish_run(const struct output* o, const struct bytes* held, uintmax_t run) {
  if (!run || o->all_repeated || (run > 1 ? o->unique : o->repeated)) return;
  if (o->count) {
    char num[32];
    snprintf(num, sizeof num, "%7ju ", run);
    out_str(num);
  }
  print_line(held->data, held->len, o->eol);
}

static uintmax_t count_arg(const char* arg, const char* what) {
  char* end;
  errno = 0;
  uintmax_t v = strtoumax(arg, &end, 10);
  if (!*arg || *end || arg[0] == '-') die(1, "%s: %s", arg, what);
  if (errno == ERANGE) v = UINTMAX_MAX;
  return v;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"count", no_argument, 0, 'c'},
                                           {"repeated", no_argument, 0, 'd'},
                                           {"all-repeated", optional_argument, 0, 'D'},
                                           {"ignore-case", no_argument, 0, 'i'},
                                           {"unique", no_argument, 0, 'u'},
                                           {"zero-terminated", no_argument, 0, 'z'},
                                           {"skip-fields", required_argument, 0, 'f'},
                                           {"skip-chars", required_argument, 0, 's'},
                                           {"check-chars", required_argument, 0, 'w'},
                                           {0, 0, 0, 0}};
  struct output o = {false, false, false, false, '\n'};
  int c;
  while ((c = cmd_getopt(argc, argv, "cdDiuzf:s:w:", longopts, 1)) != -1) {
    switch (c) {
      case 'c':
        o.count = true;
        break;
      case 'd':
        o.repeated = true;
        break;
      case 'D':
        o.all_repeated = true;
        break;
      case 'i':
        ignore_case = true;
        break;
      case 'u':
        o.unique = true;
        break;
      case 'z':
        o.eol = 0;
        break;
      case 'f':
        skip_fields = count_arg(optarg, "invalid number of fields to skip");
        break;
      case 's':
        skip_chars = count_arg(optarg, "invalid number of bytes to skip");
        break;
      case 'w':
        check_chars = count_arg(optarg, "invalid number of bytes to compare");
        break;
    }
  }
  if (o.count && o.all_repeated)
    usage_error(1, "printing all duplicated lines and repeat counts is meaningless");
  if (argc - optind > 2) usage_error(1, "extra operand %s", quote(argv[optind + 2]));
  const char* in_name = optind < argc ? argv[optind] : "-";
  int in = open_input(in_name);
  if (in < 0) die_errno(1, "%s", quotef(in_name));
  if (argc - optind == 2 && strcmp(argv[optind + 1], "-") != 0) {
    int out = open(argv[optind + 1], O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (out < 0) die_errno(1, "%s", quotef(argv[optind + 1]));
    out_to(out);
  }
  struct line_reader r;
  line_reader_init(&r, in, o.eol);
  struct bytes held = {0};
  uintmax_t run = 0;
  size_t len;
  char* line;
  while ((line = line_next(&r, &len))) {
    if (run && same(&held, line, len, o.eol)) {
      if (o.all_repeated && ++run == 2)
        print_line(held.data, held.len, o.eol);
      else if (!o.all_repeated)
        run++;
      if (o.all_repeated) print_line(line, len, o.eol);
      continue;
    }
    finish_run(&o, &held, run);
    held.len = 0;
    bytes_add(&held, line, len);
    run = 1;
  }
  finish_run(&o, &held, run);
  if (r.err) {
    errno = r.err;
    die_errno(1, "%s", quotef(in_name));
  }
  line_reader_free(&r);
  return out_flush() ? 0 : 1;
}
