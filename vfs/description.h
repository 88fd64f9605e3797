// An open description: what a file descriptor refers to, whatever it is. Files and directories
// (vfs::OpenFile), pipe ends (vfs/pipe.h), the host's stdio (wasi/stream.h), devices (through
// OpenFile over a device node), in-memory sources and sinks (vfs/memory_io.h). Several fds, in
// one process or several, may share one description (dup, inheritance); it closes when the last
// reference goes. The syscalls above never ask which kind they hold: an operation that does not
// apply answers the POSIX error (ESPIPE for a seek on a pipe, EISDIR for a read of a directory).
// Every member is thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "vfs/backend.h"
#include "vfs/dir.h"
#include "vfs/errc.h"
#include "vfs/wait.h"

namespace wask::vfs {

enum class Whence : uint8_t { Set, Current, End };

// What poll reports about a description right now.
struct Readiness {
  bool readable = false;  // a read would not block (data, end of input, or an error to report)
  bool writable = false;  // a write would not block (room, or an error such as EPIPE to report)
  bool hangup = false;    // the other side is gone: every writer (read end) or reader (write end)
  uint64_t nbytes = 0;    // bytes a read can take at once (0 if unknown or at the end)
  uint64_t room = 0;      // bytes a write can put at once without blocking
};

class Description {
 public:
  virtual ~Description() = default;

  virtual FileType type() const = 0;
  virtual bool readable() const = 0;
  virtual bool writable() const = 0;
  // Whether it has an offset (pread, pwrite, seek, tell); streams answer ESPIPE to those.
  virtual bool seekable() const { return false; }

  // Stream I/O at the description's offset (if it has one), which it advances. A short count is
  // not an error; read answers 0 at the end of input. A description that can block (a pipe, the
  // terminal) waits unless nonblocking() (then Again); a trigger of `cancel` ends the wait with
  // Canceled, and a triggered `cancel` makes a would-block call answer Canceled at once.
  virtual Result<size_t> read(std::span<std::byte> out, Cancel* cancel = nullptr) = 0;
  virtual Result<size_t> write(std::span<const std::byte> data, Cancel* cancel = nullptr) = 0;
  // Positional I/O: the offset is neither used nor changed. SpecialFile unless seekable().
  virtual Result<size_t> pread(std::span<std::byte> out, uint64_t offset);
  virtual Result<size_t> pwrite(std::span<const std::byte> data, uint64_t offset);
  // Invalid for a resulting offset below 0; SpecialFile unless seekable().
  virtual Result<uint64_t> seek(int64_t delta, Whence whence);
  virtual Result<uint64_t> tell() const;

  // A pipe stats as a Fifo, a terminal or device as a CharDevice.
  virtual Result<Stat> stat() = 0;
  virtual Result<void> set_size(uint64_t size);                        // Invalid unless a file
  virtual Result<void> set_times(TimeChange atime, TimeChange mtime);  // no-op for streams
  virtual Result<void> sync();                                         // no-op unless a file

  // The description's flags, shared by every fd that refers to it (as O_APPEND and O_NONBLOCK).
  bool append() const { return append_.load(std::memory_order_relaxed); }
  void set_append(bool on) { append_.store(on, std::memory_order_relaxed); }
  bool nonblocking() const { return nonblocking_.load(std::memory_order_relaxed); }
  void set_nonblocking(bool on) { nonblocking_.store(on, std::memory_order_relaxed); }

  // Poll support. readiness() is the state now; notifier() is signalled whenever it may have
  // changed (null: it never changes by itself, as for files). A description backed by a host
  // descriptor names it in host_watch() (fd -1 otherwise), and a wait polls it alongside.
  virtual Readiness readiness() = 0;
  virtual Notifier* notifier() { return nullptr; }
  virtual HostWatch host_watch(bool for_write) const;

  // An open directory's handle (for readdir and the *at operations); an invalid Dir otherwise.
  virtual const Dir& dir() const;
  // A node that stands for one of the opening process's own fds (/dev/stdin: 0): the WASI layer
  // then gives the new fd that fd's description instead (see backends/devfs/devfs.h).
  virtual std::optional<uint32_t> alias_fd() const { return std::nullopt; }

 protected:
  Description() = default;
  Description(bool append) : append_(append) {}

 private:
  std::atomic<bool> append_{false};
  std::atomic<bool> nonblocking_{false};
};

using DescriptionPtr = std::shared_ptr<Description>;

}  // namespace wask::vfs
