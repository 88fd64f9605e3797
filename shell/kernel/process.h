// One kernel process as the kernel's table holds it, and the thread body that runs it. Internal
// to shell/kernel/: users see pids and ProcessInfo (kernel.h).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "interp/engine.h"
#include "shell/kernel/kernel.h"
#include "vfs/wait.h"
#include "wasi/context.h"

namespace wask::shell {

using KernelClock = std::chrono::steady_clock;

struct Process {
  Pid pid = 0;
  Pid parent = kHostPid;
  bool orphan = false;  // its parent process exited: nobody will wait, reap it at exit
  std::vector<std::string> args;
  ProcessState state = ProcessState::Running;
  int status = 0;  // once Exited
  std::optional<KernelClock::time_point> deadline;
  std::thread thread;

  // Set from any thread to end it: the guest stops at its next safepoint (the engine checks
  // `interrupt`), its blocking calls wake (`cancel`, which the WASI adapter turns into the end
  // of the guest as the call returns); it then exits with `end_status`.
  std::shared_ptr<std::atomic<bool>> interrupt = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<vfs::Cancel> cancel = std::make_shared<vfs::Cancel>();
  std::atomic<int> end_status{-1};
  std::atomic<uint32_t> end_signal{0};  // set with end_status by a kill
  bool ending() const { return end_status.load(std::memory_order_acquire) >= 0; }
  // The first request wins (a timeout that fires after a kill does not rename it).
  bool request_end(int status, uint32_t signal = 0) {
    int none = -1;
    if (!end_status.compare_exchange_strong(none, status, std::memory_order_acq_rel)) return false;
    end_signal.store(signal, std::memory_order_release);
    interrupt->store(true, std::memory_order_release);
    cancel->trigger(status);
    return true;
  }
};

// What the process thread needs besides the Process: its module, its context and limits.
struct ProcessLaunch {
  std::shared_ptr<const interp::Module> module;
  std::unique_ptr<wasi::WasiContext> ctx;
  interp::StoreConfig store;
  int setup_failure_status = kExitNotRunnable;
};

// Instantiates and runs `_start`; reports traps and link errors on the process's fd 2; answers
// the exit status (before `process.end_status` overrides it). Closes nothing: the caller drops
// the context (and with it every fd) when this returns.
int run_process(Process& process, ProcessLaunch& launch);

// Writes `text` to fd `fd` of `ctx` (a diagnostic; errors are ignored).
void write_to_fd(wasi::WasiContext& ctx, uint32_t fd, std::string_view text);

}  // namespace wask::shell
