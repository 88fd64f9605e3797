// The on-disk module cache (interp/module_cache_file.h) and the SHA-256 that keys it: a second
// load hits and behaves like a fresh one; corrupt, truncated, foreign and hostile entries are
// ignored and rewritten; an unwritable directory still loads; loads racing on one entry; the
// size bound.
#define BOOST_TEST_MODULE interp_module_cache
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "interp/engine.h"
#include "interp/module_cache_file.h"
#include "interp/sha256.h"
#include "tests/interp/test_wat.h"

using namespace wask::interp;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "wask-cache-test-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()));
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::vector<uint8_t> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_file(const fs::path& p, std::span<const uint8_t> bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

// Files in `dir` whose names end with `suffix` (or start with it, for ".tmp-").
std::vector<fs::path> files(const fs::path& dir, std::string_view part) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.ends_with(part) || name.starts_with(part)) out.push_back(e.path());
  }
  return out;
}

// Imports of every kind, tables, elements, data, globals with an extended constant, a start
// function, br_table, call_indirect, try/catch and a name section.
constexpr std::string_view kRichModule = R"(
(module $rich
  (import "env" "add1" (func $add1 (param i32) (result i32)))
  (import "env" "mem" (memory 1))
  (import "env" "base" (global $base i32))
  (import "env" "tab" (table 2 funcref))
  (import "env" "oops" (tag $oops (param i32)))
  (type $ii (func (param i32) (result i32)))
  (tag $local (param i32))
  (table $tab 4 8 funcref)
  (global $count (mut i32) (i32.const 0))
  (global $ext i32 (i32.add (global.get $base) (i32.const 5)))
  (elem (table $tab) (i32.const 0) func $double $pick)
  (elem declare func $double)
  (data (i32.const 16) "cached data")
  (data $passive "passive")
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $pick (param i32) (result i32) (local i64 f64)
    (block $b2 (block $b1 (block $b0 (br_table $b0 $b1 $b2 (local.get 0)))
      (return (i32.const 10))) (return (i32.const 11)))
    (i32.const 12))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect $tab (type $ii) (local.get 1) (local.get 0)))
  (func (export "catch") (param i32) (result i32)
    (try (result i32) (do (throw $local (local.get 0)))
      (catch $local (i32.add (i32.const 100)))))
  (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "ext") (result i32) (global.get $ext))
  (func (export "host") (param i32) (result i32) (call $add1 (local.get 0)))
  (func (export "count") (result i32) (global.get $count))
  (func (export "trap") (unreachable))
  (func $start (global.set $count (i32.const 7)))
  (start $start)
)
)";

const std::vector<uint8_t>& rich_bytes() {
  static const std::vector<uint8_t> bytes = wask::test::wat_to_wasm(kRichModule);
  return bytes;
}

LoadResult load(const std::vector<uint8_t>& bytes, const fs::path& dir,
                uint64_t max_bytes = uint64_t{1} << 30) {
  LoadOptions options;
  options.name = "rich.wasm";
  options.cache_dir = dir.string();
  options.cache_max_bytes = max_bytes;
  return Module::load(bytes, options);
}

// Runs the rich module's exports: what a module from the cache must do exactly as a fresh one.
std::vector<std::string> behaviour(std::shared_ptr<const Module> module) {
  BOOST_REQUIRE(module);
  Store store;
  std::map<std::string, Extern> imports = {
      {"add1", store.add_host_function(
                   FuncType{{ValType::I32}, {ValType::I32}},
                   [](HostCall&, std::span<const Value> args, std::span<Value> results) {
                     results[0] = Value::make_i32(args[0].i32 + 1);
                     return Outcome{};
                   })},
      {"mem", store.add_memory(MemoryType{Limits{1, std::nullopt}})},
      {"base", store.add_global(GlobalType{ValType::I32, false}, Value::make_i32(30))},
      {"tab", store.add_table(TableType{ValType::FuncRef, Limits{2, std::nullopt}},
                              Value::make_null(ValType::FuncRef))},
      {"oops", store.add_tag(FuncType{{ValType::I32}, {}})},
  };
  InstantiateResult inst = store.instantiate(module, [&](const ImportDesc& d) {
    auto it = imports.find(d.name);
    return it == imports.end() ? std::nullopt : std::optional<Extern>(it->second);
  });
  BOOST_REQUIRE(inst.instance);
  std::vector<std::string> out;
  auto call = [&](std::string_view name, std::vector<Value> args) {
    std::vector<Value> results;
    Outcome o = store.call(*inst.instance->find_export(name), args, results);
    std::string text = o.ok() ? "" : describe(o);
    for (const Value& v : results) text += to_string(v) + " ";
    out.push_back(text);
  };
  call("indirect", {Value::make_i32(0), Value::make_i32(21)});
  for (uint32_t i : {0u, 1u, 2u, 9u}) call("indirect", {Value::make_i32(1), Value::make_i32(i)});
  call("indirect", {Value::make_i32(3), Value::make_i32(0)});
  call("catch", {Value::make_i32(5)});
  call("byte", {Value::make_i32(16)});
  call("byte", {Value::make_i32(17)});
  call("ext", {});
  call("host", {Value::make_i32(41)});
  call("count", {});
  call("trap", {});
  out.push_back(module->name());
  out.push_back(module->disassembly());
  for (const ImportDesc& i : module->imports())
    out.push_back(i.module + "." + i.name + ":" + std::string(to_string(i.type.kind)));
  for (const ExportDesc& e : module->exports())
    out.push_back(e.name + ":" + std::string(to_string(e.type.kind)));
  return out;
}

const std::vector<std::string>& fresh_behaviour() {
  static const std::vector<std::string> b =
      behaviour(Module::load(rich_bytes(), {"rich.wasm"}).module);
  return b;
}

fs::path only_entry(const fs::path& dir) {
  auto entries = files(dir, ".wmod");
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  return entries[0];
}

CacheKey rich_key() { return CacheKey{sha256(rich_bytes()), rich_bytes().size()}; }

}  // namespace

BOOST_AUTO_TEST_CASE(sha256_hardware_and_portable_agree_with_the_host_sha256sum) {
  // The FIPS 180-4 examples (the portable one's oracle), then random lengths around the block
  // boundaries and a large buffer, against the host's sha256sum.
  auto hex = [](std::string_view s) {
    return to_hex(sha256({reinterpret_cast<const uint8_t*>(s.data()), s.size()}));
  };
  BOOST_TEST(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::mt19937_64 rng(12);
  std::vector<uint8_t> data(3 << 20);
  for (auto& b : data) b = uint8_t(rng());
  for (size_t n : {1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4097}) {
    auto view = std::span(data).first(n);
    BOOST_TEST(to_hex(sha256(view)) == to_hex(sha256_portable(view)));
  }
  TempDir dir;
  write_file(dir.path / "big", data);
  FILE* p = ::popen(("sha256sum " + (dir.path / "big").string()).c_str(), "r");
  BOOST_REQUIRE(p);
  char line[200] = {};
  BOOST_REQUIRE(std::fgets(line, sizeof line, p));
  ::pclose(p);
  BOOST_TEST(std::string(line).substr(0, 64) == to_hex(sha256(data)));
  BOOST_TEST(to_hex(sha256_portable(data)) == to_hex(sha256(data)));
  BOOST_TEST_MESSAGE("SHA extensions: " << (sha256_has_hardware() ? "yes" : "no"));
  // Hashed in windows (what a load does to let a mapping's pages go): the same digest, and the
  // windows handed out are the whole blocks, in order, once each.
  for (size_t n :
       {size_t{0}, size_t{63}, size_t{64}, size_t{4096}, size_t{4096 * 3 + 65}, data.size()}) {
    auto view = std::span(data).first(n);
    const uint8_t* next = view.data();
    const Sha256 windowed = sha256(view, 4096, [&](std::span<const uint8_t> hashed) {
      BOOST_CHECK(hashed.data() == next && hashed.size() <= 4096 && hashed.size() % 64 == 0);
      next = hashed.data() + hashed.size();
    });
    BOOST_TEST(to_hex(windowed) == to_hex(sha256(view)));
    BOOST_TEST(size_t(next - view.data()) == n / 64 * 64);
  }
}

BOOST_AUTO_TEST_CASE(second_load_hits_and_behaves_like_a_fresh_load) {
  TempDir dir;
  LoadResult first = load(rich_bytes(), dir.path);
  BOOST_TEST((first.cache == CacheLookup::Absent));
  BOOST_TEST(first.cache_written);
  LoadResult second = load(rich_bytes(), dir.path);
  BOOST_TEST((second.cache == CacheLookup::Hit));
  BOOST_TEST(!second.cache_written);
  BOOST_TEST(files(dir.path, ".tmp-").empty());
  BOOST_TEST(behaviour(first.module) == fresh_behaviour(), boost::test_tools::per_element());
  BOOST_TEST(behaviour(second.module) == fresh_behaviour(), boost::test_tools::per_element());
  // The name given to the load that hits, not the one that wrote the entry... unless the name
  // section has one (it does: $rich).
  BOOST_TEST(second.module->name() == "rich");
  // The expected values, by the spec's semantics.
  const auto& b = fresh_behaviour();
  BOOST_TEST(b[0] == "i32:42 ");
  BOOST_TEST(b[1] == "i32:10 ");
  BOOST_TEST(b[3] == "i32:12 ");
  BOOST_TEST(b[6] == "i32:105 ");
  BOOST_TEST(b[7] == "i32:99 ");  // 'c'
  BOOST_TEST(b[9] == "i32:35 ");
  BOOST_TEST(b[10] == "i32:42 ");
  BOOST_TEST(b[11] == "i32:7 ");
}

// What `wask run` does: the module is a read-only mapping of its file, whose pages the cache key's
// hash and the validation let go as they pass (they are read from the file again when needed).
BOOST_AUTO_TEST_CASE(a_mapped_module_whose_pages_go_behind_the_hash_loads_and_hits) {
  TempDir dir;
  write_file(dir.path / "rich.wasm", rich_bytes());
  auto load_mapped = [&] {
    const int fd = ::open((dir.path / "rich.wasm").c_str(), O_RDONLY | O_CLOEXEC);
    BOOST_REQUIRE(fd >= 0);
    const size_t size = rich_bytes().size();
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    BOOST_REQUIRE(map != MAP_FAILED);
    LoadOptions options;
    options.name = "rich.wasm";
    options.cache_dir = (dir.path / "cache").string();
    options.bytes_owner = std::shared_ptr<const void>(
        map, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
    options.bytes_are_file_mapping = true;
    return Module::load(std::span(static_cast<const uint8_t*>(map), size), options);
  };
  LoadResult first = load_mapped();
  BOOST_TEST((first.cache == CacheLookup::Absent));
  BOOST_TEST(first.cache_written);
  BOOST_TEST(behaviour(first.module) == fresh_behaviour(), boost::test_tools::per_element());
  LoadResult second = load_mapped();
  BOOST_TEST((second.cache == CacheLookup::Hit));
  BOOST_TEST(behaviour(second.module) == fresh_behaviour(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_cache_dir_touches_nothing) {
  LoadResult r = Module::load(rich_bytes(), {"rich.wasm"});
  BOOST_TEST((r.cache == CacheLookup::Off));
  BOOST_TEST(!r.cache_written);
}

BOOST_AUTO_TEST_CASE(a_failed_load_writes_no_entry) {
  TempDir dir;
  std::vector<uint8_t> broken(rich_bytes().begin(), rich_bytes().end() - 3);
  LoadResult r = load(broken, dir.path);
  BOOST_TEST(!r.module);
  BOOST_TEST(!r.cache_written);
  BOOST_TEST(files(dir.path, ".wmod").empty());
}

BOOST_AUTO_TEST_CASE(damaged_entries_are_ignored_and_rewritten) {
  TempDir dir;
  BOOST_REQUIRE(load(rich_bytes(), dir.path).cache_written);
  const fs::path entry = only_entry(dir.path);
  const std::vector<uint8_t> good = read_file(entry);
  BOOST_REQUIRE(good.size() > 200);
  std::vector<std::pair<std::string, std::vector<uint8_t>>> damaged;
  damaged.push_back({"empty", {}});
  damaged.push_back({"garbage", std::vector<uint8_t>(good.size(), 0x5a)});
  for (size_t cut : {size_t{4}, size_t{100}, good.size() / 2, good.size() - 1})
    damaged.push_back({"truncated at " + std::to_string(cut),
                       std::vector<uint8_t>(good.begin(), good.begin() + cut)});
  auto flipped = [&](size_t at) {
    std::vector<uint8_t> b = good;
    b[at] ^= 0x40;
    return b;
  };
  damaged.push_back({"magic", flipped(0)});
  damaged.push_back({"format version", flipped(8)});
  damaged.push_back({"build digest", flipped(20)});
  damaged.push_back({"content hash", flipped(16 + 64 + 3)});
  damaged.push_back({"content size", flipped(16 + 64 + 32)});
  damaged.push_back({"payload start", flipped(140)});
  damaged.push_back({"payload middle", flipped(good.size() / 2)});
  damaged.push_back({"payload end", flipped(good.size() - 1)});
  {
    std::vector<uint8_t> longer = good;
    longer.push_back(0);
    damaged.push_back({"trailing byte", longer});
  }
  for (auto& [what, bytes] : damaged) {
    BOOST_TEST_CONTEXT(what) {
      write_file(entry, bytes);
      LoadResult r = load(rich_bytes(), dir.path);
      BOOST_TEST((r.cache == CacheLookup::Rejected));
      BOOST_TEST(r.cache_written);
      BOOST_TEST(behaviour(r.module) == fresh_behaviour(), boost::test_tools::per_element());
      BOOST_TEST(read_file(entry) == good);  // rewritten
      BOOST_TEST((load(rich_bytes(), dir.path).cache == CacheLookup::Hit));
    }
  }
}

BOOST_AUTO_TEST_CASE(another_modules_entry_under_this_name_is_rejected) {
  // The entry of another module, copied to this module's file name: its content hash differs.
  TempDir dir;
  auto other = wask::test::wat_to_wasm("(module (func (export \"f\") (result i32) (i32.const 1)))");
  BOOST_REQUIRE(load(other, dir.path).cache_written);
  const fs::path other_entry = only_entry(dir.path);
  fs::rename(other_entry, cache_entry_path(dir.path.string(), rich_key()));
  LoadResult r = load(rich_bytes(), dir.path);
  BOOST_TEST((r.cache == CacheLookup::Rejected));
  BOOST_TEST(behaviour(r.module) == fresh_behaviour(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(resealed_mutations_never_crash_the_decoder) {
  // Past the checksum: every byte of the payload changed in turn (and a count made huge), with
  // the checksum recomputed. Each decodes to null or to an Impl; none crashes, hangs or allocates
  // without bound (ASan, and the budget). What decodes is trusted from there on: an entry
  // crafted to pass every check (a changed function type, say) can make translation misbehave,
  // as a crafted entry of any cache that skips validation can (docs/interp.md).
  const LoadResult loaded = Module::load(rich_bytes());
  const std::vector<uint8_t> good = encode_cache_entry(rich_key(), loaded.module->impl());
  BOOST_REQUIRE(!good.empty());
  BOOST_REQUIRE(decode_cache_entry(good, rich_key(), rich_bytes()));
  size_t rejected = 0, decoded = 0;
  for (size_t at = 136; at < good.size(); ++at) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xff}}) {
      std::vector<uint8_t> b = good;
      b[at] ^= mask;
      reseal_cache_entry(b);
      auto mod = decode_cache_entry(b, rich_key(), rich_bytes());
      (mod ? decoded : rejected)++;
    }
  }
  BOOST_TEST_MESSAGE("resealed single-byte mutations: " << rejected << " rejected, " << decoded
                                                        << " decoded");
  BOOST_TEST(rejected > 0u);
  // A count of 2^62 where the first vector's count is.
  std::vector<uint8_t> b = good;
  const uint64_t huge = uint64_t{1} << 62;
  std::memcpy(b.data() + 136 + 8 + 4, &huge, sizeof huge);  // name (count+"rich"), types' count
  reseal_cache_entry(b);
  BOOST_TEST(!decode_cache_entry(b, rich_key(), rich_bytes()));
}

BOOST_AUTO_TEST_CASE(an_unwritable_cache_dir_still_loads) {
  TempDir dir;
  write_file(dir.path / "file", std::vector<uint8_t>{1});
  LoadResult r = load(rich_bytes(), dir.path / "file" / "wask");  // below a regular file
  BOOST_TEST((r.cache == CacheLookup::Absent));
  BOOST_TEST(!r.cache_written);
  BOOST_TEST(behaviour(r.module) == fresh_behaviour(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(concurrent_loads_share_one_complete_entry) {
  TempDir dir;
  constexpr int kThreads = 6;
  std::vector<LoadResult> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] { results[i] = load(rich_bytes(), dir.path); });
  for (auto& t : threads) t.join();
  for (const LoadResult& r : results) {
    BOOST_TEST(behaviour(r.module) == fresh_behaviour(), boost::test_tools::per_element());
    BOOST_TEST((r.cache == CacheLookup::Absent || r.cache == CacheLookup::Hit));
  }
  BOOST_TEST(files(dir.path, ".tmp-").empty());
  only_entry(dir.path);
  BOOST_TEST((load(rich_bytes(), dir.path).cache == CacheLookup::Hit));
}

BOOST_AUTO_TEST_CASE(the_size_bound_removes_the_oldest_entries) {
  TempDir dir;
  auto small = [](int i) {
    return wask::test::wat_to_wasm("(module (func (export \"f\") (result i32) (i32.const " +
                                   std::to_string(i) + ")))");
  };
  BOOST_REQUIRE(load(small(1), dir.path).cache_written);
  const fs::path first = only_entry(dir.path);
  const uint64_t one = fs::file_size(first);
  fs::last_write_time(first, fs::file_time_type::clock::now() - std::chrono::hours(2));
  BOOST_REQUIRE(load(small(2), dir.path).cache_written);
  BOOST_TEST(files(dir.path, ".wmod").size() == 2u);
  // Room for two entries of this size but not three: the oldest (the first) goes.
  BOOST_REQUIRE(load(small(3), dir.path, 2 * one + one / 2).cache_written);
  BOOST_TEST(files(dir.path, ".wmod").size() == 2u);
  BOOST_TEST(!fs::exists(first));
  // An entry larger than the whole bound is not written at all.
  LoadResult big = load(rich_bytes(), dir.path, 64);
  BOOST_TEST(big.module);
  BOOST_TEST(!big.cache_written);
}
