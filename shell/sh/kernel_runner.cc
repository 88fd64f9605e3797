#include "shell/sh/kernel_runner.h"

#include "wasi/fd_table.h"

namespace wask::shell::sh {

namespace {

class KernelRunner : public CommandRunner {
 public:
  KernelRunner(std::shared_ptr<Kernel> kernel,
               std::optional<std::chrono::steady_clock::time_point> deadline)
      : kernel_(std::move(kernel)), deadline_(deadline) {}

  Found find(std::string_view name, std::string_view path_var, std::string_view cwd) override {
    auto path = find_command(kernel_->vfs(), name, path_var, cwd);
    if (path) return {Lookup::Found, *path, {}};
    switch (path.error()) {
      case wasi::Errno::NoEnt:
        return {Lookup::NotFound, {}, {}};
      case wasi::Errno::NoExec:
        return {Lookup::NotExecutable, {}, "cannot execute: not a WebAssembly module"};
      case wasi::Errno::IsDir:
        return {Lookup::NotExecutable, {}, "Is a directory"};
      default:
        return {Lookup::NotExecutable, {}, "Permission denied"};
    }
  }

  int run(const std::string&, const std::vector<std::string>& argv,
          const std::vector<std::string>& environ, const std::string& cwd, const Fds& fds,
          const std::function<void(int pid)>& started) override {
    SpawnSpec spec;
    spec.args = argv;  // the kernel finds argv[0] again, as the command sees it typed
    spec.environ = environ;
    spec.cwd = cwd;
    for (const auto& [fd, description] : fds.all())
      spec.fds[uint32_t(fd)] = wasi::entry_for(description, "");
    if (deadline_) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline_ - std::chrono::steady_clock::now());
      spec.timeout = std::max(left, std::chrono::milliseconds(1));
    }
    auto pid = kernel_->spawn(std::move(spec));
    if (!pid) {
      if (auto err = fds.get(2)) {
        std::string why = pid.error() == wasi::Errno::Again
                              ? "too many processes"
                              : std::string(wasi::errno_name(pid.error()));
        (void)write_all(*err, "wask sh: " + argv[0] + ": cannot start: " + why + "\n");
      }
      return pid.error() == wasi::Errno::Again ? 2 : kExitNotRunnable;
    }
    if (started) started(int(*pid));
    auto status = kernel_->wait(*pid);
    return status ? *status : kExitNotRunnable;
  }

 private:
  std::shared_ptr<Kernel> kernel_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace

std::shared_ptr<CommandRunner> make_kernel_runner(
    std::shared_ptr<Kernel> kernel, std::optional<std::chrono::steady_clock::time_point> deadline) {
  return std::make_shared<KernelRunner>(std::move(kernel), deadline);
}

}  // namespace wask::shell::sh
