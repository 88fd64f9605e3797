#include "shell/cli_options.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

namespace wask::shell {

namespace {

const Option* find_option(std::span<const Option> options, std::string_view name) {
  for (const Option& option : options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

}  // namespace

ParsedArgs parse_args(std::span<const std::string_view> args, std::span<const Option> options,
                      OptionPlacement placement) {
  ParsedArgs parsed;
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    bool looks_like_option = arg.size() > 1 && arg[0] == '-';
    if (options_ended || !looks_like_option) {
      parsed.operands.push_back(arg);
      if (placement == OptionPlacement::BeforeFirstOperand) options_ended = true;
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      parsed.help = true;
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (size_t eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const Option* option = find_option(options, name);
    if (!option) {
      parsed.error = fmt::format("unknown option '{}'", name);
      return parsed;
    }
    std::string_view value;
    if (option->value_name.empty()) {
      if (inline_value) {
        parsed.error = fmt::format("option '{}' takes no value", name);
        return parsed;
      }
    } else if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      parsed.error = fmt::format("option '{}' needs a value ({})", name, option->value_name);
      return parsed;
    }
    if (std::optional<std::string> error = option->apply(value)) {
      parsed.error = fmt::format("{}: {}", name, *error);
      return parsed;
    }
  }
  return parsed;
}

std::string describe_options(std::span<const Option> options) {
  size_t width = std::string_view("-h, --help").size();
  for (const Option& option : options) {
    width = std::max(width, option.name.size() + 1 + option.value_name.size());
  }
  std::string text;
  for (const Option& option : options) {
    std::string head = option.value_name.empty()
                           ? std::string(option.name)
                           : fmt::format("{} {}", option.name, option.value_name);
    text += fmt::format("  {:<{}}  {}\n", head, width, option.help);
  }
  text += fmt::format("  {:<{}}  {}\n", "-h, --help", width, "show this help");
  return text;
}

std::optional<uint64_t> parse_count(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<uint64_t> parse_byte_size(std::string_view text) {
  uint64_t scale = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 'k':
      case 'K':
        scale = uint64_t{1} << 10;
        break;
      case 'm':
      case 'M':
        scale = uint64_t{1} << 20;
        break;
      case 'g':
      case 'G':
        scale = uint64_t{1} << 30;
        break;
      default:
        break;
    }
    if (scale != 1) text.remove_suffix(1);
  }
  std::optional<uint64_t> count = parse_count(text);
  if (!count || *count > std::numeric_limits<uint64_t>::max() / scale) return std::nullopt;
  return *count * scale;
}

std::vector<Option> limit_options(interp::StoreConfig& config) {
  return {
      {"--fuel", "N", "stop the guest with \"out of fuel\" after about N instructions",
       [&config](std::string_view value) -> std::optional<std::string> {
         std::optional<uint64_t> n = parse_count(value);
         if (!n) return fmt::format("'{}' is not a count", value);
         config.fuel = *n;
         return std::nullopt;
       }},
      {"--max-memory", "BYTES",
       "largest size of each linear memory (suffix K, M or G; memory.grow past it returns -1), "
       "and the budget for the guest's tables, segments, globals and value stack",
       [&config](std::string_view value) -> std::optional<std::string> {
         std::optional<uint64_t> n = parse_byte_size(value);
         if (!n) return fmt::format("'{}' is not a byte size (e.g. 65536 or 64M)", value);
         config.max_memory_bytes = *n;
         config.max_host_bytes = *n;
         return std::nullopt;
       }},
      {"--max-call-depth", "N",
       fmt::format("deepest guest call stack before \"call stack exhausted\" (default {})",
                   interp::StoreConfig{}.max_call_depth),
       [&config](std::string_view value) -> std::optional<std::string> {
         std::optional<uint64_t> n = parse_count(value);
         if (!n || *n == 0 || *n > std::numeric_limits<uint32_t>::max()) {
           return fmt::format("'{}' is not a depth between 1 and {}", value,
                              std::numeric_limits<uint32_t>::max());
         }
         config.max_call_depth = uint32_t(*n);
         return std::nullopt;
       }},
  };
}

interp::LoadOptions module_load_options(bool no_cache) {
  interp::LoadOptions options;
  if (no_cache) return options;
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && xdg[0] == '/')
    options.cache_dir = std::string(xdg) + "/wask";
  else if (home && home[0] == '/')
    options.cache_dir = std::string(home) + "/.cache/wask";
  return options;
}

Option no_cache_option(bool& no_cache) {
  return {"--no-cache", "",
          "neither read nor write the on-disk module cache ($XDG_CACHE_HOME/wask, default "
          "~/.cache/wask)",
          [&no_cache](std::string_view) -> std::optional<std::string> {
            no_cache = true;
            return std::nullopt;
          }};
}

}  // namespace wask::shell
