// ls: lists each directory named (default "."), sorted, directories with a trailing '/',
// symlinks as "name -> target", regular files with their size.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest.h"

static int by_name(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static int list(const char* dir, int header) {
  DIR* d = opendir(dir);
  if (!d) {
    fprintf(stderr, "ls: %s: %s\n", dir, strerror(errno));
    return 1;
  }
  char* names[4096];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) && n < 4096) {
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  if (header) printf("%s:\n", dir);
  for (int i = 0; i < n; ++i) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    struct stat st;
    if (lstat(path, &st) != 0) {
      printf("%s ?\n", names[i]);
    } else if (S_ISDIR(st.st_mode)) {
      printf("%s/\n", names[i]);
    } else if (S_ISLNK(st.st_mode)) {
      char target[4096];
      ssize_t len = readlink(path, target, sizeof target - 1);
      target[len < 0 ? 0 : len] = 0;
      printf("%s -> %s\n", names[i], target);
    } else {
      printf("%s %lld\n", names[i], (long long)st.st_size);
    }
    free(names[i]);
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return list(".", 0);
  int status = 0;
  for (int i = 1; i < argc; ++i) status |= list(argv[i], argc > 2);
  return status;
}
