// path_*: operations on a path relative to a directory fd. Paths are resolved by the VFS with
// `beneath`, so an absolute path, a `..` above the fd's directory or a symlink leading out of it
// answers ENOTCAPABLE: each directory fd is a sandbox, as in wasmtime. The exceptions are the
// preopens (the VM root and the cwd) and any fd on the VM root: they are the process's place in
// the VM's namespace, not a sandbox within it (the VM is the sandbox), so there `..` climbs as in
// a chroot (never above `/`) and absolute symlinks resolve in the VM's namespace (never the
// host's). So `ls -la` in a cwd can stat `./..`.
#include <algorithm>
#include <cstring>

#include "wasi/syscalls.h"
#include "wasi/vfs_glue.h"

namespace wask::wasi::syscalls {

namespace {

struct At {
  FdEntry* entry;
  bool in_namespace;  // a preopen or the VM root: resolves in the VM's namespace
  const vfs::Dir& dir() const { return entry->file->dir(); }
  vfs::Resolve how(bool follow) const { return {.follow = follow, .beneath = !in_namespace}; }
};

// The directory an fd names, if it holds `needed`: EBADF, ENOTDIR, ENOTCAPABLE.
Expected<At> directory(Call& c, Fd fd, uint64_t needed) {
  auto entry = c.ctx.fds().get(fd);
  if (!entry) return entry.error();
  if (!(*entry)->is_directory()) return Errno::NotDir;
  if (((*entry)->base.bits & needed) != needed) return Errno::NotCapable;
  return At{*entry,
            (*entry)->is_preopen() || (*entry)->file->dir().same_place(c.ctx.vfs().root())};
}

// One resolution rule for two directories: beneath unless both resolve in the VM's namespace.
vfs::Resolve both(const At& a, const At& b, bool follow) {
  return {.follow = follow, .beneath = !(a.in_namespace && b.in_namespace)};
}

Errno status(vfs::Result<void> r) { return r ? Errno::Success : to_errno(r.error()); }

}  // namespace

Errno path_open(Call& c, Fd fd, LookupFlags dirflags, Path path, OFlags oflags, Rights rights_base,
                Rights rights_inheriting, FdFlags fdflags, GuestPtr<Fd> opened) {
  uint64_t needed = right::PATH_OPEN;
  if (oflags.has(oflag::CREAT)) needed |= right::PATH_CREATE_FILE;
  if (oflags.has(oflag::TRUNC)) needed |= right::PATH_FILESTAT_SET_SIZE;
  auto at = directory(c, fd, needed);
  if (!at) return at.error();
  if (oflags.has(oflag::DIRECTORY) && oflags.any(oflag::CREAT | oflag::TRUNC)) return Errno::Inval;
  if (path.text.empty()) return Errno::NoEnt;
  // Not kept, so refused rather than dropped silently (fd_fdstat_get could not report them).
  if (fdflags.any(fdflag::DSYNC | fdflag::RSYNC | fdflag::SYNC)) return Errno::NotSup;
  if (c.ctx.fds().size() >= c.ctx.options().max_open_fds) return Errno::MFile;

  bool follow = dirflags.has(lookupflag::SYMLINK_FOLLOW);
  bool want_write = rights_base.has(right::FD_WRITE);
  bool want_read = rights_base.any(right::FD_READ | right::FD_READDIR);
  vfs::OpenFlags flags{
      .read = want_read || !want_write,
      .write = want_write || oflags.has(oflag::TRUNC),
      .create = oflags.has(oflag::CREAT),
      .exclusive = oflags.has(oflag::EXCL),
      .truncate = oflags.has(oflag::TRUNC),
      .append = fdflags.has(fdflag::APPEND),
      .directory = oflags.has(oflag::DIRECTORY),
      .nofollow = !follow,
  };
  auto file = from_vfs(c.ctx.vfs().open(at->dir(), path.text, flags, at->how(follow)));
  if (!file) return file.error();

  // /dev/stdin and its kin stand for this process's own fd 0/1/2: share its description.
  if (auto alias = (*file)->alias_fd()) {
    if (!c.ctx.fds().find(Fd{*alias})) return Errno::BadF;
    auto dup = c.ctx.fds().dup(Fd{*alias});
    if (!dup) return dup.error();
    return c.mem.write(opened, *dup);
  }
  FdEntry entry;
  entry.file = std::move(*file);
  uint64_t kind_rights = entry.is_directory() ? rights_of::kDirectory : rights_of::kFile;
  // The new fd gets what was asked for, within what the directory may hand down.
  entry.base.bits = rights_base.bits & at->entry->inheriting.bits & kind_rights;
  entry.inheriting.bits = rights_inheriting.bits & at->entry->inheriting.bits;
  entry.path = join_vm_path(at->entry->path, path.text);
  auto new_fd = c.ctx.fds().insert(std::move(entry));
  if (!new_fd) return new_fd.error();
  return c.mem.write(opened, *new_fd);
}

Errno path_create_directory(Call& c, Fd fd, Path path) {
  auto at = directory(c, fd, right::PATH_CREATE_DIRECTORY);
  if (!at) return at.error();
  return status(c.ctx.vfs().mkdir(at->dir(), path.text, at->how(false)));
}

Errno path_filestat_get(Call& c, Fd fd, LookupFlags flags, Path path, GuestPtr<Filestat> stat) {
  auto at = directory(c, fd, right::PATH_FILESTAT_GET);
  if (!at) return at.error();
  bool follow = flags.has(lookupflag::SYMLINK_FOLLOW);
  auto st = from_vfs(follow ? c.ctx.vfs().stat(at->dir(), path.text, at->how(true))
                            : c.ctx.vfs().lstat(at->dir(), path.text, at->how(false)));
  if (!st) return st.error();
  return c.mem.write(stat, to_filestat(*st));
}

Errno path_filestat_set_times(Call& c, Fd fd, LookupFlags flags, Path path, Timestamp atim,
                              Timestamp mtim, FstFlags fst_flags) {
  auto at = directory(c, fd, right::PATH_FILESTAT_SET_TIMES);
  if (!at) return at.error();
  vfs::TimeChange atime, mtime;
  if (Errno e = to_time_changes(atim, mtim, fst_flags, atime, mtime); e != Errno::Success) return e;
  return status(c.ctx.vfs().set_times(at->dir(), path.text, atime, mtime,
                                      at->how(flags.has(lookupflag::SYMLINK_FOLLOW))));
}

Errno path_link(Call& c, Fd old_fd, LookupFlags old_flags, Path old_path, Fd new_fd,
                Path new_path) {
  auto from = directory(c, old_fd, right::PATH_LINK_SOURCE);
  if (!from) return from.error();
  auto to = directory(c, new_fd, right::PATH_LINK_TARGET);
  if (!to) return to.error();
  return status(c.ctx.vfs().link(from->dir(), old_path.text, to->dir(), new_path.text,
                                 both(*from, *to, old_flags.has(lookupflag::SYMLINK_FOLLOW))));
}

Errno path_readlink(Call& c, Fd fd, Path path, GuestPtr<uint8_t> buf, Size buf_len,
                    GuestPtr<Size> bufused) {
  auto at = directory(c, fd, right::PATH_READLINK);
  if (!at) return at.error();
  auto out = c.mem.slice(buf.addr, buf_len);
  if (!out) return out.error();
  auto target = from_vfs(c.ctx.vfs().readlink(at->dir(), path.text, at->how(false)));
  if (!target) return target.error();
  // Like POSIX readlink: a short buffer gets the first buf_len bytes, without a NUL.
  size_t n = std::min<size_t>(target->size(), buf_len);
  if (n) std::memcpy(out->data(), target->data(), n);
  return c.mem.write(bufused, Size(n));
}

Errno path_remove_directory(Call& c, Fd fd, Path path) {
  auto at = directory(c, fd, right::PATH_REMOVE_DIRECTORY);
  if (!at) return at.error();
  return status(c.ctx.vfs().rmdir(at->dir(), path.text, at->how(false)));
}

Errno path_rename(Call& c, Fd fd, Path old_path, Fd new_fd, Path new_path) {
  auto from = directory(c, fd, right::PATH_RENAME_SOURCE);
  if (!from) return from.error();
  auto to = directory(c, new_fd, right::PATH_RENAME_TARGET);
  if (!to) return to.error();
  return status(c.ctx.vfs().rename(from->dir(), old_path.text, to->dir(), new_path.text,
                                   both(*from, *to, false)));
}

Errno path_symlink(Call& c, Path old_path, Fd fd, Path new_path) {
  auto at = directory(c, fd, right::PATH_SYMLINK);
  if (!at) return at.error();
  return status(c.ctx.vfs().symlink(old_path.text, at->dir(), new_path.text, at->how(false)));
}

Errno path_unlink_file(Call& c, Fd fd, Path path) {
  auto at = directory(c, fd, right::PATH_UNLINK_FILE);
  if (!at) return at.error();
  return status(c.ctx.vfs().unlink(at->dir(), path.text, at->how(false)));
}

}  // namespace wask::wasi::syscalls
