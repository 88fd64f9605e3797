#include "wasi/stream.h"

#include "vfs/errc.h"
#include "wasi/errno_map.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace wask::wasi {

namespace {

// A host stdio error in WASI terms, through the one translation (vfs::Errc, then errno_map).
Errno from_host_errno(int e) { return to_errno(vfs::errc_from_errno(e)); }

class HostFdStream : public Stream {
 public:
  HostFdStream(int fd, bool readable, bool writable)
      : fd_(fd), readable_(readable), writable_(writable), is_tty_(::isatty(fd) == 1) {}
  // As wasmtime: a terminal is a character device, anything else (pipe, file) unknown, so a
  // guest's isatty() tells the truth.
  Filetype filetype() const override {
    return is_tty_ ? Filetype::CharacterDevice : Filetype::Unknown;
  }
  bool readable() const override { return readable_; }
  bool writable() const override { return writable_; }
  Expected<size_t> read(std::span<uint8_t> out) override {
    for (;;) {
      ssize_t n = ::read(fd_, out.data(), out.size());
      if (n >= 0) return size_t(n);
      if (errno != EINTR) return from_host_errno(errno);
    }
  }
  Expected<size_t> write(std::span<const uint8_t> data) override {
    size_t done = 0;  // a stream write is all or an error, as a guest's printf expects
    while (done < data.size()) {
      ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (done) break;
        return from_host_errno(errno);
      }
      done += size_t(n);
    }
    return done;
  }
  bool wait_readable(std::optional<uint64_t> timeout_ns) override {
    pollfd p{fd_, POLLIN, 0};
    int ms = timeout_ns ? int(std::min<uint64_t>(*timeout_ns / 1000000 + 1, 1 << 30)) : -1;
    if (timeout_ns && *timeout_ns == 0) ms = 0;
    return ::poll(&p, 1, ms) > 0;
  }

 private:
  int fd_;
  bool readable_, writable_;
  bool is_tty_;
};

class NullStream : public Stream {
 public:
  bool readable() const override { return true; }
  bool writable() const override { return true; }
  Expected<size_t> read(std::span<uint8_t>) override { return size_t{0}; }
  Expected<size_t> write(std::span<const uint8_t> d) override { return d.size(); }
  bool wait_readable(std::optional<uint64_t>) override { return true; }
};

}  // namespace

std::shared_ptr<Stream> host_fd_stream(int host_fd, bool readable, bool writable) {
  return std::make_shared<HostFdStream>(host_fd, readable, writable);
}
std::shared_ptr<Stream> null_stream() { return std::make_shared<NullStream>(); }

Expected<size_t> BufferStream::read(std::span<uint8_t> out) {
  std::lock_guard lock(mu_);
  size_t n = std::min(out.size(), input_.size() - read_pos_);
  if (n) std::memcpy(out.data(), input_.data() + read_pos_, n);
  read_pos_ += n;
  return n;
}
Expected<size_t> BufferStream::write(std::span<const uint8_t> data) {
  std::lock_guard lock(mu_);
  output_.append(reinterpret_cast<const char*>(data.data()), data.size());
  return data.size();
}
uint64_t BufferStream::available() const {
  std::lock_guard lock(mu_);
  return input_.size() - read_pos_;
}
std::string BufferStream::output() const {
  std::lock_guard lock(mu_);
  return output_;
}

}  // namespace wask::wasi
