// Backtracking on the last `*` only: linear in practice, never exponential.
#include "shell/sh/pattern.h"

#include <cctype>
#include <string>

namespace wask::shell::sh {

namespace {

bool in_class(std::string_view name, unsigned char c) {
  if (name == "alpha") return std::isalpha(c);
  if (name == "digit") return std::isdigit(c);
  if (name == "alnum") return std::isalnum(c);
  if (name == "upper") return std::isupper(c);
  if (name == "lower") return std::islower(c);
  if (name == "space") return std::isspace(c);
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "punct") return std::ispunct(c);
  if (name == "print") return std::isprint(c);
  if (name == "graph") return std::isgraph(c);
  if (name == "cntrl") return std::iscntrl(c);
  if (name == "xdigit") return std::isxdigit(c);
  return false;
}

// Matches the bracket expression at p[i] (just after `[`) against c. Sets `end` past the `]`;
// false for `end` == npos when the bracket does not close (then `[` is literal).
bool match_bracket(std::string_view p, size_t i, unsigned char c, size_t& end) {
  bool negate = false;
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) negate = true, ++i;
  bool matched = false;
  bool first = true;
  while (i < p.size() && (p[i] != ']' || first)) {
    first = false;
    if (p[i] == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      size_t close = p.find(":]", i + 2);
      if (close != std::string_view::npos) {
        matched |= in_class(p.substr(i + 2, close - i - 2), c);
        i = close + 2;
        continue;
      }
    }
    unsigned char lo = p[i];
    if (lo == '\\' && i + 1 < p.size()) lo = p[++i];
    ++i;
    unsigned char hi = lo;
    if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
      hi = p[i + 1];
      if (hi == '\\' && i + 2 < p.size()) hi = p[++i + 1];
      i += 2;
    }
    if (c >= lo && c <= hi) matched = true;
  }
  if (i >= p.size()) {
    end = std::string_view::npos;
    return false;
  }
  end = i + 1;
  return matched != negate;
}

}  // namespace

bool match_pattern(std::string_view p, std::string_view t) {
  size_t pi = 0, ti = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (ti < t.size()) {
    if (pi < p.size()) {
      char pc = p[pi];
      if (pc == '*') {
        star_p = ++pi;
        star_t = ti;
        continue;
      }
      if (pc == '?') {
        ++pi, ++ti;
        continue;
      }
      if (pc == '[') {
        size_t end;
        bool ok = match_bracket(p, pi + 1, static_cast<unsigned char>(t[ti]), end);
        if (end != std::string_view::npos) {
          if (ok) {
            pi = end, ++ti;
            continue;
          }
        } else if (t[ti] == '[') {
          ++pi, ++ti;
          continue;
        }
      } else {
        if (pc == '\\' && pi + 1 < p.size()) pc = p[++pi];
        if (pc == t[ti]) {
          ++pi, ++ti;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p;
    ti = ++star_t;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool has_glob_chars(std::string_view p) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\')
      ++i;
    else if (p[i] == '*' || p[i] == '?' || p[i] == '[')
      return true;
  }
  return false;
}

std::string unescape_pattern(std::string_view p) {
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) ++i;
    out += p[i];
  }
  return out;
}

}  // namespace wask::shell::sh
