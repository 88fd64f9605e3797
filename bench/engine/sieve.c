// Byte loops over arrays: a sieve of Eratosthenes on a byte array, then a byte-wise scan of it.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { LIMIT = 8 * 1024 * 1024, ROUNDS = 3 };

int64_t bench_main(void) {
  uint8_t *composite = malloc(LIMIT);
  uint64_t checksum = 0;
  for (int round = 0; round < ROUNDS; round++) {
    // Each round sieves a slightly different range so rounds cannot be merged.
    uint32_t limit = LIMIT - round * 1000;
    memset(composite, 0, limit);
    for (uint32_t i = 2; (uint64_t)i * i < limit; i++)
      if (!composite[i])
        for (uint32_t j = i * i; j < limit; j += i) composite[j] = 1;
    // Count primes and mix in the gaps between them: a plain byte-at-a-time loop.
    uint32_t count = 0, last = 2;
    uint64_t gaps = 0;
    for (uint32_t i = 2; i < limit; i++) {
      if (!composite[i]) {
        count++;
        gaps = gaps * 1099511628211ull + (i - last);
        last = i;
      }
    }
    checksum = checksum * 1000003 + count + (gaps >> 8);
  }
  free(composite);
  return (int64_t)checksum;
}
