// Kernel pipes and cancellable waits across real threads (TSan-clean; label `concurrency`).
#define BOOST_TEST_MODULE io_pipe
#include <pthread.h>
#include <time.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "vfs/memory_io.h"
#include "vfs/pipe.h"
#include "vfs/wait.h"

using namespace wask::vfs;
using namespace std::chrono_literals;

namespace {

std::span<const std::byte> bytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

// Everything up to the end of input (no Boost.Test macros: it runs on worker threads too).
std::string read_all(Description& d) {
  std::string out;
  std::byte buf[8192];
  for (;;) {
    auto n = d.read(buf);
    if (!n) return out + "<read error>";
    if (*n == 0) return out;
    out.append(reinterpret_cast<const char*>(buf), *n);
  }
}

uint64_t thread_cpu_ns(pthread_t t) {
  clockid_t id;
  pthread_getcpuclockid(t, &id);
  timespec ts{};
  clock_gettime(id, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

// Waits (bounded) until `cond` holds, for a thread to reach its blocking point.
template <class F>
void eventually(F cond) {
  for (int i = 0; i < 2000 && !cond(); ++i) std::this_thread::sleep_for(1ms);
  BOOST_REQUIRE(cond());
}

}  // namespace

BOOST_AUTO_TEST_CASE(reader_sees_data_then_eof_when_last_writer_closes) {
  auto [r, w] = make_pipe();
  auto w2 = w;  // a second reference (a dup): EOF only when both are gone
  Result<size_t> first = size_t{0}, second = size_t{0};
  std::thread writer([&first, w = std::move(w)]() mutable {
    first = w->write(bytes("hello "));
    w.reset();
  });
  std::thread writer2([&second, w2 = std::move(w2)]() mutable {
    std::this_thread::sleep_for(20ms);
    second = w2->write(bytes("world"));
  });
  std::string got = read_all(*r);
  writer.join();
  writer2.join();
  BOOST_TEST(*first == 6u);
  BOOST_TEST(*second == 5u);
  BOOST_TEST((got == "hello world" || got == "worldhello "));
  auto st = r->stat();
  BOOST_TEST((st->type == FileType::Fifo));
  BOOST_TEST((r->seek(0, Whence::Set).error() == Errc::SpecialFile));
}

BOOST_AUTO_TEST_CASE(writer_gets_epipe_once_every_reader_closed_even_while_blocked) {
  auto [r, w] = make_pipe();
  std::string big(kPipeCapacity, 'x');
  BOOST_TEST(*w->write(bytes(big)) == kPipeCapacity);  // full now
  std::atomic<bool> done{false};
  Result<size_t> blocked = size_t{0};
  std::thread writer([&, w = w] {
    blocked = w->write(bytes("y"));
    done = true;
  });
  std::this_thread::sleep_for(30ms);
  BOOST_TEST(!done.load());  // blocked at 64 KiB
  r.reset();                 // the last reader goes
  writer.join();
  BOOST_TEST((blocked.error() == Errc::BrokenPipe));
  BOOST_TEST((w->write(bytes("z")).error() == Errc::BrokenPipe));
  BOOST_TEST(w->readiness().hangup);
}

BOOST_AUTO_TEST_CASE(writer_blocks_at_64k_and_resumes_when_read) {
  auto [r, w] = make_pipe();
  std::atomic<size_t> written{0};
  std::thread writer([&, w = std::move(w)] {
    std::string chunk(1000, 'a');
    for (int i = 0; i < 100; ++i) written += *w->write(bytes(chunk));
  });
  eventually([&] { return written.load() >= kPipeCapacity - 1000; });
  std::this_thread::sleep_for(30ms);
  BOOST_TEST(written.load() <= kPipeCapacity);
  BOOST_TEST(r->readiness().nbytes == written.load());
  std::string got = read_all(*r);
  writer.join();
  BOOST_TEST(got.size() == 100000u);
}

BOOST_AUTO_TEST_CASE(small_writes_from_several_writers_are_atomic) {
  auto [r, w] = make_pipe();
  constexpr int kWriters = 4, kEach = 300;
  std::vector<std::thread> writers;
  std::atomic<int> short_writes{0};
  for (int t = 0; t < kWriters; ++t)
    writers.emplace_back([t, w = w, &short_writes] {
      std::string rec(kPipeAtomicWrite, char('A' + t));  // exactly PIPE_BUF: never split
      for (int i = 0; i < kEach; ++i) {
        auto n = w->write(bytes(rec));
        if (!n || *n != rec.size()) ++short_writes;
      }
    });
  w.reset();
  std::string got;
  std::thread reader([&] { got = read_all(*r); });
  for (auto& t : writers) t.join();
  reader.join();
  BOOST_TEST(short_writes.load() == 0);
  BOOST_REQUIRE(got.size() == size_t(kWriters) * kEach * kPipeAtomicWrite);
  std::map<char, int> records;
  for (size_t i = 0; i < got.size(); i += kPipeAtomicWrite) {
    std::string_view rec(got.data() + i, kPipeAtomicWrite);
    BOOST_REQUIRE(rec.find_first_not_of(rec[0]) == std::string_view::npos);  // one writer's
    ++records[rec[0]];
  }
  for (int t = 0; t < kWriters; ++t) BOOST_TEST(records[char('A' + t)] == kEach);
}

BOOST_AUTO_TEST_CASE(a_blocked_reader_uses_no_cpu) {
  auto [r, w] = make_pipe();
  std::atomic<bool> started{false};
  Result<size_t> got = size_t{0};
  std::thread reader([&, r = r] {
    started = true;
    std::byte b[1];
    got = r->read(b);
  });
  eventually([&] { return started.load(); });
  std::this_thread::sleep_for(20ms);
  uint64_t before = thread_cpu_ns(reader.native_handle());
  std::this_thread::sleep_for(300ms);
  uint64_t used = thread_cpu_ns(reader.native_handle()) - before;
  BOOST_TEST(used < 5'000'000u, "a blocked reader used " << used << " ns of CPU in 300 ms");
  (void)w->write(bytes("!"));
  reader.join();
  BOOST_TEST(*got == 1u);
}

BOOST_AUTO_TEST_CASE(nonblocking_ends_answer_again) {
  auto [r, w] = make_pipe();
  r->set_nonblocking(true);
  std::byte b[4];
  BOOST_TEST((r->read(b).error() == Errc::Again));
  w->set_nonblocking(true);
  std::string big(kPipeCapacity, 'x');
  BOOST_TEST(*w->write(bytes(big)) == kPipeCapacity);
  BOOST_TEST((w->write(bytes("y")).error() == Errc::Again));
  BOOST_TEST(!w->readiness().writable);
  BOOST_TEST(r->readiness().readable);
  BOOST_TEST(r->readiness().nbytes == kPipeCapacity);
}

BOOST_AUTO_TEST_CASE(cancel_wakes_a_blocked_reader_and_writer_at_once) {
  auto [r, w] = make_pipe();
  auto [r2, w2] = make_pipe();
  std::string big(kPipeCapacity, 'x');
  BOOST_TEST(*w2->write(bytes(big)) == kPipeCapacity);
  Cancel cancel;
  Result<size_t> read_result = size_t{0}, write_result = size_t{0};
  std::thread reader([&] {
    std::byte b[16];
    read_result = r->read(b, &cancel);
  });
  std::thread writer([&] { write_result = w2->write(bytes("y"), &cancel); });
  std::this_thread::sleep_for(30ms);
  auto t0 = std::chrono::steady_clock::now();
  cancel.trigger(137);
  reader.join();
  writer.join();
  auto took = std::chrono::steady_clock::now() - t0;
  BOOST_TEST((read_result.error() == Errc::Canceled));
  BOOST_TEST((write_result.error() == Errc::Canceled));
  BOOST_TEST((took < 200ms));
  BOOST_TEST(cancel.status() == 137);
  cancel.trigger(124);  // the first trigger wins
  BOOST_TEST(cancel.status() == 137);
  std::byte b[1];
  BOOST_TEST((r->read(b, &cancel).error() == Errc::Canceled));  // later waits end at once
}

BOOST_AUTO_TEST_CASE(one_waiter_on_several_notifiers) {
  auto [r1, w1] = make_pipe();
  auto [r2, w2] = make_pipe();
  Waiter waiter;
  Subscription s1(r1->notifier(), waiter), s2(r2->notifier(), waiter);
  std::thread late([w2 = w2] {
    std::this_thread::sleep_for(30ms);
    (void)w2->write(bytes("x"));
  });
  while (!r1->readiness().readable && !r2->readiness().readable)
    BOOST_REQUIRE(waiter.wait_until(deadline_after(5'000'000'000ull)));
  BOOST_TEST(!r1->readiness().readable);
  BOOST_TEST(r2->readiness().nbytes == 1u);
  late.join();
  BOOST_TEST(!waiter.wait_until(deadline_after(1'000'000ull)));  // nothing else: times out
}

BOOST_AUTO_TEST_CASE(cancellable_sleep_ends_at_the_trigger) {
  Cancel cancel;
  std::thread killer([&] {
    std::this_thread::sleep_for(30ms);
    cancel.trigger(124);
  });
  auto t0 = std::chrono::steady_clock::now();
  BOOST_TEST(!cancellable_sleep(~0ull, &cancel));  // "forever"
  BOOST_TEST((std::chrono::steady_clock::now() - t0 < 2s));
  killer.join();
  BOOST_TEST(cancellable_sleep(1'000'000, nullptr));
}

BOOST_AUTO_TEST_CASE(memory_sources_and_sinks) {
  auto src = source_of("abc");
  std::byte b[8];
  BOOST_TEST(*src->read(b) == 3u);
  BOOST_TEST(*src->read(b) == 0u);
  BOOST_TEST((src->write(bytes("x")).error() == Errc::BadDescriptor));
  auto sink = collecting_sink();
  (void)sink->write(bytes("one "));
  (void)sink->write(bytes("two"));
  BOOST_TEST(sink->output() == "one two");
  std::vector<std::string> chunks;
  auto cb = callback_sink([&](std::span<const std::byte> c) {
    chunks.emplace_back(reinterpret_cast<const char*>(c.data()), c.size());
  });
  (void)cb->write(bytes("a"));
  (void)cb->write(bytes("bc"));
  BOOST_TEST(chunks == (std::vector<std::string>{"a", "bc"}));
  BOOST_TEST((cb->stat()->type == FileType::CharDevice));
}
