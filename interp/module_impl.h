// A loaded module: declarations from the binary, its bytes, and each function's code, translated
// on first use.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "interp/code.h"
#include "interp/engine.h"

namespace wask::interp {

// Frame slots a value of the type takes: a v128 takes two consecutive 64-bit slots.
constexpr uint32_t slot_width(ValType type) { return type == ValType::V128 ? 2 : 1; }
inline uint32_t slot_count(const std::vector<ValType>& types) {
  uint32_t n = 0;
  for (ValType t : types) n += slot_width(t);
  return n;
}

// A constant expression: usually one instruction; with extended constant expressions, a
// sequence in which the integer add/sub/mul steps pop two values and push one.
struct InitExpr {
  enum class Kind : uint8_t {
    Const,
    GlobalGet,
    RefNull,
    RefFunc,
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul
  } kind = Kind::Const;
  uint64_t value = 0;  // the constant's bits (a v128's low half), or the global / function index
  uint64_t high = 0;   // a v128 constant's high half
  std::vector<InitExpr> steps;  // more than one instruction: all of them, in order
};

// A try block's handlers (legacy `try` or standard `try_table`). An exception raised at a code
// position inside [start, end) (the try body, not its catches) is matched against `catches` in
// order; if none matches it goes on to `outer` (or, for `try ... delegate`, to `delegate_to`);
// kNoRegion is the function's caller. Positions are units of the function's code
// (CompiledFunc::code). A try's clause starts its catch body (rethrow can name it); a try_table's
// starts landing code that branches to the clause's label (`table`).
struct TryRegion {
  static constexpr uint32_t kNoRegion = ~0u;
  static constexpr uint32_t kCatchAll = ~0u;
  struct Catch {
    uint32_t tag = kCatchAll;  // module tag index, or kCatchAll
    uint32_t target = 0;       // the catch body's (or landing code's) first unit
    bool ref = false;          // try_table's catch_ref / catch_all_ref: an exnref after the values
  };
  uint32_t start = 0, end = 0;
  uint32_t outer = kNoRegion;  // the try whose body encloses this one
  bool delegates = false;
  bool table = false;  // a try_table
  uint32_t delegate_to = kNoRegion;
  uint32_t level = 0;        // catch bodies enclosing this try's catches (rethrow finds by it)
  uint32_t values_slot = 0;  // where a caught exception's values go
  std::vector<Catch> catches;
};

// A function's first code unit: null until the function is translated, then published once
// (release) by translate_function; readers load it (acquire) before they read anything else the
// translation wrote. Copyable only so that the loader can build the vector of functions.
class CodeEntry {
 public:
  CodeEntry() = default;
  CodeEntry(const CodeEntry& other) : ptr_(other.ptr_.load(std::memory_order_relaxed)) {}
  CodeEntry& operator=(const CodeEntry& other) {
    ptr_.store(other.ptr_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    return *this;
  }
  operator const CodeUnit*() const { return get(); }
  const CodeUnit* get() const { return ptr_.load(std::memory_order_acquire); }
  void publish(const CodeUnit* entry) { ptr_.store(entry, std::memory_order_release); }

 private:
  std::atomic<const CodeUnit*> ptr_{nullptr};
};

// A fast checksum of a function body's bytes. The bytes of a mapped module file are validated at
// load and translated later: a file modified in between must not be translated unvalidated.
inline uint64_t body_checksum(std::span<const uint8_t> body) {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ull;
  uint64_t a = body.size() * kMul, b = ~a;
  size_t i = 0;
  for (; i + 16 <= body.size(); i += 16) {  // two independent lanes
    uint64_t x, y;
    std::memcpy(&x, body.data() + i, 8);
    std::memcpy(&y, body.data() + i + 8, 8);
    a = ((a ^ x) * kMul);
    a ^= a >> 29;
    b = ((b ^ y) * kMul);
    b ^= b >> 31;
  }
  for (; i < body.size(); ++i) a = (a ^ body[i]) * kMul;
  uint64_t h = (a ^ (b * 0xff51afd7ed558ccdull)) * kMul;
  return h ^ (h >> 32);
}

// One function. Frame layout: slots [0, num_params) are the parameters, then the other locals,
// then the operand stack; results are left in slots [0, num_results) on return. Counts are in
// slots (a v128 takes two), so they equal the value counts in scalar code. The fields below
// `entry` are written by the translation, before `entry` publishes them.
// Slots above the parameters that a call zeroes as one fixed block when the function has no more
// locals than that; every frame is at least parameters + this many slots.
constexpr uint32_t kZeroedLocalsBlock = 4;

struct CompiledFunc {
  uint32_t func_index = 0;  // in the module's function index space (imports first)
  uint32_t type_index = 0;
  uint32_t num_params = 0;
  uint32_t num_results = 0;
  uint32_t body_begin = 0;  // the body in Module::Impl::bytes: after its size, to its end
  uint32_t body_end = 0;
  // body_checksum of the body as validated, checked again before translation.
  uint64_t body_hash = 0;
  CodeEntry entry;               // code.data() once translated
  uint32_t num_locals = 0;       // including parameters
  uint32_t frame_slots = 0;      // locals + deepest operand stack (>= params + kZeroedLocalsBlock)
  uint32_t call_cost = 1;        // fuel charged per call: its instructions outside loops
  std::vector<CodeUnit> code;    // the translated code
  std::vector<TryRegion> tries;  // in the order the try blocks open (inner after outer)
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegmentDesc {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table_index = 0;
  InitExpr offset;
  ValType type = ValType::FuncRef;
  std::vector<InitExpr> items;
};

struct DataSegmentDesc {
  SegmentMode mode = SegmentMode::Active;
  uint32_t memory_index = 0;
  InitExpr offset;
  std::span<const uint8_t> bytes;  // in Module::Impl::bytes (the module keeps them)
};

struct GlobalDesc {
  GlobalType type;
  InitExpr init;
};

struct ExportEntry {
  ExternKind kind;
  uint32_t index;
};

struct Module::Impl {
  std::string name;
  std::vector<FuncType> types;
  std::vector<ImportDesc> imports;
  std::vector<ExportDesc> exports;
  std::vector<ExportEntry> export_items;  // parallel to exports

  std::vector<uint32_t> func_types;  // type index of every function, imports first
  uint32_t num_imported_funcs = 0;
  std::vector<TableType> tables;  // imports first
  uint32_t num_imported_tables = 0;
  std::vector<MemoryType> memories;
  uint32_t num_imported_memories = 0;
  std::vector<GlobalDesc> globals;  // imports first (their init unused)
  uint32_t num_imported_globals = 0;
  std::vector<uint32_t> tag_types;  // type index of every tag, imports first
  uint32_t num_imported_tags = 0;

  std::vector<ElemSegmentDesc> elems;
  std::vector<DataSegmentDesc> datas;
  std::optional<uint32_t> start;

  std::vector<CompiledFunc> funcs;  // defined functions only

  // The binary (bodies are translated from it on first call) and whatever keeps it alive: a copy,
  // or the caller's owner (a read-only mapping of the file; LoadOptions::bytes_owner).
  std::span<const uint8_t> bytes;
  std::shared_ptr<const void> bytes_owner;
  mutable std::mutex translate_mutex;  // one translation at a time; see translate_function

  std::map<uint32_t, std::string> func_names;  // from the name section, else exports
  std::map<uint32_t, std::string> tag_names;   // from the name section (wabt's tag subsection)

  std::string func_name(uint32_t func_index) const {
    auto it = func_names.find(func_index);
    return it == func_names.end() ? std::string() : it->second;
  }
};

// Translates a defined function of `mod` if nobody has yet (thread-safe: one translation per
// function; a concurrent caller waits for it) and returns its entry, or null if the body cannot
// be translated: its bytes no longer match the checksum taken when it was validated.
const CodeUnit* translate_function(const Module::Impl& mod, const CompiledFunc& func);

// A text listing of a defined function's translated code (disasm.cc; `wask disasm` prints it).
std::string disassemble(const Module::Impl& mod, uint32_t defined_index);

}  // namespace wask::interp
