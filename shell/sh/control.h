// The evaluator's non-local exits (exit, break/continue, return) and the state a shell shares
// with its subshells. Internal to shell/sh/.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "vfs/wait.h"

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
  // Triggered at the deadline: a builtin blocked reading or writing (a pipe, the terminal) wakes.
  vfs::Cancel cancel;
  std::atomic<int> next_job{2};
  std::atomic<int> threads{0};         // pipeline stages and jobs running
  std::atomic<bool> exhausted{false};  // the limit was hit; starts fail until threads is 0

  explicit Control(std::optional<std::chrono::steady_clock::time_point> deadline) {
    if (!deadline) return;
    watchdog_ = std::thread([this, at = *deadline] {
      std::unique_lock lock(mu_);
      if (!stop_cv_.wait_until(lock, at, [this] { return stopping_; })) cancel.trigger(124);
    });
  }
  ~Control() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    stop_cv_.notify_all();
    if (watchdog_.joinable()) watchdog_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread watchdog_;
};

// A background command (`&`) on its own thread. Its `$!` is the pid of the process a simple
// command starts; a job that starts none (a builtin, a function, a compound command) is known by
// its job id, as before.
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
  // The job's own thread, once it knows: the pid of its command, or 0 for none.
  void announce(int pid) {
    {
      std::lock_guard lock(mu_);
      if (announced_) return;
      announced_ = true;
      pid_ = pid;
    }
    announced_cv_.notify_all();
  }
  // $!: waits for the announcement (a simple command's words are being expanded until then).
  int pid_or_id() {
    std::unique_lock lock(mu_);
    announced_cv_.wait(lock, [&] { return announced_; });
    return pid_ > 0 ? pid_ : id;
  }

 private:
  std::mutex mu_;
  std::condition_variable announced_cv_;
  bool announced_ = false;
  int pid_ = 0;
};

}  // namespace wask::shell::sh
