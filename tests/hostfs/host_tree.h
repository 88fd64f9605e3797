// Test helpers for hostfs: a fresh host temp directory per test, plain POSIX/Boost access to it,
// and a recursive snapshot (names, types, sizes, mtimes, link targets) to prove a tree untouched.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace wask::test {

namespace fs = boost::filesystem;

// A unique directory under the host's temp dir, removed with everything beneath at the end.
class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / fs::unique_path("wask-hostfs-%%%%-%%%%-%%%%")) {
    fs::create_directories(path_);
  }
  ~TempDir() {
    boost::system::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline void write_host_file(const fs::path& path, std::string_view contents) {
  std::ofstream out(path.string(), std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
}

inline std::string read_host_file(const fs::path& path) {
  std::ifstream in(path.string(), std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline struct stat host_lstat(const fs::path& path) {
  struct stat st {};
  ::lstat(path.c_str(), &st);
  return st;
}

inline uint64_t host_mtime_ns(const fs::path& path) {
  struct stat st = host_lstat(path);
  return static_cast<uint64_t>(st.st_mtim.tv_sec) * 1'000'000'000u +
         static_cast<uint64_t>(st.st_mtim.tv_nsec);
}

// Everything observable about a tree, symlinks not followed: compared before and after.
struct TreeEntry {
  mode_t mode = 0;
  uint64_t size = 0;
  uint64_t mtime_ns = 0;
  uint64_t ctime_ns = 0;
  uint64_t nlink = 0;
  std::string link_target;
  std::string contents;  // regular files only
  bool operator==(const TreeEntry&) const = default;
};
using TreeSnapshot = std::map<std::string, TreeEntry>;

inline TreeSnapshot snapshot_tree(const fs::path& top) {
  TreeSnapshot out;
  auto record = [&](const fs::path& p) {
    struct stat st = host_lstat(p);
    TreeEntry e;
    e.mode = st.st_mode;
    e.size = static_cast<uint64_t>(st.st_size);
    e.mtime_ns = host_mtime_ns(p);
    e.ctime_ns = static_cast<uint64_t>(st.st_ctim.tv_sec) * 1'000'000'000u +
                 static_cast<uint64_t>(st.st_ctim.tv_nsec);
    e.nlink = st.st_nlink;
    if (S_ISLNK(st.st_mode)) e.link_target = fs::read_symlink(p).string();
    if (S_ISREG(st.st_mode)) e.contents = read_host_file(p);
    out[fs::relative(p, top).string()] = e;
  };
  record(top);
  for (fs::recursive_directory_iterator it(top), end; it != end; ++it) record(it->path());
  return out;
}

inline std::string describe_difference(const TreeSnapshot& before, const TreeSnapshot& after) {
  std::string out;
  for (const auto& [name, entry] : before) {
    auto it = after.find(name);
    if (it == after.end()) {
      out += "removed " + name + "; ";
    } else if (!(it->second == entry)) {
      out += "changed " + name + "; ";
    }
  }
  for (const auto& [name, entry] : after) {
    if (!before.count(name)) out += "added " + name + "; ";
  }
  return out;
}

}  // namespace wask::test
