// wabt 1.0.32's SharedValidator knows no exnref: equality checks treat its Type (-0x17) like any
// other type, which is right, but ref.is_null and untyped select decide by Type::IsRef, which is
// false for it. The loader then needs the type at a depth of the operand stack, which the
// validator keeps private: this reaches it through the rule that an explicit template
// instantiation may name private members (no copy of wabt's state, no change to its layout).
#pragma once

#include <wabt/shared-validator.h>
#include <wabt/type-checker.h>

#include <span>
#include <string_view>

#include "interp/wabt_types.h"

namespace wask::interp {

namespace validator_access {
template <class Tag, auto Member>
struct Grant {
  friend constexpr auto member(Tag) { return Member; }
};
// The private members reached: a tag type per member, whose `member` returns the pointer.
// clang-format off
#define WASK_VALIDATOR_PRIVATE_MEMBERS(X)               \
  X(TypeCheckerTag, wabt::SharedValidator::typechecker_) \
  X(TablesTag, wabt::SharedValidator::tables_)           \
  X(PeekTypeTag, wabt::TypeChecker::PeekType)            \
  X(ExprLocTag, wabt::SharedValidator::expr_loc_)        \
  X(InInitExprTag, wabt::SharedValidator::in_init_expr_) \
  X(FuncsTag, wabt::SharedValidator::funcs_)             \
  X(MemoriesTag, wabt::SharedValidator::memories_)       \
  X(GlobalsTag, wabt::SharedValidator::globals_)
#define WASK_GRANT(Tag, Member)               \
  struct Tag {                                \
    friend constexpr auto member(Tag);        \
  };                                          \
  template struct Grant<Tag, &Member>;
WASK_VALIDATOR_PRIVATE_MEMBERS(WASK_GRANT)
#undef WASK_GRANT
#undef WASK_VALIDATOR_PRIVATE_MEMBERS
// clang-format on

inline wabt::TypeChecker& checker(wabt::SharedValidator& v) { return v.*member(TypeCheckerTag{}); }
// Where the typechecker's errors point. The Loader's Locations are binary ones (an offset, no
// file name): a whole-struct copy would read the name back with a 16-byte load right after the
// caller's 8-byte stores (a store-forwarding stall: 40% of a local.get's validation).
inline void set_error_location(wabt::SharedValidator& v, const wabt::Location& loc) {
  wabt::Location& expr = v.*member(ExprLocTag{});
  expr.filename = std::string_view();
  expr.offset = loc.offset;
}
// What SharedValidator::CheckInstr does for an instruction of a function body: false in an
// initializer expression, where the wrapper reports the instruction itself.
inline bool begin_instruction(wabt::SharedValidator& v, const wabt::Location& loc) {
  if (v.*member(InInitExprTag{})) return false;
  set_error_location(v, loc);
  return true;
}
// SharedValidator::CheckAlign's condition for an alignment that passes.
inline bool alignment_ok(wabt::Address align, wabt::Address natural) {
  return align != 0 && (align & (align - 1)) == 0 && align <= natural;
}
}  // namespace validator_access

// The type `depth` values below the top of the validator's operand stack: wabt::Type::Any where
// the stack is polymorphic (after unreachable code); an error if there is no such value.
inline wabt::Result peek_operand_type(wabt::SharedValidator& validator, wabt::Index depth,
                                      wabt::Type* out) {
  // `member` is found by argument-dependent lookup: it is declared only as the tags' friend.
  wabt::TypeChecker& checker = validator.*member(validator_access::TypeCheckerTag{});
  return (checker.*member(validator_access::PeekTypeTag{}))(depth, out);
}

// Sets the element type of the table the validator took last: a table of exnref is registered as
// one of funcref (its OnTable refuses a type that is not Type::IsRef) and then given its real
// type, which every later check compares by equality.
inline void set_last_table_element(wabt::SharedValidator& validator, wabt::Type element) {
  auto& tables = validator.*member(validator_access::TablesTag{});
  if (!tables.empty()) tables.back().element = element;
}

// The hottest instructions' checks without SharedValidator's wrapper, which copies a wabt::Var
// per index and a function type (two vectors) per call: the same checks and the same
// typechecker calls. Whatever the wrapper would report an error for (an index out of range, a
// bad alignment, an immutable global, an initializer expression) goes through the wrapper, so
// every message stays wabt's own.
// `locals`: the body's locals as the validator took them, parameters first, one entry per index
// (the validator keeps one per declaration and binary-searches it on every access).
inline wabt::Result check_local(wabt::SharedValidator& v, std::span<const ValType> locals,
                                const wabt::Location& loc, wabt::Opcode op, wabt::Index index) {
  using namespace validator_access;
  if (index < locals.size() && begin_instruction(v, loc)) {
    const wabt::Type type = to_wabt(locals[index]);
    if (op == wabt::Opcode::LocalGet) return checker(v).OnLocalGet(type);
    if (op == wabt::Opcode::LocalSet) return checker(v).OnLocalSet(type);
    return checker(v).OnLocalTee(type);
  }
  const wabt::Var var(index, loc);
  if (op == wabt::Opcode::LocalGet) return v.OnLocalGet(loc, var);
  if (op == wabt::Opcode::LocalSet) return v.OnLocalSet(loc, var);
  return v.OnLocalTee(loc, var);
}

inline wabt::Result check_call(wabt::SharedValidator& v, const wabt::Location& loc,
                               wabt::Index func) {
  using namespace validator_access;
  const auto& funcs = v.*member(FuncsTag{});
  if (func < funcs.size() && begin_instruction(v, loc))
    return checker(v).OnCall(funcs[func].params, funcs[func].results);
  return v.OnCall(loc, wabt::Var(func, loc));
}

// A load or a store (`op` says which) of memory `memory` with alignment `align` (in bytes).
inline wabt::Result check_memory_access(wabt::SharedValidator& v, const wabt::Location& loc,
                                        wabt::Opcode op, wabt::Index memory, wabt::Address align,
                                        bool is_store) {
  using namespace validator_access;
  const auto& memories = v.*member(MemoriesTag{});
  if (memory < memories.size() && alignment_ok(align, op.GetMemorySize()) &&
      begin_instruction(v, loc)) {
    if (is_store) return checker(v).OnStore(op, memories[memory].limits);
    return checker(v).OnLoad(op, memories[memory].limits);
  }
  const wabt::Var var(memory, loc);
  return is_store ? v.OnStore(loc, op, var, align) : v.OnLoad(loc, op, var, align);
}

inline wabt::Result check_global(wabt::SharedValidator& v, const wabt::Location& loc,
                                 wabt::Index global, bool is_set) {
  using namespace validator_access;
  const auto& globals = v.*member(GlobalsTag{});
  if (global < globals.size() && (!is_set || globals[global].mutable_) &&
      begin_instruction(v, loc)) {
    if (is_set) return checker(v).OnGlobalSet(globals[global].type);
    return checker(v).OnGlobalGet(globals[global].type);
  }
  const wabt::Var var(global, loc);
  return is_set ? v.OnGlobalSet(loc, var) : v.OnGlobalGet(loc, var);
}

// An instruction whose wrapper is CheckInstr plus the typechecker's call of the same name
// (unary, conversion, binary, comparison): the typechecker's call without the wrapper's.
template <auto CheckerCall, auto WrapperCall, class... Args>
inline wabt::Result check_plain(wabt::SharedValidator& v, const wabt::Location& loc, Args... args) {
  using namespace validator_access;
  if (begin_instruction(v, loc)) return (checker(v).*CheckerCall)(args...);
  return (v.*WrapperCall)(loc, args...);
}

// A constant, valid in a body and in an initializer expression alike (the wrapper's OnConst).
inline wabt::Result check_const(wabt::SharedValidator& v, const wabt::Location& loc,
                                wabt::Type type) {
  using namespace validator_access;
  set_error_location(v, loc);
  return checker(v).OnConst(type);
}

// br and br_if: the wrapper only copies the depth's Var.
inline wabt::Result check_branch(wabt::SharedValidator& v, const wabt::Location& loc,
                                 wabt::Index depth, bool is_conditional) {
  using namespace validator_access;
  if (begin_instruction(v, loc))
    return is_conditional ? checker(v).OnBrIf(depth) : checker(v).OnBr(depth);
  const wabt::Var var(depth, loc);
  return is_conditional ? v.OnBrIf(loc, var) : v.OnBr(loc, var);
}

}  // namespace wask::interp
