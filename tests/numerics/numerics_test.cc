// Edge values of every numeric operator in interp/numerics.h, checked bit-exactly.
#define BOOST_TEST_MODULE numerics
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "interp/numerics.h"
#include "interp/simd.h"

namespace num = wask::interp::num;
using wask::interp::TrapReason;

namespace {

constexpr uint32_t kI32Min = 0x80000000u;
constexpr uint32_t kI32Max = 0x7fffffffu;
constexpr uint64_t kI64Min = 0x8000000000000000ull;
constexpr uint64_t kI64Max = 0x7fffffffffffffffull;
constexpr uint32_t kNeg1 = 0xffffffffu;
constexpr uint64_t kNeg1L = ~uint64_t{0};

float f32(uint32_t bits) { return num::f32_from_bits(bits); }
double f64(uint64_t bits) { return num::f64_from_bits(bits); }
uint32_t bits(float f) { return num::bits_of(f); }
uint64_t bits(double f) { return num::bits_of(f); }

constexpr uint32_t kF32CanonNan = 0x7fc00000u;
constexpr uint64_t kF64CanonNan = 0x7ff8000000000000ull;
const float kF32Inf = std::numeric_limits<float>::infinity();
const double kF64Inf = std::numeric_limits<double>::infinity();

template <class T, class U>
void require_value(const num::Checked<T>& r, U expected) {
  BOOST_TEST_REQUIRE(r.ok);
  BOOST_TEST(r.value == T(expected));
}
template <class T>
void require_trap(const num::Checked<T>& r, TrapReason expected) {
  BOOST_TEST_REQUIRE(!r.ok);
  BOOST_TEST(int(r.trap) == int(expected));
}

}  // namespace

BOOST_AUTO_TEST_CASE(integer_arithmetic_wraps) {
  BOOST_TEST(num::i32_add(kI32Max, 1) == kI32Min);
  BOOST_TEST(num::i32_sub(kI32Min, 1) == kI32Max);
  BOOST_TEST(num::i32_mul(0x10000u, 0x10000u) == 0u);
  BOOST_TEST(num::i32_mul(0x01234567u, 0x76543210u) == 0x358e7470u);
  BOOST_TEST(num::i64_add(kI64Max, 1) == kI64Min);
  BOOST_TEST(num::i64_sub(0, 1) == kNeg1L);
  BOOST_TEST(num::i64_mul(0x0123456789abcdefull, 0xfedcba9876543210ull) == 0x2236d88fe5618cf0ull);
}

BOOST_AUTO_TEST_CASE(integer_division) {
  require_trap(num::i32_div_s(1, 0), TrapReason::IntegerDivideByZero);
  require_trap(num::i32_div_s(kI32Min, kNeg1), TrapReason::IntegerOverflow);
  require_value(num::i32_div_s(kI32Min, 2), 0xc0000000u);
  require_value(num::i32_div_s(uint32_t(-7), 2), uint32_t(-3));  // truncates toward zero
  require_value(num::i32_div_s(7, uint32_t(-2)), uint32_t(-3));
  require_trap(num::i32_div_u(1, 0), TrapReason::IntegerDivideByZero);
  require_value(num::i32_div_u(kI32Min, kNeg1), 0u);
  require_value(num::i32_div_u(kNeg1, 2), kI32Max);
  require_trap(num::i32_rem_s(1, 0), TrapReason::IntegerDivideByZero);
  require_value(num::i32_rem_s(kI32Min, kNeg1), 0u);
  require_value(num::i32_rem_s(uint32_t(-7), 2), uint32_t(-1));  // sign of the dividend
  require_value(num::i32_rem_s(7, uint32_t(-2)), 1u);
  require_trap(num::i32_rem_u(1, 0), TrapReason::IntegerDivideByZero);
  require_value(num::i32_rem_u(kI32Min, kNeg1), kI32Min);
  require_value(num::i32_rem_u(uint32_t(-7), 2), 1u);

  require_trap(num::i64_div_s(1, 0), TrapReason::IntegerDivideByZero);
  require_trap(num::i64_div_s(kI64Min, kNeg1L), TrapReason::IntegerOverflow);
  require_value(num::i64_div_s(kI64Min, 2), 0xc000000000000000ull);
  require_value(num::i64_div_s(uint64_t(-7), 2), uint64_t(-3));
  require_trap(num::i64_div_u(1, 0), TrapReason::IntegerDivideByZero);
  require_value(num::i64_div_u(kI64Min, kNeg1L), uint64_t{0});
  require_trap(num::i64_rem_s(1, 0), TrapReason::IntegerDivideByZero);
  require_value(num::i64_rem_s(kI64Min, kNeg1L), uint64_t{0});
  require_value(num::i64_rem_s(uint64_t(-7), 2), uint64_t(-1));
  require_trap(num::i64_rem_u(0, 0), TrapReason::IntegerDivideByZero);
  require_value(num::i64_rem_u(kI64Min, kNeg1L), kI64Min);
}

BOOST_AUTO_TEST_CASE(bitwise_and_shifts) {
  BOOST_TEST(num::i32_and(0xf0f0f0f0u, 0xff00ff00u) == 0xf000f000u);
  BOOST_TEST(num::i32_or(0xf0f0f0f0u, 0x0f0f0f0fu) == kNeg1);
  BOOST_TEST(num::i32_xor(0xffffffffu, 0x0f0f0f0fu) == 0xf0f0f0f0u);
  BOOST_TEST(num::i64_and(kNeg1L, 0x123) == 0x123u);
  BOOST_TEST(num::i64_or(kI64Min, 1) == kI64Min + 1);
  BOOST_TEST(num::i64_xor(kI64Min, kNeg1L) == kI64Max);

  BOOST_TEST(num::i32_shl(1, 31) == kI32Min);
  BOOST_TEST(num::i32_shl(1, 32) == 1u);  // count mod 32
  BOOST_TEST(num::i32_shl(1, 33) == 2u);
  BOOST_TEST(num::i32_shr_s(kI32Min, 31) == kNeg1);
  BOOST_TEST(num::i32_shr_s(kI32Min, 32) == kI32Min);
  BOOST_TEST(num::i32_shr_s(kI32Max, 30) == 1u);
  BOOST_TEST(num::i32_shr_u(kI32Min, 31) == 1u);
  BOOST_TEST(num::i32_shr_u(kI32Min, 0xffffffffu) == 1u);
  BOOST_TEST(num::i32_rotl(0x80000001u, 1) == 3u);
  BOOST_TEST(num::i32_rotl(0x12345678u, 36) == 0x23456781u);
  BOOST_TEST(num::i32_rotr(3, 1) == 0x80000001u);
  BOOST_TEST(num::i32_rotr(0x12345678u, 0) == 0x12345678u);
  BOOST_TEST(num::i32_rotr(0x12345678u, 32 + 4) == 0x81234567u);

  BOOST_TEST(num::i64_shl(1, 63) == kI64Min);
  BOOST_TEST(num::i64_shl(1, 64) == 1u);
  BOOST_TEST(num::i64_shr_s(kI64Min, 63) == kNeg1L);
  BOOST_TEST(num::i64_shr_s(kI64Min, 64) == kI64Min);
  BOOST_TEST(num::i64_shr_u(kI64Min, 63) == 1u);
  BOOST_TEST(num::i64_shr_u(kI64Min, 127) == 1u);
  BOOST_TEST(num::i64_rotl(kI64Min | 1, 1) == 3u);
  BOOST_TEST(num::i64_rotl(1, 65) == 2u);
  BOOST_TEST(num::i64_rotr(1, 1) == kI64Min);
  BOOST_TEST(num::i64_rotr(0xabcd, 64 + 4) == 0xd000000000000abcull);
}

BOOST_AUTO_TEST_CASE(bit_counts) {
  BOOST_TEST(num::i32_clz(0) == 32u);
  BOOST_TEST(num::i32_clz(1) == 31u);
  BOOST_TEST(num::i32_clz(kI32Min) == 0u);
  BOOST_TEST(num::i32_ctz(0) == 32u);
  BOOST_TEST(num::i32_ctz(kI32Min) == 31u);
  BOOST_TEST(num::i32_popcnt(kNeg1) == 32u);
  BOOST_TEST(num::i32_popcnt(0) == 0u);
  BOOST_TEST(num::i32_popcnt(0xaaaa5555u) == 16u);
  BOOST_TEST(num::i64_clz(0) == 64u);
  BOOST_TEST(num::i64_clz(1) == 63u);
  BOOST_TEST(num::i64_ctz(0) == 64u);
  BOOST_TEST(num::i64_ctz(kI64Min) == 63u);
  BOOST_TEST(num::i64_popcnt(kNeg1L) == 64u);
}

BOOST_AUTO_TEST_CASE(integer_comparisons) {
  BOOST_TEST(num::i32_eqz(0) == 1u);
  BOOST_TEST(num::i32_eqz(kI32Min) == 0u);
  BOOST_TEST(num::i64_eqz(0) == 1u);
  BOOST_TEST(num::i64_eqz(uint64_t{1} << 32) == 0u);  // no truncation to 32 bits
  BOOST_TEST(num::i32_eq(kNeg1, kNeg1) == 1u);
  BOOST_TEST(num::i32_ne(kNeg1, kNeg1) == 0u);
  BOOST_TEST(num::i32_lt_s(kI32Min, 0) == 1u);
  BOOST_TEST(num::i32_lt_u(kI32Min, 0) == 0u);
  BOOST_TEST(num::i32_gt_s(kI32Min, kI32Max) == 0u);
  BOOST_TEST(num::i32_gt_u(kI32Min, kI32Max) == 1u);
  BOOST_TEST(num::i32_le_s(kNeg1, kNeg1) == 1u);
  BOOST_TEST(num::i32_le_u(kNeg1, 0) == 0u);
  BOOST_TEST(num::i32_ge_s(0, kNeg1) == 1u);
  BOOST_TEST(num::i32_ge_u(0, kNeg1) == 0u);
  BOOST_TEST(num::i64_eq(uint64_t{1} << 32, 0) == 0u);
  BOOST_TEST(num::i64_ne(uint64_t{1} << 32, 0) == 1u);
  BOOST_TEST(num::i64_lt_s(kI64Min, kI64Max) == 1u);
  BOOST_TEST(num::i64_lt_u(kI64Min, kI64Max) == 0u);
  BOOST_TEST(num::i64_gt_s(kNeg1L, 0) == 0u);
  BOOST_TEST(num::i64_gt_u(kNeg1L, 0) == 1u);
  BOOST_TEST(num::i64_le_s(kI64Min, kI64Min) == 1u);
  BOOST_TEST(num::i64_le_u(kNeg1L, 1) == 0u);
  BOOST_TEST(num::i64_ge_s(kI64Max, kI64Min) == 1u);
  BOOST_TEST(num::i64_ge_u(kI64Max, kI64Min) == 0u);
}

BOOST_AUTO_TEST_CASE(sign_extension_wrap_extend) {
  BOOST_TEST(num::i32_extend8_s(0x7f) == 0x7fu);
  BOOST_TEST(num::i32_extend8_s(0x80) == 0xffffff80u);
  BOOST_TEST(num::i32_extend8_s(0x12345680u) == 0xffffff80u);
  BOOST_TEST(num::i32_extend16_s(0x8000) == 0xffff8000u);
  BOOST_TEST(num::i32_extend16_s(0xffff7fffu) == 0x7fffu);
  BOOST_TEST(num::i64_extend8_s(0xff) == kNeg1L);
  BOOST_TEST(num::i64_extend16_s(0x7fff) == 0x7fffu);
  BOOST_TEST(num::i64_extend32_s(0x80000000u) == 0xffffffff80000000ull);
  BOOST_TEST(num::i64_extend32_s(0xffffffff7fffffffull) == 0x7fffffffu);
  BOOST_TEST(num::i32_wrap_i64(0x123456789abcdef0ull) == 0x9abcdef0u);
  BOOST_TEST(num::i64_extend_i32_s(kI32Min) == 0xffffffff80000000ull);
  BOOST_TEST(num::i64_extend_i32_s(kI32Max) == 0x7fffffffu);
  BOOST_TEST(num::i64_extend_i32_u(kI32Min) == 0x80000000u);
}

BOOST_AUTO_TEST_CASE(float_sign_operations_keep_payloads) {
  BOOST_TEST(bits(num::f32_abs(f32(0xff800001u))) == 0x7f800001u);  // signalling NaN stays so
  BOOST_TEST(bits(num::f32_neg(f32(0x7fa00000u))) == 0xffa00000u);
  BOOST_TEST(bits(num::f32_neg(0.0f)) == 0x80000000u);
  BOOST_TEST(bits(num::f32_copysign(f32(0x7f800001u), -1.0f)) == 0xff800001u);
  BOOST_TEST(bits(num::f32_copysign(-2.0f, f32(0x7fc00000u))) == bits(2.0f));
  BOOST_TEST(bits(num::f64_abs(f64(0xfff0000000000001ull))) == 0x7ff0000000000001ull);
  BOOST_TEST(bits(num::f64_neg(f64(0x7ff4000000000000ull))) == 0xfff4000000000000ull);
  BOOST_TEST(bits(num::f64_copysign(1.0, -0.0)) == bits(-1.0));
  BOOST_TEST(bits(num::f64_copysign(f64(0xfff8000000000123ull), 0.0)) == 0x7ff8000000000123ull);
}

BOOST_AUTO_TEST_CASE(float_min_max_follow_the_spec) {
  BOOST_TEST(bits(num::f32_min(-0.0f, 0.0f)) == 0x80000000u);
  BOOST_TEST(bits(num::f32_min(0.0f, -0.0f)) == 0x80000000u);
  BOOST_TEST(bits(num::f32_max(-0.0f, 0.0f)) == 0u);
  BOOST_TEST(bits(num::f32_max(0.0f, -0.0f)) == 0u);
  BOOST_TEST(num::f32_min(1.0f, 2.0f) == 1.0f);
  BOOST_TEST(num::f32_max(-kF32Inf, 2.0f) == 2.0f);
  BOOST_TEST(bits(num::f64_min(-0.0, 0.0)) == 0x8000000000000000ull);
  BOOST_TEST(bits(num::f64_max(0.0, -0.0)) == 0u);
  BOOST_TEST(num::f64_max(kF64Inf, 2.0) == kF64Inf);
  // NaN in either position wins; canonical in, canonical out; payload in, arithmetic out.
  for (float other : {1.0f, -kF32Inf, 0.0f}) {
    BOOST_TEST(num::is_canonical_nan(num::f32_min(f32(kF32CanonNan), other)));
    BOOST_TEST(num::is_canonical_nan(num::f32_min(other, f32(kF32CanonNan))));
    BOOST_TEST(num::is_canonical_nan(num::f32_max(other, f32(0xffc00000u))));
    BOOST_TEST(num::is_arithmetic_nan(num::f32_max(f32(0x7f800001u), other)));
    BOOST_TEST(num::is_arithmetic_nan(num::f32_min(other, f32(0x7fa00000u))));
  }
  BOOST_TEST(num::is_canonical_nan(num::f64_min(f64(kF64CanonNan), 1.0)));
  BOOST_TEST(num::is_canonical_nan(num::f64_max(0.0, f64(kF64CanonNan))));
  BOOST_TEST(num::is_arithmetic_nan(num::f64_min(0.0, f64(0x7ff0000000000001ull))));
}

BOOST_AUTO_TEST_CASE(float_arithmetic_nans) {
  BOOST_TEST(num::is_canonical_nan(num::f32_sub(kF32Inf, kF32Inf)));
  BOOST_TEST(num::is_canonical_nan(num::f32_mul(0.0f, kF32Inf)));
  BOOST_TEST(num::is_canonical_nan(num::f32_div(0.0f, 0.0f)));
  BOOST_TEST(num::is_canonical_nan(num::f32_sqrt(-1.0f)));
  BOOST_TEST(num::is_canonical_nan(num::f64_add(kF64Inf, -kF64Inf)));
  BOOST_TEST(num::is_canonical_nan(num::f64_sqrt(-kF64Inf)));
  BOOST_TEST(num::is_canonical_nan(num::f32_add(f32(kF32CanonNan), 1.0f)));
  BOOST_TEST(num::is_arithmetic_nan(num::f32_add(f32(0x7f800001u), 1.0f)));
  BOOST_TEST(num::is_arithmetic_nan(num::f64_mul(2.0, f64(0x7ff0000000000001ull))));
  BOOST_TEST(bits(num::f32_sqrt(-0.0f)) == 0x80000000u);
  BOOST_TEST(num::f64_sqrt(2.0) == 0x1.6a09e667f3bcdp+0);
  BOOST_TEST(num::f32_div(1.0f, 3.0f) == 0x1.555556p-2f);
  BOOST_TEST(num::f64_div(1.0, -0.0) == -kF64Inf);
  BOOST_TEST(bits(num::f32_add(-0.0f, 0.0f)) == 0u);
  BOOST_TEST(bits(num::f32_mul(-0.0f, 0.0f)) == 0x80000000u);
  BOOST_TEST(num::f32_add(0x1p127f, 0x1p127f) == kF32Inf);
  BOOST_TEST(num::f64_sub(0x1p-1074, 0x1p-1074) == 0.0);
}

BOOST_AUTO_TEST_CASE(float_rounding) {
  BOOST_TEST(bits(num::f32_ceil(-0.5f)) == 0x80000000u);
  BOOST_TEST(num::f32_ceil(0.5f) == 1.0f);
  BOOST_TEST(num::f32_ceil(-1.5f) == -1.0f);
  BOOST_TEST(bits(num::f32_floor(-0.0f)) == 0x80000000u);
  BOOST_TEST(num::f32_floor(-0.5f) == -1.0f);
  BOOST_TEST(bits(num::f32_trunc(-0.9f)) == 0x80000000u);
  BOOST_TEST(num::f64_trunc(-1.9) == -1.0);
  BOOST_TEST(num::f64_floor(0x1.fffffffffffffp51) == 0x1p51 * 2 - 1);
  BOOST_TEST(num::f64_ceil(0x1p52 + 1) == 0x1p52 + 1);

  // Round half to even, sign kept.
  BOOST_TEST(num::f32_nearest(0.5f) == 0.0f);
  BOOST_TEST(bits(num::f32_nearest(-0.5f)) == 0x80000000u);
  BOOST_TEST(num::f32_nearest(1.5f) == 2.0f);
  BOOST_TEST(num::f32_nearest(2.5f) == 2.0f);
  BOOST_TEST(num::f32_nearest(-3.5f) == -4.0f);
  BOOST_TEST(num::f32_nearest(0.49999997f) == 0.0f);
  BOOST_TEST(num::f32_nearest(8388607.5f) == 8388608.0f);  // 2^23 - 0.5, odd below
  BOOST_TEST(num::f32_nearest(4194303.5f) == 4194304.0f);
  BOOST_TEST(num::f32_nearest(8388609.0f) == 8388609.0f);  // integral beyond 2^23
  BOOST_TEST(num::f32_nearest(-kF32Inf) == -kF32Inf);
  BOOST_TEST(num::f64_nearest(0.5) == 0.0);
  BOOST_TEST(num::f64_nearest(2.5) == 2.0);
  BOOST_TEST(num::f64_nearest(-4.5) == -4.0);
  BOOST_TEST(num::f64_nearest(0x1p52 - 0.5) == 0x1p52);
  BOOST_TEST(num::f64_nearest(0x1p52 - 1.5) == 0x1p52 - 2);
  BOOST_TEST(num::f64_nearest(0x1.fffffffffffffp-2) == 0.0);  // just below 0.5
  BOOST_TEST(bits(num::f64_nearest(-0x1p-1074)) == 0x8000000000000000ull);

  // NaN in: quieted, payload kept.
  BOOST_TEST(bits(num::f32_ceil(f32(0x7fc00000u))) == 0x7fc00000u);
  BOOST_TEST(bits(num::f32_floor(f32(0xff800001u))) == 0xffc00001u);
  BOOST_TEST(bits(num::f32_nearest(f32(0x7fa00000u))) == 0x7fe00000u);
  BOOST_TEST(bits(num::f64_trunc(f64(0x7ff0000000000001ull))) == 0x7ff8000000000001ull);
  BOOST_TEST(num::is_canonical_nan(num::f64_nearest(f64(0xfff8000000000000ull))));
}

BOOST_AUTO_TEST_CASE(float_comparisons) {
  const float nan32 = f32(kF32CanonNan);
  BOOST_TEST(num::f32_eq(nan32, nan32) == 0u);
  BOOST_TEST(num::f32_ne(nan32, nan32) == 1u);
  BOOST_TEST(num::f32_lt(nan32, 1.0f) == 0u);
  BOOST_TEST(num::f32_ge(nan32, 1.0f) == 0u);
  BOOST_TEST(num::f32_eq(-0.0f, 0.0f) == 1u);
  BOOST_TEST(num::f32_lt(-0.0f, 0.0f) == 0u);
  BOOST_TEST(num::f32_le(-kF32Inf, kF32Inf) == 1u);
  BOOST_TEST(num::f32_gt(1.0f, 0x1p-149f) == 1u);
  const double nan64 = f64(0x7ff0000000000001ull);
  BOOST_TEST(num::f64_eq(nan64, nan64) == 0u);
  BOOST_TEST(num::f64_ne(nan64, 0.0) == 1u);
  BOOST_TEST(num::f64_gt(nan64, 0.0) == 0u);
  BOOST_TEST(num::f64_le(nan64, nan64) == 0u);
  BOOST_TEST(num::f64_ge(-0.0, 0.0) == 1u);
  BOOST_TEST(num::f64_lt(0x1p-1074, 0x1p-1073) == 1u);
}

BOOST_AUTO_TEST_CASE(trapping_truncation_boundaries) {
  const auto invalid = TrapReason::InvalidConversionToInteger;
  const auto overflow = TrapReason::IntegerOverflow;
  // i32 from f32: -2^31 fits, the next float below (-2^31 - 256) does not; 2^31 does not.
  require_value(num::i32_trunc_f32_s(-2147483648.0f), kI32Min);
  require_trap(num::i32_trunc_f32_s(-2147483904.0f), overflow);
  require_value(num::i32_trunc_f32_s(2147483520.0f), 2147483520u);
  require_trap(num::i32_trunc_f32_s(2147483648.0f), overflow);
  require_value(num::i32_trunc_f32_s(-1.9f), kNeg1);
  require_value(num::i32_trunc_f32_s(-0.0f), 0u);
  require_trap(num::i32_trunc_f32_s(f32(kF32CanonNan)), invalid);
  require_trap(num::i32_trunc_f32_s(f32(0xff800001u)), invalid);
  require_trap(num::i32_trunc_f32_s(kF32Inf), overflow);
  require_trap(num::i32_trunc_f32_s(-kF32Inf), overflow);
  require_value(num::i32_trunc_f32_u(-0.99999994f), 0u);
  require_trap(num::i32_trunc_f32_u(-1.0f), overflow);
  require_value(num::i32_trunc_f32_u(4294967040.0f), 4294967040u);
  require_trap(num::i32_trunc_f32_u(4294967296.0f), overflow);
  require_trap(num::i32_trunc_f32_u(f32(0x7fa00000u)), invalid);
  // i32 from f64: fractions beyond the bounds still fit after truncation.
  require_value(num::i32_trunc_f64_s(-2147483648.9), kI32Min);
  require_trap(num::i32_trunc_f64_s(-2147483649.0), overflow);
  require_value(num::i32_trunc_f64_s(2147483647.9), kI32Max);
  require_trap(num::i32_trunc_f64_s(2147483648.0), overflow);
  require_value(num::i32_trunc_f64_u(-0.9999999999999999), 0u);
  require_trap(num::i32_trunc_f64_u(-1.0), overflow);
  require_value(num::i32_trunc_f64_u(4294967295.9), kNeg1);
  require_trap(num::i32_trunc_f64_u(4294967296.0), overflow);
  require_trap(num::i32_trunc_f64_u(f64(kF64CanonNan)), invalid);
  // i64 from f32 and f64.
  require_value(num::i64_trunc_f32_s(-0x1p63f), kI64Min);
  require_trap(num::i64_trunc_f32_s(-0x1.000002p63f), overflow);
  require_value(num::i64_trunc_f32_s(0x1.fffffep62f), 0x7fffff8000000000ull);
  require_trap(num::i64_trunc_f32_s(0x1p63f), overflow);
  require_value(num::i64_trunc_f32_u(0x1.fffffep63f), 0xffffff0000000000ull);
  require_trap(num::i64_trunc_f32_u(0x1p64f), overflow);
  require_trap(num::i64_trunc_f32_u(-1.0f), overflow);
  require_trap(num::i64_trunc_f32_u(f32(kF32CanonNan)), invalid);
  require_value(num::i64_trunc_f64_s(-0x1p63), kI64Min);
  require_trap(num::i64_trunc_f64_s(-0x1.0000000000001p63), overflow);
  require_value(num::i64_trunc_f64_s(0x1.fffffffffffffp62), 0x7ffffffffffffc00ull);
  require_trap(num::i64_trunc_f64_s(0x1p63), overflow);
  require_value(num::i64_trunc_f64_u(0x1.fffffffffffffp63), 0xfffffffffffff800ull);
  require_value(num::i64_trunc_f64_u(-0.5), uint64_t{0});
  require_trap(num::i64_trunc_f64_u(0x1p64), overflow);
  require_trap(num::i64_trunc_f64_u(-kF64Inf), overflow);
  require_trap(num::i64_trunc_f64_s(f64(0xfff0000000000001ull)), invalid);
}

BOOST_AUTO_TEST_CASE(saturating_truncation) {
  const float nan32 = f32(kF32CanonNan);
  const double nan64 = f64(0xfff4000000000000ull);
  BOOST_TEST(num::i32_trunc_sat_f32_s(nan32) == 0u);
  BOOST_TEST(num::i32_trunc_sat_f32_s(-kF32Inf) == kI32Min);
  BOOST_TEST(num::i32_trunc_sat_f32_s(kF32Inf) == kI32Max);
  BOOST_TEST(num::i32_trunc_sat_f32_s(2147483648.0f) == kI32Max);
  BOOST_TEST(num::i32_trunc_sat_f32_s(-2147483648.0f) == kI32Min);
  BOOST_TEST(num::i32_trunc_sat_f32_s(-1.5f) == kNeg1);
  BOOST_TEST(num::i32_trunc_sat_f32_u(-1.0f) == 0u);
  BOOST_TEST(num::i32_trunc_sat_f32_u(4294967296.0f) == kNeg1);
  BOOST_TEST(num::i32_trunc_sat_f32_u(nan32) == 0u);
  BOOST_TEST(num::i32_trunc_sat_f64_s(-2147483649.0) == kI32Min);
  BOOST_TEST(num::i32_trunc_sat_f64_s(2147483647.5) == kI32Max);
  BOOST_TEST(num::i32_trunc_sat_f64_s(nan64) == 0u);
  BOOST_TEST(num::i32_trunc_sat_f64_u(4294967295.5) == kNeg1);
  BOOST_TEST(num::i32_trunc_sat_f64_u(1e300) == kNeg1);
  BOOST_TEST(num::i32_trunc_sat_f64_u(-1e300) == 0u);
  BOOST_TEST(num::i64_trunc_sat_f32_s(0x1p63f) == kI64Max);
  BOOST_TEST(num::i64_trunc_sat_f32_s(-0x1p63f) == kI64Min);
  BOOST_TEST(num::i64_trunc_sat_f32_s(-kF32Inf) == kI64Min);
  BOOST_TEST(num::i64_trunc_sat_f32_u(0x1p64f) == kNeg1L);
  BOOST_TEST(num::i64_trunc_sat_f32_u(nan32) == 0u);
  BOOST_TEST(num::i64_trunc_sat_f64_s(0x1p63) == kI64Max);
  BOOST_TEST(num::i64_trunc_sat_f64_s(-0x1.0000000000001p63) == kI64Min);
  BOOST_TEST(num::i64_trunc_sat_f64_s(nan64) == 0u);
  BOOST_TEST(num::i64_trunc_sat_f64_u(0x1.fffffffffffffp63) == 0xfffffffffffff800ull);
  BOOST_TEST(num::i64_trunc_sat_f64_u(kF64Inf) == kNeg1L);
  BOOST_TEST(num::i64_trunc_sat_f64_u(-0.9) == 0u);
}

BOOST_AUTO_TEST_CASE(integer_to_float_conversion_rounds_once) {
  BOOST_TEST(num::f32_convert_i32_s(kI32Min) == -0x1p31f);
  BOOST_TEST(num::f32_convert_i32_s(16777217) == 16777216.0f);  // tie to even
  BOOST_TEST(num::f32_convert_i32_s(16777219) == 16777220.0f);
  BOOST_TEST(num::f32_convert_i32_u(kNeg1) == 0x1p32f);
  BOOST_TEST(num::f32_convert_i32_u(kI32Min + 128) == 0x1p31f);  // tie to even
  BOOST_TEST(num::f32_convert_i32_u(kI32Min + 129) == 0x1.000002p31f);
  BOOST_TEST(num::f64_convert_i32_s(kNeg1) == -1.0);
  BOOST_TEST(num::f64_convert_i32_u(kNeg1) == 4294967295.0);
  BOOST_TEST(num::f32_convert_i64_s(kI64Min) == -0x1p63f);
  BOOST_TEST(num::f32_convert_i64_s(kI64Max) == 0x1p63f);
  // 2^53 + 1 would round to 2^53 via f64 and then 2^53 again; the true nearest f32 is 2^53 too,
  // but 0x20000020000001 (just above a tie for f32) must round up, not to the even value below.
  BOOST_TEST(num::f32_convert_i64_s(0x0020000020000001ull) == 0x1.000002p53f);
  BOOST_TEST(num::f32_convert_i64_s(uint64_t(-0x0020000020000001ll)) == -0x1.000002p53f);
  BOOST_TEST(num::f32_convert_i64_u(kNeg1L) == 0x1p64f);
  BOOST_TEST(num::f32_convert_i64_u(kI64Min) == 0x1p63f);
  // The double-rounding trap: u64 -> f64 rounds this to a tie, f64 -> f32 then rounds to even.
  BOOST_TEST(num::f32_convert_i64_u(0x8000008000000001ull) == 0x1.000002p63f);
  BOOST_TEST(num::f32_convert_i64_u(0xffffff7fffffffffull) == 0x1.fffffep63f);
  BOOST_TEST(num::f32_convert_i64_u(0xffffff8000000000ull) == 0x1p64f);  // tie to even
  BOOST_TEST(num::f64_convert_i64_s(0x0020000000000001ull) == 0x1p53);
  BOOST_TEST(num::f64_convert_i64_s(0x0020000000000003ull) == 0x1.0000000000002p53);
  BOOST_TEST(num::f64_convert_i64_s(kI64Min) == -0x1p63);
  BOOST_TEST(num::f64_convert_i64_u(kNeg1L) == 0x1p64);
  BOOST_TEST(num::f64_convert_i64_u(0x8000000000000401ull) == 0x1.0000000000001p63);
  BOOST_TEST(num::f64_convert_i64_u(0x8000000000000400ull) == 0x1p63);  // tie to even
  BOOST_TEST(num::f64_convert_i64_u(0xfffffffffffffbffull) == 0x1.fffffffffffffp63);
}

BOOST_AUTO_TEST_CASE(demote_and_promote) {
  BOOST_TEST(num::f32_demote_f64(0x1.fffffefffffffp127) == 0x1.fffffep127f);
  BOOST_TEST(num::f32_demote_f64(0x1.ffffffp127) == kF32Inf);  // rounds up past the largest
  BOOST_TEST(num::f32_demote_f64(0x1p-150) == 0.0f);           // tie to even (zero)
  BOOST_TEST(num::f32_demote_f64(0x1.0000000000001p-150) == 0x1p-149f);
  BOOST_TEST(bits(num::f32_demote_f64(-0.0)) == 0x80000000u);
  BOOST_TEST(num::f32_demote_f64(1.0 + 0x1p-24) == 1.0f);  // tie to even
  BOOST_TEST(bits(num::f32_demote_f64(f64(kF64CanonNan))) == kF32CanonNan);
  BOOST_TEST(bits(num::f32_demote_f64(f64(0xfff8000000000000ull))) == 0xffc00000u);
  BOOST_TEST(num::is_arithmetic_nan(num::f32_demote_f64(f64(0x7ff0000000000001ull))));
  BOOST_TEST(num::is_arithmetic_nan(num::f32_demote_f64(f64(0x7ff4000000000000ull))));
  BOOST_TEST(num::f64_promote_f32(0x1p-149f) == 0x1p-149);
  BOOST_TEST(num::f64_promote_f32(-kF32Inf) == -kF64Inf);
  BOOST_TEST(bits(num::f64_promote_f32(f32(kF32CanonNan))) == kF64CanonNan);
  BOOST_TEST(bits(num::f64_promote_f32(f32(0xffc00000u))) == 0xfff8000000000000ull);
  BOOST_TEST(bits(num::f64_promote_f32(f32(0x7f800001u))) == 0x7ff8000020000000ull);
}

BOOST_AUTO_TEST_CASE(reinterpret_is_bit_exact) {
  BOOST_TEST(num::i32_reinterpret_f32(f32(0x7fa00001u)) == 0x7fa00001u);
  BOOST_TEST(num::i32_reinterpret_f32(-0.0f) == 0x80000000u);
  BOOST_TEST(num::i64_reinterpret_f64(f64(0xfff0000000000001ull)) == 0xfff0000000000001ull);
  BOOST_TEST(bits(num::f32_reinterpret_i32(0xff800001u)) == 0xff800001u);
  BOOST_TEST(bits(num::f64_reinterpret_i64(0x7ff4000000000000ull)) == 0x7ff4000000000000ull);
}

BOOST_AUTO_TEST_CASE(nan_classification) {
  BOOST_TEST(num::is_nan(f32(0x7f800001u)));
  BOOST_TEST(!num::is_nan(kF32Inf));
  BOOST_TEST(num::is_canonical_nan(f32(0xffc00000u)));
  BOOST_TEST(!num::is_canonical_nan(f32(0x7fc00001u)));
  BOOST_TEST(num::is_arithmetic_nan(f32(0x7fc00001u)));
  BOOST_TEST(!num::is_arithmetic_nan(f32(0x7f800001u)));
  BOOST_TEST(!num::is_arithmetic_nan(kF32Inf));
  BOOST_TEST(num::is_canonical_nan(f64(kF64CanonNan)));
  BOOST_TEST(!num::is_arithmetic_nan(f64(0x7ff4000000000000ull)));
}

// Randomised cross-checks against independent references, with a fixed seed so failures repeat.
namespace {

// u64 -> float with one round-to-nearest-even step, done in integers.
float reference_u64_to_f32(uint64_t a) {
  if (a == 0) return 0.0f;
  const int length = 64 - std::countl_zero(a);
  if (length <= 24) return float(a);  // exact
  const int shift = length - 24;
  uint64_t kept = a >> shift;
  const uint64_t rest = a & ((uint64_t{1} << shift) - 1);
  const uint64_t half = uint64_t{1} << (shift - 1);
  if (rest > half || (rest == half && (kept & 1))) ++kept;
  return std::ldexp(float(kept), shift);  // exact: kept has at most 25 bits
}

}  // namespace

BOOST_AUTO_TEST_CASE(randomised_against_references) {
  std::mt19937_64 random(20261124);
  for (int i = 0; i < 200000; ++i) {
    const uint64_t r = random();
    // nearest agrees with the hardware's round-to-nearest-even (the default mode here).
    const float x32 = f32(uint32_t(r));
    const double x64 = f64(r);
    if (!num::is_nan(x32))
      BOOST_TEST_REQUIRE(bits(num::f32_nearest(x32)) == bits(std::nearbyint(x32)));
    if (!num::is_nan(x64))
      BOOST_TEST_REQUIRE(bits(num::f64_nearest(x64)) == bits(std::nearbyint(x64)));
    // Small magnitudes too, where the fraction matters.
    const double small = double(int64_t(r % 2000001) - 1000000) / 8.0;
    BOOST_TEST_REQUIRE(bits(num::f64_nearest(small)) == bits(std::nearbyint(small)));
    BOOST_TEST_REQUIRE(bits(num::f32_nearest(float(small))) == bits(std::nearbyint(float(small))));

    // u64 -> f32 with a single rounding; values near 2^63 and with long runs of bits included.
    const uint64_t u = (i % 3 == 0) ? (r | (uint64_t{1} << 63)) : (i % 3 == 1 ? r >> (r % 64) : r);
    BOOST_TEST_REQUIRE(bits(num::f32_convert_i64_u(u)) == bits(reference_u64_to_f32(u)));

    // Truncation: traps exactly where the long double value leaves the range.
    const double t = std::ldexp(double(int64_t(r)) / 9.2233720368547758e18, int(r % 70));
    const long double truncated = std::truncl(static_cast<long double>(t));
    const auto s64 = num::i64_trunc_f64_s(t);
    const bool s64_fits = truncated >= -0x1p63L && truncated <= 0x1p63L - 1;
    BOOST_TEST_REQUIRE(s64.ok == s64_fits);
    if (s64_fits) BOOST_TEST_REQUIRE(int64_t(s64.value) == int64_t(truncated));
    const auto s32 = num::i32_trunc_f64_s(t);
    const bool s32_fits = truncated >= -0x1p31L && truncated <= 0x1p31L - 1;
    BOOST_TEST_REQUIRE(s32.ok == s32_fits);
    if (s32_fits) BOOST_TEST_REQUIRE(int32_t(s32.value) == int32_t(truncated));
    const auto u32 = num::i32_trunc_f32_u(float(t));
    const long double truncated32 = std::truncl(static_cast<long double>(float(t)));
    const bool u32_fits = truncated32 >= 0 && truncated32 <= 0x1p32L - 1;
    BOOST_TEST_REQUIRE(u32.ok == u32_fits);
    if (u32_fits) BOOST_TEST_REQUIRE(u32.value == uint32_t(truncated32));
  }
}

// Relaxed SIMD's deterministic choices in interp/simd.h (docs/interp.md), against hand-computed
// values: the i7 dot products read both operands as signed and wrap, madd is fused (one
// rounding), relaxed swizzle gives 0 for every index >= 16.
namespace simd = wask::interp::simd;

template <class V, class L, size_t N>
simd::Vec vec(const L (&lanes)[N]) {
  V v;
  for (size_t i = 0; i < N; ++i) v[i] = lanes[i];
  return simd::cast<simd::Vec>(v);
}

BOOST_AUTO_TEST_CASE(relaxed_simd_deterministic_choices) {
  const int8_t a[16] = {1, 2, -1, -128, 127, 0, 3, -56, 9, 10, 11, 12, -128, -128, -128, -128};
  const int8_t b[16] = {1, 2, 3, 4, 127, 0, 100, 5, 9, 8, 7, 6, -128, -128, -128, -128};
  const int32_t c[4] = {1000, -5, 0x7fffff00, 7};
  // 1+4-3-512+1000 = 490; 16129+0+300-280-5 = 16144; 81+80+77+72+0x7fffff00 = 0x7fffff00+310
  // (wraps); 4 * 16384 + 7 = 65543.
  const simd::Vec r = simd::i32x4_dot_i8x16_i7x16_add_s(vec<simd::i8x16>(a), vec<simd::i8x16>(b),
                                                        vec<simd::i32x4>(c));
  const simd::i32x4 lanes = simd::cast<simd::i32x4>(r);
  BOOST_TEST(lanes[0] == 490);
  BOOST_TEST(lanes[1] == 16144);
  BOOST_TEST(uint32_t(lanes[2]) == 0x7fffff00u + 310u);
  BOOST_TEST(lanes[3] == 65543);
  // i16 lanes: (-128)(-128) + (-128)(-128) = 32768 wraps to -32768.
  const simd::i16x8 d = simd::cast<simd::i16x8>(
      simd::i16x8_dot_i8x16_i7x16_s(vec<simd::i8x16>(a), vec<simd::i8x16>(b)));
  BOOST_TEST(d[0] == 5);
  BOOST_TEST(d[1] == -3 - 512);
  BOOST_TEST(d[7] == -32768);
  // Fused: (1 + 2^-23) * (1 - 2^-23) - 1 = -2^-46 exactly; unfused it would round to 0.
  const float x = 1.0f + 0x1p-23f, y = 1.0f - 0x1p-23f;
  const float xs[4] = {x, x, x, x}, ys[4] = {y, y, y, y}, zs[4] = {-1.0f, -1.0f, -1.0f, -1.0f};
  const simd::f32x4 m = simd::cast<simd::f32x4>(
      simd::fma<float>(vec<simd::f32x4>(xs), vec<simd::f32x4>(ys), vec<simd::f32x4>(zs), false));
  BOOST_TEST(m[0] == -0x1p-46f);
  const simd::f32x4 n = simd::cast<simd::f32x4>(
      simd::fma<float>(vec<simd::f32x4>(xs), vec<simd::f32x4>(ys), vec<simd::f32x4>(zs), true));
  BOOST_TEST(n[0] == -2.0f);  // -(x*y) - 1 = -2 + 2^-46, which rounds to -2
  uint8_t src[16], idx[16];
  for (int i = 0; i < 16; ++i) src[i] = uint8_t(0xa0 + i), idx[i] = uint8_t(i * 17);  // 0, 17, 34..
  const simd::Vec s = simd::i8x16_swizzle(vec<simd::u8x16>(src), vec<simd::u8x16>(idx));
  BOOST_TEST(s[0] == 0xa0);
  for (int i = 1; i < 16; ++i) BOOST_TEST(s[i] == 0);
}
