// A precedence-climbing evaluator: each level parses and evaluates at once; `live` is false in
// the branch that && || ?: skip, so it neither assigns nor fails on a division by zero.
#include "shell/sh/arith.h"

#include <cctype>
#include <limits>

#include "shell/sh/parser.h"

namespace wask::shell::sh {

namespace {

struct ArithError {
  std::string message;
};

// An lvalue keeps its name so assignments can write it back.
struct Value {
  int64_t number = 0;
  std::string name;
};

// Wrapping arithmetic, as the shells do on overflow (no UB on the host).
int64_t wrap(uint64_t v) { return static_cast<int64_t>(v); }

class Evaluator {
 public:
  Evaluator(std::string_view text, const ArithVariables& vars) : s_(text), vars_(vars) {}

  int64_t run() {
    skip();
    if (pos_ >= s_.size()) return 0;
    int64_t v = comma(true);
    skip();
    if (pos_ < s_.size())
      fail("syntax error in expression (error token is \"" + std::string(s_.substr(pos_)) + "\")");
    return v;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  const ArithVariables& vars_;
  int depth_ = 0;

  [[noreturn]] static void fail(std::string message) { throw ArithError{std::move(message)}; }

  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool eat(std::string_view op) {
    skip();
    if (s_.substr(pos_, op.size()) != op) return false;
    pos_ += op.size();
    return true;
  }
  // An operator that is not the prefix of a longer one (`<` but not `<<` or `<=`).
  bool eat_exact(std::string_view op, std::string_view not_followed_by) {
    skip();
    if (s_.substr(pos_, op.size()) != op) return false;
    if (pos_ + op.size() < s_.size() &&
        not_followed_by.find(s_[pos_ + op.size()]) != std::string_view::npos)
      return false;
    pos_ += op.size();
    return true;
  }

  int64_t value_of(const Value& v) {
    if (v.name.empty()) return v.number;
    auto text = vars_.get(v.name);
    if (!text || text->empty()) return 0;
    auto n = parse_shell_integer(*text);
    if (!n) fail(*text + ": invalid number");
    return *n;
  }

  int64_t comma(bool live) {
    int64_t v = assign(live);
    while (eat(",")) v = assign(live);
    return v;
  }

  int64_t assign(bool live) {
    size_t start = pos_;
    skip();
    if (pos_ < s_.size() &&
        (std::isalpha(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) {
      size_t name_start = pos_;
      while (pos_ < s_.size() &&
             (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
        ++pos_;
      std::string name(s_.substr(name_start, pos_ - name_start));
      skip();
      static constexpr std::string_view kOps[] = {
          "<<=", ">>=", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "="};
      for (std::string_view op : kOps) {
        if (s_.substr(pos_, op.size()) != op) continue;
        if (op == "=" && pos_ + 1 < s_.size() && s_[pos_ + 1] == '=') break;  // ==
        pos_ += op.size();
        int64_t rhs = assign(live);
        if (!live) return 0;
        int64_t result = rhs;
        if (op != "=") result = binary(op.substr(0, op.size() - 1), value_of({0, name}), rhs);
        vars_.set(name, std::to_string(result));
        return result;
      }
    }
    pos_ = start;
    return conditional(live);
  }

  int64_t conditional(bool live) {
    int64_t c = binary_level(0, live);
    if (!eat("?")) return c;
    int64_t a = comma(live && c != 0);
    if (!eat(":")) fail("`:' expected for conditional expression");
    int64_t b = conditional(live && c == 0);
    return c ? a : b;
  }

  static int64_t binary(std::string_view op, int64_t a, int64_t b) {
    uint64_t ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
    if (op == "*") return wrap(ua * ub);
    if (op == "/" || op == "%") {
      if (b == 0) fail("division by zero");
      if (a == std::numeric_limits<int64_t>::min() && b == -1) return op == "/" ? a : 0;
      return op == "/" ? a / b : a % b;
    }
    if (op == "+") return wrap(ua + ub);
    if (op == "-") return wrap(ua - ub);
    if (op == "<<") return wrap(ua << (ub & 63));
    if (op == ">>") return a >> (ub & 63);
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    if (op == ">=") return a >= b;
    if (op == "==") return a == b;
    if (op == "!=") return a != b;
    if (op == "&") return a & b;
    if (op == "^") return a ^ b;
    if (op == "|") return a | b;
    fail("unknown operator");
  }

  // Levels from loosest to tightest; each operator with what must not follow it.
  struct Op {
    std::string_view text, not_followed_by;
  };
  static constexpr int kLevels = 10;
  static const std::vector<Op>& level_ops(int level) {
    static const std::vector<Op> kTable[kLevels] = {
        {{"||", ""}},
        {{"&&", ""}},
        {{"|", "|="}},
        {{"^", "="}},
        {{"&", "&="}},
        {{"==", ""}, {"!=", ""}},
        {{"<=", ""}, {">=", ""}, {"<", "<="}, {">", ">="}},
        {{"<<", "="}, {">>", "="}},
        {{"+", "="}, {"-", "="}},
        {{"*", "="}, {"/", "="}, {"%", "="}},
    };
    return kTable[level];
  }

  int64_t binary_level(int level, bool live) {
    if (level == kLevels) return unary(live);
    int64_t left = binary_level(level + 1, live);
    while (true) {
      const Op* matched = nullptr;
      for (const Op& op : level_ops(level))
        if (eat_exact(op.text, op.not_followed_by)) {
          matched = &op;
          break;
        }
      if (!matched) return left;
      if (matched->text == "||") {
        int64_t right = binary_level(level + 1, live && left == 0);
        left = left != 0 || right != 0;
      } else if (matched->text == "&&") {
        int64_t right = binary_level(level + 1, live && left != 0);
        left = left != 0 && right != 0;
      } else {
        int64_t right = binary_level(level + 1, live);
        left = live ? binary(matched->text, left, right) : 0;
      }
    }
  }

  int64_t unary(bool live) {
    if (++depth_ > 200) fail("expression nested too deeply");
    struct Leave {
      int& d;
      ~Leave() { --d; }
    } leave{depth_};
    skip();
    if (eat_exact("!", "=")) return !unary(live);
    if (eat("~")) return ~unary(live);
    if (eat_exact("-", "=")) return wrap(0 - static_cast<uint64_t>(unary(live)));
    if (eat_exact("+", "=")) return unary(live);
    return primary(live);
  }

  int64_t primary(bool live) {
    skip();
    if (eat("(")) {
      int64_t v = comma(live);
      if (!eat(")")) fail("missing `)'");
      return v;
    }
    if (pos_ >= s_.size()) fail("syntax error: operand expected");
    char c = s_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t start = pos_;
      while (pos_ < s_.size() && std::isalnum(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      auto n = parse_shell_integer(s_.substr(start, pos_ - start));
      if (!n) fail(std::string(s_.substr(start, pos_ - start)) + ": invalid number");
      return *n;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      while (pos_ < s_.size() &&
             (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
        ++pos_;
      return live ? value_of({0, std::string(s_.substr(start, pos_ - start))}) : 0;
    }
    fail("syntax error: operand expected (error token is \"" + std::string(s_.substr(pos_)) +
         "\")");
  }
};

}  // namespace

std::optional<int64_t> parse_shell_integer(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i >= text.size()) return std::nullopt;
  int base = 10;
  if (text[i] == '0' && i + 1 < text.size()) {
    if (text[i + 1] == 'x' || text[i + 1] == 'X') {
      base = 16;
      i += 2;
      if (i >= text.size()) return std::nullopt;
    } else {
      base = 8;
    }
  }
  uint64_t value = 0;
  for (; i < text.size(); ++i) {
    int digit;
    char c = text[i];
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (c >= 'a' && c <= 'f')
      digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      digit = c - 'A' + 10;
    else
      return std::nullopt;
    if (digit >= base) return std::nullopt;
    value = value * base + digit;  // wraps on overflow, as the shells do
  }
  return negative ? wrap(0 - value) : wrap(value);
}

std::variant<int64_t, std::string> evaluate_arith(std::string_view expr,
                                                  const ArithVariables& vars) {
  try {
    return Evaluator(expr, vars).run();
  } catch (ArithError& error) {
    return error.message;
  }
}

}  // namespace wask::shell::sh
