// fd_*: operations on an open descriptor, whatever its description is (vfs/description.h): a
// file, a directory, a pipe end, stdio, a device. No handler asks which kind it holds; an
// operation that does not apply answers the description's POSIX error.
#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "wasi/syscalls.h"
#include "wasi/vfs_glue.h"

namespace wask::wasi::syscalls {

namespace {

// More iovecs than this in one call is EINVAL (Linux's IOV_MAX).
constexpr Size kMaxIovecs = 1024;

// The guest buffers an iovec array names, each checked to lie in guest memory.
Expected<std::vector<std::span<uint8_t>>> guest_buffers(Call& c, GuestPtr<Iovec> iovs, Size count) {
  if (count > kMaxIovecs) return Errno::Inval;
  if (auto table = c.mem.array(iovs, count); !table) return table.error();
  std::vector<std::span<uint8_t>> out;
  out.reserve(count);
  for (Size i = 0; i < count; ++i) {
    auto iov = c.mem.read(iovs + i);
    if (!iov) return iov.error();
    auto buf = c.mem.slice(iov->buf, iov->buf_len);
    if (!buf) return buf.error();
    out.push_back(*buf);
  }
  return out;
}

// Moves bytes buffer by buffer with `op(buffer, bytes_done_so_far)` until a short transfer.
// An error after some bytes moved ends the transfer without an error, as POSIX readv does.
template <class Op>
Errno transfer(Call& c, const std::vector<std::span<uint8_t>>& bufs, GuestPtr<Size> out, Op op) {
  uint64_t total = 0;
  for (auto buf : bufs) {
    if (buf.empty()) continue;
    // The count must fit the u32 result even if a guest passes overlapping 4 GiB buffers.
    buf = buf.first(std::min<uint64_t>(buf.size(), std::numeric_limits<Size>::max() - total));
    if (buf.empty()) break;
    vfs::Result<size_t> n = op(as_bytes(buf), total);
    if (!n) {
      if (total) break;
      return to_errno(n.error());
    }
    total += *n;
    if (*n < buf.size()) break;
  }
  return c.mem.write(out, Size(total));
}

// An offset-only operation on a stream is ESPIPE (it has no offset), checked before rights.
Expected<FdEntry*> seekable(Call& c, Fd fd, uint64_t needed) {
  auto entry = c.ctx.fds().get(fd);
  if (!entry) return entry.error();
  if (!(*entry)->file->seekable() && !(*entry)->is_directory()) return Errno::SPipe;
  return c.ctx.fds().get(fd, needed);
}

Errno status(vfs::Result<void> r) { return r ? Errno::Success : to_errno(r.error()); }

}  // namespace

Errno fd_read(Call& c, Fd fd, GuestPtr<Iovec> iovs, Size iovs_len, GuestPtr<Size> nread) {
  auto entry = c.ctx.fds().get(fd, right::FD_READ);
  if (!entry) return entry.error();
  auto bufs = guest_buffers(c, iovs, iovs_len);
  if (!bufs) return bufs.error();
  vfs::Description& d = *(*entry)->file;
  return transfer(c, *bufs, nread, [&](std::span<std::byte> buf, uint64_t done) {
    // Only the first buffer may wait: once bytes have arrived, a stream returns what it has.
    if (done && !d.seekable()) {
      vfs::Readiness ready = d.readiness();
      if (!ready.readable || (ready.nbytes == 0 && !ready.hangup)) return vfs::Result<size_t>(0);
    }
    return d.read(buf, &c.ctx.cancel());
  });
}

Errno fd_write(Call& c, Fd fd, GuestPtr<Ciovec> iovs, Size iovs_len, GuestPtr<Size> nwritten) {
  auto entry = c.ctx.fds().get(fd, right::FD_WRITE);
  if (!entry) return entry.error();
  auto bufs = guest_buffers(c, iovs, iovs_len);
  if (!bufs) return bufs.error();
  vfs::Description& d = *(*entry)->file;
  return transfer(c, *bufs, nwritten, [&](std::span<std::byte> buf, uint64_t) {
    return d.write(buf, &c.ctx.cancel());
  });
}

Errno fd_pread(Call& c, Fd fd, GuestPtr<Iovec> iovs, Size iovs_len, FileSize offset,
               GuestPtr<Size> nread) {
  auto entry = seekable(c, fd, right::FD_READ | right::FD_SEEK);
  if (!entry) return entry.error();
  if (offset > uint64_t(std::numeric_limits<int64_t>::max())) return Errno::Inval;
  auto bufs = guest_buffers(c, iovs, iovs_len);
  if (!bufs) return bufs.error();
  vfs::Description& d = *(*entry)->file;
  return transfer(c, *bufs, nread, [&](std::span<std::byte> buf, uint64_t done) {
    return d.pread(buf, offset + done);
  });
}

Errno fd_pwrite(Call& c, Fd fd, GuestPtr<Ciovec> iovs, Size iovs_len, FileSize offset,
                GuestPtr<Size> nwritten) {
  auto entry = seekable(c, fd, right::FD_WRITE | right::FD_SEEK);
  if (!entry) return entry.error();
  if (offset > uint64_t(std::numeric_limits<int64_t>::max())) return Errno::Inval;
  auto bufs = guest_buffers(c, iovs, iovs_len);
  if (!bufs) return bufs.error();
  vfs::Description& d = *(*entry)->file;
  return transfer(c, *bufs, nwritten, [&](std::span<std::byte> buf, uint64_t done) {
    return d.pwrite(buf, offset + done);
  });
}

Errno fd_seek(Call& c, Fd fd, FileDelta offset, Whence whence, GuestPtr<FileSize> newoffset) {
  // A pure "where am I" (CUR, 0) needs only FD_TELL, as the witx says.
  uint64_t needed = (whence == Whence::Cur && offset == 0) ? right::FD_TELL : right::FD_SEEK;
  auto entry = seekable(c, fd, needed);
  if (!entry) return entry.error();
  if ((*entry)->is_directory()) return Errno::BadF;
  vfs::Whence w = whence == Whence::Set   ? vfs::Whence::Set
                  : whence == Whence::Cur ? vfs::Whence::Current
                                          : vfs::Whence::End;
  auto pos = from_vfs((*entry)->file->seek(offset, w));
  if (!pos) return pos.error();
  return c.mem.write(newoffset, FileSize(*pos));
}

Errno fd_tell(Call& c, Fd fd, GuestPtr<FileSize> offset) {
  auto entry = seekable(c, fd, right::FD_TELL);
  if (!entry) return entry.error();
  if ((*entry)->is_directory()) return Errno::BadF;
  auto pos = from_vfs((*entry)->file->tell());
  if (!pos) return pos.error();
  return c.mem.write(offset, FileSize(*pos));
}

Errno fd_close(Call& c, Fd fd) { return c.ctx.fds().close(fd); }

Errno fd_renumber(Call& c, Fd fd, Fd to) { return c.ctx.fds().renumber(fd, to); }

Errno fd_sync(Call& c, Fd fd) {
  auto entry = c.ctx.fds().get(fd, right::FD_SYNC);
  if (!entry) return entry.error();
  return status((*entry)->file->sync());
}

Errno fd_datasync(Call& c, Fd fd) {
  auto entry = c.ctx.fds().get(fd, right::FD_DATASYNC);
  if (!entry) return entry.error();
  return status((*entry)->file->sync());
}

Errno fd_advise(Call& c, Fd fd, FileSize, FileSize, Advice) {
  // Advice is a hint; the VFS has no use for it, so only the fd and its right are checked.
  auto entry = c.ctx.fds().get(fd, right::FD_ADVISE);
  return entry ? Errno::Success : entry.error();
}

Errno fd_allocate(Call& c, Fd fd, FileSize offset, FileSize len) {
  auto entry = c.ctx.fds().get(fd, right::FD_ALLOCATE);
  if (!entry) return entry.error();
  vfs::Description& d = *(*entry)->file;
  if (!d.seekable()) return Errno::BadF;
  if (len == 0 || offset > uint64_t(INT64_MAX) - len) return Errno::Inval;
  auto st = from_vfs(d.stat());
  if (!st) return st.error();
  if (st->size >= offset + len) return Errno::Success;
  return status(d.set_size(offset + len));
}

Errno fd_fdstat_get(Call& c, Fd fd, GuestPtr<Fdstat> stat) {
  auto entry = c.ctx.fds().get(fd);
  if (!entry) return entry.error();
  FdEntry* e = *entry;
  Fdstat out{};
  out.fs_filetype = to_filetype(e->file->type());
  out.fs_flags = uint16_t(e->fd_flags | (e->file->append() ? fdflag::APPEND : 0) |
                          (e->file->nonblocking() ? fdflag::NONBLOCK : 0));
  out.fs_rights_base = e->base.bits;
  out.fs_rights_inheriting = e->inheriting.bits;
  return c.mem.write(stat, out);
}

Errno fd_fdstat_set_flags(Call& c, Fd fd, FdFlags flags) {
  auto entry = c.ctx.fds().get(fd, right::FD_FDSTAT_SET_FLAGS);
  if (!entry) return entry.error();
  // Synchronous-I/O flags can only be given at open time (wasmtime refuses them here too).
  if (flags.any(fdflag::DSYNC | fdflag::RSYNC | fdflag::SYNC)) return Errno::NotSup;
  vfs::Description& d = *(*entry)->file;
  if (!(*entry)->is_directory()) d.set_append(flags.has(fdflag::APPEND));
  d.set_nonblocking(flags.has(fdflag::NONBLOCK));
  return Errno::Success;
}

Errno fd_fdstat_set_rights(Call& c, Fd fd, Rights base, Rights inheriting) {
  auto entry = c.ctx.fds().get(fd);
  if (!entry) return entry.error();
  FdEntry* e = *entry;
  // Rights only shrink: asking for one the fd lacks is ENOTCAPABLE.
  if ((base.bits & ~e->base.bits) || (inheriting.bits & ~e->inheriting.bits))
    return Errno::NotCapable;
  e->base = base;
  e->inheriting = inheriting;
  return Errno::Success;
}

Errno fd_filestat_get(Call& c, Fd fd, GuestPtr<Filestat> stat) {
  auto entry = c.ctx.fds().get(fd, right::FD_FILESTAT_GET);
  if (!entry) return entry.error();
  auto st = from_vfs((*entry)->file->stat());
  if (!st) return st.error();
  Filestat out = to_filestat(*st);
  // The fd's own view of its type (host stdio: a character device only when a terminal).
  out.filetype = to_filetype((*entry)->file->type());
  return c.mem.write(stat, out);
}

Errno fd_filestat_set_size(Call& c, Fd fd, FileSize size) {
  auto entry = c.ctx.fds().get(fd, right::FD_FILESTAT_SET_SIZE);
  if (!entry) return entry.error();
  if ((*entry)->is_directory()) return Errno::BadF;
  if (size > uint64_t(INT64_MAX)) return Errno::Inval;
  return status((*entry)->file->set_size(size));
}

Errno fd_filestat_set_times(Call& c, Fd fd, Timestamp atim, Timestamp mtim, FstFlags flags) {
  auto entry = c.ctx.fds().get(fd, right::FD_FILESTAT_SET_TIMES);
  if (!entry) return entry.error();
  vfs::TimeChange atime, mtime;
  if (Errno e = to_time_changes(atim, mtim, flags, atime, mtime); e != Errno::Success) return e;
  return status((*entry)->file->set_times(atime, mtime));
}

Errno fd_prestat_get(Call& c, Fd fd, GuestPtr<Prestat> prestat) {
  auto entry = c.ctx.fds().get(fd);
  if (!entry) return entry.error();
  if (!(*entry)->is_preopen()) return Errno::BadF;
  Prestat out{};
  out.tag = 0;
  out.pr_name_len = uint32_t((*entry)->preopen_name.size());
  return c.mem.write(prestat, out);
}

Errno fd_prestat_dir_name(Call& c, Fd fd, GuestPtr<uint8_t> path, Size path_len) {
  auto entry = c.ctx.fds().get(fd);
  if (!entry) return entry.error();
  if (!(*entry)->is_preopen()) return Errno::BadF;
  const std::string& name = (*entry)->preopen_name;
  if (path_len < name.size()) return Errno::NameTooLong;
  return c.mem.write_bytes(path.addr, {reinterpret_cast<const uint8_t*>(name.data()), name.size()});
}

Errno fd_readdir(Call& c, Fd fd, GuestPtr<uint8_t> buf, Size buf_len, DirCookie cookie,
                 GuestPtr<Size> bufused) {
  auto entry = c.ctx.fds().get(fd, right::FD_READDIR);
  if (!entry) return entry.error();
  if (!(*entry)->is_directory()) return Errno::NotDir;
  auto out = c.mem.slice(buf.addr, buf_len);
  if (!out) return out.error();
  // Serialize entries until the buffer is full; the last one may be cut short, which tells the
  // guest (bufused == buf_len) to grow its buffer and resume from the last whole entry's cookie.
  constexpr size_t kBatch = 64;
  std::vector<uint8_t> bytes;
  uint64_t at = cookie;
  while (bytes.size() < buf_len) {
    auto batch = c.ctx.vfs().readdir((*entry)->file->dir(), at, kBatch);
    if (!batch) return to_errno(batch.error());
    for (const vfs::DirEntry& d : *batch) {
      Dirent header{};
      header.d_next = d.next_cookie;
      header.d_ino = d.ino;
      header.d_namlen = uint32_t(d.name.size());
      header.d_type = to_filetype(d.type);
      auto* raw = reinterpret_cast<const uint8_t*>(&header);
      bytes.insert(bytes.end(), raw, raw + sizeof header);
      bytes.insert(bytes.end(), d.name.begin(), d.name.end());
      at = d.next_cookie;
      if (bytes.size() >= buf_len) break;
    }
    if (batch->size() < kBatch) break;
  }
  size_t used = std::min<size_t>(bytes.size(), buf_len);
  if (used) std::memcpy(out->data(), bytes.data(), used);
  return c.mem.write(bufused, Size(used));
}

}  // namespace wask::wasi::syscalls
