// hostfs under several threads at once, through the Vfs: appenders, creators renaming into place
// while others list and read, and paged listings of one shared directory handle while files come
// and go. No lost or torn write, no listing that repeats or misses a stable entry. Runs under
// ThreadSanitizer in CI (label "concurrency").
#define BOOST_TEST_MODULE hostfs_concurrency
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <set>
#include <thread>
#include <vector>

#include "backends/hostfs/hostfs.h"
#include "tests/hostfs/host_tree.h"
#include "tests/vfs/check.h"
#include "vfs/vfs.h"

namespace fs = boost::filesystem;
using wask::test::bytes_of;
using wask::test::read_host_file;
using wask::test::TempDir;
using namespace wask::vfs;

namespace {

constexpr int kThreads = 4;

// A fixed-width record: "t<thread>:<index>" padded with '.' to 15 bytes and a newline.
std::string record(int thread, int index) {
  std::string r = "t" + std::to_string(thread) + ":" + std::to_string(index);
  r.resize(15, '.');
  return r + "\n";
}

struct HostfsVfs {
  TempDir tmp;
  Vfs v;
  HostfsVfs() {
    auto backend = wask::backends::Hostfs::create(tmp.path().string());
    BOOST_REQUIRE(backend.ok());
    BOOST_REQUIRE(v.mount("/", *backend).ok());
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(hostfs_concurrency, HostfsVfs)

BOOST_AUTO_TEST_CASE(appenders_with_their_own_descriptions_lose_nothing) {
  constexpr int kRecords = 300;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto file = v.open("/log", {.read = false, .write = true, .create = true, .append = true});
      if (!file) {
        ++failures;
        return;
      }
      for (int i = 0; i < kRecords; ++i) {
        auto n = (*file)->write(bytes_of(record(t, i)));
        if (!n || *n != 16) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_CHECK_EQUAL(failures.load(), 0);
  const std::string text = read_host_file(tmp.path() / "log");
  BOOST_REQUIRE_EQUAL(text.size(), size_t{kThreads} * kRecords * 16);
  std::set<std::string> seen;
  for (size_t at = 0; at < text.size(); at += 16) seen.insert(text.substr(at, 16));
  BOOST_CHECK_EQUAL(seen.size(), size_t{kThreads} * kRecords);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kRecords; ++i) BOOST_CHECK_EQUAL(seen.count(record(t, i)), 1u);
  }
}

BOOST_AUTO_TEST_CASE(create_write_rename_while_others_list_and_read) {
  constexpr int kFiles = 60;
  BOOST_REQUIRE(v.mkdir("/box").ok());
  auto box = v.open_dir("/box");  // one handle (one directory node) shared by the readers
  BOOST_REQUIRE(box.ok());
  std::atomic<bool> writers_done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kFiles; ++i) {
        const std::string tmp_name = "/box/.tmp-" + std::to_string(t) + "-" + std::to_string(i);
        const std::string final_name = "/box/final-" + std::to_string(t) + "-" + std::to_string(i);
        if (!v.write_file(tmp_name, record(t, i) + record(t, i))) ++failures;
        if (!v.rename(tmp_name, final_name)) ++failures;
      }
    });
  }
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      while (!writers_done.load()) {
        std::set<std::string> names;
        uint64_t cookie = 0;
        for (;;) {
          auto page = v.readdir(*box, cookie, 7);
          if (!page) {
            ++failures;
            break;
          }
          if (page->empty()) break;
          for (const auto& e : *page) {
            if (!names.insert(e.name).second) ++failures;  // listed twice
            if (e.name.rfind("final-", 0) == 0) {
              auto text = v.read_file(*box, e.name);
              if (text && text->size() != 32) ++failures;  // never a half-written file
            }
          }
          cookie = page->back().next_cookie;
        }
      }
    });
  }
  threads[0].join();
  threads[1].join();
  writers_done = true;
  threads[2].join();
  threads[3].join();
  BOOST_CHECK_EQUAL(failures.load(), 0);
  auto names = v.list("/box");
  BOOST_REQUIRE(names.ok());
  BOOST_CHECK_EQUAL(names->size(), size_t{2 * kFiles});
}

BOOST_AUTO_TEST_CASE(paged_listings_of_one_handle_while_files_come_and_go) {
  constexpr int kStable = 50;
  BOOST_REQUIRE(v.mkdir("/dir").ok());
  for (int i = 0; i < kStable; ++i) {
    BOOST_REQUIRE(v.write_file("/dir/stable-" + std::to_string(i), "s").ok());
  }
  auto dir = v.open_dir("/dir");
  BOOST_REQUIRE(dir.ok());
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread churn([&] {
    for (int i = 0; !stop.load(); ++i) {
      const std::string name = "/dir/churn-" + std::to_string(i % 13);
      (void)v.write_file(name, "c");
      (void)v.unlink(v.root(), name);
    }
  });
  std::vector<std::thread> listers;
  for (int t = 0; t < 3; ++t) {
    listers.emplace_back([&] {
      for (int round = 0; round < 40; ++round) {
        std::set<std::string> names;
        uint64_t cookie = 0;
        for (;;) {
          auto page = v.readdir(*dir, cookie, 5);
          if (!page) {
            BOOST_TEST_MESSAGE("readdir failed: " << posix_name(page.error()));
            ++failures;
            break;
          }
          if (page->empty()) break;
          for (const auto& e : *page) {
            if (!names.insert(e.name).second) {
              BOOST_TEST_MESSAGE("listed twice: " << e.name);
              ++failures;
            }
          }
          cookie = page->back().next_cookie;
        }
        for (int i = 0; i < kStable; ++i) {
          if (!names.count("stable-" + std::to_string(i))) {  // a stable entry missed
            BOOST_TEST_MESSAGE("missed stable-" << i << " among " << names.size());
            ++failures;
          }
        }
      }
    });
  }
  for (auto& th : listers) th.join();
  stop = true;
  churn.join();
  BOOST_CHECK_EQUAL(failures.load(), 0);
}

BOOST_AUTO_TEST_CASE(one_file_shared_by_positional_writers_and_readers) {
  constexpr int kBlocks = 64;
  BOOST_REQUIRE(v.write_file("/shared", std::string(kThreads * kBlocks * 16, '-')).ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto file = v.open("/shared", {.read = true, .write = true});
      if (!file) {
        ++failures;
        return;
      }
      for (int i = 0; i < kBlocks; ++i) {
        const uint64_t at = (uint64_t{i} * kThreads + t) * 16;
        if (!(*file)->pwrite(bytes_of(record(t, i)), at)) ++failures;
        std::string back(16, '\0');
        auto n = (*file)->pread(std::as_writable_bytes(std::span<char>(back)), at);
        if (!n || back != record(t, i)) ++failures;
        (void)v.stat("/shared");
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_CHECK_EQUAL(failures.load(), 0);
  const std::string text = read_host_file(tmp.path() / "shared");
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kBlocks; ++i) {
      BOOST_CHECK_EQUAL(text.substr((size_t(i) * kThreads + size_t(t)) * 16, 16), record(t, i));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
