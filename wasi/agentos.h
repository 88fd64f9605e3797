// The agent-os userland ABI (shared/agentos-abi.md): the host modules host_fs, host_user and
// host_process that the agent-os WASM commands import beside preview1. One row per function in
// wasi/agentos.def; the typed handlers below are bound by the same adapter as preview1
// (wasi/bind.h), so they decode, check and trace the same way. Process control goes through the
// context's wasi::ProcessHost (the kernel); without one those calls answer ENOSYS.
#pragma once

#include "interp/engine.h"
#include "wasi/context.h"
#include "wasi/syscalls.h"

namespace wask::wasi {

// The one user every process runs as (agent-os has one fixed user too).
inline constexpr uint32_t kVirtualUid = 1000, kVirtualGid = 1000;

// Resolves imports of host_fs, host_user and host_process; other modules go to `fallback`.
interp::ImportResolver agentos_imports(interp::Store& store, WasiContext& ctx,
                                       interp::ImportResolver fallback = {});

// preview1 and the agent-os modules together: what every kernel process is offered.
interp::ImportResolver wasi_imports(interp::Store& store, WasiContext& ctx,
                                    interp::ImportResolver fallback = {});

namespace agentos {

// host_fs
RawResult path_mode(Call& c, Path path, uint32_t follow_symlinks);  // st_mode, 0 if none
RawResult fd_mode(Call& c, Fd fd);                                  // st_mode, 0 if closed
Errno chmod(Call& c, Path path, uint32_t mode);

// host_user
Errno getuid(Call& c, GuestPtr<uint32_t> ret);
Errno getgid(Call& c, GuestPtr<uint32_t> ret);
Errno geteuid(Call& c, GuestPtr<uint32_t> ret);
Errno getegid(Call& c, GuestPtr<uint32_t> ret);
Errno isatty(Call& c, Fd fd, GuestPtr<uint32_t> ret);
Errno getpwuid(Call& c, uint32_t uid, GuestPtr<uint8_t> buf, Size buf_len, GuestPtr<Size> ret_len);

// host_process
Errno proc_spawn(Call& c, StringList argv, StringList envp, Fd stdin_fd, Fd stdout_fd, Fd stderr_fd,
                 Path cwd, GuestPtr<uint32_t> ret_pid);
Errno proc_waitpid(Call& c, uint32_t pid, uint32_t options, GuestPtr<uint32_t> ret_status,
                   GuestPtr<uint32_t> ret_pid);
// The released binaries' form: no ret_pid; a POSIX wait status; EBUSY while still running.
Errno proc_waitpid_wstatus(Call& c, uint32_t pid, uint32_t options, GuestPtr<uint32_t> ret_status);
Errno proc_kill(Call& c, uint32_t pid, uint32_t signal);
Errno proc_getpid(Call& c, GuestPtr<uint32_t> ret);
Errno proc_getppid(Call& c, GuestPtr<uint32_t> ret);
Errno fd_pipe(Call& c, GuestPtr<Fd> ret_read, GuestPtr<Fd> ret_write);
Errno fd_dup(Call& c, Fd fd, GuestPtr<Fd> ret);
Errno fd_dup2(Call& c, Fd old_fd, Fd new_fd);
Errno fd_dup_min(Call& c, Fd fd, Fd min_fd, GuestPtr<Fd> ret);
Errno sleep_ms(Call& c, uint32_t milliseconds);

}  // namespace agentos
}  // namespace wask::wasi
