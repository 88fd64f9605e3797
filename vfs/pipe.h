// Kernel pipes: a bounded buffer between a read end and a write end, each an open description
// (vfs/description.h) that any number of fds, in any processes, may share.
//   - read blocks until data arrives or the last write end closes (then 0: end of input);
//   - write blocks while the buffer is full, and answers BrokenPipe once every read end has
//     closed (so `yes | head -1` ends at once); a write of up to kPipeAtomicWrite bytes lands
//     whole, never interleaved with another writer's;
//   - an end closes when its last reference (shared_ptr) goes;
//   - nonblocking ends answer Again instead of waiting; a Cancel ends a wait with Canceled.
// Nothing busy-waits: waits sleep on the pipe's Notifier (vfs/wait.h).
//
//   auto [r, w] = vfs::make_pipe();
//   std::thread t([w = std::move(w)] { w->write(bytes("hi")); });  // closes w when done
//   r->read(buf);  // "hi", then 0 once t has ended
#pragma once

#include <cstddef>
#include <memory>

#include "vfs/description.h"

namespace wask::vfs {

inline constexpr size_t kPipeCapacity = 64 * 1024;
inline constexpr size_t kPipeAtomicWrite = 4096;  // PIPE_BUF

struct PipeEnds {
  DescriptionPtr read;
  DescriptionPtr write;
};

// A fresh pipe. `capacity` is clamped to at least kPipeAtomicWrite.
PipeEnds make_pipe(size_t capacity = kPipeCapacity);

}  // namespace wask::vfs
