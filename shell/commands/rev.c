/* rev [FILE]...: reverse the bytes of each line (util-linux; the C locale). */
#include "common.h"

#include <errno.h>
#include <unistd.h>

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  int status = 0;
  char** files;
  int nfiles = file_operands(argc, argv, 1, &files);
  for (int i = 0; i < nfiles; i++) {
    int fd = open_input(files[i]);
    if (fd < 0) {
      warn_errno("cannot open %s", files[i]);
      status = 1;
      continue;
    }
    struct line_reader r;
    line_reader_init(&r, fd, '\n');
    size_t len;
    char* line;
    while ((line = line_next(&r, &len))) {
      bool newline = len > 0 && line[len - 1] == '\n';
      for (size_t k = len - newline; k > 0; k--) out_char(line[k - 1]);
      if (newline) out_char('\n');
    }
    if (r.err) {
      errno = r.err;
      warn_errno("%s", files[i]);
      status = 1;
    }
    line_reader_free(&r);
    if (fd > 0) close(fd);
  }
  return out_flush() ? status : 1;
}
