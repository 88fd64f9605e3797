// hostfs: one host directory served as a vfs::Backend, confined to it. Every node holds a host
// descriptor (an O_PATH one for directories, symlinks and files) and every operation is a single
// *at call on ONE name with symlinks never followed, so neither "..", nor a host symlink, nor a
// directory renamed on the host during an operation can lead outside the root. Host symlinks are
// handed to the VFS resolver as symlink nodes, which interprets them inside the VM.
//
//   auto fs = backends::Hostfs::create("/srv/session", {.read_only = true});
//   if (fs) vfs.mount("/mnt/session", *fs);
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "vfs/backend.h"
#include "vfs/errc.h"

namespace wask::backends {

// Bounds the memory hostfs spends on directory listings kept between readdir calls (each
// fd_readdir from cookie 0 takes a sorted listing, kept until read to the end). Give one to every
// hostfs of a VM to bound the VM's total; a listing that does not fit is served without being
// kept (a continuing reader then gets a fresh listing from its index). Thread-safe.
class ListingBudget {
 public:
  static constexpr uint64_t kDefaultMaxBytes = uint64_t{64} << 20;  // 64 MiB
  explicit ListingBudget(uint64_t max_bytes = kDefaultMaxBytes) : max_(max_bytes) {}
  bool try_take(uint64_t bytes);
  void give_back(uint64_t bytes) { used_.fetch_sub(bytes); }
  uint64_t used() const { return used_.load(); }
  uint64_t max_bytes() const { return max_; }

 private:
  const uint64_t max_;
  std::atomic<uint64_t> used_{0};
};

struct HostfsOptions {
  bool read_only = false;  // ReadOnly (EROFS) to every change, opening for write included
  // Shared with other backends to bound them together; null: one of its own (the default size).
  std::shared_ptr<ListingBudget> listing_budget = nullptr;
  // Directories kept open (one O_PATH descriptor each) so that walking a path again costs one
  // fstatat per directory, checked against the host every time; 0: none kept.
  size_t dir_cache_entries = 8;
};

class Hostfs final : public vfs::Backend {
 public:
  struct Shared;  // the options, shared with every node; its address identifies the backend

  // NoEntry if `host_root` does not exist, NotDirectory if it is not a directory. The root path
  // itself may go through host symlinks (the embedder chose it); nothing beneath it does.
  static vfs::Result<std::shared_ptr<Hostfs>> create(const std::string& host_root,
                                                     HostfsOptions options = {});

  Hostfs(std::shared_ptr<const Shared> shared, vfs::NodePtr root);  // use create()
  ~Hostfs() override;

  vfs::NodePtr root() override;
  std::string_view kind() const override { return "hostfs"; }
  bool read_only() const override;

 private:
  std::shared_ptr<const Shared> shared_;
  vfs::NodePtr root_;
};

}  // namespace wask::backends
