// The store: host objects, instantiation (in the spec's order), calls from the host.
#include <sys/mman.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "interp/runtime.h"

namespace wask::interp {

void value_to_slot(const Value& v, uint64_t* slot);    // exec.cc
Value slot_value(ValType type, const uint64_t* slot);  // exec.cc

namespace {
constexpr size_t kMaxValueStackBytes = size_t{512} << 20;  // reserved, touched only as used
constexpr size_t kMinValueStackBytes = size_t{1} << 20;
constexpr uint32_t kMaxHostNesting = 200;  // host -> guest -> host ... re-entries

std::string describe(const ExternType& t) {
  switch (t.kind) {
    case ExternKind::Func:
      return "func " + to_string(t.func);
    case ExternKind::Table: {
      std::string s = fmt::format("table {}{} {}", t.table.is64 ? "i64 " : "",
                                  to_string(t.table.element), t.table.limits.min);
      if (t.table.limits.max) s += fmt::format(" {}", *t.table.limits.max);
      return s;
    }
    case ExternKind::Memory: {
      std::string s = fmt::format("memory {}{}", t.memory.is64 ? "i64 " : "", t.memory.limits.min);
      if (t.memory.limits.max) s += fmt::format(" {}", *t.memory.limits.max);
      return s;
    }
    case ExternKind::Global:
      return fmt::format("global {}{}", t.global.mutable_ ? "mut " : "", to_string(t.global.type));
    case ExternKind::Tag:
      return "tag " + to_string(t.tag);
  }
  return "?";
}

// Import subtyping of limits: at least the minimum, and a maximum no larger than required.
bool limits_match(const Limits& actual, const Limits& expected) {
  if (actual.min < expected.min) return false;
  if (expected.max) return actual.max && *actual.max <= *expected.max;
  return true;
}

bool matches(const ExternType& actual, const ExternType& expected) {
  if (actual.kind != expected.kind) return false;
  switch (expected.kind) {
    case ExternKind::Func:
      return actual.func == expected.func;
    case ExternKind::Table:
      return actual.table.element == expected.table.element &&
             actual.table.is64 == expected.table.is64 &&
             limits_match(actual.table.limits, expected.table.limits);
    case ExternKind::Memory:
      return actual.memory.is64 == expected.memory.is64 &&
             limits_match(actual.memory.limits, expected.memory.limits);
    case ExternKind::Global:
      return actual.global.type == expected.global.type &&
             actual.global.mutable_ == expected.global.mutable_;
    case ExternKind::Tag:
      return actual.tag == expected.tag;
  }
  return false;
}

// One step of a constant expression; operators take their operands from the top of `stack`.
uint64_t eval_step(const InitExpr& e, const Instance::Impl& inst, std::vector<uint64_t>& stack) {
  using K = InitExpr::Kind;
  uint64_t a = 0, b = 0;
  if (e.kind >= K::I32Add && stack.size() >= 2) {
    b = stack.back();
    stack.pop_back();
    a = stack.back();
    stack.pop_back();
  }
  switch (e.kind) {
    case K::Const:
      return e.value;
    case K::GlobalGet:
      return inst.globals[e.value]->value[0];
    case K::RefNull:
      return 0;
    case K::RefFunc:
      return encode_ref(inst.funcs[e.value]);
    case K::I32Add:
      return uint32_t(a + b);
    case K::I32Sub:
      return uint32_t(a - b);
    case K::I32Mul:
      return uint32_t(uint32_t(a) * uint32_t(b));
    case K::I64Add:
      return a + b;
    case K::I64Sub:
      return a - b;
    case K::I64Mul:
      return a * b;
  }
  return 0;
}

uint64_t eval_init(const InitExpr& e, const Instance::Impl& inst) {
  std::vector<uint64_t> stack;
  if (e.steps.empty()) return eval_step(e, inst, stack);
  for (const InitExpr& step : e.steps) stack.push_back(eval_step(step, inst, stack));
  return stack.empty() ? 0 : stack.back();
}
}  // namespace

// Memories, tables ------------------------------------------------------------------------------

MemoryInst::~MemoryInst() {
  if (base) munmap(base, reserved ? reserved : kPageSize);
}

bool MemoryInst::init(MemoryType t, uint64_t store_max_bytes) {
  type = t;
  const uint64_t limit = t.is64 ? kMaxPages64 : kMaxPages;
  max_pages =
      std::min<uint64_t>({t.limits.max.value_or(limit), store_max_bytes / kPageSize, limit});
  if (t.limits.min > max_pages) return false;
  reserved = max_pages * kPageSize;
  void* p = mmap(nullptr, reserved ? reserved : kPageSize, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return false;
  base = static_cast<uint8_t*>(p);
  return grow(t.limits.min) >= 0;
}

int64_t MemoryInst::grow(uint64_t delta_pages) {
  const uint64_t old_pages = size / kPageSize;
  if (delta_pages > max_pages || old_pages + delta_pages > max_pages) return -1;
  if (delta_pages == 0) return static_cast<int64_t>(old_pages);
  if (mprotect(base + size, delta_pages * kPageSize, PROT_READ | PROT_WRITE) != 0) return -1;
  size += delta_pages * kPageSize;
  type.limits.min = size / kPageSize;
  return static_cast<int64_t>(old_pages);
}

int64_t TableInst::grow(uint64_t delta, uint64_t init) {
  const uint64_t old = elems.size();
  const uint64_t max = std::min<uint64_t>(type.limits.max.value_or(0xffffffffu), kMaxTableElements);
  if (delta > max || old + delta > max) return -1;
  if (budget && !budget->take(delta * sizeof(uint64_t))) return -1;
  elems.resize(old + delta, init);
  type.limits.min = elems.size();
  return static_cast<int64_t>(old);
}

// The store -------------------------------------------------------------------------------------

Store::Impl::~Impl() {
  if (stack_base) munmap(stack_base, stack_mapping_bytes());
}

// The frames start 2 KiB past the value stack's end: a frame and the slots of the call it holds
// advance by the same stride, and at a distance of whole 4 KiB pages the CPU takes each frame store
// for a store to the slot read next (4K aliasing: fib ran 1.5x slower).
constexpr size_t kFramesOffset = 2048;

size_t Store::Impl::stack_mapping_bytes() const {
  const size_t frame_bytes =
      kFramesOffset + (size_t{config.max_call_depth} + 1) * sizeof(CallFrame);
  return value_stack_bytes + ((frame_bytes + kPageSize - 1) & ~size_t{kPageSize - 1});
}

void Store::Impl::set_fuel_total(int64_t total) {
  fuel = std::min(total, kFuelSlice);
  fuel_bank = total - fuel;
}

uint32_t Store::Impl::canonical_type(const FuncType& type) {
  auto [it, inserted] = type_ids.try_emplace(type, static_cast<uint32_t>(type_ids.size()));
  return it->second;
}

bool Store::Impl::ensure_stack() {
  if (stack_base) return true;
  void* p = mmap(nullptr, stack_mapping_bytes(), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return false;
  stack_base = static_cast<uint64_t*>(p);
  stack_limit = stack_base + value_stack_bytes / sizeof(uint64_t);
  stack_top = stack_base;
  // Zero-filled pages are frames of null pointers, as value-initialised ones would be.
  frames =
      std::span(reinterpret_cast<CallFrame*>(reinterpret_cast<char*>(stack_limit) + kFramesOffset),
                size_t{config.max_call_depth} + 1);
  return true;
}

Outcome Store::Impl::invoke(uint32_t func_addr, std::span<const Value> args,
                            std::vector<Value>& results) {
  if (func_addr >= funcs.size()) return Outcome::crash("call of an unknown function address");
  FuncInst& f = *funcs[func_addr];
  if (args.size() != f.type.params.size())
    return Outcome::crash(
        fmt::format("call with {} arguments, expected {}", args.size(), f.type.params.size()));
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type != f.type.params[i])
      return Outcome::crash(fmt::format("argument {} is {}, expected {}", i,
                                        to_string(args[i].type), to_string(f.type.params[i])));
  }
  if (!ensure_stack()) return Outcome::crash("cannot reserve the value stack");
  if (interrupted()) return Outcome::interrupted();
  if (host_nesting > kMaxHostNesting) return Outcome::exhaustion(TrapReason::CallStackExhausted);
  const size_t need = std::max(slot_count(f.type.params), slot_count(f.type.results));
  if (stack_top + need + 1 > stack_limit)
    return Outcome::exhaustion(TrapReason::CallStackExhausted);
  uint64_t* fp = stack_top;
  for (size_t i = 0, at = 0; i < args.size(); at += slot_width(args[i].type), ++i)
    value_to_slot(args[i], fp + at);
  const bool outermost = host_nesting == 0 && depth == 0;
  if (outermost && !config.fuel) set_fuel_total(kUnlimitedFuel);
  uint64_t* saved_top = stack_top;
  stack_top = fp + need;
  Outcome outcome = execute(*this, f, fp);
  stack_top = saved_top;
  if (outcome.ok()) {
    for (size_t i = 0, at = 0; i < f.type.results.size();
         at += slot_width(f.type.results[i]), ++i) {
      exceptions.pin(f.type.results[i], fp[at]);
      results.push_back(slot_value(f.type.results[i], fp + at));
    }
  }
  return outcome;
}

Store::Store(StoreConfig config) : impl_(std::make_unique<Impl>()) {
  impl_->self = this;
  impl_->config = config;
  impl_->value_stack_bytes =
      std::clamp<uint64_t>(config.max_host_bytes / 4, kMinValueStackBytes, kMaxValueStackBytes) &
      ~uint64_t{4095};
  impl_->budget.left =
      config.max_host_bytes - std::min<uint64_t>(config.max_host_bytes, impl_->value_stack_bytes);
  set_fuel(config.fuel);
}
Store::~Store() = default;

const StoreConfig& Store::config() const { return impl_->config; }

Extern Store::add_host_function(FuncType type, HostFunction fn, std::string debug_name) {
  auto f = std::make_unique<FuncInst>();
  f->type_id = impl_->canonical_type(type);
  f->type = std::move(type);
  f->host = std::move(fn);
  f->debug_name = std::move(debug_name);
  impl_->funcs.push_back(std::move(f));
  return Extern{ExternKind::Func, static_cast<uint32_t>(impl_->funcs.size() - 1)};
}

Extern Store::add_table(TableType type, Value init) {
  auto t = std::make_unique<TableInst>();
  t->type = type;
  t->elems.assign(std::min<uint64_t>(type.limits.min, kMaxTableElements), encode_ref(init.ref.raw));
  impl_->tables.push_back(std::move(t));
  return Extern{ExternKind::Table, static_cast<uint32_t>(impl_->tables.size() - 1)};
}

Extern Store::add_memory(MemoryType type) {
  auto m = std::make_unique<MemoryInst>();
  if (!m->init(type, impl_->config.max_memory_bytes)) m->init(MemoryType{}, 0);
  impl_->memories.push_back(std::move(m));
  return Extern{ExternKind::Memory, static_cast<uint32_t>(impl_->memories.size() - 1)};
}

Extern Store::add_global(GlobalType type, Value value) {
  auto g = std::make_unique<GlobalInst>();
  g->type = type;
  value_to_slot(value, g->value);
  impl_->globals.push_back(std::move(g));
  return Extern{ExternKind::Global, static_cast<uint32_t>(impl_->globals.size() - 1)};
}

Extern Store::add_tag(FuncType type, std::string debug_name) {
  auto t = std::make_unique<TagInst>();
  t->type = std::move(type);
  t->name = std::move(debug_name);
  impl_->tags.push_back(std::move(t));
  return Extern{ExternKind::Tag, static_cast<uint32_t>(impl_->tags.size() - 1)};
}

ExternType Store::type_of(Extern ext) const {
  ExternType t;
  t.kind = ext.kind;
  switch (ext.kind) {
    case ExternKind::Func:
      t.func = impl_->funcs.at(ext.address)->type;
      break;
    case ExternKind::Table:
      t.table = impl_->tables.at(ext.address)->type;
      break;
    case ExternKind::Memory:
      t.memory = impl_->memories.at(ext.address)->type;
      break;
    case ExternKind::Global:
      t.global = impl_->globals.at(ext.address)->type;
      break;
    case ExternKind::Tag:
      t.tag = impl_->tags.at(ext.address)->type;
      break;
  }
  return t;
}

Value Store::global_get(Extern global) const {
  const GlobalInst& g = *impl_->globals.at(global.address);
  impl_->exceptions.pin(g.type.type, g.value[0]);
  return slot_value(g.type.type, g.value);
}

bool Store::global_set(Extern global, Value value) {
  GlobalInst& g = *impl_->globals.at(global.address);
  if (!g.type.mutable_ || value.type != g.type.type) return false;
  value_to_slot(value, g.value);
  return true;
}

std::span<uint8_t> Store::memory_data(Extern memory) {
  MemoryInst& m = *impl_->memories.at(memory.address);
  return {m.base, m.size};
}

std::optional<Value> Store::table_get(Extern table, uint32_t index) const {
  const TableInst& t = *impl_->tables.at(table.address);
  if (index >= t.elems.size()) return std::nullopt;
  Value v = Value::make_null(t.type.element);
  v.ref.raw = decode_ref(t.elems[index]);
  return v;
}

std::optional<uint64_t> Store::fuel() const {
  if (!impl_->config.fuel) return std::nullopt;
  return static_cast<uint64_t>(std::max<int64_t>(impl_->fuel_total(), 0));
}

void Store::set_fuel(std::optional<uint64_t> fuel) {
  impl_->config.fuel = fuel;
  impl_->set_fuel_total(fuel ? static_cast<int64_t>(std::min<uint64_t>(*fuel, kUnlimitedFuel))
                             : kUnlimitedFuel);
}

Outcome Store::call(Extern func, std::span<const Value> args, std::vector<Value>& results) {
  if (func.kind != ExternKind::Func) return Outcome::crash("Store::call of a non-function");
  return impl_->invoke(func.address, args, results);
}

std::span<uint8_t> HostCall::memory() const {
  if (caller == nullptr) return {};
  MemoryInst* m = caller->impl().memory0;
  if (m == nullptr) return {};
  return {m->base, m->size};
}

// Instances -------------------------------------------------------------------------------------

Instance::Instance(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) { impl_->self = this; }
Instance::~Instance() = default;
const Module& Instance::module() const { return *impl_->module; }
const std::vector<std::pair<std::string, Extern>>& Instance::exports() const {
  return impl_->exports;
}
std::optional<Extern> Instance::find_export(std::string_view name) const {
  for (const auto& [n, e] : impl_->exports) {
    if (n == name) return e;
  }
  return std::nullopt;
}

InstantiateResult Store::instantiate(std::shared_ptr<const Module> module,
                                     const ImportResolver& resolve, bool run_start) {
  InstantiateResult result;
  Impl& S = *impl_;
  const Module::Impl& m = module->impl();
  auto ii = std::make_unique<Instance::Impl>();
  ii->module = module;
  ii->mod = &m;
  ii->store = &S;
  std::vector<uint32_t> table_addrs, memory_addrs, global_addrs;  // store addresses, for exports

  // Imports, checked against what the resolver offers.
  for (const ImportDesc& imp : m.imports) {
    std::optional<Extern> ext = resolve ? resolve(imp) : std::nullopt;
    const std::string what = imp.module + "." + imp.name;
    if (!ext) {
      result.outcome = Outcome::link_error("unknown import: " + what);
      return result;
    }
    bool valid = false;
    switch (ext->kind) {
      case ExternKind::Func:
        valid = ext->address < S.funcs.size();
        break;
      case ExternKind::Table:
        valid = ext->address < S.tables.size();
        break;
      case ExternKind::Memory:
        valid = ext->address < S.memories.size();
        break;
      case ExternKind::Global:
        valid = ext->address < S.globals.size();
        break;
      case ExternKind::Tag:
        valid = ext->address < S.tags.size();
        break;
    }
    if (!valid) {
      result.outcome = Outcome::link_error("unknown import: " + what);
      return result;
    }
    const ExternType actual = type_of(*ext);
    if (!matches(actual, imp.type)) {
      result.outcome =
          Outcome::link_error(fmt::format("incompatible import type for {}: expected {}, got {}",
                                          what, describe(imp.type), describe(actual)));
      return result;
    }
    switch (ext->kind) {
      case ExternKind::Func:
        ii->funcs.push_back(ext->address);
        break;
      case ExternKind::Table:
        ii->tables.push_back(S.tables[ext->address].get());
        table_addrs.push_back(ext->address);
        break;
      case ExternKind::Memory:
        ii->memories.push_back(S.memories[ext->address].get());
        memory_addrs.push_back(ext->address);
        break;
      case ExternKind::Global:
        ii->globals.push_back(S.globals[ext->address].get());
        global_addrs.push_back(ext->address);
        break;
      case ExternKind::Tag:
        ii->tags.push_back(ext->address);
        break;
    }
  }

  for (const FuncType& t : m.types) ii->type_ids.push_back(S.canonical_type(t));
  // Everything the declarations make the store allocate besides memory, before allocating any.
  uint64_t host_bytes = (m.globals.size() - m.num_imported_globals) * sizeof(GlobalInst);
  for (size_t i = m.num_imported_tables; i < m.tables.size(); ++i) {
    if (m.tables[i].limits.min > kMaxTableElements) {
      result.outcome = Outcome::link_error("table too large");
      return result;
    }
    host_bytes += m.tables[i].limits.min * sizeof(uint64_t);
  }
  for (const ElemSegmentDesc& e : m.elems) host_bytes += e.items.size() * sizeof(uint64_t);
  if (!S.budget.take(host_bytes)) {
    result.outcome = Outcome::link_error(fmt::format(
        "the module's tables, element segments and globals need {} bytes of host memory; {} are "
        "left of the store's budget",
        host_bytes, S.budget.left));
    return result;
  }
  for (size_t i = m.num_imported_tables; i < m.tables.size(); ++i) {
    Extern t = add_table(m.tables[i], Value::make_null(m.tables[i].element));
    ii->tables.push_back(S.tables[t.address].get());
    ii->tables.back()->budget = &S.budget;
    table_addrs.push_back(t.address);
  }
  for (size_t i = m.num_imported_memories; i < m.memories.size(); ++i) {
    auto mem = std::make_unique<MemoryInst>();
    if (!mem->init(m.memories[i], S.config.max_memory_bytes)) {
      result.outcome = Outcome::link_error(
          fmt::format("memory of {} pages exceeds the store's limit", m.memories[i].limits.min));
      return result;
    }
    S.memories.push_back(std::move(mem));
    ii->memories.push_back(S.memories.back().get());
    memory_addrs.push_back(static_cast<uint32_t>(S.memories.size() - 1));
  }
  // Functions only now that nothing can fail: a FuncInst must not outlive a failed instance.
  for (const CompiledFunc& cf : m.funcs) {
    auto f = std::make_unique<FuncInst>();
    f->type_id = ii->type_ids[cf.type_index];
    f->type = m.types[cf.type_index];
    f->instance = ii.get();
    f->code = &cf;
    S.funcs.push_back(std::move(f));
    ii->funcs.push_back(static_cast<uint32_t>(S.funcs.size() - 1));
  }
  ii->memory0 = ii->memories.empty() ? &S.no_memory : ii->memories[0];
  // Each instance's own tags are new (exceptions of another instance's tag never match them),
  // named by their export (or the name section), for an uncaught exception's outcome.
  for (size_t i = m.num_imported_tags; i < m.tag_types.size(); ++i) {
    auto named = m.tag_names.find(static_cast<uint32_t>(i));
    std::string name = named != m.tag_names.end() ? named->second : fmt::format("{}", i);
    for (size_t e = 0; e < m.exports.size(); ++e) {
      if (m.export_items[e].kind == ExternKind::Tag && m.export_items[e].index == i) {
        name = m.exports[e].name;
        break;
      }
    }
    if (!m.name.empty()) name = m.name + "." + name;
    ii->tags.push_back(add_tag(m.types[m.tag_types[i]], std::move(name)).address);
  }
  for (size_t i = m.num_imported_globals; i < m.globals.size(); ++i) {
    auto g = std::make_unique<GlobalInst>();
    g->type = m.globals[i].type;
    const InitExpr& init = m.globals[i].init;
    g->value[0] = eval_init(init, *ii);
    // A v128's high half: from its constant, or from the global it copies.
    g->value[1] =
        init.kind == InitExpr::Kind::GlobalGet ? ii->globals[init.value]->value[1] : init.high;
    S.globals.push_back(std::move(g));
    ii->globals.push_back(S.globals.back().get());
    global_addrs.push_back(static_cast<uint32_t>(S.globals.size() - 1));
  }
  for (size_t i = 0; i < m.exports.size(); ++i) {
    const ExportEntry& e = m.export_items[i];
    uint32_t address = 0;
    switch (e.kind) {
      case ExternKind::Func:
        address = ii->funcs[e.index];
        break;
      case ExternKind::Table:
        address = table_addrs[e.index];
        break;
      case ExternKind::Memory:
        address = memory_addrs[e.index];
        break;
      case ExternKind::Global:
        address = global_addrs[e.index];
        break;
      case ExternKind::Tag:
        address = ii->tags[e.index];
        break;
    }
    ii->exports.emplace_back(m.exports[i].name, Extern{e.kind, address});
  }
  for (const ElemSegmentDesc& e : m.elems) {
    ElemInst inst;
    inst.refs.reserve(e.items.size());
    for (const InitExpr& item : e.items) inst.refs.push_back(eval_init(item, *ii));
    ii->elems.push_back(std::move(inst));
  }
  for (const DataSegmentDesc& d : m.datas) {
    ii->datas.push_back(DataInst{d.bytes.data(), d.bytes.size()});
  }

  Instance::Impl* raw = ii.get();
  S.instances.push_back(std::make_unique<Instance>(std::move(ii)));
  Instance* instance = S.instances.back().get();

  // Segments in order; a failure traps, keeping what earlier segments wrote.
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegmentDesc& e = m.elems[i];
    ElemInst& inst = raw->elems[i];
    if (e.mode == SegmentMode::Active) {
      TableInst& table = *raw->tables[e.table_index];
      const uint64_t at = eval_init(e.offset, *raw);
      const uint64_t offset = table.type.is64 ? at : static_cast<uint32_t>(at);
      if (offset > table.elems.size() || inst.refs.size() > table.elems.size() - offset) {
        result.outcome = Outcome::trap(TrapReason::OutOfBoundsTableAccess);
        return result;
      }
      std::copy(inst.refs.begin(), inst.refs.end(), table.elems.begin() + offset);
    }
    if (e.mode != SegmentMode::Passive) inst.drop(S.budget);
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegmentDesc& d = m.datas[i];
    if (d.mode != SegmentMode::Active) continue;
    MemoryInst& mem = *raw->memories[d.memory_index];
    const uint64_t at = eval_init(d.offset, *raw);
    const uint64_t offset = mem.type.is64 ? at : static_cast<uint32_t>(at);
    if (offset > mem.size || d.bytes.size() > mem.size - offset) {  // exact for i64 offsets
      result.outcome = Outcome::trap(TrapReason::OutOfBoundsMemoryAccess);
      return result;
    }
    if (!d.bytes.empty()) std::memcpy(mem.base + offset, d.bytes.data(), d.bytes.size());
    raw->datas[i].size = 0;
  }
  if (run_start && m.start) {
    std::vector<Value> none;
    Outcome o = S.invoke(raw->funcs[*m.start], {}, none);
    if (!o.ok()) {
      result.outcome = std::move(o);
      return result;
    }
  }
  result.instance = instance;
  return result;
}

}  // namespace wask::interp
