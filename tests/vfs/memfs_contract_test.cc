// The backend contract on memfs, directly at the root and mounted beneath another memfs.
#define BOOST_TEST_MODULE vfs_contract
#include <boost/test/unit_test.hpp>

#include "backends/memfs/memfs.h"
#include "tests/vfs/contract_suite.h"

namespace {

const bool registered = [] {
  using namespace wask::test;
  register_contract_suite("memfs", [] { return memfs_root_env(); });
  register_contract_suite("memfs_under_memfs", [] {
    ContractEnv env = memfs_root_env();
    BOOST_TEST_REQUIRE(env.vfs->mount("/mnt/under/test", wask::backends::Memfs::create()).ok());
    env.base = "/mnt/under/test";
    return env;
  });
  return true;
}();

}  // namespace
