// Small translations between the VFS's vocabulary and preview1's, shared by the fd and path calls.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "vfs/backend.h"
#include "wasi/abi.h"
#include "wasi/errno_map.h"
#include "wasi/guest_memory.h"

namespace wask::wasi {

Filetype to_filetype(vfs::FileType type);
Filestat to_filestat(const vfs::Stat& st);
// The two timestamps of a set_times call; EINVAL if a time is both given and "now".
Errno to_time_changes(Timestamp atim, Timestamp mtim, FstFlags flags, vfs::TimeChange& atime,
                      vfs::TimeChange& mtime);
// Lexically normalised: "/a//./b/../c" -> "/a/c" (".." never above "/"), so chains of relative
// opens (`./././x`) never grow an fd's path.
std::string normalise_vm_path(std::string_view path);
// "/mnt" + "a/./b" -> "/mnt/a/b": the normalised VM path an fd came from, for the trace and
// messages.
std::string join_vm_path(std::string_view dir, std::string_view path);

inline std::span<std::byte> as_bytes(std::span<uint8_t> s) {
  return {reinterpret_cast<std::byte*>(s.data()), s.size()};
}

template <class T>
Expected<T> from_vfs(vfs::Result<T>&& r) {
  if (!r) return to_errno(r.error());
  return std::move(*r);
}

}  // namespace wask::wasi
