// wask's own function-body decoder: reads one code-section entry (its locals and instructions)
// and calls the same BinaryReaderDelegate callbacks wabt's BinaryReader would, so the Loader's
// callbacks (validator + translator) serve both. module_reader.cc reads every other section
// (docs/interp.md, "Loading").
#pragma once

#include <wabt/binary-reader.h>
#include <wabt/feature.h>

#include <cstdint>
#include <span>

namespace wask::interp {

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
