// Byte streams behind fds 0, 1 and 2: the process's own stdio for `wask run`, buffers for tests.
// A stream is not a file: it has no offset (seek is ESPIPE) and no path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "wasi/abi.h"
#include "wasi/guest_memory.h"

namespace wask::wasi {

class Stream {
 public:
  virtual ~Stream() = default;
  virtual bool readable() const = 0;
  virtual bool writable() const = 0;
  // A short count is not an error; 0 from read means end of input.
  virtual Expected<size_t> read(std::span<uint8_t> out) = 0;
  virtual Expected<size_t> write(std::span<const uint8_t> data) = 0;
  // Waits until a read would not block, up to `timeout_ns` (none = forever). For poll_oneoff.
  virtual bool wait_readable(std::optional<uint64_t> timeout_ns) = 0;
  // Bytes a read can return right now without blocking, if known (poll's nbytes).
  virtual uint64_t available() const { return 0; }
  virtual Filetype filetype() const { return Filetype::CharacterDevice; }
};

// A host file descriptor (the process's stdin/stdout/stderr). Does not own it.
std::shared_ptr<Stream> host_fd_stream(int host_fd, bool readable, bool writable);

// In-memory streams for tests and embedders: `input` is read once; writes accumulate.
class BufferStream : public Stream {
 public:
  explicit BufferStream(std::string input = {}, bool readable = true, bool writable = true)
      : input_(std::move(input)), readable_(readable), writable_(writable) {}
  bool readable() const override { return readable_; }
  bool writable() const override { return writable_; }
  Expected<size_t> read(std::span<uint8_t> out) override;
  Expected<size_t> write(std::span<const uint8_t> data) override;
  bool wait_readable(std::optional<uint64_t>) override { return true; }
  uint64_t available() const override;
  std::string output() const;

 private:
  mutable std::mutex mu_;
  std::string input_;
  size_t read_pos_ = 0;
  std::string output_;
  bool readable_, writable_;
};

// A stream that reads nothing and swallows writes (a closed stdin, a discarded stdout).
std::shared_ptr<Stream> null_stream();

}  // namespace wask::wasi
