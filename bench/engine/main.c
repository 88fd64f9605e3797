// Native driver: prints bench_main's result in the `TYPE:VALUE` form `wask run --invoke` uses.
#include <inttypes.h>
#include <stdio.h>

int64_t bench_main(void);

int main(void) {
  printf("i64:%" PRId64 "\n", bench_main());
  return 0;
}
