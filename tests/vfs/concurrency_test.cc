// Several threads in one Vfs at once: appenders, writers sharing one description, creators that
// rename into place while readers list and read, mounts coming and going. Checks that no write is
// lost or torn. Runs under ThreadSanitizer in CI (label "concurrency").
#define BOOST_TEST_MODULE vfs_concurrency
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "backends/memfs/memfs.h"
#include "tests/vfs/check.h"
#include "vfs/vfs.h"

using wask::backends::Memfs;
using wask::test::bytes_of;
using wask::vfs::Errc;
using wask::vfs::Vfs;

namespace {

constexpr int kThreads = 4;

// A fixed-width record: "t<thread>:<index>" padded with '.' to 16 bytes and a newline.
std::string record(int thread, int index) {
  std::string r = "t" + std::to_string(thread) + ":" + std::to_string(index);
  r.resize(15, '.');
  return r + "\n";
}

// Every record exactly once, none torn.
void check_records(const std::string& text, int per_thread) {
  BOOST_TEST_REQUIRE(text.size() == size_t(kThreads) * per_thread * 16);
  std::set<std::string> seen;
  for (size_t at = 0; at < text.size(); at += 16) seen.insert(text.substr(at, 16));
  BOOST_TEST(seen.size() == size_t(kThreads) * per_thread);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < per_thread; ++i) BOOST_TEST_REQUIRE(seen.count(record(t, i)) == 1u);
  }
}

void run_threads(int n, const std::function<void(int)>& body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < n; ++t) threads.emplace_back(body, t);
  for (auto& th : threads) th.join();
}

}  // namespace

BOOST_AUTO_TEST_CASE(appenders_with_their_own_descriptions_lose_nothing) {
  Vfs v;
  BOOST_TEST_REQUIRE(v.mount("/", Memfs::create()).ok());
  BOOST_TEST_REQUIRE(v.write_file("/log", "").ok());
  constexpr int kPer = 2000;
  std::atomic<int> failures{0};
  run_threads(kThreads, [&](int t) {
    auto f = v.open("/log", {.read = false, .write = true, .append = true});
    if (!f) return void(++failures);
    for (int i = 0; i < kPer; ++i) {
      auto n = (*f)->write(bytes_of(record(t, i)));
      if (!n || *n != 16) ++failures;
    }
  });
  BOOST_TEST(failures.load() == 0);
  check_records(*v.read_file("/log"), kPer);
}

BOOST_AUTO_TEST_CASE(writers_sharing_one_description_advance_one_offset) {
  Vfs v;
  BOOST_TEST_REQUIRE(v.mount("/", Memfs::create()).ok());
  auto f = v.open("/shared", {.read = true, .write = true, .create = true});
  BOOST_TEST_REQUIRE(f.ok());
  constexpr int kPer = 2000;
  std::atomic<int> failures{0};
  run_threads(kThreads, [&](int t) {
    for (int i = 0; i < kPer; ++i) {
      auto n = (*f)->write(bytes_of(record(t, i)));
      if (!n || *n != 16) ++failures;
      if (i % 100 == 0) (void)(*f)->stat();
    }
  });
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(*(*f)->tell() == size_t(kThreads) * kPer * 16);
  check_records(*v.read_file("/shared"), kPer);
}

BOOST_AUTO_TEST_CASE(positional_writers_and_readers_on_one_file) {
  Vfs v;
  BOOST_TEST_REQUIRE(v.mount("/", Memfs::create()).ok());
  constexpr int kPer = 1000;
  BOOST_TEST_REQUIRE(v.write_file("/grid", std::string(size_t(kThreads) * kPer * 16, ' ')).ok());
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    auto f = v.open("/grid", {.read = true});
    std::string buf(16, '\0');
    while (!done.load()) {
      for (int slot = 0; slot < kThreads * kPer; slot += 97) {
        auto n = (*f)->pread(std::as_writable_bytes(std::span(buf.data(), 16)), slot * 16);
        // A record is either still blank or complete: never half of one (writes are atomic).
        if (n && *n == 16 && buf != std::string(16, ' ') && buf.back() != '\n') ++torn;
      }
    }
  });
  run_threads(kThreads, [&](int t) {
    auto f = v.open("/grid", {.read = false, .write = true});
    for (int i = 0; i < kPer; ++i) {
      (void)(*f)->pwrite(bytes_of(record(t, i)), (uint64_t(i) * kThreads + t) * 16);
    }
  });
  done = true;
  reader.join();
  BOOST_TEST(torn.load() == 0);
  check_records(*v.read_file("/grid"), kPer);
}

BOOST_AUTO_TEST_CASE(create_write_rename_while_others_list_and_read) {
  Vfs v;
  BOOST_TEST_REQUIRE(v.mount("/", Memfs::create()).ok());
  BOOST_TEST_REQUIRE(v.mkdir_p("/work").ok());
  BOOST_TEST_REQUIRE(v.mount("/done", Memfs::create()).ok());
  BOOST_TEST_REQUIRE(v.mkdir("/done/in").ok());
  constexpr int kPer = 100;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, bad_reads{0};

  // Listers and readers: every file seen in /done/in must have its whole content.
  std::vector<std::thread> watchers;
  for (int w = 0; w < 2; ++w) {
    watchers.emplace_back([&] {
      auto dir = v.open_dir("/done/in");
      while (!stop.load()) {
        auto names = v.list(*dir, ".");
        if (!names) {
          ++failures;
          continue;
        }
        for (size_t i = 0; i < names->size(); i += 8) {  // a sample keeps this linear
          const std::string& name = (*names)[i];
          auto text = v.read_file(*dir, name);
          if (text && *text != "content of " + name) ++bad_reads;
        }
        (void)v.list("/work");
        (void)v.stat("/work");
        std::this_thread::sleep_for(std::chrono::microseconds(200));  // leave the creators CPU
      }
    });
  }
  // Creators write in one mount, then move the file into place with a rename in the same mount.
  run_threads(kThreads, [&](int t) {
    auto work = v.open_dir("/done");
    for (int i = 0; i < kPer; ++i) {
      std::string name = "t" + std::to_string(t) + "_" + std::to_string(i);
      if (!v.write_file(*work, name + ".tmp", "content of " + name)) ++failures;
      if (!v.rename(*work, name + ".tmp", *work, "in/" + name)) ++failures;
      // The scratch area in the other mount: create, list, remove.
      std::string scratch = "/work/t" + std::to_string(t) + "/" + std::to_string(i % 5);
      if (!v.write_file(scratch, "x", {.create_parents = true})) ++failures;
      if (i % 5 == 4 && !v.remove("/work/t" + std::to_string(t))) ++failures;
      // Moving across the mounts is refused, and changes nothing.
      if (v.rename("/done/in/" + name, "/work/" + name).error() != Errc::CrossDevice) ++failures;
    }
  });
  stop = true;
  for (auto& w : watchers) w.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(bad_reads.load() == 0);
  auto names = v.list("/done/in");
  BOOST_TEST_REQUIRE(names.ok());
  BOOST_TEST(names->size() == size_t(kThreads) * kPer);
  BOOST_TEST((*v.list("/done") == std::vector<std::string>{"in"}));  // no .tmp left
}

BOOST_AUTO_TEST_CASE(mounts_come_and_go_while_paths_are_walked) {
  Vfs v;
  BOOST_TEST_REQUIRE(v.mount("/", Memfs::create()).ok());
  BOOST_TEST_REQUIRE(v.write_file("/home/f", "home", {.create_parents = true}).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread mounter([&] {
    for (int i = 0; i < 300; ++i) {
      std::string at = "/mnt/m" + std::to_string(i % 3);
      auto fs = Memfs::create();
      if (!v.mount(at, fs)) ++failures;
      (void)v.write_file(at + "/x", "x");
      auto gone = v.unmount(at);
      // Busy is fine while a walker has something open there; then try again.
      while (!gone && gone.error() == Errc::Busy) {
        std::this_thread::yield();
        gone = v.unmount(at);
      }
      if (!gone) ++failures;
    }
    stop = true;
  });
  run_threads(3, [&](int t) {
    auto home = v.open_dir("/home");
    while (!stop.load()) {
      if (*v.read_file(*home, "f") != "home") ++failures;
      (void)v.list("/mnt");
      auto f = v.open("/mnt/m" + std::to_string(t) + "/x", {.read = true});
      if (f) (void)(*f)->stat();
      (void)v.stat(*home, "../mnt/m1/x");
      (void)v.mounts();
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  });
  mounter.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(v.mounts().size() == 1u);
}
