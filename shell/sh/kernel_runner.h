// The shell's CommandRunner over the VM's kernel: PATH lookup by the kernel's find_command, and
// each command a kernel process (its own thread and WASI context) started with exactly the
// shell's fds, environment and cwd, and waited for. A command still running at the shell's
// deadline ends with 124.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "shell/kernel/kernel.h"
#include "shell/sh/shell.h"

namespace wask::shell::sh {

std::shared_ptr<CommandRunner> make_kernel_runner(
    std::shared_ptr<Kernel> kernel,
    std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

}  // namespace wask::shell::sh
