// The agent-os userland (npm @rivet-dev/agent-os-{coreutils,grep,sed}; its bash is brush, its
// commands uutils) running unchanged on wask's kernel:
//   wask run --mount /bin=host:PKG/wasm,ro --dir HOST::/mnt/session --env PATH=/bin PKG/bash -c ..
// Every external command is a kernel process started by bash through host_process.proc_spawn;
// the host's own tools (coreutils, grep, sed, bash) are the oracle for what they print.
#define BOOST_TEST_MODULE agentos
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <string>

#include "harness.h"

namespace wask::agentos_test {
namespace {

using wasi_test::GuestRun;
using wasi_test::read_host_file;
using wasi_test::TempDir;
using wasi_test::write_host_file;

const std::string kBin = WASK_AGENTOS_BIN;

// A session directory on the host, mounted at /mnt/session, with a workspace in it.
struct Session {
  TempDir dir;
  std::string workspace = dir / "workspace";
  Session() {
    std::string mk = "mkdir -p '" + workspace + "'";
    BOOST_REQUIRE(std::system(mk.c_str()) == 0);
    write_host_file(workspace + "/hello.txt", "hello from the host\n");
    write_host_file(workspace + "/x.txt", "pear\napple\npear\nfig\napple\npear\n");
  }

  // agent-os bash -c SCRIPT under wask run; @W in SCRIPT is the workspace (/mnt/session/...).
  // Paths are absolute: the package's commands resolve relative paths from "/" (their libc
  // does not take the cwd from PWD, whatever the shell's cwd).
  GuestRun bash(const std::string& script) const {
    return wasi_test::run_wask({"run", "--mount", "/bin=host:" + kBin + ",ro", "--dir",
                                dir.path() + "::/mnt/session", "--env", "PATH=/bin", kBin + "/bash",
                                "-c", with_workspace(script, "/mnt/session/workspace")});
  }
  // The same script run by the host's sh (the oracle), @W being the workspace on the host; the
  // host path in its output is written back as the VM's.
  std::string host(const std::string& script) const {
    std::string command = with_workspace(script, workspace);
    FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_REQUIRE(pipe);
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    ::pclose(pipe);
    return with_workspace_text(out, workspace, "/mnt/session/workspace");
  }

  static std::string with_workspace(std::string script, const std::string& path) {
    return with_workspace_text(std::move(script), "@W", path);
  }
  static std::string with_workspace_text(std::string text, const std::string& from,
                                         const std::string& to) {
    for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
      text.replace(at, from.size(), to);
    return text;
  }
};

BOOST_AUTO_TEST_SUITE(agentos_userland)

BOOST_AUTO_TEST_CASE(cat_of_a_file_in_the_host_mount) {
  Session s;
  GuestRun r = s.bash("cat /mnt/session/workspace/hello.txt");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == "hello from the host\n");
}

BOOST_AUTO_TEST_CASE(ls_lists_what_the_host_lists) {
  Session s;
  write_host_file(s.workspace + "/b.md", "b");
  write_host_file(s.workspace + "/a b.txt", "a");
  GuestRun r = s.bash("ls @W");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == s.host("ls @W"));
  GuestRun count = s.bash("ls @W | uniq | grep -c t");
  BOOST_TEST(count.out == s.host("ls @W | uniq | grep -c t"));
}

BOOST_AUTO_TEST_CASE(pipelines_of_kernel_processes) {
  Session s;
  for (const char* pipeline : {"cat @W/x.txt | uniq -c", "cat @W/x.txt | grep ea",
                               "sed s/pear/PEAR/ @W/x.txt | grep -v apple",
                               "cat @W/x.txt | head -n 4 | tail -n 2 | cat"}) {
    std::string script = pipeline;
    GuestRun r = s.bash(script);
    BOOST_TEST(r.exit_code == 0, script << ": " << r.err);
    BOOST_TEST(r.out == s.host(script), script);
  }
}

BOOST_AUTO_TEST_CASE(redirections_into_the_host_mount_are_seen_on_the_host) {
  Session s;
  GuestRun r = s.bash(
      "echo \"from shell\" > @W/shell.txt && echo again >> @W/shell.txt && grep -c a < "
      "@W/shell.txt");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == "1\n");
  BOOST_TEST(read_host_file(s.workspace + "/shell.txt") == "from shell\nagain\n");
}

BOOST_AUTO_TEST_CASE(sha256sum_agrees_with_the_hosts) {
  Session s;
  GuestRun r = s.bash("sha256sum @W/hello.txt @W/x.txt");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == s.host("sha256sum @W/hello.txt @W/x.txt"));
}

BOOST_AUTO_TEST_CASE(exit_statuses_as_bash_reports_them) {
  Session s;
  std::string script =
      "false; echo $?; sh -c 'exit 3'; echo $?; nosuchcommand 2>/dev/null; echo $?";
  GuestRun r = s.bash(script);
  BOOST_TEST(r.out == s.host("bash -c \"" +
                             std::string("false; echo \\$?; sh -c 'exit 3'; echo "
                                         "\\$?; nosuchcommand 2>/dev/null; echo \\$?") +
                             "\""));
  BOOST_TEST(s.bash("exit 7").exit_code == 7);
}

// The package's wc and tr are built with SIMD (v128): they run on the engine's SIMD support.
BOOST_AUTO_TEST_CASE(wc_and_tr_use_simd) {
  Session s;
  BOOST_TEST(s.bash("cat @W/x.txt | wc -l").out == s.host("cat @W/x.txt | wc -l"));
  BOOST_TEST(s.bash("wc @W/x.txt").out == s.host("wc @W/x.txt"));
  BOOST_TEST(s.bash("tr a-z A-Z < @W/x.txt").out == s.host("tr a-z A-Z < @W/x.txt"));
}

// The package's sort uses threads (rayon), which wasm32-wasip1 has not. When that changes, this
// test case reports it.
BOOST_AUTO_TEST_CASE(sort_needs_threads, *boost::unit_test::expected_failures(1)) {
  Session s;
  BOOST_TEST(s.bash("sort @W/x.txt | uniq -c").out == s.host("sort @W/x.txt | uniq -c"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wask::agentos_test
