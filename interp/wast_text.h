// Text-format helpers for the .wast runner (internal to interp/): compiling WebAssembly text to a
// binary with wabt, and working around what wabt's script parser cannot read itself.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wabt {
struct Module;
}

namespace wask::interp::wast {

// A binary module, or why the text could not become one.
struct CompiledWat {
  std::vector<uint8_t> bytes;
  std::string error;  // wabt's messages; empty on success
  bool ok() const { return error.empty(); }
};

// The binary encoding of a module wabt has already parsed (names written to the name section).
CompiledWat write_wasm(const wabt::Module& module);

// Parses module text (the contents of a `(module quote ...)`) and encodes it.
CompiledWat compile_wat(std::string_view text, std::string_view filename);

// Decodes the body of a .wast string literal (without its quotes): \n \t \r \" \' \\ \hh \u{...}.
std::string decode_string_literal(std::string_view body);

// True if the text holds nothing but whitespace and comments.
bool is_blank(std::string_view script);

// wabt 1.0.32 aborts on a top-level `(module $id? quote "...")`, so those are compiled here and
// replaced, line numbers kept, by `(module $id? binary "...")`. A quoted module whose text does not
// compile becomes the empty module, and its error is kept under the line it starts on.
struct RewrittenScript {
  std::string text;
  std::map<uint32_t, std::string> quote_errors;  // by 1-based line
};
RewrittenScript rewrite_quoted_modules(std::string_view script, std::string_view filename);

// One top-level command of a script: its text and the 1-based line it starts on. The runner hands
// commands to wabt one at a time, so one it cannot parse fails alone.
struct ScriptCommand {
  std::string_view text;
  uint32_t line = 1;
};
std::vector<ScriptCommand> split_commands(std::string_view script);

// A top-level `(module $id? binary "..."*)` command: its name ("" or "$id") and bytes. wabt's
// script parser decodes such a module with its own binary reader, which knows no exnref or
// table64, so the runner takes these commands itself and wask's decoder is the only one to read
// them. Nothing for any other command.
struct BinaryModuleText {
  std::string name;
  std::vector<uint8_t> bytes;
};
std::optional<BinaryModuleText> top_level_binary_module(std::string_view command);

// Text beyond what wabt 1.0.32 reads (it stops with a parse error, or aborts on an assertion):
// the feature, the word that shows it and its 1-based line within `text`. Looked for outside
// string literals, before wabt sees the text.
struct BeyondWabt {
  std::string_view feature;  // "typed function references", ...
  std::string word;          // "call_ref", "(ref", ...
  uint32_t line = 1;
};
std::optional<BeyondWabt> find_beyond_wabt(std::string_view text);

}  // namespace wask::interp::wast
