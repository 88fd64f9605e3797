// The backend contract: every case runs through the Vfs on a fresh directory of the backend
// under test. Expectations are POSIX's (as Linux answers them), so hostfs and memfs agree.
#include "tests/vfs/contract_suite.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "backends/memfs/memfs.h"
#include "tests/vfs/check.h"

namespace wask::test {

namespace {

using vfs::Dir;
using vfs::Errc;
using vfs::FileType;
using vfs::OpenFlags;
using vfs::Resolve;
using vfs::TimeChange;
using vfs::Whence;

struct Ctx {
  explicit Ctx(ContractEnv e, ContractOptions o)
      : env(std::move(e)), options(o), v(*env.vfs), base(open_base()) {}
  // The Vfs (and the backend in it) goes before what it may live in, such as a temp directory.
  ~Ctx() {
    base = Dir();
    env.vfs.reset();
    env.keep_alive.reset();
  }

  ContractEnv env;
  ContractOptions options;
  vfs::Vfs& v;
  Dir base;

  // An absolute VM path beneath the directory under test.
  std::string abs(std::string_view rel) const {
    std::string out = env.base;
    if (out.empty() || out.back() != '/') out += '/';
    return out + std::string(rel);
  }
  void write(std::string_view rel, std::string_view text) {
    WASK_OK(v.write_file(base, rel, text));
  }
  std::string read(std::string_view rel) {
    auto r = v.read_file(base, rel);
    BOOST_TEST_REQUIRE(r.ok(), "read " << rel << ": " << r.error());
    return *r;
  }
  std::vector<std::string> names(std::string_view rel = ".") {
    auto r = v.list(base, rel);
    BOOST_TEST_REQUIRE(r.ok(), "list " << rel << ": " << r.error());
    return *r;
  }
  std::shared_ptr<vfs::OpenFile> open(std::string_view rel, OpenFlags flags) {
    auto r = v.open(base, rel, flags);
    BOOST_TEST_REQUIRE(r.ok(), "open " << rel << ": " << r.error());
    return *r;
  }

 private:
  Dir open_base() {
    auto d = env.vfs->open_dir(env.base);
    BOOST_TEST_REQUIRE(d.ok(), "open the base " << env.base << ": " << d.error());
    return *d;
  }
};

using Names = std::vector<std::string>;

std::string read_all(vfs::OpenFile& f) {
  std::string out;
  std::byte buf[4096];
  for (;;) {
    auto n = f.read(buf);
    BOOST_TEST_REQUIRE(n.ok());
    if (*n == 0) break;
    out.append(reinterpret_cast<const char*>(buf), *n);
  }
  return out;
}

// ---- Files --------------------------------------------------------------------------------

void write_then_read(Ctx& c) {
  c.write("a.txt", "hello");
  BOOST_TEST(c.read("a.txt") == "hello");
  auto st = c.v.stat(c.base, "a.txt");
  BOOST_TEST_REQUIRE(st.ok());
  BOOST_TEST((st->type == FileType::Regular));
  BOOST_TEST(st->size == 5u);
  BOOST_TEST(st->nlink == 1u);
  c.write("a.txt", "hi");  // replaces
  BOOST_TEST(c.read("a.txt") == "hi");
  WASK_OK(c.v.write_file(c.base, "a.txt", "!!", {.append = true}));
  BOOST_TEST(c.read("a.txt") == "hi!!");
  BOOST_TEST(*c.v.read_file(c.abs("a.txt")) == "hi!!");  // absolute path, same file
}

void empty_file(Ctx& c) {
  c.write("empty", "");
  BOOST_TEST(c.read("empty").empty());
  BOOST_TEST(c.v.stat(c.base, "empty")->size == 0u);
}

void open_missing_without_create(Ctx& c) {
  WASK_ERR(c.v.open(c.base, "nope", {.read = true}), Errc::NoEntry);
  WASK_ERR(c.v.open(c.base, "nodir/nope", {.write = true, .create = true}), Errc::NoEntry);
}

void open_create_exclusive(Ctx& c) {
  WASK_OK(c.v.open(c.base, "x", {.write = true, .create = true, .exclusive = true}));
  WASK_ERR(c.v.open(c.base, "x", {.write = true, .create = true, .exclusive = true}), Errc::Exists);
  WASK_OK(c.v.open(c.base, "x", {.write = true, .create = true}));  // not exclusive: opens it
  WASK_OK(c.v.mkdir(c.base, "d"));
  WASK_ERR(c.v.open(c.base, "d", {.write = true, .create = true, .exclusive = true}), Errc::Exists);
}

void open_truncate(Ctx& c) {
  c.write("t", "0123456789");
  auto f = c.open("t", {.read = true, .write = true, .truncate = true});
  BOOST_TEST(f->stat()->size == 0u);
  BOOST_TEST(c.read("t").empty());
  WASK_ERR(c.v.open(c.base, "t", {.read = true, .truncate = true}), Errc::Invalid);
}

void open_access_modes(Ctx& c) {
  c.write("m", "data");
  auto ro = c.open("m", {.read = true});
  std::byte buf[4];
  WASK_ERR(ro->write(bytes_of("x")), Errc::BadDescriptor);
  WASK_ERR(ro->set_size(0), Errc::BadDescriptor);
  auto wo = c.open("m", {.read = false, .write = true});
  WASK_ERR(wo->read(buf), Errc::BadDescriptor);
  WASK_OK(wo->write(bytes_of("D")));
  BOOST_TEST(c.read("m") == "Data");
}

void open_directory_rules(Ctx& c) {
  WASK_OK(c.v.mkdir(c.base, "d"));
  c.write("f", "x");
  WASK_ERR(c.v.open(c.base, "d", {.write = true}), Errc::IsDirectory);
  WASK_ERR(c.v.open(c.base, "d", {.write = true, .create = true}), Errc::IsDirectory);
  WASK_ERR(c.v.open(c.base, "f", {.read = true, .directory = true}), Errc::NotDirectory);
  WASK_ERR(c.v.open(c.base, "new/", {.write = true, .create = true}), Errc::IsDirectory);
  auto d = c.open("d", {.read = true, .directory = true});
  BOOST_TEST(d->is_directory());
  BOOST_TEST(d->dir().valid());
  std::byte buf[4];
  WASK_ERR(d->read(buf), Errc::IsDirectory);
  BOOST_TEST((d->stat()->type == FileType::Directory));
}

void append_mode(Ctx& c) {
  c.write("log", "a");
  auto one = c.open("log", {.read = false, .write = true, .append = true});
  auto two = c.open("log", {.read = false, .write = true, .append = true});
  WASK_OK(one->write(bytes_of("b")));
  WASK_OK(two->write(bytes_of("c")));
  WASK_OK(one->write(bytes_of("d")));
  BOOST_TEST(c.read("log") == "abcd");
  BOOST_TEST(*one->tell() == 4u);
}

void offsets_and_seek(Ctx& c) {
  auto f = c.open("s", {.read = true, .write = true, .create = true});
  WASK_OK(f->write(bytes_of("hello world")));
  BOOST_TEST(*f->tell() == 11u);
  BOOST_TEST(*f->seek(0, Whence::Set) == 0u);
  std::byte buf[5];
  BOOST_TEST(*f->read(buf) == 5u);
  BOOST_TEST(std::string(reinterpret_cast<char*>(buf), 5) == "hello");
  BOOST_TEST(*f->seek(1, Whence::Current) == 6u);
  BOOST_TEST(*f->seek(-5, Whence::End) == 6u);
  WASK_ERR(f->seek(-100, Whence::Current), Errc::Invalid);
  BOOST_TEST(*f->seek(0, Whence::End) == 11u);
  BOOST_TEST(*f->read(buf) == 0u);  // end of file
  BOOST_TEST(*f->pread(buf, 6) == 5u);
  BOOST_TEST(std::string(reinterpret_cast<char*>(buf), 5) == "world");
  BOOST_TEST(*f->tell() == 11u);  // pread leaves the offset
  WASK_OK(f->pwrite(bytes_of("W"), 6));
  BOOST_TEST(c.read("s") == "hello World");
  BOOST_TEST(*f->pread(buf, 100) == 0u);
}

void write_past_end_leaves_hole(Ctx& c) {
  auto f = c.open("h", {.read = true, .write = true, .create = true});
  WASK_OK(f->pwrite(bytes_of("xy"), 10));
  BOOST_TEST(f->stat()->size == 12u);
  std::string text = c.read("h");
  BOOST_TEST(text == std::string(10, '\0') + "xy");
}

void set_size_grow_and_shrink(Ctx& c) {
  c.write("z", "abcdef");
  WASK_OK(c.v.set_size(c.base, "z", 3));
  BOOST_TEST(c.read("z") == "abc");
  WASK_OK(c.v.set_size(c.base, "z", 6));
  BOOST_TEST(c.read("z") == std::string("abc") + std::string(3, '\0'));  // old bytes gone
  auto f = c.open("z", {.read = true, .write = true});
  WASK_OK(f->set_size(1));
  BOOST_TEST(c.v.stat(c.base, "z")->size == 1u);
  WASK_OK(c.v.mkdir(c.base, "d"));
  WASK_ERR(c.v.set_size(c.base, "d", 0), Errc::IsDirectory);
  WASK_ERR(c.v.set_size(c.base, "missing", 0), Errc::NoEntry);
}

void large_file_roundtrip(Ctx& c) {
  std::string data(3 * 1024 * 1024 + 123, '\0');
  uint32_t x = 12345;
  for (auto& ch : data) {
    x = x * 1103515245 + 12345;
    ch = static_cast<char>(x >> 24);
  }
  c.write("big", data);
  BOOST_TEST(c.v.stat(c.base, "big")->size == data.size());
  BOOST_TEST((c.read("big") == data));
  auto f = c.open("big", {.read = true});
  std::string mid(70000, '\0');
  auto n = f->pread(std::as_writable_bytes(std::span(mid.data(), mid.size())), 65000);
  BOOST_TEST(*n == mid.size());
  BOOST_TEST((mid == data.substr(65000, 70000)));
}

void unlink_while_open(Ctx& c) {
  c.write("u", "keep");
  auto f = c.open("u", {.read = true, .write = true});
  WASK_OK(c.v.unlink(c.base, "u"));
  WASK_ERR(c.v.stat(c.base, "u"), Errc::NoEntry);
  BOOST_TEST(read_all(*f) == "keep");
  WASK_OK(f->pwrite(bytes_of("K"), 0));
  std::byte buf[4];
  BOOST_TEST(*f->pread(buf, 0) == 4u);
  BOOST_TEST(static_cast<char>(buf[0]) == 'K');
  BOOST_TEST(f->stat()->nlink == 0u);
  BOOST_TEST(c.names().empty());
}

void rename_while_open(Ctx& c) {
  c.write("before", "text");
  auto f = c.open("before", {.read = true});
  WASK_OK(c.v.rename(c.base, "before", c.base, "after"));
  BOOST_TEST(read_all(*f) == "text");
  BOOST_TEST(c.read("after") == "text");
}

// ---- Directories --------------------------------------------------------------------------

void mkdir_rules(Ctx& c) {
  WASK_OK(c.v.mkdir(c.base, "d"));
  BOOST_TEST((c.v.stat(c.base, "d")->type == FileType::Directory));
  WASK_ERR(c.v.mkdir(c.base, "d"), Errc::Exists);
  WASK_ERR(c.v.mkdir(c.base, "missing/d"), Errc::NoEntry);
  c.write("f", "x");
  WASK_ERR(c.v.mkdir(c.base, "f"), Errc::Exists);
  WASK_ERR(c.v.mkdir(c.base, "f/d"), Errc::NotDirectory);
  WASK_OK(c.v.mkdir(c.base, "e/"));  // a trailing slash is fine for mkdir
  WASK_ERR(c.v.mkdir(c.base, "."), Errc::Exists);
  WASK_ERR(c.v.mkdir(c.base, "d/.."), Errc::Exists);
  BOOST_TEST((c.names() == Names{"d", "e", "f"}));
}

void rmdir_rules(Ctx& c) {
  WASK_OK(c.v.mkdir(c.base, "d"));
  WASK_OK(c.v.mkdir(c.base, "d/sub"));
  c.write("f", "x");
  WASK_ERR(c.v.rmdir(c.base, "d"), Errc::NotEmpty);
  WASK_ERR(c.v.rmdir(c.base, "f"), Errc::NotDirectory);
  WASK_ERR(c.v.rmdir(c.base, "missing"), Errc::NoEntry);
  WASK_ERR(c.v.rmdir(c.base, "d/sub/."), Errc::Invalid);
  WASK_OK(c.v.rmdir(c.base, "d/sub/"));
  WASK_OK(c.v.rmdir(c.base, "d"));
  BOOST_TEST((c.names() == Names{"f"}));
}

void unlink_rules(Ctx& c) {
  c.write("f", "x");
  WASK_OK(c.v.mkdir(c.base, "d"));
  WASK_ERR(c.v.unlink(c.base, "d"), Errc::IsDirectory);
  WASK_ERR(c.v.unlink(c.base, "missing"), Errc::NoEntry);
  WASK_ERR(c.v.unlink(c.base, "f/"), Errc::NotDirectory);
  WASK_ERR(c.v.unlink(c.base, "f/x"), Errc::NotDirectory);
  WASK_OK(c.v.unlink(c.base, "f"));
  BOOST_TEST((c.names() == Names{"d"}));
}

void removed_directory_stays_empty(Ctx& c) {
  WASK_OK(c.v.mkdir(c.base, "gone"));
  auto dir = c.v.open_dir(c.base, "gone");
  BOOST_TEST_REQUIRE(dir.ok());
  WASK_OK(c.v.rmdir(c.base, "gone"));
  WASK_ERR(c.v.write_file(*dir, "f", "x"), Errc::NoEntry);
  WASK_ERR(c.v.mkdir(*dir, "sub"), Errc::NoEntry);
}

void readdir_lists_everything(Ctx& c) {
  c.write("b", "1");
  WASK_OK(c.v.mkdir(c.base, "a"));
  WASK_OK(c.v.symlink("b", c.base, "c"));
  auto entries = c.v.readdir(c.base);
  BOOST_TEST_REQUIRE(entries.ok());
  BOOST_TEST_REQUIRE(entries->size() == 5u);
  BOOST_TEST((*entries)[0].name == ".");
  BOOST_TEST((*entries)[1].name == "..");
  std::map<std::string, FileType> types;
  for (size_t i = 2; i < entries->size(); ++i) types[(*entries)[i].name] = (*entries)[i].type;
  BOOST_TEST((types == std::map<std::string, FileType>{{"a", FileType::Directory},
                                                       {"b", FileType::Regular},
                                                       {"c", FileType::Symlink}}));
  auto st = c.v.stat(c.base, "b");
  for (const auto& e : *entries) {
    if (e.name == "b") BOOST_TEST(e.ino == st->ino);
  }
}

void readdir_resumes_by_cookie(Ctx& c) {
  std::set<std::string> expected{".", ".."};
  for (int i = 0; i < 20; ++i) {
    std::string name = "f" + std::to_string(i);
    c.write(name, "x");
    expected.insert(name);
  }
  std::multiset<std::string> seen;
  uint64_t cookie = 0;
  for (int guard = 0; guard < 100; ++guard) {
    auto batch = c.v.readdir(c.base, cookie, 3);
    BOOST_TEST_REQUIRE(batch.ok());
    if (batch->empty()) break;
    BOOST_TEST(batch->size() <= 3u);
    for (const auto& e : *batch) seen.insert(e.name);
    cookie = batch->back().next_cookie;
  }
  BOOST_TEST((std::set<std::string>(seen.begin(), seen.end()) == expected));
  BOOST_TEST(seen.size() == expected.size());  // nothing twice
}

void readdir_cookie_survives_removal(Ctx& c) {
  for (int i = 0; i < 10; ++i) c.write("f" + std::to_string(i), "x");
  auto first = c.v.readdir(c.base, 0, 5);  // ".", "..", and three files
  BOOST_TEST_REQUIRE(first.ok());
  BOOST_TEST_REQUIRE(first->size() == 5u);
  std::set<std::string> listed;
  for (size_t i = 2; i < 5; ++i) {
    listed.insert((*first)[i].name);
    WASK_OK(c.v.unlink(c.base, (*first)[i].name));  // including the one the cookie names
  }
  auto rest = c.v.readdir(c.base, first->back().next_cookie);
  BOOST_TEST_REQUIRE(rest.ok());
  for (const auto& e : *rest) {
    BOOST_TEST(listed.count(e.name) == 0u);
    listed.insert(e.name);
  }
  BOOST_TEST(listed.size() == 10u);
}

void readdir_through_open_directory(Ctx& c) {
  WASK_OK(c.v.mkdir(c.base, "d"));
  c.write("d/one", "1");
  auto d = c.open("d", {.read = true, .directory = true});
  auto entries = c.v.readdir(d->dir());
  BOOST_TEST_REQUIRE(entries.ok());
  BOOST_TEST(entries->size() == 3u);
  BOOST_TEST(entries->back().name == "one");
  auto dotdot = (*entries)[1];
  BOOST_TEST(dotdot.ino == c.v.stat(c.base, ".")->ino);
}

void rename_files(Ctx& c) {
  c.write("a", "A");
  c.write("b", "B");
  WASK_OK(c.v.rename(c.base, "a", c.base, "c"));
  BOOST_TEST((c.names() == Names{"b", "c"}));
  WASK_OK(c.v.rename(c.base, "c", c.base, "b"));  // replaces b
  BOOST_TEST((c.names() == Names{"b"}));
  BOOST_TEST(c.read("b") == "A");
  WASK_OK(c.v.rename(c.base, "b", c.base, "b"));  // to itself: nothing happens
  BOOST_TEST(c.read("b") == "A");
  WASK_ERR(c.v.rename(c.base, "missing", c.base, "x"), Errc::NoEntry);
  WASK_ERR(c.v.rename(c.base, "b", c.base, "nodir/x"), Errc::NoEntry);
  WASK_OK(c.v.mkdir(c.base, "d"));
  WASK_OK(c.v.rename(c.base, "b", c.base, "d/b"));
  BOOST_TEST(c.read("d/b") == "A");
  WASK_ERR(c.v.rename(c.base, "d/b/", c.base, "e"), Errc::NotDirectory);
}

void rename_type_rules(Ctx& c) {
  c.write("f", "x");
  WASK_OK(c.v.mkdir(c.base, "d"));
  WASK_OK(c.v.mkdir(c.base, "e"));
  WASK_OK(c.v.mkdir(c.base, "full"));
  c.write("full/x", "x");
  WASK_ERR(c.v.rename(c.base, "f", c.base, "d"), Errc::IsDirectory);
  WASK_ERR(c.v.rename(c.base, "d", c.base, "f"), Errc::NotDirectory);
  WASK_ERR(c.v.rename(c.base, "d", c.base, "full"), Errc::NotEmpty);
  WASK_ERR(c.v.rename(c.base, "d", c.base, "d/inside"), Errc::Invalid);
  WASK_OK(c.v.mkdir(c.base, "d/sub"));
  WASK_ERR(c.v.rename(c.base, "d", c.base, "d/sub/deeper"), Errc::Invalid);
  WASK_OK(c.v.rename(c.base, "d", c.base, "e"));  // over an empty directory
  BOOST_TEST((c.names() == Names{"e", "f", "full"}));
  BOOST_TEST((c.names("e") == Names{"sub"}));
  WASK_OK(c.v.rename(c.base, "e/sub", c.base, "moved/"));
  BOOST_TEST((c.v.stat(c.base, "moved")->type == FileType::Directory));
}

void rename_hard_links_to_one_file(Ctx& c) {
  if (!c.options.hard_links) return;
  c.write("one", "1");
  WASK_OK(c.v.link(c.base, "one", c.base, "two"));
  WASK_OK(c.v.rename(c.base, "one", c.base, "two"));  // same file: POSIX does nothing
  BOOST_TEST((c.names() == Names{"one", "two"}));
}

// ---- Symlinks -----------------------------------------------------------------------------

void symlink_and_readlink(Ctx& c) {
  c.write("target", "T");
  WASK_OK(c.v.symlink("target", c.base, "link"));
  BOOST_TEST(*c.v.readlink(c.base, "link") == "target");
  BOOST_TEST((c.v.lstat(c.base, "link")->type == FileType::Symlink));
  BOOST_TEST((c.v.stat(c.base, "link")->type == FileType::Regular));
  BOOST_TEST(c.read("link") == "T");
  WASK_ERR(c.v.symlink("x", c.base, "link"), Errc::Exists);
  WASK_ERR(c.v.symlink("x", c.base, "target"), Errc::Exists);
  WASK_ERR(c.v.readlink(c.base, "target"), Errc::Invalid);
  WASK_ERR(c.v.readlink(c.base, "missing"), Errc::NoEntry);
  WASK_ERR(c.v.symlink("", c.base, "empty"), Errc::NoEntry);
  WASK_ERR(c.v.symlink("x", c.base, "new/"), Errc::NoEntry);
}

void dangling_symlink(Ctx& c) {
  WASK_OK(c.v.symlink("nowhere", c.base, "dangling"));
  WASK_ERR(c.v.stat(c.base, "dangling"), Errc::NoEntry);
  WASK_OK(c.v.lstat(c.base, "dangling"));
  // Creating through a dangling symlink creates its target (as POSIX open(O_CREAT) does).
  WASK_OK(c.v.write_file(c.base, "dangling", "made"));
  BOOST_TEST(c.read("nowhere") == "made");
  WASK_OK(c.v.symlink("nowhere2", c.base, "dangling2"));
  WASK_ERR(c.v.open(c.base, "dangling2", {.write = true, .create = true, .exclusive = true}),
           Errc::Exists);
}

void symlink_to_directory(Ctx& c) {
  WASK_OK(c.v.mkdir(c.base, "real"));
  c.write("real/f", "F");
  WASK_OK(c.v.symlink("real", c.base, "alias"));
  BOOST_TEST(c.read("alias/f") == "F");
  BOOST_TEST((c.v.lstat(c.base, "alias/")->type == FileType::Directory));  // "/" follows
  WASK_ERR(c.v.rmdir(c.base, "alias"), Errc::NotDirectory);
  WASK_OK(c.v.symlink("../real", c.base, "real/up"));  // relative to the link's directory
  BOOST_TEST(c.read("real/up/f") == "F");
  WASK_OK(c.v.unlink(c.base, "alias"));  // removes the link, not the directory
  BOOST_TEST(c.read("real/f") == "F");
}

void symlink_absolute_target_stays_in_vm(Ctx& c) {
  c.write("t", "inside");
  if (!c.options.absolute_symlinks) {
    WASK_ERR(c.v.symlink(c.abs("t"), c.base, "abs"), Errc::Permission);
    WASK_ERR(c.v.lstat(c.base, "abs"), Errc::NoEntry);
    return;
  }
  WASK_OK(c.v.symlink(c.abs("t"), c.base, "abs"));
  BOOST_TEST(c.read("abs") == "inside");
}

void symlink_loops(Ctx& c) {
  WASK_OK(c.v.symlink("b", c.base, "a"));
  WASK_OK(c.v.symlink("a", c.base, "b"));
  WASK_ERR(c.v.stat(c.base, "a"), Errc::Loop);
  WASK_ERR(c.v.read_file(c.base, "a"), Errc::Loop);
  WASK_OK(c.v.symlink("self/x", c.base, "self"));
  WASK_ERR(c.v.stat(c.base, "self"), Errc::Loop);
  WASK_OK(c.v.lstat(c.base, "a"));
}

void open_nofollow(Ctx& c) {
  c.write("t", "x");
  WASK_OK(c.v.symlink("t", c.base, "l"));
  WASK_ERR(c.v.open(c.base, "l", {.read = true, .nofollow = true}), Errc::Loop);
  WASK_OK(c.v.open(c.base, "t", {.read = true, .nofollow = true}));
}

// ---- Hard links ---------------------------------------------------------------------------

void hard_links(Ctx& c) {
  if (!c.options.hard_links) return;
  c.write("orig", "1");
  WASK_OK(c.v.link(c.base, "orig", c.base, "copy"));
  auto a = c.v.stat(c.base, "orig");
  auto b = c.v.stat(c.base, "copy");
  BOOST_TEST(a->ino == b->ino);
  BOOST_TEST(a->nlink == 2u);
  WASK_OK(c.v.write_file(c.base, "copy", "2"));
  BOOST_TEST(c.read("orig") == "2");
  WASK_OK(c.v.unlink(c.base, "orig"));
  BOOST_TEST(c.read("copy") == "2");
  BOOST_TEST(c.v.stat(c.base, "copy")->nlink == 1u);
  WASK_OK(c.v.mkdir(c.base, "d"));
  WASK_ERR(c.v.link(c.base, "d", c.base, "d2"), Errc::Permission);
  WASK_ERR(c.v.link(c.base, "missing", c.base, "x"), Errc::NoEntry);
  c.write("other", "o");
  WASK_ERR(c.v.link(c.base, "copy", c.base, "other"), Errc::Exists);
}

// ---- Metadata -----------------------------------------------------------------------------

void set_and_read_times(Ctx& c) {
  c.write("t", "x");
  const uint64_t a = 1'600'000'000'123'456'789ull, m = 1'500'000'000'987'654'321ull;
  WASK_OK(c.v.set_times(c.base, "t", TimeChange::set(a), TimeChange::set(m)));
  auto st = c.v.stat(c.base, "t");
  if (c.options.exact_times) {
    BOOST_TEST(st->atime_ns == a);
    BOOST_TEST(st->mtime_ns == m);
  } else {
    BOOST_TEST(st->atime_ns / 1'000'000'000 == a / 1'000'000'000);
    BOOST_TEST(st->mtime_ns / 1'000'000'000 == m / 1'000'000'000);
  }
  WASK_OK(c.v.set_times(c.base, "t", TimeChange::leave(), TimeChange::now()));
  auto after = c.v.stat(c.base, "t");
  BOOST_TEST(after->atime_ns == st->atime_ns);
  BOOST_TEST(after->mtime_ns > m);
  WASK_ERR(c.v.set_times(c.base, "missing", TimeChange::now(), TimeChange::now()), Errc::NoEntry);
}

void write_changes_mtime(Ctx& c) {
  c.write("w", "x");
  WASK_OK(c.v.set_times(c.base, "w", TimeChange::leave(), TimeChange::set(1'000'000'000)));
  WASK_OK(c.v.write_file(c.base, "w", "y", {.append = true}));
  BOOST_TEST(c.v.stat(c.base, "w")->mtime_ns > 1'000'000'000u);
}

void chmod_sets_permission_bits(Ctx& c) {
  c.write("f", "x");
  WASK_OK(c.v.mkdir(c.base, "d"));
  WASK_OK(c.v.symlink("f", c.base, "l"));
  WASK_OK(c.v.chmod(c.base, "f", 0640));
  BOOST_TEST(c.v.stat(c.base, "f")->mode == 0640u);
  WASK_OK(c.v.chmod(c.base, "d", 0700));
  BOOST_TEST(c.v.stat(c.base, "d")->mode == 0700u);
  WASK_OK(c.v.chmod(c.base, "f", 0100604));  // type bits in the argument are ignored
  BOOST_TEST(c.v.stat(c.base, "f")->mode == 0604u);
  WASK_OK(c.v.chmod(c.base, "l", 0600));  // follows the symlink to its target
  BOOST_TEST(c.v.stat(c.base, "f")->mode == 0600u);
  BOOST_TEST(c.v.lstat(c.base, "l")->mode == 0777u);  // a symlink's own bits, as on Linux
  WASK_ERR(c.v.chmod(c.base, "l", 0600, {.follow = false}), Errc::NotSupported);
  WASK_ERR(c.v.chmod(c.base, "missing", 0600), Errc::NoEntry);
  auto f = c.open("f", {.read = true});
  BOOST_TEST(f->stat()->mode == 0600u);  // an open file sees the same bits
  WASK_OK(c.v.chmod(c.base, "d", 0755));
}

void distinct_inodes_and_dev(Ctx& c) {
  c.write("one", "1");
  c.write("two", "2");
  auto a = c.v.stat(c.base, "one");
  auto b = c.v.stat(c.base, "two");
  BOOST_TEST(a->ino != b->ino);
  BOOST_TEST(a->dev == b->dev);
  BOOST_TEST(a->dev == c.v.stat(c.base, ".")->dev);
  auto f = c.open("one", {.read = true});
  BOOST_TEST(f->stat()->ino == a->ino);
  BOOST_TEST(f->stat()->dev == a->dev);
}

// ---- Paths --------------------------------------------------------------------------------

void trailing_slash_and_dots(Ctx& c) {
  c.write("f", "x");
  WASK_OK(c.v.mkdir(c.base, "d"));
  WASK_ERR(c.v.stat(c.base, "f/"), Errc::NotDirectory);
  WASK_ERR(c.v.stat(c.base, "f/."), Errc::NotDirectory);
  WASK_ERR(c.v.open(c.base, "f/", {.read = true}), Errc::NotDirectory);
  WASK_OK(c.v.stat(c.base, "d/"));
  WASK_OK(c.v.stat(c.base, "d/./"));
  WASK_OK(c.v.stat(c.base, "d//."));
  BOOST_TEST(c.v.stat(c.base, "d/..")->ino == c.v.stat(c.base, ".")->ino);
  BOOST_TEST(c.read("d/../f") == "x");
  BOOST_TEST(c.read("./d/.././f") == "x");
}

void bad_names(Ctx& c) {
  std::string long_name(256, 'n');
  WASK_ERR(c.v.write_file(c.base, long_name, "x"), Errc::NameTooLong);
  WASK_ERR(c.v.mkdir(c.base, long_name), Errc::NameTooLong);
  WASK_OK(c.v.write_file(c.base, std::string(255, 'n'), "x"));
  WASK_ERR(c.v.stat(c.base, std::string("a\0b", 3)), Errc::Invalid);
  WASK_ERR(c.v.stat(c.base, ""), Errc::NoEntry);
  std::string long_path;
  while (long_path.size() <= 4096) long_path += "d/";
  WASK_ERR(c.v.stat(c.base, long_path), Errc::NameTooLong);
}

void beneath_the_start(Ctx& c) {
  WASK_OK(c.v.mkdir(c.base, "jail"));
  c.write("secret", "s");
  c.write("jail/ok", "ok");
  auto jail = c.v.open_dir(c.base, "jail");
  BOOST_TEST_REQUIRE(jail.ok());
  Resolve confined{.beneath = true};
  WASK_OK(c.v.stat(*jail, "ok", confined));
  WASK_OK(c.v.mkdir(*jail, "sub"));
  WASK_OK(c.v.stat(*jail, "./sub/../ok", confined));
  WASK_ERR(c.v.stat(*jail, "sub/../../secret", confined), Errc::NotCapable);
  WASK_ERR(c.v.stat(*jail, "../secret", confined), Errc::NotCapable);
  WASK_ERR(c.v.stat(*jail, c.abs("secret"), confined), Errc::NotCapable);
  WASK_OK(c.v.symlink("../secret", *jail, "out"));
  WASK_ERR(c.v.stat(*jail, "out", confined), Errc::NotCapable);
  if (c.options.absolute_symlinks) {
    WASK_OK(c.v.symlink(c.abs("jail/ok"), *jail, "absolute"));
    WASK_ERR(c.v.stat(*jail, "absolute", confined), Errc::NotCapable);
  }
  WASK_OK(c.v.stat(*jail, "out"));  // not confined: allowed
}

// ---- Conveniences -------------------------------------------------------------------------

void conveniences(Ctx& c) {
  WASK_OK(c.v.mkdir_p(c.base, "a/b/c"));
  WASK_OK(c.v.mkdir_p(c.base, "a/b/c"));  // already there: fine
  WASK_OK(c.v.write_file(c.base, "x/y/z.txt", "deep", {.create_parents = true}));
  BOOST_TEST(c.read("x/y/z.txt") == "deep");
  c.write("a/b/file", "f");
  WASK_ERR(c.v.mkdir_p(c.base, "a/b/file/sub"), Errc::NotDirectory);
  WASK_OK(c.v.symlink("b", c.base, "a/link"));
  WASK_OK(c.v.remove(c.base, "a"));
  WASK_OK(c.v.remove(c.base, "x/y/z.txt"));
  BOOST_TEST((c.names() == Names{"x"}));
  WASK_ERR(c.v.remove(c.base, "a"), Errc::NoEntry);
  WASK_ERR(c.v.remove(c.base, "."), Errc::Invalid);
  WASK_ERR(c.v.remove(c.base, "x/.."), Errc::Invalid);
  BOOST_TEST((c.names() == Names{"x"}));  // nothing removed
  WASK_ERR(c.v.read_file(c.base, "x"), Errc::IsDirectory);
}

struct Case {
  const char* name;
  void (*run)(Ctx&);
};

const Case kCases[] = {
    {"write_then_read", write_then_read},
    {"empty_file", empty_file},
    {"open_missing_without_create", open_missing_without_create},
    {"open_create_exclusive", open_create_exclusive},
    {"open_truncate", open_truncate},
    {"open_access_modes", open_access_modes},
    {"open_directory_rules", open_directory_rules},
    {"append_mode", append_mode},
    {"offsets_and_seek", offsets_and_seek},
    {"write_past_end_leaves_hole", write_past_end_leaves_hole},
    {"set_size_grow_and_shrink", set_size_grow_and_shrink},
    {"large_file_roundtrip", large_file_roundtrip},
    {"unlink_while_open", unlink_while_open},
    {"rename_while_open", rename_while_open},
    {"mkdir_rules", mkdir_rules},
    {"rmdir_rules", rmdir_rules},
    {"unlink_rules", unlink_rules},
    {"removed_directory_stays_empty", removed_directory_stays_empty},
    {"readdir_lists_everything", readdir_lists_everything},
    {"readdir_resumes_by_cookie", readdir_resumes_by_cookie},
    {"readdir_cookie_survives_removal", readdir_cookie_survives_removal},
    {"readdir_through_open_directory", readdir_through_open_directory},
    {"rename_files", rename_files},
    {"rename_type_rules", rename_type_rules},
    {"rename_hard_links_to_one_file", rename_hard_links_to_one_file},
    {"symlink_and_readlink", symlink_and_readlink},
    {"dangling_symlink", dangling_symlink},
    {"symlink_to_directory", symlink_to_directory},
    {"symlink_absolute_target_stays_in_vm", symlink_absolute_target_stays_in_vm},
    {"symlink_loops", symlink_loops},
    {"open_nofollow", open_nofollow},
    {"hard_links", hard_links},
    {"set_and_read_times", set_and_read_times},
    {"write_changes_mtime", write_changes_mtime},
    {"chmod_sets_permission_bits", chmod_sets_permission_bits},
    {"distinct_inodes_and_dev", distinct_inodes_and_dev},
    {"trailing_slash_and_dots", trailing_slash_and_dots},
    {"bad_names", bad_names},
    {"beneath_the_start", beneath_the_start},
    {"conveniences", conveniences},
};

}  // namespace

void register_contract_suite(const std::string& name, ContractFactory factory,
                             ContractOptions options) {
  namespace utf = boost::unit_test;
  utf::test_suite* suite = BOOST_TEST_SUITE(name);
  for (const Case& test_case : kCases) {
    auto body = [factory, options, run = test_case.run] {
      Ctx ctx(factory(), options);
      run(ctx);
    };
    suite->add(
        utf::make_test_case(std::function<void()>(body), test_case.name, __FILE__, __LINE__));
  }
  utf::framework::master_test_suite().add(suite);
}

ContractEnv memfs_root_env() {
  ContractEnv env;
  auto mounted = env.vfs->mount("/", backends::Memfs::create());
  BOOST_TEST_REQUIRE(mounted.ok());
  env.base = "/";
  return env;
}

}  // namespace wask::test
