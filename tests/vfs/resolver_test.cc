// The resolver's rules as a table: (start directory, path, options) -> the node reached or an
// Errc. One world with several mounts, symlinks within and across them, and synthetic directories.
#define BOOST_TEST_MODULE vfs_resolver
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "backends/memfs/memfs.h"
#include "tests/vfs/check.h"
#include "vfs/vfs.h"

using wask::backends::Memfs;
using wask::backends::MemfsOptions;
using wask::vfs::Errc;
using wask::vfs::Resolve;
using wask::vfs::Vfs;

namespace {

// /                   memfs (root)
//   etc/passwd        "vm-passwd"
//   home/user/...     files and symlinks (below)
//   data/             a directory of the root memfs, shadowed by the /data mount
//   data  ->          memfs: d.txt
//   mnt/              synthetic (the root memfs has no mnt)
//   mnt/session  ->   memfs: s.txt, back -> ../../etc/passwd, abs -> /home/user/file
//   deep/a/b     ->   memfs: b.txt   (deep and deep/a synthetic)
//   ro           ->   memfs, read-only: r.txt
struct World {
  std::shared_ptr<Vfs> vfs = std::make_shared<Vfs>();

  World() {
    auto ok = [](auto r) { BOOST_TEST_REQUIRE(r.ok(), r.error()); };
    Vfs& v = *vfs;
    ok(v.mount("/", Memfs::create()));
    ok(v.write_file("/etc/passwd", "vm-passwd", {.create_parents = true}));
    ok(v.mkdir_p("/home/user"));
    ok(v.write_file("/home/user/file", "f"));
    ok(v.symlink("file", "/home/user/link_rel"));
    ok(v.symlink("/etc/passwd", "/home/user/link_abs"));
    ok(v.symlink("../user", "/home/user/link_dir"));
    ok(v.symlink("nowhere", "/home/user/dangling"));
    ok(v.symlink("loop2", "/home/user/loop1"));
    ok(v.symlink("loop1", "/home/user/loop2"));
    ok(v.symlink("self", "/home/user/self"));
    ok(v.symlink("/data", "/home/user/to_data"));
    ok(v.symlink("../..", "/home/user/up"));
    ok(v.symlink("/", "/home/user/to_root"));
    ok(v.symlink("file/", "/home/user/file_slash"));
    // chain0 -> chain1 -> ... -> chain40 -> file: 41 hops from chain0, 40 from chain1.
    for (int i = 0; i < 40; ++i) {
      ok(v.symlink("chain" + std::to_string(i + 1), "/home/user/chain" + std::to_string(i)));
    }
    ok(v.symlink("file", "/home/user/chain40"));
    ok(v.write_file("/data/shadowed", "hidden", {.create_parents = true}));

    ok(v.mount("/data", Memfs::create()));
    ok(v.write_file("/data/d.txt", "d"));
    ok(v.mount("/mnt/session", Memfs::create()));
    ok(v.write_file("/mnt/session/s.txt", "s"));
    ok(v.mkdir("/mnt/session/sub"));
    ok(v.symlink("../../etc/passwd", "/mnt/session/back"));
    ok(v.symlink("/home/user/file", "/mnt/session/abs"));
    ok(v.mount("/deep/a/b", Memfs::create()));
    ok(v.write_file("/deep/a/b/b.txt", "b"));
    auto ro = Memfs::create();
    ok(v.mount("/ro", ro));
    ok(v.write_file("/ro/r.txt", "r"));
    ok(v.unmount("/ro"));
    ok(v.mount("/ro", ro, {.read_only = true}));
  }
};

World& world() {
  static World w;  // built once; rows only read it (mkdir rows clean up after themselves)
  return w;
}

struct Expect {
  std::variant<std::string, Errc> what;  // the canonical path reached (lstat-ed) or an error
};
Expect node(std::string path) { return {std::move(path)}; }
Expect error(Errc e) { return {e}; }

struct Row {
  const char* start;
  std::string path;
  Resolve how;
  Expect expect;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  os << "[" << r.start << "] " << (r.path.size() > 60 ? r.path.substr(0, 60) + "..." : r.path)
     << (r.how.follow ? "" : " nofollow") << (r.how.beneath ? " beneath" : "");
  return os;
}

const Resolve kFollow{};
const Resolve kNoFollow{.follow = false};
const Resolve kBeneath{.beneath = true};

std::vector<Row> lookup_rows() {
  const std::string name256(256, 'n');
  std::string path4097;
  while (path4097.size() < 4097) path4097 += "./";
  return {
      // plain walking
      {"/", "etc/passwd", kFollow, node("/etc/passwd")},
      {"/", "/etc/passwd", kFollow, node("/etc/passwd")},
      {"/", "//etc///passwd", kFollow, node("/etc/passwd")},
      {"/home/user", "file", kFollow, node("/home/user/file")},
      {"/home/user", "./file", kFollow, node("/home/user/file")},
      {"/home/user", "../user/./file", kFollow, node("/home/user/file")},
      {"/home/user", ".", kFollow, node("/home/user")},
      {"/home/user", "/", kFollow, node("/")},
      // ".." at the VM root stays at the root
      {"/", "..", kFollow, node("/")},
      {"/", "../../etc/passwd", kFollow, node("/etc/passwd")},
      {"/home/user", "../../../../..", kFollow, node("/")},
      // symlinks
      {"/home/user", "link_rel", kFollow, node("/home/user/file")},
      {"/home/user", "link_rel", kNoFollow, node("/home/user/link_rel")},
      {"/home/user", "link_abs", kFollow, node("/etc/passwd")},
      {"/home/user", "link_dir/file", kFollow, node("/home/user/file")},
      {"/home/user", "link_dir/link_dir/link_dir/file", kFollow, node("/home/user/file")},
      {"/home/user", "link_dir", kNoFollow, node("/home/user/link_dir")},
      {"/home/user", "link_dir/", kNoFollow, node("/home/user")},  // a trailing slash follows
      {"/home/user", "dangling", kFollow, error(Errc::NoEntry)},
      {"/home/user", "dangling", kNoFollow, node("/home/user/dangling")},
      {"/home/user", "loop1", kFollow, error(Errc::Loop)},
      {"/home/user", "loop1", kNoFollow, node("/home/user/loop1")},
      {"/home/user", "loop1/x", kNoFollow, error(Errc::Loop)},
      {"/home/user", "self", kFollow, error(Errc::Loop)},
      {"/home/user", "chain1", kFollow, node("/home/user/file")},  // exactly 40 hops
      {"/home/user", "chain0", kFollow, error(Errc::Loop)},        // 41 hops
      {"/home/user", "up/etc/passwd", kFollow, node("/etc/passwd")},
      {"/home/user", "to_root/etc/passwd", kFollow, node("/etc/passwd")},
      {"/home/user", "to_root", kFollow, node("/")},
      {"/home/user", "to_data/d.txt", kFollow, node("/data/d.txt")},
      {"/home/user", "file_slash", kFollow, error(Errc::NotDirectory)},
      // trailing slashes and non-directories
      {"/home/user", "file/", kFollow, error(Errc::NotDirectory)},
      {"/home/user", "file/.", kFollow, error(Errc::NotDirectory)},
      {"/home/user", "file/..", kFollow, error(Errc::NotDirectory)},
      {"/home/user", "file/x", kFollow, error(Errc::NotDirectory)},
      {"/home/user", "link_rel/", kFollow, error(Errc::NotDirectory)},
      {"/home/user", "link_rel/", kNoFollow, error(Errc::NotDirectory)},
      {"/home/user", "missing/x", kFollow, error(Errc::NoEntry)},
      // hostile input
      {"/", "", kFollow, error(Errc::NoEntry)},
      {"/", std::string("etc\0passwd", 10), kFollow, error(Errc::Invalid)},
      {"/", name256, kFollow, error(Errc::NameTooLong)},
      {"/", "etc/" + name256 + "/x", kFollow, error(Errc::NameTooLong)},
      {"/", path4097, kFollow, error(Errc::NameTooLong)},
      // mounts crossed downwards and upwards, synthetic directories
      {"/", "mnt", kFollow, node("/mnt")},
      {"/", "mnt/session", kFollow, node("/mnt/session")},
      {"/", "mnt/session/s.txt", kFollow, node("/mnt/session/s.txt")},
      {"/", "mnt/session/..", kFollow, node("/mnt")},
      {"/", "mnt/session/../..", kFollow, node("/")},
      {"/", "mnt/session/sub/../../session/s.txt", kFollow, node("/mnt/session/s.txt")},
      {"/", "mnt/nothing", kFollow, error(Errc::NoEntry)},
      {"/", "mnt/session/s.txt/", kFollow, error(Errc::NotDirectory)},
      {"/mnt/session", "..", kFollow, node("/mnt")},
      {"/mnt/session", "../../etc/passwd", kFollow, node("/etc/passwd")},
      {"/mnt/session/sub", "../../..", kFollow, node("/")},
      {"/", "mnt/session/back", kFollow, node("/etc/passwd")},     // relative link, upwards
      {"/", "mnt/session/abs", kFollow, node("/home/user/file")},  // absolute link, other mount
      {"/", "data/d.txt", kFollow, node("/data/d.txt")},
      {"/", "data/shadowed", kFollow, error(Errc::NoEntry)},  // under the mount
      {"/data", "../etc/passwd", kFollow, node("/etc/passwd")},
      {"/", "deep", kFollow, node("/deep")},
      {"/", "deep/a", kFollow, node("/deep/a")},
      {"/", "deep/a/b/b.txt", kFollow, node("/deep/a/b/b.txt")},
      {"/", "deep/a/b/../..", kFollow, node("/deep")},
      {"/deep/a", "b/../../a/b/b.txt", kFollow, node("/deep/a/b/b.txt")},
      {"/", "deep/x", kFollow, error(Errc::NoEntry)},
      {"/", "ro/r.txt", kFollow, node("/ro/r.txt")},
      // beneath: never leave the start directory
      {"/home/user", "file", kBeneath, node("/home/user/file")},
      {"/home/user", "link_rel", kBeneath, node("/home/user/file")},
      {"/home/user", "./././file", kBeneath, node("/home/user/file")},
      {"/home/user", "..", kBeneath, error(Errc::NotCapable)},
      {"/home/user", "../user/file", kBeneath, error(Errc::NotCapable)},
      {"/home/user", "/etc/passwd", kBeneath, error(Errc::NotCapable)},
      {"/home/user", "link_abs", kBeneath, error(Errc::NotCapable)},
      {"/home/user", "link_dir/file", kBeneath, error(Errc::NotCapable)},
      {"/home/user", "up", kBeneath, error(Errc::NotCapable)},
      {"/home/user", "to_root", kBeneath, error(Errc::NotCapable)},
      {"/home/user", "link_abs", Resolve{.follow = false, .beneath = true},
       node("/home/user/link_abs")},
      {"/mnt/session", "..", kBeneath, error(Errc::NotCapable)},
      {"/mnt/session", "back", kBeneath, error(Errc::NotCapable)},
      {"/mnt/session", "sub/../s.txt", kBeneath, node("/mnt/session/s.txt")},
      {"/", "mnt/session/s.txt", kBeneath, node("/mnt/session/s.txt")},
      {"/", "..", kBeneath, error(Errc::NotCapable)},
  };
}

std::vector<Row> create_rows() {
  return {
      // (start, path) for mkdir -> the directory that appears, or the error
      {"/home/user", "made", kFollow, node("/home/user/made")},
      {"/home/user", "link_dir/made", kFollow, node("/home/user/made")},  // parent via a link
      {"/home/user", "to_data/made", kFollow, node("/data/made")},
      {"/", "mnt/session/made", kFollow, node("/mnt/session/made")},
      {"/mnt/session", "../session/made", kFollow, node("/mnt/session/made")},
      {"/", "mnt/made", kFollow, error(Errc::ReadOnly)},         // synthetic
      {"/", "deep/a/made", kFollow, error(Errc::ReadOnly)},      // synthetic
      {"/", "ro/made", kFollow, error(Errc::ReadOnly)},          // read-only mount
      {"/", "mnt/session", kFollow, error(Errc::Exists)},        // the mount point
      {"/", "mnt", kFollow, error(Errc::Exists)},                // a synthetic directory
      {"/home/user", "dangling", kFollow, error(Errc::Exists)},  // not followed
      {"/home/user", "dangling/x", kFollow, error(Errc::NoEntry)},
      {"/home/user", "file/made", kFollow, error(Errc::NotDirectory)},
      {"/home/user", "../made", kBeneath, error(Errc::NotCapable)},
      {"/home/user", "made/", kFollow, node("/home/user/made")},
  };
}

}  // namespace

namespace boost::test_tools::tt_detail {
template <>
struct print_log_value<Row> {
  void operator()(std::ostream& os, const Row& r) { ::operator<<(os, r); }
};
}  // namespace boost::test_tools::tt_detail

BOOST_DATA_TEST_CASE(lookup, boost::unit_test::data::make(lookup_rows()), row) {
  World& w = world();
  auto start = w.vfs->open_dir(row.start);
  BOOST_TEST_REQUIRE(start.ok());
  auto got = w.vfs->stat(*start, row.path, row.how);
  if (auto* e = std::get_if<Errc>(&row.expect.what)) {
    BOOST_TEST(got.error() == *e, row << ": expected " << *e << ", got " << got.error());
    return;
  }
  const auto& expected_path = std::get<std::string>(row.expect.what);
  auto expected = w.vfs->lstat(expected_path);
  BOOST_TEST_REQUIRE(expected.ok(), "the expected node " << expected_path << " must exist");
  BOOST_TEST_REQUIRE(got.ok(), row << ": expected " << expected_path << ", got " << got.error());
  BOOST_TEST(got->dev == expected->dev, row << ": dev");
  BOOST_TEST(got->ino == expected->ino, row << ": ino");
  // A directory reached this way also has that VM path.
  if (got->type == wask::vfs::FileType::Directory) {
    auto dir = w.vfs->open_dir(*start, row.path, row.how);
    BOOST_TEST_REQUIRE(dir.ok());
    BOOST_TEST(dir->path() == expected_path, row << ": path " << dir->path());
  }
}

BOOST_DATA_TEST_CASE(create_parent, boost::unit_test::data::make(create_rows()), row) {
  World& w = world();
  auto start = w.vfs->open_dir(row.start);
  BOOST_TEST_REQUIRE(start.ok());
  auto made = w.vfs->mkdir(*start, row.path, row.how);
  if (auto* e = std::get_if<Errc>(&row.expect.what)) {
    BOOST_TEST(made.error() == *e, row << ": expected " << *e << ", got " << made.error());
    return;
  }
  BOOST_TEST_REQUIRE(made.ok(), row << ": " << made.error());
  const auto& expected_path = std::get<std::string>(row.expect.what);
  auto st = w.vfs->lstat(expected_path);
  BOOST_TEST(st.ok(), row << ": " << expected_path << " should exist");
  BOOST_TEST_REQUIRE(w.vfs->rmdir(expected_path).ok());
}

// Random paths built from hostile pieces: every answer is a value or an Errc (no crash, no hang),
// and a confined walk that succeeds never ends outside its start directory.
BOOST_AUTO_TEST_CASE(random_paths_stay_beneath) {
  World& w = world();
  const std::vector<std::string> pieces{"..",       ".",       "",        "link_dir", "up",
                                        "to_root",  "to_data", "loop1",   "file",     "user",
                                        "home",     "mnt",     "session", "back",     "sub",
                                        "dangling", "self",    "chain0",  "chain30",  "etc"};
  uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  int successes = 0;
  for (const char* start_path : {"/home/user", "/mnt/session", "/home"}) {
    auto start = *w.vfs->open_dir(start_path);
    for (int i = 0; i < 3000; ++i) {
      std::string path = next() % 8 == 0 ? "/" : "";
      int n = 1 + next() % 8;
      for (int k = 0; k < n; ++k) path += pieces[next() % pieces.size()] + (k + 1 < n ? "/" : "");
      if (next() % 4 == 0) path += "/";
      if (path.empty()) path = ".";
      auto dir = w.vfs->open_dir(start, path, Resolve{.beneath = true});
      if (!dir) continue;
      ++successes;
      std::string where = dir->path();
      BOOST_TEST_REQUIRE(where.rfind(start_path, 0) == 0u,
                         path << " from " << start_path << " reached " << where);
      (void)w.vfs->stat(start, path);  // unconfined: anything, but an answer
    }
  }
  BOOST_TEST(successes > 0);
  BOOST_TEST_MESSAGE(successes << " confined walks succeeded, all inside");
}
