// The embedder's path end to end: `cmake --install` this build into a fresh prefix, build
// docs/examples/vm-demo against it with find_package(wask), and run it over a real host directory.
#define BOOST_TEST_MODULE vm_example
#include <boost/test/unit_test.hpp>

#include <boost/filesystem.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace fs = boost::filesystem;

namespace {

// Runs `command` in a shell; its exit status and output (stdout and stderr together).
int run(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

}  // namespace

BOOST_AUTO_TEST_CASE(the_example_builds_against_the_installed_package_and_runs) {
  fs::path work = fs::path(WASK_BINARY_DIR) / "tests" / "vm" / "example";
  fs::remove_all(work);
  fs::create_directories(work / "session");
  std::string cmake = WASK_CMAKE, out;

  int st = run(cmake + " --install " + q(WASK_BINARY_DIR) + " --prefix " + q(work / "prefix"), out);
  BOOST_TEST_REQUIRE(st == 0, out);
  BOOST_TEST(fs::exists(work / "prefix" / "include" / "wask" / "shell" / "vm.h"));

  st = run(cmake + " -S " + q(fs::path(WASK_SOURCE_DIR) / "docs" / "examples" / "vm-demo") +
               " -B " + q(work / "build") + " -G '" + WASK_GENERATOR +
               "' -DCMAKE_CXX_COMPILER=" + WASK_CXX + " -DCMAKE_PREFIX_PATH=" + q(work / "prefix"),
           out);
  BOOST_TEST_REQUIRE(st == 0, out);
  st = run(cmake + " --build " + q(work / "build"), out);
  BOOST_TEST_REQUIRE(st == 0, out);

  st = run(q(work / "build" / "vm_demo") + " " + q(work / "session"), out);
  BOOST_TEST(st == 0, out);
  BOOST_TEST(out.find("vm_demo: all checks passed") != std::string::npos, out);
  BOOST_TEST(out.find("FAIL") == std::string::npos, out);
}
