// hostfs's directory cache and stat of a last name by fstatat, through the VFS over a real host
// directory: what is served stays what the host holds now, whatever the host changes underneath
// a cached directory (rename, removal, replacement by another directory or by a symlink out of
// the root), what the VFS changes itself, and how many descriptors the cache keeps.
#define BOOST_TEST_MODULE hostfs_cache
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "backends/hostfs/hostfs.h"
#include "backends/memfs/memfs.h"
#include "tests/hostfs/host_tree.h"
#include "tests/vfs/check.h"
#include "vfs/vfs.h"

namespace fs = boost::filesystem;
using wask::backends::Hostfs;
using wask::backends::HostfsOptions;
using wask::test::host_lstat;
using wask::test::TempDir;
using wask::test::write_host_file;
using namespace wask::vfs;

namespace wask::vfs {
inline std::ostream& operator<<(std::ostream& os, FileType t) { return os << static_cast<int>(t); }
}  // namespace wask::vfs

namespace {

// base/root is mounted at /h; base/outside lies beyond it.
struct CacheFixture {
  TempDir tmp;
  fs::path outside = tmp.path() / "outside";
  fs::path root = tmp.path() / "root";
  Vfs vfs;

  explicit CacheFixture(HostfsOptions options = {}) {
    fs::create_directories(outside);
    fs::create_directories(root / "d" / "e");
    write_host_file(root / "d" / "e" / "f", "first");
    write_host_file(outside / "f", "outside");
    auto created = Hostfs::create(root.string(), options);
    BOOST_REQUIRE(created.ok());
    BOOST_REQUIRE(vfs.mount("/", wask::backends::Memfs::create()).ok());
    BOOST_REQUIRE(vfs.mount("/h", *created).ok());
    warm();
  }

  // Walks d and d/e so that both are cached.
  void warm() {
    auto st = vfs.stat("/h/d/e/f");
    BOOST_REQUIRE_MESSAGE(st.ok(), "stat: " << st.error());
    BOOST_REQUIRE(vfs.read_file("/h/d/e/f").ok());
  }
};

size_t open_descriptors() {
  size_t n = 0;
  DIR* dir = ::opendir("/proc/self/fd");
  BOOST_REQUIRE(dir != nullptr);
  while (struct dirent* e = ::readdir(dir)) n += e->d_name[0] != '.';
  ::closedir(dir);
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(host_changes_underneath)

BOOST_FIXTURE_TEST_CASE(a_directory_renamed_and_replaced_on_the_host_is_seen, CacheFixture) {
  fs::rename(root / "d", root / "old");
  fs::create_directories(root / "d" / "e");
  write_host_file(root / "d" / "e" / "f", "second, longer");
  auto st = vfs.stat("/h/d/e/f");
  BOOST_REQUIRE(st.ok());
  BOOST_TEST(st->size == std::string("second, longer").size());
  BOOST_TEST(st->ino == host_lstat(root / "d" / "e" / "f").st_ino);
  BOOST_TEST(*vfs.read_file("/h/d/e/f") == "second, longer");
  BOOST_TEST(*vfs.read_file("/h/old/e/f") == "first");
}

BOOST_FIXTURE_TEST_CASE(a_directory_removed_on_the_host_is_gone, CacheFixture) {
  fs::remove_all(root / "d");
  BOOST_TEST(vfs.stat("/h/d/e/f").error() == Errc::NoEntry);
  BOOST_TEST(vfs.stat("/h/d").error() == Errc::NoEntry);
  BOOST_TEST(vfs.read_file("/h/d/e/f").error() == Errc::NoEntry);
}

BOOST_FIXTURE_TEST_CASE(a_directory_replaced_by_a_file_on_the_host, CacheFixture) {
  fs::remove_all(root / "d");
  write_host_file(root / "d", "a file now");
  BOOST_TEST(vfs.stat("/h/d/e/f").error() == Errc::NotDirectory);
  BOOST_TEST(vfs.stat("/h/d")->type == FileType::Regular);
}

// The cached descriptor still holds the old directory; the name must not reach it, and the
// symlink now there is the VM's to interpret (an absolute one from the VM root), never the host's.
BOOST_FIXTURE_TEST_CASE(a_directory_replaced_by_a_symlink_out_of_the_root, CacheFixture) {
  fs::rename(root / "d", root / "old");
  fs::create_directory_symlink(outside, root / "d");
  BOOST_TEST(vfs.lstat("/h/d")->type == FileType::Symlink);
  auto st = vfs.stat("/h/d/f");
  BOOST_TEST(!st.ok());
  BOOST_TEST(!vfs.read_file("/h/d/f").ok());
  BOOST_TEST(vfs.stat("/h/d/e/f").error() == Errc::NoEntry);
  fs::remove(root / "d");
  fs::create_directory_symlink("../outside", root / "d");
  BOOST_TEST(!vfs.read_file("/h/d/f").ok());
}

BOOST_FIXTURE_TEST_CASE(a_file_changed_on_the_host_is_stated_afresh, CacheFixture) {
  write_host_file(root / "d" / "e" / "f", "rewritten by the host");
  BOOST_TEST(vfs.stat("/h/d/e/f")->size == std::string("rewritten by the host").size());
  BOOST_REQUIRE(::chmod((root / "d" / "e").c_str(), 0700) == 0);
  BOOST_TEST(vfs.stat("/h/d/e")->mode == 0700u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(changes_through_the_vfs)

BOOST_FIXTURE_TEST_CASE(rename_then_a_new_directory_of_the_old_name, CacheFixture) {
  WASK_OK(vfs.rename("/h/d", "/h/moved"));
  BOOST_TEST(vfs.stat("/h/d/e/f").error() == Errc::NoEntry);
  BOOST_TEST(*vfs.read_file("/h/moved/e/f") == "first");
  WASK_OK(vfs.mkdir("/h/d"));
  BOOST_TEST(vfs.stat("/h/d/e").error() == Errc::NoEntry);
  BOOST_TEST(vfs.list("/h/d")->empty());
}

BOOST_FIXTURE_TEST_CASE(rename_over_a_cached_directory, CacheFixture) {
  fs::create_directories(root / "g" / "e");
  write_host_file(root / "g" / "e" / "f", "from g");
  WASK_OK(vfs.remove("/h/d/e"));
  WASK_OK(vfs.rename("/h/g", "/h/d"));
  BOOST_TEST(*vfs.read_file("/h/d/e/f") == "from g");
}

BOOST_FIXTURE_TEST_CASE(rmdir_then_mkdir, CacheFixture) {
  WASK_OK(vfs.unlink("/h/d/e/f"));
  WASK_OK(vfs.rmdir("/h/d/e"));
  BOOST_TEST(vfs.stat("/h/d/e").error() == Errc::NoEntry);
  WASK_OK(vfs.mkdir("/h/d/e"));
  BOOST_TEST(vfs.stat("/h/d/e")->ino == host_lstat(root / "d" / "e").st_ino);
  BOOST_TEST(vfs.stat("/h/d/e/f").error() == Errc::NoEntry);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(stat_of_the_last_name)

BOOST_FIXTURE_TEST_CASE(symlinks_trailing_slashes_and_missing_names, CacheFixture) {
  fs::create_symlink("e/f", root / "d" / "to_f");
  fs::create_directory_symlink("e", root / "d" / "to_e");
  BOOST_TEST(vfs.lstat("/h/d/to_f")->type == FileType::Symlink);
  BOOST_TEST(vfs.stat("/h/d/to_f")->ino == host_lstat(root / "d" / "e" / "f").st_ino);
  BOOST_TEST(vfs.lstat("/h/d/to_e/")->type == FileType::Directory);  // the slash follows it
  BOOST_TEST(vfs.stat("/h/d/to_e/f")->type == FileType::Regular);
  BOOST_TEST(vfs.lstat("/h/d/e/f/").error() == Errc::NotDirectory);
  BOOST_TEST(vfs.lstat("/h/d/to_f/").error() == Errc::NotDirectory);
  BOOST_TEST(vfs.lstat("/h/d/nothing").error() == Errc::NoEntry);
  BOOST_TEST(vfs.lstat("/h/d/e/f/x").error() == Errc::NotDirectory);
  auto name = std::string(300, 'n');
  BOOST_TEST(vfs.lstat("/h/d/" + name).error() == Errc::NameTooLong);
}

BOOST_FIXTURE_TEST_CASE(dev_and_ino_match_the_full_walk, CacheFixture) {
  auto deferred = vfs.lstat("/h/d/e/f");
  auto opened = vfs.open("/h/d/e/f", {.read = true});
  BOOST_REQUIRE(deferred.ok() && opened.ok());
  auto held = (*opened)->stat();
  BOOST_REQUIRE(held.ok());
  BOOST_TEST(deferred->dev == held->dev);
  BOOST_TEST(deferred->ino == held->ino);
  BOOST_TEST(deferred->mode == held->mode);
}

// A name that is a mount point is the mount's root, not the host directory beneath it.
BOOST_FIXTURE_TEST_CASE(a_mount_point_inside_the_host_directory, CacheFixture) {
  auto host_d = vfs.stat("/h/d");
  BOOST_REQUIRE(vfs.mount("/h/d", wask::backends::Memfs::create()).ok());
  auto mounted = vfs.stat("/h/d");
  BOOST_REQUIRE(mounted.ok());
  BOOST_TEST(mounted->dev != host_d->dev);
  BOOST_TEST(vfs.stat("/h/d/e").error() == Errc::NoEntry);
  WASK_OK(vfs.unmount("/h/d"));
  BOOST_TEST(vfs.stat("/h/d/e/f")->size == 5u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bounds)

// A host directory of `dirs` directories d0, d1, ... mounted at the VM root.
struct FlatTree {
  TempDir tmp;
  Vfs vfs;
  FlatTree(int dirs, size_t cache_entries) {
    for (int i = 0; i < dirs; ++i) fs::create_directories(tmp.path() / ("d" + std::to_string(i)));
    auto created = Hostfs::create(tmp.path().string(), {.dir_cache_entries = cache_entries});
    BOOST_REQUIRE(created.ok());
    BOOST_REQUIRE(vfs.mount("/", *created).ok());
  }
  // Walks into the first `n` directories.
  void walk(int n) {
    for (int i = 0; i < n; ++i) BOOST_REQUIRE(vfs.stat("/d" + std::to_string(i) + "/.").ok());
  }
};

BOOST_AUTO_TEST_CASE(the_cache_keeps_at_most_its_capacity_of_descriptors) {
  FlatTree tree(100, 8);
  const size_t before = open_descriptors();
  tree.walk(100);
  tree.walk(100);
  BOOST_TEST(open_descriptors() <= before + 8);
}

BOOST_AUTO_TEST_CASE(without_a_cache_every_walk_opens_afresh) {
  FlatTree tree(1, 0);
  fs::create_directories(tree.tmp.path() / "d0" / "b");
  const size_t before = open_descriptors();
  BOOST_TEST(tree.vfs.stat("/d0/b")->type == FileType::Directory);
  BOOST_TEST(open_descriptors() == before);
  fs::rename(tree.tmp.path() / "d0", tree.tmp.path() / "c");
  BOOST_TEST(tree.vfs.stat("/d0/b").error() == Errc::NoEntry);
  BOOST_TEST(tree.vfs.stat("/c/b")->type == FileType::Directory);
}

// Out of descriptors, a lookup takes the cache's back instead of failing.
BOOST_AUTO_TEST_CASE(the_cache_gives_its_descriptors_back_when_the_process_runs_out) {
  FlatTree tree(9, 8);
  tree.walk(8);
  rlimit saved{};
  BOOST_REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
  rlimit low = saved;
  low.rlim_cur = open_descriptors() + 16;
  BOOST_REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
  std::vector<int> filler;
  for (int fd; (fd = ::dup(0)) >= 0;) filler.push_back(fd);
  auto st = tree.vfs.stat("/d8/.");
  for (int fd : filler) ::close(fd);
  ::setrlimit(RLIMIT_NOFILE, &saved);
  BOOST_TEST(st.ok());
}

// The cache holds descriptors, never nodes: dropping the backend closes them all.
BOOST_AUTO_TEST_CASE(a_dropped_backend_closes_its_cached_descriptors) {
  const size_t before = open_descriptors();
  {
    FlatTree tree(10, 8);
    tree.walk(10);
    BOOST_TEST(open_descriptors() > before);
  }
  BOOST_TEST(open_descriptors() == before);
}

BOOST_AUTO_TEST_SUITE_END()

// Threads walking through the same cached directories while another renames them back and forth
// (through the VFS and on the host) and the cache evicts: every answer is the file or NoEntry,
// never another error or a torn state. Under ThreadSanitizer in CI (label "concurrency").
BOOST_AUTO_TEST_CASE(walkers_and_a_renamer_at_once) {
  TempDir tmp;
  for (int i = 0; i < 4; ++i) {
    fs::create_directories(tmp.path() / ("d" + std::to_string(i)) / "e");
    write_host_file(tmp.path() / ("d" + std::to_string(i)) / "e" / "f", "data");
  }
  auto created = Hostfs::create(tmp.path().string(), {.dir_cache_entries = 4});
  BOOST_REQUIRE(created.ok());
  Vfs vfs;
  BOOST_REQUIRE(vfs.mount("/", *created).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> unexpected{0}, found{0};
  std::vector<std::thread> walkers;
  for (int t = 0; t < 3; ++t) {
    walkers.emplace_back([&, t] {
      for (int n = 0; !stop; ++n) {
        auto st = vfs.stat("/d" + std::to_string((n + t) % 4) + "/e/f");
        if (st.ok() && st->size == 4) {
          ++found;
        } else if (st.ok() || st.error() != Errc::NoEntry) {
          ++unexpected;
        }
      }
    });
  }
  for (int round = 0; round < 200; ++round) {
    const std::string d = "/d" + std::to_string(round % 4);
    if (round % 2) {
      if (!vfs.rename(d, d + "x").ok() || !vfs.rename(d + "x", d).ok()) ++unexpected;
    } else {
      const fs::path host = tmp.path() / d.substr(1);
      fs::rename(host, host.string() + "y");
      fs::rename(host.string() + "y", host);
    }
  }
  // With every name back in place, the walkers must find files too (however they were scheduled).
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (found < 100 && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
  stop = true;
  for (auto& w : walkers) w.join();
  BOOST_TEST(unexpected == 0);
  BOOST_TEST(found >= 100);
  for (int i = 0; i < 4; ++i) BOOST_TEST(vfs.stat("/d" + std::to_string(i) + "/e/f")->size == 4u);
}
