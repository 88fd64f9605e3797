// Memory-bound integer work: a bottom-up merge sort of 16 MiB of ints (4M int32), with a buffer.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { COUNT = 4 << 20 };

int64_t bench_main(void) {
  int32_t *a = malloc(COUNT * sizeof *a), *t = malloc(COUNT * sizeof *t);
  uint32_t s = 99;
  for (int i = 0; i < COUNT; i++) a[i] = (int32_t)((s = s * 1664525u + 1013904223u) >> 1);
  for (int width = 1; width < COUNT; width *= 2) {
    for (int lo = 0; lo < COUNT; lo += 2 * width) {
      int mid = lo + width < COUNT ? lo + width : COUNT;
      int hi = lo + 2 * width < COUNT ? lo + 2 * width : COUNT;
      int i = lo, j = mid, k = lo;
      while (i < mid && j < hi) t[k++] = a[i] <= a[j] ? a[i++] : a[j++];
      while (i < mid) t[k++] = a[i++];
      while (j < hi) t[k++] = a[j++];
    }
    int32_t *swap = a;
    a = t, t = swap;
  }
  uint64_t checksum = 0;
  for (int i = 0; i < COUNT; i++) {
    if (i > 0 && a[i - 1] > a[i]) return -1;
    checksum = checksum * 31 + (uint32_t)a[i];
  }
  free(a), free(t);
  return (int64_t)checksum;
}
