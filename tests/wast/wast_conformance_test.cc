// Runs every tests/wast/*.wast script through the engine; each file is one test case that requires
// zero failures and prints the runner's FILE:LINE report when there are any.
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "interp/wast_runner.h"

namespace {

namespace fs = std::filesystem;
namespace utf = boost::unit_test;

std::vector<fs::path> wast_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(WASK_SOURCE_DIR) / "tests" / "wast")) {
    if (entry.is_regular_file() && entry.path().extension() == ".wast")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // a stable order for the log
  return files;
}

void run_one(const fs::path& path) {
  std::ostringstream report;
  const wask::interp::WastSummary summary = wask::interp::run_wast_file(path.string(), report);
  BOOST_TEST_MESSAGE(path.filename().string()
                     << ": " << summary.passed << " passed, " << summary.failed << " failed");
  if (summary.failed != 0) BOOST_ERROR(path.string() << ":\n" << report.str());
  BOOST_TEST(summary.passed > 0u);  // an empty run means the script was not really executed
}

// A test-case name Boost accepts in --run_test filters: the file's stem with only [A-Za-z0-9_].
std::string test_name(const fs::path& path) {
  std::string name = path.stem().string();
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(uint8_t(c)); }, '_');
  return name;
}

bool register_wast_cases() {
  auto* suite = BOOST_TEST_SUITE("wast");
  for (const fs::path& path : wast_files()) {
    suite->add(utf::make_test_case([path] { run_one(path); }, test_name(path), __FILE__, __LINE__));
  }
  utf::framework::master_test_suite().add(suite);
  return true;
}

}  // namespace

int main(int argc, char* argv[]) { return utf::unit_test_main(&register_wast_cases, argc, argv); }
