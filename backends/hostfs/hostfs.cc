// hostfs: see hostfs.h. The rules that keep it confined:
//  - a node is a host descriptor to ONE object (O_PATH | O_NOFOLLOW), never a path;
//  - every operation on a name is one *at call relative to a directory node's descriptor, on a
//    single checked component, with symlinks not followed (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW,
//    O_EXCL on create, linkat without AT_SYMLINK_FOLLOW);
//  - the only other host path ever used is "/proc/self/fd/N", which names the very object a
//    descriptor already holds, to reopen a regular file for reading or writing.
#include "backends/hostfs/hostfs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace wask::backends {

using vfs::Errc;
using vfs::FileType;
using vfs::NodePtr;
using vfs::Result;

namespace {

Errc last_error() { return vfs::errc_from_errno(errno); }

// Owns one host descriptor.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

constexpr size_t kMaxNameBytes = 255;            // NAME_MAX
constexpr size_t kMaxSymlinkTargetBytes = 4095;  // PATH_MAX without the NUL
constexpr uint64_t kMaxHostOffset = static_cast<uint64_t>(INT64_MAX);
constexpr size_t kMaxTransferPerCall = 0x7ffff000;  // what Linux moves in one read/write at most
constexpr uint64_t kNsPerSecond = 1'000'000'000;
// readdir cookies: a listing generation above 32 index bits, all below 2^62 as the VFS needs.
constexpr unsigned kCookieIndexBits = 32;
constexpr uint64_t kCookieIndexMask = (uint64_t{1} << kCookieIndexBits) - 1;
constexpr uint64_t kMaxCookieGeneration = (uint64_t{1} << (62 - kCookieIndexBits)) - 1;
constexpr size_t kListingsKept = 8;             // listings of one directory node kept...
constexpr size_t kListingsInProgressKept = 64;  // ...or more while they are still being read
constexpr size_t kDroppedListingsKept = 1024;   // the sizes of listings dropped
constexpr size_t kMaxDepthWalked = 4096;        // levels climbed to find a directory's depth

// One component, checked again even though the VFS has checked it: this is the confinement line.
Result<std::string> checked_name(std::string_view name) {
  if (name.empty() || name == "." || name == "..") return Errc::Invalid;
  if (name.find('/') != std::string_view::npos) return Errc::Invalid;
  if (name.find('\0') != std::string_view::npos) return Errc::Invalid;
  if (name.size() > kMaxNameBytes) return Errc::NameTooLong;
  return std::string(name);
}

FileType type_from_mode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return FileType::Regular;
    case S_IFDIR:
      return FileType::Directory;
    case S_IFLNK:
      return FileType::Symlink;
    case S_IFCHR:
      return FileType::CharDevice;
    case S_IFBLK:
      return FileType::BlockDevice;
    case S_IFIFO:
      return FileType::Fifo;
    case S_IFSOCK:
      return FileType::Socket;
    default:
      return FileType::Unknown;
  }
}

FileType type_from_dirent(unsigned char d_type) {
  switch (d_type) {
    case DT_REG:
      return FileType::Regular;
    case DT_DIR:
      return FileType::Directory;
    case DT_LNK:
      return FileType::Symlink;
    case DT_CHR:
      return FileType::CharDevice;
    case DT_BLK:
      return FileType::BlockDevice;
    case DT_FIFO:
      return FileType::Fifo;
    case DT_SOCK:
      return FileType::Socket;
    default:
      return FileType::Unknown;
  }
}

uint64_t to_ns(const struct timespec& ts) {
  if (ts.tv_sec < 0) return 0;  // before the epoch: clamp, Stat times are unsigned
  return static_cast<uint64_t>(ts.tv_sec) * kNsPerSecond + static_cast<uint64_t>(ts.tv_nsec);
}

vfs::Stat to_stat(const struct stat& st) {
  vfs::Stat out;
  out.ino = st.st_ino;
  out.type = type_from_mode(st.st_mode);
  out.nlink = st.st_nlink;
  out.size = st.st_size < 0 ? 0 : static_cast<uint64_t>(st.st_size);
  out.atime_ns = to_ns(st.st_atim);
  out.mtime_ns = to_ns(st.st_mtim);
  out.ctime_ns = to_ns(st.st_ctim);
  out.mode = st.st_mode & vfs::kModeBits;
  return out;
}

Result<vfs::Stat> stat_fd(int fd) {
  struct stat st;
  if (::fstatat(fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0) return last_error();
  return to_stat(st);
}

struct timespec to_timespec(vfs::TimeChange change) {
  switch (change.kind) {
    case vfs::TimeChange::Kind::Leave:
      return {0, UTIME_OMIT};
    case vfs::TimeChange::Kind::Now:
      return {0, UTIME_NOW};
    case vfs::TimeChange::Kind::Set:
      return {static_cast<time_t>(change.ns / kNsPerSecond),
              static_cast<long>(change.ns % kNsPerSecond)};
  }
  return {0, UTIME_OMIT};
}

// The target of the symlink an O_PATH descriptor holds.
Result<std::string> read_symlink_fd(int fd) {
  std::string target(256, '\0');
  for (;;) {
    ssize_t n = ::readlinkat(fd, "", target.data(), target.size());
    if (n < 0) return last_error();
    if (static_cast<size_t>(n) < target.size()) {
      target.resize(static_cast<size_t>(n));
      return target;
    }
    target.resize(target.size() * 2);  // may have been cut: try again with more room
  }
}

// "/proc/self/fd/N": the object descriptor N holds, whatever its current name (a magic link that
// walks no directory, so it cannot lead anywhere else).
std::string proc_fd_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

}  // namespace

namespace {

// A host object's identity: what a held descriptor and a name are compared by.
struct Identity {
  dev_t dev = 0;
  ino_t ino = 0;
  bool operator==(const Identity&) const = default;
};

// The directories looked up lately, by (parent directory, name), each with the O_PATH descriptor
// it was opened as: a later lookup of the same name costs one fstatat (is the name still this
// very directory?) instead of an openat and a close. Only a hint: every hit is checked against
// the host, so a directory renamed, removed or replaced on the host is never served for its old
// name. Least recently used first out beyond `capacity`. Thread-safe.
class DirCache {
 public:
  struct Entry {
    std::shared_ptr<const UniqueFd> fd;
    Identity id;
  };

  explicit DirCache(size_t capacity) : capacity_(capacity) {}

  std::optional<Entry> find(Identity parent, std::string_view name) {
    std::lock_guard lock(mu_);
    auto it = index_.find(Key{parent, std::string(name)});
    if (it == index_.end()) return std::nullopt;
    lru_.splice(lru_.end(), lru_, it->second);
    return it->second->second;
  }

  void insert(Identity parent, std::string_view name, Entry entry) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mu_);
    Key key{parent, std::string(name)};
    if (auto it = index_.find(key); it != index_.end()) {
      lru_.erase(it->second);
      index_.erase(it);
    }
    lru_.emplace_back(key, std::move(entry));
    index_.emplace(std::move(key), std::prev(lru_.end()));
    while (lru_.size() > capacity_) {
      index_.erase(lru_.front().first);
      lru_.pop_front();
    }
  }

  // Drops every entry (the process is out of descriptors); answers how many there were.
  size_t clear() {
    std::lock_guard lock(mu_);
    const size_t n = lru_.size();
    index_.clear();
    lru_.clear();
    return n;
  }

  void forget(Identity parent, std::string_view name) {
    std::lock_guard lock(mu_);
    auto it = index_.find(Key{parent, std::string(name)});
    if (it == index_.end()) return;
    lru_.erase(it->second);
    index_.erase(it);
  }

 private:
  struct Key {
    Identity parent;
    std::string name;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      size_t h = std::hash<std::string>{}(k.name);
      h ^= std::hash<uint64_t>{}(k.parent.ino) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
      return h ^ std::hash<uint64_t>{}(k.parent.dev);
    }
  };
  using Lru = std::list<std::pair<Key, Entry>>;  // least recently used first

  const size_t capacity_;
  std::mutex mu_;
  Lru lru_;
  std::unordered_map<Key, Lru::iterator, KeyHash> index_;
};

Identity identity_of(const struct stat& st) { return {st.st_dev, st.st_ino}; }

}  // namespace

// What every node of one backend shares; its address is the backend's identity.
struct Hostfs::Shared {
  HostfsOptions options;
  dev_t root_dev = 0;  // the root directory's identity, to find how deep a directory lies
  ino_t root_ino = 0;
  std::unique_ptr<DirCache> dirs;  // holds descriptors only, never nodes (no cycle to Shared)
};

namespace {

// How many ".." a symlink target climbs before it goes down, or Permission if it cannot be
// judged from its text alone: absolute, or a ".." after a name ("a/.." leads wherever the
// symlink `a` leads, today or after a later change).
Result<size_t> leading_climbs(std::string_view target) {
  if (!target.empty() && target.front() == '/') return Errc::Permission;
  size_t climbs = 0;
  bool went_down = false;
  while (!target.empty()) {
    const size_t slash = target.find('/');
    const std::string_view part = target.substr(0, slash);
    target.remove_prefix(slash == std::string_view::npos ? target.size() : slash + 1);
    if (part.empty() || part == ".") continue;
    if (part != "..") {
      went_down = true;
    } else if (went_down) {
      return Errc::Permission;
    } else {
      ++climbs;
    }
  }
  return climbs;
}

// How many levels directory `dir_fd` lies below the backend's root, climbing ".." on the host;
// Permission if the climb never meets the root (a directory moved out of it on the host).
Result<size_t> depth_below_root(const Hostfs::Shared& shared, int dir_fd) {
  struct stat st;
  if (::fstatat(dir_fd, "", &st, AT_EMPTY_PATH) != 0) return last_error();
  UniqueFd held;
  int at = dir_fd;
  for (size_t depth = 0; depth <= kMaxDepthWalked; ++depth) {
    if (st.st_dev == shared.root_dev && st.st_ino == shared.root_ino) return depth;
    UniqueFd up(::openat(at, "..", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!up.valid()) return last_error();
    struct stat up_st;
    if (::fstatat(up.get(), "", &up_st, AT_EMPTY_PATH) != 0) return last_error();
    if (up_st.st_dev == st.st_dev && up_st.st_ino == st.st_ino) break;  // the host's "/"
    held = std::move(up);
    at = held.get();
    st = up_st;
  }
  return Errc::Permission;
}

// The confinement rule for host symlinks: a symlink made in directory `dir_fd` with this target
// must not lead out of the root when the host follows it from there.
Result<void> check_target_stays_inside(const Hostfs::Shared& shared, int dir_fd,
                                       std::string_view target) {
  auto climbs = leading_climbs(target);
  if (!climbs) return climbs.error();
  if (*climbs == 0) return {};
  auto depth = depth_below_root(shared, dir_fd);
  if (!depth) return depth.error();
  if (*climbs > *depth) return Errc::Permission;
  return {};
}

}  // namespace

namespace {

// An open regular file: a real read/write descriptor, positional I/O only.
class HostFile final : public vfs::FileHandle {
 public:
  HostFile(UniqueFd fd, vfs::OpenMode mode, bool backend_read_only)
      : fd_(std::move(fd)), mode_(mode), backend_read_only_(backend_read_only) {}

  Result<size_t> read(uint64_t offset, std::span<std::byte> out) override {
    if (!mode_.read) return Errc::BadDescriptor;
    if (offset > kMaxHostOffset) return size_t{0};  // beyond any host file's end
    size_t done = 0;
    while (done < out.size()) {
      const size_t want = std::min(out.size() - done, kMaxTransferPerCall);
      const uint64_t at = offset + done;
      if (at > kMaxHostOffset) break;
      ssize_t n = ::pread(fd_.get(), out.data() + done, want, static_cast<off_t>(at));
      if (n < 0) {
        if (errno == EINTR) continue;
        if (done > 0) break;  // a short count, the error comes with the next call
        return last_error();
      }
      if (n == 0) break;  // end of file
      done += static_cast<size_t>(n);
    }
    return done;
  }

  Result<size_t> write(uint64_t offset, std::span<const std::byte> data) override {
    if (auto writable = check_writable(); !writable) return writable.error();
    if (offset > kMaxHostOffset || data.size() > kMaxHostOffset - offset) return Errc::FileTooBig;
    size_t done = 0;
    while (done < data.size()) {
      const size_t want = std::min(data.size() - done, kMaxTransferPerCall);
      ssize_t n = ::pwrite(fd_.get(), data.data() + done, want, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        if (done > 0) break;
        return last_error();
      }
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    return done;
  }

  Result<Appended> append(std::span<const std::byte> data) override {
    if (auto writable = check_writable(); !writable) return writable.error();
    // RWF_APPEND puts the data at the end as the host kernel sees it (atomic against every other
    // writer, in this process or not); with offset -1 it advances this descriptor's own position,
    // which nothing else here uses, so it tells where the data landed.
    std::lock_guard lock(append_mu_);
    struct iovec iov {
      const_cast<std::byte*>(data.data()), data.size()
    };
    ssize_t n;
    do {
      n = ::pwritev2(fd_.get(), &iov, 1, -1, RWF_APPEND);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      if (errno == EOPNOTSUPP || errno == ENOSYS) return FileHandle::append(data);
      return last_error();
    }
    off_t end = ::lseek(fd_.get(), 0, SEEK_CUR);
    if (end < 0) return last_error();
    return Appended{static_cast<uint64_t>(end) - static_cast<uint64_t>(n), static_cast<size_t>(n)};
  }

  Result<void> set_size(uint64_t size) override {
    if (auto writable = check_writable(); !writable) return writable.error();
    if (size > kMaxHostOffset) return Errc::FileTooBig;
    while (::ftruncate(fd_.get(), static_cast<off_t>(size)) != 0) {
      if (errno != EINTR) return last_error();
    }
    return {};
  }

  Result<vfs::Stat> stat() override { return stat_fd(fd_.get()); }

  Result<void> sync() override {
    if (::fsync(fd_.get()) != 0) return last_error();
    return {};
  }

 private:
  Result<void> check_writable() const {
    if (backend_read_only_) return Errc::ReadOnly;
    if (!mode_.write) return Errc::BadDescriptor;
    return {};
  }

  UniqueFd fd_;
  vfs::OpenMode mode_;
  bool backend_read_only_;
  std::mutex append_mu_;  // keeps append's write and its position query together
};

// A file, directory, symlink or other object of the host directory, held by a descriptor.
class HostNode final : public vfs::Node {
 public:
  // `id` is known for directories (the key of their children in the DirCache).
  HostNode(std::shared_ptr<const Hostfs::Shared> shared, std::shared_ptr<const UniqueFd> fd,
           FileType type, Identity id = {})
      : shared_(std::move(shared)), fd_(std::move(fd)), type_(type), id_(id) {}
  HostNode(std::shared_ptr<const Hostfs::Shared> shared, UniqueFd fd, FileType type,
           Identity id = {})
      : HostNode(std::move(shared), std::make_shared<const UniqueFd>(std::move(fd)), type, id) {}

  // Wraps a descriptor to one object; its type never changes while the descriptor lives.
  static Result<NodePtr> from_fd(const std::shared_ptr<const Hostfs::Shared>& shared, UniqueFd fd) {
    struct stat st;
    if (::fstatat(fd.get(), "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0) return last_error();
    return NodePtr(std::make_shared<HostNode>(shared, std::move(fd), type_from_mode(st.st_mode),
                                              identity_of(st)));
  }

  Result<vfs::Stat> stat() override { return stat_fd(host_fd()); }

  // The descriptor holds one inode, whose type never changes: no host call needed.
  FileType type() override { return type_; }

  Result<void> set_times(vfs::TimeChange atime, vfs::TimeChange mtime) override {
    if (read_only()) return Errc::ReadOnly;
    const struct timespec times[2] = {to_timespec(atime), to_timespec(mtime)};
    if (::utimensat(host_fd(), "", times, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) == 0) return {};
    // Kernels before 5.8 lack AT_EMPTY_PATH here: go through the descriptor's magic link.
    if (errno == EINVAL && type_ != FileType::Symlink) {
      if (::utimensat(AT_FDCWD, proc_fd_path(host_fd()).c_str(), times, 0) == 0) return {};
    }
    return last_error();
  }

  // chmod of the object the descriptor holds, through its magic link: no name is walked, so a
  // name swapped for a symlink meanwhile changes nothing. A symlink's bits are fixed on Linux.
  Result<void> set_mode(uint32_t mode) override {
    if (read_only()) return Errc::ReadOnly;
    if (type_ == FileType::Symlink) return Errc::NotSupported;
    if (::chmod(proc_fd_path(host_fd()).c_str(), mode & vfs::kModeBits) != 0) return last_error();
    return {};
  }

  Result<std::shared_ptr<vfs::FileHandle>> open(vfs::OpenMode mode) override {
    if (type_ == FileType::Directory) return Errc::IsDirectory;
    if (type_ == FileType::Symlink) return Errc::Loop;          // as open(O_NOFOLLOW) on a symlink
    if (type_ != FileType::Regular) return Errc::NotSupported;  // never block on a host fifo
    if (mode.write && read_only()) return Errc::ReadOnly;
    int flags = O_CLOEXEC | O_NOCTTY;
    if (mode.write) {
      flags |= mode.read ? O_RDWR : O_WRONLY;
    } else {
      flags |= O_RDONLY;
    }
    int fd;
    do {
      fd = ::open(proc_fd_path(host_fd()).c_str(), flags);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return last_error();
    return std::shared_ptr<vfs::FileHandle>(
        std::make_shared<HostFile>(UniqueFd(fd), mode, read_only()));
  }

  Result<std::string> readlink() override {
    if (type_ != FileType::Symlink) return Errc::Invalid;
    return read_symlink_fd(host_fd());
  }

  Result<NodePtr> lookup(std::string_view name) override {
    auto checked = checked_dir_and_name(name);
    if (!checked) return checked.error();
    DirCache& dirs = *shared_->dirs;
    if (auto hit = dirs.find(id_, *checked)) {
      // Still this very directory under this name (not renamed, removed or replaced on the
      // host)? The descriptor holds the inode, so its number cannot have been reused.
      struct stat st;
      if (::fstatat(host_fd(), checked->c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISDIR(st.st_mode) && identity_of(st) == hit->id) {
        return NodePtr(std::make_shared<HostNode>(shared_, hit->fd, FileType::Directory, hit->id));
      }
      dirs.forget(id_, *checked);
    }
    // Out of descriptors, the cache gives its own back before the lookup fails.
    auto open_path = [&](int flags) {
      int fd = ::openat(host_fd(), checked->c_str(), flags);
      if (fd < 0 && (errno == EMFILE || errno == ENFILE) && dirs.clear() > 0) {
        fd = ::openat(host_fd(), checked->c_str(), flags);
      }
      return fd;
    };
    // Most lookups are of directories on the way down a path: O_DIRECTORY answers the type
    // without a stat (a symlink, even to a directory, fails it under O_NOFOLLOW).
    int fd = open_path(O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      auto held = std::make_shared<const UniqueFd>(fd);
      struct stat st;
      if (::fstatat(fd, "", &st, AT_EMPTY_PATH) != 0) return last_error();
      dirs.insert(id_, *checked, {held, identity_of(st)});
      return NodePtr(std::make_shared<HostNode>(shared_, std::move(held), FileType::Directory,
                                                identity_of(st)));
    }
    if (errno != ENOTDIR) return last_error();
    fd = open_path(O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return last_error();
    return from_fd(shared_, UniqueFd(fd));
  }

  // One fstatat on the name: no descriptor opened, nothing followed.
  Result<vfs::Stat> stat_child(std::string_view name) override {
    auto checked = checked_dir_and_name(name);
    if (!checked) return checked.error();
    struct stat st;
    if (::fstatat(host_fd(), checked->c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return last_error();
    return to_stat(st);
  }

  Result<NodePtr> create_file(std::string_view name) override {
    auto checked = checked_change(name);
    if (!checked) return checked.error();
    // O_EXCL: an existing name, a symlink (even dangling) included, answers Exists.
    int fd;
    do {
      fd = ::openat(host_fd(), checked->c_str(),
                    O_CREAT | O_EXCL | O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0666);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return last_error();
    return NodePtr(std::make_shared<HostNode>(shared_, UniqueFd(fd), FileType::Regular));
  }

  Result<NodePtr> mkdir(std::string_view name) override {
    auto checked = checked_change(name);
    if (!checked) return checked.error();
    if (::mkdirat(host_fd(), checked->c_str(), 0777) != 0) return last_error();
    int fd = ::openat(host_fd(), checked->c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return last_error();
    return from_fd(shared_, UniqueFd(fd));
  }

  Result<void> symlink(std::string_view name, std::string_view target) override {
    auto checked = checked_change(name);
    if (!checked) return checked.error();
    if (target.find('\0') != std::string_view::npos) return Errc::Invalid;
    if (target.size() > kMaxSymlinkTargetBytes) return Errc::NameTooLong;
    // A taken name answers Exists whatever the target, as symlinkat would.
    struct stat existing;
    if (::fstatat(host_fd(), checked->c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0) {
      return Errc::Exists;
    }
    if (auto inside = check_target_stays_inside(*shared_, host_fd(), target); !inside) {
      return inside.error();
    }
    const std::string text(target);
    if (::symlinkat(text.c_str(), host_fd(), checked->c_str()) != 0) return last_error();
    return {};
  }

  Result<void> unlink(std::string_view name) override {
    auto checked = checked_change(name);
    if (!checked) return checked.error();
    if (::unlinkat(host_fd(), checked->c_str(), 0) != 0) return last_error();
    return {};
  }

  Result<void> rmdir(std::string_view name) override {
    auto checked = checked_change(name);
    if (!checked) return checked.error();
    shared_->dirs->forget(id_, *checked);
    if (::unlinkat(host_fd(), checked->c_str(), AT_REMOVEDIR) != 0) return last_error();
    return {};
  }

  Result<void> rename(std::string_view name, vfs::Node& new_dir,
                      std::string_view new_name) override {
    auto names = checked_pair(name, new_dir, new_name);
    if (!names) return names.error();
    const auto& [from, to_dir, to] = *names;
    shared_->dirs->forget(id_, from);
    shared_->dirs->forget(to_dir->id_, to);
    if (::renameat(host_fd(), from.c_str(), to_dir->host_fd(), to.c_str()) != 0) {
      return last_error();
    }
    return {};
  }

  Result<void> link(std::string_view name, vfs::Node& new_dir, std::string_view new_name) override {
    auto names = checked_pair(name, new_dir, new_name);
    if (!names) return names.error();
    const auto& [from, to_dir, to] = *names;
    // The object is held first and linked through its descriptor, so what is checked is what
    // gets linked: a symlink's target must stay inside from the new name's directory too.
    UniqueFd source(::openat(host_fd(), from.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!source.valid()) return last_error();
    auto st = stat_fd(source.get());
    if (!st) return st.error();
    if (st->type == FileType::Directory) return Errc::Permission;
    if (st->type == FileType::Symlink) {
      auto target = read_symlink_fd(source.get());
      if (!target) return target.error();
      auto inside = check_target_stays_inside(*shared_, to_dir->host_fd(), *target);
      if (!inside) return inside.error();
    }
    // Following the descriptor's magic link names the object itself, a symlink included.
    if (::linkat(AT_FDCWD, proc_fd_path(source.get()).c_str(), to_dir->host_fd(), to.c_str(),
                 AT_SYMLINK_FOLLOW) != 0) {
      return last_error();
    }
    return {};
  }

  // Cookie 0 takes a fresh listing of the host directory (so every host change is seen), sorted
  // by name. A cookie is (listing generation << 32 | index): continuing reads the listing it came
  // from, so entries removed meanwhile shift nothing and concurrent listings do not mix. Listings
  // still being read are kept (up to a bound); a cookie whose listing is gone (another node of the
  // directory, or an abandoned listing) indexes into a fresh one.
  Result<std::vector<vfs::DirEntry>> readdir(uint64_t cookie, size_t max_entries) override {
    if (type_ != FileType::Directory) return Errc::NotDirectory;
    const uint64_t generation = cookie >> kCookieIndexBits;
    const uint64_t index = cookie & kCookieIndexMask;
    std::shared_ptr<const Listing> listing;
    if (cookie != 0) {
      listing = kept_listing(generation);
      if (!listing && past_end_of_dropped_listing(generation, index))
        return std::vector<vfs::DirEntry>();
    }
    if (!listing) {
      auto fresh = take_listing();
      if (!fresh) return fresh.error();
      listing = *fresh;
    }
    std::vector<vfs::DirEntry> out;
    const auto& entries = listing->entries;
    if (index >= entries.size()) {
      mark_finished(listing->generation);  // the reader has seen the end
      return out;
    }
    const size_t count = std::min<uint64_t>(max_entries, entries.size() - index);
    out.assign(entries.begin() + static_cast<ptrdiff_t>(index),
               entries.begin() + static_cast<ptrdiff_t>(index + count));
    // A short page tells the reader it has reached the end; a full one may be followed by a call
    // from its last cookie, which must still find this listing.
    if (count < max_entries) mark_finished(listing->generation);
    return out;
  }

 private:
  bool read_only() const { return shared_->options.read_only; }

  Result<std::string> checked_dir_and_name(std::string_view name) const {
    if (type_ != FileType::Directory) return Errc::NotDirectory;
    return checked_name(name);
  }

  Result<std::string> checked_change(std::string_view name) const {
    auto checked = checked_dir_and_name(name);
    if (!checked) return checked.error();
    if (read_only()) return Errc::ReadOnly;
    return checked;
  }

  struct NamePair {
    std::string from;
    HostNode* to_dir;
    std::string to;
  };

  // rename and link: both names checked, the target a directory node of this very backend.
  Result<NamePair> checked_pair(std::string_view name, vfs::Node& new_dir,
                                std::string_view new_name) const {
    auto from = checked_dir_and_name(name);
    if (!from) return from.error();
    auto* to_dir = dynamic_cast<HostNode*>(&new_dir);
    if (to_dir == nullptr || to_dir->shared_ != shared_) return Errc::CrossDevice;
    auto to = to_dir->checked_dir_and_name(new_name);
    if (!to) return to.error();
    if (read_only()) return Errc::ReadOnly;
    return NamePair{std::move(*from), to_dir, std::move(*to)};
  }

  // A sorted listing; what it costs stays taken from the budget while it lives (kept, or in the
  // hands of a reader).
  struct Listing {
    uint64_t generation = 0;
    std::vector<vfs::DirEntry> entries;
    std::shared_ptr<ListingBudget> budget;  // set once charged
    uint64_t charged = 0;
    ~Listing() {
      if (budget) budget->give_back(charged);
    }
    uint64_t cost() const {
      uint64_t bytes = sizeof(Listing) + entries.capacity() * sizeof(vfs::DirEntry);
      for (const auto& e : entries) {
        if (e.name.capacity() > sizeof(std::string)) bytes += e.name.capacity() + 1;
      }
      return bytes;
    }
  };

  struct KeptListing {
    std::shared_ptr<const Listing> listing;
    bool finished = false;  // the reader was told it reached the end
  };

  // The listing of that generation, moved to the back as the most recently used.
  std::shared_ptr<const Listing> kept_listing(uint64_t generation) {
    std::lock_guard lock(listing_mu_);
    for (auto it = listings_.begin(); it != listings_.end(); ++it) {
      if (it->listing->generation == generation) {
        KeptListing found = *it;
        listings_.erase(it);
        listings_.push_back(found);
        return found.listing;
      }
    }
    return nullptr;
  }

  void mark_finished(uint64_t generation) {
    std::lock_guard lock(listing_mu_);
    for (auto& kept : listings_) {
      if (kept.listing->generation == generation) kept.finished = true;
    }
    evict_listings();
  }

  // Beyond a few listings, the least recently used finished ones go first; listings still being
  // read go only beyond a larger bound (abandoned ones), so a slow reader keeps its place.
  void evict_listings() {
    while (listings_.size() > kListingsKept) {
      auto victim = std::find_if(listings_.begin(), listings_.end(),
                                 [](const KeptListing& kept) { return kept.finished; });
      if (victim == listings_.end()) {
        if (listings_.size() <= kListingsInProgressKept) return;
        victim = listings_.begin();
      }
      drop_listing(victim);
    }
  }

  // Forgets a kept listing, remembering its size (see past_end_of_dropped_listing).
  void drop_listing(std::deque<KeptListing>::iterator victim) {
    remember_dropped(*victim->listing);
    listings_.erase(victim);
  }
  void remember_dropped(const Listing& listing) {
    dropped_listings_.push_back({listing.generation, listing.entries.size()});
    if (dropped_listings_.size() > kDroppedListingsKept) dropped_listings_.pop_front();
  }

  // Charges a fresh listing to the budget, dropping this node's kept listings (least recently
  // used first) to make room. False if it still does not fit: serve it, but do not keep it.
  bool charge(Listing& listing) {
    ListingBudget& budget = *shared_->options.listing_budget;
    const uint64_t cost = listing.cost();
    while (!budget.try_take(cost)) {
      if (listings_.empty()) return false;
      drop_listing(listings_.begin());
    }
    listing.budget = shared_->options.listing_budget;
    listing.charged = cost;
    return true;
  }

  // A reader that comes back from the last cookie of a listing already dropped hears "the end",
  // not a fresh listing's entries from that index.
  bool past_end_of_dropped_listing(uint64_t generation, uint64_t index) {
    std::lock_guard lock(listing_mu_);
    for (const auto& dropped : dropped_listings_) {
      if (dropped.generation == generation) return index >= dropped.size;
    }
    return false;
  }

  // Reads the directory now and keeps the result under a new generation.
  Result<std::shared_ptr<const Listing>> take_listing() {
    auto entries = read_sorted_listing();
    if (!entries) return entries.error();
    auto listing = std::make_shared<Listing>();
    listing->entries = std::move(*entries);
    {
      std::lock_guard lock(listing_mu_);
      last_generation_ = last_generation_ % kMaxCookieGeneration + 1;  // never 0: cookie 0
      listing->generation = last_generation_;
    }
    for (size_t i = 0; i < listing->entries.size(); ++i) {
      listing->entries[i].next_cookie = (listing->generation << kCookieIndexBits) | (i + 1);
    }
    {
      std::lock_guard lock(listing_mu_);  // published only once complete
      if (charge(*listing)) {
        listings_.push_back({listing, false});
        evict_listings();
      } else {
        remember_dropped(*listing);  // over the budget: this call's alone
      }
    }
    return std::shared_ptr<const Listing>(std::move(listing));
  }

  Result<std::vector<vfs::DirEntry>> read_sorted_listing() const {
    // "." names this directory itself: a readable descriptor for getdents, no walking.
    int dir_fd = ::openat(host_fd(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) return last_error();
    DIR* dir = ::fdopendir(dir_fd);
    if (dir == nullptr) {
      Errc error = last_error();
      ::close(dir_fd);
      return error;
    }
    std::vector<vfs::DirEntry> entries;
    errno = 0;
    while (struct dirent* ent = ::readdir(dir)) {
      std::string_view name(ent->d_name);
      if (name == "." || name == "..") continue;
      vfs::DirEntry entry;
      entry.name = std::string(name);
      entry.ino = ent->d_ino;
      entry.type = type_from_dirent(ent->d_type);
      if (entry.type == FileType::Unknown) {
        struct stat st;
        if (::fstatat(host_fd(), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
          entry.type = type_from_mode(st.st_mode);
        }
      }
      entries.push_back(std::move(entry));
    }
    const int read_errno = errno;
    ::closedir(dir);
    if (read_errno != 0) return vfs::errc_from_errno(read_errno);
    std::sort(entries.begin(), entries.end(),
              [](const vfs::DirEntry& a, const vfs::DirEntry& b) { return a.name < b.name; });
    return entries;
  }

  int host_fd() const { return fd_->get(); }

  std::shared_ptr<const Hostfs::Shared> shared_;
  // O_PATH to the object itself (a plain read-only one for files created here); a directory's
  // may be shared with the DirCache and other nodes of it.
  std::shared_ptr<const UniqueFd> fd_;
  FileType type_;
  Identity id_;                       // directories: the key of their children in the DirCache
  std::mutex listing_mu_;             // guards the listing state below
  uint64_t last_generation_ = 0;      // of the newest listing taken
  std::deque<KeptListing> listings_;  // least recently used first
  struct DroppedListing {
    uint64_t generation;
    size_t size;
  };
  std::deque<DroppedListing> dropped_listings_;  // their sizes, oldest first
};

}  // namespace

bool ListingBudget::try_take(uint64_t bytes) {
  uint64_t used = used_.load();
  for (;;) {
    if (used > max_ || max_ - used < bytes) return false;
    if (used_.compare_exchange_weak(used, used + bytes)) return true;
  }
}

Result<std::shared_ptr<Hostfs>> Hostfs::create(const std::string& host_root,
                                               HostfsOptions options) {
  struct stat named {};
  if (host_root.empty() || ::stat(host_root.c_str(), &named) != 0) return Errc::NoEntry;
  if (!S_ISDIR(named.st_mode)) return Errc::NotDirectory;
  int fd = ::open(host_root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return last_error();
  struct stat root_st;
  if (::fstat(fd, &root_st) != 0) {
    Errc error = last_error();
    ::close(fd);
    return error;
  }
  if (!options.listing_budget) options.listing_budget = std::make_shared<ListingBudget>();
  auto dirs = std::make_unique<DirCache>(options.dir_cache_entries);
  auto shared = std::make_shared<const Shared>(
      Shared{options, root_st.st_dev, root_st.st_ino, std::move(dirs)});
  auto root_node =
      std::make_shared<HostNode>(shared, UniqueFd(fd), FileType::Directory, identity_of(root_st));
  return std::make_shared<Hostfs>(std::move(shared), std::move(root_node));
}

Hostfs::Hostfs(std::shared_ptr<const Shared> shared, vfs::NodePtr root)
    : shared_(std::move(shared)), root_(std::move(root)) {}

Hostfs::~Hostfs() = default;

vfs::NodePtr Hostfs::root() { return root_; }

bool Hostfs::read_only() const { return shared_->options.read_only; }

}  // namespace wask::backends
