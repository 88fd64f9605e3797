// The shell's own limits (docs/shell.md): bad scripts end with an error, never with host memory
// or stack exhausted. Not labelled `concurrency`: under TSan the 128 MB strings are too slow.
#define BOOST_TEST_MODULE sh_limits
#include <boost/test/unit_test.hpp>

#include "tests/sh/process.h"

using wask::sh_test::ProcessResult;
using wask::sh_test::run_process;
using wask::sh_test::TempDir;

namespace {

ProcessResult wask_sh(const TempDir& dir, const std::string& script) {
  return run_process({WASK_EXECUTABLE, "sh", "--timeout", "100", "-c", script}, {}, dir.path(), {},
                     120);
}

}  // namespace

BOOST_AUTO_TEST_CASE(runaway_memory_is_an_error) {
  TempDir dir;
  ProcessResult r = wask_sh(dir, "x=a; while :; do x=\"$x$x\"; done");
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find("x: value too large") != std::string::npos, r.err);
  ProcessResult big = wask_sh(dir, "x=a; while :; do x=\"$x$x\"; y=$(echo \"$x\"); done");
  BOOST_TEST(big.status != 0);
  BOOST_TEST(big.status != 124);
}

BOOST_AUTO_TEST_CASE(runaway_recursion_is_an_error) {
  TempDir dir;
  ProcessResult deep = wask_sh(dir, "f() { f; }; f; echo \"after $?\"");
  BOOST_TEST(deep.out == "after 2\n");
  BOOST_TEST(deep.err.find("maximum function nesting level exceeded") != std::string::npos);
  ProcessResult evals = wask_sh(dir, "e='eval \"$e\"'; eval \"$e\"; echo \"after $?\"");
  BOOST_TEST(evals.err.find("maximum nesting level exceeded") != std::string::npos, evals.err);
  ProcessResult subs = wask_sh(dir, "f() { echo $(f); }; f; echo done");
  BOOST_TEST(subs.err.find("nesting level exceeded") != std::string::npos, subs.err);
  BOOST_TEST(subs.out.find("done") != std::string::npos);
}
