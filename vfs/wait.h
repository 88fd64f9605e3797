// Blocking without busy waiting, and cancelling it. A thread that must wait (a pipe read, a
// poll_oneoff, a sleep) makes a Waiter, subscribes it to the Notifier of everything that can
// change its mind (a pipe, the process's Cancel) and sleeps on it; whoever changes state calls
// notify_all(). A notification between "check" and "sleep" is never lost: the Waiter remembers it.
//
//   Waiter w;
//   Subscription on_pipe(pipe_notifier, w), on_cancel(cancel.notifier(), w);
//   while (!ready()) {
//     if (cancel.triggered()) return Errc::Canceled;
//     w.wait_until(deadline);
//   }
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

namespace wask::vfs {

using Clock = std::chrono::steady_clock;
using Deadline = std::optional<Clock::time_point>;  // none: wait forever

// A host descriptor a wait also watches (host stdio): poll(2)'s fd and events.
struct HostWatch {
  int fd = -1;
  short events = 0;
};

// One waiting thread's wake-up flag. notify() may come from any thread at any time.
class Waiter {
 public:
  Waiter() = default;
  ~Waiter();
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;

  void notify();
  // Sleeps until notified (since the last wait) or the deadline. False on timeout.
  bool wait_until(Deadline deadline);
  // The same, but also wakes when one of `host` is ready (poll(2) on them and an eventfd that
  // notify() signals). False on timeout.
  bool wait_until(Deadline deadline, std::span<const HostWatch> host);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool signalled_ = false;
  int wake_fd_ = -1;  // an eventfd, made the first time a wait watches host descriptors
};

// The waiters interested in one object's state. Thread-safe.
class Notifier {
 public:
  void subscribe(Waiter& w);
  void unsubscribe(Waiter& w);
  void notify_all();

 private:
  std::mutex mu_;
  std::vector<Waiter*> waiters_;
};

// Subscribes a Waiter for its lifetime (a null notifier: nothing to subscribe to).
class Subscription {
 public:
  Subscription(Notifier* n, Waiter& w) : n_(n), w_(w) {
    if (n_) n_->subscribe(w_);
  }
  ~Subscription() {
    if (n_) n_->unsubscribe(w_);
  }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

 private:
  Notifier* n_;
  Waiter& w_;
};

// A process's cancellation: trigger() (from any thread: kill, timeout, VM teardown) wakes every
// blocked wait of the process at once; they answer Errc::Canceled, and every later blocking call
// does too. `status` is what the process should end with (e.g. 124 for a timeout, 137 for a kill);
// the first trigger wins. The WASI adapter (wasi/bind.h) turns a triggered Cancel into
// Outcome::exit(status) after the syscall returns, so the guest stops at once.
class Cancel {
 public:
  void trigger(int32_t status);
  bool triggered() const { return state_.load(std::memory_order_acquire) != kUntriggered; }
  int32_t status() const { return int32_t(state_.load(std::memory_order_acquire)); }
  Notifier& notifier() { return notifier_; }

 private:
  static constexpr int64_t kUntriggered = INT64_MIN;
  std::atomic<int64_t> state_{kUntriggered};  // the status once triggered
  Notifier notifier_;
};

// The deadline `ns` after `from` (none for "forever", and for anything past a century).
Deadline deadline_at(Clock::time_point from, std::optional<uint64_t> ns);
inline Deadline deadline_after(std::optional<uint64_t> ns) { return deadline_at(Clock::now(), ns); }

// Sleeps `ns` unless `cancel` triggers first (then false). A null cancel sleeps the full time.
bool cancellable_sleep(uint64_t ns, Cancel* cancel);

}  // namespace wask::vfs
