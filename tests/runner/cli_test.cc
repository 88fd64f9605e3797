// The wask command line as a user meets it: `wask run --invoke` and `wask wast` run as real
// processes (output, stderr, exit status), plus the value text that --invoke reads and prints.
#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "shell/value_text.h"

namespace fs = std::filesystem;
using namespace std::string_literals;
using wask::interp::ValType;
using wask::interp::Value;

namespace {

// ---------------------------------------------------------------------------------------------
// Running wask.

struct ProcessResult {
  int status = -1;  // exit status, or 128+signal
  std::string out;
  std::string err;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A scratch directory for one test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "wask-cli-XXXXXX").string();
    BOOST_REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& name, std::string_view bytes) const {
    fs::path file = path / name;
    std::ofstream(file, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
    return file;
  }
};

ProcessResult run_wask(const std::vector<std::string>& args) {
  TempDir io;
  fs::path out = io.path / "out", err = io.path / "err";
  std::string binary = std::string(WASK_BINARY_DIR) + "/wask";
  pid_t pid = fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out_fd < 0 || err_fd < 0) _exit(127);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    std::vector<char*> argv;
    argv.push_back(binary.data());
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  ProcessResult result;
  result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  size_t nl = trimmed.rfind('\n');
  return nl == std::string::npos ? trimmed : trimmed.substr(nl + 1);
}

// ---------------------------------------------------------------------------------------------
// Small binary modules, encoded by hand so the test needs no assembler.

using Bytes = std::string;

Bytes leb(uint32_t v) {
  Bytes out;
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    out += char(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}
Bytes name(std::string_view s) { return leb(uint32_t(s.size())) + std::string(s); }
Bytes vec(const std::vector<Bytes>& items) {
  Bytes out = leb(uint32_t(items.size()));
  for (const Bytes& i : items) out += i;
  return out;
}
Bytes section(uint8_t id, const Bytes& contents) {
  return Bytes(1, char(id)) + leb(uint32_t(contents.size())) + contents;
}
Bytes bytes(std::initializer_list<int> list) {
  Bytes out;
  for (int b : list) out += char(b);
  return out;
}
Bytes func_type(const Bytes& params, const Bytes& results) {
  return Bytes("\x60") + leb(uint32_t(params.size())) + params + leb(uint32_t(results.size())) +
         results;
}
Bytes code(const Bytes& body) {  // no locals
  Bytes entry = "\x00"s + body + "\x0b";
  return leb(uint32_t(entry.size())) + entry;
}
const Bytes kHeader = "\0asm\x01\0\0\0"s;
constexpr char I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c;

// add, div_s, f64/f32 identities, an endless loop, endless recursion, i64 negate, no-result.
Bytes math_module() {
  Bytes types = vec({func_type({I32, I32}, {I32}), func_type({F64}, {F64}), func_type({F32}, {F32}),
                     func_type("", ""), func_type({I64}, {I64}), func_type("", {I32, I64})});
  Bytes funcs = vec({leb(0), leb(0), leb(1), leb(2), leb(3), leb(3), leb(4), leb(3), leb(5)});
  auto exp = [](std::string_view n, uint32_t index) { return name(n) + "\x00"s + leb(index); };
  Bytes exports =
      vec({exp("add", 0), exp("div_s", 1), exp("id64", 2), exp("id32", 3), exp("spin", 4),
           exp("recurse", 5), exp("neg64", 6), exp("nothing", 7), exp("pair", 8)});
  Bytes bodies = vec({
      code(bytes({0x20, 0, 0x20, 1, 0x6a})),       // local.get 0, local.get 1, i32.add
      code(bytes({0x20, 0, 0x20, 1, 0x6d})),       // i32.div_s
      code(bytes({0x20, 0})),                      // local.get 0
      code(bytes({0x20, 0})),                      // local.get 0
      code(bytes({0x03, 0x40, 0x0c, 0, 0x0b})),    // loop br 0 end
      code(bytes({0x10, 5})),                      // call 5 (itself)
      code(bytes({0x42, 0, 0x20, 0, 0x7d})),       // i64.const 0, local.get 0, i64.sub
      code(""),                                    // nothing
      code(bytes({0x41, 0x7f, 0x42, 0x80, 0x7f}))  // i32.const -1, i64.const -128
  });
  return kHeader + section(1, types) + section(3, funcs) + section(7, exports) +
         section(10, bodies);
}

// A memory of one page and "grow" (i32) -> i32: memory.grow by the argument.
Bytes memory_module() {
  Bytes types = vec({func_type({I32}, {I32})});
  Bytes funcs = vec({leb(0)});
  Bytes memories = vec({bytes({0x00, 1})});  // min 1, no max
  Bytes exports = vec({name("grow") + "\x00"s + leb(0)});
  Bytes bodies = vec({code(bytes({0x20, 0, 0x40, 0}))});  // local.get 0, memory.grow 0
  return kHeader + section(1, types) + section(3, funcs) + section(5, memories) +
         section(7, exports) + section(10, bodies);
}

// A WASI command whose exported "memory" is 64-bit (memory64): min 1 page, and an empty _start.
Bytes memory64_command_module() {
  Bytes memories = vec({bytes({0x04, 1})});  // flags 0x04: i64 index type
  Bytes exports = vec({name("memory") + "\x02"s + leb(0), name("_start") + "\x00"s + leb(0)});
  return kHeader + section(1, vec({func_type("", "")})) + section(3, vec({leb(0)})) +
         section(5, memories) + section(7, exports) + section(10, vec({code("")}));
}

// The probe's module of issue 10: 30 tables of 10M funcref elements (2.4 GB) and "f" () -> ().
Bytes huge_tables_module() {
  std::vector<Bytes> tables(30, bytes({0x70, 0x00}) + leb(10'000'000));  // funcref, min only
  return kHeader + section(1, vec({func_type("", "")})) + section(3, vec({leb(0)})) +
         section(4, vec(tables)) + section(7, vec({name("f") + "\x00"s + leb(0)})) +
         section(10, vec({code("")}));
}

// Imports env.needed and exports a function calling it.
Bytes importing_module() {
  Bytes types = vec({func_type("", "")});
  Bytes imports = vec({name("env") + name("needed") + "\x00"s + leb(0)});
  Bytes funcs = vec({leb(0)});
  Bytes exports = vec({name("go") + "\x00"s + leb(1)});
  Bytes bodies = vec({code(bytes({0x10, 0}))});
  return kHeader + section(1, types) + section(2, imports) + section(3, funcs) +
         section(7, exports) + section(10, bodies);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// wask run --invoke

BOOST_AUTO_TEST_CASE(invoke_prints_results_as_type_and_value) {
  TempDir dir;
  std::string m = dir.write("m.wasm", math_module()).string();
  ProcessResult r = run_wask({"run", "--invoke", "add", m, "2", "3"});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out == "i32:5\n");
  BOOST_TEST(r.err == "");

  r = run_wask({"run", "--invoke", "add", m, "-1", "0x10"});
  BOOST_TEST(r.out == "i32:15\n", r.err);
  r = run_wask({"run", "--invoke", "add", m, "4294967295", "-2147483648"});
  BOOST_TEST(r.out == "i32:2147483647\n", r.err);
  r = run_wask({"run", "--invoke", "neg64", m, "-9223372036854775808"});
  BOOST_TEST(r.out == "i64:-9223372036854775808\n", r.err);
  r = run_wask({"run", "--invoke", "pair", m});
  BOOST_TEST(r.out == "i32:-1\ni64:-128\n", r.err);
  r = run_wask({"run", "--invoke", "nothing", m});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out == "");
}

// wask disasm: the listing names each function and the internal ops it was translated to.
BOOST_AUTO_TEST_CASE(disasm_lists_each_functions_translated_code) {
  TempDir dir;
  std::string m = dir.write("m.wasm", math_module()).string();
  ProcessResult r = run_wask({"disasm", m});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out.find("func 0 (add): 2 params") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("i32.add") != std::string::npos);
  BOOST_TEST(r.out.find("i32.div_s") != std::string::npos);
  BOOST_TEST(r.out.find("func 8 (pair)") != std::string::npos);
  r = run_wask({"disasm", dir.write("bad.wasm", "\0asm\2\0\0\0").string()});
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find("not a valid module: malformed") != std::string::npos, r.err);
  BOOST_TEST(run_wask({"disasm"}).status == 2);
}

BOOST_AUTO_TEST_CASE(invoke_prints_floats_that_read_back_exactly) {
  TempDir dir;
  std::string m = dir.write("m.wasm", math_module()).string();
  struct Case {
    const char* func;
    const char* arg;
    const char* printed;
  };
  for (Case c :
       {Case{"id64", "0.1", "f64:0.1"}, Case{"id64", "0x1p-1074", "f64:5e-324"},
        Case{"id64", "-0", "f64:-0"}, Case{"id64", "inf", "f64:inf"},
        Case{"id64", "-nan", "f64:-nan"}, Case{"id64", "nan:0x1", "f64:nan:0x1"},
        Case{"id32", "0.1", "f32:0.1"}, Case{"id32", "3.4028235e38", "f32:3.4028235e+38"},
        Case{"id32", "nan:0x200001", "f32:nan:0x200001"}, Case{"id32", "-inf", "f32:-inf"}}) {
    ProcessResult r = run_wask({"run", "--invoke", c.func, m, c.arg});
    BOOST_TEST(r.status == 0, c.arg << ": " << r.err);
    BOOST_TEST(r.out == std::string(c.printed) + "\n", c.arg);
  }
}

BOOST_AUTO_TEST_CASE(a_trap_exits_134_with_the_reason_and_a_backtrace) {
  TempDir dir;
  std::string m = dir.write("m.wasm", math_module()).string();
  ProcessResult r = run_wask({"run", "--invoke", "div_s", m, "1", "0"});
  BOOST_TEST(r.status == 134);
  BOOST_TEST(r.out == "");
  BOOST_TEST(contains(r.err, "trap: integer divide by zero"), r.err);
  BOOST_TEST(contains(r.err, "  at "), r.err);

  r = run_wask({"run", "--max-call-depth", "100", "--invoke", "recurse", m});
  BOOST_TEST(r.status == 134);
  BOOST_TEST(contains(r.err, "call stack exhausted"), r.err);

  r = run_wask({"run", "--fuel", "10000", "--invoke", "spin", m});
  BOOST_TEST(r.status == 134);
  BOOST_TEST(contains(r.err, "out of fuel"), r.err);
}

BOOST_AUTO_TEST_CASE(load_and_usage_errors_exit_2_with_a_message) {
  TempDir dir;
  std::string m = dir.write("m.wasm", math_module()).string();
  std::string junk = dir.write("junk.wasm", "not a module").string();

  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  std::vector<Case> cases = {
      {{"run", "--invoke", "add", (dir.path / "missing.wasm").string()}, "cannot read"},
      {{"run", "--invoke", "add", junk, "1", "2"}, "not a valid module"},
      {{"run", "--invoke", "nope", m}, "exports no function 'nope'"},
      {{"run", "--invoke", "add", m, "1"}, "expected 2 arguments, got 1"},
      {{"run", "--invoke", "add", m, "1", "x"}, "argument 2"},
      {{"run", "--invoke", "add", m, "1", "4294967296"}, "does not fit in i32"},
      {{"run", "--invoke", "id32", m, "1e39"}, "out of range"},
      {{"run", "--invoke", "add"}, "needs a MODULE.wasm"},
      {{"run", "--fuel", "lots", "--invoke", "add", m}, "--fuel"},
      {{"run", "--bogus"}, "unknown option '--bogus'"},
      {{"run"}, "usage:"},
  };
  for (const Case& c : cases) {
    ProcessResult r = run_wask(c.args);
    BOOST_TEST(r.status == 2, c.message);
    BOOST_TEST(contains(r.err, c.message), c.message << " not in: " << r.err);
    BOOST_TEST(r.out == "");
  }
}

BOOST_AUTO_TEST_CASE(a_wasi_command_with_a_64_bit_memory_exits_2_saying_so) {
  TempDir dir;
  std::string m = dir.write("m64.wasm", memory64_command_module()).string();
  ProcessResult r = run_wask({"run", m});
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.err, "\"memory\" is 64-bit (memory64)"), r.err);
  BOOST_TEST(r.out == "");
}

BOOST_AUTO_TEST_CASE(an_import_that_cannot_be_satisfied_exits_2_naming_it) {
  TempDir dir;
  std::string m = dir.write("imports.wasm", importing_module()).string();
  ProcessResult r = run_wask({"run", "--invoke", "go", m});
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.err, "env"), r.err);
  BOOST_TEST(contains(r.err, "needed"), r.err);
}

BOOST_AUTO_TEST_CASE(max_memory_bounds_memory_grow) {
  TempDir dir;
  std::string m = dir.write("mem.wasm", memory_module()).string();
  ProcessResult r = run_wask({"run", "--invoke", "grow", m, "3"});
  BOOST_TEST(r.out == "i32:1\n", r.err);
  r = run_wask({"run", "--max-memory", "128K", "--invoke", "grow", m, "1"});
  BOOST_TEST(r.out == "i32:1\n", r.err);
  r = run_wask({"run", "--max-memory=128K", "--invoke", "grow", m, "2"});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out == "i32:-1\n", r.err);
}

BOOST_AUTO_TEST_CASE(max_memory_is_also_the_budget_for_tables) {
  TempDir dir;
  std::string m = dir.write("tables.wasm", huge_tables_module()).string();
  ProcessResult r = run_wask({"run", "--max-memory", "1M", "--invoke", "f", m});
  BOOST_TEST(r.status == 2, r.err);
  BOOST_TEST(contains(r.err, "budget"), r.err);
}

BOOST_AUTO_TEST_CASE(run_help_describes_every_option) {
  ProcessResult r = run_wask({"run", "--help"});
  BOOST_TEST(r.status == 0);
  for (const char* option :
       {"--invoke NAME", "--fuel N", "--max-memory BYTES", "--max-call-depth N", "--help", "134"}) {
    BOOST_TEST(contains(r.out, option), option);
  }
}

// ---------------------------------------------------------------------------------------------
// wask wast

BOOST_AUTO_TEST_CASE(wast_prints_failures_then_the_summary_last) {
  TempDir dir;
  std::string good =
      dir.write("good.wast", R"w((module (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
)w")
          .string();
  std::string bad =
      dir.write("bad.wast", R"w((module (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 2))
(assert_trap (invoke "f") "unreachable")
)w")
          .string();

  ProcessResult r = run_wask({"wast", good});
  BOOST_TEST(r.status == 0, r.out << r.err);
  BOOST_TEST(r.out == "2 passed, 0 failed\n");

  r = run_wask({"wast", good, bad});
  BOOST_TEST(r.status == 1);
  BOOST_TEST(last_line(r.out) == "3 passed, 2 failed");
  BOOST_TEST(contains(r.out, bad + ":2: assert_return: expected "), r.out);
  BOOST_TEST(contains(r.out, bad + ":3: assert_trap: expected trap \"unreachable\""), r.out);

  r = run_wask({"wast", "--verbose", good});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(contains(r.out, good + ":2: assert_return: ok"), r.out);
  BOOST_TEST(last_line(r.out) == "2 passed, 0 failed");
}

BOOST_AUTO_TEST_CASE(wast_limits_apply_to_scripts) {
  TempDir dir;
  std::string spin = dir.write("spin.wast", R"w((module (func (export "spin") (loop (br 0))))
(assert_exhaustion (invoke "spin") "out of fuel")
)w")
                         .string();
  ProcessResult r = run_wask({"wast", "--fuel", "5000", spin});
  BOOST_TEST(r.status == 0, r.out);
  BOOST_TEST(last_line(r.out) == "2 passed, 0 failed");
}

BOOST_AUTO_TEST_CASE(wast_usage) {
  ProcessResult r = run_wask({"wast", "--help"});
  BOOST_TEST(r.status == 0);
  for (const char* option : {"--verbose", "--fuel N", "--max-memory BYTES", "--max-call-depth N"}) {
    BOOST_TEST(contains(r.out, option), option);
  }
  r = run_wask({"wast"});
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.err, "usage:"), r.err);

  r = run_wask({"wast", "/nonexistent.wast"});
  BOOST_TEST(r.status == 1);
  BOOST_TEST(last_line(r.out) == "0 passed, 1 failed");
}

BOOST_AUTO_TEST_CASE(top_level_help_names_the_commands) {
  ProcessResult r = run_wask({"--help"});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(contains(r.out, "run"));
  BOOST_TEST(contains(r.out, "wast"));
}

// ---------------------------------------------------------------------------------------------
// The value text behind --invoke, in process.

namespace {

Value parse_ok(ValType type, std::string_view text) {
  wask::shell::ParsedValue parsed = wask::shell::parse_value(type, text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    BOOST_FAIL(std::string(text) + ": " + *error);
  }
  return std::get<Value>(parsed);
}

bool parse_fails(ValType type, std::string_view text) {
  return std::holds_alternative<std::string>(wask::shell::parse_value(type, text));
}

}  // namespace

BOOST_AUTO_TEST_CASE(integers_parse_signed_unsigned_and_hex) {
  BOOST_TEST(parse_ok(ValType::I32, "-1").i32 == 0xffffffffu);
  BOOST_TEST(parse_ok(ValType::I32, "4294967295").i32 == 0xffffffffu);
  BOOST_TEST(parse_ok(ValType::I32, "-2147483648").i32 == 0x80000000u);
  BOOST_TEST(parse_ok(ValType::I32, "0xDEADbeef").i32 == 0xdeadbeefu);
  BOOST_TEST(parse_ok(ValType::I32, "-0x1").i32 == 0xffffffffu);
  BOOST_TEST(parse_ok(ValType::I64, "18446744073709551615").i64 == ~uint64_t{0});
  BOOST_TEST(parse_ok(ValType::I64, "-9223372036854775808").i64 == uint64_t{1} << 63);
  BOOST_TEST(parse_fails(ValType::I32, "4294967296"));
  BOOST_TEST(parse_fails(ValType::I32, "-2147483649"));
  BOOST_TEST(parse_fails(ValType::I64, "18446744073709551616"));
  BOOST_TEST(parse_fails(ValType::I64, "-9223372036854775809"));
  BOOST_TEST(parse_fails(ValType::I32, ""));
  BOOST_TEST(parse_fails(ValType::I32, "12abc"));
  BOOST_TEST(parse_fails(ValType::I32, "0x"));
  BOOST_TEST(parse_fails(ValType::I32, "1.5"));
}

BOOST_AUTO_TEST_CASE(floats_parse_decimal_hex_inf_and_nan_payloads) {
  BOOST_TEST(parse_ok(ValType::F32, "1.5").f32_bits == 0x3fc00000u);
  BOOST_TEST(parse_ok(ValType::F32, "0x1p-149").f32_bits == 1u);
  BOOST_TEST(parse_ok(ValType::F32, "-0").f32_bits == 0x80000000u);
  BOOST_TEST(parse_ok(ValType::F32, "inf").f32_bits == 0x7f800000u);
  BOOST_TEST(parse_ok(ValType::F32, "-inf").f32_bits == 0xff800000u);
  BOOST_TEST(parse_ok(ValType::F32, "nan").f32_bits == 0x7fc00000u);
  BOOST_TEST(parse_ok(ValType::F32, "-nan").f32_bits == 0xffc00000u);
  BOOST_TEST(parse_ok(ValType::F32, "nan:0x1").f32_bits == 0x7f800001u);
  BOOST_TEST(parse_ok(ValType::F64, "nan:0x8000000000000").f64_bits == 0x7ff8000000000000u);
  BOOST_TEST(parse_ok(ValType::F64, "0.1").f64_bits == 0x3fb999999999999au);
  // 16777217 is halfway between two floats: rounded once, to even, not via double.
  BOOST_TEST(parse_ok(ValType::F32, "16777217").f32_bits == 0x4b800000u);
  BOOST_TEST(parse_fails(ValType::F32, "nan:0x0"));
  BOOST_TEST(parse_fails(ValType::F32, "nan:0x800000"));
  BOOST_TEST(parse_fails(ValType::F32, "1e39"));
  BOOST_TEST(parse_fails(ValType::F64, "1.5x"));
  BOOST_TEST(parse_fails(ValType::F64, " 1"));
  BOOST_TEST(parse_fails(ValType::F64, ""));
}

BOOST_AUTO_TEST_CASE(every_printed_value_parses_back_to_the_same_bits) {
  using wask::shell::format_value;
  for (uint32_t bits : {0u, 0x80000000u, 1u, 0x7f7fffffu, 0x3dcccccdu, 0x7fc00000u, 0xffc00000u,
                        0x7f800001u, 0x7fbfffffu, 0xff800000u, 0x00800000u}) {
    std::string text = format_value(Value::make_f32_bits(bits));
    BOOST_TEST(text.starts_with("f32:"), text);
    BOOST_TEST(parse_ok(ValType::F32, text.substr(4)).f32_bits == bits, text);
  }
  for (uint64_t bits : std::initializer_list<uint64_t>{
           0, 1, 0x3fb999999999999aull, 0x7ff0000000000000ull, 0x7ff8000000000001ull,
           0xfff8000000000000ull, 0x7fefffffffffffffull}) {
    std::string text = format_value(Value::make_f64_bits(bits));
    BOOST_TEST(parse_ok(ValType::F64, text.substr(4)).f64_bits == bits, text);
  }
  for (uint32_t v : {0u, 1u, 0x7fffffffu, 0x80000000u, 0xffffffffu}) {
    std::string text = format_value(Value::make_i32(v));
    BOOST_TEST(parse_ok(ValType::I32, text.substr(4)).i32 == v, text);
  }
  BOOST_TEST(format_value(Value::make_i32(0xffffffffu)) == "i32:-1");
  BOOST_TEST(format_value(Value::make_i64(55)) == "i64:55");
  BOOST_TEST(format_value(Value::make_f64_bits(0x3ff0000000000000ull)) == "f64:1");
  BOOST_TEST(format_value(Value::make_null(ValType::ExternRef)) == "externref:null");
  BOOST_TEST(format_value(Value::make_externref(7)) == "externref:7");
  BOOST_TEST(parse_ok(ValType::ExternRef, "7").ref.raw == 7u);
  BOOST_TEST(parse_ok(ValType::FuncRef, "null").ref.is_null());
  BOOST_TEST(parse_fails(ValType::FuncRef, "3"));
  BOOST_TEST(parse_fails(ValType::V128, "0"));
  // v128: one printed format (four signed i32 lanes), every shape accepted in arguments.
  const Value v = parse_ok(ValType::V128, "i32x4:1 -2 0x10 4294967295");
  BOOST_TEST(format_value(v) == "v128:i32x4:1 -2 16 -1");
  BOOST_TEST(format_value(parse_ok(ValType::V128, format_value(v))) == format_value(v));
  BOOST_TEST(
      format_value(parse_ok(ValType::V128, "i8x16:1 0 0 0 255 255 255 255 0 0 0 128 -1,0,0,0")) ==
      "v128:i32x4:1 -1 -2147483648 255");
  BOOST_TEST(format_value(parse_ok(ValType::V128, "i16x8:1 0 -1 -1 0 0 0 1")) ==
             "v128:i32x4:1 -1 0 65536");
  BOOST_TEST(format_value(parse_ok(ValType::V128, "i64x2:-1 1")) == "v128:i32x4:-1 -1 1 0");
  BOOST_TEST(format_value(parse_ok(ValType::V128, "f32x4:1 -0 inf nan")) ==
             "v128:i32x4:1065353216 -2147483648 2139095040 2143289344");
  BOOST_TEST(format_value(parse_ok(ValType::V128, "f64x2:1 -inf")) ==
             "v128:i32x4:0 1072693248 0 -1048576");
  BOOST_TEST(parse_fails(ValType::V128, "i32x4:1 2 3"));
  BOOST_TEST(parse_fails(ValType::V128, "i32x4:1 2 3 4 5"));
  BOOST_TEST(parse_fails(ValType::V128, "i8x16:256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"));
  BOOST_TEST(parse_fails(ValType::V128, "u32x4:1 2 3 4"));
}
