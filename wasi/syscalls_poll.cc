// poll_oneoff: clock subscriptions and fd readiness. Files are always ready (as on POSIX); a stream
// is ready when its host side says so. With nothing ready, the call waits for the earliest clock
// (or, deterministic, advances the clocks by it) or for a stream to become readable.
#include <algorithm>
#include <cstring>
#include <limits>
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

}  // namespace

Errno poll_oneoff(Call& c, GuestPtr<Subscription> in, GuestPtr<Event> out, Size nsubscriptions,
                  GuestPtr<Size> nevents) {
  if (nsubscriptions == 0) return Errno::Inval;
  auto in_bytes = c.mem.array(in, nsubscriptions);
  if (!in_bytes) return in_bytes.error();
  if (auto out_bytes = c.mem.array(out, nsubscriptions); !out_bytes) return out_bytes.error();
  std::vector<Subscription> subs(nsubscriptions);
  std::memcpy(subs.data(), in_bytes->data(), in_bytes->size());

  std::vector<Event> ready;
  std::optional<uint64_t> earliest;  // ns from now until the first clock fires
  std::vector<size_t> clocks;        // subscriptions waiting on a clock
  std::vector<size_t> streams;       // subscriptions waiting on a stream's input
  for (size_t i = 0; i < subs.size(); ++i) {
    const Subscription& s = subs[i];
    switch (s.tag) {
      case EventType::Clock: {
        if (s.u.clock.id > enum_max<ClockId>()) {
          ready.push_back(event_for(s, Errno::Inval));
          break;
        }
        uint64_t wait = s.u.clock.timeout;
        if (s.u.clock.flags & subclockflag::ABSTIME) {
          auto now = c.ctx.now(ClockId(s.u.clock.id));
          if (!now) return now.error();
          wait = s.u.clock.timeout > *now ? s.u.clock.timeout - *now : 0;
        }
        if (wait == 0) {
          ready.push_back(event_for(s, Errno::Success));
        } else {
          earliest = std::min(earliest.value_or(wait), wait);
          clocks.push_back(i);
        }
        break;
      }
      case EventType::FdRead:
      case EventType::FdWrite: {
        auto entry =
            c.ctx.fds().get(Fd{s.u.fd_readwrite.file_descriptor}, right::POLL_FD_READWRITE);
        if (!entry) {
          ready.push_back(event_for(s, entry.error()));
          break;
        }
        FdEntry* e = *entry;
        bool reading = s.tag == EventType::FdRead;
        if (e->is_directory()) {
          ready.push_back(event_for(s, Errno::BadF));
        } else if (e->stream) {
          if (!reading) {
            ready.push_back(event_for(s, Errno::Success));
          } else if (e->stream->wait_readable(0)) {
            Event ev = event_for(s, Errno::Success);
            ev.nbytes = e->stream->available();
            ready.push_back(ev);
          } else {
            streams.push_back(i);
          }
        } else {
          Event ev = event_for(s, Errno::Success);
          if (reading) {  // a file is readable up to its end
            auto st = e->file->stat();
            uint64_t pos = e->file->tell();
            ev.nbytes = st && st->size > pos ? st->size - pos : 0;
          }
          ready.push_back(ev);
        }
        break;
      }
      default:
        ready.push_back(event_for(s, Errno::Inval));
    }
  }

  if (ready.empty()) {
    if (!streams.empty()) {
      // Wait for the first stream's input, but no longer than the earliest clock.
      const Subscription& s = subs[streams.front()];
      FdEntry* e = *c.ctx.fds().get(Fd{s.u.fd_readwrite.file_descriptor});
      if (e->stream->wait_readable(earliest)) {
        Event ev = event_for(s, Errno::Success);
        ev.nbytes = e->stream->available();
        ready.push_back(ev);
      }
    } else if (earliest) {
      c.ctx.sleep(*earliest);
    }
    if (ready.empty()) {
      for (size_t i : clocks) {
        const Subscription& s = subs[i];
        uint64_t wait = s.u.clock.timeout;
        if (s.u.clock.flags & subclockflag::ABSTIME) {
          auto now = c.ctx.now(ClockId(s.u.clock.id));
          wait = now && s.u.clock.timeout > *now ? s.u.clock.timeout - *now : 0;
        }
        if (wait <= *earliest) ready.push_back(event_for(s, Errno::Success));
      }
    }
  }

  for (size_t i = 0; i < ready.size(); ++i) {
    if (Errno e = c.mem.write(out + uint32_t(i), ready[i]); e != Errno::Success) return e;
  }
  return c.mem.write(nevents, Size(ready.size()));
}

}  // namespace wask::wasi::syscalls
