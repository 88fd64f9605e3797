// Shell pattern matching (XCU 2.13): `*`, `?`, bracket expressions with ranges, `!`/`^` and
// character classes; a backslash makes the next character literal.
#pragma once

#include <string>
#include <string_view>

namespace wask::shell::sh {

bool match_pattern(std::string_view pattern, std::string_view text);
// Whether `pattern` has an unescaped `*`, `?` or `[` (else it matches only itself).
bool has_glob_chars(std::string_view pattern);
// The pattern's text without its escaping backslashes.
std::string unescape_pattern(std::string_view pattern);

}  // namespace wask::shell::sh
