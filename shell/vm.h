// The embedder's API: a sandboxed machine. A Vm has a VFS built from mounts (memfs, host
// directories, any vfs::Backend), a kernel that runs WASM processes, wask's commands at /bin and
// devices at /dev, and a shell that runs command lines. Every file a command touches goes
// through the same VFS the file operations below use.
//
//   auto vm = wask::Vm::create({.mounts = {*wask::VmMount::host("/mnt/session", "/srv/s")}});
//   (*vm)->write_file("/mnt/session/x", "hello\n");
//   wask::ExecResult r = (*vm)->exec("cat /mnt/session/x | wc -l");   // r.exit_code, r.stdout_data
//
// Thread-safety: every member may be called from any thread at once; many exec() calls may run
// in parallel. Destroying a Vm stops its processes (they end at their next safepoint or blocking
// call) and waits for them. Errors are values: a vfs::Errc, or an exit status; a guest's fault
// never throws.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/kernel/module_cache.h"
#include "vfs/backend.h"
#include "vfs/errc.h"

namespace wask::vfs {
class Vfs;
}

namespace wask::shell {

class Kernel;

// One mount: a backend at an absolute VM path.
struct VmMount {
  std::string path;
  std::shared_ptr<vfs::Backend> backend;
  bool read_only = false;

  // An in-memory filesystem bounded to `max_bytes` and `max_inodes` (0: the memfs defaults).
  static VmMount memory(std::string path, uint64_t max_bytes = 0, uint64_t max_inodes = 0);
  // A host directory, confined beneath it (NotFound/NotDirectory if it is not a directory).
  static vfs::Result<VmMount> host(std::string path, const std::string& host_dir,
                                   bool read_only = false);
};

struct VmLimits {
  uint64_t memory_per_process = uint64_t{1} << 30;  // bytes of linear memory per memory
  std::optional<uint64_t> fuel;                     // instructions per process; none: unlimited
  uint32_t max_processes = 256;                     // live at once; spawning more: EAGAIN
  uint32_t max_open_files = 1024;                   // per process (EMFILE beyond)
  uint64_t root_memfs_bytes = 0;                    // the root memfs's bounds (0: the defaults)
  uint64_t root_memfs_inodes = 0;
};

struct VmOptions {
  // In order. Without a mount at "/" the root is a fresh memfs with /tmp; /dev and /bin are
  // added unless a mount takes those paths.
  std::vector<VmMount> mounts;
  // The environment every command starts with (KEY=VALUE); PATH, HOME and USER get defaults
  // (PATH=/bin:/usr/bin, HOME=/root, USER=user) unless given here.
  std::vector<std::string> environ;
  VmLimits limits;
  // Translated modules, shared by the VMs of this host process; null: one for this Vm, over
  // the on-disk cache in module_cache_dir (empty: none; wask's CLI uses $XDG_CACHE_HOME/wask).
  std::shared_ptr<ModuleCache> modules;
  std::string module_cache_dir;
  bool deterministic = false;  // fixed clocks, seeded random, fixed file times
};

using OutputCallback = std::function<void(std::string_view chunk)>;

struct ExecOptions {
  std::vector<std::string> environ;                  // KEY=VALUE added to (or replacing) the VM's
  std::string cwd = "/";                             // absolute VM path (the shell's PWD)
  std::string stdin_data;                            // what the command line reads on fd 0
  std::optional<std::chrono::milliseconds> timeout;  // then the exit status is 124
  // Called with each chunk as a process writes it (on that process's thread; calls are
  // serialised). When set, that stream is not collected into the result.
  OutputCallback on_stdout, on_stderr;
};

struct ExecResult {
  int exit_code = 0;  // the shell's status: 0-255; 124 timeout; 126/127; 128+N killed; 134 trap
  std::string stdout_data;
  std::string stderr_data;
};

struct VmDirEntry {
  std::string name;
  vfs::FileType type = vfs::FileType::Unknown;
};

// A process started with Vm::spawn. Destroying a handle whose process still runs kills it
// (SIGKILL) and waits for it.
class VmProcess {
 public:
  ~VmProcess();
  VmProcess(const VmProcess&) = delete;
  VmProcess& operator=(const VmProcess&) = delete;

  uint32_t pid() const;
  // Writes to the process's stdin (a kernel pipe); blocks while the pipe is full. Broken pipe
  // once the process has closed its stdin or ended; Invalid after close_stdin().
  vfs::Result<void> write_stdin(std::string_view data);
  void close_stdin();  // the process then reads end of input
  // Blocks until it ends; its exit status and what it wrote (streams without callbacks).
  ExecResult wait();
  std::optional<int> try_wait();  // the status if it has ended
  // 15 (SIGTERM) or 9 (SIGKILL): it stops at its next safepoint or blocking call, status
  // 128 + signal. Invalid for another signal; no-op once it has ended.
  vfs::Result<void> kill(int signal = 15);

  struct State;
  explicit VmProcess(std::shared_ptr<State> state);

 private:
  std::shared_ptr<State> state_;
};

class Vm {
 public:
  static vfs::Result<std::unique_ptr<Vm>> create(VmOptions options = {});
  ~Vm();
  Vm(const Vm&) = delete;
  Vm& operator=(const Vm&) = delete;

  // Runs a shell command line (POSIX sh: pipelines, redirections, builtins, `$(...)`, ...) to
  // completion. A syntax error is status 2 with the message on stderr.
  ExecResult exec(std::string_view command_line, const ExecOptions& options = {});
  // Starts argv[0] (a VM path, or a name on PATH) as a process with a pipe for stdin.
  // NotFound if there is no such command; Access/NoExec if it is not a runnable module; Again at
  // the process limit.
  vfs::Result<std::unique_ptr<VmProcess>> spawn(std::vector<std::string> argv,
                                                ExecOptions options = {});

  // --- Files, through the VM's VFS (absolute VM paths) ---------------------------------------
  vfs::Result<std::string> read_file(std::string_view path);
  vfs::Result<void> write_file(std::string_view path, std::string_view data, bool append = false);
  vfs::Result<void> mkdir(std::string_view path, bool recursive = false);
  vfs::Result<std::vector<VmDirEntry>> readdir(std::string_view path);  // sorted, no . or ..
  vfs::Result<vfs::Stat> stat(std::string_view path, bool follow = true);
  bool exists(std::string_view path);
  vfs::Result<void> remove(std::string_view path, bool recursive = false);
  vfs::Result<void> rename(std::string_view from, std::string_view to);
  vfs::Result<void> symlink(std::string_view target, std::string_view path);
  vfs::Result<std::string> readlink(std::string_view path);
  vfs::Result<void> chmod(std::string_view path, uint32_t mode);
  // Mounting at run time; unmount of a mount in use (an open file, a cwd beneath it) is Busy.
  vfs::Result<void> mount(const VmMount& mount);
  vfs::Result<void> unmount(std::string_view path);

  vfs::Vfs& vfs();
  Kernel& kernel();

  struct Impl;

 private:
  explicit Vm(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wask::shell

namespace wask {
using shell::ExecOptions;
using shell::ExecResult;
using shell::Vm;
using shell::VmDirEntry;
using shell::VmLimits;
using shell::VmMount;
using shell::VmOptions;
using shell::VmProcess;
}  // namespace wask
