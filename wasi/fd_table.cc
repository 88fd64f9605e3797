#include "wasi/fd_table.h"

namespace wask::wasi {

FdEntry entry_for(vfs::DescriptionPtr d, std::string path) {
  FdEntry e;
  uint64_t kind = d->type() == vfs::FileType::Directory ? rights_of::kDirectory
                  : d->seekable()                       ? rights_of::kFile
                                                        : rights_of::kStream;
  uint64_t io = right::FD_READ | right::FD_WRITE | right::FD_READDIR;
  uint64_t allowed = (d->readable() ? right::FD_READ | right::FD_READDIR : 0) |
                     (d->writable() ? right::FD_WRITE : 0);
  e.base.bits = (kind & ~io) | (kind & allowed);
  e.inheriting.bits = d->type() == vfs::FileType::Directory ? rights_of::kDirectoryInheriting : 0;
  e.file = std::move(d);
  e.path = std::move(path);
  return e;
}

Expected<FdEntry*> FdTable::get(Fd fd, uint64_t needed) {
  auto it = entries_.find(fd.value);
  if (it == entries_.end()) return Errno::BadF;
  if ((it->second.base.bits & needed) != needed) return Errno::NotCapable;
  return &it->second;
}

const FdEntry* FdTable::find(Fd fd) const {
  auto it = entries_.find(fd.value);
  return it == entries_.end() ? nullptr : &it->second;
}

Expected<Fd> FdTable::insert(FdEntry entry) { return insert_min(std::move(entry), 0); }

Expected<Fd> FdTable::insert_min(FdEntry entry, uint32_t min) {
  if (entries_.size() >= max_open_) return Errno::MFile;
  uint32_t fd = min;
  // The map is ordered: the first gap at or after `min` is the lowest free fd.
  for (auto it = entries_.lower_bound(min); it != entries_.end() && it->first == fd; ++it) {
    if (fd == UINT32_MAX) return Errno::MFile;
    ++fd;
  }
  entries_.emplace(fd, std::move(entry));
  return Fd{fd};
}

void FdTable::put(Fd fd, FdEntry entry) { entries_[fd.value] = std::move(entry); }

Errno FdTable::close(Fd fd) { return entries_.erase(fd.value) ? Errno::Success : Errno::BadF; }

Errno FdTable::renumber(Fd from, Fd to) {
  auto src = entries_.find(from.value);
  if (src == entries_.end() || !entries_.count(to.value)) return Errno::BadF;
  if (from == to) return Errno::Success;
  FdEntry moved = std::move(src->second);
  entries_.erase(src);
  entries_[to.value] = std::move(moved);
  return Errno::Success;
}

Expected<Fd> FdTable::dup(Fd fd) { return dup_min(fd, 0); }

Expected<Fd> FdTable::dup_min(Fd fd, uint32_t min) {
  const FdEntry* e = find(fd);
  if (!e) return Errno::BadF;
  FdEntry copy = *e;
  copy.preopen_name.clear();
  return insert_min(std::move(copy), min);
}

Errno FdTable::dup2(Fd from, Fd to) {
  const FdEntry* e = find(from);
  if (!e) return Errno::BadF;
  if (from == to) return Errno::Success;
  if (!find(to) && entries_.size() >= max_open_) return Errno::MFile;
  FdEntry copy = *e;
  copy.preopen_name.clear();
  entries_[to.value] = std::move(copy);
  return Errno::Success;
}

std::vector<Fd> FdTable::open_fds() const {
  std::vector<Fd> out;
  out.reserve(entries_.size());
  for (auto& [fd, _] : entries_) out.push_back(Fd{fd});
  return out;
}

std::string FdTable::describe(Fd fd) const {
  std::string out = std::to_string(fd.value);
  if (auto* e = find(fd)) out += "<" + e->path + ">";
  return out;
}

}  // namespace wask::wasi
