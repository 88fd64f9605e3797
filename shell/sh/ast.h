// The shell language's syntax tree (POSIX XCU 2.10): words made of parts, commands, lists.
// Built by parser.h, read by the evaluator; immutable once parsed, so subshells share it.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace wask::shell::sh {

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Word;

// A run of characters. `quoted`: inside quotes or escaped, so neither split nor globbed.
struct Literal {
  std::string text;
  bool quoted = false;
};

// `~` or `~user` at the start of a word.
struct Tilde {
  std::string user;
};

// How ${NAME OP WORD} treats its word.
enum class ParamOp {
  None,                  // $NAME ${NAME}
  Length,                // ${#NAME}
  Default,               // ${NAME-w} ${NAME:-w}
  Assign,                // ${NAME=w} ${NAME:=w}
  Error,                 // ${NAME?w} ${NAME:?w}
  Alternative,           // ${NAME+w} ${NAME:+w}
  RemoveSmallestPrefix,  // ${NAME#p}
  RemoveLargestPrefix,   // ${NAME##p}
  RemoveSmallestSuffix,  // ${NAME%p}
  RemoveLargestSuffix,   // ${NAME%%p}
};

struct Param {
  std::string name;  // a NAME, a digit string, or one of @ * # ? - $ !
  ParamOp op = ParamOp::None;
  bool colon = false;  // ${NAME:-w}: an empty value counts as unset
  std::shared_ptr<const Word> arg;
  bool quoted = false;
};

struct CommandSub {
  NodePtr body;  // null for an empty $( )
  bool quoted = false;
};

struct Arith {
  std::shared_ptr<const Word> expr;
  bool quoted = false;
};

using WordPart = std::variant<Literal, Tilde, Param, CommandSub, Arith>;

struct Word {
  std::vector<WordPart> parts;
  std::string raw;  // the source text, for reserved words, assignments and messages
};

enum class RedirOp { In, Out, Append, Clobber, InOut, DupIn, DupOut, HereDoc };

struct Redir {
  int fd = -1;  // -1: the operator's default (0 for < <& << <>, 1 for the others)
  RedirOp op = RedirOp::In;
  Word target;  // the file, the fd number or `-`; a here-document's delimiter
  // A here-document's body, filled in when the parser reaches the end of the line.
  std::shared_ptr<Word> heredoc;
  bool heredoc_literal = false;  // the delimiter was quoted: the body is not expanded
};

struct Assignment {
  std::string name;
  Word value;
};

struct Simple {
  std::vector<Assignment> assignments;
  std::vector<Word> words;
  std::vector<Redir> redirs;
};

struct Pipeline {
  std::vector<NodePtr> commands;
  bool negate = false;
};

// a && b || c, left to right.
struct AndOr {
  NodePtr first;
  std::vector<std::pair<bool, NodePtr>> rest;  // true: &&, false: ||
};

// A list: each item runs in turn, in the background when `async`.
struct Sequence {
  struct Item {
    NodePtr node;
    bool async = false;
  };
  std::vector<Item> items;
};

struct Subshell {
  NodePtr body;
};

struct Group {
  NodePtr body;
};

struct If {
  std::vector<std::pair<NodePtr, NodePtr>> branches;  // (condition, body): if, elif...
  NodePtr otherwise;                                  // else; may be null
};

struct Loop {
  NodePtr condition, body;
  bool until = false;
};

struct For {
  std::string name;
  std::vector<Word> words;
  bool has_in = false;  // without `in`, the loop runs over "$@"
  NodePtr body;
};

struct Case {
  Word subject;
  struct Item {
    std::vector<Word> patterns;
    NodePtr body;  // may be null
  };
  std::vector<Item> items;
};

struct FunctionDef {
  std::string name;
  NodePtr body;  // a compound command (with its redirections)
};

struct Node {
  int line = 0;
  std::variant<Simple, Pipeline, AndOr, Sequence, Subshell, Group, If, Loop, For, Case, FunctionDef>
      kind;
  std::vector<Redir> redirs;  // a compound command's redirections
};

// A readable, stable rendering of a tree for parser tests: "(pipe (simple echo a) (simple cat))".
std::string dump(const Node& node);
std::string dump(const Word& word);

}  // namespace wask::shell::sh
