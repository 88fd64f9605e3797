// wabt 1.0.32's SharedValidator knows no exnref: equality checks treat its Type (-0x17) like any
// other type, which is right, but ref.is_null and untyped select decide by Type::IsRef, which is
// false for it. The loader then needs the type at a depth of the operand stack, which the
// validator keeps private: this reaches it through the rule that an explicit template
// instantiation may name private members (no copy of wabt's state, no change to its layout).
#pragma once

#include <wabt/shared-validator.h>
#include <wabt/type-checker.h>

namespace wask::interp {

namespace validator_access {
template <class Tag, auto Member>
struct Grant {
  friend constexpr auto member(Tag) { return Member; }
};
struct TypeCheckerTag {
  friend constexpr auto member(TypeCheckerTag);
};
struct PeekTypeTag {
  friend constexpr auto member(PeekTypeTag);
};
struct TablesTag {
  friend constexpr auto member(TablesTag);
};
template struct Grant<TypeCheckerTag, &wabt::SharedValidator::typechecker_>;
template struct Grant<TablesTag, &wabt::SharedValidator::tables_>;
template struct Grant<PeekTypeTag, &wabt::TypeChecker::PeekType>;
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

}  // namespace wask::interp
