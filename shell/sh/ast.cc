// dump(): an S-expression rendering of the syntax tree, for the parser's tests.
#include "shell/sh/ast.h"

#include <string_view>

namespace wask::shell::sh {

namespace {

std::string_view op_text(ParamOp op) {
  switch (op) {
    case ParamOp::None:
      return "";
    case ParamOp::Length:
      return "#";
    case ParamOp::Default:
      return "-";
    case ParamOp::Assign:
      return "=";
    case ParamOp::Error:
      return "?";
    case ParamOp::Alternative:
      return "+";
    case ParamOp::RemoveSmallestPrefix:
      return "#";
    case ParamOp::RemoveLargestPrefix:
      return "##";
    case ParamOp::RemoveSmallestSuffix:
      return "%";
    case ParamOp::RemoveLargestSuffix:
      return "%%";
  }
  return "";
}

std::string_view redir_text(RedirOp op) {
  switch (op) {
    case RedirOp::In:
      return "<";
    case RedirOp::Out:
      return ">";
    case RedirOp::Append:
      return ">>";
    case RedirOp::Clobber:
      return ">|";
    case RedirOp::InOut:
      return "<>";
    case RedirOp::DupIn:
      return "<&";
    case RedirOp::DupOut:
      return ">&";
    case RedirOp::HereDoc:
      return "<<";
  }
  return "";
}

void dump_node(const NodePtr& node, std::string& out);

void dump_redirs(const std::vector<Redir>& redirs, std::string& out) {
  for (const Redir& r : redirs) {
    out += ' ';
    if (r.fd >= 0) out += std::to_string(r.fd);
    out += redir_text(r.op);
    if (r.op == RedirOp::HereDoc)
      out += r.heredoc ? "[" + dump(*r.heredoc) + "]" : "[]";
    else
      out += dump(r.target);
  }
}

struct Dumper {
  std::string& out;
  void operator()(const Simple& s) {
    out += "(simple";
    for (const Assignment& a : s.assignments) out += " " + a.name + "=" + dump(a.value);
    for (const Word& w : s.words) out += " " + dump(w);
    dump_redirs(s.redirs, out);
    out += ")";
  }
  void operator()(const Pipeline& p) {
    out += p.negate ? "(pipe !" : "(pipe";
    for (const NodePtr& c : p.commands) out += ' ', dump_node(c, out);
    out += ")";
  }
  void operator()(const AndOr& a) {
    out += "(and-or ";
    dump_node(a.first, out);
    for (const auto& [is_and, node] : a.rest) out += is_and ? " && " : " || ", dump_node(node, out);
    out += ")";
  }
  void operator()(const Sequence& s) {
    out += "(seq";
    for (const Sequence::Item& item : s.items) {
      out += ' ';
      dump_node(item.node, out);
      if (item.async) out += '&';
    }
    out += ")";
  }
  void operator()(const Subshell& s) { out += "(subshell ", dump_node(s.body, out), out += ")"; }
  void operator()(const Group& g) { out += "(group ", dump_node(g.body, out), out += ")"; }
  void operator()(const If& i) {
    out += "(if";
    for (const auto& [cond, body] : i.branches) {
      out += " ";
      dump_node(cond, out);
      out += " then ";
      dump_node(body, out);
    }
    if (i.otherwise) out += " else ", dump_node(i.otherwise, out);
    out += ")";
  }
  void operator()(const Loop& l) {
    out += l.until ? "(until " : "(while ";
    dump_node(l.condition, out);
    out += " do ";
    dump_node(l.body, out);
    out += ")";
  }
  void operator()(const For& f) {
    out += "(for " + f.name;
    if (f.has_in) {
      out += " in";
      for (const Word& w : f.words) out += " " + dump(w);
    }
    out += " do ";
    dump_node(f.body, out);
    out += ")";
  }
  void operator()(const Case& c) {
    out += "(case " + dump(c.subject);
    for (const Case::Item& item : c.items) {
      out += " (";
      for (size_t i = 0; i < item.patterns.size(); ++i)
        out += (i ? "|" : "") + dump(item.patterns[i]);
      out += ") ";
      dump_node(item.body, out);
    }
    out += ")";
  }
  void operator()(const FunctionDef& f) {
    out += "(function " + f.name + " ";
    dump_node(f.body, out);
    out += ")";
  }
};

void dump_node(const NodePtr& node, std::string& out) {
  if (!node) {
    out += "()";
    return;
  }
  std::visit(Dumper{out}, node->kind);
  if (!node->redirs.empty()) {
    out.pop_back();
    dump_redirs(node->redirs, out);
    out += ")";
  }
}

}  // namespace

std::string dump(const Word& word) {
  std::string out;
  for (const WordPart& part : word.parts) {
    if (!out.empty()) out += '.';
    if (auto* lit = std::get_if<Literal>(&part)) {
      out += (lit->quoted ? "'" : "") + lit->text + (lit->quoted ? "'" : "");
    } else if (auto* tilde = std::get_if<Tilde>(&part)) {
      out += "~" + tilde->user;
    } else if (auto* param = std::get_if<Param>(&part)) {
      out += param->quoted ? "\"${" : "${";
      if (param->op == ParamOp::Length) out += "#";
      out += param->name;
      if (param->colon) out += ":";
      if (param->op != ParamOp::Length) out += op_text(param->op);
      if (param->arg) out += dump(*param->arg);
      out += param->quoted ? "}\"" : "}";
    } else if (auto* sub = std::get_if<CommandSub>(&part)) {
      out += sub->quoted ? "\"$(" : "$(";
      dump_node(sub->body, out);
      out += sub->quoted ? ")\"" : ")";
    } else if (auto* arith = std::get_if<Arith>(&part)) {
      out += "$((" + dump(*arith->expr) + "))";
    }
  }
  return out;
}

std::string dump(const Node& node) {
  std::string out;
  dump_node(std::shared_ptr<const Node>(&node, [](const Node*) {}), out);
  return out;
}

}  // namespace wask::shell::sh
