// In-memory open descriptions for tests and embedders: a source of given bytes, a sink that
// collects what is written, and a sink that hands each written chunk to a callback (how an
// embedder streams a guest's stdout/stderr). None of them blocks.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "vfs/description.h"

namespace wask::vfs {

// Reads `input` once (then end of input) and/or collects writes. Stats as a character device.
class MemoryStream : public Description {
 public:
  explicit MemoryStream(std::string input = {}, bool readable = true, bool writable = true)
      : input_(std::move(input)), readable_(readable), writable_(writable) {}

  FileType type() const override { return FileType::CharDevice; }
  bool readable() const override { return readable_; }
  bool writable() const override { return writable_; }
  Result<size_t> read(std::span<std::byte> out, Cancel* cancel = nullptr) override;
  Result<size_t> write(std::span<const std::byte> data, Cancel* cancel = nullptr) override;
  Result<Stat> stat() override;
  Readiness readiness() override;
  // Everything written so far.
  std::string output() const;

 private:
  mutable std::mutex mu_;
  std::string input_;
  size_t read_pos_ = 0;
  std::string output_;
  bool readable_, writable_;
};

// A source of `bytes` (not writable).
std::shared_ptr<MemoryStream> source_of(std::string bytes);
// A sink that collects (not readable); output() has what was written.
std::shared_ptr<MemoryStream> collecting_sink();
// A sink that calls `on_chunk` with each write's bytes, in order, on the writer's thread (calls
// from several writers are serialised). Not readable.
using ChunkCallback = std::function<void(std::span<const std::byte> chunk)>;
DescriptionPtr callback_sink(ChunkCallback on_chunk);
// Reads nothing (end of input at once) and swallows every write: a closed stdin, /dev/null.
DescriptionPtr null_description();

}  // namespace wask::vfs
