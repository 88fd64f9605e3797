// The command package inside wask: the modules of shell/commands/ compiled into the binary, the
// read-only /bin that serves them in every VM, and `wask run /bin/NAME`.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "interp/engine.h"
#include "shell/wasi_command.h"
#include "vfs/backend.h"
#include "vfs/vfs.h"

namespace wask::shell {

struct EmbeddedModule {
  std::string_view name;  // "cat"
  std::span<const std::byte> bytes;
};

// Every embedded module, in build order (generated: build/shell/embedded_commands.cc).
std::span<const EmbeddedModule> embedded_modules();

// The bytes of command `name` ("[" is test), or an empty span.
std::span<const std::byte> embedded_command(std::string_view name);

// A fresh read-only backend (backends/bundle) listing every command, for /bin.
std::shared_ptr<vfs::Backend> make_bin_backend();

// Mounts make_bin_backend() read-only at /bin, unless one of `mounts` is there; an error message
// on failure.
std::optional<std::string> mount_bin(vfs::Vfs& fs, const std::vector<MountSpec>& mounts);

inline constexpr std::string_view kBinPrefix = "/bin/";

// `wask run MODULE`: a MODULE starting with /bin/ names an embedded command, anything else a host
// file, loaded through `options`. The loaded module, or an error message.
std::variant<std::shared_ptr<const interp::Module>, std::string> load_command_module(
    const std::string& path, const interp::LoadOptions& options = {});

}  // namespace wask::shell
