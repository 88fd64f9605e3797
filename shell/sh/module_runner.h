// The shell's CommandRunner until the kernel's process table lands: finds a command on PATH in
// the VFS and runs it as a WASI command on the calling thread, with the shell's fds 0-2 as its
// stdio. Modules are cached by content for the runner's life. At `deadline` every running
// guest is interrupted (the shell then ends with 124).
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "interp/engine.h"
#include "shell/sh/shell.h"
#include "vfs/vfs.h"

namespace wask::shell::sh {

std::shared_ptr<CommandRunner> make_module_runner(
    std::shared_ptr<vfs::Vfs> vfs, interp::StoreConfig limits = {},
    std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

}  // namespace wask::shell::sh
