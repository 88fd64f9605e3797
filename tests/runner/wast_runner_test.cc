// The .wast runner against small scripts: what passes is counted, what fails is reported with
// FILE:LINE and counted, and every command kind behaves as the spec interpreter's runner does.
#define BOOST_TEST_MODULE wast_runner
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <sstream>
#include <string>

#include "interp/wast_runner.h"
#include "interp/wast_text.h"

using wask::interp::run_wast_file;
using wask::interp::run_wast_text;
using wask::interp::WastOptions;
using wask::interp::WastSummary;

namespace {

struct Run {
  WastSummary summary;
  std::string report;
};

Run run(std::string_view script, const WastOptions& options = {}) {
  std::ostringstream report;
  WastSummary summary = run_wast_text(script, "t.wast", report, options);
  return {summary, report.str()};
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Every command passes: nothing reported, each command counted once.
void expect_all_pass(std::string_view script, size_t commands, const WastOptions& options = {}) {
  Run r = run(script, options);
  BOOST_TEST(r.report == "");
  BOOST_TEST(r.summary.failed == 0u);
  BOOST_TEST(r.summary.passed == commands);
}

constexpr std::string_view kAddModule = R"w(
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
)w";

}  // namespace

BOOST_AUTO_TEST_CASE(a_passing_script_counts_every_command) {
  expect_all_pass(std::string(kAddModule) + R"w(
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke "add" (i32.const -1) (i32.const 1)) (i32.const 0))
(invoke "add" (i32.const 0) (i32.const 0))
)w",
                  4);
}

BOOST_AUTO_TEST_CASE(a_wrong_assert_return_is_reported_with_file_and_line) {
  Run r = run(R"w((module (func (export "seven") (result i32) (i32.const 7)))
(assert_return (invoke "seven") (i32.const 7))
(assert_return (invoke "seven") (i32.const 8))
)w");
  BOOST_TEST(r.summary.passed == 2u);
  BOOST_TEST(r.summary.failed == 1u);
  BOOST_TEST(contains(r.report, "t.wast:3: assert_return: expected "), r.report);
  BOOST_TEST(contains(r.report, "8"), r.report);
  BOOST_TEST(contains(r.report, "got "), r.report);
  // Exactly one line: the one failure.
  BOOST_TEST(std::count(r.report.begin(), r.report.end(), '\n') == 1);
}

BOOST_AUTO_TEST_CASE(assert_return_checks_result_count_and_type) {
  Run r = run(std::string(kAddModule) + R"w(
(assert_return (invoke "add" (i32.const 1) (i32.const 2)))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i64.const 3))
)w");
  BOOST_TEST(r.summary.passed == 1u);
  BOOST_TEST(r.summary.failed == 2u);
  BOOST_TEST(contains(r.report, "t.wast:6: assert_return"), r.report);
  BOOST_TEST(contains(r.report, "t.wast:7: assert_return"), r.report);
}

BOOST_AUTO_TEST_CASE(assert_trap_matches_the_message) {
  Run r = run(std::string(kAddModule) + R"w(
(assert_trap (invoke "div_s" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div_s" (i32.const 0x80000000) (i32.const -1)) "integer overflow")
(assert_trap (invoke "div_s" (i32.const 1) (i32.const 0)) "integer overflow")
(assert_trap (invoke "div_s" (i32.const 4) (i32.const 2)) "integer divide by zero")
)w");
  BOOST_TEST(r.summary.passed == 3u);
  BOOST_TEST(r.summary.failed == 2u);
  BOOST_TEST(contains(r.report,
                      "t.wast:8: assert_trap: expected trap \"integer overflow\", got "
                      "trap \"integer divide by zero\""),
             r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:9: assert_trap: expected trap \"integer divide by zero\""
                      ", got success"),
             r.report);
}

BOOST_AUTO_TEST_CASE(a_trap_where_a_return_was_expected_fails) {
  Run r = run(std::string(kAddModule) + R"w(
(assert_return (invoke "div_s" (i32.const 1) (i32.const 0)) (i32.const 0))
(invoke "div_s" (i32.const 1) (i32.const 0))
)w");
  BOOST_TEST(r.summary.failed == 2u);
  BOOST_TEST(contains(r.report, "t.wast:6: assert_return: expected (i32"), r.report);
  BOOST_TEST(contains(r.report, "got trap \"integer divide by zero\""), r.report);
  BOOST_TEST(contains(r.report, "t.wast:7: invoke \"div_s\": expected success"), r.report);
}

BOOST_AUTO_TEST_CASE(nan_expectations_follow_the_spec) {
  Run r = run(R"w((module
  (func (export "div") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
  (func (export "add64") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
  (func (export "id") (param f32) (result f32) (local.get 0)))
(assert_return (invoke "div" (f32.const 0) (f32.const 0)) (f32.const nan:canonical))
(assert_return (invoke "div" (f32.const 0) (f32.const 0)) (f32.const nan:arithmetic))
(assert_return (invoke "add64" (f64.const nan:0x4000000000001) (f64.const 1)) (f64.const nan:arithmetic))
(assert_return (invoke "id" (f32.const nan:0x200000)) (f32.const nan:0x200000))
(assert_return (invoke "id" (f32.const -nan)) (f32.const -nan))
(assert_return (invoke "id" (f32.const nan:0x400001)) (f32.const nan:arithmetic))
(assert_return (invoke "id" (f32.const nan:0x000001)) (f32.const nan:arithmetic))
(assert_return (invoke "id" (f32.const nan:0x400001)) (f32.const nan:canonical))
(assert_return (invoke "id" (f32.const 1.5)) (f32.const nan:canonical))
(assert_return (invoke "id" (f32.const -0)) (f32.const 0))
)w");
  BOOST_TEST(r.summary.passed == 7u);  // the module and six assertions
  BOOST_TEST(r.summary.failed == 4u, r.report);
  for (int line : {11, 12, 13, 14}) {
    BOOST_TEST(contains(r.report, "t.wast:" + std::to_string(line) + ": assert_return"), r.report);
  }
}

BOOST_AUTO_TEST_CASE(either_accepts_any_alternative) {
  Run r = run(R"w((module (func (export "one") (result i32) (i32.const 1)))
(assert_return (invoke "one") (either (i32.const 0) (i32.const 1)))
(assert_return (invoke "one") (either (i32.const 2) (i32.const 3)))
)w");
  BOOST_TEST(r.summary.passed == 2u);
  BOOST_TEST(r.summary.failed == 1u);
  BOOST_TEST(contains(r.report, "t.wast:3: assert_return"), r.report);
}

BOOST_AUTO_TEST_CASE(references_pass_through_and_compare) {
  Run r = run(R"w((module
  (func $f (export "f"))
  (func (export "ext") (param externref) (result externref) (local.get 0))
  (func (export "func") (result funcref) (ref.func $f))
  (func (export "null") (result funcref) (ref.null func)))
(assert_return (invoke "ext" (ref.extern 3)) (ref.extern 3))
(assert_return (invoke "ext" (ref.null extern)) (ref.null extern))
(assert_return (invoke "func") (ref.func))
(assert_return (invoke "null") (ref.null func))
(assert_return (invoke "ext" (ref.extern 3)) (ref.extern 4))
(assert_return (invoke "null") (ref.func))
(assert_return (invoke "func") (ref.null func))
)w");
  BOOST_TEST(r.summary.passed == 5u, r.report);
  BOOST_TEST(r.summary.failed == 3u, r.report);
  for (int line : {10, 11, 12}) {
    BOOST_TEST(contains(r.report, "t.wast:" + std::to_string(line) + ": assert_return"), r.report);
  }
}

BOOST_AUTO_TEST_CASE(get_reads_globals_of_named_modules) {
  Run r = run(R"w((module $A (global (export "g") i32 (i32.const 42)))
(module $B (global (export "g") i64 (i64.const 7)))
(assert_return (get $A "g") (i32.const 42))
(assert_return (get "g") (i64.const 7))
(assert_return (get $B "g") (i64.const 8))
(assert_return (get $C "g") (i64.const 7))
)w");
  BOOST_TEST(r.summary.passed == 4u, r.report);
  BOOST_TEST(r.summary.failed == 2u, r.report);
  BOOST_TEST(contains(r.report, "t.wast:5: assert_return"), r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:6: assert_return: expected a valid action, got unknown "
                      "module $C"),
             r.report);
}

BOOST_AUTO_TEST_CASE(assert_malformed_accepts_only_malformed_modules) {
  Run r = run(R"w(
(assert_malformed (module binary "\00asm" "\02\00\00\00") "unknown binary version")
(assert_malformed (module binary "\00asn" "\01\00\00\00") "magic header not detected")
(assert_malformed (module quote "(func (i32.const 0x1_0000_0000) drop)") "constant out of range")
(assert_malformed (module quote "(module (func) (oops))") "unexpected token")
(assert_malformed (module binary "\00asm" "\01\00\00\00") "should have failed")
(assert_malformed (module quote "(func)") "should have failed")
)w");
  BOOST_TEST(r.summary.passed == 4u, r.report);
  BOOST_TEST(r.summary.failed == 2u, r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:6: assert_malformed: expected a malformed module, got a "
                      "module that loads"),
             r.report);
  BOOST_TEST(contains(r.report, "t.wast:7: assert_malformed"), r.report);
}

BOOST_AUTO_TEST_CASE(assert_invalid_accepts_only_invalid_modules) {
  Run r = run(R"w(
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_invalid (module (func (call 7))) "unknown function")
(assert_invalid (module (memory 1) (func (data.drop 0))) "unknown data segment")
(assert_invalid (module (func (result i32) (i32.const 0))) "should have failed")
(assert_invalid (module binary "\00asm") "malformed is not invalid")
)w");
  BOOST_TEST(r.summary.passed == 4u, r.report);
  BOOST_TEST(r.summary.failed == 2u, r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:6: assert_invalid: expected an invalid module, got a "
                      "valid module"),
             r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:7: assert_invalid: expected an invalid module, got "
                      "malformed"),
             r.report);
}

BOOST_AUTO_TEST_CASE(assert_unlinkable_needs_a_link_error) {
  Run r = run(R"w(
(assert_unlinkable (module (import "spectest" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i64)))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "global_i32" (global i64))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "memory" (memory 3))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "table" (table 10 15 funcref))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "should have failed")
)w");
  BOOST_TEST(r.summary.passed == 6u, r.report);
  BOOST_TEST(r.summary.failed == 1u, r.report);
  BOOST_TEST(contains(r.report, "t.wast:8: assert_unlinkable: expected a link error, got success"),
             r.report);
}

BOOST_AUTO_TEST_CASE(assert_uninstantiable_needs_a_trap_while_instantiating) {
  Run r = run(R"w(
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_trap (module (memory 1) (data (i32.const 65536) "x")) "out of bounds memory access")
(assert_trap (module (func $s) (start $s)) "unreachable")
(assert_trap (module (func $s unreachable) (start $s)) "integer overflow")
)w");
  BOOST_TEST(r.summary.passed == 2u, r.report);
  BOOST_TEST(r.summary.failed == 2u, r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:4: assert_uninstantiable: expected trap \"unreachable\", "
                      "got success"),
             r.report);
  BOOST_TEST(contains(r.report, "t.wast:5: assert_uninstantiable"), r.report);
}

BOOST_AUTO_TEST_CASE(a_module_that_fails_is_reported_and_leaves_no_current_module) {
  Run r = run(R"w((module (func (export "f") (result i32) (i32.const 1)))
(module (func (result i32)))
(assert_return (invoke "f") (i32.const 1))
(module (import "nowhere" "f" (func)))
)w");
  BOOST_TEST(r.summary.passed == 1u, r.report);
  BOOST_TEST(r.summary.failed == 3u, r.report);
  BOOST_TEST(contains(r.report, "t.wast:2: module: expected a valid module, got invalid"),
             r.report);
  BOOST_TEST(contains(r.report, "t.wast:3: assert_return: expected a valid action, got no module"),
             r.report);
  BOOST_TEST(contains(r.report, "t.wast:4: module: expected instantiation, got link error"),
             r.report);
}

BOOST_AUTO_TEST_CASE(register_links_exports_into_later_modules) {
  expect_all_pass(R"w(
(module $M
  (global $counter (export "counter") (mut i32) (i32.const 0))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))
  (memory (export "mem") 1)
  (table (export "tab") 2 funcref))
(register "M" $M)
(module $N
  (import "M" "bump" (func $bump (result i32)))
  (import "M" "counter" (global $c (mut i32)))
  (import "M" "mem" (memory 1))
  (func (export "twice") (result i32) (drop (call $bump)) (call $bump))
  (func (export "seen") (result i32) (global.get $c))
  (func (export "store") (i32.store (i32.const 8) (i32.const 77))))
(assert_return (invoke "twice") (i32.const 2))
(assert_return (invoke $M "bump") (i32.const 3))
(assert_return (invoke $N "seen") (i32.const 3))
(invoke $N "store")
(module (import "M" "mem" (memory 1))
  (func (export "load") (result i32) (i32.load (i32.const 8))))
(assert_return (invoke "load") (i32.const 77))
(register "N2")
)w",
                  10);
}

BOOST_AUTO_TEST_CASE(register_without_a_name_takes_the_current_module) {
  expect_all_pass(R"w(
(module (func (export "f") (result i32) (i32.const 5)))
(register "last")
(module (import "last" "f" (func $f (result i32))) (func (export "g") (result i32) (call $f)))
(assert_return (invoke "g") (i32.const 5))
)w",
                  4);
}

BOOST_AUTO_TEST_CASE(spectest_provides_the_standard_imports) {
  expect_all_pass(R"w(
(module
  (import "spectest" "print" (func $print))
  (import "spectest" "print_i32" (func $print_i32 (param i32)))
  (import "spectest" "print_i64" (func $print_i64 (param i64)))
  (import "spectest" "print_f32" (func $print_f32 (param f32)))
  (import "spectest" "print_f64" (func $print_f64 (param f64)))
  (import "spectest" "print_i32_f32" (func $print_i32_f32 (param i32 f32)))
  (import "spectest" "print_f64_f64" (func $print_f64_f64 (param f64 f64)))
  (import "spectest" "global_i32" (global $gi32 i32))
  (import "spectest" "global_i64" (global $gi64 i64))
  (import "spectest" "global_f32" (global $gf32 f32))
  (import "spectest" "global_f64" (global $gf64 f64))
  (import "spectest" "table" (table 10 20 funcref))
  (import "spectest" "memory" (memory 1 2))
  (func (export "print_all")
    (call $print) (call $print_i32 (i32.const 1)) (call $print_i64 (i64.const 2))
    (call $print_f32 (f32.const 3)) (call $print_f64 (f64.const 4))
    (call $print_i32_f32 (i32.const 5) (f32.const 6)) (call $print_f64_f64 (f64.const 7) (f64.const 8)))
  (func (export "gi32") (result i32) (global.get $gi32))
  (func (export "gi64") (result i64) (global.get $gi64))
  (func (export "gf32") (result f32) (global.get $gf32))
  (func (export "gf64") (result f64) (global.get $gf64))
  (func (export "table_size") (result i32) (table.size 0))
  (func (export "memory_size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
(invoke "print_all")
(assert_return (invoke "gi32") (i32.const 666))
(assert_return (invoke "gi64") (i64.const 666))
(assert_return (invoke "gf32") (f32.const 666.6))
(assert_return (invoke "gf64") (f64.const 666.6))
(assert_return (invoke "table_size") (i32.const 10))
(assert_return (invoke "memory_size") (i32.const 1))
(assert_return (invoke "grow" (i32.const 2)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke "grow" (i32.const 1)) (i32.const -1))
)w",
                  11);
}

BOOST_AUTO_TEST_CASE(verbose_prints_passes_and_spectest_output) {
  WastOptions options;
  options.verbose = true;
  Run r = run(R"w((module (import "spectest" "print_i32" (func $p (param i32)))
  (func (export "go") (call $p (i32.const 42))))
(invoke "go")
)w",
              options);
  BOOST_TEST(r.summary.passed == 2u);
  BOOST_TEST(r.summary.failed == 0u);
  BOOST_TEST(contains(r.report, "42 : i32"), r.report);
  BOOST_TEST(contains(r.report, "t.wast:3: invoke \"go\": ok"), r.report);
}

BOOST_AUTO_TEST_CASE(assert_exhaustion_catches_runaway_recursion) {
  Run r = run(R"w((module (func $r (export "r") (call $r)) (func (export "ok")))
(assert_exhaustion (invoke "r") "call stack exhausted")
(assert_exhaustion (invoke "ok") "call stack exhausted")
(assert_trap (invoke "r") "call stack exhausted")
)w");
  BOOST_TEST(r.summary.passed == 2u, r.report);
  BOOST_TEST(r.summary.failed == 2u, r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:3: assert_exhaustion: expected exhaustion \"call stack "
                      "exhausted\", got success"),
             r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:4: assert_trap: expected trap \"call stack exhausted\", "
                      "got exhaustion"),
             r.report);
}

BOOST_AUTO_TEST_CASE(fuel_stops_an_endless_loop_and_is_refilled_per_command) {
  WastOptions options;
  options.store.fuel = 100000;
  expect_all_pass(R"w((module
  (func (export "spin") (loop (br 0)))
  (func (export "count") (param i32) (result i32)
    (loop $l (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if $l (local.get 0)))
    (local.get 0)))
(assert_exhaustion (invoke "spin") "out of fuel")
(assert_return (invoke "count" (i32.const 1000)) (i32.const 0))
(assert_exhaustion (invoke "spin") "out of fuel")
(assert_return (invoke "count" (i32.const 1000)) (i32.const 0))
)w",
                  5, options);
}

BOOST_AUTO_TEST_CASE(max_call_depth_is_the_store_limit) {
  WastOptions options;
  options.store.max_call_depth = 50;
  expect_all_pass(R"w((module
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (call $down (i32.sub (local.get 0) (i32.const 1))))
      (else (i32.const 0)))))
(assert_return (invoke "down" (i32.const 10)) (i32.const 0))
(assert_exhaustion (invoke "down" (i32.const 1000)) "call stack exhausted")
)w",
                  3, options);
}

BOOST_AUTO_TEST_CASE(top_level_quoted_modules_are_compiled) {
  Run r = run(R"w((module $Q quote "(func (export \"seven\") (result i32)" " (i32.const 7))")
(assert_return (invoke $Q "seven") (i32.const 7))
(module quote
  "(func (export \"eight\") (result i32) (i32.const 8))"
)
(assert_return (invoke "eight") (i32.const 8))
(module quote "(func (oops))")
(assert_return (invoke "eight") (i32.const 8))
)w");
  BOOST_TEST(r.summary.passed == 4u, r.report);
  BOOST_TEST(r.summary.failed == 2u, r.report);
  // The broken quoted module is reported on its own line; later lines keep their numbers.
  BOOST_TEST(contains(r.report, "t.wast:7: module: expected a valid module, got malformed text"),
             r.report);
  BOOST_TEST(contains(r.report, "t.wast:8: assert_return: expected a valid action, got no module"),
             r.report);
}

BOOST_AUTO_TEST_CASE(binary_modules_load_directly) {
  expect_all_pass(R"w(
(module $B binary
  "\00asm" "\01\00\00\00"
  "\01\05\01\60\00\01\7f"              ;; type: () -> i32
  "\03\02\01\00"                       ;; func 0: type 0
  "\07\07\01\03\6f\6e\65\00\00"        ;; export "one" func 0
  "\0a\06\01\04\00\41\01\0b")          ;; code: i32.const 1
(assert_return (invoke $B "one") (i32.const 1))
)w",
                  2);
}

BOOST_AUTO_TEST_CASE(a_command_that_does_not_parse_is_one_failure) {
  Run r = run("(module)\n(assert_return (invoke \"f\") (i32.const 1)\n");
  BOOST_TEST(r.summary.passed == 1u);
  BOOST_TEST(r.summary.failed == 1u);
  BOOST_TEST(contains(r.report, "t.wast:"), r.report);
  BOOST_TEST(contains(r.report, "command: expected a command wabt can parse, got parse error"),
             r.report);
}

// Commands are parsed one by one: a broken one in the middle costs only itself, and its line is
// the script's.
BOOST_AUTO_TEST_CASE(the_commands_around_one_that_does_not_parse_still_run) {
  Run r = run(R"wast((module $m (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(assert_return (invoke "f") (i32.const 1) oops)
(module (func (export "g") (result i32) (i32.const 2)))
(assert_return (invoke "g") (i32.const 2))
(assert_return (invoke $m "f") (i32.const 1))
)wast");
  BOOST_TEST(r.summary.passed == 5u, r.report);
  BOOST_TEST(r.summary.failed == 1u, r.report);
  BOOST_TEST(contains(r.report, "t.wast:3: command: expected a command wabt can parse"), r.report);
}

// Wasm 3.0 text (typed function references, GC, exnref) is named with its line before wabt sees
// it: wabt 1.0.32 stops on some of it and aborts (an assertion) on other parts.
BOOST_AUTO_TEST_CASE(wasm3_commands_fail_alone_naming_the_feature_and_line) {
  Run r = run(R"wast((module (func (export "f") (result i32) (i32.const 1)))
(module
  (type $t (func (result i32)))
  (func $g (param (ref $T)) (result i32) (i32.const 2)))
(module
  (type $t (func (result i32)))
  (func $h (type $t) (i32.const 3))
  (elem declare func $h)
  (func (export "h") (result i32) (call_ref $t (ref.func $h))))
(assert_return (invoke "f") (i32.const 1))
(module (type $s (struct (field i32))))
(assert_return (invoke "f") (ref.null $t))
(module (func (export "k") (result i32) (i32.const 4)))
(assert_return (invoke "k") (i32.const 4))
(assert_malformed (module quote "(func (param (ref $T)))") "unknown type")
)wast");
  // Quoted text is compiled on its own with WebAssembly 2.0 features: malformed, as expected.
  BOOST_TEST(r.summary.passed == 5u, r.report);
  BOOST_TEST(r.summary.failed == 4u, r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:2: command: expected WebAssembly 2.0 text (what wabt "
                      "1.0.32 parses), got typed function references (`(ref` at line 4)"),
             r.report);
  BOOST_TEST(contains(r.report, "t.wast:5: command:"), r.report);
  BOOST_TEST(contains(r.report, "typed function references (`call_ref` at line 9)"), r.report);
  BOOST_TEST(contains(r.report, "garbage collection (`(struct` at line 11)"), r.report);
  BOOST_TEST(contains(r.report, "typed function references (`ref.null $t` at line 12)"), r.report);
}

BOOST_AUTO_TEST_CASE(wasm2_text_is_not_mistaken_for_wasm3) {
  for (const char* text :
       {"(module (func $ref (param $struct i32) (result funcref) (ref.null func)))",
        "(module (func (export \"array\") (drop (ref.func 0))) (elem declare func 0))",
        "(module (table 1 externref) (func (drop (ref.null extern))))"}) {
    BOOST_TEST(!wask::interp::wast::find_beyond_wabt(text), text);
  }
}

BOOST_AUTO_TEST_CASE(bad_actions_are_failures_not_crashes) {
  Run r = run(std::string(kAddModule) + R"w(
(assert_return (invoke "missing") (i32.const 0))
(assert_return (invoke "add" (i32.const 1)) (i32.const 1))
(assert_return (invoke "add" (i64.const 1) (i32.const 1)) (i32.const 2))
(assert_return (get "add") (i32.const 0))
(register "x" $nobody)
)w");
  BOOST_TEST(r.summary.passed == 1u, r.report);
  BOOST_TEST(r.summary.failed == 5u, r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:6: assert_return: expected a valid action, got unknown "
                      "export \"missing\""),
             r.report);
  BOOST_TEST(contains(r.report, "t.wast:7: assert_return: expected a valid action, got arguments"),
             r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:9: assert_return: expected a valid action, got export "
                      "\"add\" is not a global"),
             r.report);
  BOOST_TEST(contains(r.report,
                      "t.wast:10: register: expected a defined module, got unknown "
                      "module $nobody"),
             r.report);
}

BOOST_AUTO_TEST_CASE(an_unreadable_file_is_one_failure) {
  std::ostringstream report;
  WastSummary s = run_wast_file("/nonexistent/dir/x.wast", report);
  BOOST_TEST(s.failed == 1u);
  BOOST_TEST(s.passed == 0u);
  BOOST_TEST(contains(report.str(), "/nonexistent/dir/x.wast:0: read:"), report.str());
}

BOOST_AUTO_TEST_CASE(a_script_of_only_comments_has_nothing_to_count) {
  expect_all_pass("", 0);
  expect_all_pass(";; nothing here\n(; nor (module quote \"x\") here ;)\n", 0);
}

// ---------------------------------------------------------------------------------------------
// The text helpers behind the runner.

namespace wast = wask::interp::wast;

BOOST_AUTO_TEST_CASE(string_literals_decode_every_escape) {
  BOOST_TEST(wast::decode_string_literal(R"(a\nb\tc\r\"\'\\)") == "a\nb\tc\r\"'\\");
  BOOST_TEST(wast::decode_string_literal(R"(\00\ff\41)") == std::string("\0\xff"
                                                                        "A",
                                                                        3));
  BOOST_TEST(wast::decode_string_literal(R"(\u{41}\u{e9}\u{1F600})") ==
             "A\xc3\xa9\xf0\x9f\x98\x80");
}

BOOST_AUTO_TEST_CASE(quoted_modules_are_rewritten_in_place_keeping_lines) {
  std::string script =
      ";; (module quote \"(in a comment)\")\n"
      "(; (module quote \"nested (; comment ;)\") ;)\n"
      "(module $m quote\n  \"(func)\"\n  \"(memory 1)\")\n"
      "(assert_malformed (module quote \"(oops\") \"unexpected\")\n"
      "(module quote \"(func (oops))\")\n"
      "(invoke \"f\" (i32.const 1)) ;; \"(module quote\"\n";
  wast::RewrittenScript out = wast::rewrite_quoted_modules(script, "t.wast");
  // Only the two top-level quoted modules change; comments and nested quotes stay as written.
  BOOST_TEST(out.text.find(";; (module quote \"(in a comment)\")\n") == 0u);
  BOOST_TEST(out.text.find("(module $m binary \"\\00\\61\\73\\6d") != std::string::npos, out.text);
  BOOST_TEST(out.text.find("(assert_malformed (module quote \"(oops\")") != std::string::npos);
  BOOST_TEST(std::count(out.text.begin(), out.text.end(), '\n') ==
             std::count(script.begin(), script.end(), '\n'));
  // The broken one is reported under its own line (7) and replaced by a module wabt can read.
  BOOST_TEST(out.quote_errors.size() == 1u);
  BOOST_TEST(out.quote_errors.count(7) == 1u);
  BOOST_TEST(out.text.find("(invoke \"f\" (i32.const 1))") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(compiled_text_is_a_binary_or_wabts_error) {
  wast::CompiledWat good = wast::compile_wat("(func (export \"f\"))", "q");
  BOOST_TEST(good.ok());
  BOOST_TEST(good.bytes.size() > 8u);
  wast::CompiledWat bad = wast::compile_wat("(func (oops))", "q");
  BOOST_TEST(!bad.ok());
  BOOST_TEST(bad.bytes.empty());
  BOOST_TEST(bad.error.find("1:8: ") == 0u, bad.error);
  BOOST_TEST(wast::is_blank(" ;; x\n (; y (; z ;) ;)\t"));
  BOOST_TEST(!wast::is_blank(";; x\n(module)"));
}

// Neither the spec's nor wabt's spectest has tags: wask's offers one of whatever type a module
// imports, under any name, shared by the modules that import the same name and type.
BOOST_AUTO_TEST_CASE(spectest_offers_tags_of_the_imported_type) {
  expect_all_pass(R"(
(module $a
  (import "spectest" "tag" (tag $t (param i32)))
  (func (export "throw") (param i32) (throw $t (local.get 0))))
(register "a" $a)
(module
  (import "spectest" "tag" (tag $t (param i32)))
  (import "spectest" "tag" (tag $other (param i64)))
  (import "a" "throw" (func $throw (param i32)))
  (func (export "catch") (result i32)
    (try (result i32) (do (call $throw (i32.const 9)) (i32.const 0)) (catch $t))))
(assert_return (invoke "catch") (i32.const 9))
(assert_exception (invoke $a "throw" (i32.const 1)))
)",
                  5);
}

// An uncaught exception is its own outcome: not a trap, not a return.
BOOST_AUTO_TEST_CASE(assert_exception_needs_an_exception) {
  Run r = run(R"(
(module (tag $e) (func (export "throw") (throw $e)) (func (export "ok")))
(assert_trap (invoke "throw") "unreachable")
(assert_exception (invoke "ok"))
(assert_exception (invoke "throw"))
)");
  BOOST_TEST(r.summary.passed == 2u);
  BOOST_TEST(r.summary.failed == 2u);
  BOOST_TEST(contains(r.report, "t.wast:3: assert_trap"));
  BOOST_TEST(contains(r.report, "t.wast:4: assert_exception"));
}

// wabt 1.0.32's binary writer asserts on a data segment of memory 1: a clear failure, not SIGABRT.
BOOST_AUTO_TEST_CASE(a_text_data_segment_of_memory_1_fails_clearly) {
  Run r = run(R"(
(module (memory 1) (memory $b 1) (data (memory $b) (i32.const 0) "x"))
(module (memory 1) (memory $b 1) (func (export "f") (result i32) (i32.load8_u $b (i32.const 0))))
(assert_return (invoke "f") (i32.const 0))
)");
  BOOST_TEST(r.summary.passed == 2u);
  BOOST_TEST(r.summary.failed == 1u);
  BOOST_TEST(contains(r.report, "t.wast:2: module"), r.report);
  BOOST_TEST(contains(r.report, "cannot encode a data segment of memory 1"), r.report);
}
