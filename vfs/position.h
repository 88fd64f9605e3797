// Internal to vfs/: a place in the VM's namespace as the resolver sees it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "vfs/backend.h"
#include "vfs/errc.h"
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

// One level of a directory handle's chain from the VM root, shared by every handle beneath it,
// so a handle costs one frame per level it adds, never a copy of the levels above. A frame does
// not keep its node alive (a hostfs node is a host descriptor): only the handle's own directory
// is held; an ancestor whose node has gone is found again by name when `..` reaches it.
struct Frame {
  Frame(const Position& p, std::shared_ptr<const Frame> parent_frame)
      : mount(p.mount),
        node(p.node),
        synthetic(p.synthetic()),
        tree(p.tree),
        name(p.name),
        parent(std::move(parent_frame)),
        depth(parent ? parent->depth + 1 : 1) {}
  ~Frame();  // iterative, so a chain deeper than the host stack can hold still unwinds
  Frame(const Frame&) = delete;
  Frame& operator=(const Frame&) = delete;

  std::shared_ptr<Mount> mount;  // null when synthetic
  std::weak_ptr<Node> node;      // empty when synthetic
  bool synthetic = false;
  std::shared_ptr<MountTreeNode> tree;
  std::string name;
  std::shared_ptr<const Frame> parent;  // null at the VM root
  size_t depth = 1;                     // frames from the root, this one included
};
using FramePtr = std::shared_ptr<const Frame>;

// From the VM root to the current directory: the shared frames of a handle (`base`) below a
// few positions the walk holds itself (`top`, never empty). `..` pops; popping onto a frame
// brings its node back (from the frame, or by name from the nearest ancestor that has one).
class PositionStack {
 public:
  PositionStack() = default;
  explicit PositionStack(Position root) : top_{std::move(root)} {}
  // A handle's directory `here`, whose frame is `frame` (reused unless `here` differs from it).
  PositionStack(FramePtr frame, Position here)
      : base_(frame->parent), first_(std::move(frame)), top_{std::move(here)} {
    if (!matches(*first_, top_.back())) first_.reset();
  }

  size_t size() const { return (base_ ? base_->depth : 0) + top_.size(); }
  const Position& back() const { return top_.back(); }
  Position& back() { return top_.back(); }
  void push_back(Position p) { top_.push_back(std::move(p)); }
  // The position below back(), if any (null at the root).
  const Position* below_back() const { return top_.size() > 1 ? &top_[top_.size() - 2] : nullptr; }
  const FramePtr& base() const { return base_; }
  // The frame top()[0] stands for, if it has one (then a handle made from this stack reuses it).
  const FramePtr& first_frame() const { return first_; }
  const std::vector<Position>& top() const { return top_; }

  // Drops back(); NoEntry if the directory above has gone and cannot be found again by name.
  // `refresh(position, frame)` brings a position's mount-tree link up to date.
  template <class Refresh>
  Result<void> pop_back(Refresh refresh);

 private:
  static bool matches(const Frame& f, const Position& p) {
    return f.tree == p.tree && f.mount == p.mount && f.synthetic == p.synthetic() &&
           (p.synthetic() || f.node.lock() == p.node);
  }
  FramePtr base_;   // the frames below top_[0]
  FramePtr first_;  // top_[0]'s own frame, or null
  std::vector<Position> top_;
};

// What a directory handle (vfs/dir.h) holds: its frame chain and its own node.
struct DirState {
  FramePtr frame;             // never null; frame->node is `here.node`
  Position here;              // the directory itself, node held
  std::shared_ptr<void> pin;  // keeps the directory's mount mounted
};

// A frame's position: its node if still alive, else found again by name from the nearest
// ancestor whose node is (a mount root always is: its Mount holds it). NoEntry if a name on the
// way is gone or no longer a directory.
Result<Position> position_of(const Frame& frame);

template <class Refresh>
Result<void> PositionStack::pop_back(Refresh refresh) {
  if (top_.size() > 1) {
    top_.pop_back();
    return {};
  }
  if (!base_) return {};  // at the root: stays
  auto p = position_of(*base_);
  if (!p) return p.error();
  top_.back() = refresh(std::move(*p), *base_);
  first_ = matches(*base_, top_.back()) ? base_ : nullptr;
  base_ = base_->parent;
  return {};
}

}  // namespace wask::vfs
