// hostfs at the backend level: every Node and FileHandle operation against a real host temp
// directory, with the host side checked through plain POSIX and Boost calls.
#define BOOST_TEST_MODULE hostfs
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstring>
#include <set>
#include <thread>

#include "backends/hostfs/hostfs.h"
#include "tests/hostfs/host_tree.h"
#include "tests/vfs/check.h"

namespace fs = boost::filesystem;
using wask::backends::Hostfs;
using wask::backends::HostfsOptions;
using wask::backends::ListingBudget;
using wask::test::bytes_of;
using wask::test::host_lstat;
using wask::test::host_mtime_ns;
using wask::test::read_handle;
using wask::test::read_host_file;
using wask::test::TempDir;
using wask::test::write_host_file;
using namespace wask::vfs;

namespace {

struct HostfsFixture {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  std::shared_ptr<Hostfs> backend;
  NodePtr top;

  explicit HostfsFixture(HostfsOptions options = {}) {
    fs::create_directories(root);
    auto created = Hostfs::create(root.string(), options);
    BOOST_REQUIRE(created.ok());
    backend = *created;
    top = backend->root();
    BOOST_REQUIRE(top);
  }

  std::shared_ptr<FileHandle> open(const NodePtr& node, bool write) {
    auto handle = node->open({.read = true, .write = write});
    BOOST_REQUIRE_MESSAGE(handle.ok(), "open: " << posix_name(handle.error()));
    return *handle;
  }
  NodePtr lookup(const NodePtr& dir, std::string_view name) {
    auto node = dir->lookup(name);
    BOOST_REQUIRE_MESSAGE(node.ok(), "lookup " << name << ": " << posix_name(node.error()));
    return *node;
  }
  NodePtr create(const NodePtr& dir, std::string_view name, std::string_view contents) {
    auto node = dir->create_file(name);
    BOOST_REQUIRE_MESSAGE(node.ok(), "create " << name << ": " << posix_name(node.error()));
    auto file = open(*node, true);
    auto n = file->write(0, bytes_of(contents));
    BOOST_REQUIRE(n.ok());
    BOOST_REQUIRE_EQUAL(*n, contents.size());
    return *node;
  }
};

std::vector<std::string> names_of(const std::vector<DirEntry>& entries) {
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.name);
  return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(construction)

BOOST_AUTO_TEST_CASE(root_must_exist_and_be_a_directory) {
  TempDir tmp;
  BOOST_CHECK(Hostfs::create((tmp.path() / "absent").string()).error() == Errc::NoEntry);
  BOOST_CHECK(Hostfs::create("").error() == Errc::NoEntry);
  write_host_file(tmp.path() / "file", "x");
  BOOST_CHECK(Hostfs::create((tmp.path() / "file").string()).error() == Errc::NotDirectory);
  auto ok = Hostfs::create(tmp.path().string());
  BOOST_REQUIRE(ok.ok());
  BOOST_CHECK_EQUAL((*ok)->kind(), "hostfs");
  BOOST_CHECK(!(*ok)->read_only());
  BOOST_CHECK((*Hostfs::create(tmp.path().string(), {.read_only = true}))->read_only());
}

BOOST_FIXTURE_TEST_CASE(root_stat_is_the_host_directory, HostfsFixture) {
  auto st = top->stat();
  BOOST_REQUIRE(st.ok());
  BOOST_CHECK(st->type == FileType::Directory);
  BOOST_CHECK_EQUAL(st->ino, host_lstat(root).st_ino);
  BOOST_CHECK_EQUAL(st->mtime_ns, host_mtime_ns(root));
  BOOST_CHECK_EQUAL(st->dev, 0u);
}

BOOST_AUTO_TEST_CASE(nodes_outlive_the_backend_object) {
  TempDir tmp;
  NodePtr top;
  {
    auto backend = Hostfs::create(tmp.path().string());
    BOOST_REQUIRE(backend.ok());
    top = (*backend)->root();
  }
  BOOST_CHECK(top->create_file("late").ok());
  BOOST_CHECK(fs::exists(tmp.path() / "late"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(files, HostfsFixture)

BOOST_AUTO_TEST_CASE(created_file_is_an_ordinary_host_file) {
  auto node = create(top, "a.txt", "hello world");
  BOOST_CHECK_EQUAL(read_host_file(root / "a.txt"), "hello world");
  BOOST_CHECK_EQUAL(fs::file_size(root / "a.txt"), 11u);
  BOOST_CHECK(fs::is_regular_file(fs::symlink_status(root / "a.txt")));
  auto st = node->stat();
  BOOST_REQUIRE(st.ok());
  BOOST_CHECK(st->type == FileType::Regular);
  BOOST_CHECK_EQUAL(st->size, 11u);
  BOOST_CHECK_EQUAL(st->nlink, 1u);
  BOOST_CHECK_EQUAL(st->ino, host_lstat(root / "a.txt").st_ino);
  BOOST_CHECK_EQUAL(st->mtime_ns, host_mtime_ns(root / "a.txt"));
  // Created with the usual permissions: readable and writable by the owner.
  BOOST_CHECK((host_lstat(root / "a.txt").st_mode & 0600) == 0600);
}

BOOST_AUTO_TEST_CASE(create_is_exclusive) {
  create(top, "a", "1");
  BOOST_CHECK(top->create_file("a").error() == Errc::Exists);
  BOOST_CHECK(top->mkdir("d").ok());
  BOOST_CHECK(top->create_file("d").error() == Errc::Exists);
  BOOST_CHECK_EQUAL(read_host_file(root / "a"), "1");
}

BOOST_AUTO_TEST_CASE(read_and_write_at_offsets) {
  auto node = create(top, "f", "0123456789");
  auto file = open(node, true);
  BOOST_CHECK_EQUAL(read_handle(*file, 3, 4), "3456");
  BOOST_CHECK_EQUAL(read_handle(*file, 8), "89");
  BOOST_CHECK_EQUAL(read_handle(*file, 10), "");
  BOOST_CHECK_EQUAL(read_handle(*file, 1000), "");
  BOOST_CHECK_EQUAL(read_handle(*file, UINT64_MAX), "");
  BOOST_CHECK_EQUAL(*file->write(2, bytes_of("ab")), 2u);
  BOOST_CHECK_EQUAL(read_host_file(root / "f"), "01ab456789");
}

BOOST_AUTO_TEST_CASE(write_past_the_end_leaves_a_zero_filled_hole) {
  auto node = create(top, "f", "ab");
  auto file = open(node, true);
  BOOST_CHECK_EQUAL(*file->write(6, bytes_of("xy")), 2u);
  BOOST_CHECK_EQUAL(read_host_file(root / "f"), std::string("ab\0\0\0\0xy", 8));
  BOOST_CHECK_EQUAL(file->stat()->size, 8u);
  BOOST_CHECK(file->write(UINT64_MAX - 1, bytes_of("xy")).error() == Errc::FileTooBig);
}

BOOST_AUTO_TEST_CASE(set_size_truncates_and_extends) {
  auto node = create(top, "f", "0123456789");
  auto file = open(node, true);
  BOOST_REQUIRE(file->set_size(4).ok());
  BOOST_CHECK_EQUAL(read_host_file(root / "f"), "0123");
  BOOST_REQUIRE(file->set_size(6).ok());
  BOOST_CHECK_EQUAL(read_host_file(root / "f"), std::string("0123\0\0", 6));
  BOOST_CHECK_EQUAL(node->stat()->size, 6u);
  BOOST_CHECK(file->set_size(UINT64_MAX).error() == Errc::FileTooBig);
  // Truncating to the present size changes nothing but still stamps mtime, as ftruncate does.
  BOOST_REQUIRE(node->set_times(TimeChange::leave(), TimeChange::set(1'000'000'000)).ok());
  BOOST_REQUIRE(file->set_size(6).ok());
  BOOST_CHECK_EQUAL(read_host_file(root / "f"), std::string("0123\0\0", 6));
  BOOST_CHECK_GT(host_mtime_ns(root / "f"), 1'000'000'000u);
  auto empty = create(top, "empty", "");
  BOOST_REQUIRE(empty->set_times(TimeChange::leave(), TimeChange::set(1'000'000'000)).ok());
  BOOST_REQUIRE(open(empty, true)->set_size(0).ok());
  BOOST_CHECK_GT(host_mtime_ns(root / "empty"), 1'000'000'000u);
  BOOST_CHECK_EQUAL(fs::file_size(root / "empty"), 0u);
}

BOOST_AUTO_TEST_CASE(access_modes_are_enforced) {
  auto node = create(top, "f", "abc");
  auto reader = open(node, false);
  BOOST_CHECK(reader->write(0, bytes_of("x")).error() == Errc::BadDescriptor);
  BOOST_CHECK(reader->set_size(0).error() == Errc::BadDescriptor);
  BOOST_CHECK(reader->append(bytes_of("x")).error() == Errc::BadDescriptor);
  auto writer = node->open({.read = false, .write = true});
  BOOST_REQUIRE(writer.ok());
  BOOST_CHECK((*writer)->read(0, std::as_writable_bytes(std::span<char>())).error() ==
              Errc::BadDescriptor);
  BOOST_CHECK_EQUAL(*(*writer)->write(0, bytes_of("X")), 1u);
  BOOST_CHECK_EQUAL(read_handle(*reader), "Xbc");
  BOOST_CHECK_EQUAL(read_host_file(root / "f"), "Xbc");
}

BOOST_AUTO_TEST_CASE(open_answers_by_type) {
  auto dir = top->mkdir("d");
  BOOST_REQUIRE(dir.ok());
  BOOST_CHECK((*dir)->open({}).error() == Errc::IsDirectory);
  BOOST_CHECK(top->open({}).error() == Errc::IsDirectory);
  BOOST_REQUIRE(top->symlink("l", "d").ok());
  BOOST_CHECK(lookup(top, "l")->open({}).error() == Errc::Loop);
  BOOST_REQUIRE_EQUAL(::mkfifo((root / "fifo").c_str(), 0600), 0);
  auto fifo = lookup(top, "fifo");
  BOOST_CHECK(fifo->stat()->type == FileType::Fifo);
  BOOST_CHECK(fifo->open({}).error() == Errc::NotSupported);  // and never blocks
}

BOOST_AUTO_TEST_CASE(append_lands_at_the_end_and_says_where) {
  auto node = create(top, "log", "12345");
  auto a = open(node, true);
  auto b = open(node, true);
  auto first = a->append(bytes_of("abc"));
  BOOST_REQUIRE(first.ok());
  BOOST_CHECK_EQUAL(first->offset, 5u);
  BOOST_CHECK_EQUAL(first->written, 3u);
  auto second = b->append(bytes_of("XY"));
  BOOST_REQUIRE(second.ok());
  BOOST_CHECK_EQUAL(second->offset, 8u);
  write_host_file(root / "log", "z");  // shrunk on the host: the next append follows the host
  auto third = a->append(bytes_of("!"));
  BOOST_REQUIRE(third.ok());
  BOOST_CHECK_EQUAL(third->offset, 1u);
  BOOST_CHECK_EQUAL(read_host_file(root / "log"), "z!");
  // Positional writes are not turned into appends.
  BOOST_CHECK_EQUAL(*a->write(0, bytes_of("Q")), 1u);
  BOOST_CHECK_EQUAL(read_host_file(root / "log"), "Q!");
}

BOOST_AUTO_TEST_CASE(concurrent_appends_lose_nothing) {
  auto node = create(top, "log", "");
  constexpr int kThreads = 4, kRecords = 500;
  std::vector<std::thread> threads;
  std::vector<std::vector<uint64_t>> offsets(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto file = node->open({.read = false, .write = true});
      for (int i = 0; i < kRecords; ++i) {
        auto r = (*file)->append(bytes_of("0123456789"));
        if (r.ok()) offsets[t].push_back(r->offset);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<uint64_t> all;
  for (const auto& v : offsets) all.insert(v.begin(), v.end());
  BOOST_CHECK_EQUAL(all.size(), size_t{kThreads * kRecords});
  BOOST_CHECK_EQUAL(fs::file_size(root / "log"), uint64_t{kThreads * kRecords * 10});
  for (uint64_t off : all) BOOST_CHECK_EQUAL(off % 10, 0u);
}

BOOST_AUTO_TEST_CASE(large_transfers_round_trip) {
  std::string data(8 << 20, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 131) ^ (i >> 11));
  auto node = create(top, "big", data);
  BOOST_CHECK_EQUAL(fs::file_size(root / "big"), data.size());
  BOOST_CHECK(read_host_file(root / "big") == data);
  auto file = open(node, false);
  BOOST_CHECK(read_handle(*file, 0, data.size() + 10) == data);
}

BOOST_AUTO_TEST_CASE(sync_and_handle_stat) {
  auto node = create(top, "f", "abc");
  auto file = open(node, true);
  BOOST_CHECK(file->sync().ok());
  auto st = file->stat();
  BOOST_REQUIRE(st.ok());
  BOOST_CHECK_EQUAL(st->size, 3u);
  BOOST_CHECK_EQUAL(st->ino, host_lstat(root / "f").st_ino);
}

BOOST_AUTO_TEST_CASE(unlinked_while_open_stays_usable) {
  auto node = create(top, "f", "abc");
  auto file = open(node, true);
  BOOST_REQUIRE(top->unlink("f").ok());
  BOOST_CHECK(!fs::exists(fs::symlink_status(root / "f")));
  BOOST_CHECK_EQUAL(read_handle(*file), "abc");
  BOOST_CHECK_EQUAL(*file->write(3, bytes_of("d")), 1u);
  BOOST_CHECK_EQUAL(read_handle(*file), "abcd");
  BOOST_CHECK_EQUAL(node->stat()->nlink, 0u);
}

BOOST_AUTO_TEST_CASE(host_side_changes_are_seen) {
  auto node = create(top, "f", "old");
  auto file = open(node, false);
  write_host_file(root / "f", "new contents");
  BOOST_CHECK_EQUAL(read_handle(*file), "new contents");
  BOOST_CHECK_EQUAL(node->stat()->size, 12u);
  BOOST_CHECK_EQUAL(file->stat()->size, 12u);
  write_host_file(root / "made-on-host", "h");
  fs::create_directory(root / "dir-on-host");
  BOOST_CHECK(lookup(top, "made-on-host")->stat()->type == FileType::Regular);
  BOOST_CHECK(lookup(top, "dir-on-host")->stat()->type == FileType::Directory);
  auto listed = top->readdir(0, 100);
  BOOST_REQUIRE(listed.ok());
  BOOST_CHECK_EQUAL(listed->size(), 3u);
  fs::remove(root / "made-on-host");
  BOOST_CHECK(top->lookup("made-on-host").error() == Errc::NoEntry);
  BOOST_CHECK_EQUAL(top->readdir(0, 100)->size(), 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(times, HostfsFixture)

BOOST_AUTO_TEST_CASE(set_times_sets_exact_nanoseconds) {
  auto node = create(top, "f", "x");
  const uint64_t atime = 1'500'000'000'123'456'789ull, mtime = 1'600'000'000'987'654'321ull;
  BOOST_REQUIRE(node->set_times(TimeChange::set(atime), TimeChange::set(mtime)).ok());
  struct stat st = host_lstat(root / "f");
  BOOST_CHECK_EQUAL(st.st_mtim.tv_sec, 1'600'000'000);
  BOOST_CHECK_EQUAL(st.st_mtim.tv_nsec, 987'654'321);
  BOOST_CHECK_EQUAL(st.st_atim.tv_sec, 1'500'000'000);
  BOOST_CHECK_EQUAL(st.st_atim.tv_nsec, 123'456'789);
  auto vst = node->stat();
  BOOST_CHECK_EQUAL(vst->mtime_ns, mtime);
  BOOST_CHECK_EQUAL(vst->atime_ns, atime);
}

BOOST_AUTO_TEST_CASE(leave_and_now) {
  auto node = create(top, "f", "x");
  const uint64_t mtime = 1'000'000'000'000'000'007ull;
  BOOST_REQUIRE(node->set_times(TimeChange::set(5), TimeChange::set(mtime)).ok());
  BOOST_REQUIRE(node->set_times(TimeChange::leave(), TimeChange::leave()).ok());
  BOOST_CHECK_EQUAL(node->stat()->mtime_ns, mtime);
  BOOST_CHECK_EQUAL(node->stat()->atime_ns, 5u);
  struct timespec before;
  ::clock_gettime(CLOCK_REALTIME, &before);
  BOOST_REQUIRE(node->set_times(TimeChange::leave(), TimeChange::now()).ok());
  const uint64_t before_ns = static_cast<uint64_t>(before.tv_sec) * 1'000'000'000u;
  BOOST_CHECK_GE(node->stat()->mtime_ns, before_ns - 1'000'000'000u);
  BOOST_CHECK_EQUAL(node->stat()->atime_ns, 5u);
}

BOOST_AUTO_TEST_CASE(directories_and_symlinks_have_their_own_times) {
  auto dir = top->mkdir("d");
  BOOST_REQUIRE(dir.ok());
  BOOST_REQUIRE((*dir)->set_times(TimeChange::leave(), TimeChange::set(42'000'000'001)).ok());
  BOOST_CHECK_EQUAL(host_mtime_ns(root / "d"), 42'000'000'001u);
  BOOST_REQUIRE(top->symlink("l", "d").ok());
  auto link = lookup(top, "l");
  BOOST_REQUIRE(link->set_times(TimeChange::leave(), TimeChange::set(7'000'000'003)).ok());
  BOOST_CHECK_EQUAL(host_mtime_ns(root / "l"), 7'000'000'003u);
  BOOST_CHECK_EQUAL(host_mtime_ns(root / "d"), 42'000'000'001u);  // the target is not touched
}

BOOST_AUTO_TEST_CASE(writes_move_mtime) {
  auto node = create(top, "f", "x");
  BOOST_REQUIRE(node->set_times(TimeChange::leave(), TimeChange::set(1'000'000'000)).ok());
  auto file = open(node, true);
  BOOST_REQUIRE(file->write(0, bytes_of("y")).ok());
  BOOST_CHECK_GT(node->stat()->mtime_ns, 1'000'000'000u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(directories, HostfsFixture)

BOOST_AUTO_TEST_CASE(mkdir_lookup_and_types) {
  auto dir = top->mkdir("d");
  BOOST_REQUIRE(dir.ok());
  BOOST_CHECK(fs::is_directory(fs::symlink_status(root / "d")));
  BOOST_CHECK((*dir)->stat()->type == FileType::Directory);
  BOOST_CHECK(top->mkdir("d").error() == Errc::Exists);
  auto inner = create(*dir, "inner", "i");
  BOOST_CHECK_EQUAL(read_host_file(root / "d" / "inner"), "i");
  auto again = lookup(top, "d");
  BOOST_CHECK_EQUAL(again->stat()->ino, (*dir)->stat()->ino);
  BOOST_CHECK(lookup(again, "inner")->stat()->type == FileType::Regular);
  BOOST_CHECK(top->lookup("absent").error() == Errc::NoEntry);
  // Directory operations on a file node.
  BOOST_CHECK(inner->lookup("x").error() == Errc::NotDirectory);
  BOOST_CHECK(inner->create_file("x").error() == Errc::NotDirectory);
  BOOST_CHECK(inner->mkdir("x").error() == Errc::NotDirectory);
  BOOST_CHECK(inner->readdir(0, 10).error() == Errc::NotDirectory);
  BOOST_CHECK(inner->unlink("x").error() == Errc::NotDirectory);
  BOOST_CHECK(inner->readlink().error() == Errc::Invalid);
  // Through a path of nodes, one name at a time.
  auto d2 = (*dir)->mkdir("d2");
  BOOST_REQUIRE(d2.ok());
  create(*d2, "deep", "deep");
  BOOST_CHECK_EQUAL(read_host_file(root / "d" / "d2" / "deep"), "deep");
}

BOOST_AUTO_TEST_CASE(symlinks_are_returned_raw_and_never_followed) {
  BOOST_REQUIRE(top->mkdir("d").ok());
  BOOST_REQUIRE(top->symlink("to-d", "d").ok());
  fs::create_symlink("/some/absolute/place", root / "abs");  // planted on the host
  BOOST_CHECK_EQUAL(fs::read_symlink(root / "to-d").string(), "d");
  auto link = lookup(top, "to-d");
  BOOST_CHECK(link->stat()->type == FileType::Symlink);
  BOOST_CHECK_EQUAL(link->stat()->size, 1u);
  BOOST_CHECK_EQUAL(*link->readlink(), "d");
  BOOST_CHECK_EQUAL(*lookup(top, "abs")->readlink(), "/some/absolute/place");
  BOOST_CHECK(link->lookup("anything").error() == Errc::NotDirectory);
  BOOST_CHECK(top->symlink("to-d", "x").error() == Errc::Exists);
  const std::string long_target(3000, 'a');
  BOOST_REQUIRE(top->symlink("long", long_target).ok());
  BOOST_CHECK_EQUAL(*lookup(top, "long")->readlink(), long_target);
  BOOST_CHECK(top->symlink("bad", std::string("a\0b", 3)).error() == Errc::Invalid);
  BOOST_CHECK(top->symlink("huge", std::string(5000, 'a')).error() == Errc::NameTooLong);
}

BOOST_AUTO_TEST_CASE(unlink_and_rmdir) {
  create(top, "f", "x");
  BOOST_REQUIRE(top->mkdir("d").ok());
  BOOST_REQUIRE(top->mkdir("full").ok());
  write_host_file(root / "full" / "x", "x");
  BOOST_REQUIRE(top->symlink("l", "d").ok());
  BOOST_CHECK(top->unlink("d").error() == Errc::IsDirectory);
  BOOST_CHECK(top->rmdir("f").error() == Errc::NotDirectory);
  BOOST_CHECK(top->rmdir("l").error() == Errc::NotDirectory);  // not followed
  BOOST_CHECK(top->rmdir("full").error() == Errc::NotEmpty);
  BOOST_CHECK(top->unlink("absent").error() == Errc::NoEntry);
  BOOST_CHECK(top->rmdir("absent").error() == Errc::NoEntry);
  BOOST_CHECK(top->unlink("l").ok());
  BOOST_CHECK(fs::is_directory(root / "d"));
  BOOST_CHECK(top->unlink("f").ok());
  BOOST_CHECK(top->rmdir("d").ok());
  BOOST_CHECK(!fs::exists(root / "f"));
  BOOST_CHECK(!fs::exists(root / "d"));
  BOOST_CHECK(fs::exists(root / "full" / "x"));
}

BOOST_AUTO_TEST_CASE(rename_files_and_directories) {
  create(top, "a", "A");
  create(top, "b", "B");
  auto d = top->mkdir("d");
  BOOST_REQUIRE(d.ok());
  BOOST_REQUIRE(top->rename("a", **d, "a2").ok());
  BOOST_CHECK_EQUAL(read_host_file(root / "d" / "a2"), "A");
  BOOST_CHECK(!fs::exists(root / "a"));
  BOOST_REQUIRE((*d)->rename("a2", *top, "b").ok());  // replaces a file
  BOOST_CHECK_EQUAL(read_host_file(root / "b"), "A");
  BOOST_REQUIRE(top->mkdir("e").ok());
  BOOST_REQUIRE(top->rename("d", *top, "e").ok());  // replaces an empty directory
  BOOST_CHECK(fs::is_directory(root / "e"));
  BOOST_CHECK(!fs::exists(root / "d"));
  BOOST_REQUIRE(top->mkdir("f").ok());
  write_host_file(root / "f" / "x", "x");
  BOOST_CHECK(top->rename("e", *top, "f").error() == Errc::NotEmpty);
  BOOST_CHECK(top->rename("b", *top, "f").error() == Errc::IsDirectory);
  BOOST_CHECK(top->rename("f", *top, "b").error() == Errc::NotDirectory);
  BOOST_CHECK(top->rename("absent", *top, "z").error() == Errc::NoEntry);
  auto f = lookup(top, "f");
  BOOST_CHECK(top->rename("f", *f, "inside").error() == Errc::Invalid);  // into itself
  BOOST_CHECK(top->rename("b", *top, "b").ok());
  BOOST_CHECK_EQUAL(read_host_file(root / "b"), "A");
}

BOOST_AUTO_TEST_CASE(rename_and_link_across_backends_answer_cross_device) {
  create(top, "a", "A");
  TempDir other_tmp;
  auto other = Hostfs::create(other_tmp.path().string());
  BOOST_REQUIRE(other.ok());
  auto other_root = (*other)->root();
  BOOST_CHECK(top->rename("a", *other_root, "a").error() == Errc::CrossDevice);
  BOOST_CHECK(top->link("a", *other_root, "a").error() == Errc::CrossDevice);
  // A second backend on the very same host directory is still another backend.
  auto same_dir = Hostfs::create(root.string());
  BOOST_CHECK(top->rename("a", *(*same_dir)->root(), "b").error() == Errc::CrossDevice);
  BOOST_CHECK(fs::exists(root / "a"));
  BOOST_CHECK(!fs::exists(other_tmp.path() / "a"));
}

BOOST_AUTO_TEST_CASE(hard_links) {
  auto node = create(top, "a", "A");
  auto d = top->mkdir("d");
  BOOST_REQUIRE(top->link("a", **d, "b").ok());
  BOOST_CHECK_EQUAL(host_lstat(root / "a").st_nlink, 2u);
  BOOST_CHECK_EQUAL(host_lstat(root / "d" / "b").st_ino, host_lstat(root / "a").st_ino);
  BOOST_CHECK_EQUAL(node->stat()->nlink, 2u);
  BOOST_CHECK(top->link("a", **d, "b").error() == Errc::Exists);
  BOOST_CHECK(top->link("absent", *top, "z").error() == Errc::NoEntry);
  BOOST_CHECK(top->link("d", *top, "d2").error() == Errc::Permission);  // never a directory
  // A symlink is linked as itself.
  BOOST_REQUIRE(top->symlink("l", "a").ok());
  BOOST_REQUIRE(top->link("l", *top, "l2").ok());
  BOOST_CHECK(fs::is_symlink(root / "l2"));
  BOOST_CHECK_EQUAL(host_lstat(root / "a").st_nlink, 2u);
}

BOOST_AUTO_TEST_CASE(readdir_is_sorted_and_resumable) {
  for (std::string name : {"c", "a", "e", "b", "d"}) create(top, name, name);
  BOOST_REQUIRE(top->mkdir("dir").ok());
  BOOST_REQUIRE(top->symlink("link", "a").ok());
  auto all = top->readdir(0, 1000);
  BOOST_REQUIRE(all.ok());
  BOOST_CHECK((names_of(*all) == std::vector<std::string>{"a", "b", "c", "d", "dir", "e", "link"}));
  for (const auto& e : *all) {
    BOOST_CHECK_LT(e.next_cookie, uint64_t{1} << 62);
    BOOST_CHECK_GT(e.next_cookie, 0u);
    BOOST_CHECK_EQUAL(e.ino, host_lstat(root / e.name).st_ino);
  }
  BOOST_CHECK((*all)[4].type == FileType::Directory);
  BOOST_CHECK((*all)[6].type == FileType::Symlink);
  BOOST_CHECK((*all)[0].type == FileType::Regular);
  // In pages, from each entry's cookie.
  std::vector<std::string> paged;
  uint64_t cookie = 0;
  for (;;) {
    auto page = top->readdir(cookie, 2);
    BOOST_REQUIRE(page.ok());
    if (page->empty()) break;
    BOOST_CHECK_LE(page->size(), 2u);
    for (const auto& e : *page) paged.push_back(e.name);
    cookie = page->back().next_cookie;
  }
  BOOST_CHECK(paged == names_of(*all));
  BOOST_CHECK(top->readdir(0, 0)->empty());
  BOOST_CHECK(top->readdir(all->back().next_cookie, 10)->empty());
  BOOST_CHECK(top->readdir((uint64_t{1} << 32) - 1, 10)->empty());  // far past any end
}

BOOST_AUTO_TEST_CASE(interleaved_listings_of_one_node_do_not_mix) {
  for (std::string name : {"b", "d", "f", "h"}) create(top, name, name);
  auto first = top->readdir(0, 2);
  BOOST_REQUIRE(first.ok());
  BOOST_REQUIRE_EQUAL(first->size(), 2u);
  write_host_file(root / "a", "new on the host");  // sorts before everything listed so far
  auto second = top->readdir(0, 100);              // a new listing sees it
  BOOST_REQUIRE(second.ok());
  BOOST_CHECK_EQUAL(second->size(), 5u);
  auto rest = top->readdir(first->back().next_cookie, 100);  // the first goes on where it was
  BOOST_REQUIRE(rest.ok());
  std::vector<std::string> names = names_of(*first);
  for (const auto& e : *rest) names.push_back(e.name);
  BOOST_CHECK((names == std::vector<std::string>{"b", "d", "f", "h"}));
}

BOOST_AUTO_TEST_CASE(the_end_stays_the_end_after_many_listings) {
  for (std::string name : {"a", "b", "c"}) create(top, name, name);
  auto page = top->readdir(0, 10);  // a short page: the end
  BOOST_REQUIRE(page.ok());
  BOOST_REQUIRE_EQUAL(page->size(), 3u);
  for (int i = 0; i < 40; ++i) BOOST_REQUIRE(top->readdir(0, 10).ok());  // newer listings
  write_host_file(root / "d", "added since");
  auto after_end = top->readdir(page->back().next_cookie, 10);
  BOOST_REQUIRE(after_end.ok());
  BOOST_CHECK(after_end->empty());
}

BOOST_AUTO_TEST_CASE(cookies_carry_over_to_another_node_of_the_directory) {
  auto dir = top->mkdir("d");
  BOOST_REQUIRE(dir.ok());
  for (std::string name : {"p", "q", "r", "s"}) create(*dir, name, name);
  auto page = (*dir)->readdir(0, 2);
  BOOST_REQUIRE(page.ok());
  auto rest = lookup(top, "d")->readdir(page->back().next_cookie, 100);
  BOOST_REQUIRE(rest.ok());
  BOOST_CHECK((names_of(*rest) == std::vector<std::string>{"r", "s"}));
}

BOOST_AUTO_TEST_CASE(readdir_cookies_survive_removal_of_listed_entries) {
  // rm -r style: list a page, remove it, continue from the cookie; nothing is skipped.
  for (int i = 0; i < 20; ++i) create(top, "f" + std::to_string(100 + i), "x");
  std::vector<std::string> seen;
  uint64_t cookie = 0;
  for (;;) {
    auto page = top->readdir(cookie, 3);
    BOOST_REQUIRE(page.ok());
    if (page->empty()) break;
    for (const auto& e : *page) {
      seen.push_back(e.name);
      BOOST_CHECK(top->unlink(e.name).ok());
    }
    cookie = page->back().next_cookie;
  }
  BOOST_CHECK_EQUAL(seen.size(), 20u);
  BOOST_CHECK(fs::is_empty(root));
  BOOST_CHECK(top->readdir(0, 10)->empty());
}

BOOST_AUTO_TEST_CASE(unfinished_listings_stay_within_a_shared_budget) {
  // The issue-10 attack in small: many handles of one big directory (each path_open is a new
  // node), each restarting readdir and never finishing; and two backends sharing one budget.
  const int kEntries = 2000;
  std::vector<std::string> expected;
  fs::create_directory(root / "big");
  for (int i = 0; i < kEntries; ++i) {
    expected.push_back("entry-with-a-longish-name-" + std::to_string(100000 + i));
    write_host_file(root / "big" / expected.back(), "");
  }
  auto budget = std::make_shared<ListingBudget>(300 * 1024);  // room for about two listings
  auto first = Hostfs::create(root.string(), {.listing_budget = budget});
  auto second = Hostfs::create(root.string(), {.read_only = true, .listing_budget = budget});
  BOOST_REQUIRE(first.ok() && second.ok());
  struct Reader {
    NodePtr dir;
    uint64_t cookie = 0;
    std::vector<std::string> seen;
  };
  std::vector<Reader> readers;
  for (int i = 0; i < 20; ++i) {
    auto& backend = i % 2 ? *second : *first;
    readers.push_back({lookup(backend->root(), "big"), 0, {}});
  }
  uint64_t peak = 0;
  // Every reader reads a page at a time, round-robin, and restarts from 0 now and then.
  for (int round = 0; round < 60; ++round) {
    for (size_t r = 0; r < readers.size(); ++r) {
      Reader& reader = readers[r];
      if (round % 7 == int(r % 7) && reader.cookie != 0 && reader.seen.size() < 500) {
        reader = Reader{reader.dir, 0, {}};  // an abandoned listing
      }
      auto page = reader.dir->readdir(reader.cookie, 100);
      BOOST_REQUIRE(page.ok());
      for (const auto& e : *page) reader.seen.push_back(e.name);
      if (!page->empty()) reader.cookie = page->back().next_cookie;
      peak = std::max(peak, budget->used());
    }
  }
  BOOST_TEST(peak <= budget->max_bytes());
  BOOST_TEST(peak > 0u);  // listings were kept while they fit
  // Every reader still sees the directory once, in order, whether its listing was kept or not.
  for (Reader& reader : readers) {
    for (;;) {
      auto page = reader.dir->readdir(reader.cookie, 500);
      BOOST_REQUIRE(page.ok());
      if (page->empty()) break;
      for (const auto& e : *page) reader.seen.push_back(e.name);
      reader.cookie = page->back().next_cookie;
    }
    BOOST_TEST((reader.seen == expected));
  }
  readers.clear();
  first->reset();
  second->reset();
  BOOST_TEST(budget->used() == 0u);  // all given back
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(names, HostfsFixture)

BOOST_AUTO_TEST_CASE(bad_names_are_refused_by_every_operation) {
  create(top, "f", "x");
  const std::vector<std::pair<std::string, Errc>> bad = {
      {"", Errc::Invalid},
      {".", Errc::Invalid},
      {"..", Errc::Invalid},
      {"a/b", Errc::Invalid},
      {"/", Errc::Invalid},
      {std::string("f\0x", 3), Errc::Invalid},
      {std::string("\0", 1), Errc::Invalid},
      {std::string(256, 'n'), Errc::NameTooLong},
  };
  for (const auto& [name, expected] : bad) {
    BOOST_TEST_CONTEXT("name of " << name.size() << " bytes") {
      BOOST_CHECK(top->lookup(name).error() == expected);
      BOOST_CHECK(top->create_file(name).error() == expected);
      BOOST_CHECK(top->mkdir(name).error() == expected);
      BOOST_CHECK(top->symlink(name, "f").error() == expected);
      BOOST_CHECK(top->unlink(name).error() == expected);
      BOOST_CHECK(top->rmdir(name).error() == expected);
      BOOST_CHECK(top->rename(name, *top, "g").error() == expected);
      BOOST_CHECK(top->rename("f", *top, name).error() == expected);
      BOOST_CHECK(top->link(name, *top, "g").error() == expected);
      BOOST_CHECK(top->link("f", *top, name).error() == expected);
    }
  }
  BOOST_CHECK(fs::exists(root / "f"));
  BOOST_CHECK_EQUAL(std::distance(fs::directory_iterator(root), fs::directory_iterator()), 1);
}

BOOST_AUTO_TEST_CASE(longest_name_works) {
  const std::string name(255, 'n');
  create(top, name, "x");
  BOOST_CHECK_EQUAL(read_host_file(root / name), "x");
  BOOST_CHECK(top->lookup(name).ok());
  BOOST_CHECK_EQUAL(top->readdir(0, 10)->front().name, name);
}

BOOST_AUTO_TEST_CASE(unusual_but_valid_names) {
  for (std::string name : {" ", "...", "-", "\xff\xfe", "a\\b", "\n", ":*?"}) {
    BOOST_TEST_CONTEXT(name) {
      create(top, name, name);
      BOOST_CHECK_EQUAL(read_host_file(root / name), name);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(permission_bits)

BOOST_AUTO_TEST_CASE(stat_and_set_mode_are_the_hosts_bits) {
  HostfsFixture fx;
  write_host_file(fx.root / "f", "x");
  ::chmod((fx.root / "f").c_str(), 0751);
  fs::create_directory(fx.root / "d");
  ::chmod((fx.root / "d").c_str(), 01750);
  fs::create_symlink("f", fx.root / "l");
  auto f = fx.lookup(fx.top, "f");
  auto d = fx.lookup(fx.top, "d");
  auto l = fx.lookup(fx.top, "l");
  BOOST_CHECK_EQUAL(f->stat()->mode, 0751u);
  BOOST_CHECK_EQUAL(d->stat()->mode, 01750u);
  BOOST_CHECK_EQUAL(l->stat()->mode, host_lstat(fx.root / "l").st_mode & 07777);

  BOOST_REQUIRE(f->set_mode(0604).ok());
  BOOST_CHECK_EQUAL(host_lstat(fx.root / "f").st_mode & 07777, 0604u);
  BOOST_REQUIRE(d->set_mode(0700).ok());
  BOOST_CHECK_EQUAL(host_lstat(fx.root / "d").st_mode & 07777, 0700u);
  // A symlink is never followed: its target keeps its bits.
  BOOST_CHECK(l->set_mode(0600).error() == Errc::NotSupported);
  BOOST_CHECK_EQUAL(host_lstat(fx.root / "f").st_mode & 07777, 0604u);

  // The node is the object, not the name: renaming a symlink over the name changes nothing.
  write_host_file(fx.tmp.path() / "outside", "o");
  ::chmod((fx.tmp.path() / "outside").c_str(), 0644);
  fs::rename(fx.root / "f", fx.root / "g");
  fs::create_symlink((fx.tmp.path() / "outside").string(), fx.root / "f");
  BOOST_REQUIRE(f->set_mode(0600).ok());
  BOOST_CHECK_EQUAL(host_lstat(fx.root / "g").st_mode & 07777, 0600u);
  BOOST_CHECK_EQUAL(host_lstat(fx.tmp.path() / "outside").st_mode & 07777, 0644u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(read_only)

BOOST_AUTO_TEST_CASE(every_change_answers_read_only) {
  TempDir tmp;
  write_host_file(tmp.path() / "f", "contents");
  fs::create_directory(tmp.path() / "d");
  write_host_file(tmp.path() / "d" / "x", "x");
  fs::create_symlink("f", tmp.path() / "l");
  const auto before = wask::test::snapshot_tree(tmp.path());

  auto backend = Hostfs::create(tmp.path().string(), {.read_only = true});
  BOOST_REQUIRE(backend.ok());
  BOOST_CHECK((*backend)->read_only());
  auto top = (*backend)->root();
  auto f = top->lookup("f");
  BOOST_REQUIRE(f.ok());
  auto d = top->lookup("d");
  BOOST_REQUIRE(d.ok());

  BOOST_CHECK(top->create_file("new").error() == Errc::ReadOnly);
  BOOST_CHECK(top->mkdir("new").error() == Errc::ReadOnly);
  BOOST_CHECK(top->symlink("new", "f").error() == Errc::ReadOnly);
  BOOST_CHECK(top->unlink("f").error() == Errc::ReadOnly);
  BOOST_CHECK(top->rmdir("d").error() == Errc::ReadOnly);
  BOOST_CHECK(top->rename("f", *top, "g").error() == Errc::ReadOnly);
  BOOST_CHECK(top->link("f", *top, "g").error() == Errc::ReadOnly);
  BOOST_CHECK((*f)->set_times(TimeChange::now(), TimeChange::now()).error() == Errc::ReadOnly);
  BOOST_CHECK(top->set_times(TimeChange::now(), TimeChange::now()).error() == Errc::ReadOnly);
  BOOST_CHECK((*f)->open({.read = true, .write = true}).error() == Errc::ReadOnly);
  BOOST_CHECK((*f)->open({.read = false, .write = true}).error() == Errc::ReadOnly);
  BOOST_CHECK((*f)->set_mode(0600).error() == Errc::ReadOnly);
  BOOST_CHECK(top->set_mode(0700).error() == Errc::ReadOnly);

  // Reading still works.
  auto file = (*f)->open({.read = true});
  BOOST_REQUIRE(file.ok());
  BOOST_CHECK_EQUAL(read_handle(**file), "contents");
  BOOST_CHECK((*file)->write(0, bytes_of("x")).error() == Errc::ReadOnly);
  BOOST_CHECK((*file)->set_size(0).error() == Errc::ReadOnly);
  BOOST_CHECK((*file)->append(bytes_of("x")).error() == Errc::ReadOnly);
  BOOST_CHECK((names_of(*top->readdir(0, 10)) == std::vector<std::string>{"d", "f", "l"}));
  BOOST_CHECK_EQUAL(*(*top->lookup("l"))->readlink(), "f");
  BOOST_CHECK_EQUAL((*d)->readdir(0, 10)->size(), 1u);

  const auto after = wask::test::snapshot_tree(tmp.path());
  BOOST_CHECK_MESSAGE(before == after, wask::test::describe_difference(before, after));
}

BOOST_AUTO_TEST_SUITE_END()
