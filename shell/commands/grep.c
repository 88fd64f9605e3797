/* grep [-EFGiyvwxcLlqsnbhHoraI] [-e PATTERN]... [-f FILE]... [-m N] [-A N] [-B N] [-C N]
 * [PATTERN] [FILE]...: print lines that match (GNU grep 3.8, C locale). Exit 0 when a line is
 * selected, 1 when none, 2 on an error (0 with -q once a line is selected). A file whose bytes
 * read so far hold a NUL is binary: its first selected line prints "binary file matches". */
#define _GNU_SOURCE  /* memmem */
#include "common.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum mode { BASIC, EXTENDED, FIXED };

struct pattern {
  regex_t re;
  char* text; /* -F, or a regex without special characters */
  size_t len;
  bool literal; /* matched as a string, not by regexec (the same matches, far faster) */
};

static struct pattern* patterns;
static size_t npatterns;
static enum mode mode = BASIC;
static bool icase, invert, word, whole_line, count_only, list_matching, list_nonmatching, quiet,
    no_messages, line_numbers, byte_offsets, only_matching, text_mode, skip_binary, recursive,
    follow_links;
static int with_filename = -1; /* -1: by operand count, 0: -h, 1: -H */
static long long max_count = -1;
static long before_ctx, after_ctx;
static const char* label = "(standard input)";
static int status = 1;
static bool error_seen;

static struct bytes pattern_list;

static void add_patterns(const char* text, size_t len) {
  bytes_add(&pattern_list, text, len);
  bytes_addc(&pattern_list, '\n');
}

static bool word_char(int c) { return isalnum(c) || c == '_'; }

static bool fixed_equal(const char* a, const char* b, size_t n) {
  if (!icase) return memcmp(a, b, n) == 0;
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return false;
  return true;
}

/* Leftmost-longest match of pattern P in LINE[0..len) starting at FROM; false if none. */
static bool find_one(const struct pattern* p, const char* line, size_t len, size_t from, size_t* so,
                     size_t* eo) {
  if (p->literal && !icase) {
    const char* hit = memmem(line + from, len - from, p->text, p->len);
    if (!hit) return false;
    *so = (size_t)(hit - line), *eo = *so + p->len;
    return true;
  }
  if (p->literal) {
    for (size_t i = from; i + p->len <= len; i++)
      if (fixed_equal(line + i, p->text, p->len)) {
        *so = i, *eo = i + p->len;
        return true;
      }
    return false;
  }
  regmatch_t m;
  if (regexec(&p->re, line + from, 1, &m, from ? REG_NOTBOL : 0) != 0) return false;
  *so = from + (size_t)m.rm_so, *eo = from + (size_t)m.rm_eo;
  return true;
}

/* The longest match of P that starts exactly at SO and ends by LIMIT, or -1. */
static long match_here(const struct pattern* p, const char* line, size_t so, size_t limit) {
  if (p->literal)
    return so + p->len <= limit && fixed_equal(line + so, p->text, p->len) ? (long)p->len : -1;
  char* piece = strndup(line + so, limit - so);
  regmatch_t m;
  long n = -1;
  if (regexec(&p->re, piece, 1, &m, so ? REG_NOTBOL : 0) == 0 && m.rm_so == 0) n = (long)m.rm_eo;
  free(piece);
  return n;
}

static bool word_bounded(const char* line, size_t len, size_t so, size_t eo) {
  bool before = so > 0 && word_char((unsigned char)line[so - 1]);
  bool after = eo < len && word_char((unsigned char)line[eo]);
  return !before && !after;
}

/* A match of P at or after FROM that also satisfies -w and -x. */
static bool find_valid(const struct pattern* p, const char* line, size_t len, size_t from,
                       size_t* so, size_t* eo) {
  while (from <= len) {
    if (!find_one(p, line, len, from, so, eo)) return false;
    if (whole_line) return *so == 0 && *eo == len;
    if (!word) return true;
    long n = (long)(*eo - *so);
    while (n >= 0) {
      if (word_bounded(line, len, *so, *so + (size_t)n)) {
        *eo = *so + (size_t)n;
        return true;
      }
      if (n == 0) break;
      n = match_here(p, line, *so, *so + (size_t)n - 1);
    }
    from = *so + 1;
  }
  return false;
}

/* The leftmost (then longest) valid match of any pattern. */
static bool find_match(const char* line, size_t len, size_t from, size_t* so, size_t* eo) {
  bool found = false;
  for (size_t i = 0; i < npatterns; i++) {
    size_t s, e;
    if (!find_valid(&patterns[i], line, len, from, &s, &e)) continue;
    if (!found || s < *so || (s == *so && e > *eo)) *so = s, *eo = e, found = true;
  }
  return found;
}

struct file_state {
  const char* name;
  bool show_name;
  unsigned long long lineno;
  unsigned long long offset;
};

static void prefix(const struct file_state* f, unsigned long long lineno, unsigned long long off,
                   char sep) {
  char num[32];
  if (f->show_name) {
    out_str(f->name);
    out_char(sep);
  }
  if (line_numbers) {
    snprintf(num, sizeof num, "%llu%c", lineno, sep);
    out_str(num);
  }
  if (byte_offsets) {
    snprintf(num, sizeof num, "%llu%c", off, sep);
    out_str(num);
  }
}

struct held_line {
  struct bytes text;
  unsigned long long lineno, offset;
};

/* Searches one open input; answers whether a line was selected. */
static bool grep_fd(int fd, struct file_state* f) {
  struct line_reader r;
  line_reader_init(&r, fd, '\n');
  size_t len;
  char* raw;
  struct bytes line = {0};
  unsigned long long selected = 0, last_printed = 0;
  long pending_after = 0;
  struct held_line* ring = before_ctx ? calloc((size_t)before_ctx, sizeof *ring) : NULL;
  size_t ring_count = 0, ring_next = 0;
  bool printed_any = false, binary_stop = false;
  while (!binary_stop && (max_count < 0 || (long long)selected < max_count || pending_after) &&
         (raw = line_next(&r, &len))) {
    f->lineno++;
    unsigned long long offset = f->offset;
    f->offset += len;
    line.len = 0;
    bytes_add(&line, raw, len && raw[len - 1] == '\n' ? len - 1 : len);
    size_t so = 0, eo = 0;
    bool matched = find_match(line.data, line.len, 0, &so, &eo);
    bool is_selected = matched != invert;
    if (max_count >= 0 && (long long)selected >= max_count) {
      if (is_selected) break; /* only trailing context goes on after the last allowed line */
    }
    if (!is_selected) {
      if (pending_after > 0 && !only_matching) {
        prefix(f, f->lineno, offset, '-');
        out_write(line.data, line.len);
        out_char('\n');
        last_printed = f->lineno;
        pending_after--;
      } else if (before_ctx) {
        struct held_line* h = &ring[ring_next];
        h->text.len = 0;
        bytes_add(&h->text, line.data, line.len);
        h->lineno = f->lineno, h->offset = offset;
        ring_next = (ring_next + 1) % (size_t)before_ctx;
        if (ring_count < (size_t)before_ctx) ring_count++;
      }
      continue;
    }
    if (skip_binary && !text_mode && r.saw_nul) break; /* -I: a binary file matches nothing */
    selected++;
    status = 0;
    if (quiet || list_matching || list_nonmatching) {
      if (quiet) exit(0);
      break;
    }
    if (count_only) continue;
    if (!text_mode && r.saw_nul) {
      (void)out_flush();
      warn("%s: binary file matches", f->name);
      binary_stop = true;
      break;
    }
    bool context = (before_ctx || after_ctx) && !only_matching;
    if (context && printed_any) {
      unsigned long long first = f->lineno - ring_count;
      if (first > last_printed + 1) out_str("--\n");
    }
    if (context) {
      size_t start =
          (ring_next + (size_t)before_ctx - ring_count) % (size_t)(before_ctx ? before_ctx : 1);
      for (size_t k = 0; k < ring_count; k++) {
        struct held_line* h = &ring[(start + k) % (size_t)before_ctx];
        prefix(f, h->lineno, h->offset, '-');
        out_write(h->text.data, h->text.len);
        out_char('\n');
      }
      ring_count = 0;
    }
    if (only_matching) {
      if (!invert) {
        size_t from = 0;
        while (from <= line.len && find_match(line.data, line.len, from, &so, &eo)) {
          if (eo > so) {
            prefix(f, f->lineno, offset + so, ':');
            out_write(line.data + so, eo - so);
            out_char('\n');
          }
          from = eo > so ? eo : so + 1;
        }
      }
    } else {
      prefix(f, f->lineno, offset, ':');
      out_write(line.data, line.len);
      out_char('\n');
    }
    printed_any = true;
    last_printed = f->lineno;
    pending_after = after_ctx;
  }
  if (r.err) {
    errno = r.err;
    if (!no_messages) warn_errno("%s", f->name);
    error_seen = true;
  }
  if (count_only) {
    if (f->show_name) {
      out_str(f->name);
      out_char(':');
    }
    char num[32];
    snprintf(num, sizeof num, "%llu\n", selected);
    out_str(num);
  }
  if ((list_matching && selected) || (list_nonmatching && !selected)) {
    out_str(f->name);
    out_char('\n');
  }
  if (list_nonmatching) status = selected ? status : 0;
  for (long k = 0; k < before_ctx; k++) free(ring[k].text.data);
  free(ring);
  free(line.data);
  line_reader_free(&r);
  return selected > 0;
}

static void grep_path(const char* path, bool show_name, bool top);

static void grep_dir(const char* path) {
  DIR* d = opendir(path);
  if (!d) {
    if (!no_messages) warn_errno("%s", path);
    error_seen = true;
    return;
  }
  struct dirent* e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    size_t n = strlen(path);
    char* child = xrealloc(NULL, n + strlen(e->d_name) + 2);
    if (strcmp(path, ".") == 0 && with_filename != 1)
      strcpy(child, e->d_name);
    else
      sprintf(child, "%s%s%s", path, n && path[n - 1] == '/' ? "" : "/", e->d_name);
    grep_path(child, with_filename != 0, false);
    free(child);
  }
  closedir(d);
}

static void grep_path(const char* path, bool show_name, bool top) {
  struct stat st;
  bool is_stdin = strcmp(path, "-") == 0 && top;
  if (!is_stdin) {
    int rc = (top || follow_links) ? stat(path, &st) : lstat(path, &st);
    if (rc == 0 && S_ISLNK(st.st_mode)) return; /* -r does not follow links it finds */
    if (rc == 0 && S_ISDIR(st.st_mode)) {
      if (recursive) {
        grep_dir(path);
        return;
      }
      if (!no_messages) warn("%s: Is a directory", path);
      error_seen = true;
      return;
    }
  }
  int fd = is_stdin ? 0 : open_input(path);
  if (fd < 0) {
    if (!no_messages) warn_errno("%s", path);
    error_seen = true;
    return;
  }
  struct file_state f = {is_stdin ? label : path, show_name, 0, 0};
  grep_fd(fd, &f);
  if (fd > 0) close(fd);
}

static long context_arg(const char* arg) {
  char* end;
  long v = strtol(arg, &end, 10);
  if (!*arg || *end || v < 0) die(2, "%s: invalid context length argument", arg);
  return v;
}

static void compile_patterns(void) {
  const char* p = pattern_list.data ? pattern_list.data : "";
  const char* end = p + pattern_list.len;
  while (p < end) {
    const char* nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)(nl - p);
    patterns = xrealloc(patterns, (npatterns + 1) * sizeof *patterns);
    struct pattern* pat = &patterns[npatterns++];
    pat->text = strndup(p, n);
    pat->len = n;
    // A regex with no character special in its syntax matches exactly its own text.
    const char* special = mode == EXTENDED ? "\\.[]*^$+?(){}|" : "\\.[]*^$";
    pat->literal = mode == FIXED || strcspn(pat->text, special) == n;
    if (!pat->literal) {
      const char* error;
      int flags = (mode == EXTENDED ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0);
      if (gnu_regcomp(&pat->re, pat->text, flags, true, &error) != 0) die(2, "%s", error);
    }
    p = nl + 1;
  }
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  enum { LABEL = 256, BINARY_FILES, COLOR, NO_IGNORE_CASE };
  static const struct option longopts[] = {{"extended-regexp", no_argument, 0, 'E'},
                                           {"fixed-strings", no_argument, 0, 'F'},
                                           {"basic-regexp", no_argument, 0, 'G'},
                                           {"regexp", required_argument, 0, 'e'},
                                           {"file", required_argument, 0, 'f'},
                                           {"ignore-case", no_argument, 0, 'i'},
                                           {"no-ignore-case", no_argument, 0, NO_IGNORE_CASE},
                                           {"invert-match", no_argument, 0, 'v'},
                                           {"word-regexp", no_argument, 0, 'w'},
                                           {"line-regexp", no_argument, 0, 'x'},
                                           {"count", no_argument, 0, 'c'},
                                           {"files-with-matches", no_argument, 0, 'l'},
                                           {"files-without-match", no_argument, 0, 'L'},
                                           {"quiet", no_argument, 0, 'q'},
                                           {"silent", no_argument, 0, 'q'},
                                           {"no-messages", no_argument, 0, 's'},
                                           {"line-number", no_argument, 0, 'n'},
                                           {"byte-offset", no_argument, 0, 'b'},
                                           {"with-filename", no_argument, 0, 'H'},
                                           {"no-filename", no_argument, 0, 'h'},
                                           {"only-matching", no_argument, 0, 'o'},
                                           {"text", no_argument, 0, 'a'},
                                           {"recursive", no_argument, 0, 'r'},
                                           {"dereference-recursive", no_argument, 0, 'R'},
                                           {"max-count", required_argument, 0, 'm'},
                                           {"after-context", required_argument, 0, 'A'},
                                           {"before-context", required_argument, 0, 'B'},
                                           {"context", required_argument, 0, 'C'},
                                           {"label", required_argument, 0, LABEL},
                                           {"binary-files", required_argument, 0, BINARY_FILES},
                                           {"color", optional_argument, 0, COLOR},
                                           {"colour", optional_argument, 0, COLOR},
                                           {0, 0, 0, 0}};
  bool have_patterns = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "EFGPe:f:iyvwxclLqsnbHhoarRIm:A:B:C:U", longopts, 2)) != -1) {
    switch (c) {
      case 'E':
        mode = EXTENDED;
        break;
      case 'F':
        mode = FIXED;
        break;
      case 'G':
        mode = BASIC;
        break;
      case 'P':
        die(2, "Perl matching not supported in a --disable-perl-regexp build");
      case 'e':
        add_patterns(optarg, strlen(optarg));
        have_patterns = true;
        break;
      case 'f': {
        int fd = open_input(optarg);
        if (fd < 0) die_errno(2, "%s", optarg);
        struct bytes all = {0};
        if (read_all(fd, &all) < 0) die_errno(2, "%s", optarg);
        if (all.len && all.data[all.len - 1] == '\n') all.len--;
        if (all.data) add_patterns(all.data, all.len); /* an empty file holds no pattern */
        if (fd > 0) close(fd);
        free(all.data);
        have_patterns = true;
        break;
      }
      case 'i':
      case 'y':
        icase = true;
        break;
      case NO_IGNORE_CASE:
        icase = false;
        break;
      case 'v':
        invert = true;
        break;
      case 'w':
        word = true;
        break;
      case 'x':
        whole_line = true;
        break;
      case 'c':
        count_only = true;
        break;
      case 'l':
        list_matching = true, list_nonmatching = false;
        break;
      case 'L':
        list_nonmatching = true, list_matching = false;
        break;
      case 'q':
        quiet = true;
        break;
      case 's':
        no_messages = true;
        break;
      case 'n':
        line_numbers = true;
        break;
      case 'b':
        byte_offsets = true;
        break;
      case 'H':
        with_filename = 1;
        break;
      case 'h':
        with_filename = 0;
        break;
      case 'o':
        only_matching = true;
        break;
      case 'a':
        text_mode = true;
        break;
      case 'I':
        skip_binary = true;
        break;
      case 'r':
        recursive = true;
        break;
      case 'R':
        recursive = follow_links = true;
        break;
      case 'm': {
        char* end;
        max_count = strtoll(optarg, &end, 10);
        if (!*optarg || *end) die(2, "invalid max count");
        if (max_count < 0) max_count = -1;
        break;
      }
      case 'A':
        after_ctx = context_arg(optarg);
        break;
      case 'B':
        before_ctx = context_arg(optarg);
        break;
      case 'C':
        after_ctx = before_ctx = context_arg(optarg);
        break;
      case LABEL:
        label = optarg;
        break;
      case BINARY_FILES:
        if (strcmp(optarg, "text") == 0)
          text_mode = true;
        else if (strcmp(optarg, "without-match") == 0)
          skip_binary = true;
        else if (strcmp(optarg, "binary") != 0)
          die(2, "unknown binary-files type");
        break;
    }
  }
  if (!have_patterns) {
    if (optind >= argc) {
      fprintf(stderr, "Usage: %s [OPTION]... PATTERNS [FILE]...\n", prog);
      fprintf(stderr, "Try '%s --help' for more information.\n", prog);
      return 2;
    }
    add_patterns(argv[optind], strlen(argv[optind]));
    optind++;
  }
  compile_patterns();
  int nfiles = argc - optind;
  bool show = with_filename == 1 || (with_filename == -1 && nfiles > 1);
  if (nfiles == 0) {
    if (recursive) {
      grep_dir(".");
    } else {
      grep_path("-", show, true);
    }
  }
  for (int i = optind; i < argc; i++) grep_path(argv[i], show, true);
  if (!out_flush()) return 2;
  if (error_seen && !(quiet && status == 0)) return 2;
  return status;
}
