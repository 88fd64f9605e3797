// Alpha blend of two 8-bit images: out = (a * alpha + b * (255 - alpha)) / 255, rounded, per
// byte. clang -O3 -msimd128 widens to i16x8 and narrows back; the scalar build goes byte by byte.
#include <stdint.h>

#define N (64 * 1024)
static uint8_t img_a[N], img_b[N], out[N];

__attribute__((noinline)) static void blend(uint8_t* restrict dst, const uint8_t* restrict a,
                                            const uint8_t* restrict b, uint8_t alpha, int n) {
  for (int i = 0; i < n; i++) {
    const uint16_t x = (uint16_t)(a[i] * alpha + b[i] * (255 - alpha) + 128);
    dst[i] = (uint8_t)((x + (x >> 8)) >> 8);  // x / 255, rounded
  }
}

int64_t bench_main(void) {
  for (int i = 0; i < N; i++) img_a[i] = (uint8_t)(i * 7), img_b[i] = (uint8_t)(i * 13 + 5);
  uint64_t sum = 0;
  for (int round = 0; round < 300; round++) {
    blend(out, img_a, img_b, (uint8_t)(round * 37), N);
    sum = sum * 1000003u + out[(round * 4099) % N] + out[N - 1 - round];
  }
  return (int64_t)sum;
}
