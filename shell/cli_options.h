// Command-line options as tables: each subcommand lists its options once (name, value, help,
// effect), and the same table drives parsing and --help.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "interp/engine.h"

namespace wask::shell {

// One row of a subcommand's option table.
struct Option {
  std::string_view name;        // "--fuel"
  std::string_view value_name;  // "N" if the option takes a value; empty for a flag
  std::string help;             // one line for --help
  // Applies the option (`value` is empty for a flag); returns an error message on bad input.
  std::function<std::optional<std::string>(std::string_view value)> apply;
};

// Where the options end.
enum class OptionPlacement {
  Anywhere,           // options and operands mix (`wask wast a.wast --verbose b.wast`)
  BeforeFirstOperand  // the first operand ends the options: later words belong to the guest
};

struct ParsedArgs {
  std::vector<std::string_view> operands;
  bool help = false;  // -h or --help was given
  std::string error;  // a usage error; empty if none
};

// Accepts `--name VALUE`, `--name=VALUE`, flags, `-h`/`--help`, and `--` to end the options.
ParsedArgs parse_args(std::span<const std::string_view> args, std::span<const Option> options,
                      OptionPlacement placement);

// The options' help lines, aligned: "  --fuel N            instruction budget ...".
std::string describe_options(std::span<const Option> options);

// --fuel, --max-memory and --max-call-depth, writing the engine's limits into `config`.
std::vector<Option> limit_options(interp::StoreConfig& config);

// The on-disk module cache's options: cache_dir is $XDG_CACHE_HOME/wask (an absolute
// XDG_CACHE_HOME), else $HOME/.cache/wask, else none; none with `no_cache`.
interp::LoadOptions module_load_options(bool no_cache);
// --no-cache, setting `no_cache`.
Option no_cache_option(bool& no_cache);

// A decimal count ("1000000"); nothing on bad input or overflow.
std::optional<uint64_t> parse_count(std::string_view text);
// A byte size: a count with an optional K, M or G suffix (powers of 1024), e.g. "64M".
std::optional<uint64_t> parse_byte_size(std::string_view text);

}  // namespace wask::shell
