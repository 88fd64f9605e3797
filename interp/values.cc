// Values, types and their text forms.
#include <fmt/format.h>

#include <bit>
#include <cstring>

#include "interp/engine.h"

namespace wask::interp {

std::string_view to_string(ValType type) {
  switch (type) {
    case ValType::I32:
      return "i32";
    case ValType::I64:
      return "i64";
    case ValType::F32:
      return "f32";
    case ValType::F64:
      return "f64";
    case ValType::V128:
      return "v128";
    case ValType::FuncRef:
      return "funcref";
    case ValType::ExternRef:
      return "externref";
    case ValType::ExnRef:
      return "exnref";
  }
  return "?";
}

std::string_view to_string(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func:
      return "func";
    case ExternKind::Table:
      return "table";
    case ExternKind::Memory:
      return "memory";
    case ExternKind::Global:
      return "global";
    case ExternKind::Tag:
      return "tag";
  }
  return "?";
}

Value Value::make_i32(uint32_t v) {
  Value out;
  out.type = ValType::I32;
  out.i64 = v;
  return out;
}
Value Value::make_i64(uint64_t v) {
  Value out;
  out.type = ValType::I64;
  out.i64 = v;
  return out;
}
Value Value::make_f32_bits(uint32_t bits) {
  Value out;
  out.type = ValType::F32;
  out.i64 = bits;
  return out;
}
Value Value::make_f64_bits(uint64_t bits) {
  Value out;
  out.type = ValType::F64;
  out.i64 = bits;
  return out;
}
Value Value::make_f32(float v) { return make_f32_bits(std::bit_cast<uint32_t>(v)); }
Value Value::make_f64(double v) { return make_f64_bits(std::bit_cast<uint64_t>(v)); }
Value Value::make_v128(const V128& v) {
  Value out;
  out.type = ValType::V128;
  out.v128 = v;
  return out;
}
Value Value::make_null(ValType ref_type) {
  Value out;
  out.type = ref_type;
  out.ref = Ref{};
  return out;
}
Value Value::make_funcref(uint32_t func_address) {
  Value out;
  out.type = ValType::FuncRef;
  out.ref.raw = func_address;
  return out;
}
Value Value::make_externref(uint64_t host_value) {
  Value out;
  out.type = ValType::ExternRef;
  out.ref.raw = host_value;
  return out;
}

namespace {
template <class F>
std::string float_text(F f) {
  if (std::isnan(f)) {
    using Bits = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
    const Bits bits = std::bit_cast<Bits>(f);
    const Bits payload = bits & ((Bits{1} << (sizeof(F) == 4 ? 23 : 52)) - 1);
    return fmt::format("{}nan:{:#x}", std::signbit(f) ? "-" : "", payload);
  }
  if (std::isinf(f)) return std::signbit(f) ? "-inf" : "inf";
  return fmt::format("{:a}", f);
}
}  // namespace

std::string to_string(const Value& value) {
  switch (value.type) {
    case ValType::I32:
      return fmt::format("i32:{}", static_cast<int32_t>(value.i32));
    case ValType::I64:
      return fmt::format("i64:{}", static_cast<int64_t>(value.i64));
    case ValType::F32:
      return "f32:" + float_text(std::bit_cast<float>(value.f32_bits));
    case ValType::F64:
      return "f64:" + float_text(std::bit_cast<double>(value.f64_bits));
    case ValType::V128: {
      // One format everywhere (docs/interp.md): four signed i32 lanes, lane 0 first.
      std::string text = "v128:i32x4:";
      for (int lane = 0; lane < 4; ++lane) {
        int32_t v;
        std::memcpy(&v, value.v128.data() + 4 * lane, 4);
        text += fmt::format("{}{}", lane ? " " : "", v);
      }
      return text;
    }
    case ValType::FuncRef:
    case ValType::ExternRef:
    case ValType::ExnRef:
      if (value.ref.is_null()) return fmt::format("{}:null", to_string(value.type));
      return fmt::format("{}:{}", to_string(value.type), value.ref.raw);
  }
  return "?";
}

std::string to_string(const FuncType& type) {
  auto list = [](const std::vector<ValType>& v) {
    std::string s = "(";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::string(to_string(v[i]));
    return s + ")";
  };
  return list(type.params) + " -> " + list(type.results);
}

}  // namespace wask::interp
