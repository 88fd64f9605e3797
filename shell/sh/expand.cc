// Word expansion in the POSIX order (XCU 2.6): tilde, parameter, command substitution and
// arithmetic build fields whose every character remembers whether it was quoted and whether it
// came from an expansion; field splitting then cuts only expansion characters on IFS, pathname
// expansion globs only unquoted ones, and quote removal is already done.
#include <algorithm>

#include "shell/sh/arith.h"
#include "shell/sh/control.h"
#include "shell/sh/parser.h"
#include "shell/sh/pattern.h"
#include "shell/sh/shell.h"

namespace wask::shell::sh {

namespace {
constexpr uint8_t kQuoted = 1;  // neither split nor globbed
constexpr uint8_t kSplit = 2;   // an unquoted expansion's result: split on IFS
}  // namespace

struct Shell::Builder {
  struct Field {
    std::string text;
    std::vector<uint8_t> flags;
    std::vector<size_t> forced;  // offsets of quoted (maybe empty) text: the field exists
  };
  std::vector<Field> fields;
  Field cur;

  void add(std::string_view s, uint8_t flag) {
    if (flag & kQuoted) cur.forced.push_back(cur.text.size());
    cur.text += s;
    cur.flags.insert(cur.flags.end(), s.size(), flag);
  }
  void force() { cur.forced.push_back(cur.text.size()); }
  void hard_break() {
    fields.push_back(std::move(cur));
    cur = {};
  }
  std::vector<Field> finish() {
    fields.push_back(std::move(cur));
    cur = {};
    return std::move(fields);
  }
  std::string joined() {
    std::string out;
    auto all = finish();
    for (size_t i = 0; i < all.size(); ++i) out += (i ? " " : "") + all[i].text;
    return out;
  }
};

std::optional<std::string> Shell::param_value(std::string_view name) const {
  if (name.size() == 1) {
    switch (name[0]) {
      case '?':
        return std::to_string(last_status_);
      case '#':
        return std::to_string(positional_.size());
      case '$':
        return std::to_string(config_.pid);
      case '!':
        return last_job_ ? std::optional(std::to_string(last_job_->pid_or_id())) : std::nullopt;
      case '0':
        return arg0_;
      case '-': {
        std::string flags;
        if (errexit_) flags += 'e';
        if (noglob_) flags += 'f';
        if (nounset_) flags += 'u';
        if (xtrace_) flags += 'x';
        return flags;
      }
      case '@':
      case '*': {
        if (positional_.empty()) return std::nullopt;
        std::string out;
        for (size_t i = 0; i < positional_.size(); ++i) out += (i ? " " : "") + positional_[i];
        return out;
      }
    }
  }
  if (name == "LINENO") return std::to_string(line_);
  if (name[0] >= '0' && name[0] <= '9') {
    size_t n = 0;
    for (char c : name) {
      n = n * 10 + (c - '0');
      if (n > positional_.size()) return std::nullopt;
    }
    if (n == 0 || n > positional_.size()) return std::nullopt;
    return positional_[n - 1];
  }
  return variable(name);
}

void Shell::expand_param(const Param& p, Builder& out, bool in_quotes) {
  const bool is_list = p.name == "@" || p.name == "*";
  std::optional<std::string> value = param_value(p.name);
  const bool missing = !value || (p.colon && value->empty());
  const uint8_t flag = in_quotes ? kQuoted : kSplit;
  auto unbound = [&] {
    if (nounset_ && !value && !is_list) {
      error(p.name + ": unbound variable");
      throw ExitRequest{1};
    }
  };
  switch (p.op) {
    case ParamOp::Default:
      if (missing) return expand_parts(*p.arg, out, in_quotes);
      break;
    case ParamOp::Alternative:
      if (!missing)
        expand_parts(*p.arg, out, in_quotes);
      else if (in_quotes)
        out.force();
      return;
    case ParamOp::Assign:
      if (missing) {
        if (!is_name(p.name)) {
          error("$" + p.name + ": cannot assign in this way");
          throw ExitRequest{1};
        }
        std::string assigned = expand_string(*p.arg);
        if (!set_var(p.name, assigned)) throw ExitRequest{1};
        value = assigned;
      }
      break;
    case ParamOp::Error:
      if (missing) {
        std::string message = p.arg && !p.arg->parts.empty() ? expand_string(*p.arg)
                              : p.colon                      ? "parameter null or not set"
                                                             : "parameter not set";
        error(p.name + ": " + message);
        throw ExitRequest{1};
      }
      break;
    case ParamOp::Length:
      unbound();
      out.add(std::to_string(is_list ? positional_.size() : value.value_or("").size()), flag);
      return;
    case ParamOp::RemoveSmallestPrefix:
    case ParamOp::RemoveLargestPrefix:
    case ParamOp::RemoveSmallestSuffix:
    case ParamOp::RemoveLargestSuffix: {
      unbound();
      std::string pattern = expand_pattern(*p.arg);
      std::string v = value.value_or("");
      const bool prefix =
          p.op == ParamOp::RemoveSmallestPrefix || p.op == ParamOp::RemoveLargestPrefix;
      const bool largest =
          p.op == ParamOp::RemoveLargestPrefix || p.op == ParamOp::RemoveLargestSuffix;
      std::string result = v;
      for (size_t k = 0; k <= v.size(); ++k) {
        size_t n = largest ? v.size() - k : k;  // the length removed
        std::string_view part =
            prefix ? std::string_view(v).substr(0, n) : std::string_view(v).substr(v.size() - n);
        if (match_pattern(pattern, part)) {
          result = prefix ? v.substr(n) : v.substr(0, v.size() - n);
          break;
        }
      }
      out.add(result, flag);
      return;
    }
    case ParamOp::None:
      unbound();
      break;
  }
  if (is_list && !(p.op == ParamOp::Assign)) {
    if (in_quotes && p.name == "*") {
      std::optional<std::string> ifs = variable("IFS");
      std::string sep = !ifs ? " " : ifs->empty() ? "" : ifs->substr(0, 1);
      std::string joined;
      for (size_t i = 0; i < positional_.size(); ++i) joined += (i ? sep : "") + positional_[i];
      out.add(joined, kQuoted);
      return;
    }
    for (size_t i = 0; i < positional_.size(); ++i) {
      if (i) out.hard_break();
      out.add(positional_[i], flag);
    }
    return;
  }
  if (value)
    out.add(*value, flag);
  else if (in_quotes)
    out.force();
}

void Shell::expand_parts(const Word& word, Builder& out, bool in_quotes) {
  for (const WordPart& part : word.parts) {
    if (auto* lit = std::get_if<Literal>(&part)) {
      out.add(lit->text, lit->quoted || in_quotes ? kQuoted : 0);
    } else if (auto* tilde = std::get_if<Tilde>(&part)) {
      std::optional<std::string> home = variable("HOME");
      if (tilde->user.empty() && home)
        out.add(*home, kQuoted);
      else
        out.add("~" + tilde->user, 0);
    } else if (auto* param = std::get_if<Param>(&part)) {
      expand_param(*param, out, param->quoted || in_quotes);
    } else if (auto* sub = std::get_if<CommandSub>(&part)) {
      std::string text = capture(sub->body);
      while (!text.empty() && text.back() == '\n') text.pop_back();
      out.add(text, sub->quoted || in_quotes ? kQuoted : kSplit);
    } else if (auto* a = std::get_if<Arith>(&part)) {
      out.add(std::to_string(arith(*a->expr)), a->quoted || in_quotes ? kQuoted : kSplit);
    }
  }
}

int64_t Shell::arith(const Word& expr) {
  std::string text = expand_string(expr);
  ArithVariables vars{[this](std::string_view name) { return variable(name); },
                      [this](std::string_view name, std::string value) {
                        if (!set_var(std::string(name), std::move(value))) throw ExitRequest{1};
                      }};
  auto result = evaluate_arith(text, vars);
  if (auto* message = std::get_if<std::string>(&result)) {
    error(text + ": " + *message);
    throw ExitRequest{1};
  }
  return std::get<int64_t>(result);
}

std::string Shell::expand_string(const Word& word) {
  Builder b;
  expand_parts(word, b, false);
  return b.joined();
}

std::string Shell::expand_pattern(const Word& word) {
  Builder b;
  expand_parts(word, b, false);
  auto fields = b.finish();
  std::string out;
  for (size_t f = 0; f < fields.size(); ++f) {
    if (f) out += ' ';
    for (size_t i = 0; i < fields[f].text.size(); ++i) {
      char c = fields[f].text[i];
      if ((fields[f].flags[i] & kQuoted) && std::string_view("*?[]\\").find(c) != std::string::npos)
        out += '\\';
      out += c;
    }
  }
  return out;
}

std::vector<std::string> Shell::expand_words(const std::vector<Word>& words) {
  std::optional<std::string> ifs_var = variable("IFS");
  const std::string ifs = ifs_var ? *ifs_var : " \t\n";
  auto is_ifs_space = [&](char c) {
    return (c == ' ' || c == '\t' || c == '\n') && ifs.find(c) != std::string::npos;
  };
  std::vector<std::string> argv;
  for (const Word& word : words) {
    Builder b;
    expand_parts(word, b, false);
    for (Builder::Field& field : b.finish()) {
      // Field splitting: cut at IFS characters that came from unquoted expansions.
      struct Piece {
        std::string text, pattern;
        bool glob = false;
      };
      std::vector<Piece> pieces;
      Piece cur;
      size_t start = 0;
      bool cur_has = false;
      auto forced_in = [&](size_t from, size_t to) {
        for (size_t f : field.forced)
          if (f >= from && f <= to) return true;
        return false;
      };
      auto emit = [&](size_t end, bool always) {
        if (always || cur_has || forced_in(start, end)) pieces.push_back(std::move(cur));
        cur = {};
        cur_has = false;
      };
      const size_t n = field.text.size();
      size_t i = 0;
      while (i < n) {
        char c = field.text[i];
        bool delim = (field.flags[i] & kSplit) && ifs.find(c) != std::string::npos;
        if (!delim) {
          uint8_t flag = field.flags[i];
          if (!(flag & kQuoted) || std::string_view("*?[]\\").find(c) == std::string::npos) {
            if (!(flag & kQuoted) && (c == '*' || c == '?' || c == '[')) cur.glob = true;
          } else {
            cur.pattern += '\\';
          }
          if (!(flag & kQuoted) && c == '\\') cur.pattern += '\\';
          cur.pattern += c;
          cur.text += c;
          cur_has = true;
          ++i;
          continue;
        }
        size_t j = i;
        while (j < n && (field.flags[j] & kSplit) && is_ifs_space(field.text[j])) ++j;
        bool hard =
            j < n && (field.flags[j] & kSplit) && ifs.find(field.text[j]) != std::string::npos;
        if (hard) {
          emit(i, true);
          ++j;
          while (j < n && (field.flags[j] & kSplit) && is_ifs_space(field.text[j])) ++j;
        } else {
          emit(i, false);
        }
        i = j;
        start = i;
      }
      emit(n, false);
      for (Piece& piece : pieces) {
        if (piece.glob && !noglob_ && has_glob_chars(piece.pattern)) {
          std::vector<std::string> matches = glob(piece.pattern);
          if (!matches.empty()) {
            argv.insert(argv.end(), matches.begin(), matches.end());
            continue;
          }
        }
        argv.push_back(std::move(piece.text));
      }
    }
  }
  return argv;
}

std::vector<std::string> Shell::glob(const std::string& pattern) {
  std::vector<std::string> components;
  size_t pos = 0;
  while (pos <= pattern.size()) {
    size_t slash = pattern.find('/', pos);
    if (slash == std::string::npos) slash = pattern.size();
    components.push_back(pattern.substr(pos, slash - pos));
    pos = slash + 1;
  }
  std::vector<std::string> matches = {""};
  bool absolute_pattern = !pattern.empty() && pattern[0] == '/';
  if (absolute_pattern) {
    matches = {"/"};
    components.erase(components.begin());
  }
  constexpr size_t kMaxMatches = 100000;  // a pathological pattern stays bounded
  for (size_t c = 0; c < components.size(); ++c) {
    const std::string& comp = components[c];
    const bool last = c + 1 == components.size();
    std::vector<std::string> next;
    if (comp.empty()) {  // a trailing or doubled slash: keep directories only
      for (const std::string& m : matches) {
        auto st = config_.vfs->stat(absolute(m.empty() ? "." : m));
        if (st && st->type == vfs::FileType::Directory) next.push_back(m);
      }
      matches = std::move(next);
      continue;
    }
    for (const std::string& m : matches) {
      if (!has_glob_chars(comp)) {
        std::string path = m + unescape_pattern(comp);
        if (!last || config_.vfs->lstat(absolute(path))) next.push_back(last ? path : path + "/");
        continue;
      }
      auto names = config_.vfs->list(config_.vfs->root(), absolute(m.empty() ? "." : m));
      if (!names) continue;
      for (const std::string& name : *names) {
        if (name[0] == '.' && comp[0] != '.') continue;
        if (!match_pattern(comp, name)) continue;
        next.push_back(last ? m + name : m + name + "/");
        if (next.size() > kMaxMatches) break;
      }
    }
    matches = std::move(next);
    if (matches.empty()) break;
  }
  std::sort(matches.begin(), matches.end());
  return matches;
}

}  // namespace wask::shell::sh
