// An open file description: what a file descriptor refers to. It holds the node, the backend's
// FileHandle, the offset, the append flag and the access mode. Several descriptors may share one
// description (dup), and several descriptions may share one node. All members are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>

#include "vfs/backend.h"
#include "vfs/dir.h"
#include "vfs/errc.h"

namespace wask::vfs {

enum class Whence : uint8_t { Set, Current, End };

class OpenFile {
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

  FileType type() const { return parts_.type; }
  bool is_directory() const { return parts_.type == FileType::Directory; }
  bool readable() const { return parts_.readable; }
  bool writable() const { return parts_.writable; }
  bool append() const;
  void set_append(bool append);
  const NodePtr& node() const { return parts_.node; }
  // The directory handle of an open directory (for readdir and *at operations); invalid otherwise.
  const Dir& dir() const { return parts_.dir; }

  // Stream I/O at the description's offset, which they advance. With append, writes go to the
  // end. A short count is not an error; an error means nothing was transferred.
  Result<size_t> read(std::span<std::byte> out);
  Result<size_t> write(std::span<const std::byte> data);
  // Positional I/O: the offset is neither used nor changed.
  Result<size_t> pread(std::span<std::byte> out, uint64_t offset);
  Result<size_t> pwrite(std::span<const std::byte> data, uint64_t offset);
  // Invalid for a resulting offset below 0; SpecialFile is reserved for pipes (not here).
  Result<uint64_t> seek(int64_t delta, Whence whence);
  uint64_t tell() const;

  Result<Stat> stat();
  Result<void> set_size(uint64_t size);
  Result<void> set_times(TimeChange atime, TimeChange mtime);
  Result<void> sync();

 private:
  Parts parts_;
  mutable std::mutex mu_;  // guards offset_ and append_ and orders stream reads/writes
  uint64_t offset_ = 0;
};

}  // namespace wask::vfs
