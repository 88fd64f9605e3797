// The backend contract on hostfs (a fresh host temp dir per case), mounted at the VM root and
// mounted beneath a memfs root.
#define BOOST_TEST_MODULE hostfs_contract
#include <boost/test/unit_test.hpp>

#include "backends/hostfs/hostfs.h"
#include "tests/hostfs/host_tree.h"
#include "tests/vfs/contract_suite.h"

namespace {

using wask::test::ContractEnv;
using wask::test::TempDir;

std::shared_ptr<wask::backends::Hostfs> make_hostfs(const TempDir& tmp) {
  auto backend = wask::backends::Hostfs::create(tmp.path().string());
  BOOST_TEST_REQUIRE(backend.ok());
  return *backend;
}

// hostfs never makes a host symlink that leads out of its root (docs/vfs.md).
constexpr wask::test::ContractOptions kHostfsRules{.absolute_symlinks = false};

const bool registered = [] {
  using namespace wask::test;
  register_contract_suite(
      "hostfs",
      [] {
        ContractEnv env;
        auto tmp = std::make_shared<TempDir>();
        BOOST_TEST_REQUIRE(env.vfs->mount("/", make_hostfs(*tmp)).ok());
        env.base = "/";
        env.keep_alive = tmp;
        return env;
      },
      kHostfsRules);
  register_contract_suite(
      "hostfs_under_memfs",
      [] {
        ContractEnv env = memfs_root_env();
        auto tmp = std::make_shared<TempDir>();
        BOOST_TEST_REQUIRE(env.vfs->mount("/mnt/under/test", make_hostfs(*tmp)).ok());
        env.base = "/mnt/under/test";
        env.keep_alive = tmp;
        return env;
      },
      kHostfsRules);
  return true;
}();

}  // namespace
