// The fd table: fd -> open description (a VFS file or directory, or a stdio stream), with its
// rights and the VM path it was opened from. Rights only ever shrink.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "vfs/open_file.h"
#include "wasi/abi.h"
#include "wasi/guest_memory.h"
#include "wasi/stream.h"

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
inline constexpr uint64_t kStream = right::FD_READ | right::FD_WRITE | right::FD_FDSTAT_SET_FLAGS |
                                    right::FD_FILESTAT_GET | right::POLL_FD_READWRITE;
}  // namespace rights_of

struct FdEntry {
  std::shared_ptr<vfs::OpenFile> file;  // a VFS file or directory ...
  std::shared_ptr<Stream> stream;       // ... or a stdio stream
  Filetype type = Filetype::Unknown;
  Rights base;
  Rights inheriting;
  uint16_t stream_flags = 0;  // fdflags of a stream (a file's APPEND lives in its description)
  std::string path;           // the VM path it was opened from (trace, messages)
  std::string preopen_name;   // non-empty for a preopened directory

  bool is_directory() const { return type == Filetype::Directory; }
  bool is_preopen() const { return !preopen_name.empty(); }
};

class FdTable {
 public:
  explicit FdTable(uint32_t max_open = 1024) : max_open_(max_open) {}

  // EBADF for a closed fd; ENOTCAPABLE if any of `needed` rights is missing.
  Expected<FdEntry*> get(Fd fd, uint64_t needed = 0);
  const FdEntry* find(Fd fd) const;
  // The lowest free fd, or EMFILE past the limit.
  Expected<Fd> insert(FdEntry entry);
  void put(Fd fd, FdEntry entry);  // at a given fd (stdio, preopens), replacing what is there
  Errno close(Fd fd);
  Errno renumber(Fd from, Fd to);
  size_t size() const { return entries_.size(); }
  // "3</mnt/session>" for the trace.
  std::string describe(Fd fd) const;

 private:
  uint32_t max_open_;
  std::map<uint32_t, FdEntry> entries_;
};

}  // namespace wask::wasi
