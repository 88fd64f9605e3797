// The open description of a VFS file, directory or device node: the node, the backend's
// FileHandle, the offset and the access mode (vfs/description.h has the common interface).
// Several fds may share one description (dup), and several descriptions may share one node.
// All members are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>

#include "vfs/backend.h"
#include "vfs/description.h"
#include "vfs/dir.h"
#include "vfs/errc.h"

namespace wask::vfs {

class OpenFile : public Description {
 public:
  // What the VFS hands over when it opens something. `handle` is null for a directory, `dir` is
  // valid only for a directory. `pin` keeps the mount mounted while the description lives.
  struct Parts {
    NodePtr node;
    std::shared_ptr<FileHandle> handle;
    Dir dir;
    std::shared_ptr<void> pin;
    uint64_t dev = 0;
    FileType type = FileType::Unknown;
    bool readable = false;
    bool writable = false;
    bool append = false;
    bool read_only_mount = false;
    Stat synthetic_stat;  // what stat() answers for a synthetic directory (node == null)
  };
  explicit OpenFile(Parts parts);

  FileType type() const override { return parts_.type; }
  bool is_directory() const { return parts_.type == FileType::Directory; }
  bool readable() const override { return parts_.readable; }
  bool writable() const override { return parts_.writable; }
  bool seekable() const override { return !is_directory(); }
  const NodePtr& node() const { return parts_.node; }
  const Dir& dir() const override { return parts_.dir; }
  std::optional<uint32_t> alias_fd() const override;

  // A file never blocks; `cancel` is not consulted.
  Result<size_t> read(std::span<std::byte> out, Cancel* cancel = nullptr) override;
  Result<size_t> write(std::span<const std::byte> data, Cancel* cancel = nullptr) override;
  Result<size_t> pread(std::span<std::byte> out, uint64_t offset) override;
  Result<size_t> pwrite(std::span<const std::byte> data, uint64_t offset) override;
  Result<uint64_t> seek(int64_t delta, Whence whence) override;
  Result<uint64_t> tell() const override;

  Result<Stat> stat() override;
  Result<void> set_size(uint64_t size) override;
  Result<void> set_times(TimeChange atime, TimeChange mtime) override;
  Result<void> sync() override;

  // Always readable (nbytes: up to the end) and writable, as files are on POSIX.
  Readiness readiness() override;

 private:
  Parts parts_;
  mutable std::mutex mu_;  // guards offset_ and orders stream reads/writes
  uint64_t offset_ = 0;
};

}  // namespace wask::vfs
