// $((...)): POSIX shell arithmetic (XCU 2.6.4) on 64-bit signed integers, with C's operators
// and precedence, assignments, and variables named without `$`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace wask::shell::sh {

struct ArithVariables {
  std::function<std::optional<std::string>(std::string_view name)> get;  // nullopt: unset
  std::function<void(std::string_view name, std::string value)> set;
};

// The value, or an error message ("division by zero", "syntax error in expression").
std::variant<int64_t, std::string> evaluate_arith(std::string_view expr,
                                                  const ArithVariables& vars);

// A shell integer: decimal, 0octal or 0xhex, with an optional sign and blanks around it.
std::optional<int64_t> parse_shell_integer(std::string_view text);

}  // namespace wask::shell::sh
