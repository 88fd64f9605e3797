// Runs WebAssembly spec-format scripts (.wast) against the engine, with the standard `spectest`
// host module. Parsing of the script text is wabt's (WastParser); execution is ours.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "interp/engine.h"

namespace wask::interp {

struct WastOptions {
  StoreConfig store;     // limits for every module the script instantiates
  bool verbose = false;  // also print each passing command
};

struct WastSummary {
  size_t passed = 0;
  size_t failed = 0;
  WastSummary& operator+=(const WastSummary& o) {
    passed += o.passed;
    failed += o.failed;
    return *this;
  }
};

// Each failure is reported to `report` as "FILE:LINE: <command>: expected ..., got ...".
// Every command (module, register, action, assertion) counts once, as passed or failed.
// wabt parses one top-level command at a time: a command it cannot parse counts as one failure,
// reported with wabt's message, and so does one using Wasm 3.0 text wabt 1.0.32 cannot read
// (named by feature and line, found before wabt sees it: some of it makes wabt abort).
// Each script gets its own store; `options.store.fuel` is refilled before every command.
WastSummary run_wast_file(const std::string& path, std::ostream& report,
                          const WastOptions& options = {});
WastSummary run_wast_text(std::string_view text, std::string_view filename, std::ostream& report,
                          const WastOptions& options = {});

}  // namespace wask::interp
