// Issue 10: a directory handle 20,000 levels deep neither copies its path stack (one open costs
// one frame, not a copy of every level above) nor holds one host descriptor per level.
#define BOOST_TEST_MODULE io_deep_dir
#include <dirent.h>
#include <sys/resource.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "backends/hostfs/hostfs.h"
#include "backends/memfs/memfs.h"
#include "tests/io/alloc_counter.h"
#include "vfs/vfs.h"

using namespace wask;

namespace {

// A fresh host directory, removed with everything beneath.
struct HostTemp {
  std::string path;
  HostTemp() {
    char name[] = "/tmp/wask-io-XXXXXX";
    path = ::mkdtemp(name);
  }
  ~HostTemp() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

size_t open_host_fds() {
  size_t n = 0;
  DIR* d = ::opendir("/proc/self/fd");
  while (::readdir(d)) ++n;
  ::closedir(d);
  return n;
}

// Goes `depth` levels of "d" down from `at`, creating them; only the last handle is kept.
vfs::Dir descend(vfs::Vfs& fs, vfs::Dir at, int depth) {
  for (int i = 0; i < depth; ++i) {
    auto made = fs.mkdir(at, "d");
    BOOST_REQUIRE_MESSAGE(made.ok() || made.error() == vfs::Errc::Exists, "mkdir at " << i);
    auto next = fs.open_dir(at, "d");
    BOOST_REQUIRE_MESSAGE(next.ok(),
                          "open at depth " << i + 1 << ": " << vfs::message(next.error()));
    at = std::move(*next);
  }
  return at;
}

}  // namespace

BOOST_AUTO_TEST_CASE(memfs_handle_20000_levels_deep_costs_one_frame_per_open) {
  vfs::Vfs fs;
  BOOST_REQUIRE(fs.mount("/", backends::Memfs::create()).ok());
  vfs::Dir deep = descend(fs, fs.root(), 20000);
  // One more level, and a reopen of "./././.", allocate a few hundred bytes, not 20,000 levels.
  vfs::Result<vfs::Dir> below = vfs::Errc::IO, same = vfs::Errc::IO;
  int64_t peak = alloc_counter::peak_bytes([&] {
    (void)fs.mkdir(deep, "d");
    below = fs.open_dir(deep, "d");
    same = fs.open_dir(deep, "./././.");
  });
  BOOST_REQUIRE(below.ok());
  BOOST_REQUIRE(same.ok());
  BOOST_TEST(peak < 16 * 1024, "one open at depth 20,000 allocated " << peak << " bytes");
  BOOST_TEST(same->same_place(deep));
  // `..` still walks up, and the path is the whole chain.
  auto up = fs.open_dir(*below, "../..");
  BOOST_REQUIRE(up.ok());
  auto up_again = fs.open_dir(deep, "..");
  BOOST_TEST(up->same_place(*up_again));
  BOOST_TEST(deep.path().size() == 20000u * 2);
  BOOST_TEST(fs.stat(deep, "../../../d/d/d").ok());
}

BOOST_AUTO_TEST_CASE(a_chain_deeper_than_the_host_stack_unwinds) {
  vfs::Vfs fs;
  BOOST_REQUIRE(fs.mount("/", backends::Memfs::create()).ok());
  // 100,000 frames, each destroyed by its child: recursion would need megabytes of stack.
  vfs::Dir deep = descend(fs, fs.root(), 100000);
  BOOST_TEST(deep.path().size() == 200000u);
  deep = fs.root();  // the whole chain goes here
}

BOOST_AUTO_TEST_CASE(hostfs_deep_handle_holds_a_bounded_number_of_host_fds) {
  // Far fewer host descriptors allowed than levels: one descriptor per level cannot fit.
  rlimit saved{};
  ::getrlimit(RLIMIT_NOFILE, &saved);
  rlimit low = saved;
  low.rlim_cur = 256;
  ::setrlimit(RLIMIT_NOFILE, &low);
  {
    HostTemp tmp;
    vfs::Vfs fs;
    auto host = backends::Hostfs::create(tmp.path, {});
    BOOST_REQUIRE(host);
    BOOST_REQUIRE(fs.mount("/mnt", *host).ok());
    auto top = fs.open_dir("/mnt");
    BOOST_REQUIRE(top);
    size_t before = open_host_fds();
    vfs::Dir deep = descend(fs, *top, 1500);
    BOOST_TEST(open_host_fds() < before + 16);
    // `..` from the bottom finds the levels above again by name.
    auto up = fs.open_dir(deep, "../../..");
    BOOST_REQUIRE(up.ok());
    BOOST_TEST(up->path().size() == std::string("/mnt").size() + 1497u * 2);
    BOOST_TEST(fs.write_file(deep, "leaf.txt", "bottom").ok());
    BOOST_TEST(*fs.read_file(*up, "d/d/d/leaf.txt") == "bottom");
  }
  ::setrlimit(RLIMIT_NOFILE, &saved);
}
