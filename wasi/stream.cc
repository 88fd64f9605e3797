#include "wasi/stream.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "vfs/errc.h"

namespace wask::wasi {

namespace {

class HostFdStream : public vfs::Description {
 public:
  HostFdStream(int fd, bool readable, bool writable)
      : fd_(fd), readable_(readable), writable_(writable), is_tty_(::isatty(fd) == 1) {}

  vfs::FileType type() const override {
    return is_tty_ ? vfs::FileType::CharDevice : vfs::FileType::Unknown;
  }
  bool readable() const override { return readable_; }
  bool writable() const override { return writable_; }

  vfs::Result<size_t> read(std::span<std::byte> out, vfs::Cancel* cancel) override {
    if (!readable_) return vfs::Errc::BadDescriptor;
    if (auto ready = wait_for(POLLIN, cancel); !ready) return ready.error();
    for (;;) {
      ssize_t n = ::read(fd_, out.data(), out.size());
      if (n >= 0) return size_t(n);
      if (errno != EINTR) return vfs::errc_from_errno(errno);
    }
  }

  vfs::Result<size_t> write(std::span<const std::byte> data, vfs::Cancel* cancel) override {
    if (!writable_) return vfs::Errc::BadDescriptor;
    size_t done = 0;  // a stream write is all or an error, as a guest's printf expects
    while (done < data.size()) {
      if (auto ready = wait_for(POLLOUT, cancel); !ready) {
        if (done) break;
        return ready.error();
      }
      ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        if (done) break;
        return vfs::errc_from_errno(errno);
      }
      done += size_t(n);
    }
    return done;
  }

  vfs::Result<vfs::Stat> stat() override {
    vfs::Stat st;
    st.type = type();
    return st;
  }

  vfs::Readiness readiness() override {
    pollfd p{fd_, short((readable_ ? POLLIN : 0) | (writable_ ? POLLOUT : 0)), 0};
    vfs::Readiness r;
    if (::poll(&p, 1, 0) > 0) {
      r.readable = p.revents & (POLLIN | POLLHUP | POLLERR);
      r.writable = p.revents & (POLLOUT | POLLERR);
      r.hangup = p.revents & POLLHUP;
    }
    return r;
  }

  vfs::HostWatch host_watch(bool for_write) const override {
    return {fd_, short(for_write ? POLLOUT : POLLIN)};
  }

 private:
  // Waits until the host fd is ready for `events`, unless nonblocking; Canceled if `cancel` is.
  vfs::Result<void> wait_for(short events, vfs::Cancel* cancel) {
    pollfd p{fd_, events, 0};
    if (::poll(&p, 1, 0) != 0) return {};  // ready, or an error the read/write will report
    if (nonblocking()) return vfs::Errc::Again;
    vfs::Waiter w;
    vfs::Subscription on_cancel(cancel ? &cancel->notifier() : nullptr, w);
    vfs::HostWatch watch{fd_, events};
    for (;;) {
      if (cancel && cancel->triggered()) return vfs::Errc::Canceled;
      w.wait_until(std::nullopt, {&watch, 1});
      p.revents = 0;
      if (::poll(&p, 1, 0) != 0) return {};
    }
  }

  int fd_;
  bool readable_, writable_;
  bool is_tty_;
};

}  // namespace

vfs::DescriptionPtr host_fd_stream(int host_fd, bool readable, bool writable) {
  return std::make_shared<HostFdStream>(host_fd, readable, writable);
}

}  // namespace wask::wasi
