// The smallest useful WASI command: its total run time is start-up, load, instantiation and one write.
#include <stdio.h>

int main(void) {
  puts("hello, world");
  return 0;
}
