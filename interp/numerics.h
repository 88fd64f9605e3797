// WebAssembly 2.0 numeric operators as pure functions, so the dispatch loop is one line per op.
//
// How to call them:
//   - Integers travel as unsigned (uint32_t for i32, uint64_t for i64); signedness is in the name.
//   - Floats travel as float / double. Every function here keeps NaN payloads bit-exact where the
//     spec asks (abs/neg/copysign/reinterpret) and follows the spec's NaN rules elsewhere.
//   - Typed names mirror the instruction text with '.' -> '_':  i32.div_s -> num::i32_div_s,
//     f64.convert_i64_u -> num::f64_convert_i64_u, i32.trunc_sat_f32_s -> num::i32_trunc_sat_f32_s.
//     Generic templates (num::div_s<uint64_t>, num::min<float>, ...) sit underneath them.
//   - Comparisons (eqz, eq, lt_s, ...) return uint32_t 0 or 1, the i32 the instruction pushes.
//   - Operators that can trap return Checked<T>: either `ok` and `value`, or !`ok` and `trap`.
//       auto r = num::i32_div_s(a, b); if (!r.ok) return trap(r.trap); push(r.value);
//
// NaN rules (spec 4.3.3): if every NaN operand is canonical the result NaN is canonical, otherwise
// it is an arithmetic NaN (quiet bit set). IEEE 754 hardware add/sub/mul/div/sqrt already obey this
// (a propagated NaN is quieted, a fresh NaN is the canonical default NaN) as long as x87 is not
// used, which x86-64 code never does for float/double. Where hardware differs from the spec (x86
// minss/maxss, library rounding of NaN, demote/promote payloads) the code below is explicit.
#pragma once

#include <bit>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "interp/outcome.h"

// x87 arithmetic would round through 80 bits and quiet NaNs on load: require IEEE SSE-style floats.
static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559);
#if defined(__i386__) && !defined(__SSE2_MATH__)
#error "wask's numerics need SSE2 floating point on 32-bit x86 (-msse2 -mfpmath=sse)"
#endif

namespace wask::interp::num {

// A result or the trap that replaced it.
template <class T>
struct Checked {
  T value{};
  TrapReason trap = TrapReason::Unreachable;
  bool ok = true;
};
template <class T>
constexpr Checked<T> checked_value(T v) {
  return Checked<T>{v, TrapReason::Unreachable, true};
}
template <class T>
constexpr Checked<T> checked_trap(TrapReason reason) {
  return Checked<T>{T{}, reason, false};
}

// ---------------------------------------------------------------------------------------------
// Float bit helpers: the same-width unsigned integer of a float type, and its fields.

template <std::floating_point F>
using FloatBits = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;

template <std::floating_point F>
struct FloatLayout {
  using Bits = FloatBits<F>;
  static constexpr int kMantissaBits = std::numeric_limits<F>::digits - 1;  // 23 or 52
  static constexpr Bits kSignBit = Bits{1} << (sizeof(F) * 8 - 1);
  static constexpr Bits kQuietBit = Bits{1} << (kMantissaBits - 1);
  static constexpr Bits kMantissaMask = (Bits{1} << kMantissaBits) - 1;
  static constexpr Bits kExponentMask = ~kSignBit & ~kMantissaMask;
  static constexpr Bits kCanonicalNan = kExponentMask | kQuietBit;  // positive canonical NaN
};

template <std::floating_point F>
constexpr FloatBits<F> bits_of(F f) {
  return std::bit_cast<FloatBits<F>>(f);
}
constexpr float f32_from_bits(uint32_t bits) { return std::bit_cast<float>(bits); }
constexpr double f64_from_bits(uint64_t bits) { return std::bit_cast<double>(bits); }

template <std::floating_point F>
constexpr bool is_nan(F f) {
  using L = FloatLayout<F>;
  const auto bits = bits_of(f);
  return (bits & L::kExponentMask) == L::kExponentMask && (bits & L::kMantissaMask) != 0;
}
// A NaN whose payload is exactly the quiet bit (either sign).
template <std::floating_point F>
constexpr bool is_canonical_nan(F f) {
  using L = FloatLayout<F>;
  return (bits_of(f) & ~L::kSignBit) == L::kCanonicalNan;
}
// A NaN with the quiet bit set (canonical NaNs included).
template <std::floating_point F>
constexpr bool is_arithmetic_nan(F f) {
  using L = FloatLayout<F>;
  const auto bits = bits_of(f);
  return (bits & L::kCanonicalNan) == L::kCanonicalNan;
}
// The NaN result of a unary op on NaN `f`: the same NaN with the quiet bit set, so a canonical
// input stays canonical and any other input becomes arithmetic.
template <std::floating_point F>
constexpr F quiet(F f) {
  return std::bit_cast<F>(bits_of(f) | FloatLayout<F>::kQuietBit);
}

// ---------------------------------------------------------------------------------------------
// Integer operators, generic over uint32_t / uint64_t.

template <std::unsigned_integral T>
using Signed = std::make_signed_t<T>;
template <std::unsigned_integral T>
constexpr T kBits = sizeof(T) * 8;

template <std::unsigned_integral T>
constexpr T add(T a, T b) {
  return a + b;
}
template <std::unsigned_integral T>
constexpr T sub(T a, T b) {
  return a - b;
}
template <std::unsigned_integral T>
constexpr T mul(T a, T b) {
  return a * b;
}

template <std::unsigned_integral T>
constexpr Checked<T> div_s(T a, T b) {
  if (b == 0) return checked_trap<T>(TrapReason::IntegerDivideByZero);
  // INT_MIN / -1 is the one quotient that does not fit.
  if (a == (T{1} << (kBits<T> - 1)) && b == T(~T{0})) {
    return checked_trap<T>(TrapReason::IntegerOverflow);
  }
  return checked_value<T>(T(Signed<T>(a) / Signed<T>(b)));
}
template <std::unsigned_integral T>
constexpr Checked<T> div_u(T a, T b) {
  if (b == 0) return checked_trap<T>(TrapReason::IntegerDivideByZero);
  return checked_value<T>(a / b);
}
template <std::unsigned_integral T>
constexpr Checked<T> rem_s(T a, T b) {
  if (b == 0) return checked_trap<T>(TrapReason::IntegerDivideByZero);
  // x % -1 is 0 for every x; computing INT_MIN % -1 in C++ is undefined (and faults on x86).
  if (b == T(~T{0})) return checked_value<T>(0);
  return checked_value<T>(T(Signed<T>(a) % Signed<T>(b)));
}
template <std::unsigned_integral T>
constexpr Checked<T> rem_u(T a, T b) {
  if (b == 0) return checked_trap<T>(TrapReason::IntegerDivideByZero);
  return checked_value<T>(a % b);
}

template <std::unsigned_integral T>
constexpr T bit_and(T a, T b) {
  return a & b;
}
template <std::unsigned_integral T>
constexpr T bit_or(T a, T b) {
  return a | b;
}
template <std::unsigned_integral T>
constexpr T bit_xor(T a, T b) {
  return a ^ b;
}

// Shift counts are taken modulo the width.
template <std::unsigned_integral T>
constexpr T shl(T a, T b) {
  return a << (b & (kBits<T> - 1));
}
template <std::unsigned_integral T>
constexpr T shr_u(T a, T b) {
  return a >> (b & (kBits<T> - 1));
}
template <std::unsigned_integral T>
constexpr T shr_s(T a, T b) {
  return T(Signed<T>(a) >> (b & (kBits<T> - 1)));  // arithmetic shift: defined since C++20
}
template <std::unsigned_integral T>
constexpr T rotl(T a, T b) {
  return std::rotl(a, int(b & (kBits<T> - 1)));
}
template <std::unsigned_integral T>
constexpr T rotr(T a, T b) {
  return std::rotr(a, int(b & (kBits<T> - 1)));
}

template <std::unsigned_integral T>
constexpr T clz(T a) {
  return T(std::countl_zero(a));
}
template <std::unsigned_integral T>
constexpr T ctz(T a) {
  return T(std::countr_zero(a));
}
template <std::unsigned_integral T>
constexpr T popcnt(T a) {
  return T(std::popcount(a));
}

template <std::unsigned_integral T>
constexpr uint32_t eqz(T a) {
  return a == 0;
}
template <std::unsigned_integral T>
constexpr uint32_t eq(T a, T b) {
  return a == b;
}
template <std::unsigned_integral T>
constexpr uint32_t ne(T a, T b) {
  return a != b;
}
template <std::unsigned_integral T>
constexpr uint32_t lt_s(T a, T b) {
  return Signed<T>(a) < Signed<T>(b);
}
template <std::unsigned_integral T>
constexpr uint32_t lt_u(T a, T b) {
  return a < b;
}
template <std::unsigned_integral T>
constexpr uint32_t gt_s(T a, T b) {
  return Signed<T>(a) > Signed<T>(b);
}
template <std::unsigned_integral T>
constexpr uint32_t gt_u(T a, T b) {
  return a > b;
}
template <std::unsigned_integral T>
constexpr uint32_t le_s(T a, T b) {
  return Signed<T>(a) <= Signed<T>(b);
}
template <std::unsigned_integral T>
constexpr uint32_t le_u(T a, T b) {
  return a <= b;
}
template <std::unsigned_integral T>
constexpr uint32_t ge_s(T a, T b) {
  return Signed<T>(a) >= Signed<T>(b);
}
template <std::unsigned_integral T>
constexpr uint32_t ge_u(T a, T b) {
  return a >= b;
}

// Sign-extend the low `Narrow` bits of `a` to all of T (extend8_s, extend16_s, extend32_s).
template <std::unsigned_integral T, std::signed_integral Narrow>
constexpr T extend_s(T a) {
  static_assert(sizeof(Narrow) < sizeof(T));
  return T(Signed<T>(Narrow(a)));
}

// ---------------------------------------------------------------------------------------------
// Float operators, generic over float / double.

// Hardware IEEE arithmetic meets the NaN rules (see the top of this file).
template <std::floating_point F>
constexpr F add(F a, F b) {
  return a + b;
}
template <std::floating_point F>
constexpr F sub(F a, F b) {
  return a - b;
}
template <std::floating_point F>
constexpr F mul(F a, F b) {
  return a * b;
}
template <std::floating_point F>
constexpr F div(F a, F b) {
  return a / b;
}
template <std::floating_point F>
inline F sqrt(F a) {
  return std::sqrt(a);
}

// Sign-bit operations: pure bit manipulation, NaN payloads pass through untouched.
template <std::floating_point F>
constexpr F abs(F a) {
  return std::bit_cast<F>(bits_of(a) & ~FloatLayout<F>::kSignBit);
}
template <std::floating_point F>
constexpr F neg(F a) {
  return std::bit_cast<F>(bits_of(a) ^ FloatLayout<F>::kSignBit);
}
template <std::floating_point F>
constexpr F copysign(F a, F b) {
  using L = FloatLayout<F>;
  return std::bit_cast<F>((bits_of(a) & ~L::kSignBit) | (bits_of(b) & L::kSignBit));
}

// Spec min/max: NaN if either operand is NaN, and -0 < +0. (x86 minss/maxss return the second
// operand for NaN or equal zeros, so they cannot be used directly.)
template <std::floating_point F>
constexpr F min(F a, F b) {
  // A NaN operand, quieted: canonical stays canonical, any other becomes arithmetic.
  if (is_nan(a)) return quiet(a);
  if (is_nan(b)) return quiet(b);
  if (a == b) return std::bit_cast<F>(bits_of(a) | bits_of(b));  // min(-0, +0) = -0
  return a < b ? a : b;
}
template <std::floating_point F>
constexpr F max(F a, F b) {
  if (is_nan(a)) return quiet(a);
  if (is_nan(b)) return quiet(b);
  if (a == b) return std::bit_cast<F>(bits_of(a) & bits_of(b));  // max(-0, +0) = +0
  return a > b ? a : b;
}

// Rounding to an integral value. A NaN operand is returned quieted; everything else keeps its
// sign, so ceil(-0.5) = -0 and nearest(-0.5) = -0.
template <std::floating_point F>
inline F ceil(F a) {
  return is_nan(a) ? quiet(a) : std::ceil(a);
}
template <std::floating_point F>
inline F floor(F a) {
  return is_nan(a) ? quiet(a) : std::floor(a);
}
template <std::floating_point F>
inline F trunc(F a) {
  return is_nan(a) ? quiet(a) : std::trunc(a);
}
// Round half to even, independent of the current rounding mode: at or above 2^mantissa_bits every
// float is already an integer; below it the whole part fits an int64, the fraction is split off
// exactly, and a tie goes to the even neighbour.
template <std::floating_point F>
inline F nearest(F a) {
  if (is_nan(a)) return quiet(a);
  constexpr F kTwoPowMantissa = F(uint64_t{1} << FloatLayout<F>::kMantissaBits);
  const F magnitude = abs(a);
  if (!(magnitude < kTwoPowMantissa)) return a;  // integral already, or infinite
  int64_t whole = static_cast<int64_t>(magnitude);
  const F fraction = magnitude - F(whole);  // exact: both are below 2^mantissa_bits
  if (fraction > F(0.5) || (fraction == F(0.5) && (whole & 1) != 0)) ++whole;
  return copysign(F(whole), a);  // keeps -0 for -0.5 < a <= -0
}

template <std::floating_point F>
constexpr uint32_t eq(F a, F b) {
  return a == b;
}
template <std::floating_point F>
constexpr uint32_t ne(F a, F b) {
  return a != b;
}
template <std::floating_point F>
constexpr uint32_t lt(F a, F b) {
  return a < b;
}
template <std::floating_point F>
constexpr uint32_t gt(F a, F b) {
  return a > b;
}
template <std::floating_point F>
constexpr uint32_t le(F a, F b) {
  return a <= b;
}
template <std::floating_point F>
constexpr uint32_t ge(F a, F b) {
  return a >= b;
}

// ---------------------------------------------------------------------------------------------
// Conversions between integers and floats.

// Whether trunc(a) fits the integer type I (signed or unsigned); false for NaN.
// The bounds are exact: signed N-bit accepts a in (-2^(N-1) - 1, 2^(N-1)), unsigned a in (-1, 2^N).
template <std::unsigned_integral I, bool kSigned, std::floating_point F>
constexpr bool fits_above_min(F a) {
  constexpr int kN = int(kBits<I>);
  if constexpr (!kSigned) {
    return a > F(-1);
  } else if constexpr (kN - 1 <= FloatLayout<F>::kMantissaBits) {
    return a > F(-(int64_t{1} << (kN - 1))) - F(1);  // -2^(N-1) - 1 is exact in F
  } else {
    return a >= -F(uint64_t{1} << (kN - 1));  // no F lies strictly in (-2^(N-1) - 1, -2^(N-1))
  }
}
template <std::unsigned_integral I, bool kSigned, std::floating_point F>
constexpr bool fits_below_max(F a) {
  constexpr int kN = int(kBits<I>);
  constexpr F kLimit = kSigned ? F(uint64_t{1} << (kN - 1)) : F(uint64_t{1} << (kN - 1)) * F(2);
  return a < kLimit;
}
// a must be in range (see above): the C++ conversion truncates toward zero.
template <std::unsigned_integral I, bool kSigned, std::floating_point F>
constexpr I truncate_in_range(F a) {
  if constexpr (kSigned) {
    return I(static_cast<Signed<I>>(a));
  } else {
    return static_cast<I>(a);
  }
}

// iNN.trunc_fMM_s / _u: traps on NaN (invalid conversion) and out of range (integer overflow).
template <std::unsigned_integral I, bool kSigned, std::floating_point F>
constexpr Checked<I> trunc(F a) {
  if (is_nan(a)) return checked_trap<I>(TrapReason::InvalidConversionToInteger);
  if (!fits_above_min<I, kSigned>(a) || !fits_below_max<I, kSigned>(a)) {
    return checked_trap<I>(TrapReason::IntegerOverflow);
  }
  return checked_value<I>(truncate_in_range<I, kSigned>(a));
}
// iNN.trunc_sat_fMM_s / _u: NaN -> 0, out of range -> the nearest bound.
template <std::unsigned_integral I, bool kSigned, std::floating_point F>
constexpr I trunc_sat(F a) {
  if (is_nan(a)) return 0;
  if (!fits_above_min<I, kSigned>(a)) return kSigned ? I{1} << (kBits<I> - 1) : I{0};
  if (!fits_below_max<I, kSigned>(a)) return kSigned ? I(~I{0} >> 1) : I(~I{0});
  return truncate_in_range<I, kSigned>(a);
}

// fNN.convert_iMM_s / _u: correctly rounded (round to nearest, ties to even).
template <std::floating_point F, std::unsigned_integral I>
constexpr F convert_s(I a) {
  return static_cast<F>(static_cast<Signed<I>>(a));  // one hardware rounding (cvtsi2ss/sd)
}
template <std::floating_point F, std::unsigned_integral I>
constexpr F convert_u(I a) {
  if constexpr (sizeof(I) == 4) {
    return static_cast<F>(int64_t{a});  // exact in int64, then one rounding
  } else {
    if (int64_t(a) >= 0) return static_cast<F>(int64_t(a));
    // Top bit set: halve, keeping the lost bit as a sticky bit so the single rounding of the
    // halved value rounds exactly as the full value would, then double (exact). Going through
    // double first (u64 -> f64 -> f32) would round twice and be wrong for f32.
    const uint64_t halved = (a >> 1) | (a & 1);
    return static_cast<F>(int64_t(halved)) * F(2);
  }
}

// f32.demote_f64: rounds to nearest; a NaN keeps its sign and the top of its payload, quieted, so
// a canonical NaN stays canonical.
constexpr float demote(double a) {
  if (is_nan(a)) {
    const uint64_t bits = bits_of(a);
    const uint32_t sign = uint32_t(bits >> 32) & FloatLayout<float>::kSignBit;
    const uint32_t payload = uint32_t((bits & FloatLayout<double>::kMantissaMask) >> 29);
    return f32_from_bits(sign | FloatLayout<float>::kCanonicalNan | payload);
  }
  return static_cast<float>(a);
}
// f64.promote_f32: exact; a NaN keeps its sign and payload, quieted.
constexpr double promote(float a) {
  if (is_nan(a)) {
    const uint32_t bits = bits_of(a);
    const uint64_t sign = uint64_t(bits & FloatLayout<float>::kSignBit) << 32;
    const uint64_t payload = uint64_t(bits & FloatLayout<float>::kMantissaMask) << 29;
    return f64_from_bits(sign | FloatLayout<double>::kCanonicalNan | payload);
  }
  return static_cast<double>(a);
}

// ---------------------------------------------------------------------------------------------
// Typed names, one per instruction (text name with '.' -> '_').

// i32
constexpr uint32_t i32_add(uint32_t a, uint32_t b) { return add(a, b); }
constexpr uint32_t i32_sub(uint32_t a, uint32_t b) { return sub(a, b); }
constexpr uint32_t i32_mul(uint32_t a, uint32_t b) { return mul(a, b); }
constexpr Checked<uint32_t> i32_div_s(uint32_t a, uint32_t b) { return div_s(a, b); }
constexpr Checked<uint32_t> i32_div_u(uint32_t a, uint32_t b) { return div_u(a, b); }
constexpr Checked<uint32_t> i32_rem_s(uint32_t a, uint32_t b) { return rem_s(a, b); }
constexpr Checked<uint32_t> i32_rem_u(uint32_t a, uint32_t b) { return rem_u(a, b); }
constexpr uint32_t i32_and(uint32_t a, uint32_t b) { return bit_and(a, b); }
constexpr uint32_t i32_or(uint32_t a, uint32_t b) { return bit_or(a, b); }
constexpr uint32_t i32_xor(uint32_t a, uint32_t b) { return bit_xor(a, b); }
constexpr uint32_t i32_shl(uint32_t a, uint32_t b) { return shl(a, b); }
constexpr uint32_t i32_shr_s(uint32_t a, uint32_t b) { return shr_s(a, b); }
constexpr uint32_t i32_shr_u(uint32_t a, uint32_t b) { return shr_u(a, b); }
constexpr uint32_t i32_rotl(uint32_t a, uint32_t b) { return rotl(a, b); }
constexpr uint32_t i32_rotr(uint32_t a, uint32_t b) { return rotr(a, b); }
constexpr uint32_t i32_clz(uint32_t a) { return clz(a); }
constexpr uint32_t i32_ctz(uint32_t a) { return ctz(a); }
constexpr uint32_t i32_popcnt(uint32_t a) { return popcnt(a); }
constexpr uint32_t i32_eqz(uint32_t a) { return eqz(a); }
constexpr uint32_t i32_eq(uint32_t a, uint32_t b) { return eq(a, b); }
constexpr uint32_t i32_ne(uint32_t a, uint32_t b) { return ne(a, b); }
constexpr uint32_t i32_lt_s(uint32_t a, uint32_t b) { return lt_s(a, b); }
constexpr uint32_t i32_lt_u(uint32_t a, uint32_t b) { return lt_u(a, b); }
constexpr uint32_t i32_gt_s(uint32_t a, uint32_t b) { return gt_s(a, b); }
constexpr uint32_t i32_gt_u(uint32_t a, uint32_t b) { return gt_u(a, b); }
constexpr uint32_t i32_le_s(uint32_t a, uint32_t b) { return le_s(a, b); }
constexpr uint32_t i32_le_u(uint32_t a, uint32_t b) { return le_u(a, b); }
constexpr uint32_t i32_ge_s(uint32_t a, uint32_t b) { return ge_s(a, b); }
constexpr uint32_t i32_ge_u(uint32_t a, uint32_t b) { return ge_u(a, b); }
constexpr uint32_t i32_extend8_s(uint32_t a) { return extend_s<uint32_t, int8_t>(a); }
constexpr uint32_t i32_extend16_s(uint32_t a) { return extend_s<uint32_t, int16_t>(a); }

// i64 (comparisons push an i32)
constexpr uint64_t i64_add(uint64_t a, uint64_t b) { return add(a, b); }
constexpr uint64_t i64_sub(uint64_t a, uint64_t b) { return sub(a, b); }
constexpr uint64_t i64_mul(uint64_t a, uint64_t b) { return mul(a, b); }
constexpr Checked<uint64_t> i64_div_s(uint64_t a, uint64_t b) { return div_s(a, b); }
constexpr Checked<uint64_t> i64_div_u(uint64_t a, uint64_t b) { return div_u(a, b); }
constexpr Checked<uint64_t> i64_rem_s(uint64_t a, uint64_t b) { return rem_s(a, b); }
constexpr Checked<uint64_t> i64_rem_u(uint64_t a, uint64_t b) { return rem_u(a, b); }
constexpr uint64_t i64_and(uint64_t a, uint64_t b) { return bit_and(a, b); }
constexpr uint64_t i64_or(uint64_t a, uint64_t b) { return bit_or(a, b); }
constexpr uint64_t i64_xor(uint64_t a, uint64_t b) { return bit_xor(a, b); }
constexpr uint64_t i64_shl(uint64_t a, uint64_t b) { return shl(a, b); }
constexpr uint64_t i64_shr_s(uint64_t a, uint64_t b) { return shr_s(a, b); }
constexpr uint64_t i64_shr_u(uint64_t a, uint64_t b) { return shr_u(a, b); }
constexpr uint64_t i64_rotl(uint64_t a, uint64_t b) { return rotl(a, b); }
constexpr uint64_t i64_rotr(uint64_t a, uint64_t b) { return rotr(a, b); }
constexpr uint64_t i64_clz(uint64_t a) { return clz(a); }
constexpr uint64_t i64_ctz(uint64_t a) { return ctz(a); }
constexpr uint64_t i64_popcnt(uint64_t a) { return popcnt(a); }
constexpr uint32_t i64_eqz(uint64_t a) { return eqz(a); }
constexpr uint32_t i64_eq(uint64_t a, uint64_t b) { return eq(a, b); }
constexpr uint32_t i64_ne(uint64_t a, uint64_t b) { return ne(a, b); }
constexpr uint32_t i64_lt_s(uint64_t a, uint64_t b) { return lt_s(a, b); }
constexpr uint32_t i64_lt_u(uint64_t a, uint64_t b) { return lt_u(a, b); }
constexpr uint32_t i64_gt_s(uint64_t a, uint64_t b) { return gt_s(a, b); }
constexpr uint32_t i64_gt_u(uint64_t a, uint64_t b) { return gt_u(a, b); }
constexpr uint32_t i64_le_s(uint64_t a, uint64_t b) { return le_s(a, b); }
constexpr uint32_t i64_le_u(uint64_t a, uint64_t b) { return le_u(a, b); }
constexpr uint32_t i64_ge_s(uint64_t a, uint64_t b) { return ge_s(a, b); }
constexpr uint32_t i64_ge_u(uint64_t a, uint64_t b) { return ge_u(a, b); }
constexpr uint64_t i64_extend8_s(uint64_t a) { return extend_s<uint64_t, int8_t>(a); }
constexpr uint64_t i64_extend16_s(uint64_t a) { return extend_s<uint64_t, int16_t>(a); }
constexpr uint64_t i64_extend32_s(uint64_t a) { return extend_s<uint64_t, int32_t>(a); }

// f32
constexpr float f32_add(float a, float b) { return add(a, b); }
constexpr float f32_sub(float a, float b) { return sub(a, b); }
constexpr float f32_mul(float a, float b) { return mul(a, b); }
constexpr float f32_div(float a, float b) { return div(a, b); }
constexpr float f32_min(float a, float b) { return min(a, b); }
constexpr float f32_max(float a, float b) { return max(a, b); }
constexpr float f32_copysign(float a, float b) { return copysign(a, b); }
constexpr float f32_abs(float a) { return abs(a); }
constexpr float f32_neg(float a) { return neg(a); }
inline float f32_sqrt(float a) { return sqrt(a); }
inline float f32_ceil(float a) { return ceil(a); }
inline float f32_floor(float a) { return floor(a); }
inline float f32_trunc(float a) { return trunc(a); }
inline float f32_nearest(float a) { return nearest(a); }
constexpr uint32_t f32_eq(float a, float b) { return eq(a, b); }
constexpr uint32_t f32_ne(float a, float b) { return ne(a, b); }
constexpr uint32_t f32_lt(float a, float b) { return lt(a, b); }
constexpr uint32_t f32_gt(float a, float b) { return gt(a, b); }
constexpr uint32_t f32_le(float a, float b) { return le(a, b); }
constexpr uint32_t f32_ge(float a, float b) { return ge(a, b); }

// f64
constexpr double f64_add(double a, double b) { return add(a, b); }
constexpr double f64_sub(double a, double b) { return sub(a, b); }
constexpr double f64_mul(double a, double b) { return mul(a, b); }
constexpr double f64_div(double a, double b) { return div(a, b); }
constexpr double f64_min(double a, double b) { return min(a, b); }
constexpr double f64_max(double a, double b) { return max(a, b); }
constexpr double f64_copysign(double a, double b) { return copysign(a, b); }
constexpr double f64_abs(double a) { return abs(a); }
constexpr double f64_neg(double a) { return neg(a); }
inline double f64_sqrt(double a) { return sqrt(a); }
inline double f64_ceil(double a) { return ceil(a); }
inline double f64_floor(double a) { return floor(a); }
inline double f64_trunc(double a) { return trunc(a); }
inline double f64_nearest(double a) { return nearest(a); }
constexpr uint32_t f64_eq(double a, double b) { return eq(a, b); }
constexpr uint32_t f64_ne(double a, double b) { return ne(a, b); }
constexpr uint32_t f64_lt(double a, double b) { return lt(a, b); }
constexpr uint32_t f64_gt(double a, double b) { return gt(a, b); }
constexpr uint32_t f64_le(double a, double b) { return le(a, b); }
constexpr uint32_t f64_ge(double a, double b) { return ge(a, b); }

// Conversions
constexpr uint32_t i32_wrap_i64(uint64_t a) { return uint32_t(a); }
constexpr uint64_t i64_extend_i32_s(uint32_t a) { return uint64_t(int64_t(int32_t(a))); }
constexpr uint64_t i64_extend_i32_u(uint32_t a) { return uint64_t{a}; }

constexpr Checked<uint32_t> i32_trunc_f32_s(float a) { return trunc<uint32_t, true>(a); }
constexpr Checked<uint32_t> i32_trunc_f32_u(float a) { return trunc<uint32_t, false>(a); }
constexpr Checked<uint32_t> i32_trunc_f64_s(double a) { return trunc<uint32_t, true>(a); }
constexpr Checked<uint32_t> i32_trunc_f64_u(double a) { return trunc<uint32_t, false>(a); }
constexpr Checked<uint64_t> i64_trunc_f32_s(float a) { return trunc<uint64_t, true>(a); }
constexpr Checked<uint64_t> i64_trunc_f32_u(float a) { return trunc<uint64_t, false>(a); }
constexpr Checked<uint64_t> i64_trunc_f64_s(double a) { return trunc<uint64_t, true>(a); }
constexpr Checked<uint64_t> i64_trunc_f64_u(double a) { return trunc<uint64_t, false>(a); }

constexpr uint32_t i32_trunc_sat_f32_s(float a) { return trunc_sat<uint32_t, true>(a); }
constexpr uint32_t i32_trunc_sat_f32_u(float a) { return trunc_sat<uint32_t, false>(a); }
constexpr uint32_t i32_trunc_sat_f64_s(double a) { return trunc_sat<uint32_t, true>(a); }
constexpr uint32_t i32_trunc_sat_f64_u(double a) { return trunc_sat<uint32_t, false>(a); }
constexpr uint64_t i64_trunc_sat_f32_s(float a) { return trunc_sat<uint64_t, true>(a); }
constexpr uint64_t i64_trunc_sat_f32_u(float a) { return trunc_sat<uint64_t, false>(a); }
constexpr uint64_t i64_trunc_sat_f64_s(double a) { return trunc_sat<uint64_t, true>(a); }
constexpr uint64_t i64_trunc_sat_f64_u(double a) { return trunc_sat<uint64_t, false>(a); }

constexpr float f32_convert_i32_s(uint32_t a) { return convert_s<float>(a); }
constexpr float f32_convert_i32_u(uint32_t a) { return convert_u<float>(a); }
constexpr float f32_convert_i64_s(uint64_t a) { return convert_s<float>(a); }
constexpr float f32_convert_i64_u(uint64_t a) { return convert_u<float>(a); }
constexpr double f64_convert_i32_s(uint32_t a) { return convert_s<double>(a); }
constexpr double f64_convert_i32_u(uint32_t a) { return convert_u<double>(a); }
constexpr double f64_convert_i64_s(uint64_t a) { return convert_s<double>(a); }
constexpr double f64_convert_i64_u(uint64_t a) { return convert_u<double>(a); }

constexpr float f32_demote_f64(double a) { return demote(a); }
constexpr double f64_promote_f32(float a) { return promote(a); }

constexpr uint32_t i32_reinterpret_f32(float a) { return bits_of(a); }
constexpr uint64_t i64_reinterpret_f64(double a) { return bits_of(a); }
constexpr float f32_reinterpret_i32(uint32_t a) { return f32_from_bits(a); }
constexpr double f64_reinterpret_i64(uint64_t a) { return f64_from_bits(a); }

}  // namespace wask::interp::num
