// A hash over a large buffer: fill 16 MiB from a PRNG, then hash it byte-wise (FNV-1a)
// and word-wise (an xxhash-like multiply-rotate mix).
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { SIZE = 16 * 1024 * 1024, ROUNDS = 2 };

static uint64_t xorshift64(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *s = x;
}

static uint64_t fnv1a(const uint8_t *p, uint32_t n) {
  uint64_t h = 14695981039346656037ull;
  for (uint32_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t mix64(const uint8_t *p, uint32_t n, uint64_t seed) {
  const uint64_t P1 = 11400714785074694791ull, P2 = 14029467366897019727ull;
  uint64_t a = seed + P1, b = seed ^ P2, c = seed - P1, d = ~seed;
  uint32_t i = 0;
  // Four independent lanes, as xxhash does, read with memcpy (unaligned-safe).
  for (; i + 32 <= n; i += 32) {
    uint64_t w[4];
    memcpy(w, p + i, 32);
    a = rotl(a + w[0] * P2, 31) * P1;
    b = rotl(b + w[1] * P2, 31) * P1;
    c = rotl(c + w[2] * P2, 31) * P1;
    d = rotl(d + w[3] * P2, 31) * P1;
  }
  uint64_t h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18);
  for (; i < n; i++) h = rotl(h ^ (p[i] * P1), 11) * P2;
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  return h;
}

int64_t bench_main(void) {
  uint8_t *buf = malloc(SIZE);
  uint64_t state = 0x9e3779b97f4a7c15ull;
  for (uint32_t i = 0; i < SIZE; i += 8) {
    uint64_t r = xorshift64(&state);
    memcpy(buf + i, &r, 8);
  }
  uint64_t h = 0;
  for (int round = 0; round < ROUNDS; round++) {
    buf[round * 4099] ^= 0x5a;  // change the input between rounds
    h = h * 31 + fnv1a(buf, SIZE);
    h = h * 31 + mix64(buf + round, SIZE - round, h);
  }
  free(buf);
  return (int64_t)h;
}
