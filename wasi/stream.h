// The host's stdio as open descriptions (vfs/description.h): fds 0, 1 and 2 of `wask run`. Host
// stdio is not file access, so it lives here and not in the VFS. A host stream has no offset
// (seek is ESPIPE); it is a character device when it is a terminal and of unknown type otherwise,
// as in wasmtime, so a guest's isatty() tells the truth. A blocking read waits in poll(2) together
// with the process's Cancel, so a kill or timeout wakes it.
#pragma once

#include <memory>

#include "vfs/description.h"
#include "vfs/memory_io.h"

namespace wask::wasi {

// Older names, kept for the callers that predate vfs::Description.
using Stream = vfs::Description;
using BufferStream = vfs::MemoryStream;

// A host file descriptor (the process's stdin/stdout/stderr). Does not own it.
vfs::DescriptionPtr host_fd_stream(int host_fd, bool readable, bool writable);

// Reads nothing and swallows writes (a closed stdin, a discarded stdout).
inline vfs::DescriptionPtr null_stream() { return vfs::null_description(); }

}  // namespace wask::wasi
