// Internal to vfs/: the one path walker. Call with the mount table's lock held (shared is enough).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "vfs/dir.h"
#include "vfs/errc.h"
#include "vfs/mount_table.h"
#include "vfs/position.h"

namespace wask::vfs {

inline constexpr size_t kMaxPathBytes = 4096;
inline constexpr size_t kMaxNameBytes = 255;
inline constexpr int kMaxSymlinkHops = 40;

struct Walk {
  bool follow_last = true;  // follow a symlink in the last component
  bool beneath = false;     // NotCapable when leaving the start directory
  // Parent mode: the last component may be missing (for create, unlink, rename, ...), and a
  // trailing slash is reported, not enforced.
  bool parent = false;
  // Stat mode: a last component that is a plain name in a backend directory (no mount point
  // there) is not looked up; Resolved::deferred says so, and the caller asks the parent for it
  // (Node::stat_child), which saves the backend a lookup.
  bool defer_last = false;
};

struct Resolved {
  // Down to the directory holding `name`; or, when `name` is empty (the path ended in "/",
  // "." or ".."), down to the node itself.
  PositionStack stack;
  std::string name;
  std::optional<Position> node;  // the entry, if it exists
  std::string last;              // the path's last component as written ("", ".", "..", name)
  bool trailing_slash = false;
  bool deferred = false;  // with Walk::defer_last: `name` was left for the caller to look up

  const Position& parent() const { return stack.back(); }
  // The stack down to the node (requires node).
  PositionStack node_stack() const;
};

class Resolver {
 public:
  explicit Resolver(const MountTable& table) : table_(table) {}

  PositionStack root_stack() const;
  // A directory handle's stack with its mount-tree link brought up to date.
  PositionStack start_stack(const Dir& dir) const;
  // `p` (the position `frame` stands for) with its mount-tree link as the table is now: a
  // synthetic directory mounted over since steps onto the mount. Cheap below the deepest mount.
  Position refreshed(Position p, const Frame& frame) const;
  Result<Resolved> resolve(const Dir& start, std::string_view path, Walk walk) const;
  // One step down from a directory: mount points first, then the backend, then synthetic entries.
  Result<Position> step(const Position& dir, std::string_view name) const;

 private:
  const MountTable& table_;
};

// Whether a position is a directory (synthetic directories and mount roots always are).
bool is_directory(const Position& p);

}  // namespace wask::vfs
