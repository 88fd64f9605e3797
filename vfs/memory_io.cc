#include "vfs/memory_io.h"

#include <algorithm>
#include <cstring>

namespace wask::vfs {

namespace {

Stat char_device_stat() {
  Stat st;
  st.type = FileType::CharDevice;
  return st;
}

class CallbackSink : public Description {
 public:
  explicit CallbackSink(ChunkCallback on_chunk) : on_chunk_(std::move(on_chunk)) {}
  FileType type() const override { return FileType::CharDevice; }
  bool readable() const override { return false; }
  bool writable() const override { return true; }
  Result<size_t> read(std::span<std::byte>, Cancel*) override { return Errc::BadDescriptor; }
  Result<size_t> write(std::span<const std::byte> data, Cancel*) override {
    std::lock_guard lock(mu_);
    if (on_chunk_ && !data.empty()) on_chunk_(data);
    return data.size();
  }
  Result<Stat> stat() override { return char_device_stat(); }
  Readiness readiness() override { return {.writable = true, .room = kRoom}; }

 private:
  static constexpr uint64_t kRoom = 64 * 1024;
  std::mutex mu_;
  ChunkCallback on_chunk_;
};

class NullDescription : public Description {
 public:
  FileType type() const override { return FileType::CharDevice; }
  bool readable() const override { return true; }
  bool writable() const override { return true; }
  Result<size_t> read(std::span<std::byte>, Cancel*) override { return size_t{0}; }
  Result<size_t> write(std::span<const std::byte> data, Cancel*) override { return data.size(); }
  Result<Stat> stat() override { return char_device_stat(); }
  Readiness readiness() override { return {.readable = true, .writable = true, .room = 65536}; }
};

}  // namespace

Result<size_t> MemoryStream::read(std::span<std::byte> out, Cancel*) {
  if (!readable_) return Errc::BadDescriptor;
  std::lock_guard lock(mu_);
  size_t n = std::min(out.size(), input_.size() - read_pos_);
  if (n) std::memcpy(out.data(), input_.data() + read_pos_, n);
  read_pos_ += n;
  return n;
}

Result<size_t> MemoryStream::write(std::span<const std::byte> data, Cancel*) {
  if (!writable_) return Errc::BadDescriptor;
  std::lock_guard lock(mu_);
  output_.append(reinterpret_cast<const char*>(data.data()), data.size());
  return data.size();
}

Result<Stat> MemoryStream::stat() { return char_device_stat(); }

Readiness MemoryStream::readiness() {
  std::lock_guard lock(mu_);
  return {.readable = readable_,
          .writable = writable_,
          .nbytes = input_.size() - read_pos_,
          .room = writable_ ? 65536u : 0u};
}

std::string MemoryStream::output() const {
  std::lock_guard lock(mu_);
  return output_;
}

std::shared_ptr<MemoryStream> source_of(std::string bytes) {
  return std::make_shared<MemoryStream>(std::move(bytes), true, false);
}
std::shared_ptr<MemoryStream> collecting_sink() {
  return std::make_shared<MemoryStream>(std::string(), false, true);
}
DescriptionPtr callback_sink(ChunkCallback on_chunk) {
  return std::make_shared<CallbackSink>(std::move(on_chunk));
}
DescriptionPtr null_description() { return std::make_shared<NullDescription>(); }

}  // namespace wask::vfs
