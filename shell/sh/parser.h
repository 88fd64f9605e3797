// The shell's lexer and recursive-descent parser (POSIX XCU 2.3 token recognition, 2.10 grammar).
// A script is parsed one complete command (one line, with its here-documents) at a time, so the
// evaluator runs what precedes a syntax error, as dash and bash do.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "shell/sh/ast.h"

namespace wask::shell::sh {

struct ParseError {
  int line = 0;
  std::string message;  // "syntax error near unexpected token `fi'"
};

class Parser {
 public:
  explicit Parser(std::string source, int first_line = 1);
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // The next complete command; a null NodePtr at the end of the input.
  std::variant<NodePtr, ParseError> next();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The whole input as one list (for eval, `.`, functions' tests); null for empty input.
std::variant<NodePtr, ParseError> parse_all(std::string source, int first_line = 1);

// Whether `text` is a NAME (a letter or _, then letters, digits, _).
bool is_name(std::string_view text);

}  // namespace wask::shell::sh
