#include "vfs/dir.h"

#include "vfs/position.h"

namespace wask::vfs {

std::string Dir::path() const {
  if (!state_ || state_->stack.size() <= 1) return "/";
  std::string out;
  for (size_t i = 1; i < state_->stack.size(); ++i) {
    out += '/';
    out += state_->stack[i].name;
  }
  return out;
}

bool Dir::same_place(const Dir& other) const {
  if (!state_ || !other.state_) return state_ == other.state_;
  const Position& a = state_->stack.back();
  const Position& b = other.state_->stack.back();
  if (a.synthetic() || b.synthetic()) return a.synthetic() && b.synthetic() && a.tree == b.tree;
  return a.mount == b.mount && a.node == b.node;
}

}  // namespace wask::vfs
