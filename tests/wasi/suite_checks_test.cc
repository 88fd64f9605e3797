// The wasi-testsuite checks `wask run` once failed (issue 10), run the way the suite's adapter
// runs a runtime: `wask run [--env K=V]... [--dir HOST::/] TEST.wasm ARGS`, nothing else. The
// suite's binaries are not packaged, so guests/suite_checks.c makes the same calls.
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "harness.h"

namespace wask::wasi_test {
namespace {

namespace fs = std::filesystem;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

GuestRun run_check(std::vector<std::string> options, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"run"};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.push_back(guest_path("suite_checks"));
  argv.insert(argv.end(), args.begin(), args.end());
  GuestRun run = run_wask(argv);
  BOOST_TEST_INFO(run.out << run.err);
  BOOST_TEST(run.exit_code == 0);
  return run;
}

BOOST_AUTO_TEST_SUITE(wasi_testsuite_checks)

BOOST_AUTO_TEST_CASE(environ_is_exactly_what_was_given) {
  GuestRun none = run_check({}, {"environ"});
  BOOST_TEST(has(none.out, "environ count 0\n"));
  GuestRun two = run_check({"--env", "A=1", "--env", "B=two words"}, {"environ"});
  BOOST_TEST(has(two.out, "environ count 2\n"));
  BOOST_TEST(has(two.out, "-> OK\nenv A=1\nenv B=two words\n"));
  TempDir dir;
  GuestRun with_dir = run_check({"--dir", dir.path() + "::/"}, {"environ"});
  BOOST_TEST(has(with_dir.out, "environ count 0\n"));
  // --cwd is told in PWD (the convention wasi-libc programs follow), unless --env sets it.
  GuestRun cwd = run_check({"--cwd", "/tmp"}, {"environ"});
  BOOST_TEST(has(cwd.out, "environ count 1\n"));
  BOOST_TEST(has(cwd.out, "-> OK\nenv PWD=/tmp\n"));
  GuestRun own = run_check({"--cwd", "/tmp", "--env", "PWD=/elsewhere"}, {"environ"});
  BOOST_TEST(has(own.out, "environ count 1\n"));
  BOOST_TEST(has(own.out, "-> OK\nenv PWD=/elsewhere\n"));
}

BOOST_AUTO_TEST_CASE(without_dir_or_mount_fd_3_is_free) {
  GuestRun none = run_check({}, {"preopens"});
  BOOST_TEST(has(none.out, "fd_prestat_get(3) -> EBADF\n"));
  BOOST_TEST(has(none.out, "sock_shutdown(3, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR) -> EBADF"));
  TempDir dir;
  GuestRun with_dir = run_check({"--dir", dir.path() + "::/"}, {"preopens"});
  BOOST_TEST(has(with_dir.out, "preopen 3 /\npreopen 4 .\nfd_prestat_get(5) -> EBADF\n"));
  BOOST_TEST(has(with_dir.out, "-> ENOTSOCK"));  // a directory, not a socket
  GuestRun mem = run_check({"--mount", "/mnt/m=mem"}, {"preopens"});
  BOOST_TEST(has(mem.out, "preopen 3 /\npreopen 4 .\n"));
  GuestRun cwd = run_check({"--cwd", "/tmp"}, {"preopens"});
  BOOST_TEST(has(cwd.out, "preopen 3 /\npreopen 4 /tmp\n"));
}

void check_path_filestat(const GuestRun& run) {
  BOOST_TEST(has(run.out, "dir has PATH_FILESTAT_GET: 1\n"));
  BOOST_TEST(has(run.out, "open with APPEND|SYNC -> ENOTSUP\n"));  // the suite then drops SYNC
  BOOST_TEST(has(run.out, "the fd keeps every flag it was opened with: 1\n"));
  BOOST_TEST(has(run.out, "size 0\n"));
  BOOST_TEST(has(run.out, "mtim changed to the new value: 1\n"));
  BOOST_TEST(has(run.out, "__WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW) -> EINVAL\n"));
  BOOST_TEST(has(run.out, "mtim untouched: 1\n"));
  BOOST_TEST(has(run.out, "__WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW) -> EINVAL\n"));
  BOOST_TEST(has(run.out, "path_remove_directory(base, \"path_filestat_dir.cleanup\") -> OK\n"));
}

BOOST_AUTO_TEST_CASE(path_filestat_on_hostfs_and_memfs) {
  TempDir dir;
  check_path_filestat(run_check({"--dir", dir.path() + "::/"}, {"path_filestat"}));
  BOOST_TEST(fs::is_empty(dir.path()));
  check_path_filestat(run_check({"--mount", "/=mem"}, {"path_filestat"}));
}

BOOST_AUTO_TEST_CASE(hostfs_refuses_symlinks_that_lead_out_memfs_keeps_them) {
  TempDir dir;
  fs::create_directories(dir.path() + "/d");
  const std::vector<std::string> host_root = {"--dir", dir.path() + "::/"};
  for (const char* target : {"/", "/etc", "..", "../../..", "d/../.."}) {
    BOOST_TEST_INFO(target);
    BOOST_TEST(has(run_check(host_root, {"symlink", target, "symlink"}).out, "-> EPERM\n"));
    BOOST_TEST(!fs::exists(fs::symlink_status(dir / "symlink")));
  }
  BOOST_TEST(has(run_check(host_root, {"symlink", "..", "d/up"}).out, "-> OK\n"));
  BOOST_TEST(fs::read_symlink(dir / "d/up") == "..");
  // path_link of an existing symlink: "../x" is inside from d, outside from the root.
  fs::create_symlink("../x", dir / "d/l");
  BOOST_TEST(has(run_check(host_root, {"link", "d/l", "l2"}).out, "-> EPERM\n"));
  BOOST_TEST(!fs::exists(fs::symlink_status(dir / "l2")));
  BOOST_TEST(has(run_check(host_root, {"link", "d/l", "d/l2"}).out, "-> OK\n"));
  // In the VM's own memfs an absolute symlink is a VM path (nothing on the host follows it).
  BOOST_TEST(has(run_check({"--mount", "/=mem"}, {"symlink", "/", "symlink"}).out, "-> OK\n"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wask::wasi_test
