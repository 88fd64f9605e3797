// Each guest through the library, against a memfs root and a hostfs root (a real temp directory):
// stdout and exit codes checked against tests/wasi/expected.
#include <algorithm>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "harness.h"
#include "shell/wasi_command.h"

namespace wask::wasi_test {
namespace {

namespace bdata = boost::unit_test::data;
const Root kRoots[] = {Root::Memfs, Root::Hostfs};

BOOST_AUTO_TEST_SUITE(guests)

BOOST_DATA_TEST_CASE(fs_ops_matches_expected, bdata::make(kRoots), root) {
  TempDir host;
  GuestRun run = run_guest("fs_ops", {"/tmp"}, make_vm(root, host));
  BOOST_TEST_INFO("root: " << to_string(root) << "\nstderr: " << run.err);
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(run.out == expected_output("fs_ops"));
}

BOOST_DATA_TEST_CASE(raw_calls_match_expected, bdata::make(kRoots), root) {
  TempDir host;
  GuestRun run = run_guest("raw_calls", {"/tmp"}, make_vm(root, host), {.env = {"GREETING=hi"}});
  BOOST_TEST_INFO("root: " << to_string(root) << "\nstderr: " << run.err);
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(run.out == expected_output("raw_calls"));
}

BOOST_DATA_TEST_CASE(hostile_guest_gets_errnos, bdata::make(kRoots), root) {
  TempDir host;
  GuestRun run = run_guest("hostile", {"/tmp"}, make_vm(root, host));
  BOOST_TEST_INFO("root: " << to_string(root) << "\nstderr: " << run.err);
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(run.out == expected_output("hostile"));
}

BOOST_DATA_TEST_CASE(cat_ls_write_round_trip, bdata::make(kRoots), root) {
  TempDir host;
  auto vm = make_vm(root, host);
  BOOST_REQUIRE(vm->write_file("/tmp/from-embedder.txt", "embedder\n").ok());
  GuestRun w = run_guest("write", {"/tmp/from-guest.txt", "guest", "words"}, vm);
  BOOST_TEST(w.exit_code == 0);
  GuestRun cat = run_guest("cat", {"/tmp/from-embedder.txt", "/tmp/from-guest.txt"}, vm);
  BOOST_TEST(cat.exit_code == 0);
  BOOST_TEST(cat.out == "embedder\nguest words\n");
  GuestRun ls = run_guest("ls", {"/tmp"}, vm);
  BOOST_TEST(ls.exit_code == 0);
  BOOST_TEST(ls.out == "from-embedder.txt 9\nfrom-guest.txt 12\n");
  BOOST_TEST(vm->read_file("/tmp/from-guest.txt").value() == "guest words\n");
  if (root == Root::Hostfs) {
    BOOST_TEST(read_host_file(host / "tmp/from-guest.txt") == "guest words\n");
  }
  GuestRun missing = run_guest("cat", {"/tmp/nope"}, vm);
  BOOST_TEST(missing.exit_code == 1);
  BOOST_TEST(missing.err.find("No such file or directory") != std::string::npos);
}

BOOST_DATA_TEST_CASE(cwd_and_relative_paths, bdata::make(kRoots), root) {
  TempDir host;
  auto vm = make_vm(root, host);
  BOOST_REQUIRE(vm->write_file("/tmp/work/here.txt", "here\n", {.create_parents = true}).ok());
  GuestRun cat = run_guest("cat", {"here.txt", "/tmp/work/here.txt"}, vm, {.cwd = "/tmp/work"});
  BOOST_TEST(cat.exit_code == 0);
  BOOST_TEST(cat.out == "here\nhere\n");
  GuestRun ls = run_guest("ls", {}, vm, {.cwd = "/tmp/work"});
  BOOST_TEST(ls.out == "here.txt 5\n");
  GuestRun bad = run_guest("cat", {}, vm, {.cwd = "/tmp/work/here.txt"});
  BOOST_TEST(bad.exit_code == 2);  // the cwd must be a directory
}

BOOST_DATA_TEST_CASE(large_directory_lists_every_entry_once, bdata::make(kRoots), root) {
  // wasi-libc's readdir starts with a small buffer: this goes through truncated entries and
  // resumes from cookies many times.
  TempDir host;
  auto vm = make_vm(root, host);
  std::string expected;
  std::vector<std::string> names;
  for (int i = 0; i < 1500; ++i)
    names.push_back("a-rather-long-file-name-to-fill-buffers-" + std::to_string(i));
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    BOOST_REQUIRE(vm->write_file("/tmp/big/" + name, "", {.create_parents = true}).ok());
    expected += name + " 0\n";
  }
  GuestRun ls = run_guest("ls", {"/tmp/big"}, vm);
  BOOST_TEST(ls.exit_code == 0);
  BOOST_TEST(ls.out == expected);
}

BOOST_AUTO_TEST_CASE(stdin_args_env_and_exit_codes) {
  TempDir host;
  auto vm = make_vm(Root::Memfs, host);
  GuestRun run = run_guest("hello", {"stdin"}, vm, {.env = {"WHO=tester"}, .stdin_text = "a\nb\n"});
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(
      run.out ==
      "hello from wasm\nargv[0] = hello\nargv[1] = stdin\nWHO = tester\nstdin: a\nstdin: b\n");
  BOOST_TEST(run_guest("hello", {"exit", "42"}, vm).exit_code == 42);
  GuestRun trap = run_guest("hello", {"trap"}, vm);
  BOOST_TEST(trap.exit_code == 134);
  BOOST_TEST(trap.err.find("unreachable") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(proc_exit_from_deep_recursion) {
  TempDir host;
  GuestRun run = run_guest("exit_deep", {"3000", "9"}, make_vm(Root::Memfs, host));
  BOOST_TEST(run.exit_code == 9);
  BOOST_TEST(run.out == "going down 3000 frames\n");
}

BOOST_AUTO_TEST_CASE(deterministic_runs_are_identical) {
  TempDir host;
  auto once = [&](bool deterministic) {
    // build_vfs gives the root memfs the fixed clock too, as `wask run --deterministic` does.
    auto vm = shell::build_vfs({}, deterministic);
    return run_guest("hello", {"clock"}, std::get<0>(vm), {.deterministic = deterministic}).out;
  };
  std::string a = once(true), b = once(true);
  BOOST_TEST(a == b);
  BOOST_TEST(a.find("realtime 1704067200.") != std::string::npos);
  BOOST_TEST(once(false) != once(false));  // real clocks and random differ
}

BOOST_AUTO_TEST_CASE(trace_decodes_arguments) {
  TempDir host;
  auto vm = make_vm(Root::Memfs, host);
  BOOST_REQUIRE(vm->write_file("/tmp/t.txt", "traced\n").ok());
  std::string trace;
  GuestRun run = run_guest("cat", {"/tmp/t.txt", "/tmp/none"}, vm, {.trace = &trace});
  BOOST_TEST(run.exit_code == 1);
  BOOST_TEST_INFO(trace);
  // wasi-libc opens through the cwd preopen (fd 4, named "." when the cwd is "/").
  BOOST_TEST(trace.find("path_open(4</>, SYMLINK_FOLLOW, \"tmp/t.txt\", 0, FD_READ") !=
             std::string::npos);
  BOOST_TEST(trace.find("[5</tmp/t.txt>]") != std::string::npos);
  BOOST_TEST(trace.find("\"tmp/none\"") != std::string::npos);
  BOOST_TEST(trace.find("= 44 ENOENT") != std::string::npos);
  BOOST_TEST(trace.find("fd_close(5</tmp/t.txt>) = 0") != std::string::npos);
  BOOST_TEST(trace.find("proc_exit(1) = exit 1") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wask::wasi_test
