// memfs on its own terms: limits (NoSpace), holes, unlink-while-open, big appends, the injected
// clock, link counts, name-ordered directories, cookies that survive removal.
#define BOOST_TEST_MODULE vfs_memfs
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstring>

#include "backends/memfs/memfs.h"
#include "tests/vfs/check.h"
#include "vfs/vfs.h"

using wask::backends::Memfs;
using wask::backends::MemfsOptions;
using wask::test::bytes_of;
using wask::vfs::Errc;
using wask::vfs::FileType;
using wask::vfs::OpenMode;
using wask::vfs::TimeChange;
using wask::vfs::Vfs;

namespace {

struct Mounted {
  std::shared_ptr<Memfs> fs;
  Vfs v;
  explicit Mounted(MemfsOptions options = {}) : fs(Memfs::create(std::move(options))) {
    BOOST_TEST_REQUIRE(v.mount("/", fs).ok());
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(every_memfs_is_bounded_by_default) {
  Mounted m;  // no options
  auto f = *m.v.open("/f", {.read = true, .write = true, .create = true});
  // Sizes count as promised (holes too), so the bound is reached without touching memory.
  WASK_OK(f->set_size(512 * 1024 * 1024));
  WASK_ERR(f->set_size(512 * 1024 * 1024 + 1), Errc::NoSpace);
  WASK_ERR(f->pwrite(bytes_of("x"), 512 * 1024 * 1024), Errc::NoSpace);
  BOOST_TEST(m.fs->used_bytes() == 512u * 1024 * 1024);
  WASK_OK(f->set_size(0));
  // Inodes: the root, /f, then files until the default of 131072 is reached.
  uint64_t made = 0;
  for (;; ++made) {
    auto node = m.fs->root()->create_file("n" + std::to_string(made));
    if (!node) {
      BOOST_TEST((node.error() == Errc::NoSpace));
      break;
    }
  }
  BOOST_TEST(made == 131072u - 2);
  WASK_ERR(m.v.mkdir("/d"), Errc::NoSpace);
  WASK_OK(m.v.unlink("/n0"));
  WASK_OK(m.v.mkdir("/d"));  // a freed inode is usable again
}

BOOST_AUTO_TEST_CASE(byte_limit_gives_short_write_then_nospace) {
  Mounted m({.max_bytes = 100});
  auto f = *m.v.open("/f", {.read = true, .write = true, .create = true});
  BOOST_TEST(*f->write(bytes_of(std::string(60, 'a'))) == 60u);
  auto short_write = f->write(bytes_of(std::string(60, 'b')));
  BOOST_TEST_REQUIRE(short_write.ok());
  BOOST_TEST(*short_write == 40u);  // what fits, and says so
  WASK_ERR(f->write(bytes_of("c")), Errc::NoSpace);
  BOOST_TEST(f->stat()->size == 100u);
  BOOST_TEST(m.fs->used_bytes() == 100u);
  // Overwriting inside the file needs no new space.
  WASK_OK(f->pwrite(bytes_of("ZZ"), 0));
  WASK_ERR(f->set_size(101), Errc::NoSpace);
  BOOST_TEST(f->stat()->size == 100u);  // unchanged
  WASK_ERR(m.v.write_file("/g", std::string(10, 'x')), Errc::NoSpace);
  WASK_ERR(m.v.symlink("target", "/l"), Errc::NoSpace);
  // A hole counts: a write far past the end is refused whole, the file unchanged.
  WASK_OK(f->set_size(50));
  WASK_ERR(f->pwrite(bytes_of("x"), 1000), Errc::NoSpace);
  BOOST_TEST(f->stat()->size == 50u);
  std::string text = *m.v.read_file("/f");
  BOOST_TEST(text == "ZZ" + std::string(48, 'a'));
  // Space comes back when the last reference to an unlinked file goes.
  WASK_OK(m.v.unlink("/f"));
  BOOST_TEST(m.fs->used_bytes() == 50u);  // still open
  f.reset();
  BOOST_TEST(m.fs->used_bytes() == 0u);
  WASK_OK(m.v.write_file("/g", std::string(100, 'x')));
}

BOOST_AUTO_TEST_CASE(inode_limit) {
  Mounted m({.max_inodes = 4});  // the root and three more
  WASK_OK(m.v.write_file("/a", ""));
  WASK_OK(m.v.mkdir("/d"));
  WASK_OK(m.v.symlink("a", "/l"));
  BOOST_TEST(m.fs->used_inodes() == 4u);
  WASK_ERR(m.v.write_file("/b", ""), Errc::NoSpace);
  WASK_ERR(m.v.mkdir("/e"), Errc::NoSpace);
  WASK_ERR(m.v.symlink("a", "/m"), Errc::NoSpace);
  WASK_OK(m.v.link(m.v.root(), "/a", m.v.root(), "/a2"));  // a link is no new inode
  WASK_ERR(m.v.stat("/b"), Errc::NoEntry);                 // nothing half-made
  WASK_OK(m.v.unlink("/l"));
  WASK_OK(m.v.write_file("/b", ""));
}

BOOST_AUTO_TEST_CASE(holes_read_as_zeros_and_cost_no_memory_until_written) {
  Mounted m({.max_bytes = wask::backends::kMemfsUnlimited});  // a 1 TiB promise
  auto f = *m.v.open("/sparse", {.read = true, .write = true, .create = true});
  const uint64_t far = uint64_t{1} << 40;  // 1 TiB
  WASK_OK(f->pwrite(bytes_of("end"), far));
  BOOST_TEST(f->stat()->size == far + 3);
  std::string buf(8, 'x');
  auto n = f->pread(std::as_writable_bytes(std::span(buf.data(), buf.size())), far - 5);
  BOOST_TEST(*n == 8u);
  BOOST_TEST(buf == std::string(5, '\0') + "end");
  WASK_OK(f->set_size(10));
  WASK_OK(f->set_size(20));
  n = f->pread(std::as_writable_bytes(std::span(buf.data(), buf.size())), 10);
  BOOST_TEST(buf == std::string(8, '\0'));
  WASK_ERR(f->set_size(uint64_t{1} << 63), Errc::FileTooBig);
  WASK_ERR(f->pwrite(bytes_of("x"), ~uint64_t{0} - 1), Errc::FileTooBig);
}

BOOST_AUTO_TEST_CASE(big_file_append_is_linear) {
  Mounted m;
  auto f = *m.v.open("/big", {.read = true, .write = true, .create = true, .append = true});
  std::string block(4096, '\0');
  const size_t blocks = 64 * 1024 * 1024 / block.size();  // 64 MiB
  const size_t window = 1024;                             // timed at the start and at the end
  double first = 0, last = 0;
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < blocks; ++i) {
    if (i == window || i == blocks - window) {
      auto now = std::chrono::steady_clock::now();
      if (i == window) first = std::chrono::duration<double>(now - start).count();
      start = now;
    }
    std::memcpy(block.data(), &i, sizeof i);
    BOOST_TEST_REQUIRE(*f->write(bytes_of(block)) == block.size());
  }
  last = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(f->stat()->size == blocks * block.size());
  // Appending at 64 MiB costs what appending at 0 does; copying the file per append would make
  // the last window thousands of times slower. The slack absorbs a busy machine.
  BOOST_TEST(last < 20 * first + 0.05, "first " << first << " s, last " << last << " s");
  for (size_t i : {size_t{0}, size_t{1}, blocks / 2, blocks - 1}) {
    size_t got = 0;
    auto n = f->pread(std::as_writable_bytes(std::span(&got, 1)), i * block.size());
    BOOST_TEST(*n == sizeof got);
    BOOST_TEST(got == i);
  }
  BOOST_TEST_MESSAGE("4 KiB appends: first 4 MiB " << first << " s, last 4 MiB " << last << " s");
}

BOOST_AUTO_TEST_CASE(unlinked_file_lives_while_open) {
  Mounted m;
  WASK_OK(m.v.write_file("/f", "abc"));
  auto f = *m.v.open("/f", {.read = true, .write = true});
  WASK_OK(m.v.unlink("/f"));
  WASK_OK(f->pwrite(bytes_of("XYZW"), 1));
  std::string buf(5, '\0');
  BOOST_TEST(*f->pread(std::as_writable_bytes(std::span(buf.data(), buf.size())), 0) == 5u);
  BOOST_TEST(buf == "aXYZW");
  BOOST_TEST(f->stat()->nlink == 0u);
  WASK_OK(m.v.write_file("/f", "new"));  // the name is free for a new file
  BOOST_TEST(*m.v.read_file("/f") == "new");
  BOOST_TEST(f->stat()->ino != m.v.stat("/f")->ino);
}

BOOST_AUTO_TEST_CASE(timestamps_come_from_the_injected_clock) {
  auto now = std::make_shared<uint64_t>(1000);
  Mounted m({.clock = [now] { return *now; }});
  WASK_OK(m.v.write_file("/f", "x"));
  auto st = m.v.stat("/f");
  BOOST_TEST(st->atime_ns == 1000u);
  BOOST_TEST(st->mtime_ns == 1000u);
  BOOST_TEST(st->ctime_ns == 1000u);
  *now = 2000;
  WASK_OK(m.v.write_file("/f", "y", {.append = true}));
  st = m.v.stat("/f");
  BOOST_TEST(st->mtime_ns == 2000u);
  BOOST_TEST(m.v.stat("/")->mtime_ns == 1000u);  // the directory did not change
  *now = 3000;
  WASK_OK(m.v.mkdir("/d"));
  BOOST_TEST(m.v.stat("/")->mtime_ns == 3000u);
  *now = 4000;
  WASK_OK(m.v.set_times(m.v.root(), "/f", TimeChange::now(), TimeChange::set(42)));
  st = m.v.stat("/f");
  BOOST_TEST(st->atime_ns == 4000u);
  BOOST_TEST(st->mtime_ns == 42u);
  BOOST_TEST(st->ctime_ns == 4000u);
}

BOOST_AUTO_TEST_CASE(link_counts) {
  Mounted m;
  BOOST_TEST(m.v.stat("/")->nlink == 2u);
  WASK_OK(m.v.mkdir("/a"));
  WASK_OK(m.v.mkdir("/b"));
  BOOST_TEST(m.v.stat("/")->nlink == 4u);  // ".", and ".." of a and b
  WASK_OK(m.v.mkdir("/a/sub"));
  WASK_OK(m.v.rename("/a/sub", "/b/sub"));
  BOOST_TEST(m.v.stat("/a")->nlink == 2u);
  BOOST_TEST(m.v.stat("/b")->nlink == 3u);
  WASK_OK(m.v.mkdir("/a/empty"));
  WASK_OK(m.v.rename("/b/sub", "/a/empty"));  // replaces an empty directory
  BOOST_TEST(m.v.stat("/a")->nlink == 3u);
  BOOST_TEST(m.v.stat("/b")->nlink == 2u);
  WASK_OK(m.v.write_file("/f", "x"));
  WASK_OK(m.v.link(m.v.root(), "/f", m.v.root(), "/a/f"));
  BOOST_TEST(m.v.stat("/f")->nlink == 2u);
  WASK_OK(m.v.rename("/f", "/a/f"));  // the same file: nothing happens
  BOOST_TEST(m.v.stat("/f")->nlink == 2u);
  WASK_OK(m.v.remove("/a"));
  BOOST_TEST(m.v.stat("/f")->nlink == 1u);
  BOOST_TEST(m.v.stat("/")->nlink == 3u);
}

BOOST_AUTO_TEST_CASE(directories_are_ordered_by_name) {
  Mounted m;
  for (const char* name : {"delta", "alpha", "charlie", "bravo", "Echo"}) {
    WASK_OK(m.v.write_file(std::string("/") + name, ""));
  }
  auto entries = *m.fs->root()->readdir(0, 100);
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.name);
  BOOST_TEST((names == std::vector<std::string>{"Echo", "alpha", "bravo", "charlie", "delta"}));
}

BOOST_AUTO_TEST_CASE(cookies_survive_removal_and_bad_cookies_are_refused) {
  Mounted m;
  auto root = m.fs->root();
  for (int i = 0; i < 10; ++i) WASK_OK(m.v.write_file("/f" + std::to_string(i), ""));
  auto first = *root->readdir(0, 4);  // f0 f1 f2 f3
  BOOST_TEST_REQUIRE(first.size() == 4u);
  // Remove everything listed, and one not yet listed; add a name after the cursor.
  for (const auto& e : first) WASK_OK(m.v.unlink("/" + e.name));
  WASK_OK(m.v.unlink("/f5"));
  WASK_OK(m.v.write_file("/g", ""));
  auto rest = *root->readdir(first.back().next_cookie, 100);
  std::vector<std::string> names;
  for (const auto& e : rest) names.push_back(e.name);
  BOOST_TEST((names == std::vector<std::string>{"f4", "f6", "f7", "f8", "f9", "g"}));
  // A cookie past everything handed out is the end; one long forgotten is refused, not guessed.
  auto past = root->readdir(1u << 20, 10);
  BOOST_TEST_REQUIRE(past.ok());
  BOOST_TEST(past->empty());
  uint64_t old_cookie = rest.front().next_cookie;  // f4's
  for (int i = 0; i < 5000; ++i) WASK_OK(m.v.write_file("/h" + std::to_string(i), ""));
  WASK_OK(m.v.unlink("/f4"));
  for (int i = 0; i < 5000; ++i) WASK_OK(m.v.unlink("/h" + std::to_string(i)));
  WASK_ERR(root->readdir(old_cookie, 10), Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(read_only_memfs) {
  auto fs = Memfs::create({.read_only = true});
  auto root = fs->root();
  WASK_ERR(root->create_file("f"), Errc::ReadOnly);
  WASK_ERR(root->mkdir("d"), Errc::ReadOnly);
  WASK_ERR(root->symlink("l", "t"), Errc::ReadOnly);
  WASK_ERR(root->set_times(TimeChange::now(), TimeChange::now()), Errc::ReadOnly);
  Vfs v;
  BOOST_TEST_REQUIRE(v.mount("/", fs).ok());
  WASK_ERR(v.write_file("/f", "x"), Errc::ReadOnly);
  BOOST_TEST(v.mounts()[0].read_only);
}

BOOST_AUTO_TEST_CASE(default_permission_bits_and_read_only_chmod) {
  Mounted m;
  WASK_OK(m.v.write_file("/f", "x"));
  WASK_OK(m.v.mkdir("/d"));
  WASK_OK(m.v.symlink("f", "/l"));
  BOOST_TEST(m.v.stat("/f")->mode == 0644u);
  BOOST_TEST(m.v.stat("/d")->mode == 0755u);
  BOOST_TEST(m.v.lstat("/l")->mode == 0777u);
  BOOST_TEST(m.v.stat("/")->mode == 0755u);
  WASK_OK(m.v.chmod("/f", 07777));
  BOOST_TEST(m.v.stat("/f")->mode == 07777u);  // setuid, setgid and sticky are kept

  auto ro = Memfs::create({.read_only = true});
  WASK_ERR(ro->root()->set_mode(0700), Errc::ReadOnly);
  Vfs v;
  BOOST_TEST_REQUIRE(v.mount("/", m.fs, {.read_only = true}).ok());
  WASK_ERR(v.chmod("/f", 0600), Errc::ReadOnly);  // a read-only mount of a writable memfs
  BOOST_TEST(m.v.stat("/f")->mode == 07777u);
  WASK_ERR(v.chmod("/", 0700), Errc::ReadOnly);
  Vfs synthetic;
  BOOST_TEST_REQUIRE(synthetic.mount("/a/b", Memfs::create()).ok());
  BOOST_TEST(synthetic.stat("/a")->mode == 0755u);
  WASK_ERR(synthetic.chmod("/a", 0700), Errc::ReadOnly);
}

BOOST_AUTO_TEST_CASE(handles_respect_their_mode) {
  Mounted m;
  WASK_OK(m.v.write_file("/f", "abc"));
  auto node = *m.fs->root()->lookup("f");
  auto reader = *node->open(OpenMode{.read = true, .write = false});
  WASK_ERR(reader->write(0, bytes_of("x")), Errc::BadDescriptor);
  WASK_ERR(reader->set_size(0), Errc::BadDescriptor);
  auto writer = *node->open(OpenMode{.read = false, .write = true});
  std::byte b[1];
  WASK_ERR(writer->read(0, b), Errc::BadDescriptor);
  auto appended = writer->append(bytes_of("de"));
  BOOST_TEST_REQUIRE(appended.ok());
  BOOST_TEST(appended->offset == 3u);
  BOOST_TEST(*m.v.read_file("/f") == "abcde");
  WASK_ERR(m.fs->root()->open({}), Errc::IsDirectory);
  WASK_ERR(node->lookup("x"), Errc::NotDirectory);
  WASK_ERR(node->readlink(), Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(a_very_deep_tree_is_freed_without_deep_recursion) {
  auto fs = Memfs::create({.max_inodes = wask::backends::kMemfsUnlimited});
  {
    wask::vfs::NodePtr dir = fs->root();
    for (int i = 0; i < 200000; ++i) dir = *dir->mkdir("d");
    BOOST_TEST(fs->used_inodes() == 200001u);
  }
  fs.reset();  // would overflow the stack if each level's destructor freed the next
}
