// `wask disasm MODULE.wasm`: the translated internal code of every defined function, as the
// executor runs it (docs/interp.md explains the listing).
#include <iostream>
#include <string>

#include "shell/cli.h"
#include "shell/wasi_command.h"

namespace wask::shell {

int cli_disasm(std::span<const std::string_view> args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: wask disasm MODULE.wasm\n\nPrints the internal code wask translates "
                 "each defined function to.\n";
    return 0;
  }
  if (args.size() != 1) {
    std::cerr << "usage: wask disasm MODULE.wasm\n";
    return 2;
  }
  auto loaded = load_module_file(std::string(args[0]));
  if (auto* error = std::get_if<std::string>(&loaded)) {
    std::cerr << "wask disasm: " << *error << "\n";
    return 1;
  }
  std::cout << std::get<0>(loaded)->disassembly();
  return 0;
}

}  // namespace wask::shell
