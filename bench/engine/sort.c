// Sorting: quicksort (median of three, insertion sort for short runs) of a million PRNG integers.
#include <stdint.h>
#include <stdlib.h>

enum { COUNT = 1000000, CUTOFF = 16 };

static uint32_t lcg(uint32_t *s) { return *s = *s * 1664525u + 1013904223u; }

static void swap(int32_t *a, int32_t *b) {
  int32_t t = *a;
  *a = *b;
  *b = t;
}

static void insertion_sort(int32_t *a, int32_t n) {
  for (int32_t i = 1; i < n; i++) {
    int32_t v = a[i], j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static void quicksort(int32_t *a, int32_t n) {
  while (n > CUTOFF) {
    int32_t mid = n / 2, last = n - 1;
    if (a[mid] < a[0]) swap(&a[mid], &a[0]);
    if (a[last] < a[0]) swap(&a[last], &a[0]);
    if (a[last] < a[mid]) swap(&a[last], &a[mid]);
    int32_t pivot = a[mid], i = 0, j = last;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(&a[i++], &a[j--]);
    }
    // Recurse into the smaller half, loop on the larger: the depth stays logarithmic.
    if (j + 1 < n - i) {
      quicksort(a, j + 1);
      a += i;
      n -= i;
    } else {
      quicksort(a + i, n - i);
      n = j + 1;
    }
  }
  insertion_sort(a, n);
}

int64_t bench_main(void) {
  int32_t *a = malloc(COUNT * sizeof *a);
  uint32_t seed = 12345;
  for (int32_t i = 0; i < COUNT; i++) a[i] = (int32_t)(lcg(&seed) >> 1) - (1 << 30);
  quicksort(a, COUNT);
  uint64_t checksum = 0;
  for (int32_t i = 0; i < COUNT; i++) {
    if (i > 0 && a[i - 1] > a[i]) return -1;  // not sorted: a wrong answer, loudly
    checksum = checksum * 31 + (uint32_t)a[i];
  }
  free(a);
  return (int64_t)checksum;
}
