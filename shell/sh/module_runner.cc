// PATH search and module loading over the VFS; run_wasi_command does the rest.
#include "shell/sh/module_runner.h"

#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "shell/wasi_command.h"
#include "vfs/memory_io.h"

namespace wask::shell::sh {

namespace {

class ModuleRunner : public CommandRunner {
 public:
  ModuleRunner(std::shared_ptr<vfs::Vfs> vfs, interp::StoreConfig limits,
               std::optional<std::chrono::steady_clock::time_point> deadline)
      : vfs_(std::move(vfs)), limits_(limits) {
    if (!deadline) return;
    limits_.interrupt = std::make_shared<std::atomic<bool>>(false);
    watchdog_ = std::thread([this, at = *deadline] {
      std::unique_lock lock(watch_mu_);
      if (!watch_cv_.wait_until(lock, at, [this] { return stopping_; }))
        limits_.interrupt->store(true);
    });
  }
  ~ModuleRunner() override {
    {
      std::lock_guard lock(watch_mu_);
      stopping_ = true;
    }
    watch_cv_.notify_all();
    if (watchdog_.joinable()) watchdog_.join();
  }

  Found find(std::string_view name, std::string_view path_var, std::string_view cwd) override {
    auto absolute = [&](std::string_view p) {
      if (!p.empty() && p[0] == '/') return std::string(p);
      return std::string(cwd == "/" ? "" : cwd) + "/" + std::string(p);
    };
    auto check = [&](const std::string& path) -> Found {
      auto st = vfs_->stat(path);
      if (!st) return {};
      if (st->type != vfs::FileType::Regular) return {Lookup::NotExecutable, path};
      return {Lookup::Found, path};
    };
    if (name.find('/') != std::string_view::npos) return check(absolute(name));
    Found not_executable;
    size_t pos = 0;
    while (pos <= path_var.size()) {
      size_t colon = path_var.find(':', pos);
      if (colon == std::string_view::npos) colon = path_var.size();
      std::string_view dir = path_var.substr(pos, colon - pos);
      Found f = check(absolute(std::string(dir.empty() ? "." : dir) + "/" + std::string(name)));
      if (f.lookup == Lookup::Found) return f;
      if (f.lookup == Lookup::NotExecutable && not_executable.lookup == Lookup::NotFound)
        not_executable = f;
      pos = colon + 1;
    }
    return not_executable;
  }

  int run(const std::string& path, const std::vector<std::string>& argv,
          const std::vector<std::string>& environ, const std::string& cwd,
          const Fds& fds) override {
    StreamPtr err = fds.get(2) ? fds.get(2) : vfs::null_description();
    auto module = load(path);
    if (!module) {
      (void)write_all(*err, "wask sh: " + argv[0] + ": cannot execute: not a WebAssembly module\n");
      return 126;
    }
    CommandSpec spec;
    spec.args = argv;
    spec.environ = environ;
    spec.cwd = cwd;
    spec.limits = limits_;
    spec.stdin_stream = fds.get(0) ? fds.get(0) : vfs::null_description();
    spec.stdout_stream = fds.get(1) ? fds.get(1) : vfs::null_description();
    spec.stderr_stream = err;
    std::ostringstream diagnostics;
    int status = run_wasi_command(module, vfs_, spec, diagnostics);
    if (!diagnostics.str().empty()) (void)write_all(*err, diagnostics.str());
    return status;
  }

 private:
  std::shared_ptr<const interp::Module> load(const std::string& path) {
    auto bytes = vfs_->read_file(path);
    if (!bytes) return nullptr;
    std::lock_guard lock(mu_);
    auto& cached = cache_[*bytes];
    if (!cached) {
      auto result = interp::Module::load(
          std::span(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()));
      cached = result.module;
    }
    return cached;
  }

  std::shared_ptr<vfs::Vfs> vfs_;
  interp::StoreConfig limits_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const interp::Module>> cache_;  // by content
  std::mutex watch_mu_;
  std::condition_variable watch_cv_;
  bool stopping_ = false;
  std::thread watchdog_;  // sets limits_.interrupt at the deadline
};

}  // namespace

std::shared_ptr<CommandRunner> make_module_runner(
    std::shared_ptr<vfs::Vfs> vfs, interp::StoreConfig limits,
    std::optional<std::chrono::steady_clock::time_point> deadline) {
  return std::make_shared<ModuleRunner>(std::move(vfs), limits, deadline);
}

}  // namespace wask::shell::sh
