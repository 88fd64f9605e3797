#include "interp/translator.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace wask::interp {

namespace {
constexpr uint32_t even(uint32_t n) { return (n + 1u) & ~1u; }

// The compare+branch fusion of a compare op (or its Imm variant): jumping when the compare holds
// (br_if) or when it fails (if). Op::Count if none.
Op fused_branch(Op compare, bool when_true = true) {
  switch (compare) {
#define WASK_FUSE(Name)                                     \
  case Op::Name:                                            \
    return when_true ? Op::BrIf##Name : Op::BrUnless##Name; \
  case Op::Name##Imm:                                       \
    return when_true ? Op::BrIf##Name##Imm : Op::BrUnless##Name##Imm;
    WASK_FUSABLE_COMPARES(WASK_FUSE)
#undef WASK_FUSE
    case Op::I32Eqz:
      return when_true ? Op::BrIfI32Eqz : Op::BrIf;
    default:
      return Op::Count;
  }
}
bool is_imm_compare(Op compare) {
  switch (compare) {
#define WASK_FUSE(Name) \
  case Op::Name##Imm:   \
    return true;
    WASK_FUSABLE_COMPARES(WASK_FUSE)
#undef WASK_FUSE
    default:
      return false;
  }
}

// The address-arithmetic form of a load or store (Name##AddImm), which follows it in the enum.
bool is_memory_op(Op op) {
  switch (op) {
#define WASK_MEM(Name, text, R, M) case Op::Name:
    WASK_LOAD_OPS(WASK_MEM)
    WASK_STORE_OPS(WASK_MEM)
#undef WASK_MEM
    return true;
    default:
      return false;
  }
}
Op add_imm_form(Op memory_op) { return static_cast<Op>(static_cast<size_t>(memory_op) + 1); }

// The stored form of fused load-binary op `fused` (x[i] += ...) under store `store`; Op::Count if
// none.
Op stored_form(Op fused, Op store) {
#define WASK_FUSED(Name, text, n, Base, Store, R, A, fn, lhs) \
  if (fused == Op::Base && store == Op::Store) return Op::Name;
  WASK_LOAD_BINARY_STORE_OPS(WASK_FUSED)
#undef WASK_FUSED
  return Op::Count;
}

// The superinstruction of binary op `op` with the value of load `load` as its left (mem_lhs) or
// right operand; Op::Count if none. A commutative op takes a left load as a right one.
Op load_fused(Op op, Op load, bool mem_lhs, bool commutative) {
  if (commutative) mem_lhs = false;
#define WASK_FUSED(Name, text, n, Base, Load, R, A, fn, lhs) \
  if (op == Op::Base && load == Op::Load && mem_lhs == lhs) return Op::Name;
  WASK_LOAD_BINARY_OPS(WASK_FUSED)
#undef WASK_FUSED
  return Op::Count;
}

// The superinstruction of binary op `op` with the result of `inner` (computed just before) as its
// left (inner_lhs) or right operand; Op::Count if none. An integer operator commutes exactly, so a
// shifted left operand is taken as a right one; an f64 one keeps the product's position.
// The form of branch `op` that also does the work of the loop_head it jumps back to; `op` if none.
Op loop_branch(Op op) {
#define WASK_LOOP_BR(Name, text, n, Branch, delta, taken) \
  if (op == Op::Branch) return Op::Name;
  WASK_LOOP_BRANCH_OPS(WASK_LOOP_BR)
#undef WASK_LOOP_BR
  return op;
}

Op operand_fused(Op op, Op inner, bool inner_lhs) {
#define WASK_FUSED(Name, text, n, Outer, Inner, fn, shift) \
  if (op == Op::Outer && inner == Op::Inner) return Op::Name;
  WASK_SHIFTED_BINARY_OPS(WASK_FUSED)
#undef WASK_FUSED
#define WASK_FUSED(Name, text, n, Outer, Inner, fn, mul_lhs) \
  if (op == Op::Outer && inner == Op::Inner && inner_lhs == mul_lhs) return Op::Name;
  WASK_MUL_BINARY_OPS(WASK_FUSED)
#undef WASK_FUSED
  return Op::Count;
}
}  // namespace

uint32_t Translator::emit(Op op, std::initializer_list<uint32_t> operands) {
  const uint32_t pos = static_cast<uint32_t>(code_.size());
  const uint32_t length = op_length(op);
  assert(operands.size() + 2 <= length);
  code_.resize(pos + length, 0);
  store_u64(&code_[pos], op_word(op));
  std::copy(operands.begin(), operands.end(), code_.begin() + pos + 2);
  // A fusion that rewrote the last instruction emits at its position: no predecessor then.
  const bool follows = result_instr_ != kNone && result_instr_ < pos;
  prev2_instr_ = follows && prev_instr_ != kNone ? prev_instr_ : kNone;
  prev2_field_ = prev_field_;
  prev2_op_ = prev_op_;
  prev_instr_ = follows ? result_instr_ : kNone;
  prev_field_ = result_field_;
  prev_op_ = result_op_;
  result_instr_ = kNone;
  result_op_ = op;
  return pos;
}

uint32_t Translator::emit_with_u64(Op op, std::initializer_list<uint32_t> operands, uint64_t imm) {
  const uint32_t pos = emit(op, operands);
  const uint32_t at = pos + 2 + even(static_cast<uint32_t>(operands.size()));
  assert(at + 2 <= code_.size());
  store_u64(&code_[at], imm);
  return pos;
}

void Translator::patch(const Fixup& f, uint32_t target) {
  code_[f.field] = static_cast<uint32_t>(static_cast<int32_t>(target - f.instr));
}

// The br_table form at `pos`, Op::Count if none.
Op Translator::br_table_at(uint32_t pos) const {
  for (Op op : {Op::BrTable, Op::BrTableLoadShlAddImm, Op::BrTableFetch})
    if (op_at(pos, op)) return op;
  return Op::Count;
}

// vm2: a loop whose body starts with a short dispatch (`loop_head`, at most three plain
// instructions, a `br_table`): the dispatch's length in units, 0 if none. A copy of it may stand
// in for a branch back to the loop (see emit_branch_to).
uint32_t Translator::loop_dispatch_length(uint32_t loop_start, uint32_t* table) const {
  uint32_t pos = loop_start + op_length(Op::LoopHead);
  for (int n = 0; n <= 3 && pos + 2 <= code_.size(); ++n) {
    if (const Op br = br_table_at(pos); br != Op::Count) {
      const uint32_t count = code_[pos + (br == Op::BrTable ? 3 : 2)];
      if (count > kMaxDispatchTable) return 0;
      const uint32_t end = pos + instruction_length(br, &code_[pos]);
      *table = pos - loop_start;
      return end <= code_.size() ? end - loop_start : 0;
    }
    Op plain = Op::Count;
    for (Op op : {Op::I32AddImm, Op::I32LoadShlAddImm, Op::I32LoadAddImm, Op::I32Load, Op::Copy,
                  Op::CopyPair, Op::Const, Op::I32AddShl, Op::I32AddShlImm})
      if (op_at(pos, op)) plain = op;
    if (plain == Op::Count) return 0;
    pos += op_length(plain);
  }
  return 0;
}

void Translator::emit_branch_to(Ctrl& target, Op op, std::initializer_list<uint32_t> leading) {
  if (target.kind == CtrlKind::Loop) op = loop_branch(op);  // back to the loop's head
  // vm2: a plain branch back to a loop that starts with a dispatch (an interpreter's `switch`):
  // a copy of the dispatch instead, so that each case has a br_table jump of its own to predict.
  // The copy charges the same fuel (its loop_head); its table and cost are filled in at the end.
  if (op == Op::BrLoop && dispatch_copies_ < kMaxDispatchCopies) {
    uint32_t table = 0;
    if (const uint32_t length = loop_dispatch_length(target.loop_start, &table); length != 0) {
      const std::vector<CodeUnit> dispatch(code_.begin() + target.loop_start,
                                           code_.begin() + target.loop_start + length);
      const uint32_t at = static_cast<uint32_t>(code_.size());
      code_.insert(code_.end(), dispatch.begin(), dispatch.end());
      func_dispatch_copies_.push_back({at, target.loop_start, table});
      ++dispatch_copies_;
      result_instr_ = step_instr_ = add_instr_ = copy_instr_ = kNone;
      return;
    }
  }
  std::vector<uint32_t> operands(leading);
  operands.push_back(0);
  uint32_t pos;
  switch (operands.size()) {
    case 1:
      pos = emit(op, {operands[0]});
      break;
    case 2:
      pos = emit(op, {operands[0], operands[1]});
      break;
    default:
      pos = emit(op, {operands[0], operands[1], operands[2]});
      break;
  }
  Fixup f{pos, pos + 2 + static_cast<uint32_t>(leading.size())};
  if (target.kind == CtrlKind::Loop) {
    patch(f, target.loop_start);
  } else {
    target.fixups.push_back(f);
  }
}

// vm2: an i32.add_imm at `add` and an i32.shl_imm at `shl` (the last two instructions, either
// order) whose results the binary op at stack height `h` adds: one i32.add_shl_imm d a x k c.
void Translator::fuse_add_shl_imm(uint32_t add, uint32_t shl, uint32_t h, uint32_t width) {
  const uint32_t a = code_[add + 3], c = code_[add + 4];
  const uint32_t x = code_[shl + 3], k = code_[shl + 4] & 31;
  code_.resize(std::min(add, shl));
  stack_.resize(h - 2);
  const uint32_t d = push_result(width);
  const uint32_t pos = emit(Op::I32AddShlImm, {d, a, x, k, c});
  set_result(pos, pos + 2);
}

uint64_t Translator::op_word(Op op) const {
  return handlers_ ? reinterpret_cast<uint64_t>(handlers_[static_cast<size_t>(op)])
                   : static_cast<uint64_t>(op);
}

bool Translator::op_at(uint32_t pos, Op op) const {
  return pos + 2 <= code_.size() && load_u64(&code_[pos]) == op_word(op);
}

void Translator::set_result(uint32_t instr, uint32_t dest_field) {
  result_instr_ = instr;
  result_field_ = dest_field;
}

void Translator::emit_copy(uint32_t dst, uint32_t src, uint32_t width) {
  // vm2: a copy right after another (no label between): both in one copy_pair, run in order.
  if (const uint32_t first = copy_instr_;
      width == 1 && first != kNone &&
      first + op_length(Op::Copy) == static_cast<uint32_t>(code_.size()) &&
      op_at(first, Op::Copy)) {
    const uint32_t d1 = code_[first + 2], s1 = code_[first + 3];
    code_.resize(first);
    emit(Op::CopyPair, {d1, s1, dst, src});
    copy_instr_ = kNone;
    return;
  }
  const uint32_t pos = emit(width == 2 ? Op::Copy128 : Op::Copy, {dst, src});
  copy_instr_ = width == 2 ? kNone : pos;
}

void Translator::materialize(uint32_t i) {
  Operand& o = stack_[i];
  if (o.kind == Kind::Local) {
    emit_copy(o.slot, local_slot_[o.local], o.width);
  } else if (o.kind == Kind::Const) {
    emit_with_u64(Op::Const, {o.slot, 0}, o.value);
  }
  o.kind = Kind::Stack;
}

void Translator::materialize_all() {
  if (lazy_pushes_ > 0) {
    for (uint32_t i = first_lazy_; i < height(); ++i) {
      if (stack_[i].kind != Kind::Stack) materialize(i);
    }
  }
  lazy_pushes_ = 0;
  first_lazy_ = height();
}

// Records a lazy (Local or Const) entry about to be pushed. Entries below first_lazy_ are always
// in their slots, and after kMaxLazy pushes everything is materialised, which keeps the scans
// for pending reads short whatever the function looks like.
void Translator::note_lazy_push() {
  if (lazy_pushes_ >= kMaxLazy) materialize_all();
  const uint32_t i = height();
  if (lazy_pushes_ == 0 || i < first_lazy_) first_lazy_ = i;
  ++lazy_pushes_;
}

void Translator::materialize_top(uint32_t n) {
  for (uint32_t i = height() - n; i < height(); ++i) {
    if (stack_[i].kind != Kind::Stack) materialize(i);
  }
}

void Translator::materialize_local(uint32_t local) {
  if (lazy_pushes_ == 0) return;
  for (uint32_t i = first_lazy_; i < height(); ++i) {
    if (stack_[i].kind == Kind::Local && stack_[i].local == local) materialize(i);
  }
}

uint32_t Translator::read_slot(uint32_t i) {
  if (stack_[i].kind == Kind::Const) materialize(i);
  return stack_[i].kind == Kind::Local ? local_slot_[stack_[i].local] : stack_[i].slot;
}

uint32_t Translator::pop_slot() {
  const uint32_t slot = read_slot(height() - 1);
  stack_.pop_back();
  return slot;
}

uint32_t Translator::push_result(uint32_t width) {
  push_entry(Operand{Kind::Stack, 0, 0, 0, width});
  return stack_.back().slot;
}

void Translator::push_types(TypeList types) {
  for (uint32_t j = 0; j < types.size; ++j) push_result(slot_width(types[j]));
}

// The stack as a block (or arm) starts or ends: what lies below the block, then `types` in
// their slots.
void Translator::reset_stack(const Ctrl& c, TypeList types) {
  assert(height() >= c.base);
  stack_.resize(c.base);
  push_types(types);
}

// Where the j-th value of a branch to `target` goes.
uint32_t Translator::target_slot(const Ctrl& target, uint32_t j) const {
  const TypeList& types = arity_types(target);
  uint32_t slot = target.base_slot;
  for (uint32_t k = 0; k < j; ++k) slot += slot_width(types[k]);
  return slot;
}

bool Translator::needs_moves(const Ctrl& target, uint32_t n) const {
  const uint32_t h = height();
  for (uint32_t j = 0; j < n; ++j) {
    const Operand& o = stack_[h - n + j];
    if (o.kind != Kind::Stack || o.slot != target_slot(target, j)) return true;
  }
  return false;
}

// Moves the top n values to the target's slots, in ascending order: a destination is never
// above its source, so no value is overwritten before it is read.
void Translator::emit_moves(const Ctrl& target, uint32_t n) {
  const uint32_t h = height();
  for (uint32_t j = 0; j < n; ++j) {
    const Operand& o = stack_[h - n + j];
    const uint32_t dst = target_slot(target, j);
    switch (o.kind) {
      case Kind::Stack:
        if (o.slot != dst) emit_copy(dst, o.slot, o.width);
        break;
      case Kind::Local:
        emit_copy(dst, local_slot_[o.local], o.width);
        break;
      case Kind::Const:
        emit_with_u64(Op::Const, {dst, 0}, o.value);
        break;
    }
  }
}

void Translator::push_ctrl(CtrlKind kind, TypeList params, TypeList results) {
  Ctrl c;
  c.kind = kind;
  c.base = height() - params.size;
  c.base_slot = params.size ? stack_[c.base].slot : next_slot();
  c.params = params;
  c.results = results;
  ctrl_.push_back(std::move(c));
}

void Translator::push_dead(CtrlKind kind) {
  Ctrl c;
  c.kind = kind;
  c.base = c.base_slot = 0;
  c.params = c.results = TypeList{};
  c.unreachable = c.dead = true;
  ctrl_.push_back(std::move(c));
}

void Translator::mark_unreachable() { ctrl_.back().unreachable = true; }

// ---------------------------------------------------------------------------------------------

void Translator::begin(CompiledFunc& func, const std::vector<ValType>& locals, TypeList results) {
  func_ = &func;
  local_slot_.resize(locals.size());
  local_width_.resize(locals.size());
  uint32_t slots = 0;
  for (size_t i = 0; i < locals.size(); ++i) {
    local_slot_[i] = slots;
    local_width_[i] = static_cast<uint8_t>(slot_width(locals[i]));
    slots += local_width_[i];
  }
  num_locals_ = slots;
  max_end_ = slots;
  instr_count_ = 0;
  instrs_in_loops_ = 0;
  open_loops_ = 0;
  stack_.clear();
  ctrl_.clear();
  result_instr_ = step_instr_ = add_instr_ = kernel_instr_ = copy_instr_ = kNone;
  func_dispatch_copies_.clear();
  dispatch_copies_ = 0;
  first_lazy_ = 0;
  lazy_pushes_ = 0;
  func.num_locals = slots;
  push_ctrl(CtrlKind::Func, TypeList{}, results);
  ctrl_.back().base_slot = 0;  // a function's results go to the bottom of its frame
}

void Translator::end_function() {
  if (!ctrl_.empty() && !ctrl_.back().unreachable) on_return();
  // The dispatch copies take their loop_head's cost and their table's targets from the original,
  // now that both are patched.
  for (const DispatchCopy& d : func_dispatch_copies_) {
    code_[d.at + 2] = code_[d.from + 2];
    const uint32_t from = d.from + d.table, at = d.at + d.table;
    const Op br = br_table_at(from);
    const uint32_t count = code_[from + (br == Op::BrTable ? 3 : 2)], table = op_length(br);
    for (uint32_t k = 0; k <= count; ++k) {
      const uint32_t target = from + code_[from + table + k];  // deltas wrap like the handler's
      code_[at + table + k] = target - at;
    }
  }
  func_dispatch_copies_.clear();
  func_->frame_slots =
      std::max({max_end_ + 1, func_->num_results, func_->num_params + kZeroedLocalsBlock});
  // Code outside loops runs at most once per call: charging it bounds a call's unmetered work.
  func_->call_cost =
      static_cast<uint32_t>(std::clamp<uint64_t>(instr_count_ - instrs_in_loops_, 1, 1u << 30));
  ctrl_.clear();
  stack_.clear();
}

void Translator::on_block(TypeList params, TypeList results) {
  if (dead()) {
    push_dead(CtrlKind::Block);
    return;
  }
  materialize_all();
  push_ctrl(CtrlKind::Block, params, results);
}

void Translator::on_loop(TypeList params, TypeList results) {
  if (dead()) {
    push_dead(CtrlKind::Loop);
    return;
  }
  materialize_all();
  push_ctrl(CtrlKind::Loop, params, results);
  Ctrl& c = ctrl_.back();
  c.loop_start = emit(Op::LoopHead, {0});
  c.instr_start = static_cast<uint32_t>(instr_count_);
  ++open_loops_;
  bind_here();
}

void Translator::on_if(TypeList params, TypeList results) {
  if (dead()) {
    push_dead(CtrlKind::If);
    return;
  }
  // Fuse with the compare that produced the condition: jump to the else arm when it fails.
  const uint32_t h = height();
  const Op fused = result_instr_ != kNone && stack_[h - 1].kind == Kind::Stack &&
                           code_[result_field_] == stack_[h - 1].slot
                       ? fused_branch(result_op_, false)
                       : Op::Count;
  if (fused != Op::Count) {
    // The compare's operands are locals or slots at or above the condition's, which the
    // materialisation below never writes, so the compare can move after it.
    const uint32_t pos = result_instr_;
    const Op compare = result_op_;
    const uint32_t a = code_[pos + 3];
    const uint32_t b = fused == Op::BrIf ? 0 : code_[pos + 4];  // i32.eqz has one operand
    const uint64_t imm = is_imm_compare(compare) ? load_u64(&code_[pos + 4]) : 0;
    code_.resize(pos);
    stack_.pop_back();
    materialize_all();
    uint32_t at;
    uint32_t field;
    if (fused == Op::BrIf) {  // i32.eqz: jump when the operand is non-zero
      at = emit(fused, {a, 0});
      field = at + 3;
    } else if (is_imm_compare(compare)) {
      at = emit_with_u64(fused, {a, 0}, imm);
      field = at + 3;
    } else {
      at = emit(fused, {a, b, 0});
      field = at + 4;
    }
    push_ctrl(CtrlKind::If, params, results);
    ctrl_.back().else_fixup = Fixup{at, field};
    return;
  }
  const uint32_t cond = pop_slot();
  materialize_all();
  const uint32_t pos = emit(Op::BrUnless, {cond, 0});
  push_ctrl(CtrlKind::If, params, results);
  ctrl_.back().else_fixup = Fixup{pos, pos + 3};
}

void Translator::on_else() {
  Ctrl& c = ctrl_.back();
  if (c.dead) return;
  if (!c.unreachable) {
    materialize_all();
    emit_branch_to(c, Op::Br, {});
  }
  patch(c.else_fixup, static_cast<uint32_t>(code_.size()));
  bind_here();
  c.kind = CtrlKind::Else;
  c.unreachable = false;
  reset_stack(c, c.params);
}

void Translator::on_end() {
  Ctrl c = std::move(ctrl_.back());
  ctrl_.pop_back();
  if (c.dead) return;
  if (!c.unreachable) materialize_all();
  const uint32_t here = static_cast<uint32_t>(code_.size());
  if (c.kind == CtrlKind::If) patch(c.else_fixup, here);
  // A try without catches, or a try_table: its body ends here.
  if (c.kind == CtrlKind::Try || c.kind == CtrlKind::TryTable) func_->tries[c.try_id].end = here;
  for (const Fixup& f : c.fixups) patch(f, here);
  if (c.kind == CtrlKind::Loop) {
    const uint64_t body = instr_count_ - c.instr_start + 1;
    code_[c.loop_start + 2] = static_cast<uint32_t>(std::min<uint64_t>(body, 1u << 30));
    if (--open_loops_ == 0) instrs_in_loops_ += body;
  }
  bind_here();
  reset_stack(c, c.results);
}

uint32_t Translator::enclosing_try(size_t below) const {
  for (size_t i = below; i-- > 0;) {
    if (ctrl_[i].kind == CtrlKind::Try || ctrl_[i].kind == CtrlKind::TryTable)
      return ctrl_[i].try_id;
  }
  return TryRegion::kNoRegion;
}

void Translator::on_try(TypeList params, TypeList results) {
  if (dead()) {
    push_dead(CtrlKind::Try);
    return;
  }
  // A handler finds every value below the try in its own slot.
  materialize_all();
  TryRegion region;
  region.start = static_cast<uint32_t>(code_.size());
  region.outer = enclosing_try(ctrl_.size());
  push_ctrl(CtrlKind::Try, params, results);
  ctrl_.back().try_id = static_cast<uint32_t>(func_->tries.size());
  func_->tries.push_back(std::move(region));
  bind_here();
}

void Translator::on_catch(uint32_t tag, TypeList tag_params) {
  Ctrl& c = ctrl_.back();
  if (c.dead) return;
  if (!c.unreachable) {
    materialize_all();
    emit_branch_to(c, Op::Br, {});
  }
  TryRegion& region = func_->tries[c.try_id];
  if (c.kind == CtrlKind::Try) {
    region.end = static_cast<uint32_t>(code_.size());
    c.kind = CtrlKind::Catch;
    c.level = 0;
    for (size_t i = 0; i + 1 < ctrl_.size(); ++i) c.level += ctrl_[i].kind == CtrlKind::Catch;
    region.level = c.level;
    region.values_slot = c.base_slot;
  }
  region.catches.push_back(TryRegion::Catch{tag, static_cast<uint32_t>(code_.size())});
  bind_here();
  c.unreachable = false;
  reset_stack(c, tag_params);  // the exception's values, from the try's base slot up
}

void Translator::on_delegate(uint32_t depth) {
  Ctrl& c = ctrl_.back();
  if (!c.dead) {
    if (!c.unreachable) materialize_all();
    TryRegion& region = func_->tries[c.try_id];
    region.end = static_cast<uint32_t>(code_.size());
    region.delegates = true;
    // To the try body at label `depth` (counted outside this try), or the nearest one around it.
    region.delegate_to = enclosing_try(ctrl_.size() - 1 - depth);
    c.kind = CtrlKind::Block;  // what is left is a block's end
  }
  on_end();
}

void Translator::on_throw(uint32_t tag, TypeList tag_params) {
  if (dead()) return;
  const uint32_t n = tag_params.size;
  materialize_top(n);
  emit(Op::Throw, {tag, n ? stack_[height() - n].slot : next_slot()});
  mark_unreachable();
}

void Translator::on_rethrow(uint32_t depth) {
  if (dead()) return;
  emit(Op::Rethrow, {label(depth).level});
  mark_unreachable();
}

void Translator::on_try_table(TypeList params, TypeList results,
                              const std::vector<Clause>& clauses) {
  if (dead()) {
    push_dead(CtrlKind::TryTable);
    return;
  }
  // A clause finds every value below the try_table in its own slot.
  materialize_all();
  TryRegion region;
  region.table = true;
  region.outer = enclosing_try(ctrl_.size());
  const uint32_t base = height() - params.size;
  region.values_slot = params.size ? stack_[base].slot : next_slot();
  if (!clauses.empty()) {
    // The clauses' landing code, jumped over on entry: the unwinder leaves the caught values
    // (and the exnref) from the try_table's base slot up, and each clause branches with them.
    const uint32_t skip = emit(Op::Br, {0});
    const std::vector<Operand> block_params(stack_.begin() + base, stack_.end());
    stack_.resize(base);
    const bool was_unreachable = ctrl_.back().unreachable;
    for (const Clause& c : clauses) {
      bind_here();
      region.catches.push_back(TryRegion::Catch{c.tag, static_cast<uint32_t>(code_.size()), c.ref});
      push_types(c.payload);
      if (c.ref) push_result();
      on_br(c.label);
      stack_.resize(base);
      ctrl_.back().unreachable = was_unreachable;
    }
    patch(Fixup{skip, skip + 2}, static_cast<uint32_t>(code_.size()));
    stack_.insert(stack_.end(), block_params.begin(), block_params.end());
  }
  bind_here();
  region.start = static_cast<uint32_t>(code_.size());
  push_ctrl(CtrlKind::TryTable, params, results);
  ctrl_.back().try_id = static_cast<uint32_t>(func_->tries.size());
  func_->tries.push_back(std::move(region));
}

void Translator::on_throw_ref() {
  if (dead()) return;
  emit(Op::ThrowRef, {pop_slot()});
  mark_unreachable();
}

void Translator::on_br(uint32_t depth) {
  if (dead()) return;
  Ctrl& t = label(depth);
  if (t.kind == CtrlKind::Func) return on_return();
  emit_moves(t, arity(t));
  emit_branch_to(t, Op::Br, {});
  mark_unreachable();
}

void Translator::on_br_if(uint32_t depth) {
  if (dead()) return;
  Ctrl& t = label(depth);
  const uint32_t h = height();
  // Fuse with the compare that produced the condition, if it is the instruction just before.
  const bool cond_is_last_result = result_instr_ != kNone && stack_[h - 1].kind == Kind::Stack &&
                                   code_[result_field_] == stack_[h - 1].slot;
  const Op fused = cond_is_last_result ? fused_branch(result_op_) : Op::Count;
  if (fused != Op::Count && t.kind != CtrlKind::Func) {
    const Operand cond = stack_.back();
    stack_.pop_back();
    if (!needs_moves(t, arity(t))) {
      const uint32_t pos = result_instr_;
      const uint32_t a = code_[pos + 3];
      if (const uint32_t load = prev_instr_;
          fused == Op::BrIfI32Eqz && t.kind != CtrlKind::Loop && load != kNone &&
          (prev_op_ == Op::I32Load8U || prev_op_ == Op::I32Load8UAddImm) &&
          load + op_length(prev_op_) == pos && code_[prev_field_] == a && a >= num_locals_) {
        // calls3: the byte loaded into a temporary just before, tested for zero: one dispatch.
        const bool add = prev_op_ == Op::I32Load8UAddImm;
        const uint32_t addr = code_[load + 3], c = add ? code_[load + 4] : 0;
        const uint32_t offset = code_[load + (add ? 5 : 4)];
        code_.resize(load);
        const uint32_t at = emit(Op::BrIfLoad8UEqz, {addr, c, offset, 0});
        t.fixups.push_back(Fixup{at, at + 5});
      } else if (fused == Op::BrIfI32Eqz) {
        code_.resize(pos);
        emit_branch_to(t, fused, {a});
      } else if (is_imm_compare(result_op_)) {
        const uint64_t imm = load_u64(&code_[pos + 4]);
        // matmul: `i += k; br_if (i != n)` back to a loop, the step just before the compare.
        const uint32_t step = step_instr_;
        if (fused == Op::BrIfI32NeImm && t.kind == CtrlKind::Loop && step != kNone &&
            step + op_length(Op::I32AddImm) == pos && op_at(step, Op::I32AddImm) &&
            code_[step + 2] == a) {
          const uint32_t src = code_[step + 3];
          const auto k = static_cast<uint32_t>(load_u64(&code_[step + 4]));
          code_.resize(step);
          const uint32_t at =
              emit(Op::I32AddImmBrIfNeLoop, {a, src, 0, k, static_cast<uint32_t>(imm)});
          patch(Fixup{at, at + 4}, t.loop_start);
          return;
        }
        code_.resize(pos);
        emit_branch_to(t, fused, {a});
        store_u64(&code_[code_.size() - 2], imm);
      } else {
        const uint32_t b = code_[pos + 4];
        code_.resize(pos);
        emit_branch_to(t, fused, {a, b});
      }
      return;
    }
    stack_.push_back(cond);
  }
  const uint32_t cond = pop_slot();
  if (t.kind != CtrlKind::Func && !needs_moves(t, arity(t))) {
    emit_branch_to(t, Op::BrIf, {cond});
    return;
  }
  const uint32_t skip = emit(Op::BrUnless, {cond, 0});
  if (t.kind == CtrlKind::Func) {
    // Return without disturbing the operand tracking of the fall-through path.
    std::vector<Operand> saved = stack_;
    on_return();
    stack_ = std::move(saved);
    ctrl_.back().unreachable = false;
  } else {
    emit_moves(t, arity(t));
    emit_branch_to(t, Op::Br, {});
  }
  patch(Fixup{skip, skip + 3}, static_cast<uint32_t>(code_.size()));
  bind_here();
}

void Translator::on_br_table(const std::vector<uint32_t>& depths, uint32_t default_depth) {
  if (dead()) return;
  const uint32_t count = static_cast<uint32_t>(depths.size());
  uint32_t pos;
  if (const uint32_t load = result_instr_; load != kNone && result_op_ == Op::I32LoadShlAddImm &&
                                           stack_.back().kind == Kind::Stack &&
                                           code_[result_field_] == stack_.back().slot) {
    // vm2: the index just loaded by a bytecode fetch: the load and the branch in one.
    const uint32_t a = code_[load + 3], k = code_[load + 4], c = code_[load + 5];
    const uint32_t offset = code_[load + 6];
    stack_.pop_back();
    // `pc + 1` into a local right before the fetch (not into its base): all three in one.
    if (const uint32_t step = step_instr_; step != kNone &&
                                           step + op_length(Op::I32AddImm) == load &&
                                           op_at(step, Op::I32AddImm) && code_[step + 2] != a) {
      const uint32_t d = code_[step + 2], src = code_[step + 3], imm = code_[step + 4];
      code_.resize(step);
      pos = emit(Op::BrTableFetch, {count, a, k, c, offset, d, src, imm});
      step_instr_ = kNone;
    } else {
      code_.resize(load);
      pos = emit(Op::BrTableLoadShlAddImm, {count, a, k, c, offset});
    }
  } else {
    const uint32_t index = pop_slot();
    pos = emit(Op::BrTable, {index, count});
  }
  const uint32_t table = static_cast<uint32_t>(code_.size());
  code_.resize(table + even(count + 1), 0);
  std::vector<std::pair<uint32_t, uint32_t>> stubs;  // (table entry, depth)
  for (uint32_t k = 0; k <= count; ++k) {
    const uint32_t depth = k < count ? depths[k] : default_depth;
    Ctrl& t = label(depth);
    if (t.kind != CtrlKind::Func && !needs_moves(t, arity(t))) {
      Fixup f{pos, table + k};
      if (t.kind == CtrlKind::Loop) {
        patch(f, t.loop_start);
      } else {
        t.fixups.push_back(f);
      }
    } else {
      stubs.emplace_back(k, depth);
    }
  }
  for (auto [k, depth] : stubs) {
    patch(Fixup{pos, table + k}, static_cast<uint32_t>(code_.size()));
    Ctrl& t = label(depth);
    if (t.kind == CtrlKind::Func) {
      std::vector<Operand> saved = stack_;
      on_return();
      stack_ = std::move(saved);
      ctrl_.back().unreachable = false;  // more stubs follow
    } else {
      emit_moves(t, arity(t));
      emit_branch_to(t, Op::Br, {});
    }
  }
  mark_unreachable();
}

// Results go to slots [0, n). Ascending moves are safe from stack slots (always at or above
// their destination) but not from low locals, so those are staged in their own slots first.
void Translator::on_return() {
  if (dead()) return;
  const Ctrl& func = ctrl_.front();
  const uint32_t n = func.results.size;
  const uint32_t h = height();
  const uint32_t result_slots = func_->num_results;
  bool conflict = false;
  for (uint32_t j = 0; j < n; ++j) {
    const Operand& o = stack_[h - n + j];
    if (o.kind == Kind::Local && local_slot_[o.local] < result_slots &&
        local_slot_[o.local] != target_slot(func, j))
      conflict = true;
  }
  if (conflict) materialize_top(n);
  if (n == 1 && stack_[h - 1].width == 1) {
    const Operand& o = stack_[h - 1];
    if (o.kind == Kind::Const) {
      emit_with_u64(Op::Const, {0, 0}, o.value);
      emit(Op::Return, {});
    } else if (o.kind == Kind::Stack && result_instr_ != kNone && code_[result_field_] == o.slot) {
      // The instruction just emitted writes the result straight to slot 0 (as for local.set):
      // the caller reads it from the callee's store, with no copy between.
      code_[result_field_] = 0;
      // calls3: an i32.add into slot 0 that returns in the same dispatch (fib's both exits).
      const uint32_t pos = result_instr_;
      if ((result_op_ == Op::I32Add || result_op_ == Op::I32AddImm) &&
          pos + op_length(result_op_) == code_.size()) {
        store_u64(&code_[pos],
                  op_word(result_op_ == Op::I32Add ? Op::I32AddReturn : Op::I32AddImmReturn));
        result_instr_ = add_instr_ = kNone;
      } else {
        emit(Op::Return, {});
      }
    } else {
      emit(Op::Return1, {o.kind == Kind::Local ? local_slot_[o.local] : o.slot});
    }
  } else {
    for (uint32_t j = 0; j < n; ++j) {
      const Operand& o = stack_[h - n + j];
      const uint32_t dst = target_slot(func, j);
      switch (o.kind) {
        case Kind::Stack:
          if (o.slot != dst) emit_copy(dst, o.slot, o.width);
          break;
        case Kind::Local:
          if (local_slot_[o.local] != dst) emit_copy(dst, local_slot_[o.local], o.width);
          break;
        case Kind::Const:
          emit_with_u64(Op::Const, {dst, 0}, o.value);
          break;
      }
    }
    emit(Op::Return, {});
  }
  mark_unreachable();
}

void Translator::on_unreachable() {
  if (dead()) return;
  emit(Op::Unreachable, {});
  mark_unreachable();
}

// The callee's CompiledFunc, for the call instruction to reach without chasing instance -> module.
// The module's function vector is complete (function section) before any body is translated.
uint64_t Translator::callee_record(uint32_t defined) const {
  return reinterpret_cast<uintptr_t>(&mod_.funcs[defined]);
}

void Translator::on_call(uint32_t func_index, const FuncType& type) {
  if (dead()) return;
  const uint32_t params = static_cast<uint32_t>(type.params.size());
  materialize_top(params);
  const uint32_t base = params ? stack_[height() - params].slot : next_slot();
  stack_.resize(height() - params);
  push_types(TypeList::of(type.results));
  if (func_index >= mod_.num_imported_funcs) {
    const uint32_t defined = func_index - mod_.num_imported_funcs;
    // calls3: the one argument computed by the i32.add_imm just before: one dispatch (fib(n-1)).
    if (const uint32_t pos = result_instr_;
        params == 1 && pos != kNone && result_op_ == Op::I32AddImm &&
        pos + op_length(Op::I32AddImm) == code_.size() && code_[result_field_] == base) {
      const uint32_t d = code_[pos + 2], a = code_[pos + 3];
      const uint32_t lo = code_[pos + 4], hi = code_[pos + 5];
      code_.resize(pos);
      if (step_instr_ == pos) step_instr_ = kNone;
      emit_with_u64(Op::I32AddImmCall, {d, a, lo, hi, defined, base}, callee_record(defined));
      return;
    }
    emit_with_u64(Op::Call, {defined, base}, callee_record(defined));
  } else {
    emit(Op::CallImport, {func_index, base});
  }
}

void Translator::on_call_indirect(uint32_t table, uint32_t type_index, const FuncType& type) {
  if (dead()) return;
  const uint32_t index = pop_slot();
  const uint32_t params = static_cast<uint32_t>(type.params.size());
  materialize_top(params);
  const uint32_t base = params ? stack_[height() - params].slot : next_slot();
  stack_.resize(height() - params);
  push_types(TypeList::of(type.results));
  emit(Op::CallIndirect, {table, type_index, base, index});
}

void Translator::on_return_call(uint32_t func_index, const FuncType& type) {
  if (dead()) return;
  const uint32_t params = static_cast<uint32_t>(type.params.size());
  materialize_top(params);
  const uint32_t base = params ? stack_[height() - params].slot : next_slot();
  if (func_index >= mod_.num_imported_funcs) {
    const uint32_t defined = func_index - mod_.num_imported_funcs;
    emit_with_u64(Op::ReturnCall, {defined, base}, callee_record(defined));
  } else {
    emit(Op::ReturnCallImport, {func_index, base});
  }
  mark_unreachable();
}

void Translator::on_return_call_indirect(uint32_t table, uint32_t type_index,
                                         const FuncType& type) {
  if (dead()) return;
  const uint32_t index = pop_slot();
  const uint32_t params = static_cast<uint32_t>(type.params.size());
  materialize_top(params);
  const uint32_t base = params ? stack_[height() - params].slot : next_slot();
  emit(Op::ReturnCallIndirect, {table, type_index, base, index});
  mark_unreachable();
}

void Translator::on_drop() {
  if (dead()) return;
  stack_.pop_back();
}

void Translator::on_select() {
  if (dead()) return;
  const uint32_t h = height();
  const uint32_t c = read_slot(h - 1);
  const uint32_t b = read_slot(h - 2);
  const uint32_t a = read_slot(h - 3);
  const uint32_t width = stack_[h - 3].width;
  stack_.resize(h - 3);
  const uint32_t d = push_result(width);
  const uint32_t pos = emit(width == 2 ? Op::Select128 : Op::Select, {d, a, b, c});
  set_result(pos, pos + 2);
}

void Translator::on_local_get(uint32_t local) {
  if (dead()) return;
  note_lazy_push();
  push_entry(Operand{Kind::Local, local, 0, 0, local_width_[local]});
}

void Translator::on_local_set(uint32_t local) {
  if (dead()) return;
  const uint32_t h = height();
  if (result_instr_ != kNone && stack_[h - 1].kind == Kind::Stack &&
      code_[result_field_] == stack_[h - 1].slot) {
    bool referenced = false;
    for (uint32_t i = lazy_pushes_ ? first_lazy_ : height(); i < height(); ++i)
      referenced |= stack_[i].kind == Kind::Local && stack_[i].local == local;
    if (!referenced) {
      // The producer writes straight into the local.
      code_[result_field_] = local_slot_[local];
      if (result_op_ == Op::I32AddImm) step_instr_ = result_instr_;
      stack_.pop_back();
      result_instr_ = kNone;
      return;
    }
    // vm2: pending reads of the local's old value are copied out first, then the producer
    // (moved after those copies) writes straight into the local: one copy instead of two. The
    // copies write pending entries' stack slots, which the producer never reads. Not after an
    // `i32.add_pair`, the one producer whose result comes with a second write (its first add):
    // a pending entry may read that write, which must then come before the copies.
    const bool single_write =
        result_op_ != Op::I32AddPair && result_instr_ + op_length(result_op_) == code_.size();
    if (single_write) {
      const uint32_t producer = result_instr_, field = result_field_ - producer;
      const Op producer_op = result_op_;
      const std::vector<CodeUnit> moved(code_.begin() + producer, code_.end());
      code_.resize(producer);
      stack_.pop_back();
      result_instr_ = kNone;
      materialize_local(local);
      const uint32_t at = static_cast<uint32_t>(code_.size());
      code_.insert(code_.end(), moved.begin(), moved.end());
      code_[at + field] = local_slot_[local];
      if (add_instr_ == producer) add_instr_ = at;
      step_instr_ = producer_op == Op::I32AddImm ? at : kNone;
      copy_instr_ = kNone;
      return;
    }
  }
  materialize_local(local);
  const Operand top = stack_.back();
  stack_.pop_back();
  const uint32_t dst = local_slot_[local];
  switch (top.kind) {
    case Kind::Stack:
      emit_copy(dst, top.slot, top.width);
      break;
    case Kind::Local:
      if (top.local == local) break;
      // calls3: the i32.add_imm just emitted into that local (a tee): both writes in one.
      if (const uint32_t pos = step_instr_;
          pos != kNone && top.width == 1 && pos + op_length(Op::I32AddImm) == code_.size() &&
          op_at(pos, Op::I32AddImm) && code_[pos + 2] == local_slot_[top.local]) {
        const uint32_t d = code_[pos + 2], a = code_[pos + 3];
        const uint32_t lo = code_[pos + 4], hi = code_[pos + 5];
        code_.resize(pos);
        step_instr_ = kNone;
        emit(Op::I32AddImmCopy, {d, a, lo, hi, dst});
        break;
      }
      emit_copy(dst, local_slot_[top.local], top.width);
      break;
    case Kind::Const:
      emit_with_u64(Op::Const, {dst, 0}, top.value);
      break;
  }
}

void Translator::on_local_tee(uint32_t local) {
  if (dead()) return;
  on_local_set(local);
  on_local_get(local);
}

void Translator::on_global_get(uint32_t global) {
  if (dead()) return;
  const bool wide = mod_.globals[global].type.type == ValType::V128;
  const uint32_t d = push_result(wide ? 2 : 1);
  const uint32_t pos = emit(wide ? Op::GlobalGet128 : Op::GlobalGet, {d, global});
  set_result(pos, pos + 2);
}

void Translator::on_global_set(uint32_t global) {
  if (dead()) return;
  const bool wide = mod_.globals[global].type.type == ValType::V128;
  const uint32_t s = pop_slot();
  emit(wide ? Op::GlobalSet128 : Op::GlobalSet, {global, s});
}

void Translator::on_const(uint64_t bits) {
  if (dead()) return;
  note_lazy_push();
  push_entry(Operand{Kind::Const, 0, bits, 0, 1});
}

void Translator::on_binary(Op op, Op imm_op, bool commutative, uint32_t width) {
  if (dead()) return;
  const uint32_t h = height();
  Operand& rhs = stack_[h - 1];
  Operand& lhs = stack_[h - 2];
  if (imm_op != Op::Count &&
      (rhs.kind == Kind::Const || (commutative && lhs.kind == Kind::Const))) {
    const bool rhs_const = rhs.kind == Kind::Const;
    const uint64_t imm = rhs_const ? rhs.value : lhs.value;
    // vm2: a constant added to (or subtracted from) the stack address just computed joins its c.
    if ((imm_op == Op::I32AddImm || imm_op == Op::I32SubImm) && rhs_const &&
        result_instr_ != kNone && result_op_ == Op::I32AddShlImm && lhs.kind == Kind::Stack &&
        code_[result_field_] == lhs.slot) {
      const auto k = static_cast<uint32_t>(imm);
      code_[result_instr_ + 6] += imm_op == Op::I32AddImm ? k : 0u - k;
      stack_.pop_back();  // the sum stays where it is, still the last result
      return;
    }
    const uint32_t a = read_slot(rhs_const ? h - 2 : h - 1);
    stack_.resize(h - 2);
    const uint32_t d = push_result();
    const uint32_t pos = emit_with_u64(imm_op, {d, a}, imm);
    set_result(pos, pos + 2);
    return;
  }
  // vm2: `(x << k) + (a + c)`, the shift just before the add_imm (which does not read it).
  if (op == Op::I32Add && result_instr_ != kNone && result_op_ == Op::I32AddImm &&
      rhs.kind == Kind::Stack && code_[result_field_] == rhs.slot && lhs.kind == Kind::Stack &&
      prev_instr_ != kNone && prev_op_ == Op::I32ShlImm && code_[prev_field_] == lhs.slot &&
      prev_instr_ + op_length(Op::I32ShlImm) == result_instr_ &&
      code_[result_instr_ + 3] != lhs.slot) {
    fuse_add_shl_imm(result_instr_, prev_instr_, h, width);
    return;
  }
  // The last instruction computed one operand (the right one, or the left one under a local's
  // value) with a shift by a constant or an f64.mul: fuse it into this op (d a x y, x and y the
  // inner op's operands; a shift's y is the low unit of its count, taken modulo 32 by the handler).
  if (result_instr_ != kNone && lhs.kind != Kind::Const && rhs.kind != Kind::Const) {
    const bool rhs_inner = rhs.kind == Kind::Stack && code_[result_field_] == rhs.slot;
    const bool lhs_inner =
        rhs.kind == Kind::Local && lhs.kind == Kind::Stack && code_[result_field_] == lhs.slot;
    const Op fused = rhs_inner || lhs_inner ? operand_fused(op, result_op_, lhs_inner) : Op::Count;
    // vm2: `(a + c) + (x << k)` where the add_imm wrote the left operand just before the shift:
    // all three in one i32.add_shl_imm (a stack slot's address).
    if (fused == Op::I32AddShl && rhs_inner && lhs.kind == Kind::Stack && prev_instr_ != kNone &&
        prev_op_ == Op::I32AddImm && code_[prev_field_] == lhs.slot &&
        prev_instr_ + op_length(Op::I32AddImm) == result_instr_ &&
        code_[result_instr_ + 3] != lhs.slot) {
      fuse_add_shl_imm(prev_instr_, result_instr_, h, width);
      return;
    }
    if (fused != Op::Count) {
      const uint32_t inner = result_instr_;
      const uint32_t x = code_[inner + 3], y = code_[inner + 4];
      const uint32_t a = read_slot(rhs_inner ? h - 2 : h - 1);
      code_.resize(inner);
      stack_.resize(h - 2);
      const uint32_t d = push_result(width);
      const uint32_t pos = emit(fused, {d, a, x, y});
      set_result(pos, pos + 2);
      return;
    }
  }
  // The last instruction loaded one operand (the right one, or the left one under a local's
  // value): fuse the load into this op. Nothing runs between them, so the order is kept.
  if (result_instr_ != kNone && lhs.kind != Kind::Const && rhs.kind != Kind::Const) {
    const bool rhs_loaded = rhs.kind == Kind::Stack && code_[result_field_] == rhs.slot;
    const bool lhs_loaded =
        rhs.kind == Kind::Local && lhs.kind == Kind::Stack && code_[result_field_] == lhs.slot;
    // vm2: an element's i32.load_add_shl is the load too, its address computed apart again.
    const bool shl_load = result_op_ == Op::I32LoadAddShl;
    const Op fused = rhs_loaded || lhs_loaded ? load_fused(op, shl_load ? Op::I32Load : result_op_,
                                                           lhs_loaded, commutative)
                                              : Op::Count;
    if (fused != Op::Count && shl_load) {
      const uint32_t load = result_instr_;
      const uint32_t t = code_[load + 2], base = code_[load + 3], x = code_[load + 4];
      const uint32_t k = code_[load + 5], offset = code_[load + 6];
      code_.resize(load);
      emit(Op::I32AddShl, {t, base, x, k});  // into the loaded value's temporary
      const uint32_t a = read_slot(rhs_loaded ? h - 2 : h - 1);
      stack_.resize(h - 2);
      const uint32_t d = push_result(width);
      const uint32_t pos = emit(fused, {d, a, t, offset});
      set_result(pos, pos + 2);
      return;
    }
    if (fused != Op::Count) {
      const uint32_t load = result_instr_;
      const uint32_t addr = code_[load + 3];
      const uint32_t offset = code_[load + 4];
      // x * y + m (x[i] += a * b): the product computed just before the load, into the left
      // operand (so the sum keeps the unfused order).
      if (fused == Op::F64AddLoad && rhs_loaded && lhs.kind == Kind::Stack &&
          prev_instr_ != kNone && code_[prev_field_] == lhs.slot &&
          (prev_op_ == Op::F64Mul || prev_op_ == Op::F64MulLoad)) {
        uint32_t first = prev_instr_;
        const uint32_t x = code_[first + 3];
        uint32_t y = code_[first + 4], q_add = 0, q_offset = code_[first + 5];
        bool y_loaded = prev_op_ == Op::F64MulLoad;
        // b[j + 1] (an f64.load_add_imm) as the product's right operand: its load fused too.
        if (!y_loaded && prev2_instr_ != kNone && prev2_op_ == Op::F64LoadAddImm &&
            code_[prev2_field_] == y && x != y) {
          first = prev2_instr_;
          y = code_[first + 3], q_add = code_[first + 4], q_offset = code_[first + 5];
          y_loaded = true;
        }
        code_.resize(first);
        stack_.resize(h - 2);
        const uint32_t d = push_result(width);
        const uint32_t pos =
            y_loaded ? emit(Op::F64AddMulLoadLoad, {d, x, y, q_add, q_offset, addr, offset})
                     : emit(Op::F64AddMulLoad, {d, x, y, addr, offset});
        set_result(pos, pos + 2);
        return;
      }
      const uint32_t a = read_slot(rhs_loaded ? h - 2 : h - 1);
      code_.resize(load);
      stack_.resize(h - 2);
      const uint32_t d = push_result(width);
      const uint32_t pos = emit(fused, {d, a, addr, offset});
      set_result(pos, pos + 2);
      return;
    }
  }
  const uint32_t b = read_slot(h - 1);
  const uint32_t a = read_slot(h - 2);
  stack_.resize(h - 2);
  const uint32_t d = push_result(width);
  // matmul: an i32.add right after another (no label between): both in one i32.add_pair.
  const uint32_t first = add_instr_;
  if (op == Op::I32Add && first != kNone &&
      first + op_length(Op::I32Add) == static_cast<uint32_t>(code_.size()) &&
      op_at(first, Op::I32Add)) {
    const uint32_t d1 = code_[first + 2], a1 = code_[first + 3], b1 = code_[first + 4];
    code_.resize(first);
    const uint32_t pos = emit(Op::I32AddPair, {d1, a1, b1, d, a, b});
    set_result(pos, pos + 5);
    return;
  }
  const uint32_t pos = emit(op, {d, a, b});
  if (op == Op::I32Add) add_instr_ = pos;
  set_result(pos, pos + 2);
}

void Translator::on_unary(Op op, uint32_t width) {
  if (dead()) return;
  const uint32_t a = pop_slot();
  const uint32_t d = push_result(width);
  const uint32_t pos = emit(op, {d, a});
  set_result(pos, pos + 2);
}

// The stack entry i, if the last instruction computed it as `i32.add` of a slot and a constant
// (an address): that instruction's position, to fuse into the memory access; kNone otherwise.
uint32_t Translator::address_add(uint32_t i) const {
  const Operand& o = stack_[i];
  if (result_instr_ == kNone || result_op_ != Op::I32AddImm || o.kind != Kind::Stack ||
      code_[result_field_] != o.slot)
    return kNone;
  return result_instr_;
}

void Translator::on_load(Op op, uint64_t offset, uint32_t width) {
  if (dead()) return;
  if (const uint32_t add = is_memory_op(op) ? address_add(height() - 1) : kNone; add != kNone) {
    const uint32_t a = code_[add + 3];
    const uint32_t c = code_[add + 4];  // the low half of the i32 immediate
    // vmspeed: a's temporary shifted by a constant just before: fold the shift in too.
    if (const uint32_t shl = prev_instr_; op == Op::I32Load && shl != kNone &&
                                          prev_op_ == Op::I32ShlImm && code_[prev_field_] == a &&
                                          a >= num_locals_ && shl + op_length(prev_op_) == add) {
      const uint32_t x = code_[shl + 3], k = code_[shl + 4] & 31;
      code_.resize(shl);
      stack_.pop_back();
      const uint32_t d = push_result(width);
      const uint32_t pos = emit(Op::I32LoadShlAddImm, {d, x, k, c, static_cast<uint32_t>(offset)});
      set_result(pos, pos + 2);
      return;
    }
    code_.resize(add);
    stack_.pop_back();
    const uint32_t d = push_result(width);
    const uint32_t pos = emit(add_imm_form(op), {d, a, c, static_cast<uint32_t>(offset)});
    set_result(pos, pos + 2);
    return;
  }
  // vm2: the load of an element, `a + (x << k)` computed just before.
  if (const uint32_t add = result_instr_;
      op == Op::I32Load && add != kNone && result_op_ == Op::I32AddShl &&
      stack_.back().kind == Kind::Stack && code_[result_field_] == stack_.back().slot) {
    const uint32_t a = code_[add + 3], x = code_[add + 4], k = code_[add + 5] & 31;
    code_.resize(add);
    stack_.pop_back();
    const uint32_t d = push_result(width);
    const uint32_t pos = emit(Op::I32LoadAddShl, {d, a, x, k, static_cast<uint32_t>(offset)});
    set_result(pos, pos + 2);
    return;
  }
  const uint32_t a = pop_slot();
  const uint32_t d = push_result(width);
  const uint32_t pos = emit(op, {d, a, static_cast<uint32_t>(offset)});
  set_result(pos, pos + 2);
}

void Translator::on_store(Op op, uint64_t offset) {
  if (dead()) return;
  const uint32_t h = height();
  // The value computed last by a fused load-binary op: store its result in the same instruction.
  if (const Op stored = result_instr_ != kNone && stack_[h - 1].kind == Kind::Stack &&
                                code_[result_field_] == stack_[h - 1].slot &&
                                stack_[h - 2].kind != Kind::Const
                            ? stored_form(result_op_, op)
                            : Op::Count;
      stored != Op::Count) {
    const uint32_t pos = result_instr_;
    const uint32_t a = code_[pos + 3], addr = code_[pos + 4], load_offset = code_[pos + 5];
    const uint32_t st_addr = read_slot(h - 2);
    code_.resize(pos);
    stack_.resize(h - 2);
    emit(stored, {a, addr, load_offset, st_addr, static_cast<uint32_t>(offset)});
    return;
  }
  // x[i] += a * b: the sum of a product and a load stored where it was loaded from.
  if (const uint32_t pos = result_instr_;
      pos != kNone && (result_op_ == Op::F64AddMulLoad || result_op_ == Op::F64AddMulLoadLoad) &&
      op == Op::F64Store && stack_[h - 1].kind == Kind::Stack &&
      code_[result_field_] == stack_[h - 1].slot && stack_[h - 2].kind != Kind::Const) {
    const bool two_loads = result_op_ == Op::F64AddMulLoadLoad;
    const uint32_t addr = code_[pos + (two_loads ? 7 : 5)];
    const uint32_t load_offset = code_[pos + (two_loads ? 8 : 6)];
    if (read_slot(h - 2) == addr && offset == load_offset) {
      const uint32_t x = code_[pos + 3], y = code_[pos + 4];
      const uint32_t q_add = code_[pos + 5], q_offset = code_[pos + 6];
      code_.resize(pos);
      stack_.resize(h - 2);
      // matmul2: the address adds just before it (no label between: both marks are forgotten at
      // one) folded in, their locals still written: `i32.add_pair` of both addresses, or the
      // `i32.add_imm` of the store's.
      const uint32_t pair = add_instr_, step = step_instr_;
      if (two_loads && q_add == 0 && addr != y && pair != kNone &&
          pair + op_length(Op::I32AddPair) == pos && op_at(pair, Op::I32AddPair) &&
          code_[pair + 2] == addr && code_[pair + 5] == y) {
        const uint32_t a1 = code_[pair + 3], b1 = code_[pair + 4];
        const uint32_t a2 = code_[pair + 6], b2 = code_[pair + 7];
        code_.resize(pair);
        add_instr_ = kNone;
        kernel_instr_ = emit(Op::F64AddMulLoadLoadStorePair,
                             {x, q_offset, load_offset, addr, a1, b1, y, a2, b2});
        return;
      }
      if (two_loads && step != kNone && step + op_length(Op::I32AddImm) == pos &&
          op_at(step, Op::I32AddImm) && code_[step + 2] == addr) {
        const uint32_t a = code_[step + 3], k = code_[step + 4];  // the low half of the i32
        code_.resize(step);
        step_instr_ = kNone;
        // Right after the pair's kernel, the next element (the same multiplier, p += k on the
        // pair's first local, the product's load at the second's local + c, the second add not
        // reading the first's local): both in one.
        if (const uint32_t first = kernel_instr_;
            first != kNone && first + op_length(Op::F64AddMulLoadLoadStorePair) == step &&
            op_at(first, Op::F64AddMulLoadLoadStorePair) && code_[first + 2] == x &&
            code_[first + 5] == addr && a == addr && code_[first + 8] == y && x != addr && x != y &&
            code_[first + 9] != addr && code_[first + 10] != addr) {
          kernel_instr_ = result_instr_ = prev_instr_ = prev2_instr_ = kNone;
          // Adjacent f64 elements without static offsets (the usual shape): no offsets to read.
          if (code_[first + 3] == 0 && code_[first + 4] == 0 && k == 8 && q_add == 8 &&
              q_offset == 0 && load_offset == 0) {
            const uint32_t d1 = code_[first + 5], a1 = code_[first + 6], b1 = code_[first + 7];
            const uint32_t d2 = code_[first + 8], a2 = code_[first + 9], b2 = code_[first + 10];
            code_.resize(first);
            emit(Op::F64AddMulLoadLoadStorePair2Adjacent, {x, d1, a1, b1, d2, a2, b2});
            result_instr_ = prev_instr_ = prev2_instr_ = kNone;
            return;
          }
          code_.resize(first + op_length(Op::F64AddMulLoadLoadStorePair));
          code_.resize(first + op_length(Op::F64AddMulLoadLoadStorePair2), 0);
          store_u64(&code_[first], op_word(Op::F64AddMulLoadLoadStorePair2));
          code_[first + 11] = k, code_[first + 12] = q_add, code_[first + 13] = q_offset;
          code_[first + 14] = load_offset;
          result_op_ = Op::F64AddMulLoadLoadStorePair2;
          return;
        }
        emit(Op::F64AddMulLoadLoadStoreImm, {x, y, q_add, q_offset, load_offset, addr, a, k});
        return;
      }
      if (two_loads)
        emit(Op::F64AddMulLoadLoadStore, {x, y, q_add, q_offset, addr, load_offset});
      else
        emit(Op::F64AddMulLoadStore, {x, y, addr, load_offset});
      return;
    }
  }
  // The address computed last, under a value that needs no instruction: fuse the add.
  if (const uint32_t add =
          is_memory_op(op) && stack_[h - 1].kind == Kind::Local ? address_add(h - 2) : kNone;
      add != kNone) {
    const uint32_t a = code_[add + 3];
    const uint32_t c = code_[add + 4];
    const uint32_t v = read_slot(h - 1);
    code_.resize(add);
    stack_.resize(h - 2);
    emit(add_imm_form(op), {a, v, c, static_cast<uint32_t>(offset)});
    return;
  }
  // calls3: a constant byte (sieve's `composite[j] = 1`): no const instruction in the loop.
  if (op == Op::I32Store8 && stack_[h - 1].kind == Kind::Const) {
    const auto value = static_cast<uint32_t>(stack_[h - 1].value & 0xff);
    const uint32_t a = read_slot(h - 2);
    stack_.resize(h - 2);
    emit(Op::I32Store8Imm, {a, static_cast<uint32_t>(offset), value});
    return;
  }
  const uint32_t v = read_slot(h - 1);
  const uint32_t a = read_slot(h - 2);
  stack_.resize(h - 2);
  emit(op, {a, v, static_cast<uint32_t>(offset)});
}

void Translator::on_memory_size() {
  if (dead()) return;
  const uint32_t d = push_result();
  const uint32_t pos = emit(Op::MemorySize, {d});
  set_result(pos, pos + 2);
}

void Translator::on_memory_grow() {
  if (dead()) return;
  const uint32_t a = pop_slot();
  const uint32_t d = push_result();
  const uint32_t pos = emit(Op::MemoryGrow, {d, a});
  set_result(pos, pos + 2);
}

void Translator::on_bulk(Op op, std::vector<uint32_t> immediates, uint32_t pops, bool pushes) {
  if (dead()) return;
  if (pops > 0) {
    materialize_top(pops);
    immediates.push_back(stack_[height() - pops].slot);
    stack_.resize(height() - pops);
  }
  if (pushes) push_result();
  switch (immediates.size()) {
    case 1:
      emit(op, {immediates[0]});
      break;
    case 2:
      emit(op, {immediates[0], immediates[1]});
      break;
    default:
      emit(op, {immediates[0], immediates[1], immediates[2]});
      break;
  }
}

void Translator::on_table_get(uint32_t table) {
  if (dead()) return;
  const uint32_t i = pop_slot();
  const uint32_t d = push_result();
  const uint32_t pos = emit(Op::TableGet, {table, d, i});
  set_result(pos, pos + 3);
}

void Translator::on_table_set(uint32_t table) {
  if (dead()) return;
  const uint32_t h = height();
  const uint32_t v = read_slot(h - 1);
  const uint32_t i = read_slot(h - 2);
  stack_.resize(h - 2);
  emit(Op::TableSet, {table, i, v});
}

void Translator::on_table_size(uint32_t table) {
  if (dead()) return;
  const uint32_t d = push_result();
  const uint32_t pos = emit(Op::TableSize, {table, d});
  set_result(pos, pos + 3);
}

void Translator::on_ref_func(uint32_t func) {
  if (dead()) return;
  const uint32_t d = push_result();
  const uint32_t pos = emit(Op::RefFunc, {d, func});
  set_result(pos, pos + 2);
}

void Translator::on_ref_is_null() {
  if (dead()) return;
  const uint32_t s = pop_slot();
  const uint32_t d = push_result();
  const uint32_t pos = emit(Op::RefIsNull, {d, s});
  set_result(pos, pos + 2);
}

// SIMD -----------------------------------------------------------------------------------------

// The shape of most SIMD instructions: the top `pops` values as operands (deepest first), then a
// result of `width` slots (none if 0), then immediates: `d operands... immediates...`.
uint32_t Translator::emit_simd(Op op, uint32_t pops, uint32_t width,
                               std::initializer_list<uint32_t> immediates) {
  uint32_t operands[8];
  uint32_t n = width ? 1 : 0;  // operands[0] is the result's slot, if any
  const uint32_t h = height();
  for (uint32_t i = h - pops; i < h; ++i) operands[n++] = read_slot(i);
  stack_.resize(h - pops);
  if (width) operands[0] = push_result(width);
  for (uint32_t imm : immediates) operands[n++] = imm;
  const uint32_t pos = emit(op, {});
  assert(n + 2 <= op_length(op));
  std::copy(operands, operands + n, code_.begin() + pos + 2);
  if (width) set_result(pos, pos + 2);
  return pos;
}

void Translator::on_v128_const(const uint8_t bytes[16]) {
  if (dead()) return;
  const uint32_t pos = emit_simd(Op::V128Const, 0, 2, {0});
  std::memcpy(&code_[pos + 4], bytes, 16);
}

void Translator::on_ternary(Op op) {
  if (!dead()) emit_simd(op, 3, 2, {});
}

void Translator::on_extract_lane(Op op, uint32_t lane, uint32_t width) {
  if (!dead()) emit_simd(op, 1, width, {lane});
}

void Translator::on_replace_lane(Op op, uint32_t lane) {
  if (!dead()) emit_simd(op, 2, 2, {lane});
}

void Translator::on_shuffle(const uint8_t lanes[16]) {
  if (dead()) return;
  const uint32_t pos = emit_simd(Op::I8X16Shuffle, 2, 2, {0});
  std::memcpy(&code_[pos + 6], lanes, 16);
}

void Translator::on_load_lane(Op op, uint64_t offset, uint32_t lane) {
  if (!dead()) emit_simd(op, 2, 2, {static_cast<uint32_t>(offset), lane});
}

void Translator::on_store_lane(Op op, uint64_t offset, uint32_t lane) {
  if (!dead()) emit_simd(op, 2, 0, {static_cast<uint32_t>(offset), lane});
}

// Any memory -----------------------------------------------------------------------------------

void Translator::on_any_memory_access(Op op, uint32_t memory, uint64_t offset, uint32_t pops,
                                      uint32_t width, uint32_t lane) {
  if (dead()) return;
  uint32_t popped[2] = {0, 0};
  const uint32_t h = height();
  for (uint32_t i = 0; i < pops; ++i) popped[i] = read_slot(h - pops + i);
  stack_.resize(h - pops);
  // Loads: d addr offset64 memory [v lane]; stores: addr v offset64 memory [lane].
  const uint32_t first = width ? push_result(width) : popped[0];
  const uint32_t second = width ? popped[0] : popped[1];
  const uint32_t pos = emit_with_u64(op, {first, second}, offset);
  code_[pos + 6] = memory;
  if (width && pops == 2) code_[pos + 7] = popped[1];
  if (lane != kNone) code_[pos + (width ? 8 : 7)] = lane;
  if (width) set_result(pos, pos + 2);
}

void Translator::on_any_memory_size(uint32_t memory) {
  if (dead()) return;
  const uint32_t d = push_result();
  const uint32_t pos = emit(Op::MemorySizeMx, {d, memory});
  set_result(pos, pos + 2);
}

void Translator::on_any_memory_grow(uint32_t memory) {
  if (dead()) return;
  const uint32_t a = pop_slot();
  const uint32_t d = push_result();
  const uint32_t pos = emit(Op::MemoryGrowMx, {d, a, memory});
  set_result(pos, pos + 2);
}

}  // namespace wask::interp
