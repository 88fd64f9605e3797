// The bundle backend through the Vfs: what a read-only flat directory must do (the parts of the
// backend contract that apply without writing), and that every change is refused.
#define BOOST_TEST_MODULE bundle
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

#include "backends/bundle/bundle.h"
#include "backends/memfs/memfs.h"
#include "tests/vfs/check.h"
#include "vfs/vfs.h"

namespace {

using wask::backends::Bundle;
using wask::backends::BundleFile;
using wask::test::bytes_of;
using wask::vfs::Errc;
using wask::vfs::FileType;
using wask::vfs::OpenFlags;
using wask::vfs::TimeChange;

const std::string kHello = "hello, world\n";
const std::string kBig(100000, 'x');

std::vector<BundleFile> sample_files() {
  return {{"hello", bytes_of(kHello)}, {"big", bytes_of(kBig)}, {"empty", {}}};
}

// A memfs root with the bundle at /bin, as every VM has it.
std::shared_ptr<wask::vfs::Vfs> vm_with_bin(std::vector<BundleFile> files = sample_files()) {
  auto fs = std::make_shared<wask::vfs::Vfs>();
  BOOST_TEST_REQUIRE(fs->mount("/", wask::backends::Memfs::create()).ok());
  auto bundle = Bundle::create(std::move(files), 1'000'000'000);
  BOOST_TEST_REQUIRE(bundle.ok());
  BOOST_TEST_REQUIRE(fs->mount("/bin", *bundle).ok());
  return fs;
}

BOOST_AUTO_TEST_CASE(reads_every_file_whole_and_at_offsets) {
  auto fs = vm_with_bin();
  BOOST_TEST(*fs->read_file("/bin/hello") == kHello);
  BOOST_TEST(*fs->read_file("/bin/big") == kBig);
  BOOST_TEST(fs->read_file("/bin/empty")->empty());
  auto file = fs->open("/bin/big", OpenFlags{});
  BOOST_TEST_REQUIRE(file.ok());
  std::byte buf[10];
  BOOST_TEST_REQUIRE((*file)->seek(99995, wask::vfs::Whence::Set).ok());
  auto n = (*file)->read(buf);
  BOOST_TEST_REQUIRE(n.ok());
  BOOST_TEST(*n == 5u);  // short read at the end
  n = (*file)->read(buf);
  BOOST_TEST(*n == 0u);
}

BOOST_AUTO_TEST_CASE(stat_types_sizes_and_distinct_inodes) {
  auto fs = vm_with_bin();
  auto dir = fs->stat("/bin");
  BOOST_TEST_REQUIRE(dir.ok());
  BOOST_TEST((dir->type == FileType::Directory));
  std::set<uint64_t> inodes{dir->ino};
  for (std::string name : {"hello", "big", "empty"}) {
    auto st = fs->stat("/bin/" + name);
    BOOST_TEST_REQUIRE(st.ok());
    BOOST_TEST((st->type == FileType::Regular));
    BOOST_TEST(st->nlink == 1u);
    BOOST_TEST(st->mode == 0555u);
    BOOST_TEST(st->mtime_ns == 1'000'000'000u);
    inodes.insert(st->ino);
  }
  BOOST_TEST(inodes.size() == 4u);
  BOOST_TEST(fs->stat("/bin/big")->size == kBig.size());
  BOOST_TEST(fs->stat("/bin/nosuch").error() == Errc::NoEntry);
  BOOST_TEST(fs->stat("/bin/hello/x").error() == Errc::NotDirectory);
}

BOOST_AUTO_TEST_CASE(readdir_lists_sorted_and_resumes_by_cookie) {
  auto fs = vm_with_bin();
  BOOST_TEST((*fs->list("/bin") == std::vector<std::string>{"big", "empty", "hello"}));
  auto dir = fs->open_dir("/bin");
  BOOST_TEST_REQUIRE(dir.ok());
  std::vector<std::string> seen;
  uint64_t cookie = 0;
  for (int guard = 0; guard < 20; ++guard) {
    auto batch = fs->readdir(*dir, cookie, 2);
    BOOST_TEST_REQUIRE(batch.ok());
    if (batch->empty()) break;
    BOOST_TEST(batch->size() <= 2u);
    for (const auto& e : *batch) seen.push_back(e.name);
    cookie = batch->back().next_cookie;
  }
  BOOST_TEST((seen == std::vector<std::string>{".", "..", "big", "empty", "hello"}));
}

BOOST_AUTO_TEST_CASE(every_change_is_refused) {
  auto fs = vm_with_bin();
  OpenFlags write;
  write.write = true;
  BOOST_TEST(fs->open("/bin/hello", write).error() == Errc::ReadOnly);
  OpenFlags create;
  create.write = create.create = true;
  BOOST_TEST(fs->open("/bin/new", create).error() == Errc::ReadOnly);
  BOOST_TEST(fs->write_file("/bin/hello", "x").error() == Errc::ReadOnly);
  BOOST_TEST(fs->mkdir("/bin/d").error() == Errc::ReadOnly);
  BOOST_TEST(fs->unlink("/bin/hello").error() == Errc::ReadOnly);
  BOOST_TEST(fs->rmdir("/bin/hello").error() == Errc::NotDirectory);  // the type comes first
  BOOST_TEST(fs->symlink("hello", "/bin/l").error() == Errc::ReadOnly);
  BOOST_TEST(fs->rename("/bin/hello", "/bin/other").error() == Errc::ReadOnly);
  BOOST_TEST(fs->rename("/bin/hello", "/tmp-hello").error() == Errc::CrossDevice);
  BOOST_TEST(
      fs->set_times(fs->root(), "/bin/hello", TimeChange::now(), TimeChange::now()).error() ==
      Errc::ReadOnly);
  BOOST_TEST(fs->set_size(fs->root(), "/bin/hello", 0).error() == Errc::ReadOnly);
  BOOST_TEST(fs->chmod("/bin/hello", 0777).error() == Errc::ReadOnly);
  BOOST_TEST(fs->stat("/bin/hello")->mode == 0555u);
  BOOST_TEST(*fs->read_file("/bin/hello") == kHello);  // unchanged
}

BOOST_AUTO_TEST_CASE(directory_rules) {
  auto fs = vm_with_bin();
  OpenFlags write;
  write.write = true;
  BOOST_TEST(!fs->open("/bin", write).ok());
  BOOST_TEST(fs->readlink("/bin/hello").error() == Errc::Invalid);
  BOOST_TEST(fs->list("/bin/hello").error() == Errc::NotDirectory);
}

BOOST_AUTO_TEST_CASE(bad_or_duplicate_names_are_rejected) {
  BOOST_TEST(Bundle::create({{"a/b", {}}}).error() == Errc::Invalid);
  BOOST_TEST(Bundle::create({{"..", {}}}).error() == Errc::Invalid);
  BOOST_TEST(Bundle::create({{"", {}}}).error() == Errc::Invalid);
  BOOST_TEST(Bundle::create({{"a", {}}, {"a", {}}}).error() == Errc::Invalid);
  BOOST_TEST(Bundle::create({}).ok());  // an empty directory is fine
}

}  // namespace
