// The store's objects: function, table, memory and global instances, instances, and the value
// and call stacks the executor runs on.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "interp/engine.h"
#include "interp/module_impl.h"

namespace wask::interp {

constexpr uint64_t kPageSize = 65536;
constexpr uint64_t kMaxPages = 65536;               // 4 GiB: the memory32 limit
constexpr uint64_t kMaxTableElements = 10'000'000;  // table.grow beyond this returns -1
// Fuel units between two checks of the interrupt flag: well under a millisecond of guest work.
constexpr int64_t kFuelSlice = 1 << 16;
constexpr int64_t kUnlimitedFuel = INT64_MAX / 2;  // the bank when there is no budget

constexpr uint64_t kMaxPages64 = uint64_t{1} << 48;  // 2^64 bytes: the memory64 limit

// References inside the engine (slots, tables, globals) are 0 for null and address + 1
// otherwise, so zeroed locals are null references. Ref::raw is converted at the boundary.
inline uint64_t encode_ref(uint64_t raw) { return raw == Ref::kNull ? 0 : raw + 1; }
inline uint64_t decode_ref(uint64_t slot) { return slot == 0 ? Ref::kNull : slot - 1; }

struct FuncInst {
  uint32_t type_id = 0;  // canonical type in the store
  FuncType type;
  Instance::Impl* instance = nullptr;  // null for host functions
  const CompiledFunc* code = nullptr;  // null for host functions
  HostFunction host;
  std::string debug_name;
};

// An exception tag: its identity is its store address.
struct TagInst {
  FuncType type;
  std::string name;  // for an uncaught exception's outcome
};

// An exception in flight or caught: its tag's store address and its values (one slot each,
// two for a v128), and once an exnref names it (catch_ref), its address among the store's
// `exceptions`: throw_ref raises that same exception again, and catching it again gives the same
// exnref.
struct Exception {
  static constexpr uint32_t kNoAddress = ~0u;
  uint32_t tag = 0;
  std::vector<uint64_t> values;
  uint32_t address = kNoAddress;
};
// The exceptions exnrefs name. An exnref's slot is kTag | generation << 32 | index, so a stale or
// forged one is told apart from a live one. An exception that no slot of the value stack, no
// global, no live exception's payload and no host-held value names any more is freed: the store
// scans for them (conservatively: any slot with a live exnref's bits keeps it) once the table has
// doubled.
struct ExceptionTable {
  static constexpr uint64_t kTag = uint64_t{0xe5c0} << 48;
  static constexpr size_t kFirstCollection = 256;
  struct Entry {
    Exception exception;
    uint32_t generation = 0;
    bool used = false;
    bool pinned = false;  // a host holds its exnref: never freed
    bool marked = false;
  };
  std::vector<Entry> entries;
  std::vector<uint32_t> free;
  size_t used_count = 0;
  size_t collect_at = kFirstCollection;  // used entries that start the next scan

  uint64_t ref_of(uint32_t index) const {
    return kTag | uint64_t{entries[index].generation & 0xffff} << 32 | index;
  }
  // The entry a slot's exnref names, or null when the slot holds no live exnref.
  Entry* find(uint64_t slot) {
    if ((slot & (uint64_t{0xffff} << 48)) != kTag) return nullptr;
    const uint64_t index = slot & 0xffffffffu;
    if (index >= entries.size() || !entries[index].used) return nullptr;
    Entry& e = entries[index];
    return (slot >> 32 & 0xffff) == (e.generation & 0xffff) ? &e : nullptr;
  }
  size_t size() const { return used_count; }
  // A value of type `type` in `slot` goes to the host, which may keep it: its exception stays.
  void pin(ValType type, uint64_t slot) {
    if (type != ValType::ExnRef) return;
    if (Entry* e = find(slot)) e->pinned = true;
  }
};

// A caught exception, kept while its catch body may rethrow it: the frame's depth and the catch
// body's nesting level identify it (see docs/interp.md, "Exceptions").
struct CaughtException {
  uint32_t depth = 0;
  uint32_t level = 0;
  Exception exception;
};

// A linear memory. Its whole possible extent is reserved up front (PROT_NONE) and made
// accessible as it grows, so `base` never moves.
struct MemoryInst {
  MemoryType type;
  uint8_t* base = nullptr;
  uint64_t size = 0;       // accessible bytes
  uint64_t reserved = 0;   // reserved bytes
  uint64_t max_pages = 0;  // the smallest of the declared max, the store limit and 4 GiB (2^64
                           // bytes for memory64)
  MemoryInst() = default;
  MemoryInst(const MemoryInst&) = delete;
  ~MemoryInst();
  bool init(MemoryType t, uint64_t store_max_bytes);
  int64_t grow(uint64_t delta_pages);  // the old size in pages, or -1
};

// What is left of StoreConfig::max_host_bytes for tables, element segments and globals.
struct HostBudget {
  uint64_t left = 0;
  bool take(uint64_t bytes) {
    if (bytes > left) return false;
    left -= bytes;
    return true;
  }
  void give(uint64_t bytes) { left += bytes; }
};

struct TableInst {
  TableType type;
  std::vector<uint64_t> elems;                  // Ref::raw of each element
  HostBudget* budget = nullptr;                 // charged for growth; null: the host's table
  int64_t grow(uint64_t delta, uint64_t init);  // the old size, or -1
};

struct GlobalInst {
  GlobalType type;
  uint64_t value[2] = {0, 0};  // two words: room for v128
};

struct ElemInst {
  std::vector<uint64_t> refs;  // empty once dropped
  void drop(HostBudget& budget) {
    budget.give(refs.size() * sizeof(uint64_t));
    refs = {};
  }
};
struct DataInst {
  const uint8_t* bytes = nullptr;
  uint64_t size = 0;  // 0 once dropped
};

struct Instance::Impl {
  Instance* self = nullptr;
  std::shared_ptr<const Module> module;
  const Module::Impl* mod = nullptr;
  Store::Impl* store = nullptr;
  std::vector<uint32_t> funcs;  // store addresses of every function, imports first
  std::vector<TableInst*> tables;
  std::vector<MemoryInst*> memories;
  MemoryInst* memory0 = nullptr;
  std::vector<GlobalInst*> globals;
  std::vector<uint32_t> tags;      // store addresses of every tag, imports first
  std::vector<uint32_t> type_ids;  // module type index -> store canonical type id
  std::vector<ElemInst> elems;
  std::vector<DataInst> datas;
  std::vector<std::pair<std::string, Extern>> exports;
};

// One activation the executor will return to.
struct CallFrame {
  const CodeUnit* return_pc = nullptr;  // null: return to the host
  uint64_t* fp = nullptr;
  Instance::Impl* instance = nullptr;
  const CompiledFunc* func = nullptr;
};

struct Store::Impl {
  Store* self = nullptr;
  StoreConfig config;
  std::vector<std::unique_ptr<FuncInst>> funcs;
  std::vector<std::unique_ptr<TableInst>> tables;
  std::vector<std::unique_ptr<MemoryInst>> memories;
  std::vector<std::unique_ptr<GlobalInst>> globals;
  std::vector<std::unique_ptr<TagInst>> tags;
  std::vector<std::unique_ptr<Instance>> instances;
  std::map<FuncType, uint32_t, bool (*)(const FuncType&, const FuncType&)> type_ids{
      [](const FuncType& a, const FuncType& b) {
        return a.params != b.params ? a.params < b.params : a.results < b.results;
      }};

  // The value stack (reserved lazily) and the call stack.
  uint64_t* stack_base = nullptr;
  uint64_t* stack_limit = nullptr;
  uint64_t* stack_top = nullptr;  // first free slot while the host has control
  std::span<CallFrame> frames;    // max_call_depth + 1, in the stack's mapping (ensure_stack)
  uint32_t depth = 0;             // frames in use
  MemoryInst no_memory;           // memory 0 of instances without one: zero bytes
  uint32_t host_nesting = 0;      // host -> guest re-entries in progress
  size_t value_stack_bytes = 0;   // its share of config.max_host_bytes
  HostBudget budget;              // the rest
  // Fuel runs in slices so that the dispatch loop's counter also bounds the time between checks
  // of config.interrupt: `fuel` is the current slice (at most kFuelSlice), `fuel_bank` the rest.
  int64_t fuel = 0;
  int64_t fuel_bank = 0;
  // Exceptions: the one being thrown (kept after an uncaught one ends a run, so a host function
  // that returns that outcome rethrows it into its caller), and those whose catch bodies are
  // running, ordered by (depth, level).
  Exception thrown;
  bool thrown_uncaught = false;  // `thrown` ended a run and no catch has taken it since
  std::vector<CaughtException> caught;
  // The exceptions exnrefs name, each charged to `budget` while some exnref may name it.
  ExceptionTable exceptions;

  ~Impl();
  void set_fuel_total(int64_t total);  // splits it into a slice and the bank
  int64_t fuel_total() const { return fuel + fuel_bank; }
  bool interrupted() const {
    return config.interrupt && config.interrupt->load(std::memory_order_relaxed);
  }
  uint32_t canonical_type(const FuncType& type);
  bool ensure_stack();
  size_t stack_mapping_bytes() const;  // the value stack, then the frames
  Outcome invoke(uint32_t func_addr, std::span<const Value> args, std::vector<Value>& results);
};

// Runs `func` with its arguments already in `fp[0..)`; results are left in `fp[0..)`.
Outcome execute(Store::Impl& store, FuncInst& func, uint64_t* fp);

// The backtrace frame of a function.
BacktraceFrame backtrace_frame(const CompiledFunc& func, const Module::Impl& mod);

}  // namespace wask::interp
