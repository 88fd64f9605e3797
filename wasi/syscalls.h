// The typed handler of every preview1 function. Each takes a Call (the context and the caller's
// memory) and already-decoded arguments: paths as validated strings, flags and enums checked,
// pointers typed. They return an Errno (or, for proc_exit, an Exit). wasi/bind.h adapts them.
#pragma once

#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/context.h"
#include "wasi/guest_memory.h"

namespace wask::wasi {

// One call's view of the world.
struct Call {
  WasiContext& ctx;
  GuestMemory mem;
};

// A path argument (a pointer and a length in the guest), decoded by the adapter: in bounds
// (else EFAULT), valid UTF-8 (else EILSEQ), without NUL (else EINVAL).
struct Path {
  std::string text;
};

// NUL-terminated strings placed end to end in the guest (argv, envp of proc_spawn).
struct StringList {
  std::vector<std::string> items;
};

// A result that is a value, not an errno (host_fs.path_mode's st_mode).
struct RawResult {
  uint32_t value = 0;
};

// proc_exit's outcome: end the guest with this code.
struct Exit {
  uint32_t code = 0;
};

namespace syscalls {

Errno args_get(Call& c, GuestPtr<GuestPtr<uint8_t>> argv, GuestPtr<uint8_t> argv_buf);
Errno args_sizes_get(Call& c, GuestPtr<Size> argc, GuestPtr<Size> argv_buf_size);
Errno environ_get(Call& c, GuestPtr<GuestPtr<uint8_t>> environ, GuestPtr<uint8_t> environ_buf);
Errno environ_sizes_get(Call& c, GuestPtr<Size> count, GuestPtr<Size> buf_size);
Errno clock_res_get(Call& c, ClockId id, GuestPtr<Timestamp> resolution);
Errno clock_time_get(Call& c, ClockId id, Timestamp precision, GuestPtr<Timestamp> time);

Errno fd_advise(Call& c, Fd fd, FileSize offset, FileSize len, Advice advice);
Errno fd_allocate(Call& c, Fd fd, FileSize offset, FileSize len);
Errno fd_close(Call& c, Fd fd);
Errno fd_datasync(Call& c, Fd fd);
Errno fd_fdstat_get(Call& c, Fd fd, GuestPtr<Fdstat> stat);
Errno fd_fdstat_set_flags(Call& c, Fd fd, FdFlags flags);
Errno fd_fdstat_set_rights(Call& c, Fd fd, Rights base, Rights inheriting);
Errno fd_filestat_get(Call& c, Fd fd, GuestPtr<Filestat> stat);
Errno fd_filestat_set_size(Call& c, Fd fd, FileSize size);
Errno fd_filestat_set_times(Call& c, Fd fd, Timestamp atim, Timestamp mtim, FstFlags flags);
Errno fd_pread(Call& c, Fd fd, GuestPtr<Iovec> iovs, Size iovs_len, FileSize offset,
               GuestPtr<Size> nread);
Errno fd_prestat_get(Call& c, Fd fd, GuestPtr<Prestat> prestat);
Errno fd_prestat_dir_name(Call& c, Fd fd, GuestPtr<uint8_t> path, Size path_len);
Errno fd_pwrite(Call& c, Fd fd, GuestPtr<Ciovec> iovs, Size iovs_len, FileSize offset,
                GuestPtr<Size> nwritten);
Errno fd_read(Call& c, Fd fd, GuestPtr<Iovec> iovs, Size iovs_len, GuestPtr<Size> nread);
Errno fd_readdir(Call& c, Fd fd, GuestPtr<uint8_t> buf, Size buf_len, DirCookie cookie,
                 GuestPtr<Size> bufused);
Errno fd_renumber(Call& c, Fd fd, Fd to);
Errno fd_seek(Call& c, Fd fd, FileDelta offset, Whence whence, GuestPtr<FileSize> newoffset);
Errno fd_sync(Call& c, Fd fd);
Errno fd_tell(Call& c, Fd fd, GuestPtr<FileSize> offset);
Errno fd_write(Call& c, Fd fd, GuestPtr<Ciovec> iovs, Size iovs_len, GuestPtr<Size> nwritten);

Errno path_create_directory(Call& c, Fd fd, Path path);
Errno path_filestat_get(Call& c, Fd fd, LookupFlags flags, Path path, GuestPtr<Filestat> stat);
Errno path_filestat_set_times(Call& c, Fd fd, LookupFlags flags, Path path, Timestamp atim,
                              Timestamp mtim, FstFlags fst_flags);
Errno path_link(Call& c, Fd old_fd, LookupFlags old_flags, Path old_path, Fd new_fd, Path new_path);
Errno path_open(Call& c, Fd fd, LookupFlags dirflags, Path path, OFlags oflags, Rights rights_base,
                Rights rights_inheriting, FdFlags fdflags, GuestPtr<Fd> opened);
Errno path_readlink(Call& c, Fd fd, Path path, GuestPtr<uint8_t> buf, Size buf_len,
                    GuestPtr<Size> bufused);
Errno path_remove_directory(Call& c, Fd fd, Path path);
Errno path_rename(Call& c, Fd fd, Path old_path, Fd new_fd, Path new_path);
Errno path_symlink(Call& c, Path old_path, Fd fd, Path new_path);
Errno path_unlink_file(Call& c, Fd fd, Path path);

Errno poll_oneoff(Call& c, GuestPtr<Subscription> in, GuestPtr<Event> out, Size nsubscriptions,
                  GuestPtr<Size> nevents);
Exit proc_exit(Call& c, ExitCode code);
Errno proc_raise(Call& c, Signal sig);
Errno sched_yield(Call& c);
Errno random_get(Call& c, GuestPtr<uint8_t> buf, Size buf_len);

Errno sock_accept(Call& c, Fd fd, FdFlags flags, GuestPtr<Fd> accepted);
Errno sock_recv(Call& c, Fd fd, GuestPtr<Iovec> ri_data, Size ri_data_len, RiFlags ri_flags,
                GuestPtr<Size> ro_datalen, GuestPtr<uint16_t> ro_flags);
Errno sock_send(Call& c, Fd fd, GuestPtr<Ciovec> si_data, Size si_data_len, SiFlags si_flags,
                GuestPtr<Size> so_datalen);
Errno sock_shutdown(Call& c, Fd fd, SdFlags how);

}  // namespace syscalls
}  // namespace wask::wasi
