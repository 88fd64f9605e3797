// The builtins: each a member of Shell listed once in builtins.def. Messages and statuses follow
// bash --posix where dash and bash differ (see docs/shell.md).
#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "shell/sh/arith.h"
#include "shell/sh/control.h"
#include "shell/sh/parser.h"
#include "shell/sh/shell.h"

namespace wask::shell::sh {

namespace {

std::string single_quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) out += c == '\'' ? "'\\''" : std::string(1, c);
  return out + "'";
}

bool is_reserved_word(std::string_view w) {
  for (std::string_view r : {"if", "then", "else", "elif", "fi", "do", "done", "case", "esac",
                             "while", "until", "for", "in", "{", "}", "!"})
    if (w == r) return true;
  return false;
}

// printf's and echo -e's backslash escapes; `stop` is set by \c.
std::string unescape(std::string_view s, bool percent_b, bool& stop) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case 'c':
        if (percent_b) {
          stop = true;
          return out;
        }
        out += "\\c";
        break;
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        // \NNN (printf format) or \0NNN (%b): up to three octal digits.
        size_t start = (percent_b && c == '0') ? i + 1 : i;
        int value = 0, digits = 0;
        size_t j = start;
        while (j < s.size() && digits < 3 && s[j] >= '0' && s[j] <= '7')
          value = value * 8 + (s[j++] - '0'), ++digits;
        out += char(value);
        i = j - 1;
        break;
      }
      case 'x': {
        int value = 0, digits = 0;
        size_t j = i + 1;
        while (j < s.size() && digits < 2 && std::isxdigit(static_cast<unsigned char>(s[j]))) {
          char h = s[j++];
          value = value * 16 +
                  (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (h | 32) - 'a' + 10);
          ++digits;
        }
        if (!digits) {
          out += "\\x";
        } else {
          out += char(value);
          i = j - 1;
        }
        break;
      }
      case '"':
        out += '"';
        break;
      case '\'':
        out += '\'';
        break;
      default:
        out += '\\', out += c;
    }
  }
  return out;
}

}  // namespace

const Shell::Builtin* Shell::find_builtin(std::string_view name) {
  static const Builtin kBuiltins[] = {
#define WASK_SH_BUILTIN(name, fn, special) {name, &Shell::fn, special},
#include "shell/sh/builtins.def"
#undef WASK_SH_BUILTIN
  };
  for (const Builtin& b : kBuiltins)
    if (b.name == name) return &b;
  return nullptr;
}

int Shell::b_colon(Args) { return 0; }
int Shell::b_true(Args) { return 0; }
int Shell::b_false(Args) { return 1; }

int Shell::b_echo(Args args) {
  bool newline = true, escapes = false;
  size_t i = 1;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-' || a.find_first_not_of("neE", 1) != std::string::npos) break;
    for (char c : a.substr(1)) {
      if (c == 'n')
        newline = false;
      else if (c == 'e')
        escapes = true;
      else
        escapes = false;
    }
  }
  std::string out;
  bool stop = false;
  for (size_t k = i; k < args.size() && !stop; ++k) {
    if (k > i) out += ' ';
    out += escapes ? unescape(args[k], true, stop) : args[k];
  }
  if (newline && !stop) out += '\n';
  return write_out(1, out) ? 0 : 1;
}

int Shell::b_printf(Args args) {
  if (args.size() < 2) {
    error("printf: usage: printf format [arguments]");
    return 2;
  }
  size_t first = args[1] == "--" ? 2 : 1;
  if (first >= args.size()) {
    error("printf: usage: printf format [arguments]");
    return 2;
  }
  std::string_view format = args[first];
  size_t next = first + 1;
  int status = 0;
  std::string out;
  bool stop = false;
  auto take_arg = [&]() -> std::optional<std::string> {
    if (next < args.size()) return args[next++];
    return std::nullopt;
  };
  auto take_number = [&]() -> int64_t {
    auto a = take_arg();
    if (!a || a->empty()) return 0;
    if ((*a)[0] == '\'' || (*a)[0] == '"') return a->size() > 1 ? (unsigned char)(*a)[1] : 0;
    if (auto n = parse_shell_integer(*a)) return *n;
    error("printf: " + *a + ": invalid number");
    status = 1;
    return 0;
  };
  do {
    size_t used_before = next;
    for (size_t i = 0; i < format.size() && !stop; ++i) {
      char c = format[i];
      if (c == '\\') {
        size_t j = i + 1;
        if (j < format.size() && format[j] >= '0' && format[j] <= '7') {
          while (j < format.size() && j < i + 4 && format[j] >= '0' && format[j] <= '7') ++j;
        } else if (j < format.size() && format[j] == 'x') {
          ++j;
          while (j < format.size() && j < i + 4 &&
                 std::isxdigit(static_cast<unsigned char>(format[j])))
            ++j;
        } else if (j < format.size()) {
          ++j;
        }
        bool ignored = false;
        out += unescape(format.substr(i, j - i), false, ignored);
        i = j - 1;
        continue;
      }
      if (c != '%') {
        out += c;
        continue;
      }
      if (i + 1 < format.size() && format[i + 1] == '%') {
        out += '%';
        ++i;
        continue;
      }
      std::string spec = "%";
      size_t j = i + 1;
      while (j < format.size() && std::string_view("-+ #0").find(format[j]) != std::string::npos)
        spec += format[j++];
      auto width_part = [&] {
        if (j < format.size() && format[j] == '*') {
          spec += std::to_string(take_number());
          ++j;
        } else {
          while (j < format.size() && std::isdigit(static_cast<unsigned char>(format[j])))
            spec += format[j++];
        }
      };
      width_part();
      if (j < format.size() && format[j] == '.') {
        spec += format[j++];
        width_part();
      }
      if (j >= format.size()) {
        error("printf: `" + std::string(format.substr(i)) + "': missing format character");
        return 1;
      }
      char conv = format[j];
      i = j;
      char buf[512];
      switch (conv) {
        case 'd':
        case 'i': {
          spec += PRId64;
          std::snprintf(buf, sizeof buf, spec.c_str(), take_number());
          out += buf;
          break;
        }
        case 'o':
        case 'u':
        case 'x':
        case 'X': {
          spec += conv == 'o' ? PRIo64 : conv == 'u' ? PRIu64 : conv == 'x' ? PRIx64 : PRIX64;
          std::snprintf(buf, sizeof buf, spec.c_str(), static_cast<uint64_t>(take_number()));
          out += buf;
          break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G': {
          spec += conv;
          auto a = take_arg();
          double value = a ? std::strtod(a->c_str(), nullptr) : 0.0;
          std::snprintf(buf, sizeof buf, spec.c_str(), value);
          out += buf;
          break;
        }
        case 'c': {
          auto a = take_arg();
          std::string ch = a && !a->empty() ? a->substr(0, 1) : "";
          spec += 's';
          std::snprintf(buf, sizeof buf, spec.c_str(), ch.c_str());
          out += buf;
          break;
        }
        case 's':
        case 'b': {
          auto a = take_arg();
          std::string text = a.value_or("");
          if (conv == 'b') text = unescape(text, true, stop);
          spec += 's';
          // Width and precision apply by hand: snprintf's buffer must not bound a long string.
          int size = std::snprintf(nullptr, 0, spec.c_str(), text.c_str());
          std::string formatted(size_t(std::max(size, 0)), '\0');
          std::snprintf(formatted.data(), formatted.size() + 1, spec.c_str(), text.c_str());
          out += formatted;
          break;
        }
        default:
          error(std::string("printf: `") + conv + "': invalid format character");
          return 1;
      }
    }
    if (next == used_before) break;  // the format takes no arguments: once
  } while (next < args.size() && !stop);
  if (!write_out(1, out)) return 1;
  return status;
}

// --- test / [ ------------------------------------------------------------------------------------

int Shell::b_test(Args args) {
  return test_expression(std::vector<std::string>(args.begin() + 1, args.end()));
}

int Shell::b_bracket(Args args) {
  if (args.back() != "]") {
    error("[: missing `]'");
    return 2;
  }
  return test_expression(std::vector<std::string>(args.begin() + 1, args.end() - 1));
}

int Shell::test_expression(std::vector<std::string> a) {
  struct TestError {};
  auto integer = [&](const std::string& s) -> int64_t {
    auto n = parse_shell_integer(s);
    if (!n || s.find_first_of("xX") != std::string::npos) {
      error("test: " + s + ": integer expression expected");
      throw TestError{};
    }
    return *n;
  };
  auto is_unary = [](const std::string& op) {
    return op.size() == 2 && op[0] == '-' &&
           std::string_view("bcdefghLnprsStuwxzGO").find(op[1]) != std::string::npos;
  };
  auto is_binary = [](const std::string& op) {
    for (std::string_view b :
         {"=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"})
      if (op == b) return true;
    return false;
  };
  auto unary = [&](const std::string& op, const std::string& x) -> bool {
    char k = op[1];
    if (k == 'n') return !x.empty();
    if (k == 'z') return x.empty();
    if (k == 't') return false;
    auto st =
        k == 'h' || k == 'L' ? config_.vfs->lstat(absolute(x)) : config_.vfs->stat(absolute(x));
    if (x.empty() || !st) return false;
    switch (k) {
      case 'e':
      case 'r':
      case 'w':
      case 'G':
      case 'O':
        return true;
      case 'f':
        return st->type == vfs::FileType::Regular;
      case 'd':
        return st->type == vfs::FileType::Directory;
      case 'h':
      case 'L':
        return st->type == vfs::FileType::Symlink;
      case 's':
        return st->size > 0;
      case 'x':
        return st->type == vfs::FileType::Directory || st->type == vfs::FileType::Regular;
      default:
        return false;
    }
  };
  auto binary = [&](const std::string& x, const std::string& op, const std::string& y) -> bool {
    if (op == "=" || op == "==") return x == y;
    if (op == "!=") return x != y;
    if (op == "<") return x < y;
    if (op == ">") return x > y;
    if (op == "-nt" || op == "-ot" || op == "-ef") {
      auto sx = config_.vfs->stat(absolute(x)), sy = config_.vfs->stat(absolute(y));
      if (op == "-ef") return sx && sy && sx->dev == sy->dev && sx->ino == sy->ino;
      if (op == "-nt") return sx && (!sy || sx->mtime_ns > sy->mtime_ns);
      return sy && (!sx || sx->mtime_ns < sy->mtime_ns);
    }
    int64_t l = integer(x), r = integer(y);
    if (op == "-eq") return l == r;
    if (op == "-ne") return l != r;
    if (op == "-lt") return l < r;
    if (op == "-le") return l <= r;
    if (op == "-gt") return l > r;
    return l >= r;
  };
  // The general grammar: or := and (-o and)*; and := not (-a not)*; not := ! not | primary.
  size_t i = 0;
  std::function<bool()> parse_or;
  std::function<bool()> parse_primary = [&]() -> bool {
    if (i >= a.size()) {
      error("test: argument expected");
      throw TestError{};
    }
    if (a[i] == "!") {
      ++i;
      return !parse_primary();
    }
    if (a[i] == "(" && i + 1 < a.size()) {
      ++i;
      bool v = parse_or();
      if (i >= a.size() || a[i] != ")") {
        error("test: `)' expected");
        throw TestError{};
      }
      ++i;
      return v;
    }
    if (i + 2 < a.size() + 0 && is_binary(a[i + 1])) {
      i += 3;
      return binary(a[i - 3], a[i - 2], a[i - 1]);
    }
    if (is_unary(a[i]) && i + 1 < a.size()) {
      i += 2;
      return unary(a[i - 2], a[i - 1]);
    }
    return !a[i++].empty();
  };
  std::function<bool()> parse_and = [&]() -> bool {
    bool v = parse_primary();
    while (i < a.size() && a[i] == "-a") {
      ++i;
      bool rhs = parse_primary();
      v = v && rhs;
    }
    return v;
  };
  parse_or = [&]() -> bool {
    bool v = parse_and();
    while (i < a.size() && a[i] == "-o") {
      ++i;
      bool rhs = parse_and();
      v = v || rhs;
    }
    return v;
  };
  try {
    // POSIX decides by the number of arguments first.
    switch (a.size()) {
      case 0:
        return 1;
      case 1:
        return a[0].empty() ? 1 : 0;
      case 2:
        if (a[0] == "!") return a[1].empty() ? 0 : 1;
        if (is_unary(a[0])) return unary(a[0], a[1]) ? 0 : 1;
        error("test: " + a[0] + ": unary operator expected");
        return 2;
      case 3:
        if (is_binary(a[1])) return binary(a[0], a[1], a[2]) ? 0 : 1;
        if (a[0] == "!") return test_expression({a[1], a[2]}) == 0 ? 1 : 0;
        if (a[0] == "(" && a[2] == ")") return a[1].empty() ? 1 : 0;
        if (a[1] == "-a" || a[1] == "-o") break;
        error("test: " + a[1] + ": binary operator expected");
        return 2;
      case 4:
        if (a[0] == "!") {
          int inner = test_expression({a[1], a[2], a[3]});
          return inner == 2 ? 2 : inner == 0 ? 1 : 0;
        }
        if (a[0] == "(" && a[3] == ")") return test_expression({a[1], a[2]});
        break;
    }
    bool v = parse_or();
    if (i < a.size()) {
      error("test: too many arguments");
      return 2;
    }
    return v ? 0 : 1;
  } catch (TestError&) {
    return 2;
  }
}

// --- the shell's own state -----------------------------------------------------------------------

int Shell::b_cd(Args args) {
  std::string target;
  bool print = false;
  if (args.size() > 2) {
    error("cd: too many arguments");
    return 1;
  }
  if (args.size() < 2) {
    auto home = variable("HOME");
    if (!home) {
      error("cd: HOME not set");
      return 1;
    }
    target = *home;
  } else if (args[1] == "-") {
    auto old = variable("OLDPWD");
    if (!old) {
      error("cd: OLDPWD not set");
      return 1;
    }
    target = *old;
    print = true;
  } else {
    target = args[1];
  }
  // The logical path: `..` removes the previous component, as cd -L does.
  std::vector<std::string> parts;
  std::string path = absolute(target);
  size_t pos = 0;
  while (pos < path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    std::string part = path.substr(pos, slash - pos);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    pos = slash + 1;
  }
  std::string resolved;
  for (const std::string& part : parts) resolved += "/" + part;
  if (resolved.empty()) resolved = "/";
  auto st = config_.vfs->stat(resolved);
  if (!st || st->type != vfs::FileType::Directory) {
    std::string why = !st ? std::string(vfs::message(st.error())) : "not a directory";
    why[0] = char(std::toupper(static_cast<unsigned char>(why[0])));
    error("cd: " + target + ": " + why);
    return 1;
  }
  set_var("OLDPWD", cwd_);
  vars_["OLDPWD"].exported = true;
  cwd_ = resolved;
  set_var("PWD", cwd_);
  vars_["PWD"].exported = true;
  if (print) write_out(1, cwd_ + "\n");
  return 0;
}

int Shell::b_pwd(Args) { return write_out(1, cwd_ + "\n") ? 0 : 1; }

namespace {
// `export`/`readonly` print each marked variable as a command that would recreate it.
std::string listing(std::string_view command, const auto& vars, bool Shell::Variable::*flag) {
  std::string out;
  for (const auto& [name, v] : vars)
    if (v.*flag) out += std::string(command) + " " + name + "=" + single_quoted(v.value) + "\n";
  return out;
}
}  // namespace

int Shell::b_export(Args args) {
  if (args.size() == 1 || args[1] == "-p")
    return write_out(1, listing("export", vars_, &Variable::exported)) ? 0 : 1;
  int status = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    size_t eq = args[i].find('=');
    std::string name = args[i].substr(0, eq);
    if (!is_name(name)) {
      error("export: `" + args[i] + "': not a valid identifier");
      status = 1;
      continue;
    }
    if (eq != std::string::npos && !set_var(name, args[i].substr(eq + 1))) {
      status = 1;
      continue;
    }
    vars_[name].exported = true;
  }
  return status;
}

int Shell::b_readonly(Args args) {
  if (args.size() == 1 || args[1] == "-p")
    return write_out(1, listing("readonly", vars_, &Variable::readonly)) ? 0 : 1;
  int status = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    size_t eq = args[i].find('=');
    std::string name = args[i].substr(0, eq);
    if (!is_name(name)) {
      error("readonly: `" + args[i] + "': not a valid identifier");
      status = 1;
      continue;
    }
    if (eq != std::string::npos && !set_var(name, args[i].substr(eq + 1))) {
      status = 1;
      continue;
    }
    vars_[name].readonly = true;
  }
  return status;
}

int Shell::b_unset(Args args) {
  bool functions = false;
  size_t i = 1;
  for (; i < args.size() && args[i][0] == '-'; ++i) {
    if (args[i] == "-f")
      functions = true;
    else if (args[i] == "-v")
      functions = false;
    else if (args[i] == "--") {
      ++i;
      break;
    }
  }
  int status = 0;
  for (; i < args.size(); ++i) {
    if (functions) {
      functions_.erase(args[i]);
      continue;
    }
    auto it = vars_.find(args[i]);
    if (it != vars_.end() && it->second.readonly) {
      error("unset: " + args[i] + ": cannot unset: readonly variable");
      status = 1;
      continue;
    }
    if (it != vars_.end()) vars_.erase(it);
  }
  return status;
}

int Shell::b_set(Args args) {
  if (args.size() == 1) {
    std::string out;
    for (const auto& [name, v] : vars_) out += name + "=" + single_quoted(v.value) + "\n";
    return write_out(1, out) ? 0 : 1;
  }
  size_t i = 1;
  auto option = [&](std::string_view name, bool on) {
    if (name == "e" || name == "errexit")
      errexit_ = on;
    else if (name == "u" || name == "nounset")
      nounset_ = on;
    else if (name == "x" || name == "xtrace")
      xtrace_ = on;
    else if (name == "f" || name == "noglob")
      noglob_ = on;
    else
      return false;
    return true;
  };
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      ++i;
      positional_.assign(args.begin() + i, args.end());
      return 0;
    }
    if (a == "-") {
      xtrace_ = false;
      ++i;
      break;
    }
    if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
    bool on = a[0] == '-';
    if (a.substr(1) == "o") {
      if (i + 1 >= args.size()) {
        std::string out;
        for (auto [name, value] : {std::pair{"errexit", errexit_},
                                   {"noglob", noglob_},
                                   {"nounset", nounset_},
                                   {"xtrace", xtrace_}})
          out += std::string(name) + (value ? "\ton\n" : "\toff\n");
        return write_out(1, out) ? 0 : 1;
      }
      if (!option(args[++i], on)) {
        error("set: " + args[i] + ": invalid option name");
        return 2;
      }
      continue;
    }
    for (char c : a.substr(1)) {
      if (!option(std::string_view(&c, 1), on)) {
        error(std::string("set: ") + a[0] + c + ": invalid option");
        return 2;
      }
    }
  }
  if (i < args.size()) positional_.assign(args.begin() + i, args.end());
  return 0;
}

int Shell::b_shift(Args args) {
  int64_t n = 1;
  if (args.size() > 1) {
    auto v = parse_shell_integer(args[1]);
    if (!v || *v < 0) {
      error("shift: " + args[1] + ": numeric argument required");
      return 1;
    }
    n = *v;
  }
  if (size_t(n) > positional_.size()) {
    error("shift: " + std::to_string(n) + ": shift count out of range");
    return 1;
  }
  positional_.erase(positional_.begin(), positional_.begin() + n);
  return 0;
}

int Shell::b_exit(Args args) {
  int status = last_status_;
  if (args.size() > 1) {
    auto n = parse_shell_integer(args[1]);
    if (!n) {
      error("exit: " + args[1] + ": numeric argument required");
      status = 2;
    } else {
      status = int(*n & 255);
    }
  }
  throw ExitRequest{status};
}

int Shell::b_return(Args args) {
  if (function_depth_ == 0) {
    error("return: can only `return' from a function or sourced script");
    return 1;
  }
  int status = last_status_;
  if (args.size() > 1) {
    auto n = parse_shell_integer(args[1]);
    if (!n) {
      error("return: " + args[1] + ": numeric argument required");
      status = 2;
    } else {
      status = int(*n & 255);
    }
  }
  throw ReturnRequest{status};
}

namespace {
int loop_levels(const std::vector<std::string>& args, int depth) {
  int64_t n = 1;
  if (args.size() > 1) n = parse_shell_integer(args[1]).value_or(1);
  if (n < 1) n = 1;
  return int(std::min<int64_t>(n, depth));
}
}  // namespace

int Shell::b_break(Args args) {
  if (loop_depth_ == 0) return 0;
  throw LoopRequest{loop_levels(args, loop_depth_), false};
}

int Shell::b_continue(Args args) {
  if (loop_depth_ == 0) return 0;
  throw LoopRequest{loop_levels(args, loop_depth_), true};
}

int Shell::b_local(Args args) {
  if (locals_.empty()) {
    error("local: can only be used in a function");
    return 1;
  }
  for (size_t i = 1; i < args.size(); ++i) {
    size_t eq = args[i].find('=');
    std::string name = args[i].substr(0, eq);
    if (!is_name(name)) {
      error("local: `" + args[i] + "': not a valid identifier");
      return 1;
    }
    auto& frame = locals_.back();
    if (!frame.count(name)) {
      auto it = vars_.find(name);
      frame[name] = it == vars_.end() ? std::nullopt : std::optional(it->second);
    }
    if (eq != std::string::npos) set_var(name, args[i].substr(eq + 1));
  }
  return 0;
}

int Shell::b_eval(Args args) {
  std::string text;
  for (size_t i = 1; i < args.size(); ++i) text += (i > 1 ? " " : "") + args[i];
  return eval_text(text, false);
}

int Shell::source_file(const std::string& name, std::vector<std::string> args) {
  std::string path = name;
  if (name.find('/') == std::string::npos) {
    std::string dirs = variable("PATH").value_or("");
    size_t pos = 0;
    path.clear();
    while (pos <= dirs.size()) {
      size_t colon = dirs.find(':', pos);
      if (colon == std::string::npos) colon = dirs.size();
      std::string dir = dirs.substr(pos, colon - pos);
      std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
      if (auto st = config_.vfs->stat(absolute(candidate));
          st && st->type == vfs::FileType::Regular) {
        path = candidate;
        break;
      }
      pos = colon + 1;
    }
    if (path.empty()) path = name;
  }
  auto text = config_.vfs->read_file(absolute(path));
  if (!text) {
    error(name + ": " + [&] {
      std::string m(vfs::message(text.error()));
      m[0] = char(std::toupper(static_cast<unsigned char>(m[0])));
      return m;
    }());
    return 1;
  }
  bool has_args = !args.empty();
  if (has_args) std::swap(args, positional_);
  ++function_depth_;
  int status;
  try {
    status = eval_text(std::move(*text), false);
  } catch (ReturnRequest& r) {
    status = r.status;
  } catch (...) {
    --function_depth_;
    if (has_args) std::swap(args, positional_);
    throw;
  }
  --function_depth_;
  if (has_args) std::swap(args, positional_);
  return last_status_ = status;
}

int Shell::b_dot(Args args) {
  if (args.size() < 2) {
    error(".: filename argument required");
    return 2;
  }
  return source_file(args[1], std::vector<std::string>(args.begin() + 2, args.end()));
}

int Shell::b_source(Args args) { return b_dot(args); }

// --- read ----------------------------------------------------------------------------------------

int Shell::b_read(Args args) {
  bool raw = false;
  size_t i = 1;
  for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; ++i) {
    if (args[i] == "--") {
      ++i;
      break;
    }
    if (args[i] == "-r")
      raw = true;
    else {
      error("read: " + args[i] + ": invalid option");
      return 2;
    }
  }
  std::vector<std::string> names(args.begin() + i, args.end());
  if (names.empty()) names.push_back("REPLY");
  for (const std::string& n : names)
    if (!is_name(n)) {
      error("read: `" + n + "': not a valid identifier");
      return 1;
    }
  return read_line_into(names, raw);
}

int Shell::read_line_into(const std::vector<std::string>& names, bool raw) {
  StreamPtr in = fds_.get(0);
  if (!in) {
    error("read: read error: 0: Bad file descriptor");
    return 1;
  }
  // The line, with each character marked if a backslash protected it from splitting.
  std::string line;
  std::vector<bool> escaped;
  bool eof = true;
  while (true) {
    std::byte byte;
    auto n = in->read(std::span(&byte, 1), &control_->cancel);
    if (!n && n.error() == vfs::Errc::Canceled) check_deadline();
    if (!n || *n == 0) break;
    char c = static_cast<char>(byte);
    if (c == '\n') {
      eof = false;
      break;
    }
    if (c == '\\' && !raw) {
      auto m = in->read(std::span(&byte, 1), &control_->cancel);
      if (!m || *m == 0) break;
      if (static_cast<char>(byte) == '\n') continue;  // a continued line
      line += static_cast<char>(byte);
      escaped.push_back(true);
      continue;
    }
    line += c;
    escaped.push_back(false);
    check_deadline();
  }
  std::string ifs = variable("IFS").value_or(" \t\n");
  auto is_ifs = [&](size_t k) { return !escaped[k] && ifs.find(line[k]) != std::string::npos; };
  auto is_ws = [&](size_t k) {
    return is_ifs(k) && (line[k] == ' ' || line[k] == '\t' || line[k] == '\n');
  };
  size_t pos = 0;
  while (pos < line.size() && is_ws(pos)) ++pos;
  for (size_t v = 0; v < names.size(); ++v) {
    std::string value;
    if (v + 1 == names.size()) {
      size_t end = line.size();
      while (end > pos && is_ws(end - 1)) --end;
      value = line.substr(pos, end - pos);
      pos = line.size();
    } else {
      while (pos < line.size() && !is_ifs(pos)) value += line[pos++];
      while (pos < line.size() && is_ws(pos)) ++pos;
      if (pos < line.size() && is_ifs(pos)) {
        ++pos;
        while (pos < line.size() && is_ws(pos)) ++pos;
      }
    }
    if (!set_var(names[v], value)) return 1;
  }
  return eof ? 1 : 0;
}

// --- commands ------------------------------------------------------------------------------------

int Shell::b_type(Args args) {
  int status = 0;
  std::string out;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& name = args[i];
    if (is_reserved_word(name))
      out += name + " is a shell keyword\n";
    else if (functions_.count(name))
      out += name + " is a function\n";
    else if (const Builtin* b = find_builtin(name))
      out += name + (b->special ? " is a special shell builtin\n" : " is a shell builtin\n");
    else if (auto found = config_.runner
                              ? config_.runner->find(name, variable("PATH").value_or(""), cwd_)
                              : CommandRunner::Found{};
             found.lookup == CommandRunner::Lookup::Found)
      out += name + " is " + found.path + "\n";
    else {
      error("type: " + name + ": not found");
      status = 1;
    }
  }
  write_out(1, out);
  return status;
}

int Shell::b_command(Args args) {
  size_t i = 1;
  bool describe = false;
  for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; ++i) {
    if (args[i] == "-v" || args[i] == "-V")
      describe = true;
    else if (args[i] == "--") {
      ++i;
      break;
    } else if (args[i] != "-p") {
      error("command: " + args[i] + ": invalid option");
      return 2;
    }
  }
  if (i >= args.size()) return 0;
  if (describe) {
    int status = 0;
    for (; i < args.size(); ++i) {
      const std::string& name = args[i];
      if (is_reserved_word(name) || functions_.count(name) || find_builtin(name)) {
        write_out(1, name + "\n");
        continue;
      }
      auto found = config_.runner ? config_.runner->find(name, variable("PATH").value_or(""), cwd_)
                                  : CommandRunner::Found{};
      if (found.lookup == CommandRunner::Lookup::Found)
        write_out(1, found.path + "\n");
      else
        status = 1;
    }
    return status;
  }
  std::vector<std::string> rest(args.begin() + i, args.end());
  if (const Builtin* b = find_builtin(rest[0])) return (this->*b->fn)(rest);
  return run_external(rest, {});
}

int Shell::b_exec(Args args) {
  if (args.size() == 1) {
    keep_redirs_ = true;
    return 0;
  }
  // The shell becomes the command: a program, never a builtin or function (as dash and bash).
  std::vector<std::string> rest(args.begin() + 1, args.end());
  CommandRunner::Found found;
  if (config_.runner) found = config_.runner->find(rest[0], variable("PATH").value_or(""), cwd_);
  if (found.lookup == CommandRunner::Lookup::NotFound) {
    error("exec: " + rest[0] + ": not found");
    throw ExitRequest{127};
  }
  throw ExitRequest{run_external(rest, {})};
}

int Shell::b_wait(Args args) {
  if (args.size() == 1) {
    for (auto& job : jobs_) job->wait();
    jobs_.clear();
    return 0;
  }
  int status = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    auto it = std::find_if(jobs_.begin(), jobs_.end(), [&](const auto& job) {
      return std::to_string(job->pid_or_id()) == args[i];
    });
    if (it == jobs_.end()) {
      error("wait: pid " + args[i] + " is not a child of this shell");
      status = 127;
      continue;
    }
    status = (*it)->wait();
    jobs_.erase(it);
  }
  return status;
}

int Shell::b_getopts(Args args) {
  if (args.size() < 3) {
    error("getopts: usage: getopts optstring name [arg ...]");
    return 2;
  }
  const std::string& optstring = args[1];
  const std::string& name = args[2];
  std::vector<std::string> words(args.begin() + 3, args.end());
  if (args.size() == 3) words = positional_;
  const bool silent = !optstring.empty() && optstring[0] == ':';
  int64_t optind = parse_shell_integer(variable("OPTIND").value_or("1")).value_or(1);
  if (optind < 1) optind = 1;
  if (optind != getopts_optind_) getopts_char_ = 1;
  auto finish = [&](int64_t next, std::string value, std::optional<std::string> optarg) {
    set_var("OPTIND", std::to_string(next));
    getopts_optind_ = next;
    if (optarg)
      set_var("OPTARG", *optarg);
    else
      unset_var("OPTARG");
    return set_var(name, std::move(value));
  };
  auto done = [&](int64_t next) {
    finish(next, "?", std::nullopt);
    getopts_char_ = 1;
    return 1;
  };
  if (size_t(optind) > words.size()) return done(optind);
  const std::string& word = words[size_t(optind) - 1];
  if (getopts_char_ == 1) {
    if (word == "--") return done(optind + 1);
    if (word.size() < 2 || word[0] != '-') return done(optind);
  }
  const char c = word[getopts_char_++];
  const bool word_ends = getopts_char_ >= word.size();
  const int64_t after_word = optind + 1;
  auto next_index = [&] {
    if (!word_ends) return optind;
    getopts_char_ = 1;
    return after_word;
  };
  size_t at = c == ':' ? std::string::npos : optstring.find(c);
  if (at == std::string::npos) {
    if (!silent) write_out(2, arg0_ + ": illegal option -- " + std::string(1, c) + "\n");
    int64_t next = next_index();
    return finish(next, "?", silent ? std::optional(std::string(1, c)) : std::nullopt) ? 0 : 1;
  }
  if (at + 1 < optstring.size() && optstring[at + 1] == ':') {
    const size_t rest = getopts_char_;  // -bVALUE: the value is the rest of the word
    getopts_char_ = 1;
    if (!word_ends) return finish(after_word, std::string(1, c), word.substr(rest)) ? 0 : 1;
    if (size_t(optind) < words.size())
      return finish(optind + 2, std::string(1, c), words[size_t(optind)]) ? 0 : 1;
    if (!silent) {
      write_out(2, arg0_ + ": option requires an argument -- " + std::string(1, c) + "\n");
      return finish(after_word, "?", std::nullopt) ? 0 : 1;
    }
    return finish(after_word, ":", std::string(1, c)) ? 0 : 1;
  }
  int64_t next = next_index();
  return finish(next, std::string(1, c), std::nullopt) ? 0 : 1;
}

int Shell::b_trap(Args args) {
  if (args.size() == 1) {
    std::string out;
    for (const auto& [signal, action] : traps_)
      out += "trap -- " + single_quoted(action) + " " + signal + "\n";
    return write_out(1, out) ? 0 : 1;
  }
  size_t first = 2;
  bool reset = args[1] == "-";
  if (args.size() == 2) {  // `trap N`: reset N
    reset = true;
    first = 1;
  }
  for (size_t i = first; i < args.size(); ++i) {
    std::string signal = args[i];
    if (signal.starts_with("SIG")) signal = signal.substr(3);
    if (signal == "0") signal = "EXIT";
    static constexpr std::string_view kSignals[] = {"EXIT", "HUP",  "INT",  "QUIT", "TERM",
                                                    "USR1", "USR2", "PIPE", "ALRM", "CHLD"};
    if (std::find(std::begin(kSignals), std::end(kSignals), signal) == std::end(kSignals)) {
      error("trap: " + args[i] + ": invalid signal specification");
      return 1;
    }
    if (reset)
      traps_.erase(signal);
    else
      traps_[signal] = args[1];
  }
  return 0;
}

int Shell::b_umask(Args args) {
  if (args.size() == 1) return write_out(1, "0022\n") ? 0 : 1;
  error("umask: not supported (the VFS has no permission bits)");
  return 2;
}

int Shell::b_alias(Args args) {
  if (args.size() == 1) return 0;  // no aliases are defined
  error("alias: not supported");
  return 2;
}

int Shell::b_unalias(Args args) {
  error("unalias: " + (args.size() > 1 ? args[1] : std::string()) + ": not found");
  return 1;
}

}  // namespace wask::shell::sh
