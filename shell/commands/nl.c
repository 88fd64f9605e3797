/* nl [-b STYLE] [-h STYLE] [-f STYLE] [-n FORMAT] [-w N] [-s SEP] [-v N] [-i N] [-p] [-d CC]
 * [FILE]...: number lines (GNU coreutils). STYLE is a (all), t (non-empty), n (none) or pBRE;
 * delimiter lines (\:\:\: header, \:\: body, \: footer) start sections and restart numbering. */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum section { HEADER, BODY, FOOTER };

struct style {
  char kind; /* 'a', 't', 'n' or 'p' */
  regex_t re;
};

static struct style styles[3] = {{'n'}, {'t'}, {'n'}};
static const char *format = "rn", *separator = "\t";
static long width = 6, start = 1, increment = 1, number;
static bool no_renumber;
static char delim[3] = "\\:";

static void set_style(struct style* s, const char* arg, const char* what) {
  if (strcmp(arg, "a") && strcmp(arg, "t") && strcmp(arg, "n") && arg[0] != 'p')
    usage_error(1, "invalid %s numbering style: %s", what, quote(arg));
  s->kind = arg[0];
  if (s->kind == 'p' && regcomp(&s->re, arg + 1, REG_NOSUB) != 0)
    die(1, "invalid regular expression %s", quote(arg + 1));
}

static long number_arg(const char* arg, const char* what, long min) {
  char* end;
  long v = strtol(arg, &end, 10);
  if (!*arg || *end) die(1, "invalid %s: %s", what, quote(arg));
  if (v < min) die(1, "invalid %s: %s: Numerical result out of range", what, quote(arg));
  return v;
}

/* Which section delimiter LINE is (1 footer, 2 body, 3 header), 0 for a plain line. */
static int delimiter_kind(const char* line, size_t len) {
  if (len > 0 && line[len - 1] == '\n') len--;
  if (len == 0 || len % 2 || len > 6) return 0;
  for (size_t i = 0; i < len; i += 2)
    if (line[i] != delim[0] || line[i + 1] != delim[1]) return 0;
  return (int)(len / 2);
}

static bool numbered(const struct style* s, char* line, size_t len) {
  switch (s->kind) {
    case 'a':
      return true;
    case 't':
      return len > 1 || (len == 1 && line[0] != '\n');
    case 'p': {
      bool nl = len > 0 && line[len - 1] == '\n';
      char saved = line[len - nl];
      line[len - nl] = 0; /* the reader's buffer has room: the delimiter or spare capacity */
      bool m = regexec(&s->re, line, 0, NULL, 0) == 0;
      line[len - nl] = saved;
      return m;
    }
  }
  return false;
}

static void nl_fd(int fd, enum section* section) {
  struct line_reader r;
  line_reader_init(&r, fd, '\n');
  size_t len;
  char* line;
  while ((line = line_next(&r, &len))) {
    int kind = delimiter_kind(line, len);
    if (kind) {
      *section = kind == 3 ? HEADER : kind == 2 ? BODY : FOOTER;
      if (!no_renumber) number = start;
      out_char('\n');
      continue;
    }
    char num[64];
    if (numbered(&styles[*section], line, len)) {
      if (strcmp(format, "ln") == 0)
        snprintf(num, sizeof num, "%-*ld", (int)width, number);
      else if (strcmp(format, "rz") == 0)
        snprintf(num, sizeof num, "%0*ld", (int)width, number);
      else
        snprintf(num, sizeof num, "%*ld", (int)width, number);
      out_str(num);
      out_str(separator);
      number += increment;
    } else {
      for (size_t i = 0; i < (size_t)width + strlen(separator); i++) out_char(' ');
    }
    out_write(line, len);
    if (line[len - 1] != '\n') out_char('\n');
  }
  if (r.err) {
    errno = r.err;
    warn_errno("read error");
  }
  line_reader_free(&r);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"body-numbering", required_argument, 0, 'b'},
                                           {"header-numbering", required_argument, 0, 'h'},
                                           {"footer-numbering", required_argument, 0, 'f'},
                                           {"number-format", required_argument, 0, 'n'},
                                           {"number-width", required_argument, 0, 'w'},
                                           {"number-separator", required_argument, 0, 's'},
                                           {"starting-line-number", required_argument, 0, 'v'},
                                           {"line-increment", required_argument, 0, 'i'},
                                           {"no-renumber", no_argument, 0, 'p'},
                                           {"section-delimiter", required_argument, 0, 'd'},
                                           {0, 0, 0, 0}};
  int c;
  while ((c = cmd_getopt(argc, argv, "b:h:f:n:w:s:v:i:pd:", longopts, 1)) != -1) {
    switch (c) {
      case 'b':
        set_style(&styles[BODY], optarg, "body");
        break;
      case 'h':
        set_style(&styles[HEADER], optarg, "header");
        break;
      case 'f':
        set_style(&styles[FOOTER], optarg, "footer");
        break;
      case 'n':
        if (strcmp(optarg, "ln") && strcmp(optarg, "rn") && strcmp(optarg, "rz"))
          usage_error(1, "invalid line numbering format: %s", quote(optarg));
        format = optarg;
        break;
      case 'w':
        width = number_arg(optarg, "line number field width", 1);
        break;
      case 's':
        separator = optarg;
        break;
      case 'v':
        start = number_arg(optarg, "starting line number", -2147483647L);
        break;
      case 'i':
        increment = number_arg(optarg, "line number increment", 0);
        break;
      case 'p':
        no_renumber = true;
        break;
      case 'd':
        delim[0] = optarg[0];
        if (optarg[0] && optarg[1]) delim[1] = optarg[1];
        break;
    }
  }
  number = start;
  enum section section = BODY;
  char** files;
  int nfiles = file_operands(argc, argv, optind, &files), status = 0;
  for (int i = 0; i < nfiles; i++) {
    int fd = open_input(files[i]);
    if (fd < 0) {
      warn_errno("%s", quotef(files[i]));
      status = 1;
      continue;
    }
    nl_fd(fd, &section);
    if (fd > 0) close(fd);
  }
  return out_flush() ? status : 1;
}
