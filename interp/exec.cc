// The dispatch loop. Handlers address operands as frame slots (see code.h, translator.h); numeric
// semantics come from numerics.h, one line per op. wasm->wasm calls never recurse on the host
// stack: callers are kept in Store::Impl::frames.
//
// Dispatch is computed goto (each instruction's first word is its handler's address), or, with
// WASK_DISPATCH_SWITCH, a switch over the Op number held in that word; the handler bodies are
// the same.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <exception>

#include "interp/code.h"
#include "interp/numerics.h"
#include "interp/runtime.h"
#include "interp/simd.h"

namespace wask::interp {

namespace {

// Translation of a validated body fails only if its bytes changed after validation.
constexpr const char* kChangedBody =
    "a function's bytes changed after validation (was the module file modified while running?)";

template <class T>
inline T rd(const uint64_t* slot) {
  T v;
  std::memcpy(&v, slot, sizeof(T));
  return v;
}
// A narrower value fills the whole slot (zero above it): a later 64-bit read of the slot (copy,
// return, a call's arguments) then forwards from this one store instead of stalling on two.
template <class T>
inline void wr(uint64_t* slot, T v) {
  if constexpr (sizeof(T) < sizeof(uint64_t)) {
    uint64_t w = 0;
    std::memcpy(&w, &v, sizeof(T));
    *slot = w;
  } else {
    std::memcpy(slot, &v, sizeof(T));
  }
}
template <class T>
inline T imm(const CodeUnit* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// Operand types and semantics of each fusable compare, for the fused compare+branch handlers.
#define WASK_EVAL(Name, text, R, A, B, fn)                \
  struct Eval##Name {                                     \
    using TA = A;                                         \
    using TB = B;                                         \
    static inline R f(A a, B b) { return num::fn(a, b); } \
  };
WASK_BINARY_OPS(WASK_EVAL)
#undef WASK_EVAL

// Non-parameter locals start as zero (and zero is the null reference). Usually a handful: those
// take one fixed-size block of stores (the frame has room, see kZeroedLocalsBlock), not a call to
// memset, which costs a call and the registers it clobbers on every wasm call.
[[gnu::always_inline]] inline void zero_locals(uint64_t* fp, const CompiledFunc* f) {
  uint64_t* locals = fp + f->num_params;
  const uint32_t n = f->num_locals - f->num_params;
  static_assert(kZeroedLocalsBlock == 4);
  if (n <= kZeroedLocalsBlock) [[likely]] {
    // Plain stores: gcc makes a fixed-size memset a `rep stos`, which is slower than the call.
    locals[0] = 0, locals[1] = 0, locals[2] = 0, locals[3] = 0;
  } else {
    std::memset(locals, 0, n * sizeof(uint64_t));
  }
}

Value slot_to_value(ValType type, const uint64_t* slot) {
  switch (type) {
    case ValType::I32:
      return Value::make_i32(rd<uint32_t>(slot));
    case ValType::I64:
      return Value::make_i64(*slot);
    case ValType::F32:
      return Value::make_f32_bits(rd<uint32_t>(slot));
    case ValType::F64:
      return Value::make_f64_bits(*slot);
    case ValType::FuncRef:
    case ValType::ExternRef:
    case ValType::ExnRef: {
      Value v = Value::make_null(type);
      v.ref.raw = decode_ref(*slot);
      return v;
    }
    case ValType::V128: {
      V128 v;
      std::memcpy(v.data(), slot, 16);
      return Value::make_v128(v);
    }
  }
  return Value::make_i64(*slot);
}

// Any memory (multi-memory, memory64) ------------------------------------------------------------

// Whether [addr + offset, addr + offset + n) lies inside `size` bytes, computed without wrapping
// past 2^64 (a 64-bit address plus a 64-bit offset can exceed it).
inline bool in_bounds(uint64_t size, uint64_t addr, uint64_t offset, uint64_t n) {
  return offset <= size && addr <= size - offset && n <= size - offset - addr;
}
// A value of a memory's index type from its slot: an i32 is the slot's low half.
inline uint64_t index_value(const MemoryInst& mem, const uint64_t* slot) {
  return mem.type.is64 ? *slot : rd<uint32_t>(slot);
}
inline void write_index_value(const MemoryInst& mem, uint64_t* slot, uint64_t v) {
  if (mem.type.is64)
    *slot = v;
  else
    wr<uint32_t>(slot, static_cast<uint32_t>(v));
}

}  // namespace

void value_to_slot(const Value& v, uint64_t* slot) {
  switch (v.type) {
    case ValType::I32:
    case ValType::F32:
      *slot = v.i32;
      break;
    case ValType::FuncRef:
    case ValType::ExternRef:
    case ValType::ExnRef:
      *slot = encode_ref(v.ref.raw);
      break;
    case ValType::V128:
      std::memcpy(slot, v.v128.data(), 16);
      break;
    default:
      *slot = v.i64;
      break;
  }
}
Value slot_value(ValType type, const uint64_t* slot) { return slot_to_value(type, slot); }

BacktraceFrame backtrace_frame(const CompiledFunc& func, const Module::Impl& mod) {
  return BacktraceFrame{func.func_index, mod.func_name(func.func_index), mod.name};
}

// Appends the innermost frames of a failed run, `cur` first, then the callers below `depth` down to
// `entry_depth`. Deep recursion is cut to its innermost frames: enough to see where it went.
void append_backtrace(Outcome& outcome, const CompiledFunc& cur, const Module::Impl& cur_mod,
                      const CallFrame* frames, uint32_t depth, uint32_t entry_depth) {
  constexpr size_t kMaxFrames = 64;
  outcome.backtrace.push_back(backtrace_frame(cur, cur_mod));
  for (uint32_t d = depth; d > entry_depth; --d) {
    if (outcome.backtrace.size() >= kMaxFrames) {
      outcome.omitted_frames = d - entry_depth;
      break;
    }
    outcome.backtrace.push_back(backtrace_frame(*frames[d - 1].func, *frames[d - 1].instance->mod));
  }
}

enum class Stop : uint8_t { None, OutOfFuel, Interrupted };

// The catch clause of `func` that takes an exception of store tag `tag` raised at code unit `at`,
// and its try: the innermost try body around `at` first, then outwards (delegates jump).
const TryRegion::Catch* find_catch(const CompiledFunc& func, const Instance::Impl& inst,
                                   uint32_t tag, uint32_t at, const TryRegion** region) {
  // Tries open in code order and nest: the last one opened at or before `at` is the innermost
  // around it or inside one that is, so the innermost is on its chain of enclosing try bodies.
  // (A binary search: a hostile function with many tries must not make each throw scan them.)
  const auto after = std::upper_bound(func.tries.begin(), func.tries.end(), at,
                                      [](uint32_t a, const TryRegion& t) { return a < t.start; });
  uint32_t r = after == func.tries.begin() ? TryRegion::kNoRegion
                                           : static_cast<uint32_t>(after - func.tries.begin() - 1);
  while (r != TryRegion::kNoRegion && at >= func.tries[r].end) r = func.tries[r].outer;
  while (r != TryRegion::kNoRegion) {
    const TryRegion& t = func.tries[r];
    if (t.delegates) {
      r = t.delegate_to;
      continue;
    }
    for (const TryRegion::Catch& c : t.catches) {
      if (c.tag == TryRegion::kCatchAll || inst.tags[c.tag] == tag) {
        *region = &t;
        return &c;
      }
    }
    r = t.outer;
  }
  return nullptr;
}

// Keeps a caught exception for its catch body; drops those whose catch bodies control has left
// (deeper frames, or the same frame at this level or inside it): the list stays ordered.
void enter_catch(Store::Impl& store, uint32_t depth, uint32_t level) {
  auto& caught = store.caught;
  while (!caught.empty() && (caught.back().depth > depth ||
                             (caught.back().depth == depth && caught.back().level >= level)))
    caught.pop_back();
  caught.push_back(CaughtException{depth, level, std::move(store.thrown)});
  store.thrown_uncaught = false;
}

uint64_t exception_charge(const Exception& e) {
  return sizeof(ExceptionTable::Entry) + e.values.size() * sizeof(uint64_t);
}

// Marks the exception a slot's exnref names (and, through their payloads, those it names).
void mark_exnref(ExceptionTable& table, uint64_t slot, std::vector<uint32_t>& work) {
  ExceptionTable::Entry* e = table.find(slot);
  if (!e || e->marked) return;
  e->marked = true;
  work.push_back(static_cast<uint32_t>(e - table.entries.data()));
}
void mark_address(ExceptionTable& table, const Exception& e, std::vector<uint32_t>& work) {
  if (e.address != Exception::kNoAddress) mark_exnref(table, table.ref_of(e.address), work);
  for (uint64_t v : e.values) mark_exnref(table, v, work);
}

// Frees the exceptions nothing names any more: the roots are the value stack below `stack_end`,
// the globals and tables of exnref, the exceptions in flight or caught, and those a host holds.
// Slots are untyped, so any slot with a live exnref's bits counts (a false match only keeps an
// exception longer).
[[gnu::cold, gnu::noinline]] void collect_exceptions(Store::Impl& store,
                                                     const uint64_t* stack_end) {
  ExceptionTable& table = store.exceptions;
  std::vector<uint32_t> work;
  for (const uint64_t* p = store.stack_base; p < stack_end; ++p) mark_exnref(table, *p, work);
  for (const auto& g : store.globals)
    if (g->type.type == ValType::ExnRef) mark_exnref(table, g->value[0], work);
  for (const auto& t : store.tables)
    if (t->type.element == ValType::ExnRef)
      for (uint64_t e : t->elems) mark_exnref(table, e, work);
  mark_address(table, store.thrown, work);
  for (const CaughtException& c : store.caught) mark_address(table, c.exception, work);
  for (ExceptionTable::Entry& e : table.entries)
    if (e.used && e.pinned) mark_exnref(table, table.ref_of(&e - table.entries.data()), work);
  while (!work.empty()) {
    const uint32_t index = work.back();
    work.pop_back();
    for (uint64_t v : table.entries[index].exception.values) mark_exnref(table, v, work);
  }
  for (uint32_t i = 0; i < table.entries.size(); ++i) {
    ExceptionTable::Entry& e = table.entries[i];
    if (e.used && !e.marked) {
      store.budget.give(exception_charge(e.exception));
      e.exception = Exception{};
      e.used = false;
      ++e.generation;
      table.free.push_back(i);
      --table.used_count;
    }
    e.marked = false;
  }
  table.collect_at = std::max(ExceptionTable::kFirstCollection, 2 * table.used_count);
}

// The exnref of the exception being thrown (catch_ref, catch_all_ref): the one it already has, or
// a new one, charged to the store's budget; 0 (null) when that is spent even after freeing the
// exceptions nothing names (the value stack in use ends at `stack_end`).
[[gnu::cold, gnu::noinline]] uint64_t exception_ref(Store::Impl& store, const uint64_t* stack_end) {
  Exception& thrown = store.thrown;
  ExceptionTable& table = store.exceptions;
  if (thrown.address == Exception::kNoAddress) {
    if (table.used_count >= table.collect_at) collect_exceptions(store, stack_end);
    if (!store.budget.take(exception_charge(thrown))) {
      collect_exceptions(store, stack_end);
      if (!store.budget.take(exception_charge(thrown))) return 0;
    }
    uint32_t index;
    if (!table.free.empty()) {
      index = table.free.back();
      table.free.pop_back();
    } else {
      index = static_cast<uint32_t>(table.entries.size());
      table.entries.emplace_back();
    }
    thrown.address = index;
    ExceptionTable::Entry& e = table.entries[index];
    e.exception = thrown;
    e.used = true;
    e.pinned = false;
    ++table.used_count;
  }
  return table.ref_of(thrown.address);
}

// Fuel for a bulk operation on `bytes`: one unit per 64 bytes (about the time of an instruction),
// so a loop of large fills or copies still reaches a slice's end (and the interrupt check) soon.
inline int64_t bulk_cost(uint64_t bytes) { return static_cast<int64_t>(bytes >> 6); }

// The fuel slice in `fuel` is overdrawn (negative): refills it from the bank, unless the budget is
// spent (exactly: slice + bank is what is left) or the store is interrupted.
[[gnu::noinline]] static Stop next_slice(Store::Impl& store, int64_t& fuel) {
  const int64_t left = store.fuel_bank + fuel;
  if (left < 0) {
    store.fuel = store.fuel_bank = 0;
    return Stop::OutOfFuel;
  }
  store.set_fuel_total(left);
  fuel = store.fuel;
  return store.interrupted() ? Stop::Interrupted : Stop::None;
}

// Calls a host function with its arguments in slots[0..) and leaves its results there.
static Outcome call_host(Store::Impl& store, FuncInst& func, uint64_t* slots,
                         Instance::Impl* caller) {
  Value args_small[8];
  Value results_small[8];
  std::vector<Value> args_big, results_big;
  const size_t np = func.type.params.size(), nr = func.type.results.size();
  std::span<Value> args(args_small, np <= 8 ? np : 0), results(results_small, nr <= 8 ? nr : 0);
  if (np > 8) args_big.resize(np), args = args_big;
  if (nr > 8) results_big.resize(nr), results = results_big;
  for (size_t i = 0, at = 0; i < np; at += slot_width(func.type.params[i]), ++i) {
    store.exceptions.pin(func.type.params[i], slots[at]);
    args[i] = slot_to_value(func.type.params[i], slots + at);
  }
  for (size_t i = 0; i < nr; ++i)
    results[i] = Value::make_null(func.type.results[i]), results[i].i64 = 0;
  for (size_t i = 0; i < nr; ++i) results[i].type = func.type.results[i];
  HostCall call{*store.self, caller ? caller->self : nullptr};
  ++store.host_nesting;
  Outcome outcome;
  try {
    outcome = func.host(call, args, results);
  } catch (const std::exception& e) {
    // A throwing host function must not unwind through the dispatch loop's state.
    outcome = Outcome::trap(TrapReason::HostError, std::string("host function threw: ") + e.what());
  } catch (...) {
    outcome = Outcome::trap(TrapReason::HostError, "host function threw");
  }
  --store.host_nesting;
  if (!outcome.ok()) return outcome;
  for (size_t i = 0, at = 0; i < nr; at += slot_width(func.type.results[i]), ++i) {
    if (results[i].type != func.type.results[i])
      return Outcome::trap(TrapReason::HostError, "host function returned a mistyped result");
    value_to_slot(results[i], slots + at);
  }
  return outcome;
}

// Under computed goto, a call with `table_out` set only hands out the label table.
static Outcome run(Store::Impl* store, FuncInst* entry, uint64_t* fp,
                   const void* const** table_out) {
#ifndef WASK_DISPATCH_SWITCH
  static const void* const kLabels[] = {
#define WASK_BIN(Name, text, R, A, B, fn) &&L_##Name, &&L_##Name##Imm,
#define WASK_UN(Name, text, R, A, fn) &&L_##Name,
#define WASK_MEM(Name, text, R, M) &&L_##Name, &&L_##Name##AddImm,
#define WASK_CTL(Name, text, n) &&L_##Name,
#define WASK_FUSE(Name) \
  &&L_BrIf##Name, &&L_BrIf##Name##Imm, &&L_BrUnless##Name, &&L_BrUnless##Name##Imm,
#define WASK_SIMD(Name, text, n, ...) &&L_##Name,
#define WASK_MEMX(Name, text, ...) &&L_##Name##Mx,
      WASK_ALL_OP_FAMILIES(WASK_BIN, WASK_UN, WASK_MEM, WASK_CTL, WASK_FUSE, WASK_SIMD, WASK_MEMX)
#undef WASK_MEMX
#undef WASK_BIN
#undef WASK_UN
#undef WASK_MEM
#undef WASK_CTL
#undef WASK_FUSE
#undef WASK_SIMD
  };
  static_assert(sizeof(kLabels) / sizeof(kLabels[0]) == kOpCount);
  if (table_out) {
    *table_out = kLabels;
    return Outcome{};
  }
#define HANDLER(Name) L_##Name:
#define NEXT() goto** reinterpret_cast<void* const*>(pc)
#else
  if (table_out) {
    *table_out = nullptr;
    return Outcome{};
  }
#define HANDLER(Name) case Op::Name:
#define NEXT() goto dispatch
#endif

#define U(k) pc[2 + (k)]
#define SLOT(k) (fp + pc[2 + (k)])
#define ADVANCE(Name) pc += op_length(Op::Name)
#define TRAP(r)   \
  do {            \
    reason = (r); \
    goto trap;    \
  } while (0)
#define EXHAUST(r)    \
  do {                \
    reason = (r);     \
    exhausted = true; \
    goto trap;        \
  } while (0)
// Fuel is spent from a slice in a register; when the slice runs out, next_slice takes the next one
// from the bank, or stops the run (budget spent, or interrupted).
#define CHARGE(cost)                        \
  do {                                      \
    fuel -= (cost);                         \
    if (fuel < 0) [[unlikely]] {            \
      stop = next_slice(S, fuel);           \
      if (stop != Stop::None) goto stopped; \
    }                                       \
  } while (0)
// A bounds-checked access of memory 0 at effective address `ea` (64-bit, so never wrapping).
#define MEM_LOAD(T, v, ea)                                                    \
  if ((ea) + sizeof(T) > mem_size) TRAP(TrapReason::OutOfBoundsMemoryAccess); \
  T v;                                                                        \
  std::memcpy(&v, mem_base + (ea), sizeof(T))
#define MEM_STORE(T, v, ea)                                                   \
  if ((ea) + sizeof(T) > mem_size) TRAP(TrapReason::OutOfBoundsMemoryAccess); \
  std::memcpy(mem_base + (ea), &v, sizeof(T))
// A call's one check: a frame left below the depth limit and the callee's slots under the stack
// limit.
#define CHECK_CALL(depth_ok, new_fp, code)                                       \
  if (!(depth_ok) | ((new_fp) + (code)->frame_slots > stack_limit)) [[unlikely]] \
  EXHAUST(TrapReason::CallStackExhausted)
// A function is translated on its first call (cold, thread-safe; module_impl.h).
#define TRANSLATED(func, mod)                            \
  do {                                                   \
    if ((func)->entry.get() == nullptr) [[unlikely]] {   \
      if (translate_function(mod, *(func)) == nullptr) { \
        S.depth = entry_depth;                           \
        return Outcome::crash(kChangedBody);             \
      }                                                  \
    }                                                    \
  } while (0)
// A call of a defined function (the CompiledFunc* in `code_word`, the callee's frame at slot
// `base`) by instruction Name, written out in each handler: a shared tail made gcc spill the
// callee.
#define DIRECT_CALL(Name, code_word, base)                               \
  do {                                                                   \
    const auto* code = reinterpret_cast<const CompiledFunc*>(code_word); \
    TRANSLATED(code, *inst->mod);                                        \
    uint64_t* new_fp = fp + (base);                                      \
    CHECK_CALL(top < limit_top, new_fp, code);                           \
    CHARGE(code->call_cost);                                             \
    *top++ = CallFrame{pc + op_length(Op::Name), fp, inst, cur};         \
    zero_locals(new_fp, code);                                           \
    fp = new_fp;                                                         \
    cur = code;                                                          \
    pc = code->entry;                                                    \
    NEXT();                                                              \
  } while (0)
// matmul2: one element of `p[i] += x * q[j]` at byte addresses qa and pa (64-bit, unwrapped): both
// loads checked by one compare of the higher address, then the product, the sum and its store.
#define AXPY_ELEMENT(x, qa, pa)                                 \
  do {                                                          \
    if (std::max<uint64_t>(qa, pa) + sizeof(double) > mem_size) \
      TRAP(TrapReason::OutOfBoundsMemoryAccess);                \
    double y_, m_;                                              \
    std::memcpy(&y_, mem_base + (qa), sizeof y_);               \
    std::memcpy(&m_, mem_base + (pa), sizeof m_);               \
    const double v_ = num::f64_add(num::f64_mul(x, y_), m_);    \
    std::memcpy(mem_base + (pa), &v_, sizeof v_);               \
  } while (0)
#define RELOAD_MEMORY()             \
  do {                              \
    mem_base = inst->memory0->base; \
    mem_size = inst->memory0->size; \
  } while (0)

  Store::Impl& S = *store;
  const uint32_t entry_depth = S.depth;
  uint64_t* const stack_limit = S.stack_limit;
  CallFrame* const frames = S.frames.data();
  // The next free frame (frames + the depth; S.depth is synced around host calls), this run's
  // first one and the depth limit: a call pushes at `top`, a return pops, without indexing.
  CallFrame* top = frames + entry_depth;
  CallFrame* const entry_top = top;
  CallFrame* const limit_top = frames + S.config.max_call_depth;
#define DEPTH() static_cast<uint32_t>(top - frames)
  const CompiledFunc* cur = entry->code;
  Instance::Impl* inst = entry->instance;
  TRANSLATED(cur, *inst->mod);
  const CodeUnit* pc = cur->entry;
  uint8_t* mem_base;
  uint64_t mem_size;
  int64_t fuel = S.fuel;
  TrapReason reason = TrapReason::Unreachable;
  bool exhausted = false;
  Stop stop = Stop::None;
  Outcome host_outcome;
  // Operands of a call in progress (shared tail of call, call_import, call_indirect).
  FuncInst* callee = nullptr;
  uint32_t callee_base = 0;
  const CodeUnit* return_pc = nullptr;
  // Where an exception was raised (for the backtrace of an uncaught one) and the code unit the
  // unwinder looks for a try around.
  const CompiledFunc* throw_func = nullptr;
  Instance::Impl* throw_inst = nullptr;
  uint32_t throw_depth = 0;
  const CodeUnit* unwind_at = nullptr;
  bool tail = false;          // a return_call: the callee replaces the caller's frame
  uint32_t trap_index = ~0u;  // the table index of an uninitialized element trap

  RELOAD_MEMORY();
  if (top >= limit_top) EXHAUST(TrapReason::CallStackExhausted);
  if (fp + cur->frame_slots > stack_limit) EXHAUST(TrapReason::CallStackExhausted);
  zero_locals(fp, cur);

#ifdef WASK_DISPATCH_SWITCH
dispatch:
  switch (static_cast<Op>(load_u64(pc))) {
#else
  NEXT();
  {
#endif

    // Numeric operators ----------------------------------------------------------------------
#define WASK_BIN(Name, text, R, A, B, fn)                    \
  HANDLER(Name) {                                            \
    wr<R>(SLOT(0), num::fn(rd<A>(SLOT(1)), rd<B>(SLOT(2)))); \
    ADVANCE(Name);                                           \
    NEXT();                                                  \
  }                                                          \
  HANDLER(Name##Imm) {                                       \
    wr<R>(SLOT(0), num::fn(rd<A>(SLOT(1)), imm<B>(pc + 4))); \
    ADVANCE(Name##Imm);                                      \
    NEXT();                                                  \
  }
    WASK_BINARY_OPS(WASK_BIN)
#undef WASK_BIN

#define WASK_BIN(Name, text, R, A, B, fn)                   \
  HANDLER(Name) {                                           \
    const auto r = num::fn(rd<A>(SLOT(1)), rd<B>(SLOT(2))); \
    if (!r.ok) TRAP(r.trap);                                \
    wr<R>(SLOT(0), r.value);                                \
    ADVANCE(Name);                                          \
    NEXT();                                                 \
  }                                                         \
  HANDLER(Name##Imm) {                                      \
    const auto r = num::fn(rd<A>(SLOT(1)), imm<B>(pc + 4)); \
    if (!r.ok) TRAP(r.trap);                                \
    wr<R>(SLOT(0), r.value);                                \
    ADVANCE(Name##Imm);                                     \
    NEXT();                                                 \
  }
    WASK_BINARY_TRAP_OPS(WASK_BIN)
#undef WASK_BIN

#define WASK_UN(Name, text, R, A, fn)        \
  HANDLER(Name) {                            \
    wr<R>(SLOT(0), num::fn(rd<A>(SLOT(1)))); \
    ADVANCE(Name);                           \
    NEXT();                                  \
  }
    WASK_UNARY_OPS(WASK_UN)
#undef WASK_UN

#define WASK_UN(Name, text, R, A, fn)       \
  HANDLER(Name) {                           \
    const auto r = num::fn(rd<A>(SLOT(1))); \
    if (!r.ok) TRAP(r.trap);                \
    wr<R>(SLOT(0), r.value);                \
    ADVANCE(Name);                          \
    NEXT();                                 \
  }
    WASK_UNARY_TRAP_OPS(WASK_UN)
#undef WASK_UN

    // Memory: explicit bounds checks in 64-bit arithmetic --------------------------------------
#define WASK_MEM(Name, text, R, M)                                               \
  HANDLER(Name) {                                                                \
    const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(1))} + U(2);                  \
    MEM_LOAD(M, v, ea);                                                          \
    wr<R>(SLOT(0), static_cast<R>(v));                                           \
    ADVANCE(Name);                                                               \
    NEXT();                                                                      \
  }                                                                              \
  HANDLER(Name##AddImm) {                                                        \
    const uint64_t ea = uint64_t{uint32_t(rd<uint32_t>(SLOT(1)) + U(2))} + U(3); \
    MEM_LOAD(M, v, ea);                                                          \
    wr<R>(SLOT(0), static_cast<R>(v));                                           \
    ADVANCE(Name##AddImm);                                                       \
    NEXT();                                                                      \
  }
    WASK_LOAD_OPS(WASK_MEM)
#undef WASK_MEM

#define WASK_MEM(Name, text, V, M)                                               \
  HANDLER(Name) {                                                                \
    const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(0))} + U(2);                  \
    const M v = static_cast<M>(rd<V>(SLOT(1)));                                  \
    MEM_STORE(M, v, ea);                                                         \
    ADVANCE(Name);                                                               \
    NEXT();                                                                      \
  }                                                                              \
  HANDLER(Name##AddImm) {                                                        \
    const uint64_t ea = uint64_t{uint32_t(rd<uint32_t>(SLOT(0)) + U(2))} + U(3); \
    const M v = static_cast<M>(rd<V>(SLOT(1)));                                  \
    MEM_STORE(M, v, ea);                                                         \
    ADVANCE(Name##AddImm);                                                       \
    NEXT();                                                                      \
  }
    WASK_STORE_OPS(WASK_MEM)
#undef WASK_MEM

    // A load fused into the binary operator that consumes it: one dispatch instead of two.
#define WASK_FUSED(Name, text, n, Base, Load, R, A, fn, mem_lhs) \
  HANDLER(Name) {                                                \
    const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(2))} + U(3);  \
    MEM_LOAD(A, m, ea);                                          \
    const A a = rd<A>(SLOT(1));                                  \
    wr<R>(SLOT(0), mem_lhs ? num::fn(m, a) : num::fn(a, m));     \
    ADVANCE(Name);                                               \
    NEXT();                                                      \
  }
    WASK_LOAD_BINARY_OPS(WASK_FUSED)
#undef WASK_FUSED
#define WASK_FUSED(Name, text, n, Base, Store, R, A, fn, mem_lhs) \
  HANDLER(Name) {                                                 \
    const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(1))} + U(2);   \
    MEM_LOAD(A, m, ea);                                           \
    const A a = rd<A>(SLOT(0));                                   \
    const R v = mem_lhs ? num::fn(m, a) : num::fn(a, m);          \
    const uint64_t st = uint64_t{rd<uint32_t>(SLOT(3))} + U(4);   \
    MEM_STORE(R, v, st);                                          \
    ADVANCE(Name);                                                \
    NEXT();                                                       \
  }
    WASK_LOAD_BINARY_STORE_OPS(WASK_FUSED)
#undef WASK_FUSED

    // Fused compare + br_if --------------------------------------------------------------------
#define WASK_FUSE(Name)                                                            \
  HANDLER(BrIf##Name) {                                                            \
    if (Eval##Name::f(rd<Eval##Name::TA>(SLOT(0)), rd<Eval##Name::TB>(SLOT(1)))) { \
      pc += static_cast<int32_t>(U(2));                                            \
    } else {                                                                       \
      ADVANCE(BrIf##Name);                                                         \
    }                                                                              \
    NEXT();                                                                        \
  }                                                                                \
  HANDLER(BrIf##Name##Imm) {                                                       \
    if (Eval##Name::f(rd<Eval##Name::TA>(SLOT(0)), imm<Eval##Name::TB>(pc + 4))) { \
      pc += static_cast<int32_t>(U(1));                                            \
    } else {                                                                       \
      ADVANCE(BrIf##Name##Imm);                                                    \
    }                                                                              \
    NEXT();                                                                        \
  }
    WASK_FUSABLE_COMPARES(WASK_FUSE)
#undef WASK_FUSE

#define WASK_FUSE(Name)                                                             \
  HANDLER(BrUnless##Name) {                                                         \
    if (!Eval##Name::f(rd<Eval##Name::TA>(SLOT(0)), rd<Eval##Name::TB>(SLOT(1)))) { \
      pc += static_cast<int32_t>(U(2));                                             \
    } else {                                                                        \
      ADVANCE(BrUnless##Name);                                                      \
    }                                                                               \
    NEXT();                                                                         \
  }                                                                                 \
  HANDLER(BrUnless##Name##Imm) {                                                    \
    if (!Eval##Name::f(rd<Eval##Name::TA>(SLOT(0)), imm<Eval##Name::TB>(pc + 4))) { \
      pc += static_cast<int32_t>(U(1));                                             \
    } else {                                                                        \
      ADVANCE(BrUnless##Name##Imm);                                                 \
    }                                                                               \
    NEXT();                                                                         \
  }
    WASK_FUSABLE_COMPARES(WASK_FUSE)
#undef WASK_FUSE

    HANDLER(BrIfI32Eqz) {
      if (rd<uint32_t>(SLOT(0)) == 0) {
        pc += static_cast<int32_t>(U(1));
      } else {
        ADVANCE(BrIfI32Eqz);
      }
      NEXT();
    }

    // Control ----------------------------------------------------------------------------------
    HANDLER(Unreachable) { TRAP(TrapReason::Unreachable); }
    HANDLER(Copy) {
      *SLOT(0) = *SLOT(1);
      ADVANCE(Copy);
      NEXT();
    }
    HANDLER(Const) {
      *SLOT(0) = load_u64(pc + 4);
      ADVANCE(Const);
      NEXT();
    }
    HANDLER(Br) {
      pc += static_cast<int32_t>(U(0));
      NEXT();
    }
    HANDLER(BrIf) {
      if (rd<uint32_t>(SLOT(0))) {
        pc += static_cast<int32_t>(U(1));
      } else {
        ADVANCE(BrIf);
      }
      NEXT();
    }
    HANDLER(BrUnless) {
      if (!rd<uint32_t>(SLOT(0))) {
        pc += static_cast<int32_t>(U(1));
      } else {
        ADVANCE(BrUnless);
      }
      NEXT();
    }
    HANDLER(BrTable) {
      uint32_t i = rd<uint32_t>(SLOT(0));
      const uint32_t count = U(1);
      if (i > count) i = count;
      pc += static_cast<int32_t>(pc[4 + i]);
      NEXT();
    }
    HANDLER(LoopHead) {
      CHARGE(U(0));
      ADVANCE(LoopHead);
      NEXT();
    }
    HANDLER(Return1) {
      fp[0] = *SLOT(0);
      goto do_return;
    }
    HANDLER(Return) {
    do_return:
      if (top == entry_top) goto done;
      {
        const CallFrame& f = *--top;
        pc = f.return_pc;
        fp = f.fp;
        cur = f.func;
        // The same instance's memory state is still in registers (memory.grow reloads them).
        if (f.instance != inst) [[unlikely]] {
          inst = f.instance;
          RELOAD_MEMORY();
        }
      }
      NEXT();
    }
    HANDLER(Call) { DIRECT_CALL(Call, load_u64(pc + 4), U(1)); }
    HANDLER(ReturnCall) {
      // The callee takes over this frame: constant stack at any depth of tail recursion.
      const auto* code = reinterpret_cast<const CompiledFunc*>(load_u64(pc + 4));
      TRANSLATED(code, *inst->mod);
      CHECK_CALL(true, fp, code);
      CHARGE(code->call_cost);
      std::memmove(fp, SLOT(1), code->num_params * sizeof(uint64_t));
      zero_locals(fp, code);
      cur = code;
      pc = code->entry;
      NEXT();
    }
    HANDLER(ReturnCallImport) {
      callee = S.funcs[inst->funcs[U(0)]].get();
      callee_base = U(1);
      tail = true;
      goto call_func_inst;
    }
    HANDLER(CallImport) {
      callee = S.funcs[inst->funcs[U(0)]].get();
      callee_base = U(1);
      return_pc = pc + op_length(Op::CallImport);
      tail = false;
      goto call_func_inst;
    }
    HANDLER(ReturnCallIndirect) {
      tail = true;
      goto call_indirect;
    }
    HANDLER(CallIndirect) {
      tail = false;
    call_indirect : {
      const TableInst* table = inst->tables[U(0)];
      const uint32_t i = rd<uint32_t>(SLOT(3));
      if (i >= table->elems.size()) TRAP(TrapReason::UndefinedElement);
      const uint64_t ref = table->elems[i];
      if (ref == 0) {
        trap_index = i;
        TRAP(TrapReason::UninitializedElement);
      }
      callee = S.funcs[ref - 1].get();
      if (callee->type_id != inst->type_ids[U(1)]) TRAP(TrapReason::IndirectCallTypeMismatch);
      callee_base = U(2);
      return_pc = pc + op_length(Op::CallIndirect);
    }
    call_func_inst:
      if (tail) {
        // Move the arguments to this frame's base; the callee replaces the frame.
        std::memmove(fp, fp + callee_base, slot_count(callee->type.params) * sizeof(uint64_t));
        callee_base = 0;
      }
      if (callee->code != nullptr) {
        const CompiledFunc* code = callee->code;
        TRANSLATED(code, *callee->instance->mod);
        uint64_t* new_fp = fp + callee_base;
        CHECK_CALL(tail || top < limit_top, new_fp, code);
        CHARGE(code->call_cost);
        if (!tail) *top++ = CallFrame{return_pc, fp, inst, cur};
        zero_locals(new_fp, code);
        fp = new_fp;
        cur = code;
        pc = code->entry;
        if (callee->instance != inst) {
          inst = callee->instance;
          RELOAD_MEMORY();
        }
        NEXT();
      }
      {
        CHARGE(1);
        S.fuel = fuel;
        uint64_t* saved_top = S.stack_top;
        S.stack_top = fp + cur->frame_slots;
        S.depth =
            DEPTH() + 1;  // a re-entered run's frames are above ours (and never share a depth)
        host_outcome = call_host(S, *callee, fp + callee_base, inst);
        S.stack_top = saved_top;
        fuel = S.fuel;
        if (!host_outcome.ok()) goto host_failed;
        if (tail) goto do_return;
        RELOAD_MEMORY();
        pc = return_pc;
        NEXT();
      }
    }
    HANDLER(Throw) {
      {
        const uint32_t tag = inst->tags[U(0)];
        const uint64_t* values = SLOT(1);
        S.thrown.tag = tag;
        S.thrown.values.assign(values, values + slot_count(S.tags[tag]->type.params));
        S.thrown.address = Exception::kNoAddress;  // a new exception: no exnref names it yet
      }
      goto throw_here;
    }
    HANDLER(Rethrow) {
      {
        const CaughtException* found = nullptr;
        const uint32_t depth = DEPTH();
        for (size_t i = S.caught.size(); i-- > 0 && S.caught[i].depth >= depth;) {
          if (S.caught[i].depth == depth && S.caught[i].level == U(0)) found = &S.caught[i];
        }
        if (found == nullptr) {
          S.depth = entry_depth;
          return Outcome::crash("rethrow without a caught exception");
        }
        S.thrown = found->exception;
      }
      goto throw_here;
    }
    // Standard exception handling: the exception an exnref names, raised again as it was.
    HANDLER(ThrowRef) {
      {
        const uint64_t ref = *SLOT(0);
        if (ref == 0) TRAP(TrapReason::NullExceptionReference);
        const ExceptionTable::Entry* named = S.exceptions.find(ref);
        if (!named) {  // only a host can forge one
          S.depth = entry_depth;
          return Outcome::crash("throw_ref of an exnref this store never made");
        }
        S.thrown = named->exception;
      }
    throw_here:
      throw_func = cur;
      throw_inst = inst;
      throw_depth = DEPTH();
      unwind_at = pc;
    unwind:
      // Frame by frame from the throw outwards: the first matching catch clause takes it.
      for (;;) {
        {
          const TryRegion* region = nullptr;
          const uint32_t at = static_cast<uint32_t>(unwind_at - cur->entry.get());
          if (const TryRegion::Catch* c = find_catch(*cur, *inst, S.thrown.tag, at, &region)) {
            uint64_t* values = fp + region->values_slot;
            if (c->tag != TryRegion::kCatchAll) {
              values = std::copy(S.thrown.values.begin(), S.thrown.values.end(), values);
            }
            if (c->ref) {
              *values = exception_ref(S, fp + cur->frame_slots);
              if (*values == 0) EXHAUST(TrapReason::HostMemoryExhausted);
            }
            if (region->table) {
              S.thrown_uncaught = false;  // a try_table's clause branches: no catch body to enter
            } else {
              enter_catch(S, DEPTH(), region->level);
            }
            pc = cur->entry.get() + c->target;
            NEXT();
          }
        }
      unwind_to_caller:
        if (top == entry_top) goto uncaught;
        const CallFrame& f = *--top;
        unwind_at = f.return_pc - 1;  // inside the call instruction
        fp = f.fp;
        cur = f.func;
        inst = f.instance;
        RELOAD_MEMORY();
      }
    }
    HANDLER(Select) {
      *SLOT(0) = rd<uint32_t>(SLOT(3)) ? *SLOT(1) : *SLOT(2);
      ADVANCE(Select);
      NEXT();
    }
    HANDLER(GlobalGet) {
      *SLOT(0) = inst->globals[U(1)]->value[0];
      ADVANCE(GlobalGet);
      NEXT();
    }
    HANDLER(GlobalSet) {
      inst->globals[U(0)]->value[0] = *SLOT(1);
      ADVANCE(GlobalSet);
      NEXT();
    }
    HANDLER(MemorySize) {
      wr<uint32_t>(SLOT(0), static_cast<uint32_t>(mem_size / kPageSize));
      ADVANCE(MemorySize);
      NEXT();
    }
    HANDLER(MemoryGrow) {
      const int64_t old = inst->memory0->grow(rd<uint32_t>(SLOT(1)));
      RELOAD_MEMORY();
      wr<uint32_t>(SLOT(0), static_cast<uint32_t>(old));
      ADVANCE(MemoryGrow);
      NEXT();
    }
    HANDLER(MemoryInit) {
      const DataInst& data = inst->datas[U(0)];
      const uint64_t* args = fp + U(1);
      const uint64_t d = rd<uint32_t>(args), s = rd<uint32_t>(args + 1), n = rd<uint32_t>(args + 2);
      if (s + n > data.size || d + n > mem_size) TRAP(TrapReason::OutOfBoundsMemoryAccess);
      CHARGE(bulk_cost(n));
      if (n) std::memcpy(mem_base + d, data.bytes + s, n);
      ADVANCE(MemoryInit);
      NEXT();
    }
    HANDLER(DataDrop) {
      inst->datas[U(0)].size = 0;
      ADVANCE(DataDrop);
      NEXT();
    }
    HANDLER(MemoryCopy) {
      const uint64_t* args = fp + U(0);
      const uint64_t d = rd<uint32_t>(args), s = rd<uint32_t>(args + 1), n = rd<uint32_t>(args + 2);
      if (s + n > mem_size || d + n > mem_size) TRAP(TrapReason::OutOfBoundsMemoryAccess);
      CHARGE(bulk_cost(n));
      if (n) std::memmove(mem_base + d, mem_base + s, n);
      ADVANCE(MemoryCopy);
      NEXT();
    }
    HANDLER(MemoryFill) {
      const uint64_t* args = fp + U(0);
      const uint64_t d = rd<uint32_t>(args), n = rd<uint32_t>(args + 2);
      if (d + n > mem_size) TRAP(TrapReason::OutOfBoundsMemoryAccess);
      CHARGE(bulk_cost(n));
      if (n) std::memset(mem_base + d, static_cast<uint8_t>(rd<uint32_t>(args + 1)), n);
      ADVANCE(MemoryFill);
      NEXT();
    }
    HANDLER(TableInit) {
      TableInst* table = inst->tables[U(0)];
      const ElemInst& elem = inst->elems[U(1)];
      const uint64_t* args = fp + U(2);
      const uint64_t d = rd<uint32_t>(args), s = rd<uint32_t>(args + 1), n = rd<uint32_t>(args + 2);
      if (s + n > elem.refs.size() || d + n > table->elems.size())
        TRAP(TrapReason::OutOfBoundsTableAccess);
      CHARGE(bulk_cost(n * sizeof(uint64_t)));
      if (n) std::memcpy(table->elems.data() + d, elem.refs.data() + s, n * sizeof(uint64_t));
      ADVANCE(TableInit);
      NEXT();
    }
    HANDLER(ElemDrop) {
      inst->elems[U(0)].drop(S.budget);
      ADVANCE(ElemDrop);
      NEXT();
    }
    HANDLER(TableCopy) {
      TableInst* dst = inst->tables[U(0)];
      const TableInst* src = inst->tables[U(1)];
      const uint64_t* args = fp + U(2);
      const uint64_t d = rd<uint32_t>(args), s = rd<uint32_t>(args + 1), n = rd<uint32_t>(args + 2);
      if (s + n > src->elems.size() || d + n > dst->elems.size())
        TRAP(TrapReason::OutOfBoundsTableAccess);
      CHARGE(bulk_cost(n * sizeof(uint64_t)));
      if (n) std::memmove(dst->elems.data() + d, src->elems.data() + s, n * sizeof(uint64_t));
      ADVANCE(TableCopy);
      NEXT();
    }
    HANDLER(TableGet) {
      const TableInst* table = inst->tables[U(0)];
      const uint32_t i = rd<uint32_t>(SLOT(2));
      if (i >= table->elems.size()) TRAP(TrapReason::OutOfBoundsTableAccess);
      *SLOT(1) = table->elems[i];
      ADVANCE(TableGet);
      NEXT();
    }
    HANDLER(TableSet) {
      TableInst* table = inst->tables[U(0)];
      const uint32_t i = rd<uint32_t>(SLOT(1));
      if (i >= table->elems.size()) TRAP(TrapReason::OutOfBoundsTableAccess);
      table->elems[i] = *SLOT(2);
      ADVANCE(TableSet);
      NEXT();
    }
    HANDLER(TableSize) {
      wr<uint32_t>(SLOT(1), static_cast<uint32_t>(inst->tables[U(0)]->elems.size()));
      ADVANCE(TableSize);
      NEXT();
    }
    HANDLER(TableGrow) {
      uint64_t* args = fp + U(1);
      CHARGE(bulk_cost(uint64_t{rd<uint32_t>(args + 1)} * sizeof(uint64_t)));
      const int64_t old = inst->tables[U(0)]->grow(rd<uint32_t>(args + 1), args[0]);
      wr<uint32_t>(args, static_cast<uint32_t>(old));
      ADVANCE(TableGrow);
      NEXT();
    }
    HANDLER(TableFill) {
      TableInst* table = inst->tables[U(0)];
      const uint64_t* args = fp + U(1);
      const uint64_t i = rd<uint32_t>(args), n = rd<uint32_t>(args + 2);
      if (i + n > table->elems.size()) TRAP(TrapReason::OutOfBoundsTableAccess);
      CHARGE(bulk_cost(n * sizeof(uint64_t)));
      std::fill_n(table->elems.data() + i, n, args[1]);
      ADVANCE(TableFill);
      NEXT();
    }
    HANDLER(RefFunc) {
      *SLOT(0) = encode_ref(inst->funcs[U(1)]);
      ADVANCE(RefFunc);
      NEXT();
    }
    HANDLER(RefIsNull) {
      wr<uint32_t>(SLOT(0), *SLOT(1) == 0 ? 1u : 0u);
      ADVANCE(RefIsNull);
      NEXT();
    }
    // kernels: an operator fused with the shift or multiply that computed one operand (after the
    // others: a handler added in the middle moves the hot ones and measurably slows some programs)
#define WASK_FUSED(Name, text, n, Outer, Inner, fn, shift)                                 \
  HANDLER(Name) {                                                                          \
    wr<uint32_t>(SLOT(0),                                                                  \
                 num::fn(rd<uint32_t>(SLOT(1)), num::shift(rd<uint32_t>(SLOT(2)), U(3)))); \
    ADVANCE(Name);                                                                         \
    NEXT();                                                                                \
  }
    WASK_SHIFTED_BINARY_OPS(WASK_FUSED)
#undef WASK_FUSED
#define WASK_FUSED(Name, text, n, Outer, Inner, fn, mul_lhs)                 \
  HANDLER(Name) {                                                            \
    const double a = rd<double>(SLOT(1));                                    \
    const double p = num::f64_mul(rd<double>(SLOT(2)), rd<double>(SLOT(3))); \
    wr<double>(SLOT(0), mul_lhs ? num::fn(p, a) : num::fn(a, p));            \
    ADVANCE(Name);                                                           \
    NEXT();                                                                  \
  }
    WASK_MUL_BINARY_OPS(WASK_FUSED)
#undef WASK_FUSED
    // vmspeed: an element's load at (a << k) + c (one dispatch instead of two)
    HANDLER(I32LoadShlAddImm) {
      const uint64_t ea = uint64_t{uint32_t((rd<uint32_t>(SLOT(1)) << (U(2) & 31)) + U(3))} + U(4);
      MEM_LOAD(uint32_t, v, ea);
      wr<uint32_t>(SLOT(0), v);
      ADVANCE(I32LoadShlAddImm);
      NEXT();
    }
    HANDLER(F64AddMulLoad) {
      const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(3))} + U(4);
      MEM_LOAD(double, m, ea);
      const double p = num::f64_mul(rd<double>(SLOT(1)), rd<double>(SLOT(2)));
      wr<double>(SLOT(0), num::f64_add(p, m));
      ADVANCE(F64AddMulLoad);
      NEXT();
    }
    HANDLER(F64AddMulLoadStore) {
      const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(2))} + U(3);
      MEM_LOAD(double, m, ea);
      const double v = num::f64_add(num::f64_mul(rd<double>(SLOT(0)), rd<double>(SLOT(1))), m);
      std::memcpy(mem_base + ea, &v, sizeof v);  // where the load was checked
      ADVANCE(F64AddMulLoadStore);
      NEXT();
    }
    HANDLER(F64AddMulLoadLoad) {
      const uint64_t q = uint64_t{uint32_t(rd<uint32_t>(SLOT(2)) + U(3))} + U(4);
      MEM_LOAD(double, y, q);
      const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(5))} + U(6);
      MEM_LOAD(double, m, ea);
      wr<double>(SLOT(0), num::f64_add(num::f64_mul(rd<double>(SLOT(1)), y), m));
      ADVANCE(F64AddMulLoadLoad);
      NEXT();
    }
    HANDLER(F64AddMulLoadLoadStore) {
      const uint64_t q = uint64_t{uint32_t(rd<uint32_t>(SLOT(1)) + U(2))} + U(3);
      MEM_LOAD(double, y, q);
      const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(4))} + U(5);
      MEM_LOAD(double, m, ea);
      const double v = num::f64_add(num::f64_mul(rd<double>(SLOT(0)), y), m);
      std::memcpy(mem_base + ea, &v, sizeof v);  // where the load was checked
      ADVANCE(F64AddMulLoadLoadStore);
      NEXT();
    }
#define WASK_LOOP_BR(Name, text, n, Branch, delta, taken) \
  HANDLER(Name) {                                         \
    if (taken) {                                          \
      pc += static_cast<int32_t>(U(delta));               \
      CHARGE(U(0)); /* the loop_head's cost */            \
      ADVANCE(LoopHead);                                  \
    } else {                                              \
      ADVANCE(Name);                                      \
    }                                                     \
    NEXT();                                               \
  }
    WASK_LOOP_BRANCH_OPS(WASK_LOOP_BR)
#undef WASK_LOOP_BR
    // matmul: two adds, then a counted loop's step and back edge (WASK_COUNTED_LOOP_OPS).
    HANDLER(I32AddPair) {
      wr<uint32_t>(SLOT(0), num::i32_add(rd<uint32_t>(SLOT(1)), rd<uint32_t>(SLOT(2))));
      wr<uint32_t>(SLOT(3), num::i32_add(rd<uint32_t>(SLOT(4)), rd<uint32_t>(SLOT(5))));
      ADVANCE(I32AddPair);
      NEXT();
    }
    HANDLER(I32AddImmBrIfNeLoop) {
      const uint32_t v = num::i32_add(rd<uint32_t>(SLOT(1)), U(3));
      wr<uint32_t>(SLOT(0), v);
      if (v != U(4)) {
        pc += static_cast<int32_t>(U(2));
        CHARGE(U(0)); /* the loop_head's cost */
        ADVANCE(LoopHead);
      } else {
        ADVANCE(I32AddImmBrIfNeLoop);
      }
      NEXT();
    }
    // calls3: fib's call path (WASK_CALLS3_OPS). The call's body is Call's, not a jump into it:
    // a shared tail made gcc spill the callee (calls2).
    HANDLER(I32AddImmCall) {
      wr<uint32_t>(SLOT(0), num::i32_add(rd<uint32_t>(SLOT(1)), imm<uint32_t>(pc + 4)));
      DIRECT_CALL(I32AddImmCall, load_u64(pc + 8), U(5));
    }
    HANDLER(I32AddReturn) {
      wr<uint32_t>(fp, num::i32_add(rd<uint32_t>(SLOT(1)), rd<uint32_t>(SLOT(2))));
      goto do_return;
    }
    HANDLER(I32AddImmReturn) {
      wr<uint32_t>(fp, num::i32_add(rd<uint32_t>(SLOT(1)), imm<uint32_t>(pc + 4)));
      goto do_return;
    }
    HANDLER(I32AddImmCopy) {
      const uint32_t v = num::i32_add(rd<uint32_t>(SLOT(1)), imm<uint32_t>(pc + 4));
      wr<uint32_t>(SLOT(0), v);
      wr<uint32_t>(SLOT(4), v);
      ADVANCE(I32AddImmCopy);
      NEXT();
    }
    HANDLER(BrIfLoad8UEqz) {
      const uint64_t ea = uint64_t{uint32_t(rd<uint32_t>(SLOT(0)) + U(1))} + U(2);
      MEM_LOAD(uint8_t, v, ea);
      if (v == 0) {
        pc += static_cast<int32_t>(U(3));
      } else {
        ADVANCE(BrIfLoad8UEqz);
      }
      NEXT();
    }
    HANDLER(I32Store8Imm) {
      const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(0))} + U(1);
      const auto v = static_cast<uint8_t>(U(2));
      MEM_STORE(uint8_t, v, ea);
      ADVANCE(I32Store8Imm);
      NEXT();
    }
    // vm2: a stack slot's address, an element's load, two moves (WASK_VM2_OPS).
    HANDLER(I32AddShlImm) {
      wr<uint32_t>(SLOT(0), rd<uint32_t>(SLOT(1)) + (rd<uint32_t>(SLOT(2)) << (U(3) & 31)) + U(4));
      ADVANCE(I32AddShlImm);
      NEXT();
    }
    HANDLER(I32LoadAddShl) {
      const uint64_t ea =
          uint64_t{uint32_t(rd<uint32_t>(SLOT(1)) + (rd<uint32_t>(SLOT(2)) << (U(3) & 31)))} + U(4);
      MEM_LOAD(uint32_t, v, ea);
      wr<uint32_t>(SLOT(0), v);
      ADVANCE(I32LoadAddShl);
      NEXT();
    }
    HANDLER(CopyPair) {
      *SLOT(0) = *SLOT(1);
      *SLOT(2) = *SLOT(3);
      ADVANCE(CopyPair);
      NEXT();
    }
    HANDLER(BrTableFetch) {
      wr<uint32_t>(SLOT(5), num::i32_add(rd<uint32_t>(SLOT(6)), U(7)));  // not the fetch's base
      const uint64_t ea = uint64_t{uint32_t((rd<uint32_t>(SLOT(1)) << (U(2) & 31)) + U(3))} + U(4);
      MEM_LOAD(uint32_t, v, ea);
      const uint32_t count = U(0);
      pc += static_cast<int32_t>(pc[10 + (v > count ? count : v)]);
      NEXT();
    }
    HANDLER(BrTableLoadShlAddImm) {
      const uint64_t ea = uint64_t{uint32_t((rd<uint32_t>(SLOT(1)) << (U(2) & 31)) + U(3))} + U(4);
      MEM_LOAD(uint32_t, v, ea);
      const uint32_t count = U(0);
      pc += static_cast<int32_t>(pc[8 + (v > count ? count : v)]);
      NEXT();
    }

    // SIMD (v128 in two slots; semantics in simd.h), after the scalar handlers so those stay close
    // together in the code as before ---------------------------------------------------------
#define WASK_SIMD(Name, text, n, expr)                    \
  HANDLER(Name) {                                         \
    using namespace simd;                                 \
    const Vec a = rd<Vec>(SLOT(1)), b = rd<Vec>(SLOT(2)); \
    wr<Vec>(SLOT(0), expr);                               \
    ADVANCE(Name);                                        \
    NEXT();                                               \
  }
    WASK_SIMD_BINARY_OPS(WASK_SIMD)
#undef WASK_SIMD
#define WASK_SIMD(Name, text, n, expr)        \
  HANDLER(Name) {                             \
    using namespace simd;                     \
    const Vec a = rd<Vec>(SLOT(1));           \
    const uint32_t s = rd<uint32_t>(SLOT(2)); \
    wr<Vec>(SLOT(0), expr);                   \
    ADVANCE(Name);                            \
    NEXT();                                   \
  }
    WASK_SIMD_SHIFT_OPS(WASK_SIMD)
#undef WASK_SIMD
#define WASK_SIMD(Name, text, n, R, A, expr) \
  HANDLER(Name) {                            \
    using namespace simd;                    \
    const A a = rd<A>(SLOT(1));              \
    wr<R>(SLOT(0), expr);                    \
    ADVANCE(Name);                           \
    NEXT();                                  \
  }
    WASK_SIMD_UNARY_OPS(WASK_SIMD)
#undef WASK_SIMD
#define WASK_SIMD(Name, text, n, expr)                                          \
  HANDLER(Name) {                                                               \
    using namespace simd;                                                       \
    const Vec a = rd<Vec>(SLOT(1)), b = rd<Vec>(SLOT(2)), c = rd<Vec>(SLOT(3)); \
    wr<Vec>(SLOT(0), expr);                                                     \
    ADVANCE(Name);                                                              \
    NEXT();                                                                     \
  }
    WASK_SIMD_TERNARY_OPS(WASK_SIMD)
#undef WASK_SIMD
#define WASK_SIMD(Name, text, n, R, expr) \
  HANDLER(Name) {                         \
    using namespace simd;                 \
    const Vec a = rd<Vec>(SLOT(1));       \
    const uint32_t lane = U(2);           \
    wr<R>(SLOT(0), expr);                 \
    ADVANCE(Name);                        \
    NEXT();                               \
  }
    WASK_SIMD_EXTRACT_OPS(WASK_SIMD)
#undef WASK_SIMD
#define WASK_SIMD(Name, text, n, S, expr) \
  HANDLER(Name) {                         \
    using namespace simd;                 \
    const Vec a = rd<Vec>(SLOT(1));       \
    const S s = rd<S>(SLOT(2));           \
    const uint32_t lane = U(3);           \
    wr<Vec>(SLOT(0), expr);               \
    ADVANCE(Name);                        \
    NEXT();                               \
  }
    WASK_SIMD_REPLACE_OPS(WASK_SIMD)
#undef WASK_SIMD
#define WASK_SIMD(Name, text, n, M, expr)                       \
  HANDLER(Name) {                                               \
    using namespace simd;                                       \
    const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(1))} + U(2); \
    MEM_LOAD(M, m, ea);                                         \
    wr<Vec>(SLOT(0), expr);                                     \
    ADVANCE(Name);                                              \
    NEXT();                                                     \
  }
    WASK_SIMD_LOAD_OPS(WASK_SIMD)
#undef WASK_SIMD
#define WASK_SIMD(Name, text, n, L)                                            \
  HANDLER(Name) {                                                              \
    const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(1))} + U(3);                \
    MEM_LOAD(L, m, ea);                                                        \
    wr<simd::Vec>(SLOT(0), simd::replace<L>(rd<simd::Vec>(SLOT(2)), m, U(4))); \
    ADVANCE(Name);                                                             \
    NEXT();                                                                    \
  }
    WASK_SIMD_LANE_LOAD_OPS(WASK_SIMD)
#undef WASK_SIMD
#define WASK_SIMD(Name, text, n, L)                                \
  HANDLER(Name) {                                                  \
    const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(0))} + U(2);    \
    const L m = simd::extract<L, L>(rd<simd::Vec>(SLOT(1)), U(3)); \
    MEM_STORE(L, m, ea);                                           \
    ADVANCE(Name);                                                 \
    NEXT();                                                        \
  }
    WASK_SIMD_LANE_STORE_OPS(WASK_SIMD)
#undef WASK_SIMD
    HANDLER(V128Store) {
      const uint64_t ea = uint64_t{rd<uint32_t>(SLOT(0))} + U(2);
      if (ea + 16 > mem_size) TRAP(TrapReason::OutOfBoundsMemoryAccess);
      std::memcpy(mem_base + ea, SLOT(1), 16);
      ADVANCE(V128Store);
      NEXT();
    }
    HANDLER(V128Const) {
      std::memcpy(SLOT(0), pc + 4, 16);
      ADVANCE(V128Const);
      NEXT();
    }
    HANDLER(I8X16Shuffle) {
      uint8_t lanes[16];
      std::memcpy(lanes, pc + 6, 16);
      wr<simd::Vec>(SLOT(0),
                    simd::i8x16_shuffle(rd<simd::Vec>(SLOT(1)), rd<simd::Vec>(SLOT(2)), lanes));
      ADVANCE(I8X16Shuffle);
      NEXT();
    }
    HANDLER(Copy128) {
      uint64_t* d = SLOT(0);
      const uint64_t* s = SLOT(1);
      const uint64_t lo = s[0], hi = s[1];
      d[0] = lo, d[1] = hi;
      ADVANCE(Copy128);
      NEXT();
    }
    HANDLER(Select128) {
      const uint64_t* s = rd<uint32_t>(SLOT(3)) ? SLOT(1) : SLOT(2);
      const uint64_t lo = s[0], hi = s[1];
      uint64_t* d = SLOT(0);
      d[0] = lo, d[1] = hi;
      ADVANCE(Select128);
      NEXT();
    }
    HANDLER(GlobalGet128) {
      const uint64_t* g = inst->globals[U(1)]->value;
      SLOT(0)[0] = g[0], SLOT(0)[1] = g[1];
      ADVANCE(GlobalGet128);
      NEXT();
    }
    HANDLER(GlobalSet128) {
      uint64_t* g = inst->globals[U(0)]->value;
      g[0] = SLOT(1)[0], g[1] = SLOT(1)[1];
      ADVANCE(GlobalSet128);
      NEXT();
    }
    // matmul2, after the SIMD handlers: placed with the counted loops they left sieve 7% slower
    // (the same code, other addresses)
    // matmul2: the kernel with the address adds before it (WASK_KERNEL_ADDR_OPS): the adds' locals
    // written first, in order, then both loads checked by one compare of the higher address.
    HANDLER(F64AddMulLoadLoadStorePair) {
      const uint32_t p = num::i32_add(rd<uint32_t>(SLOT(4)), rd<uint32_t>(SLOT(5)));
      wr<uint32_t>(SLOT(3), p);
      const uint32_t q = num::i32_add(rd<uint32_t>(SLOT(7)), rd<uint32_t>(SLOT(8)));
      wr<uint32_t>(SLOT(6), q);
      const uint64_t qa = uint64_t{q} + U(1), pa = uint64_t{p} + U(2);
      AXPY_ELEMENT(rd<double>(SLOT(0)), qa, pa);
      ADVANCE(F64AddMulLoadLoadStorePair);
      NEXT();
    }
    HANDLER(F64AddMulLoadLoadStoreImm) {
      const uint32_t p = num::i32_add(rd<uint32_t>(SLOT(6)), U(7));
      wr<uint32_t>(SLOT(5), p);
      const uint64_t qa = uint64_t{uint32_t(rd<uint32_t>(SLOT(1)) + U(2))} + U(3);
      const uint64_t pa = uint64_t{p} + U(4);
      AXPY_ELEMENT(rd<double>(SLOT(0)), qa, pa);
      ADVANCE(F64AddMulLoadLoadStoreImm);
      NEXT();
    }
    HANDLER(F64AddMulLoadLoadStorePair2) {
      // d1 is written once, with p + k: a2 and b2 are not d1 (the translator checks), and a trap
      // ends the frame.
      uint32_t p = num::i32_add(rd<uint32_t>(SLOT(4)), rd<uint32_t>(SLOT(5)));
      const uint32_t q = num::i32_add(rd<uint32_t>(SLOT(7)), rd<uint32_t>(SLOT(8)));
      wr<uint32_t>(SLOT(6), q);
      const double x = rd<double>(SLOT(0));  // not d1's or d2's slot (the translator checks)
      uint64_t qa = uint64_t{q} + U(1), pa = uint64_t{p} + U(2);
      AXPY_ELEMENT(x, qa, pa);
      p = num::i32_add(p, U(9));
      wr<uint32_t>(SLOT(3), p);
      qa = uint64_t{uint32_t(q + U(10))} + U(11), pa = uint64_t{p} + U(12);
      AXPY_ELEMENT(x, qa, pa);
      ADVANCE(F64AddMulLoadLoadStorePair2);
      NEXT();
    }
    HANDLER(F64AddMulLoadLoadStorePair2Adjacent) {
      uint32_t p = num::i32_add(rd<uint32_t>(SLOT(2)), rd<uint32_t>(SLOT(3)));
      uint32_t q = num::i32_add(rd<uint32_t>(SLOT(5)), rd<uint32_t>(SLOT(6)));
      wr<uint32_t>(SLOT(4), q);
      const double x = rd<double>(SLOT(0));
      AXPY_ELEMENT(x, q, p);
      p = num::i32_add(p, 8), q = num::i32_add(q, 8);
      wr<uint32_t>(SLOT(1), p);
      AXPY_ELEMENT(x, q, p);
      ADVANCE(F64AddMulLoadLoadStorePair2Adjacent);
      NEXT();
    }

    // Any memory (memory index != 0, memory64): the memory by index, the address of its index
    // type, exact bounds (see opcodes.def, WASK_ANY_MEMORY_ACCESS_OPS) ---------------------------
#define MEMX_ACCESS(addr_slot, bytes)                                                            \
  const MemoryInst& mx = *inst->memories[U(4)];                                                  \
  const uint64_t mx_addr = index_value(mx, SLOT(addr_slot));                                     \
  const uint64_t mx_offset = imm<uint64_t>(pc + 4);                                              \
  if (!in_bounds(mx.size, mx_addr, mx_offset, bytes)) TRAP(TrapReason::OutOfBoundsMemoryAccess); \
  uint8_t* const mx_at = mx.base + mx_addr + mx_offset
#define WASK_MEM(Name, text, R, M)     \
  HANDLER(Name##Mx) {                  \
    MEMX_ACCESS(1, sizeof(M));         \
    M v;                               \
    std::memcpy(&v, mx_at, sizeof(M)); \
    wr<R>(SLOT(0), static_cast<R>(v)); \
    ADVANCE(Name##Mx);                 \
    NEXT();                            \
  }
    WASK_LOAD_OPS(WASK_MEM)
#undef WASK_MEM
#define WASK_MEM(Name, text, V, M)              \
  HANDLER(Name##Mx) {                           \
    MEMX_ACCESS(0, sizeof(M));                  \
    const M v = static_cast<M>(rd<V>(SLOT(1))); \
    std::memcpy(mx_at, &v, sizeof(M));          \
    ADVANCE(Name##Mx);                          \
    NEXT();                                     \
  }
    WASK_STORE_OPS(WASK_MEM)
#undef WASK_MEM
#define WASK_SIMD(Name, text, n, M, expr) \
  HANDLER(Name##Mx) {                     \
    using namespace simd;                 \
    MEMX_ACCESS(1, sizeof(M));            \
    M m;                                  \
    std::memcpy(&m, mx_at, sizeof(M));    \
    wr<Vec>(SLOT(0), expr);               \
    ADVANCE(Name##Mx);                    \
    NEXT();                               \
  }
    WASK_SIMD_LOAD_OPS(WASK_SIMD)
#undef WASK_SIMD
#define WASK_SIMD(Name, text, n, L)                                            \
  HANDLER(Name##Mx) {                                                          \
    MEMX_ACCESS(1, sizeof(L));                                                 \
    L m;                                                                       \
    std::memcpy(&m, mx_at, sizeof(L));                                         \
    wr<simd::Vec>(SLOT(0), simd::replace<L>(rd<simd::Vec>(SLOT(5)), m, U(6))); \
    ADVANCE(Name##Mx);                                                         \
    NEXT();                                                                    \
  }
    WASK_SIMD_LANE_LOAD_OPS(WASK_SIMD)
#undef WASK_SIMD
#define WASK_SIMD(Name, text, n, L)                                \
  HANDLER(Name##Mx) {                                              \
    MEMX_ACCESS(0, sizeof(L));                                     \
    const L m = simd::extract<L, L>(rd<simd::Vec>(SLOT(1)), U(5)); \
    std::memcpy(mx_at, &m, sizeof(L));                             \
    ADVANCE(Name##Mx);                                             \
    NEXT();                                                        \
  }
    WASK_SIMD_LANE_STORE_OPS(WASK_SIMD)
#undef WASK_SIMD
    HANDLER(V128StoreMx) {
      MEMX_ACCESS(0, 16);
      std::memcpy(mx_at, SLOT(1), 16);
      ADVANCE(V128StoreMx);
      NEXT();
    }
#undef MEMX_ACCESS
    HANDLER(MemorySizeMx) {
      const MemoryInst& mem = *inst->memories[U(1)];
      write_index_value(mem, SLOT(0), mem.size / kPageSize);
      ADVANCE(MemorySizeMx);
      NEXT();
    }
    HANDLER(MemoryGrowMx) {
      MemoryInst& mem = *inst->memories[U(2)];
      const int64_t old = mem.grow(index_value(mem, SLOT(1)));
      RELOAD_MEMORY();  // the same memory may also be this instance's memory 0
      write_index_value(mem, SLOT(0), static_cast<uint64_t>(old));
      ADVANCE(MemoryGrowMx);
      NEXT();
    }
    HANDLER(MemoryInitMx) {
      const DataInst& data = inst->datas[U(0)];
      const MemoryInst& mem = *inst->memories[U(1)];
      const uint64_t* args = fp + U(2);
      const uint64_t d = index_value(mem, args), s = rd<uint32_t>(args + 1),
                     n = rd<uint32_t>(args + 2);
      if (s + n > data.size || !in_bounds(mem.size, d, 0, n))
        TRAP(TrapReason::OutOfBoundsMemoryAccess);
      CHARGE(bulk_cost(n));
      if (n) std::memcpy(mem.base + d, data.bytes + s, n);
      ADVANCE(MemoryInitMx);
      NEXT();
    }
    HANDLER(MemoryCopyMx) {
      const MemoryInst& dst = *inst->memories[U(0)];
      const MemoryInst& src = *inst->memories[U(1)];
      const uint64_t* args = fp + U(2);
      // The length is an i64 only between two 64-bit memories.
      const uint64_t d = index_value(dst, args), s = index_value(src, args + 1);
      const uint64_t n = dst.type.is64 && src.type.is64 ? args[2] : rd<uint32_t>(args + 2);
      if (!in_bounds(src.size, s, 0, n) || !in_bounds(dst.size, d, 0, n))
        TRAP(TrapReason::OutOfBoundsMemoryAccess);
      CHARGE(bulk_cost(n));
      if (n) std::memmove(dst.base + d, src.base + s, n);
      ADVANCE(MemoryCopyMx);
      NEXT();
    }
    HANDLER(MemoryFillMx) {
      const MemoryInst& mem = *inst->memories[U(0)];
      const uint64_t* args = fp + U(1);
      const uint64_t d = index_value(mem, args), n = index_value(mem, args + 2);
      if (!in_bounds(mem.size, d, 0, n)) TRAP(TrapReason::OutOfBoundsMemoryAccess);
      CHARGE(bulk_cost(n));
      if (n) std::memset(mem.base + d, static_cast<uint8_t>(rd<uint32_t>(args + 1)), n);
      ADVANCE(MemoryFillMx);
      NEXT();
    }

#ifdef WASK_DISPATCH_SWITCH
    default:
      return Outcome::crash("invalid internal opcode");
#endif
  }

done:
  S.fuel = fuel;
  S.depth = entry_depth;
  return Outcome{};

host_failed : {
  if (host_outcome.kind == OutcomeKind::Exception && S.thrown_uncaught) {
    // A guest exception that came back through the host function: it goes on in this run.
    // (An exception outcome a host function made up itself has no values: it ends the run.)
    throw_func = cur;
    throw_inst = inst;
    throw_depth = DEPTH();
    if (tail) goto unwind_to_caller;
    unwind_at = return_pc - 1;
    goto unwind;
  }
  // A host function's trap or exit unwinds every guest frame of this run.
  if (host_outcome.kind == OutcomeKind::Trap || host_outcome.kind == OutcomeKind::Exhaustion) {
    append_backtrace(host_outcome, *cur, *inst->mod, frames, DEPTH(), entry_depth);
  }
  S.depth = entry_depth;
  return host_outcome;
}

uncaught : {
  S.thrown_uncaught = true;
  Outcome outcome = Outcome::exception(S.tags[S.thrown.tag]->name);
  S.fuel = fuel;
  append_backtrace(outcome, *throw_func, *throw_inst->mod, frames, throw_depth, entry_depth);
  S.depth = entry_depth;
  return outcome;
}

stopped:
  if (stop == Stop::OutOfFuel) EXHAUST(TrapReason::OutOfFuel);
  {
    Outcome outcome = Outcome::interrupted();
    append_backtrace(outcome, *cur, *inst->mod, frames, DEPTH(), entry_depth);
    S.depth = entry_depth;
    return outcome;
  }

trap : {
  Outcome outcome = exhausted ? Outcome::exhaustion(reason) : Outcome::trap(reason);
  if (reason == TrapReason::UninitializedElement && trap_index != ~0u)
    outcome.message += fmt::format(" {}", trap_index);  // the spec's "uninitialized element 2"
  if (reason != TrapReason::OutOfFuel) S.fuel = fuel;
  append_backtrace(outcome, *cur, *inst->mod, frames, DEPTH(), entry_depth);
  S.depth = entry_depth;
  return outcome;
}
#undef U
#undef SLOT
#undef ADVANCE
#undef TRAP
#undef EXHAUST
#undef CHARGE
#undef RELOAD_MEMORY
#undef DEPTH
#undef MEM_LOAD
#undef MEM_STORE
#undef TRANSLATED
#undef DIRECT_CALL
#undef AXPY_ELEMENT
#undef HANDLER
#undef NEXT
}

Outcome execute(Store::Impl& store, FuncInst& func, uint64_t* fp) {
  if (func.code == nullptr) return call_host(store, func, fp, nullptr);
  Outcome outcome = run(&store, &func, fp, nullptr);
  // The catch bodies of this run's frames are over, however it ended.
  while (!store.caught.empty() && store.caught.back().depth >= store.depth) store.caught.pop_back();
  return outcome;
}

const void* const* handler_table() {
  static const void* const* const table = [] {
    const void* const* t = nullptr;
    run(nullptr, nullptr, nullptr, &t);
    return t;
  }();
  return table;
}

std::string_view op_name(Op op) {
  static constexpr std::string_view kNames[] = {
#define WASK_BIN(Name, text, R, A, B, fn) text, text "_imm",
#define WASK_UN(Name, text, R, A, fn) text,
#define WASK_MEM(Name, text, R, M) text, text "_add_imm",
#define WASK_CTL(Name, text, n) text,
#define WASK_FUSE(Name) \
  "br_if_" #Name, "br_if_" #Name "_imm", "br_unless_" #Name, "br_unless_" #Name "_imm",
#define WASK_SIMD(Name, text, n, ...) text,
#define WASK_MEMX(Name, text, ...) text "_mx",
      WASK_ALL_OP_FAMILIES(WASK_BIN, WASK_UN, WASK_MEM, WASK_CTL, WASK_FUSE, WASK_SIMD, WASK_MEMX)
#undef WASK_MEMX
#undef WASK_BIN
#undef WASK_UN
#undef WASK_MEM
#undef WASK_CTL
#undef WASK_FUSE
#undef WASK_SIMD
  };
  const size_t i = static_cast<size_t>(op);
  return i < kOpCount ? kNames[i] : "invalid";
}

}  // namespace wask::interp
