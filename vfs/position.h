// Internal to vfs/: a place in the VM's namespace as the resolver sees it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "vfs/backend.h"
#include "vfs/mount_table.h"

namespace wask::vfs {

// A backend node inside a mount, or a synthetic directory of the mount tree (node == null).
struct Position {
  std::shared_ptr<Mount> mount;         // null when synthetic
  NodePtr node;                         // null when synthetic
  std::shared_ptr<MountTreeNode> tree;  // the mount-tree node at exactly this path, if any
  std::string name;                     // the component that led here ("" for the root)

  bool synthetic() const { return node == nullptr; }
  uint64_t dev() const { return mount ? mount->id() : 0; }
};

// From the VM root (front) to the current directory (back); `..` pops.
using PositionStack = std::vector<Position>;

struct DirState {
  PositionStack stack;        // never empty
  std::shared_ptr<void> pin;  // keeps the last position's mount mounted
};

}  // namespace wask::vfs
