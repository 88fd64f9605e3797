// host_fs, host_user and host_process over the context's VFS, fd table and ProcessHost.
#include "wasi/agentos.h"

#include <unistd.h>

#include <string>
#include <vector>

#include "vfs/pipe.h"

#include "wasi/bind.h"
#include "wasi/errno_map.h"
#include "wasi/preview1.h"
#include "wasi/process_host.h"

namespace wask::wasi {

namespace {

// The handler's typed signature must lower to the row's wasm signature.
#define WASK_AGENTOS_FUNCTION(module, name, params, results)         \
  static_assert(Binding<&agentos::name>::lowers_to(params, results), \
                "wasi/agentos.h: " #name " does not match its row in agentos.def");
#define WASK_AGENTOS_VARIANT(module, name, handler, params, results)    \
  static_assert(Binding<&agentos::handler>::lowers_to(params, results), \
                "wasi/agentos.h: " #handler " does not match its row in agentos.def");
#define WASK_AGENTOS_UNSUPPORTED(module, name)
#include "wasi/agentos.def"

const std::vector<HostRow>& host_rows() {
  static const std::vector<HostRow> rows = {
#define WASK_AGENTOS_FUNCTION(module, name, params, results) \
  {#module, #name, lower(params, results), &Binding<&agentos::name>::invoke},
#define WASK_AGENTOS_VARIANT(module, name, handler, params, results) \
  {#module, #name, lower(params, results), &Binding<&agentos::handler>::invoke},
#define WASK_AGENTOS_UNSUPPORTED(module, name) {#module, #name, {}, nullptr},
#include "wasi/agentos.def"
  };
  return rows;
}

// st_mode's type bits, as <sys/stat.h> defines them.
uint32_t type_bits(vfs::FileType type) {
  switch (type) {
    case vfs::FileType::Regular:
      return 0100000;
    case vfs::FileType::Directory:
      return 0040000;
    case vfs::FileType::Symlink:
      return 0120000;
    case vfs::FileType::CharDevice:
      return 0020000;
    case vfs::FileType::BlockDevice:
      return 0060000;
    case vfs::FileType::Fifo:
      return 0010000;
    case vfs::FileType::Socket:
      return 0140000;
    case vfs::FileType::Unknown:
      break;
  }
  return 0;
}

// Backends without stored modes (devfs, synthetic directories) report none: answer the usual ones.
uint32_t st_mode(const vfs::Stat& st) {
  uint32_t bits = st.mode & vfs::kModeBits;
  if (bits == 0) {
    switch (st.type) {
      case vfs::FileType::Directory:
        bits = 0755;
        break;
      case vfs::FileType::Symlink:
        bits = 0777;
        break;
      case vfs::FileType::CharDevice:
      case vfs::FileType::BlockDevice:
        bits = 0666;
        break;
      case vfs::FileType::Fifo:
        bits = 0600;
        break;
      default:
        bits = 0644;
    }
  }
  return type_bits(st.type) | bits;
}

constexpr uint32_t kTerminalMode = 0020666;  // a terminal or character device
constexpr uint32_t kPipeMode = 0010600;

// A path of this process: absolute, or relative to its cwd.
std::string process_path(Call& c, std::string_view path) {
  if (!path.empty() && path.front() == '/') return std::string(path);
  std::string out = c.ctx.options().cwd;
  if (out.empty() || out.back() != '/') out += '/';
  return out.append(path);
}

// An fd's entry as another fd (or process) gets it: the same description, never a preopen.
Expected<FdEntry> shared_entry(Call& c, Fd fd) {
  auto entry = c.ctx.fds().get(fd);
  if (!entry) return entry.error();
  FdEntry copy = **entry;
  copy.preopen_name.clear();
  return copy;
}

Errno write_u32(Call& c, GuestPtr<uint32_t> ret, uint32_t value) { return c.mem.write(ret, value); }

// The passwd line of a uid this VM knows: its one user (named by USER/HOME if set) and root.
std::optional<std::string> passwd_line(Call& c, uint32_t uid) {
  if (uid == 0) return "root:x:0:0::/root:/bin/sh";
  if (uid != kVirtualUid) return std::nullopt;
  std::string name = "user", home = "/home/user";
  for (const std::string& e : c.ctx.options().environ) {
    if (e.rfind("USER=", 0) == 0 && e.size() > 5) name = e.substr(5);
    if (e.rfind("HOME=", 0) == 0 && e.size() > 5) home = e.substr(5);
  }
  return name + ":x:" + std::to_string(kVirtualUid) + ":" + std::to_string(kVirtualGid) +
         "::" + home + ":/bin/sh";
}

// waitpid's common part: pid 0xFFFFFFFF is any child; options != 0 is WNOHANG.
Expected<ProcessHost::Waited> wait_for_child(Call& c, uint32_t pid, uint32_t options) {
  ProcessHost* host = c.ctx.process();
  if (!host) return Errno::NoSys;
  std::optional<uint32_t> which;
  if (pid != 0xFFFFFFFF) which = pid;
  return host->wait(which, options == 0);
}

}  // namespace

interp::ImportResolver agentos_imports(interp::Store& store, WasiContext& ctx,
                                       interp::ImportResolver fallback) {
  return bind_imports(store, ctx, host_rows(), std::move(fallback));
}

interp::ImportResolver wasi_imports(interp::Store& store, WasiContext& ctx,
                                    interp::ImportResolver fallback) {
  return preview1_imports(store, ctx, agentos_imports(store, ctx, std::move(fallback)));
}

namespace agentos {

RawResult path_mode(Call& c, Path path, uint32_t follow_symlinks) {
  vfs::Vfs& fs = c.ctx.vfs();
  std::string at = process_path(c, path.text);
  auto st = follow_symlinks ? fs.stat(fs.root(), at) : fs.lstat(fs.root(), at);
  return RawResult{st ? st_mode(*st) : 0};
}

RawResult fd_mode(Call& c, Fd fd) {
  const FdEntry* e = c.ctx.fds().find(fd);
  if (!e) return RawResult{0};
  auto st = e->file->stat();
  if (!st) return RawResult{0};
  // Streams carry no permission bits of their own: answer what agent-os's host answers.
  switch (st->type) {
    case vfs::FileType::CharDevice:
      return RawResult{kTerminalMode};
    case vfs::FileType::Fifo:
    case vfs::FileType::Unknown:  // the host's stdio when not a terminal: a pipe or a file
      return RawResult{kPipeMode};
    default:
      return RawResult{st_mode(*st)};
  }
}

Errno chmod(Call& c, Path path, uint32_t mode) {
  vfs::Vfs& fs = c.ctx.vfs();
  auto done = fs.chmod(fs.root(), process_path(c, path.text), mode);
  return done ? Errno::Success : to_errno(done.error());
}

Errno getuid(Call& c, GuestPtr<uint32_t> ret) { return write_u32(c, ret, kVirtualUid); }
Errno getgid(Call& c, GuestPtr<uint32_t> ret) { return write_u32(c, ret, kVirtualGid); }
Errno geteuid(Call& c, GuestPtr<uint32_t> ret) { return write_u32(c, ret, kVirtualUid); }
Errno getegid(Call& c, GuestPtr<uint32_t> ret) { return write_u32(c, ret, kVirtualGid); }

Errno isatty(Call& c, Fd fd, GuestPtr<uint32_t> ret) {
  const FdEntry* e = c.ctx.fds().find(fd);
  if (!e) return Errno::BadF;
  // Only the host's terminal is one: pipes, /dev/null and in-memory streams are not.
  vfs::HostWatch host = e->file->host_watch(false);
  bool tty = e->file->type() == vfs::FileType::CharDevice && host.fd >= 0 && ::isatty(host.fd) == 1;
  return write_u32(c, ret, tty ? 1 : 0);
}

Errno getpwuid(Call& c, uint32_t uid, GuestPtr<uint8_t> buf, Size buf_len, GuestPtr<Size> ret_len) {
  std::optional<std::string> line = passwd_line(c, uid);
  if (!line) return Errno::NoEnt;
  if (line->size() > buf_len) return Errno::Range;
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(line->data()), line->size());
  if (Errno e = c.mem.write_bytes(buf.addr, bytes); e != Errno::Success) return e;
  return c.mem.write(ret_len, Size(line->size()));
}

Errno proc_spawn(Call& c, StringList argv, StringList envp, Fd stdin_fd, Fd stdout_fd, Fd stderr_fd,
                 Path cwd, GuestPtr<uint32_t> ret_pid) {
  ProcessHost* host = c.ctx.process();
  if (!host) return Errno::NoSys;
  if (argv.items.empty() || argv.items[0].empty()) return Errno::Inval;
  ProcessHost::SpawnRequest request;
  request.args = std::move(argv.items);
  request.environ = std::move(envp.items);
  request.cwd = cwd.text.empty() ? c.ctx.options().cwd : process_path(c, cwd.text);
  const Fd stdio[] = {stdin_fd, stdout_fd, stderr_fd};
  for (uint32_t i = 0; i < 3; ++i) {
    if (stdio[i].value == 0xFFFFFFFF) continue;  // none: the child's is a null stream
    auto entry = shared_entry(c, stdio[i]);
    if (!entry) return entry.error();
    request.fds.emplace(i, std::move(*entry));
  }
  auto pid = host->spawn(std::move(request));
  if (!pid) return pid.error();
  return write_u32(c, ret_pid, *pid);
}

Errno proc_waitpid(Call& c, uint32_t pid, uint32_t options, GuestPtr<uint32_t> ret_status,
                   GuestPtr<uint32_t> ret_pid) {
  auto waited = wait_for_child(c, pid, options);
  if (!waited) return waited.error();
  if (waited->pid != 0) {
    if (Errno e = write_u32(c, ret_status, waited->status); e != Errno::Success) return e;
  }
  return write_u32(c, ret_pid, waited->pid);
}

Errno proc_waitpid_wstatus(Call& c, uint32_t pid, uint32_t options, GuestPtr<uint32_t> ret_status) {
  auto waited = wait_for_child(c, pid, options);
  if (!waited) return waited.error();
  if (waited->pid == 0) return Errno::Busy;  // WNOHANG and still running: their std retries on 10
  // A POSIX wait status (their libc decodes it with WIFEXITED/WEXITSTATUS/WTERMSIG).
  uint32_t wstatus = waited->signal ? (waited->signal & 0x7f) : (waited->status & 0xff) << 8;
  return write_u32(c, ret_status, wstatus);
}

Errno proc_kill(Call& c, uint32_t pid, uint32_t signal) {
  ProcessHost* host = c.ctx.process();
  return host ? host->kill(pid, signal) : Errno::NoSys;
}

Errno proc_getpid(Call& c, GuestPtr<uint32_t> ret) {
  ProcessHost* host = c.ctx.process();
  return host ? write_u32(c, ret, host->pid()) : Errno::NoSys;
}

Errno proc_getppid(Call& c, GuestPtr<uint32_t> ret) {
  ProcessHost* host = c.ctx.process();
  return host ? write_u32(c, ret, host->parent_pid()) : Errno::NoSys;
}

Errno fd_pipe(Call& c, GuestPtr<Fd> ret_read, GuestPtr<Fd> ret_write) {
  vfs::PipeEnds ends = vfs::make_pipe();
  FdTable& fds = c.ctx.fds();
  auto r = fds.insert(entry_for(std::move(ends.read), "pipe:r"));
  if (!r) return r.error();
  auto w = fds.insert(entry_for(std::move(ends.write), "pipe:w"));
  if (!w) {
    fds.close(*r);
    return w.error();
  }
  if (Errno e = c.mem.write(ret_read, *r); e != Errno::Success) return e;
  return c.mem.write(ret_write, *w);
}

Errno fd_dup(Call& c, Fd fd, GuestPtr<Fd> ret) {
  auto new_fd = c.ctx.fds().dup(fd);
  if (!new_fd) return new_fd.error();
  return c.mem.write(ret, *new_fd);
}

Errno fd_dup2(Call& c, Fd old_fd, Fd new_fd) { return c.ctx.fds().dup2(old_fd, new_fd); }

Errno fd_dup_min(Call& c, Fd fd, Fd min_fd, GuestPtr<Fd> ret) {
  auto new_fd = c.ctx.fds().dup_min(fd, min_fd.value);
  if (!new_fd) return new_fd.error();
  return c.mem.write(ret, *new_fd);
}

Errno sleep_ms(Call& c, uint32_t milliseconds) {
  return c.ctx.sleep(uint64_t(milliseconds) * 1000000) ? Errno::Success : Errno::Canceled;
}

}  // namespace agentos
}  // namespace wask::wasi
