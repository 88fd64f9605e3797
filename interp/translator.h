// Translates one validated function body into wask's internal code (see code.h, opcodes.def).
//
// The operand stack's height is static, so stack position i lives in a fixed frame slot (just
// above the locals; a v128 takes two slots, everything else one) and instructions name their
// operand slots directly. Values are tracked lazily: `local.get`
// and constants only record where the value is, so a consumer reads the local's slot or takes
// the constant as an immediate; a later write to that local first materialises such pending
// reads. Control transfers move values to their target's slots ahead of time.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "interp/code.h"
#include "interp/module_impl.h"

namespace wask::interp {

// A list of value types without copying it: a function type's params or results, or one type.
struct TypeList {
  const ValType* data = nullptr;
  uint32_t size = 0;
  ValType one = ValType::I32;
  static TypeList of(const std::vector<ValType>& v) {
    return TypeList{v.data(), static_cast<uint32_t>(v.size())};
  }
  static TypeList single(ValType t) { return TypeList{nullptr, 1, t}; }
  ValType operator[](uint32_t j) const { return data ? data[j] : one; }
};

class Translator {
 public:
  // Appends each function's code to `code`.
  Translator(Module::Impl& module, std::vector<CodeUnit>& code, const void* const* handlers)
      : mod_(module), code_(code), handlers_(handlers) {}

  // Lifecycle of one function. `begin` after its locals (parameters first) are known.
  void begin(CompiledFunc& func, const std::vector<ValType>& locals, TypeList results);
  void end_function();  // after the function's final `end`
  void count_instruction() { ++instr_count_; }
  bool dead() const { return ctrl_.back().unreachable; }

  // Block types: params and results.
  void on_block(TypeList params, TypeList results);
  void on_loop(TypeList params, TypeList results);
  void on_if(TypeList params, TypeList results);
  void on_else();
  void on_end();  // of a nested block (not the function's)
  // Legacy exception handling: a try's body becomes a TryRegion of the function, its catches
  // code after it; `tag` is TryRegion::kCatchAll for catch_all.
  void on_try(TypeList params, TypeList results);
  void on_catch(uint32_t tag, TypeList tag_params);
  void on_delegate(uint32_t depth);
  void on_throw(uint32_t tag, TypeList tag_params);
  void on_rethrow(uint32_t depth);
  // Standard exception handling: a try_table's body becomes a TryRegion whose clauses land in
  // code placed before the body, which branches to each clause's label like a `br`.
  struct Clause {
    uint32_t tag = TryRegion::kCatchAll;  // module tag index, or kCatchAll
    bool ref = false;                     // catch_ref / catch_all_ref: an exnref follows
    uint32_t label = 0;                   // counted outside the try_table
    TypeList payload;                     // the tag's params (empty for catch_all*)
  };
  void on_try_table(TypeList params, TypeList results, const std::vector<Clause>& clauses);
  void on_throw_ref();
  void on_br(uint32_t depth);
  void on_br_if(uint32_t depth);
  void on_br_table(const std::vector<uint32_t>& depths, uint32_t default_depth);
  void on_return();
  void on_unreachable();
  void on_call(uint32_t func_index, const FuncType& type);
  void on_call_indirect(uint32_t table, uint32_t type_index, const FuncType& type);
  // Tail calls: the arguments move to the frame's base and the callee replaces the frame.
  void on_return_call(uint32_t func_index, const FuncType& type);
  void on_return_call_indirect(uint32_t table, uint32_t type_index, const FuncType& type);
  void on_drop();
  void on_select();
  void on_local_get(uint32_t local);
  void on_local_set(uint32_t local);
  void on_local_tee(uint32_t local);
  void on_global_get(uint32_t global);
  void on_global_set(uint32_t global);
  void on_const(uint64_t bits);
  // `width`: the result's slots (2 for a v128 result).
  void on_binary(Op op, Op imm_op, bool commutative, uint32_t width = 1);
  void on_unary(Op op, uint32_t width = 1);
  void on_load(Op op, uint64_t offset, uint32_t width = 1);
  void on_store(Op op, uint64_t offset);
  // SIMD shapes (operand layouts in opcodes.def).
  void on_v128_const(const uint8_t bytes[16]);
  void on_ternary(Op op);
  void on_extract_lane(Op op, uint32_t lane, uint32_t width);
  void on_replace_lane(Op op, uint32_t lane);
  void on_shuffle(const uint8_t lanes[16]);
  void on_load_lane(Op op, uint64_t offset, uint32_t lane);
  void on_store_lane(Op op, uint64_t offset, uint32_t lane);
  // Any memory (index != 0, or memory64): the Mx forms of the accesses above (layouts in
  // opcodes.def): `pops` operands (address first), a result of `width` slots (0: a store), and the
  // lane of a lane load/store (kNone for the others).
  void on_any_memory_access(Op op, uint32_t memory, uint64_t offset, uint32_t pops, uint32_t width,
                            uint32_t lane);
  void on_any_memory_size(uint32_t memory);
  void on_any_memory_grow(uint32_t memory);
  // Generic shapes for the rest: pops `pops` values into consecutive slots and passes their base.
  void on_memory_size();
  void on_memory_grow();
  void on_bulk(Op op, std::vector<uint32_t> immediates, uint32_t pops, bool pushes);
  void on_table_get(uint32_t table);
  void on_table_set(uint32_t table);
  void on_table_size(uint32_t table);
  void on_ref_func(uint32_t func);
  void on_ref_is_null();

  static constexpr uint32_t kNone = ~0u;

 private:
  enum class Kind : uint8_t { Stack, Local, Const };
  struct Operand {
    Kind kind = Kind::Stack;
    uint32_t local = 0;
    uint64_t value = 0;
    uint32_t slot = 0;   // the position's own slot (where it is once materialised)
    uint32_t width = 1;  // slots: 2 for a v128
  };
  enum class CtrlKind : uint8_t { Func, Block, Loop, If, Else, Try, Catch, TryTable };
  struct Fixup {
    uint32_t instr;  // the branching instruction's first unit
    uint32_t field;  // the unit holding its delta
  };
  struct Ctrl {
    CtrlKind kind;
    uint32_t base;       // operand height below the block's params
    uint32_t base_slot;  // the slot of stack position `base`
    TypeList params, results;
    bool unreachable = false;
    bool dead = false;          // the whole block is unreachable code
    uint32_t loop_start = 0;    // loops: where branches go
    uint32_t instr_start = 0;   // loops: instruction count at the start, for the fuel cost
    Fixup else_fixup{0, 0};     // ifs: the br_unless to the else arm
    uint32_t try_id = 0;        // tries, try_tables, catches: their TryRegion in func_->tries
    uint32_t level = 0;         // catches: how many catch bodies enclose this one
    std::vector<Fixup> fixups;  // branches to the block's end
  };

  uint32_t emit(Op op, std::initializer_list<uint32_t> operands);
  uint32_t emit_with_u64(Op op, std::initializer_list<uint32_t> operands, uint64_t imm);
  uint32_t emit_simd(Op op, uint32_t pops, uint32_t width,
                     std::initializer_list<uint32_t> immediates);
  void emit_branch_to(Ctrl& target, Op op, std::initializer_list<uint32_t> leading);
  void patch(const Fixup& f, uint32_t target);
  void fuse_add_shl_imm(uint32_t add, uint32_t shl, uint32_t h, uint32_t width);
  void bind_here() {
    result_instr_ = step_instr_ = add_instr_ = kernel_instr_ = copy_instr_ = kNone;
  }
  uint64_t op_word(Op op) const;          // the first word of an `op` instruction
  bool op_at(uint32_t pos, Op op) const;  // instruction `pos` is an `op`

  uint32_t height() const { return static_cast<uint32_t>(stack_.size()); }
  uint32_t next_slot() const {
    return stack_.empty() ? num_locals_ : stack_.back().slot + stack_.back().width;
  }
  void push_entry(Operand o) {  // at the next free slot
    o.slot = next_slot();
    stack_.push_back(o);
    max_end_ = std::max(max_end_, o.slot + o.width);
  }
  void push_types(TypeList types);
  void emit_copy(uint32_t dst, uint32_t src, uint32_t width);
  uint32_t target_slot(const Ctrl& target, uint32_t j) const;
  void materialize(uint32_t i);
  void materialize_all();
  void note_lazy_push();
  void materialize_top(uint32_t n);
  void materialize_local(uint32_t local);
  uint32_t read_slot(uint32_t i);
  uint32_t address_add(uint32_t i) const;
  uint32_t loop_dispatch_length(uint32_t loop_start, uint32_t* table) const;
  Op br_table_at(uint32_t pos) const;
  uint32_t pop_slot();
  uint32_t push_result(uint32_t width = 1);
  void set_result(uint32_t instr, uint32_t dest_field);
  void reset_stack(const Ctrl& c, TypeList types);
  bool needs_moves(const Ctrl& target, uint32_t arity) const;
  void emit_moves(const Ctrl& target, uint32_t arity);
  Ctrl& label(uint32_t depth) { return ctrl_[ctrl_.size() - 1 - depth]; }
  const TypeList& arity_types(const Ctrl& c) const {
    return c.kind == CtrlKind::Loop ? c.params : c.results;
  }
  uint32_t arity(const Ctrl& c) const { return arity_types(c).size; }
  void push_ctrl(CtrlKind kind, TypeList params, TypeList results);
  void push_dead(CtrlKind kind);
  void mark_unreachable();
  uint32_t enclosing_try(size_t below) const;  // the try body around ctrl_[below - 1] and out

  uint64_t callee_record(uint32_t defined) const;
  Module::Impl& mod_;
  std::vector<CodeUnit>& code_;
  const void* const* handlers_;
  CompiledFunc* func_ = nullptr;
  uint32_t num_locals_ = 0;           // in slots
  std::vector<uint32_t> local_slot_;  // local index -> its first slot
  std::vector<uint8_t> local_width_;  // local index -> its slots
  uint32_t max_end_ = 0;              // the highest slot the operand stack reaches, plus one
  uint64_t instr_count_ = 0;
  uint64_t instrs_in_loops_ = 0;  // charged by loop heads, so not by calls
  uint32_t open_loops_ = 0;
  std::vector<Operand> stack_;
  static constexpr uint32_t kMaxLazy = 256;
  uint32_t first_lazy_ = 0;   // every entry below it is in its own slot
  uint32_t lazy_pushes_ = 0;  // Local/Const pushes since the last materialize_all
  std::vector<Ctrl> ctrl_;
  // The last instruction, if it wrote its single result to the top stack slot and nothing
  // (no label) came after it: `local.set` may retarget it straight to the local.
  uint32_t result_instr_ = kNone;
  uint32_t result_field_ = 0;
  Op result_op_ = Op::Count;
  // The same of the instruction just before the last one (kNone unless the last one followed it
  // with no label between): fusions of three and four instructions (f64.add_mul_load family).
  uint32_t prev_instr_ = kNone;
  uint32_t prev_field_ = 0;
  Op prev_op_ = Op::Count;
  uint32_t prev2_instr_ = kNone;  // and the one before that, on the same terms
  uint32_t prev2_field_ = 0;
  Op prev2_op_ = Op::Count;
  // matmul: the last i32.add_imm retargeted to a local (a counted loop's step, `i += k`), for
  // the fused step and back edge; kNone after a label.
  uint32_t step_instr_ = kNone;
  uint32_t add_instr_ = kNone;     // matmul: the last plain i32.add, for i32.add_pair
  uint32_t kernel_instr_ = kNone;  // matmul2: the last f64.add_mul_load_load_store_pair
  uint32_t copy_instr_ = kNone;    // vm2: the last copy, for copy_pair
  // vm2: copies of a loop's dispatch standing in for branches back to it (emit_branch_to), their
  // tables and loop_head costs filled in by end_function.
  struct DispatchCopy {
    uint32_t at;     // the copy's loop_head
    uint32_t from;   // the original's loop_head
    uint32_t table;  // the br_table's offset from the loop_head
  };
  static constexpr uint32_t kMaxDispatchTable = 256;  // entries
  static constexpr uint32_t kMaxDispatchCopies = 64;  // per function
  std::vector<DispatchCopy> func_dispatch_copies_;
  uint32_t dispatch_copies_ = 0;
};

}  // namespace wask::interp
