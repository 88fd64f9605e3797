#include "wasi/preview1.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wasi/bind.h"

namespace wask::wasi {

namespace {

interp::FuncType lower(std::string_view params, std::string_view results) {
  interp::FuncType type;
  auto to = [](char c) { return c == 'I' ? interp::ValType::I64 : interp::ValType::I32; };
  for (char c : params) type.params.push_back(to(c));
  for (char c : results) type.results.push_back(to(c));
  return type;
}

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
  auto bound = std::make_shared<std::map<std::string, interp::Extern>>();
  return [&store, &ctx, fallback = std::move(fallback),
          bound](const interp::ImportDesc& import) -> std::optional<interp::Extern> {
    if (import.module != kPreview1Module) {
      return fallback ? fallback(import) : std::nullopt;
    }
    if (auto it = bound->find(import.name); it != bound->end()) return it->second;
    for (const SyscallInfo& row : table()) {
      if (row.name != import.name) continue;
      interp::Extern fn = store.add_host_function(row.type, make_preview1_function(row.name, ctx),
                                                  std::string(kPreview1Module) + "." + import.name);
      bound->emplace(import.name, fn);
      return fn;
    }
    return std::nullopt;
  };
}

}  // namespace wask::wasi
