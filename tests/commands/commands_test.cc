// The differential test of the command package: every case of every tests/commands/cases/*.cases
// runs natively (the host's GNU command) and under `wask run` (build/commands/NAME.wasm) over the
// same files, and everything must match: stdout, stderr, exit status and the resulting tree.
//
// The .cases format (one Boost test case per file, named after it; see README.md):
//   # comment                 ignored, as are empty lines
//   setup: SH-COMMANDS        run by the host `sh` in each fresh case directory before every case
//                             that follows; consecutive setup lines form one setup, a setup line
//                             after a case starts a new one
//   [sorted] [times] [stdin=FILE] NAME ARGS
//                             one case: split into words by the host `sh` (quoting and globs work,
//                             globs expand in the case directory after setup); stdin=FILE feeds
//                             that file (relative to the case directory) on stdin, else /dev/null;
//                             `sorted` compares stdout line-sorted (for output in directory order),
//                             `times` adds modification times to the tree comparison
//   native: NAME ARGS         right after a case: what runs natively instead (only where GNU cannot
//                             be used verbatim)
// Natively a case runs in a fresh temp dir; under wask in another, mounted with
// `--dir DIR::/w --cwd /w`. Both get LC_ALL=C and TZ=UTC. The one normalisation: the native case
// directory's absolute path reads as /w in the native output (the wask side's path for it). The
// VM's user gets the host user's name (USER), so owners print alike.
// The tree comparison covers names, types, permission bits, contents and symlink targets; not
// times or owners (setup makes the two trees moments apart; WASI has no owners).
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace fs = std::filesystem;

namespace {

constexpr auto kProcessTimeout = std::chrono::seconds(20);

struct Outcome {
  int status = -1;  // exit code, 128+signal, or -1 when it had to be killed
  std::string out, err;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Runs argv (looked up on PATH) in `cwd` with exactly `env`, stdin from `stdin_path`; stdout
// and stderr go through files in `scratch` (outside the case directory, so not in the tree).
Outcome run_process(const std::vector<std::string>& argv, const fs::path& cwd,
                    const std::vector<std::string>& env, const fs::path& stdin_path,
                    const fs::path& scratch) {
  fs::path out_path = scratch / "stdout", err_path = scratch / "stderr";
  std::vector<char*> args, envp;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return {};
  if (pid == 0) {
    int in = open(stdin_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || chdir(cwd.c_str()) != 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execvpe(args[0], args.data(), envp.data());
    _exit(127);
  }
  int wstatus = 0;
  auto deadline = std::chrono::steady_clock::now() + kProcessTimeout;
  Outcome outcome;
  for (;;) {
    pid_t done = waitpid(pid, &wstatus, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &wstatus, 0);
      outcome.status = -1;
      outcome.out = read_file(out_path);
      outcome.err = read_file(err_path) + "[killed: timed out]\n";
      return outcome;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  outcome.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  outcome.out = read_file(out_path);
  outcome.err = read_file(err_path);
  return outcome;
}

std::vector<std::string> host_env(const fs::path& cwd) {
  const char* path = std::getenv("PATH");
  return {"LC_ALL=C", "TZ=UTC", std::string("PATH=") + (path ? path : "/usr/bin:/bin"),
          "PWD=" + cwd.string()};
}

// One directory tree as lines "path type mode detail", sorted by path.
std::string describe_tree(const fs::path& root, bool with_times) {
  std::map<std::string, std::string> entries;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const fs::path& p = it->path();
    struct stat st {};
    if (lstat(p.c_str(), &st) != 0) continue;
    std::ostringstream line;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
    if (S_ISREG(st.st_mode)) {
      std::string content = read_file(p);
      line << "file " << mode << " " << content.size() << " bytes";
      bool printable = content.size() <= 160;
      for (char c : content) printable = printable && (c == '\n' || (c >= ' ' && c < 127));
      if (printable) {
        std::string shown = content;
        for (size_t at = 0; (at = shown.find('\n', at)) != std::string::npos;)
          shown.replace(at, 1, "\\n");
        line << " \"" << shown << "\"";
      } else {
        line << " hash " << std::hash<std::string>{}(content);
      }
    } else if (S_ISDIR(st.st_mode)) {
      line << "dir " << mode;
    } else if (S_ISLNK(st.st_mode)) {
      line << "symlink -> " << fs::read_symlink(p).string();
    } else {
      line << "other " << std::oct << st.st_mode;
    }
    if (with_times && !S_ISLNK(st.st_mode)) line << " mtime " << st.st_mtim.tv_sec;
    entries[p.lexically_relative(root).string()] = line.str();
  }
  std::string text;
  for (const auto& [path, line] : entries) text += path + " " + line + "\n";
  return text;
}

// The host's user name: the VM's user is given the same (files' owner in ls -l, stat).
std::string host_user() {
  struct passwd* pw = getpwuid(getuid());
  return pw ? pw->pw_name : "user";
}

std::string sort_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
  return text;
}

// `diff -u` of two texts, for the failure report.
std::string unified_diff(const std::string& native, const std::string& wask,
                         const fs::path& scratch) {
  fs::path dir = scratch / "diff";
  fs::create_directories(dir);
  write_file(dir / "native", native);
  write_file(dir / "wask", wask);
  Outcome d =
      run_process({"diff", "-u", "-a", "--label", "native", "--label", "wask", "native", "wask"},
                  dir, host_env(dir), "/dev/null", dir);
  return d.out;
}

struct Case {
  int line_number = 0;
  std::string line;                   // as written, for the report
  std::string setup;                  // sh commands
  std::string words;                  // the command line
  std::optional<std::string> native;  // native: override
};

std::vector<Case> parse_cases(const fs::path& file) {
  std::ifstream in(file);
  std::vector<Case> cases;
  std::string setup, line;
  bool setup_open = false;  // the last non-comment line was a setup line
  for (int number = 1; std::getline(in, line); ++number) {
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    std::string text = line.substr(start);
    auto rest = [&](size_t prefix) { return text.substr(text.find_first_not_of(" \t", prefix)); };
    if (text.rfind("setup:", 0) == 0) {
      if (!setup_open) setup.clear();
      setup += rest(6) + "\n";
      setup_open = true;
    } else if (text.rfind("native:", 0) == 0) {
      BOOST_REQUIRE_MESSAGE(!cases.empty() && !setup_open,
                            file.filename().string() << ":" << number << ": native: needs a case");
      cases.back().native = rest(7);
    } else {
      cases.push_back({number, text, setup, text, std::nullopt});
      setup_open = false;
    }
  }
  return cases;
}

// Splits a command line into words with the host sh, in `cwd` (so globs see the case's files).
std::vector<std::string> split_words(const std::string& words, const fs::path& cwd,
                                     const fs::path& scratch) {
  Outcome split = run_process({"sh", "-c", "printf '%s\\0' " + words}, cwd, host_env(cwd),
                              "/dev/null", scratch);
  BOOST_REQUIRE_MESSAGE(split.status == 0, "cannot split '" << words << "': " << split.err);
  std::vector<std::string> argv;
  for (size_t at = 0; at < split.out.size();) {
    size_t end = split.out.find('\0', at);
    argv.push_back(split.out.substr(at, end - at));
    at = end + 1;
  }
  return argv;
}

struct Sides {
  fs::path native, wask, scratch;
  // `xdev` cases: each side's `x`, a directory on another file system (natively reached through
  // the symlink x, under wask mounted at /w/x), so a move into it crosses devices on both sides.
  fs::path native_x, wask_x;
};

// The other file system for `xdev` cases: /dev/shm (tmpfs) when it is not the temp directory's.
std::optional<fs::path> other_device_dir() {
  struct stat tmp {
  }, shm{};
  if (::stat(fs::temp_directory_path().c_str(), &tmp) != 0 || ::stat("/dev/shm", &shm) != 0 ||
      tmp.st_dev == shm.st_dev)
    return std::nullopt;
  return fs::path("/dev/shm");
}

void prepare(const fs::path& dir, const std::string& setup, const fs::path& scratch,
             const std::string& where, const fs::path* x = nullptr) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  if (x) {
    fs::remove_all(*x);
    fs::create_directories(*x);
    fs::create_directory_symlink(*x, dir / "x");
  }
  if (setup.empty()) return;
  Outcome made = run_process({"sh", "-ec", setup}, dir, host_env(dir), "/dev/null", scratch);
  BOOST_REQUIRE_MESSAGE(made.status == 0, where << ": setup failed: " << made.err);
}

void run_case(const Case& c, const Sides& sides, const std::string& where) {
  // Leading words: `sorted`, `times`, `xdev` (see below), in any order.
  bool xdev = false;
  {
    std::istringstream words(c.words);
    for (std::string w; words >> w && (w == "sorted" || w == "times" || w == "xdev");)
      xdev |= w == "xdev";
  }
  if (xdev && sides.native_x.empty()) {
    BOOST_TEST_MESSAGE(where << ": skipped, no second file system (/dev/shm) here");
    return;
  }
  prepare(sides.native, c.setup, sides.scratch, where, xdev ? &sides.native_x : nullptr);
  prepare(sides.wask, c.setup, sides.scratch, where, xdev ? &sides.wask_x : nullptr);
  std::vector<std::string> argv = split_words(c.words, sides.native, sides.scratch);

  std::vector<std::string> native_argv =
      c.native ? split_words(*c.native, sides.native, sides.scratch) : argv;
  auto take_stdin = [](std::vector<std::string>& words) {
    std::string file = "/dev/null";
    if (!words.empty() && words[0].rfind("stdin=", 0) == 0) {
      file = words[0].substr(6);
      words.erase(words.begin());
    }
    return file;
  };
  // `sorted`: output in directory order, the file system's natively and the VFS's (names sorted)
  // under wask, is compared line-sorted.
  // `times`: the tree comparison includes modification times (for cases that set them).
  bool sorted = false, times = false;
  while (!argv.empty() && (argv[0] == "sorted" || argv[0] == "times" || argv[0] == "xdev")) {
    if (argv[0] != "xdev") (argv[0] == "sorted" ? sorted : times) = true;
    argv.erase(argv.begin());
  }
  if ((sorted || times || xdev) && !c.native) native_argv = argv;
  std::string stdin_file = take_stdin(argv);
  std::string native_stdin = take_stdin(native_argv);
  BOOST_REQUIRE_MESSAGE(!argv.empty() && !native_argv.empty(), where << ": no command");
  auto stdin_path = [](const fs::path& dir, const std::string& file) {
    return file == "/dev/null" ? fs::path(file) : dir / file;
  };

  Outcome native = run_process(native_argv, sides.native, host_env(sides.native),
                               stdin_path(sides.native, native_stdin), sides.scratch);
  native.out = replace_all(native.out, sides.native.string(), "/w");
  native.err = replace_all(native.err, sides.native.string(), "/w");
  std::string native_tree = describe_tree(sides.native, times);
  // The x symlinks' targets differ by side; what lies in x is compared instead.
  if (xdev)
    native_tree = replace_all(native_tree, sides.native_x.string(), "X") + "in x:\n" +
                  describe_tree(sides.native_x, times);

  std::vector<std::string> wask_argv = {
      WASK_EXECUTABLE, "run", "--dir", sides.wask.string() + "::/w", "--cwd", "/w"};
  if (xdev) wask_argv.insert(wask_argv.begin() + 4, {"--dir", sides.wask_x.string() + "::/w/x"});
  for (const char* env : {"LC_ALL=C", "TZ=UTC"}) wask_argv.insert(wask_argv.end(), {"--env", env});
  wask_argv.insert(wask_argv.end(), {"--env", "USER=" + host_user(), "--env", "PATH=/bin"});
  wask_argv.push_back(std::string(WASK_COMMANDS_DIR) + "/" + argv[0] + ".wasm");
  wask_argv.insert(wask_argv.end(), argv.begin() + 1, argv.end());
  Outcome wask = run_process(wask_argv, sides.wask, host_env(sides.wask),
                             stdin_path(sides.wask, stdin_file), sides.scratch);
  std::string wask_tree = describe_tree(sides.wask, times);
  if (xdev)
    wask_tree = replace_all(wask_tree, sides.wask_x.string(), "X") + "in x:\n" +
                describe_tree(sides.wask_x, times);
  if (sorted) {
    native.out = sort_lines(native.out);
    wask.out = sort_lines(wask.out);
  }

  std::string report;
  auto compare = [&](const char* what, const std::string& n, const std::string& w) {
    if (n != w) report += std::string(what) + " differs:\n" + unified_diff(n, w, sides.scratch);
  };
  compare("stdout", native.out, wask.out);
  compare("stderr", native.err, wask.err);
  compare("the resulting tree", native_tree, wask_tree);
  if (native.status != wask.status)
    report += "exit status: native " + std::to_string(native.status) + ", wask " +
              std::to_string(wask.status) + "\n";
  BOOST_CHECK_MESSAGE(report.empty(), where << ": " << c.line << "\n" << report);
}

void run_case_file(const fs::path& file) {
  std::vector<Case> cases = parse_cases(file);
  BOOST_REQUIRE_MESSAGE(!cases.empty(), file << " has no cases");
  std::string root_template = (fs::temp_directory_path() / "wask-cmds-XXXXXX").string();
  BOOST_REQUIRE(mkdtemp(root_template.data()) != nullptr);
  fs::path root = root_template;
  Sides sides{root / "native", root / "wask", root / "scratch", {}, {}};
  fs::create_directories(sides.scratch);
  std::optional<fs::path> other = other_device_dir();
  if (other) {
    const fs::path x_root = *other / root.filename();
    sides.native_x = x_root / "native-x";
    sides.wask_x = x_root / "wask-x";
  }
  for (const Case& c : cases) {
    std::string where = file.filename().string() + ":" + std::to_string(c.line_number);
    BOOST_TEST_CONTEXT(where) { run_case(c, sides, where); }
  }
  fs::remove_all(root);
  if (other) fs::remove_all(*other / root.filename());
}

bool register_case_files() {
  std::vector<fs::path> files;
  std::vector<std::string> dirs = {WASK_COMMAND_CASES_DIR};
#ifdef WASK_COMMAND_AGENTOS_CASES_DIR
  dirs.push_back(WASK_COMMAND_AGENTOS_CASES_DIR);
#endif
  for (const std::string& dir : dirs)
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".cases") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  auto& suite = boost::unit_test::framework::master_test_suite();
  for (const fs::path& file : files) {
    suite.add(boost::unit_test::make_test_case([file] { run_case_file(file); },
                                               file.stem().string(), __FILE__, __LINE__));
  }
  return true;
}

}  // namespace

int main(int argc, char* argv[]) {
  return boost::unit_test::unit_test_main(&register_case_files, argc, argv);
}
