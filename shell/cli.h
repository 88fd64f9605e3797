// The wask command line: one function per subcommand, each taking the arguments after its name.
#pragma once

#include <span>
#include <string_view>

namespace wask::shell {

int cli_wast(std::span<const std::string_view> args);  // wask wast FILE.wast...
int cli_run(std::span<const std::string_view> args);   // wask run [OPTIONS] MODULE.wasm [ARG...]
int cli_sh(std::span<const std::string_view> args);    // wask sh [OPTIONS] (-c CMD | SCRIPT | -)
int cli_disasm(std::span<const std::string_view> args);  // wask disasm MODULE.wasm

}  // namespace wask::shell
