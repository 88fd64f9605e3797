#include "vfs/position.h"

namespace wask::vfs {

Frame::~Frame() {
  std::shared_ptr<const Frame> up = std::move(parent);
  // Sole owner of the frame above: take its parent first, so its destructor has nothing to do.
  while (up && up.use_count() == 1) {
    std::shared_ptr<const Frame> next = std::move(const_cast<Frame&>(*up).parent);
    up = std::move(next);
  }
}

Result<Position> position_of(const Frame& frame) {
  if (frame.synthetic) return Position{nullptr, nullptr, frame.tree, frame.name};
  if (NodePtr node = frame.node.lock()) return Position{frame.mount, node, frame.tree, frame.name};
  // Up to the nearest frame whose node is alive (at worst the mount's root), then down by name.
  std::vector<const Frame*> down;
  NodePtr node;
  for (const Frame* at = &frame; at; at = at->parent.get()) {
    if (at->synthetic || at->mount != frame.mount) return Errc::NoEntry;
    if ((node = at->node.lock())) break;
    down.push_back(at);
  }
  if (!node) return Errc::NoEntry;
  for (auto it = down.rbegin(); it != down.rend(); ++it) {
    auto next = node->lookup((*it)->name);
    if (!next) return Errc::NoEntry;
    if ((*next)->type() != FileType::Directory) return Errc::NoEntry;
    node = std::move(*next);
  }
  return Position{frame.mount, std::move(node), frame.tree, frame.name};
}

}  // namespace wask::vfs
