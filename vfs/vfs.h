// The kernel filesystem's facade: the one API the layers above (wasi/, shell/) use. Thread-safe:
// any number of threads may call any member at once. Every path is walked by vfs/resolver.cc,
// relative to a Dir (a cwd, a preopen, an open directory); absolute paths start at the VM root.
// Errors are Errc values, never exceptions.
//
//   Vfs vfs;
//   vfs.mount("/", backends::Memfs::create());
//   vfs.mount("/mnt/session", host_backend, {.read_only = true});
//   vfs.write_file("/tmp/a.txt", "hello", {.create_parents = true});
//   auto f = vfs.open(vfs.root(), "tmp/a.txt", {.read = true});
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vfs/backend.h"
#include "vfs/dir.h"
#include "vfs/errc.h"
#include "vfs/open_file.h"

namespace wask::vfs {

class MountTable;

// How a path is resolved.
struct Resolve {
  // Follow a symlink in the last component (stat vs lstat). Ignored by operations that never
  // follow it (mkdir, unlink, rmdir, rename, symlink, readlink).
  bool follow = true;
  // Stay beneath the start directory: an absolute path, a `..` above the start, or an absolute
  // symlink target answers NotCapable. This is WASI's per-descriptor sandbox.
  bool beneath = false;
};

struct OpenFlags {
  bool read = true;
  bool write = false;
  bool create = false;     // create a regular file if the name is free
  bool exclusive = false;  // with create: Exists if the name is taken (never follows a symlink)
  bool truncate = false;   // needs write
  bool append = false;     // writes go to the end
  bool directory = false;  // NotDirectory unless the result is a directory
  bool nofollow = false;   // Loop if the last component is a symlink
};

struct MountOptions {
  bool read_only = false;  // EROFS to every change, whatever the backend allows
};

struct MountInfo {
  uint64_t id = 0;   // the Stat::dev of everything beneath
  std::string path;  // "/mnt/session"
  std::string kind;  // the backend's kind()
  bool read_only = false;
};

struct WriteFileOptions {
  bool create_parents = false;  // mkdir -p the parent first
  bool append = false;          // append instead of replacing the contents
};

class Vfs {
 public:
  struct Options {
    // ns since the epoch, for synthetic directories' times; default: the system clock.
    std::function<uint64_t()> clock = {};
  };
  Vfs();
  explicit Vfs(Options options);
  ~Vfs();
  Vfs(const Vfs&) = delete;
  Vfs& operator=(const Vfs&) = delete;

  // --- Mount table -------------------------------------------------------------------------
  // `path` is absolute and lexical (no symlinks followed; `.`/`..` are Invalid). Exists if
  // something is already mounted there. Directories between the root and `path` appear as
  // synthetic directories unless a backend holds them. Answers the mount id.
  Result<uint64_t> mount(std::string_view path, std::shared_ptr<Backend> backend,
                         MountOptions options = {});
  // Invalid if nothing is mounted at `path`; Busy while a file or Dir is open beneath it or
  // another mount lies below it.
  Result<void> unmount(std::string_view path);
  std::vector<MountInfo> mounts() const;

  // --- Directory handles -------------------------------------------------------------------
  Dir root();  // the VM's "/"; usable even when nothing is mounted (a synthetic directory)
  Result<Dir> open_dir(const Dir& at, std::string_view path, Resolve how = {});
  Result<Dir> open_dir(std::string_view path) { return open_dir(root(), path); }

  // --- Open --------------------------------------------------------------------------------
  // Opens a regular file or a directory (a directory only without write/truncate: IsDirectory).
  // Creating in a read-only mount or synthetic directory answers ReadOnly.
  Result<std::shared_ptr<OpenFile>> open(const Dir& at, std::string_view path, OpenFlags flags,
                                         Resolve how = {});
  Result<std::shared_ptr<OpenFile>> open(std::string_view path, OpenFlags flags) {
    return open(root(), path, flags);
  }

  // --- Path operations (relative to `at`; absolute paths from the VM root) ------------------
  Result<Stat> stat(const Dir& at, std::string_view path, Resolve how = {});
  Result<Stat> lstat(const Dir& at, std::string_view path, Resolve how = {});  // never follows
  Result<void> mkdir(const Dir& at, std::string_view path, Resolve how = {});
  Result<void> unlink(const Dir& at, std::string_view path, Resolve how = {});
  Result<void> rmdir(const Dir& at, std::string_view path, Resolve how = {});
  // POSIX rename: replaces a file by a file, an empty directory by a directory. CrossDevice
  // between mounts; Busy for a mount point or synthetic directory; Invalid into itself.
  Result<void> rename(const Dir& from_at, std::string_view from, const Dir& to_at,
                      std::string_view to, Resolve how = {});
  // A symlink named `path` whose text is `target` (stored as is, interpreted when followed).
  Result<void> symlink(std::string_view target, const Dir& at, std::string_view path,
                       Resolve how = {});
  Result<std::string> readlink(const Dir& at, std::string_view path, Resolve how = {});
  // A hard link `to` to the file `from`; `how.follow` says whether `from` is followed.
  Result<void> link(const Dir& from_at, std::string_view from, const Dir& to_at,
                    std::string_view to, Resolve how = {.follow = false});
  Result<void> set_times(const Dir& at, std::string_view path, TimeChange atime, TimeChange mtime,
                         Resolve how = {});
  Result<void> set_size(const Dir& at, std::string_view path, uint64_t size, Resolve how = {});
  // chmod: the permission bits (mode & kModeBits) of what `path` names, a symlink followed unless
  // `how.follow` is false (then a symlink answers NotSupported). ReadOnly in read-only mounts
  // and synthetic directories.
  Result<void> chmod(const Dir& at, std::string_view path, uint32_t mode, Resolve how = {});

  // Up to `max_entries` entries from `cookie` (0 = start): ".", "..", then the directory's
  // entries, then mount points and synthetic directories a backend does not hold. Pass an
  // entry's next_cookie to continue after it.
  Result<std::vector<DirEntry>> readdir(const Dir& dir, uint64_t cookie = 0,
                                        size_t max_entries = std::numeric_limits<size_t>::max());

  // --- Conveniences (absolute paths, or relative to `at`) ------------------------------------
  Result<std::string> read_file(const Dir& at, std::string_view path);
  Result<std::string> read_file(std::string_view path) { return read_file(root(), path); }
  Result<void> write_file(const Dir& at, std::string_view path, std::string_view contents,
                          WriteFileOptions options = {});
  Result<void> write_file(std::string_view path, std::string_view contents,
                          WriteFileOptions options = {}) {
    return write_file(root(), path, contents, options);
  }
  Result<void> mkdir_p(const Dir& at, std::string_view path);  // Ok if it already is a directory
  Result<void> mkdir_p(std::string_view path) { return mkdir_p(root(), path); }
  // The names in a directory, sorted, without "." and "..".
  Result<std::vector<std::string>> list(const Dir& at, std::string_view path);
  Result<std::vector<std::string>> list(std::string_view path) { return list(root(), path); }
  // rm -r: a file, a symlink (not followed) or a directory with everything beneath it.
  Result<void> remove(const Dir& at, std::string_view path);
  Result<void> remove(std::string_view path) { return remove(root(), path); }
  Result<Stat> stat(std::string_view path) { return stat(root(), path); }
  Result<Stat> lstat(std::string_view path) { return lstat(root(), path); }
  Result<void> mkdir(std::string_view path) { return mkdir(root(), path); }
  Result<void> rmdir(std::string_view path) { return rmdir(root(), path); }
  Result<void> unlink(std::string_view path) { return unlink(root(), path); }
  Result<void> rename(std::string_view from, std::string_view to) {
    return rename(root(), from, root(), to);
  }
  Result<void> symlink(std::string_view target, std::string_view path) {
    return symlink(target, root(), path);
  }
  Result<std::string> readlink(std::string_view path) { return readlink(root(), path); }
  Result<void> chmod(std::string_view path, uint32_t mode) { return chmod(root(), path, mode); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wask::vfs
