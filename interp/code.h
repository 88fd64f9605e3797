// The internal code format: the Op enum generated from opcodes.def, each op's length in 32-bit
// units, and its text. An instruction is one 8-byte handler word (a label address under
// computed-goto dispatch, the Op number under switch dispatch) followed by its operand units,
// padded to an even count so every handler word and 64-bit immediate is 8-byte aligned.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "interp/opcodes.def"

namespace wask::interp {

enum class Op : uint16_t {
#define WASK_BIN(Name, text, R, A, B, fn) Name, Name##Imm,
#define WASK_UN(Name, text, R, A, fn) Name,
#define WASK_MEM(Name, text, R, M) Name, Name##AddImm,
#define WASK_CTL(Name, text, n) Name,
#define WASK_FUSE(Name) BrIf##Name, BrIf##Name##Imm, BrUnless##Name, BrUnless##Name##Imm,
#define WASK_SIMD(Name, text, n, ...) Name,
#define WASK_MEMX(Name, text, ...) Name##Mx,
  WASK_ALL_OP_FAMILIES(WASK_BIN, WASK_UN, WASK_MEM, WASK_CTL, WASK_FUSE, WASK_SIMD, WASK_MEMX)
#undef WASK_MEMX
#undef WASK_BIN
#undef WASK_UN
#undef WASK_MEM
#undef WASK_CTL
#undef WASK_FUSE
#undef WASK_SIMD
      Count
};
constexpr size_t kOpCount = static_cast<size_t>(Op::Count);

// Operand units of every any-memory access (layouts in opcodes.def, WASK_ANY_MEMORY_ACCESS_OPS).
constexpr uint8_t kAnyMemoryAccessUnits = 7;

// Operand units of each op before padding (br_table's are variable: its table follows).
constexpr uint8_t kOpOperandUnits[kOpCount] = {
#define WASK_BIN(Name, text, R, A, B, fn) 3, 4,
#define WASK_UN(Name, text, R, A, fn) 2,
#define WASK_MEM(Name, text, R, M) 3, 4,
#define WASK_CTL(Name, text, n) n,
#define WASK_FUSE(Name) 3, 4, 3, 4,
#define WASK_SIMD(Name, text, n, ...) n,
#define WASK_MEMX(Name, text, ...) kAnyMemoryAccessUnits,
    WASK_ALL_OP_FAMILIES(WASK_BIN, WASK_UN, WASK_MEM, WASK_CTL, WASK_FUSE, WASK_SIMD, WASK_MEMX)
#undef WASK_MEMX
#undef WASK_BIN
#undef WASK_UN
#undef WASK_MEM
#undef WASK_CTL
#undef WASK_FUSE
#undef WASK_SIMD
};

// Total length in units: the 2-unit handler word plus operands rounded up to even.
constexpr uint32_t op_length(Op op) {
  return 2 + ((kOpOperandUnits[static_cast<size_t>(op)] + 1u) & ~1u);
}

std::string_view op_name(Op op);

// The length in units of the instruction at `at` (br_table's: with its table, whose entry count
// is operand 1); `at[0..op_length(op))` must be readable.
inline uint32_t instruction_length(Op op, const uint32_t* at) {
  const uint32_t length = op_length(op);
  if (op == Op::BrTable) return length + ((at[3] + 2) & ~1u);
  if (op == Op::BrTableLoadShlAddImm || op == Op::BrTableFetch)
    return length + ((at[2] + 2) & ~1u);  // count first
  return length;
}  // "i32.add", "i32.add_imm", "br_if_i32.lt_s", ...

// The executor's handler table: entry i is what the translator writes as Op i's handler word.
// Under switch dispatch it is null and the word holds the Op number.
const void* const* handler_table();

// The code unit type and helpers for the 64-bit fields.
using CodeUnit = uint32_t;
inline uint64_t load_u64(const CodeUnit* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store_u64(CodeUnit* p, uint64_t v) { std::memcpy(p, &v, sizeof v); }

}  // namespace wask::interp
