// fs_ops DIR: every file operation through wasi-libc, successes and the errors POSIX promises.
// Output is independent of the backend (no inode numbers or wall-clock times).
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "guest.h"

static char P[512];
static const char* at(const char* name) {
  static char bufs[4][512];
  static int next;
  char* b = bufs[next++ & 3];
  snprintf(b, 512, "%s/%s", P, name);
  return b;
}

static void show_stat(const char* name) {
  struct stat st;
  if (lstat(at(name), &st) != 0) {
    printf("lstat %s -> %s\n", name, ename(errno));
    return;
  }
  const char* type = S_ISDIR(st.st_mode)   ? "dir"
                     : S_ISLNK(st.st_mode) ? "symlink"
                     : S_ISREG(st.st_mode) ? "file"
                                           : "other";
  printf("lstat %s: %s size=%lld nlink=%llu\n", name, type, (long long)st.st_size,
         (unsigned long long)st.st_nlink);
}

int main(int argc, char** argv) {
  snprintf(P, sizeof P, "%s/fs_ops", workdir(argc, argv));
  TRY(mkdir(P, 0755));
  TRY(mkdir(P, 0755));  // EEXIST

  // Create, write, read back.
  int fd = open(at("a.txt"), O_RDWR | O_CREAT | O_EXCL, 0644);
  printf("open a.txt: %s\n", fd >= 0 ? "OK" : ename(errno));
  TRY(open(at("a.txt"), O_RDWR | O_CREAT | O_EXCL, 0644));  // EEXIST
  TRY(write(fd, "hello, world\n", 13));
  TRY(lseek(fd, 0, SEEK_CUR));
  printf("tell = %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  char buf[64] = {0};
  TRY(pread(fd, buf, 5, 7));
  printf("pread = '%s'\n", buf);
  TRY(pwrite(fd, "WORLD", 5, 7));
  printf("offset after pwrite = %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  printf("seek end = %lld\n", (long long)lseek(fd, 0, SEEK_END));
  printf("seek set 100 = %lld\n", (long long)lseek(fd, 100, SEEK_SET));
  TRY(lseek(fd, -1000, SEEK_SET));  // EINVAL
  lseek(fd, 0, SEEK_SET);
  memset(buf, 0, sizeof buf);
  printf("read = %zd '%s'", read(fd, buf, sizeof buf - 1), buf);
  TRY(ftruncate(fd, 5));
  struct stat st;
  fstat(fd, &st);
  printf("fstat size after ftruncate = %lld\n", (long long)st.st_size);
  TRY(posix_fallocate(fd, 0, 4096) == 0 ? 0 : -1);
  fstat(fd, &st);
  printf("fstat size after fallocate = %lld\n", (long long)st.st_size);
  TRY(ftruncate(fd, 5));
  TRY(fsync(fd));
  TRY(fdatasync(fd));
  // Timestamps keep nanoseconds.
  struct timespec times[2] = {{1000000000, 123456789}, {1500000000, 987654321}};
  TRY(futimens(fd, times));
  fstat(fd, &st);
  printf("atime = %lld.%09ld mtime = %lld.%09ld\n", (long long)st.st_atim.tv_sec,
         st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  struct timespec omit[2] = {{0, UTIME_OMIT}, {2000000000, 5}};
  TRY(utimensat(AT_FDCWD, at("a.txt"), omit, 0));
  stat(at("a.txt"), &st);
  printf("after utimensat: atime = %lld.%09ld mtime = %lld.%09ld\n", (long long)st.st_atim.tv_sec,
         st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  TRY(close(fd));
  TRY(close(fd));  // EBADF

  // Append mode.
  fd = open(at("a.txt"), O_WRONLY | O_APPEND);
  TRY(write(fd, "++", 2));
  printf("fcntl APPEND = %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
  TRY(fcntl(fd, F_SETFL, 0));
  printf("fcntl APPEND after clear = %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
  close(fd);
  fd = open(at("a.txt"), O_RDONLY);
  memset(buf, 0, sizeof buf);
  read(fd, buf, sizeof buf - 1);
  printf("contents = '%s'\n", buf);
  TRY(write(fd, "x", 1));  // read-only fd: no FD_WRITE right
  close(fd);
  TRY(open(at("a.txt"), O_WRONLY | O_TRUNC));
  show_stat("a.txt");

  // Errors on types.
  TRY(open(at("missing"), O_RDONLY));              // ENOENT
  TRY(open(at("a.txt/x"), O_RDONLY));              // ENOTDIR
  TRY(open(P, O_WRONLY));                          // EISDIR
  TRY(open(at("a.txt"), O_RDONLY | O_DIRECTORY));  // ENOTDIR
  TRY(mkdir(at("a.txt"), 0755));                   // EEXIST
  TRY(rmdir(at("a.txt")));                         // ENOTDIR
  TRY(unlink(P));                                  // EISDIR (POSIX says EPERM; Linux EISDIR)

  // Directories.
  TRY(mkdir(at("d"), 0755));
  TRY(mkdir(at("d/e"), 0755));
  TRY(rmdir(at("d")));  // ENOTEMPTY
  TRY(rmdir(at("d/e")));
  TRY(rmdir(at("d")));
  TRY(rmdir(at("d")));  // ENOENT

  // Links and renames.
  TRY(link(at("a.txt"), at("hard")));
  show_stat("a.txt");
  TRY(symlink("a.txt", at("sym")));
  TRY(symlink("a.txt", at("sym")));  // EEXIST
  char target[64] = {0};
  printf("readlink = %zd '%s'\n", readlink(at("sym"), target, sizeof target), target);
  memset(target, 0, sizeof target);
  printf("readlink short = %zd '%s'\n", readlink(at("sym"), target, 3), target);
  TRY(readlink(at("a.txt"), target, sizeof target));  // EINVAL
  show_stat("sym");
  TRY(symlink("loop2", at("loop1")));
  TRY(symlink("loop1", at("loop2")));
  TRY(open(at("loop1"), O_RDONLY));             // ELOOP
  TRY(open(at("sym"), O_RDONLY | O_NOFOLLOW));  // ELOOP
  TRY(rename(at("hard"), at("renamed")));
  TRY(rename(at("hard"), at("renamed")));  // ENOENT
  TRY(mkdir(at("d2"), 0755));
  TRY(rename(at("renamed"), at("d2")));    // EISDIR
  TRY(rename(at("d2"), at("renamed")));    // ENOTDIR
  TRY(rename(at("d2"), at("d2/inside")));  // EINVAL
  TRY(unlink(at("sym")));
  TRY(unlink(at("loop1")));
  TRY(unlink(at("loop2")));
  show_stat("sym");

  // readdir lists everything, with "." and "..", and telldir/seekdir resume.
  for (int i = 0; i < 20; ++i) {
    char name[32];
    snprintf(name, sizeof name, "f%02d", i);
    close(open(at(name), O_CREAT | O_WRONLY, 0644));
  }
  DIR* d = opendir(P);
  int count = 0, dots = 0;
  long cookie = 0;
  char after[64] = "";
  struct dirent* e;
  while ((e = readdir(d))) {
    ++count;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) ++dots;
    if (count == 10) cookie = telldir(d);
    if (count == 11) snprintf(after, sizeof after, "%s", e->d_name);
  }
  printf("readdir: %d entries, %d dots\n", count, dots);
  seekdir(d, cookie);
  e = readdir(d);
  printf("seekdir resumes at the same entry: %d\n", e && !strcmp(e->d_name, after));
  closedir(d);
  return 0;
}
