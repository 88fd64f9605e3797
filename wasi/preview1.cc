#include "wasi/preview1.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wasi/bind.h"

namespace wask::wasi {

namespace {

// The handler's typed signature must lower to the row's wasm signature.
#define WASK_WASI_SYSCALL(name, params, results)                      \
  static_assert(Binding<&syscalls::name>::lowers_to(params, results), \
                "wasi/syscalls.h: " #name " does not match its row in preview1.def");
#include "wasi/preview1.def"

const std::vector<SyscallInfo>& table() {
  static const std::vector<SyscallInfo> rows = {
#define WASK_WASI_SYSCALL(name, params, results) {#name, lower(params, results)},
#include "wasi/preview1.def"
  };
  return rows;
}

const std::vector<HostRow>& host_rows() {
  static const std::vector<HostRow> rows = {
#define WASK_WASI_SYSCALL(name, params, results) \
  {kPreview1Module, #name, lower(params, results), &Binding<&syscalls::name>::invoke},
#include "wasi/preview1.def"
  };
  return rows;
}

}  // namespace

std::span<const SyscallInfo> preview1_syscalls() { return table(); }

interp::HostFunction make_preview1_function(std::string_view name, WasiContext& ctx) {
#define WASK_WASI_SYSCALL(fn, params, results)                                 \
  if (name == #fn)                                                             \
    return [&ctx](interp::HostCall& call, std::span<const interp::Value> args, \
                  std::span<interp::Value> out) {                              \
      return Binding<&syscalls::fn>::invoke(ctx, #fn, call, args, out);        \
    };
#include "wasi/preview1.def"
  return {};
}

interp::ImportResolver preview1_imports(interp::Store& store, WasiContext& ctx,
                                        interp::ImportResolver fallback) {
  return bind_imports(store, ctx, host_rows(), std::move(fallback));
}

}  // namespace wask::wasi
