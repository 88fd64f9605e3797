// Recursive calls: nearly all the time goes to call, return and one compare-and-branch.
#include <stdint.h>

// volatile so the compiler cannot fold the whole computation into a constant.
static volatile int32_t fib_n = 35;

__attribute__((noinline)) static int32_t fib(int32_t n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int64_t bench_main(void) {
  int64_t sum = 0;
  // A few different depths so the result depends on every call.
  for (int32_t i = 0; i < 3; i++) sum = sum * 31 + fib(fib_n - i);
  return sum;
}
