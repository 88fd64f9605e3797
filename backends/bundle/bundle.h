// bundle: a read-only backend over bytes given at construction, such as the command modules
// compiled into the wask binary (served at /bin). One flat directory of regular files (mode
// 0555); every change answers ReadOnly. The bytes are not copied: they must outlive the backend.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "vfs/backend.h"

namespace wask::backends {

struct BundleFile {
  std::string name;  // one component
  std::span<const std::byte> bytes;
};

class Bundle : public vfs::Backend {
 public:
  // Names must be valid single components and distinct (Invalid otherwise). `mtime_ns` stamps
  // every file and the directory.
  static vfs::Result<std::shared_ptr<Bundle>> create(std::vector<BundleFile> files,
                                                     uint64_t mtime_ns = 0);

  vfs::NodePtr root() override { return root_; }
  std::string_view kind() const override { return "bundle"; }
  bool read_only() const override { return true; }

 private:
  explicit Bundle(vfs::NodePtr root) : root_(std::move(root)) {}
  vfs::NodePtr root_;
};

}  // namespace wask::backends
