#include "vfs/description.h"

namespace wask::vfs {

Result<size_t> Description::pread(std::span<std::byte>, uint64_t) { return Errc::SpecialFile; }
Result<size_t> Description::pwrite(std::span<const std::byte>, uint64_t) {
  return Errc::SpecialFile;
}
Result<uint64_t> Description::seek(int64_t, Whence) { return Errc::SpecialFile; }
Result<uint64_t> Description::tell() const { return Errc::SpecialFile; }
Result<void> Description::set_size(uint64_t) { return Errc::Invalid; }
Result<void> Description::set_times(TimeChange, TimeChange) { return {}; }
Result<void> Description::sync() { return {}; }
HostWatch Description::host_watch(bool) const { return {}; }

const Dir& Description::dir() const {
  static const Dir kNone;  // immutable: "not a directory"
  return kNone;
}

}  // namespace wask::vfs
