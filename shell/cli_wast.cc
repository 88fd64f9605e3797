// PLACEHOLDER: replaced by the wast runner (issue 2).
#include <cstdio>
#include "shell/cli.h"
namespace wask::shell {
int cli_wast(std::span<const std::string_view>) {
  std::fputs("wask wast: not built yet\n", stderr);
  return 2;
}
}  // namespace wask::shell
