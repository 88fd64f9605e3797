// `wask run --invoke NAME module.wasm [ARG...]`: instantiate a module without imports, call one
// exported function with arguments parsed per its parameter types, print its results.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "interp/engine.h"

namespace wask::shell {

struct InvokeRequest {
  std::string module_path;
  std::string function;           // the export to call
  std::vector<std::string> args;  // one per parameter, as text (see value_text.h)
  interp::StoreConfig limits;
  interp::LoadOptions load;  // the on-disk cache (its name is set from module_path)
};

// Exit statuses of `wask run`.
inline constexpr int kExitUsage = 2;      // bad command line, unreadable/invalid module, link error
inline constexpr int kExitTrap = 134;     // the guest trapped or exhausted a limit (like SIGABRT)
inline constexpr int kExitInternal = 70;  // a bug in wask itself (EX_SOFTWARE)

// Prints results to `out` ("TYPE:VALUE" per line) and problems to `err`; returns the exit status:
// 0, kExitUsage, kExitTrap, kExitInternal, or the guest's own exit code if it ended itself.
int run_invoke(const InvokeRequest& request, std::ostream& out, std::ostream& err);

}  // namespace wask::shell
