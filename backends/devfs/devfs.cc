#include "backends/devfs/devfs.h"

#include <sys/random.h>

#include <array>
#include <chrono>
#include <cstring>
#include <mutex>
#include <random>
#include <string_view>
#include <vector>

namespace wask::backends {

namespace {

using vfs::Errc;
using vfs::Result;

enum class Device : uint8_t { Null, Zero, Urandom, Stdin, Stdout, Stderr };

struct DeviceInfo {
  std::string_view name;
  Device device;
};
// clang-format off
constexpr std::array<DeviceInfo, 6> kDevices{{
    {"null", Device::Null}, {"zero", Device::Zero}, {"urandom", Device::Urandom},
    {"stdin", Device::Stdin}, {"stdout", Device::Stdout}, {"stderr", Device::Stderr},
}};
// clang-format on
constexpr uint64_t kRootIno = 1;

// A seed from the host's getrandom: std::random_device probes the CPU (CPUID) first, which costs
// a virtual machine about 13 us, a hundredth of an empty program's run.
uint64_t random_seed() {
  uint64_t seed = 0;
  if (::getrandom(&seed, sizeof seed, 0) == sizeof seed) return seed;
  return std::random_device{}();
}

// What the whole backend shares: the clock and urandom's generator.
struct Shared {
  std::function<uint64_t()> clock;
  std::optional<uint64_t> seed;
  std::mutex mu;  // guards rng
  std::mt19937_64 rng;

  uint64_t now() const {
    if (clock) return clock();
    return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count());
  }
  void fill_random(std::span<std::byte> out) {
    if (!seed) {
      size_t done = 0;
      while (done < out.size()) {
        ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
        if (n <= 0) break;
        done += size_t(n);
      }
      if (done == out.size()) return;
      out = out.subspan(done);  // no entropy source: the generator fills the rest
    }
    std::lock_guard lock(mu);
    for (size_t i = 0; i < out.size(); i += 8) {
      uint64_t v = rng();
      std::memcpy(out.data() + i, &v, std::min<size_t>(8, out.size() - i));
    }
  }
};

class DeviceHandle : public vfs::FileHandle {
 public:
  DeviceHandle(Device d, std::shared_ptr<Shared> shared, vfs::Stat st)
      : device_(d), shared_(std::move(shared)), stat_(st) {}
  Result<size_t> read(uint64_t, std::span<std::byte> out) override {
    switch (device_) {
      case Device::Null:
        return size_t{0};
      case Device::Zero:
        std::memset(out.data(), 0, out.size());
        return out.size();
      case Device::Urandom:
        shared_->fill_random(out);
        return out.size();
      default:
        return size_t{0};  // an alias opened outside a process
    }
  }
  Result<size_t> write(uint64_t, std::span<const std::byte> data) override {
    if (device_ == Device::Stdin || device_ == Device::Stdout || device_ == Device::Stderr)
      return Errc::BadDescriptor;
    return data.size();
  }
  Result<void> set_size(uint64_t) override { return {}; }  // O_TRUNC on a device is ignored
  Result<vfs::Stat> stat() override { return stat_; }
  Result<void> sync() override { return {}; }

 private:
  Device device_;
  std::shared_ptr<Shared> shared_;
  vfs::Stat stat_;
};

// Nodes whose names are fixed: every directory change answers `refusal` (EACCES for /dev
// itself, ENOTDIR for a device).
class FixedNode : public vfs::Node {
 public:
  explicit FixedNode(Errc refusal) : refusal_(refusal) {}
  Result<std::string> readlink() override { return Errc::Invalid; }
  Result<vfs::NodePtr> create_file(std::string_view) override { return refusal_; }
  Result<vfs::NodePtr> mkdir(std::string_view) override { return refusal_; }
  Result<void> symlink(std::string_view, std::string_view) override { return refusal_; }
  Result<void> unlink(std::string_view) override { return refusal_; }
  Result<void> rmdir(std::string_view) override { return refusal_; }
  Result<void> rename(std::string_view, vfs::Node&, std::string_view) override { return refusal_; }
  Result<void> link(std::string_view, vfs::Node&, std::string_view) override { return refusal_; }

 private:
  Errc refusal_;
};

class DeviceNode : public FixedNode {
 public:
  DeviceNode(Device d, uint64_t ino, std::shared_ptr<Shared> shared)
      : FixedNode(Errc::NotDirectory), device_(d), ino_(ino), shared_(std::move(shared)) {
    times_ = shared_->now();
  }
  vfs::FileType type() override { return vfs::FileType::CharDevice; }
  Result<vfs::Stat> stat() override {
    std::lock_guard lock(mu_);
    vfs::Stat st;
    st.ino = ino_;
    st.type = vfs::FileType::CharDevice;
    st.mode = 0666;
    st.atime_ns = atime_ ? atime_ : times_;
    st.mtime_ns = mtime_ ? mtime_ : times_;
    st.ctime_ns = times_;
    return st;
  }
  Result<void> set_times(vfs::TimeChange atime, vfs::TimeChange mtime) override {
    std::lock_guard lock(mu_);
    auto apply = [&](vfs::TimeChange c, uint64_t& slot) {
      if (c.kind == vfs::TimeChange::Kind::Now) slot = shared_->now();
      if (c.kind == vfs::TimeChange::Kind::Set) slot = c.ns;
    };
    apply(atime, atime_);
    apply(mtime, mtime_);
    return {};
  }
  Result<std::shared_ptr<vfs::FileHandle>> open(vfs::OpenMode) override {
    auto st = stat();
    return std::shared_ptr<vfs::FileHandle>(std::make_shared<DeviceHandle>(device_, shared_, *st));
  }
  std::optional<uint32_t> alias_fd() const override {
    switch (device_) {
      case Device::Stdin:
        return 0;
      case Device::Stdout:
        return 1;
      case Device::Stderr:
        return 2;
      default:
        return std::nullopt;
    }
  }
  Result<vfs::NodePtr> lookup(std::string_view) override { return Errc::NotDirectory; }
  Result<std::vector<vfs::DirEntry>> readdir(uint64_t, size_t) override {
    return Errc::NotDirectory;
  }

 private:
  Device device_;
  uint64_t ino_;
  std::shared_ptr<Shared> shared_;
  std::mutex mu_;
  uint64_t times_ = 0, atime_ = 0, mtime_ = 0;
};

class RootNode : public FixedNode {
 public:
  explicit RootNode(std::shared_ptr<Shared> shared)
      : FixedNode(Errc::Access), shared_(std::move(shared)) {
    times_ = shared_->now();
    for (size_t i = 0; i < kDevices.size(); ++i)
      devices_.push_back(
          std::make_shared<DeviceNode>(kDevices[i].device, kRootIno + 1 + i, shared_));
  }
  vfs::FileType type() override { return vfs::FileType::Directory; }
  Result<vfs::Stat> stat() override {
    vfs::Stat st;
    st.ino = kRootIno;
    st.type = vfs::FileType::Directory;
    st.mode = 0755;
    st.nlink = 2;
    st.atime_ns = st.mtime_ns = st.ctime_ns = times_;
    return st;
  }
  Result<void> set_times(vfs::TimeChange, vfs::TimeChange) override { return Errc::Access; }
  Result<std::shared_ptr<vfs::FileHandle>> open(vfs::OpenMode) override {
    return Errc::IsDirectory;
  }
  Result<vfs::NodePtr> lookup(std::string_view name) override {
    for (size_t i = 0; i < kDevices.size(); ++i)
      if (kDevices[i].name == name) return vfs::NodePtr(devices_[i]);
    return Errc::NoEntry;
  }
  Result<std::vector<vfs::DirEntry>> readdir(uint64_t cookie, size_t max_entries) override {
    std::vector<vfs::DirEntry> out;
    for (uint64_t i = cookie; i < kDevices.size() && out.size() < max_entries; ++i)
      out.push_back(
          {std::string(kDevices[i].name), kRootIno + 1 + i, vfs::FileType::CharDevice, i + 1});
    return out;
  }

 private:
  std::shared_ptr<Shared> shared_;
  uint64_t times_ = 0;
  std::vector<vfs::NodePtr> devices_;
};

class Devfs : public vfs::Backend {
 public:
  explicit Devfs(DevfsOptions options) {
    auto shared = std::make_shared<Shared>();
    shared->clock = std::move(options.clock);
    shared->seed = options.seed;
    shared->rng.seed(options.seed ? *options.seed : random_seed());
    root_ = std::make_shared<RootNode>(std::move(shared));
  }
  vfs::NodePtr root() override { return root_; }
  std::string_view kind() const override { return "devfs"; }
  bool read_only() const override { return false; }  // the devices take writes

 private:
  vfs::NodePtr root_;
};

}  // namespace

std::shared_ptr<vfs::Backend> make_devfs(DevfsOptions options) {
  return std::make_shared<Devfs>(std::move(options));
}

}  // namespace wask::backends
