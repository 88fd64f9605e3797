/* xargs [-0] [-d DELIM] [-n MAX-ARGS] [-L MAX-LINES] [-I REPLACE] [-r] [-t] [COMMAND [ARG]...]:
 * run COMMAND (echo) with arguments read from standard input (GNU findutils: blanks and newlines
 * separate, quotes and backslashes escape). Commands run through host_process; exit 123 when an
 * invocation failed, 124 when one exited 255, 126/127 when one could not run or be found. */
#include "common.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static struct {
  char** argv;
  int argc, cap;
} cmd;

static int status;
static bool trace;
static int bad_quote; /* an unmatched quote ended the input: GNU runs what it has, then fails */

static void push(char* arg) {
  if (cmd.argc + 2 > cmd.cap)
    cmd.argv = xrealloc(cmd.argv, (size_t)(cmd.cap = cmd.cap * 2 + 16) * sizeof *cmd.argv);
  cmd.argv[cmd.argc++] = arg;
  cmd.argv[cmd.argc] = NULL;
}

static void run(void) {
  if (trace) {
    for (int i = 0; i < cmd.argc; i++) fprintf(stderr, "%s%s", i ? " " : "", cmd.argv[i]);
    fputc('\n', stderr);
  }
  int code;
  int err = run_command(cmd.argv, NULL, &code);
  if (err == ENOSYS)
    die(126, "%s: running a command is not supported yet (no host_process)", cmd.argv[0]);
  if (err) {
    errno = err;
    warn_errno("%s", cmd.argv[0]);
    exit(err == ENOENT ? 127 : 126);
  }
  if (code == 255) die(124, "%s: exited with status 255; aborting", cmd.argv[0]);
  if (code >= 128) die(125, "%s: terminated by signal %d", cmd.argv[0], code - 128);
  if (code) status = 123;
}

/* The next argument of the input; NULL at the end. *line_end says a newline ended it. */
static char* next_arg(struct bytes* b, int delim, bool* line_end) {
  b->len = 0;
  int c, quote = 0;
  bool any = false;
  *line_end = false;
  if (delim >= 0) {
    while ((c = getchar()) != EOF && c != delim) bytes_addc(b, (char)c), any = true;
    if (c == EOF && !any) return NULL;
    *line_end = true;
    bytes_add(b, "", 0);
    return b->data;
  }
  while ((c = getchar()) != EOF) {
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (c == '\n')
        break;
      else
        bytes_addc(b, (char)c);
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n') {
      if (c == '\n') *line_end = true;
      if (any) break;
      continue;
    }
    any = true;
    if (c == '\'' || c == '"')
      quote = c;
    else if (c == '\\') {
      c = getchar();
      if (c != EOF) bytes_addc(b, (char)c);
    } else
      bytes_addc(b, (char)c);
  }
  if (quote) {
    bad_quote = quote;
    return NULL;
  }
  if (!any) return NULL;
  bytes_add(b, "", 0);
  return b->data;
}

static long number_option(const char* arg, char opt, long min) {
  char* end;
  long v = strtol(arg, &end, 10);
  if (!*arg || *end) usage_error(1, "invalid number \"%s\" for -%c option", arg, opt);
  if (v < min) usage_error(1, "value %s for -%c option should be >= %ld", arg, opt, min);
  return v;
}

/* The initial argument with every REPLACE replaced by ARG. */
static char* replaced(const char* initial, const char* replace, const char* arg) {
  struct bytes b = {0};
  size_t rl = strlen(replace);
  for (const char* p = initial; *p;) {
    if (rl && strncmp(p, replace, rl) == 0) {
      bytes_add(&b, arg, strlen(arg));
      p += rl;
    } else {
      bytes_addc(&b, *p++);
    }
  }
  bytes_add(&b, "", 0);
  return b.data;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"null", no_argument, 0, '0'},
                                           {"delimiter", required_argument, 0, 'd'},
                                           {"max-args", required_argument, 0, 'n'},
                                           {"max-lines", required_argument, 0, 'L'},
                                           {"replace", optional_argument, 0, 'i'},
                                           {"no-run-if-empty", no_argument, 0, 'r'},
                                           {"verbose", no_argument, 0, 't'},
                                           {"max-procs", required_argument, 0, 'P'},
                                           {0, 0, 0, 0}};
  int delim = -1, c;
  long max_args = 0, max_lines = 0;
  const char* replace = NULL;
  bool skip_empty = false;
  while ((c = cmd_getopt(argc, argv, "+0d:n:L:I:i::rtP:xs:", longopts, 1)) != -1) {
    switch (c) {
      case '0':
        delim = 0;
        break;
      case 'd':
        delim = optarg[0] == '\\' && optarg[1] == 'n' ? '\n' : (unsigned char)optarg[0];
        break;
      case 'n':
        max_args = number_option(optarg, 'n', 1);
        break;
      case 'L':
        max_lines = number_option(optarg, 'L', 1);
        break;
      case 'I':
        replace = optarg;
        break;
      case 'i':
        replace = optarg ? optarg : "{}";
        break;
      case 'r':
        skip_empty = true;
        break;
      case 't':
        trace = true;
        break;
      case 'P':
        number_option(optarg, 'P', 0);
        break;
      case 's':
        number_option(optarg, 's', 1);
        break;
    }
  }
  char* echo[] = {"echo", NULL};
  char** base = optind < argc ? argv + optind : echo;
  int nbase = optind < argc ? argc - optind : 1;
  struct bytes b = {0};
  bool line_end;
  char* arg;
  if (replace) { /* one command per input line, REPLACE substituted in the initial arguments */
    struct bytes line = {0};
    int ch;
    for (;;) {
      line.len = 0;
      while ((ch = getchar()) != EOF && ch != (delim >= 0 ? delim : '\n'))
        bytes_addc(&line, (char)ch);
      if (ch == EOF && !line.len) break;
      bytes_add(&line, "", 0);
      char* text = line.data;
      while (delim < 0 && isblank((unsigned char)*text)) text++;
      cmd.argc = 0;
      for (int i = 0; i < nbase; i++) push(replaced(base[i], replace, text));
      run();
      if (ch == EOF) break;
    }
    return status;
  }
  bool ran = false;
  for (;;) {
    cmd.argc = 0;
    for (int i = 0; i < nbase; i++) push(base[i]);
    long taken = 0, lines = 0;
    while ((arg = next_arg(&b, delim, &line_end))) {
      push(xstrdup(arg));
      taken++;
      if (line_end) lines++;
      if ((max_args && taken >= max_args) || (max_lines && lines >= max_lines)) break;
    }
    if (taken == 0 && (ran || skip_empty || bad_quote)) break;
    run();
    ran = true;
    if (!arg) break;
  }
  if (bad_quote)
    die(1,
        "unmatched %s quote; by default quotes are special to xargs unless you use the -0 option",
        bad_quote == '\'' ? "single" : "double");
  return status;
}
