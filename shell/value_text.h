// Values as command-line text: `wask run --invoke` parses its arguments with these and prints
// its results with them, so every printed value parses back to the same bits.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "interp/engine.h"

namespace wask::shell {

// A value, or why the text is not one.
using ParsedValue = std::variant<interp::Value, std::string>;

// i32/i64: decimal or 0x hex, signed or unsigned ("-1", "4294967295", "0xff").
// f32/f64: decimal, hex float ("0x1p-3"), "inf", "-inf", "nan", "nan:0x200000".
// externref: "null" or a number; funcref: "null".
// v128: "SHAPE:LANES" (optionally after "v128:"), e.g. "i32x4:1 2 3 4", "f64x2:0.5,-inf",
// "i8x16:0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 255".
ParsedValue parse_value(interp::ValType type, std::string_view text);

// "i32:-1", "i64:55", "f32:0.1", "f64:-inf", "f32:nan", "f64:nan:0x4", "externref:null", ...
// Integers print signed; floats print the shortest decimal that reads back to the same bits;
// a v128 prints as four signed i32 lanes: "v128:i32x4:1 -2 3 4".
std::string format_value(const interp::Value& value);

}  // namespace wask::shell
