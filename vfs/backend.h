// The backend interface, in capability style: a backend is asked about one name inside one
// directory node, never about a path. Walking paths (".", "..", symlinks, mounts) is the
// resolver's job (vfs/resolver.cc), so a backend cannot be tricked into leaving its root.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vfs/errc.h"

namespace wask::vfs {

enum class FileType : uint8_t {
  Unknown,
  Regular,
  Directory,
  Symlink,
  CharDevice,
  BlockDevice,
  Fifo,
  Socket
};
std::string_view to_string(FileType type);

struct Stat {
  uint64_t dev = 0;  // set by the VFS (the mount's id); backends leave it 0
  uint64_t ino = 0;
  FileType type = FileType::Unknown;
  uint64_t nlink = 1;
  uint64_t size = 0;
  uint64_t atime_ns = 0;  // nanoseconds since the Unix epoch
  uint64_t mtime_ns = 0;
  uint64_t ctime_ns = 0;
  uint32_t mode = 0;  // the POSIX permission bits (kModeBits: rwx for user/group/other, setuid,
                      // setgid, sticky); the type is `type`, never in here
};

// The permission bits a mode may hold (07777); set_mode ignores any others.
inline constexpr uint32_t kModeBits = 07777;

// How set_times changes one timestamp.
struct TimeChange {
  enum class Kind : uint8_t { Leave, Now, Set } kind = Kind::Leave;
  uint64_t ns = 0;  // with Set
  static TimeChange leave() { return {}; }
  static TimeChange now() { return {Kind::Now, 0}; }
  static TimeChange set(uint64_t ns) { return {Kind::Set, ns}; }
};

// One directory entry. Cookies are the backend's own; 0 means "from the start" and every
// backend cookie is below 2^62 so the VFS can add its own entries (".", "..", mount points).
struct DirEntry {
  std::string name;
  uint64_t ino = 0;
  FileType type = FileType::Unknown;
  uint64_t next_cookie = 0;  // pass this to continue after this entry
};

struct OpenMode {
  bool read = true;
  bool write = false;
};

// An open regular file: reads and writes at explicit offsets. Offsets and append mode belong to the
// VFS's open file description (vfs/open_file.h), not to the backend.
class FileHandle {
 public:
  virtual ~FileHandle() = default;
  virtual Result<size_t> read(uint64_t offset, std::span<std::byte> out) = 0;
  virtual Result<size_t> write(uint64_t offset, std::span<const std::byte> data) = 0;
  virtual Result<void> set_size(uint64_t size) = 0;
  virtual Result<Stat> stat() = 0;
  virtual Result<void> sync() = 0;

  // Writes `data` at the current end of the file as one step, so two appenders never overwrite
  // each other. Answers the offset where the data landed and how much was written. The default
  // (stat, then write) is not atomic; backends that can do better override it.
  struct Appended {
    uint64_t offset = 0;
    size_t written = 0;
  };
  virtual Result<Appended> append(std::span<const std::byte> data) {
    auto st = stat();
    if (!st) return st.error();
    auto n = write(st->size, data);
    if (!n) return n.error();
    return Appended{st->size, *n};
  }
};

class Node;
using NodePtr = std::shared_ptr<Node>;

// A file, directory or symlink of a backend. Every `name` argument is one component: never empty,
// never "." or "..", without '/' or NUL (the VFS checks this before calling). Operations that do
// not fit the node's type answer NotDirectory / IsDirectory / Invalid as POSIX would.
class Node {
 public:
  virtual ~Node() = default;

  virtual Result<Stat> stat() = 0;
  virtual Result<void> set_times(TimeChange atime, TimeChange mtime) = 0;
  // chmod of this very node (mode & kModeBits); a symlink's own bits cannot change
  // (NotSupported, as Linux's lchmod). The default suits backends without stored modes.
  virtual Result<void> set_mode(uint32_t /*mode*/) { return Errc::NotSupported; }
  // The node's type; the resolver asks this at every component. Override when cheaper than stat.
  virtual FileType type() {
    auto st = stat();
    return st ? st->type : FileType::Unknown;
  }

  // Regular files (and devices).
  virtual Result<std::shared_ptr<FileHandle>> open(OpenMode mode) = 0;
  // A device node that stands for one of the opening process's own fds (/dev/stdin: 0).
  virtual std::optional<uint32_t> alias_fd() const { return std::nullopt; }

  // Symlinks: the target text, uninterpreted.
  virtual Result<std::string> readlink() = 0;

  // Directories. lookup never follows a symlink: it returns the symlink node itself.
  virtual Result<NodePtr> lookup(std::string_view name) = 0;
  // The stat of the entry `name` itself (a symlink is not followed): lookup(name)->stat(), which
  // a backend may answer more cheaply (hostfs: one fstatat, no descriptor opened).
  virtual Result<Stat> stat_child(std::string_view name) {
    auto child = lookup(name);
    if (!child) return child.error();
    return (*child)->stat();
  }
  virtual Result<NodePtr> create_file(std::string_view name) = 0;  // Exists if the name is taken
  virtual Result<NodePtr> mkdir(std::string_view name) = 0;
  virtual Result<void> symlink(std::string_view name, std::string_view target) = 0;
  virtual Result<void> unlink(std::string_view name) = 0;  // IsDirectory for a directory
  virtual Result<void> rmdir(std::string_view name) = 0;   // NotEmpty, NotDirectory
  // Both take the entry `name` in this directory; `new_dir` is a directory node of the same
  // backend.
  virtual Result<void> rename(std::string_view name, Node& new_dir, std::string_view new_name) = 0;
  virtual Result<void> link(std::string_view name, Node& new_dir, std::string_view new_name) = 0;
  // Up to `max_entries` entries in a stable order from `cookie`, without "." and "..".
  virtual Result<std::vector<DirEntry>> readdir(uint64_t cookie, size_t max_entries) = 0;
};

// A filesystem that can be mounted: memfs, hostfs, ... Its nodes are only ever combined with
// nodes of the same backend (the VFS answers CrossDevice otherwise).
class Backend {
 public:
  virtual ~Backend() = default;
  virtual NodePtr root() = 0;
  virtual std::string_view kind() const = 0;  // "memfs", "hostfs", ...
  virtual bool read_only() const = 0;
};

}  // namespace wask::vfs
