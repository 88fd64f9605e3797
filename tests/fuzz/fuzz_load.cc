// libFuzzer target: any bytes are loaded as a module; a module that loads is instantiated with
// every import made up to match its type (host functions that return zeros, fresh tables,
// memories and globals), and each exported function is called with zero arguments under a fuel
// budget and small limits. Anything but a clean outcome (a load error, a link error, a trap, an
// exhaustion, a return) is a bug: the sanitizers and these checks turn it into a crash.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "interp/engine.h"

using namespace wask::interp;

namespace {

Value zero_of(ValType type) {
  switch (type) {
    case ValType::I32:
      return Value::make_i32(0);
    case ValType::I64:
      return Value::make_i64(0);
    case ValType::F32:
      return Value::make_f32_bits(0);
    case ValType::F64:
      return Value::make_f64_bits(0);
    case ValType::FuncRef:
    case ValType::ExternRef:
    case ValType::ExnRef:
      return Value::make_null(type);
    case ValType::V128:
      break;
  }
  return Value::make_v128({});
}

std::optional<Extern> make_import(Store& store, const ImportDesc& import) {
  const ExternType& t = import.type;
  switch (t.kind) {
    case ExternKind::Func:
      return store.add_host_function(
          t.func, [](HostCall&, std::span<const Value>, std::span<Value> results) {
            for (Value& r : results) r = zero_of(r.type);  // they arrive typed
            return Outcome{};
          });
    case ExternKind::Table:
      if (t.table.limits.min > 100000) return std::nullopt;  // the host's own choice: keep it small
      return store.add_table(t.table, Value::make_null(t.table.element));
    case ExternKind::Memory:
      return store.add_memory(t.memory);
    case ExternKind::Global:
      return store.add_global(t.global, zero_of(t.global.type));
    case ExternKind::Tag:
      return store.add_tag(t.tag);
  }
  return std::nullopt;
}

void check(const Outcome& outcome) {
  if (outcome.kind == OutcomeKind::Crash) {
    std::fprintf(stderr, "engine crash outcome: %s\n", describe(outcome).c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  LoadResult loaded = Module::load(std::span<const uint8_t>(data, size));
  if (!loaded.module) return 0;
  StoreConfig config;
  config.max_memory_bytes = 16 << 20;
  config.max_host_bytes = 64 << 20;
  config.max_call_depth = 2000;
  config.fuel = 200000;
  Store store(config);
  InstantiateResult inst = store.instantiate(
      loaded.module, [&](const ImportDesc& import) { return make_import(store, import); });
  check(inst.outcome);
  if (!inst.instance) return 0;
  for (const auto& [name, ext] : inst.instance->exports()) {
    if (ext.kind != ExternKind::Func) continue;
    std::vector<Value> args;
    for (ValType p : store.type_of(ext).func.params) args.push_back(zero_of(p));
    std::vector<Value> results;
    store.set_fuel(200000);
    check(store.call(ext, args, results));
  }
  return 0;
}
