#include "vfs/mount_table.h"

#include <algorithm>

namespace wask::vfs {

namespace {

// Releases one pin when the last holder lets go.
struct MountPin {
  std::shared_ptr<Mount> keep;  // holders may outlive the Vfs
  std::atomic<uint64_t>* pins = nullptr;
  ~MountPin() {
    if (pins) pins->fetch_sub(1);
  }
};

}  // namespace

std::shared_ptr<void> Mount::pin() {
  auto pin = std::make_shared<MountPin>();
  pin->keep = shared_from_this();
  pin->pins = &pins_;
  pins_.fetch_add(1);
  return pin;
}

const MountTreeNode* MountTreeNode::child(std::string_view name) const {
  auto it = children.find(name);
  return it == children.end() ? nullptr : it->second.get();
}

std::shared_ptr<MountTreeNode> MountTreeNode::child_ptr(std::string_view name) const {
  auto it = children.find(name);
  return it == children.end() ? nullptr : it->second;
}

MountTable::MountTable(std::function<uint64_t()> clock)
    : clock_(std::move(clock)), root_(std::make_shared<MountTreeNode>()) {
  root_->ino = next_synthetic_ino_++;
  root_->created_ns = clock_();
}

Result<std::vector<std::string>> MountTable::split_mount_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return Errc::Invalid;
  if (path.size() > 4096) return Errc::NameTooLong;
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty()) continue;
    if (part == "." || part == "..") return Errc::Invalid;
    if (part.find('\0') != std::string_view::npos) return Errc::Invalid;
    if (part.size() > 255) return Errc::NameTooLong;
    out.emplace_back(part);
  }
  return out;
}

Result<std::shared_ptr<Mount>> MountTable::mount(std::string_view path,
                                                 std::shared_ptr<Backend> backend, bool read_only) {
  if (!backend || !backend->root()) return Errc::Invalid;
  auto parts = split_mount_path(path);
  if (!parts) return parts.error();
  // Find or make the tree nodes down to the mount point; undo the new ones on failure.
  std::shared_ptr<MountTreeNode> node = root_;
  for (const auto& part : *parts) {
    auto& slot = node->children[part];
    if (!slot) {
      slot = std::make_shared<MountTreeNode>();
      slot->ino = next_synthetic_ino_++;
      slot->created_ns = clock_();
    }
    node = slot;
  }
  if (node->mount) return Errc::Exists;
  std::string canonical(parts->empty() ? 1 : 0, '/');  // "/" for the root
  for (const auto& part : *parts) {
    canonical += '/';
    canonical += part;
  }
  node->mount = std::make_shared<Mount>(next_mount_id_++, canonical, std::move(backend), read_only);
  deepest_ = std::max(deepest_, parts->size());
  return node->mount;
}

Result<void> MountTable::unmount(std::string_view path) {
  auto parts = split_mount_path(path);
  if (!parts) return parts.error();
  std::vector<std::shared_ptr<MountTreeNode>> chain{root_};
  for (const auto& part : *parts) {
    auto next = chain.back()->child_ptr(part);
    if (!next) return Errc::Invalid;
    chain.push_back(std::move(next));
  }
  auto& target = chain.back();
  if (!target->mount) return Errc::Invalid;
  if (!target->children.empty()) return Errc::Busy;  // another mount lies beneath
  if (target->mount->pins() != 0) return Errc::Busy;
  target->mount.reset();
  // Prune synthetic directories that no longer lead to a mount.
  for (size_t i = chain.size() - 1; i > 0; --i) {
    if (chain[i]->mount || !chain[i]->children.empty()) break;
    chain[i - 1]->children.erase((*parts)[i - 1]);
  }
  return {};
}

std::vector<std::shared_ptr<Mount>> MountTable::mounts() const {
  std::vector<std::shared_ptr<Mount>> out;
  std::vector<const MountTreeNode*> todo{root_.get()};
  while (!todo.empty()) {
    const MountTreeNode* node = todo.back();
    todo.pop_back();
    if (node->mount) out.push_back(node->mount);
    for (const auto& [name, child] : node->children) todo.push_back(child.get());
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a->path() < b->path(); });
  return out;
}

std::pair<std::shared_ptr<Mount>, size_t> MountTable::longest_prefix(
    const std::vector<std::string>& components) const {
  std::pair<std::shared_ptr<Mount>, size_t> best{root_->mount, 0};
  const MountTreeNode* node = root_.get();
  for (size_t i = 0; i < components.size(); ++i) {
    node = node->child(components[i]);
    if (node == nullptr) break;
    if (node->mount) best = {node->mount, i + 1};
  }
  return best;
}

std::shared_ptr<MountTreeNode> MountTable::find(const std::vector<std::string>& components) const {
  std::shared_ptr<MountTreeNode> node = root_;
  for (const auto& part : components) {
    node = node->child_ptr(part);
    if (!node) return nullptr;
  }
  return node;
}

}  // namespace wask::vfs
