// The Vfs facade: locks the mount table (shared for path operations, exclusive for mount and
// unmount), asks the resolver where a path leads, checks what the namespace itself forbids
// (read-only mounts, synthetic directories, mount points, crossing mounts), then asks the backend.
#include "vfs/vfs.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <new>
#include <shared_mutex>

#include "vfs/mount_table.h"
#include "vfs/position.h"
#include "vfs/resolver.h"

namespace wask::vfs {

namespace {

uint64_t system_now_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

// Readdir cookies: 0 ".", 1 "..", then the backend's cookies shifted by 2 (all below 2^62), then
// the mount points and synthetic directories the backend does not hold.
constexpr uint64_t kBackendCookieShift = 2;
constexpr uint64_t kExtraCookieBase = uint64_t{3} << 61;

// Whether `name` in `dir` is a mount point or a synthetic directory: the namespace owns it.
bool held_by_mount_tree(const Position& dir, std::string_view name) {
  return dir.tree && dir.tree->child(name) != nullptr;
}

// Changes inside `dir` are refused by the namespace (synthetic) or the mount (read-only).
Result<void> check_writable_dir(const Position& dir) {
  if (dir.synthetic() || dir.mount->read_only()) return Errc::ReadOnly;
  return {};
}

Stat synthetic_stat(const Position& p) {
  Stat st;
  st.dev = 0;
  st.ino = p.tree ? p.tree->ino : 0;
  st.type = FileType::Directory;
  st.nlink = 2;
  st.size = p.tree ? p.tree->children.size() : 0;
  uint64_t t = p.tree ? p.tree->created_ns : 0;
  st.atime_ns = st.mtime_ns = st.ctime_ns = t;
  st.mode = 0755;  // as a root-owned directory; chmod answers ReadOnly
  return st;
}

Result<Stat> stat_of(const Position& p) {
  if (p.synthetic()) return synthetic_stat(p);
  auto st = p.node->stat();
  if (st) st->dev = p.dev();
  return st;
}

// "a/b/c/" -> "a/b"; "c" -> ""; "/c" -> "/".
std::string_view parent_path(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  if (slash == 0) return path.substr(0, 1);
  return path.substr(0, slash);
}

// A shared mutex that lets a waiting writer in before new readers, so mount and unmount are not
// starved by a steady stream of path operations (std::shared_mutex on glibc prefers readers).
// No Vfs member takes it twice on one thread, so preferring writers cannot deadlock.
class WriterFirstMutex {
 public:
  void lock_shared() {
    std::unique_lock lock(mu_);
    readers_may_enter_.wait(lock, [&] { return !writing_ && writers_waiting_ == 0; });
    ++readers_;
  }
  void unlock_shared() {
    std::unique_lock lock(mu_);
    if (--readers_ == 0 && writers_waiting_ > 0) writer_may_enter_.notify_one();
  }
  void lock() {
    std::unique_lock lock(mu_);
    ++writers_waiting_;
    writer_may_enter_.wait(lock, [&] { return !writing_ && readers_ == 0; });
    --writers_waiting_;
    writing_ = true;
  }
  void unlock() {
    std::unique_lock lock(mu_);
    writing_ = false;
    if (writers_waiting_ > 0) writer_may_enter_.notify_one();
    readers_may_enter_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable readers_may_enter_, writer_may_enter_;
  uint64_t readers_ = 0, writers_waiting_ = 0;
  bool writing_ = false;
};

}  // namespace

struct Vfs::Impl {
  explicit Impl(std::function<uint64_t()> clock_fn)
      : clock(clock_fn ? std::move(clock_fn) : system_now_ns), table(clock), resolver(table) {}

  std::function<uint64_t()> clock;
  mutable WriterFirstMutex mu;  // shared: path operations; exclusive: mount, unmount
  MountTable table;
  Resolver resolver;

  // Freezes a walk's stack into a handle: one new frame per level the walk added.
  Dir make_dir(const PositionStack& stack) const {
    auto state = std::make_shared<DirState>();
    const auto& top = stack.top();
    FramePtr chain = stack.first_frame() ? stack.first_frame() : stack.base();
    for (size_t i = stack.first_frame() ? 1 : 0; i < top.size(); ++i)
      chain = std::make_shared<Frame>(top[i], std::move(chain));
    state->frame = std::move(chain);
    state->here = top.back();
    if (state->here.mount) state->pin = state->here.mount->pin();
    return Dir(std::move(state));
  }

  Result<Resolved> resolve(const Dir& at, std::string_view path, Walk walk) const {
    return resolver.resolve(at, path, walk);
  }

  // Full resolution to an existing node.
  Result<Resolved> find(const Dir& at, std::string_view path, bool follow, bool beneath) const {
    auto r = resolve(at, path, Walk{follow, beneath, false});
    if (!r) return r.error();
    if (!r->node) return Errc::NoEntry;
    return r;
  }

  Result<std::shared_ptr<OpenFile>> open(const Dir& at, std::string_view path, OpenFlags flags,
                                         Resolve how);
  Result<void> mkdir(const Dir& at, std::string_view path, Resolve how);
  Result<std::vector<DirEntry>> readdir(const Dir& dir, uint64_t cookie, size_t max_entries);
};

Vfs::Vfs() : Vfs(Options{}) {}
Vfs::Vfs(Options options) : impl_(std::make_unique<Impl>(std::move(options.clock))) {}
Vfs::~Vfs() = default;

// ---- Mount table ----------------------------------------------------------------------------

Result<uint64_t> Vfs::mount(std::string_view path, std::shared_ptr<Backend> backend,
                            MountOptions options) {
  std::unique_lock lock(impl_->mu);
  auto mount = impl_->table.mount(path, std::move(backend), options.read_only);
  if (!mount) return mount.error();
  return (*mount)->id();
}

Result<void> Vfs::unmount(std::string_view path) {
  std::unique_lock lock(impl_->mu);
  return impl_->table.unmount(path);
}

std::vector<MountInfo> Vfs::mounts() const {
  std::shared_lock lock(impl_->mu);
  std::vector<MountInfo> out;
  for (const auto& m : impl_->table.mounts()) {
    out.push_back(MountInfo{m->id(), m->path(), std::string(m->backend().kind()), m->read_only()});
  }
  return out;
}

// ---- Directory handles ------------------------------------------------------------------------

Dir Vfs::root() {
  std::shared_lock lock(impl_->mu);
  return impl_->make_dir(impl_->resolver.root_stack());
}

Result<Dir> Vfs::open_dir(const Dir& at, std::string_view path, Resolve how) {
  std::shared_lock lock(impl_->mu);
  auto r = impl_->find(at, path, how.follow, how.beneath);
  if (!r) return r.error();
  if (!is_directory(*r->node)) return Errc::NotDirectory;
  return impl_->make_dir(r->node_stack());
}

// ---- Open -------------------------------------------------------------------------------------

Result<std::shared_ptr<OpenFile>> Vfs::open(const Dir& at, std::string_view path, OpenFlags flags,
                                            Resolve how) {
  std::shared_lock lock(impl_->mu);
  return impl_->open(at, path, flags, how);
}

Result<std::shared_ptr<OpenFile>> Vfs::Impl::open(const Dir& at, std::string_view path,
                                                  OpenFlags flags, Resolve how) {
  const bool follow = how.follow && !flags.nofollow;
  if (flags.truncate && !flags.write) return Errc::Invalid;
  Resolved r;
  bool just_created = false;  // a new file is empty: truncating it would only cost a host flush
  if (flags.create) {
    if (flags.directory) return Errc::Invalid;
    auto walked = resolve(at, path, Walk{follow && !flags.exclusive, how.beneath, true});
    if (!walked) return walked.error();
    r = std::move(*walked);
    if (r.node && flags.exclusive) return Errc::Exists;
    if (!r.node) {
      if (r.trailing_slash) return Errc::IsDirectory;
      const Position& parent = r.parent();
      if (auto ok = check_writable_dir(parent); !ok) return ok.error();
      auto made = parent.node->create_file(r.name);
      just_created = made.ok();
      if (!made && made.error() == Errc::Exists && !flags.exclusive) {
        made = parent.node->lookup(r.name);  // created by someone else meanwhile: open theirs
      }
      if (!made) return made.error();
      r.node = Position{parent.mount, std::move(*made), nullptr, r.name};
    } else if (r.trailing_slash && !is_directory(*r.node)) {
      return Errc::NotDirectory;
    }
  } else {
    auto walked = find(at, path, follow, how.beneath);
    if (!walked) return walked.error();
    r = std::move(*walked);
  }

  const Position& target = *r.node;
  OpenFile::Parts parts;
  parts.node = target.node;
  parts.dev = target.dev();
  parts.read_only_mount = target.synthetic() || target.mount->read_only();
  parts.readable = flags.read;
  parts.writable = flags.write;
  parts.append = flags.append;

  if (is_directory(target)) {
    if (flags.write || flags.truncate || flags.create) return Errc::IsDirectory;
    parts.type = FileType::Directory;
    parts.dir = make_dir(r.node_stack());
    if (target.synthetic()) parts.synthetic_stat = synthetic_stat(target);
    parts.pin = parts.dir.state()->pin;
    return std::make_shared<OpenFile>(std::move(parts));
  }
  FileType type = target.node->type();
  if (type == FileType::Symlink) return Errc::Loop;  // only reached with nofollow
  if (flags.directory) return Errc::NotDirectory;
  if (type != FileType::Regular && type != FileType::CharDevice) return Errc::NotSupported;
  if (flags.write && parts.read_only_mount) return Errc::ReadOnly;
  auto handle = target.node->open(OpenMode{flags.read, flags.write});
  if (!handle) return handle.error();
  if (flags.truncate && !just_created) {
    if (auto ok = (*handle)->set_size(0); !ok) return ok.error();
  }
  parts.type = type;
  parts.handle = std::move(*handle);
  parts.pin = target.mount->pin();
  return std::make_shared<OpenFile>(std::move(parts));
}

// ---- Path operations -------------------------------------------------------------------------

Result<Stat> Vfs::stat(const Dir& at, std::string_view path, Resolve how) {
  std::shared_lock lock(impl_->mu);
  // The last name is asked of its directory (Node::stat_child); only a symlink to follow takes
  // the full walk.
  auto r = impl_->resolve(at, path, Walk{how.follow, how.beneath, false, true});
  if (!r) return r.error();
  if (!r->deferred) {
    if (!r->node) return Errc::NoEntry;
    return stat_of(*r->node);
  }
  auto st = r->parent().node->stat_child(r->name);
  if (!st) return st.error();
  if (st->type == FileType::Symlink && (how.follow || r->trailing_slash)) {
    auto full = impl_->find(at, path, how.follow, how.beneath);
    if (!full) return full.error();
    return stat_of(*full->node);
  }
  if (r->trailing_slash && st->type != FileType::Directory) return Errc::NotDirectory;
  st->dev = r->parent().dev();
  return st;
}

Result<Stat> Vfs::lstat(const Dir& at, std::string_view path, Resolve how) {
  how.follow = false;
  return stat(at, path, how);
}

Result<void> Vfs::mkdir(const Dir& at, std::string_view path, Resolve how) {
  std::shared_lock lock(impl_->mu);
  return impl_->mkdir(at, path, how);
}

Result<void> Vfs::Impl::mkdir(const Dir& at, std::string_view path, Resolve how) {
  auto r = resolve(at, path, Walk{false, how.beneath, true});
  if (!r) return r.error();
  if (r->node) return Errc::Exists;
  if (auto ok = check_writable_dir(r->parent()); !ok) return ok.error();
  auto made = r->parent().node->mkdir(r->name);
  if (!made) return made.error();
  return {};
}

Result<void> Vfs::unlink(const Dir& at, std::string_view path, Resolve how) {
  std::shared_lock lock(impl_->mu);
  auto r = impl_->resolve(at, path, Walk{false, how.beneath, true});
  if (!r) return r.error();
  if (!r->node) return Errc::NoEntry;
  if (r->name.empty() || is_directory(*r->node)) return Errc::IsDirectory;
  if (r->trailing_slash) return Errc::NotDirectory;
  if (auto ok = check_writable_dir(r->parent()); !ok) return ok.error();
  return r->parent().node->unlink(r->name);
}

Result<void> Vfs::rmdir(const Dir& at, std::string_view path, Resolve how) {
  std::shared_lock lock(impl_->mu);
  auto r = impl_->resolve(at, path, Walk{false, how.beneath, true});
  if (!r) return r.error();
  if (r->name.empty()) {
    if (r->last == ".") return Errc::Invalid;
    if (r->last == "..") return Errc::NotEmpty;
    return Errc::Busy;  // the root, or a start directory named by "/"
  }
  if (!r->node) return Errc::NoEntry;
  if (!is_directory(*r->node)) return Errc::NotDirectory;
  if (held_by_mount_tree(r->parent(), r->name)) return Errc::Busy;
  if (auto ok = check_writable_dir(r->parent()); !ok) return ok.error();
  return r->parent().node->rmdir(r->name);
}

Result<void> Vfs::rename(const Dir& from_at, std::string_view from, const Dir& to_at,
                         std::string_view to, Resolve how) {
  std::shared_lock lock(impl_->mu);
  auto src = impl_->resolve(from_at, from, Walk{false, how.beneath, true});
  if (!src) return src.error();
  auto dst = impl_->resolve(to_at, to, Walk{false, how.beneath, true});
  if (!dst) return dst.error();
  if (src->name.empty() || dst->name.empty()) return Errc::Busy;
  if (!src->node) return Errc::NoEntry;
  bool moving_dir = is_directory(*src->node);
  if (!moving_dir && (src->trailing_slash || dst->trailing_slash)) return Errc::NotDirectory;
  if (held_by_mount_tree(src->parent(), src->name)) return Errc::Busy;
  if (held_by_mount_tree(dst->parent(), dst->name)) return Errc::Busy;
  if (src->parent().synthetic() || dst->parent().synthetic()) return Errc::ReadOnly;
  if (src->parent().mount != dst->parent().mount) return Errc::CrossDevice;
  if (auto ok = check_writable_dir(src->parent()); !ok) return ok.error();
  return src->parent().node->rename(src->name, *dst->parent().node, dst->name);
}

Result<void> Vfs::symlink(std::string_view target, const Dir& at, std::string_view path,
                          Resolve how) {
  if (target.empty()) return Errc::NoEntry;
  if (target.size() > kMaxPathBytes) return Errc::NameTooLong;
  if (target.find('\0') != std::string_view::npos) return Errc::Invalid;
  std::shared_lock lock(impl_->mu);
  auto r = impl_->resolve(at, path, Walk{false, how.beneath, true});
  if (!r) return r.error();
  if (r->node) return Errc::Exists;
  if (r->trailing_slash) return Errc::NoEntry;
  if (auto ok = check_writable_dir(r->parent()); !ok) return ok.error();
  return r->parent().node->symlink(r->name, target);
}

Result<std::string> Vfs::readlink(const Dir& at, std::string_view path, Resolve how) {
  std::shared_lock lock(impl_->mu);
  auto r = impl_->find(at, path, false, how.beneath);
  if (!r) return r.error();
  if (r->node->synthetic()) return Errc::Invalid;
  return r->node->node->readlink();
}

Result<void> Vfs::link(const Dir& from_at, std::string_view from, const Dir& to_at,
                       std::string_view to, Resolve how) {
  std::shared_lock lock(impl_->mu);
  auto src = impl_->resolve(from_at, from, Walk{how.follow, how.beneath, true});
  if (!src) return src.error();
  auto dst = impl_->resolve(to_at, to, Walk{false, how.beneath, true});
  if (!dst) return dst.error();
  if (!src->node) return Errc::NoEntry;
  if (src->name.empty() || is_directory(*src->node)) return Errc::Permission;
  if (src->trailing_slash) return Errc::NotDirectory;
  if (dst->node) return Errc::Exists;
  if (dst->trailing_slash) return Errc::NoEntry;
  if (dst->parent().synthetic()) return Errc::ReadOnly;
  if (src->parent().mount != dst->parent().mount) return Errc::CrossDevice;
  if (auto ok = check_writable_dir(dst->parent()); !ok) return ok.error();
  return src->parent().node->link(src->name, *dst->parent().node, dst->name);
}

Result<void> Vfs::set_times(const Dir& at, std::string_view path, TimeChange atime,
                            TimeChange mtime, Resolve how) {
  std::shared_lock lock(impl_->mu);
  auto r = impl_->find(at, path, how.follow, how.beneath);
  if (!r) return r.error();
  const Position& p = *r->node;
  if (p.synthetic() || p.mount->read_only()) return Errc::ReadOnly;
  return p.node->set_times(atime, mtime);
}

Result<void> Vfs::chmod(const Dir& at, std::string_view path, uint32_t mode, Resolve how) {
  std::shared_lock lock(impl_->mu);
  auto r = impl_->find(at, path, how.follow, how.beneath);
  if (!r) return r.error();
  const Position& p = *r->node;
  if (p.synthetic() || p.mount->read_only()) return Errc::ReadOnly;
  return p.node->set_mode(mode & kModeBits);
}

Result<void> Vfs::set_size(const Dir& at, std::string_view path, uint64_t size, Resolve how) {
  std::shared_lock lock(impl_->mu);
  auto r = impl_->find(at, path, how.follow, how.beneath);
  if (!r) return r.error();
  const Position& p = *r->node;
  if (is_directory(p)) return Errc::IsDirectory;
  if (p.mount->read_only()) return Errc::ReadOnly;
  if (p.node->type() != FileType::Regular) return Errc::Invalid;
  auto handle = p.node->open(OpenMode{false, true});
  if (!handle) return handle.error();
  return (*handle)->set_size(size);
}

// ---- Readdir ---------------------------------------------------------------------------------

Result<std::vector<DirEntry>> Vfs::readdir(const Dir& dir, uint64_t cookie, size_t max_entries) {
  std::shared_lock lock(impl_->mu);
  return impl_->readdir(dir, cookie, max_entries);
}

Result<std::vector<DirEntry>> Vfs::Impl::readdir(const Dir& dir, uint64_t cookie,
                                                 size_t max_entries) {
  if (!dir.valid()) return Errc::BadDescriptor;
  PositionStack stack = resolver.start_stack(dir);
  const Position& here = stack.back();
  std::vector<DirEntry> out;

  auto entry_for = [](const Position& p, std::string name, uint64_t next) -> Result<DirEntry> {
    auto st = stat_of(p);
    if (!st) return st.error();
    return DirEntry{std::move(name), st->ino, FileType::Directory, next};
  };
  if (cookie == 0 && out.size() < max_entries) {
    auto e = entry_for(here, ".", 1);
    if (!e) return e.error();
    out.push_back(std::move(*e));
    cookie = 1;
  }
  if (cookie == 1 && out.size() < max_entries) {
    Result<Position> above = here;
    if (const Position* below = stack.below_back()) {
      above = *below;
    } else if (stack.base()) {
      above = position_of(*stack.base());
    }
    if (!above) return above.error();
    auto e = entry_for(*above, "..", kBackendCookieShift);
    if (!e) return e.error();
    out.push_back(std::move(*e));
    cookie = kBackendCookieShift;
  }
  if (cookie < kBackendCookieShift) return out;

  // The backend's own entries; a name that is also a mount point shows the mount's root.
  if (cookie < kExtraCookieBase && !here.synthetic()) {
    while (out.size() < max_entries) {
      size_t want = max_entries - out.size();
      auto batch = here.node->readdir(cookie - kBackendCookieShift, want);
      if (!batch) return batch.error();
      for (auto& entry : *batch) {
        entry.next_cookie += kBackendCookieShift;
        if (here.tree) {
          if (const MountTreeNode* child = here.tree->child(entry.name)) {
            if (child->mount) {
              auto st = child->mount->root()->stat();
              entry.ino = st ? st->ino : 0;
              entry.type = FileType::Directory;
            } else if (entry.type != FileType::Directory) {
              entry.ino = child->ino;  // a synthetic directory shadows a non-directory
              entry.type = FileType::Directory;
            }
          }
        }
        cookie = entry.next_cookie;
        out.push_back(std::move(entry));
      }
      if (batch->size() < want || batch->empty()) {
        cookie = kExtraCookieBase;  // the backend is done
        break;
      }
    }
    if (out.size() >= max_entries && cookie != kExtraCookieBase) return out;
  }
  if (cookie < kExtraCookieBase) cookie = kExtraCookieBase;

  // Mount points and synthetic directories the backend does not hold.
  if (!here.tree) return out;
  uint64_t index = 0;
  for (const auto& [name, child] : here.tree->children) {
    if (!here.synthetic() && here.node->lookup(name)) continue;  // listed by the backend
    ++index;
    if (kExtraCookieBase + index <= cookie) continue;
    if (out.size() >= max_entries) break;
    Position p{child->mount, child->mount ? child->mount->root() : nullptr, child, name};
    auto e = entry_for(p, name, kExtraCookieBase + index);
    if (!e) return e.error();
    out.push_back(std::move(*e));
  }
  return out;
}

// ---- Conveniences ----------------------------------------------------------------------------

Result<std::string> Vfs::read_file(const Dir& at, std::string_view path) {
  auto file = open(at, path, OpenFlags{.read = true});
  if (!file) return file.error();
  if ((*file)->is_directory()) return Errc::IsDirectory;
  std::string out;
  try {
    if (auto st = (*file)->stat(); st && st->size < (uint64_t{1} << 32)) out.reserve(st->size);
    std::byte buffer[64 * 1024];
    for (;;) {
      auto n = (*file)->read(buffer);
      if (!n) return n.error();
      if (*n == 0) break;
      out.append(reinterpret_cast<const char*>(buffer), *n);
    }
  } catch (const std::bad_alloc&) {
    return Errc::NoMemory;
  } catch (const std::length_error&) {
    return Errc::FileTooBig;
  }
  return out;
}

Result<void> Vfs::write_file(const Dir& at, std::string_view path, std::string_view contents,
                             WriteFileOptions options) {
  if (options.create_parents) {
    std::string_view parent = parent_path(path);
    if (!parent.empty()) {
      if (auto ok = mkdir_p(at, parent); !ok) return ok.error();
    }
  }
  auto file = open(at, path,
                   OpenFlags{.read = false,
                             .write = true,
                             .create = true,
                             .truncate = !options.append,
                             .append = options.append});
  if (!file) return file.error();
  auto bytes = std::as_bytes(std::span(contents.data(), contents.size()));
  while (!bytes.empty()) {
    auto n = (*file)->write(bytes);
    if (!n) return n.error();
    if (*n == 0) return Errc::NoSpace;
    bytes = bytes.subspan(*n);
  }
  return {};
}

Result<void> Vfs::mkdir_p(const Dir& at, std::string_view path) {
  if (path.empty()) return Errc::NoEntry;
  if (path.size() > kMaxPathBytes) return Errc::NameTooLong;
  // Each prefix in turn: "a", "a/b", "a/b/c".
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    if (end > pos) {
      std::string_view prefix = path.substr(0, end);
      auto made = mkdir(at, prefix);
      if (!made) {
        if (made.error() != Errc::Exists) return made.error();
        auto st = stat(at, prefix);
        // A name that exists but leads nowhere (a dangling symlink) answers mkdir's EEXIST, as
        // Linux.
        if (!st) return st.error() == Errc::NoEntry ? Errc::Exists : st.error();
        if (st->type != FileType::Directory) return Errc::NotDirectory;
      }
    }
    pos = end + 1;
  }
  return {};
}

Result<std::vector<std::string>> Vfs::list(const Dir& at, std::string_view path) {
  auto dir = open_dir(at, path);
  if (!dir) return dir.error();
  auto entries = readdir(*dir);
  if (!entries) return entries.error();
  std::vector<std::string> names;
  for (auto& e : *entries) {
    if (e.name != "." && e.name != "..") names.push_back(std::move(e.name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<void> Vfs::remove(const Dir& at, std::string_view path) {
  // Refuse "/", "." and ".." up front (as rm does), rather than emptying them and then failing.
  std::string_view trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.remove_suffix(1);
  std::string_view last =
      trimmed.substr(trimmed.rfind('/') == std::string_view::npos ? 0 : trimmed.rfind('/') + 1);
  if (trimmed == "/") return Errc::Busy;
  if (last == "." || last == "..") return Errc::Invalid;
  auto st = lstat(at, path);
  if (!st) return st.error();
  if (st->type != FileType::Directory) return unlink(at, path);
  // Depth-first with an explicit stack, so a hostile deep tree cannot exhaust the C++ stack.
  struct Pending {
    Dir dir;
    bool emptied = false;
  };
  auto top = open_dir(at, path, Resolve{.follow = false});
  if (!top) return top.error();
  std::vector<Pending> todo{{*top}};
  while (!todo.empty()) {
    if (todo.back().emptied) {
      todo.pop_back();
      continue;
    }
    Dir dir = todo.back().dir;
    auto names = list(dir, ".");
    if (!names) return names.error();
    bool descended = false;
    for (const auto& name : *names) {
      auto child = lstat(dir, name);
      if (!child) return child.error();
      if (child->type == FileType::Directory) {
        auto sub = list(dir, name);
        if (sub && !sub->empty()) {
          auto opened = open_dir(dir, name, Resolve{.follow = false});
          if (!opened) return opened.error();
          todo.push_back({*opened});
          descended = true;
          break;
        }
        if (auto ok = rmdir(dir, name); !ok) return ok.error();
      } else if (auto ok = unlink(dir, name); !ok) {
        return ok.error();
      }
    }
    if (!descended) todo.back().emptied = true;
  }
  return rmdir(at, path);
}

}  // namespace wask::vfs
