#include "vfs/wait.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace wask::vfs {

Waiter::~Waiter() {
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void Waiter::notify() {
  std::lock_guard lock(mu_);
  signalled_ = true;
  if (wake_fd_ >= 0) {
    uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
  }
  cv_.notify_all();
}

bool Waiter::wait_until(Deadline deadline) {
  std::unique_lock lock(mu_);
  auto woken = [&] { return signalled_; };
  if (deadline) {
    if (!cv_.wait_until(lock, *deadline, woken)) return false;
  } else {
    cv_.wait(lock, woken);
  }
  signalled_ = false;
  return true;
}

bool Waiter::wait_until(Deadline deadline, std::span<const HostWatch> host) {
  if (host.empty()) return wait_until(deadline);
  int wake = -1;
  {
    std::lock_guard lock(mu_);
    if (wake_fd_ < 0) wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (signalled_) {
      signalled_ = false;
      return true;
    }
    wake = wake_fd_;
  }
  std::vector<pollfd> fds;
  fds.reserve(host.size() + 1);
  for (const HostWatch& h : host) fds.push_back({h.fd, h.events, 0});
  if (wake >= 0) fds.push_back({wake, POLLIN, 0});
  for (;;) {
    int ms = -1;
    if (deadline) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
      ms = int(std::clamp<int64_t>(left, 0, 1 << 30));
    }
    int n = ::poll(fds.data(), fds.size(), ms);
    if (n < 0 && errno == EINTR) continue;
    std::lock_guard lock(mu_);
    if (wake >= 0) {
      uint64_t drained;
      (void)!::read(wake, &drained, sizeof drained);
    }
    bool woken = signalled_ || n > 0;
    signalled_ = false;
    if (woken || n < 0) return true;
    if (deadline && Clock::now() >= *deadline) return false;
  }
}

void Notifier::subscribe(Waiter& w) {
  std::lock_guard lock(mu_);
  waiters_.push_back(&w);
}

void Notifier::unsubscribe(Waiter& w) {
  std::lock_guard lock(mu_);
  auto it = std::find(waiters_.begin(), waiters_.end(), &w);
  if (it != waiters_.end()) waiters_.erase(it);
}

void Notifier::notify_all() {
  std::lock_guard lock(mu_);  // held so an unsubscribed Waiter is never touched afterwards
  for (Waiter* w : waiters_) w->notify();
}

void Cancel::trigger(int32_t status) {
  int64_t expected = kUntriggered;
  state_.compare_exchange_strong(expected, status, std::memory_order_acq_rel);
  notifier_.notify_all();
}

Deadline deadline_at(Clock::time_point from, std::optional<uint64_t> ns) {
  // Far enough to be "never" without overflowing the clock's representation.
  constexpr uint64_t kFar = uint64_t(100) * 365 * 24 * 3600 * 1000000000ull;
  if (!ns || *ns >= kFar) return std::nullopt;
  return from + std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(*ns));
}

bool cancellable_sleep(uint64_t ns, Cancel* cancel) {
  Waiter w;
  Subscription sub(cancel ? &cancel->notifier() : nullptr, w);
  Deadline until = deadline_after(ns);
  while (!(cancel && cancel->triggered())) {
    if (!w.wait_until(until)) return true;
  }
  return false;
}

}  // namespace wask::vfs
