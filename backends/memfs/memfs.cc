#include "backends/memfs/memfs.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace wask::backends {

using vfs::DirEntry;
using vfs::Errc;
using vfs::FileHandle;
using vfs::FileType;
using vfs::Node;
using vfs::NodePtr;
using vfs::OpenMode;
using vfs::Result;
using vfs::Stat;
using vfs::TimeChange;

namespace {

constexpr uint64_t kChunkSize = 64 * 1024;

// Default-initialises instead of zeroing on resize: chunk bytes are always written (or hole-zeroed)
// right after growing, so zeroing them first would touch every byte twice.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
constexpr uint64_t kMaxFileSize = uint64_t{1} << 62;
// The modes new nodes get (no umask: the VM has one user).
constexpr uint32_t kFileMode = 0644, kDirMode = 0755, kSymlinkMode = 0777;
// Removed entries whose cookies a reader may still hold; older ones are forgotten.
constexpr size_t kMaxTombstones = 4096;

uint64_t system_now_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

struct Memfs::State {
  MemfsOptions options;
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> inodes{0};
  std::atomic<uint64_t> next_ino{1};
  // Guards every directory's entries, parent links and removed flags. File data has its own lock.
  std::shared_mutex ns;

  uint64_t now() const { return options.clock(); }

  // Reserves up to `wanted` bytes; answers how many were granted.
  uint64_t reserve_bytes_up_to(uint64_t wanted) {
    uint64_t used = bytes.load();
    for (;;) {
      uint64_t room = used >= options.max_bytes ? 0 : options.max_bytes - used;
      uint64_t take = std::min(room, wanted);
      if (take == 0) return 0;
      if (bytes.compare_exchange_weak(used, used + take)) return take;
    }
  }
  bool reserve_bytes(uint64_t wanted) {
    if (wanted == 0) return true;
    uint64_t used = bytes.load();
    for (;;) {
      if (used > options.max_bytes || options.max_bytes - used < wanted) return false;
      if (bytes.compare_exchange_weak(used, used + wanted)) return true;
    }
  }
  void release_bytes(uint64_t n) { bytes.fetch_sub(n); }
  bool reserve_inode() {
    uint64_t used = inodes.load();
    for (;;) {
      if (used >= options.max_inodes) return false;
      if (inodes.compare_exchange_weak(used, used + 1)) return true;
    }
  }
  void release_inode() { inodes.fetch_sub(1); }
};

namespace {

using State = Memfs::State;

class MemDir;

class MemNode : public Node {
 public:
  MemNode(std::shared_ptr<State> fs, FileType type, uint64_t nlink)
      : fs_(std::move(fs)),
        ino_(fs_->next_ino.fetch_add(1)),
        type_(type),
        nlink_(nlink),
        mode_(type == FileType::Directory ? kDirMode
              : type == FileType::Symlink ? kSymlinkMode
                                          : kFileMode) {
    uint64_t t = fs_->now();
    atime_ = mtime_ = ctime_ = t;
  }
  ~MemNode() override { fs_->release_inode(); }

  FileType type() override { return type_; }
  State& fs() const { return *fs_; }
  bool fs_read_only() const { return fs_->options.read_only; }

  void touch_modified() {
    uint64_t t = fs_->now();
    mtime_ = t;
    ctime_ = t;
  }
  void touch_changed() { ctime_ = fs_->now(); }
  void touch_accessed() { atime_ = fs_->now(); }

  Stat base_stat(uint64_t size) const {
    Stat s;
    s.ino = ino_;
    s.type = type_;
    s.nlink = nlink_.load();
    s.size = size;
    s.atime_ns = atime_.load();
    s.mtime_ns = mtime_.load();
    s.ctime_ns = ctime_.load();
    s.mode = mode_.load();
    return s;
  }

  Result<void> set_mode(uint32_t mode) override {
    if (fs_read_only()) return Errc::ReadOnly;
    if (type_ == FileType::Symlink) return Errc::NotSupported;
    mode_ = mode & vfs::kModeBits;
    touch_changed();
    return {};
  }

  Result<void> set_times(TimeChange atime, TimeChange mtime) override {
    if (fs_read_only()) return Errc::ReadOnly;
    uint64_t now = fs_->now();
    auto apply = [now](std::atomic<uint64_t>& field, TimeChange change) {
      if (change.kind == TimeChange::Kind::Now) field = now;
      if (change.kind == TimeChange::Kind::Set) field = change.ns;
    };
    apply(atime_, atime);
    apply(mtime_, mtime);
    ctime_ = now;
    return {};
  }

  // Defaults for operations that do not fit this node's type.
  Result<std::shared_ptr<FileHandle>> open(OpenMode) override {
    return type_ == FileType::Directory ? Errc::IsDirectory : Errc::Invalid;
  }
  Result<std::string> readlink() override { return Errc::Invalid; }
  Result<NodePtr> lookup(std::string_view) override { return Errc::NotDirectory; }
  Result<NodePtr> create_file(std::string_view) override { return Errc::NotDirectory; }
  Result<NodePtr> mkdir(std::string_view) override { return Errc::NotDirectory; }
  Result<void> symlink(std::string_view, std::string_view) override { return Errc::NotDirectory; }
  Result<void> unlink(std::string_view) override { return Errc::NotDirectory; }
  Result<void> rmdir(std::string_view) override { return Errc::NotDirectory; }
  Result<void> rename(std::string_view, Node&, std::string_view) override {
    return Errc::NotDirectory;
  }
  Result<void> link(std::string_view, Node&, std::string_view) override {
    return Errc::NotDirectory;
  }
  Result<std::vector<DirEntry>> readdir(uint64_t, size_t) override { return Errc::NotDirectory; }

  std::shared_ptr<State> fs_;
  const uint64_t ino_;
  const FileType type_;
  std::atomic<uint64_t> nlink_;
  std::atomic<uint32_t> mode_;
  std::atomic<uint64_t> atime_{0}, mtime_{0}, ctime_{0};
};

// ---- Regular files ------------------------------------------------------------------------

class MemFile : public MemNode, public std::enable_shared_from_this<MemFile> {
 public:
  explicit MemFile(std::shared_ptr<State> fs) : MemNode(std::move(fs), FileType::Regular, 1) {}
  ~MemFile() override { fs().release_bytes(size_); }

  Result<Stat> stat() override {
    std::shared_lock lock(data_mu_);
    return base_stat(size_);
  }

  Result<std::shared_ptr<FileHandle>> open(OpenMode mode) override;

  Result<size_t> read(uint64_t offset, std::span<std::byte> out) {
    std::shared_lock lock(data_mu_);
    if (offset >= size_ || out.empty()) return size_t{0};
    uint64_t n = std::min<uint64_t>(out.size(), size_ - offset);
    uint64_t done = 0;
    while (done < n) {
      uint64_t pos = offset + done;
      uint64_t index = pos / kChunkSize, within = pos % kChunkSize;
      uint64_t take = std::min(n - done, kChunkSize - within);
      auto it = chunks_.find(index);
      uint64_t stored = 0;  // bytes of this piece the chunk holds; the rest is a hole
      if (it != chunks_.end() && it->second.size() > within) {
        stored = std::min<uint64_t>(take, it->second.size() - within);
        std::memcpy(out.data() + done, it->second.data() + within, stored);
      }
      std::memset(out.data() + done + stored, 0, take - stored);
      done += take;
    }
    touch_accessed();
    return static_cast<size_t>(n);
  }

  Result<size_t> write(uint64_t offset, std::span<const std::byte> data) {
    std::unique_lock lock(data_mu_);
    return write_locked(offset, data);
  }

  Result<FileHandle::Appended> append(std::span<const std::byte> data) {
    std::unique_lock lock(data_mu_);
    uint64_t at = size_;
    auto n = write_locked(at, data);
    if (!n) return n.error();
    return FileHandle::Appended{at, *n};
  }

  Result<void> set_size(uint64_t size) {
    if (fs_read_only()) return Errc::ReadOnly;
    if (size > kMaxFileSize) return Errc::FileTooBig;
    std::unique_lock lock(data_mu_);
    if (size > size_) {
      if (!fs().reserve_bytes(size - size_)) return Errc::NoSpace;
    } else if (size < size_) {
      drop_beyond(size);
      fs().release_bytes(size_ - size);
    }
    size_ = size;
    touch_modified();
    return {};
  }

 private:
  Result<size_t> write_locked(uint64_t offset, std::span<const std::byte> data) {
    if (fs_read_only()) return Errc::ReadOnly;
    if (data.empty()) return size_t{0};
    if (offset > kMaxFileSize || data.size() > kMaxFileSize - offset) return Errc::FileTooBig;
    uint64_t end = offset + data.size();
    uint64_t granted = 0;
    if (end > size_) {
      uint64_t growth = end - size_;
      granted = fs().reserve_bytes_up_to(growth);
      if (granted < growth) {
        end = size_ + granted;  // a short write: only what fits
        if (end <= offset) {
          fs().release_bytes(granted);
          return Errc::NoSpace;
        }
      }
    }
    uint64_t n = end - offset;
    // Grow every chunk first, so a failed allocation leaves the contents untouched. A chunk holds
    // only up to the last byte written in it: a small file costs bytes, not a whole chunk.
    try {
      for (uint64_t index = offset / kChunkSize; index <= (end - 1) / kChunkSize; ++index) {
        uint64_t chunk_end = std::min(kChunkSize, end - index * kChunkSize);
        auto& chunk = chunks_[index];
        if (chunk.size() < chunk_end) {
          // Geometric growth keeps small appends amortised O(1) inside a chunk.
          if (chunk.capacity() < chunk_end) {
            chunk.reserve(
                std::min<uint64_t>(kChunkSize, std::max(chunk_end, chunk.capacity() * 2)));
          }
          // Growing leaves bytes uninitialised; only a hole before this write's first byte is
          // zeroed.
          uint64_t old_size = chunk.size();
          uint64_t write_start = offset > index * kChunkSize ? offset - index * kChunkSize : 0;
          chunk.resize(chunk_end);
          if (old_size < write_start) {
            std::memset(chunk.data() + old_size, 0, write_start - old_size);
          }
        }
      }
    } catch (const std::bad_alloc&) {
      fs().release_bytes(granted);
      return Errc::NoMemory;
    }
    uint64_t done = 0;
    while (done < n) {
      uint64_t pos = offset + done;
      uint64_t index = pos / kChunkSize, within = pos % kChunkSize;
      uint64_t take = std::min(n - done, kChunkSize - within);
      std::memcpy(chunks_[index].data() + within, data.data() + done, take);
      done += take;
    }
    size_ = std::max(size_, end);
    touch_modified();
    return static_cast<size_t>(n);
  }

  // Forgets the bytes from `size` on, so growing again later reads zeros.
  void drop_beyond(uint64_t size) {
    uint64_t first_whole = (size + kChunkSize - 1) / kChunkSize;
    chunks_.erase(chunks_.lower_bound(first_whole), chunks_.end());
    if (size % kChunkSize != 0) {
      auto it = chunks_.find(size / kChunkSize);
      uint64_t within = size % kChunkSize;
      if (it != chunks_.end() && it->second.size() > within) it->second.resize(within);
    }
  }

  std::shared_mutex data_mu_;
  // Chunk index -> its bytes, up to the last one written; a missing chunk or tail reads as zeros.
  std::map<uint64_t, std::vector<std::byte, UninitializedAllocator<std::byte>>> chunks_;
  uint64_t size_ = 0;
};

class MemHandle : public FileHandle {
 public:
  MemHandle(std::shared_ptr<MemFile> file, OpenMode mode) : file_(std::move(file)), mode_(mode) {}

  Result<size_t> read(uint64_t offset, std::span<std::byte> out) override {
    if (!mode_.read) return Errc::BadDescriptor;
    return file_->read(offset, out);
  }
  Result<size_t> write(uint64_t offset, std::span<const std::byte> data) override {
    if (!mode_.write) return Errc::BadDescriptor;
    return file_->write(offset, data);
  }
  Result<Appended> append(std::span<const std::byte> data) override {
    if (!mode_.write) return Errc::BadDescriptor;
    return file_->append(data);
  }
  Result<void> set_size(uint64_t size) override {
    if (!mode_.write) return Errc::BadDescriptor;
    return file_->set_size(size);
  }
  Result<Stat> stat() override { return file_->stat(); }
  Result<void> sync() override { return {}; }

 private:
  std::shared_ptr<MemFile> file_;  // keeps an unlinked file alive
  OpenMode mode_;
};

Result<std::shared_ptr<FileHandle>> MemFile::open(OpenMode mode) {
  if (mode.write && fs_read_only()) return Errc::ReadOnly;
  return std::shared_ptr<FileHandle>(std::make_shared<MemHandle>(shared_from_this(), mode));
}

// ---- Symlinks -----------------------------------------------------------------------------

class MemSymlink : public MemNode {
 public:
  MemSymlink(std::shared_ptr<State> fs, std::string target)
      : MemNode(std::move(fs), FileType::Symlink, 1), target_(std::move(target)) {}
  ~MemSymlink() override { fs().release_bytes(target_.size()); }

  Result<Stat> stat() override { return base_stat(target_.size()); }
  Result<std::string> readlink() override {
    touch_accessed();
    return target_;
  }

 private:
  const std::string target_;
};

// ---- Directories --------------------------------------------------------------------------

class MemDir : public MemNode, public std::enable_shared_from_this<MemDir> {
 public:
  explicit MemDir(std::shared_ptr<State> fs) : MemNode(std::move(fs), FileType::Directory, 2) {}

  // Dismantles the subtree with a worklist: a hostile, very deep tree must not recurse once per
  // level. Only a directory with entries locks, and those die only here, never under the lock.
  ~MemDir() override {
    if (entries_.empty()) return;
    std::unique_lock lock(fs().ns);
    std::vector<std::shared_ptr<MemNode>> doomed;
    auto take_entries = [&doomed](MemDir& dir) {
      for (auto& [name, entry] : dir.entries_) doomed.push_back(std::move(entry.node));
      dir.entries_.clear();
    };
    take_entries(*this);
    while (!doomed.empty()) {
      std::shared_ptr<MemNode> node = std::move(doomed.back());
      doomed.pop_back();
      if (node.use_count() == 1 && node->type_ == FileType::Directory) {
        take_entries(static_cast<MemDir&>(*node));
      }
    }
  }

  Result<Stat> stat() override {
    std::shared_lock lock(fs().ns);
    return base_stat(entries_.size());
  }

  Result<NodePtr> lookup(std::string_view name) override {
    std::shared_lock lock(fs().ns);
    if (removed_) return Errc::NoEntry;
    auto it = entries_.find(name);
    if (it == entries_.end()) return Errc::NoEntry;
    return NodePtr(it->second.node);
  }

  Result<NodePtr> create_file(std::string_view name) override {
    return create(name, [this] { return std::make_shared<MemFile>(fs_); });
  }

  Result<NodePtr> mkdir(std::string_view name) override {
    return create(name, [this] {
      auto dir = std::make_shared<MemDir>(fs_);
      dir->parent_ = weak_from_this();
      nlink_.fetch_add(1);  // the new directory's ".."
      return dir;
    });
  }

  Result<void> symlink(std::string_view name, std::string_view target) override {
    if (!fs().reserve_bytes(target.size())) return Errc::NoSpace;
    auto made = create(
        name, [this, target] { return std::make_shared<MemSymlink>(fs_, std::string(target)); });
    if (!made) {
      fs().release_bytes(target.size());
      return made.error();
    }
    return {};
  }

  Result<void> unlink(std::string_view name) override {
    if (fs_read_only()) return Errc::ReadOnly;
    std::unique_lock lock(fs().ns);
    if (removed_) return Errc::NoEntry;
    auto it = entries_.find(name);
    if (it == entries_.end()) return Errc::NoEntry;
    if (it->second.node->type() == FileType::Directory) return Errc::IsDirectory;
    auto node = it->second.node;
    erase_entry(it);
    node->nlink_.fetch_sub(1);
    node->touch_changed();
    touch_modified();
    lock.unlock();  // the node may die here; its destructor needs no lock
    return {};
  }

  Result<void> rmdir(std::string_view name) override {
    if (fs_read_only()) return Errc::ReadOnly;
    std::unique_lock lock(fs().ns);
    if (removed_) return Errc::NoEntry;
    auto it = entries_.find(name);
    if (it == entries_.end()) return Errc::NoEntry;
    if (it->second.node->type() != FileType::Directory) return Errc::NotDirectory;
    auto dir = std::static_pointer_cast<MemDir>(it->second.node);
    if (!dir->entries_.empty()) return Errc::NotEmpty;
    erase_entry(it);
    dir->mark_removed();
    nlink_.fetch_sub(1);
    touch_modified();
    return {};
  }

  Result<void> rename(std::string_view name, Node& new_dir_node,
                      std::string_view new_name) override {
    if (fs_read_only()) return Errc::ReadOnly;
    auto* new_dir = dynamic_cast<MemDir*>(&new_dir_node);
    if (new_dir == nullptr || new_dir->fs_ != fs_) return Errc::CrossDevice;
    std::unique_lock lock(fs().ns);
    if (removed_ || new_dir->removed_) return Errc::NoEntry;
    auto from = entries_.find(name);
    if (from == entries_.end()) return Errc::NoEntry;
    std::shared_ptr<MemNode> moving = from->second.node;
    bool moving_dir = moving->type() == FileType::Directory;
    if (moving_dir && new_dir->is_within(static_cast<MemDir*>(moving.get()))) {
      return Errc::Invalid;  // a directory into itself or its own subtree
    }
    auto to = new_dir->entries_.find(new_name);
    std::shared_ptr<MemNode> replaced;
    if (to != new_dir->entries_.end()) {
      replaced = to->second.node;
      if (replaced == moving) return {};  // two names of one file: POSIX does nothing
      bool replaced_dir = replaced->type() == FileType::Directory;
      if (moving_dir && !replaced_dir) return Errc::NotDirectory;
      if (!moving_dir && replaced_dir) return Errc::IsDirectory;
      if (replaced_dir && !static_cast<MemDir*>(replaced.get())->entries_.empty()) {
        return Errc::NotEmpty;
      }
      new_dir->erase_entry(to);
      if (replaced_dir) {
        static_cast<MemDir*>(replaced.get())->mark_removed();
        new_dir->nlink_.fetch_sub(1);
      } else {
        replaced->nlink_.fetch_sub(1);
        replaced->touch_changed();
      }
    }
    erase_entry(entries_.find(name));
    new_dir->insert_entry(std::string(new_name), moving);
    if (moving_dir) {
      auto* dir = static_cast<MemDir*>(moving.get());
      dir->parent_ = new_dir->weak_from_this();
      if (new_dir != this) {
        nlink_.fetch_sub(1);
        new_dir->nlink_.fetch_add(1);
      }
    }
    moving->touch_changed();
    touch_modified();
    if (new_dir != this) new_dir->touch_modified();
    lock.unlock();  // `replaced` may die here
    return {};
  }

  Result<void> link(std::string_view name, Node& new_dir_node, std::string_view new_name) override {
    if (fs_read_only()) return Errc::ReadOnly;
    auto* new_dir = dynamic_cast<MemDir*>(&new_dir_node);
    if (new_dir == nullptr || new_dir->fs_ != fs_) return Errc::CrossDevice;
    std::unique_lock lock(fs().ns);
    if (removed_ || new_dir->removed_) return Errc::NoEntry;
    auto from = entries_.find(name);
    if (from == entries_.end()) return Errc::NoEntry;
    auto node = from->second.node;
    if (node->type() == FileType::Directory) return Errc::Permission;
    if (new_dir->entries_.count(new_name) != 0) return Errc::Exists;
    new_dir->insert_entry(std::string(new_name), node);
    node->nlink_.fetch_add(1);
    node->touch_changed();
    new_dir->touch_modified();
    return {};
  }

  Result<std::vector<DirEntry>> readdir(uint64_t cookie, size_t max_entries) override {
    std::shared_lock lock(fs().ns);
    std::vector<DirEntry> out;
    if (removed_) return out;
    auto it = entries_.begin();
    if (cookie != 0) {
      // A cookie names the entry returned last; it may have been removed since (tombstone).
      std::string_view after;
      if (auto live = name_of_seq_.find(cookie); live != name_of_seq_.end()) {
        after = live->second;
      } else if (auto dead = tombstones_.find(cookie); dead != tombstones_.end()) {
        after = dead->second;
      } else if (cookie >= next_seq_) {
        return out;  // past anything handed out: the end
      } else {
        return Errc::Invalid;  // a cookie this directory never gave, or long forgotten
      }
      it = entries_.upper_bound(after);
    }
    for (; it != entries_.end() && out.size() < max_entries; ++it) {
      const auto& entry = it->second;
      out.push_back(DirEntry{it->first, entry.node->ino_, entry.node->type(), entry.seq});
    }
    return out;
  }

  void mark_removed() {
    removed_ = true;
    nlink_ = 0;
    touch_changed();
  }

 private:
  struct Entry {
    std::shared_ptr<MemNode> node;
    uint64_t seq = 0;  // the cookie that resumes after this entry
  };
  using Entries = std::map<std::string, Entry, std::less<>>;

  template <class Make>
  Result<NodePtr> create(std::string_view name, Make make) {
    if (fs_read_only()) return Errc::ReadOnly;
    std::unique_lock lock(fs().ns);
    if (removed_) return Errc::NoEntry;
    if (entries_.count(name) != 0) return Errc::Exists;
    if (!fs().reserve_inode()) return Errc::NoSpace;
    std::shared_ptr<MemNode> node;
    try {
      node = make();
    } catch (const std::bad_alloc&) {
      fs().release_inode();
      return Errc::NoMemory;
    }
    insert_entry(std::string(name), node);
    touch_modified();
    return NodePtr(node);
  }

  void insert_entry(std::string name, std::shared_ptr<MemNode> node) {
    uint64_t seq = next_seq_++;
    name_of_seq_.emplace(seq, name);
    entries_.emplace(std::move(name), Entry{std::move(node), seq});
  }

  void erase_entry(Entries::iterator it) {
    uint64_t seq = it->second.seq;
    name_of_seq_.erase(seq);
    tombstones_.emplace(seq, it->first);
    tombstone_order_.push_back(seq);
    if (tombstone_order_.size() > kMaxTombstones) {
      tombstones_.erase(tombstone_order_.front());
      tombstone_order_.pop_front();
    }
    entries_.erase(it);
  }

  // Whether this directory is `ancestor` or lies beneath it. Needs fs().ns.
  bool is_within(const MemDir* ancestor) const {
    for (const MemDir* d = this; d != nullptr;) {
      if (d == ancestor) return true;
      auto parent = d->parent_.lock();
      d = parent.get();
    }
    return false;
  }

  Entries entries_;
  std::unordered_map<uint64_t, std::string> name_of_seq_;
  std::unordered_map<uint64_t, std::string> tombstones_;
  std::deque<uint64_t> tombstone_order_;
  uint64_t next_seq_ = 1;
  std::weak_ptr<MemDir> parent_;  // null for the root
  bool removed_ = false;
};

}  // namespace

std::shared_ptr<Memfs> Memfs::create(MemfsOptions options) {
  if (!options.clock) options.clock = system_now_ns;
  auto fs = std::shared_ptr<Memfs>(new Memfs());
  fs->state_ = std::make_shared<State>();
  fs->state_->options = std::move(options);
  fs->state_->inodes = 1;  // the root is always there, limit or not
  fs->root_ = std::make_shared<MemDir>(fs->state_);
  return fs;
}

NodePtr Memfs::root() { return root_; }
bool Memfs::read_only() const { return state_->options.read_only; }
uint64_t Memfs::used_bytes() const { return state_->bytes.load(); }
uint64_t Memfs::used_inodes() const { return state_->inodes.load(); }

}  // namespace wask::backends
