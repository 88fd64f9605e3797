// The standard `spectest` host module of the WebAssembly spec test suite, exactly as the spec
// interpreter defines it (interpreter/host/spectest.ml): print functions, four globals, a table
// and a memory.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "interp/engine.h"

namespace wask::interp {

// Receives one printed line, e.g. "42 : i32", for each value a spectest print function is given.
using SpectestPrinter = std::function<void(std::string_view line)>;

// Allocates the spectest objects in `store` and returns them as (export name, extern) pairs.
std::vector<std::pair<std::string, Extern>> make_spectest(Store& store, SpectestPrinter print);

}  // namespace wask::interp
