// `wask run` as a process: the motivating scenario end to end (a host directory mounted at
// /mnt/session, read and written from both sides), read-only mounts, escapes, the trace, and
// the exit statuses of usage errors and traps.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>

#include "harness.h"

namespace wask::wasi_test {
namespace {

std::string mount_dir(const TempDir& dir) { return dir.path() + "::/mnt/session"; }

BOOST_AUTO_TEST_SUITE(wask_run)

BOOST_AUTO_TEST_CASE(host_and_guest_files_are_visible_to_both) {
  TempDir session;
  write_host_file(session / "from-host.txt", "written on the host\n");
  GuestRun w = run_wask({"run", "--dir", mount_dir(session), guest_path("write"),
                         "/mnt/session/from-guest.txt", "written", "by", "the", "guest"});
  BOOST_TEST_INFO(w.err);
  BOOST_TEST(w.exit_code == 0);
  BOOST_TEST(read_host_file(session / "from-guest.txt") == "written by the guest\n");

  GuestRun cat = run_wask({"run", "--dir", mount_dir(session), guest_path("cat"),
                           "/mnt/session/from-host.txt", "/mnt/session/from-guest.txt"});
  BOOST_TEST(cat.exit_code == 0);
  BOOST_TEST(cat.out == "written on the host\nwritten by the guest\n");

  GuestRun ls = run_wask({"run", "--dir", mount_dir(session), guest_path("ls"), "/mnt/session"});
  BOOST_TEST(ls.exit_code == 0);
  BOOST_TEST(ls.out == "from-guest.txt 21\nfrom-host.txt 20\n");

  // The general form, and a relative path from --cwd.
  GuestRun cwd = run_wask({"run", "--mount", "/mnt/session=host:" + session.path(), "--cwd",
                           "/mnt/session", guest_path("cat"), "from-host.txt"});
  BOOST_TEST(cwd.exit_code == 0);
  BOOST_TEST(cwd.out == "written on the host\n");
}

BOOST_AUTO_TEST_CASE(dir_with_guest_dot_is_the_root_as_under_wasmtime) {
  TempDir dir;
  write_host_file(dir / "rel.txt", "relative\n");
  GuestRun cat =
      run_wask({"run", "--dir", dir.path() + "::.", guest_path("cat"), "rel.txt", "/rel.txt"});
  BOOST_TEST(cat.exit_code == 0);
  BOOST_TEST(cat.out == "relative\nrelative\n");
}

BOOST_AUTO_TEST_CASE(memfs_mount_and_stdin_pass_through) {
  GuestRun w = run_wask({"run", "--mount", "/mnt/mem=mem", guest_path("cat")}, "piped in\n");
  BOOST_TEST(w.exit_code == 0);
  BOOST_TEST(w.out == "piped in\n");
  GuestRun ls = run_wask({"run", "--mount", "/mnt/mem=mem", guest_path("ls"), "/mnt"});
  BOOST_TEST(ls.out == "mem/\n");
}

BOOST_AUTO_TEST_CASE(read_only_mount_refuses_writes_with_erofs) {
  TempDir session;
  write_host_file(session / "keep.txt", "original\n");
  GuestRun w = run_wask({"run", "--mount", "/mnt/session=host:" + session.path() + ",ro",
                         guest_path("write"), "/mnt/session/keep.txt", "changed"});
  BOOST_TEST(w.exit_code == 1);
  BOOST_TEST(w.err.find("(EROFS)") != std::string::npos);
  GuestRun n = run_wask({"run", "--mount", "/mnt/session=host:" + session.path() + ",ro",
                         guest_path("write"), "/mnt/session/new.txt", "x"});
  BOOST_TEST(n.exit_code == 1);
  BOOST_TEST(read_host_file(session / "keep.txt") == "original\n");
  BOOST_TEST(!std::filesystem::exists(session / "new.txt"));
  GuestRun cat = run_wask({"run", "--mount", "/mnt/session=host:" + session.path() + ",ro",
                           guest_path("cat"), "/mnt/session/keep.txt"});
  BOOST_TEST(cat.out == "original\n");
}

BOOST_AUTO_TEST_CASE(escapes_reach_only_the_vm) {
  TempDir outside, session;
  write_host_file(outside / "secret.txt", "host secret\n");
  BOOST_REQUIRE(::symlink((outside / "secret.txt").c_str(), (session / "abs-link").c_str()) == 0);
  BOOST_REQUIRE(::symlink("../../../../../../../../tmp", (session / "up-link").c_str()) == 0);
  std::string rel = std::filesystem::relative(outside.path(), session.path()).string();
  BOOST_REQUIRE(::symlink((rel + "/secret.txt").c_str(), (session / "rel-link").c_str()) == 0);
  for (std::string path :
       {"/mnt/session/../../.." + outside.path() + "/secret.txt",
        std::string("/mnt/session/abs-link"), std::string("/mnt/session/rel-link"),
        "/mnt/session/up-link" + outside.path() + "/secret.txt"}) {
    GuestRun cat = run_wask({"run", "--dir", mount_dir(session), guest_path("cat"), path});
    BOOST_TEST_INFO(path << ": " << cat.out << cat.err);
    BOOST_TEST(cat.exit_code == 1);
    BOOST_TEST(cat.out.find("secret") == std::string::npos);
  }
  // The absolute link names a VM path: it works once the VM has that file.
  GuestRun vm_side =
      run_wask({"run", "--dir", mount_dir(session), "--dir", outside.path() + "::" + outside.path(),
                guest_path("cat"), "/mnt/session/abs-link"});
  BOOST_TEST(vm_side.exit_code == 0);
  BOOST_TEST(vm_side.out == "host secret\n");
}

BOOST_AUTO_TEST_CASE(trace_to_stderr_and_to_a_file) {
  TempDir dir;
  write_host_file(dir / "f.txt", "x\n");
  GuestRun run = run_wask(
      {"run", "--trace-wasi", "--dir", mount_dir(dir), guest_path("cat"), "/mnt/session/f.txt"});
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(run.err.find("[wasi] path_open(4</>, SYMLINK_FOLLOW, \"mnt/session/f.txt\"") !=
             std::string::npos);
  BOOST_TEST(run.err.find("[wasi] fd_close(5</mnt/session/f.txt>) = 0") != std::string::npos);
  GuestRun to_file = run_wask({"run", "--trace-wasi=" + (dir / "trace.txt"), "--dir",
                               mount_dir(dir), guest_path("cat"), "/mnt/session/f.txt"});
  BOOST_TEST(to_file.err.empty());
  BOOST_TEST(read_host_file(dir / "trace.txt").find("fd_read(") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(exit_statuses) {
  BOOST_TEST(run_wask({"run", guest_path("hello"), "exit", "3"}).exit_code == 3);
  GuestRun trap = run_wask({"run", guest_path("hello"), "trap"});
  BOOST_TEST(trap.exit_code == 134);
  BOOST_TEST(trap.err.find("unreachable") != std::string::npos);
  BOOST_TEST(trap.err.find("main") != std::string::npos);  // the backtrace
  GuestRun fuel = run_wask({"run", "--fuel", "1000", guest_path("exit_deep"), "100000"});
  BOOST_TEST(fuel.exit_code == 134);
  BOOST_TEST(run_wask({"run", "/no/such.wasm"}).exit_code == 2);
  BOOST_TEST(run_wask({"run", "--mount", "nonsense", guest_path("hello")}).exit_code == 2);
  GuestRun missing_dir = run_wask({"run", "--dir", "/no/such/dir", guest_path("hello")});
  BOOST_TEST(missing_dir.exit_code == 2);
  BOOST_TEST(missing_dir.err.find("/no/such/dir") != std::string::npos);
  BOOST_TEST(run_wask({"run", "--cwd", "/nowhere", guest_path("hello")}).exit_code == 2);
  GuestRun args = run_wask({"run", "--env", "WHO=cli", guest_path("hello"), "--trace-wasi=x"});
  BOOST_TEST(args.exit_code == 0);  // words after the module belong to the guest
  BOOST_TEST(args.out.find("argv[1] = --trace-wasi=x") != std::string::npos);
  BOOST_TEST(args.out.find("WHO = cli") != std::string::npos);
}

// Every backtrace frame names the module as it was given (issue 10 saw `x..wasm` once).
void check_backtrace_names(const GuestRun& trap, const std::string& module) {
  BOOST_TEST(trap.exit_code == 134);
  size_t frames = 0;
  for (size_t at = trap.err.find("\n  at "); at != std::string::npos;
       at = trap.err.find("\n  at ", at + 1), ++frames)
    BOOST_TEST(trap.err.compare(at + 6, module.size() + 1, module + "!") == 0, trap.err);
  BOOST_TEST(frames >= 2, trap.err);
  BOOST_TEST(trap.err.find("..wasm") == std::string::npos, trap.err);
}

BOOST_AUTO_TEST_CASE(backtraces_name_the_module_as_given) {
  TempDir dir;
  std::filesystem::copy_file(guest_path("hello"), dir / "x.wasm");
  check_backtrace_names(run_wask({"run", dir / "x.wasm", "trap"}), dir / "x.wasm");
  check_backtrace_names(run_wask({"run", dir / "./x.wasm", "trap"}), dir / "./x.wasm");
  check_backtrace_names(
      run_wask({"sh", "--dir", dir.path() + "::/w", "-c", "cd /w && ./x.wasm trap"}), "/w/x.wasm");
}

BOOST_AUTO_TEST_CASE(memfs_mounts_are_bounded_by_default_and_by_their_options) {
  GuestRun small = run_wask(
      {"run", "--mount", "/tmp=mem,size=1M,inodes=100", guest_path("fill"), "/tmp/big", "/tmp"});
  BOOST_TEST_INFO(small.out << small.err);
  BOOST_TEST(small.exit_code == 0);
  BOOST_TEST(small.out == "wrote 1048576 bytes, then ENOSPC\nmade 98 files, then ENOSPC\n");
  // The default root memfs: 512 MiB, holes counted (so nothing is touched to find out).
  auto truncate = [](std::vector<std::string> options, const std::string& path, const char* size) {
    options.insert(options.begin(), "run");
    for (const std::string& arg : {guest_path("fill"), std::string("--truncate"), path})
      options.push_back(arg);
    options.push_back(size);
    const std::string out = run_wask(options).out;
    return out.substr(out.rfind(' ') + 1);
  };
  BOOST_TEST(truncate({"--cwd", "/"}, "/tmp/f", "536870912") == "OK\n");
  BOOST_TEST(truncate({"--cwd", "/"}, "/tmp/f", "536870913") == "ENOSPC\n");
  BOOST_TEST(truncate({"--mount", "/=mem,size=2G"}, "/f", "2147483648") == "OK\n");
  BOOST_TEST(truncate({"--mount", "/=mem,inodes=9,size=2G,ro"}, "/f", "1") == "EBADF\n");
  GuestRun bad = run_wask({"run", "--mount", "/m=mem,size=lots", guest_path("hello")});
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(bad.err.find("'lots' is not a byte size") != std::string::npos);
  GuestRun host = run_wask({"run", "--mount", "/m=host:/tmp,inodes=5", guest_path("hello")});
  BOOST_TEST(host.exit_code == 2);
  BOOST_TEST(host.err.find("size= and inodes= are for mem mounts") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(deterministic_runs_print_the_same) {
  // The guest stamps a file in /tmp: a namespace must be asked for (no preopens otherwise).
  GuestRun a =
      run_wask({"run", "--deterministic", "--mount", "/tmp=mem", guest_path("hello"), "clock"});
  GuestRun b =
      run_wask({"run", "--deterministic", "--mount", "/tmp=mem", guest_path("hello"), "clock"});
  BOOST_TEST(a.exit_code == 0);
  BOOST_TEST(a.out == b.out);
}

// A shell pipeline's output and exit status: `command` runs under sh with real pipes.
std::pair<std::string, int> run_pipeline(const std::string& command) {
  FILE* p = ::popen(command.c_str(), "r");
  BOOST_REQUIRE(p != nullptr);
  std::string out;
  char buf[256];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

// The number in "... after N ms".
double waited_ms(const std::string& out) {
  size_t at = out.find(" after ");
  BOOST_REQUIRE(at != std::string::npos);
  return std::stod(out.substr(at + 7));
}

BOOST_AUTO_TEST_CASE(poll_oneoff_blocks_until_a_stdin_pipe_is_readable) {
  // The writer waits 1 s before writing: poll must sleep until then, not spin or time out. The
  // guest's clock starts after wask's start-up, which under ASan on a loaded machine took 220 ms.
  auto [out, status] = run_pipeline("(sleep 1; echo late) | '" + std::string(WASK_EXECUTABLE) +
                                    "' run '" + guest_path("poll_stdin") + "' 10000");
  BOOST_TEST_INFO(out);
  BOOST_TEST(status == 0);
  BOOST_TEST(out.starts_with("stdin readable after "));
  BOOST_TEST(waited_ms(out) >= 500);
  BOOST_TEST(waited_ms(out) < 5000);
  BOOST_TEST(out.ends_with("read: late\n"));
}

BOOST_AUTO_TEST_CASE(poll_oneoff_times_out_on_a_silent_stdin_pipe) {
  auto [out, status] = run_pipeline("(sleep 2) | '" + std::string(WASK_EXECUTABLE) + "' run '" +
                                    guest_path("poll_stdin") + "' 300");
  BOOST_TEST_INFO(out);
  BOOST_TEST(status == 0);
  BOOST_TEST(out.starts_with("timeout after "));
  BOOST_TEST(waited_ms(out) >= 250);
  BOOST_TEST(waited_ms(out) < 1900);
}

BOOST_AUTO_TEST_CASE(stdio_is_a_terminal_only_when_it_is_one) {
  const std::string run =
      "'" + std::string(WASK_EXECUTABLE) + "' run '" + guest_path("isatty") + "'";
  // Pipes (and /dev/null) are not terminals: filetype unknown (0), as wasmtime reports them.
  auto [piped, status] = run_pipeline("echo | " + run + " 2>/dev/null | cat");
  BOOST_TEST(status == 0);
  BOOST_TEST(piped ==
             "fd 0: isatty 0, filetype 0, error OK\nfd 1: isatty 0, filetype 0, error OK\n"
             "fd 2: isatty 0, filetype 0, error OK\n");
  // Under a pseudo-terminal (util-linux script) all three are character devices (2).
  auto [tty, tty_status] = run_pipeline("script -qec \"" + run + "\" /dev/null < /dev/null");
  BOOST_TEST(tty_status == 0);
  BOOST_TEST(tty ==
             "fd 0: isatty 1, filetype 2, error OK\r\nfd 1: isatty 1, filetype 2, error OK\r\n"
             "fd 2: isatty 1, filetype 2, error OK\r\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wask::wasi_test
