// Token recognition and the grammar in one recursive-descent pass: tokens are lexed on demand, so
// a word's `$(...)` is parsed by the same parser, here-documents are read at the newline that
// ends their line, and reserved words are recognised only where a command may start.
#include "shell/sh/parser.h"

#include <optional>
#include <string_view>
#include <utility>

namespace wask::shell::sh {

namespace {

constexpr int kMaxNesting = 200;  // deeper nesting is a syntax error, not a host stack overflow

struct Token {
  enum Type { WordToken, IoNumber, Op, Newline, End } type = End;
  std::string op;  // for Op
  Word word;       // for WordToken
  int number = 0;  // for IoNumber
  int line = 0;
};

bool is_meta(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' ||
         c == '>' || c == '(' || c == ')';
}
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_special_param(char c) {
  return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!' ||
         c == '0';
}

// Where a run of word characters stops, and how it treats quotes.
struct Scan {
  bool at_meta = false;       // a normal word: stops at an unquoted metacharacter
  bool at_brace = false;      // a ${...} argument: stops at an unquoted }
  bool in_dquote = false;     // inside "...": stops at the closing "
  bool heredoc_text = false;  // a here-document or $((...)) body: double-quote rules, no end quote
  bool pattern = false;       // a ${V#pattern} argument: a backslash quotes any character
};

void append_literal(Word& word, std::string_view text, bool quoted) {
  if (!word.parts.empty()) {
    if (auto* last = std::get_if<Literal>(&word.parts.back()); last && last->quoted == quoted) {
      last->text += text;
      return;
    }
  }
  word.parts.push_back(Literal{std::string(text), quoted});
}

// Quote removal on a here-document delimiter's source text.
std::string unquote_delimiter(std::string_view raw) {
  std::string out;
  char quote = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (quote == '"' && c == '\\' && i + 1 < raw.size() &&
               std::string_view("$`\"\\").find(raw[i + 1]) != std::string_view::npos)
        out += raw[++i];
      else
        out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\\' && i + 1 < raw.size()) {
      out += raw[++i];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

bool is_name(std::string_view text) {
  if (text.empty() || !is_name_start(text[0])) return false;
  for (char c : text)
    if (!is_name_char(c)) return false;
  return true;
}

struct Parser::Impl {
  std::string src;
  size_t pos = 0;
  int line = 1;
  int depth = 0;
  std::optional<Token> lookahead;
  struct PendingHeredoc {
    std::shared_ptr<Word> body;
    std::string delimiter;
    bool strip_tabs = false;
    bool literal = false;
  };
  std::vector<PendingHeredoc> pending;

  Impl(std::string source, int first_line) : src(std::move(source)), line(first_line) {}

  [[noreturn]] void fail(std::string message, int at_line = 0) {
    throw ParseError{at_line ? at_line : line, std::move(message)};
  }

  struct DepthGuard {
    Impl& p;
    explicit DepthGuard(Impl& parser) : p(parser) {
      if (++p.depth > kMaxNesting) p.fail("syntax error: nesting too deep");
    }
    ~DepthGuard() { --p.depth; }
  };

  // --- characters ------------------------------------------------------------------------------
  bool eof() const { return pos >= src.size(); }
  char peekc(size_t ahead = 0) const { return pos + ahead < src.size() ? src[pos + ahead] : '\0'; }
  char getc() {
    char c = src[pos++];
    if (c == '\n') ++line;
    return c;
  }

  // --- words -----------------------------------------------------------------------------------
  void scan(Word& word, Scan how) {
    while (true) {
      if (eof()) {
        if (how.in_dquote && !how.heredoc_text)
          fail("unexpected EOF while looking for matching `\"'");
        if (how.at_brace) fail("unexpected EOF while looking for matching `}'");
        return;
      }
      char c = peekc();
      if (how.in_dquote && !how.heredoc_text && !how.at_brace && c == '"') return;
      if (how.at_brace && c == '}') return;
      if (how.at_meta && is_meta(c)) return;
      if (c == '\\') {
        char next = peekc(1);
        if (next == '\n') {
          getc(), getc();
          continue;
        }
        if ((how.in_dquote || how.heredoc_text) && !how.pattern) {
          std::string_view escapable = how.heredoc_text ? "$`\\" : "$`\"\\";
          getc();
          if (next != '\0' &&
              (escapable.find(next) != std::string_view::npos || (how.at_brace && next == '}')))
            append_literal(word, std::string(1, getc()), true);
          else
            append_literal(word, "\\", true);
          continue;
        }
        getc();
        if (eof())
          append_literal(word, "\\", false);
        else
          append_literal(word, std::string(1, getc()), true);
        continue;
      }
      if (c == '\'' && !how.in_dquote && !how.heredoc_text) {
        getc();
        int start_line = line;
        size_t end = src.find('\'', pos);
        if (end == std::string::npos)
          fail("unexpected EOF while looking for matching `''", start_line);
        std::string text = src.substr(pos, end - pos);
        while (pos <= end) getc();
        append_literal(word, text, true);
        continue;
      }
      if (c == '"' && (!how.in_dquote || how.at_brace) && !how.heredoc_text) {
        int start_line = line;
        getc();
        size_t before = word.parts.size();
        try {
          scan(word, Scan{.in_dquote = true});
        } catch (ParseError& e) {
          e.line = start_line;
          throw;
        }
        getc();  // the closing quote
        if (word.parts.size() == before) append_literal(word, "", true);
        continue;
      }
      // In a ${V#pattern} within "...", the pattern's own characters stay pattern characters.
      const bool quoted_here = (how.in_dquote && !how.pattern) || how.heredoc_text;
      if (c == '$') {
        scan_dollar(word, quoted_here);
        continue;
      }
      if (c == '`') {
        scan_backquote(word, quoted_here);
        continue;
      }
      getc();
      append_literal(word, std::string(1, c), quoted_here);
    }
  }

  void scan_dollar(Word& word, bool quoted) {
    DepthGuard guard(*this);
    getc();  // $
    char c = peekc();
    if (c == '{') return scan_braced(word, quoted);
    if (c == '(') {
      if (peekc(1) == '(') {
        if (auto text = arith_text()) {
          word.parts.push_back(Arith{std::make_shared<Word>(parse_text(*text)), quoted});
          return;
        }
      }
      getc();
      NodePtr body = parse_list();
      expect_op(")");
      word.parts.push_back(CommandSub{body, quoted});
      return;
    }
    Param param{.quoted = quoted};
    if (is_name_start(c)) {
      while (is_name_char(peekc())) param.name += getc();
    } else if (is_digit(c) || is_special_param(c)) {
      param.name = std::string(1, getc());
    } else {
      append_literal(word, "$", quoted);
      return;
    }
    word.parts.push_back(std::move(param));
  }

  // The text of `$(( ... ))` if the parentheses close as arithmetic (else it is `$( (...) )`),
  // consuming it.
  std::optional<std::string> arith_text() {
    int parens = 0;
    for (size_t i = pos + 2; i < src.size(); ++i) {
      if (src[i] == '(')
        ++parens;
      else if (src[i] == ')') {
        if (parens > 0) {
          --parens;
        } else {
          if (i + 1 >= src.size() || src[i + 1] != ')') return std::nullopt;
          std::string text = src.substr(pos + 2, i - pos - 2);
          while (pos < i + 2) getc();
          return text;
        }
      }
    }
    return std::nullopt;
  }

  std::string param_name() {
    std::string name;
    char c = peekc();
    if (is_name_start(c)) {
      while (is_name_char(peekc())) name += getc();
    } else if (is_digit(c)) {
      while (is_digit(peekc())) name += getc();
    } else if (is_special_param(c)) {
      name = std::string(1, getc());
    }
    return name;
  }

  void scan_braced(Word& word, bool quoted) {
    getc();  // {
    Param param{.quoted = quoted};
    if (peekc() == '#' && peekc(1) != '}' && peekc(1) != '\0') {
      getc();
      param.op = ParamOp::Length;
      param.name = param_name();
      if (param.name.empty() || peekc() != '}') fail("bad substitution");
      getc();
      word.parts.push_back(std::move(param));
      return;
    }
    param.name = param_name();
    if (param.name.empty()) fail("bad substitution");
    char c = peekc();
    if (c == '}') {
      getc();
      word.parts.push_back(std::move(param));
      return;
    }
    if (c == ':') {
      param.colon = true;
      getc();
      c = peekc();
    }
    switch (c) {
      case '-':
        param.op = ParamOp::Default;
        break;
      case '=':
        param.op = ParamOp::Assign;
        break;
      case '?':
        param.op = ParamOp::Error;
        break;
      case '+':
        param.op = ParamOp::Alternative;
        break;
      case '#':
        param.op = ParamOp::RemoveSmallestPrefix;
        break;
      case '%':
        param.op = ParamOp::RemoveSmallestSuffix;
        break;
      default:
        fail("bad substitution");
    }
    if (param.colon && (c == '#' || c == '%')) fail("bad substitution");
    getc();
    if ((c == '#' || c == '%') && peekc() == c) {
      getc();
      param.op = c == '#' ? ParamOp::RemoveLargestPrefix : ParamOp::RemoveLargestSuffix;
    }
    auto arg = std::make_shared<Word>();
    size_t start = pos;
    scan(*arg, Scan{.at_brace = true,
                    .in_dquote = quoted,
                    .pattern = param.op >= ParamOp::RemoveSmallestPrefix});
    arg->raw = src.substr(start, pos - start);
    getc();  // }
    param.arg = std::move(arg);
    word.parts.push_back(std::move(param));
  }

  void scan_backquote(Word& word, bool quoted) {
    DepthGuard guard(*this);
    int start_line = line;
    getc();  // `
    std::string text;
    while (true) {
      if (eof()) fail("unexpected EOF while looking for matching ``'", start_line);
      char c = getc();
      if (c == '`') break;
      if (c == '\\' && !eof()) {
        char next = peekc();
        if (next == '$' || next == '`' || next == '\\' || (quoted && next == '"')) {
          text += getc();
          continue;
        }
      }
      text += c;
    }
    Impl inner(std::move(text), start_line);
    inner.depth = depth;
    word.parts.push_back(CommandSub{inner.parse_all(), quoted});
  }

  // A here-document body or an arithmetic expression: expansions, no field quoting.
  Word parse_text(std::string text) {
    Impl inner(std::move(text), line);
    inner.depth = depth;
    Word word;
    inner.scan(word, Scan{.heredoc_text = true});
    word.raw = inner.src;
    return word;
  }

  // `~` or `~user` up to the first `/` of a leading unquoted literal.
  static void mark_tilde(Word& word) {
    if (word.parts.empty()) return;
    auto* first = std::get_if<Literal>(&word.parts.front());
    if (!first || first->quoted || first->text.empty() || first->text[0] != '~') return;
    size_t slash = first->text.find('/');
    if (slash == std::string::npos && word.parts.size() > 1) return;  // ~"x": a quoted prefix
    std::string user =
        first->text.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
    std::string rest = slash == std::string::npos ? "" : first->text.substr(slash);
    if (rest.empty())
      word.parts.erase(word.parts.begin());
    else
      first->text = rest;
    word.parts.insert(word.parts.begin(), Tilde{std::move(user)});
  }

  // --- tokens ----------------------------------------------------------------------------------
  void skip_blanks() {
    while (!eof()) {
      char c = peekc();
      if (c == ' ' || c == '\t')
        getc();
      else if (c == '\\' && peekc(1) == '\n')
        getc(), getc();
      else if (c == '#') {
        while (!eof() && peekc() != '\n') getc();
      } else
        break;
    }
  }

  Token lex() {
    skip_blanks();
    Token token;
    token.line = line;
    if (eof()) {
      token.type = Token::End;
      return token;
    }
    char c = peekc();
    if (c == '\n') {
      getc();
      read_heredocs();
      token.type = Token::Newline;
      return token;
    }
    static constexpr std::string_view kOps[] = {"&&", "||", ";;", "<<-", "<<", ">>",
                                                ">|", "<&", ">&", "<>",  "&",  ";",
                                                "|",  "(",  ")",  "<",   ">"};
    for (std::string_view op : kOps) {
      if (std::string_view(src).substr(pos, op.size()) == op) {
        for (size_t i = 0; i < op.size(); ++i) getc();
        token.type = Token::Op;
        token.op = std::string(op);
        return token;
      }
    }
    if (is_digit(c)) {
      size_t end = pos;
      while (end < src.size() && is_digit(src[end])) ++end;
      if (end < src.size() && (src[end] == '<' || src[end] == '>') && end - pos < 4) {
        token.type = Token::IoNumber;
        token.number = std::stoi(src.substr(pos, end - pos));
        pos = end;
        return token;
      }
    }
    token.type = Token::WordToken;
    size_t start = pos;
    scan(token.word, Scan{.at_meta = true});
    token.word.raw = src.substr(start, pos - start);
    return token;
  }

  void read_heredocs() {
    for (PendingHeredoc& doc : pending) {
      std::string body;
      int start_line = line;
      while (!eof()) {
        size_t end = src.find('\n', pos);
        std::string text =
            src.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        while (pos < (end == std::string::npos ? src.size() : end + 1)) getc();
        if (doc.strip_tabs) text.erase(0, text.find_first_not_of('\t'));
        if (text == doc.delimiter) break;
        body += text;
        body += '\n';
      }
      if (doc.literal) {
        doc.body->parts.push_back(Literal{body, true});
        doc.body->raw = body;
      } else {
        Impl inner(body, start_line);
        inner.depth = depth;
        inner.scan(*doc.body, Scan{.heredoc_text = true});
        doc.body->raw = body;
      }
    }
    pending.clear();
  }

  const Token& peek() {
    if (!lookahead) lookahead = lex();
    return *lookahead;
  }
  Token take() {
    Token token = std::move(const_cast<Token&>(peek()));
    lookahead.reset();
    return token;
  }
  bool is_op(const char* op) {
    const Token& t = peek();
    return t.type == Token::Op && t.op == op;
  }
  static bool is_reserved(const Token& t, std::string_view word) {
    if (t.type != Token::WordToken || t.word.parts.size() != 1) return false;
    auto* lit = std::get_if<Literal>(&t.word.parts[0]);
    return lit && !lit->quoted && lit->text == word && t.word.raw == word;
  }
  bool at_reserved(std::string_view word) { return is_reserved(peek(), word); }

  [[noreturn]] void unexpected() {
    const Token& t = peek();
    if (t.type == Token::End) fail("syntax error: unexpected end of file");
    std::string text = t.type == Token::Newline    ? "newline"
                       : t.type == Token::Op       ? t.op
                       : t.type == Token::IoNumber ? std::to_string(t.number)
                                                   : t.word.raw;
    fail("syntax error near unexpected token `" + text + "'", t.line);
  }
  void expect_op(const char* op) {
    if (!is_op(op)) unexpected();
    take();
  }
  void expect_reserved(std::string_view word) {
    if (!at_reserved(word)) unexpected();
    take();
  }
  void skip_newlines() {
    while (peek().type == Token::Newline) take();
  }

  // --- grammar ---------------------------------------------------------------------------------
  bool at_list_end() {
    const Token& t = peek();
    if (t.type == Token::End) return true;
    if (t.type == Token::Op) return t.op == ")" || t.op == ";;";
    for (std::string_view word : {"then", "else", "elif", "fi", "do", "done", "esac", "}"})
      if (is_reserved(t, word)) return true;
    return false;
  }

  static NodePtr make(int line, auto kind) {
    auto node = std::make_shared<Node>();
    node->line = line;
    node->kind = std::move(kind);
    return node;
  }

  // compound_list: and-or lists separated by ; & or newlines, up to a closing token.
  NodePtr parse_list() {
    DepthGuard guard(*this);
    skip_newlines();
    Sequence seq;
    int line0 = peek().line;
    while (!at_list_end()) {
      Sequence::Item item{parse_and_or()};
      bool separated = false;
      if (is_op(";") || is_op("&")) {
        item.async = take().op == "&";
        separated = true;
      }
      if (peek().type == Token::Newline) {
        skip_newlines();
        separated = true;
      }
      seq.items.push_back(std::move(item));
      if (!separated && !at_list_end()) unexpected();
    }
    return collapse(std::move(seq), line0);
  }

  static NodePtr collapse(Sequence seq, int line) {
    if (seq.items.empty()) return nullptr;
    if (seq.items.size() == 1 && !seq.items[0].async) return seq.items[0].node;
    return make(line, std::move(seq));
  }

  // One complete command: and-or lists up to the end of the line.
  NodePtr parse_line() {
    Sequence seq;
    int line0 = peek().line;
    while (peek().type != Token::Newline && peek().type != Token::End) {
      Sequence::Item item{parse_and_or()};
      if (is_op(";") || is_op("&"))
        item.async = take().op == "&";
      else if (peek().type != Token::Newline && peek().type != Token::End)
        unexpected();
      seq.items.push_back(std::move(item));
    }
    return collapse(std::move(seq), line0);
  }

  NodePtr parse_all() {
    NodePtr body = parse_list();
    if (peek().type != Token::End) unexpected();
    return body;
  }

  NodePtr parse_and_or() {
    int line0 = peek().line;
    NodePtr first = parse_pipeline();
    AndOr node{first, {}};
    while (is_op("&&") || is_op("||")) {
      bool is_and = take().op == "&&";
      skip_newlines();
      node.rest.emplace_back(is_and, parse_pipeline());
    }
    if (node.rest.empty()) return first;
    return make(line0, std::move(node));
  }

  NodePtr parse_pipeline() {
    int line0 = peek().line;
    Pipeline pipe;
    if (at_reserved("!")) {
      take();
      pipe.negate = true;
    }
    pipe.commands.push_back(parse_command());
    while (is_op("|")) {
      take();
      skip_newlines();
      pipe.commands.push_back(parse_command());
    }
    if (pipe.commands.size() == 1 && !pipe.negate) return pipe.commands[0];
    return make(line0, std::move(pipe));
  }

  NodePtr parse_command() {
    DepthGuard guard(*this);
    const Token& t = peek();
    int line0 = t.line;
    if (t.type == Token::Op && t.op == "(") {
      take();
      NodePtr body = parse_list();
      expect_op(")");
      if (!body) fail("syntax error near unexpected token `)'", line0);
      return with_redirs(make(line0, Subshell{body}));
    }
    if (is_reserved(t, "{")) {
      take();
      NodePtr body = parse_list();
      if (!body) unexpected();
      expect_reserved("}");
      return with_redirs(make(line0, Group{body}));
    }
    if (is_reserved(t, "if")) return with_redirs(parse_if());
    if (is_reserved(t, "while") || is_reserved(t, "until")) return with_redirs(parse_loop());
    if (is_reserved(t, "for")) return with_redirs(parse_for());
    if (is_reserved(t, "case")) return with_redirs(parse_case());
    for (std::string_view word : {"then", "else", "elif", "fi", "do", "done", "esac", "}", "in"})
      if (is_reserved(t, word)) unexpected();
    return parse_simple();
  }

  NodePtr with_redirs(NodePtr node) {
    auto* mutable_node = const_cast<Node*>(node.get());
    while (peek().type == Token::IoNumber || is_redir_op(peek()))
      mutable_node->redirs.push_back(parse_redir());
    return node;
  }

  static bool is_redir_op(const Token& t) {
    if (t.type != Token::Op) return false;
    for (std::string_view op : {"<", ">", ">>", ">|", "<>", "<&", ">&", "<<", "<<-"})
      if (t.op == op) return true;
    return false;
  }

  Redir parse_redir() {
    Redir redir;
    if (peek().type == Token::IoNumber) redir.fd = take().number;
    if (!is_redir_op(peek())) unexpected();
    std::string op = take().op;
    if (peek().type == Token::End) fail("syntax error near unexpected token `newline'");
    if (peek().type != Token::WordToken) unexpected();
    if (op == "<<" || op == "<<-") {
      redir.op = RedirOp::HereDoc;
      redir.target = take().word;
      redir.heredoc = std::make_shared<Word>();
      bool literal = redir.target.raw.find_first_of("'\"\\") != std::string::npos;
      redir.heredoc_literal = literal;
      pending.push_back({redir.heredoc, unquote_delimiter(redir.target.raw), op == "<<-", literal});
      return redir;
    }
    // clang-format off
    redir.op = op == "<" ? RedirOp::In : op == ">" ? RedirOp::Out : op == ">>" ? RedirOp::Append
             : op == ">|" ? RedirOp::Clobber : op == "<>" ? RedirOp::InOut
             : op == "<&" ? RedirOp::DupIn : RedirOp::DupOut;
    // clang-format on
    redir.target = take().word;
    mark_tilde(redir.target);
    return redir;
  }

  static std::optional<Assignment> as_assignment(const Word& word) {
    if (word.parts.empty()) return std::nullopt;
    auto* first = std::get_if<Literal>(&word.parts[0]);
    if (!first || first->quoted) return std::nullopt;
    size_t eq = first->text.find('=');
    if (eq == std::string::npos || !is_name(std::string_view(first->text).substr(0, eq)))
      return std::nullopt;
    Assignment a{first->text.substr(0, eq), {}};
    std::string rest = first->text.substr(eq + 1);
    if (!rest.empty()) a.value.parts.push_back(Literal{rest, false});
    a.value.parts.insert(a.value.parts.end(), word.parts.begin() + 1, word.parts.end());
    a.value.raw = word.raw.substr(word.raw.find('=') + 1);
    mark_tilde(a.value);
    return a;
  }

  NodePtr parse_simple() {
    int line0 = peek().line;
    Simple cmd;
    while (true) {
      const Token& t = peek();
      if (t.type == Token::IoNumber || is_redir_op(t)) {
        cmd.redirs.push_back(parse_redir());
      } else if (t.type == Token::WordToken) {
        Token word = take();
        if (cmd.words.empty()) {
          if (auto a = as_assignment(word.word)) {
            cmd.assignments.push_back(std::move(*a));
            continue;
          }
          if (cmd.assignments.empty() && cmd.redirs.empty() && is_op("("))
            return parse_function(std::move(word), line0);
        }
        mark_tilde(word.word);
        cmd.words.push_back(std::move(word.word));
      } else {
        break;
      }
    }
    if (cmd.words.empty() && cmd.assignments.empty() && cmd.redirs.empty()) unexpected();
    return make(line0, std::move(cmd));
  }

  NodePtr parse_function(Token name, int line0) {
    take();  // (
    expect_op(")");
    if (!is_name(name.word.raw)) fail("syntax error near unexpected token `('", line0);
    skip_newlines();
    const Token& t = peek();
    bool compound = (t.type == Token::Op && t.op == "(");
    for (std::string_view word : {"{", "if", "while", "until", "for", "case"})
      compound = compound || is_reserved(t, word);
    if (!compound) unexpected();
    NodePtr body = parse_command();
    return make(line0, FunctionDef{name.word.raw, body});
  }

  NodePtr parse_if() {
    int line0 = take().line;  // if
    If node;
    while (true) {
      NodePtr cond = parse_list();
      if (!cond) unexpected();
      expect_reserved("then");
      NodePtr body = parse_list();
      if (!body) unexpected();
      node.branches.emplace_back(cond, body);
      if (at_reserved("elif")) {
        take();
        continue;
      }
      break;
    }
    if (at_reserved("else")) {
      take();
      node.otherwise = parse_list();
      if (!node.otherwise) unexpected();
    }
    expect_reserved("fi");
    return make(line0, std::move(node));
  }

  NodePtr parse_do_group() {
    expect_reserved("do");
    NodePtr body = parse_list();
    if (!body) unexpected();
    expect_reserved("done");
    return body;
  }

  NodePtr parse_loop() {
    Token keyword = take();
    Loop node;
    node.until = is_reserved(keyword, "until");
    node.condition = parse_list();
    if (!node.condition) unexpected();
    node.body = parse_do_group();
    return make(keyword.line, std::move(node));
  }

  NodePtr parse_for() {
    int line0 = take().line;
    if (peek().type != Token::WordToken || !is_name(peek().word.raw)) unexpected();
    For node;
    node.name = take().word.raw;
    if (is_op(";")) {
      take();
    } else {
      skip_newlines();
      if (at_reserved("in")) {
        take();
        node.has_in = true;
        while (peek().type == Token::WordToken) {
          Token word = take();
          mark_tilde(word.word);
          node.words.push_back(std::move(word.word));
        }
        if (is_op(";"))
          take();
        else if (peek().type != Token::Newline)
          unexpected();
      }
    }
    skip_newlines();
    node.body = parse_do_group();
    return make(line0, std::move(node));
  }

  NodePtr parse_case() {
    int line0 = take().line;
    if (peek().type != Token::WordToken) unexpected();
    Case node;
    node.subject = take().word;
    mark_tilde(node.subject);
    skip_newlines();
    expect_reserved("in");
    skip_newlines();
    while (!at_reserved("esac")) {
      Case::Item item;
      if (is_op("(")) take();
      while (true) {
        if (peek().type != Token::WordToken) unexpected();
        item.patterns.push_back(take().word);
        if (!is_op("|")) break;
        take();
      }
      expect_op(")");
      item.body = parse_list();
      node.items.push_back(std::move(item));
      if (is_op(";;")) {
        take();
        skip_newlines();
      } else if (!at_reserved("esac")) {
        unexpected();
      }
    }
    take();  // esac
    return make(line0, std::move(node));
  }
};

Parser::Parser(std::string source, int first_line)
    : impl_(std::make_unique<Impl>(std::move(source), first_line)) {}
Parser::~Parser() = default;

std::variant<NodePtr, ParseError> Parser::next() {
  try {
    impl_->skip_newlines();
    if (impl_->peek().type == Token::End) return NodePtr{};
    NodePtr node = impl_->parse_line();
    if (impl_->peek().type == Token::Newline) impl_->take();
    return node;
  } catch (ParseError& error) {
    return error;
  }
}

std::variant<NodePtr, ParseError> parse_all(std::string source, int first_line) {
  Parser::Impl impl(std::move(source), first_line);
  try {
    return impl.parse_all();
  } catch (ParseError& error) {
    return error;
  }
}

}  // namespace wask::shell::sh
