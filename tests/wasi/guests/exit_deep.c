// exit_deep N CODE: recurses N frames deep, then calls proc_exit(CODE) from the bottom.
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

__attribute__((noinline)) static int down(int n, int code) {
  if (n == 0) __wasi_proc_exit(code);
  return down(n - 1, code) + 1;  // not a tail call: every frame stays on the stack
}

int main(int argc, char** argv) {
  int depth = argc > 1 ? atoi(argv[1]) : 100;
  int code = argc > 2 ? atoi(argv[2]) : 7;
  printf("going down %d frames\n", depth);
  fflush(stdout);
  return down(depth, code);
}
