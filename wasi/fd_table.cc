#include "wasi/fd_table.h"

namespace wask::wasi {

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

Expected<Fd> FdTable::insert(FdEntry entry) {
  if (entries_.size() >= max_open_) return Errno::MFile;
  uint32_t fd = 0;
  for (auto& [used, _] : entries_) {  // the map is ordered: the first gap is the lowest free fd
    if (used != fd) break;
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

std::string FdTable::describe(Fd fd) const {
  std::string out = std::to_string(fd.value);
  if (auto* e = find(fd)) out += "<" + e->path + ">";
  return out;
}

}  // namespace wask::wasi
