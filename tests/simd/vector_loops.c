// Loops that clang -O3 -msimd128 auto-vectorises, over every lane width, with results printed
// in full: built for wasm32-wasi (run under wask) and natively, the outputs must be identical.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 1000  // not a multiple of 16: vector bodies plus scalar tails

static uint32_t seed = 2463534242u;
static uint32_t next(void) {  // xorshift32
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

static uint8_t u8a[N], u8b[N], u8r[N];
static int8_t i8a[N], i8b[N];
static int16_t i16a[N], i16b[N], i16r[N];
static uint16_t u16r[N];
static int32_t i32a[N], i32b[N], i32r[N];
static uint32_t u32r[N];
static int64_t i64a[N], i64b[N], i64r[N];
static float f32a[N], f32b[N], f32r[N];
static double f64a[N], f64b[N], f64r[N];

static uint64_t fnv(const void* p, size_t n) {  // FNV-1a of the bytes
  const uint8_t* b = p;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}
#define REPORT(name, arr) \
  printf("%-22s %016llx %lld\n", name, (unsigned long long)fnv(arr, sizeof arr), (long long)arr[N / 3])

int main(void) {
  for (int i = 0; i < N; i++) {
    u8a[i] = next(), u8b[i] = next(), i8a[i] = next(), i8b[i] = next();
    i16a[i] = next(), i16b[i] = next(), i32a[i] = next(), i32b[i] = next();
    i64a[i] = (int64_t)next() << 32 | next(), i64b[i] = (int64_t)next() << 32 | next();
    f32a[i] = (float)(int32_t)next() / 65536.0f, f32b[i] = (float)(int32_t)next() / 1048576.0f;
    f64a[i] = (double)(int32_t)next() / 3.0, f64b[i] = (double)(int32_t)next() / 7.0;
  }
  for (int i = 0; i < N; i++) u8r[i] = u8a[i] + u8b[i];
  REPORT("u8 add", u8r);
  for (int i = 0; i < N; i++) u8r[i] = u8a[i] > u8b[i] ? u8a[i] : u8b[i];
  REPORT("u8 max", u8r);
  for (int i = 0; i < N; i++) u8r[i] = (u8a[i] + u8b[i] + 1) >> 1;
  REPORT("u8 avg", u8r);
  for (int i = 0; i < N; i++) {
    int s = u8a[i] + u8b[i];
    u8r[i] = s > 255 ? 255 : s;
  }
  REPORT("u8 add_sat", u8r);
  for (int i = 0; i < N; i++) u8r[i] = i8a[i] < i8b[i] ? (uint8_t)i8a[i] : (uint8_t)i8b[i];
  REPORT("i8 min", u8r);
  for (int i = 0; i < N; i++) u8r[i] = (uint8_t)(i8a[i] < 0 ? -i8a[i] : i8a[i]);
  REPORT("i8 abs", u8r);
  for (int i = 0; i < N; i++) u8r[i] = u8a[i] == 'a' ? 'A' : u8a[i];
  REPORT("u8 replace", u8r);
  for (int i = 0; i < N; i++) i16r[i] = (int16_t)(i16a[i] * i16b[i]);
  REPORT("i16 mul", i16r);
  for (int i = 0; i < N; i++) i16r[i] = (int16_t)(i16a[i] >> 3) ^ (int16_t)(i16b[i] << 2);
  REPORT("i16 shifts", i16r);
  for (int i = 0; i < N; i++) i16r[i] = (int16_t)i8a[i] * i8b[i];
  REPORT("i8 widening mul", i16r);
  for (int i = 0; i < N; i++) u16r[i] = (uint16_t)u8a[i] + u8b[i];
  REPORT("u8 widening add", u16r);
  for (int i = 0; i < N; i++) i32r[i] = i32a[i] * i32b[i] + (i32a[i] >> 7);
  REPORT("i32 mul add shr", i32r);
  for (int i = 0; i < N; i++) i32r[i] = i32a[i] < i32b[i] ? i32a[i] : i32b[i];
  REPORT("i32 min", i32r);
  for (int i = 0; i < N; i++) i32r[i] = i16a[i];
  REPORT("i16 to i32", i32r);
  for (int i = 0; i < N; i++) u32r[i] = (uint32_t)i32a[i] >> (i & 31);
  REPORT("u32 shr var", u32r);
  for (int i = 0; i < N; i++) i64r[i] = i64a[i] + i64b[i] * 3 - (i64a[i] >> 5);
  REPORT("i64 arith", i64r);
  for (int i = 0; i < N; i++) i64r[i] = (int64_t)i32a[i] * i32b[i];
  REPORT("i32 widening mul", i64r);
  for (int i = 0; i < N; i++) i64r[i] = i64a[i] < i64b[i] ? i64a[i] : i64b[i];
  REPORT("i64 min", i64r);
  for (int i = 0; i < N; i++) f32r[i] = f32a[i] * f32b[i] + f32a[i];
  REPORT("f32 mul add", f32r);
  for (int i = 0; i < N; i++) f32r[i] = f32a[i] / (f32b[i] + 0.5f);
  REPORT("f32 div", f32r);
  for (int i = 0; i < N; i++) f32r[i] = fabsf(f32a[i]) - fabsf(f32b[i]);
  REPORT("f32 abs", f32r);
  for (int i = 0; i < N; i++) f32r[i] = (float)i32a[i];
  REPORT("i32 to f32", f32r);
  for (int i = 0; i < N; i++) i32r[i] = (int32_t)(f32b[i] * 16.0f);
  REPORT("f32 to i32", i32r);
  for (int i = 0; i < N; i++) f64r[i] = f64a[i] * f64b[i] - f64a[i] / 8.0;
  REPORT("f64 arith", f64r);
  for (int i = 0; i < N; i++) f64r[i] = f32a[i];
  REPORT("f32 to f64", f64r);
  for (int i = 0; i < N; i++) f32r[i] = (float)f64a[i];
  REPORT("f64 to f32", f32r);
  int32_t dot = 0;
  for (int i = 0; i < N; i++) dot += i16a[i] * i16b[i];
  printf("%-22s %d\n", "i16 dot", dot);
  uint32_t count = 0;
  for (int i = 0; i < N; i++) count += u8a[i] < 100;
  printf("%-22s %u\n", "u8 count", count);
  int64_t sum64 = 0;
  for (int i = 0; i < N; i++) sum64 += i32a[i];
  printf("%-22s %lld\n", "i32 sum", (long long)sum64);
  char text[N + 1];
  for (int i = 0; i < N; i++) text[i] = (char)('a' + next() % 26);
  text[N] = 0;
  for (int i = 0; i < N; i++) text[i] = text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i];
  printf("%-22s %016llx %zu\n", "toupper", (unsigned long long)fnv(text, N), strlen(text));
  return 0;
}
