// yes: "y" lines until the write fails (a closed pipe).
#include <stdio.h>
#include <string.h>

int main(void) {
  static char block[8192];
  for (size_t i = 0; i < sizeof block; i += 2) memcpy(block + i, "y\n", 2);
  for (;;)
    if (fwrite(block, 1, sizeof block, stdout) != sizeof block || fflush(stdout) != 0) return 1;
}
