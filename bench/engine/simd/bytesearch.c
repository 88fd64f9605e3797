// Counts the occurrences of a byte in a buffer, as grep or wc do: clang -O3 -msimd128 compares
// 16 bytes at a time (i8x16.eq) and sums the masks; the scalar build compares byte by byte.
#include <stdint.h>

#define N (256 * 1024)
static uint8_t text[N];

__attribute__((noinline)) static uint32_t count(const uint8_t* s, int n, uint8_t c) {
  uint32_t k = 0;
  for (int i = 0; i < n; i++) k += s[i] == c;
  return k;
}

int64_t bench_main(void) {
  uint32_t seed = 7;
  for (int i = 0; i < N; i++) {
    seed = seed * 1664525u + 1013904223u;
    text[i] = (uint8_t)(' ' + (seed >> 24) % 64);
  }
  int64_t total = 0;
  for (int round = 0; round < 200; round++) total = total * 7 + count(text, N, (uint8_t)(' ' + round % 64));
  return total;
}
