// The engine's public interface: load a module, instantiate it in a store, call its exports.
// Shaped after the spec interpreter's exec/eval.mli: a store of instances addressed by handles.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "interp/outcome.h"

namespace wask::interp {

// ExnRef: a caught exception (exception handling's exnref), a reference like the other two.
enum class ValType : uint8_t { I32, I64, F32, F64, V128, FuncRef, ExternRef, ExnRef };
std::string_view to_string(ValType type);  // "i32", "funcref", ...

using V128 = std::array<uint8_t, 16>;

// A reference: null, a function (by store address), or an opaque host value (externref).
struct Ref {
  static constexpr uint64_t kNull = ~uint64_t{0};
  uint64_t raw = kNull;  // function: its store address; extern: the host value
  bool is_null() const { return raw == kNull; }
};

// A typed value as seen from outside the engine. Floats are kept as bits so NaN payloads survive.
struct Value {
  ValType type = ValType::I32;
  union {
    uint32_t i32;
    uint64_t i64;
    uint32_t f32_bits;
    uint64_t f64_bits;
    V128 v128;
    Ref ref;
  };
  Value() : i64(0) {}

  static Value make_i32(uint32_t v);
  static Value make_i64(uint64_t v);
  static Value make_f32_bits(uint32_t bits);
  static Value make_f64_bits(uint64_t bits);
  static Value make_f32(float v);
  static Value make_f64(double v);
  static Value make_v128(const V128& v);
  static Value make_null(ValType ref_type);
  static Value make_funcref(uint32_t func_address);
  static Value make_externref(uint64_t host_value);
};
std::string to_string(const Value& value);  // "i32:55", "f64:0x1p+0", "funcref:null", ...

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};
std::string to_string(const FuncType& type);  // "(i32, i64) -> (f32)"

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool operator==(const Limits&) const = default;
};
struct TableType {
  ValType element = ValType::FuncRef;
  Limits limits;
  bool is64 = false;  // table64 (memory64 proposal): indices, sizes and limits are i64
};
struct MemoryType {
  Limits limits;      // in 64 KiB pages
  bool is64 = false;  // memory64: addresses, sizes and limits are i64
};
struct GlobalType {
  ValType type = ValType::I32;
  bool mutable_ = false;
};

enum class ExternKind : uint8_t { Func, Table, Memory, Global, Tag };
std::string_view to_string(ExternKind kind);

struct ExternType {
  ExternKind kind = ExternKind::Func;
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
  FuncType tag;  // an exception tag: its params are the exception's values, no results
};

struct ImportDesc {
  std::string module;
  std::string name;
  ExternType type;
};
struct ExportDesc {
  std::string name;
  ExternType type;
};

// A handle to a function, table, memory or global living in a Store (its address there).
struct Extern {
  ExternKind kind = ExternKind::Func;
  uint32_t address = 0;
  bool operator==(const Extern&) const = default;
};

// ---------------------------------------------------------------------------------------------
// Modules: decoded and validated completely at load; each function is translated the first time
// it is called (thread-safe). Otherwise immutable, so one Module may be instantiated in many
// stores on many threads at once.

struct LoadError {
  enum class Kind : uint8_t { Malformed, Invalid } kind = Kind::Malformed;
  std::string message;  // wabt's message
  uint64_t offset = 0;  // byte offset in the binary where it was found
};

struct LoadOptions {
  std::string name;  // shown in backtraces; the name section's module name wins if present
  // What keeps the bytes given to Module::load alive (e.g. a read-only mapping of the file): the
  // module keeps it and translates function bodies from those bytes on first call. Unset: the
  // module keeps a copy of the bytes.
  std::shared_ptr<const void> bytes_owner;
  // The bytes are a read-only mapping of a file (with bytes_owner): validated function bodies are
  // dropped from memory as loading goes on (madvise), and read again from the file if translated.
  // Never set it for other memory: the pages would read as zeros.
  bool bytes_are_file_mapping = false;
  // Threads that validate function bodies at load (each with its own validator; the first error
  // reported is the same for any count). 0: one for a module under 4 MiB, else the hardware's
  // threads, at most 4.
  unsigned validation_threads = 0;
  // The on-disk module cache (interp/module_cache_file.h): a directory the caller resolved
  // (the CLI: $XDG_CACHE_HOME/wask); empty: none. An entry is keyed by the bytes' SHA-256 and
  // this build of interp; a hit skips decoding and validation.
  std::string cache_dir;
  uint64_t cache_max_bytes = uint64_t{1} << 30;   // the directory's entries, oldest removed first
  std::optional<std::array<uint8_t, 32>> sha256;  // of the bytes, if the caller has it already
};

// What the on-disk cache did for one load.
enum class CacheLookup : uint8_t {
  Off,       // no cache_dir (or the load failed before the lookup)
  Hit,       // the module came from the entry
  Absent,    // no entry: loaded from the bytes
  Rejected,  // an entry that failed a check (corrupt, truncated, another version): ignored
};

class Module;
struct LoadResult {
  std::shared_ptr<const Module> module;  // set on success
  std::optional<LoadError> error;        // set on failure
  CacheLookup cache = CacheLookup::Off;
  bool cache_written = false;  // a new entry was stored (after Absent or Rejected)
};

class Module {
 public:
  static LoadResult load(std::span<const uint8_t> bytes, const LoadOptions& options = {});
  ~Module();

  const std::string& name() const;
  const std::vector<ImportDesc>& imports() const;
  const std::vector<ExportDesc>& exports() const;
  // A text listing of every defined function's translated code (interp/disasm.cc).
  std::string disassembly() const;

  struct Impl;  // the translated code and declarations (interp/module_impl.h)
  const Impl& impl() const { return *impl_; }

 private:
  explicit Module(std::unique_ptr<Impl> impl);
  // The last step of every load, fresh or from the disk cache: names, code entry pointers.
  static std::shared_ptr<const Module> finish_load(std::unique_ptr<Impl> impl,
                                                   std::shared_ptr<const void> bytes_owner,
                                                   const LoadOptions& options);
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Host functions: ordinary imports. A host function sees its caller's memory and can return,
// trap (Outcome::trap) or end the guest (Outcome::exit); the engine unwinds the guest for it.

class Store;
class Instance;

struct HostCall {
  Store& store;
  Instance* caller;  // the instance whose code made the call; null when called from the host
  // The caller's memory 0 as it is now (re-read after anything that may grow it); empty if none.
  std::span<uint8_t> memory() const;
};

using HostFunction =
    std::function<Outcome(HostCall& call, std::span<const Value> args, std::span<Value> results)>;

// ---------------------------------------------------------------------------------------------
// Stores: own every instance, function, table, memory and global. Not thread-safe: one thread
// runs a store at a time.

struct StoreConfig {
  uint64_t max_memory_bytes = uint64_t{4} << 30;  // per memory; memory.grow past it returns -1
  // One budget for the rest of the host memory a guest can make the store allocate: the value
  // stack (a quarter of it, at least 1 MiB and at most 512 MiB; locals live there) and, from the
  // remainder, table elements, element segments and globals. A module whose declarations do not
  // fit fails to instantiate (LinkError), table.grow past it returns -1, and a call that needs
  // more value stack ends as Exhaustion(CallStackExhausted).
  uint64_t max_host_bytes = uint64_t{2} << 30;
  uint32_t max_call_depth = 10000;  // deeper recursion ends as Exhaustion
  std::optional<uint64_t> fuel;     // instruction budget; none = unlimited
  // Set from any thread to stop the guest: it stops at its next safepoint (a loop iteration or a
  // call; within about a millisecond of guest work) and the call returns Interrupted. Checked
  // also when a call from the host starts. The engine never clears it.
  std::shared_ptr<std::atomic<bool>> interrupt = nullptr;
};

using ImportResolver = std::function<std::optional<Extern>(const ImportDesc& import)>;

class Instance {
 public:
  const Module& module() const;
  std::optional<Extern> find_export(std::string_view name) const;
  const std::vector<std::pair<std::string, Extern>>& exports() const;

  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }
  explicit Instance(std::unique_ptr<Impl> impl);
  ~Instance();

 private:
  std::unique_ptr<Impl> impl_;
};

struct InstantiateResult {
  Instance* instance = nullptr;  // owned by the store; null unless outcome is Ok
  Outcome outcome;               // LinkError naming the import, or a Trap from segments/start
};

class Store {
 public:
  explicit Store(StoreConfig config = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const StoreConfig& config() const;

  // Host-made objects, e.g. WASI's functions or the spectest module.
  Extern add_host_function(FuncType type, HostFunction fn, std::string debug_name = {});
  Extern add_table(TableType type, Value init);
  Extern add_memory(MemoryType type);
  Extern add_global(GlobalType type, Value value);
  Extern add_tag(FuncType type, std::string debug_name = {});

  // Resolves each import through `resolve`, checks its type (link errors name the import),
  // allocates, applies element and data segments, then runs the start function if asked.
  InstantiateResult instantiate(std::shared_ptr<const Module> module, const ImportResolver& resolve,
                                bool run_start = true);

  // Calls a function with arguments of its parameter types; results are appended to `results`.
  Outcome call(Extern func, std::span<const Value> args, std::vector<Value>& results);

  ExternType type_of(Extern ext) const;
  Value global_get(Extern global) const;
  bool global_set(Extern global, Value value);  // false if immutable or mistyped
  std::span<uint8_t> memory_data(Extern memory);
  std::optional<Value> table_get(Extern table, uint32_t index) const;

  // The instruction budget left (none = unlimited), and a way to refill it between calls.
  std::optional<uint64_t> fuel() const;
  void set_fuel(std::optional<uint64_t> fuel);

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace wask::interp
