// memfs: an in-memory backend. Inodes with link counts; directories as name-ordered maps; files
// as chunked storage (appends and holes never copy the whole file); symlinks; timestamps from an
// injected clock; limits on total bytes and inode count (NoSpace; bounded by default). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string_view>

#include "vfs/backend.h"

namespace wask::backends {

// Every memfs is bounded unless told otherwise, so a guest cannot fill the host's memory.
inline constexpr uint64_t kMemfsDefaultMaxBytes = uint64_t{512} << 20;  // 512 MiB
inline constexpr uint64_t kMemfsDefaultMaxInodes = 131072;
inline constexpr uint64_t kMemfsUnlimited = std::numeric_limits<uint64_t>::max();

struct MemfsOptions {
  // Sum of file sizes and symlink target lengths (holes count: the size is what is promised).
  uint64_t max_bytes = kMemfsDefaultMaxBytes;
  // Live inodes, including the root and files unlinked while still open.
  uint64_t max_inodes = kMemfsDefaultMaxInodes;
  std::function<uint64_t()> clock = {};  // ns since the epoch; default: the system clock
  bool read_only = false;
};

class Memfs : public vfs::Backend {
 public:
  static std::shared_ptr<Memfs> create(MemfsOptions options = {});

  vfs::NodePtr root() override;
  std::string_view kind() const override { return "memfs"; }
  bool read_only() const override;

  // Current usage, for limits and tests.
  uint64_t used_bytes() const;
  uint64_t used_inodes() const;

  struct State;  // shared with every inode, so they can return bytes and inodes when they die

 private:
  Memfs() = default;
  std::shared_ptr<State> state_;
  vfs::NodePtr root_;
};

}  // namespace wask::backends
