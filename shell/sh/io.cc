// Streams over VFS files, the shell's pipe, and the capture of command substitutions.
#include "shell/sh/io.h"

#include <condition_variable>
#include <cstring>
#include <deque>

#include "wasi/errno_map.h"

namespace wask::shell::sh {

StreamPtr Fds::get(int fd) const {
  auto it = map_.find(fd);
  return it == map_.end() ? nullptr : it->second;
}

void Fds::set(int fd, StreamPtr stream) {
  if (stream)
    map_[fd] = std::move(stream);
  else
    map_.erase(fd);
}

namespace {

class FileStream : public wasi::Stream {
 public:
  explicit FileStream(std::shared_ptr<vfs::OpenFile> file) : file_(std::move(file)) {}
  bool readable() const override { return file_->readable(); }
  bool writable() const override { return file_->writable(); }
  wasi::Expected<size_t> read(std::span<uint8_t> out) override {
    auto n = file_->read(std::as_writable_bytes(out));
    if (!n) return wasi::to_errno(n.error());
    return *n;
  }
  wasi::Expected<size_t> write(std::span<const uint8_t> data) override {
    auto n = file_->write(std::as_bytes(data));
    if (!n) return wasi::to_errno(n.error());
    return *n;
  }
  bool wait_readable(std::optional<uint64_t>) override { return true; }
  wasi::Filetype filetype() const override {
    return file_->is_directory() ? wasi::Filetype::Directory : wasi::Filetype::RegularFile;
  }

 private:
  std::shared_ptr<vfs::OpenFile> file_;
};

struct PipeCore {
  std::mutex mu;
  std::condition_variable changed;
  std::deque<uint8_t> buffer;
  size_t capacity;
  bool reader_open = true, writer_open = true;
  explicit PipeCore(size_t cap) : capacity(cap) {}
};

class PipeReader : public wasi::Stream {
 public:
  explicit PipeReader(std::shared_ptr<PipeCore> core) : core_(std::move(core)) {}
  ~PipeReader() override {
    std::lock_guard lock(core_->mu);
    core_->reader_open = false;
    core_->buffer.clear();
    core_->changed.notify_all();
  }
  bool readable() const override { return true; }
  bool writable() const override { return false; }
  wasi::Expected<size_t> read(std::span<uint8_t> out) override {
    std::unique_lock lock(core_->mu);
    core_->changed.wait(lock, [&] { return !core_->buffer.empty() || !core_->writer_open; });
    size_t n = std::min(out.size(), core_->buffer.size());
    std::copy_n(core_->buffer.begin(), n, out.begin());
    core_->buffer.erase(core_->buffer.begin(), core_->buffer.begin() + n);
    core_->changed.notify_all();
    return n;
  }
  wasi::Expected<size_t> write(std::span<const uint8_t>) override { return wasi::Errno::BadF; }
  bool wait_readable(std::optional<uint64_t> timeout_ns) override {
    std::unique_lock lock(core_->mu);
    auto ready = [&] { return !core_->buffer.empty() || !core_->writer_open; };
    if (!timeout_ns) {
      core_->changed.wait(lock, ready);
      return true;
    }
    return core_->changed.wait_for(lock, std::chrono::nanoseconds(*timeout_ns), ready);
  }
  uint64_t available() const override {
    std::lock_guard lock(core_->mu);
    return core_->buffer.size();
  }
  wasi::Filetype filetype() const override { return wasi::Filetype::Unknown; }

 private:
  std::shared_ptr<PipeCore> core_;
};

class PipeWriter : public wasi::Stream {
 public:
  explicit PipeWriter(std::shared_ptr<PipeCore> core) : core_(std::move(core)) {}
  ~PipeWriter() override {
    std::lock_guard lock(core_->mu);
    core_->writer_open = false;
    core_->changed.notify_all();
  }
  bool readable() const override { return false; }
  bool writable() const override { return true; }
  wasi::Expected<size_t> read(std::span<uint8_t>) override { return wasi::Errno::BadF; }
  wasi::Expected<size_t> write(std::span<const uint8_t> data) override {
    std::unique_lock lock(core_->mu);
    size_t done = 0;
    while (done < data.size()) {
      core_->changed.wait(
          lock, [&] { return !core_->reader_open || core_->buffer.size() < core_->capacity; });
      if (!core_->reader_open) return wasi::Errno::Pipe;
      size_t n = std::min(data.size() - done, core_->capacity - core_->buffer.size());
      core_->buffer.insert(core_->buffer.end(), data.begin() + done, data.begin() + done + n);
      done += n;
      core_->changed.notify_all();
    }
    return done;
  }
  bool wait_readable(std::optional<uint64_t>) override { return true; }
  wasi::Filetype filetype() const override { return wasi::Filetype::Unknown; }

 private:
  std::shared_ptr<PipeCore> core_;
};

}  // namespace

StreamPtr file_stream(std::shared_ptr<vfs::OpenFile> file) {
  return std::make_shared<FileStream>(std::move(file));
}

PipeEnds make_pipe(size_t capacity) {
  auto core = std::make_shared<PipeCore>(capacity);
  return {std::make_shared<PipeReader>(core), std::make_shared<PipeWriter>(core)};
}

wasi::Expected<size_t> CaptureStream::write(std::span<const uint8_t> data) {
  std::lock_guard lock(mu_);
  if (out_.size() + data.size() > limit_) return wasi::Errno::FBig;
  out_.append(reinterpret_cast<const char*>(data.data()), data.size());
  return data.size();
}

std::string CaptureStream::take() {
  std::lock_guard lock(mu_);
  return std::move(out_);
}

wasi::Errno write_all(wasi::Stream& stream, std::string_view text) {
  auto bytes = std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  while (!bytes.empty()) {
    auto n = stream.write(bytes);
    if (!n) return n.error();
    if (*n == 0) return wasi::Errno::IO;
    bytes = bytes.subspan(*n);
  }
  return wasi::Errno::Success;
}

}  // namespace wask::shell::sh
