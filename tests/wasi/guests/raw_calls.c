// raw_calls DIR: the preview1 functions wasi-libc hides, called directly: preopens, rights, fd
// numbering, readdir buffers and cookies, poll, clocks, random, args/environ, sockets, proc_*.
#include <fcntl.h>
#include <sys/stat.h>

#include "guest.h"

static __wasi_fd_t dirfd_of(const char* path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY);
  return fd < 0 ? (__wasi_fd_t)-1 : (__wasi_fd_t)fd;
}

static void readdir_tests(__wasi_fd_t dir) {
  // One big buffer: every entry, "." and ".." included.
  static uint8_t buf[4096];
  __wasi_size_t used = 0;
  RAW(__wasi_fd_readdir(dir, buf, sizeof buf, 0, &used));
  int n = 0, dots = 0;
  __wasi_dircookie_t third = 0;
  char third_name[64] = "", fourth_name[64] = "";
  for (size_t at = 0; at + sizeof(__wasi_dirent_t) <= used; ++n) {
    __wasi_dirent_t d;
    memcpy(&d, buf + at, sizeof d);
    const char* name = (const char*)buf + at + sizeof d;
    if ((d.d_namlen == 1 && name[0] == '.') || (d.d_namlen == 2 && !memcmp(name, "..", 2))) {
      ++dots;
      if (d.d_type != __WASI_FILETYPE_DIRECTORY) printf("dot entry is not a directory\n");
    }
    if (n == 2) third = d.d_next;
    if (n == 3) snprintf(fourth_name, sizeof fourth_name, "%.*s", (int)d.d_namlen, name);
    if (n == 2) snprintf(third_name, sizeof third_name, "%.*s", (int)d.d_namlen, name);
    at += sizeof d + d.d_namlen;
  }
  printf("readdir: %d entries, %d dots\n", n, dots);
  // Resume from the third entry's cookie: the fourth entry comes next.
  RAW(__wasi_fd_readdir(dir, buf, sizeof buf, third, &used));
  __wasi_dirent_t d;
  memcpy(&d, buf, sizeof d);
  printf(
      "resume from cookie gives the next entry: %d\n",
      (int)(d.d_namlen == strlen(fourth_name) && !memcmp(buf + sizeof d, fourth_name, d.d_namlen)));
  // A buffer smaller than one entry is filled completely: bufused == buf_len means "truncated".
  RAW(__wasi_fd_readdir(dir, buf, 10, 0, &used));
  printf("readdir into 10 bytes: bufused = %u\n", (unsigned)used);
  RAW(__wasi_fd_readdir(dir, buf, 0, 0, &used));
  printf("readdir into 0 bytes: bufused = %u\n", (unsigned)used);
  // Past the end: nothing.
  RAW(__wasi_fd_readdir(dir, buf, sizeof buf, UINT64_C(1) << 40, &used));
  printf("readdir from a far cookie: bufused = %u\n", (unsigned)used);
}

int main(int argc, char** argv) {
  const char* dir = workdir(argc, argv);
  char path[256];

  // Preopens: 3 is the VM root.
  __wasi_prestat_t pre;
  RAW(__wasi_fd_prestat_get(3, &pre));
  char name[64] = {0};
  RAW(__wasi_fd_prestat_dir_name(3, (uint8_t*)name, pre.u.dir.pr_name_len));
  printf("fd 3 preopen name = '%s'\n", name);
  RAW(__wasi_fd_prestat_dir_name(3, (uint8_t*)name, 0));  // ENAMETOOLONG only if name is longer
  RAW(__wasi_fd_prestat_get(1, &pre));                    // EBADF: not a preopen
  RAW(__wasi_fd_prestat_get(99, &pre));                   // EBADF

  // fdstat and rights.
  __wasi_fdstat_t st;
  RAW(__wasi_fd_fdstat_get(1, &st));
  printf("stdout filetype = %d, can write = %d\n", st.fs_filetype,
         (int)!!(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
  RAW(__wasi_fd_fdstat_get(3, &st));
  printf("fd 3 filetype = %d, can open = %d\n", st.fs_filetype,
         (int)!!(st.fs_rights_base & __WASI_RIGHTS_PATH_OPEN));

  snprintf(path, sizeof path, "%s/raw", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/raw/file", dir);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  RAW(__wasi_fd_fdstat_get(fd, &st));
  printf("file filetype = %d\n", st.fs_filetype);
  // Rights shrink and never grow back.
  RAW(__wasi_fd_fdstat_set_rights(fd, st.fs_rights_base & ~__WASI_RIGHTS_FD_WRITE, 0));
  __wasi_ciovec_t iov = {(const uint8_t*)"x", 1};
  __wasi_size_t n;
  RAW(__wasi_fd_write(fd, &iov, 1, &n));                       // ENOTCAPABLE
  RAW(__wasi_fd_fdstat_set_rights(fd, st.fs_rights_base, 0));  // ENOTCAPABLE: cannot grow
  __wasi_filesize_t off;
  RAW(__wasi_fd_seek(fd, 0, 3, &off));                 // EINVAL: bad whence
  RAW(__wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &off));  // ESPIPE: stdout has no offset
  RAW(__wasi_fd_tell(fd, &off));
  RAW(__wasi_fd_advise(fd, 0, 100, __WASI_ADVICE_SEQUENTIAL));
  RAW(__wasi_fd_advise(fd, 0, 100, 9));  // EINVAL
  RAW(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
  RAW(raw_fd_fdstat_set_flags(fd, 0x100));  // EINVAL: unknown flag

  // fd_renumber moves a descriptor over another.
  int other = open(path, O_RDONLY);
  RAW(__wasi_fd_renumber(fd, other));
  RAW(__wasi_fd_fdstat_get(fd, &st));  // EBADF: moved away
  RAW(__wasi_fd_fdstat_get(other, &st));
  RAW(__wasi_fd_renumber(other, 77));  // EBADF: target not open
  RAW(__wasi_fd_close(other));

  // path_open flag checks.
  __wasi_fd_t opened;
  RAW(__wasi_path_open(3, 0, "tmp", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_CREAT, 0, 0, 0,
                       &opened));  // EINVAL
  RAW(__wasi_path_open(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "no/such/file", 0,
                       __WASI_RIGHTS_FD_READ, 0, 0, &opened));  // ENOENT
  // A directory fd confines paths beneath it.
  __wasi_fd_t sub = dirfd_of(dir);
  RAW(__wasi_path_open(sub, 0, "../../../..", 0, __WASI_RIGHTS_FD_READ, 0, 0, &opened));
  RAW(__wasi_path_open(sub, 0, "/etc", 0, __WASI_RIGHTS_FD_READ, 0, 0, &opened));
  RAW(__wasi_path_filestat_get(sub, 0, "raw/../..", &(__wasi_filestat_t){0}));
  RAW(__wasi_path_create_directory(sub, "raw/sub"));
  RAW(__wasi_path_create_directory(sub, "raw/sub"));  // EEXIST
  RAW(__wasi_path_remove_directory(sub, "raw/sub"));
  RAW(__wasi_path_unlink_file(sub, "raw"));  // EISDIR
  RAW(__wasi_path_symlink("file", sub, "raw/link"));
  RAW(__wasi_path_rename(sub, "raw/link", sub, "raw/link2"));
  RAW(__wasi_path_link(sub, 0, "raw/file", sub, "raw/hard"));
  __wasi_filestat_t fst;
  RAW(__wasi_path_filestat_get(sub, 0, "raw/link2", &fst));
  printf("link2 nofollow filetype = %d\n", fst.filetype);
  RAW(__wasi_path_filestat_get(sub, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "raw/link2", &fst));
  printf("link2 follow filetype = %d nlink = %llu\n", fst.filetype, (unsigned long long)fst.nlink);
  RAW(__wasi_path_filestat_set_times(sub, 0, "raw/file", 5, 7,
                                     __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  RAW(__wasi_path_filestat_get(sub, 0, "raw/file", &fst));
  printf("times = %llu %llu\n", (unsigned long long)fst.atim, (unsigned long long)fst.mtim);
  RAW(__wasi_path_filestat_set_times(sub, 0, "raw/file", 5, 7,
                                     __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));  // EINVAL
  RAW(__wasi_path_readlink(sub, "raw/file", (uint8_t*)name, sizeof name, &n));           // EINVAL
  snprintf(path, sizeof path, "%s/raw", dir);
  __wasi_fd_t raw_dir = dirfd_of(path);
  readdir_tests(raw_dir);  // ".", "..", file, hard, link2
  RAW(__wasi_fd_close(raw_dir));
  snprintf(path, sizeof path, "%s/raw/file", dir);
  RAW(__wasi_fd_readdir(1, (uint8_t*)name, sizeof name, 0, &n));  // ENOTCAPABLE: not a dir
  RAW(__wasi_fd_close(sub));

  // Clocks and randomness.
  __wasi_timestamp_t t1, t2, res;
  RAW(__wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res));
  RAW(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t1));
  RAW(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t2));
  printf("monotonic does not go back: %d\n", t2 >= t1);
  RAW(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t1));
  printf("realtime after 2020: %d\n", t1 > UINT64_C(1577836800000000000));
  RAW(raw_clock_time_get(9, 1, (int32_t)(uintptr_t)&t1));  // EINVAL: no such clock
  uint8_t rnd[32] = {0};
  RAW(__wasi_random_get(rnd, sizeof rnd));
  int nonzero = 0;
  for (int i = 0; i < 32; ++i) nonzero |= rnd[i];
  printf("random bytes not all zero: %d\n", nonzero != 0);

  // poll_oneoff: a relative clock fires; a file is always readable.
  __wasi_subscription_t subs[2];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 42;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 1000000;  // 1 ms
  __wasi_event_t events[2];
  __wasi_size_t nevents = 0;
  RAW(__wasi_poll_oneoff(subs, events, 1, &nevents));
  printf("poll clock: %u event(s), userdata %llu, type %d, error %d\n", (unsigned)nevents,
         (unsigned long long)events[0].userdata, events[0].type, events[0].error);
  int rfd = open(path, O_RDONLY);
  subs[1].userdata = 7;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[1].u.u.fd_read.file_descriptor = rfd;
  RAW(__wasi_poll_oneoff(subs, events, 2, &nevents));
  printf("poll clock+file: %u event(s), first userdata %llu type %d\n", (unsigned)nevents,
         (unsigned long long)events[0].userdata, events[0].type);
  subs[1].u.u.fd_read.file_descriptor = 99;
  RAW(__wasi_poll_oneoff(subs + 1, events, 1, &nevents));
  printf("poll bad fd: %u event(s), error %s\n", (unsigned)nevents, ename(events[0].error));
  RAW(__wasi_poll_oneoff(subs, events, 0, &nevents));  // EINVAL
  // stdin (empty in the tests: at its end, so readable) and stdout (always writable).
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = 0;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  subs[1].u.u.fd_write.file_descriptor = 1;
  RAW(__wasi_poll_oneoff(subs, events, 2, &nevents));
  printf("poll stdin+stdout: %u event(s), types %d %d, errors %d %d\n", (unsigned)nevents,
         events[0].type, events[1].type, events[0].error, events[1].error);
  close(rfd);

  // Arguments and environment.
  __wasi_size_t argc2, argv_size;
  RAW(__wasi_args_sizes_get(&argc2, &argv_size));
  printf("argc = %u (libc says %d)\n", (unsigned)argc2, argc);
  __wasi_size_t envc, env_size;
  RAW(__wasi_environ_sizes_get(&envc, &env_size));
  const char* greeting = getenv("GREETING");
  printf("GREETING = %s\n", greeting ? greeting : "(unset)");

  // Sockets: none exist.
  RAW(__wasi_sock_shutdown(1, __WASI_SDFLAGS_RD));   // ENOTSOCK
  RAW(__wasi_sock_shutdown(99, __WASI_SDFLAGS_RD));  // EBADF
  RAW(__wasi_sock_accept(3, 0, &opened));            // ENOTSOCK
  __wasi_iovec_t riov = {(uint8_t*)name, sizeof name};
  __wasi_size_t rlen;
  __wasi_roflags_t rflags;
  RAW(__wasi_sock_recv(0, &riov, 1, 0, &rlen, &rflags));  // ENOTSOCK
  RAW(__wasi_sock_send(1, &iov, 1, 0, &rlen));            // ENOTSOCK
  RAW(__wasi_sock_send(42, &iov, 1, 0, &rlen));           // EBADF
  RAW(__wasi_sched_yield());
  RAW(raw_proc_raise(6));  // ENOSYS
  return 0;
}
