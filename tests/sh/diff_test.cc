// The differential test: every tests/sh/scripts/*.sh (builtins only) and tests/sh/commands/*.sh
// (with external commands: the same C programs built natively for dash and bash, and as wasm
// guests in the VM's /bin for wask) runs under the host's dash, under bash --posix and under
// `wask sh`, each in a fresh directory (for wask mounted at /w), with the same environment and
// stdin; tests/sh/package/*.sh use the VM's own command package against the host's coreutils.
// stdout and the exit status must equal both oracles'; a script whose first lines say `# follows:
// bash` (dash differs there) is compared with bash alone, and dash must really differ. stderr is
// compared with bash's after the shell-name prefix
// ("NAME: line N: ") is cut, unless the script says `# stderr: any`.
#define BOOST_TEST_MODULE sh_diff
#include <signal.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/sh/process.h"

namespace fs = std::filesystem;
using wask::sh_test::ProcessResult;
using wask::sh_test::run_process;
using wask::sh_test::TempDir;

namespace {

struct IgnoreSigpipe {
  IgnoreSigpipe() { ::signal(SIGPIPE, SIG_IGN); }
};
BOOST_TEST_GLOBAL_FIXTURE(IgnoreSigpipe);

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "t.sh: line 3: x" and "wask sh: line 3: x" -> "line 3: x"; bash's echo of the offending
// source line after a syntax error is dropped (wask does not print it).
std::string normalise_stderr(const std::string& text, const std::string& script_name) {
  std::istringstream in(text);
  std::string line, out;
  const std::regex prefix(
      "^(" + std::regex_replace(script_name, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
      "|bash|wask sh): (line [0-9]+: )");
  const std::regex source_echo("^line [0-9]+: `.*'$");
  while (std::getline(in, line)) {
    line = std::regex_replace(line, prefix, "$2");
    if (std::regex_match(line, source_echo)) continue;
    out += line + "\n";
  }
  return out;
}

bool header_says(const std::string& script, const std::string& directive) {
  std::istringstream in(script);
  std::string line;
  while (std::getline(in, line) && line.starts_with("#"))
    if (line == directive) return true;
  return false;
}

// Where the oracles find commands (a host directory) and where wask does (a VM directory).
constexpr const char* kPackage = "package";
struct Commands {
  std::string native_path = "/nonexistent";
  std::string vm_bin;  // a host directory mounted at /bin; empty: none; kPackage: the VM's own
};

ProcessResult run_shell(const std::vector<std::string>& shell, const fs::path& script,
                        const std::string& stdin_text, const Commands& commands) {
  TempDir dir;
  fs::copy_file(script, fs::path(dir.path()) / script.filename());
  const std::vector<std::string> env = {"PATH=" + commands.native_path, "HOME=/home/user",
                                        "USER=user", "LC_ALL=C"};
  std::vector<std::string> argv = shell;
  if (shell[0] == WASK_EXECUTABLE) {
    argv.insert(argv.end(), {"--dir", dir.path() + "::/w", "--cwd", "/w", "--env", "LC_ALL=C"});
    if (commands.vm_bin.empty())
      argv.insert(argv.end(), {"--env", "PATH=/nonexistent"});
    else if (commands.vm_bin != kPackage)
      argv.insert(argv.end(), {"--dir", commands.vm_bin + "::/bin"});
  }
  argv.push_back(script.filename().string());
  return run_process(argv, env, dir.path(), stdin_text);
}

}  // namespace

void compare_scripts(const std::string& folder, const Commands& commands, size_t at_least) {
  std::vector<fs::path> scripts;
  for (const auto& entry : fs::directory_iterator(fs::path(WASK_SOURCE_DIR) / "tests/sh" / folder))
    if (entry.path().extension() == ".sh") scripts.push_back(entry.path());
  std::sort(scripts.begin(), scripts.end());
  BOOST_REQUIRE(scripts.size() >= at_least);
  for (const fs::path& script : scripts) {
    BOOST_TEST_CONTEXT(script.filename().string()) {
      const std::string text = read_file(script);
      std::string stdin_text;
      if (fs::exists(fs::path(script).replace_extension(".stdin")))
        stdin_text = read_file(fs::path(script).replace_extension(".stdin"));
      ProcessResult dash = run_shell({"/usr/bin/dash"}, script, stdin_text, commands);
      ProcessResult bash = run_shell({"/usr/bin/bash", "--posix"}, script, stdin_text, commands);
      ProcessResult wask = run_shell({WASK_EXECUTABLE, "sh"}, script, stdin_text, commands);
      BOOST_TEST(!wask.timed_out);
      BOOST_TEST(wask.out == bash.out);
      BOOST_TEST(wask.status == bash.status);
      if (header_says(text, "# follows: bash")) {
        BOOST_TEST((dash.out != bash.out || dash.status != bash.status),
                   "dash agrees with bash: drop `# follows: bash`");
      } else {
        BOOST_TEST(wask.out == dash.out);
        BOOST_TEST(wask.status == dash.status);
      }
      if (!header_says(text, "# stderr: any")) {
        const std::string name = script.filename().string();
        BOOST_TEST(normalise_stderr(wask.err, name) == normalise_stderr(bash.err, name));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(builtin_scripts_behave_as_dash_and_bash) {
  compare_scripts("scripts", {}, 40);
}

BOOST_AUTO_TEST_CASE(scripts_with_commands_behave_as_dash_and_bash) {
  compare_scripts("commands", {.native_path = SH_NATIVE_BIN, .vm_bin = SH_WASM_BIN}, 5);
}

BOOST_AUTO_TEST_CASE(scripts_with_the_command_package_behave_as_with_coreutils) {
  compare_scripts("package", {.native_path = "/usr/bin:/bin", .vm_bin = kPackage}, 1);
}
