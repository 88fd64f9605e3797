// The Vm: a VFS assembled from mounts, a kernel over it, and a fresh shell for each exec.
#include "shell/vm.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "backends/devfs/devfs.h"
#include "backends/hostfs/hostfs.h"
#include "backends/memfs/memfs.h"
#include "shell/bin_commands.h"
#include "shell/kernel/kernel.h"
#include "shell/sh/kernel_runner.h"
#include "shell/sh/shell.h"
#include "vfs/memory_io.h"
#include "vfs/pipe.h"
#include "vfs/vfs.h"
#include "wasi/context.h"
#include "wasi/errno_map.h"

namespace wask::shell {

namespace {

using Clock = std::chrono::steady_clock;

std::string key_of(std::string_view entry) { return std::string(entry.substr(0, entry.find('='))); }

// `base` with each KEY=VALUE of `overrides` replacing the entry of the same KEY or added.
std::vector<std::string> merge_environ(std::vector<std::string> base,
                                       const std::vector<std::string>& overrides) {
  for (const std::string& e : overrides) {
    std::string key = key_of(e);
    auto same = std::find_if(base.begin(), base.end(),
                             [&](const std::string& b) { return key_of(b) == key; });
    if (same != base.end())
      *same = e;
    else
      base.push_back(e);
  }
  return base;
}

bool mounted_at(const std::vector<VmMount>& mounts, std::string_view path) {
  return std::any_of(mounts.begin(), mounts.end(),
                     [&](const VmMount& m) { return m.path == path; });
}

// Where a stream goes: a callback, or a sink the result collects.
struct Output {
  vfs::DescriptionPtr description;
  std::shared_ptr<vfs::MemoryStream> collected;  // null with a callback

  explicit Output(const OutputCallback& callback) {
    if (callback) {
      description = vfs::callback_sink([callback](std::span<const std::byte> chunk) {
        callback(std::string_view(reinterpret_cast<const char*>(chunk.data()), chunk.size()));
      });
    } else {
      collected = vfs::collecting_sink();
      description = collected;
    }
  }
  std::string take() const { return collected ? collected->output() : std::string(); }
};

std::optional<Clock::time_point> deadline_of(const ExecOptions& options) {
  if (!options.timeout) return std::nullopt;
  return Clock::now() + *options.timeout;
}

vfs::Errc errc_of(wasi::Errno e) { return wasi::to_errc(e); }

}  // namespace

// --- mounts ------------------------------------------------------------------------------------

VmMount VmMount::memory(std::string path, uint64_t max_bytes, uint64_t max_inodes) {
  backends::MemfsOptions options;
  if (max_bytes) options.max_bytes = max_bytes;
  if (max_inodes) options.max_inodes = max_inodes;
  return {std::move(path), backends::Memfs::create(options), false};
}

vfs::Result<VmMount> VmMount::host(std::string path, const std::string& host_dir, bool read_only) {
  auto backend = backends::Hostfs::create(host_dir, {.read_only = read_only});
  if (!backend) return backend.error();
  return VmMount{std::move(path), *backend, read_only};
}

// --- the Vm ------------------------------------------------------------------------------------

struct Vm::Impl {
  std::shared_ptr<vfs::Vfs> fs;
  std::shared_ptr<Kernel> kernel;
  std::vector<std::string> environ;

  // In-flight exec() shells, so that destruction can stop them.
  std::mutex mu;
  std::condition_variable idle;
  bool closing = false;
  std::vector<sh::Shell*> shells;
};

vfs::Result<std::unique_ptr<Vm>> Vm::create(VmOptions options) {
  auto impl = std::make_unique<Impl>();
  std::function<uint64_t()> clock;
  if (options.deterministic) clock = [] { return wasi::kDeterministicEpochNs; };
  impl->fs = std::make_shared<vfs::Vfs>(vfs::Vfs::Options{.clock = clock});

  // The root first, then the other mounts in order (a mount's parents may lie in the root).
  if (!mounted_at(options.mounts, "/")) {
    backends::MemfsOptions root{.clock = clock};
    if (options.limits.root_memfs_bytes) root.max_bytes = options.limits.root_memfs_bytes;
    if (options.limits.root_memfs_inodes) root.max_inodes = options.limits.root_memfs_inodes;
    if (auto m = impl->fs->mount("/", backends::Memfs::create(root)); !m) return m.error();
    (void)impl->fs->mkdir_p("/tmp");
  }
  std::stable_partition(options.mounts.begin(), options.mounts.end(),
                        [](const VmMount& m) { return m.path == "/"; });
  for (const VmMount& m : options.mounts) {
    if (!m.backend) return vfs::Errc::Invalid;
    if (auto r = impl->fs->mount(m.path, m.backend, {.read_only = m.read_only}); !r)
      return r.error();
  }
  if (!mounted_at(options.mounts, "/dev")) {
    std::optional<uint64_t> seed;
    if (options.deterministic) seed = 0;
    (void)impl->fs->mount("/dev", backends::make_devfs({.seed = seed, .clock = clock}));
  }
  if (!mounted_at(options.mounts, "/bin"))
    (void)impl->fs->mount("/bin", make_bin_backend(), {.read_only = true});

  impl->environ = merge_environ({"PATH=/bin:/usr/bin", "HOME=/root", "USER=user"}, options.environ);
  for (const std::string& e : impl->environ)
    if (e.starts_with("HOME=")) (void)impl->fs->mkdir_p(e.substr(5));  // best effort

  KernelOptions kernel;
  kernel.vfs = impl->fs;
  kernel.modules = options.modules ? options.modules
                                   : std::make_shared<ModuleCache>(interp::LoadOptions{
                                         .cache_dir = options.module_cache_dir});
  kernel.deterministic = options.deterministic;
  kernel.limits.max_processes = options.limits.max_processes;
  kernel.limits.max_open_files = options.limits.max_open_files;
  kernel.limits.store.max_memory_bytes = options.limits.memory_per_process;
  kernel.limits.store.fuel = options.limits.fuel;
  impl->kernel = std::make_shared<Kernel>(std::move(kernel));
  return std::unique_ptr<Vm>(new Vm(std::move(impl)));
}

Vm::Vm(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Vm::~Vm() {
  std::unique_lock lock(impl_->mu);
  impl_->closing = true;
  // Stop the shells of exec() calls still running, and every process, until all have returned.
  while (!impl_->shells.empty()) {
    for (sh::Shell* shell : impl_->shells) shell->stop(kExitSignalBase + kSigKill);
    for (const ProcessInfo& p : impl_->kernel->processes())
      if (p.state == ProcessState::Running) (void)impl_->kernel->kill(p.pid, kSigKill);
    impl_->idle.wait_for(lock, std::chrono::milliseconds(20));
  }
  // The kernel's destructor kills and joins whatever spawn() started.
}

ExecResult Vm::exec(std::string_view command_line, const ExecOptions& options) {
  Output out(options.on_stdout), err(options.on_stderr);
  sh::ShellConfig config;
  config.vfs = impl_->fs;
  config.name = "sh";
  config.deadline = deadline_of(options);
  config.runner = sh::make_kernel_runner(impl_->kernel, config.deadline);
  sh::Fds fds;
  fds.set(0, vfs::source_of(options.stdin_data));
  fds.set(1, out.description);
  fds.set(2, err.description);
  std::vector<std::string> environ = merge_environ(impl_->environ, options.environ);
  environ = merge_environ(std::move(environ), {"PWD=" + options.cwd});

  ExecResult result;
  {
    sh::Shell shell(config, std::move(fds), environ, options.cwd);
    {
      std::lock_guard lock(impl_->mu);
      if (impl_->closing) return {kExitSignalBase + kSigKill, {}, {}};
      impl_->shells.push_back(&shell);
    }
    if (auto st = impl_->fs->stat(options.cwd); !st || st->type != vfs::FileType::Directory) {
      result.exit_code = 2;
      (void)err.description->write(std::as_bytes(std::span(
          std::string_view("sh: cannot change to the working directory " + options.cwd + "\n"))));
    } else {
      result.exit_code = shell.run_script(std::string(command_line), "sh", {});
    }
    // Under the lock: once the list is empty the Vm may be destroyed at once.
    std::lock_guard lock(impl_->mu);
    std::erase(impl_->shells, &shell);
    impl_->idle.notify_all();
  }
  result.stdout_data = out.take();
  result.stderr_data = err.take();
  return result;
}

// --- spawn -------------------------------------------------------------------------------------

struct VmProcess::State {
  std::shared_ptr<Kernel> kernel;
  Pid pid = 0;
  std::mutex wait_mu;  // held by the one caller blocked in the kernel's wait (it reaps)
  std::mutex mu;       // the fields below; never held while blocking, so kill() can always run
  vfs::DescriptionPtr stdin_writer;  // null once closed
  std::optional<Output> out, err;
  std::optional<int> status;
};

vfs::Result<std::unique_ptr<VmProcess>> Vm::spawn(std::vector<std::string> argv,
                                                  ExecOptions options) {
  if (argv.empty()) return vfs::Errc::Invalid;
  auto state = std::make_shared<VmProcess::State>();
  state->kernel = impl_->kernel;
  state->out.emplace(options.on_stdout);
  state->err.emplace(options.on_stderr);
  vfs::PipeEnds in = vfs::make_pipe();
  if (!options.stdin_data.empty()) {
    // What stdin_data holds comes first; a writer thread would be needed beyond the pipe's room.
    auto n = in.write->write(std::as_bytes(std::span(options.stdin_data)));
    if (!n || *n != options.stdin_data.size()) return vfs::Errc::FileTooBig;
  }
  state->stdin_writer = in.write;

  SpawnSpec spec;
  spec.args = std::move(argv);
  spec.environ =
      merge_environ(merge_environ(impl_->environ, options.environ), {"PWD=" + options.cwd});
  spec.cwd = options.cwd;
  spec.fds = stdio_fds(in.read, state->out->description, state->err->description);
  spec.timeout = options.timeout;
  auto pid = impl_->kernel->spawn(std::move(spec));
  if (!pid) return errc_of(pid.error());
  state->pid = *pid;
  return std::make_unique<VmProcess>(std::move(state));
}

VmProcess::VmProcess(std::shared_ptr<State> state) : state_(std::move(state)) {}

VmProcess::~VmProcess() {
  if (!try_wait()) {
    (void)kill(kSigKill);
    wait();
  }
}

uint32_t VmProcess::pid() const { return state_->pid; }

vfs::Result<void> VmProcess::write_stdin(std::string_view data) {
  vfs::DescriptionPtr writer;
  {
    std::lock_guard lock(state_->mu);
    writer = state_->stdin_writer;
  }
  if (!writer) return vfs::Errc::Invalid;
  auto bytes = std::as_bytes(std::span(data));
  while (!bytes.empty()) {
    auto n = writer->write(bytes);
    if (!n) return n.error();
    bytes = bytes.subspan(*n);
  }
  return {};
}

void VmProcess::close_stdin() {
  std::lock_guard lock(state_->mu);
  state_->stdin_writer.reset();
}

ExecResult VmProcess::wait() {
  close_stdin();  // nothing more can be written once the caller waits
  std::lock_guard reaper(state_->wait_mu);
  std::optional<int> status;
  {
    std::lock_guard lock(state_->mu);
    status = state_->status;
  }
  if (!status) {
    auto reaped = state_->kernel->wait(state_->pid);
    status = reaped ? *reaped : kExitSignalBase + kSigKill;
    std::lock_guard lock(state_->mu);
    state_->status = status;
  }
  return {*status, state_->out->take(), state_->err->take()};
}

std::optional<int> VmProcess::try_wait() {
  {
    std::lock_guard lock(state_->mu);
    if (state_->status) return state_->status;
  }
  std::unique_lock reaper(state_->wait_mu, std::try_to_lock);
  if (!reaper) return std::nullopt;  // another thread is waiting for it
  auto status = state_->kernel->try_wait(state_->pid);
  std::lock_guard lock(state_->mu);
  if (status && *status) state_->status = **status;
  return state_->status;
}

vfs::Result<void> VmProcess::kill(int signal) {
  if (signal != int(kSigTerm) && signal != int(kSigKill)) return vfs::Errc::Invalid;
  {
    std::lock_guard lock(state_->mu);
    if (state_->status) return {};
  }
  auto e = state_->kernel->kill(state_->pid, uint32_t(signal));
  if (e != wasi::Errno::Success && e != wasi::Errno::Srch) return errc_of(e);
  return {};
}

// --- files -------------------------------------------------------------------------------------

vfs::Result<std::string> Vm::read_file(std::string_view path) { return impl_->fs->read_file(path); }

vfs::Result<void> Vm::write_file(std::string_view path, std::string_view data, bool append) {
  return impl_->fs->write_file(path, data, {.append = append});
}

vfs::Result<void> Vm::mkdir(std::string_view path, bool recursive) {
  return recursive ? impl_->fs->mkdir_p(path) : impl_->fs->mkdir(path);
}

vfs::Result<std::vector<VmDirEntry>> Vm::readdir(std::string_view path) {
  auto dir = impl_->fs->open_dir(path);
  if (!dir) return dir.error();
  auto entries = impl_->fs->readdir(*dir);
  if (!entries) return entries.error();
  std::vector<VmDirEntry> out;
  for (const vfs::DirEntry& e : *entries)
    if (e.name != "." && e.name != "..") out.push_back({e.name, e.type});
  std::sort(out.begin(), out.end(),
            [](const VmDirEntry& a, const VmDirEntry& b) { return a.name < b.name; });
  return out;
}

vfs::Result<vfs::Stat> Vm::stat(std::string_view path, bool follow) {
  return follow ? impl_->fs->stat(path) : impl_->fs->lstat(path);
}

bool Vm::exists(std::string_view path) { return bool(impl_->fs->lstat(path)); }

vfs::Result<void> Vm::remove(std::string_view path, bool recursive) {
  if (recursive) return impl_->fs->remove(path);
  auto st = impl_->fs->lstat(path);
  if (!st) return st.error();
  return st->type == vfs::FileType::Directory ? impl_->fs->rmdir(path) : impl_->fs->unlink(path);
}

vfs::Result<void> Vm::rename(std::string_view from, std::string_view to) {
  return impl_->fs->rename(from, to);
}

vfs::Result<void> Vm::symlink(std::string_view target, std::string_view path) {
  return impl_->fs->symlink(target, path);
}

vfs::Result<std::string> Vm::readlink(std::string_view path) { return impl_->fs->readlink(path); }

vfs::Result<void> Vm::chmod(std::string_view path, uint32_t mode) {
  return impl_->fs->chmod(path, mode);
}

vfs::Result<void> Vm::mount(const VmMount& mount) {
  if (!mount.backend) return vfs::Errc::Invalid;
  auto r = impl_->fs->mount(mount.path, mount.backend, {.read_only = mount.read_only});
  if (!r) return r.error();
  return {};
}

vfs::Result<void> Vm::unmount(std::string_view path) { return impl_->fs->unmount(path); }

vfs::Vfs& Vm::vfs() { return *impl_->fs; }
Kernel& Vm::kernel() { return *impl_->kernel; }

}  // namespace wask::shell
