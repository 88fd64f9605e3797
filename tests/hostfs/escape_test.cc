// The hostfs escape suite: whatever a caller does through the backend's nodes, nothing outside
// the root is read, written, created or removed. Every test lays out
//     base/outside/...   the host beyond the root, snapshotted before and compared after
//     base/root/...      the hostfs root
// and attacks with "..", absolute and relative symlinks pointing out, loops, directories swapped
// for symlinks between operations (also while another thread keeps swapping), and bad names.
#define BOOST_TEST_MODULE hostfs_escape
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <thread>

#include "backends/hostfs/hostfs.h"
#include "backends/memfs/memfs.h"
#include "tests/hostfs/host_tree.h"
#include "tests/vfs/check.h"
#include "vfs/vfs.h"

namespace fs = boost::filesystem;
using wask::backends::Hostfs;
using wask::test::bytes_of;
using wask::test::host_lstat;
using wask::test::read_handle;
using wask::test::read_host_file;
using wask::test::snapshot_tree;
using wask::test::TempDir;
using wask::test::TreeSnapshot;
using wask::test::write_host_file;
using namespace wask::vfs;

namespace {

// The layout above, with the outside compared in the destructor (so in every test).
struct EscapeFixture {
  TempDir tmp;
  fs::path base = tmp.path();
  fs::path outside = base / "outside";
  fs::path root = base / "root";
  TreeSnapshot outside_before;
  std::shared_ptr<Hostfs> backend;
  NodePtr top;

  EscapeFixture() {
    fs::create_directories(outside / "sub");
    fs::create_directories(root / "d" / "e");
    write_host_file(outside / "secret.txt", "secret");
    write_host_file(outside / "sub" / "inner.txt", "inner");
    write_host_file(outside / "victim", "do not truncate");
    write_host_file(root / "d" / "mine.txt", "mine");
    outside_before = snapshot_outside();
    auto created = Hostfs::create(root.string());
    BOOST_REQUIRE(created.ok());
    backend = *created;
    top = backend->root();
  }

  ~EscapeFixture() { check_outside_untouched(); }

  // The outside tree, plus the names directly in base (nothing may appear next to the root).
  TreeSnapshot snapshot_outside() const {
    TreeSnapshot snap = snapshot_tree(outside);
    for (fs::directory_iterator it(base), end; it != end; ++it) {
      const std::string name = it->path().filename().string();
      if (name != "root" && name != "outside") snap["base/" + name] = {};
    }
    return snap;
  }

  void check_outside_untouched() const {
    const TreeSnapshot after = snapshot_outside();
    BOOST_CHECK_MESSAGE(
        after == outside_before,
        "outside changed: " << wask::test::describe_difference(outside_before, after));
  }

  NodePtr lookup(const NodePtr& dir, std::string_view name) {
    auto node = dir->lookup(name);
    BOOST_REQUIRE_MESSAGE(node.ok(), "lookup " << name << ": " << posix_name(node.error()));
    return *node;
  }

  // Every operation a caller could try on a symlink node pointing out: none may follow it.
  void check_symlink_node_is_inert(const NodePtr& link) {
    auto st = link->stat();
    BOOST_REQUIRE(st.ok());
    BOOST_CHECK(st->type == FileType::Symlink);
    BOOST_CHECK(link->lookup("secret.txt").error() == Errc::NotDirectory);
    BOOST_CHECK(link->lookup("inner.txt").error() == Errc::NotDirectory);
    BOOST_CHECK(link->create_file("planted").error() == Errc::NotDirectory);
    BOOST_CHECK(link->mkdir("planted").error() == Errc::NotDirectory);
    BOOST_CHECK(link->symlink("planted", "x").error() == Errc::NotDirectory);
    BOOST_CHECK(link->unlink("secret.txt").error() == Errc::NotDirectory);
    BOOST_CHECK(link->unlink("victim").error() == Errc::NotDirectory);
    BOOST_CHECK(link->rmdir("sub").error() == Errc::NotDirectory);
    BOOST_CHECK(link->readdir(0, 100).error() == Errc::NotDirectory);
    BOOST_CHECK(link->open({.read = true}).error() == Errc::Loop);
    BOOST_CHECK(link->open({.read = true, .write = true}).error() == Errc::Loop);
    BOOST_CHECK(link->rename("secret.txt", *top, "stolen").error() == Errc::NotDirectory);
    BOOST_CHECK(link->link("secret.txt", *top, "stolen").error() == Errc::NotDirectory);
    BOOST_CHECK(top->rename("stolen", *link, "x").error() != Errc::Ok);
    // set_times touches the link itself, never its target.
    BOOST_CHECK(link->set_times(TimeChange::set(1), TimeChange::set(2)).ok());
    BOOST_CHECK(!fs::exists(root / "stolen"));
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(escapes, EscapeFixture)

BOOST_AUTO_TEST_CASE(dot_dot_is_never_a_name) {
  auto d = lookup(top, "d");
  auto e = lookup(d, "e");
  for (const NodePtr& dir : {top, d, e}) {
    for (std::string name : {"..", "../outside", "../../outside/secret.txt", "../../../..",
                             "..//..", "../root/../outside"}) {
      BOOST_TEST_CONTEXT(name) {
        BOOST_CHECK(dir->lookup(name).error() == Errc::Invalid);
        BOOST_CHECK(dir->create_file(name).error() == Errc::Invalid);
        BOOST_CHECK(dir->mkdir(name).error() == Errc::Invalid);
        BOOST_CHECK(dir->symlink(name, "x").error() == Errc::Invalid);
        BOOST_CHECK(dir->unlink(name).error() == Errc::Invalid);
        BOOST_CHECK(dir->rmdir(name).error() == Errc::Invalid);
        BOOST_CHECK(dir->rename("e", *top, name).error() == Errc::Invalid);
        BOOST_CHECK(dir->link(name, *top, "x").error() == Errc::Invalid);
      }
    }
  }
  BOOST_CHECK(fs::exists(root / "d" / "e"));
}

BOOST_AUTO_TEST_CASE(absolute_host_paths_are_not_names) {
  const std::string secret = (outside / "secret.txt").string();
  BOOST_CHECK(top->lookup(secret).error() == Errc::Invalid);
  BOOST_CHECK(top->lookup("/etc").error() == Errc::Invalid);
  BOOST_CHECK(top->create_file(secret).error() == Errc::Invalid);
  BOOST_CHECK(top->unlink(secret).error() == Errc::Invalid);
  BOOST_CHECK(top->link("d", *top, secret).error() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(absolute_symlink_to_a_directory_outside) {
  fs::create_symlink(outside, root / "abs");
  auto link = lookup(top, "abs");
  BOOST_CHECK_EQUAL(*link->readlink(), outside.string());  // raw text for the VM's resolver
  check_symlink_node_is_inert(link);
  BOOST_CHECK(top->create_file("abs").error() == Errc::Exists);
  BOOST_CHECK(top->mkdir("abs").error() == Errc::Exists);
  BOOST_CHECK(top->rmdir("abs").error() == Errc::NotDirectory);
  BOOST_CHECK(top->symlink("abs", "/x").error() == Errc::Exists);
  // Removing the link removes the link, not what it points at.
  BOOST_CHECK(top->unlink("abs").ok());
  BOOST_CHECK(!fs::exists(fs::symlink_status(root / "abs")));
}

BOOST_AUTO_TEST_CASE(relative_symlinks_pointing_out) {
  fs::create_symlink("../outside", root / "rel");
  fs::create_symlink("../../outside/secret.txt", root / "d" / "rel-file");
  fs::create_symlink("../../../../../../../../..", root / "d" / "e" / "way-up");
  auto d = lookup(top, "d");
  check_symlink_node_is_inert(lookup(top, "rel"));
  check_symlink_node_is_inert(lookup(d, "rel-file"));
  check_symlink_node_is_inert(lookup(lookup(d, "e"), "way-up"));
  BOOST_CHECK_EQUAL(*lookup(d, "rel-file")->readlink(), "../../outside/secret.txt");
  BOOST_CHECK(d->create_file("rel-file").error() == Errc::Exists);
}

BOOST_AUTO_TEST_CASE(symlink_to_a_file_outside_is_never_opened_or_truncated) {
  fs::create_symlink(outside / "victim", root / "v");
  auto link = lookup(top, "v");
  BOOST_CHECK(link->open({.read = true}).error() == Errc::Loop);
  BOOST_CHECK(link->open({.read = false, .write = true}).error() == Errc::Loop);
  BOOST_CHECK(top->create_file("v").error() == Errc::Exists);
  // A hard link of it would be one more host symlink leading out: refused.
  BOOST_CHECK(top->link("v", *top, "v2").error() == Errc::Permission);
  BOOST_CHECK(!fs::exists(fs::symlink_status(root / "v2")));
  // Renaming over it replaces the link.
  auto mine = top->create_file("mine");
  BOOST_REQUIRE(mine.ok());
  BOOST_REQUIRE(top->rename("mine", *top, "v").ok());
  BOOST_CHECK(fs::is_regular_file(fs::symlink_status(root / "v")));
  BOOST_CHECK_EQUAL(read_host_file(outside / "victim"), "do not truncate");
}

BOOST_AUTO_TEST_CASE(dangling_symlink_to_a_new_name_outside_is_not_created_through) {
  fs::create_symlink(outside / "planted.txt", root / "dangling");
  fs::create_symlink("../outside/planted-dir", root / "dangling-rel");
  BOOST_CHECK(top->create_file("dangling").error() == Errc::Exists);
  BOOST_CHECK(top->mkdir("dangling").error() == Errc::Exists);
  BOOST_CHECK(top->create_file("dangling-rel").error() == Errc::Exists);
  BOOST_CHECK(top->mkdir("dangling-rel").error() == Errc::Exists);
  BOOST_CHECK(top->symlink("dangling", "x").error() == Errc::Exists);
  check_symlink_node_is_inert(lookup(top, "dangling"));
  BOOST_CHECK(!fs::exists(fs::symlink_status(outside / "planted.txt")));
}

BOOST_AUTO_TEST_CASE(symlink_loops_are_just_symlinks) {
  fs::create_symlink("loop2", root / "loop1");
  fs::create_symlink("loop1", root / "loop2");
  fs::create_symlink("self", root / "self");
  for (std::string name : {"loop1", "loop2", "self"}) {
    auto link = lookup(top, name);
    BOOST_CHECK(link->stat()->type == FileType::Symlink);
    BOOST_CHECK(link->open({}).error() == Errc::Loop);
    BOOST_CHECK(link->lookup("x").error() == Errc::NotDirectory);
  }
  BOOST_CHECK_EQUAL(*lookup(top, "self")->readlink(), "self");
}

BOOST_AUTO_TEST_CASE(directory_swapped_for_a_symlink_between_operations) {
  auto d = lookup(top, "d");  // held across the swap
  fs::rename(root / "d", root / "moved");
  fs::create_symlink(outside, root / "d");

  // Everything through the held node happens in the directory it was: now root/moved.
  auto made = d->create_file("new.txt");
  BOOST_REQUIRE(made.ok());
  auto file = (*made)->open({.read = true, .write = true});
  BOOST_REQUIRE(file.ok());
  BOOST_REQUIRE((*file)->write(0, bytes_of("written")).ok());
  BOOST_CHECK_EQUAL(read_host_file(root / "moved" / "new.txt"), "written");
  BOOST_CHECK(d->mkdir("sub").ok());
  BOOST_CHECK(fs::is_directory(root / "moved" / "sub"));
  BOOST_CHECK(d->symlink("l", "x").ok());
  BOOST_CHECK(d->lookup("secret.txt").error() == Errc::NoEntry);
  BOOST_CHECK(d->unlink("secret.txt").error() == Errc::NoEntry);
  BOOST_CHECK(d->unlink("victim").error() == Errc::NoEntry);
  BOOST_CHECK(d->rmdir("sub").ok());
  auto listed = d->readdir(0, 100);
  BOOST_REQUIRE(listed.ok());
  std::vector<std::string> names;
  for (const auto& e : *listed) names.push_back(e.name);
  BOOST_CHECK((names == std::vector<std::string>{"e", "l", "mine.txt", "new.txt"}));
  BOOST_CHECK(d->rename("new.txt", *top, "renamed.txt").ok());
  BOOST_CHECK_EQUAL(read_host_file(root / "renamed.txt"), "written");
  BOOST_CHECK_EQUAL(read_handle(**lookup(d, "mine.txt")->open({})), "mine");
  // A fresh lookup of the name finds the symlink, handed back unfollowed.
  check_symlink_node_is_inert(lookup(top, "d"));
}

BOOST_AUTO_TEST_CASE(deleted_directory_replaced_by_a_symlink) {
  auto e = lookup(lookup(top, "d"), "e");
  fs::remove(root / "d" / "e");
  fs::create_symlink(outside, root / "d" / "e");
  BOOST_CHECK(e->create_file("planted").error() == Errc::NoEntry);
  BOOST_CHECK(e->mkdir("planted").error() == Errc::NoEntry);
  BOOST_CHECK(e->lookup("secret.txt").error() == Errc::NoEntry);
  BOOST_CHECK(e->unlink("secret.txt").error() == Errc::NoEntry);
  BOOST_CHECK(e->symlink("planted", "x").error() == Errc::NoEntry);
  auto listed = e->readdir(0, 100);
  BOOST_CHECK(!listed.ok() || listed->empty());
}

BOOST_AUTO_TEST_CASE(ancestor_swapped_for_a_symlink) {
  auto e = lookup(lookup(top, "d"), "e");
  fs::rename(root / "d", root / "moved");
  fs::create_symlink(outside, root / "d");
  BOOST_REQUIRE(e->create_file("x").ok());
  BOOST_CHECK(fs::exists(root / "moved" / "e" / "x"));
  // The root itself replaced on the host: the backend keeps serving the directory it opened.
  fs::rename(root, base / "root-moved");
  fs::create_symlink(outside, root);
  BOOST_REQUIRE(top->create_file("after-root-swap").ok());
  BOOST_CHECK(fs::exists(base / "root-moved" / "after-root-swap"));
  BOOST_CHECK(top->lookup("secret.txt").error() == Errc::NoEntry);
  fs::remove(root);
  fs::rename(base / "root-moved", root);  // so the base listing is as before
}

BOOST_AUTO_TEST_CASE(file_swapped_for_a_symlink_between_operations) {
  auto mine = lookup(lookup(top, "d"), "mine.txt");
  fs::rename(root / "d" / "mine.txt", root / "d" / "old.txt");
  fs::create_symlink(outside / "victim", root / "d" / "mine.txt");
  auto file = mine->open({.read = true, .write = true});
  BOOST_REQUIRE(file.ok());
  BOOST_CHECK_EQUAL(read_handle(**file), "mine");
  BOOST_REQUIRE((*file)->set_size(0).ok());
  BOOST_REQUIRE((*file)->write(0, bytes_of("overwritten")).ok());
  BOOST_CHECK(mine->set_times(TimeChange::set(1), TimeChange::set(1)).ok());
  BOOST_CHECK_EQUAL(read_host_file(root / "d" / "old.txt"), "overwritten");
  BOOST_CHECK_EQUAL(read_host_file(outside / "victim"), "do not truncate");
}

BOOST_AUTO_TEST_CASE(racing_swaps_never_reach_outside) {
  // A host thread keeps flipping root/race between a real directory and a symlink to the outside
  // while this thread looks it up and creates, writes, lists and removes through what it got.
  fs::create_directory(root / "race");
  fs::create_directory(root / "race-real");
  fs::create_symlink(outside, root / "race-link");
  std::atomic<bool> stop{false};
  std::thread swapper([&] {
    const std::string race = (root / "race").string();
    const std::string parked = (root / "race-parked").string();
    const std::string link = (root / "race-link").string();
    const std::string real = (root / "race-real").string();
    while (!stop.load()) {
      ::rename(race.c_str(), parked.c_str());  // the real directory out of the way
      ::rename(link.c_str(), race.c_str());    // the symlink in its place
      ::rename(race.c_str(), link.c_str());    // and back
      ::rename(parked.c_str(), race.c_str());
      ::rename(race.c_str(), parked.c_str());  // sometimes the other real directory
      ::rename(real.c_str(), race.c_str());
      ::rename(race.c_str(), real.c_str());
      ::rename(parked.c_str(), race.c_str());
    }
  });
  int through_directory = 0;
  // At least 3000 rounds, and more (up to 30000) until some went through a real directory.
  for (int i = 0; i < 30000 && (i < 3000 || through_directory < 20); ++i) {
    auto node = top->lookup("race");
    if (!node) continue;
    const std::string name = "f" + std::to_string(i % 7);
    if (auto made = (*node)->create_file(name); made.ok()) {
      ++through_directory;
      if (auto file = (*made)->open({.read = true, .write = true}); file.ok()) {
        (void)(*file)->write(0, bytes_of("race"));
      }
    }
    (void)(*node)->readdir(0, 10);
    (void)(*node)->unlink(name);
    (void)(*node)->unlink("secret.txt");
    (void)(*node)->rmdir("sub");
    (void)(*node)->mkdir("sub2");
    (void)(*node)->rmdir("sub2");
  }
  stop = true;
  swapper.join();
  BOOST_TEST_MESSAGE("created through a directory node " << through_directory << " times");
  BOOST_CHECK_GT(through_directory, 0);
}

BOOST_AUTO_TEST_CASE(long_names_and_bad_characters) {
  const std::string too_long(256, 'x');
  BOOST_CHECK(top->lookup(too_long).error() == Errc::NameTooLong);
  BOOST_CHECK(top->create_file(too_long).error() == Errc::NameTooLong);
  BOOST_CHECK(top->mkdir(too_long).error() == Errc::NameTooLong);
  BOOST_CHECK(top->symlink(too_long, "x").error() == Errc::NameTooLong);
  BOOST_CHECK(top->create_file(std::string(4096, 'x')).error() == Errc::NameTooLong);
  // A name that is 255 bytes on its own but would be more with a hidden "/..": no '/' passes.
  const std::string with_slash = std::string(200, 'x') + "/../../outside/planted";
  BOOST_CHECK(top->create_file(with_slash).error() == Errc::Invalid);
  // NUL would cut the name short on the host: "a\0/../x" must not become "a".
  BOOST_CHECK(top->create_file(std::string("d\0/../../outside/planted", 24)).error() ==
              Errc::Invalid);
  BOOST_CHECK(top->lookup(std::string("d\0", 2)).error() == Errc::Invalid);
  BOOST_CHECK(top->unlink(std::string("d\0", 2)).error() == Errc::Invalid);
  BOOST_CHECK(top->rmdir(std::string("d\0", 2)).error() == Errc::Invalid);
  BOOST_CHECK(fs::exists(root / "d" / "mine.txt"));
}

BOOST_AUTO_TEST_CASE(no_symlink_made_through_the_backend_leads_out_on_the_host) {
  // What a host program would follow out of the root: absolute targets, climbs above the root
  // (counted from the link's own directory), and ".." after a name (it goes wherever that name
  // leads, which may change). Each is refused and leaves nothing behind.
  auto d = lookup(top, "d");
  auto e = lookup(d, "e");
  const std::pair<NodePtr, std::string> refused[] = {
      {top, (outside / "secret.txt").string()},
      {top, "/"},
      {top, "../outside"},
      {top, ".."},
      {top, "./../outside"},
      {d, "../../outside/secret.txt"},
      {e, "../../.."},
      {top, "d/../.."},
      {top, "d/.."},
      {top, "x//../d"},
  };
  for (const auto& [dir, target] : refused) {
    BOOST_TEST_INFO("target " << target);
    BOOST_CHECK(dir->symlink("made", target).error() == Errc::Permission);
    BOOST_CHECK(dir->lookup("made").error() == Errc::NoEntry);
  }
  // Climbs that stay inside, and plain names, are made as given.
  const std::pair<NodePtr, std::string> made[] = {
      {top, "d/e"}, {top, "./missing/x"}, {d, ".."}, {d, "../d/e"}, {e, "../../d"}, {e, "../.."},
  };
  int i = 0;
  for (const auto& [dir, target] : made) {
    const std::string name = "ok" + std::to_string(i++);
    BOOST_TEST_INFO("target " << target);
    BOOST_CHECK(dir->symlink(name, target).ok());
    BOOST_CHECK_EQUAL(*lookup(dir, name)->readlink(), target);
  }
  // A directory moved out of the root on the host has no depth below it: only plain names.
  TempDir elsewhere;
  fs::rename(root / "d" / "e", elsewhere.path() / "moved");
  BOOST_CHECK(e->symlink("up", "..").error() == Errc::Permission);
  BOOST_CHECK(e->symlink("down", "x").ok());
}

BOOST_AUTO_TEST_CASE(hard_links_of_symlinks_keep_them_inside) {
  auto d = lookup(top, "d");
  BOOST_REQUIRE(d->symlink("up", "../d").ok());  // fine inside d
  // From the root, "../d" would lead out: the link is refused there, allowed beside the original.
  BOOST_CHECK(d->link("up", *top, "up-from-root").error() == Errc::Permission);
  BOOST_CHECK(!fs::exists(fs::symlink_status(root / "up-from-root")));
  BOOST_REQUIRE(d->link("up", *d, "up2").ok());
  BOOST_CHECK(fs::is_symlink(root / "d" / "up2"));
  BOOST_CHECK_EQUAL(fs::read_symlink(root / "d" / "up2").string(), "../d");
  BOOST_CHECK_EQUAL(host_lstat(root / "d" / "up").st_nlink, 2u);  // the same symlink inode
  // A plain file links as before.
  write_host_file(root / "f", "f");
  BOOST_REQUIRE(top->link("f", *d, "f2").ok());
  BOOST_CHECK_EQUAL(read_host_file(root / "d" / "f2"), "f");
}

BOOST_AUTO_TEST_SUITE_END()

// The same attacks through the Vfs facade: the VFS resolver walks the path, hostfs answers one
// name at a time, and every symlink is interpreted in the VM's namespace (a memfs root here,
// with its own /etc), never the host's.
namespace {

struct VfsEscapeFixture : EscapeFixture {
  Vfs v;
  std::shared_ptr<wask::backends::Memfs> memfs = wask::backends::Memfs::create();

  VfsEscapeFixture() {
    BOOST_REQUIRE(v.mount("/", memfs).ok());
    BOOST_REQUIRE(v.write_file("/etc/passwd", "vm passwd", {.create_parents = true}).ok());
    BOOST_REQUIRE(v.mkdir_p("/mnt/host").ok());
    BOOST_REQUIRE(v.mount("/mnt/host", backend).ok());
    fs::create_symlink("/etc", root / "etc");
    fs::create_symlink("../../../../../../../../../../etc", root / "d" / "e" / "up");
    fs::create_symlink(outside, root / "abs-out");
    fs::create_symlink("../outside", root / "rel-out");
    fs::create_symlink(outside / "victim", root / "file-out");
    fs::create_symlink(outside / "planted.txt", root / "dangling-out");
    fs::create_symlink("loop2", root / "loop1");
    fs::create_symlink("loop1", root / "loop2");
    fs::create_symlink(outside, root / "d" / "out");
  }

  std::string read(std::string_view path) {
    auto r = v.read_file(path);
    BOOST_REQUIRE_MESSAGE(r.ok(), "read " << path << ": " << posix_name(r.error()));
    return *r;
  }
  Errc read_error(std::string_view path) { return v.read_file(path).error(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(through_the_vfs, VfsEscapeFixture)

BOOST_AUTO_TEST_CASE(dot_dot_chains_stop_at_the_vm_root) {
  BOOST_CHECK_EQUAL(read("/mnt/host/../../../etc/passwd"), "vm passwd");
  BOOST_CHECK_EQUAL(read("/mnt/host/d/e/../../../../../../../../etc/passwd"), "vm passwd");
  BOOST_CHECK_EQUAL(read("/mnt/host/d/mine.txt"), "mine");
  BOOST_CHECK(read_error("/mnt/host/../outside/secret.txt") == Errc::NoEntry);
  BOOST_CHECK(read_error("/mnt/host/../../outside/secret.txt") == Errc::NoEntry);
  auto host_dir = v.open_dir("/mnt/host/d");
  BOOST_REQUIRE(host_dir.ok());
  BOOST_CHECK(v.read_file(*host_dir, "../../outside/secret.txt").error() == Errc::NoEntry);
  BOOST_CHECK_EQUAL(*v.read_file(*host_dir, "../../../../etc/passwd"), "vm passwd");
}

BOOST_AUTO_TEST_CASE(a_host_symlink_to_etc_leads_to_the_vms_etc) {
  BOOST_CHECK_EQUAL(read("/mnt/host/etc/passwd"), "vm passwd");
  BOOST_CHECK_EQUAL(read("/mnt/host/d/e/up/passwd"), "vm passwd");
  auto listed = v.list("/mnt/host/etc");
  BOOST_REQUIRE(listed.ok());
  BOOST_CHECK((*listed == std::vector<std::string>{"passwd"}));
  // Writing through it writes the VM's file.
  BOOST_REQUIRE(v.write_file("/mnt/host/etc/passwd", "changed in the vm").ok());
  BOOST_CHECK_EQUAL(read("/etc/passwd"), "changed in the vm");
  BOOST_CHECK(read_host_file("/etc/passwd") != "changed in the vm");
}

BOOST_AUTO_TEST_CASE(symlinks_pointing_out_resolve_inside_the_vm) {
  BOOST_CHECK(read_error("/mnt/host/abs-out/secret.txt") == Errc::NoEntry);
  BOOST_CHECK(read_error("/mnt/host/rel-out/secret.txt") == Errc::NoEntry);
  BOOST_CHECK(read_error("/mnt/host/file-out") == Errc::NoEntry);
  BOOST_CHECK(read_error("/mnt/host/d/out/secret.txt") == Errc::NoEntry);
  BOOST_CHECK(v.list("/mnt/host/abs-out").error() == Errc::NoEntry);
  BOOST_CHECK(v.stat("/mnt/host/abs-out").error() == Errc::NoEntry);
  BOOST_CHECK(v.lstat("/mnt/host/abs-out")->type == FileType::Symlink);
  BOOST_CHECK(v.write_file("/mnt/host/file-out", "x").error() == Errc::NoEntry);
  BOOST_CHECK(v.write_file("/mnt/host/abs-out/planted", "x").error() == Errc::NoEntry);
  BOOST_CHECK(v.write_file("/mnt/host/dangling-out", "x").error() == Errc::NoEntry);
  BOOST_CHECK(v.mkdir("/mnt/host/abs-out/planted").error() == Errc::NoEntry);
  BOOST_CHECK(v.unlink("/mnt/host/abs-out/victim").error() == Errc::NoEntry);
  BOOST_CHECK(v.set_size(v.root(), "/mnt/host/file-out", 0).error() == Errc::NoEntry);
  BOOST_CHECK(
      v.set_times(v.root(), "/mnt/host/file-out", TimeChange::set(1), TimeChange::set(1)).error() ==
      Errc::NoEntry);
  BOOST_CHECK(
      v.open("/mnt/host/file-out", {.read = true, .write = true, .truncate = true}).error() ==
      Errc::NoEntry);
  BOOST_CHECK(
      v.open("/mnt/host/dangling-out", {.read = true, .write = true, .create = true}).error() ==
      Errc::NoEntry);
  BOOST_CHECK(v.link(v.root(), "/mnt/host/file-out", v.root(), "/mnt/host/hard", {.follow = true})
                  .error() == Errc::NoEntry);
}

BOOST_AUTO_TEST_CASE(creating_parents_through_a_symlink_out) {
  // mkdir -p does not create through a dangling symlink and answers EEXIST (as on Linux); it acts
  // in the VM, where the symlink's absolute target is a VM path.
  auto made = v.write_file("/mnt/host/abs-out/planted", "vm only", {.create_parents = true});
  BOOST_CHECK_MESSAGE(made.error() == Errc::Exists, "got " << posix_name(made.error()));
  BOOST_REQUIRE(v.mkdir_p(outside.string()).ok());  // the target now exists in the VM
  BOOST_REQUIRE(v.write_file("/mnt/host/abs-out/planted", "vm only").ok());
  BOOST_CHECK_EQUAL(read((outside / "planted").string()), "vm only");
  BOOST_CHECK_EQUAL(read("/mnt/host/abs-out/planted"), "vm only");
  BOOST_CHECK(!fs::exists(outside / "planted"));
}

BOOST_AUTO_TEST_CASE(loops_answer_loop) {
  BOOST_CHECK(v.stat("/mnt/host/loop1").error() == Errc::Loop);
  BOOST_CHECK(read_error("/mnt/host/loop2/x") == Errc::Loop);
  BOOST_CHECK(v.write_file("/mnt/host/loop1", "x").error() == Errc::Loop);
  BOOST_CHECK_EQUAL(*v.readlink("/mnt/host/loop1"), "loop2");
}

BOOST_AUTO_TEST_CASE(beneath_refuses_every_way_up_and_out) {
  auto start = v.open_dir("/mnt/host");
  BOOST_REQUIRE(start.ok());
  const Resolve beneath{.follow = true, .beneath = true};
  for (std::string path : {"../etc/passwd", "etc/passwd", "d/e/up/passwd", "abs-out/secret.txt",
                           "/etc/passwd", "d/../../etc/passwd"}) {
    BOOST_TEST_CONTEXT(path) {
      BOOST_CHECK(v.stat(*start, path, beneath).error() == Errc::NotCapable);
      BOOST_CHECK(v.open(*start, path, {.read = true}, beneath).error() == Errc::NotCapable);
    }
  }
  BOOST_CHECK(v.stat(*start, "d/mine.txt", beneath).ok());
}

BOOST_AUTO_TEST_CASE(rename_and_link_out_of_the_mount_are_cross_device) {
  BOOST_CHECK(v.rename("/mnt/host/d/mine.txt", "/mine.txt").error() == Errc::CrossDevice);
  BOOST_CHECK(v.link(v.root(), "/mnt/host/d/mine.txt", v.root(), "/mine.txt").error() ==
              Errc::CrossDevice);
  BOOST_CHECK(v.rename("/mnt/host/d/mine.txt", "/mnt/host/abs-out/stolen").error() ==
              Errc::NoEntry);
  BOOST_CHECK(fs::exists(root / "d" / "mine.txt"));
}

BOOST_AUTO_TEST_CASE(recursive_remove_removes_links_not_targets) {
  BOOST_REQUIRE(v.remove("/mnt/host/d").ok());
  BOOST_REQUIRE(v.remove("/mnt/host/abs-out").ok());
  BOOST_REQUIRE(v.remove("/mnt/host/rel-out").ok());
  BOOST_CHECK(!fs::exists(root / "d"));
  BOOST_CHECK(!fs::exists(fs::symlink_status(root / "abs-out")));
  BOOST_CHECK(read_error("/etc/passwd") == Errc::Ok);
}

BOOST_AUTO_TEST_CASE(hostfs_as_the_vm_root) {
  Vfs rooted;
  BOOST_REQUIRE(rooted.mount("/", backend).ok());
  BOOST_CHECK(rooted.read_file("/../../../etc/passwd").error() == Errc::Loop);  // root/etc -> /etc
  BOOST_REQUIRE(v.unlink("/mnt/host/etc").ok());
  BOOST_CHECK(rooted.read_file("/../../../etc/passwd").error() == Errc::NoEntry);
  BOOST_CHECK(rooted.read_file("/d/e/up/passwd").error() == Errc::NoEntry);
  BOOST_CHECK(rooted.read_file("/../outside/secret.txt").error() == Errc::NoEntry);
  BOOST_CHECK(rooted.read_file("/rel-out/secret.txt").error() == Errc::NoEntry);
  BOOST_CHECK_EQUAL(*rooted.read_file("/../../d/../d/mine.txt"), "mine");
  // With hostfs as the VM root, the outside's absolute path is a path inside the root.
  BOOST_REQUIRE(rooted.mkdir_p(outside.string()).ok());
  BOOST_REQUIRE(rooted.write_file("/abs-out/planted", "x").ok());
  const fs::path inside_copy = root / fs::relative(outside, "/");
  BOOST_CHECK_EQUAL(read_host_file(inside_copy / "planted"), "x");
  BOOST_CHECK(rooted.remove("/" + fs::relative(outside, "/").begin()->string()).ok());
}

BOOST_AUTO_TEST_SUITE_END()
