#include "vfs/dir.h"

#include "vfs/position.h"

namespace wask::vfs {

std::string Dir::path() const {
  if (!state_ || !state_->frame->parent) return "/";
  std::vector<const std::string*> names;
  size_t size = 0;
  for (const Frame* at = state_->frame.get(); at->parent; at = at->parent.get()) {
    names.push_back(&at->name);
    size += at->name.size() + 1;
  }
  std::string out;
  out.reserve(size);
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    out += '/';
    out += **it;
  }
  return out;
}

bool Dir::same_place(const Dir& other) const {
  if (!state_ || !other.state_) return state_ == other.state_;
  const Position& a = state_->here;
  const Position& b = other.state_->here;
  if (a.synthetic() || b.synthetic()) return a.synthetic() && b.synthetic() && a.tree == b.tree;
  return a.mount == b.mount && a.node == b.node;
}

}  // namespace wask::vfs
