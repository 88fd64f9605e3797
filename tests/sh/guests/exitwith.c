// exitwith N [MESSAGE]: MESSAGE to stderr, then exit status N.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc > 2) fprintf(stderr, "%s\n", argv[2]);
  return argc > 1 ? atoi(argv[1]) : 0;
}
