// The kernel of one VM: its VFS, its process table and its limits. A process is a module
// instance in its own interp::Store, running `_start` on its own thread with its own
// wasi::WasiContext (fd table, argv, environ, cwd). The shell's evaluator, `wask run` and the
// agent-os host modules (host_process, through wasi::ProcessHost) all start processes here.
//
//   Kernel kernel({.vfs = fs, .modules = cache});
//   SpawnSpec spec{.args = {"cat", "/etc/motd"}, .environ = {"PATH=/bin"}, .cwd = "/"};
//   spec.fds = stdio_fds(in, out, err);          // the child's 0, 1, 2 (shared descriptions)
//   auto pid = kernel.spawn(std::move(spec));    // ENOENT / EACCES / ENOEXEC / EAGAIN
//   int status = kernel.wait(*pid);              // blocks without spinning, reaps
//
// Exit statuses (as a POSIX shell reports them): the guest's own code (0-255, from proc_exit or
// 0 when `_start` returns); 128 + N when killed by signal N; 124 when its timeout fired (as
// timeout(1)); 134 when it trapped or exhausted a limit (the trap and its backtrace are written
// to the process's own fd 2 first); 126/127 are the caller's to give for EACCES/ENOEXEC/ENOENT.
//
// Thread-safety: every member function may be called from any thread, concurrently, including
// from inside a process (host functions). Destroying the Kernel kills every process, wakes it
// from any blocking call, joins its thread and closes its fds.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interp/engine.h"
#include "shell/kernel/module_cache.h"
#include "vfs/vfs.h"
#include "wasi/fd_table.h"
#include "wasi/guest_memory.h"

namespace wask::shell {

using Pid = uint32_t;
inline constexpr Pid kHostPid = 0;  // the parent of processes the host (shell, CLI, Vm) starts

inline constexpr int kExitTimedOut = 124;     // the process's timeout fired (as timeout(1))
inline constexpr int kExitNotRunnable = 126;  // found but not executable / not a wasm module
inline constexpr int kExitNotFound = 127;     // no such command
inline constexpr int kExitSignalBase = 128;   // + the signal that killed it
inline constexpr int kExitTrapped = 134;      // trap or exhaustion (128 + SIGABRT)
inline constexpr uint32_t kSigKill = 9, kSigTerm = 15;

struct KernelLimits {
  uint32_t max_processes = 256;    // live (running or unreaped) processes; spawn past it: EAGAIN
  uint32_t max_open_files = 1024;  // per process: fds beyond it answer EMFILE
  interp::StoreConfig store;       // per process: memory per memory, call depth, fuel
};

struct KernelOptions {
  std::shared_ptr<vfs::Vfs> vfs;         // required
  std::shared_ptr<ModuleCache> modules;  // shared by the VMs of this host; null: a private one
  KernelLimits limits;
  bool deterministic = false;  // fixed clocks and seeded random in every process
  // --trace-wasi: receives every process's syscall lines (with the caller's pid) when set.
  std::function<void(Pid pid, std::string_view line)> trace;
};

struct SpawnSpec {
  // args[0] is the command: a VM path if it contains '/' (relative to cwd), else a name looked
  // up on the PATH of `environ` (find_command). The guest sees args as its argv.
  std::vector<std::string> args;
  std::vector<std::string> environ;  // "KEY=VALUE", exactly what the guest sees
  std::string cwd = "/";             // absolute VM path; preopened as fd 4 (fd 3 is "/")
  // The child's fds by number: 0, 1, 2 and any others (a number >= 3 given here replaces that
  // preopen). Entries share their open descriptions with whoever gave them (dup semantics).
  // A missing 0/1/2 is a null stream.
  std::map<uint32_t, wasi::FdEntry> fds;
  std::optional<std::chrono::milliseconds> timeout;  // then the process ends with 124
  bool preopens = true;  // fd 3 = "/" and fd 4 = the cwd (wasi::WasiOptions::preopens)
  Pid parent = kHostPid;  // who may wait for it (proc_waitpid); the host by default
  // Run this module instead of looking args[0] up (wask run, tests); args[0] is then only argv[0].
  std::shared_ptr<const interp::Module> module;
  int setup_failure_status = kExitNotRunnable;  // a link error, a missing _start
};

// fds 0, 1, 2 over open descriptions (host stdio, pipe ends, memory streams; null: a null one).
std::map<uint32_t, wasi::FdEntry> stdio_fds(vfs::DescriptionPtr in, vfs::DescriptionPtr out,
                                            vfs::DescriptionPtr err);

// The one command lookup, shared by the shell and proc_spawn. `name` containing '/' is a path
// (relative to `cwd`); otherwise each directory of `path_env` (":"-separated; an empty entry is
// the cwd) is tried in order. Answers the absolute VM path of a regular file holding a wasm
// module, or ENOENT (nothing by that name: the shell says "command not found", 127), EACCES (a
// directory or unreadable) or ENOEXEC (not a wasm module), both 126.
wasi::Expected<std::string> find_command(vfs::Vfs& fs, std::string_view name,
                                         std::string_view path_env, std::string_view cwd);

enum class ProcessState : uint8_t { Running, Exited };

struct ProcessInfo {
  Pid pid = 0;
  Pid parent = kHostPid;
  ProcessState state = ProcessState::Running;
  int status = 0;       // meaningful once Exited
  uint32_t signal = 0;  // the signal that ended it, if a kill did
  std::vector<std::string> args;
};

class Kernel {
 public:
  explicit Kernel(KernelOptions options);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  vfs::Vfs& vfs() const;
  ModuleCache& modules() const;
  const KernelLimits& limits() const;

  // Starts a process and answers its pid (pids count up from 1). Errors: ENOENT, EACCES,
  // ENOEXEC from find_command (ENOEXEC also for a file that is not a valid module); EAGAIN at
  // the process limit; EINVAL for empty args or a relative cwd; ENOTDIR/ENOENT for a bad cwd.
  // A module whose imports cannot be satisfied still gets a pid: it writes the link error to
  // its fd 2 and exits with spec.setup_failure_status.
  wasi::Expected<Pid> spawn(SpawnSpec spec);

  // Blocks until `pid` exits, reaps it and answers its status. ESRCH for an unknown (or already
  // reaped) pid. Any caller may wait for any pid (the host's view); guests go through
  // wait_child, which enforces parenthood.
  wasi::Expected<int> wait(Pid pid);
  // The status if `pid` has exited (and reaps it), nullopt while it runs; ESRCH if unknown.
  wasi::Expected<std::optional<int>> try_wait(Pid pid);

  struct Reaped {
    Pid pid = 0;  // 0: none has exited yet (only when not blocking)
    int status = 0;
    uint32_t signal = 0;  // the signal that killed it (status is then 128 + signal), else 0
  };
  // waitpid for process `parent`: `pid` a child of it, or nullopt for any child. ESRCH for an
  // unknown pid, ECHILD for one that is not its child or when it has no children at all.
  wasi::Expected<Reaped> wait_child(Pid parent, std::optional<Pid> pid, bool block);

  // Ends `pid`: it stops at its next safepoint (loop header or call) or wakes from the blocking
  // call it is in, and exits with 128 + signal. Signals other than SIGKILL/SIGTERM: EINVAL (0
  // only checks that it exists, as kill(pid, 0)). ESRCH if unknown; no-op if already exited.
  wasi::Errno kill(Pid pid, uint32_t signal);

  std::optional<ProcessInfo> info(Pid pid) const;
  std::vector<ProcessInfo> processes() const;  // every process in the table, by pid
  size_t live_processes() const;               // running or not yet reaped

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace wask::shell
