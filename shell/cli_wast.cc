// `wask wast FILE.wast...`: run spec-format scripts, print each failure and a summary line.
#include <iostream>
#include <string>
#include <vector>

#include "interp/wast_runner.h"
#include "shell/cli.h"
#include "shell/cli_options.h"

namespace wask::shell {

namespace {

constexpr const char* kWastUsage = "usage: wask wast [OPTIONS] FILE.wast...\n";

constexpr const char* kWastDescription =
    "\n"
    "Runs WebAssembly spec-format scripts (module, register, invoke, get, assert_return,\n"
    "assert_trap, assert_exhaustion, assert_invalid, assert_malformed, assert_unlinkable,\n"
    "assert_uninstantiable) with the standard `spectest` module. Each failure is printed as\n"
    "FILE:LINE: COMMAND: expected ..., got ...; the last line is \"N passed, N failed\",\n"
    "counting every command. Exit status: 0 if nothing failed, 1 if something did, 2 on bad\n"
    "usage. The limits apply to every module and every command of every script.\n"
    "\n"
    "options:\n";

}  // namespace

int cli_wast(std::span<const std::string_view> args) {
  interp::WastOptions options;
  std::vector<Option> table = {
      {"--verbose", "", "also print each passing command and what spectest prints",
       [&options](std::string_view) -> std::optional<std::string> {
         options.verbose = true;
         return std::nullopt;
       }},
  };
  for (Option& option : limit_options(options.store)) table.push_back(std::move(option));

  ParsedArgs parsed = parse_args(args, table, OptionPlacement::Anywhere);
  if (parsed.help) {
    std::cout << kWastUsage << kWastDescription << describe_options(table);
    return 0;
  }
  if (!parsed.error.empty() || parsed.operands.empty()) {
    std::cerr << "wask wast: " << (parsed.error.empty() ? "no scripts given" : parsed.error) << "\n"
              << kWastUsage;
    return 2;
  }

  interp::WastSummary total;
  for (std::string_view path : parsed.operands) {
    total += interp::run_wast_file(std::string(path), std::cout, options);
  }
  std::cout << total.passed << " passed, " << total.failed << " failed" << std::endl;
  return total.failed == 0 ? 0 : 1;
}

}  // namespace wask::shell
