// Loading validates every body, translation waits for a function's first call (from any number of
// threads at once), and the function-body decoder rejects malformed bodies with the spec's words.
#define BOOST_TEST_MODULE interp_lazy
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "interp/engine.h"
#include "interp/module_impl.h"
#include "tests/interp/test_wat.h"

using namespace wask::interp;

namespace {

std::shared_ptr<const Module> load_wat(const std::string& text) {
  auto bytes = wask::test::wat_to_wasm(text);
  LoadResult r = Module::load(bytes);
  if (r.error) BOOST_FAIL("load failed: " << r.error->message);
  return r.module;
}

Value call(Store& store, Instance& instance, std::string_view name, std::vector<Value> args) {
  std::vector<Value> results;
  Outcome o = store.call(*instance.find_export(name), args, results);
  BOOST_REQUIRE_MESSAGE(o.ok(), describe(o));
  BOOST_REQUIRE_EQUAL(results.size(), 1u);
  return results[0];
}

// Loads an invalid module on one thread and on four: the same error (kind, message, offset).
LoadError error_on_one_and_on_four_threads(const std::vector<uint8_t>& bad) {
  LoadOptions one, four;
  one.validation_threads = 1;
  four.validation_threads = 4;
  LoadResult sequential = Module::load(bad, one);
  LoadResult parallel = Module::load(bad, four);
  BOOST_REQUIRE(sequential.error && parallel.error);
  BOOST_CHECK(parallel.error->kind == LoadError::Kind::Invalid);
  BOOST_CHECK_EQUAL(parallel.error->message, sequential.error->message);
  BOOST_CHECK_EQUAL(parallel.error->offset, sequential.error->offset);
  return *sequential.error;
}

// A chain of `n` functions: f0(x) = x + 1, fk(x) = f(k-1)(x * 3 + k) (mod 2^32); "run" calls the
// last. Its result, computed here in C++, is the oracle.
std::string chain_module(uint32_t n) {
  std::string text =
      "(module\n  (func $f0 (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))\n";
  for (uint32_t k = 1; k < n; ++k) {
    text += fmt::format(
        "  (func $f{} (param i32) (result i32)\n"
        "    (call $f{} (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const {}))))\n",
        k, k - 1, k);
  }
  text += fmt::format(
      "  (func (export \"run\") (param i32) (result i32) (call $f{} (local.get 0)))\n", n - 1);
  text += "  (func (export \"unused\") (result i32) (i32.const 7)))\n";
  return text;
}
uint32_t chain_expected(uint32_t n, uint32_t x) {
  for (uint32_t k = n - 1; k >= 1; --k) x = x * 3 + k;
  return x + 1;
}

// A module of type () -> () with one memory and one function whose body is `body` (its locals
// and instructions, without the size).
std::vector<uint8_t> module_with_body(const std::vector<uint8_t>& body) {
  std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00,
                            0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,  // type 0: () -> ()
                            0x03, 0x02, 0x01, 0x00,                    // one function of type 0
                            0x05, 0x03, 0x01, 0x00, 0x01};             // memory: min 1 page
  BOOST_REQUIRE_LT(body.size(), 120u);
  m.push_back(0x0a);  // code section: count 1, then the body's size and bytes
  m.push_back(static_cast<uint8_t>(body.size() + 2));
  m.push_back(0x01);
  m.push_back(static_cast<uint8_t>(body.size()));
  m.insert(m.end(), body.begin(), body.end());
  return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lazy)

BOOST_AUTO_TEST_CASE(a_function_is_translated_on_its_first_call) {
  auto module = load_wat(chain_module(5));
  const Module::Impl& impl = module->impl();
  for (const CompiledFunc& f : impl.funcs) BOOST_CHECK(f.entry.get() == nullptr);
  Store store;
  InstantiateResult r = store.instantiate(module, [](const ImportDesc&) { return std::nullopt; });
  BOOST_REQUIRE(r.outcome.ok());
  BOOST_CHECK_EQUAL(call(store, *r.instance, "run", {Value::make_i32(10)}).i32,
                    chain_expected(5, 10));
  for (uint32_t i = 0; i < 6; ++i) BOOST_CHECK(impl.funcs[i].entry.get() != nullptr);
  BOOST_CHECK(impl.funcs[6].entry.get() == nullptr);  // "unused" was never called
  BOOST_CHECK_EQUAL(call(store, *r.instance, "unused", {}).i32, 7u);
  BOOST_CHECK(impl.funcs[6].entry.get() != nullptr);
}

BOOST_AUTO_TEST_CASE(a_body_changed_after_validation_is_not_translated) {
  // The bytes stay the caller's (as a mapped module file does); a body modified between the load
  // and its first call must not be translated unvalidated.
  auto bytes = std::make_shared<std::vector<uint8_t>>(
      wask::test::wat_to_wasm("(module (func (export \"a\") (result i32) (i32.const 5))"
                              " (func (export \"b\") (result i32) (i32.const 7)))"));
  LoadOptions options;
  options.bytes_owner = bytes;
  LoadResult r = Module::load(*bytes, options);
  BOOST_REQUIRE(r.module);
  Store store;
  InstantiateResult inst =
      store.instantiate(r.module, [](const ImportDesc&) { return std::nullopt; });
  BOOST_REQUIRE(inst.outcome.ok());
  BOOST_CHECK_EQUAL(call(store, *inst.instance, "a", {}).i32, 5u);
  const std::vector<uint8_t> body_b = {0x41, 0x07, 0x0b};  // i32.const 7, end
  auto at = std::search(bytes->begin(), bytes->end(), body_b.begin(), body_b.end());
  BOOST_REQUIRE(at != bytes->end());
  at[0] = 0x42;  // i64.const 7: ill-typed for a function returning i32
  std::vector<Value> results;
  Outcome o = store.call(*inst.instance->find_export("b"), {}, results);
  BOOST_CHECK(o.kind == OutcomeKind::Crash);
  BOOST_CHECK_MESSAGE(describe(o).find("changed after validation") != std::string::npos,
                      describe(o));
  BOOST_CHECK_EQUAL(call(store, *inst.instance, "a", {}).i32, 5u);  // what was translated stays
}

BOOST_AUTO_TEST_CASE(an_invalid_body_far_from_the_first_call_fails_the_load) {
  std::string text = "(module\n  (func (export \"main\") (result i32) (i32.const 1))\n";
  for (int k = 0; k < 300; ++k) text += "  (func (result i32) (i32.const 2))\n";
  text += "  (func (result i32) (i64.const 1)))\n";  // type mismatch, never called
  auto bytes = wask::test::wat_to_wasm(text);
  LoadResult r = Module::load(bytes);
  BOOST_REQUIRE(r.error);
  BOOST_CHECK(r.error->kind == LoadError::Kind::Invalid);
  BOOST_CHECK_MESSAGE(r.error->message.find("type mismatch") != std::string::npos,
                      r.error->message);
  BOOST_CHECK_GT(r.error->offset, bytes.size() / 2);  // in the last body, not the first
}

BOOST_AUTO_TEST_CASE(many_threads_calling_one_module_for_the_first_time_translate_it_once) {
  constexpr uint32_t kFuncs = 200;
  constexpr int kThreads = 8;
  auto module = load_wat(chain_module(kFuncs));
  std::atomic<int> ready{0};
  std::vector<uint32_t> results(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store store;
      InstantiateResult r =
          store.instantiate(module, [](const ImportDesc&) { return std::nullopt; });
      if (!r.outcome.ok()) return;
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();  // first calls at once
      std::vector<Value> out;
      const Value arg = Value::make_i32(static_cast<uint32_t>(t));
      if (store.call(*r.instance->find_export("run"), std::span(&arg, 1), out).ok())
        results[t] = out.at(0).i32;
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t)
    BOOST_CHECK_EQUAL(results[t], chain_expected(kFuncs, static_cast<uint32_t>(t)));
  // One translation each: the published code is the function's own, and stays.
  for (uint32_t i = 0; i <= kFuncs; ++i) {
    const CompiledFunc& f = module->impl().funcs[i];
    BOOST_REQUIRE(f.entry.get() != nullptr);
    BOOST_CHECK(f.entry.get() == f.code.data());
  }
}

BOOST_AUTO_TEST_CASE(validation_on_several_threads_accepts_and_rejects_as_one_thread_does) {
  LoadOptions four;
  four.validation_threads = 4;
  auto bytes = wask::test::wat_to_wasm(chain_module(400));
  LoadResult ok = Module::load(bytes, four);
  BOOST_REQUIRE_MESSAGE(ok.module, (ok.error ? ok.error->message : ""));
  Store store;
  InstantiateResult r =
      store.instantiate(ok.module, [](const ImportDesc&) { return std::nullopt; });
  BOOST_REQUIRE(r.outcome.ok());
  BOOST_CHECK_EQUAL(call(store, *r.instance, "run", {Value::make_i32(5)}).i32,
                    chain_expected(400, 5));

  // Two invalid bodies, in the second and the last of four shares: the first one is reported.
  std::string text = "(module\n";
  for (int k = 0; k < 400; ++k) {
    if (k == 150) text += "  (func (result i32) (f32.const 1))\n";
    if (k == 390) text += "  (func (result i32) (i64.const 1))\n";
    text += "  (func (result i32) (i32.const 2))\n";
  }
  text += ")\n";
  const LoadError error = error_on_one_and_on_four_threads(wask::test::wat_to_wasm(text));
  BOOST_CHECK_MESSAGE(error.message.find("f32") != std::string::npos,
                      error.message);  // the body at k == 150
}

// A module of `count` functions () -> i32 of about `body_bytes` each (`i32.const 0; drop` over
// and over, then `i32.const k`), exported as "f<k>"; the bodies in `bad` end with an i64.const
// instead (invalid: their result is not an i32). Written byte by byte: wat would take seconds.
std::vector<uint8_t> big_module(uint32_t count, size_t body_bytes, std::vector<uint32_t> bad) {
  auto leb = [](std::vector<uint8_t>& out, uint64_t v) {
    do {
      out.push_back(uint8_t((v & 0x7f) | (v > 0x7f ? 0x80 : 0)));
      v >>= 7;
    } while (v != 0);
  };
  auto section = [&](std::vector<uint8_t>& out, uint8_t id, const std::vector<uint8_t>& content) {
    out.push_back(id);
    leb(out, content.size());
    out.insert(out.end(), content.begin(), content.end());
  };
  std::vector<uint8_t> out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  section(out, 1, {0x01, 0x60, 0x00, 0x01, 0x7f});  // (func (result i32))
  std::vector<uint8_t> funcs, exports, code;
  leb(funcs, count);
  funcs.insert(funcs.end(), count, 0x00);
  leb(exports, count);
  leb(code, count);
  for (uint32_t k = 0; k < count; ++k) {
    const std::string name = fmt::format("f{}", k);
    leb(exports, name.size());
    exports.insert(exports.end(), name.begin(), name.end());
    exports.push_back(0x00);
    leb(exports, k);
    std::vector<uint8_t> body = {0x00};  // no locals
    for (size_t i = 0; i < body_bytes / 3; ++i) body.insert(body.end(), {0x41, 0x00, 0x1a});
    if (std::find(bad.begin(), bad.end(), k) != bad.end()) {
      body.insert(body.end(), {0x42, 0x01});  // i64.const 1
    } else {
      body.push_back(0x41);  // i32.const k (k < 8192: two bytes of signed LEB at most)
      if (k < 64) {
        body.push_back(uint8_t(k));
      } else {
        body.push_back(uint8_t(0x80 | (k & 0x7f)));
        body.push_back(uint8_t(k >> 7));
      }
    }
    body.push_back(0x0b);
    leb(code, body.size());
    code.insert(code.end(), body.begin(), body.end());
  }
  section(out, 3, funcs);
  section(out, 7, exports);
  section(out, 10, code);
  return out;
}

BOOST_AUTO_TEST_CASE(validation_deals_runs_of_bodies_to_threads_and_every_run_is_validated) {
  // 40 bodies of 64 KiB: three runs of 1 MiB for the threads to claim.
  constexpr uint32_t kCount = 40;
  constexpr size_t kBodyBytes = 64 << 10;
  LoadOptions four;
  four.validation_threads = 4;
  LoadResult ok = Module::load(big_module(kCount, kBodyBytes, {}), four);
  BOOST_REQUIRE_MESSAGE(ok.module, (ok.error ? ok.error->message : ""));
  // A function whose run nobody validated has no checksum to match and could not be translated.
  Store store;
  InstantiateResult r =
      store.instantiate(ok.module, [](const ImportDesc&) { return std::nullopt; });
  BOOST_REQUIRE(r.outcome.ok());
  for (uint32_t k = 0; k < kCount; ++k)
    BOOST_CHECK_EQUAL(call(store, *r.instance, fmt::format("f{}", k), {}).i32, k);

  // Invalid bodies in two runs: the error is the sequential load's, the first of them.
  const LoadError error =
      error_on_one_and_on_four_threads(big_module(kCount, kBodyBytes, {21, 35}));
  const size_t body21_end = 22 * kBodyBytes;  // where body 21 ends, give or take the headers
  BOOST_CHECK_GT(error.offset, body21_end - kBodyBytes);
  BOOST_CHECK_LT(error.offset, body21_end + 4096);
}

// Found by the fuzzer: the last body's size runs past the end of the binary. The decoder must stop
// at the bytes' end (an error), not read beyond them (ASan: heap-buffer-overflow).
BOOST_AUTO_TEST_CASE(a_body_that_runs_past_the_end_of_the_binary_is_malformed) {
  const std::vector<uint8_t> bytes = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x04, 0x60, 0x00, 0x01,
      0x7f, 0x60, 0x00, 0x01, 0x7c, 0x60, 0x00, 0x01, 0x7e, 0x60, 0x00, 0x01, 0x7d, 0x03,
      0x06, 0x05, 0x00, 0x01, 0x02, 0x03, 0x01, 0x07, 0x21, 0x05, 0x01, 0x66, 0x00, 0x00,
      0x01, 0x67, 0x00, 0x01, 0x01, 0x68, 0x00, 0x02, 0x03, 0x6e, 0x61, 0x6e, 0x00, 0x03,
      0x0b, 0x75, 0x6e, 0x64, 0x65, 0x72, 0x73, 0x63, 0x6f, 0x72, 0x65, 0x64, 0x00, 0x04,
      0x0a, 0x35, 0x05, 0x0f, 0x00, 0x41, 0xff, 0xff, 0xff, 0xff, 0x07, 0x41, 0x80, 0x80,
      0x80, 0x80, 0x78, 0x6b, 0x0b, 0x0b, 0x00, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x08, 0x40, 0x0b, 0x04, 0x00, 0x42, 0x7f, 0x0b, 0x07, 0x00, 0x43, 0x01, 0x00, 0x80,
      0xff, 0x0b, 0x0b, 0x00, 0x44, 0x9b, 0xf2, 0xd7, 0x1a, 0x00, 0xf0, 0x3f, 0x0b,
  };
  auto copy = std::make_shared<std::vector<uint8_t>>(bytes);  // exactly as long as the binary
  LoadOptions options;
  options.bytes_owner = copy;
  LoadResult r = Module::load(*copy, options);
  BOOST_REQUIRE(r.error);
  BOOST_CHECK(r.error->kind == LoadError::Kind::Malformed);
  BOOST_TEST_MESSAGE(r.error->message);
}

// The spec's messages for malformed bodies (the official test suite's binary.wast and friends).
BOOST_AUTO_TEST_CASE(malformed_bodies_get_the_spec_s_messages) {
  struct Case {
    std::vector<uint8_t> body;
    const char* message;
  };
  const Case cases[] = {
      {{0x00, 0x41}, "unexpected end"},              // i32.const without its value
      {{0x00, 0x01}, "unexpected end"},              // no final end
      {{0x00, 0x02, 0x40, 0x0b}, "unexpected end"},  // the end closes the block
      {{0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, 0x0b},
       "integer representation too long"},
      {{0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x1a, 0x0b}, "integer too large"},
      {{0x00, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 0x1a, 0x0b},
       "integer too large"},
      {{0x00, 0x27, 0x0b}, "illegal opcode"},
      {{0x00, 0xfc, 0x12, 0x0b}, "illegal opcode"},
      {{0x00, 0xfd, 0x80, 0x80, 0x80, 0x80, 0x10, 0x0b}, "integer too large"},
      {{0x00, 0x3f, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1a, 0x0b},
       "integer too large"},  // memory index
      {{0x00, 0xfc, 0x0b, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b},
       "integer representation too long"},  // memory.fill's memory index
      {{0x00, 0xd0, 0x7f, 0x1a, 0x0b}, "malformed reference type"},
      {{0x00, 0x0b, 0x01}, "section size mismatch"},  // code after the final end
      {{0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x02, 0x7f, 0x0b}, "too many locals"},
  };
  for (const Case& c : cases) {
    LoadResult r = Module::load(module_with_body(c.body));
    BOOST_REQUIRE_MESSAGE(r.error, "loads: " << c.message);
    BOOST_CHECK_MESSAGE(r.error->kind == LoadError::Kind::Malformed,
                        c.message << ": " << r.error->message);
    BOOST_CHECK_MESSAGE(r.error->message.find(c.message) != std::string::npos,
                        "expected '" << c.message << "', got '" << r.error->message << "'");
  }
  // And the bytes around them are fine: one valid body with every kind of immediate.
  const std::vector<uint8_t> valid = {0x01, 0x01, 0x7f,                          // one i32
                                      0x41, 0x7f, 0x21, 0x00,                    // i32.const -1
                                      0x42, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1a,  // i64.const 2^32
                                      0x3f, 0x00, 0x1a,                          // memory.size
                                      0x02, 0x40, 0x0c, 0x00, 0x0b,              // block br 0
                                      0x0b};
  LoadResult ok = Module::load(module_with_body(valid));
  BOOST_CHECK_MESSAGE(!ok.error, (ok.error ? ok.error->message : ""));
}

BOOST_AUTO_TEST_SUITE_END()
