/* base64 [-d] [-i] [-w COLS] [FILE]: encode to base64 (lines of 76 characters), or decode (GNU
 * coreutils: newlines are skipped, decoding stops at the first bad group of four, keeping the
 * bytes that group yielded; -i drops every byte outside the alphabet first). Streams. */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int value_of(unsigned char c) {
  const char* p = c ? strchr(alphabet, c) : NULL;
  return p ? (int)(p - alphabet) : -1;
}

static void encode(int fd, uintmax_t wrap) {
  static unsigned char in[3 * 16384];
  uintmax_t column = 0;
  size_t have = 0;
  bool any = false;
  for (;;) {
    ssize_t n = read_some(fd, in + have, sizeof in - have);
    if (n < 0) die_errno(1, "read error");
    have += (size_t)n;
    bool last = n == 0;
    size_t whole = last ? have : have - have % 3;
    for (size_t i = 0; i < whole; i += 3) {
      unsigned v = (unsigned)in[i] << 16;
      size_t left = whole - i;
      if (left > 1) v |= (unsigned)in[i + 1] << 8;
      if (left > 2) v |= in[i + 2];
      char quad[4] = {alphabet[v >> 18], alphabet[(v >> 12) & 63],
                      left > 1 ? alphabet[(v >> 6) & 63] : '=', left > 2 ? alphabet[v & 63] : '='};
      for (int k = 0; k < 4; k++) {
        out_char(quad[k]);
        any = true;
        if (wrap && ++column == wrap) {
          out_char('\n');
          column = 0;
        }
      }
    }
    memmove(in, in + whole, have - whole);
    have -= whole;
    if (last) break;
  }
  if (any && wrap && column) out_char('\n');
}

/* One group of up to four characters, as gnulib's decode_4: false (after emitting what it
 * could) when the group is not valid base64. */
static bool decode_group(const unsigned char* g, size_t len) {
  if (len < 2 || value_of(g[0]) < 0 || value_of(g[1]) < 0) return false;
  int a = value_of(g[0]), b = value_of(g[1]);
  out_char((char)((a << 2) | (b >> 4)));
  if (len == 2) return false;
  if (g[2] == '=') return len == 4 && g[3] == '=';
  int c = value_of(g[2]);
  if (c < 0) return false;
  out_char((char)(((b << 4) & 0xf0) | (c >> 2)));
  if (len == 3) return false;
  if (g[3] == '=') return true;
  int d = value_of(g[3]);
  if (d < 0) return false;
  out_char((char)(((c << 6) & 0xc0) | d));
  return true;
}

static bool decode(int fd, bool ignore_garbage) {
  static unsigned char in[65536];
  unsigned char group[4];
  size_t have = 0;
  ssize_t n;
  while ((n = read_some(fd, in, sizeof in)) > 0) {
    for (ssize_t i = 0; i < n; i++) {
      unsigned char c = in[i];
      if (c == '\n' || (ignore_garbage && c != '=' && value_of(c) < 0)) continue;
      group[have++] = c;
      if (have == 4) {
        if (!decode_group(group, 4)) return false;
        have = 0;
      }
    }
  }
  if (n < 0) die_errno(1, "read error");
  return have == 0 || decode_group(group, have);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"decode", no_argument, 0, 'd'},
                                           {"ignore-garbage", no_argument, 0, 'i'},
                                           {"wrap", required_argument, 0, 'w'},
                                           {0, 0, 0, 0}};
  bool decoding = false, ignore_garbage = false;
  uintmax_t wrap = 76;
  int c;
  while ((c = cmd_getopt(argc, argv, "diw:", longopts, 1)) != -1) {
    if (c == 'd') decoding = true;
    if (c == 'i') ignore_garbage = true;
    if (c == 'w') {
      char* end;
      errno = 0;
      wrap = strtoumax(optarg, &end, 10);
      if (!*optarg || *end || optarg[0] == '-') die(1, "invalid wrap size: %s", quote(optarg));
    }
  }
  if (argc - optind > 1) usage_error(1, "extra operand %s", quote(argv[optind + 1]));
  const char* name = optind < argc ? argv[optind] : "-";
  int fd = open_input(name);
  if (fd < 0) die_errno(1, "%s", quotef(name));
  bool ok = true;
  if (decoding)
    ok = decode(fd, ignore_garbage);
  else
    encode(fd, wrap);
  if (!out_flush()) return 1;
  if (!ok) die(1, "invalid input");
  return 0;
}
