/* md5sum [-bct] [--tag] [--quiet] [--status] [--strict] [-w] [FILE]...: MD5 (RFC 1321) digests,
 * printed or checked as GNU coreutils does (the driver is common.c's digest_main). */
#include "common.h"

#include <string.h>

struct md5 {
  uint32_t h[4];
  struct md_blocks blocks;
};

static const uint32_t k[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
static const int shifts[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};

static void compress(void* ctx, const unsigned char* p) {
  struct md5* s = ctx;
  uint32_t m[16];
  for (int i = 0; i < 16; i++)
    m[i] = p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
           (uint32_t)p[4 * i + 3] << 24;
  uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
  for (int i = 0; i < 64; i++) {
    uint32_t f;
    int g;
    if (i < 16)
      f = (b & c) | (~b & d), g = i;
    else if (i < 32)
      f = (d & b) | (~d & c), g = (5 * i + 1) % 16;
    else if (i < 48)
      f = b ^ c ^ d, g = (3 * i + 5) % 16;
    else
      f = c ^ (b | ~d), g = (7 * i) % 16;
    uint32_t t = a + f + k[i] + m[g];
    int r = shifts[(i / 16) * 4 + i % 4];
    a = d, d = c, c = b, b = b + ((t << r) | (t >> (32 - r)));
  }
  s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
}

static void init(void* ctx) {
  struct md5* s = ctx;
  s->h[0] = 0x67452301, s->h[1] = 0xefcdab89, s->h[2] = 0x98badcfe, s->h[3] = 0x10325476;
  s->blocks = (struct md_blocks){0};
}

static void update(void* ctx, const unsigned char* p, size_t len) {
  struct md5* s = ctx;
  md_update(&s->blocks, p, len, compress, s);
}

static void final(void* ctx, unsigned char* out) {
  struct md5* s = ctx;
  md_finish(&s->blocks, false, compress, s);
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) out[4 * i + j] = (unsigned char)(s->h[i] >> (8 * j));
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct digest_algo algo = {"MD5", 16, init, update, final};
  struct md5 ctx;
  return digest_main(argc, argv, &algo, &ctx);
}
