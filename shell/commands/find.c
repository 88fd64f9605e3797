/* find: walk each starting point (default .) and evaluate an expression on every file.
 * Tests: -name -iname -path -ipath -type [fdlpsbc,] -size [+-]N[bckwMG] -newer FILE -empty -true
 * -false; actions: -print -print0 -prune -exec CMD {} ; (and {} +); operators: ( ) ! -not -a
 * -and -o -or; global options: -maxdepth N -mindepth N -depth. Without an action, -print.
 * -exec starts programs through the agent-os host_process module (proc_spawn, proc_waitpid). */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

enum kind {
  AND,
  OR,
  NOT,
  NAME,
  INAME,
  PATH,
  IPATH,
  TYPE,
  SIZE,
  NEWER,
  EMPTY,
  TRUE,
  FALSE,
  PRINT,
  PRINT0,
  PRUNE,
  EXEC
};

struct node {
  enum kind kind;
  struct node *left, *right; /* AND, OR; NOT uses left */
  const char* text;          /* pattern, type letters */
  char size_sign;            /* '+', '-' or 0 */
  uint64_t size_units, unit;
  struct timespec newer;
  char** argv; /* EXEC: the command, "{}" marks where the path goes */
  int argc;
  bool batch; /* {} + */
};

static char** args;
static int n_args, at;
static long max_depth = -1, min_depth = 0;
static bool depth_first, has_action;
static int status;
static bool pruned; /* set by -prune for the file being evaluated */

static struct node* new_node(enum kind kind) {
  struct node* n = calloc(1, sizeof *n);
  if (!n) die(1, "memory exhausted");
  n->kind = kind;
  return n;
}

static const char* next_arg(const char* option) {
  if (at >= n_args) die(1, "missing argument to `%s'", option);
  return args[at++];
}

static long parse_depth(const char* option) {
  const char* text = next_arg(option);
  char* end;
  long v = strtol(text, &end, 10);
  if (*end || end == text || v < 0)
    die(1, "Expected a positive decimal integer argument to %s, but got %s", option, quoteaf(text));
  return v;
}

static struct node* parse_size(const char* text) {
  struct node* n = new_node(SIZE);
  if (*text == '+' || *text == '-') n->size_sign = *text++;
  char* end;
  n->size_units = strtoull(text, &end, 10);
  if (end == text) die(1, "invalid argument `%s' to `-size'", text);
  n->unit = 512;
  if (*end) {
    switch (*end) {
      case 'c':
        n->unit = 1;
        break;
      case 'w':
        n->unit = 2;
        break;
      case 'b':
        n->unit = 512;
        break;
      case 'k':
        n->unit = 1024;
        break;
      case 'M':
        n->unit = 1024 * 1024;
        break;
      case 'G':
        n->unit = 1024 * 1024 * 1024;
        break;
      default:
        die(1, "invalid -size type `%c'", *end);
    }
    if (end[1]) die(1, "invalid -size type `%c'", end[1]);
  }
  return n;
}

#ifdef WASK_AGENTOS
static const bool can_exec = true;
#else
static const bool can_exec = false;
#endif

static struct node* parse_exec(void) {
  if (!can_exec) die(1, "-exec is not supported yet: this wask has no process API (host_process)");
  struct node* n = new_node(EXEC);
  n->argv = args + at;
  while (at < n_args && strcmp(args[at], ";") != 0 &&
         !(strcmp(args[at], "+") == 0 && at > 0 && strcmp(args[at - 1], "{}") == 0))
    at++;
  if (at >= n_args) die(1, "missing argument to `-exec'");
  n->argc = (int)(args + at - n->argv);
  n->batch = strcmp(args[at], "+") == 0;
  at++;
  if (n->argc == 0) die(1, "missing argument to `-exec'");
  return n;
}

static struct node* parse_or(void);

static struct node* parse_primary(void) {
  const char* a = args[at++];
  if (strcmp(a, "(") == 0) {
    struct node* n = parse_or();
    if (at >= n_args || strcmp(args[at], ")") != 0)
      die(1, "invalid expression; I was expecting to find a ')' somewhere but did not see one.");
    at++;
    return n;
  }
  if (strcmp(a, "!") == 0 || strcmp(a, "-not") == 0) {
    if (at >= n_args)
      die(1, "invalid expression; you have used a binary operator '%s' with nothing after it.", a);
    struct node* n = new_node(NOT);
    n->left = parse_primary();
    return n;
  }
  struct node* n;
  if (strcmp(a, "-name") == 0)
    (n = new_node(NAME))->text = next_arg(a);
  else if (strcmp(a, "-iname") == 0)
    (n = new_node(INAME))->text = next_arg(a);
  else if (strcmp(a, "-path") == 0 || strcmp(a, "-wholename") == 0)
    (n = new_node(PATH))->text = next_arg(a);
  else if (strcmp(a, "-ipath") == 0)
    (n = new_node(IPATH))->text = next_arg(a);
  else if (strcmp(a, "-type") == 0) {
    n = new_node(TYPE);
    n->text = next_arg(a);
    for (const char* t = n->text; *t; t++) {
      if (!strchr("fdlpsbc", *t) || (t[1] && t[1] != ',') || (t[1] == ',' && !t[2]))
        die(1, "Unknown argument to -type: %s", n->text);
      if (t[1] == ',') t++;
    }
    if (!*n->text) die(1, "Unknown argument to -type: ");
  } else if (strcmp(a, "-size") == 0)
    n = parse_size(next_arg(a));
  else if (strcmp(a, "-newer") == 0) {
    const char* file = next_arg(a);
    struct stat st;
    if (stat(file, &st) != 0) die_errno(1, "%s", quoteaf(file));
    n = new_node(NEWER);
    n->newer = st.st_mtim;
  } else if (strcmp(a, "-empty") == 0)
    n = new_node(EMPTY);
  else if (strcmp(a, "-true") == 0)
    n = new_node(TRUE);
  else if (strcmp(a, "-false") == 0)
    n = new_node(FALSE);
  else if (strcmp(a, "-print") == 0)
    n = new_node(PRINT), has_action = true;
  else if (strcmp(a, "-print0") == 0)
    n = new_node(PRINT0), has_action = true;
  else if (strcmp(a, "-prune") == 0)
    n = new_node(PRUNE);
  else if (strcmp(a, "-exec") == 0)
    n = parse_exec(), has_action = true;
  else if (strcmp(a, "-maxdepth") == 0)
    max_depth = parse_depth(a), n = new_node(TRUE);
  else if (strcmp(a, "-mindepth") == 0)
    min_depth = parse_depth(a), n = new_node(TRUE);
  else if (strcmp(a, "-depth") == 0)
    depth_first = true, n = new_node(TRUE);
  else if (strcmp(a, "-o") == 0 || strcmp(a, "-or") == 0 || strcmp(a, "-a") == 0 ||
           strcmp(a, "-and") == 0)
    die(1, "invalid expression; you have used a binary operator '%s' with nothing before it.", a);
  else if (strcmp(a, ")") == 0)
    die(1, "you have too many ')'");
  else if (a[0] == '-')
    die(1, "unknown predicate `%s'", a);
  else
    die(1, "paths must precede expression: `%s'", a);
  return n;
}

static bool ends_operand(void) {
  return at >= n_args || strcmp(args[at], ")") == 0 || strcmp(args[at], "-o") == 0 ||
         strcmp(args[at], "-or") == 0;
}

static struct node* parse_and(void) {
  struct node* left = parse_primary();
  while (!ends_operand()) {
    if (strcmp(args[at], "-a") == 0 || strcmp(args[at], "-and") == 0) {
      at++;
      if (ends_operand())
        die(1, "invalid expression; you have used a binary operator '%s' with nothing after it.",
            args[at - 1]);
    }
    struct node* n = new_node(AND);
    n->left = left;
    n->right = parse_primary();
    left = n;
  }
  return left;
}

static struct node* parse_or(void) {
  struct node* left = parse_and();
  while (at < n_args && (strcmp(args[at], "-o") == 0 || strcmp(args[at], "-or") == 0)) {
    at++;
    if (at >= n_args || strcmp(args[at], ")") == 0)
      die(1, "invalid expression; you have used a binary operator '%s' with nothing after it.",
          args[at - 1]);
    struct node* n = new_node(OR);
    n->left = left;
    n->right = parse_and();
    left = n;
  }
  return left;
}

#ifdef WASK_AGENTOS
__attribute__((import_module("host_process"), import_name("proc_spawn"))) uint32_t proc_spawn(
    const char* argv, size_t argv_len, const char* envp, size_t envp_len, uint32_t in, uint32_t out,
    uint32_t err, const char* cwd, size_t cwd_len, uint32_t* pid);
__attribute__((import_module("host_process"), import_name("proc_waitpid"))) uint32_t proc_waitpid(
    uint32_t pid, uint32_t options, uint32_t* status, uint32_t* ret_pid);
extern char** environ;

/* Appends s and its NUL to a growing block. */
static void block_add(char** block, size_t* len, const char* s) {
  size_t n = strlen(s) + 1;
  *block = realloc(*block, *len + n);
  if (!*block) die(1, "memory exhausted");
  memcpy(*block + *len, s, n);
  *len += n;
}

/* Runs argv (argv[0] looked up on PATH); true if it exits 0. */
static bool run_program(char** argv, int argc) {
  char *block = NULL, *env = NULL;
  size_t len = 0, env_len = 0;
  for (int i = 0; i < argc; i++) block_add(&block, &len, argv[i]);
  for (char** e = environ; e && *e; e++) block_add(&env, &env_len, *e);
  char* cwd = getcwd(NULL, 0);
  fflush(stdout);
  uint32_t pid = 0, code = 0, done = 0;
  uint32_t err = proc_spawn(block, len, env, env_len, 0, 1, 2, cwd, cwd ? strlen(cwd) : 0, &pid);
  free(block), free(env), free(cwd);
  if (err != 0) {
    errno = (int)err;
    warn_errno("%s", quoteaf(argv[0])); /* GNU's child reports it; find's status stays */
    return false;
  }
  if (proc_waitpid(pid, 0, &code, &done) != 0) return false;
  return code == 0;
}
#else
static bool run_program(char** argv, int argc) {
  (void)argv, (void)argc;
  return false;
}
#endif

/* -exec ... {} + : paths collected, run in batches. */
static char** batch_paths;
static int n_batch;

static void flush_batch(const struct node* n) {
  if (n_batch == 0) return;
  int argc = n->argc - 1 + n_batch;
  char** argv = malloc(sizeof *argv * (size_t)(argc + 1));
  if (!argv) die(1, "memory exhausted");
  int k = 0;
  for (int i = 0; i < n->argc - 1; i++) argv[k++] = n->argv[i];
  for (int i = 0; i < n_batch; i++) argv[k++] = batch_paths[i];
  argv[k] = NULL;
  if (!run_program(argv, argc)) status = 1;
  for (int i = 0; i < n_batch; i++) free(batch_paths[i]);
  n_batch = 0;
  free(argv);
}

static const struct node* batch_node;

static bool exec_node(const struct node* n, const char* path) {
  if (n->batch) {
    batch_node = n;
    batch_paths = realloc(batch_paths, sizeof *batch_paths * (size_t)(n_batch + 1));
    if (!batch_paths) die(1, "memory exhausted");
    batch_paths[n_batch++] = strdup(path);
    if (n_batch >= 512) flush_batch(n);
    return true;
  }
  char** argv = malloc(sizeof *argv * (size_t)(n->argc + 1));
  char** owned = malloc(sizeof *owned * (size_t)n->argc);
  if (!argv || !owned) die(1, "memory exhausted");
  for (int i = 0; i < n->argc; i++) {
    /* Every "{}" inside an argument becomes the path. */
    const char* a = n->argv[i];
    size_t count = 0;
    for (const char* p = a; (p = strstr(p, "{}")); p += 2) count++;
    char *out = malloc(strlen(a) + count * strlen(path) + 1), *o = out;
    if (!out) die(1, "memory exhausted");
    for (const char* p = a; *p;) {
      if (p[0] == '{' && p[1] == '}')
        o = stpcpy(o, path), p += 2;
      else
        *o++ = *p++;
    }
    *o = 0;
    argv[i] = owned[i] = out;
  }
  argv[n->argc] = NULL;
  bool ok = run_program(argv, n->argc);
  for (int i = 0; i < n->argc; i++) free(owned[i]);
  free(owned), free(argv);
  return ok;
}

static bool type_matches(const char* letters, mode_t m) {
  for (const char* t = letters; *t; t++) {
    if ((*t == 'f' && S_ISREG(m)) || (*t == 'd' && S_ISDIR(m)) || (*t == 'l' && S_ISLNK(m)) ||
        (*t == 'p' && S_ISFIFO(m)) || (*t == 's' && S_ISSOCK(m)) || (*t == 'b' && S_ISBLK(m)) ||
        (*t == 'c' && S_ISCHR(m)))
      return true;
  }
  return false;
}

static bool is_empty(const char* path, const struct stat* st) {
  if (S_ISREG(st->st_mode)) return st->st_size == 0;
  if (!S_ISDIR(st->st_mode)) return false;
  DIR* dir = opendir(path);
  if (!dir) return false;
  struct dirent* e;
  bool empty = true;
  while (empty && (e = readdir(dir)))
    empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
  closedir(dir);
  return empty;
}

static bool eval(const struct node* n, const char* path, const char* name, const struct stat* st) {
  switch (n->kind) {
    case AND:
      return eval(n->left, path, name, st) && eval(n->right, path, name, st);
    case OR:
      return eval(n->left, path, name, st) || eval(n->right, path, name, st);
    case NOT:
      return !eval(n->left, path, name, st);
    case NAME:
      return fnmatch(n->text, name, 0) == 0;
    case INAME:
      return fnmatch(n->text, name, FNM_CASEFOLD) == 0;
    case PATH:
      return fnmatch(n->text, path, 0) == 0;
    case IPATH:
      return fnmatch(n->text, path, FNM_CASEFOLD) == 0;
    case TYPE:
      return type_matches(n->text, st->st_mode);
    case SIZE: {
      uint64_t units = ((uint64_t)st->st_size + n->unit - 1) / n->unit;
      if (n->size_sign == '+') return units > n->size_units;
      if (n->size_sign == '-') return units < n->size_units;
      return units == n->size_units;
    }
    case NEWER:
      return st->st_mtim.tv_sec > n->newer.tv_sec ||
             (st->st_mtim.tv_sec == n->newer.tv_sec && st->st_mtim.tv_nsec > n->newer.tv_nsec);
    case EMPTY:
      return is_empty(path, st);
    case TRUE:
      return true;
    case FALSE:
      return false;
    case PRINT:
      fputs(path, stdout), putchar('\n');
      return true;
    case PRINT0:
      fputs(path, stdout), putchar(0);
      return true;
    case PRUNE:
      pruned = !depth_first;
      return true;
    case EXEC:
      return exec_node(n, path);
  }
  return false;
}

/* Whether the expression looks at more of a file than its name and type. */
static bool needs_stat(const struct node* n) {
  if (!n) return false;
  if (n->kind == SIZE || n->kind == NEWER || n->kind == EMPTY) return true;
  return needs_stat(n->left) || needs_stat(n->right);
}
static bool stat_needed; /* else an entry's type from readdir is enough, as GNU find does */

static void visit(const struct node* expr, const char* path, const char* name, long depth,
                  mode_t type);

/* One path buffer per directory, reused for each of its entries (no allocation per entry);
 * the joining is path_join's: trailing slashes of `path` dropped, none added after "/". */
static int visit_entries(const struct node* expr, const char* path, long depth) {
  DIR* dir = opendir(path);
  if (!dir) return -1;
  size_t d = strlen(path);
  while (d > 1 && path[d - 1] == '/') d--;
  const bool slash = !(d == 1 && path[0] == '/');
  size_t cap = d + 64;
  char* child = malloc(cap);
  if (!child) die(1, "memory exhausted");
  memcpy(child, path, d);
  if (slash) child[d++] = '/';
  struct dirent* e;
  while ((e = readdir(dir))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    size_t n = strlen(e->d_name);
    if (d + n + 1 > cap) {
      cap = (d + n + 1) * 2;
      child = realloc(child, cap);
      if (!child) die(1, "memory exhausted");
    }
    memcpy(child + d, e->d_name, n + 1);
    visit(expr, child, e->d_name, depth, stat_needed ? 0 : type_of_dirent(e->d_type));
  }
  free(child);
  closedir(dir);
  return 0;
}

/* `name`: the entry's name as listed (NULL for a starting point: its last component);
 * `type`: the file's type as its directory listed it, or 0 to ask lstat. */
static void visit(const struct node* expr, const char* path, const char* name, long depth,
                  mode_t type) {
  struct stat st = {.st_mode = type};
  if (type == 0 && lstat(path, &st) != 0) {
    warn_errno("%s", quoteaf(path));
    status = 1;
    return;
  }
  char* start_name = name ? NULL : last_component(path);
  if (start_name) name = start_name;
  bool in_range = depth >= min_depth && (max_depth < 0 || depth <= max_depth);
  pruned = false;
  if (in_range && !depth_first) eval(expr, path, name, &st);
  bool descend = S_ISDIR(st.st_mode) && !pruned && (max_depth < 0 || depth < max_depth);
  if (descend) {
    if (visit_entries(expr, path, depth + 1) != 0) {
      warn_errno("%s", quoteaf(path));
      status = 1;
    }
  }
  if (in_range && depth_first) eval(expr, path, name, &st);
  free(start_name);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  int first_expr = 1;
  while (first_expr < argc && argv[first_expr][0] != '-' && strcmp(argv[first_expr], "(") != 0 &&
         strcmp(argv[first_expr], "!") != 0)
    first_expr++;
  args = argv + first_expr;
  n_args = argc - first_expr;
  struct node* expr = n_args > 0 ? parse_or() : new_node(TRUE);
  if (at < n_args) die(1, "you have too many ')'");
  if (!has_action) {
    struct node *print = new_node(PRINT), *both = new_node(AND);
    both->left = expr;
    both->right = print;
    expr = both;
  }
  static char* dot[] = {".", NULL};
  char** starts = first_expr > 1 ? argv + 1 : dot;
  int n_starts = first_expr > 1 ? first_expr - 1 : 1;
  stat_needed = needs_stat(expr);
  for (int i = 0; i < n_starts; i++) visit(expr, starts[i], NULL, 0, 0);
  if (batch_node) flush_batch(batch_node);
  if (fflush(stdout) != 0) die_errno(1, "write error");
  return status;
}
