// suite_checks CHECK [ARG...]: the wasi-testsuite checks wask once failed, redone with raw preview1
// calls in the way the suite's own tests make them (its Rust tests find the preopen named "/").
//   environ                   every environ entry, as environ_get hands them over
//   preopens                  the preopened fds and their names, then sock_shutdown on fd 3
//   path_filestat             the suite's path_filestat test, step by step
//   symlink TARGET PATH       path_symlink(TARGET, root, PATH)
//   link OLD NEW              path_link(root, no follow, OLD, root, NEW)
#include "guest.h"

// The preopen named "/" (as the suite's root_directory() finds it), reopened as a fresh fd.
static __wasi_fd_t root_directory(void) {
  for (__wasi_fd_t fd = 3;; ++fd) {
    __wasi_prestat_t pre;
    if (__wasi_fd_prestat_get(fd, &pre) != 0) break;
    char name[256];
    if (pre.u.dir.pr_name_len >= sizeof name) continue;
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t*)name, pre.u.dir.pr_name_len) != 0) continue;
    if (pre.u.dir.pr_name_len != 1 || name[0] != '/') continue;
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get(fd, &st) != 0) break;
    __wasi_fd_t opened;
    if (__wasi_path_open(fd, 0, ".", __WASI_OFLAGS_DIRECTORY, st.fs_rights_base,
                         st.fs_rights_inheriting, 0, &opened) != 0)
      break;
    return opened;
  }
  printf("no preopen named /\n");
  exit(1);
}

static int check_environ(void) {
  __wasi_size_t count = 0, size = 0;
  RAW(__wasi_environ_sizes_get(&count, &size));
  printf("environ count %u\n", (unsigned)count);
  static uint8_t* ptrs[256];
  static uint8_t buf[65536];
  if (count > 256 || size > sizeof buf) return 1;
  RAW(__wasi_environ_get(ptrs, buf));
  for (__wasi_size_t i = 0; i < count; ++i) printf("env %s\n", (const char*)ptrs[i]);
  return 0;
}

static int check_preopens(void) {
  for (__wasi_fd_t fd = 3;; ++fd) {
    __wasi_prestat_t pre;
    __wasi_errno_t e = __wasi_fd_prestat_get(fd, &pre);
    if (e != 0) {
      printf("fd_prestat_get(%u) -> %s\n", (unsigned)fd, ename(e));
      break;
    }
    char name[256] = "";
    if (pre.u.dir.pr_name_len < sizeof name)
      (void)__wasi_fd_prestat_dir_name(fd, (uint8_t*)name, pre.u.dir.pr_name_len);
    printf("preopen %u %s\n", (unsigned)fd, name);
  }
  RAW(__wasi_sock_shutdown(3, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR));
  return 0;
}

static int check_path_filestat(void) {
  __wasi_fd_t base = root_directory();
  RAW(__wasi_path_create_directory(base, "path_filestat_dir.cleanup"));
  __wasi_fd_t dir;
  RAW(__wasi_path_open(base, 0, "path_filestat_dir.cleanup", __WASI_OFLAGS_DIRECTORY,
                       __WASI_RIGHTS_PATH_FILESTAT_GET | __WASI_RIGHTS_PATH_FILESTAT_SET_TIMES |
                           __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_CREATE_FILE |
                           __WASI_RIGHTS_PATH_UNLINK_FILE | __WASI_RIGHTS_FD_FILESTAT_GET,
                       __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE |
                           __WASI_RIGHTS_PATH_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_GET,
                       0, &dir));
  __wasi_fdstat_t fdstat;
  RAW(__wasi_fd_fdstat_get(dir, &fdstat));
  printf("dir has PATH_FILESTAT_GET: %d\n",
         (fdstat.fs_rights_base & __WASI_RIGHTS_PATH_FILESTAT_GET) != 0);
  const __wasi_rights_t rights =
      __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_PATH_FILESTAT_GET;
  // The suite opens with APPEND|SYNC, and with APPEND alone when that answers ENOTSUP.
  __wasi_fdflags_t fdflags = __WASI_FDFLAGS_APPEND | __WASI_FDFLAGS_SYNC;
  __wasi_fd_t file;
  __wasi_errno_t e =
      __wasi_path_open(dir, 0, "file", __WASI_OFLAGS_CREAT, rights, 0, fdflags, &file);
  printf("open with APPEND|SYNC -> %s\n", ename(e));
  if (e == ENOTSUP) {
    fdflags = __WASI_FDFLAGS_APPEND;
    RAW(__wasi_path_open(dir, 0, "file", __WASI_OFLAGS_CREAT, rights, 0, fdflags, &file));
  }
  RAW(__wasi_fd_fdstat_get(file, &fdstat));
  printf("the fd keeps every flag it was opened with: %d\n",
         (fdstat.fs_flags & fdflags) == fdflags);
  __wasi_filestat_t st;
  RAW(__wasi_path_filestat_get(dir, 0, "file", &st));
  printf("size %llu\n", (unsigned long long)st.size);
  __wasi_timestamp_t new_mtim = st.mtim - 100;
  RAW(__wasi_path_filestat_set_times(dir, 0, "file", 0, new_mtim, __WASI_FSTFLAGS_MTIM));
  RAW(__wasi_path_filestat_get(dir, 0, "file", &st));
  printf("mtim changed to the new value: %d\n", st.mtim == new_mtim);
  RAW(__wasi_path_filestat_set_times(dir, 0, "file", 0, new_mtim,
                                     __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW));
  RAW(__wasi_path_filestat_get(dir, 0, "file", &st));
  printf("mtim untouched: %d\n", st.mtim == new_mtim);
  RAW(__wasi_path_filestat_set_times(dir, 0, "file", 0, 0,
                                     __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
  RAW(__wasi_fd_close(file));
  RAW(__wasi_path_unlink_file(dir, "file"));
  RAW(__wasi_fd_close(dir));
  RAW(__wasi_path_remove_directory(base, "path_filestat_dir.cleanup"));
  return 0;
}

int main(int argc, char** argv) {
  const char* check = argc > 1 ? argv[1] : "";
  if (!strcmp(check, "environ")) return check_environ();
  if (!strcmp(check, "preopens")) return check_preopens();
  if (!strcmp(check, "path_filestat")) return check_path_filestat();
  if (!strcmp(check, "symlink") && argc == 4) {
    RAW(__wasi_path_symlink(argv[2], root_directory(), argv[3]));
    return 0;
  }
  if (!strcmp(check, "link") && argc == 4) {
    __wasi_fd_t root = root_directory();
    RAW(__wasi_path_link(root, 0, argv[2], root, argv[3]));
    return 0;
  }
  printf("unknown check\n");
  return 2;
}
