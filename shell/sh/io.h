// The shell's file descriptors: a table fd -> open description (vfs/description.h) that
// redirections edit, builtins write through and commands inherit. Copying a table shares its
// descriptions, as fork does; a description closes when no table holds it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "vfs/description.h"

namespace wask::shell::sh {

using StreamPtr = vfs::DescriptionPtr;

class Fds {
 public:
  StreamPtr get(int fd) const;  // null if closed
  void set(int fd, StreamPtr stream);
  void close(int fd) { map_.erase(fd); }
  const std::map<int, StreamPtr>& all() const { return map_; }

 private:
  std::map<int, StreamPtr> map_;
};

// Collects what a command substitution writes, up to `limit` bytes (then FileTooBig).
class CaptureSink : public vfs::Description {
 public:
  explicit CaptureSink(size_t limit) : limit_(limit) {}
  vfs::FileType type() const override { return vfs::FileType::Fifo; }
  bool readable() const override { return false; }
  bool writable() const override { return true; }
  vfs::Result<size_t> read(std::span<std::byte>, vfs::Cancel*) override;
  vfs::Result<size_t> write(std::span<const std::byte> data, vfs::Cancel*) override;
  vfs::Result<vfs::Stat> stat() override;
  vfs::Readiness readiness() override { return {.writable = true, .room = 65536}; }
  std::string take();

 private:
  std::mutex mu_;
  std::string out_;
  size_t limit_;
};

// Writes all of `text`; the error if the description refused (BrokenPipe for a closed pipe).
vfs::Errc write_all(vfs::Description& out, std::string_view text, vfs::Cancel* cancel = nullptr);

}  // namespace wask::shell::sh
