/* test EXPRESSION, [ EXPRESSION ]: evaluate a condition (GNU coreutils): exit 0 true, 1 false,
 * 2 on a syntax error. POSIX's rules by argument count first, the -a/-o grammar beyond. */
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct parser {
  int argc, pos;
  char** argv;
};

static bool expr(struct parser* p);

static _Noreturn void syntax_error(const char* fmt, const char* arg, const char* arg2) {
  fflush(stdout);
  fprintf(stderr, "%s: ", prog);
  fprintf(stderr, fmt, arg, arg2);
  fputc('\n', stderr);
  exit(2);
}

static _Noreturn void beyond(struct parser* p) {
  syntax_error("missing argument after %s", quote(p->argv[p->argc - 1]), NULL);
}

static void advance(struct parser* p, bool need_more) {
  if (++p->pos >= p->argc && need_more) beyond(p);
}

static bool is_binop(const char* s) {
  static const char* ops[] = {"=",   "!=",  "==",  "-nt", "-ot", "-ef", "-eq", "-ne",
                              "-lt", "-le", "-gt", "-ge", "<",   ">",   NULL};
  for (int i = 0; ops[i]; i++)
    if (strcmp(s, ops[i]) == 0) return true;
  return false;
}

static bool is_unop(const char* s) {
  return s[0] == '-' && s[1] && !s[2] && strchr("abcdefghknprstuwxzGLOSN", s[1]);
}

/* An integer as GNU takes it: blanks, a sign, digits, blanks; returns its digits with sign. */
static const char* find_int(const char* s) {
  const char* p = s;
  while (*p == ' ' || *p == '\t') p++;
  const char* start = p;
  if (*p == '-' || *p == '+') p++;
  const char* digits = p;
  while (*p >= '0' && *p <= '9') p++;
  const char* end = p;
  while (*p == ' ' || *p == '\t') p++;
  if (digits == end || *p) syntax_error("invalid integer %s", quote(s), NULL);
  static char buf[2][4096];
  static int which;
  char* out = buf[which ^= 1];
  bool negative = *start == '-';
  while (digits + 1 < end && *digits == '0') digits++;
  if (end - digits == 1 && *digits == '0') negative = false;
  snprintf(out, sizeof buf[0], "%s%.*s", negative ? "-" : "", (int)(end - digits), digits);
  return out;
}

/* Compares two integers of any length given as optional '-' then digits. */
static int int_compare(const char* a, const char* b) {
  bool na = *a == '-', nb = *b == '-';
  if (na != nb) return na ? -1 : 1;
  a += na;
  b += nb;
  size_t la = strlen(a), lb = strlen(b);
  int c = la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
  if (c > 0) c = 1;
  if (c < 0) c = -1;
  return na ? -c : c;
}

static bool binary_operator(struct parser* p, bool left_is_length) {
  char** argv = p->argv;
  if (left_is_length) advance(p, false);
  int op = p->pos + 1;
  bool right_is_length = op < p->argc - 2 && strcmp(argv[op + 1], "-l") == 0;
  if (right_is_length) advance(p, false);
  const char* o = argv[op];
  if (o[0] == '-' && strstr("-eq-ne-lt-le-gt-ge", o)) {
    char lbuf[32], rbuf[32];
    const char* l = left_is_length ? (snprintf(lbuf, 32, "%zu", strlen(argv[op - 1])), lbuf)
                                   : find_int(argv[op - 1]);
    const char* r = right_is_length ? (snprintf(rbuf, 32, "%zu", strlen(argv[op + 2])), rbuf)
                                    : find_int(argv[op + 1]);
    int c = int_compare(l, r);
    p->pos += 3;
    if (strcmp(o, "-lt") == 0) return c < 0;
    if (strcmp(o, "-le") == 0) return c <= 0;
    if (strcmp(o, "-gt") == 0) return c > 0;
    if (strcmp(o, "-ge") == 0) return c >= 0;
    if (strcmp(o, "-eq") == 0) return c == 0;
    return c != 0;
  }
  if (strcmp(o, "-nt") == 0 || strcmp(o, "-ot") == 0 || strcmp(o, "-ef") == 0) {
    if (left_is_length || right_is_length) syntax_error("%s does not accept -l", o, NULL);
    struct stat a, b;
    bool ha = stat(argv[op - 1], &a) == 0, hb = stat(argv[op + 1], &b) == 0;
    p->pos += 3;
    if (o[1] == 'e') return ha && hb && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    struct stat *newer = o[1] == 'n' ? &a : &b, *older = o[1] == 'n' ? &b : &a;
    bool has_newer = o[1] == 'n' ? ha : hb, has_older = o[1] == 'n' ? hb : ha;
    if (!has_newer) return false;
    if (!has_older) return true;
    if (newer->st_mtim.tv_sec != older->st_mtim.tv_sec)
      return newer->st_mtim.tv_sec > older->st_mtim.tv_sec;
    return newer->st_mtim.tv_nsec > older->st_mtim.tv_nsec;
  }
  if (o[0] == '-') syntax_error("%s: unknown binary operator", quote(o), NULL);
  int c = strcmp(argv[p->pos], argv[p->pos + 2]);
  p->pos += 3;
  if (strcmp(o, "!=") == 0) return c != 0;
  if (strcmp(o, "<") == 0) return c < 0;
  if (strcmp(o, ">") == 0) return c > 0;
  return c == 0;
}

static bool unary_operator(struct parser* p) {
  char op = p->argv[p->pos][1];
  advance(p, true);
  const char* arg = p->argv[p->pos++];
  struct stat st;
  switch (op) {
    case 'n':
      return arg[0] != 0;
    case 'z':
      return arg[0] == 0;
    case 't': {
      long fd = strtol(find_int(arg), NULL, 10);
      return fd >= 0 && fd <= 1024 && isatty((int)fd);
    }
    case 'r':
      return access(arg, R_OK) == 0;
    case 'w':
      return access(arg, W_OK) == 0;
    case 'x':
      return access(arg, X_OK) == 0;
    case 'h':
    case 'L':
      return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
  }
  if (stat(arg, &st) != 0) return false;
  switch (op) {
    case 'a':
    case 'e':
      return true;
    case 'f':
      return S_ISREG(st.st_mode);
    case 'd':
      return S_ISDIR(st.st_mode);
    case 's':
      return st.st_size > 0;
    case 'S':
      return S_ISSOCK(st.st_mode);
    case 'c':
      return S_ISCHR(st.st_mode);
    case 'b':
      return S_ISBLK(st.st_mode);
    case 'p':
      return S_ISFIFO(st.st_mode);
    case 'u':
      return (st.st_mode & S_ISUID) != 0;
    case 'g':
      return (st.st_mode & S_ISGID) != 0;
    case 'k':
      return (st.st_mode & S_ISVTX) != 0;
    case 'O':
      return st.st_uid == 0; /* a VM has one user, uid 0 (WASI has no ids) */
    case 'G':
      return st.st_gid == 0;
    case 'N':
      return st.st_mtim.tv_sec > st.st_atim.tv_sec ||
             (st.st_mtim.tv_sec == st.st_atim.tv_sec && st.st_mtim.tv_nsec > st.st_atim.tv_nsec);
  }
  return false;
}

static bool one_argument(struct parser* p) { return p->argv[p->pos++][0] != 0; }

static bool two_arguments(struct parser* p) {
  const char* a = p->argv[p->pos];
  if (strcmp(a, "!") == 0) {
    advance(p, false);
    return !one_argument(p);
  }
  if (a[0] == '-' && a[1] && !a[2]) {
    if (is_unop(a)) return unary_operator(p);
    syntax_error("%s: unary operator expected", quote(a), NULL);
  }
  beyond(p);
}

static bool three_arguments(struct parser* p) {
  char** v = p->argv + p->pos;
  if (is_binop(v[1])) return binary_operator(p, false);
  if (strcmp(v[0], "!") == 0) {
    advance(p, true);
    return !two_arguments(p);
  }
  if (strcmp(v[0], "(") == 0 && strcmp(v[2], ")") == 0) {
    advance(p, false);
    bool value = one_argument(p);
    advance(p, false);
    return value;
  }
  if (strcmp(v[1], "-a") == 0 || strcmp(v[1], "-o") == 0) return expr(p);
  syntax_error("%s: binary operator expected", quote(v[1]), NULL);
}

static bool posix_test(struct parser* p, int nargs) {
  char** v = p->argv + p->pos;
  switch (nargs) {
    case 1:
      return one_argument(p);
    case 2:
      return two_arguments(p);
    case 3:
      return three_arguments(p);
    case 4:
      if (strcmp(v[0], "!") == 0) {
        advance(p, true);
        return !three_arguments(p);
      }
      if (strcmp(v[0], "(") == 0 && strcmp(v[3], ")") == 0) {
        advance(p, false);
        bool value = two_arguments(p);
        advance(p, false);
        return value;
      }
  }
  return expr(p);
}

static bool term(struct parser* p) {
  bool negated = false;
  char** argv = p->argv;
  while (p->pos < p->argc && strcmp(argv[p->pos], "!") == 0) {
    advance(p, true);
    negated = !negated;
  }
  if (p->pos >= p->argc) beyond(p);
  bool value;
  const char* a = argv[p->pos];
  if (strcmp(a, "(") == 0) {
    advance(p, true);
    int nargs = 1;
    for (; p->pos + nargs < p->argc && strcmp(argv[p->pos + nargs], ")") != 0; nargs++)
      if (nargs == 4) {
        nargs = p->argc - p->pos;
        break;
      }
    value = posix_test(p, nargs);
    if (p->pos >= p->argc) syntax_error("%s expected", "')'", NULL);
    if (strcmp(argv[p->pos], ")") != 0)
      syntax_error("%s expected, found %s", "')'", quote(argv[p->pos]));
    advance(p, false);
  } else if (p->argc - p->pos >= 4 && strcmp(a, "-l") == 0 && is_binop(argv[p->pos + 2])) {
    value = binary_operator(p, true);
  } else if (p->argc - p->pos >= 3 && is_binop(argv[p->pos + 1])) {
    value = binary_operator(p, false);
  } else if (a[0] == '-' && a[1] && !a[2]) {
    if (!is_unop(a)) syntax_error("%s: unary operator expected", quote(a), NULL);
    value = unary_operator(p);
  } else {
    value = a[0] != 0;
    advance(p, false);
  }
  return negated ^ value;
}

static bool and_expr(struct parser* p) {
  bool value = true;
  for (;;) {
    value &= term(p);
    if (!(p->pos < p->argc && strcmp(p->argv[p->pos], "-a") == 0)) return value;
    advance(p, false);
  }
}

static bool expr(struct parser* p) {
  if (p->pos >= p->argc) beyond(p);
  bool value = false;
  for (;;) {
    value |= and_expr(p);
    if (!(p->pos < p->argc && strcmp(p->argv[p->pos], "-o") == 0)) return value;
    advance(p, false);
  }
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  const char* base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
  if (strcmp(base, "[") == 0 || strcmp(base, "[.wasm") == 0) {
    if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) syntax_error("missing %s", "']'", NULL);
    argc--;
  }
  struct parser p = {argc, 1, argv};
  if (argc <= 1) return 1;
  bool value = posix_test(&p, argc - 1);
  if (p.pos != argc) syntax_error("extra argument %s", quote(argv[p.pos]), NULL);
  return value ? 0 : 1;
}
