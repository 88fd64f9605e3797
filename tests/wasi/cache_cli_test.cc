// The on-disk module cache from the command line: where it lives ($XDG_CACHE_HOME/wask, else
// ~/.cache/wask), --no-cache on `wask run` and `wask sh`, a damaged entry rewritten, an
// unwritable directory, and several processes filling one cache at once.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "harness.h"

namespace wask::wasi_test {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> entries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path());
  return out;
}

std::vector<std::string> env_with(std::initializer_list<std::string> extra) {
  std::vector<std::string> env = {"PATH=/usr/bin:/bin"};
  env.insert(env.end(), extra);
  return env;
}

const std::string kHelloOut = "hello from wasm\nargv[0] = ";

BOOST_AUTO_TEST_SUITE(module_cache_cli)

BOOST_AUTO_TEST_CASE(xdg_cache_home_holds_one_entry_per_module_and_a_second_run_uses_it) {
  TempDir cache;
  const auto env = env_with({"XDG_CACHE_HOME=" + cache.path(), "HOME=/nonexistent"});
  GuestRun first = run_wask_with_env({"run", guest_path("hello")}, env);
  BOOST_TEST(first.exit_code == 0);
  BOOST_TEST(first.out.starts_with(kHelloOut));
  auto found = entries(cache / "wask");
  BOOST_REQUIRE_EQUAL(found.size(), 1u);
  BOOST_TEST(found[0].extension() == ".wmod");
  // A hit refreshes the entry's time (the eviction order): the observable trace of a hit.
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(5);
  fs::last_write_time(found[0], old_time);
  GuestRun second = run_wask_with_env({"run", guest_path("hello")}, env);
  BOOST_TEST(second.out == first.out);
  BOOST_TEST((fs::last_write_time(found[0]) > old_time + std::chrono::hours(4)));
  BOOST_TEST(entries(cache / "wask").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_damaged_entry_is_rewritten_by_the_next_run) {
  TempDir cache;
  const auto env = env_with({"XDG_CACHE_HOME=" + cache.path()});
  BOOST_REQUIRE(run_wask_with_env({"run", guest_path("hello")}, env).exit_code == 0);
  auto found = entries(cache / "wask");
  BOOST_REQUIRE_EQUAL(found.size(), 1u);
  const std::string good = read_host_file(found[0].string());
  write_host_file(found[0].string(), good.substr(0, good.size() / 3));
  GuestRun run = run_wask_with_env({"run", guest_path("hello")}, env);
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(run.out.starts_with(kHelloOut));
  BOOST_TEST(read_host_file(found[0].string()) == good);
}

BOOST_AUTO_TEST_CASE(home_is_the_fallback_and_a_relative_xdg_cache_home_is_ignored) {
  TempDir home;
  GuestRun run = run_wask_with_env({"run", guest_path("hello")},
                                   env_with({"HOME=" + home.path(), "XDG_CACHE_HOME=rel"}));
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(entries(home / ".cache/wask").size() == 1u);
  BOOST_TEST(!fs::exists("rel"));
}

BOOST_AUTO_TEST_CASE(no_cache_reads_and_writes_nothing) {
  TempDir cache;
  const auto env = env_with({"XDG_CACHE_HOME=" + cache.path()});
  GuestRun run = run_wask_with_env({"run", "--no-cache", guest_path("hello")}, env);
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(run.out.starts_with(kHelloOut));
  // --invoke loads the module too (then refuses its imports).
  (void)run_wask_with_env({"run", "--no-cache", "--invoke", "_start", guest_path("hello")}, env);
  GuestRun sh = run_wask_with_env({"sh", "--no-cache", "-c", "echo hi | cat"}, env);
  BOOST_TEST(sh.exit_code == 0);
  BOOST_TEST(sh.out == "hi\n");
  BOOST_TEST(!fs::exists(cache / "wask"));
  // Without it, the shell's commands (/bin/cat here) are cached too.
  GuestRun cached = run_wask_with_env({"sh", "-c", "echo hi | cat"}, env);
  BOOST_TEST(cached.out == "hi\n");
  BOOST_TEST(entries(cache / "wask").size() >= 1u);
}

BOOST_AUTO_TEST_CASE(an_unwritable_cache_directory_still_runs) {
  TempDir dir;
  write_host_file(dir / "file", "not a directory\n");
  GuestRun run = run_wask_with_env({"run", guest_path("hello")},
                                   env_with({"XDG_CACHE_HOME=" + (dir / "file")}));
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(run.err == "");
  BOOST_TEST(run.out.starts_with(kHelloOut));
}

BOOST_AUTO_TEST_CASE(processes_started_together_leave_one_complete_entry) {
  TempDir cache, out;
  // Six wask processes at once over an empty cache, started by the host's shell.
  const std::string script =
      "cd '" + out.path() + "' && for i in 1 2 3 4 5 6; do XDG_CACHE_HOME='" + cache.path() +
      "' '" + WASK_EXECUTABLE + "' run '" + guest_path("hello") + "' > out$i 2>&1 & done; wait";
  BOOST_REQUIRE(std::system(script.c_str()) == 0);
  const std::string want = read_host_file(out / "out1");
  BOOST_TEST(want.starts_with(kHelloOut));
  for (int i = 2; i <= 6; ++i)
    BOOST_TEST(read_host_file(out / ("out" + std::to_string(i))) == want);
  auto found = entries(cache / "wask");
  BOOST_REQUIRE_EQUAL(found.size(), 1u);  // no temporary file left either
  BOOST_TEST(found[0].extension() == ".wmod");
  GuestRun again =
      run_wask_with_env({"run", guest_path("hello")}, env_with({"XDG_CACHE_HOME=" + cache.path()}));
  BOOST_TEST(again.out == want);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wask::wasi_test
