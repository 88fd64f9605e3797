// devfs: the /dev of every VM. A fixed directory of character devices:
//   null     reads end at once, writes are swallowed
//   zero     reads give zero bytes, writes are swallowed
//   urandom  reads give random bytes: the host's getrandom, or, with a seed (deterministic VMs),
//            a generator seeded with it, so two runs read the same bytes
//   stdin, stdout, stderr
//            alias nodes (Node::alias_fd: 0, 1, 2): the WASI layer answers path_open of one with
//            a new fd sharing the opening process's own fd 0/1/2 description, as Linux's
//            /dev/stdin does (through /proc/self/fd). Opened outside a process (the Vfs API),
//            they read nothing and refuse writes (EBADF).
// Names cannot be created, removed or renamed (EACCES, as for a non-root user); the devices'
// times can be set (they are kept in memory), sizes cannot (they stay 0).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "vfs/backend.h"

namespace wask::backends {

struct DevfsOptions {
  std::optional<uint64_t> seed;  // urandom's seed; none: the host's randomness
  // ns since the epoch, for the nodes' times; default: the system clock.
  std::function<uint64_t()> clock = {};
};

std::shared_ptr<vfs::Backend> make_devfs(DevfsOptions options = {});

}  // namespace wask::backends
