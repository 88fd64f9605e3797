// LEB128 integers of the binary format, shared by the section decoder (module_reader.cc) and the
// body decoder (body_reader.cc): the spec's limits and its three ways to fail.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wask::interp {

enum class LebError : uint8_t { None, UnexpectedEnd, TooLong, TooLarge };

// The spec's words for a truncated input: outside a section, and inside a section or function.
constexpr const char* kUnexpectedEnd = "unexpected end";
constexpr const char* kEndOfSection = "unexpected end of section or function";
constexpr const char* kTooLong = "integer representation too long";
constexpr const char* kTooLarge = "integer too large";

// The spec's words for each failure.
inline const char* leb_message(LebError e, const char* unexpected_end) {
  switch (e) {
    case LebError::UnexpectedEnd:
      return unexpected_end;
    case LebError::TooLong:
      return kTooLong;
    case LebError::TooLarge:
      return kTooLarge;
    case LebError::None:
      break;
  }
  return "";
}

// An unsigned or signed LEB128 of `bits` bits at data[p, end): at most ceil(bits / 7) bytes, and
// the last byte's unused bits zero (unsigned) or copies of the sign bit (signed). Advances p.
inline LebError read_leb(const uint8_t* data, size_t& p, size_t end, unsigned bits, bool is_signed,
                         uint64_t* out) {
  const unsigned max_bytes = (bits + 6) / 7;
  uint64_t value = 0;
  for (unsigned i = 0;; ++i) {
    if (p >= end) return LebError::UnexpectedEnd;
    const uint8_t b = data[p++];
    const unsigned shift = 7 * i;
    if (i + 1 == max_bytes) {
      if (b & 0x80) return LebError::TooLong;
      const unsigned used = bits - shift;  // value bits in this byte
      const uint8_t unused = static_cast<uint8_t>(0x7f & ~((1u << used) - 1));
      if (!is_signed && (b & unused) != 0) return LebError::TooLarge;
      if (is_signed) {
        const bool negative = (b >> (used - 1)) & 1;
        if ((b & unused) != (negative ? unused : 0)) return LebError::TooLarge;
      }
      value |= uint64_t{b & 0x7fu} << shift;
      if (is_signed && shift + 7 < 64 && (b & 0x40)) value |= ~uint64_t{0} << (shift + 7);
      break;
    }
    value |= uint64_t{b & 0x7fu} << shift;
    if ((b & 0x80) == 0) {
      if (is_signed && (b & 0x40) && shift + 7 < 64) value |= ~uint64_t{0} << (shift + 7);
      break;
    }
  }
  *out = value;
  return LebError::None;
}

}  // namespace wask::interp
