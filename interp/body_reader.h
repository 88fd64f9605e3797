// wask's own function-body decoder: reads one code-section entry (its locals and instructions)
// and calls the same BinaryReaderDelegate callbacks wabt's BinaryReader would, so the Loader's
// callbacks (validator + translator) serve both. module_reader.cc reads every other section
// (docs/interp.md, "Loading").
#pragma once

#include <wabt/binary-reader-nop.h>
#include <wabt/binary-reader.h>
#include <wabt/feature.h>

#include <cstdint>
#include <span>

namespace wask::interp {

// One catch clause of a try_table (standard exception handling), as in the binary.
struct CatchClause {
  enum class Kind : uint8_t { Catch, CatchRef, CatchAll, CatchAllRef };  // bytes 0x00 .. 0x03
  Kind kind = Kind::Catch;
  uint32_t tag = 0;  // Catch and CatchRef only
  uint32_t label = 0;
  bool has_tag() const { return kind == Kind::Catch || kind == Kind::CatchRef; }
  bool takes_ref() const { return kind == Kind::CatchRef || kind == Kind::CatchAllRef; }
};

// wabt's delegate plus the instructions wabt 1.0.32 has no callbacks for: the standard exception
// handling's try_table and throw_ref (exnref itself arrives as wabt::Type -0x17: wabt_types.h).
// A delegate that is not a BodyDelegate (a decode-only pass) gets only their OnOpcode.
class BodyDelegate : public wabt::BinaryReaderNop {
 public:
  virtual wabt::Result OnTryTableExpr(wabt::Type sig, std::span<const CatchClause> catches) = 0;
  virtual wabt::Result OnThrowRefExpr() = 0;
};

struct BodyReadOptions {
  const wabt::Features* features = nullptr;
  bool has_data_count = false;  // memory.init and data.drop need a DataCount section
};

// Reads the body at [begin, end) of `module` (the bytes after the body's size) as function
// `func_index`: BeginFunctionBody, OnLocalDeclCount, OnLocalDecl..., OnOpcode + On*Expr per
// instruction, EndFunctionBody. Sets `delegate.state` to its own position while it reads (error
// offsets are offsets in `module`). A malformed body is reported through OnError with the
// spec's wording ("unexpected end", "illegal opcode", "integer too large", ...); a callback's
// failure just stops the read.
wabt::Result read_function_body(std::span<const uint8_t> module, size_t begin, size_t end,
                                uint32_t func_index, wabt::BinaryReaderDelegate& delegate,
                                const BodyReadOptions& options);

}  // namespace wask::interp
