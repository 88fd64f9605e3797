// args A B...: each argument in brackets on one line, then the PWD and cwd it was started in.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) printf("[%s]", argv[i]);
  printf("\n");
  if (getenv("ARGS_SHOW_ENV")) {
    char cwd[1024];
    printf("PWD=%s cwd=%s HOME=%s USER=%s PATH=%s\n", getenv("PWD") ? getenv("PWD") : "-",
           getcwd(cwd, sizeof cwd) ? cwd : "?", getenv("HOME") ? getenv("HOME") : "-",
           getenv("USER") ? getenv("USER") : "-", getenv("PATH") ? getenv("PATH") : "-");
  }
  return 0;
}
