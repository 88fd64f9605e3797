// The mount table: a tree keyed by path component. A tree node either carries a mount (a backend
// attached at that path) or is synthetic (a directory that exists only because a mount lies
// beneath it). Lookups are by longest prefix. Not locked itself: Vfs guards it with its mutex.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vfs/backend.h"
#include "vfs/errc.h"

namespace wask::vfs {

class Mount : public std::enable_shared_from_this<Mount> {
 public:
  Mount(uint64_t id, std::string path, std::shared_ptr<Backend> backend, bool read_only)
      : id_(id), path_(std::move(path)), backend_(std::move(backend)), read_only_(read_only) {}

  uint64_t id() const { return id_; }
  const std::string& path() const { return path_; }
  Backend& backend() const { return *backend_; }
  const NodePtr& root() const { return root_; }
  // The mount option or the backend itself.
  bool read_only() const { return read_only_ || backend_->read_only(); }
  bool option_read_only() const { return read_only_; }

  // Open files and directory handles beneath this mount hold a pin; unmount needs none.
  std::shared_ptr<void> pin();
  uint64_t pins() const { return pins_.load(); }

 private:
  friend class MountTable;
  uint64_t id_;
  std::string path_;
  std::shared_ptr<Backend> backend_;
  NodePtr root_ = backend_->root();
  bool read_only_;
  std::atomic<uint64_t> pins_{0};
};

struct MountTreeNode {
  std::map<std::string, std::shared_ptr<MountTreeNode>, std::less<>> children;
  std::shared_ptr<Mount> mount;  // null: synthetic
  uint64_t ino = 0;              // a synthetic directory's inode number (dev 0)
  uint64_t created_ns = 0;

  const MountTreeNode* child(std::string_view name) const;
  std::shared_ptr<MountTreeNode> child_ptr(std::string_view name) const;
};

class MountTable {
 public:
  explicit MountTable(std::function<uint64_t()> clock);

  // Absolute, lexical paths split into components; Invalid for "."/".." or a relative path.
  static Result<std::vector<std::string>> split_mount_path(std::string_view path);

  Result<std::shared_ptr<Mount>> mount(std::string_view path, std::shared_ptr<Backend> backend,
                                       bool read_only);
  Result<void> unmount(std::string_view path);
  std::vector<std::shared_ptr<Mount>> mounts() const;

  const std::shared_ptr<MountTreeNode>& root() const { return root_; }
  // The deepest mount whose path is a prefix of `components`, and how many components it spans.
  std::pair<std::shared_ptr<Mount>, size_t> longest_prefix(
      const std::vector<std::string>& components) const;
  // The tree node at exactly this path, or null.
  std::shared_ptr<MountTreeNode> find(const std::vector<std::string>& components) const;
  uint64_t now() const { return clock_(); }
  // No tree node lies deeper than this many components (an upper bound: it never shrinks).
  size_t deepest() const { return deepest_; }

 private:
  std::function<uint64_t()> clock_;
  std::shared_ptr<MountTreeNode> root_;
  uint64_t next_mount_id_ = 1;
  uint64_t next_synthetic_ino_ = 1;
  size_t deepest_ = 0;
};

}  // namespace wask::vfs
