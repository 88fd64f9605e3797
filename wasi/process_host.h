// What a guest may ask of the kernel that runs it (the agent-os host_process functions). wasi/
// only declares it; the kernel (shell/kernel/) implements it, one object per process, and hands
// it to that process's WasiContext. Without one, host_process's process calls answer ENOSYS.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wasi/fd_table.h"
#include "wasi/guest_memory.h"

namespace wask::wasi {

class ProcessHost {
 public:
  virtual ~ProcessHost() = default;

  struct SpawnRequest {
    std::vector<std::string> args;     // args[0]: a path if it contains '/', else looked up on PATH
    std::vector<std::string> environ;  // "KEY=VALUE"; its PATH is the one searched
    std::string cwd;                   // absolute VM path
    std::map<uint32_t, FdEntry> fds;   // the child's 0, 1, 2 (shared descriptions)
  };
  // The child's pid; ENOENT, EACCES, ENOEXEC (command lookup), EAGAIN (process limit).
  virtual Expected<uint32_t> spawn(SpawnRequest request) = 0;

  struct Waited {
    uint32_t pid = 0;     // 0: no child has exited yet (only when not blocking)
    uint32_t status = 0;  // the exit code, or 128 + signal
    uint32_t signal = 0;  // the signal that killed it, else 0
  };
  // waitpid for one child (or any: nullopt). ECHILD, ESRCH; ECANCELED if this process is being
  // killed while it waits (its Cancel, which the adapter then turns into the end of the guest).
  virtual Expected<Waited> wait(std::optional<uint32_t> pid, bool block) = 0;
  virtual Errno kill(uint32_t pid, uint32_t signal) = 0;
  virtual uint32_t pid() const = 0;
  virtual uint32_t parent_pid() const = 0;
};

}  // namespace wask::wasi
