// The shell's file descriptors: a table fd -> stream that redirections edit, builtins write
// through and commands inherit. Copying a table shares its descriptions, as fork does.
// The pipe here is the shell's own until the kernel's vfs/pipe.h replaces it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "vfs/open_file.h"
#include "wasi/stream.h"

namespace wask::shell::sh {

using StreamPtr = std::shared_ptr<wasi::Stream>;

class Fds {
 public:
  StreamPtr get(int fd) const;  // null if closed
  void set(int fd, StreamPtr stream);
  void close(int fd) { map_.erase(fd); }
  const std::map<int, StreamPtr>& all() const { return map_; }

 private:
  std::map<int, StreamPtr> map_;
};

// An open VFS file as a stream (reads and writes at its description's offset).
StreamPtr file_stream(std::shared_ptr<vfs::OpenFile> file);

// A bounded pipe: reads block until data or until the write end is gone (EOF); writes block
// while it is full and fail with EPIPE once the read end is gone. Each end closes when its last
// reference goes.
struct PipeEnds {
  StreamPtr read, write;
};
PipeEnds make_pipe(size_t capacity = 64 * 1024);

// Collects what a command substitution writes, up to `limit` bytes (then EFBIG).
class CaptureStream : public wasi::Stream {
 public:
  explicit CaptureStream(size_t limit) : limit_(limit) {}
  bool readable() const override { return false; }
  bool writable() const override { return true; }
  wasi::Expected<size_t> read(std::span<uint8_t>) override { return wasi::Errno::BadF; }
  wasi::Expected<size_t> write(std::span<const uint8_t> data) override;
  bool wait_readable(std::optional<uint64_t>) override { return true; }
  wasi::Filetype filetype() const override { return wasi::Filetype::Unknown; }
  std::string take();

 private:
  std::mutex mu_;
  std::string out_;
  size_t limit_;
};

// Writes all of `text`; the error if the stream refused (EPIPE for a closed pipe).
wasi::Errno write_all(wasi::Stream& stream, std::string_view text);

}  // namespace wask::shell::sh
