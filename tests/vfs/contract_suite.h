// The backend contract suite: one set of test cases for every operation and every error case,
// run through the Vfs against any backend. Every backend must pass it unchanged.
//
// How to run it against a new backend (e.g. hostfs), in your own test folder:
//
//   // tests/hostfs/CMakeLists.txt
//   wask_add_test(hostfs_contract_test SOURCES hostfs_contract_test.cc
//                 LIBS wask_vfs_contract wask_backends LABELS vfs)
//
//   // tests/hostfs/hostfs_contract_test.cc
//   #define BOOST_TEST_MODULE hostfs_contract
//   #include <boost/test/unit_test.hpp>
//   #include "tests/vfs/contract_suite.h"
//   namespace {
//   const bool registered = [] {
//     using namespace wask::test;
//     register_contract_suite("hostfs", [] {
//       ContractEnv env;                              // a fresh world per test case
//       auto tmp = make_my_temp_dir();                // removed when keep_alive dies
//       env.vfs->mount("/", make_hostfs(tmp->path));  // the backend under test at env.base
//       env.base = "/";
//       env.keep_alive = tmp;
//       return env;
//     });
//     // The same backend mounted beneath a memfs root (crossing a mount on every path):
//     register_contract_suite("hostfs_under_memfs", [] {
//       ContractEnv env = memfs_root_env();           // a memfs at "/"
//       auto tmp = make_my_temp_dir();
//       env.vfs->mount("/mnt/under/test", make_hostfs(tmp->path));
//       env.base = "/mnt/under/test";
//       env.keep_alive = tmp;
//       return env;
//     });
//     return true;
//   }();
//   }  // namespace
//
// Each registration adds one Boost.Test suite named after it, with one case per contract rule.
// `options` switches off rules a backend cannot keep (say so in your report if you need one).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "vfs/vfs.h"

namespace wask::test {

struct ContractEnv {
  std::shared_ptr<vfs::Vfs> vfs = std::make_shared<vfs::Vfs>();
  std::string base = "/";            // a VM path of an empty, writable directory on the backend
  std::shared_ptr<void> keep_alive;  // temp directories and the like, freed after the case
};
using ContractFactory = std::function<ContractEnv()>;

struct ContractOptions {
  // Backends that keep timestamps with less than nanosecond precision may skip exact time checks.
  bool exact_times = true;
  // Hard links between files (hostfs on some filesystems cannot).
  bool hard_links = true;
  // Symlinks with absolute targets (resolved in the VM). hostfs refuses them (Permission): the
  // host would resolve them outside the mount.
  bool absolute_symlinks = true;
};

// Adds a test suite `name` with every contract case, each run on a fresh env from `factory`.
// Call during static initialisation (as above) or from an init function.
void register_contract_suite(const std::string& name, ContractFactory factory,
                             ContractOptions options = {});

// A Vfs with a fresh memfs mounted at "/": the common root for "X mounted under memfs".
ContractEnv memfs_root_env();

}  // namespace wask::test
