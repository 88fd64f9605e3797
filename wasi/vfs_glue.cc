#include "wasi/vfs_glue.h"

#include <algorithm>

namespace wask::wasi {

Filetype to_filetype(vfs::FileType type) {
  switch (type) {
    case vfs::FileType::Regular:
      return Filetype::RegularFile;
    case vfs::FileType::Directory:
      return Filetype::Directory;
    case vfs::FileType::Symlink:
      return Filetype::SymbolicLink;
    case vfs::FileType::CharDevice:
      return Filetype::CharacterDevice;
    case vfs::FileType::BlockDevice:
      return Filetype::BlockDevice;
    case vfs::FileType::Socket:
      return Filetype::SocketStream;
    case vfs::FileType::Fifo:  // preview1 has no fifo type; wasmtime says unknown too
    case vfs::FileType::Unknown:
      return Filetype::Unknown;
  }
  return Filetype::Unknown;
}

Filestat to_filestat(const vfs::Stat& st) {
  Filestat out{};
  out.dev = st.dev;
  out.ino = st.ino;
  out.filetype = to_filetype(st.type);
  out.nlink = st.nlink;
  out.size = st.size;
  out.atim = st.atime_ns;
  out.mtim = st.mtime_ns;
  out.ctim = st.ctime_ns;
  return out;
}

Errno to_time_changes(Timestamp atim, Timestamp mtim, FstFlags flags, vfs::TimeChange& atime,
                      vfs::TimeChange& mtime) {
  if (flags.has(fstflag::ATIM) && flags.has(fstflag::ATIM_NOW)) return Errno::Inval;
  if (flags.has(fstflag::MTIM) && flags.has(fstflag::MTIM_NOW)) return Errno::Inval;
  atime = flags.has(fstflag::ATIM_NOW) ? vfs::TimeChange::now()
          : flags.has(fstflag::ATIM)   ? vfs::TimeChange::set(atim)
                                       : vfs::TimeChange::leave();
  mtime = flags.has(fstflag::MTIM_NOW) ? vfs::TimeChange::now()
          : flags.has(fstflag::MTIM)   ? vfs::TimeChange::set(mtim)
                                       : vfs::TimeChange::leave();
  return Errno::Success;
}

std::string normalise_vm_path(std::string_view path) {
  std::string out;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = std::min(path.find('/', pos), path.size());
    std::string_view part = path.substr(pos, end - pos);
    if (part == "..") {
      out.resize(out.empty() ? 0 : out.rfind('/'));
    } else if (!part.empty() && part != ".") {
      out += '/';
      out += part;
    }
    pos = end + 1;
  }
  return out.empty() ? "/" : out;
}

std::string join_vm_path(std::string_view dir, std::string_view path) {
  if (!path.empty() && path.front() == '/') return normalise_vm_path(path);
  std::string joined(dir);
  joined += '/';
  joined += path;
  return normalise_vm_path(joined);
}

}  // namespace wask::wasi
