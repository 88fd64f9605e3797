/* yes [STRING]...: print the strings (or "y") on a line, forever, until output fails. */
#include "common.h"

#include <errno.h>
#include <string.h>

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  struct bytes line = {0};
  if (argc > 1 && strcmp(argv[1], "--") == 0) argv++, argc--;
  for (int i = 1; i < argc; i++) {
    if (i > 1) bytes_addc(&line, ' ');
    bytes_add(&line, argv[i], strlen(argv[i]));
  }
  if (argc <= 1) bytes_addc(&line, 'y');
  bytes_addc(&line, '\n');
  /* one large block of whole lines, written again and again */
  struct bytes block = {0};
  while (block.len < 16384) bytes_add(&block, line.data, line.len);
  while (write_all(1, block.data, block.len) >= 0) {
  }
  if (errno != EPIPE) warn_errno("standard output"); /* a closed pipe just ends yes */
  return 1;
}
