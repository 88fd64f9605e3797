#include "shell/value_text.h"

#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include <fmt/format.h>

namespace wask::shell {

namespace {

using interp::ValType;
using interp::Value;

// An integer of `bits` width: its magnitude may reach 2^bits - 1, or 2^(bits-1) if negative.
ParsedValue parse_integer(ValType type, std::string_view text) {
  unsigned bits = type == ValType::I32 ? 32 : 64;
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    digits.remove_prefix(2);
  }
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (digits.empty() || ec == std::errc::invalid_argument || end != digits.data() + digits.size()) {
    return fmt::format("'{}' is not an integer", text);
  }
  uint64_t max_positive = bits == 32 ? 0xffffffffull : ~uint64_t{0};
  uint64_t max_negative = uint64_t{1} << (bits - 1);
  if (ec == std::errc::result_out_of_range ||
      magnitude > (negative ? max_negative : max_positive)) {
    return fmt::format("'{}' does not fit in {}", text, interp::to_string(type));
  }
  uint64_t value = negative ? uint64_t{0} - magnitude : magnitude;
  return type == ValType::I32 ? Value::make_i32(uint32_t(value)) : Value::make_i64(value);
}

// A float of type F (float or double) with its bit pattern type B.
template <class F, class B>
ParsedValue parse_float(ValType type, std::string_view text) {
  constexpr int kMantissaBits = std::numeric_limits<F>::digits - 1;
  constexpr B kExponentMask = ~B{0} >> 1 & ~((B{1} << kMantissaBits) - 1);
  constexpr B kSignBit = B{1} << (sizeof(B) * 8 - 1);
  auto make = [&](B bits) -> Value {
    if constexpr (sizeof(B) == 4) return Value::make_f32_bits(bits);
    return Value::make_f64_bits(bits);
  };

  std::string_view body = text;
  B sign = 0;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    sign = body[0] == '-' ? kSignBit : 0;
    body.remove_prefix(1);
  }
  if (body == "inf" || body == "infinity") return make(sign | kExponentMask);
  if (body == "nan") return make(sign | kExponentMask | (B{1} << (kMantissaBits - 1)));
  if (body.starts_with("nan:0x")) {
    std::string_view hex = body.substr(6);
    B payload = 0;
    auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), payload, 16);
    if (hex.empty() || ec != std::errc() || end != hex.data() + hex.size() || payload == 0 ||
        payload >= (B{1} << kMantissaBits)) {
      return fmt::format("'{}' is not a NaN payload of {} (1 to 0x{:x})", text,
                         interp::to_string(type), (B{1} << kMantissaBits) - 1);
    }
    return make(sign | kExponentMask | payload);
  }

  // strtof/strtod read decimal and hex floats and round correctly; the whole text must be used.
  std::string copy(text);
  if (copy.empty() || std::isspace(static_cast<unsigned char>(copy[0]))) {
    return fmt::format("'{}' is not a number", text);
  }
  char* end = nullptr;
  errno = 0;
  F value;
  if constexpr (sizeof(F) == 4) {
    value = std::strtof(copy.c_str(), &end);
  } else {
    value = std::strtod(copy.c_str(), &end);
  }
  if (end != copy.c_str() + copy.size()) return fmt::format("'{}' is not a number", text);
  if (std::isinf(value)) {
    return fmt::format("'{}' is out of range for {} (write inf for infinity)", text,
                       interp::to_string(type));
  }
  return make(std::bit_cast<B>(value));
}

template <class F, class B>
std::string format_float(B bits) {
  constexpr int kMantissaBits = std::numeric_limits<F>::digits - 1;
  constexpr B kPayloadMask = (B{1} << kMantissaBits) - 1;
  F value = std::bit_cast<F>(bits);
  if (std::isnan(value)) {
    std::string sign = std::signbit(value) ? "-" : "";
    B payload = bits & kPayloadMask;
    if (payload == B{1} << (kMantissaBits - 1)) return sign + "nan";
    return fmt::format("{}nan:0x{:x}", sign, payload);
  }
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest round-trip
  return std::string(buffer, ec == std::errc() ? end : buffer);
}

// "[v128:]SHAPE:LANES": SHAPE one of i8x16 i16x8 i32x4 i64x2 f32x4 f64x2, then exactly as many
// lanes (lane 0 first) separated by spaces or commas, each in its scalar's syntax; integer lanes
// may be signed or unsigned.
ParsedValue parse_v128(std::string_view text) {
  std::string_view body = text;
  if (body.starts_with("v128:")) body.remove_prefix(5);
  struct Shape {
    std::string_view name;
    int lanes;
    ValType scalar;
  };
  static constexpr Shape kShapes[] = {{"i8x16", 16, ValType::I32}, {"i16x8", 8, ValType::I32},
                                      {"i32x4", 4, ValType::I32},  {"i64x2", 2, ValType::I64},
                                      {"f32x4", 4, ValType::F32},  {"f64x2", 2, ValType::F64}};
  const Shape* shape = nullptr;
  for (const Shape& s : kShapes) {
    if (body.starts_with(s.name) && body.size() > s.name.size() && body[s.name.size()] == ':')
      shape = &s;
  }
  if (!shape)
    return fmt::format("'{}' is not a v128 (write SHAPE:LANES, e.g. i32x4:1 2 3 4)", text);
  body.remove_prefix(shape->name.size() + 1);
  const int lane_bytes = 16 / shape->lanes;
  interp::V128 bytes{};
  int lane = 0;
  while (true) {
    while (!body.empty() && (body[0] == ' ' || body[0] == ',')) body.remove_prefix(1);
    if (body.empty()) break;
    if (lane == shape->lanes) break;  // too many lanes
    const std::string_view word = body.substr(0, body.find_first_of(" ,"));
    body.remove_prefix(word.size());
    const ParsedValue v = parse_value(shape->scalar, word);
    if (const auto* error = std::get_if<std::string>(&v)) return *error;
    const Value& lv = std::get<Value>(v);
    uint64_t bits = lv.i64;
    if (shape->scalar == ValType::I32 && lane_bytes < 4) {
      const int64_t s = int32_t(lv.i32);
      const int64_t limit = int64_t{1} << (lane_bytes * 8);
      if (s < -(limit / 2) || s >= limit)
        return fmt::format("'{}' does not fit in a {} lane", word, shape->name);
      bits = lv.i32;
    } else if (lane_bytes == 4) {
      bits = lv.i32;
    }
    std::memcpy(bytes.data() + lane * lane_bytes, &bits, lane_bytes);
    ++lane;
  }
  if (lane != shape->lanes || !body.empty())
    return fmt::format("'{}' needs exactly {} lanes for {}", text, shape->lanes, shape->name);
  return Value::make_v128(bytes);
}

}  // namespace

ParsedValue parse_value(ValType type, std::string_view text) {
  switch (type) {
    case ValType::I32:
    case ValType::I64:
      return parse_integer(type, text);
    case ValType::F32:
      return parse_float<float, uint32_t>(type, text);
    case ValType::F64:
      return parse_float<double, uint64_t>(type, text);
    case ValType::ExternRef: {
      if (text == "null") return Value::make_null(type);
      uint64_t host = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), host);
      if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
          host == interp::Ref::kNull) {
        return fmt::format("'{}' is not an externref (null or a number)", text);
      }
      return Value::make_externref(host);
    }
    case ValType::FuncRef:
    case ValType::ExnRef:
      if (text == "null") return Value::make_null(type);
      return fmt::format("a {} argument can only be null", interp::to_string(type));
    case ValType::V128:
      return parse_v128(text);
  }
  return std::string("unknown type");
}

std::string format_value(const Value& value) {
  std::string type(interp::to_string(value.type));
  switch (value.type) {
    case ValType::I32:
      return fmt::format("{}:{}", type, int32_t(value.i32));
    case ValType::I64:
      return fmt::format("{}:{}", type, int64_t(value.i64));
    case ValType::F32:
      return type + ":" + format_float<float, uint32_t>(value.f32_bits);
    case ValType::F64:
      return type + ":" + format_float<double, uint64_t>(value.f64_bits);
    case ValType::V128:
      return interp::to_string(value);  // "v128:i32x4:a b c d", the engine's one format
    case ValType::FuncRef:
    case ValType::ExternRef:
    case ValType::ExnRef:
      if (value.ref.is_null()) return type + ":null";
      return fmt::format("{}:{}", type, value.ref.raw);
  }
  return type + ":?";
}

}  // namespace wask::shell
