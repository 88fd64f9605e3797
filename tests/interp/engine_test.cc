#define BOOST_TEST_MODULE interp_engine
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <map>

#include "interp/engine.h"
#include "interp/module_impl.h"
#include "tests/interp/test_wat.h"

using namespace wask::interp;

namespace {

std::shared_ptr<const Module> load_wat(std::string_view text) {
  auto bytes = wask::test::wat_to_wasm(text);
  LoadResult r = Module::load(bytes);
  if (r.error) BOOST_FAIL("load failed: " << r.error->message);
  return r.module;
}

// A store with one instance of `text`; imports come from `imports` ("module.name" -> extern).
struct Fixture {
  Store store;
  Instance* instance = nullptr;
  std::map<std::string, Extern> imports;

  explicit Fixture(StoreConfig config = {}) : store(config) {}

  InstantiateResult instantiate(std::string_view text) {
    InstantiateResult r = store.instantiate(load_wat(text), [&](const ImportDesc& d) {
      auto it = imports.find(d.module + "." + d.name);
      return it == imports.end() ? std::nullopt : std::optional<Extern>(it->second);
    });
    instance = r.instance;
    return r;
  }
  void load(std::string_view text) {
    InstantiateResult r = instantiate(text);
    BOOST_REQUIRE_MESSAGE(r.outcome.ok(), describe(r.outcome));
  }
  Outcome call(std::string_view name, std::vector<Value> args, std::vector<Value>& results) {
    auto e = instance->find_export(name);
    BOOST_REQUIRE(e.has_value());
    return store.call(*e, args, results);
  }
  Value call1(std::string_view name, std::vector<Value> args = {}) {
    std::vector<Value> results;
    Outcome o = call(name, std::move(args), results);
    BOOST_REQUIRE_MESSAGE(o.ok(), describe(o));
    BOOST_REQUIRE_EQUAL(results.size(), 1u);
    return results[0];
  }
};

Value i32(uint32_t v) { return Value::make_i32(v); }
Value i64(uint64_t v) { return Value::make_i64(v); }

// The fuel that the export "count" of module `wat` spends on argument k.
uint64_t fuel_used(const std::string& wat, uint32_t k) {
  constexpr uint64_t kBudget = 1'000'000'000;
  Fixture f(StoreConfig{.fuel = kBudget});
  f.load(wat);
  std::vector<Value> results;
  BOOST_REQUIRE(f.call("count", {i32(k)}, results).ok());
  return kBudget - *f.store.fuel();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loader)

BOOST_AUTO_TEST_CASE(rejects_bad_magic_as_malformed) {
  const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00};
  LoadResult r = Module::load(bytes);
  BOOST_REQUIRE(r.error);
  BOOST_CHECK(r.error->kind == LoadError::Kind::Malformed);
  BOOST_CHECK(!r.error->message.empty());
  BOOST_CHECK(!r.module);
}

BOOST_AUTO_TEST_CASE(rejects_truncated_module) {
  const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01};
  LoadResult r = Module::load(bytes);
  BOOST_REQUIRE(r.error);
  BOOST_CHECK(r.error->kind == LoadError::Kind::Malformed);
  BOOST_CHECK_GT(r.error->offset, 8u);
}

BOOST_AUTO_TEST_CASE(rejects_type_mismatch_as_invalid) {
  // (func (result i32) i64.const 1)
  const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01,
                           0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01,
                           0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x01, 0x0b};
  LoadResult r = Module::load(bytes);
  BOOST_REQUIRE(r.error);
  BOOST_CHECK(r.error->kind == LoadError::Kind::Invalid);
  BOOST_TEST_MESSAGE(r.error->message);
  BOOST_CHECK(r.error->message.find("type mismatch") != std::string::npos);
}

// Loads `bytes`, instantiates it without imports and calls its export "f" with no arguments.
Outcome load_and_call_f(const std::vector<uint8_t>& bytes, std::vector<Value>& results) {
  LoadResult r = Module::load(bytes);
  BOOST_REQUIRE_MESSAGE(r.module, r.error->message);
  Store store;
  InstantiateResult inst =
      store.instantiate(r.module, [](const ImportDesc&) { return std::nullopt; });
  BOOST_REQUIRE(inst.instance);
  return store.call(*inst.instance->find_export("f"), {}, results);
}

BOOST_AUTO_TEST_CASE(loads_and_runs_simd) {
  // (func (export "f") (result v128) v128.const i32x4 1 2 3 4)
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01,
                                0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01,
                                0x01, 'f',  0x00, 0x00, 0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c};
  for (uint8_t lane = 1; lane <= 4; ++lane)
    for (uint8_t b : {lane, uint8_t{0}, uint8_t{0}, uint8_t{0}}) bytes.push_back(b);
  bytes.push_back(0x0b);
  std::vector<Value> results;
  BOOST_REQUIRE(load_and_call_f(bytes, results).ok());
  BOOST_REQUIRE_EQUAL(results.size(), 1u);
  BOOST_TEST(to_string(results[0]) == "v128:i32x4:1 2 3 4");
}

// A module with memory 1 and one exported function "f" of type () -> () whose body (without the
// locals count and the final end) is `body`; `datacount` adds a DataCount section.
std::vector<uint8_t> module_with_body(std::vector<uint8_t> body, std::optional<uint8_t> datacount) {
  std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
                            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,              // type () -> ()
                            0x03, 0x02, 0x01, 0x00,                          // func 0: type 0
                            0x05, 0x03, 0x01, 0x00, 0x01,                    // memory 1
                            0x07, 0x05, 0x01, 0x01, 'f',  0x00, 0x00};       // export "f"
  auto append = [&m](std::initializer_list<uint8_t> bytes) {
    for (uint8_t b : bytes) m.push_back(b);
  };
  if (datacount) append({0x0c, 0x01, *datacount});
  const auto size = static_cast<uint8_t>(body.size() + 2);  // + locals count and end
  append({0x0a, static_cast<uint8_t>(size + 2), 0x01, size, 0x00});
  for (uint8_t b : body) m.push_back(b);
  m.push_back(0x0b);
  return m;
}

// The SIMD loads that wabt reads through its generic load callbacks (widening, splat, zero) are
// translated too: each runs, and traps one byte past the end of memory like a scalar load.
BOOST_AUTO_TEST_CASE(simd_loads_run_and_check_bounds) {
  struct Case {
    const char* name;
    uint8_t simd_opcode;
    uint8_t bytes;  // how many it reads
  };
  const Case cases[] = {{"v128.load8x8_s", 0x01, 8},   {"v128.load8x8_u", 0x02, 8},
                        {"v128.load16x4_s", 0x03, 8},  {"v128.load16x4_u", 0x04, 8},
                        {"v128.load32x2_s", 0x05, 8},  {"v128.load32x2_u", 0x06, 8},
                        {"v128.load8_splat", 0x07, 1}, {"v128.load64_splat", 0x0a, 8},
                        {"v128.load32_zero", 0x5c, 4}, {"v128.load64_zero", 0x5d, 8}};
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      for (const bool past_end : {false, true}) {
        // i32.const (65536 - bytes [+ 1]); <op> align=0 offset=0; drop
        const int32_t addr = 65536 - c.bytes + (past_end ? 1 : 0);
        std::vector<uint8_t> body = {0x41};
        for (uint32_t v = static_cast<uint32_t>(addr);; v >>= 7) {  // signed LEB128 of addr >= 0
          const uint8_t low = v & 0x7f;
          if (v < 0x40) {
            body.push_back(low);
            break;
          }
          body.push_back(low | 0x80);
        }
        for (uint8_t b : {uint8_t{0xfd}, c.simd_opcode, uint8_t{0}, uint8_t{0}, uint8_t{0x1a}})
          body.push_back(b);
        std::vector<Value> results;
        const Outcome o = load_and_call_f(module_with_body(body, {}), results);
        BOOST_CHECK_EQUAL(o.ok(), !past_end);
        if (past_end) BOOST_CHECK(o.reason == TrapReason::OutOfBoundsMemoryAccess);
      }
    }
  }
}

// A DataCount section without a Data section: wabt's wasm-validate rejects it ("data segment count
// does not equal count in DataCount section"); data.drop 0 / memory.init 0 used to index nothing.
BOOST_AUTO_TEST_CASE(rejects_a_data_count_without_data) {
  const std::vector<uint8_t> bodies[] = {
      {0xfc, 0x09, 0x00},                                            // data.drop 0
      {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00},  // memory.init 0
      {},                                                            // nothing
  };
  for (const auto& body : bodies) {
    LoadResult r = Module::load(module_with_body(body, uint8_t{1}));
    BOOST_REQUIRE(r.error);
    BOOST_TEST_MESSAGE(r.error->message);
    BOOST_CHECK(r.error->kind == LoadError::Kind::Malformed);
  }
  // A count of zero with no Data section is consistent.
  LoadResult r = Module::load(module_with_body({}, uint8_t{0}));
  BOOST_REQUIRE_MESSAGE(r.module, r.error->message);
}

BOOST_AUTO_TEST_CASE(reads_names_from_name_section_and_exports) {
  auto m = load_wat(R"((module $mymod
    (func $inner (result i32) i32.const 1)
    (func (export "outer") (result i32) call $inner)))");
  BOOST_CHECK_EQUAL(m->name(), "mymod");
  BOOST_CHECK_EQUAL(m->impl().func_name(0), "inner");
  BOOST_REQUIRE_EQUAL(m->exports().size(), 1u);
  BOOST_CHECK_EQUAL(m->exports()[0].name, "outer");
  BOOST_CHECK(m->exports()[0].type.kind == ExternKind::Func);
}

BOOST_AUTO_TEST_CASE(lists_imports) {
  auto m =
      load_wat(R"((module (import "env" "f" (func (param i32))) (import "env" "m" (memory 1))))");
  BOOST_REQUIRE_EQUAL(m->imports().size(), 2u);
  BOOST_CHECK_EQUAL(m->imports()[0].module, "env");
  BOOST_CHECK_EQUAL(m->imports()[0].name, "f");
  BOOST_CHECK(m->imports()[1].type.kind == ExternKind::Memory);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(executor)

BOOST_AUTO_TEST_CASE(recursive_fib) {
  Fixture f;
  f.load(R"((module (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))))");
  BOOST_CHECK_EQUAL(f.call1("fib", {i32(20)}).i32, 6765u);
  BOOST_CHECK_EQUAL(f.call1("fib", {i32(1)}).i32, 1u);
}

BOOST_AUTO_TEST_CASE(loops_locals_and_memory) {
  Fixture f;
  f.load(R"((module (memory 1)
    (func (export "sum") (param $n i32) (result i64) (local $i i32) (local $acc i64)
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.mul (local.get $i) (i32.const 4)) (local.get $i))
        (local.set $acc (i64.add (local.get $acc)
                                 (i64.extend_i32_u (i32.load (i32.mul (local.get $i) (i32.const 4))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
      (local.get $acc))
    (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))))");
  BOOST_CHECK_EQUAL(f.call1("sum", {i32(100)}).i64, 4950u);
  std::vector<Value> results;
  BOOST_REQUIRE(f.call("swap", {i32(1), i32(2)}, results).ok());
  BOOST_REQUIRE_EQUAL(results.size(), 2u);
  BOOST_CHECK_EQUAL(results[0].i32, 2u);
  BOOST_CHECK_EQUAL(results[1].i32, 1u);
}

BOOST_AUTO_TEST_CASE(lazy_local_reads_see_old_value) {
  Fixture f;
  // The first local.get 0 must read the value from before the local.set.
  f.load(R"((module (func (export "f") (param i32) (result i32)
      (local.get 0) (local.set 0 (i32.const 7)) (local.get 0) (i32.sub))))");
  BOOST_CHECK_EQUAL(f.call1("f", {i32(10)}).i32, 3u);
}

BOOST_AUTO_TEST_CASE(branches_to_the_function_return_with_values) {
  Fixture f;
  // br_if and br_table at depth 0 of the body are returns; the fall-through keeps its operands.
  f.load(R"((module
    (func (export "br_if") (param i32 i32) (result i32 i32)
      (local.get 1) (local.get 0) (br_if 0 (local.get 0))
      (drop) (drop) (i32.const 7) (i32.const 8))
    (func (export "br_table") (param i32) (result i32)
      (i32.const 1) (local.get 0) (local.set 0 (i32.const 5))
      (br_table 0 0 (local.get 0))
      (i32.add))))");
  std::vector<Value> results;
  BOOST_REQUIRE(f.call("br_if", {i32(3), i32(4)}, results).ok());
  BOOST_REQUIRE_EQUAL(results.size(), 2u);
  BOOST_CHECK_EQUAL(results[0].i32, 4u);
  BOOST_CHECK_EQUAL(results[1].i32, 3u);
  results.clear();
  BOOST_REQUIRE(f.call("br_if", {i32(0), i32(4)}, results).ok());
  BOOST_CHECK_EQUAL(results[0].i32, 7u);
  BOOST_CHECK_EQUAL(results[1].i32, 8u);
  // The returned value is local 0 as it was before the local.set: the argument.
  BOOST_CHECK_EQUAL(f.call1("br_table", {i32(9)}).i32, 9u);
  BOOST_CHECK_EQUAL(f.call1("br_table", {i32(0)}).i32, 0u);
}

BOOST_AUTO_TEST_CASE(br_table_and_block_results) {
  Fixture f;
  f.load(R"((module (func (export "f") (param i32) (result i32)
      (block $b2 (result i32) (block $b1 (result i32) (block $b0 (result i32)
        (br_table $b0 $b1 $b2 (i32.const 10) (local.get 0)))
        (return (i32.add (i32.const 100))))
        (return (i32.add (i32.const 200))))
      (i32.add (i32.const 300)))))");
  BOOST_CHECK_EQUAL(f.call1("f", {i32(0)}).i32, 110u);
  BOOST_CHECK_EQUAL(f.call1("f", {i32(1)}).i32, 210u);
  BOOST_CHECK_EQUAL(f.call1("f", {i32(2)}).i32, 310u);
  BOOST_CHECK_EQUAL(f.call1("f", {i32(99)}).i32, 310u);
}

BOOST_AUTO_TEST_CASE(trap_has_backtrace_with_names) {
  Fixture f;
  f.load(R"((module $m
    (func $divide (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "run") (param i32) (result i32) (call $divide (i32.const 1) (local.get 0)))))");
  std::vector<Value> results;
  Outcome o = f.call("run", {i32(0)}, results);
  BOOST_CHECK(o.kind == OutcomeKind::Trap);
  BOOST_CHECK(o.reason == TrapReason::IntegerDivideByZero);
  BOOST_CHECK_EQUAL(o.message, "integer divide by zero");
  BOOST_REQUIRE_EQUAL(o.backtrace.size(), 2u);
  BOOST_CHECK_EQUAL(o.backtrace[0].func_name, "divide");
  BOOST_CHECK_EQUAL(o.backtrace[1].func_name, "run");
  BOOST_CHECK_EQUAL(o.backtrace[0].module_name, "m");
  // The store is usable after a trap.
  BOOST_CHECK_EQUAL(f.call1("run", {i32(1)}).i32, 1u);
}

BOOST_AUTO_TEST_CASE(infinite_recursion_is_exhaustion) {
  Fixture f(StoreConfig{.max_call_depth = 5000, .fuel = std::nullopt});
  f.load(R"((module (func $r (export "r") (param i64) (result i64)
      (i64.add (call $r (i64.add (local.get 0) (i64.const 1))) (i64.const 1)))))");
  std::vector<Value> results;
  Outcome o = f.call("r", {i64(0)}, results);
  BOOST_CHECK(o.kind == OutcomeKind::Exhaustion);
  BOOST_CHECK(o.reason == TrapReason::CallStackExhausted);
  BOOST_CHECK_EQUAL(o.message, "call stack exhausted");
  // The backtrace keeps the innermost frames and counts the rest, so it stays readable.
  BOOST_CHECK_EQUAL(o.backtrace.size(), 64u);
  BOOST_CHECK_GE(o.backtrace.size() + o.omitted_frames, 4999u);
  BOOST_CHECK_LE(o.backtrace.size() + o.omitted_frames, 5001u);
  const std::string text = describe(o);
  BOOST_CHECK(text.ends_with(fmt::format("... {} more frames", o.omitted_frames)));
}

BOOST_AUTO_TEST_CASE(deep_recursion_within_limit_works) {
  Fixture f(StoreConfig{.max_call_depth = 200000, .fuel = std::nullopt});
  f.load(R"((module (func $r (export "r") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (i32.add (call $r (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
        (else (i32.const 0))))))");
  BOOST_CHECK_EQUAL(f.call1("r", {i32(150000)}).i32, 150000u);
}

BOOST_AUTO_TEST_CASE(fuel_stops_runaway_loop) {
  Fixture f(StoreConfig{.fuel = 100000});
  f.load(R"((module (func (export "spin") (loop $l (br $l)))
                     (func (export "one") (result i32) (i32.const 1))))");
  std::vector<Value> results;
  Outcome o = f.call("spin", {}, results);
  BOOST_CHECK(o.kind == OutcomeKind::Exhaustion);
  BOOST_CHECK(o.reason == TrapReason::OutOfFuel);
  BOOST_CHECK_EQUAL(f.store.fuel().value(), 0u);
  f.store.set_fuel(1000);
  BOOST_CHECK_EQUAL(f.call1("one").i32, 1u);
  BOOST_CHECK_LE(f.store.fuel().value(), 1000u);
}

// Fuel runs in slices internally (for the interrupt check); a budget spanning many slices still
// stops at exactly the loop iteration it pays for.
BOOST_AUTO_TEST_CASE(a_fuel_budget_is_exact_across_slices) {
  const char* wat = R"((module (global $n (export "n") (mut i32) (i32.const 0))
      (func (export "count") (param $k i32)
        (loop $l
          (global.set $n (i32.add (global.get $n) (i32.const 1)))
          (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))))";
  auto used = [&](uint32_t k) { return fuel_used(wat, k); };
  const uint64_t per_iteration = used(2) - used(1), before_first = used(1) - per_iteration;
  BOOST_REQUIRE_GT(per_iteration, 0u);
  for (uint64_t budget : {uint64_t{10'000'000}, uint64_t{10'000'003}, uint64_t{654'321}}) {
    Fixture f(StoreConfig{.fuel = budget});
    f.load(wat);
    std::vector<Value> results;
    Outcome o = f.call("count", {i32(0)}, results);  // 2^32 iterations: more than the budget
    BOOST_CHECK(o.reason == TrapReason::OutOfFuel);
    const uint64_t paid_for = (budget - before_first) / per_iteration;
    BOOST_CHECK_EQUAL(f.store.global_get(*f.instance->find_export("n")).i32, paid_for);
  }
}

// A branch back to a loop does the loop_head's work itself (br_loop, br_if_loop,
// br_if_I32Ne_imm_loop, i32.add_imm_br_if_ne_loop): each iteration still pays for every instruction
// of the loop's body, the `loop` and its `end` included (docs/interp.md, "Fuel"), and a budget
// stops it exactly.
BOOST_AUTO_TEST_CASE(a_branch_back_to_a_loop_charges_its_body_per_iteration) {
  struct Form {
    const char* body;    // runs `count` iterations of a loop with `per_iteration` instructions
    const char* branch;  // the back edge's internal op
    uint64_t per_iteration;
  };
  const Form forms[] = {
      // local.get, i32.const, i32.sub, local.tee, br_if; loop, end
      {"(loop $l (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))", "br_if_loop",
       7},
      // local.get, i32.const, i32.sub, local.set, local.get, i32.const, i32.ne, br_if; loop, end
      {"(loop $l (local.set $k (i32.sub (local.get $k) (i32.const 1)))"
       " (br_if $l (i32.ne (local.get $k) (i32.const 0))))",
       "br_if_I32Ne_imm_loop", 10},
      // the same with the step an i32.add: fused with the back edge (matmul)
      {"(loop $l (local.set $k (i32.add (local.get $k) (i32.const -1)))"
       " (br_if $l (i32.ne (local.get $k) (i32.const 0))))",
       "i32.add_imm_br_if_ne_loop", 10},
      // local.get, i32.eqz, br_if, local.get, i32.const, i32.sub, local.set, br; loop, end
      {"(block $out (loop $l (br_if $out (i32.eqz (local.get $k)))"
       " (local.set $k (i32.sub (local.get $k) (i32.const 1))) (br $l)))",
       "br_loop", 10},
      // vm2: a loop that starts with a br_table (an interpreter's dispatch): the `br` back to it
      // becomes a copy of the dispatch, its own loop_head charging the same cost. loop, block,
      // local.get, i32.const, i32.add, br_table, end, local.get, i32.const, i32.sub, local.set,
      // br; end (the loop's)
      {"(block $out (loop $l (block $b0 (br_table $out $b0 (i32.add (local.get $k) (i32.const 0))))"
       " (local.set $k (i32.sub (local.get $k) (i32.const 1))) (br $l)))",
       "br_table", 13},
  };
  for (const Form& form : forms) {
    BOOST_TEST_CONTEXT(form.branch) {
      const std::string wat =
          std::string(R"((module (func (export "count") (param $k i32) )") + form.body + "))";
      BOOST_CHECK_NE(load_wat(wat)->disassembly().find(form.branch), std::string::npos);
      auto used = [&](uint32_t k) { return fuel_used(wat, k); };
      BOOST_CHECK_EQUAL(used(2) - used(1), form.per_iteration);
      BOOST_CHECK_EQUAL(used(50) - used(10), 40 * form.per_iteration);
      // Exactly the fuel of 10 iterations runs them; one unit less stops at the last back edge.
      for (const uint64_t less : {0, 1}) {
        Fixture f(StoreConfig{.fuel = used(10) - less});
        f.load(wat);
        std::vector<Value> results;
        const Outcome o = f.call("count", {i32(10)}, results);
        BOOST_CHECK_EQUAL(o.ok(), less == 0);
        if (less) BOOST_CHECK(o.reason == TrapReason::OutOfFuel);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(memory_grow_limits) {
  Fixture f(
      StoreConfig{.max_memory_bytes = 4 * 65536, .max_call_depth = 10000, .fuel = std::nullopt});
  f.load(R"((module (memory 1 10)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "size") (result i32) (memory.size))
      (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 1)))))");
  BOOST_CHECK_EQUAL(f.call1("grow", {i32(2)}).i32, 1u);
  BOOST_CHECK_EQUAL(f.call1("size").i32, 3u);
  BOOST_CHECK_EQUAL(f.call1("grow", {i32(2)}).i32, 0xffffffffu);  // past the store's limit
  BOOST_CHECK_EQUAL(f.call1("grow", {i32(1)}).i32, 3u);
  BOOST_CHECK_EQUAL(f.call1("grow", {i32(0x10000)}).i32, 0xffffffffu);
  std::vector<Value> results;
  BOOST_CHECK(f.call("poke", {i32(4 * 65536 - 1)}, results).ok());
  Outcome o = f.call("poke", {i32(4 * 65536)}, results);
  BOOST_CHECK(o.reason == TrapReason::OutOfBoundsMemoryAccess);
}

BOOST_AUTO_TEST_CASE(host_function_results_trap_and_exit) {
  Fixture f;
  f.imports["env.add"] = f.store.add_host_function(
      FuncType{{ValType::I32, ValType::I32}, {ValType::I32}},
      [](HostCall&, std::span<const Value> args, std::span<Value> results) {
        results[0] = Value::make_i32(args[0].i32 + args[1].i32);
        return Outcome{};
      });
  f.imports["env.fail"] = f.store.add_host_function(
      FuncType{}, [](HostCall&, auto, auto) { return Outcome::trap(TrapReason::HostError); });
  f.imports["env.exit"] = f.store.add_host_function(
      FuncType{{ValType::I32}, {}},
      [](HostCall&, std::span<const Value> args, auto) { return Outcome::exit(args[0].i32); });
  f.load(R"((module
      (import "env" "add" (func $add (param i32 i32) (result i32)))
      (import "env" "fail" (func $fail))
      (import "env" "exit" (func $exit (param i32)))
      (func (export "add") (result i32) (call $add (i32.const 2) (i32.const 3)))
      (func $inner (export "fail") (call $fail))
      (func (export "exit") (call $exit (i32.const 42)) unreachable)))");
  BOOST_CHECK_EQUAL(f.call1("add").i32, 5u);
  std::vector<Value> results;
  Outcome o = f.call("fail", {}, results);
  BOOST_CHECK(o.kind == OutcomeKind::Trap);
  BOOST_CHECK(o.reason == TrapReason::HostError);
  BOOST_REQUIRE(!o.backtrace.empty());
  BOOST_CHECK_EQUAL(o.backtrace[0].func_name, "inner");
  o = f.call("exit", {}, results);
  BOOST_CHECK(o.kind == OutcomeKind::Exit);
  BOOST_CHECK_EQUAL(o.exit_code, 42);
}

// A host function sees v128 arguments and returns v128 results in the guest's two-slot layout,
// mixed with scalars before and after them; an imported v128 global reads back whole.
BOOST_AUTO_TEST_CASE(host_function_with_v128_values) {
  Fixture f;
  f.imports["env.mix"] = f.store.add_host_function(
      FuncType{{ValType::I32, ValType::V128, ValType::I64}, {ValType::V128, ValType::I32}},
      [](HostCall&, std::span<const Value> args, std::span<Value> results) {
        V128 v = args[1].v128;
        for (auto& b : v) b = uint8_t(b + args[0].i32);  // every byte + the i32
        results[0] = Value::make_v128(v);
        results[1] = Value::make_i32(uint32_t(args[2].i64 * 2));
        return Outcome{};
      });
  V128 g{};
  for (int i = 0; i < 16; ++i) g[size_t(i)] = uint8_t(16 * i);
  f.imports["env.g"] = f.store.add_global(GlobalType{ValType::V128, false}, Value::make_v128(g));
  f.load(R"((module
      (import "env" "mix" (func $mix (param i32 v128 i64) (result v128 i32)))
      (import "env" "g" (global $g v128))
      (func (export "run") (result i32 v128)
        (local $v v128) (local $i i32)
        (call $mix (i32.const 1) (global.get $g) (i64.const 21))
        (local.set $i) (local.set $v)
        (local.get $i) (i32x4.add (local.get $v) (v128.const i32x4 0 0 0 0)))))");
  std::vector<Value> results;
  BOOST_REQUIRE(f.call("run", {}, results).ok());
  BOOST_REQUIRE_EQUAL(results.size(), 2u);
  BOOST_TEST(to_string(results[0]) == "i32:42");
  // bytes 1, 17, 33, ..., 241: i32 lanes 0x31211101, 0x71615141, 0xb1a19181, 0xf1e1d1c1
  BOOST_TEST(to_string(results[1]) == "v128:i32x4:824250625 1902203201 -1314811519 -236858943");
}

BOOST_AUTO_TEST_CASE(throwing_host_function_is_a_trap) {
  Fixture f;
  f.imports["env.throws"] = f.store.add_host_function(
      FuncType{}, [](HostCall&, auto, auto) -> Outcome { throw std::runtime_error("boom"); });
  f.load(R"((module (import "env" "throws" (func $t)) (func (export "run") (call $t))))");
  std::vector<Value> results;
  Outcome o = f.call("run", {}, results);
  BOOST_CHECK(o.kind == OutcomeKind::Trap);
  BOOST_CHECK(o.reason == TrapReason::HostError);
  BOOST_CHECK(o.message.find("boom") != std::string::npos);
  o = f.call("run", {}, results);  // and the store still works
  BOOST_CHECK(o.kind == OutcomeKind::Trap);
}

BOOST_AUTO_TEST_CASE(host_function_may_call_back_into_the_store) {
  Fixture f;
  Extern double_it{};
  f.imports["env.callback"] = f.store.add_host_function(
      FuncType{{ValType::I32}, {ValType::I32}},
      [&](HostCall& call, std::span<const Value> args, std::span<Value> results) {
        std::vector<Value> r;
        Outcome o = call.store.call(double_it, args, r);
        if (!o.ok()) return o;
        results[0] = r[0];
        return Outcome{};
      });
  f.load(R"((module (import "env" "callback" (func $cb (param i32) (result i32)))
      (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func (export "run") (param i32) (result i32) (i32.add (call $cb (local.get 0)) (i32.const 1)))))");
  double_it = *f.instance->find_export("double");
  BOOST_CHECK_EQUAL(f.call1("run", {i32(20)}).i32, 41u);
}

BOOST_AUTO_TEST_CASE(link_errors_name_the_import) {
  Fixture f;
  InstantiateResult r = f.instantiate(R"((module (import "env" "foo" (func))))");
  BOOST_CHECK(r.outcome.kind == OutcomeKind::LinkError);
  BOOST_CHECK_EQUAL(r.outcome.message, "unknown import: env.foo");
  BOOST_CHECK(r.instance == nullptr);
  f.imports["env.foo"] = f.store.add_global(GlobalType{ValType::I32, false}, i32(1));
  r = f.instantiate(R"((module (import "env" "foo" (func))))");
  BOOST_CHECK(r.outcome.kind == OutcomeKind::LinkError);
  BOOST_CHECK(r.outcome.message.find("incompatible import type for env.foo") == 0);
}

// StoreConfig::max_host_bytes bounds what a small module can make the host allocate besides its
// linear memory: tables, element segments, globals (and the value stack, see below).
BOOST_AUTO_TEST_CASE(tables_segments_and_globals_fit_the_host_budget) {
  StoreConfig config;
  config.max_host_bytes = 8 << 20;  // 2 MiB value stack, 6 MiB for the rest
  Fixture f(config);
  // One million elements (8 MB) in a 20-byte declaration.
  InstantiateResult r = f.instantiate(R"((module (table 1000000 funcref)))");
  BOOST_CHECK(r.outcome.kind == OutcomeKind::LinkError);
  BOOST_CHECK(r.instance == nullptr);
  BOOST_TEST_MESSAGE(r.outcome.message);
  BOOST_CHECK(r.outcome.message.find("budget") != std::string::npos);
  // Within the budget: growth stops at it (well below the 10M elements a table may have).
  f.load(R"((module (table $t 1000 funcref)
      (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))))");
  BOOST_CHECK_EQUAL(f.call1("grow", {i32(100000)}).i32, 1000u);
  BOOST_CHECK_EQUAL(f.call1("grow", {i32(1000000)}).i32, 0xffffffffu);
  // A passive segment's items (800 KB here) are charged until it is dropped.
  std::string items;
  for (int i = 0; i < 100000; ++i) items += " $g";
  const std::string passive = "(module (func $g) (elem $e func" + items + ") (table 10 funcref)" +
                              "(func (export \"drop\") (elem.drop $e)))";
  Fixture g(config);
  std::vector<Instance*> live;
  for (int i = 0; i < 8; ++i) {
    InstantiateResult one = g.instantiate(passive);
    BOOST_CHECK_EQUAL(one.outcome.ok(), i < 7);  // 6 MiB hold seven, not eight
    if (one.instance) live.push_back(one.instance);
  }
  for (Instance* instance : live) {
    std::vector<Value> none;
    BOOST_CHECK(g.store.call(*instance->find_export("drop"), {}, none).ok());
  }
  BOOST_CHECK(g.instantiate(passive).outcome.ok());
}

// The probe's module: 30 tables of 10M elements (2.4 GB) no longer instantiate under the default
// budget; they fail at once, before anything is allocated.
BOOST_AUTO_TEST_CASE(thirty_huge_tables_fail_fast_under_the_default_budget) {
  std::string wat = "(module";
  for (int i = 0; i < 30; ++i) wat += " (table 10000000 funcref)";
  wat += ")";
  Fixture f;
  InstantiateResult r = f.instantiate(wat);
  BOOST_CHECK(r.outcome.kind == OutcomeKind::LinkError);
}

// The value stack is a quarter of the budget: deep recursion exhausts it rather than the host.
BOOST_AUTO_TEST_CASE(the_value_stack_is_part_of_the_host_budget) {
  // Eight locals: each level takes at least 8 slots (64 bytes) of value stack.
  const char* wat = R"((module (func $r (export "r") (param i32) (result i32)
      (local i64 i64 i64 i64 i64 i64 i64 i64)
      (if (result i32) (local.get 0)
        (then (i32.add (call $r (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
        (else (i32.const 0))))))";
  StoreConfig config;
  config.max_call_depth = 1000000;
  config.max_host_bytes = 16 << 20;  // a 4 MiB value stack: 512K slots
  Fixture small(config);
  small.load(wat);
  std::vector<Value> results;
  Outcome o = small.call("r", {i32(400000)}, results);
  BOOST_CHECK(o.kind == OutcomeKind::Exhaustion);
  BOOST_CHECK(o.reason == TrapReason::CallStackExhausted);
  config.max_host_bytes = 1 << 30;  // 256 MiB
  Fixture big(config);
  big.load(wat);
  BOOST_CHECK_EQUAL(big.call1("r", {i32(400000)}).i32, 400000u);
}

BOOST_AUTO_TEST_CASE(memory_above_the_store_limit_does_not_instantiate) {
  Fixture f(StoreConfig{.max_memory_bytes = 65536, .max_call_depth = 100, .fuel = std::nullopt});
  InstantiateResult r = f.instantiate(R"((module (memory 2) (func (export "f"))))");
  BOOST_CHECK(r.outcome.kind == OutcomeKind::LinkError);
  BOOST_CHECK(r.instance == nullptr);
  f.load(R"((module (memory 1) (func (export "f") (result i32) (memory.grow (i32.const 1)))))");
  BOOST_CHECK_EQUAL(f.call1("f").i32, 0xffffffffu);
}

BOOST_AUTO_TEST_CASE(start_trap_and_segments) {
  Fixture f;
  InstantiateResult r = f.instantiate(R"((module (func $s unreachable) (start $s)))");
  BOOST_CHECK(r.outcome.kind == OutcomeKind::Trap);
  BOOST_CHECK(r.outcome.reason == TrapReason::Unreachable);
  r = f.instantiate(R"((module (memory 1) (data (i32.const 65535) "ab")))");
  BOOST_CHECK(r.outcome.reason == TrapReason::OutOfBoundsMemoryAccess);
  f.load(R"((module (memory 1) (data (i32.const 8) "\2a")
      (table 2 funcref) (elem (i32.const 1) $g)
      (type $t (func (result i32)))
      (func $g (result i32) (i32.load8_u (i32.const 8)))
      (func (export "ind") (param i32) (result i32) (call_indirect (type $t) (local.get 0)))))");
  BOOST_CHECK_EQUAL(f.call1("ind", {i32(1)}).i32, 42u);
  std::vector<Value> results;
  BOOST_CHECK(f.call("ind", {i32(0)}, results).reason == TrapReason::UninitializedElement);
  BOOST_CHECK(f.call("ind", {i32(2)}, results).reason == TrapReason::UndefinedElement);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(robustness)

// Random byte mutations of a valid module either load and run to some outcome under a fuel
// budget, or are rejected with a message: never a crash (run this under ASan+UBSan too).
BOOST_AUTO_TEST_CASE(mutated_modules_fail_cleanly) {
  const auto original = wask::test::wat_to_wasm(R"((module
    (type $t (func (param i32) (result i32)))
    (memory 1 2) (table 4 funcref) (global $g (mut i32) (i32.const 5))
    (elem (i32.const 0) $a $b) (data (i32.const 16) "hello")
    (func $a (type $t) (i32.add (local.get 0) (global.get $g)))
    (func $b (type $t) (local i64)
      (block $out (loop $l
        (br_if $out (i32.eqz (local.get 0)))
        (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (i32.load8_u (local.get 0)))))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
      (i32.wrap_i64 (local.get 1)))
    (func (export "run") (param i32) (result i32)
      (call_indirect (type $t) (local.get 0) (i32.and (local.get 0) (i32.const 3))))
    (func (export "grow") (result i32) (memory.grow (i32.const 1)))
    (func (export "select") (param i32 i32) (result i32)
      (select (local.get 0) (local.get 1) (i32.lt_s (local.get 0) (local.get 1))))))");
  uint64_t seed = 12345;
  auto next = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(seed >> 33);
  };
  int loaded = 0, rejected = 0;
  for (int round = 0; round < 3000; ++round) {
    std::vector<uint8_t> bytes = original;
    const int edits = 1 + next() % 4;
    for (int e = 0; e < edits; ++e) bytes[8 + next() % (bytes.size() - 8)] = next() & 0xff;
    LoadResult r = Module::load(bytes);
    if (r.error) {
      BOOST_CHECK(!r.error->message.empty());
      ++rejected;
      continue;
    }
    ++loaded;
    Store store(StoreConfig{.max_memory_bytes = 1 << 20, .max_call_depth = 1000, .fuel = 100000});
    InstantiateResult inst =
        store.instantiate(r.module, [](const ImportDesc&) { return std::nullopt; });
    if (!inst.outcome.ok()) continue;
    for (const auto& [name, ext] : inst.instance->exports()) {
      if (ext.kind != ExternKind::Func) continue;
      const FuncType type = store.type_of(ext).func;
      std::vector<Value> args;
      for (ValType t : type.params) {
        Value v = t == ValType::FuncRef || t == ValType::ExternRef ? Value::make_null(t)
                                                                   : Value::make_i64(next() % 8);
        v.type = t;
        args.push_back(v);
      }
      std::vector<Value> results;
      Outcome o = store.call(ext, args, results);
      BOOST_CHECK(o.kind != OutcomeKind::Crash);
    }
  }
  BOOST_TEST_MESSAGE(loaded << " mutants loaded, " << rejected << " rejected");
  BOOST_CHECK_GT(rejected, 0);
}

BOOST_AUTO_TEST_SUITE_END()

// Multi-memory and memory64 beyond what wabt 1.0.32 can check in tests/wast (it links a memory of
// the other index type, and checks memory 1's data offsets against memory 0's index type).
BOOST_AUTO_TEST_SUITE(memories)

BOOST_AUTO_TEST_CASE(a_memory_import_must_have_the_same_index_type) {
  Fixture f;
  f.imports["M.m32"] = f.store.add_memory(MemoryType{Limits{1, {}}, false});
  f.imports["M.m64"] = f.store.add_memory(MemoryType{Limits{1, {}}, true});
  BOOST_CHECK(f.instantiate(R"((module (import "M" "m64" (memory 1))))").outcome.kind ==
              OutcomeKind::LinkError);
  BOOST_CHECK(f.instantiate(R"((module (import "M" "m32" (memory i64 1))))").outcome.kind ==
              OutcomeKind::LinkError);
  f.load(R"((module (import "M" "m32" (memory 1)) (import "M" "m64" (memory i64 1))
      (func (export "size64") (result i64) (memory.size 1))))");
  BOOST_CHECK_EQUAL(f.call1("size64").i64, 1u);
}

// memory 0: i32, 1 page; memory 1: i64, 1 page, with one active data segment of `bytes` at the
// i64 offset `offset` (a signed LEB); "m1" (i64) -> i32 loads a byte of memory 1.
static std::vector<uint8_t> memory1_segment_module(std::vector<uint8_t> offset,
                                                   std::vector<uint8_t> bytes) {
  std::vector<uint8_t> m = {
      0,  'a',  's', 'm',  1,   0,    0, 0,    1,    6, 1, 0x60,
      1,  0x7e, 1,   0x7f,                                         // type () i64 -> i32
      3,  2,    1,   0,                                            // one function
      5,  5,    2,   0x00, 1,   0x04, 1,                           // memories
      7,  6,    1,   2,    'm', '1',  0, 0,                        // export "m1"
      10, 10,   1,   8,    0,   0x20, 0, 0x2d, 0x40, 1, 0, 0x0b};  // i32.load8_u 1
  std::vector<uint8_t> segment = {0x02, 1, 0x42};                  // active, memory 1, i64.const
  segment.insert(segment.end(), offset.begin(), offset.end());
  segment.push_back(0x0b);
  segment.push_back(static_cast<uint8_t>(bytes.size()));
  segment.insert(segment.end(), bytes.begin(), bytes.end());
  m.push_back(11);
  m.push_back(static_cast<uint8_t>(segment.size() + 1));
  m.push_back(1);
  m.insert(m.end(), segment.begin(), segment.end());
  return m;
}

BOOST_AUTO_TEST_CASE(data_segments_of_a_64_bit_memory_1_take_exact_i64_offsets) {
  auto instantiate = [](const std::vector<uint8_t>& bytes, Store& store) {
    LoadResult r = Module::load(bytes);
    BOOST_REQUIRE_MESSAGE(!r.error, r.error->message);
    return store.instantiate(r.module, [](const ImportDesc&) { return std::nullopt; });
  };
  Store store;
  InstantiateResult r =
      instantiate(memory1_segment_module({0xff, 0xff, 0x03}, {42}), store);  // 65535
  BOOST_REQUIRE_MESSAGE(r.outcome.ok(), describe(r.outcome));
  std::vector<Value> args = {i64(65535)}, results;
  BOOST_REQUIRE(store.call(*r.instance->find_export("m1"), args, results).ok());
  BOOST_CHECK_EQUAL(results.at(0).i32, 42u);
  // 65536 with one byte, 2^64 - 1 (i64.const -1) with one byte and with none: out of bounds (the
  // last would fit if offset + size wrapped past 2^64).
  for (auto [offset, bytes] :
       {std::pair{std::vector<uint8_t>{0x80, 0x80, 0x04}, std::vector<uint8_t>{1}},
        std::pair{std::vector<uint8_t>{0x7f}, std::vector<uint8_t>{1}},
        std::pair{std::vector<uint8_t>{0x7f}, std::vector<uint8_t>{}}}) {
    InstantiateResult bad = instantiate(memory1_segment_module(offset, bytes), store);
    BOOST_CHECK(bad.outcome.kind == OutcomeKind::Trap);
    BOOST_CHECK(bad.outcome.reason == TrapReason::OutOfBoundsMemoryAccess);
  }
}

BOOST_AUTO_TEST_SUITE_END()
