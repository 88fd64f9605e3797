#include "vfs/open_file.h"

#include <limits>

namespace wask::vfs {

OpenFile::OpenFile(Parts parts) : Description(parts.append), parts_(std::move(parts)) {}

std::optional<uint32_t> OpenFile::alias_fd() const {
  return parts_.node ? parts_.node->alias_fd() : std::nullopt;
}

Result<size_t> OpenFile::read(std::span<std::byte> out, Cancel*) {
  if (is_directory()) return Errc::IsDirectory;
  if (!parts_.readable || !parts_.handle) return Errc::BadDescriptor;
  std::lock_guard lock(mu_);
  auto n = parts_.handle->read(offset_, out);
  if (n) offset_ += *n;
  return n;
}

Result<size_t> OpenFile::write(std::span<const std::byte> data, Cancel*) {
  if (is_directory()) return Errc::IsDirectory;
  if (!parts_.writable || !parts_.handle) return Errc::BadDescriptor;
  std::lock_guard lock(mu_);
  if (append()) {
    auto appended = parts_.handle->append(data);
    if (!appended) return appended.error();
    offset_ = appended->offset + appended->written;
    return appended->written;
  }
  auto n = parts_.handle->write(offset_, data);
  if (n) offset_ += *n;
  return n;
}

Result<size_t> OpenFile::pread(std::span<std::byte> out, uint64_t offset) {
  if (is_directory()) return Errc::IsDirectory;
  if (!parts_.readable || !parts_.handle) return Errc::BadDescriptor;
  return parts_.handle->read(offset, out);
}

Result<size_t> OpenFile::pwrite(std::span<const std::byte> data, uint64_t offset) {
  if (is_directory()) return Errc::IsDirectory;
  if (!parts_.writable || !parts_.handle) return Errc::BadDescriptor;
  return parts_.handle->write(offset, data);
}

Result<uint64_t> OpenFile::seek(int64_t delta, Whence whence) {
  if (is_directory()) return Errc::IsDirectory;
  if (!parts_.handle) return Errc::BadDescriptor;
  std::lock_guard lock(mu_);
  uint64_t base = 0;
  switch (whence) {
    case Whence::Set:
      base = 0;
      break;
    case Whence::Current:
      base = offset_;
      break;
    case Whence::End: {
      auto st = parts_.handle->stat();
      if (!st) return st.error();
      base = st->size;
      break;
    }
  }
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  if (base > kMax) return Errc::Overflow;
  int64_t from = static_cast<int64_t>(base);
  if (delta < 0 && from + delta < 0) return Errc::Invalid;
  if (delta > 0 && from > std::numeric_limits<int64_t>::max() - delta) return Errc::Overflow;
  offset_ = static_cast<uint64_t>(from + delta);
  return offset_;
}

Result<uint64_t> OpenFile::tell() const {
  if (is_directory()) return Errc::IsDirectory;
  std::lock_guard lock(mu_);
  return offset_;
}

Result<Stat> OpenFile::stat() {
  if (!parts_.node) return parts_.synthetic_stat;
  auto st = parts_.handle ? parts_.handle->stat() : parts_.node->stat();
  if (st) st->dev = parts_.dev;
  return st;
}

Result<void> OpenFile::set_size(uint64_t size) {
  if (is_directory()) return Errc::IsDirectory;
  if (!parts_.writable || !parts_.handle) return Errc::BadDescriptor;
  return parts_.handle->set_size(size);
}

Result<void> OpenFile::set_times(TimeChange atime, TimeChange mtime) {
  if (!parts_.node || parts_.read_only_mount) return Errc::ReadOnly;
  return parts_.node->set_times(atime, mtime);
}

Result<void> OpenFile::sync() {
  if (!parts_.handle) return Result<void>();
  return parts_.handle->sync();
}

Readiness OpenFile::readiness() {
  Readiness r{.readable = true, .writable = true};
  if (is_directory() || !parts_.handle) return r;
  auto st = parts_.handle->stat();
  std::lock_guard lock(mu_);
  r.nbytes = st && st->size > offset_ ? st->size - offset_ : 0;
  return r;
}

}  // namespace wask::vfs
