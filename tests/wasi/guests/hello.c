// hello: greets, echoes its arguments and one environment variable, reads stdin if asked, traps
// or exits with a code if asked: the smallest WASI command.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  printf("hello from wasm\n");
  for (int i = 0; i < argc; ++i) printf("argv[%d] = %s\n", i, argv[i]);
  const char* who = getenv("WHO");
  printf("WHO = %s\n", who ? who : "(unset)");
  if (argc > 1 && strcmp(argv[1], "stdin") == 0) {
    char line[256];
    while (fgets(line, sizeof line, stdin)) printf("stdin: %s", line);
  }
  if (argc > 1 && strcmp(argv[1], "trap") == 0) __builtin_trap();
  if (argc > 2 && strcmp(argv[1], "exit") == 0) return atoi(argv[2]);
  return 0;
}
