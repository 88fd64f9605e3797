// `wask run`: call one export (--invoke) or, later, run a WASI command module (`_start`).
// Every option is a row of run_option_table(); each mode is its own function.
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "shell/cli.h"
#include "shell/cli_options.h"
#include "shell/invoke.h"

namespace wask::shell {

namespace {

// Everything `wask run` can be told, filled in by the option table.
struct RunOptions {
  interp::StoreConfig limits;
  std::optional<std::string> invoke;  // --invoke NAME: call this export instead of `_start`
  // WASI command mode options (--dir, --mount, --env, --cwd, --deterministic, --trace-wasi) go
  // here.
};

std::vector<Option> run_option_table(RunOptions& options) {
  std::vector<Option> table = {
      {"--invoke", "NAME", "call the exported function NAME with ARGs and print its results",
       [&options](std::string_view value) -> std::optional<std::string> {
         if (value.empty()) return std::string("needs a function name");
         options.invoke = std::string(value);
         return std::nullopt;
       }},
  };
  for (Option& option : limit_options(options.limits)) table.push_back(std::move(option));
  return table;
}

constexpr const char* kRunUsage =
    "usage: wask run [OPTIONS] --invoke NAME MODULE.wasm [ARG...]\n"
    "       wask run [OPTIONS] MODULE.wasm [ARG...]   (WASI command mode, not built yet)\n";

constexpr const char* kRunDescription =
    "\n"
    "With --invoke, instantiates MODULE.wasm (which must have no imports), calls its exported\n"
    "function NAME with one ARG per parameter and prints each result on its own line as\n"
    "TYPE:VALUE (e.g. i32:55). Options come before MODULE.wasm; every word after it is an ARG.\n"
    "\n"
    "ARG syntax by parameter type:\n"
    "  i32, i64   decimal or 0x hex, signed or unsigned: 42, -1, 4294967295, 0xff\n"
    "  f32, f64   decimal, hex float, inf, -inf, nan, nan:0xPAYLOAD: 1.5, 0x1p-3, -0\n"
    "  externref  null or a number; funcref: null\n"
    "Results print integers signed and floats in the shortest form that reads back exactly.\n"
    "\n"
    "exit status: 0 success; 2 bad usage, unreadable or invalid module, or an import that\n"
    "cannot be satisfied; 134 the guest trapped or ran out of stack or fuel (the trap and a\n"
    "backtrace go to stderr).\n"
    "\n"
    "options:\n";

// --invoke NAME MODULE.wasm [ARG...]
int run_invoke_mode(const RunOptions& options, std::span<const std::string_view> operands) {
  if (operands.empty()) {
    std::fprintf(stderr, "wask run: --invoke needs a MODULE.wasm\n%s", kRunUsage);
    return kExitUsage;
  }
  InvokeRequest request;
  request.module_path = std::string(operands[0]);
  request.function = *options.invoke;
  for (std::string_view arg : operands.subspan(1)) request.args.emplace_back(arg);
  request.limits = options.limits;
  return run_invoke(request, std::cout, std::cerr);
}

// MODULE.wasm [ARG...]: run `_start` under WASI.
int run_command_mode(const RunOptions&, std::span<const std::string_view>) {
  std::fprintf(stderr,
               "wask run: running a WASI command module is not built yet; use --invoke NAME\n");
  return kExitUsage;
}

}  // namespace

int cli_run(std::span<const std::string_view> args) {
  RunOptions options;
  std::vector<Option> table = run_option_table(options);
  ParsedArgs parsed = parse_args(args, table, OptionPlacement::BeforeFirstOperand);
  if (parsed.help) {
    std::cout << kRunUsage << kRunDescription << describe_options(table);
    return 0;
  }
  if (!parsed.error.empty()) {
    std::cerr << "wask run: " << parsed.error << "\n" << kRunUsage;
    return kExitUsage;
  }
  if (options.invoke) return run_invoke_mode(options, parsed.operands);
  if (parsed.operands.empty()) {
    std::cerr << kRunUsage << "`wask run --help` describes every option.\n";
    return kExitUsage;
  }
  return run_command_mode(options, parsed.operands);
}

}  // namespace wask::shell
