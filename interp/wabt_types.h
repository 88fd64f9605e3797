// Conversions from wabt's types to the engine's, shared by the loader and the .wast runner.
#pragma once

#include <wabt/type.h>

#include <cstdint>
#include <optional>

#include "interp/engine.h"

namespace wask::interp {

// exnref (byte 0x69), which wabt 1.0.32's Type has no name for: wask's decoders pass it on in
// wabt's scheme (the byte's negative seven-bit value).
constexpr wabt::Type::Enum kWabtExnRef = static_cast<wabt::Type::Enum>(-0x17);

// The binary encoding's value types (numbers, v128, funcref, externref, exnref) and reference
// types, as wabt types (the byte's negative seven-bit value); none for any other byte.
inline bool is_ref_type_byte(uint8_t b) { return b == 0x70 || b == 0x6f || b == 0x69; }
inline std::optional<wabt::Type> value_type_of_byte(uint8_t b) {
  if ((b >= 0x7b && b <= 0x7f) || is_ref_type_byte(b))
    return wabt::Type(static_cast<int32_t>(b) - 0x80);
  return std::nullopt;
}
inline std::optional<wabt::Type> ref_type_of_byte(uint8_t b) {
  if (is_ref_type_byte(b)) return wabt::Type(static_cast<int32_t>(b) - 0x80);
  return std::nullopt;
}

// The engine's ValType for a wabt value type; none for a type the engine has no values of.
inline std::optional<ValType> from_wabt(wabt::Type type) {
  switch (type) {
    case wabt::Type::I32:
      return ValType::I32;
    case wabt::Type::I64:
      return ValType::I64;
    case wabt::Type::F32:
      return ValType::F32;
    case wabt::Type::F64:
      return ValType::F64;
    case wabt::Type::V128:
      return ValType::V128;
    case wabt::Type::FuncRef:
      return ValType::FuncRef;
    case wabt::Type::ExternRef:
      return ValType::ExternRef;
    default:
      if (type == kWabtExnRef) return ValType::ExnRef;
      return std::nullopt;
  }
}

// The wabt type of an engine type (what the validator compares).
inline wabt::Type to_wabt(ValType type) {
  switch (type) {
    case ValType::I32:
      return wabt::Type::I32;
    case ValType::I64:
      return wabt::Type::I64;
    case ValType::F32:
      return wabt::Type::F32;
    case ValType::F64:
      return wabt::Type::F64;
    case ValType::V128:
      return wabt::Type::V128;
    case ValType::FuncRef:
      return wabt::Type::FuncRef;
    case ValType::ExternRef:
      return wabt::Type::ExternRef;
    case ValType::ExnRef:
      return kWabtExnRef;
  }
  return wabt::Type::I32;
}

}  // namespace wask::interp
