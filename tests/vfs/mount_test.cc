// The mount table through the Vfs: synthetic directories, mount points in listings, EXDEV, EROFS,
// EBUSY, `..` across mounts, mount and unmount at run time.
#define BOOST_TEST_MODULE vfs_mount
#include <boost/test/unit_test.hpp>

#include "backends/memfs/memfs.h"
#include "tests/vfs/check.h"
#include "vfs/mount_table.h"
#include "vfs/vfs.h"

using wask::backends::Memfs;
using wask::test::bytes_of;
using wask::vfs::Errc;
using wask::vfs::FileType;
using wask::vfs::TimeChange;
using wask::vfs::Vfs;
using Names = std::vector<std::string>;

namespace {

Names names(Vfs& v, std::string_view path) {
  auto r = v.list(path);
  BOOST_TEST_REQUIRE(r.ok(), path << ": " << r.error());
  return *r;
}

struct Fixture {
  Vfs v;
  uint64_t root_id = 0, session_id = 0, data_id = 0, ro_id = 0;
  Fixture() {
    root_id = *v.mount("/", Memfs::create());
    BOOST_TEST_REQUIRE(v.mkdir_p("/home/user").ok());
    BOOST_TEST_REQUIRE(v.mkdir("/data").ok());     // the root memfs holds /data ...
    data_id = *v.mount("/data", Memfs::create());  // ... and a mount covers it
    session_id = *v.mount("/mnt/session", Memfs::create());
    auto ro = Memfs::create();
    BOOST_TEST_REQUIRE(v.mount("/ro", ro).ok());
    BOOST_TEST_REQUIRE(v.write_file("/ro/r.txt", "r").ok());
    BOOST_TEST_REQUIRE(v.mkdir("/ro/dir").ok());
    BOOST_TEST_REQUIRE(v.unmount("/ro").ok());
    ro_id = *v.mount("/ro", ro, {.read_only = true});
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(synthetic_directories_are_listed_and_stat_able, Fixture) {
  BOOST_TEST((names(v, "/") == Names{"data", "home", "mnt", "ro"}));
  BOOST_TEST((names(v, "/mnt") == Names{"session"}));
  auto st = v.stat("/mnt");
  BOOST_TEST_REQUIRE(st.ok());
  BOOST_TEST((st->type == FileType::Directory));
  BOOST_TEST(st->dev == 0u);  // no mount holds it
  auto entries = v.readdir(*v.open_dir("/"));
  BOOST_TEST_REQUIRE(entries.ok());
  for (const auto& e : *entries) {
    if (e.name == "mnt") {
      BOOST_TEST((e.type == FileType::Directory));
      BOOST_TEST(e.ino == st->ino);
    }
  }
}

BOOST_FIXTURE_TEST_CASE(synthetic_directories_are_read_only_in_structure, Fixture) {
  WASK_ERR(v.mkdir("/mnt/x"), Errc::ReadOnly);
  WASK_ERR(v.write_file("/mnt/f", "x"), Errc::ReadOnly);
  WASK_ERR(v.symlink("t", "/mnt/l"), Errc::ReadOnly);
  WASK_ERR(v.rmdir("/mnt"), Errc::Busy);
  WASK_ERR(v.rmdir("/mnt/session"), Errc::Busy);
  WASK_ERR(v.rename("/mnt", "/elsewhere"), Errc::Busy);
  WASK_ERR(v.rename("/mnt/session", "/elsewhere"), Errc::Busy);
  WASK_ERR(v.rename("/home", "/mnt/session"), Errc::Busy);
  WASK_ERR(v.unlink("/mnt/session"), Errc::IsDirectory);
  WASK_ERR(v.open("/mnt", {.write = true}), Errc::IsDirectory);
  WASK_ERR(v.set_times(v.root(), "/mnt", TimeChange::now(), TimeChange::now()), Errc::ReadOnly);
  WASK_ERR(v.remove("/mnt"), Errc::Busy);
}

BOOST_FIXTURE_TEST_CASE(mount_point_appears_once_in_a_backend_directory, Fixture) {
  // "/data" is both a directory of the root memfs and a mount point: listed once.
  auto entries = v.readdir(*v.open_dir("/"));
  BOOST_TEST_REQUIRE(entries.ok());
  int seen = 0;
  auto mount_root = v.stat("/data");
  for (const auto& e : *entries) {
    if (e.name == "data") {
      ++seen;
      BOOST_TEST(e.ino == mount_root->ino);
    }
  }
  BOOST_TEST(seen == 1);
  // A mount point whose name the backend directory does not hold.
  BOOST_TEST_REQUIRE(v.mount("/home/user/m", Memfs::create()).ok());
  BOOST_TEST_REQUIRE(v.write_file("/home/user/a", "a").ok());
  BOOST_TEST((names(v, "/home/user") == Names{"a", "m"}));
  // Resumable listing across the backend entries and the mount entries.
  auto dir = *v.open_dir("/home/user");
  Names seen_names;
  uint64_t cookie = 0;
  for (int i = 0; i < 10; ++i) {
    auto batch = v.readdir(dir, cookie, 1);
    BOOST_TEST_REQUIRE(batch.ok());
    if (batch->empty()) break;
    seen_names.push_back(batch->front().name);
    cookie = batch->front().next_cookie;
  }
  BOOST_TEST((seen_names == Names{".", "..", "a", "m"}));
}

BOOST_FIXTURE_TEST_CASE(dev_is_the_mount_id, Fixture) {
  BOOST_TEST_REQUIRE(v.write_file("/mnt/session/f", "x").ok());
  BOOST_TEST(v.stat("/mnt/session/f")->dev == session_id);
  BOOST_TEST(v.stat("/mnt/session")->dev == session_id);
  BOOST_TEST(v.stat("/home")->dev == root_id);
  BOOST_TEST(v.stat("/data")->dev == data_id);
  auto f = *v.open("/mnt/session/f", {.read = true});
  BOOST_TEST(f->stat()->dev == session_id);
  auto mounts = v.mounts();
  BOOST_TEST_REQUIRE(mounts.size() == 4u);
  BOOST_TEST(mounts[0].path == "/");
  BOOST_TEST(mounts[2].path == "/mnt/session");
  BOOST_TEST(mounts[2].id == session_id);
  BOOST_TEST(mounts[2].kind == "memfs");
  BOOST_TEST(mounts[3].read_only);
}

BOOST_FIXTURE_TEST_CASE(dotdot_from_a_mount_root_leads_to_the_mount_point_parent, Fixture) {
  auto session = v.open_dir("/mnt/session");
  BOOST_TEST_REQUIRE(session.ok());
  BOOST_TEST(session->path() == "/mnt/session");
  BOOST_TEST(v.stat(*session, "..")->ino == v.stat("/mnt")->ino);
  BOOST_TEST(v.stat(*session, "../..")->ino == v.stat("/")->ino);
  auto up = v.open_dir(*session, "../../home");
  BOOST_TEST_REQUIRE(up.ok());
  BOOST_TEST(up->path() == "/home");
  BOOST_TEST(v.stat(*up, "..")->dev == root_id);
  auto dot_dot = v.readdir(*session, 1, 1);
  BOOST_TEST_REQUIRE(dot_dot.ok());
  BOOST_TEST(dot_dot->front().ino == v.stat("/mnt")->ino);
}

BOOST_FIXTURE_TEST_CASE(rename_and_link_across_mounts_are_exdev, Fixture) {
  BOOST_TEST_REQUIRE(v.write_file("/home/user/f", "x").ok());
  WASK_ERR(v.rename("/home/user/f", "/mnt/session/f"), Errc::CrossDevice);
  WASK_ERR(v.rename("/home/user/f", "/data/f"), Errc::CrossDevice);
  WASK_ERR(v.link(v.root(), "/home/user/f", v.root(), "/mnt/session/f"), Errc::CrossDevice);
  BOOST_TEST_REQUIRE(v.mkdir("/mnt/session/dir").ok());
  WASK_ERR(v.rename("/mnt/session/dir", "/home/dir"), Errc::CrossDevice);
  WASK_OK(v.rename("/home/user/f", "/home/g"));  // same mount: fine
  WASK_OK(v.link(v.root(), "/home/g", v.root(), "/home/user/h"));
}

BOOST_FIXTURE_TEST_CASE(read_only_mount_refuses_every_change, Fixture) {
  BOOST_TEST(*v.read_file("/ro/r.txt") == "r");
  WASK_ERR(v.write_file("/ro/r.txt", "x"), Errc::ReadOnly);
  WASK_ERR(v.write_file("/ro/new", "x"), Errc::ReadOnly);
  WASK_ERR(v.open("/ro/r.txt", {.read = true, .write = true}), Errc::ReadOnly);
  WASK_ERR(v.mkdir("/ro/d"), Errc::ReadOnly);
  WASK_ERR(v.rmdir("/ro/dir"), Errc::ReadOnly);
  WASK_ERR(v.unlink("/ro/r.txt"), Errc::ReadOnly);
  WASK_ERR(v.rename("/ro/r.txt", "/ro/s.txt"), Errc::ReadOnly);
  WASK_ERR(v.symlink("r.txt", "/ro/l"), Errc::ReadOnly);
  WASK_ERR(v.link(v.root(), "/ro/r.txt", v.root(), "/ro/l"), Errc::ReadOnly);
  WASK_ERR(v.set_size(v.root(), "/ro/r.txt", 0), Errc::ReadOnly);
  WASK_ERR(v.set_times(v.root(), "/ro/r.txt", TimeChange::now(), TimeChange::now()),
           Errc::ReadOnly);
  auto f = v.open("/ro/r.txt", {.read = true});
  BOOST_TEST_REQUIRE(f.ok());
  WASK_ERR((*f)->set_times(TimeChange::now(), TimeChange::now()), Errc::ReadOnly);
  WASK_ERR((*f)->write(bytes_of("x")), Errc::BadDescriptor);
  // Errors that do not depend on writing stay what they are.
  WASK_ERR(v.mkdir("/ro/dir"), Errc::Exists);
  WASK_ERR(v.unlink("/ro/missing"), Errc::NoEntry);
  BOOST_TEST(*v.read_file("/ro/r.txt") == "r");
}

BOOST_FIXTURE_TEST_CASE(unmount_is_busy_while_something_is_open_beneath, Fixture) {
  BOOST_TEST_REQUIRE(v.write_file("/mnt/session/f", "x").ok());
  {
    auto f = v.open("/mnt/session/f", {.read = true});
    BOOST_TEST_REQUIRE(f.ok());
    WASK_ERR(v.unmount("/mnt/session"), Errc::Busy);
  }
  {
    auto d = v.open_dir("/mnt/session");
    BOOST_TEST_REQUIRE(d.ok());
    WASK_ERR(v.unmount("/mnt/session"), Errc::Busy);
    auto od = v.open("/mnt/session", {.read = true, .directory = true});
    BOOST_TEST_REQUIRE(od.ok());
  }
  // A directory handle elsewhere (the synthetic /mnt) does not hold the mount.
  auto mnt = v.open_dir("/mnt");
  BOOST_TEST_REQUIRE(mnt.ok());
  WASK_OK(v.unmount("/mnt/session"));
  WASK_ERR(v.stat("/mnt/session"), Errc::NoEntry);
  WASK_ERR(v.stat("/mnt"), Errc::NoEntry);  // nothing beneath it any more
  BOOST_TEST((names(v, "/") == Names{"data", "home", "ro"}));
  // Mount again at run time; an old handle to /mnt sees the new mount beneath it.
  BOOST_TEST_REQUIRE(v.mount("/mnt/session", Memfs::create()).ok());
  WASK_OK(v.stat(*mnt, "session"));
}

BOOST_FIXTURE_TEST_CASE(mount_and_unmount_errors, Fixture) {
  WASK_ERR(v.mount("/mnt/session", Memfs::create()), Errc::Exists);
  WASK_ERR(v.mount("relative", Memfs::create()), Errc::Invalid);
  WASK_ERR(v.mount("/a/../b", Memfs::create()), Errc::Invalid);
  WASK_ERR(v.mount("/a/./b", Memfs::create()), Errc::Invalid);
  WASK_ERR(v.mount("", Memfs::create()), Errc::Invalid);
  WASK_ERR(v.mount("/x", nullptr), Errc::Invalid);
  WASK_ERR(v.mount("/" + std::string(256, 'n'), Memfs::create()), Errc::NameTooLong);
  WASK_ERR(v.unmount("/home"), Errc::Invalid);  // not a mount point
  WASK_ERR(v.unmount("/nowhere"), Errc::Invalid);
  WASK_ERR(v.unmount("/"), Errc::Busy);  // mounts lie beneath it
  BOOST_TEST_REQUIRE(v.mount("/mnt/session/inner", Memfs::create()).ok());
  WASK_ERR(v.unmount("/mnt/session"), Errc::Busy);
  WASK_OK(v.unmount("/mnt/session/inner"));
  WASK_OK(v.unmount("/mnt/session"));
  WASK_OK(v.mount("/mnt/session/", Memfs::create()));  // a trailing slash is fine
}

BOOST_FIXTURE_TEST_CASE(a_mount_hides_what_lies_beneath_it, Fixture) {
  WASK_OK(v.unmount("/data"));
  BOOST_TEST_REQUIRE(v.write_file("/data/under", "u").ok());
  BOOST_TEST_REQUIRE(v.mount("/data", Memfs::create()).ok());
  WASK_ERR(v.stat("/data/under"), Errc::NoEntry);
  BOOST_TEST(names(v, "/data").empty());
  WASK_OK(v.unmount("/data"));
  BOOST_TEST(*v.read_file("/data/under") == "u");
}

BOOST_AUTO_TEST_CASE(an_empty_vfs_has_a_synthetic_root) {
  Vfs v;
  auto early_root = v.root();  // taken before anything is mounted
  BOOST_TEST(names(v, "/").empty());
  BOOST_TEST((v.stat("/")->type == FileType::Directory));
  WASK_ERR(v.write_file("/f", "x"), Errc::ReadOnly);
  WASK_ERR(v.stat("/f"), Errc::NoEntry);
  BOOST_TEST_REQUIRE(v.mount("/a/b", Memfs::create()).ok());
  BOOST_TEST((names(v, "/") == Names{"a"}));
  BOOST_TEST(*v.mount("/", Memfs::create()) > 0u);  // a root mounted later
  WASK_OK(v.write_file("/f", "x"));
  BOOST_TEST((names(v, "/") == Names{"a", "f"}));
  BOOST_TEST(*v.read_file(early_root, "f") == "x");  // the old handle sees the new root
  WASK_OK(v.write_file(early_root, "g", "y"));
}

BOOST_FIXTURE_TEST_CASE(symlinks_cross_mounts_both_ways, Fixture) {
  BOOST_TEST_REQUIRE(v.write_file("/home/user/f", "home").ok());
  BOOST_TEST_REQUIRE(v.write_file("/mnt/session/s", "session").ok());
  WASK_OK(v.symlink("/home/user/f", "/mnt/session/to_home"));
  WASK_OK(v.symlink("../../home/user/f", "/mnt/session/rel_home"));
  WASK_OK(v.symlink("../../mnt/session/s", "/home/user/to_session"));
  BOOST_TEST(*v.read_file("/mnt/session/to_home") == "home");
  BOOST_TEST(*v.read_file("/mnt/session/rel_home") == "home");
  BOOST_TEST(*v.read_file("/home/user/to_session") == "session");
  // Removing the link removes it from its own mount only.
  WASK_OK(v.unlink("/home/user/to_session"));
  BOOST_TEST(*v.read_file("/mnt/session/s") == "session");
}

BOOST_AUTO_TEST_CASE(mount_table_longest_prefix) {
  wask::vfs::MountTable table([] { return uint64_t{7}; });
  auto root = table.mount("/", Memfs::create(), false);
  auto mnt = table.mount("/mnt/session", Memfs::create(), false);
  auto deep = table.mount("/mnt/session/deeper/still", Memfs::create(), true);
  BOOST_TEST_REQUIRE((root.ok() && mnt.ok() && deep.ok()));
  using Parts = std::vector<std::string>;
  auto [m1, n1] = table.longest_prefix(Parts{"mnt", "session", "a", "b"});
  BOOST_TEST(m1 == *mnt);
  BOOST_TEST(n1 == 2u);
  auto [m2, n2] = table.longest_prefix(Parts{"mnt", "session", "deeper", "still", "x"});
  BOOST_TEST(m2 == *deep);
  BOOST_TEST(n2 == 4u);
  BOOST_TEST((*deep)->read_only());
  auto [m3, n3] = table.longest_prefix(Parts{"mnt", "other"});
  BOOST_TEST(m3 == *root);
  BOOST_TEST(n3 == 0u);
  auto [m4, n4] = table.longest_prefix(Parts{"mnt", "session", "deeper"});
  BOOST_TEST(m4 == *mnt);  // "deeper" is only a synthetic step
  BOOST_TEST(table.find(Parts{"mnt", "session", "deeper"}) != nullptr);
  BOOST_TEST(table.find(Parts{"mnt", "session", "deeper"})->mount == nullptr);
  BOOST_TEST(table.find(Parts{"nowhere"}) == nullptr);
  BOOST_TEST((*mnt)->path() == "/mnt/session");
  BOOST_TEST((*root)->path() == "/");
  BOOST_TEST(table.mounts().size() == 3u);
  BOOST_TEST(table.root()->created_ns == 7u);
}
