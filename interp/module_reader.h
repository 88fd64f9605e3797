// wask's own decoder of a module's sections (everything but the instructions of function bodies,
// which body_reader.cc decodes): reads the binary format and calls the same
// wabt::BinaryReaderDelegate callbacks wabt's BinaryReader would, so the Loader's callbacks
// (SharedValidator + recording) serve it unchanged (docs/interp.md, "Loading").
#pragma once

#include <wabt/binary-reader.h>
#include <wabt/feature.h>

#include <cstdint>
#include <span>

namespace wask::interp {

struct ModuleReadOptions {
  const wabt::Features* features = nullptr;
  bool read_names = true;  // the `name` section: OnModuleName, OnFunctionName, OnNameEntry(Tag)
  // Decode each body here with read_function_body (a decode-only pass); otherwise a body gets
  // BeginFunctionBody(index, size) (state->offset at its first byte) and EndFunctionBody only.
  bool decode_bodies = false;
};

// How a read ended. Malformed and Invalid errors are reported through OnError first, with the
// spec's wording; Invalid is the one thing decoding finds that the spec calls a validation error
// (an element item or constant expression that is an instruction, but not a constant one);
// Stopped: a callback failed (and reported its own error).
enum class ReadStatus : uint8_t { Ok, Malformed, Invalid, Stopped };

// Reads `bytes` as a module: BeginModule, the sections in order (a broken `name` section is
// ignored, as the spec ignores custom sections' contents), EndModule.
ReadStatus read_module(std::span<const uint8_t> bytes, wabt::BinaryReaderDelegate& delegate,
                       const ModuleReadOptions& options);

}  // namespace wask::interp
