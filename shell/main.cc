// wask: a WebAssembly interpreter whose WASI layer sees only an in-process kernel VFS.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <string_view>
#include <vector>

#include "shell/cli.h"

namespace {

constexpr const char* kUsage =
    "usage: wask COMMAND [OPTIONS] ...\n"
    "\n"
    "commands:\n"
    "  run    run a WASI command module, or call one export with --invoke\n"
    "  sh     a POSIX shell in a fresh VM, running WebAssembly commands\n"
    "  wast   run WebAssembly spec-format .wast scripts\n"
    "  disasm print a module's translated internal code\n"
    "\n"
    "`wask COMMAND --help` describes a command's options.\n";

// Module files are mapped, not copied: one truncated by another process while wask runs faults
// with SIGBUS on its next read. Say so and exit instead of dying without a word.
void on_sigbus(int) {
  static constexpr char kMessage[] =
      "wask: a mapped module file was truncated while running (SIGBUS)\n";
  (void)!::write(2, kMessage, sizeof kMessage - 1);
  ::_exit(70);
}

}  // namespace

int main(int argc, char** argv) {
  struct sigaction bus {};
  bus.sa_handler = on_sigbus;
  ::sigaction(SIGBUS, &bus, nullptr);
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
  if (args[0] == "run") return wask::shell::cli_run(rest);
  if (args[0] == "sh") return wask::shell::cli_sh(rest);
  if (args[0] == "wast") return wask::shell::cli_wast(rest);
  if (args[0] == "disasm") return wask::shell::cli_disasm(rest);
  std::fprintf(stderr, "wask: unknown command '%.*s'\n\n%s", int(args[0].size()), args[0].data(),
               kUsage);
  return 2;
}
