/* diff [-u | -U N | -c?] [-q] [-s] [-a] FILE1 FILE2: compare two files line by line (GNU
 * diffutils): the normal format or unified (-u) hunks. GNU's edit script (Myers' middle snake)
 * whose change runs are then slid as GNU's shift_boundaries slides them. Exit 0 same, 1 different,
 * 2 trouble. */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct file {
  const char* name;
  struct bytes data;
  const char** lines;
  size_t* lens;
  size_t n;
  bool missing_newline;
  int* ids;      /* equal lines share an id */
  char* changed; /* changed[-1] and changed[n] are 0 sentinels */
  struct stat st;
};

static bool read_file(struct file* f) {
  int fd = open_input(f->name);
  if (fd < 0) {
    warn_errno("%s", f->name);
    return false;
  }
  if (fstat(fd, &f->st) != 0) memset(&f->st, 0, sizeof f->st);
  if (read_all(fd, &f->data) < 0) {
    warn_errno("%s", f->name);
    return false;
  }
  if (fd > 0) close(fd);
  size_t cap = 16;
  f->lines = xrealloc(NULL, cap * sizeof *f->lines);
  f->lens = xrealloc(NULL, cap * sizeof *f->lens);
  for (size_t at = 0; at < f->data.len;) {
    char* nl = memchr(f->data.data + at, '\n', f->data.len - at);
    size_t end = nl ? (size_t)(nl - f->data.data) : f->data.len;
    if (f->n == cap) {
      cap *= 2;
      f->lines = xrealloc(f->lines, cap * sizeof *f->lines);
      f->lens = xrealloc(f->lens, cap * sizeof *f->lens);
    }
    f->lines[f->n] = f->data.data + at;
    f->lens[f->n++] = end - at;
    if (!nl) f->missing_newline = true;
    at = end + 1;
  }
  return true;
}

/* Numbers the lines of both files so that equal lines get equal ids. */
static void assign_ids(struct file* a, struct file* b) {
  size_t total = a->n + b->n, buckets = total * 2 + 1;
  size_t* heads = calloc(buckets, sizeof *heads); /* index+1 into the entry list */
  struct entry {
    const char* text;
    size_t len, next;
  }* entries = xrealloc(NULL, (total + 1) * sizeof *entries);
  size_t nentries = 0;
  struct file* files[2] = {a, b};
  for (int f = 0; f < 2; f++) {
    files[f]->ids = xrealloc(NULL, (files[f]->n + 1) * sizeof(int));
    for (size_t i = 0; i < files[f]->n; i++) {
      const char* t = files[f]->lines[i];
      size_t len = files[f]->lens[i], h = 5381;
      for (size_t k = 0; k < len; k++) h = h * 33 + (unsigned char)t[k];
      size_t *slot = &heads[h % buckets], e = *slot;
      while (e && !(entries[e - 1].len == len && memcmp(entries[e - 1].text, t, len) == 0))
        e = entries[e - 1].next;
      if (!e) {
        entries[nentries] = (struct entry){t, len, *slot};
        *slot = e = ++nentries;
      }
      files[f]->ids[i] = (int)e;
    }
  }
  free(heads);
  free(entries);
}

/* The edit script as GNU's analyze.c finds it: Myers' linear-space search for the middle snake
 * (forward sweep first), divide and conquer, over the lines that can match at all. */
struct seq {
  const int *x, *y;      /* ids of the kept lines */
  const size_t *xi, *yi; /* their real line numbers */
  char *xchanged, *ychanged;
  long *fd, *bd; /* diagonals, indexed from an offset */
};

static void middle_snake(struct seq* s, long xoff, long xlim, long yoff, long ylim, long* xmid,
                         long* ymid) {
  long *fd = s->fd, *bd = s->bd;
  long dmin = xoff - ylim, dmax = xlim - yoff, fmid = xoff - yoff, bmid = xlim - ylim;
  long fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
  bool odd = (fmid - bmid) & 1;
  fd[fmid] = xoff;
  bd[bmid] = xlim;
  for (;;) {
    if (fmin > dmin)
      fd[--fmin - 1] = -1;
    else
      ++fmin;
    if (fmax < dmax)
      fd[++fmax + 1] = -1;
    else
      --fmax;
    for (long d = fmax; d >= fmin; d -= 2) {
      long tlo = fd[d - 1], thi = fd[d + 1], x0 = tlo < thi ? thi : tlo + 1, x = x0, y = x0 - d;
      while (x < xlim && y < ylim && s->x[x] == s->y[y]) x++, y++;
      fd[d] = x;
      if (odd && bmin <= d && d <= bmax && bd[d] <= x) {
        *xmid = x, *ymid = y;
        return;
      }
    }
    if (bmin > dmin)
      bd[--bmin - 1] = LONG_MAX;
    else
      ++bmin;
    if (bmax < dmax)
      bd[++bmax + 1] = LONG_MAX;
    else
      --bmax;
    for (long d = bmax; d >= bmin; d -= 2) {
      long tlo = bd[d - 1], thi = bd[d + 1], x0 = tlo < thi ? tlo : thi - 1, x = x0, y = x0 - d;
      while (xoff < x && yoff < y && s->x[x - 1] == s->y[y - 1]) x--, y--;
      bd[d] = x;
      if (!odd && fmin <= d && d <= fmax && x <= fd[d]) {
        *xmid = x, *ymid = y;
        return;
      }
    }
  }
}

static void compare_seq(struct seq* s, long xoff, long xlim, long yoff, long ylim) {
  while (xoff < xlim && yoff < ylim && s->x[xoff] == s->y[yoff]) xoff++, yoff++;
  while (xoff < xlim && yoff < ylim && s->x[xlim - 1] == s->y[ylim - 1]) xlim--, ylim--;
  if (xoff == xlim) {
    for (; yoff < ylim; yoff++) s->ychanged[s->yi[yoff]] = 1;
  } else if (yoff == ylim) {
    for (; xoff < xlim; xoff++) s->xchanged[s->xi[xoff]] = 1;
  } else {
    long xmid, ymid;
    middle_snake(s, xoff, xlim, yoff, ylim, &xmid, &ymid);
    compare_seq(s, xoff, xmid, yoff, ymid);
    compare_seq(s, xmid, xlim, ymid, ylim);
  }
}

/* Marks the changed lines: lines with no equal in the other file are changed outright (GNU's
 * discard_confusing_lines, without its provisional discards); the rest go to compare_seq. */
static void edit_script(struct file* a, struct file* b) {
  size_t prefix = 0, suffix = 0;
  while (prefix < a->n && prefix < b->n && a->ids[prefix] == b->ids[prefix]) prefix++;
  while (suffix < a->n - prefix && suffix < b->n - prefix &&
         a->ids[a->n - 1 - suffix] == b->ids[b->n - 1 - suffix])
    suffix++;
  size_t ids_max = a->n + b->n + 2;
  long* count[2] = {calloc(ids_max, sizeof(long)), calloc(ids_max, sizeof(long))};
  struct file* f2[2] = {a, b};
  for (int f = 0; f < 2; f++)
    for (size_t i = prefix; i < f2[f]->n - suffix; i++) count[f][f2[f]->ids[i]]++;
  int* kept[2];
  size_t *real[2], nkept[2] = {0, 0};
  for (int f = 0; f < 2; f++) {
    kept[f] = xrealloc(NULL, (f2[f]->n + 1) * sizeof(int));
    real[f] = xrealloc(NULL, (f2[f]->n + 1) * sizeof(size_t));
    for (size_t i = prefix; i < f2[f]->n - suffix; i++) {
      if (count[1 - f][f2[f]->ids[i]] == 0) {
        f2[f]->changed[i] = 1;
        continue;
      }
      kept[f][nkept[f]] = f2[f]->ids[i];
      real[f][nkept[f]++] = i;
    }
  }
  long diagonals = (long)(nkept[0] + nkept[1]) + 3;
  long *fd = calloc((size_t)(2 * diagonals), sizeof(long)),
       *bd = calloc((size_t)(2 * diagonals), sizeof(long));
  struct seq s = {kept[0],
                  kept[1],
                  real[0],
                  real[1],
                  a->changed,
                  b->changed,
                  fd + (long)nkept[1] + 1,
                  bd + (long)nkept[1] + 1};
  compare_seq(&s, 0, (long)nkept[0], 0, (long)nkept[1]);
  free(fd), free(bd);
  for (int f = 0; f < 2; f++) free(kept[f]), free(real[f]), free(count[f]);
}

/* GNU's shift_boundaries: slides each run of changes to merge with neighbours, then as far
 * down as it goes, then back to a run in the other file it can face. */
static void shift_boundaries(struct file* files[2]) {
  for (int f = 0; f < 2; f++) {
    char *changed = files[f]->changed, *other = files[1 - f]->changed;
    const int* ids = files[f]->ids;
    long i = 0, j = 0, end = (long)files[f]->n;
    for (;;) {
      while (i < end && !changed[i]) {
        while (other[j++]) {
        }
        i++;
      }
      if (i == end) break;
      long start = i, runlength, corresponding;
      while (changed[++i]) {
      }
      while (other[j]) j++;
      do {
        runlength = i - start;
        while (start && ids[start - 1] == ids[i - 1]) {
          changed[--start] = 1;
          changed[--i] = 0;
          while (changed[start - 1]) start--;
          while (other[--j]) {
          }
        }
        corresponding = other[j - 1] ? i : end;
        while (i != end && ids[start] == ids[i]) {
          changed[start++] = 0;
          changed[i++] = 1;
          while (changed[i]) i++;
          while (other[++j]) corresponding = i;
        }
      } while (runlength != i - start);
      while (corresponding < i) {
        changed[--start] = 1;
        changed[--i] = 0;
        while (other[--j]) {
        }
      }
    }
  }
}

struct hunk {
  size_t a0, a1, b0, b1; /* [a0,a1) deleted from A, [b0,b1) inserted from B */
};

static struct hunk* hunks;
static size_t nhunks;

static void collect_hunks(struct file* a, struct file* b) {
  size_t i = 0, j = 0;
  while (i < a->n || j < b->n) {
    if ((i < a->n && a->changed[i]) || (j < b->n && b->changed[j])) {
      struct hunk h = {i, i, j, j};
      while (h.a1 < a->n && a->changed[h.a1]) h.a1++;
      while (h.b1 < b->n && b->changed[h.b1]) h.b1++;
      hunks = xrealloc(hunks, (nhunks + 1) * sizeof *hunks);
      hunks[nhunks++] = h;
      i = h.a1, j = h.b1;
    } else {
      i++, j++;
    }
  }
}

static void print_text(const struct file* f, size_t i, const char* mark) {
  out_str(mark);
  out_write(f->lines[i], f->lens[i]);
  out_char('\n');
  if (i + 1 == f->n && f->missing_newline) out_str("\\ No newline at end of file\n");
}

static void print_range(size_t from, size_t to) { /* 1-based inclusive, normal format */
  char buf[64];
  if (to <= from + 1)
    snprintf(buf, sizeof buf, "%zu", to > from ? to : from);
  else
    snprintf(buf, sizeof buf, "%zu,%zu", from + 1, to);
  out_str(buf);
}

static void normal_format(const struct file* a, const struct file* b) {
  for (size_t h = 0; h < nhunks; h++) {
    const struct hunk* k = &hunks[h];
    char op = k->a0 == k->a1 ? 'a' : k->b0 == k->b1 ? 'd' : 'c';
    print_range(op == 'a' ? k->a0 : k->a0, op == 'a' ? k->a0 : k->a1);
    out_char(op);
    print_range(op == 'd' ? k->b0 : k->b0, op == 'd' ? k->b0 : k->b1);
    out_char('\n');
    for (size_t i = k->a0; i < k->a1; i++) print_text(a, i, "< ");
    if (op == 'c') out_str("---\n");
    for (size_t j = k->b0; j < k->b1; j++) print_text(b, j, "> ");
  }
}

static void file_header(const char* mark, const struct file* f, const char* label) {
  char when[64] = "";
  struct tm tm;
  time_t sec = f->st.st_mtim.tv_sec;
  if (gmtime_r(&sec, &tm)) {
    char base[40];
    strftime(base, sizeof base, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(when, sizeof when, "%s.%09ld +0000", base, (long)f->st.st_mtim.tv_nsec);
  }
  out_str(mark);
  out_str(label ? label : f->name);
  if (!label) {
    out_char('\t');
    out_str(when);
  }
  out_char('\n');
}

static void unified_range(size_t start, size_t count) {
  char buf[64];
  if (count == 1)
    snprintf(buf, sizeof buf, "%zu", start + 1);
  else
    snprintf(buf, sizeof buf, "%zu,%zu", count ? start + 1 : start, count);
  out_str(buf);
}

static void unified_format(const struct file* a, const struct file* b, size_t context,
                           const char* labels[2]) {
  file_header("--- ", a, labels[0]);
  file_header("+++ ", b, labels[1]);
  for (size_t h = 0; h < nhunks;) {
    size_t last = h; /* hunks closer than 2*context lines join one group */
    while (last + 1 < nhunks && hunks[last + 1].a0 - hunks[last].a1 <= 2 * context) last++;
    size_t a0 = hunks[h].a0 > context ? hunks[h].a0 - context : 0;
    size_t b0 = hunks[h].b0 - (hunks[h].a0 - a0);
    size_t a1 = hunks[last].a1 + context < a->n ? hunks[last].a1 + context : a->n;
    size_t b1 = hunks[last].b1 + (a1 - hunks[last].a1);
    out_str("@@ -");
    unified_range(a0, a1 - a0);
    out_str(" +");
    unified_range(b0, b1 - b0);
    out_str(" @@\n");
    size_t i = a0, j = b0;
    for (size_t k = h; k <= last; k++) {
      for (; i < hunks[k].a0; i++, j++) print_text(a, i, " ");
      for (; i < hunks[k].a1; i++) print_text(a, i, "-");
      for (; j < hunks[k].b1; j++) print_text(b, j, "+");
    }
    for (; i < a1; i++, j++) print_text(a, i, " ");
    h = last + 1;
  }
}

/* diff prefixes its usage hint with its name, unlike coreutils. */
static _Noreturn void usage_failure(const char* fmt, const char* arg) {
  warn(fmt, arg);
  fprintf(stderr, "%s: Try '%s --help' for more information.\n", prog, prog);
  exit(2);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  enum { LABEL = 256, NORMAL };
  static const struct option longopts[] = {{"unified", optional_argument, 0, 'u'},
                                           {"brief", no_argument, 0, 'q'},
                                           {"report-identical-files", no_argument, 0, 's'},
                                           {"text", no_argument, 0, 'a'},
                                           {"label", required_argument, 0, LABEL},
                                           {"normal", no_argument, 0, NORMAL},
                                           {0, 0, 0, 0}};
  bool unified = false, brief = false, report_same = false, text = false;
  size_t context = 3;
  const char* labels[2] = {NULL, NULL};
  int nlabels = 0, c;
  while ((c = cmd_getopt(argc, argv, "uU:qsa", longopts, 2)) != -1) {
    switch (c) {
      case 'u':
        unified = true;
        if (optarg) context = (size_t)strtoul(optarg, NULL, 10);
        break;
      case 'U': {
        char* end;
        long v = strtol(optarg, &end, 10);
        if (!*optarg || *end || v < 0) usage_failure("invalid context length %s", quote(optarg));
        unified = true;
        context = (size_t)v;
        break;
      }
      case 'q':
        brief = true;
        break;
      case 's':
        report_same = true;
        break;
      case 'a':
        text = true;
        break;
      case LABEL:
        if (nlabels < 2) labels[nlabels++] = optarg;
        break;
      case NORMAL:
        unified = false;
        break;
    }
  }
  if (argc - optind > 2) usage_failure("extra operand %s", quote(argv[optind + 2]));
  if (argc - optind < 2)
    usage_failure("missing operand after %s", quote(argc - optind ? argv[argc - 1] : prog));
  struct file a = {.name = argv[optind]}, b = {.name = argv[optind + 1]};
  bool ok_a = read_file(&a), ok_b = read_file(&b);
  if (!ok_a || !ok_b) return 2;
  bool same = a.data.len == b.data.len &&
              (a.data.len == 0 || memcmp(a.data.data, b.data.data, a.data.len) == 0);
  if (same) {
    if (report_same) printf("Files %s and %s are identical\n", a.name, b.name);
    return 0;
  }
  bool binary = !text && (memchr(a.data.data ? a.data.data : "", 0, a.data.len) ||
                          memchr(b.data.data ? b.data.data : "", 0, b.data.len));
  if (brief || binary) {
    printf(binary && !brief ? "Binary files %s and %s differ\n" : "Files %s and %s differ\n",
           a.name, b.name);
    return binary && !brief ? 2 - 1 : 1;
  }
  assign_ids(&a, &b);
  a.changed = calloc(a.n + 2, 1) + 1;
  b.changed = calloc(b.n + 2, 1) + 1;
  edit_script(&a, &b);
  struct file* both[2] = {&a, &b};
  shift_boundaries(both);
  collect_hunks(&a, &b);
  if (unified)
    unified_format(&a, &b, context, labels);
  else
    normal_format(&a, &b);
  return out_flush() ? 1 : 2;
}
