// Test helper: WebAssembly text -> binary, via wabt's parser and writer (with the name section).
#pragma once

#include <wabt/binary-writer.h>
#include <wabt/ir.h>
#include <wabt/resolve-names.h>
#include <wabt/stream.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wask::test {

inline std::vector<uint8_t> wat_to_wasm(std::string_view text) {
  wabt::Errors errors;
  auto lexer = wabt::WastLexer::CreateBufferLexer("test.wat", text.data(), text.size(), &errors);
  std::unique_ptr<wabt::Module> module;
  wabt::Features features;
  features.enable_exceptions();
  features.enable_tail_call();
  features.enable_extended_const();
  features.enable_multi_memory();
  features.enable_memory64();
  wabt::WastParseOptions parse_options(features);
  if (wabt::ParseWatModule(lexer.get(), &module, &errors, &parse_options) != wabt::Result::Ok ||
      wabt::ResolveNamesModule(module.get(), &errors) != wabt::Result::Ok) {
    std::string message = "bad test WAT:";
    for (const auto& e : errors) message += " " + e.message;
    throw std::runtime_error(message);
  }
  wabt::MemoryStream stream;
  wabt::WriteBinaryOptions write_options;
  write_options.write_debug_names = true;
  if (wabt::WriteBinaryModule(&stream, module.get(), write_options) != wabt::Result::Ok)
    throw std::runtime_error("cannot write test module");
  return stream.output_buffer().data;
}

}  // namespace wask::test
