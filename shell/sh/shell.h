// The shell's evaluator: state (variables, functions, positional parameters, options, fds, cwd),
// expansions, builtins, and the execution of the syntax tree. A command that is neither a
// builtin nor a function goes to a CommandRunner (the kernel in a VM, or a test double).
//
//   Shell shell({.vfs = vfs, .runner = runner}, fds, {"HOME=/root"}, "/");
//   int status = shell.run_source("echo hi | cat\n", "-c");
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "shell/sh/ast.h"
#include "shell/sh/io.h"
#include "vfs/vfs.h"

namespace wask::shell::sh {

// Runs programs that are not builtins: finds them on PATH and starts them with the shell's fds.
class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  enum class Lookup { Found, NotFound, NotExecutable };
  struct Found {
    Lookup lookup = Lookup::NotFound;
    std::string path;    // absolute VM path when found
    std::string reason;  // why not executable ("Permission denied")
  };
  // `name` contains no `/` when it is to be searched on `path_var` ("/bin:/usr/bin").
  virtual Found find(std::string_view name, std::string_view path_var, std::string_view cwd) = 0;
  // Runs `path` to completion; the exit status (126 not executable, 134 trap, 124 timeout).
  // Diagnostics go to fd 2 of `fds`. `started` (if set) hears the process's pid once it runs.
  virtual int run(const std::string& path, const std::vector<std::string>& argv,
                  const std::vector<std::string>& environ, const std::string& cwd, const Fds& fds,
                  const std::function<void(int pid)>& started) = 0;
};

struct ShellConfig {
  std::shared_ptr<vfs::Vfs> vfs;
  std::shared_ptr<CommandRunner> runner;  // may be null: every external is "not found"
  std::string name = "wask sh";           // the prefix of messages
  std::optional<std::chrono::steady_clock::time_point> deadline;  // --timeout: status 124
  int pid = 1;                                                    // $$
};

class Shell {
 public:
  Shell(ShellConfig config, Fds fds, const std::vector<std::string>& environ, std::string cwd);
  ~Shell();
  Shell(const Shell&) = delete;
  Shell& operator=(const Shell&) = delete;

  // Runs a script (parsed one complete command at a time) with $0 and the positional
  // parameters; the shell's exit status. A syntax error ends it with status 2.
  int run_script(std::string source, std::string arg0, std::vector<std::string> args);
  // One line typed at the prompt: runs it and answers whether the shell should go on.
  bool run_interactive_line(std::string line, int& status);

  // From any thread: the shell (and its subshells) end as soon as they can, with `status`.
  void stop(int status);

  int last_status() const { return last_status_; }
  const std::string& cwd() const { return cwd_; }
  std::optional<std::string> variable(std::string_view name) const;

  struct Variable {
    std::string value;
    bool exported = false;
    bool readonly = false;
  };
  struct Job;
  struct Control;  // shared by a shell and its subshells: the deadline, the next job id

 private:
  Shell(const Shell& parent, bool subshell);  // a subshell: a copy of the parent's state

  // --- evaluation (eval.cc) --------------------------------------------------------------------
  int run(const NodePtr& node);
  int run_kind(const Node& node);
  int run_simple(const Node& node, const Simple& cmd);
  int run_pipeline(const Pipeline& pipe);
  int run_sequence(const Sequence& seq);
  int run_subshell(const NodePtr& body, Fds fds);
  int run_command(std::vector<std::string>& argv, const std::vector<Assignment>& assignments);
  int run_function(const NodePtr& body, std::vector<std::string>& argv);
  int run_external(std::vector<std::string>& argv,
                   const std::vector<std::pair<std::string, std::string>>& env_overrides);
  bool start_thread(std::thread& thread, std::function<void()> body);  // false at the limit
  int run_in_subshell(const NodePtr& node);  // a whole subshell: exit and traps stay inside
  int finish_subshell(const NodePtr& node);
  int eval_text(std::string source, bool script);
  bool apply_redirs(const std::vector<Redir>& redirs);
  void check_errexit(int status);
  void check_deadline();
  void run_exit_trap();
  std::vector<std::string> environ() const;
  std::string capture(const NodePtr& body);

  // --- expansion (expand.cc) -------------------------------------------------------------------
  struct Builder;
  std::vector<std::string> expand_words(const std::vector<Word>& words);
  std::string expand_string(const Word& word);   // no splitting, no globbing
  std::string expand_pattern(const Word& word);  // quoted characters escaped with backslash
  void expand_parts(const Word& word, Builder& out, bool in_quotes);
  void expand_param(const Param& param, Builder& out, bool in_quotes);
  std::optional<std::string> param_value(std::string_view name) const;
  std::vector<std::string> glob(const std::string& pattern);
  int64_t arith(const Word& expr);

  // --- builtins (builtins.cc) ------------------------------------------------------------------
  using Args = std::vector<std::string>&;
#define WASK_SH_BUILTIN(name, fn, special) int fn(Args args);
#include "shell/sh/builtins.def"
#undef WASK_SH_BUILTIN
  using BuiltinFn = int (Shell::*)(Args);
  struct Builtin {
    std::string_view name;
    BuiltinFn fn;
    bool special;
  };
  static const Builtin* find_builtin(std::string_view name);
  int read_line_into(const std::vector<std::string>& names, bool raw);
  int test_expression(std::vector<std::string> args);
  int source_file(const std::string& path, std::vector<std::string> args);

  // --- helpers ---------------------------------------------------------------------------------
  void error(std::string_view message);  // "wask sh: line N: message" on fd 2
  // False if the write failed; EPIPE ends the (sub)shell as SIGPIPE would.
  bool write_out(int fd, std::string_view text);
  std::string absolute(std::string_view path) const;
  bool set_var(const std::string& name, std::string value);  // false (and a message) if readonly
  void unset_var(const std::string& name);

  ShellConfig config_;
  std::shared_ptr<Control> control_;
  Fds fds_;
  std::map<std::string, Variable, std::less<>> vars_;
  std::map<std::string, NodePtr, std::less<>> functions_;
  std::map<std::string, std::string, std::less<>> traps_;
  std::vector<std::string> positional_;
  std::string arg0_;
  std::string cwd_;
  int last_status_ = 0;
  int line_ = 0;  // of the command running, for messages
  int interactive_lines_ = 0;
  size_t getopts_char_ = 1;      // getopts: the next option letter within the current word ...
  int64_t getopts_optind_ = -1;  // ... valid while OPTIND is the value getopts last set
  bool errexit_ = false, nounset_ = false, xtrace_ = false, noglob_ = false;
  int errexit_suppressed_ = 0;  // inside if/while conditions, && || operands, !
  int command_sub_status_ = 0;  // of the last $(...) in the command being expanded
  int nesting_ = 0;             // functions, eval, `.`, subshells, $(...) within each other
  int loop_depth_ = 0;
  int function_depth_ = 0;
  bool in_subshell_ = false;
  bool keep_redirs_ = false;  // `exec` without a command: its redirections stay
  std::vector<std::map<std::string, std::optional<Variable>, std::less<>>> locals_;
  std::vector<std::shared_ptr<Job>> jobs_;
  std::shared_ptr<Job> last_job_;  // $!
  // In the shell of a background simple command: the job that learns the command's pid.
  std::shared_ptr<Job> announce_to_;
};

}  // namespace wask::shell::sh
