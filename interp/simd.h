// WebAssembly 2.0 fixed-width SIMD (v128) operators as pure functions, like numerics.h for the
// scalar ones: the dispatch loop is one line per op (see opcodes.def, WASK_SIMD_* tables).
//
// A v128 travels as simd::Vec (16 bytes, GCC/clang vector extension: the compiler emits SSE/NEON
// where it can and scalar code elsewhere); each function reinterprets it as the lane type it
// needs. Lane i is bytes [i*size, (i+1)*size) little-endian, as in linear memory. Integer lanes
// are computed unsigned so wrapping is defined; float lanes reuse numerics.h for everything with
// a spec corner case (min/max with NaN and -0, nearest, trunc_sat, demote/promote NaN payloads).
//
// Relaxed SIMD gets one deterministic semantics (docs/interp.md): each relaxed op is its strict
// counterpart (swizzle, trunc_sat, min/max, q15mulr_sat_s, bitselect), madd/nmadd are fused
// (one rounding), and the i7 dot products treat both operands as signed and wrap.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "interp/numerics.h"

namespace wask::interp::simd {

template <class To, class From>
inline To cast(From v) {
  static_assert(sizeof(To) == sizeof(From));
  To out;
  std::memcpy(&out, &v, sizeof out);
  return out;
}

// Lane type -> its 16-byte vector type (a member typedef: GCC takes the attribute there).
template <class L>
struct VecOf {
  typedef L T __attribute__((vector_size(16)));
};
template <class L>
using V = typename VecOf<L>::T;
using Vec = V<uint8_t>;
using u8x16 = V<uint8_t>;
using i8x16 = V<int8_t>;
using u16x8 = V<uint16_t>;
using i16x8 = V<int16_t>;
using u32x4 = V<uint32_t>;
using i32x4 = V<int32_t>;
using u64x2 = V<uint64_t>;
using i64x2 = V<int64_t>;
using f32x4 = V<float>;
using f64x2 = V<double>;
template <class L>
constexpr int kLanes = 16 / sizeof(L);

// Lane-wise maps; the compiler vectorises the simple ones.
template <class L, class F>
inline Vec map1(Vec a, F f) {
  V<L> x = cast<V<L>>(a), r{};
  for (int i = 0; i < kLanes<L>; ++i) r[i] = f(x[i]);
  return cast<Vec>(r);
}
template <class L, class F>
inline Vec map2(Vec a, Vec b, F f) {
  V<L> x = cast<V<L>>(a), y = cast<V<L>>(b), r{};
  for (int i = 0; i < kLanes<L>; ++i) r[i] = f(x[i], y[i]);
  return cast<Vec>(r);
}

// Constants, splats, lanes ----------------------------------------------------------------------
template <class L, class S>
inline Vec splat(S s) {
  V<L> r{};
  for (int i = 0; i < kLanes<L>; ++i) r[i] = static_cast<L>(s);
  return cast<Vec>(r);
}
inline Vec i8x16_splat(uint32_t s) { return splat<uint8_t>(s); }
inline Vec i16x8_splat(uint32_t s) { return splat<uint16_t>(s); }
inline Vec i32x4_splat(uint32_t s) { return splat<uint32_t>(s); }
inline Vec i64x2_splat(uint64_t s) { return splat<uint64_t>(s); }
inline Vec f32x4_splat(float s) { return splat<float>(s); }
inline Vec f64x2_splat(double s) { return splat<double>(s); }

template <class L, class R>
inline R extract(Vec a, uint32_t lane) {
  return static_cast<R>(cast<V<L>>(a)[lane]);
}
template <class L, class S>
inline Vec replace(Vec a, S s, uint32_t lane) {
  V<L> x = cast<V<L>>(a);
  x[lane] = static_cast<L>(s);
  return cast<Vec>(x);
}
// clang-format off
inline uint32_t i8x16_extract_lane_s(Vec a, uint32_t l) { return uint32_t(extract<int8_t, int32_t>(a, l)); }
inline uint32_t i8x16_extract_lane_u(Vec a, uint32_t l) { return extract<uint8_t, uint32_t>(a, l); }
inline uint32_t i16x8_extract_lane_s(Vec a, uint32_t l) { return uint32_t(extract<int16_t, int32_t>(a, l)); }
inline uint32_t i16x8_extract_lane_u(Vec a, uint32_t l) { return extract<uint16_t, uint32_t>(a, l); }
inline uint32_t i32x4_extract_lane(Vec a, uint32_t l) { return extract<uint32_t, uint32_t>(a, l); }
inline uint64_t i64x2_extract_lane(Vec a, uint32_t l) { return extract<uint64_t, uint64_t>(a, l); }
inline float f32x4_extract_lane(Vec a, uint32_t l) { return extract<float, float>(a, l); }
inline double f64x2_extract_lane(Vec a, uint32_t l) { return extract<double, double>(a, l); }
inline Vec i8x16_replace_lane(Vec a, uint32_t s, uint32_t l) { return replace<uint8_t>(a, s, l); }
inline Vec i16x8_replace_lane(Vec a, uint32_t s, uint32_t l) { return replace<uint16_t>(a, s, l); }
inline Vec i32x4_replace_lane(Vec a, uint32_t s, uint32_t l) { return replace<uint32_t>(a, s, l); }
inline Vec i64x2_replace_lane(Vec a, uint64_t s, uint32_t l) { return replace<uint64_t>(a, s, l); }
inline Vec f32x4_replace_lane(Vec a, float s, uint32_t l) { return replace<float>(a, s, l); }
inline Vec f64x2_replace_lane(Vec a, double s, uint32_t l) { return replace<double>(a, s, l); }
// clang-format on

// Indices >= 16 select zero (the spec's swizzle); shuffle's were validated to be < 32.
// Both index a byte table (one load per lane, no branches) and assemble the result in two
// registers, so it is stored as one 16-byte value (byte stores would stall the next load).
inline Vec gather16(const uint8_t* table, const uint8_t* idx, uint32_t mask) {
  uint64_t half[2] = {0, 0};
  for (int i = 0; i < 16; ++i) half[i >> 3] |= uint64_t{table[idx[i] & mask]} << (8 * (i & 7));
  return cast<Vec>(u64x2{half[0], half[1]});
}
inline Vec i8x16_swizzle(Vec a, Vec idx) {
  uint8_t table[32] = {};  // a, then zeros: every index >= 16 selects 0
  std::memcpy(table, &a, 16);
  uint8_t clamped[16];
  for (int i = 0; i < 16; ++i) clamped[i] = idx[i] < 16 ? idx[i] : 16;
  return gather16(table, clamped, 31);
}
inline Vec i8x16_shuffle(Vec a, Vec b, const uint8_t* lanes) {
  uint8_t both[32];  // a then b
  std::memcpy(both, &a, 16);
  std::memcpy(both + 16, &b, 16);
  return gather16(both, lanes, 31);
}

// Bitwise ------------------------------------------------------------------------------------
inline Vec v128_not(Vec a) { return ~a; }
inline Vec v128_and(Vec a, Vec b) { return a & b; }
inline Vec v128_andnot(Vec a, Vec b) { return a & ~b; }
inline Vec v128_or(Vec a, Vec b) { return a | b; }
inline Vec v128_xor(Vec a, Vec b) { return a ^ b; }
inline Vec v128_bitselect(Vec a, Vec b, Vec c) { return (a & c) | (b & ~c); }
inline uint32_t v128_any_true(Vec a) {
  const u64x2 x = cast<u64x2>(a);
  return (x[0] | x[1]) != 0;
}
template <class L>
inline uint32_t all_true(Vec a) {
  const V<L> x = cast<V<L>>(a);
  for (int i = 0; i < kLanes<L>; ++i)
    if (x[i] == 0) return 0;
  return 1;
}
template <class L>  // L signed: the lane's top bit
inline uint32_t bitmask(Vec a) {
  const V<L> x = cast<V<L>>(a);
  uint32_t m = 0;
  for (int i = 0; i < kLanes<L>; ++i) m |= uint32_t(x[i] < 0) << i;
  return m;
}

// Integer arithmetic ---------------------------------------------------------------------------
template <class L>  // L unsigned: wrapping
inline Vec add(Vec a, Vec b) {
  return cast<Vec>(cast<V<L>>(a) + cast<V<L>>(b));
}
template <class L>
inline Vec sub(Vec a, Vec b) {
  return cast<Vec>(cast<V<L>>(a) - cast<V<L>>(b));
}
template <class L>
inline Vec mul(Vec a, Vec b) {
  return cast<Vec>(cast<V<L>>(a) * cast<V<L>>(b));
}
template <class L>
inline Vec neg(Vec a) {
  return cast<Vec>(V<L>{} - cast<V<L>>(a));
}
template <class S>  // S signed; abs of the minimum wraps to itself
inline Vec iabs(Vec a) {
  using U = std::make_unsigned_t<S>;
  return map1<U>(a, [](U x) { return static_cast<S>(x) < 0 ? U(-x) : x; });
}
// Lane-wise compare of any lane type: all ones where it holds, as the vector compare gives (a
// float compare with a NaN is false, except ne).
template <class L>
inline Vec eq(Vec a, Vec b) {
  return cast<Vec>(cast<V<L>>(a) == cast<V<L>>(b));
}
template <class L>
inline Vec ne(Vec a, Vec b) {
  return cast<Vec>(cast<V<L>>(a) != cast<V<L>>(b));
}
template <class L>
inline Vec lt(Vec a, Vec b) {
  return cast<Vec>(cast<V<L>>(a) < cast<V<L>>(b));
}
template <class L>
inline Vec gt(Vec a, Vec b) {
  return cast<Vec>(cast<V<L>>(a) > cast<V<L>>(b));
}
template <class L>
inline Vec le(Vec a, Vec b) {
  return cast<Vec>(cast<V<L>>(a) <= cast<V<L>>(b));
}
template <class L>
inline Vec ge(Vec a, Vec b) {
  return cast<Vec>(cast<V<L>>(a) >= cast<V<L>>(b));
}
template <class L>
inline Vec imin(Vec a, Vec b) {
  return map2<L>(a, b, [](L x, L y) { return x < y ? x : y; });
}
template <class L>
inline Vec imax(Vec a, Vec b) {
  return map2<L>(a, b, [](L x, L y) { return x > y ? x : y; });
}
template <class L>  // the spec's avgr_u: (a + b + 1) / 2 without overflow
inline Vec avgr_u(Vec a, Vec b) {
  return map2<L>(a, b, [](L x, L y) { return L((uint32_t(x) + y + 1) >> 1); });
}
template <class L>  // saturating: L is the lane type in the op's signedness (8 or 16 bits)
inline Vec add_sat(Vec a, Vec b) {
  return map2<L>(a, b, [](L x, L y) {
    const int32_t s = int32_t(x) + int32_t(y);
    return L(std::clamp<int32_t>(s, std::numeric_limits<L>::min(), std::numeric_limits<L>::max()));
  });
}
template <class L>
inline Vec sub_sat(Vec a, Vec b) {
  return map2<L>(a, b, [](L x, L y) {
    const int32_t s = int32_t(x) - int32_t(y);
    return L(std::clamp<int32_t>(s, std::numeric_limits<L>::min(), std::numeric_limits<L>::max()));
  });
}
// Shifts take the count modulo the lane width.
template <class L>
inline Vec shl(Vec a, uint32_t n) {
  using U = std::make_unsigned_t<L>;
  return cast<Vec>(cast<V<U>>(a) << U(n & (sizeof(L) * 8 - 1)));
}
template <class L>  // L signed: arithmetic, unsigned: logical
inline Vec shr(Vec a, uint32_t n) {
  return cast<Vec>(cast<V<L>>(a) >> L(n & (sizeof(L) * 8 - 1)));
}
inline Vec i8x16_popcnt(Vec a) {
  return map1<uint8_t>(a, [](uint8_t x) { return uint8_t(std::popcount(x)); });
}
inline Vec i16x8_q15mulr_sat_s(Vec a, Vec b) {
  return map2<int16_t>(a, b, [](int16_t x, int16_t y) {
    const int32_t p = (int32_t(x) * y + 0x4000) >> 15;
    return int16_t(std::clamp<int32_t>(p, -32768, 32767));
  });
}
inline Vec i32x4_dot_i16x8_s(Vec a, Vec b) {
  const i16x8 x = cast<i16x8>(a), y = cast<i16x8>(b);
  u32x4 r{};
  for (int i = 0; i < 4; ++i)
    r[i] = uint32_t(int32_t(x[2 * i]) * y[2 * i]) + uint32_t(int32_t(x[2 * i + 1]) * y[2 * i + 1]);
  return cast<Vec>(r);
}

// Widening and narrowing: Wide/Narrow are the lane types in the op's signedness. `high` picks the
// upper half of the narrow lanes.
template <class Wide, class Narrow>
inline Vec extend(Vec a, bool high) {
  const V<Narrow> x = cast<V<Narrow>>(a);
  V<Wide> r{};
  for (int i = 0; i < kLanes<Wide>; ++i) r[i] = Wide(x[i + (high ? kLanes<Wide> : 0)]);
  return cast<Vec>(r);
}
template <class Wide, class Narrow>
inline Vec extmul(Vec a, Vec b, bool high) {
  const V<Narrow> x = cast<V<Narrow>>(a), y = cast<V<Narrow>>(b);
  using U = std::make_unsigned_t<Wide>;
  V<U> r{};
  for (int i = 0; i < kLanes<Wide>; ++i) {
    const int k = i + (high ? kLanes<Wide> : 0);
    r[i] = U(Wide(x[k])) * U(Wide(y[k]));
  }
  return cast<Vec>(r);
}
template <class Wide, class Narrow>
inline Vec extadd_pairwise(Vec a) {
  const V<Narrow> x = cast<V<Narrow>>(a);
  V<Wide> r{};
  for (int i = 0; i < kLanes<Wide>; ++i) r[i] = Wide(Wide(x[2 * i]) + Wide(x[2 * i + 1]));
  return cast<Vec>(r);
}
// Narrow: signed wide lanes of a then b, saturated to Narrow's range.
template <class Narrow, class WideS>
inline Vec narrow(Vec a, Vec b) {
  const V<WideS> x = cast<V<WideS>>(a), y = cast<V<WideS>>(b);
  V<Narrow> r{};
  constexpr int n = kLanes<WideS>;
  const auto sat = [](WideS v) {
    return Narrow(std::clamp<WideS>(v, std::numeric_limits<Narrow>::min(),
                                    std::numeric_limits<Narrow>::max()));
  };
  for (int i = 0; i < n; ++i) r[i] = sat(x[i]), r[i + n] = sat(y[i]);
  return cast<Vec>(r);
}

// Floating point ---------------------------------------------------------------------------------
// add/sub/mul/div/sqrt: IEEE hardware already follows the spec's NaN rules (see numerics.h).
template <class F>
inline Vec fadd(Vec a, Vec b) {
  return cast<Vec>(cast<V<F>>(a) + cast<V<F>>(b));
}
template <class F>
inline Vec fsub(Vec a, Vec b) {
  return cast<Vec>(cast<V<F>>(a) - cast<V<F>>(b));
}
template <class F>
inline Vec fmul(Vec a, Vec b) {
  return cast<Vec>(cast<V<F>>(a) * cast<V<F>>(b));
}
template <class F>
inline Vec fdiv(Vec a, Vec b) {
  return cast<Vec>(cast<V<F>>(a) / cast<V<F>>(b));
}
// abs/neg touch only the sign bit, NaN payloads included.
inline Vec f32x4_abs(Vec a) { return cast<Vec>(cast<u32x4>(a) & 0x7fffffffu); }
inline Vec f32x4_neg(Vec a) { return cast<Vec>(cast<u32x4>(a) ^ 0x80000000u); }
inline Vec f64x2_abs(Vec a) { return cast<Vec>(cast<u64x2>(a) & 0x7fffffffffffffffull); }
inline Vec f64x2_neg(Vec a) { return cast<Vec>(cast<u64x2>(a) ^ 0x8000000000000000ull); }
// min/max: NaN if either is NaN, -0 < +0 (num::min/max); pmin/pmax: b < a ? b : a, bit-exact.
template <class F>
inline Vec fmin(Vec a, Vec b) {
  return map2<F>(a, b, [](F x, F y) { return num::min(x, y); });
}
template <class F>
inline Vec fmax(Vec a, Vec b) {
  return map2<F>(a, b, [](F x, F y) { return num::max(x, y); });
}
template <class F>
inline Vec pmin(Vec a, Vec b) {
  using U = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
  const V<F> x = cast<V<F>>(a), y = cast<V<F>>(b);
  V<U> r = cast<V<U>>(a);
  const V<U> yb = cast<V<U>>(b);
  for (int i = 0; i < kLanes<F>; ++i)
    if (y[i] < x[i]) r[i] = yb[i];
  return cast<Vec>(r);
}
template <class F>
inline Vec pmax(Vec a, Vec b) {
  using U = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
  const V<F> x = cast<V<F>>(a), y = cast<V<F>>(b);
  V<U> r = cast<V<U>>(a);
  const V<U> yb = cast<V<U>>(b);
  for (int i = 0; i < kLanes<F>; ++i)
    if (x[i] < y[i]) r[i] = yb[i];
  return cast<Vec>(r);
}
template <class F>
inline Vec fsqrt(Vec a) {
  return map1<F>(a, [](F x) { return num::sqrt(x); });
}
template <class F>
inline Vec fceil(Vec a) {
  return map1<F>(a, [](F x) { return num::ceil(x); });
}
template <class F>
inline Vec ffloor(Vec a) {
  return map1<F>(a, [](F x) { return num::floor(x); });
}
template <class F>
inline Vec ftrunc(Vec a) {
  return map1<F>(a, [](F x) { return num::trunc(x); });
}
template <class F>
inline Vec fnearest(Vec a) {
  return map1<F>(a, [](F x) { return num::nearest(x); });
}
// Fused multiply-add (relaxed madd's deterministic choice): one rounding.
template <class F>
inline Vec fma(Vec a, Vec b, Vec c, bool negate) {
  const V<F> x = cast<V<F>>(a), y = cast<V<F>>(b), z = cast<V<F>>(c);
  V<F> r{};
  for (int i = 0; i < kLanes<F>; ++i) r[i] = std::fma(negate ? -x[i] : x[i], y[i], z[i]);
  return cast<Vec>(r);
}

// Conversions ---------------------------------------------------------------------------------
template <bool Signed>
inline Vec i32x4_trunc_sat_f32x4(Vec a) {
  const f32x4 x = cast<f32x4>(a);
  u32x4 r{};
  for (int i = 0; i < 4; ++i)
    r[i] = Signed ? num::i32_trunc_sat_f32_s(x[i]) : num::i32_trunc_sat_f32_u(x[i]);
  return cast<Vec>(r);
}
template <bool Signed>
inline Vec i32x4_trunc_sat_f64x2_zero(Vec a) {
  const f64x2 x = cast<f64x2>(a);
  u32x4 r{};
  for (int i = 0; i < 2; ++i)
    r[i] = Signed ? num::i32_trunc_sat_f64_s(x[i]) : num::i32_trunc_sat_f64_u(x[i]);
  return cast<Vec>(r);
}
inline Vec f32x4_convert_i32x4_s(Vec a) {
  const u32x4 x = cast<u32x4>(a);
  f32x4 r{};
  for (int i = 0; i < 4; ++i) r[i] = num::f32_convert_i32_s(x[i]);
  return cast<Vec>(r);
}
inline Vec f32x4_convert_i32x4_u(Vec a) {
  const u32x4 x = cast<u32x4>(a);
  f32x4 r{};
  for (int i = 0; i < 4; ++i) r[i] = num::f32_convert_i32_u(x[i]);
  return cast<Vec>(r);
}
template <bool Signed>
inline Vec f64x2_convert_low_i32x4(Vec a) {
  const u32x4 x = cast<u32x4>(a);
  f64x2 r{};
  for (int i = 0; i < 2; ++i)
    r[i] = Signed ? num::f64_convert_i32_s(x[i]) : num::f64_convert_i32_u(x[i]);
  return cast<Vec>(r);
}
inline Vec f32x4_demote_f64x2_zero(Vec a) {
  const f64x2 x = cast<f64x2>(a);
  f32x4 r{};
  for (int i = 0; i < 2; ++i) r[i] = num::f32_demote_f64(x[i]);
  return cast<Vec>(r);
}
inline Vec f64x2_promote_low_f32x4(Vec a) {
  const f32x4 x = cast<f32x4>(a);
  f64x2 r{};
  for (int i = 0; i < 2; ++i) r[i] = num::f64_promote_f32(x[i]);
  return cast<Vec>(r);
}

// Relaxed SIMD (deterministic choices, see the top of this file) -------------------------------
inline Vec i16x8_dot_i8x16_i7x16_s(Vec a, Vec b) {
  const i8x16 x = cast<i8x16>(a), y = cast<i8x16>(b);
  u16x8 r{};
  for (int i = 0; i < 8; ++i) r[i] = uint16_t(x[2 * i] * y[2 * i] + x[2 * i + 1] * y[2 * i + 1]);
  return cast<Vec>(r);
}
inline Vec i32x4_dot_i8x16_i7x16_add_s(Vec a, Vec b, Vec c) {
  const i8x16 x = cast<i8x16>(a), y = cast<i8x16>(b);
  u32x4 r = cast<u32x4>(c);
  for (int i = 0; i < 4; ++i) {
    int32_t s = 0;
    for (int k = 0; k < 4; ++k) s += x[4 * i + k] * y[4 * i + k];
    r[i] += uint32_t(s);
  }
  return cast<Vec>(r);
}

// Loads that widen or splat: M is what memory holds (read with the scalar bounds check).
template <class M>
inline Vec load_full(M m) {
  return cast<Vec>(m);
}
template <class Wide, class Narrow>
inline Vec load_extend(uint64_t m) {
  return extend<Wide, Narrow>(cast<Vec>(u64x2{m, 0}), false);
}
template <class M>
inline Vec load_splat(M m) {
  return splat<M>(m);
}
template <class M>
inline Vec load_zero(M m) {
  V<M> r{};
  r[0] = m;
  return cast<Vec>(r);
}

}  // namespace wask::interp::simd
