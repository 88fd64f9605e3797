// head1: copies the first line of stdin, then exits without reading more.
#include <stdio.h>

int main(void) {
  int c;
  while ((c = getchar()) != EOF) {
    putchar(c);
    if (c == '\n') break;
  }
  return 0;
}
