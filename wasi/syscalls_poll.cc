// poll_oneoff: clock subscriptions and fd readiness over any description (vfs/description.h).
// Files are always ready (as on POSIX); a pipe, stdio or another stream reports its own readiness.
// With nothing ready, the call sleeps on every pending description's Notifier at once (and polls
// host descriptors alongside), up to the earliest clock, and wakes at once if the process is
// cancelled. Deterministic runs advance the clocks instead of sleeping on them.
//
// Host memory is bounded whatever the subscription count: subscriptions are read from guest
// memory one at a time, events are written straight to the guest's array, and the wait set holds
// each distinct pending description once (so at most one per open fd) plus one deadline. A
// guest whose `in` and `out` arrays overlap gets unspecified events, never a host fault.
#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "wasi/syscalls.h"
#include "wasi/vfs_glue.h"

namespace wask::wasi::syscalls {

namespace {

Event event_for(const Subscription& s, Errno error) {
  Event e{};
  e.userdata = s.userdata;
  e.error = uint16_t(error);
  e.type = s.tag;
  return e;
}

// What one pass over the subscriptions found.
struct Scan {
  Size ready = 0;                            // events written to the guest
  std::optional<uint64_t> earliest;          // ns from the call's start to the first clock
  std::vector<vfs::DescriptionPtr> pending;  // distinct descriptions not yet ready
  std::vector<vfs::HostWatch> host;          // their host descriptors, if any
  Errno fault = Errno::Success;              // a guest-memory error ends the call
};

class Poll {
 public:
  Poll(Call& c, GuestPtr<Subscription> in, GuestPtr<Event> out, Size n)
      : c_(c), in_(in), out_(out), n_(n), start_(vfs::Clock::now()) {}

  uint64_t elapsed() const {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(vfs::Clock::now() - start_);
    return uint64_t(std::max<int64_t>(ns.count(), 0));
  }
  vfs::Deadline deadline(std::optional<uint64_t> after_start) const {
    return vfs::deadline_at(start_, after_start);
  }

  // One pass: writes an event for every ready subscription. `elapsed` is the time since the
  // call began (clocks whose wait it covers are ready).
  Scan scan(uint64_t elapsed) {
    Scan s;
    for (Size i = 0; i < n_ && s.fault == Errno::Success; ++i) {
      auto sub = c_.mem.read(in_ + i);
      if (!sub) {
        s.fault = sub.error();
        break;
      }
      std::optional<Event> ev = check(*sub, elapsed, s);
      if (ev) s.fault = c_.mem.write(out_ + s.ready++, *ev);
    }
    return s;
  }

 private:
  std::optional<Event> check(const Subscription& sub, uint64_t elapsed, Scan& s) {
    switch (sub.tag) {
      case EventType::Clock: {
        if (sub.u.clock.id > enum_max<ClockId>()) return event_for(sub, Errno::Inval);
        auto wait = clock_wait(sub);
        if (!wait) return event_for(sub, wait.error());
        if (*wait <= elapsed) return event_for(sub, Errno::Success);
        s.earliest = std::min(s.earliest.value_or(*wait), *wait);
        return std::nullopt;
      }
      case EventType::FdRead:
      case EventType::FdWrite: {
        auto entry =
            c_.ctx.fds().get(Fd{sub.u.fd_readwrite.file_descriptor}, right::POLL_FD_READWRITE);
        if (!entry) return event_for(sub, entry.error());
        if ((*entry)->is_directory()) return event_for(sub, Errno::BadF);
        const vfs::DescriptionPtr& d = (*entry)->file;
        bool reading = sub.tag == EventType::FdRead;
        vfs::Readiness r = d->readiness();
        if (reading ? r.readable : r.writable) {
          Event ev = event_for(sub, Errno::Success);
          ev.nbytes = reading ? r.nbytes : r.room;
          if (r.hangup) ev.flags = eventrwflag::HANGUP;
          return ev;
        }
        if (std::find(s.pending.begin(), s.pending.end(), d) == s.pending.end()) {
          s.pending.push_back(d);
          if (vfs::HostWatch w = d->host_watch(!reading); w.fd >= 0) s.host.push_back(w);
        }
        return std::nullopt;
      }
    }
    return event_for(sub, Errno::Inval);
  }

  // How long after the call's start a clock subscription fires. An absolute one is measured
  // against its clock once per call (deterministic clocks advance on every reading).
  Expected<uint64_t> clock_wait(const Subscription& sub) {
    if (!(sub.u.clock.flags & subclockflag::ABSTIME)) return sub.u.clock.timeout;
    auto& now = clock_at_start_[sub.u.clock.id];
    if (!now) {
      auto read = c_.ctx.now(ClockId(sub.u.clock.id));
      if (!read) return read.error();
      now = *read;
    }
    return sub.u.clock.timeout > *now ? sub.u.clock.timeout - *now : 0;
  }

  Call& c_;
  GuestPtr<Subscription> in_;
  GuestPtr<Event> out_;
  Size n_;
  vfs::Clock::time_point start_;
  std::array<std::optional<uint64_t>, enum_max<ClockId>() + 1> clock_at_start_;
};

}  // namespace

Errno poll_oneoff(Call& c, GuestPtr<Subscription> in, GuestPtr<Event> out, Size nsubscriptions,
                  GuestPtr<Size> nevents) {
  if (nsubscriptions == 0) return Errno::Inval;
  if (auto in_bytes = c.mem.array(in, nsubscriptions); !in_bytes) return in_bytes.error();
  if (auto out_bytes = c.mem.array(out, nsubscriptions); !out_bytes) return out_bytes.error();

  Poll poll(c, in, out, nsubscriptions);
  Scan s = poll.scan(0);
  if (s.fault != Errno::Success) return s.fault;
  if (s.ready == 0 && c.ctx.options().deterministic && s.earliest) {
    // Deterministic: time passes only by the guest's asking; the earliest clocks fire now.
    if (!c.ctx.sleep(*s.earliest)) return Errno::Canceled;
    s = poll.scan(*s.earliest);
  } else if (s.ready == 0) {
    // Sleep on everything pending at once; subscribe first, then look again, so no change
    // between the look and the sleep is missed.
    vfs::Waiter waiter;
    std::vector<std::unique_ptr<vfs::Subscription>> subs;
    subs.reserve(s.pending.size() + 1);
    subs.push_back(std::make_unique<vfs::Subscription>(&c.ctx.cancel().notifier(), waiter));
    for (const auto& d : s.pending)
      subs.push_back(std::make_unique<vfs::Subscription>(d->notifier(), waiter));
    std::vector<vfs::DescriptionPtr> keep = std::move(s.pending);  // alive while subscribed
    for (;;) {
      s = poll.scan(poll.elapsed());
      if (s.fault != Errno::Success) return s.fault;
      if (s.ready) break;
      if (c.ctx.cancelled()) return Errno::Canceled;
      waiter.wait_until(poll.deadline(s.earliest), s.host);
    }
  }
  if (s.fault != Errno::Success) return s.fault;
  return c.mem.write(nevents, s.ready);
}

}  // namespace wask::wasi::syscalls
