/* ls: list files and directories, one per line (there is no terminal layout here).
 * -l long form, -a all (with . and ..), -A almost all, -1 one per line, -R recursive, -d the
 * directories themselves, -h sizes as 1.5K, -t by time, -S by size, -r reversed, -U unsorted,
 * -F/-p type indicators, -g/-o/-G long form without owner/group, -i inode numbers. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static struct {
  bool all, almost_all, long_form, recursive, directory, human, reverse, unsorted, classify,
      slash_dirs, show_owner, show_group, inode;
  char sort; /* 'n' name, 't' time, 'S' size */
} opt = {.show_owner = true, .show_group = true, .sort = 'n'};

static int exit_status;
static bool printed_something; /* for the blank line before each directory heading */

struct entry {
  char* name; /* as shown */
  char* path; /* to reach it */
  struct stat st;
  bool stat_ok;
};

struct list {
  struct entry* items;
  size_t len, cap;
};

static void push(struct list* l, struct entry e) {
  if (l->len == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 32;
    l->items = realloc(l->items, l->cap * sizeof *l->items);
    if (!l->items) die(2, "memory exhausted");
  }
  l->items[l->len++] = e;
}

static int compare(const void* pa, const void* pb) {
  const struct entry *a = pa, *b = pb;
  int r = 0;
  if (opt.sort == 't') {
    if (a->st.st_mtim.tv_sec != b->st.st_mtim.tv_sec)
      r = a->st.st_mtim.tv_sec < b->st.st_mtim.tv_sec ? 1 : -1;
    else if (a->st.st_mtim.tv_nsec != b->st.st_mtim.tv_nsec)
      r = a->st.st_mtim.tv_nsec < b->st.st_mtim.tv_nsec ? 1 : -1;
  } else if (opt.sort == 'S' && a->st.st_size != b->st.st_size) {
    r = a->st.st_size < b->st.st_size ? 1 : -1;
  }
  if (r == 0) r = strcmp(a->name, b->name);
  return opt.reverse ? -r : r;
}

static void sort_list(struct list* l) {
  if (!opt.unsorted) qsort(l->items, l->len, sizeof *l->items, compare);
}

static char indicator(const struct entry* e, bool follow) {
  mode_t m = e->st.st_mode;
  if (S_ISDIR(m)) return '/';
  if (!opt.classify) return 0;
  if (S_ISLNK(m)) return '@';
  if (S_ISFIFO(m)) return '|';
  if (S_ISSOCK(m)) return '=';
  if (S_ISREG(m) && (file_mode(e->path, follow) & 0111)) return '*';
  return 0;
}

static void print_name(const struct entry* e) {
  fputs(e->name, stdout);
  if ((opt.classify || opt.slash_dirs) && !(opt.long_form && S_ISLNK(e->st.st_mode))) {
    char c = indicator(e, false);
    if (c) putchar(c);
  }
}

/* The long form is put together by hand, not with printf or strftime: in a large directory
 * formatting is most of what ls does, and musl's printf parses its format twice per call. */
static void put_spaces(int n) {
  while (n-- > 0) putchar(' ');
}
static void put_right(const char* s, int width) {
  put_spaces(width - (int)strlen(s));
  fputs(s, stdout);
}
static void put_left(const char* s, int width) {
  fputs(s, stdout);
  put_spaces(width - (int)strlen(s));
}

/* v in decimal, right-aligned in `width` with `pad`; answers the end of what it wrote. */
static char* put_decimal(char* out, unsigned long long v, int width, char pad) {
  char digits_rev[24];
  int n = 0;
  do digits_rev[n++] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  for (int i = n; i < width; i++) *out++ = pad;
  while (n > 0) *out++ = digits_rev[--n];
  *out = 0;
  return out;
}

static void format_size(const struct entry* e, char out[32]) {
  if (opt.human)
    human_size((uint64_t)e->st.st_size, out);
  else
    put_decimal(out, (unsigned long long)(e->st.st_size < 0 ? 0 : e->st.st_size), 0, ' ');
}

/* "Dec  1 09:40" within six months before now, else "Dec  1  2025" (GNU's rule). */
static void format_time(time_t t, char out[32]) {
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  static time_t now;
  if (!now) now = time(NULL);
  if (t > now) now = t; /* a newer file than the clock: take it as now, as GNU does */
  struct tm tm;
  if (!gmtime_r(&t, &tm)) {
    snprintf(out, 32, "%lld", (long long)t);
    return;
  }
  bool recent = t > now - 31556952 / 2 && t <= now;
  memcpy(out, months + 3 * (tm.tm_mon % 12), 3);
  char* at = put_decimal(out + 3, (unsigned)tm.tm_mday, 3, ' ');
  *at++ = ' ';
  if (recent) {
    at = put_decimal(at, (unsigned)tm.tm_hour, 2, '0');
    *at++ = ':';
    put_decimal(at, (unsigned)tm.tm_min, 2, '0');
  } else {
    long long year = (long long)tm.tm_year + 1900;
    *at++ = ' ';
    if (year < 0) *at++ = '-', year = -year;
    put_decimal(at, (unsigned long long)year, 0, ' ');
  }
}

static void put_number(unsigned long long v, int width) {
  char text[32];
  put_decimal(text, v, width, ' ');
  fputs(text, stdout);
}

static int digits(unsigned long long v) {
  int n = 1;
  while (v >= 10) v /= 10, n++;
  return n;
}

/* Column widths come from `widths` (GNU sizes the operands' listing by every operand). */
static void print_long(const struct list* l, const struct list* widths) {
  int links_w = 1, size_w = 1, user_w = (int)strlen(user_name()), inode_w = 1;
  for (size_t i = 0; i < widths->len; i++) {
    const struct entry* e = &widths->items[i];
    char size[32];
    format_size(e, size);
    if (digits(e->st.st_nlink) > links_w) links_w = digits(e->st.st_nlink);
    if ((int)strlen(size) > size_w) size_w = (int)strlen(size);
    if (digits(e->st.st_ino) > inode_w) inode_w = digits(e->st.st_ino);
  }
  for (size_t i = 0; i < l->len; i++) {
    const struct entry* e = &l->items[i];
    if (!e->stat_ok) continue;
    char mode[11], size[32], when[32];
    mode_t bits = file_mode(e->path, false);
    mode_string((e->st.st_mode & S_IFMT) | (bits & 07777), mode);
    format_size(e, size);
    format_time(e->st.st_mtim.tv_sec, when);
    if (opt.inode) put_number(e->st.st_ino, inode_w), putchar(' ');
    fputs(mode, stdout), putchar(' ');
    put_number(e->st.st_nlink, links_w), putchar(' ');
    if (opt.show_owner) put_left(user_name(), user_w), putchar(' ');
    if (opt.show_group) put_left(user_name(), user_w), putchar(' ');
    put_right(size, size_w), putchar(' ');
    fputs(when, stdout), putchar(' ');
    print_name(e);
    if (S_ISLNK(e->st.st_mode)) {
      char target[4096];
      ssize_t n = readlink(e->path, target, sizeof target - 1);
      if (n >= 0) {
        target[n] = 0;
        printf(" -> %s", target);
        struct stat t;
        if (opt.classify && stat(e->path, &t) == 0) {
          struct entry te = {target, e->path, t, true};
          char c = indicator(&te, true);
          if (c) putchar(c);
        }
      }
    }
    putchar('\n');
  }
}

static void print_list(const struct list* l, const struct list* widths) {
  if (opt.long_form) {
    print_long(l, widths);
    return;
  }
  int inode_w = 1;
  for (size_t i = 0; opt.inode && i < l->len; i++)
    if (digits(l->items[i].st.st_ino) > inode_w) inode_w = digits(l->items[i].st.st_ino);
  for (size_t i = 0; i < l->len; i++) {
    if (opt.inode) put_number(l->items[i].st.st_ino, inode_w), putchar(' ');
    print_name(&l->items[i]);
    putchar('\n');
  }
}

static void free_list(struct list* l) {
  for (size_t i = 0; i < l->len; i++) free(l->items[i].name), free(l->items[i].path);
  free(l->items);
}

/* `type`: the entry's type from readdir, enough when nothing but names and types is shown (as
 * GNU ls, which then does not stat); 0 to stat it. */
static bool add_entry(struct list* l, const char* dir, const char* name, mode_t type) {
  struct entry e = {strdup(name), path_join(dir, name), {.st_mode = type}, true};
  if (type == 0 && lstat(e.path, &e.st) != 0) {
    warn_errno("cannot access %s", quoteaf(e.path));
    exit_status = exit_status > 1 ? exit_status : 1;
    e.stat_ok = false;
  }
  push(l, e);
  return e.stat_ok;
}

static void list_directory(const char* path, bool heading, bool command_line) {
  DIR* dir = opendir(path);
  if (!dir) {
    warn_errno("cannot open directory %s", quoteaf(path));
    exit_status = command_line ? 2 : (exit_status > 1 ? exit_status : 1);
    return;
  }
  if (heading) {
    if (printed_something) putchar('\n');
    printf("%s:\n", path);
  }
  printed_something = true;
  struct list l = {0};
  if (opt.all) add_entry(&l, path, ".", 0), add_entry(&l, path, "..", 0);
  const bool type_is_enough = !opt.long_form && opt.sort == 'n' && !opt.inode && !opt.classify;
  struct dirent* d;
  while ((d = readdir(dir))) {
    const char* n = d->d_name;
    if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0) continue;
    if (n[0] == '.' && !opt.all && !opt.almost_all) continue;
    add_entry(&l, path, n, type_is_enough ? type_of_dirent(d->d_type) : 0);
  }
  closedir(dir);
  sort_list(&l);
  if (opt.long_form) {
    uint64_t blocks = 0;
    for (size_t i = 0; i < l.len; i++)
      if (l.items[i].stat_ok) blocks += disk_blocks(&l.items[i].st);
    char total[16];
    if (opt.human)
      human_size(blocks * 512, total);
    else
      snprintf(total, sizeof total, "%llu", (unsigned long long)((blocks + 1) / 2));
    printf("total %s\n", total);
  }
  print_list(&l, &l);
  if (opt.recursive) {
    for (size_t i = 0; i < l.len; i++) {
      struct entry* e = &l.items[i];
      if (!e->stat_ok || !S_ISDIR(e->st.st_mode)) continue;
      if (strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0) continue;
      list_directory(e->path, true, false);
    }
  }
  free_list(&l);
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"all", no_argument, 0, 'a'},
                                           {"almost-all", no_argument, 0, 'A'},
                                           {"recursive", no_argument, 0, 'R'},
                                           {"directory", no_argument, 0, 'd'},
                                           {"human-readable", no_argument, 0, 'h'},
                                           {"reverse", no_argument, 0, 'r'},
                                           {"classify", no_argument, 0, 'F'},
                                           {"inode", no_argument, 0, 'i'},
                                           {"no-group", no_argument, 0, 'G'},
                                           {0, 0, 0, 0}};
  int c;
  while ((c = cmd_getopt(argc, argv, "laA1RdhtSrUfFpgoGiCx", longopts, 2)) != -1) {
    switch (c) {
      case 'l':
        opt.long_form = true;
        break;
      case 'a':
        opt.all = true, opt.almost_all = false;
        break;
      case 'A':
        opt.almost_all = true, opt.all = false;
        break;
      case '1':
      case 'C':
      case 'x':
        break; /* one per line: no terminal layout */
      case 'R':
        opt.recursive = true;
        break;
      case 'd':
        opt.directory = true;
        break;
      case 'h':
        opt.human = true;
        break;
      case 't':
        opt.sort = 't';
        break;
      case 'S':
        opt.sort = 'S';
        break;
      case 'r':
        opt.reverse = true;
        break;
      case 'U':
        opt.unsorted = true;
        break;
      case 'f':
        opt.unsorted = opt.all = true;
        break;
      case 'F':
        opt.classify = true;
        break;
      case 'p':
        opt.slash_dirs = true;
        break;
      case 'g':
        opt.long_form = true, opt.show_owner = false;
        break;
      case 'o':
        opt.long_form = true, opt.show_group = false;
        break;
      case 'G':
        opt.show_group = false;
        break;
      case 'i':
        opt.inode = true;
        break;
    }
  }
  if (opt.sort != 'n') opt.unsorted = false;
  /* Symlinks on the command line are followed (to a directory) unless -l, -d or -F. */
  bool follow_operands = !(opt.long_form || opt.directory || opt.classify);
  static char* dot[] = {".", NULL};
  char** operands = optind < argc ? argv + optind : dot;
  int n_operands = optind < argc ? argc - optind : 1;
  struct list files = {0}, dirs = {0};
  for (int i = 0; i < n_operands; i++) {
    struct entry e = {strdup(operands[i]), strdup(operands[i]), {0}, true};
    if (lstat(e.path, &e.st) != 0) {
      warn_errno("cannot access %s", quoteaf(e.path));
      exit_status = 2;
      free(e.name), free(e.path);
      continue;
    }
    struct stat target;
    if (S_ISLNK(e.st.st_mode) && follow_operands && stat(e.path, &target) == 0 &&
        S_ISDIR(target.st_mode))
      e.st = target;
    push(S_ISDIR(e.st.st_mode) && !opt.directory ? &dirs : &files, e);
  }
  sort_list(&files);
  sort_list(&dirs);
  struct list operands_all = {0};
  for (size_t i = 0; i < files.len; i++) push(&operands_all, files.items[i]);
  for (size_t i = 0; i < dirs.len; i++) push(&operands_all, dirs.items[i]);
  print_list(&files, &operands_all);
  free(operands_all.items);
  if (files.len) printed_something = true;
  bool headings = n_operands > 1 || opt.recursive;
  for (size_t i = 0; i < dirs.len; i++) list_directory(dirs.items[i].path, headings, true);
  free_list(&files);
  free_list(&dirs);
  if (fflush(stdout) != 0) die_errno(2, "write error");
  return exit_status;
}
