// The bundle backend: a flat, read-only directory of in-memory files.
#include "backends/bundle/bundle.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace wask::backends {

namespace {

using vfs::DirEntry;
using vfs::Errc;
using vfs::FileType;
using vfs::NodePtr;
using vfs::Result;
using vfs::Stat;

constexpr uint64_t kRootIno = 1;  // files are 2, 3, ... in name order
constexpr uint32_t kMode = 0555;  // everything readable and runnable, nothing writable

// What every node answers to a change: this backend never changes.
class ReadOnlyNode : public vfs::Node {
 public:
  Result<void> set_times(vfs::TimeChange, vfs::TimeChange) override { return Errc::ReadOnly; }
  Result<void> set_mode(uint32_t) override { return Errc::ReadOnly; }
  Result<NodePtr> create_file(std::string_view) override { return Errc::ReadOnly; }
  Result<NodePtr> mkdir(std::string_view) override { return Errc::ReadOnly; }
  Result<void> symlink(std::string_view, std::string_view) override { return Errc::ReadOnly; }
  Result<void> unlink(std::string_view) override { return Errc::ReadOnly; }
  Result<void> rmdir(std::string_view) override { return Errc::ReadOnly; }
  Result<void> rename(std::string_view, vfs::Node&, std::string_view) override {
    return Errc::ReadOnly;
  }
  Result<void> link(std::string_view, vfs::Node&, std::string_view) override {
    return Errc::ReadOnly;
  }
};

class FileHandle : public vfs::FileHandle {
 public:
  FileHandle(std::span<const std::byte> bytes, Stat stat) : bytes_(bytes), stat_(stat) {}
  Result<size_t> read(uint64_t offset, std::span<std::byte> out) override {
    if (offset >= bytes_.size()) return size_t{0};
    size_t n = std::min<uint64_t>(out.size(), bytes_.size() - offset);
    std::memcpy(out.data(), bytes_.data() + offset, n);
    return n;
  }
  Result<size_t> write(uint64_t, std::span<const std::byte>) override { return Errc::ReadOnly; }
  Result<void> set_size(uint64_t) override { return Errc::ReadOnly; }
  Result<Stat> stat() override { return stat_; }
  Result<void> sync() override { return Result<void>(); }

 private:
  std::span<const std::byte> bytes_;
  Stat stat_;
};

class FileNode : public ReadOnlyNode {
 public:
  FileNode(std::span<const std::byte> bytes, uint64_t ino, uint64_t mtime_ns) : bytes_(bytes) {
    stat_.ino = ino;
    stat_.type = FileType::Regular;
    stat_.mode = kMode;
    stat_.size = bytes.size();
    stat_.atime_ns = stat_.mtime_ns = stat_.ctime_ns = mtime_ns;
  }
  Result<Stat> stat() override { return stat_; }
  FileType type() override { return FileType::Regular; }
  Result<std::shared_ptr<vfs::FileHandle>> open(vfs::OpenMode mode) override {
    if (mode.write) return Errc::ReadOnly;
    return std::shared_ptr<vfs::FileHandle>(std::make_shared<FileHandle>(bytes_, stat_));
  }
  Result<std::string> readlink() override { return Errc::Invalid; }
  Result<NodePtr> lookup(std::string_view) override { return Errc::NotDirectory; }
  Result<std::vector<DirEntry>> readdir(uint64_t, size_t) override { return Errc::NotDirectory; }

 private:
  std::span<const std::byte> bytes_;
  Stat stat_;
};

class DirNode : public ReadOnlyNode {
 public:
  struct Entry {
    std::string name;
    NodePtr node;
  };
  DirNode(std::vector<Entry> entries, uint64_t mtime_ns) : entries_(std::move(entries)) {
    stat_.ino = kRootIno;
    stat_.type = FileType::Directory;
    stat_.mode = kMode;
    stat_.nlink = 2;
    stat_.atime_ns = stat_.mtime_ns = stat_.ctime_ns = mtime_ns;
  }
  Result<Stat> stat() override { return stat_; }
  FileType type() override { return FileType::Directory; }
  Result<std::shared_ptr<vfs::FileHandle>> open(vfs::OpenMode) override {
    return Errc::IsDirectory;
  }
  Result<std::string> readlink() override { return Errc::Invalid; }
  Result<NodePtr> lookup(std::string_view name) override {
    auto it = find(name);
    if (it == entries_.end() || it->name != name) return Errc::NoEntry;
    return it->node;
  }
  // The cookie is the index of the next entry (entries are sorted and never change).
  Result<std::vector<DirEntry>> readdir(uint64_t cookie, size_t max_entries) override {
    std::vector<DirEntry> out;
    for (uint64_t i = cookie; i < entries_.size() && out.size() < max_entries; ++i) {
      out.push_back({entries_[i].name, kRootIno + 1 + i, FileType::Regular, i + 1});
    }
    return out;
  }

 private:
  std::vector<Entry>::const_iterator find(std::string_view name) const {
    return std::lower_bound(entries_.begin(), entries_.end(), name,
                            [](const Entry& e, std::string_view n) { return e.name < n; });
  }
  std::vector<Entry> entries_;
  Stat stat_;
};

bool valid_component(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == name.npos &&
         name.find('\0') == name.npos && name.size() <= 255;
}

}  // namespace

Result<std::shared_ptr<Bundle>> Bundle::create(std::vector<BundleFile> files, uint64_t mtime_ns) {
  std::sort(files.begin(), files.end(),
            [](const BundleFile& a, const BundleFile& b) { return a.name < b.name; });
  std::vector<DirNode::Entry> entries;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!valid_component(files[i].name)) return Errc::Invalid;
    if (i > 0 && files[i].name == files[i - 1].name) return Errc::Invalid;
    entries.push_back(
        {files[i].name, std::make_shared<FileNode>(files[i].bytes, kRootIno + 1 + i, mtime_ns)});
  }
  NodePtr root = std::make_shared<DirNode>(std::move(entries), mtime_ns);
  return std::shared_ptr<Bundle>(new Bundle(std::move(root)));
}

}  // namespace wask::backends
