#include "interp/wast_text.h"

#include <iterator>
#include <memory>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "wabt/binary-writer.h"
#include "wabt/ir.h"
#include "wabt/stream.h"
#include "wabt/wast-lexer.h"
#include "wabt/wast-parser.h"

namespace wask::interp::wast {

namespace {

// wabt's errors as one line each, without the trailing newline.
// wabt's errors on one line, each as "LINE:COLUMN: message" within the compiled text.
std::string format_errors(const wabt::Errors& errors) {
  std::string text;
  for (const wabt::Error& error : errors) {
    if (!text.empty()) text += "; ";
    text += std::to_string(error.loc.line) + ":" + std::to_string(error.loc.first_column) + ": " +
            error.message;
  }
  return text.empty() ? "unknown error" : text;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

// A cursor over script text that skips whitespace and comments and counts lines.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  size_t pos() const { return pos_; }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void advance() {
    if (peek() == '\n') ++newlines_;
    ++pos_;
  }
  uint32_t newlines() const { return newlines_; }

  void skip_space_and_comments() {
    while (!at_end()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
      } else if (c == ';' && peek(1) == ';') {
        while (!at_end() && peek() != '\n') advance();
      } else if (c == '(' && peek(1) == ';') {
        skip_block_comment();
      } else {
        return;
      }
    }
  }

  // Skips a string literal starting at the current '"'; returns its body (without quotes).
  std::string_view skip_string() {
    size_t start = pos_ + 1;
    advance();
    while (!at_end() && peek() != '"') {
      if (peek() == '\\') advance();
      advance();
    }
    size_t end = pos_;
    if (!at_end()) advance();
    return text_.substr(start, end - start);
  }

  // A keyword or $id: everything up to the next delimiter.
  std::string_view read_word() {
    size_t start = pos_;
    while (!at_end()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == '"' ||
          c == ';') {
        break;
      }
      advance();
    }
    return text_.substr(start, pos_ - start);
  }

  void skip_block_comment() {
    int depth = 0;
    while (!at_end()) {
      if (peek() == '(' && peek(1) == ';') {
        ++depth;
        advance();
        advance();
      } else if (peek() == ';' && peek(1) == ')') {
        advance();
        advance();
        if (--depth == 0) return;
      } else {
        advance();
      }
    }
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  uint32_t newlines_ = 0;
};

// A top-level `(module $id? quote "..."*)` found at some position.
struct QuotedModule {
  std::string id;      // "$name" or empty
  std::string text;    // the decoded, concatenated strings
  std::string error;   // set if the form is not `(module $id? quote string*)`
  size_t end = 0;      // one past its closing parenthesis
  uint32_t lines = 0;  // newlines inside it
};

// If a quoted module starts at `start` (its '('), reads it.
std::optional<QuotedModule> match_quoted_module(std::string_view script, size_t start) {
  Scanner s(script.substr(start));
  s.advance();  // '('
  s.skip_space_and_comments();
  if (s.read_word() != "module") return std::nullopt;
  s.skip_space_and_comments();
  QuotedModule quoted;
  if (s.peek() == '$') {
    quoted.id = std::string(s.read_word());
    s.skip_space_and_comments();
  }
  if (s.read_word() != "quote") return std::nullopt;
  for (;;) {
    s.skip_space_and_comments();
    if (s.at_end()) {
      quoted.error = "unterminated (module quote ...)";
      break;
    }
    if (s.peek() == ')') {
      s.advance();
      break;
    }
    if (s.peek() != '"') {
      quoted.error = "expected a string in (module quote ...)";
      // Skip to the matching ')' so the rest of the script still parses.
      int depth = 1;
      while (!s.at_end() && depth > 0) {
        if (s.peek() == '"') {
          s.skip_string();
          continue;
        }
        if (s.peek() == '(') ++depth;
        if (s.peek() == ')') --depth;
        s.advance();
      }
      break;
    }
    quoted.text += decode_string_literal(s.skip_string());
  }
  quoted.end = start + s.pos();
  quoted.lines = s.newlines();
  return quoted;
}

// Reads an unsigned LEB128 at `pos`; nothing if it runs past the end.
std::optional<uint64_t> read_leb(const std::vector<uint8_t>& bytes, size_t& pos) {
  uint64_t value = 0;
  for (unsigned shift = 0; pos < bytes.size() && shift < 64; shift += 7) {
    uint8_t byte = bytes[pos++];
    value |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return value;
  }
  return std::nullopt;
}

// The text format has no data count section, and text validation needs none: an unknown data
// segment in memory.init or data.drop is invalid. wabt writes the section only when there are
// segments, so without one a module with no data segments is given an empty data count section,
// which keeps that error a validation error in the binary too.
void add_empty_data_count(std::vector<uint8_t>& bytes) {
  constexpr uint8_t kDataCount = 12, kCode = 10, kData = 11;
  size_t pos = 8;  // past magic and version
  std::optional<size_t> before_code_or_data;
  size_t after_last_known = pos;  // custom sections (id 0) such as names may follow it
  while (pos < bytes.size()) {
    size_t section_start = pos;
    uint8_t id = bytes[pos++];
    std::optional<uint64_t> size = read_leb(bytes, pos);
    if (!size || *size > bytes.size() - pos) return;  // not ours to fix
    if (id == kDataCount) return;
    if ((id == kCode || id == kData) && !before_code_or_data) before_code_or_data = section_start;
    pos += *size;
    if (id != 0) after_last_known = pos;
  }
  size_t insert_at = before_code_or_data.value_or(after_last_known);
  const uint8_t section[] = {kDataCount, 1, 0};
  bytes.insert(bytes.begin() + std::ptrdiff_t(insert_at), std::begin(section), std::end(section));
}

// Words of Wasm 3.0 text wabt 1.0.32 cannot read: X(word, feature). An entry ending in '.' is a
// prefix (a family of instructions).
// clang-format off
#define WASK_BEYOND_WABT_WORDS(X)                                                    \
  X("call_ref", "typed function references")                                         \
  X("return_call_ref", "typed function references")                                  \
  X("br_on_null", "typed function references")                                       \
  X("br_on_non_null", "typed function references")                                   \
  X("ref.as_non_null", "typed function references")                                  \
  X("br_on_cast", "garbage collection")                                              \
  X("br_on_cast_fail", "garbage collection")                                         \
  X("ref.test", "garbage collection")                                                \
  X("ref.cast", "garbage collection")                                                \
  X("ref.eq", "garbage collection")                                                  \
  X("ref.i31", "garbage collection")                                                 \
  X("ref.struct", "garbage collection")                                              \
  X("ref.array", "garbage collection")                                               \
  X("ref.host", "garbage collection")                                                \
  X("struct.", "garbage collection")                                                 \
  X("array.", "garbage collection")                                                  \
  X("i31.", "garbage collection")                                                    \
  X("any.convert_extern", "garbage collection")                                      \
  X("extern.convert_any", "garbage collection")                                      \
  X("anyref", "garbage collection")                                                  \
  X("eqref", "garbage collection")                                                   \
  X("i31ref", "garbage collection")                                                  \
  X("structref", "garbage collection")                                               \
  X("arrayref", "garbage collection")                                                \
  X("nullref", "garbage collection")                                                 \
  X("nullfuncref", "garbage collection")                                             \
  X("nullexternref", "garbage collection")                                           \
  X("try_table", "exception handling with exnref")                                   \
  X("throw_ref", "exception handling with exnref")                                   \
  X("exnref", "exception handling with exnref")                                      \
  X("nullexnref", "exception handling with exnref")
// The same for the first word after '(': X(word, feature).
#define WASK_BEYOND_WABT_FORMS(X)                                                    \
  X("ref", "typed function references")                                              \
  X("rec", "garbage collection")                                                     \
  X("sub", "garbage collection")                                                     \
  X("struct", "garbage collection")                                                  \
  X("array", "garbage collection")                                                   \
  X("field", "garbage collection")                                                   \
  X("thread", "threads in scripts")                                                  \
  X("wait", "threads in scripts")                                                    \
  X("assert_suspension", "stack switching")
// clang-format on

bool is_delimiter(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == '"' ||
         c == ';';
}

struct BeyondEntry {
  std::string_view word, feature;
};
// clang-format off
constexpr BeyondEntry kBeyondWords[] = {
#define X(w, f) {w, f},
    WASK_BEYOND_WABT_WORDS(X)
#undef X
};
constexpr BeyondEntry kBeyondForms[] = {
#define X(w, f) {w, f},
    WASK_BEYOND_WABT_FORMS(X)
#undef X
};
// clang-format on

// The feature of `word` in `table`; an entry ending in '.' matches as a prefix.
std::optional<std::string_view> beyond_wabt(std::span<const BeyondEntry> table,
                                            std::string_view word) {
  for (const BeyondEntry& e : table) {
    if (e.word.ends_with('.') ? word.starts_with(e.word) : word == e.word) return e.feature;
  }
  return std::nullopt;
}

}  // namespace

std::vector<ScriptCommand> split_commands(std::string_view script) {
  std::vector<ScriptCommand> commands;
  Scanner s(script);
  for (;;) {
    s.skip_space_and_comments();
    if (s.at_end()) break;
    const size_t start = s.pos();
    const uint32_t line = s.newlines() + 1;
    if (s.peek() != '(') {
      // Stray text: one "command" up to the next form, for wabt to reject.
      while (!s.at_end() && s.peek() != '(') s.advance();
    } else {
      int depth = 0;
      while (!s.at_end()) {
        const char c = s.peek();
        if ((c == ';' && s.peek(1) == ';') || (c == '(' && s.peek(1) == ';')) {
          s.skip_space_and_comments();
        } else if (c == '"') {
          s.skip_string();
        } else {
          s.advance();
          if (c == '(') ++depth;
          if (c == ')' && --depth == 0) break;
        }
      }
    }
    commands.push_back({script.substr(start, s.pos() - start), line});
  }
  return commands;
}

std::optional<BinaryModuleText> top_level_binary_module(std::string_view command) {
  Scanner s(command);
  s.skip_space_and_comments();
  if (s.peek() != '(') return std::nullopt;
  s.advance();
  s.skip_space_and_comments();
  if (s.read_word() != "module") return std::nullopt;
  s.skip_space_and_comments();
  BinaryModuleText out;
  if (s.peek() == '$') {
    out.name = std::string(s.read_word());
    s.skip_space_and_comments();
  }
  if (s.read_word() != "binary") return std::nullopt;
  for (;;) {
    s.skip_space_and_comments();
    if (s.peek() == ')') break;
    if (s.peek() != '"') return std::nullopt;  // not the plain form: wabt's to judge
    const std::string bytes = decode_string_literal(s.skip_string());
    out.bytes.insert(out.bytes.end(), bytes.begin(), bytes.end());
  }
  s.advance();
  s.skip_space_and_comments();
  if (!s.at_end()) return std::nullopt;
  return out;
}

std::optional<BeyondWabt> find_beyond_wabt(std::string_view text) {
  Scanner s(text);
  bool after_paren = false;
  std::string_view previous;  // the word before, for `ref.null $t` and `(module definition`
  while (!s.at_end()) {
    const char c = s.peek();
    if ((c == ';' && s.peek(1) == ';') || (c == '(' && s.peek(1) == ';')) {
      s.skip_space_and_comments();
    } else if (c == '"') {
      s.skip_string();
      after_paren = false;
      previous = {};
    } else if (c == '(' || c == ')' || is_delimiter(c)) {
      after_paren = c == '(';
      s.advance();
    } else {
      const uint32_t line = s.newlines() + 1;
      const std::string_view word = s.read_word();
      std::optional<std::string_view> feature =
          after_paren ? beyond_wabt(kBeyondForms, word) : std::optional<std::string_view>();
      if (feature) return BeyondWabt{*feature, std::string("(").append(word), line};
      feature = beyond_wabt(kBeyondWords, word);
      if (!feature && previous == "ref.null" && word != "func" && word != "extern")
        feature = "typed function references";
      if (!feature && previous == "module" && (word == "definition" || word == "instance"))
        feature = "module definitions and instances";
      if (feature) {
        const std::string shown =
            previous == "ref.null" || previous == "module" ? std::string(previous) + " " : "";
        return BeyondWabt{*feature, shown + std::string(word), line};
      }
      previous = word;
      after_paren = false;
    }
  }
  return std::nullopt;
}

CompiledWat write_wasm(const wabt::Module& module) {
  wabt::MemoryStream stream;
  wabt::WriteBinaryOptions options;
  options.write_debug_names = true;  // function names reach backtraces
  // wabt 1.0.32's writer asserts (aborts) on a data segment of another memory than memory 0.
  for (const wabt::DataSegment* segment : module.data_segments) {
    if (module.GetMemoryIndex(segment->memory_var) != 0)
      return {{},
              fmt::format("wabt 1.0.32 cannot encode a data segment of memory {}: write the "
                          "module as (module binary ...)",
                          module.GetMemoryIndex(segment->memory_var))};
  }
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, &module, options))) {
    return {{}, "wabt could not encode the module"};
  }
  std::vector<uint8_t> bytes = std::move(stream.output_buffer().data);
  if (module.data_segments.empty()) add_empty_data_count(bytes);
  return {std::move(bytes), {}};
}

CompiledWat compile_wat(std::string_view text, std::string_view filename) {
  wabt::Errors errors;
  std::unique_ptr<wabt::WastLexer> lexer =
      wabt::WastLexer::CreateBufferLexer(filename, text.data(), text.size(), &errors);
  wabt::Features features;
  features.enable_relaxed_simd();
  features.enable_multi_memory();
  features.enable_memory64();
  wabt::WastParseOptions options(features);
  std::unique_ptr<wabt::Module> module;
  if (wabt::Failed(wabt::ParseWatModule(lexer.get(), &module, &errors, &options)) || !module) {
    return {{}, format_errors(errors)};
  }
  return write_wasm(*module);
}

std::string decode_string_literal(std::string_view body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char e = body[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '"':
        out += '"';
        break;
      case '\'':
        out += '\'';
        break;
      case '\\':
        out += '\\';
        break;
      case 'u': {
        uint32_t cp = 0;
        size_t j = i + 1;
        if (j < body.size() && body[j] == '{') {
          for (++j; j < body.size() && body[j] != '}'; ++j) {
            int d = hex_digit(body[j]);
            if (d >= 0) cp = cp * 16 + uint32_t(d);
          }
          i = j;
        }
        append_utf8(out, cp);
        break;
      }
      default: {
        int hi = hex_digit(e);
        int lo = i + 1 < body.size() ? hex_digit(body[i + 1]) : -1;
        if (hi >= 0 && lo >= 0) {
          out += char(hi * 16 + lo);
          ++i;
        } else {
          out += e;
        }
      }
    }
  }
  return out;
}

bool is_blank(std::string_view script) {
  Scanner s(script);
  s.skip_space_and_comments();
  return s.at_end();
}

RewrittenScript rewrite_quoted_modules(std::string_view script, std::string_view filename) {
  RewrittenScript out;
  Scanner s(script);
  int depth = 0;
  size_t copied = 0;
  while (!s.at_end()) {
    char c = s.peek();
    if ((c == ';' && s.peek(1) == ';') || (c == '(' && s.peek(1) == ';')) {
      s.skip_space_and_comments();
    } else if (c == '"') {
      s.skip_string();
    } else if (c == '(') {
      std::optional<QuotedModule> quoted;
      if (depth == 0) quoted = match_quoted_module(script, s.pos());
      if (!quoted) {
        ++depth;
        s.advance();
        continue;
      }
      uint32_t line = s.newlines() + 1;
      CompiledWat compiled;
      if (quoted->error.empty()) {
        compiled = compile_wat(quoted->text, filename);
      } else {
        compiled.error = quoted->error;
      }
      if (!compiled.ok()) out.quote_errors[line] = compiled.error;
      out.text.append(script.substr(copied, s.pos() - copied));
      out.text += "(module ";
      if (!quoted->id.empty()) out.text += quoted->id + " ";
      out.text += "binary \"";
      // wabt reads binary modules while parsing, so a failed one becomes the empty module.
      static constexpr uint8_t kEmptyModule[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
      if (!compiled.ok()) compiled.bytes.assign(std::begin(kEmptyModule), std::end(kEmptyModule));
      static constexpr char kHex[] = "0123456789abcdef";
      for (uint8_t byte : compiled.bytes) {
        out.text += '\\';
        out.text += kHex[byte >> 4];
        out.text += kHex[byte & 15];
      }
      out.text += "\")";
      out.text.append(quoted->lines, '\n');  // keep every later line where it was
      while (s.pos() < quoted->end) s.advance();
      copied = quoted->end;
    } else {
      if (c == ')') --depth;
      s.advance();
    }
  }
  out.text.append(script.substr(copied));
  return out;
}

}  // namespace wask::interp::wast
