/* od [-A d|o|x|n] [-t TYPE]... [-bcdosx] [-j SKIP] [-N COUNT] [-w[BYTES]] [-v] [FILE]...: dump
 * bytes as octal, decimal, hex, characters or named characters (GNU coreutils: its field widths,
 * the padding that aligns several types, '*' for repeated lines unless -v). Streams. */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct spec {
  char kind; /* a c d o u x */
  int size;  /* bytes per element */
  int width; /* digits of the widest value */
  int pad;   /* extra spaces spread over a line to align with the other types */
};

static struct spec specs[16];
static int nspecs;
static size_t per_line = 16;

static void add_spec(const char* s) {
  while (*s) {
    char kind = *s++;
    if (!strchr("acdoux", kind))
      die(1, "invalid character '%c' in type string %s", kind, quote(s - 1));
    int size = 1;
    if (kind != 'a' && kind != 'c') {
      size = 4;
      if (*s == 'C')
        size = 1, s++;
      else if (*s == 'S')
        size = 2, s++;
      else if (*s == 'I')
        size = 4, s++;
      else if (*s == 'L')
        size = 8, s++;
      else if (*s >= '0' && *s <= '9') {
        size = (int)strtol(s, (char**)&s, 10);
        if (size != 1 && size != 2 && size != 4 && size != 8)
          die(1, "invalid type string %s;\nthis system doesn't provide a %d-byte integral type",
              quote(s), size);
      }
    }
    static const int octal[] = {0, 3, 6, 0, 11, 0, 0, 0, 22}, dec[] = {0, 3, 5, 0, 10, 0, 0, 0, 20},
                     sdec[] = {0, 4, 6, 0, 11, 0, 0, 0, 20}, hex[] = {0, 2, 4, 0, 8, 0, 0, 0, 16};
    int width = kind == 'o'   ? octal[size]
                : kind == 'u' ? dec[size]
                : kind == 'd' ? sdec[size]
                : kind == 'x' ? hex[size]
                              : 3;
    if (nspecs == 16) die(1, "too many types");
    specs[nspecs++] = (struct spec){kind, size, width, 0};
    while (*s == 'z') s++;
  }
}

static const char* names[] = {"nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs",
                              "ht",  "nl",  "vt",  "ff",  "cr",  "so",  "si",  "dle", "dc1",
                              "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em",  "sub",
                              "esc", "fs",  "gs",  "rs",  "us",  "sp"};

/* One line per type; lines after the first are indented past the address. */
static void print_line(const unsigned char* b, size_t n, int indent) {
  for (int s = 0; s < nspecs; s++) {
    for (int k = 0; s > 0 && k < indent; k++) out_char(' ');
    const struct spec* sp = &specs[s];
    size_t fields = (n + (size_t)sp->size - 1) / (size_t)sp->size;
    size_t all = per_line / (size_t)sp->size;
    int pad_left = sp->pad;
    for (size_t i = 0; i < fields; i++) {
      int next_pad = (int)((size_t)sp->pad * (all - i - 1) / all);
      int w = pad_left - next_pad + sp->width;
      pad_left = next_pad;
      uint64_t v = 0;
      for (int k = sp->size - 1; k >= 0;
           k--) { /* little-endian; a short last element is zero-filled */
        size_t at = i * (size_t)sp->size + (size_t)k;
        v = v << 8 | (at < n ? b[at] : 0);
      }
      char text[32];
      unsigned char ch = (unsigned char)v;
      switch (sp->kind) {
        case 'o':
        case 'x': { /* zeros fill the type's own width, spaces the alignment padding */
          char digits[32];
          snprintf(digits, sizeof digits, sp->kind == 'o' ? "%0*llo" : "%0*llx", sp->width,
                   (unsigned long long)v);
          snprintf(text, sizeof text, " %*s", w, digits);
          break;
        }
        case 'u':
          snprintf(text, sizeof text, " %*llu", w, (unsigned long long)v);
          break;
        case 'd': {
          int64_t sv = sp->size == 8 ? (int64_t)v
                                     : (int64_t)(v << (64 - 8 * sp->size)) >> (64 - 8 * sp->size);
          snprintf(text, sizeof text, " %*lld", w, (long long)sv);
          break;
        }
        case 'c': {
          const char* e = ch == 0      ? "\\0"
                          : ch == '\a' ? "\\a"
                          : ch == '\b' ? "\\b"
                          : ch == '\f' ? "\\f"
                          : ch == '\n' ? "\\n"
                          : ch == '\r' ? "\\r"
                          : ch == '\t' ? "\\t"
                          : ch == '\v' ? "\\v"
                                       : NULL;
          char one[8];
          if (!e && ch >= 32 && ch < 127)
            one[0] = (char)ch, one[1] = 0, e = one;
          else if (!e)
            snprintf(one, sizeof one, "%03o", ch), e = one;
          snprintf(text, sizeof text, " %*s", w, e);
          break;
        }
        default: { /* a: named characters, the high bit ignored */
          int c7 = ch & 0x7f;
          char one[2] = {(char)c7, 0};
          snprintf(text, sizeof text, " %*s", w, c7 <= 32 ? names[c7] : c7 == 127 ? "del" : one);
        }
      }
      out_str(text);
    }
    out_char('\n');
  }
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"address-radix", required_argument, 0, 'A'},
                                           {"skip-bytes", required_argument, 0, 'j'},
                                           {"read-bytes", required_argument, 0, 'N'},
                                           {"format", required_argument, 0, 't'},
                                           {"output-duplicates", no_argument, 0, 'v'},
                                           {"width", optional_argument, 0, 'w'},
                                           {0, 0, 0, 0}};
  char radix = 'o';
  uintmax_t skip = 0, limit = UINTMAX_MAX;
  bool all_lines = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "A:j:N:t:vw::abcdfilosx", longopts, 1)) != -1) {
    switch (c) {
      case 'A':
        if (!optarg[0] || optarg[1] || !strchr("doxn", optarg[0]))
          die(1, "invalid output address radix '%s'; it must be one character from [doxn]", optarg);
        radix = optarg[0];
        break;
      case 'j':
        if (!parse_count(optarg, &skip)) die(1, "invalid skip argument %s", quote(optarg));
        break;
      case 'N':
        if (!parse_count(optarg, &limit)) die(1, "invalid read-bytes argument %s", quote(optarg));
        break;
      case 't':
        add_spec(optarg);
        break;
      case 'v':
        all_lines = true;
        break;
      case 'w': {
        uintmax_t w = 32;
        if (optarg && (!parse_count(optarg, &w) || w == 0))
          die(1, "invalid width argument %s", quote(optarg));
        per_line = (size_t)w;
        break;
      }
      case 'a':
        add_spec("a");
        break;
      case 'b':
        add_spec("o1");
        break;
      case 'c':
        add_spec("c");
        break;
      case 'd':
        add_spec("u2");
        break;
      case 'i':
        add_spec("d4");
        break;
      case 'l':
        add_spec("d8");
        break;
      case 'o':
        add_spec("o2");
        break;
      case 's':
        add_spec("d2");
        break;
      case 'x':
        add_spec("x2");
        break;
    }
  }
  if (!nspecs) add_spec("o2");
  for (int s = 0; s < nspecs; s++)
    if (per_line % (size_t)specs[s].size) die(1, "invalid width %zu", per_line);
  /* every type's line gets as wide as the widest one */
  int widest = 0;
  for (int s = 0; s < nspecs; s++) {
    int w = (specs[s].width + 1) * (int)(per_line / (size_t)specs[s].size);
    if (w > widest) widest = w;
  }
  for (int s = 0; s < nspecs; s++)
    specs[s].pad = widest - specs[s].width * (int)(per_line / (size_t)specs[s].size) -
                   (int)(per_line / (size_t)specs[s].size);
  char** files;
  int nfiles = file_operands(argc, argv, optind, &files), status = 0, fi = 0, fd = -1;
  bool any_opened = false;
  unsigned char *line = xrealloc(NULL, per_line), *previous = xrealloc(NULL, per_line);
  size_t have = 0;
  uintmax_t offset = skip, read_total = 0;
  bool have_previous = false, starred = false;
  int addr_width = radix == 'x' ? 6 : 7;
  const char* addr_fmt = radix == 'd' ? "%0*ju" : radix == 'x' ? "%0*jx" : "%0*jo";
  for (;;) {
    if (fd < 0) {
      if (fi >= nfiles) break;
      fd = open_input(files[fi]);
      if (fd < 0) {
        warn_errno("%s", files[fi]);
        status = 1;
        fi++;
        continue;
      }
      any_opened = true;
    }
    ssize_t n = 0;
    if (read_total < limit) {
      size_t want = per_line - have;
      if (limit - read_total < want) want = (size_t)(limit - read_total);
      n = read_some(fd, line + have, want);
    }
    if (n > 0 && skip > 0) { /* -j: drop the first SKIP bytes */
      size_t drop = (uintmax_t)n < skip ? (size_t)n : (size_t)skip;
      memmove(line + have, line + have + drop, (size_t)n - drop);
      skip -= drop;
      n -= (ssize_t)drop;
      if (n == 0) continue;
    }
    if (n < 0) {
      warn_errno("%s", files[fi]);
      status = 1;
    }
    if (n <= 0) {
      if (fd > 0) close(fd);
      fd = -1;
      fi++;
      if (read_total >= limit) break;
      continue;
    }
    read_total += (uintmax_t)n;
    have += (size_t)n;
    if (have < per_line) continue;
    if (!all_lines && have_previous && memcmp(line, previous, per_line) == 0) {
      if (!starred) out_str("*\n");
      starred = true;
    } else {
      starred = false;
      if (radix != 'n') {
        char a[32];
        snprintf(a, sizeof a, addr_fmt, addr_width, offset);
        out_str(a);
      }
      print_line(line, have, radix == 'n' ? 0 : addr_width);
    }
    memcpy(previous, line, per_line);
    have_previous = true;
    offset += have;
    have = 0;
  }
  if (skip > 0) die(1, "cannot skip past end of combined input");
  if (have) {
    if (radix != 'n') {
      char a[32];
      snprintf(a, sizeof a, addr_fmt, addr_width, offset);
      out_str(a);
    }
    print_line(line, have, radix == 'n' ? 0 : addr_width);
    offset += have;
  }
  if (radix != 'n' && any_opened) { /* GNU prints no end address when nothing could be read */
    char a[32];
    snprintf(a, sizeof a, addr_fmt, addr_width, offset);
    out_str(a);
    out_char('\n');
  }
  return out_flush() ? status : 1;
}
