/* du: disk usage of each FILE (default .), directories after their contents, in 1K blocks.
 * -s only the totals, -a files too, -h sizes as 4.0K, -c a grand total, -d N / --max-depth=N
 * deepest level printed, -b / --apparent-size sizes instead of blocks. Hard links count once. */
#include <dirent.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"

static bool all, summarize, human, apparent, bytes;
static long max_depth = -1;
static int status;

/* Everything counted so far, by (dev, ino): a file or directory reached twice (a hard link, an
 * operand inside another) counts once, as in GNU du. Open addressing, grown at half full. */
static struct seen_id {
  dev_t dev;
  ino_t ino;
  bool used;
} * seen;
static size_t n_seen, cap_seen;

static size_t slot_of(dev_t dev, ino_t ino) {
  uint64_t h = ((uint64_t)ino * 0x9E3779B97F4A7C15ull) ^ (uint64_t)dev;
  size_t i = (size_t)(h % cap_seen);
  while (seen[i].used && !(seen[i].dev == dev && seen[i].ino == ino)) i = (i + 1) % cap_seen;
  return i;
}

static bool first_sight(const struct stat* st) {
  if (2 * (n_seen + 1) > cap_seen) {
    struct seen_id* old = seen;
    size_t old_cap = cap_seen;
    cap_seen = cap_seen ? cap_seen * 2 : 1024;
    seen = calloc(cap_seen, sizeof *seen);
    if (!seen) die(1, "memory exhausted");
    for (size_t i = 0; i < old_cap; i++)
      if (old[i].used) seen[slot_of(old[i].dev, old[i].ino)] = old[i];
    free(old);
  }
  size_t i = slot_of(st->st_dev, st->st_ino);
  if (seen[i].used) return false;
  seen[i] = (struct seen_id){st->st_dev, st->st_ino, true};
  n_seen++;
  return true;
}

static uint64_t usage_of(const struct stat* st) {
  return apparent ? (uint64_t)st->st_size : disk_blocks(st) * 512;
}

static void print_size(uint64_t size, const char* path) {
  char text[32];
  if (human)
    human_size(size, text);
  else if (bytes)
    snprintf(text, sizeof text, "%llu", (unsigned long long)size);
  else
    snprintf(text, sizeof text, "%llu", (unsigned long long)((size + 1023) / 1024));
  printf("%s\t%s\n", text, path);
}

static bool shown_at(long depth) { return max_depth < 0 || depth <= max_depth; }

static uint64_t walk(const char* path, long depth);

struct sum {
  long depth; /* of the entries */
  uint64_t total;
};

static bool add_entry(const char* dir, const char* name, void* ctx) {
  struct sum* sum = ctx;
  char* child = path_join(dir, name);
  sum->total += walk(child, sum->depth);
  free(child);
  return true;
}

static uint64_t walk(const char* path, long depth) {
  struct stat st;
  if (lstat(path, &st) != 0) {
    warn_errno("cannot access %s", quoteaf(path));
    status = 1;
    return 0;
  }
  if (!first_sight(&st)) return 0;
  uint64_t total = usage_of(&st);
  if (S_ISDIR(st.st_mode)) {
    struct sum sum = {depth + 1, 0};
    if (each_entry(path, add_entry, &sum) != 0) {
      warn_errno("cannot read directory %s", quoteaf(path));
      status = 1;
    }
    total += sum.total;
    if ((!summarize || depth == 0) && shown_at(depth)) print_size(total, path);
  } else if (depth == 0 || (all && !summarize && shown_at(depth))) {
    print_size(total, path);
  }
  return total;
}

int main(int argc, char** argv) {
  cmd_init(argc, argv);
  static const struct option longopts[] = {{"all", no_argument, 0, 'a'},
                                           {"summarize", no_argument, 0, 's'},
                                           {"human-readable", no_argument, 0, 'h'},
                                           {"total", no_argument, 0, 'c'},
                                           {"max-depth", required_argument, 0, 'd'},
                                           {"apparent-size", no_argument, 0, 'A'},
                                           {"bytes", no_argument, 0, 'b'},
                                           {0, 0, 0, 0}};
  bool grand_total = false;
  int c;
  while ((c = cmd_getopt(argc, argv, "ashcd:bk", longopts, 1)) != -1) {
    switch (c) {
      case 'a':
        all = true;
        break;
      case 's':
        summarize = true;
        break;
      case 'h':
        human = true;
        break;
      case 'c':
        grand_total = true;
        break;
      case 'A':
        apparent = true;
        break;
      case 'b':
        apparent = bytes = true;
        break;
      case 'k':
        human = bytes = false;
        break;
      case 'd': {
        char* end;
        max_depth = strtol(optarg, &end, 10);
        if (*end || end == optarg || max_depth < 0)
          usage_error(1, "invalid maximum depth %s", quoteaf(optarg));
        break;
      }
    }
  }
  if (all && summarize) usage_error(1, "cannot both summarize and show all entries");
  static char* dot[] = {".", NULL};
  char** files = optind < argc ? argv + optind : dot;
  uint64_t total = 0;
  for (; *files; files++) total += walk(*files, 0);
  if (grand_total) print_size(total, "total");
  if (fflush(stdout) != 0) die_errno(1, "write error");
  return status;
}
