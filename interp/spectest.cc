#include "interp/spectest.h"

namespace wask::interp {

namespace {

// "42 : i32", the spec interpreter's format for a printed value.
std::string print_line(const Value& value) {
  std::string text = to_string(value);  // "i32:42"
  std::string_view type = to_string(value.type);
  if (text.size() > type.size() && text.compare(0, type.size(), type) == 0 &&
      text[type.size()] == ':') {
    text.erase(0, type.size() + 1);
  }
  return text + " : " + std::string(type);
}

}  // namespace

std::vector<std::pair<std::string, Extern>> make_spectest(Store& store, SpectestPrinter print) {
  using enum ValType;
  std::vector<std::pair<std::string, Extern>> exports;

  auto add_print = [&](const char* name, std::vector<ValType> params) {
    HostFunction fn = [print](HostCall&, std::span<const Value> args, std::span<Value>) {
      if (print) {
        for (const Value& v : args) print(print_line(v));
      }
      return Outcome{};
    };
    exports.emplace_back(name,
                         store.add_host_function(FuncType{std::move(params), {}}, std::move(fn),
                                                 std::string("spectest.") + name));
  };
  add_print("print", {});
  add_print("print_i32", {I32});
  add_print("print_i64", {I64});
  add_print("print_f32", {F32});
  add_print("print_f64", {F64});
  add_print("print_i32_f32", {I32, F32});
  add_print("print_f64_f64", {F64, F64});

  // Immutable globals: 666 for integers, 666.6 rounded to the type for floats.
  exports.emplace_back("global_i32", store.add_global({I32, false}, Value::make_i32(666)));
  exports.emplace_back("global_i64", store.add_global({I64, false}, Value::make_i64(666)));
  exports.emplace_back("global_f32", store.add_global({F32, false}, Value::make_f32(666.6f)));
  exports.emplace_back("global_f64", store.add_global({F64, false}, Value::make_f64(666.6)));

  exports.emplace_back(
      "table", store.add_table(TableType{FuncRef, Limits{10, 20}}, Value::make_null(FuncRef)));
  exports.emplace_back("memory", store.add_memory(MemoryType{Limits{1, 2}}));
  return exports;
}

}  // namespace wask::interp
