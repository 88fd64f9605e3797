#include "vfs/pipe.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

namespace wask::vfs {

namespace {

// The buffer both ends share: a ring of `capacity` bytes.
class PipeCore {
 public:
  explicit PipeCore(size_t capacity) : ring_(std::max(capacity, kPipeAtomicWrite)) {}

  Result<size_t> read(std::span<std::byte> out, bool nonblocking, Cancel* cancel) {
    if (out.empty()) return size_t{0};
    Waiter w;
    Subscription on_pipe(&notifier_, w), on_cancel(cancel ? &cancel->notifier() : nullptr, w);
    for (;;) {
      {
        std::lock_guard lock(mu_);
        if (size_) {
          size_t n = take(out);
          notifier_.notify_all();  // room for writers
          return n;
        }
        if (writers_ == 0) return size_t{0};
      }
      if (nonblocking) return Errc::Again;
      if (cancel && cancel->triggered()) return Errc::Canceled;
      w.wait_until(std::nullopt);
    }
  }

  Result<size_t> write(std::span<const std::byte> data, bool nonblocking, Cancel* cancel) {
    if (data.empty()) {
      std::lock_guard lock(mu_);
      if (readers_ == 0) return Errc::BrokenPipe;
      return size_t{0};
    }
    // A small write waits for room for all of it; a large one moves what fits as it fits.
    const bool atomic = data.size() <= kPipeAtomicWrite;
    Waiter w;
    Subscription on_pipe(&notifier_, w), on_cancel(cancel ? &cancel->notifier() : nullptr, w);
    size_t done = 0;
    for (;;) {
      {
        std::lock_guard lock(mu_);
        if (readers_ == 0) {
          if (done) return done;
          return Errc::BrokenPipe;
        }
        size_t room = ring_.size() - size_;
        if (room && (!atomic || room >= data.size())) {
          done += put(data.subspan(done));
          notifier_.notify_all();  // data for readers
          if (done == data.size()) return done;
        }
      }
      if (nonblocking) return done ? Result<size_t>(done) : Result<size_t>(Errc::Again);
      if (cancel && cancel->triggered()) {
        if (done) return done;
        return Errc::Canceled;
      }
      w.wait_until(std::nullopt);
    }
  }

  Readiness readiness(bool read_end) {
    std::lock_guard lock(mu_);
    Readiness r;
    if (read_end) {
      r.nbytes = size_;
      r.hangup = writers_ == 0;
      r.readable = size_ > 0 || r.hangup;
    } else {
      r.room = ring_.size() - size_;
      r.hangup = readers_ == 0;
      r.writable = r.room >= kPipeAtomicWrite || r.hangup;  // POSIX: room for PIPE_BUF
    }
    return r;
  }

  Stat stat() {
    std::lock_guard lock(mu_);
    Stat st;
    st.ino = reinterpret_cast<uintptr_t>(this);  // differs between live pipes, as it must
    st.type = FileType::Fifo;
    st.mode = 0600;  // as Linux's pipes
    st.size = size_;
    return st;
  }

  void open_end(bool read_end) {
    std::lock_guard lock(mu_);
    ++(read_end ? readers_ : writers_);
  }
  void close_end(bool read_end) {
    {
      std::lock_guard lock(mu_);
      --(read_end ? readers_ : writers_);
    }
    notifier_.notify_all();  // EOF for readers, EPIPE for writers
  }
  Notifier& notifier() { return notifier_; }

 private:
  size_t take(std::span<std::byte> out) {
    size_t n = std::min(out.size(), size_);
    size_t first = std::min(n, ring_.size() - head_);
    std::memcpy(out.data(), ring_.data() + head_, first);
    std::memcpy(out.data() + first, ring_.data(), n - first);
    head_ = (head_ + n) % ring_.size();
    size_ -= n;
    return n;
  }
  size_t put(std::span<const std::byte> in) {
    size_t n = std::min(in.size(), ring_.size() - size_);
    size_t tail = (head_ + size_) % ring_.size();
    size_t first = std::min(n, ring_.size() - tail);
    std::memcpy(ring_.data() + tail, in.data(), first);
    std::memcpy(ring_.data(), in.data() + first, n - first);
    size_ += n;
    return n;
  }

  std::mutex mu_;
  std::vector<std::byte> ring_;
  size_t head_ = 0, size_ = 0;
  int readers_ = 0, writers_ = 0;
  Notifier notifier_;
};

class PipeEnd : public Description {
 public:
  PipeEnd(std::shared_ptr<PipeCore> core, bool read_end)
      : core_(std::move(core)), read_end_(read_end) {
    core_->open_end(read_end_);
  }
  ~PipeEnd() override { core_->close_end(read_end_); }

  FileType type() const override { return FileType::Fifo; }
  bool readable() const override { return read_end_; }
  bool writable() const override { return !read_end_; }
  Result<size_t> read(std::span<std::byte> out, Cancel* cancel) override {
    if (!read_end_) return Errc::BadDescriptor;
    return core_->read(out, nonblocking(), cancel);
  }
  Result<size_t> write(std::span<const std::byte> data, Cancel* cancel) override {
    if (read_end_) return Errc::BadDescriptor;
    return core_->write(data, nonblocking(), cancel);
  }
  Result<Stat> stat() override { return core_->stat(); }
  Readiness readiness() override { return core_->readiness(read_end_); }
  Notifier* notifier() override { return &core_->notifier(); }

 private:
  std::shared_ptr<PipeCore> core_;
  bool read_end_;
};

}  // namespace

PipeEnds make_pipe(size_t capacity) {
  auto core = std::make_shared<PipeCore>(capacity);
  return {std::make_shared<PipeEnd>(core, true), std::make_shared<PipeEnd>(core, false)};
}

}  // namespace wask::vfs
