// Conversions from wabt's types to the engine's, shared by the loader and the .wast runner.
#pragma once

#include <wabt/type.h>

#include <optional>

#include "interp/engine.h"

namespace wask::interp {

// exnref (byte 0x69), which wabt 1.0.32's Type has no name for: wask's decoders pass it on in
// wabt's scheme (the byte's negative seven-bit value).
constexpr wabt::Type::Enum kWabtExnRef = static_cast<wabt::Type::Enum>(-0x17);

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

}  // namespace wask::interp
