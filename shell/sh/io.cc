// The shell's fd table and the capture of command substitutions.
#include "shell/sh/io.h"

namespace wask::shell::sh {

StreamPtr Fds::get(int fd) const {
  auto it = map_.find(fd);
  return it == map_.end() ? nullptr : it->second;
}

void Fds::set(int fd, StreamPtr stream) {
  if (stream)
    map_[fd] = std::move(stream);
  else
    map_.erase(fd);
}

vfs::Result<size_t> CaptureSink::read(std::span<std::byte>, vfs::Cancel*) {
  return vfs::Errc::BadDescriptor;
}

vfs::Result<size_t> CaptureSink::write(std::span<const std::byte> data, vfs::Cancel*) {
  std::lock_guard lock(mu_);
  if (out_.size() + data.size() > limit_) return vfs::Errc::FileTooBig;
  out_.append(reinterpret_cast<const char*>(data.data()), data.size());
  return data.size();
}

vfs::Result<vfs::Stat> CaptureSink::stat() {
  vfs::Stat st;
  st.type = vfs::FileType::Fifo;
  return st;
}

std::string CaptureSink::take() {
  std::lock_guard lock(mu_);
  return std::move(out_);
}

vfs::Errc write_all(vfs::Description& out, std::string_view text, vfs::Cancel* cancel) {
  auto bytes = std::as_bytes(std::span(text.data(), text.size()));
  while (!bytes.empty()) {
    auto n = out.write(bytes, cancel);
    if (!n) return n.error();
    if (*n == 0) return vfs::Errc::IO;
    bytes = bytes.subspan(*n);
  }
  return vfs::Errc::Ok;
}

}  // namespace wask::shell::sh
