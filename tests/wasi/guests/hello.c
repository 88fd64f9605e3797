// hello: greets, echoes its arguments and one environment variable, reads stdin if asked, traps
// or exits with a code if asked: the smallest WASI command.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

int main(int argc, char** argv) {
  printf("hello from wasm\n");
  for (int i = 0; i < argc; ++i) printf("argv[%d] = %s\n", i, argv[i]);
  const char* who = getenv("WHO");
  printf("WHO = %s\n", who ? who : "(unset)");
  if (argc > 1 && strcmp(argv[1], "stdin") == 0) {
    char line[256];
    while (fgets(line, sizeof line, stdin)) printf("stdin: %s", line);
  }
  if (argc > 1 && strcmp(argv[1], "clock") == 0) {  // everything that differs between runs
    struct timespec rt, mono;
    clock_gettime(CLOCK_REALTIME, &rt);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    unsigned char rnd[8];
    if (__wasi_random_get(rnd, sizeof rnd) != 0) return 1;
    printf("realtime %lld.%09ld monotonic %lld.%09ld random ", (long long)rt.tv_sec, rt.tv_nsec,
           (long long)mono.tv_sec, mono.tv_nsec);
    for (int i = 0; i < 8; ++i) printf("%02x", rnd[i]);
    FILE* f = fopen("/tmp/stamp", "w");
    fclose(f);
    struct stat st;
    stat("/tmp/stamp", &st);
    printf(" mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  }
  if (argc > 1 && strcmp(argv[1], "trap") == 0) __builtin_trap();
  if (argc > 2 && strcmp(argv[1], "exit") == 0) return atoi(argv[2]);
  return 0;
}
