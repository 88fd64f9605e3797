// A WASI process's world: args, environ, stdio, clocks, random, the VFS, the cwd, the fd table and
// the cancellation every blocking call of the process honours.
// Nothing here is global, so any number of guests may run at once, each with its own context.
// In deterministic mode the clocks start at a fixed instant and advance a fixed step per reading,
// and random_get is a seeded generator, so two runs of one guest are identical.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vfs/description.h"
#include "vfs/vfs.h"
#include "vfs/wait.h"
#include "wasi/abi.h"
#include "wasi/fd_table.h"
#include "wasi/guest_memory.h"
#include "wasi/stream.h"

namespace wask::wasi {

class ProcessHost;  // wasi/process_host.h

struct WasiOptions {
  std::vector<std::string> args;     // args[0] is the program name
  std::vector<std::string> environ;  // "KEY=VALUE"
  std::shared_ptr<vfs::Vfs> vfs;     // required
  std::string cwd = "/";             // a VM path; preopened as fd 4
  // fds 0, 1, 2: any open description (wasi/stream.h for the host's, vfs/memory_io.h, pipe ends).
  // Null: a null description. The context keeps them only in its fd table (options() no longer
  // has them), so a guest's close of fd 1 closes a pipe's write end.
  std::shared_ptr<vfs::Description> stdin_stream, stdout_stream, stderr_stream;
  // An inherited fd table (a child process): used as is, instead of the stdio above and the
  // preopens. Copies share descriptions with the parent's table.
  std::optional<FdTable> fds;
  // Triggered from any thread (kill, timeout), it wakes every blocked wait of this process and
  // stops the guest with the status given to trigger() (wasi/bind.h). Null: a fresh one.
  std::shared_ptr<vfs::Cancel> cancel;
  // Preopen the VM root (fd 3) and the cwd (fd 4); without, fds from 3 on are free and the guest
  // reaches no file through WASI (`wask run` without --dir, --mount or --cwd, as wasmtime).
  bool preopens = true;
  bool deterministic = false;
  uint64_t seed = 0;  // random_get's seed in deterministic mode
  uint32_t max_open_fds = 1024;
  // Receives one line per syscall (without the newline) when set: --trace-wasi.
  std::function<void(std::string_view line)> trace;
  // The kernel process this context belongs to (host_process); null: those calls are ENOSYS.
  std::shared_ptr<ProcessHost> process;
};

// The fixed instant deterministic clocks start at (2024-01-01T00:00:00Z) and their step per read.
inline constexpr uint64_t kDeterministicEpochNs = 1704067200ull * 1000000000ull;
inline constexpr uint64_t kDeterministicStepNs = 1000000;  // 1 ms

class WasiContext {
 public:
  // Opens the stdio fds and, with options.preopens, the preopens: fd 3 = the VM root, named "/";
  // fd 4 = the cwd, named "." when it is "/" and by its absolute VM path otherwise. Fails with the
  // VFS's errno if the cwd is not a directory (checked with or without preopens).
  // With options.fds, that table is the process's, and nothing is opened.
  static Expected<std::unique_ptr<WasiContext>> create(WasiOptions options);

  const WasiOptions& options() const { return options_; }
  vfs::Vfs& vfs() { return *options_.vfs; }
  FdTable& fds() { return fds_; }
  ProcessHost* process() const { return options_.process.get(); }
  vfs::Cancel& cancel() { return *options_.cancel; }
  bool cancelled() const { return options_.cancel->triggered(); }
  bool tracing() const { return bool(options_.trace); }
  void trace(std::string_view line) const {
    if (options_.trace) options_.trace(line);
  }

  // Now on `clock`, in ns; EINVAL for an unknown clock.
  Expected<uint64_t> now(ClockId clock);
  uint64_t resolution(ClockId clock) const;
  // Sleeps `ns` (or, deterministic, advances the clocks by it). False if cancelled first.
  bool sleep(uint64_t ns);
  void fill_random(std::span<uint8_t> out);

 private:
  explicit WasiContext(WasiOptions options);
  WasiOptions options_;
  FdTable fds_;
  uint64_t fake_ns_ = 0;  // deterministic: time elapsed since the fixed start
  std::mt19937_64 rng_;
  uint64_t start_monotonic_ns_ = 0;
};

}  // namespace wask::wasi
