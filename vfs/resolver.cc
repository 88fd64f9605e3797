// The only code that walks a path. One component at a time, with a stack of (mount, node)
// positions from the VM root: `..` pops (never above the root, or above the start directory when
// confined), a mount point is crossed by looking at the mount tree before the backend, and a
// symlink's text is pushed back onto the components still to walk (absolute: from the VM root).
#include "vfs/resolver.h"

#include <vector>

namespace wask::vfs {

namespace {

// Components of `path` in reverse order (so the next one is at the back), without empty ones.
void push_components(std::string_view path, std::vector<std::string>& pending) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    if (end > pos) parts.emplace_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  pending.insert(pending.end(), parts.rbegin(), parts.rend());
}

Result<void> check_path(std::string_view path) {
  if (path.empty()) return Errc::NoEntry;
  if (path.size() > kMaxPathBytes) return Errc::NameTooLong;
  if (path.find('\0') != std::string_view::npos) return Errc::Invalid;
  return {};
}

}  // namespace

bool is_directory(const Position& p) {
  if (p.synthetic()) return true;
  if (p.mount && p.node == p.mount->root()) return true;
  return p.node->type() == FileType::Directory;
}

PositionStack Resolved::node_stack() const {
  PositionStack out = stack;
  if (!name.empty()) out.push_back(*node);
  return out;
}

PositionStack Resolver::root_stack() const {
  const auto& tree = table_.root();
  Position root;
  root.tree = tree;
  if (tree->mount) {
    root.mount = tree->mount;
    root.node = tree->mount->root();
  }
  return PositionStack(std::move(root));
}

PositionStack Resolver::start_stack(const Dir& dir) const {
  if (!dir.valid()) return root_stack();
  const DirState& state = *dir.state();
  return PositionStack(state.frame, refreshed(state.here, *state.frame));
}

Position Resolver::refreshed(Position p, const Frame& frame) const {
  std::shared_ptr<MountTreeNode> tree;
  if (frame.depth - 1 <= table_.deepest()) {
    // Within the mount tree's reach: follow the names from the root (a few levels at most).
    std::vector<const std::string*> names;
    for (const Frame* at = &frame; at->parent; at = at->parent.get()) names.push_back(&at->name);
    tree = table_.root();
    for (auto it = names.rbegin(); it != names.rend() && tree; ++it) tree = tree->child_ptr(**it);
  }
  // A position left from an older mount table keeps its old (empty) tree node.
  if (tree || !p.synthetic()) p.tree = tree;
  // A synthetic directory that has been mounted over since: step onto the mount.
  if (p.synthetic() && tree && tree->mount) {
    p.mount = tree->mount;
    p.node = tree->mount->root();
  }
  return p;
}

Result<Position> Resolver::step(const Position& dir, std::string_view name) const {
  std::shared_ptr<MountTreeNode> tree_child = dir.tree ? dir.tree->child_ptr(name) : nullptr;
  if (tree_child && tree_child->mount) {
    const auto& mount = tree_child->mount;
    return Position{mount, mount->root(), tree_child, std::string(name)};
  }
  auto synthetic = [&] { return Position{nullptr, nullptr, tree_child, std::string(name)}; };
  if (dir.synthetic()) {
    if (tree_child) return synthetic();
    return Errc::NoEntry;
  }
  auto found = dir.node->lookup(name);
  if (!found) {
    if (found.error() == Errc::NoEntry && tree_child) return synthetic();
    return found.error();
  }
  if (tree_child) {
    // A directory on the way to a mount: the backend's, unless it holds something else there.
    if ((*found)->type() != FileType::Directory) return synthetic();
    return Position{dir.mount, std::move(*found), tree_child, std::string(name)};
  }
  return Position{dir.mount, std::move(*found), nullptr, std::string(name)};
}

Result<Resolved> Resolver::resolve(const Dir& start, std::string_view path, Walk walk) const {
  if (auto ok = check_path(path); !ok) return ok.error();
  bool absolute = path.front() == '/';
  if (absolute && walk.beneath) return Errc::NotCapable;

  Resolved out;
  out.stack = absolute ? root_stack() : start_stack(start);
  // `..` never pops below this depth: the VM root, or the start directory when confined.
  const size_t floor = walk.beneath ? out.stack.size() : 1;
  if (!is_directory(out.stack.back())) return Errc::NotDirectory;

  std::vector<std::string> pending;
  push_components(path, pending);
  bool trailing_slash = path.back() == '/';
  int hops = 0;

  while (!pending.empty()) {
    std::string component = std::move(pending.back());
    pending.pop_back();
    const bool last = pending.empty();
    if (component.size() > kMaxNameBytes) return Errc::NameTooLong;
    if (component == "." || component == "..") {
      if (component == "..") {
        if (out.stack.size() > floor) {
          auto popped = out.stack.pop_back(
              [this](Position p, const Frame& f) { return refreshed(std::move(p), f); });
          if (!popped) return popped.error();
        } else if (walk.beneath) {
          return Errc::NotCapable;
        }
      }
      if (last) {
        out.last = component;
        break;
      }
      continue;
    }

    Position& here = out.stack.back();
    if (last && walk.defer_last && !here.synthetic() &&
        !(here.tree && here.tree->child_ptr(component))) {
      out.name = component;
      out.last = std::move(component);
      out.trailing_slash = trailing_slash;
      out.deferred = true;
      return out;
    }
    auto child = step(here, component);
    if (!child) {
      if (child.error() == Errc::NoEntry && last && walk.parent) {
        out.name = component;
        out.last = std::move(component);
        out.trailing_slash = trailing_slash;
        return out;
      }
      return child.error();
    }

    bool is_symlink = !child->synthetic() && child->node->type() == FileType::Symlink;
    bool follow = !last || trailing_slash || walk.follow_last;
    if (is_symlink && last && walk.parent && !walk.follow_last) follow = false;
    if (is_symlink && follow) {
      if (++hops > kMaxSymlinkHops) return Errc::Loop;
      auto target = child->node->readlink();
      if (!target) return target.error();
      if (target->empty()) return Errc::NoEntry;
      if (target->size() > kMaxPathBytes) return Errc::NameTooLong;
      if (target->find('\0') != std::string::npos) return Errc::Invalid;
      if (target->front() == '/') {
        if (walk.beneath) return Errc::NotCapable;
        out.stack = root_stack();
      }
      if (last && target->back() == '/') trailing_slash = true;
      push_components(*target, pending);  // a target of "/" alone leaves us at the root
      continue;
    }

    if (last) {
      out.name = component;
      out.last = std::move(component);
      out.trailing_slash = trailing_slash;
      if (!walk.parent && trailing_slash && !is_directory(*child)) return Errc::NotDirectory;
      out.node = std::move(*child);
      return out;
    }
    if (!is_directory(*child)) return Errc::NotDirectory;
    out.stack.push_back(std::move(*child));
  }

  // The path ended at a directory itself: "/", ".", "..", or a symlink to "/".
  out.node = out.stack.back();
  out.trailing_slash = trailing_slash;
  return out;
}

}  // namespace wask::vfs
