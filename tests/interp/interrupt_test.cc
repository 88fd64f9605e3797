// StoreConfig::interrupt: another thread stops a running guest within a bounded amount of guest
// work. The guest's work after the flag is set is measured as the guest thread's CPU time (read
// from the setter thread through pthread_getcpuclockid), so a loaded machine does not skew it.
#define BOOST_TEST_MODULE interp_interrupt
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>
#include <pthread.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "interp/engine.h"
#include "tests/interp/test_wat.h"

using namespace wask::interp;

namespace {

// Generous against the target (about 1 ms of guest work) for sanitizer builds; without the
// interrupt, or with unmetered straight-line code, these guests run for seconds or forever.
// ThreadSanitizer slows the interpreter most: the loop of long calls took 20-47 ms there (0.1 ms
// in a plain build, 1 ms under ASan), so 50 ms failed now and then.
#if defined(__SANITIZE_THREAD__)
#define WASK_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WASK_UNDER_TSAN 1
#endif
#endif
#ifdef WASK_UNDER_TSAN
constexpr double kMaxCpuMsAfterInterrupt = 250;
#else
constexpr double kMaxCpuMsAfterInterrupt = 50;
#endif

double cpu_ms(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Run {
  Outcome outcome;
  double cpu_ms_after_interrupt = 0;
};

// Calls `entry` of `wat` on this thread; another thread sets the interrupt flag after `delay`.
Run run_and_interrupt(std::string_view wat, std::string_view entry, std::optional<uint64_t> fuel,
                      std::chrono::milliseconds delay = std::chrono::milliseconds(30)) {
  auto flag = std::make_shared<std::atomic<bool>>(false);
  StoreConfig config;
  config.fuel = fuel;
  config.interrupt = flag;
  Store store(config);
  LoadResult loaded = Module::load(wask::test::wat_to_wasm(wat));
  BOOST_REQUIRE(loaded.module);
  InstantiateResult inst =
      store.instantiate(loaded.module, [](const ImportDesc&) { return std::optional<Extern>(); });
  BOOST_REQUIRE(inst.outcome.ok());
  const Extern func = *inst.instance->find_export(entry);

  clockid_t guest_clock{};
  BOOST_REQUIRE_EQUAL(pthread_getcpuclockid(pthread_self(), &guest_clock), 0);
  std::atomic<double> cpu_at_interrupt{0};
  std::thread setter([&] {
    std::this_thread::sleep_for(delay);
    cpu_at_interrupt = cpu_ms(guest_clock);
    flag->store(true);
  });
  Run run;
  std::vector<Value> results;
  run.outcome = store.call(func, {}, results);
  const double cpu_at_return = cpu_ms(guest_clock);
  setter.join();
  run.cpu_ms_after_interrupt = cpu_at_return - cpu_at_interrupt.load();
  return run;
}

void check_interrupted(const Run& run, std::string_view innermost) {
  BOOST_CHECK(run.outcome.kind == OutcomeKind::Interrupted);
  BOOST_CHECK_EQUAL(run.outcome.message, "interrupted");
  BOOST_REQUIRE(!run.outcome.backtrace.empty());
  BOOST_CHECK_EQUAL(run.outcome.backtrace[0].func_name, innermost);
  BOOST_CHECK_LT(run.cpu_ms_after_interrupt, kMaxCpuMsAfterInterrupt);
  BOOST_TEST_MESSAGE(fmt::format("{}: {:.3f} ms of guest CPU after the interrupt", innermost,
                                 run.cpu_ms_after_interrupt));
}

// The body of a function of 2n+1 straight-line instructions: no loop, so only its call is a
// safepoint.
std::string straight_line_body(int n) {
  std::string body = "local.get 0";
  for (int i = 0; i < n; ++i) body += " i32.const 1 i32.add";
  return body;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_loop_without_calls_stops) {
  check_interrupted(run_and_interrupt(R"((module (func $spin (export "spin") (loop $l (br $l)))))",
                                      "spin", std::nullopt),
                    "spin");
}

BOOST_AUTO_TEST_CASE(a_loop_stops_under_a_large_fuel_budget) {
  check_interrupted(run_and_interrupt(R"((module (func $spin (export "spin") (loop $l (br $l)))))",
                                      "spin", uint64_t{1} << 60),
                    "spin");
}

BOOST_AUTO_TEST_CASE(a_loop_of_calls_to_long_straight_line_code_stops) {
  // Each call runs 60001 instructions; charging 1 per call would let one slice run for seconds.
  const std::string wat = fmt::format(R"((module
    (func $long (param i32) (result i32) {})
    (func $spin (export "spin") (local i32)
      (loop $l (local.set 0 (call $long (local.get 0))) (br $l)))))",
                                      straight_line_body(30000));
  check_interrupted(run_and_interrupt(wat, "spin", std::nullopt), "spin");
}

BOOST_AUTO_TEST_CASE(a_loop_of_large_memory_fills_stops) {
  // Each fill is one instruction of 1 MiB; bulk operations pay fuel by size, or the loop would run
  // ten thousand of them (10 GiB) per slice.
  check_interrupted(run_and_interrupt(R"((module (memory 256)
    (func $spin (export "spin")
      (loop $l (memory.fill (i32.const 0) (i32.const 7) (i32.const 0x100000)) (br $l)))))",
                                      "spin", std::nullopt),
                    "spin");
}

BOOST_AUTO_TEST_CASE(endless_recursion_within_the_depth_limit_stops) {
  // Mutual recursion that never gets deep: each call returns before the next.
  check_interrupted(run_and_interrupt(R"((module
    (func $leaf (result i32) (i32.const 7))
    (func $spin (export "spin") (loop $l (drop (call $leaf)) (br $l)))))",
                                      "spin", std::nullopt),
                    "spin");
}

BOOST_AUTO_TEST_CASE(a_set_flag_stops_the_next_call_at_once_and_the_store_stays_usable) {
  auto flag = std::make_shared<std::atomic<bool>>(true);
  StoreConfig config;
  config.interrupt = flag;
  Store store(config);
  LoadResult loaded =
      Module::load(wask::test::wat_to_wasm(R"((module (func (export "one") (result i32)
        (i32.const 1))))"));
  BOOST_REQUIRE(loaded.module);
  InstantiateResult inst =
      store.instantiate(loaded.module, [](const ImportDesc&) { return std::optional<Extern>(); });
  BOOST_REQUIRE(inst.outcome.ok());
  std::vector<Value> results;
  const Extern one = *inst.instance->find_export("one");
  BOOST_CHECK(store.call(one, {}, results).kind == OutcomeKind::Interrupted);
  BOOST_CHECK(results.empty());
  flag->store(false);
  BOOST_CHECK(store.call(one, {}, results).ok());
  BOOST_REQUIRE_EQUAL(results.size(), 1u);
  BOOST_CHECK_EQUAL(results[0].i32, 1u);
  BOOST_CHECK_EQUAL(describe(Outcome::interrupted()), "interrupted");
}
