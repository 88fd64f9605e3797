// The evaluator: one function per kind of node. Subshells (`( )`, pipeline stages, `$(...)`,
// `&`) are copies of the shell's state; pipeline stages and background jobs run on host
// threads, joined before the pipeline (or the shell) ends.
#include <algorithm>

#include "shell/sh/control.h"
#include "shell/sh/parser.h"
#include "shell/sh/pattern.h"
#include "shell/sh/shell.h"
#include "vfs/errc.h"
#include "vfs/memory_io.h"
#include "vfs/pipe.h"

namespace wask::shell::sh {

namespace {

constexpr int kMaxNesting = 256;  // functions, eval, `.`, subshells within each other
constexpr size_t kCaptureLimit = size_t{64} << 20;  // what one $(...) may collect
constexpr int kMaxThreads = 256;                    // pipeline stages and jobs at once, per VM
constexpr size_t kMaxValue = size_t{64} << 20;      // one variable's value: x="$x$x" stays bounded

std::string capitalized(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = char(out[0] - 'a' + 'A');
  return out;
}

// The shell's quoting of a word for `set -x` and `export -p`.
std::string quoted_for_trace(const std::string& word) {
  if (!word.empty() && word.find_first_of(" \t\n'\"\\$`*?[]#~=%|&;<>(){}!") == std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? "'\\''" : std::string(1, c);
  return out + "'";
}

struct NestingGuard {
  int& depth;
  explicit NestingGuard(int& d) : depth(d) { ++depth; }
  ~NestingGuard() { --depth; }
};

}  // namespace

Shell::Shell(ShellConfig config, Fds fds, const std::vector<std::string>& environ, std::string cwd)
    : config_(std::move(config)),
      control_(std::make_shared<Control>(config_.deadline)),
      fds_(std::move(fds)),
      cwd_(std::move(cwd)) {
  for (const std::string& entry : environ) {
    size_t eq = entry.find('=');
    if (eq == std::string::npos || !is_name(std::string_view(entry).substr(0, eq))) continue;
    vars_[entry.substr(0, eq)] = Variable{entry.substr(eq + 1), true};
  }
  vars_["PWD"] = Variable{cwd_, true};
}

Shell::Shell(const Shell& parent, bool subshell)
    : config_(parent.config_),
      control_(parent.control_),
      fds_(parent.fds_),
      vars_(parent.vars_),
      functions_(parent.functions_),
      positional_(parent.positional_),
      arg0_(parent.arg0_),
      cwd_(parent.cwd_),
      last_status_(parent.last_status_),
      line_(parent.line_),
      errexit_(parent.errexit_),
      nounset_(parent.nounset_),
      xtrace_(parent.xtrace_),
      noglob_(parent.noglob_),
      errexit_suppressed_(parent.errexit_suppressed_),
      nesting_(parent.nesting_),
      in_subshell_(subshell),
      last_job_(parent.last_job_) {}

Shell::~Shell() {
  for (auto& job : jobs_) job->wait();
}

std::optional<std::string> Shell::variable(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second.value;
}

bool Shell::set_var(const std::string& name, std::string value) {
  if (value.size() > kMaxValue) {
    error(name + ": value too large (" + std::to_string(value.size()) + " bytes; the limit is " +
          std::to_string(kMaxValue) + ")");
    return false;
  }
  Variable& v = vars_[name];
  if (v.readonly) {
    error(name + ": readonly variable");
    return false;
  }
  v.value = std::move(value);
  return true;
}

void Shell::unset_var(const std::string& name) {
  auto it = vars_.find(name);
  if (it == vars_.end()) return;
  if (it->second.readonly) {
    error(name + ": readonly variable");
    return;
  }
  vars_.erase(it);
}

std::vector<std::string> Shell::environ() const {
  std::vector<std::string> out;
  for (const auto& [name, v] : vars_)
    if (v.exported) out.push_back(name + "=" + v.value);
  return out;
}

std::string Shell::absolute(std::string_view path) const {
  if (!path.empty() && path[0] == '/') return std::string(path);
  if (cwd_ == "/") return std::string("/").append(path);
  return cwd_ + "/" + std::string(path);
}

void Shell::error(std::string_view message) {
  std::string text = config_.name + ": line " + std::to_string(line_) + ": ";
  text += message;
  text += '\n';
  if (StreamPtr err = fds_.get(2)) (void)write_all(*err, text);
}

bool Shell::write_out(int fd, std::string_view text) {
  StreamPtr stream = fds_.get(fd);
  if (!stream) return false;
  vfs::Errc e = write_all(*stream, text, &control_->cancel);
  if (e == vfs::Errc::Canceled) check_deadline();
  if (e == vfs::Errc::BrokenPipe) throw ExitRequest{141};  // what SIGPIPE would do
  return e == vfs::Errc::Ok;
}

void Shell::check_deadline() {
  if (config_.deadline && std::chrono::steady_clock::now() >= *config_.deadline)
    throw ExitRequest{124};
  if (control_->cancel.triggered()) throw ExitRequest{control_->cancel.status()};
}

void Shell::stop(int status) { control_->cancel.trigger(status); }

void Shell::check_errexit(int status) {
  if (status != 0 && errexit_ && errexit_suppressed_ == 0) throw ExitRequest{status};
}

// --- scripts -------------------------------------------------------------------------------------

int Shell::run_script(std::string source, std::string arg0, std::vector<std::string> args) {
  arg0_ = std::move(arg0);
  positional_ = std::move(args);
  int status = 0;
  try {
    status = eval_text(std::move(source), true);
  } catch (ExitRequest& e) {
    status = e.status;
  } catch (LoopRequest&) {
    status = last_status_;
  } catch (ReturnRequest& r) {
    status = r.status;
  }
  last_status_ = status;
  run_exit_trap();
  return last_status_;
}

bool Shell::run_interactive_line(std::string line, int& status) {
  line_ = ++interactive_lines_;
  try {
    status = eval_text(std::move(line), false);
  } catch (ExitRequest& e) {
    status = last_status_ = e.status;
    run_exit_trap();
    return false;
  } catch (LoopRequest&) {
    status = last_status_;
  } catch (ReturnRequest& r) {
    status = last_status_ = r.status;
  }
  return true;
}

int Shell::eval_text(std::string source, bool script) {
  if (nesting_ >= kMaxNesting) {
    error("maximum nesting level exceeded (" + std::to_string(kMaxNesting) + ")");
    throw ExitRequest{2};
  }
  NestingGuard guard(nesting_);
  Parser parser(std::move(source), script ? 1 : line_);
  int status = 0;
  while (true) {
    auto next = parser.next();
    if (auto* e = std::get_if<ParseError>(&next)) {
      line_ = e->line;
      error(e->message);
      if (script) throw ExitRequest{2};
      return last_status_ = 2;
    }
    NodePtr node = std::get<NodePtr>(next);
    if (!node) break;
    status = last_status_ = run(node);
  }
  return last_status_ = status;
}

void Shell::run_exit_trap() {
  auto it = traps_.find("EXIT");
  if (it == traps_.end()) return;
  std::string action = it->second;
  traps_.erase(it);
  int saved = last_status_;
  try {
    eval_text(action, false);
    last_status_ = saved;
  } catch (ExitRequest& e) {
    last_status_ = e.status;
  } catch (...) {
    last_status_ = saved;
  }
}

// --- nodes ---------------------------------------------------------------------------------------

int Shell::run(const NodePtr& node) {
  if (!node) return 0;
  check_deadline();
  line_ = node->line;
  if (!node->redirs.empty() && !std::holds_alternative<Simple>(node->kind)) {
    Fds saved = fds_;
    if (!apply_redirs(node->redirs)) {
      fds_ = std::move(saved);
      return last_status_ = 1;
    }
    struct Restore {
      Shell& s;
      Fds saved;
      ~Restore() { s.fds_ = std::move(saved); }
    } restore{*this, std::move(saved)};
    last_status_ = run_kind(*node);
  } else {
    last_status_ = run_kind(*node);
  }
  check_deadline();  // a subshell or command that the deadline ended ends this shell too
  return last_status_;
}

int Shell::run_kind(const Node& node) {
  struct Suppress {
    int& n;
    explicit Suppress(int& count) : n(count) { ++n; }
    ~Suppress() { --n; }
  };
  struct LoopScope {
    int& n;
    explicit LoopScope(int& depth) : n(depth) { ++n; }
    ~LoopScope() { --n; }
  };
  // Runs a loop body; false when the loop must end (break).
  auto body_continues = [this](const NodePtr& body, int& status) {
    try {
      status = run(body);
    } catch (LoopRequest& r) {
      if (r.levels > 1) {
        --r.levels;
        throw;
      }
      return r.is_continue;
    }
    return true;
  };

  if (auto* simple = std::get_if<Simple>(&node.kind)) {
    int status = run_simple(node, *simple);
    check_errexit(status);
    return status;
  }
  if (auto* pipe = std::get_if<Pipeline>(&node.kind)) return run_pipeline(*pipe);
  if (auto* andor = std::get_if<AndOr>(&node.kind)) {
    int status;
    {
      Suppress s(errexit_suppressed_);
      status = run(andor->first);
    }
    for (size_t i = 0; i < andor->rest.size(); ++i) {
      const auto& [is_and, next] = andor->rest[i];
      if (is_and != (status == 0)) continue;
      if (i + 1 < andor->rest.size()) {
        Suppress s(errexit_suppressed_);
        status = run(next);
      } else {
        status = run(next);
      }
    }
    return last_status_ = status;
  }
  if (auto* seq = std::get_if<Sequence>(&node.kind)) return run_sequence(*seq);
  if (auto* sub = std::get_if<Subshell>(&node.kind)) {
    int status = run_in_subshell(sub->body);
    check_errexit(status);
    return last_status_ = status;
  }
  if (auto* group = std::get_if<Group>(&node.kind)) return run(group->body);
  if (auto* cond = std::get_if<If>(&node.kind)) {
    for (const auto& [test, body] : cond->branches) {
      int c;
      {
        Suppress s(errexit_suppressed_);
        c = run(test);
      }
      if (c == 0) return last_status_ = run(body);
    }
    return last_status_ = cond->otherwise ? run(cond->otherwise) : 0;
  }
  if (auto* loop = std::get_if<Loop>(&node.kind)) {
    LoopScope scope(loop_depth_);
    int status = 0;
    while (true) {
      check_deadline();
      int c;
      {
        Suppress s(errexit_suppressed_);
        c = run(loop->condition);
      }
      if ((c == 0) == loop->until) break;
      if (!body_continues(loop->body, status)) break;
    }
    return last_status_ = status;
  }
  if (auto* loop = std::get_if<For>(&node.kind)) {
    std::vector<std::string> items = loop->has_in ? expand_words(loop->words) : positional_;
    LoopScope scope(loop_depth_);
    int status = 0;
    for (std::string& item : items) {
      check_deadline();
      if (!set_var(loop->name, std::move(item))) return last_status_ = 1;
      if (!body_continues(loop->body, status)) break;
    }
    return last_status_ = status;
  }
  if (auto* c = std::get_if<Case>(&node.kind)) {
    std::string subject = expand_string(c->subject);
    for (const Case::Item& item : c->items)
      for (const Word& pattern : item.patterns)
        if (match_pattern(expand_pattern(pattern), subject))
          return last_status_ = item.body ? run(item.body) : 0;
    return last_status_ = 0;
  }
  if (auto* def = std::get_if<FunctionDef>(&node.kind)) {
    functions_[def->name] = def->body;
    return last_status_ = 0;
  }
  return 0;
}

int Shell::run_sequence(const Sequence& seq) {
  int status = last_status_;
  for (const Sequence::Item& item : seq.items) {
    if (!item.async) {
      status = last_status_ = run(item.node);
      continue;
    }
    auto job = std::make_shared<Job>();
    job->id = control_->next_job++;
    auto child = std::shared_ptr<Shell>(new Shell(*this, true));
    child->fds_.set(0, vfs::null_description());
    if (std::holds_alternative<Simple>(item.node->kind)) {
      child->announce_to_ = job;
    } else {
      job->announce(0);
    }
    if (!start_thread(job->thread, [child, job, node = item.node] {
          job->status = child->finish_subshell(node);
          child->fds_ = {};
          job->announce(0);  // started no process
          job->done = true;
        })) {
      job->announce(0);
      status = last_status_ = 2;
      continue;
    }
    last_job_ = job;
    jobs_.push_back(std::move(job));
    status = last_status_ = 0;
  }
  return status;
}

bool Shell::start_thread(std::thread& thread, std::function<void()> body) {
  // At the limit every start fails until all running ones have ended, so a fork bomb unwinds
  // instead of refilling the slots its failing leaves free.
  if (control_->exhausted) return false;
  if (control_->threads.fetch_add(1) >= kMaxThreads) {
    control_->threads.fetch_sub(1);
    if (!control_->exhausted.exchange(true))
      error("fork: too many processes (limit " + std::to_string(kMaxThreads) + ")");
    if (control_->threads == 0) control_->exhausted = false;  // the last one ended meanwhile
    return false;
  }
  try {
    thread = std::thread([control = control_, body = std::move(body)] {
      try {
        body();
      } catch (...) {  // e.g. out of memory: the stage ends, the VM goes on
      }
      if (control->threads.fetch_sub(1) == 1) control->exhausted = false;
    });
  } catch (const std::system_error&) {
    control_->threads.fetch_sub(1);
    error("fork: Resource temporarily unavailable");
    return false;
  }
  return true;
}

int Shell::run_pipeline(const Pipeline& pipe) {
  int status;
  if (pipe.commands.size() == 1) {
    if (pipe.negate) {
      struct Suppress {
        int& n;
        ~Suppress() { --n; }
      } s{++errexit_suppressed_};
      status = run(pipe.commands[0]);
    } else {
      status = run(pipe.commands[0]);
    }
  } else {
    const size_t n = pipe.commands.size();
    std::vector<int> statuses(n, 0);
    std::vector<std::thread> threads(n);
    StreamPtr previous_read;
    bool failed = false;
    for (size_t i = 0; i < n && !failed; ++i) {
      auto child = std::shared_ptr<Shell>(new Shell(*this, true));
      if (pipe.negate) ++child->errexit_suppressed_;
      if (previous_read) child->fds_.set(0, std::move(previous_read));
      previous_read = nullptr;
      if (i + 1 < n) {
        vfs::PipeEnds ends = vfs::make_pipe();
        child->fds_.set(1, std::move(ends.write));
        previous_read = std::move(ends.read);
      }
      failed = !start_thread(threads[i], [child, node = pipe.commands[i], &status = statuses[i]] {
        status = child->finish_subshell(node);
        child->fds_ = {};  // close this stage's pipe ends now: EOF / EPIPE for its neighbours
      });
      if (failed) statuses[n - 1] = 2;
    }
    previous_read = nullptr;
    for (std::thread& t : threads)
      if (t.joinable()) t.join();
    status = statuses[n - 1];
  }
  if (pipe.negate) return last_status_ = status == 0 ? 1 : 0;
  check_errexit(status);
  return last_status_ = status;
}

int Shell::run_in_subshell(const NodePtr& body) {
  if (nesting_ >= kMaxNesting) {
    error("maximum nesting level exceeded (" + std::to_string(kMaxNesting) + ")");
    return 2;
  }
  Shell child(*this, true);
  NestingGuard guard(child.nesting_);
  return child.finish_subshell(body);
}

int Shell::finish_subshell(const NodePtr& node) {
  int status;
  try {
    status = run(node);
  } catch (ExitRequest& e) {
    status = e.status;
  } catch (LoopRequest&) {
    status = last_status_;
  } catch (ReturnRequest& r) {
    status = r.status;
  }
  last_status_ = status;
  run_exit_trap();
  return last_status_;
}

std::string Shell::capture(const NodePtr& body) {
  auto sink = std::make_shared<CaptureSink>(kCaptureLimit);
  if (nesting_ >= kMaxNesting) {
    error("maximum nesting level exceeded (" + std::to_string(kMaxNesting) + ")");
    throw ExitRequest{2};
  }
  int status;
  {
    Shell child(*this, true);
    NestingGuard guard(child.nesting_);
    child.fds_.set(1, sink);
    status = child.finish_subshell(body);
  }
  last_status_ = command_sub_status_ = status;
  return sink->take();
}

// --- simple commands -----------------------------------------------------------------------------

int Shell::run_simple(const Node& node, const Simple& cmd) {
  command_sub_status_ = 0;
  std::vector<std::string> argv = expand_words(cmd.words);
  line_ = node.line;
  Fds saved = fds_;
  struct Restore {
    Shell& s;
    Fds& saved;
    ~Restore() {
      if (!s.keep_redirs_) s.fds_ = std::move(saved);
      s.keep_redirs_ = false;
    }
  } restore{*this, saved};
  if (argv.empty()) {
    for (const Assignment& a : cmd.assignments) {
      std::string value = expand_string(a.value);
      if (xtrace_) write_out(2, "+ " + a.name + "=" + quoted_for_trace(value) + "\n");
      if (!set_var(a.name, std::move(value))) {
        if (!in_subshell_) throw ExitRequest{1};
        return 1;
      }
    }
    if (!apply_redirs(cmd.redirs)) return 1;
    return command_sub_status_;
  }
  if (!apply_redirs(cmd.redirs)) return 1;
  return run_command(argv, cmd.assignments);
}

int Shell::run_command(std::vector<std::string>& argv, const std::vector<Assignment>& assignments) {
  std::vector<std::pair<std::string, std::string>> assigned;
  for (const Assignment& a : assignments) assigned.emplace_back(a.name, expand_string(a.value));
  if (xtrace_) {
    std::string trace = "+";
    for (const auto& [name, value] : assigned)
      trace.append(" ").append(name).append("=").append(quoted_for_trace(value));
    for (const std::string& arg : argv) trace.append(" ").append(quoted_for_trace(arg));
    write_out(2, trace + "\n");
  }
  const Builtin* builtin = find_builtin(argv[0]);
  // A background builtin or function has no process of its own: $! is its job id.
  if (announce_to_ && (builtin || functions_.count(argv[0])))
    std::exchange(announce_to_, {})->announce(0);
  if (builtin && builtin->special) {
    for (auto& [name, value] : assigned)
      if (!set_var(name, std::move(value))) return 1;
    return (this->*builtin->fn)(argv);
  }
  auto function = functions_.find(argv[0]);
  if (function == functions_.end() && !builtin) return run_external(argv, assigned);
  // Assignments before a function or a regular builtin last as long as it runs.
  std::vector<std::pair<std::string, std::optional<Variable>>> saved;
  for (auto& [name, value] : assigned) {
    auto it = vars_.find(name);
    saved.emplace_back(name, it == vars_.end() ? std::nullopt : std::optional(it->second));
    if (!set_var(name, std::move(value))) return 1;
    vars_[name].exported = true;
  }
  struct RestoreVars {
    Shell& s;
    decltype(saved)& vars;
    ~RestoreVars() {
      for (auto it = vars.rbegin(); it != vars.rend(); ++it) {
        if (it->second)
          s.vars_[it->first] = *it->second;
        else
          s.vars_.erase(it->first);
      }
    }
  } restore{*this, saved};
  if (function != functions_.end()) return run_function(function->second, argv);
  return (this->*builtin->fn)(argv);
}

int Shell::run_function(const NodePtr& body, std::vector<std::string>& argv) {
  if (nesting_ >= kMaxNesting) {
    error(argv[0] + ": maximum function nesting level exceeded (" + std::to_string(kMaxNesting) +
          ")");
    return 2;
  }
  NestingGuard guard(nesting_);
  std::vector<std::string> saved_positional(argv.begin() + 1, argv.end());
  std::swap(saved_positional, positional_);
  locals_.emplace_back();
  struct Restore {
    Shell& s;
    std::vector<std::string>& positional;
    ~Restore() {
      std::swap(positional, s.positional_);
      for (auto& [name, old] : s.locals_.back()) {
        if (old)
          s.vars_[name] = *old;
        else
          s.vars_.erase(name);
      }
      s.locals_.pop_back();
    }
  } restore{*this, saved_positional};
  ++function_depth_;
  int status;
  try {
    status = run(body);
  } catch (ReturnRequest& r) {
    status = r.status;
  }
  --function_depth_;
  return last_status_ = status;
}

int Shell::run_external(std::vector<std::string>& argv,
                        const std::vector<std::pair<std::string, std::string>>& env_overrides) {
  const std::string& name = argv[0];
  CommandRunner::Found found;
  if (config_.runner) found = config_.runner->find(name, variable("PATH").value_or(""), cwd_);
  if (found.lookup == CommandRunner::Lookup::NotFound) {
    error(name.find('/') == std::string::npos ? name + ": command not found"
                                              : name + ": No such file or directory");
    return 127;
  }
  if (found.lookup == CommandRunner::Lookup::NotExecutable) {
    error(name + ": " + (found.reason.empty() ? "Permission denied" : found.reason));
    return 126;
  }
  std::vector<std::string> env = environ();
  for (const auto& [key, value] : env_overrides) {
    const std::string assignment = key + "=";
    std::erase_if(env, [&](const std::string& e) { return e.starts_with(assignment); });
    env.push_back(assignment + value);
  }
  std::function<void(int)> started;
  if (announce_to_)
    started = [job = std::exchange(announce_to_, {})](int pid) { job->announce(pid); };
  int status = config_.runner->run(found.path, argv, env, cwd_, fds_, started);
  check_deadline();  // an interrupted command ends the shell with 124
  return status;
}

// --- redirections --------------------------------------------------------------------------------

bool Shell::apply_redirs(const std::vector<Redir>& redirs) {
  for (const Redir& r : redirs) {
    const bool input = r.op == RedirOp::In || r.op == RedirOp::DupIn || r.op == RedirOp::HereDoc ||
                       r.op == RedirOp::InOut;
    const int fd = r.fd >= 0 ? r.fd : input ? 0 : 1;
    if (r.op == RedirOp::HereDoc) {
      std::string body = r.heredoc ? expand_string(*r.heredoc) : "";
      fds_.set(fd, vfs::source_of(std::move(body)));
      continue;
    }
    std::string target = expand_string(r.target);
    if (r.op == RedirOp::DupIn || r.op == RedirOp::DupOut) {
      if (target == "-") {
        fds_.close(fd);
        continue;
      }
      bool digits =
          !target.empty() && target.size() < 5 &&
          std::all_of(target.begin(), target.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        error(target + ": ambiguous redirect");
        return false;
      }
      StreamPtr source = fds_.get(std::stoi(target));
      if (!source) {
        error(target + ": Bad file descriptor");
        return false;
      }
      fds_.set(fd, source);
      continue;
    }
    vfs::OpenFlags flags;
    switch (r.op) {
      case RedirOp::In:
        flags = {.read = true};
        break;
      case RedirOp::InOut:
        flags = {.read = true, .write = true, .create = true};
        break;
      case RedirOp::Append:
        flags = {.read = false, .write = true, .create = true, .append = true};
        break;
      default:
        flags = {.read = false, .write = true, .create = true, .truncate = true};
        break;
    }
    if (target.empty()) {
      error(": No such file or directory");
      return false;
    }
    auto file = config_.vfs->open(absolute(target), flags);
    if (file && (*file)->alias_fd()) {  // /dev/stdout and the like: the shell's own fd
      StreamPtr alias = fds_.get(int(*(*file)->alias_fd()));
      if (!alias) {
        error(target + ": Bad file descriptor");
        return false;
      }
      fds_.set(fd, alias);
      continue;
    }
    if (!file) {
      // Until every VM has a /dev, the shell answers for /dev/null itself.
      if (file.error() == vfs::Errc::NoEntry && target == "/dev/null") {
        fds_.set(fd, vfs::null_description());
        continue;
      }
      error(target + ": " + capitalized(vfs::message(file.error())));
      return false;
    }
    fds_.set(fd, std::move(*file));
  }
  return true;
}

}  // namespace wask::shell::sh
