// The evaluator's non-local exits (exit, break/continue, return) and the state a shell shares
// with its subshells. Internal to shell/sh/.
#pragma once

#include <atomic>
#include <thread>

#include "shell/sh/shell.h"

namespace wask::shell::sh {

struct ExitRequest {  // exit, a fatal error, set -e, SIGPIPE, the deadline
  int status;
};
struct LoopRequest {  // break N / continue N
  int levels;
  bool is_continue;
};
struct ReturnRequest {
  int status;
};

struct Shell::Control {
  std::atomic<int> next_job{2};
  std::atomic<int> threads{0};         // pipeline stages and jobs running
  std::atomic<bool> exhausted{false};  // the limit was hit; starts fail until threads is 0
};

// A background command (`&`) on its own thread.
struct Shell::Job {
  int id = 0;
  std::thread thread;
  std::atomic<bool> done{false};
  int status = 0;
  ~Job() {
    if (thread.joinable()) thread.join();
  }
  int wait() {
    if (thread.joinable()) thread.join();
    return status;
  }
};

}  // namespace wask::shell::sh
