// A directory handle: a place in the VM's namespace to resolve paths from (a cwd, a WASI preopen,
// an open directory). Cheap to copy; copies share one state. While it exists, the mount it lies
// in cannot be unmounted (EBUSY).
#pragma once

#include <memory>
#include <string>

namespace wask::vfs {

struct DirState;  // vfs/position.h: the stack of (mount, node) positions from the VM root

class Dir {
 public:
  Dir() = default;
  explicit Dir(std::shared_ptr<const DirState> state) : state_(std::move(state)) {}

  bool valid() const { return state_ != nullptr; }
  // The VM path this directory was reached by ("/", "/mnt/session/src"), for getcwd and messages.
  // Like a cwd, the handle keeps its directory and its `..` chain if the directory is renamed
  // later.
  std::string path() const;
  // Two handles to the same place in the namespace.
  bool same_place(const Dir& other) const;

  const std::shared_ptr<const DirState>& state() const { return state_; }

 private:
  std::shared_ptr<const DirState> state_;
};

}  // namespace wask::vfs
