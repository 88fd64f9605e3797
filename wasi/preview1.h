// Binds every preview1 function (wasi/preview1.def) to a WasiContext as engine host functions.
#pragma once

#include <span>
#include <string_view>

#include "interp/engine.h"
#include "wasi/context.h"

namespace wask::wasi {

inline constexpr std::string_view kPreview1Module = "wasi_snapshot_preview1";

struct SyscallInfo {
  std::string_view name;
  interp::FuncType type;
};
// The 46 functions, in the order of preview1.def.
std::span<const SyscallInfo> preview1_syscalls();

// A host function for `name` bound to `ctx` (which must outlive it); null if no such function.
interp::HostFunction make_preview1_function(std::string_view name, WasiContext& ctx);

// Resolves imports of wasi_snapshot_preview1 by adding host functions bound to `ctx` to `store`
// (each at most once); other modules go to `fallback` (if any). An unknown preview1 name is left
// unresolved, so instantiation reports a link error naming it.
interp::ImportResolver preview1_imports(interp::Store& store, WasiContext& ctx,
                                        interp::ImportResolver fallback = {});

}  // namespace wask::wasi
