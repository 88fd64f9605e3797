// The parser: AST dumps of tricky input, and syntax errors with their line numbers.
#define BOOST_TEST_MODULE sh_parser
#include <boost/test/unit_test.hpp>

#include "shell/sh/parser.h"

using namespace wask::shell::sh;

namespace {

std::string parsed(const std::string& source) {
  auto result = parse_all(source);
  if (auto* e = std::get_if<ParseError>(&result))
    return "error line " + std::to_string(e->line) + ": " + e->message;
  NodePtr node = std::get<NodePtr>(result);
  return node ? dump(*node) : "()";
}

}  // namespace

BOOST_AUTO_TEST_CASE(words_and_quotes) {
  BOOST_TEST(parsed("echo a\"b c\"'d'\\e") == "(simple echo a.'b cde')");
  BOOST_TEST(parsed("echo \"$x${y:-d e}\"") == "(simple echo \"${x}\".\"${y:-'d e'}\")");
  BOOST_TEST(parsed("echo ${#v} ${v##*/} ${v%.c}") == "(simple echo ${#v} ${v##*/} ${v%.c})");
  BOOST_TEST(parsed("echo ~/x ~user a~") == "(simple echo ~./x ~user a~)");
  BOOST_TEST(parsed("a=1 b=$x cmd") == "(simple a=1 b=${x} cmd)");
  BOOST_TEST(parsed("echo a\\\nb") == "(simple echo ab)");  // a line continuation
  BOOST_TEST(parsed("echo '#' #comment") == "(simple echo '#')");
}

BOOST_AUTO_TEST_CASE(substitutions_nest) {
  BOOST_TEST(parsed("echo $(echo $(echo a) `echo b`)") ==
             "(simple echo $((simple echo $((simple echo a)) $((simple echo b)))))");
  BOOST_TEST(parsed("echo $((1 + $x * (2)))") == "(simple echo $(('1 + '.\"${x}\".' * (2)')))");
  BOOST_TEST(parsed("echo $( (echo a) )") == "(simple echo $((subshell (simple echo a))))");
  BOOST_TEST(parsed("x=$(case a in a) echo y;; esac)") ==
             "(simple x=$((case a (a) (simple echo y))))");
}

BOOST_AUTO_TEST_CASE(commands) {
  BOOST_TEST(
      parsed("! a | b && c || d; e &") ==
      "(seq (and-or (pipe ! (simple a) (simple b)) && (simple c) || (simple d)) (simple e)&)");
  BOOST_TEST(parsed("if a; then b; elif c; then d; else e; fi") ==
             "(if (simple a) then (simple b) (simple c) then (simple d) else (simple e))");
  BOOST_TEST(parsed("for i in 1 2; do echo $i; done") == "(for i in 1 2 do (simple echo ${i}))");
  BOOST_TEST(parsed("for i\ndo :; done") == "(for i do (simple :))");
  BOOST_TEST(parsed("while a; do b; done >out") == "(while (simple a) do (simple b) >out)");
  BOOST_TEST(parsed("case $x in (a|b) one;; *) two\nesac") ==
             "(case ${x} (a|b) (simple one) (*) (simple two))");
  BOOST_TEST(parsed("f() { echo; } 2>&1") == "(function f (group (simple echo) 2>&1))");
  BOOST_TEST(parsed("{ a; b; }") == "(group (seq (simple a) (simple b)))");
  BOOST_TEST(parsed("echo if then") == "(simple echo if then)");
}

BOOST_AUTO_TEST_CASE(redirections_and_heredocs) {
  BOOST_TEST(parsed("cmd 2>err <in >>app 3<>rw 4<&- >|c 2>&1") ==
             "(simple cmd 2>err <in >>app 3<>rw 4<&- >|c 2>&1)");
  BOOST_TEST(parsed("cat <<EOF\nhello $x\nEOF\n") == "(simple cat <<['hello '.\"${x}\".'\n'])");
  BOOST_TEST(parsed("cat <<'EOF'\nhello $x\nEOF\n") == "(simple cat <<['hello $x\n'])");
  BOOST_TEST(parsed("cat <<-E\n\t\tx\n\tE\n") == "(simple cat <<['x\n'])");
  BOOST_TEST(parsed("cat <<A <<B\na\nA\nb\nB\n") == "(simple cat <<['a\n'] <<['b\n'])");
}

BOOST_AUTO_TEST_CASE(syntax_errors_name_their_line) {
  BOOST_TEST(parsed("echo a\nif then") ==
             "error line 2: syntax error near unexpected token `then'");
  BOOST_TEST(parsed("echo a\n\nfi") == "error line 3: syntax error near unexpected token `fi'");
  BOOST_TEST(parsed("if a; then b") == "error line 1: syntax error: unexpected end of file");
  BOOST_TEST(parsed("echo 'abc\n\n") ==
             "error line 1: unexpected EOF while looking for matching `''");
  BOOST_TEST(parsed("a | | b") == "error line 1: syntax error near unexpected token `|'");
  BOOST_TEST(parsed("echo ${x!}") == "error line 1: bad substitution");
  BOOST_TEST(parsed("echo >") == "error line 1: syntax error near unexpected token `newline'");
  BOOST_TEST(parsed("( )") == "error line 1: syntax error near unexpected token `)'");
}

BOOST_AUTO_TEST_CASE(hostile_nesting_is_an_error_not_a_crash) {
  std::string deep(100000, '(');
  BOOST_TEST(parsed(deep).find("nesting too deep") != std::string::npos);
  std::string subs;
  for (int i = 0; i < 5000; ++i) subs += "$(";
  BOOST_TEST(parsed("echo " + subs).find("nesting too deep") != std::string::npos);
  std::string braces;
  for (int i = 0; i < 5000; ++i) braces += "{ ";
  BOOST_TEST(parsed(braces).find("error") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_command_at_a_time) {
  Parser parser("echo a\necho b; echo c\n\nfi\n");
  auto first = parser.next();
  BOOST_TEST(dump(*std::get<NodePtr>(first)) == "(simple echo a)");
  auto second = parser.next();
  BOOST_TEST(dump(*std::get<NodePtr>(second)) == "(seq (simple echo b) (simple echo c))");
  auto third = parser.next();
  BOOST_REQUIRE(std::holds_alternative<ParseError>(third));
  BOOST_TEST(std::get<ParseError>(third).line == 4);
}
