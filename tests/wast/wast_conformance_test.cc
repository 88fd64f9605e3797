// Runs every tests/wast/*.wast script through the engine; each file is one test case that requires
// zero failures and prints the runner's FILE:LINE report when there are any.
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "interp/wast_runner.h"

namespace {

namespace fs = std::filesystem;
namespace utf = boost::unit_test;

// tests/wast/*.wast, and the binary forms in tests/wast/binaryen/ (scripts wabt cannot read).
std::vector<fs::path> wast_files() {
  std::vector<fs::path> files;
  const fs::path here = fs::path(WASK_SOURCE_DIR) / "tests" / "wast";
  for (const fs::path& dir : {here, here / "binaryen"}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".wast")
        files.push_back(entry.path());
    }
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

// Limits cannot be expressed in a script, so these run inline scripts under a configured store.
constexpr std::string_view kRunawayScript = R"wast(
(module
  (func (export "spin") (loop (br 0)))
  (func (export "count") (param i32) (result i32) (local i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1))
)
(assert_exhaustion (invoke "spin") "out of fuel")
(assert_return (invoke "count" (i32.const 1000)) (i32.const 1000))
(assert_exhaustion (invoke "count" (i32.const 100000000)) "out of fuel")
(assert_return (invoke "count" (i32.const 10)) (i32.const 10))
)wast";

void fuel_ends_runaway_loops() {
  wask::interp::WastOptions options;
  options.store.fuel = 1'000'000;  // each command gets the whole budget
  std::ostringstream report;
  const auto summary = wask::interp::run_wast_text(kRunawayScript, "fuel.wast", report, options);
  BOOST_TEST(summary.failed == 0u, report.str());
  BOOST_TEST(summary.passed == 5u);
}

constexpr std::string_view kDepthScript = R"wast(
(module
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))
)
(assert_return (invoke "down" (i32.const 50)) (i32.const 50))
(assert_exhaustion (invoke "down" (i32.const 200)) "call stack exhausted")
(assert_return (invoke "down" (i32.const 90)) (i32.const 90))
)wast";

// Guest recursion lives on the engine's own stack, not the host's: far deeper than a host thread's
// stack could hold with native recursion, and it still ends cleanly at the limit.
void deep_recursion_stays_off_the_host_stack() {
  wask::interp::WastOptions options;
  options.store.max_call_depth = 300'000;
  std::ostringstream report;
  const std::string script = std::string(kDepthScript.substr(0, kDepthScript.find("(assert"))) +
                             R"wast(
(assert_return (invoke "down" (i32.const 250000)) (i32.const 250000))
(assert_exhaustion (invoke "down" (i32.const 400000)) "call stack exhausted")
)wast";
  const auto summary = wask::interp::run_wast_text(script, "deep.wast", report, options);
  BOOST_TEST(summary.failed == 0u, report.str());
  BOOST_TEST(summary.passed == 3u);
}

void call_depth_limit_is_configurable() {
  wask::interp::WastOptions options;
  options.store.max_call_depth = 100;
  std::ostringstream report;
  const auto summary = wask::interp::run_wast_text(kDepthScript, "depth.wast", report, options);
  BOOST_TEST(summary.failed == 0u, report.str());
  BOOST_TEST(summary.passed == 4u);
}

constexpr std::string_view kMemoryLimitScript = R"wast(
(module
  (memory 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
)
(assert_return (invoke "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke "size") (i32.const 2))
(assert_return (invoke "grow" (i32.const 0)) (i32.const 2))
)wast";

void memory_limit_makes_grow_fail() {
  wask::interp::WastOptions options;
  options.store.max_memory_bytes = 2 * 65536;  // two pages, though the module declares no maximum
  std::ostringstream report;
  const auto summary =
      wask::interp::run_wast_text(kMemoryLimitScript, "memory_limit.wast", report, options);
  BOOST_TEST(summary.failed == 0u, report.str());
  BOOST_TEST(summary.passed == 5u);
}

// Two instances calling each other forever through a shared table. (A script file would do, but
// wabt 1.0.32's interpreter crashes on it, and every file must pass wabt.)
constexpr std::string_view kCrossInstanceRecursionScript = R"wast(
(module $a
  (type $ret_i32 (func (result i32)))
  (table (export "shared") 2 funcref)
  (func $ping (result i32) (call_indirect (type $ret_i32) (i32.const 1)))
  (elem (i32.const 0) $ping)
  (func (export "alive") (result i32) (i32.const 1))
)
(register "a" $a)
(module $b
  (type $ret_i32 (func (result i32)))
  (import "a" "shared" (table 2 funcref))
  (func $pong (result i32) (call_indirect (type $ret_i32) (i32.const 0)))
  (elem (i32.const 1) $pong)
  (func (export "ping_pong") (result i32) (call $pong))
)
(assert_exhaustion (invoke $b "ping_pong") "call stack exhausted")
(assert_return (invoke $a "alive") (i32.const 1))
)wast";

void exhaustion_across_instances() {
  std::ostringstream report;
  const auto summary =
      wask::interp::run_wast_text(kCrossInstanceRecursionScript, "cross.wast", report);
  BOOST_TEST(summary.failed == 0u, report.str());
  BOOST_TEST(summary.passed == 5u);
}

// The suite only means something if the runner can fail: every assertion below is wrong, and each
// must be counted as one failure.
constexpr std::string_view kWrongExpectationsScript = R"wast(
(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "arithmetic_nan") (result f32) (f32.const nan:0x200001))
  (func (export "minus_zero") (result f64) (f64.const -0))
  (func (export "trap") (result i32) (unreachable))
  (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
)
(assert_return (invoke "one") (i32.const 2))
(assert_return (invoke "one") (i64.const 1))
(assert_return (invoke "arithmetic_nan") (f32.const nan:canonical))
(assert_return (invoke "minus_zero") (f64.const 0))
(assert_return (invoke "trap") (i32.const 0))
(assert_trap (invoke "one") "unreachable")
(assert_trap (invoke "div" (i32.const 0)) "integer overflow")
(assert_exhaustion (invoke "one") "call stack exhausted")
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
(assert_malformed (module binary "\00asm\01\00\00\00") "unexpected end")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "unknown import")
(assert_trap (module (func $s) (start $s)) "unreachable")
)wast";

void runner_reports_wrong_expectations() {
  std::ostringstream report;
  const auto summary = wask::interp::run_wast_text(kWrongExpectationsScript, "wrong.wast", report);
  BOOST_TEST(summary.failed == 12u, report.str());
  BOOST_TEST(summary.passed == 1u);                                   // the module itself
  BOOST_TEST(report.str().find("wrong.wast:") != std::string::npos);  // failures name file:line
}

bool register_wast_cases() {
  auto* inline_scripts = BOOST_TEST_SUITE("inline");
  inline_scripts->add(BOOST_TEST_CASE(&fuel_ends_runaway_loops));
  inline_scripts->add(BOOST_TEST_CASE(&call_depth_limit_is_configurable));
  inline_scripts->add(BOOST_TEST_CASE(&deep_recursion_stays_off_the_host_stack));
  inline_scripts->add(BOOST_TEST_CASE(&exhaustion_across_instances));
  inline_scripts->add(BOOST_TEST_CASE(&memory_limit_makes_grow_fail));
  inline_scripts->add(BOOST_TEST_CASE(&runner_reports_wrong_expectations));
  utf::framework::master_test_suite().add(inline_scripts);

  auto* suite = BOOST_TEST_SUITE("wast");
  for (const fs::path& path : wast_files()) {
    suite->add(utf::make_test_case([path] { run_one(path); }, test_name(path), __FILE__, __LINE__));
  }
  utf::framework::master_test_suite().add(suite);
  return true;
}

}  // namespace

int main(int argc, char* argv[]) { return utf::unit_test_main(&register_wast_cases, argc, argv); }
