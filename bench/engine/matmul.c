// Memory-bound float work: a naive f64 matrix multiply (i-k-j order), 240x240, twelve times.
#include <stdint.h>
#include <stdlib.h>

enum { N = 240, REPEATS = 12 };

int64_t bench_main(void) {
  double *a = malloc(N * N * sizeof *a), *b = malloc(N * N * sizeof *b);
  double *c = malloc(N * N * sizeof *c);
  for (int i = 0; i < N * N; i++) {
    a[i] = (double)(i % 17) * 0.25 - 2.0;
    b[i] = (double)(i % 13) * 0.5 - 3.0;
  }
  double trace = 0;
  for (int r = 0; r < REPEATS; r++) {
    for (int i = 0; i < N * N; i++) c[i] = 0;
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < N; k++) {
        const double aik = a[i * N + k];
        for (int j = 0; j < N; j++) c[i * N + j] += aik * b[k * N + j];
      }
    }
    for (int i = 0; i < N; i++) trace += c[i * N + i];
    a[r] += 1.0;  // each repeat differs
  }
  free(a), free(b), free(c);
  return (int64_t)trace;
}
