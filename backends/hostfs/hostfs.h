// hostfs: one host directory served as a vfs::Backend, confined to it. Every node holds a host
// descriptor (an O_PATH one for directories, symlinks and files) and every operation is a single
// *at call on ONE name with symlinks never followed, so neither "..", nor a host symlink, nor a
// directory renamed on the host during an operation can lead outside the root. Host symlinks are
// handed to the VFS resolver as symlink nodes, which interprets them inside the VM.
//
//   auto fs = backends::Hostfs::create("/srv/session", {.read_only = true});
//   if (fs) vfs.mount("/mnt/session", *fs);
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "vfs/backend.h"
#include "vfs/errc.h"

namespace wask::backends {

struct HostfsOptions {
  bool read_only = false;  // ReadOnly (EROFS) to every change, opening for write included
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
