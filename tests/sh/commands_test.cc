// `wask sh` running real wasm guests from a /bin mounted out of the build, in a real host
// directory: what no oracle shell can show the same way (traps, timeouts, the process limit, the
// environment a command sees, files landing in the host directory, an interactive prompt).
#define BOOST_TEST_MODULE sh_commands
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
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

// `wask sh` with the guests at /bin and `dir` at /w (the cwd), running `script` with -c.
ProcessResult wask_sh(const TempDir& dir, const std::string& script,
                      std::vector<std::string> extra = {}, const std::string& stdin_text = {}) {
  std::vector<std::string> argv = {
      WASK_EXECUTABLE,     "sh",    "--dir", std::string(SH_WASM_BIN) + "::/bin", "--dir",
      dir.path() + "::/w", "--cwd", "/w"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.insert(argv.end(), {"-c", script});
  return run_process(argv, {}, dir.path(), stdin_text);
}

std::string host_file(const TempDir& dir, const std::string& name) {
  std::ifstream in(fs::path(dir.path()) / name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_trap_gives_134_and_the_shell_goes_on) {
  TempDir dir;
  ProcessResult r = wask_sh(dir, "crash; echo \"after $?\"; echo x | crash; echo \"piped $?\"");
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out == "after 134\npiped 134\n");
  BOOST_TEST(r.err.find("unreachable") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(missing_and_unrunnable_commands) {
  TempDir dir;
  ProcessResult r = wask_sh(dir,
                            "nosuch; echo \"missing $?\"; echo text > notwasm; ./notwasm; echo "
                            "\"not wasm $?\"; /w; echo \"directory $?\"; ./gone; echo \"gone $?\"");
  BOOST_TEST(r.out == "missing 127\nnot wasm 126\ndirectory 126\ngone 127\n");
  BOOST_TEST(r.err.find("wask sh: line 1: nosuch: command not found") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(the_environment_a_command_sees) {
  TempDir dir;
  fs::create_directory(fs::path(dir.path()) / "sub");
  ProcessResult r = wask_sh(dir, "export ARGS_SHOW_ENV=1; args; cd sub && args; cd .. && args");
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out ==
             "\nPWD=/w cwd=/w HOME=/home/user USER=user PATH=/bin:/usr/bin\n"
             "\nPWD=/w/sub cwd=/w/sub HOME=/home/user USER=user PATH=/bin:/usr/bin\n"
             "\nPWD=/w cwd=/w HOME=/home/user USER=user PATH=/bin:/usr/bin\n");
  ProcessResult no_export = wask_sh(dir, "ARGS_SHOW_ENV=1; args; ARGS_SHOW_ENV=1 args | cat");
  BOOST_TEST(no_export.out == "\n\nPWD=/w cwd=/w HOME=/home/user USER=user PATH=/bin:/usr/bin\n");
}

// $! is the pid of the background command's process (what the process itself reports), and
// wait takes it; a background builtin or compound command has no process: $! is its job id.
BOOST_AUTO_TEST_CASE(last_background_pid_is_the_commands_pid) {
  TempDir dir;
  ProcessResult r =
      wask_sh(dir,
              "mypid > p1 & a=$!; mypid > p2 & b=$!; wait $b; echo \"b $?\"; wait $a; "
              "read x < p1; read y < p2; [ \"$x\" = \"$a\" ] && [ \"$y\" = \"$b\" ] && "
              "[ \"$a\" != \"$b\" ] && echo same; exitwith 3 & wait $!; echo \"st $?\"; "
              "{ exitwith 4; } & wait $!; echo \"group $?\"; : & wait $!; echo \"builtin $?\"");
  BOOST_TEST(r.out == "b 0\nsame\nst 3\ngroup 4\nbuiltin 0\n");
  BOOST_TEST(r.err == "");
  BOOST_TEST(r.status == 0);
}

BOOST_AUTO_TEST_CASE(redirections_land_in_the_host_directory) {
  TempDir dir;
  ProcessResult r = wask_sh(dir,
                            "echo one > out.txt; args two >> out.txt; cat out.txt > copy.txt; "
                            "exitwith 0 oops 2> err.txt; exec 3> fd3.txt; echo three >&3");
  BOOST_TEST(r.status == 0);
  BOOST_TEST(host_file(dir, "out.txt") == "one\n[two]\n");
  BOOST_TEST(host_file(dir, "copy.txt") == "one\n[two]\n");
  BOOST_TEST(host_file(dir, "err.txt") == "oops\n");
  BOOST_TEST(host_file(dir, "fd3.txt") == "three\n");
}

BOOST_AUTO_TEST_CASE(a_runaway_loop_stops_at_the_timeout) {
  TempDir dir;
  for (std::string script : {"while :; do :; done", "spin", "spin | cat", "echo $(spin)",
                             "f() { f; }; while :; do f 2>/dev/null; done"}) {
    BOOST_TEST_CONTEXT(script) {
      auto start = std::chrono::steady_clock::now();
      ProcessResult r = wask_sh(dir, script, {"--timeout", "0.5"});
      BOOST_TEST(r.status == 124);
      BOOST_TEST(seconds_since(start) < 10.0);
      BOOST_TEST(!r.timed_out);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_builtin_blocked_on_input_wakes_at_the_timeout) {
  // The host's sleep holds wask's stdin open without writing: `read` blocks until the deadline.
  // The host shell prints how long wask took, in ms.
  TempDir dir;
  std::string command = "sleep 3 | { s=$(date +%s%N); " + std::string(WASK_EXECUTABLE) +
                        " sh --timeout 0.3 -c 'read x; echo never'; st=$?; "
                        "echo \"status $st $(( ($(date +%s%N) - s) / 1000000 ))\"; }";
  ProcessResult r = run_process({"/bin/sh", "-c", command}, {"PATH=/usr/bin:/bin"}, dir.path());
  BOOST_REQUIRE(r.out.starts_with("status 124 "));
  BOOST_TEST(std::stoi(r.out.substr(11)) < 2500, r.out);
}

BOOST_AUTO_TEST_CASE(a_fork_bomb_stops_at_the_process_limit) {
  TempDir dir;
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = wask_sh(dir, "f() { f | f; }; f; echo \"survived $?\"", {"--timeout", "30"});
  BOOST_TEST(!r.timed_out);
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out.find("survived") != std::string::npos);
  BOOST_TEST(r.err.find("fork: too many processes") != std::string::npos);
  BOOST_TEST(seconds_since(start) < 30.0);
  ProcessResult after = wask_sh(dir, "f() { f | f; }; f 2>/dev/null; echo a | cat");
  BOOST_TEST(after.out == "a\n");
}

BOOST_AUTO_TEST_CASE(a_reader_that_exits_early_ends_the_pipeline) {
  TempDir dir;
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = wask_sh(dir, "yes | head1; yes | cat | head1; while :; do echo x; done | head1",
                            {"--timeout", "20"});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out == "y\ny\nx\n");
  BOOST_TEST(seconds_since(start) < 10.0);
}

BOOST_AUTO_TEST_CASE(big_data_through_a_pipeline) {
  TempDir dir;
  {
    std::ofstream big(fs::path(dir.path()) / "big.txt", std::ios::binary);
    for (int i = 0; i < 200000; ++i) big << "line " << i << "\n";
  }
  ProcessResult r = wask_sh(dir, "cat big.txt | cat | wc; cat < big.txt | wc");
  std::string expected =
      "200000 400000 " + std::to_string(fs::file_size(fs::path(dir.path()) / "big.txt")) + "\n";
  BOOST_TEST(r.out == expected + expected);
}

BOOST_AUTO_TEST_CASE(script_files_and_stdin) {
  TempDir dir;
  {
    std::ofstream script(fs::path(dir.path()) / "s.sh");
    script << "echo \"$0 $# $1\"\nexit 7\n";
  }
  ProcessResult r = run_process(
      {WASK_EXECUTABLE, "sh", (fs::path(dir.path()) / "s.sh").string(), "arg"}, {}, dir.path());
  BOOST_TEST(r.status == 7);
  BOOST_TEST(r.out == (fs::path(dir.path()) / "s.sh").string() + " 1 arg\n");
  ProcessResult piped =
      run_process({WASK_EXECUTABLE, "sh", "-"}, {}, dir.path(), "echo from stdin\n");
  BOOST_TEST(piped.out == "from stdin\n");
  ProcessResult syntax = run_process({WASK_EXECUTABLE, "sh", "-c", "echo a\nfi"}, {}, dir.path());
  BOOST_TEST(syntax.status == 2);
  BOOST_TEST(syntax.out == "a\n");
  BOOST_TEST(syntax.err == "wask sh: line 2: syntax error near unexpected token `fi'\n");
}

BOOST_AUTO_TEST_CASE(the_interactive_prompt_edits_and_remembers) {
  // A real pty through python's pty module: type a line, edit it with the arrow keys, recall it.
  TempDir dir;
  std::string driver =
      "import os, pty, sys, time\n"
      "pid, fd = pty.fork()\n"
      "if pid == 0:\n"
      "    os.execv(sys.argv[1], [sys.argv[1], 'sh'])\n"
      "out = b''\n"
      "sent = None\n"  // where the last line sent began: its answer's prompt comes after a newline
      "def ready(text):\n"
      "    tail = out if sent is None else out[sent:]\n"
      "    return (sent is None or b'\\n' in tail) and text in tail.split(b'\\n')[-1]\n"
      "def until(text):\n"
      "    global out\n"
      "    deadline = time.time() + 10\n"
      "    while not ready(text) and time.time() < deadline:\n"
      "        out += os.read(fd, 4096)\n"
      "def send(s, prompt=b'$ '):\n"
      "    global sent\n"
      "    until(prompt); sent = len(out); os.write(fd, s)\n"
      "send(b'echo helo\\x1b[Dl\\r')\n"         // Left, insert 'l': echo hello
      "send(b'\\x1b[A\\x7f\\x7f\\x7fp!\\r')\n"  // Up recalls it; 3 backspaces: echo hep!
      "send(b'if true\\r')\n"                   // an unfinished command continues at '> '
      "send(b'then echo multi; fi\\r', b'> ')\n"
      "send(b'exit 3\\r')\n"
      "while True:\n"
      "    try:\n"
      "        data = os.read(fd, 4096)\n"
      "    except OSError:\n"
      "        break\n"
      "    if not data: break\n"
      "    out += data\n"
      "_, status = os.waitpid(pid, 0)\n"
      "sys.stdout.write(out.decode(errors='replace'))\n"
      "sys.exit(os.WEXITSTATUS(status))\n";
  std::string driver_path = dir.path() + "/pty_driver.py";
  std::ofstream(driver_path) << driver;
  ProcessResult r = run_process({"/usr/bin/python3", driver_path, WASK_EXECUTABLE}, {}, dir.path());
  BOOST_TEST(r.status == 3, r.out);
  BOOST_TEST(r.out.find("\r\nhello\r\n") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("\r\nhep!\r\n") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("> ") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("\r\nmulti\r\n") != std::string::npos, r.out);
}
