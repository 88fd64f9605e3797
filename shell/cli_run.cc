// PLACEHOLDER: replaced by `wask run` (issues 2 and 4).
#include <cstdio>
#include "shell/cli.h"
namespace wask::shell {
int cli_run(std::span<const std::string_view>) {
  std::fputs("wask run: not built yet\n", stderr);
  return 2;
}
}  // namespace wask::shell
