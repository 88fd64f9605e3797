// The process table, spawn/wait/kill, the timeout watchdog, and each process's ProcessHost.
#include "shell/kernel/kernel.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "shell/kernel/process.h"
#include "vfs/memory_io.h"
#include "wasi/process_host.h"

namespace wask::shell {

namespace {

bool is_stop_or_ignore(uint32_t signal) {
  // SIGCHLD, SIGCONT, SIGURG, SIGWINCH are ignored by default; the stop signals have no meaning
  // without job control: both leave the process running.
  switch (signal) {
    case 17:
    case 18:
    case 19:
    case 20:
    case 21:
    case 22:
    case 23:
    case 28:
      return true;
  }
  return false;
}

std::string_view env_value(const std::vector<std::string>& environ, std::string_view key) {
  for (const std::string& e : environ)
    if (e.size() > key.size() && e[key.size()] == '=' && e.compare(0, key.size(), key) == 0)
      return std::string_view(e).substr(key.size() + 1);
  return {};
}

}  // namespace

std::map<uint32_t, wasi::FdEntry> stdio_fds(vfs::DescriptionPtr in, vfs::DescriptionPtr out,
                                            vfs::DescriptionPtr err) {
  std::map<uint32_t, wasi::FdEntry> fds;
  vfs::DescriptionPtr ends[] = {std::move(in), std::move(out), std::move(err)};
  static constexpr const char* kNames[] = {"stdin", "stdout", "stderr"};
  for (uint32_t i = 0; i < 3; ++i)
    fds.emplace(i, wasi::entry_for(ends[i] ? ends[i] : vfs::null_description(), kNames[i]));
  return fds;
}

struct Kernel::Impl {
  KernelOptions options;
  mutable std::mutex mu;
  std::condition_variable changed;  // a process exited or was asked to end
  std::map<Pid, std::shared_ptr<Process>> table;
  Pid next_pid = 1;
  std::vector<std::thread> finished;  // threads of processes reaped at exit (orphans)
  bool stopping = false;
  std::thread watchdog;  // started with the first deadline
  std::condition_variable watchdog_wake;

  explicit Impl(KernelOptions o) : options(std::move(o)) {
    if (!options.modules) options.modules = std::make_shared<ModuleCache>();
  }

  // Asks `p` to end with `status`: it stops at its next safepoint, its waits wake.
  void end(Process& p, int status, uint32_t signal = 0) {
    if (p.request_end(status, signal)) changed.notify_all();
  }

  void watch_deadlines() {
    std::unique_lock lock(mu);
    while (!stopping) {
      std::optional<KernelClock::time_point> next;
      auto now = KernelClock::now();
      for (auto& [pid, p] : table) {
        if (!p->deadline || p->state != ProcessState::Running || p->ending()) continue;
        if (*p->deadline <= now) {
          end(*p, kExitTimedOut);
        } else {
          next = std::min(next.value_or(*p->deadline), *p->deadline);
        }
      }
      if (next) {
        watchdog_wake.wait_until(lock, *next);
      } else {
        watchdog_wake.wait(lock);
      }
    }
  }

  // Called with `mu` held by the process's own thread, its context already gone.
  void exited(const std::shared_ptr<Process>& p, int status) {
    p->state = ProcessState::Exited;
    p->status = status;
    std::vector<Pid> unwaited;  // its exited children: nobody will wait for them now
    for (auto& [pid, child] : table) {
      if (child->parent != p->pid || child->orphan) continue;
      child->orphan = true;
      if (child->state == ProcessState::Exited) unwaited.push_back(pid);
    }
    for (Pid pid : unwaited) reap_locked(pid);
    if (p->orphan) reap_locked(p->pid);
    changed.notify_all();
  }

  // Removes an exited process from the table; its thread is joined later, outside `mu` (it may
  // be the calling thread itself, which cannot join itself).
  void reap_locked(Pid pid) {
    auto it = table.find(pid);
    finished.push_back(std::move(it->second->thread));
    table.erase(it);
  }

  void join_finished() {
    std::vector<std::thread> done;
    {
      std::lock_guard lock(mu);
      done.swap(finished);  // each has recorded its exit: joining waits for its last steps only
    }
    for (std::thread& t : done)
      if (t.joinable()) t.join();
  }

  wasi::Expected<Pid> spawn(SpawnSpec spec);
  wasi::Expected<Kernel::Reaped> wait_child(Pid parent, std::optional<Pid> pid, bool block);
  wasi::Errno kill(Pid pid, uint32_t signal);
};

// A process's window on its kernel (host_process's calls).
class ProcessPort : public wasi::ProcessHost {
 public:
  ProcessPort(Kernel::Impl& kernel, const Process& process)
      : kernel_(kernel), self_(process.pid), parent_(process.parent) {}

  wasi::Expected<uint32_t> spawn(SpawnRequest request) override {
    SpawnSpec spec;
    spec.args = std::move(request.args);
    spec.environ = std::move(request.environ);
    spec.cwd = std::move(request.cwd);
    spec.fds = std::move(request.fds);
    spec.parent = self_;
    return kernel_.spawn(std::move(spec));
  }
  wasi::Expected<Waited> wait(std::optional<uint32_t> pid, bool block) override {
    auto reaped = kernel_.wait_child(self_, pid, block);
    if (!reaped) return reaped.error();
    return Waited{reaped->pid, uint32_t(reaped->status), reaped->signal};
  }
  wasi::Errno kill(uint32_t pid, uint32_t signal) override { return kernel_.kill(pid, signal); }
  uint32_t pid() const override { return self_; }
  uint32_t parent_pid() const override { return parent_; }

 private:
  Kernel::Impl& kernel_;
  Pid self_, parent_;
};

wasi::Expected<Pid> Kernel::Impl::spawn(SpawnSpec spec) {
  if (spec.args.empty() || spec.cwd.empty() || spec.cwd.front() != '/') return wasi::Errno::Inval;
  join_finished();
  vfs::Vfs& fs = *options.vfs;
  ProcessLaunch launch;
  launch.store = options.limits.store;
  launch.setup_failure_status = spec.setup_failure_status;
  launch.module = spec.module;
  if (!launch.module) {
    auto path = find_command(fs, spec.args[0], env_value(spec.environ, "PATH"), spec.cwd);
    if (!path) return path.error();
    auto bytes = fs.read_file(*path);
    if (!bytes) return wasi::Errno::Access;
    std::span<const uint8_t> view(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
    interp::LoadResult loaded = options.modules->load(view, *path);
    if (!loaded.module) return wasi::Errno::NoExec;
    launch.module = std::move(loaded.module);
  }

  auto process = std::make_shared<Process>();
  process->args = spec.args;
  process->parent = spec.parent;
  {
    std::lock_guard lock(mu);
    if (stopping) return wasi::Errno::Canceled;
    if (table.size() >= options.limits.max_processes) return wasi::Errno::Again;
    if (spec.parent != kHostPid) {
      auto parent = table.find(spec.parent);
      if (parent == table.end() || parent->second->ending()) return wasi::Errno::Canceled;
    }
    process->pid = next_pid++;
    table.emplace(process->pid, process);
  }
  auto forget = [&] {
    std::lock_guard lock(mu);
    table.erase(process->pid);
    changed.notify_all();
  };

  wasi::WasiOptions wo;
  wo.args = spec.args;
  wo.environ = spec.environ;
  wo.vfs = options.vfs;
  wo.cwd = spec.cwd;
  wo.preopens = spec.preopens;
  wo.deterministic = options.deterministic;
  wo.max_open_fds = options.limits.max_open_files;
  if (options.trace) {
    auto trace = options.trace;
    Pid pid = process->pid;
    wo.trace = [trace, pid](std::string_view line) { trace(pid, line); };
  }
  wo.process = std::make_shared<ProcessPort>(*this, *process);
  wo.cancel = process->cancel;
  auto ctx = wasi::WasiContext::create(std::move(wo));
  if (!ctx) {
    forget();
    return ctx.error();
  }
  for (auto& [fd, entry] : spec.fds) (*ctx)->fds().put(wasi::Fd{fd}, std::move(entry));
  launch.ctx = std::move(*ctx);

  std::lock_guard lock(mu);
  if (stopping) {  // the kernel began to stop while the context was made: it would never be told
    table.erase(process->pid);
    return wasi::Errno::Canceled;
  }
  if (spec.timeout) {
    process->deadline = KernelClock::now() + *spec.timeout;
    if (!watchdog.joinable()) watchdog = std::thread([this] { watch_deadlines(); });
    watchdog_wake.notify_all();
  }
  process->thread = std::thread([this, process, launch = std::move(launch)]() mutable {
    int status = run_process(*process, launch);
    launch.ctx.reset();  // closes every fd: pipe readers see EOF before the parent sees the exit
    launch.module.reset();
    std::lock_guard lock(mu);
    if (process->ending()) status = process->end_status.load();
    exited(process, status);
  });
  return process->pid;
}

wasi::Expected<Kernel::Reaped> Kernel::Impl::wait_child(Pid parent, std::optional<Pid> pid,
                                                        bool block) {
  std::thread joinable;
  Reaped reaped;
  {
    std::unique_lock lock(mu);
    std::shared_ptr<Process> self;
    if (parent != kHostPid)
      if (auto it = table.find(parent); it != table.end()) self = it->second;
    for (;;) {
      std::shared_ptr<Process> found;
      if (pid) {
        auto it = table.find(*pid);
        if (it == table.end()) return wasi::Errno::Srch;
        if (it->second->parent != parent || it->second->orphan) return wasi::Errno::Child;
        if (it->second->state == ProcessState::Exited) found = it->second;
      } else {
        bool any = false;
        for (auto& [id, p] : table) {
          if (p->parent != parent || p->orphan) continue;
          any = true;
          if (p->state == ProcessState::Exited) {
            found = p;
            break;
          }
        }
        if (!any) return wasi::Errno::Child;
      }
      if (found) {
        reaped = Reaped{found->pid, found->status, found->end_signal.load()};
        auto it = table.find(found->pid);
        joinable = std::move(it->second->thread);
        table.erase(it);
        break;
      }
      if (!block) return Reaped{};
      if (self && self->ending()) return wasi::Errno::Canceled;
      changed.wait(lock);
    }
  }
  if (joinable.joinable()) joinable.join();
  return reaped;
}

wasi::Errno Kernel::Impl::kill(Pid pid, uint32_t signal) {
  std::lock_guard lock(mu);
  auto it = table.find(pid);
  if (it == table.end()) return wasi::Errno::Srch;
  if (signal == 0 || is_stop_or_ignore(signal)) return wasi::Errno::Success;
  if (signal > 64) return wasi::Errno::Inval;
  if (it->second->state == ProcessState::Running)
    end(*it->second, kExitSignalBase + int(signal), signal);
  return wasi::Errno::Success;
}

Kernel::Kernel(KernelOptions options) : impl_(std::make_shared<Impl>(std::move(options))) {}

Kernel::~Kernel() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
    for (auto& [pid, p] : impl_->table) impl_->end(*p, kExitSignalBase + int(kSigKill), kSigKill);
    impl_->watchdog_wake.notify_all();
  }
  // Each thread takes `mu` to record its exit, so join with the lock released; the table keeps
  // its entries (nothing reaps while stopping except orphans, which move to `finished`).
  for (;;) {
    std::vector<std::thread> batch;
    {
      std::lock_guard lock(impl_->mu);
      for (auto& [pid, p] : impl_->table)
        if (p->thread.joinable()) batch.push_back(std::move(p->thread));
      for (std::thread& t : impl_->finished) batch.push_back(std::move(t));
      impl_->finished.clear();
    }
    if (batch.empty()) break;
    for (std::thread& t : batch)
      if (t.joinable()) t.join();
  }
  if (impl_->watchdog.joinable()) impl_->watchdog.join();
}

vfs::Vfs& Kernel::vfs() const { return *impl_->options.vfs; }
ModuleCache& Kernel::modules() const { return *impl_->options.modules; }
const KernelLimits& Kernel::limits() const { return impl_->options.limits; }

wasi::Expected<Pid> Kernel::spawn(SpawnSpec spec) { return impl_->spawn(std::move(spec)); }

wasi::Expected<int> Kernel::wait(Pid pid) {
  std::thread joinable;
  int status = 0;
  {
    std::unique_lock lock(impl_->mu);
    auto it = impl_->table.find(pid);
    if (it == impl_->table.end()) return wasi::Errno::Srch;
    std::shared_ptr<Process> p = it->second;
    impl_->changed.wait(lock, [&] { return p->state == ProcessState::Exited; });
    it = impl_->table.find(pid);
    if (it == impl_->table.end()) return wasi::Errno::Srch;  // another waiter reaped it
    status = p->status;
    joinable = std::move(p->thread);
    impl_->table.erase(it);
  }
  if (joinable.joinable()) joinable.join();
  return status;
}

wasi::Expected<std::optional<int>> Kernel::try_wait(Pid pid) {
  std::thread joinable;
  int status = 0;
  {
    std::lock_guard lock(impl_->mu);
    auto it = impl_->table.find(pid);
    if (it == impl_->table.end()) return wasi::Errno::Srch;
    if (it->second->state != ProcessState::Exited) return std::optional<int>();
    status = it->second->status;
    joinable = std::move(it->second->thread);
    impl_->table.erase(it);
  }
  if (joinable.joinable()) joinable.join();
  return std::optional<int>(status);
}

wasi::Expected<Kernel::Reaped> Kernel::wait_child(Pid parent, std::optional<Pid> pid, bool block) {
  return impl_->wait_child(parent, pid, block);
}

wasi::Errno Kernel::kill(Pid pid, uint32_t signal) { return impl_->kill(pid, signal); }

std::optional<ProcessInfo> Kernel::info(Pid pid) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->table.find(pid);
  if (it == impl_->table.end()) return std::nullopt;
  const Process& p = *it->second;
  return ProcessInfo{p.pid, p.parent, p.state, p.status, p.end_signal.load(), p.args};
}

std::vector<ProcessInfo> Kernel::processes() const {
  std::lock_guard lock(impl_->mu);
  std::vector<ProcessInfo> out;
  for (auto& [pid, p] : impl_->table)
    out.push_back({p->pid, p->parent, p->state, p->status, p->end_signal.load(), p->args});
  return out;
}

size_t Kernel::live_processes() const {
  std::lock_guard lock(impl_->mu);
  return impl_->table.size();
}

}  // namespace wask::shell
