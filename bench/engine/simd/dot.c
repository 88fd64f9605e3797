// Integer dot product of two int16 vectors into int32 sums: clang -O3 -msimd128 turns the loop
// into i32x4.extmul / dot instructions; the scalar build does one multiply-add per element.
#include <stdint.h>

#define N 4096
static int16_t xs[N], ys[N];

__attribute__((noinline)) static int32_t dot(const int16_t* a, const int16_t* b, int n) {
  int32_t sum = 0;
  for (int i = 0; i < n; i++) sum += (int32_t)a[i] * b[i];
  return sum;
}

int64_t bench_main(void) {
  uint32_t seed = 12345;
  for (int i = 0; i < N; i++) {
    seed = seed * 1103515245u + 12345u;
    xs[i] = (int16_t)(seed >> 16);
    ys[i] = (int16_t)(seed >> 3);
  }
  int64_t total = 0;
  for (int round = 0; round < 6000; round++) {
    xs[round % N] ^= (int16_t)round;  // each round's sum differs
    total = total * 31 + dot(xs, ys, N);
  }
  return total;
}
