// The fd table: fd -> {open description (any kind: vfs/description.h), rights, the fd's own
// flags, the normalised VM path it was opened from}. Copyable: a child process inherits its
// parent's fds by copying the table, and copies share descriptions (so a pipe end stays open
// while any table holds it). Rights only ever shrink. Not thread-safe: one process's thread (or
// its parent, before the child starts) uses it at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vfs/description.h"
#include "wasi/abi.h"
#include "wasi/guest_memory.h"

namespace wask::wasi {

// What each kind of descriptor may ever hold.
namespace rights_of {
inline constexpr uint64_t kFile = right::FD_DATASYNC | right::FD_READ | right::FD_SEEK |
                                  right::FD_FDSTAT_SET_FLAGS | right::FD_SYNC | right::FD_TELL |
                                  right::FD_WRITE | right::FD_ADVISE | right::FD_ALLOCATE |
                                  right::FD_FILESTAT_GET | right::FD_FILESTAT_SET_SIZE |
                                  right::FD_FILESTAT_SET_TIMES | right::POLL_FD_READWRITE;
inline constexpr uint64_t kDirectory =
    right::FD_FDSTAT_SET_FLAGS | right::FD_SYNC | right::FD_ADVISE | right::PATH_CREATE_DIRECTORY |
    right::PATH_CREATE_FILE | right::PATH_LINK_SOURCE | right::PATH_LINK_TARGET | right::PATH_OPEN |
    right::FD_READDIR | right::PATH_READLINK | right::PATH_RENAME_SOURCE |
    right::PATH_RENAME_TARGET | right::PATH_FILESTAT_GET | right::PATH_FILESTAT_SET_SIZE |
    right::PATH_FILESTAT_SET_TIMES | right::FD_FILESTAT_GET | right::FD_FILESTAT_SET_TIMES |
    right::PATH_SYMLINK | right::PATH_REMOVE_DIRECTORY | right::PATH_UNLINK_FILE;
inline constexpr uint64_t kDirectoryInheriting = kFile | kDirectory;
// Pipes, stdio, character devices without an offset.
inline constexpr uint64_t kStream = right::FD_READ | right::FD_WRITE | right::FD_FDSTAT_SET_FLAGS |
                                    right::FD_FILESTAT_GET | right::POLL_FD_READWRITE;
}  // namespace rights_of

struct FdEntry {
  vfs::DescriptionPtr file;  // the open description, shared by dups and inherited copies
  Rights base;
  Rights inheriting;
  uint16_t fd_flags = 0;     // the synchronous-I/O fdflags given at open (APPEND and NONBLOCK
                             // live in the description, as O_APPEND and O_NONBLOCK do)
  std::string path;          // the normalised VM path it was opened from (trace, messages)
  std::string preopen_name;  // non-empty for a preopened directory

  bool is_directory() const { return file && file->type() == vfs::FileType::Directory; }
  bool is_preopen() const { return !preopen_name.empty(); }
};

// An entry for `d` with every right its kind may hold, trimmed to its access mode: how stdio,
// pipe ends and an embedder's descriptions enter a table.
FdEntry entry_for(vfs::DescriptionPtr d, std::string path);

class FdTable {
 public:
  static constexpr uint32_t kDefaultMaxOpen = 1024;
  explicit FdTable(uint32_t max_open = kDefaultMaxOpen) : max_open_(max_open) {}

  // EBADF for a closed fd; ENOTCAPABLE if any of `needed` rights is missing.
  Expected<FdEntry*> get(Fd fd, uint64_t needed = 0);
  const FdEntry* find(Fd fd) const;
  // At the lowest free fd, or EMFILE at the limit.
  Expected<Fd> insert(FdEntry entry);
  // At the lowest free fd >= `min` (fcntl F_DUPFD), or EMFILE.
  Expected<Fd> insert_min(FdEntry entry, uint32_t min);
  void put(Fd fd, FdEntry entry);  // at a given fd (stdio, preopens), replacing what is there
  Errno close(Fd fd);
  // WASI fd_renumber: `to` must be open; it is closed and `from` moves there.
  Errno renumber(Fd from, Fd to);

  // POSIX dup family; the new fd shares the description and is not a preopen.
  Expected<Fd> dup(Fd fd);                    // lowest free fd
  Expected<Fd> dup_min(Fd fd, uint32_t min);  // lowest free fd >= min (F_DUPFD)
  Errno dup2(Fd from, Fd to);                 // closes `to` first; nothing if from == to

  size_t size() const { return entries_.size(); }
  uint32_t max_open() const { return max_open_; }
  std::vector<Fd> open_fds() const;  // ascending
  // "3</mnt/session>" for the trace.
  std::string describe(Fd fd) const;

 private:
  uint32_t max_open_;
  std::map<uint32_t, FdEntry> entries_;
};

}  // namespace wask::wasi
