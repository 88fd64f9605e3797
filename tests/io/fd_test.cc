// The fd table over open descriptions, /dev, normalised fd paths, and poll_oneoff's host memory.
#define BOOST_TEST_MODULE io_fd
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "backends/devfs/devfs.h"
#include "backends/memfs/memfs.h"
#include "vfs/memory_io.h"
#include "vfs/pipe.h"
#include "wasi/context.h"
#include "wasi/syscalls.h"
#include "wasi/vfs_glue.h"

#include "tests/io/alloc_counter.h"

using namespace wask;
using wasi::Errno;
using wasi::Fd;

namespace {

std::span<const std::byte> bytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

std::shared_ptr<vfs::Vfs> vm_with_dev(std::optional<uint64_t> seed = std::nullopt) {
  auto fs = std::make_shared<vfs::Vfs>();
  BOOST_REQUIRE(fs->mount("/", backends::Memfs::create()).ok());
  BOOST_REQUIRE(fs->mount("/dev", backends::make_devfs({.seed = seed})).ok());
  return fs;
}

}  // namespace

BOOST_AUTO_TEST_CASE(dup_family_shares_descriptions) {
  wasi::FdTable t(8);
  auto [r, w] = vfs::make_pipe();
  t.put(Fd{0}, wasi::entry_for(r, "pipe:r"));
  t.put(Fd{1}, wasi::entry_for(w, "pipe:w"));
  BOOST_TEST((t.dup(Fd{1}).ok() && (*t.dup(Fd{1})).value == 3u));  // 2 then 3: lowest free
  BOOST_TEST(t.find(Fd{2})->file == w);
  BOOST_TEST((*t.dup_min(Fd{0}, 6)).value == 6u);
  BOOST_TEST((*t.dup_min(Fd{0}, 6)).value == 7u);
  BOOST_TEST((*t.dup(Fd{0})).value == 4u);
  BOOST_TEST((*t.dup(Fd{0})).value == 5u);
  BOOST_TEST((t.dup(Fd{0}).error() == Errno::MFile));  // 8 open: the limit
  BOOST_TEST((t.dup2(Fd{0}, Fd{9}) == Errno::MFile));
  BOOST_TEST((t.dup2(Fd{0}, Fd{7}) == Errno::Success));  // replaces an open fd: no new slot
  BOOST_TEST((t.dup2(Fd{42}, Fd{1}) == Errno::BadF));
  BOOST_TEST((t.renumber(Fd{6}, Fd{5}) == Errno::Success));
  BOOST_TEST(!t.find(Fd{6}));

  // A copy (a child's inherited table) shares the descriptions: the write end stays open until
  // the last table lets go.
  wasi::FdTable child = t;
  w.reset();
  for (Fd fd : t.open_fds()) (void)t.close(fd);
  BOOST_TEST(!r->readiness().hangup);
  for (Fd fd : child.open_fds())
    if (child.find(fd)->file->writable()) (void)child.close(fd);
  BOOST_TEST(r->readiness().hangup);
}

BOOST_AUTO_TEST_CASE(entry_rights_follow_the_description) {
  auto [r, w] = vfs::make_pipe();
  auto read_end = wasi::entry_for(r, "r");
  BOOST_TEST((read_end.base.bits & wasi::right::FD_READ) != 0u);
  BOOST_TEST((read_end.base.bits & (wasi::right::FD_WRITE | wasi::right::FD_SEEK)) == 0u);
  auto write_end = wasi::entry_for(w, "w");
  BOOST_TEST((write_end.base.bits & wasi::right::FD_WRITE) != 0u);
  BOOST_TEST((write_end.base.bits & wasi::right::FD_READ) == 0u);
  auto fs = vm_with_dev();
  auto dir = fs->open("/", {.read = true, .directory = true});
  auto d = wasi::entry_for(*dir, "/");
  BOOST_TEST((d.base.bits & wasi::right::PATH_OPEN) != 0u);
  BOOST_TEST(d.is_directory());
}

BOOST_AUTO_TEST_CASE(devfs_devices) {
  auto fs = vm_with_dev(7);
  BOOST_TEST((*fs->list("/dev") ==
              std::vector<std::string>{"null", "stderr", "stdin", "stdout", "urandom", "zero"}));
  BOOST_TEST((fs->stat("/dev/null")->type == vfs::FileType::CharDevice));
  BOOST_TEST(fs->stat("/dev/null")->mode == 0666u);
  BOOST_TEST((fs->stat("/dev")->type == vfs::FileType::Directory));
  auto null = fs->open("/dev/null", {.read = true, .write = true, .truncate = true});
  BOOST_REQUIRE(null);
  BOOST_TEST(*(*null)->write(bytes("gone")) == 4u);
  std::byte buf[64];
  BOOST_TEST(*(*null)->read(buf) == 0u);
  auto zero = fs->open("/dev/zero", {.read = true});
  BOOST_TEST(*(*zero)->read(buf) == 64u);
  BOOST_TEST(std::all_of(buf, buf + 64, [](std::byte b) { return b == std::byte{0}; }));
  // Seeded: two VMs with one seed read the same bytes; another seed differs.
  auto read16 = [](std::shared_ptr<vfs::Vfs> v) {
    std::string s(16, '\0');
    auto f = v->open("/dev/urandom", {.read = true});
    (void)(*f)->read({reinterpret_cast<std::byte*>(s.data()), s.size()});
    return s;
  };
  BOOST_TEST(read16(vm_with_dev(7)) == read16(vm_with_dev(7)));
  BOOST_TEST(read16(vm_with_dev(7)) != read16(vm_with_dev(8)));
  BOOST_TEST(read16(vm_with_dev()) != read16(vm_with_dev()));
  // The names are fixed.
  BOOST_TEST((fs->write_file("/dev/new", "x").error() == vfs::Errc::Access));
  BOOST_TEST((fs->mkdir("/dev/sub").error() == vfs::Errc::Access));
  BOOST_TEST((fs->unlink("/dev/null").error() == vfs::Errc::Access));
  BOOST_TEST((fs->rename("/dev/null", "/dev/nil").error() == vfs::Errc::Access));
  BOOST_TEST((fs->stat("/dev/null/x").error() == vfs::Errc::NotDirectory));
  BOOST_TEST((fs->stat("/dev/missing").error() == vfs::Errc::NoEntry));
  // stdin/stdout/stderr are aliases of the opening process's fds.
  auto in = fs->open("/dev/stdin", {.read = true});
  BOOST_REQUIRE(in);
  BOOST_TEST(*(*in)->alias_fd() == 0u);
  BOOST_TEST(!(*null)->alias_fd());
  // Times can be set; sizes stay 0.
  BOOST_TEST(
      fs->set_times(fs->root(), "/dev/null", vfs::TimeChange::set(5), vfs::TimeChange::set(6))
          .ok());
  BOOST_TEST(fs->stat("/dev/null")->mtime_ns == 6u);
  BOOST_TEST(fs->stat("/dev/null")->size == 0u);
}

BOOST_AUTO_TEST_CASE(vm_paths_are_normalised) {
  BOOST_TEST(wasi::join_vm_path("/tmp", "./././x") == "/tmp/x");
  BOOST_TEST(wasi::join_vm_path("/tmp", "a//b/../c/.") == "/tmp/a/c");
  BOOST_TEST(wasi::join_vm_path("/", "../../..") == "/");
  BOOST_TEST(wasi::join_vm_path("/tmp", "/abs/./p") == "/abs/p");
  BOOST_TEST(wasi::join_vm_path("/tmp", ".") == "/tmp");
}

BOOST_AUTO_TEST_CASE(poll_oneoff_host_memory_is_bounded) {
  constexpr uint32_t kSubs = 500000;  // 24 MB of subscriptions, 16 MB of events
  std::vector<uint8_t> memory(size_t(kSubs) * (sizeof(wasi::Subscription) + sizeof(wasi::Event)) +
                              64);
  auto* subs = reinterpret_cast<wasi::Subscription*>(memory.data());
  for (uint32_t i = 0; i < kSubs; ++i) {
    subs[i] = {};
    subs[i].userdata = i;
    subs[i].tag = wasi::EventType::Clock;
    subs[i].u.clock.id = uint32_t(wasi::ClockId::Monotonic);
    subs[i].u.clock.timeout = 0;  // ready at once
  }
  uint32_t events_at = kSubs * sizeof(wasi::Subscription);
  uint32_t nevents_at = events_at + kSubs * sizeof(wasi::Event);
  wasi::WasiOptions options;
  options.vfs = vm_with_dev();
  auto ctx = wasi::WasiContext::create(std::move(options));
  BOOST_REQUIRE(ctx);
  wasi::Call call{**ctx, wasi::GuestMemory(std::span<uint8_t>(memory))};
  Errno e = Errno::Success;
  int64_t peak = alloc_counter::peak_bytes(
      [&] { e = wasi::syscalls::poll_oneoff(call, {0}, {events_at}, kSubs, {nevents_at}); });
  BOOST_TEST((e == Errno::Success));
  uint32_t n = 0;
  std::memcpy(&n, memory.data() + nevents_at, 4);
  BOOST_TEST(n == kSubs);
  auto* events = reinterpret_cast<wasi::Event*>(memory.data() + events_at);
  BOOST_TEST(events[kSubs - 1].userdata == kSubs - 1);
  BOOST_TEST(peak < 64 * 1024, "poll_oneoff allocated " << peak << " bytes");
}
