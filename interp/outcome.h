// Typed outcomes of running guest code: the spec keeps Trap, Link error, Exhaustion and Crash
// apart; so do we, plus a guest's voluntary exit (WASI proc_exit) and a host function's own trap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wask::interp {

// X(enumerator, spec message). The messages are the spec interpreter's, so .wast scripts match
// them.
#define WASK_TRAP_REASONS(X)                                     \
  X(Unreachable, "unreachable")                                  \
  X(IntegerDivideByZero, "integer divide by zero")               \
  X(IntegerOverflow, "integer overflow")                         \
  X(InvalidConversionToInteger, "invalid conversion to integer") \
  X(OutOfBoundsMemoryAccess, "out of bounds memory access")      \
  X(OutOfBoundsTableAccess, "out of bounds table access")        \
  X(IndirectCallTypeMismatch, "indirect call type mismatch")     \
  X(UndefinedElement, "undefined element")                       \
  X(UninitializedElement, "uninitialized element")               \
  X(NullFunctionReference, "null function reference")            \
  X(NullExceptionReference, "null exception reference")          \
  X(CallStackExhausted, "call stack exhausted")                  \
  X(OutOfFuel, "out of fuel")                                    \
  X(HostMemoryExhausted, "host memory budget exhausted")         \
  X(HostError, "host function error")

enum class TrapReason : uint8_t {
#define X(name, text) name,
  WASK_TRAP_REASONS(X)
#undef X
};

// The spec's text for a trap reason, e.g. "integer divide by zero".
std::string_view trap_message(TrapReason reason);

enum class OutcomeKind : uint8_t {
  Ok,           // returned normally
  Trap,         // a spec trap (or a host function's trap); `reason` says which
  Exhaustion,   // call stack exhausted or fuel ran out; `reason` says which
  Interrupted,  // StoreConfig::interrupt was set; `backtrace` says where the guest was
  Exit,         // the guest asked to end (WASI proc_exit) with `exit_code`
  Exception,    // a wasm exception no handler caught; `exception_tag` names its tag
  LinkError,    // instantiation could not resolve or match an import
  Crash,        // an internal bug in wask: never the guest's fault
};

// One frame of a backtrace, innermost first.
struct BacktraceFrame {
  uint32_t func_index = 0;
  std::string func_name;    // from the name section or an export; empty if unknown
  std::string module_name;  // the module's name if it has one
};

struct Outcome {
  OutcomeKind kind = OutcomeKind::Ok;
  TrapReason reason = TrapReason::Unreachable;  // meaningful for Trap and Exhaustion
  std::string message;                          // human text: the trap message, link error, ...
  int32_t exit_code = 0;                        // meaningful for Exit
  std::string exception_tag;                    // for Exception: the tag's export or import name
  std::vector<BacktraceFrame> backtrace;        // for Trap, Exhaustion, Interrupted, Exception
  uint32_t omitted_frames = 0;                  // outer frames left out of a deep backtrace

  bool ok() const { return kind == OutcomeKind::Ok; }
  static Outcome trap(TrapReason r);
  static Outcome trap(TrapReason r, std::string message);
  static Outcome exhaustion(TrapReason r);
  static Outcome interrupted();
  static Outcome exit(int32_t code);
  static Outcome exception(std::string tag);
  static Outcome link_error(std::string message);
  static Outcome crash(std::string message);
};

// "trap: integer divide by zero" plus one "  at name (func N)" line per frame.
std::string describe(const Outcome& outcome);

}  // namespace wask::interp
