/* sed [-nEsz] [-i[SUFFIX]] [-e SCRIPT]... [-f FILE]... [SCRIPT] [FILE]...: the stream editor
 * (GNU sed 4.9, C locale): addresses (N, $, /RE/, \cREc, first~step, 0,/RE/, A,+N, A,~N, !),
 * commands s y p P d D n N q Q = l a i c h H g G x b t T : { } r w, s flags g p N i m w and
 * replacements with & \1..\9 \n \L \U \l \u \E. -i edits files in place; -s separates them. */
#include "common.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum addr_kind {
  ADDR_NONE,
  ADDR_LINE,
  ADDR_LAST,
  ADDR_REGEX,
  ADDR_STEP,
  ADDR_ZERO,
  ADDR_PLUS,
  ADDR_TILDE
};

struct address {
  enum addr_kind kind;
  unsigned long n, step;
  regex_t* re; /* NULL with ADDR_REGEX: the last regex used */
};

struct command {
  struct address a1, a2;
  bool negate, in_range;
  unsigned long range_end;
  char name;
  char* text;  /* a i c text, label, file name */
  size_t jump; /* b t T: target index; {: index of its } */
  regex_t* re;
  char* replacement;
  bool global, print, eval;
  unsigned long nth;
  int exit_code;
  int out_fd; /* w, s///w */
  unsigned char map[256];
};

static struct command* cmds;
static size_t ncmds;
static bool quiet, extended, separate, in_place, null_data;
static const char* suffix;
static regex_t* last_regex;
static int exit_status;

/* ---- the script text and GNU's "-e expression #N, char M" positions ---- */
struct script {
  struct bytes text;
  size_t pos;
  int expr_no; /* which -e; the char count restarts per expression (as GNU counts) */
  size_t expr_start;
};
static struct script sc;

static _Noreturn void bad_script(const char* fmt, const char* arg) {
  (void)out_flush();
  fprintf(stderr, "%s: -e expression #%d, char %zu: ", prog, sc.expr_no, sc.pos - sc.expr_start);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  exit(1);
}

static int peek(void) { return sc.pos < sc.text.len ? (unsigned char)sc.text.data[sc.pos] : EOF; }
static int next(void) { return sc.pos < sc.text.len ? (unsigned char)sc.text.data[sc.pos++] : EOF; }
static void skip_space(void) {
  while (peek() == ' ' || peek() == '\t') sc.pos++;
}

static regex_t* compile(const char* pattern, bool icase, bool multiline) {
  if (!*pattern) return NULL; /* the empty regex: the last one used */
  /* \n and \t in a sed regex are the characters */
  struct bytes p = {0};
  bool in_bracket = false;
  for (const char* s = pattern; *s; s++) {
    if (!in_bracket && s[0] == '\\' && s[1] == 'n')
      bytes_addc(&p, '\n'), s++;
    else if (!in_bracket && s[0] == '\\' && s[1] == 't')
      bytes_addc(&p, '\t'), s++;
    else if (!in_bracket && s[0] == '\\' && s[1])
      bytes_add(&p, s, 2), s++;
    else {
      if (*s == '[')
        in_bracket = true;
      else if (*s == ']')
        in_bracket = false;
      bytes_addc(&p, *s);
    }
  }
  regex_t* re = xrealloc(NULL, sizeof *re);
  const char* error;
  int flags =
      (extended ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0) | (multiline ? REG_NEWLINE : 0);
  if (gnu_regcomp(re, p.data ? p.data : "", flags, false, &error) != 0) bad_script("%s", error);
  free(p.data);
  return re;
}

/* Text up to the unescaped delimiter DELIM (a newline may be written \n); NULL if unterminated. */
static char* delimited(int delim, bool is_regex) {
  struct bytes b = {0};
  bytes_add(&b, "", 0);
  for (;;) {
    int c = next();
    if (c == EOF || (c == '\n' && is_regex)) return free(b.data), NULL;
    if (c == delim) return b.data;
    if (c == '\\') {
      int d = next();
      if (d == EOF) return free(b.data), NULL;
      if (d == delim) {
        bytes_addc(&b, (char)d);
      } else if (d == '\n' && !is_regex) {
        bytes_addc(&b, '\n');
      } else {
        bytes_addc(&b, '\\');
        bytes_addc(&b, (char)d);
      }
      continue;
    }
    if (is_regex && c == '[') { /* a bracket expression may hold the delimiter */
      bytes_addc(&b, '[');
      if (peek() == '^') bytes_addc(&b, (char)next());
      if (peek() == ']') bytes_addc(&b, (char)next());
      while (peek() != EOF && peek() != ']' && peek() != '\n') bytes_addc(&b, (char)next());
      if (peek() == ']') bytes_addc(&b, (char)next());
      continue;
    }
    bytes_addc(&b, (char)c);
  }
}

static unsigned long number(void) {
  unsigned long v = 0;
  while (isdigit(peek())) v = v * 10 + (unsigned long)(next() - '0');
  return v;
}

static bool parse_address(struct address* a) {
  int c = peek();
  if (isdigit(c)) {
    unsigned long n = number();
    if (peek() == '~') {
      next();
      a->kind = ADDR_STEP, a->n = n, a->step = number();
      return true;
    }
    a->kind = n == 0 ? ADDR_ZERO : ADDR_LINE;
    a->n = n;
    return true;
  }
  if (c == '$') {
    next();
    a->kind = ADDR_LAST;
    return true;
  }
  if (c == '/' || c == '\\') {
    next();
    int delim = c == '\\' ? next() : '/';
    char* re = delimited(delim, true);
    if (!re) bad_script("unterminated address regex", NULL);
    bool icase = false, multi = false;
    while (peek() == 'I' || peek() == 'M') (next() == 'I' ? (icase = true) : (multi = true));
    a->kind = ADDR_REGEX;
    a->re = compile(re, icase, multi);
    free(re);
    return true;
  }
  return false;
}

/* The rest of an a/i/c command: GNU's one-line form or the classic a\ form. */
static char* read_text(void) {
  skip_space();
  struct bytes b = {0};
  bytes_add(&b, "", 0);
  if (peek() == '\\') {
    next();
    skip_space();
    if (peek() == '\n') next();
  }
  for (;;) {
    int c = next();
    if (c == EOF || c == '\n') break;
    if (c == '\\') {
      c = next();
      if (c == EOF) break;
    }
    bytes_addc(&b, (char)c);
  }
  return b.data;
}

static char* read_label(void) {
  skip_space();
  struct bytes b = {0};
  bytes_add(&b, "", 0);
  while (peek() != EOF && peek() != '\n' && peek() != ';') bytes_addc(&b, (char)next());
  while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\t')) b.data[--b.len] = 0;
  return b.data;
}

static char* read_filename(void) {
  skip_space();
  struct bytes b = {0};
  bytes_add(&b, "", 0);
  while (peek() != EOF && peek() != '\n') bytes_addc(&b, (char)next());
  return b.data;
}

static int open_output(const char* name) {
  if (strcmp(name, "/dev/stdout") == 0) return 1;
  if (strcmp(name, "/dev/stderr") == 0) return 2;
  int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) die_errno(4, "couldn't open file %s", name);
  return fd;
}

static void end_of_command(void) {
  skip_space();
  int c = peek();
  if (c == EOF || c == ';' || c == '\n' || c == '}' || c == '#') {
    if (c == ';' || c == '\n') next();
    return;
  }
  next();
  bad_script("extra characters after command", NULL);
}

static void parse_s(struct command* cmd) {
  int delim = next();
  if (delim == EOF || delim == '\n' || delim == '\\') bad_script("unterminated `s' command", NULL);
  char* re = delimited(delim, true);
  if (!re) bad_script("unterminated `s' command", NULL);
  cmd->replacement = delimited(delim, false);
  if (!cmd->replacement) bad_script("unterminated `s' command", NULL);
  bool icase = false, multi = false;
  for (;;) {
    int c = peek();
    if (c == 'g')
      cmd->global = true;
    else if (c == 'p')
      cmd->print = true;
    else if (c == 'i' || c == 'I')
      icase = true;
    else if (c == 'm' || c == 'M')
      multi = true;
    else if (c == 'e')
      cmd->eval = true;
    else if (isdigit(c)) {
      cmd->nth = number();
      if (cmd->nth == 0) bad_script("number option to `s' command may not be zero", NULL);
      continue;
    } else if (c == 'w') {
      next();
      char* name = read_filename();
      cmd->out_fd = open_output(name);
      free(name);
      break;
    } else if (c == EOF || c == ';' || c == '\n' || c == '}' || c == ' ' || c == '\t' || c == '#') {
      break;
    } else {
      next();
      bad_script("unknown option to `s'", NULL);
    }
    next();
  }
  cmd->re = compile(re, icase, multi);
  free(re);
}

static void parse_y(struct command* cmd) {
  int delim = next();
  char* from = delim == EOF ? NULL : delimited(delim, false);
  char* to = from ? delimited(delim, false) : NULL;
  if (!from || !to) bad_script("unterminated `y' command", NULL);
  /* unescape \\ and \n (delimited kept other backslash pairs) */
  char* parts[2] = {from, to};
  for (int k = 0; k < 2; k++) {
    char* w = parts[k];
    for (char* r = parts[k]; *r; r++) {
      if (*r == '\\' && r[1] == 'n')
        *w++ = '\n', r++;
      else if (*r == '\\' && r[1] == '\\')
        *w++ = '\\', r++;
      else
        *w++ = *r;
    }
    *w = 0;
  }
  if (strlen(from) != strlen(to)) bad_script("strings for `y' command are different lengths", NULL);
  for (int b = 0; b < 256; b++) cmd->map[b] = (unsigned char)b;
  for (size_t i = 0; from[i]; i++) cmd->map[(unsigned char)from[i]] = (unsigned char)to[i];
  free(from);
  free(to);
}

static void parse_script(void) {
  size_t *open_blocks = NULL, depth = 0;
  for (;;) {
    while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == ';') next();
    if (peek() == EOF) break;
    if (peek() == '#') {
      while (peek() != EOF && peek() != '\n') next();
      continue;
    }
    struct command cmd = {0};
    cmd.out_fd = -1;
    if (parse_address(&cmd.a1)) {
      skip_space();
      if (peek() == ',') {
        next();
        skip_space();
        if (peek() == '+' || peek() == '~') {
          cmd.a2.kind = next() == '+' ? ADDR_PLUS : ADDR_TILDE;
          cmd.a2.n = number();
        } else if (!parse_address(&cmd.a2) || cmd.a2.kind == ADDR_ZERO ||
                   cmd.a2.kind == ADDR_STEP) {
          if (cmd.a2.kind == ADDR_ZERO) bad_script("invalid usage of line address 0", NULL);
          next();
          bad_script("unexpected `,'", NULL);
        }
      }
    }
    skip_space();
    while (peek() == '!') {
      next();
      cmd.negate = true;
      skip_space();
    }
    int c = next();
    if (c == EOF) bad_script("missing command", NULL);
    if (cmd.a1.kind == ADDR_ZERO && cmd.a2.kind != ADDR_REGEX)
      bad_script("invalid usage of line address 0", NULL);
    cmd.name = (char)c;
    switch (c) {
      case '{':
        open_blocks = xrealloc(open_blocks, (depth + 1) * sizeof *open_blocks);
        open_blocks[depth++] = ncmds;
        break;
      case '}':
        if (!depth) bad_script("unexpected `}'", NULL);
        if (cmd.a1.kind) bad_script("} doesn't want any addresses", NULL);
        break;
      case 's':
        parse_s(&cmd);
        break;
      case 'y':
        parse_y(&cmd);
        break;
      case 'a':
      case 'i':
      case 'c':
        cmd.text = read_text();
        break;
      case ':':
        if (cmd.a1.kind) bad_script(": doesn't want any addresses", NULL);
        cmd.text = read_label();
        if (!*cmd.text) bad_script("\":\" lacks a label", NULL);
        break;
      case 'b':
      case 't':
      case 'T':
        cmd.text = read_label();
        break;
      case 'r':
        cmd.text = read_filename();
        break;
      case 'w':
        cmd.text = read_filename();
        cmd.out_fd = open_output(cmd.text);
        break;
      case 'q':
      case 'Q':
        skip_space();
        cmd.exit_code = (int)number();
        break;
      case 'l':
      case '=':
      case 'd':
      case 'D':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'x':
      case 'z':
      case 'F':
        break;
      default:
        bad_script("unknown command: `%s'", (char[]){(char)c, 0});
    }
    cmds = xrealloc(cmds, (ncmds + 1) * sizeof *cmds);
    cmds[ncmds++] = cmd;
    if (c == '}') cmds[open_blocks[--depth]].jump = ncmds - 1;
    if (!strchr("{}aicbtT:rw", c)) end_of_command();
    if (c == '}') end_of_command();
  }
  if (depth) {
    sc.pos = sc.expr_start;
    bad_script("unmatched `{'", NULL);
  }
  for (size_t i = 0; i < ncmds; i++) {
    if (!strchr("btT", cmds[i].name)) continue;
    if (!*cmds[i].text) {
      cmds[i].jump = ncmds;
      continue;
    }
    size_t j = 0;
    while (j < ncmds && !(cmds[j].name == ':' && strcmp(cmds[j].text, cmds[i].text) == 0)) j++;
    if (j == ncmds) die(4, "can't find label for jump to `%s'", cmds[i].text); /* GNU: 4 */
    cmds[i].jump = j;
  }
  free(open_blocks);
}

/* ---- input: files as one stream (or one at a time with -s / -i) ---- */
struct input {
  char** files;
  int nfiles, next_file;
  int fd;
  struct line_reader r;
  bool open;
  char* ahead; /* the next line, read early so $ is known */
  size_t ahead_len;
  bool have_ahead;
  unsigned long lineno;
  const char* current;
};

static struct input in;
static int out_fd_current = 1;

static bool open_next_file(void) {
  while (in.next_file < in.nfiles) {
    const char* name = in.files[in.next_file++];
    int fd = open_input(name);
    if (fd < 0) {
      warn_errno("can't read %s", name);
      exit_status = 2;
      continue;
    }
    in.fd = fd;
    in.current = name;
    line_reader_init(&in.r, fd, null_data ? 0 : '\n');
    in.open = true;
    return true;
  }
  return false;
}

/* Reads one raw line into the lookahead; false at the end (of the file with -s/-i). */
static bool fill_ahead(bool cross_files) {
  for (;;) {
    if (!in.open && (!cross_files || !open_next_file())) return false;
    size_t len;
    char* line = line_next(&in.r, &len);
    if (line) {
      in.ahead = xrealloc(in.ahead, len + 1);
      memcpy(in.ahead, line, len);
      in.ahead_len = len;
      in.have_ahead = true;
      return true;
    }
    if (in.r.err) {
      errno = in.r.err;
      warn_errno("read error on %s", in.current);
      exit_status = 2;
    }
    line_reader_free(&in.r);
    if (in.fd > 0) close(in.fd);
    in.open = false;
    if (!cross_files) return false;
  }
}

/* The next input line into LINE (without its delimiter); false when input is over. */
static bool read_line(struct bytes* line, bool* had_newline) {
  bool cross = !separate;
  if (!in.have_ahead && !fill_ahead(cross)) return false;
  char delim = null_data ? 0 : '\n';
  line->len = 0;
  *had_newline = in.ahead_len && in.ahead[in.ahead_len - 1] == delim;
  bytes_add(line, in.ahead, in.ahead_len - *had_newline);
  in.have_ahead = false;
  in.lineno++;
  fill_ahead(cross);
  return true;
}

static bool last_line(void) {
  if (in.have_ahead) return false;
  if (separate) return true;
  return !fill_ahead(true);
}

/* ---- execution ---- */
static struct bytes ps, hs, append_queue;
static bool had_newline, replaced;

static bool missing_newline; /* the last line went out without one; add it before more output */

static void emit(int fd, const char* s, size_t n) {
  if (fd == out_fd_current && missing_newline && n) {
    missing_newline = false;
    out_char(null_data ? 0 : '\n');
  }
  if (fd == out_fd_current) {
    out_write(s, n);
  } else {
    if (fd == 1 || fd == 2) (void)out_flush();
    write_all(fd, s, n);
  }
}

static void emit_line(int fd, const char* s, size_t n, bool newline) {
  emit(fd, s, n);
  if (newline)
    emit(fd, null_data ? "" : "\n", 1);
  else if (fd == out_fd_current)
    missing_newline = true;
}

static void flush_appends(void) {
  if (append_queue.len) emit(out_fd_current, append_queue.data, append_queue.len);
  append_queue.len = 0;
}

static bool regex_match(regex_t* re, const char* s, size_t nmatch, regmatch_t* m, int eflags) {
  if (!re) re = last_regex;
  if (!re) die(1, "no previous regular expression");
  last_regex = re;
  return regexec(re, s, nmatch, m, eflags) == 0;
}

static bool address_matches(const struct address* a) {
  switch (a->kind) {
    case ADDR_NONE:
      return true;
    case ADDR_LINE:
      return in.lineno == a->n;
    case ADDR_LAST:
      return last_line();
    case ADDR_ZERO:
      return false;
    case ADDR_STEP:
      if (a->step == 0) return in.lineno == a->n;
      return in.lineno >= a->n && (in.lineno - a->n) % a->step == 0;
    case ADDR_REGEX: {
      bytes_add(&ps, "", 0);
      return regex_match(a->re, ps.data, 0, NULL, 0);
    }
    default:
      return false;
  }
}

static bool selected(struct command* c) {
  bool m;
  if (c->a1.kind == ADDR_NONE) {
    m = true;
  } else if (c->a2.kind == ADDR_NONE) {
    m = address_matches(&c->a1);
  } else if (c->in_range) {
    switch (c->a2.kind) {
      case ADDR_LINE:
      case ADDR_PLUS:
      case ADDR_TILDE:
        m = in.lineno <= c->range_end;
        if (in.lineno >= c->range_end) c->in_range = false;
        if (!m) c->in_range = false;
        break;
      case ADDR_LAST:
        m = true;
        if (last_line()) c->in_range = false;
        break;
      default:
        m = true;
        if (address_matches(&c->a2)) c->in_range = false;
    }
  } else if (c->a1.kind == ADDR_ZERO ? in.lineno == 1 : address_matches(&c->a1)) {
    m = true;
    c->in_range = true;
    switch (c->a2.kind) {
      case ADDR_LINE:
        c->range_end = c->a2.n;
        if (c->a2.n <= in.lineno) c->in_range = false;
        break;
      case ADDR_PLUS:
        c->range_end = in.lineno + c->a2.n;
        if (c->a2.n == 0) c->in_range = false;
        break;
      case ADDR_TILDE:
        c->range_end = c->a2.n ? (in.lineno + c->a2.n - 1) / c->a2.n * c->a2.n : in.lineno;
        if (c->range_end <= in.lineno) c->in_range = false;
        break;
      case ADDR_LAST:
        if (last_line()) c->in_range = false;
        break;
      default:
        if (c->a1.kind == ADDR_ZERO && address_matches(&c->a2)) c->in_range = false;
    }
  } else {
    m = false;
  }
  return m != c->negate;
}

enum case_mode { CASE_NONE, CASE_UPPER, CASE_LOWER };

static void add_cased(struct bytes* out, const char* s, size_t n, enum case_mode* mode, int* one) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (*one) {
      c = (char)(*one == 'u' ? toupper((unsigned char)c) : tolower((unsigned char)c));
      *one = 0;
    } else if (*mode == CASE_UPPER) {
      c = (char)toupper((unsigned char)c);
    } else if (*mode == CASE_LOWER) {
      c = (char)tolower((unsigned char)c);
    }
    bytes_addc(out, c);
  }
}

static void expand_replacement(struct bytes* out, const char* rep, const char* subject,
                               const regmatch_t* m) {
  enum case_mode mode = CASE_NONE;
  int one = 0;
  for (const char* r = rep; *r; r++) {
    if (*r == '&') {
      add_cased(out, subject + m[0].rm_so, (size_t)(m[0].rm_eo - m[0].rm_so), &mode, &one);
    } else if (*r == '\\' && r[1]) {
      char d = *++r;
      if (isdigit((unsigned char)d)) {
        int g = d - '0';
        if (m[g].rm_so >= 0)
          add_cased(out, subject + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so), &mode, &one);
      } else if (d == 'n') {
        add_cased(out, "\n", 1, &mode, &one);
      } else if (d == 't') {
        add_cased(out, "\t", 1, &mode, &one);
      } else if (d == 'U' || d == 'L') {
        mode = d == 'U' ? CASE_UPPER : CASE_LOWER;
      } else if (d == 'E') {
        mode = CASE_NONE;
      } else if (d == 'u' || d == 'l') {
        one = d;
      } else {
        add_cased(out, &d, 1, &mode, &one);
      }
    } else {
      add_cased(out, r, 1, &mode, &one);
    }
  }
}

static bool substitute(struct command* c) {
  bytes_add(&ps, "", 0);
  struct bytes out = {0};
  bytes_add(&out, "", 0);
  regmatch_t m[10];
  size_t pos = 0, count = 0;
  long last_end = -1;
  bool did = false;
  while (pos <= ps.len) {
    if (!regex_match(c->re, ps.data + pos, 10, m, pos ? REG_NOTBOL : 0)) break;
    for (int g = 0; g < 10; g++)
      if (m[g].rm_so >= 0) m[g].rm_so += (regoff_t)pos, m[g].rm_eo += (regoff_t)pos;
    size_t so = (size_t)m[0].rm_so, eo = (size_t)m[0].rm_eo;
    if (so == eo && (long)so == last_end) { /* no empty match right after a match */
      if (so >= ps.len) break;
      bytes_addc(&out, ps.data[so]);
      pos = so + 1;
      continue;
    }
    count++;
    bytes_add(&out, ps.data + pos, so - pos);
    bool wanted = c->nth ? (count == c->nth || (c->global && count > c->nth)) : true;
    if (wanted) {
      expand_replacement(&out, c->replacement, ps.data, m);
      did = true;
    } else {
      bytes_add(&out, ps.data + so, eo - so);
    }
    last_end = (long)eo;
    if (so == eo) {
      if (so < ps.len) bytes_addc(&out, ps.data[so]);
      pos = so + 1;
    } else {
      pos = eo;
    }
    if (did && !c->global) break;
  }
  if (!did) {
    free(out.data);
    return false;
  }
  if (pos < ps.len) bytes_add(&out, ps.data + pos, ps.len - pos);
  free(ps.data);
  ps = out;
  return true;
}

static void print_escaped(void) {
  struct bytes o = {0};
  size_t col = 0;
  char piece[8];
  for (size_t i = 0; i < ps.len; i++) {
    unsigned char ch = (unsigned char)ps.data[i];
    const char* esc = strchr("\\\a\b\f\n\r\t\v", ch) && ch ? NULL : NULL;
    (void)esc;
    switch (ch) {
      case '\\':
        strcpy(piece, "\\\\");
        break;
      case '\a':
        strcpy(piece, "\\a");
        break;
      case '\b':
        strcpy(piece, "\\b");
        break;
      case '\f':
        strcpy(piece, "\\f");
        break;
      case '\n':
        strcpy(piece, "\\n");
        break;
      case '\r':
        strcpy(piece, "\\r");
        break;
      case '\t':
        strcpy(piece, "\\t");
        break;
      case '\v':
        strcpy(piece, "\\v");
        break;
      default:
        if (isprint(ch))
          piece[0] = (char)ch, piece[1] = 0;
        else
          snprintf(piece, sizeof piece, "\\%03o", ch);
    }
    size_t n = strlen(piece);
    if (col + n > 69) {
      bytes_add(&o, "\\\n", 2);
      col = 0;
    }
    bytes_add(&o, piece, n);
    col += n;
  }
  bytes_add(&o, "$\n", 2);
  emit(out_fd_current, o.data, o.len);
  free(o.data);
}

static void append_file(const char* name) {
  int fd = open(name, O_RDONLY);
  if (fd < 0) return;
  (void)read_all(fd, &append_queue);
  close(fd);
}

/* g G h H: DST becomes SRC, or gets a newline and SRC appended. */
static void copy_space(struct bytes* dst, const struct bytes* src, bool append) {
  if (append)
    bytes_addc(dst, '\n');
  else
    dst->len = 0;
  bytes_add(dst, src->data ? src->data : "", src->len);
}

/* Runs the script over the input; answers the exit status set by q/Q, or -1 to go on. */
static int run(void) {
  for (;;) {
    if (!read_line(&ps, &had_newline)) return -1;
    replaced = false;
    bool autoprint = !quiet;
  restart:
    for (size_t pc = 0; pc < ncmds; pc++) {
      struct command* c = &cmds[pc];
      if (c->name == '}' || c->name == ':') continue;
      if (!selected(c)) {
        if (c->name == '{') pc = c->jump;
        continue;
      }
      switch (c->name) {
        case '{':
          break;
        case '=': {
          char num[32];
          snprintf(num, sizeof num, "%lu\n", in.lineno);
          emit(out_fd_current, num, strlen(num));
          break;
        }
        case 'a':
          bytes_add(&append_queue, c->text, strlen(c->text));
          bytes_addc(&append_queue, '\n');
          break;
        case 'i':
          emit(out_fd_current, c->text, strlen(c->text));
          emit(out_fd_current, "\n", 1);
          break;
        case 'c':
          if (c->a2.kind == ADDR_NONE || !c->in_range || c->negate) {
            emit(out_fd_current, c->text, strlen(c->text));
            emit(out_fd_current, "\n", 1);
          }
          autoprint = false;
          goto end_cycle;
        case 'd':
          autoprint = false;
          goto end_cycle;
        case 'D': {
          char* nl = memchr(ps.data, '\n', ps.len);
          if (!nl) {
            autoprint = false;
            goto end_cycle;
          }
          size_t drop = (size_t)(nl - ps.data) + 1;
          memmove(ps.data, ps.data + drop, ps.len - drop);
          ps.len -= drop;
          flush_appends();
          goto restart;
        }
        case 'p':
          emit_line(out_fd_current, ps.data, ps.len, true);
          break;
        case 'P': {
          char* nl = memchr(ps.data, '\n', ps.len);
          emit_line(out_fd_current, ps.data, nl ? (size_t)(nl - ps.data) : ps.len, true);
          break;
        }
        case 'l':
          print_escaped();
          break;
        case 'n':
          if (last_line()) { /* no next line: GNU prints and ends without running the rest */
            goto end_cycle;
          }
          if (autoprint) emit_line(out_fd_current, ps.data, ps.len, had_newline);
          flush_appends();
          read_line(&ps, &had_newline);
          break;
        case 'N': {
          if (last_line()) goto end_cycle;
          struct bytes more = {0};
          flush_appends();
          read_line(&more, &had_newline);
          bytes_addc(&ps, '\n');
          bytes_add(&ps, more.data ? more.data : "", more.len);
          free(more.data);
          break;
        }
        case 'g':
        case 'G':
          copy_space(&ps, &hs, c->name == 'G');
          break;
        case 'h':
        case 'H':
          copy_space(&hs, &ps, c->name == 'H');
          break;
        case 'x': {
          struct bytes t = ps;
          ps = hs;
          hs = t;
          break;
        }
        case 'z':
          ps.len = 0;
          break;
        case 'F':
          emit(out_fd_current, in.current ? in.current : "-",
               strlen(in.current ? in.current : "-"));
          emit(out_fd_current, "\n", 1);
          break;
        case 's':
          if (substitute(c)) {
            replaced = true;
            if (c->print) emit_line(out_fd_current, ps.data, ps.len, true);
            if (c->out_fd >= 0) emit_line(c->out_fd, ps.data, ps.len, true);
          }
          break;
        case 'y':
          for (size_t i = 0; i < ps.len; i++) ps.data[i] = (char)c->map[(unsigned char)ps.data[i]];
          break;
        case 'b':
          pc = c->jump - 1;
          break;
        case 't':
          if (replaced) replaced = false, pc = c->jump - 1;
          break;
        case 'T':
          if (!replaced)
            pc = c->jump - 1;
          else
            replaced = false;
          break;
        case 'r':
          append_file(c->text);
          break;
        case 'w':
          emit_line(c->out_fd, ps.data, ps.len, true);
          break;
        case 'q':
          if (autoprint) emit_line(out_fd_current, ps.data, ps.len, had_newline);
          flush_appends();
          return c->exit_code;
        case 'Q':
          return c->exit_code;
      }
    }
  end_cycle:
    if (autoprint) emit_line(out_fd_current, ps.data ? ps.data : "", ps.len, had_newline);
    flush_appends();
  }
}

static void add_script(const char* text, size_t len) {
  if (sc.text.len) bytes_addc(&sc.text, '\n');
  bytes_add(&sc.text, text, len);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"quiet", no_argument, 0, 'n'},
                                           {"silent", no_argument, 0, 'n'},
                                           {"expression", required_argument, 0, 'e'},
                                           {"file", required_argument, 0, 'f'},
                                           {"in-place", optional_argument, 0, 'i'},
                                           {"regexp-extended", no_argument, 0, 'E'},
                                           {"separate", no_argument, 0, 's'},
                                           {"null-data", no_argument, 0, 'z'},
                                           {"posix", no_argument, 0, 'p'},
                                           {0, 0, 0, 0}};
  /* each -e is parsed on its own so error positions count from its start, as GNU's */
  char** exprs = NULL;
  int nexprs = 0, c;
  while ((c = cmd_getopt(argc, argv, "ne:f:i::Ersuz", longopts, 1)) != -1) {
    switch (c) {
      case 'n':
        quiet = true;
        break;
      case 'e':
      case 'f': {
        char* text = optarg;
        if (c == 'f') {
          int fd = open_input(optarg);
          if (fd < 0) die_errno(1, "couldn't open file %s", optarg);
          struct bytes all = {0};
          if (read_all(fd, &all) < 0) die_errno(1, "couldn't read %s", optarg);
          if (all.len && all.data[all.len - 1] == '\n') all.data[--all.len] = 0;
          text = all.data ? all.data : xstrdup("");
          if (fd > 0) close(fd);
        }
        exprs = xrealloc(exprs, (size_t)(nexprs + 1) * sizeof *exprs);
        exprs[nexprs++] = text;
        break;
      }
      case 'i':
        in_place = separate = true;
        suffix = optarg;
        break;
      case 'E':
      case 'r':
        extended = true;
        break;
      case 's':
        separate = true;
        break;
      case 'z':
        null_data = true;
        break;
    }
  }
  if (!nexprs) {
    if (optind >= argc) {
      fprintf(stderr, "Usage: %s [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n",
              prog);
      return 1;
    }
    exprs = xrealloc(NULL, sizeof *exprs);
    exprs[nexprs++] = argv[optind++];
  }
  /* GNU joins -e pieces with newlines (so "a\" then "text" works); positions count per piece */
  for (int i = 0; i < nexprs; i++) add_script(exprs[i], strlen(exprs[i]));
  sc.expr_no = 1;
  parse_script();
  in.nfiles = file_operands(argc, argv, optind, &in.files);
  int code = -1;
  if (!in_place && !separate) {
    code = run();
  } else {
    while (code < 0 && in.next_file < in.nfiles) {
      if (!open_next_file()) break;
      in.lineno = 0;
      char* tmp = NULL;
      int fd = -1;
      if (in_place) {
        tmp = xrealloc(NULL, strlen(in.current) + 16);
        sprintf(tmp, "%s.sedXXXXXX", in.current);
        memcpy(tmp + strlen(tmp) - 6, "wask00", 6);
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd < 0) die_errno(4, "couldn't open temporary file %s", tmp);
        out_to(fd);
        out_fd_current = fd;
      }
      code = run();
      if (in_place) {
        (void)out_flush();
        close(fd);
        if (suffix && *suffix) {
          char* backup = xrealloc(NULL, strlen(in.current) + strlen(suffix) + 1);
          sprintf(backup, "%s%s", in.current, suffix);
          rename(in.current, backup);
          free(backup);
        }
        if (rename(tmp, in.current) != 0) die_errno(4, "cannot rename %s", tmp);
        free(tmp);
        out_to(1);
        out_fd_current = 1;
      }
    }
  }
  if (!out_flush()) return 4;
  return code >= 0 ? code : exit_status;
}
