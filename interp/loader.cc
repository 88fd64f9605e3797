// Module::load: decodes the sections (module_reader.cc) and validates (wabt's SharedValidator) in
// one pass; each body is decoded by body_reader.cc and validated when the section reader passes
// it. translate_function later drives the same callbacks over one body again, with
// the translator instead of the validator (docs/interp.md, "Loading").
#include <wabt/binary-reader-nop.h>
#include <wabt/shared-validator.h>

#include <fmt/format.h>

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <system_error>
#include <thread>

#include "interp/body_reader.h"
#include "interp/leb128.h"
#include "interp/module_cache_file.h"
#include "interp/module_impl.h"
#include "interp/module_reader.h"
#include "interp/translator.h"
#include "interp/validator_access.h"
#include "interp/wabt_types.h"

namespace wask::interp {

namespace {

using wabt::Index;
using wabt::Result;

constexpr uint32_t kMaxLocals = 50000;  // per function; keeps frames and their zeroing bounded

// The validator has already rejected every type the engine has no values of.
ValType to_val_type(wabt::Type t) { return from_wabt(t).value_or(ValType::I32); }

Limits to_limits(const wabt::Limits& l) {
  Limits out;
  out.min = l.initial;
  if (l.has_max) out.max = l.max;
  return out;
}
MemoryType to_memory_type(const wabt::Limits& l) { return MemoryType{to_limits(l), l.is_64}; }

SegmentMode to_mode(uint8_t flags) {
  if ((flags & wabt::SegPassive) == 0) return SegmentMode::Active;
  return (flags & wabt::SegExplicitIndex) ? SegmentMode::Declarative : SegmentMode::Passive;
}

wabt::SegmentKind to_kind(SegmentMode mode) {
  switch (mode) {
    case SegmentMode::Active:
      return wabt::SegmentKind::Active;
    case SegmentMode::Passive:
      return wabt::SegmentKind::Passive;
    case SegmentMode::Declarative:
      return wabt::SegmentKind::Declared;
  }
  return wabt::SegmentKind::Active;
}

// Internal op for a wabt opcode, per table.
Op binary_op(wabt::Opcode op, Op* imm_op, bool* commutative) {
  switch (op) {
#define WASK_BIN(Name, text, R, A, B, fn) \
  case wabt::Opcode::Name:                \
    *imm_op = Op::Name##Imm;              \
    return Op::Name;
    WASK_BINARY_OPS(WASK_BIN)
    WASK_BINARY_TRAP_OPS(WASK_BIN)
#undef WASK_BIN
    default:
      break;
  }
  return Op::Count;
}
bool is_commutative(wabt::Opcode op) {
  switch (op) {
    case wabt::Opcode::I32Add:
    case wabt::Opcode::I32Mul:
    case wabt::Opcode::I32And:
    case wabt::Opcode::I32Or:
    case wabt::Opcode::I32Xor:
    case wabt::Opcode::I64Add:
    case wabt::Opcode::I64Mul:
    case wabt::Opcode::I64And:
    case wabt::Opcode::I64Or:
    case wabt::Opcode::I64Xor:
      return true;
    default:
      return false;
  }
}
Op unary_op(wabt::Opcode op) {
  switch (op) {
#define WASK_UN(Name, text, R, A, fn) \
  case wabt::Opcode::Name:            \
    return Op::Name;
    WASK_UNARY_OPS(WASK_UN)
    WASK_UNARY_TRAP_OPS(WASK_UN)
#undef WASK_UN
    default:
      return Op::Count;
  }
}
// SIMD ops by family (opcodes.def); Op::Count if the opcode is in none of them.
Op simd_op(wabt::Opcode op) {
  switch (op) {
#define WASK_SIMD(Name, text, n, ...) \
  case wabt::Opcode::Name:            \
    return Op::Name;
    WASK_SIMD_WABT_OPS(WASK_SIMD)
#undef WASK_SIMD
    default:
      return Op::Count;
  }
}
// Slots of an opcode's result: a v128 takes two.
uint32_t result_width(wabt::Opcode op) { return op.GetResultType() == wabt::Type::V128 ? 2 : 1; }

Op memory_op(wabt::Opcode op) {
  switch (op) {
#define WASK_MEM(Name, text, R, M) \
  case wabt::Opcode::Name:         \
    return Op::Name;
    WASK_LOAD_OPS(WASK_MEM)
    WASK_STORE_OPS(WASK_MEM)
#undef WASK_MEM
    default:
      return Op::Count;
  }
}

wabt::Features engine_features() {
  wabt::Features features;
  features.enable_simd();
  features.enable_relaxed_simd();
  features.enable_tail_call();
  features.enable_exceptions();
  features.enable_extended_const();
  features.enable_multi_memory();
  features.enable_memory64();
  return features;
}

// The two ways the Loader's callbacks run: over the whole module from the section reader
// (declarations validated and recorded, each body validated by body_reader as the section reader
// passes it), or over one body from body_reader to translate it (already validated: no validator).
enum class LoaderPass : uint8_t { Validate, Translate };

// Parallel validation deals the code section out in runs of consecutive bodies, about 1 MiB each,
// to whichever thread reaches a run first: one that is done early takes more, so the threads
// finish together whatever the sizes of the bodies.
class BodyClaims {
 public:
  static constexpr size_t kRunBytes = size_t{1} << 20;  // a run: the bodies starting in 1 MiB
  explicit BodyClaims(size_t module_size) : taken_(module_size / kRunBytes + 1) {}
  bool claim(size_t run) { return !taken_[run].exchange(true, std::memory_order_relaxed); }

 private:
  std::vector<std::atomic<bool>> taken_;
};

void release_mapped_pages(std::span<const uint8_t> bytes);

// The any-memory (Mx) form of a memory access.
Op any_memory_op(Op op) {
  switch (op) {
#define WASK_MEMX(Name, text, ...) \
  case Op::Name:                   \
    return Op::Name##Mx;
    WASK_ANY_MEMORY_ACCESS_OPS(WASK_MEMX)
#undef WASK_MEMX
    default:
      return Op::Count;
  }
}

class Loader : public BodyDelegate {
 public:
  Loader(Module::Impl& mod, wabt::Errors* validation_errors, const wabt::Features& features,
         LoaderPass pass)
      : validation_errors_(validation_errors),
        mod_(mod),
        features_(features),
        validating_(pass == LoaderPass::Validate),
        recording_(pass == LoaderPass::Validate),
        validator_(validation_errors, wabt::ValidateOptions(features)),
        translator_(mod, code_, handler_table()),
        emit_(pass == LoaderPass::Translate ? &translator_ : nullptr) {}

  std::vector<CodeUnit>& code() { return code_; }

  wabt::Errors reader_errors;
  std::string own_error;  // a limit of ours (not wabt's) that the module exceeds

  bool OnError(const wabt::Error& error) override {
    reader_errors.push_back(error);
    return true;
  }
  std::string malformed_error;  // a structural error of a body the body reader leaves to us

  wabt::Location loc() const { return wabt::Location(state ? state->offset : 0); }
  wabt::Var var(Index i) const { return wabt::Var(i, loc()); }

  Result EndModule() override { return validator_.EndModule(); }

  // Types, imports, declarations ----------------------------------------------------------------
  Result OnFuncType(Index index, Index param_count, wabt::Type* params, Index result_count,
                    wabt::Type* results) override {
    if (validator_.OnFuncType(loc(), param_count, params, result_count, results, index) !=
        Result::Ok)
      return Result::Error;
    FuncType t;
    for (Index i = 0; i < param_count; ++i) t.params.push_back(to_val_type(params[i]));
    for (Index i = 0; i < result_count; ++i) t.results.push_back(to_val_type(results[i]));
    mod_.types.push_back(std::move(t));
    return Result::Ok;
  }

  Result OnImportFunc(Index, std::string_view module, std::string_view field, Index,
                      Index sig) override {
    if (validator_.OnFunction(loc(), var(sig)) != Result::Ok) return Result::Error;
    add_import(module, field, ExternKind::Func).func = mod_.types[sig];
    mod_.func_types.push_back(sig);
    ++mod_.num_imported_funcs;
    return Result::Ok;
  }
  Result OnImportTable(Index, std::string_view module, std::string_view field, Index,
                       wabt::Type elem, const wabt::Limits* limits) override {
    if (validate_table(elem, *limits) != Result::Ok) return Result::Error;
    const TableType t{to_val_type(elem), to_limits(*limits), limits->is_64};
    add_import(module, field, ExternKind::Table).table = t;
    mod_.tables.push_back(t);
    ++mod_.num_imported_tables;
    return Result::Ok;
  }
  Result OnImportMemory(Index, std::string_view module, std::string_view field, Index,
                        const wabt::Limits* limits) override {
    if (validator_.OnMemory(loc(), *limits) != Result::Ok) return Result::Error;
    const MemoryType t = to_memory_type(*limits);
    add_import(module, field, ExternKind::Memory).memory = t;
    mod_.memories.push_back(t);
    ++mod_.num_imported_memories;
    return Result::Ok;
  }
  Result OnImportGlobal(Index, std::string_view module, std::string_view field, Index,
                        wabt::Type type, bool mutable_) override {
    if (validator_.OnGlobalImport(loc(), type, mutable_) != Result::Ok) return Result::Error;
    const GlobalType t{to_val_type(type), mutable_};
    add_import(module, field, ExternKind::Global).global = t;
    mod_.globals.push_back(GlobalDesc{t, {}});
    ++mod_.num_imported_globals;
    return Result::Ok;
  }
  Result OnImportTag(Index, std::string_view module, std::string_view field, Index,
                     Index sig) override {
    if (validator_.OnTag(loc(), var(sig)) != Result::Ok) return Result::Error;
    add_import(module, field, ExternKind::Tag).tag = mod_.types[sig];
    mod_.tag_types.push_back(sig);
    ++mod_.num_imported_tags;
    return Result::Ok;
  }
  Result OnTagType(Index, Index sig) override {
    if (validator_.OnTag(loc(), var(sig)) != Result::Ok) return Result::Error;
    mod_.tag_types.push_back(sig);
    return Result::Ok;
  }

  Result OnFunction(Index, Index sig) override {
    if (validator_.OnFunction(loc(), var(sig)) != Result::Ok) return Result::Error;
    mod_.func_types.push_back(sig);
    CompiledFunc f;
    f.func_index = static_cast<uint32_t>(mod_.func_types.size() - 1);
    f.type_index = sig;
    f.num_params = slot_count(mod_.types[sig].params);
    f.num_results = slot_count(mod_.types[sig].results);
    mod_.funcs.push_back(f);
    return Result::Ok;
  }
  Result OnTable(Index, wabt::Type elem, const wabt::Limits* limits) override {
    if (validate_table(elem, *limits) != Result::Ok) return Result::Error;
    mod_.tables.push_back(TableType{to_val_type(elem), to_limits(*limits), limits->is_64});
    return Result::Ok;
  }
  Result OnMemory(Index, const wabt::Limits* limits) override {
    if (validator_.OnMemory(loc(), *limits) != Result::Ok) return Result::Error;
    mod_.memories.push_back(to_memory_type(*limits));
    return Result::Ok;
  }
  Result BeginGlobal(Index, wabt::Type type, bool mutable_) override {
    if (validator_.OnGlobal(loc(), type, mutable_) != Result::Ok) return Result::Error;
    mod_.globals.push_back(GlobalDesc{GlobalType{to_val_type(type), mutable_}, {}});
    return Result::Ok;
  }
  Result BeginGlobalInitExpr(Index) override {
    return begin_init(&mod_.globals.back().init, mod_.globals.back().type.type);
  }
  Result EndGlobalInitExpr(Index) override { return end_init(); }

  Result OnExport(Index, wabt::ExternalKind kind, Index item, std::string_view name) override {
    if (validator_.OnExport(loc(), kind, var(item), name) != Result::Ok) return Result::Error;
    ExportDesc d{std::string(name), {}};
    ExportEntry e{ExternKind::Func, item};
    switch (kind) {
      case wabt::ExternalKind::Func:
        e.kind = d.type.kind = ExternKind::Func;
        d.type.func = mod_.types[mod_.func_types[item]];
        break;
      case wabt::ExternalKind::Table:
        e.kind = d.type.kind = ExternKind::Table;
        d.type.table = mod_.tables[item];
        break;
      case wabt::ExternalKind::Memory:
        e.kind = d.type.kind = ExternKind::Memory;
        d.type.memory = mod_.memories[item];
        break;
      case wabt::ExternalKind::Global:
        e.kind = d.type.kind = ExternKind::Global;
        d.type.global = mod_.globals[item].type;
        break;
      case wabt::ExternalKind::Tag:
        e.kind = d.type.kind = ExternKind::Tag;
        d.type.tag = mod_.types[mod_.tag_types[item]];
        break;
      default:
        own_error = "unsupported export kind";
        return Result::Error;
    }
    mod_.exports.push_back(std::move(d));
    mod_.export_items.push_back(e);
    return Result::Ok;
  }

  Result OnStartFunction(Index func) override {
    if (validator_.OnStart(loc(), var(func)) != Result::Ok) return Result::Error;
    mod_.start = func;
    return Result::Ok;
  }

  // Segments --------------------------------------------------------------------------------
  Result BeginElemSegment(Index, Index table, uint8_t flags) override {
    ElemSegmentDesc e;
    e.mode = to_mode(flags);
    e.table_index = table;
    if (validator_.OnElemSegment(loc(), var(table), to_kind(e.mode)) != Result::Ok)
      return Result::Error;
    mod_.elems.push_back(std::move(e));
    return Result::Ok;
  }
  Result BeginElemSegmentInitExpr(Index) override {
    const bool is64 = is_table64(mod_.elems.back().table_index);
    return begin_init(&mod_.elems.back().offset, is64 ? ValType::I64 : ValType::I32);
  }
  Result EndElemSegmentInitExpr(Index) override { return end_init(); }
  Result OnElemSegmentElemType(Index, wabt::Type type) override {
    mod_.elems.back().type = to_val_type(type);
    return validator_.OnElemSegmentElemType(loc(), type);
  }
  Result OnElemSegmentElemExprCount(Index, Index count) override {
    mod_.elems.back().items.reserve(std::min<Index>(count, 1u << 20));
    return Result::Ok;
  }
  Result OnElemSegmentElemExpr_RefNull(Index, wabt::Type type) override {
    if (validator_.OnElemSegmentElemExpr_RefNull(loc(), type) != Result::Ok) return Result::Error;
    mod_.elems.back().items.push_back(InitExpr{InitExpr::Kind::RefNull, 0, 0, {}});
    return Result::Ok;
  }
  Result OnElemSegmentElemExpr_RefFunc(Index, Index func) override {
    if (validator_.OnElemSegmentElemExpr_RefFunc(loc(), var(func)) != Result::Ok)
      return Result::Error;
    mod_.elems.back().items.push_back(InitExpr{InitExpr::Kind::RefFunc, func, 0, {}});
    return Result::Ok;
  }

  Result OnDataCount(Index count) override {
    validator_.OnDataCount(count);
    data_count_ = count;
    return Result::Ok;
  }
  Result BeginDataSegment(Index, Index memory, uint8_t flags) override {
    DataSegmentDesc d;
    d.mode = to_mode(flags);
    d.memory_index = memory;
    if (validator_.OnDataSegment(loc(), var(memory), to_kind(d.mode)) != Result::Ok)
      return Result::Error;
    mod_.datas.push_back(std::move(d));
    return Result::Ok;
  }
  Result BeginDataSegmentInitExpr(Index) override {
    const uint32_t memory = mod_.datas.back().memory_index;
    const bool is64 = memory < mod_.memories.size() && mod_.memories[memory].is64;
    return begin_init(&mod_.datas.back().offset, is64 ? ValType::I64 : ValType::I32);
  }
  Result EndDataSegmentInitExpr(Index) override { return end_init(); }
  Result OnDataSegmentData(Index, const void* data, wabt::Address size) override {
    // wabt's pointer is into the bytes being read, which the module keeps: no copy.
    mod_.datas.back().bytes = std::span(static_cast<const uint8_t*>(data), size);
    return Result::Ok;
  }

  // Names -----------------------------------------------------------------------------------
  Result OnModuleName(std::string_view name) override {
    mod_.name = std::string(name);
    return Result::Ok;
  }
  Result OnFunctionName(Index index, std::string_view name) override {
    mod_.func_names[index] = std::string(name);
    return Result::Ok;
  }
  Result OnNameEntry(wabt::NameSectionSubsection type, Index index,
                     std::string_view name) override {
    if (type == wabt::NameSectionSubsection::Tag) mod_.tag_names[index] = std::string(name);
    return Result::Ok;
  }

  // Function bodies ---------------------------------------------------------------------------
  // From the section reader (recording_): where the body is; it is validated at its
  // EndFunctionBody.
  Result BeginFunctionBody(Index index, wabt::Offset size) override {
    if (recording_) {
      CompiledFunc& f = mod_.funcs[index - mod_.num_imported_funcs];
      f.body_begin = static_cast<uint32_t>(state->offset);
      f.body_end = static_cast<uint32_t>(state->offset + size);
      return Result::Ok;
    }
    if (validating_ && validator_.BeginFunctionBody(loc(), index) != Result::Ok)
      return Result::Error;
    func_ = &mod_.funcs[index - mod_.num_imported_funcs];
    scratch_base_ = kNoScratch;
    local_types_ = mod_.types[func_->type_index].params;
    num_locals_ = static_cast<uint32_t>(local_types_.size());
    body_started_ = false;
    return Result::Ok;
  }
  Result OnLocalDecl(Index, Index count, wabt::Type type) override {
    if (recording_) return Result::Ok;
    if (validating_ && validator_.OnLocalDecl(loc(), count, type) != Result::Ok)
      return Result::Error;
    if (uint64_t{num_locals_} + count > kMaxLocals) {
      own_error = fmt::format("too many locals (more than {})", kMaxLocals);
      return Result::Error;
    }
    num_locals_ += count;
    local_types_.insert(local_types_.end(), count, to_val_type(type));
    return Result::Ok;
  }
  Result OnOpcode(wabt::Opcode op) override {
    if (check_taken() != Result::Ok) return Result::Error;
    untaken_ = op;
    if (init_ != nullptr) return Result::Ok;
    if (func_ == nullptr) return Result::Ok;
    if (!body_started_) {
      body_started_ = true;
      depth_ = 1;
      if (add_table64_scratch() != Result::Ok) return Result::Error;
      if (emit_) emit_->begin(*func_, local_types_, func_results());
    }
    if (depth_ == 0) {
      own_error = "unexpected instruction after end of function";
      return Result::Error;
    }
    if (emit_) emit_->count_instruction();
    return Result::Ok;
  }
  Result EndFunctionBody(Index index) override {
    if (recording_) return in_share(index) ? validate_body(index) : Result(Result::Ok);
    if (check_taken() != Result::Ok) return Result::Error;
    if (body_started_ && depth_ != 0) {
      // wabt only checks that the body's last byte is an `end`: here it closed a block.
      malformed_error = kEndOfSection;
      return Result::Error;
    }
    if (validating_ && validator_.EndFunctionBody(loc()) != Result::Ok) return Result::Error;
    if (emit_) {
      if (!body_started_) emit_->begin(*func_, local_types_, func_results());
      emit_->end_function();
    }
    func_ = nullptr;
    return Result::Ok;
  }
  // Decodes and validates the body the section reader passed over, through the callbacks below.
  Result validate_body(Index index) {
    const CompiledFunc& f = mod_.funcs[index - mod_.num_imported_funcs];
    recording_ = false;
    const Result result = read_body(f);
    recording_ = true;
    if (result == Result::Ok && f.body_end <= mod_.bytes.size())  // a valid body, whole
      const_cast<CompiledFunc&>(f).body_hash =
          body_checksum(mod_.bytes.subspan(f.body_begin, f.body_end - f.body_begin));
    if (release_pages_) release_validated(f.body_begin, f.body_end);
    return result;
  }
  // Parallel validation: the bodies this loader validates are the runs it claims first (all of
  // them without `claims`, the sequential load).
  void validate_share(BodyClaims* claims) { claims_ = claims; }
  bool in_share(Index index) {
    const size_t run =
        mod_.funcs[index - mod_.num_imported_funcs].body_begin / BodyClaims::kRunBytes;
    if (run != run_) {  // the first body of a run: claim it, or leave it to the thread that did
      release_run();
      run_ = run;
      run_is_mine_ = claims_ == nullptr || claims_->claim(run);
    }
    return run_is_mine_;
  }
  bool succeeded(ReadStatus result) const {
    return result == ReadStatus::Ok && validation_errors_->empty() && own_error.empty() &&
           malformed_error.empty();
  }
  // With a file mapping, each run's pages leave memory once its bodies are validated, so the
  // peak holds about one run per thread of the code section, not all of it.
  void release_pages_of_validated_bodies() { release_pages_ = true; }
  // The run's validated bodies, whose pages go when the reader reaches the next run.
  void release_validated(size_t begin, size_t end_offset) {
    if (validated_begin_ == validated_end_) validated_begin_ = begin;
    validated_end_ = end_offset;
  }
  void release_run() {
    if (release_pages_ && validated_end_ > validated_begin_)
      release_mapped_pages(mod_.bytes.subspan(validated_begin_, validated_end_ - validated_begin_));
    validated_begin_ = validated_end_ = 0;
  }
  Result read_body(const CompiledFunc& f) {
    BodyReadOptions options;
    options.features = &features_;
    options.has_data_count = data_count_.has_value();
    return read_function_body(mod_.bytes, f.body_begin, f.body_end, f.func_index, *this, options);
  }
  // Translation only: the data count's presence was checked at load.
  void assume_data_count() { data_count_ = 0; }

// Validates the instruction and marks its opcode as taken (see check_taken).
#define CHECK(expr)                                              \
  if (validating_ && (expr) != Result::Ok) return Result::Error; \
  untaken_.reset()

  Result OnUnaryExpr(wabt::Opcode op) override {
    CHECK((check_plain<&wabt::TypeChecker::OnUnary, &wabt::SharedValidator::OnUnary>(validator_,
                                                                                     loc(), op)));
    return translate_unary(op);
  }
  Result OnConvertExpr(wabt::Opcode op) override {
    CHECK((check_plain<&wabt::TypeChecker::OnConvert, &wabt::SharedValidator::OnConvert>(
        validator_, loc(), op)));
    return translate_unary(op);
  }
  Result OnBinaryExpr(wabt::Opcode op) override {
    CHECK((check_plain<&wabt::TypeChecker::OnBinary, &wabt::SharedValidator::OnBinary>(validator_,
                                                                                       loc(), op)));
    if (init_ != nullptr) return init_binary(op);
    return translate_binary(op);
  }
  Result OnCompareExpr(wabt::Opcode op) override {
    CHECK((check_plain<&wabt::TypeChecker::OnCompare, &wabt::SharedValidator::OnCompare>(
        validator_, loc(), op)));
    if (op == wabt::Opcode::I32Eqz || op == wabt::Opcode::I64Eqz) return translate_unary(op);
    return translate_binary(op);
  }
  Result OnTernaryExpr(wabt::Opcode op) override {
    CHECK(validator_.OnTernary(loc(), op));
    if (simd_op(op) == Op::Count) return unsupported(op);
    if (emit_) emit_->on_ternary(simd_op(op));
    return Result::Ok;
  }

  // SIMD shapes beyond unary/binary/load/store.
  Result OnV128ConstExpr(v128 value) override {
    CHECK(check_const(validator_, loc(), wabt::Type::V128));
    uint8_t bytes[16];
    std::memcpy(bytes, &value, 16);
    if (init_ != nullptr) {
      InitExpr e{InitExpr::Kind::Const, 0, 0, {}};
      std::memcpy(&e.value, bytes, 8);
      std::memcpy(&e.high, bytes + 8, 8);
      *init_ = e;
      return Result::Ok;
    }
    if (emit_) emit_->on_v128_const(bytes);
    return Result::Ok;
  }
  Result OnSimdLaneOpExpr(wabt::Opcode op, uint64_t lane) override {
    CHECK(validator_.OnSimdLaneOp(loc(), op, lane));
    const Op internal = simd_op(op);
    if (internal == Op::Count) return unsupported(op);
    if (result_width(op) == 2) {
      if (emit_) emit_->on_replace_lane(internal, static_cast<uint32_t>(lane));
    } else {
      if (emit_) emit_->on_extract_lane(internal, static_cast<uint32_t>(lane), 1);
    }
    return Result::Ok;
  }
  Result OnSimdShuffleOpExpr(wabt::Opcode op, v128 lanes) override {
    CHECK(validator_.OnSimdShuffleOp(loc(), op, lanes));
    uint8_t bytes[16];
    std::memcpy(bytes, &lanes, 16);
    if (emit_) emit_->on_shuffle(bytes);
    return Result::Ok;
  }
  Result OnSimdLoadLaneExpr(wabt::Opcode op, Index mem, wabt::Address align, wabt::Address offset,
                            uint64_t lane) override {
    CHECK(validator_.OnSimdLoadLane(loc(), op, var(mem), alignment(align), lane));
    if (simd_op(op) == Op::Count) return unsupported(op);
    if (!emit_) return Result::Ok;
    if (any_memory(mem))
      emit_->on_any_memory_access(any_memory_op(simd_op(op)), mem, offset, 2, 2,
                                  static_cast<uint32_t>(lane));
    else
      emit_->on_load_lane(simd_op(op), offset, static_cast<uint32_t>(lane));
    return Result::Ok;
  }
  Result OnSimdStoreLaneExpr(wabt::Opcode op, Index mem, wabt::Address align, wabt::Address offset,
                             uint64_t lane) override {
    CHECK(validator_.OnSimdStoreLane(loc(), op, var(mem), alignment(align), lane));
    if (simd_op(op) == Op::Count) return unsupported(op);
    if (!emit_) return Result::Ok;
    if (any_memory(mem))
      emit_->on_any_memory_access(any_memory_op(simd_op(op)), mem, offset, 2, 0,
                                  static_cast<uint32_t>(lane));
    else
      emit_->on_store_lane(simd_op(op), offset, static_cast<uint32_t>(lane));
    return Result::Ok;
  }
  Result OnLoadSplatExpr(wabt::Opcode op, Index mem, wabt::Address align,
                         wabt::Address offset) override {
    CHECK(validator_.OnLoadSplat(loc(), op, var(mem), alignment(align)));
    return translate_load(op, mem, offset);
  }
  Result OnLoadZeroExpr(wabt::Opcode op, Index mem, wabt::Address align,
                        wabt::Address offset) override {
    CHECK(validator_.OnLoadZero(loc(), op, var(mem), alignment(align)));
    return translate_load(op, mem, offset);
  }

  Result OnBlockExpr(wabt::Type sig) override {
    CHECK(open_block(&wabt::SharedValidator::OnBlock, sig));
    auto [p, r] = block_arity(sig);
    if (emit_) emit_->on_block(p, r);
    ++depth_;
    return Result::Ok;
  }
  Result OnLoopExpr(wabt::Type sig) override {
    CHECK(open_block(&wabt::SharedValidator::OnLoop, sig));
    auto [p, r] = block_arity(sig);
    if (emit_) emit_->on_loop(p, r);
    ++depth_;
    return Result::Ok;
  }
  Result OnIfExpr(wabt::Type sig) override {
    CHECK(open_block(&wabt::SharedValidator::OnIf, sig));
    auto [p, r] = block_arity(sig);
    if (emit_) emit_->on_if(p, r);
    ++depth_;
    return Result::Ok;
  }
  Result OnElseExpr() override {
    CHECK(validator_.OnElse(loc()));
    if (emit_) emit_->on_else();
    return Result::Ok;
  }
  Result OnEndExpr() override {
    untaken_.reset();
    if (init_ != nullptr) return Result::Ok;  // an init expression's end: see end_init
    if (depth_ == 1) {
      depth_ = 0;  // the function's own end: validated by EndFunctionBody
      return Result::Ok;
    }
    CHECK(validator_.OnEnd(loc()));
    if (emit_) emit_->on_end();
    --depth_;
    return Result::Ok;
  }
  // Exceptions (the legacy instructions; wabt 1.0.32 decodes no try_table/throw_ref/exnref).
  Result OnTryExpr(wabt::Type sig) override {
    CHECK(open_block(&wabt::SharedValidator::OnTry, sig));
    auto [p, r] = block_arity(sig);
    if (emit_) emit_->on_try(p, r);
    ++depth_;
    return Result::Ok;
  }
  Result OnCatchExpr(Index tag) override {
    CHECK(validator_.OnCatch(loc(), var(tag), false));
    if (emit_) emit_->on_catch(tag, tag_params(tag));
    return Result::Ok;
  }
  Result OnCatchAllExpr() override {
    CHECK(validator_.OnCatch(loc(), wabt::Var(), true));
    if (emit_) emit_->on_catch(TryRegion::kCatchAll, TypeList{});
    return Result::Ok;
  }
  Result OnDelegateExpr(Index depth) override {
    CHECK(validator_.OnDelegate(loc(), var(depth)));
    if (emit_) emit_->on_delegate(depth);
    --depth_;
    return Result::Ok;
  }
  Result OnThrowExpr(Index tag) override {
    CHECK(validator_.OnThrow(loc(), var(tag)));
    if (emit_) emit_->on_throw(tag, tag_params(tag));
    return Result::Ok;
  }
  Result OnRethrowExpr(Index depth) override {
    CHECK(validator_.OnRethrow(loc(), var(depth)));
    if (emit_) emit_->on_rethrow(depth);
    return Result::Ok;
  }
  // Standard exception handling (wask's own decoding and checks; see validator_access.h). A
  // try_table is a block to the validator; its clauses are checked against the labels around it.
  Result OnTryTableExpr(wabt::Type sig, std::span<const CatchClause> catches) override {
    clauses_.clear();
    for (const CatchClause& c : catches) {
      if (validating_ && c.has_tag() && c.tag >= mod_.tag_types.size())
        return invalid("unknown tag");
      if (validating_ && c.label >= depth_) return invalid("unknown label");
      const TypeList payload = c.has_tag() ? tag_params(c.tag) : TypeList{};
      if (validating_ && check_catch_label(c, payload) != Result::Ok) return Result::Error;
      clauses_.push_back(Translator::Clause{c.has_tag() ? c.tag : TryRegion::kCatchAll,
                                            c.takes_ref(), c.label, payload});
    }
    CHECK(open_block(&wabt::SharedValidator::OnBlock, sig));
    auto [p, r] = block_arity(sig);
    if (emit_) emit_->on_try_table(p, r, clauses_);
    ++depth_;
    return Result::Ok;
  }
  Result OnThrowRefExpr() override {
    if (validating_) {
      wabt::Type top;
      if (peek_operand_type(validator_, 0, &top) != Result::Ok ||
          (top != wabt::Type::Any && top != kWabtExnRef))
        return invalid("type mismatch: throw_ref needs an exnref");
      CHECK(validator_.OnDrop(loc()));
      CHECK(validator_.OnUnreachable(loc()));
    }
    untaken_.reset();
    if (emit_) emit_->on_throw_ref();
    return Result::Ok;
  }

  Result OnBrExpr(Index depth) override {
    CHECK(check_branch(validator_, loc(), depth, false));
    if (emit_) emit_->on_br(depth);
    return Result::Ok;
  }
  Result OnBrIfExpr(Index depth) override {
    CHECK(check_branch(validator_, loc(), depth, true));
    if (emit_) emit_->on_br_if(depth);
    return Result::Ok;
  }
  Result OnBrTableExpr(Index num_targets, Index* depths, Index default_depth) override {
    CHECK(validator_.BeginBrTable(loc()));
    for (Index i = 0; i < num_targets; ++i)
      CHECK(validator_.OnBrTableTarget(loc(), var(depths[i])));
    CHECK(validator_.OnBrTableTarget(loc(), var(default_depth)));
    CHECK(validator_.EndBrTable(loc()));
    if (emit_)
      emit_->on_br_table(std::vector<uint32_t>(depths, depths + num_targets), default_depth);
    return Result::Ok;
  }
  Result OnReturnExpr() override {
    CHECK(validator_.OnReturn(loc()));
    if (emit_) emit_->on_return();
    return Result::Ok;
  }
  Result OnUnreachableExpr() override {
    CHECK(validator_.OnUnreachable(loc()));
    if (emit_) emit_->on_unreachable();
    return Result::Ok;
  }
  Result OnNopExpr() override {
    CHECK(validator_.OnNop(loc()));
    return Result::Ok;
  }
  Result OnCallExpr(Index func) override {
    CHECK(check_call(validator_, loc(), func));
    if (emit_) emit_->on_call(func, mod_.types[mod_.func_types[func]]);
    return Result::Ok;
  }
  Result OnCallIndirectExpr(Index sig, Index table) override {
    if (table64_view(table))
      return rewrite([&] { return narrow() || OnCallIndirectExpr(sig, table); });
    CHECK(check_funcref_table(table));
    CHECK(validator_.OnCallIndirect(loc(), var(sig), var(table)));
    if (emit_) emit_->on_call_indirect(table, sig, mod_.types[sig]);
    return Result::Ok;
  }
  Result OnReturnCallExpr(Index func) override {
    CHECK(validator_.OnReturnCall(loc(), var(func)));
    if (emit_) emit_->on_return_call(func, mod_.types[mod_.func_types[func]]);
    return Result::Ok;
  }
  Result OnReturnCallIndirectExpr(Index sig, Index table) override {
    if (table64_view(table))
      return rewrite([&] { return narrow() || OnReturnCallIndirectExpr(sig, table); });
    CHECK(check_funcref_table(table));
    CHECK(validator_.OnReturnCallIndirect(loc(), var(sig), var(table)));
    if (emit_) emit_->on_return_call_indirect(table, sig, mod_.types[sig]);
    return Result::Ok;
  }
  Result OnDropExpr() override {
    CHECK(validator_.OnDrop(loc()));
    if (emit_) emit_->on_drop();
    return Result::Ok;
  }
  Result OnSelectExpr(Index count, wabt::Type* types) override {
    // Untyped select takes numbers and vectors only; wabt's check of that misses exnref.
    wabt::Type operand;
    if (validating_ && count == 0 && peek_operand_type(validator_, 1, &operand) == Result::Ok &&
        operand == kWabtExnRef)
      return invalid("type mismatch: select without a type needs numbers or vectors");
    CHECK(validator_.OnSelect(loc(), count, types));
    if (emit_) emit_->on_select();
    return Result::Ok;
  }
  Result OnLocalGetExpr(Index i) override {
    if (i >= scratch_base_ && !rewriting_) return unknown_local();
    CHECK(check_local(validator_, local_types_, loc(), wabt::Opcode::LocalGet, i));
    if (emit_) emit_->on_local_get(i);
    return Result::Ok;
  }
  Result OnLocalSetExpr(Index i) override {
    if (i >= scratch_base_ && !rewriting_) return unknown_local();
    CHECK(check_local(validator_, local_types_, loc(), wabt::Opcode::LocalSet, i));
    if (emit_) emit_->on_local_set(i);
    return Result::Ok;
  }
  Result OnLocalTeeExpr(Index i) override {
    if (i >= scratch_base_ && !rewriting_) return unknown_local();
    CHECK(check_local(validator_, local_types_, loc(), wabt::Opcode::LocalTee, i));
    if (emit_) emit_->on_local_tee(i);
    return Result::Ok;
  }
  Result OnGlobalGetExpr(Index i) override {
    CHECK(check_global(validator_, loc(), i, false));
    if (init_ != nullptr) return set_init(InitExpr::Kind::GlobalGet, i);
    if (emit_) emit_->on_global_get(i);
    return Result::Ok;
  }
  Result OnGlobalSetExpr(Index i) override {
    CHECK(check_global(validator_, loc(), i, true));
    if (emit_) emit_->on_global_set(i);
    return Result::Ok;
  }
  Result OnI32ConstExpr(uint32_t v) override {
    CHECK(check_const(validator_, loc(), wabt::Type::I32));
    return on_const(v);
  }
  Result OnI64ConstExpr(uint64_t v) override {
    CHECK(check_const(validator_, loc(), wabt::Type::I64));
    return on_const(v);
  }
  Result OnF32ConstExpr(uint32_t v) override {
    CHECK(check_const(validator_, loc(), wabt::Type::F32));
    return on_const(v);
  }
  Result OnF64ConstExpr(uint64_t v) override {
    CHECK(check_const(validator_, loc(), wabt::Type::F64));
    return on_const(v);
  }
  Result OnLoadExpr(wabt::Opcode op, Index mem, wabt::Address align,
                    wabt::Address offset) override {
    CHECK(check_memory_access(validator_, loc(), op, mem, alignment(align), false));
    return translate_load(op, mem, offset);
  }
  Result OnStoreExpr(wabt::Opcode op, Index mem, wabt::Address align,
                     wabt::Address offset) override {
    CHECK(check_memory_access(validator_, loc(), op, mem, alignment(align), true));
    const Op internal = memory_op(op) != Op::Count ? memory_op(op) : simd_op(op);
    if (internal == Op::Count) return unsupported(op);
    if (!emit_) return Result::Ok;
    if (any_memory(mem))
      emit_->on_any_memory_access(any_memory_op(internal), mem, offset, 2, 0, Translator::kNone);
    else
      emit_->on_store(internal, offset);
    return Result::Ok;
  }
  Result OnMemorySizeExpr(Index mem) override {
    CHECK(validator_.OnMemorySize(loc(), var(mem)));
    if (!emit_) return Result::Ok;
    if (any_memory(mem))
      emit_->on_any_memory_size(mem);
    else
      emit_->on_memory_size();
    return Result::Ok;
  }
  Result OnMemoryGrowExpr(Index mem) override {
    CHECK(validator_.OnMemoryGrow(loc(), var(mem)));
    if (!emit_) return Result::Ok;
    if (any_memory(mem))
      emit_->on_any_memory_grow(mem);
    else
      emit_->on_memory_grow();
    return Result::Ok;
  }
  // wabt 1.0.32 names its parameters (srcmemidx, destmemidx) but passes (dest, src), in the
  // binary's order, to this callback and to the validator alike.
  Result OnMemoryCopyExpr(Index dst, Index src) override {
    CHECK(validator_.OnMemoryCopy(loc(), var(dst), var(src)));
    if (!emit_) return Result::Ok;
    if (any_memory(src) || any_memory(dst))
      emit_->on_bulk(Op::MemoryCopyMx, {dst, src}, 3, false);
    else
      emit_->on_bulk(Op::MemoryCopy, {}, 3, false);
    return Result::Ok;
  }
  Result OnMemoryFillExpr(Index mem) override {
    CHECK(validator_.OnMemoryFill(loc(), var(mem)));
    if (!emit_) return Result::Ok;
    if (any_memory(mem))
      emit_->on_bulk(Op::MemoryFillMx, {mem}, 3, false);
    else
      emit_->on_bulk(Op::MemoryFill, {}, 3, false);
    return Result::Ok;
  }
  Result OnMemoryInitExpr(Index seg, Index mem) override {
    CHECK(validator_.OnMemoryInit(loc(), var(seg), var(mem)));
    if (!emit_) return Result::Ok;
    if (any_memory(mem))
      emit_->on_bulk(Op::MemoryInitMx, {seg, mem}, 3, false);
    else
      emit_->on_bulk(Op::MemoryInit, {seg}, 3, false);
    return Result::Ok;
  }
  Result OnDataDropExpr(Index seg) override {
    CHECK(validator_.OnDataDrop(loc(), var(seg)));
    if (emit_) emit_->on_bulk(Op::DataDrop, {seg}, 0, false);
    return Result::Ok;
  }
  Result OnTableInitExpr(Index seg, Index table) override {
    if (table64_view(table))  // [d:i64 s:i32 n:i32]
      return rewrite([&] {
        return stash(kScratchI32A) || stash(kScratchI32B) || narrow() || unstash(kScratchI32B) ||
               unstash(kScratchI32A) || OnTableInitExpr(seg, table);
      });
    CHECK(validator_.OnTableInit(loc(), var(seg), var(table)));
    if (emit_) emit_->on_bulk(Op::TableInit, {table, seg}, 3, false);
    return Result::Ok;
  }
  Result OnElemDropExpr(Index seg) override {
    CHECK(validator_.OnElemDrop(loc(), var(seg)));
    if (emit_) emit_->on_bulk(Op::ElemDrop, {seg}, 0, false);
    return Result::Ok;
  }
  Result OnTableCopyExpr(Index dst, Index src) override {
    if (table64_view(dst) || table64_view(src)) {  // [d s n], each i64 where its table is 64-bit
      const bool d64 = is_table64(dst), s64 = is_table64(src), n64 = d64 && s64;
      const Index n = n64 ? kScratchI64A : kScratchI32A, s = s64 ? kScratchI64B : kScratchI32B;
      return rewrite([&] {
        return stash(n) || stash(s) || narrow_if(d64) || unstash(s) || narrow_if(s64) ||
               unstash(n) || narrow_if(n64) || OnTableCopyExpr(dst, src);
      });
    }
    CHECK(validator_.OnTableCopy(loc(), var(dst), var(src)));
    if (emit_) emit_->on_bulk(Op::TableCopy, {dst, src}, 3, false);
    return Result::Ok;
  }
  Result OnTableGetExpr(Index table) override {
    if (table64_view(table)) return rewrite([&] { return narrow() || OnTableGetExpr(table); });
    CHECK(validator_.OnTableGet(loc(), var(table)));
    if (emit_) emit_->on_table_get(table);
    return Result::Ok;
  }
  Result OnTableSetExpr(Index table) override {
    if (table64_view(table))  // [i:i64 v]
      return rewrite([&] {
        return stash(scratch_ref(table)) || narrow() || unstash(scratch_ref(table)) ||
               OnTableSetExpr(table);
      });
    CHECK(validator_.OnTableSet(loc(), var(table)));
    if (emit_) emit_->on_table_set(table);
    return Result::Ok;
  }
  Result OnTableGrowExpr(Index table) override {
    if (table64_view(table))  // [v n:i64] -> i64; a failure's -1 stays -1
      return rewrite([&] { return narrow() || OnTableGrowExpr(table) || widen(true); });
    CHECK(validator_.OnTableGrow(loc(), var(table)));
    if (emit_) emit_->on_bulk(Op::TableGrow, {table}, 2, true);
    return Result::Ok;
  }
  Result OnTableSizeExpr(Index table) override {
    if (table64_view(table)) return rewrite([&] { return OnTableSizeExpr(table) || widen(false); });
    CHECK(validator_.OnTableSize(loc(), var(table)));
    if (emit_) emit_->on_table_size(table);
    return Result::Ok;
  }
  Result OnTableFillExpr(Index table) override {
    if (table64_view(table))  // [i:i64 v n:i64]
      return rewrite([&] {
        return stash(kScratchI64A) || stash(scratch_ref(table)) || narrow() ||
               unstash(scratch_ref(table)) || unstash(kScratchI64A) || narrow() ||
               OnTableFillExpr(table);
      });
    CHECK(validator_.OnTableFill(loc(), var(table)));
    if (emit_) emit_->on_bulk(Op::TableFill, {table}, 3, false);
    return Result::Ok;
  }
  Result OnRefFuncExpr(Index func) override {
    CHECK(validator_.OnRefFunc(loc(), var(func)));
    if (init_ != nullptr) return set_init(InitExpr::Kind::RefFunc, func);
    if (emit_) emit_->on_ref_func(func);
    return Result::Ok;
  }
  Result OnRefNullExpr(wabt::Type type) override {
    CHECK(validator_.OnRefNull(loc(), type));
    if (init_ != nullptr) return set_init(InitExpr::Kind::RefNull, 0);
    if (emit_) emit_->on_const(0);  // the engine's null reference (runtime.h)
    return Result::Ok;
  }
  Result OnRefIsNullExpr() override {
    wabt::Type operand;
    if (validating_ && peek_operand_type(validator_, 0, &operand) == Result::Ok &&
        operand == kWabtExnRef) {
      // wabt's checker takes exnref for no reference: pop it and push the i32 ourselves.
      CHECK(validator_.OnDrop(loc()));
      CHECK(check_const(validator_, loc(), wabt::Type::I32));
    } else if (validating_ && validator_.OnRefIsNull(loc()) != Result::Ok) {
      // wabt's type checker fails on an empty stack without a message of its own.
      if (validation_errors_->empty()) own_error = "type mismatch: ref.is_null needs a reference";
      return Result::Error;
    }
    untaken_.reset();
    if (emit_) emit_->on_ref_is_null();
    return Result::Ok;
  }

  // Everything past WebAssembly 2.0 (plus relaxed SIMD) is refused; wabt's feature flags already
  // reject most of it while decoding, and check_taken the rest.
  Result OnCallRefExpr() override { return unsupported_text("call_ref"); }
#undef CHECK

 private:
  // table64 (memory64 proposal) -----------------------------------------------------------------
  // The validator and the translator know 32-bit tables only. An instruction on a 64-bit table
  // runs as the equivalent sequence on the table's 32-bit view: each i64 index or size narrowed
  // with saturation (f64.convert_i64_u, i32.trunc_sat_f64_u: exact below 2^32, and 2^32 or more
  // becomes 2^32-1, which no table reaches, so it stays out of bounds and never wraps), each
  // result widened to i64. Operands below the top wait in scratch locals after the body's own
  // (i64, i64, i32, i32, funcref, externref), which the body's instructions cannot name.
  static constexpr Index kNoScratch = std::numeric_limits<Index>::max();
  static constexpr Index kScratchI64A = 0, kScratchI64B = 1, kScratchI32A = 2, kScratchI32B = 3;
  bool is_table64(Index table) const {
    return table < mod_.tables.size() && mod_.tables[table].is64;
  }
  // A 64-bit table's instruction not yet rewritten (the rewrite's own calls see the view).
  bool table64_view(Index table) const { return !rewriting_ && is_table64(table); }
  // call_indirect needs a table of funcref; wabt's validator takes any table (and a table of
  // exnref is one of funcref to it: validate_table).
  Result check_funcref_table(Index table) {
    if (table >= mod_.tables.size() || mod_.tables[table].element == ValType::FuncRef)
      return Result::Ok;  // an unknown table is the validator's error
    own_error = "type mismatch";
    return Result::Error;
  }
  // `steps` joins callbacks with ||: a Result is true when it is an Error, so the first failure
  // ends the sequence, and the lambda returns whether one failed.
  template <class Steps>
  Result rewrite(Steps&& steps) {
    rewriting_ = true;
    const bool failed = steps();
    rewriting_ = false;
    return failed ? Result::Error : Result::Ok;
  }
  Result narrow() {
    const bool failed =
        OnConvertExpr(wabt::Opcode::F64ConvertI64U) || OnConvertExpr(wabt::Opcode::I32TruncSatF64U);
    return failed ? Result::Error : Result::Ok;
  }
  Result narrow_if(bool is64) { return is64 ? narrow() : Result(Result::Ok); }
  Result widen(bool is_signed) {
    return OnConvertExpr(is_signed ? wabt::Opcode::I64ExtendI32S : wabt::Opcode::I64ExtendI32U);
  }
  Result stash(Index scratch) { return OnLocalSetExpr(scratch_base_ + scratch); }
  Result unstash(Index scratch) { return OnLocalGetExpr(scratch_base_ + scratch); }
  Index scratch_ref(Index table) const {
    return mod_.tables[table].element == ValType::ExternRef ? 5 : 4;
  }
  // The scratch locals, for a body of a module with a 64-bit table, before its first instruction.
  Result add_table64_scratch() {
    if (std::none_of(mod_.tables.begin(), mod_.tables.end(),
                     [](const TableType& t) { return t.is64; }))
      return Result::Ok;
    scratch_base_ = num_locals_;
    for (wabt::Type type : {wabt::Type::I64, wabt::Type::I64, wabt::Type::I32, wabt::Type::I32,
                            wabt::Type::FuncRef, wabt::Type::ExternRef}) {
      if (validating_ && validator_.OnLocalDecl(loc(), 1, type) != Result::Ok) return Result::Error;
      local_types_.push_back(to_val_type(type));
    }
    num_locals_ += 6;
    return Result::Ok;
  }
  Result unknown_local() {
    own_error = "unknown local";
    return Result::Error;
  }
  // The validator checks a 64-bit table's limits as a 32-bit view (a larger bound only fails
  // later, as a table too large to allocate); the order of the bounds is checked here.
  Result validate_table(wabt::Type elem, const wabt::Limits& limits) {
    if (elem == kWabtExnRef) {
      if (validate_table(wabt::Type::FuncRef, limits) != Result::Ok) return Result::Error;
      set_last_table_element(validator_, elem);
      return Result::Ok;
    }
    if (!limits.is_64) return validator_.OnTable(loc(), elem, limits);
    if (limits.has_max && limits.initial > limits.max) {
      own_error = "size minimum must not be greater than maximum";
      return Result::Error;
    }
    wabt::Limits view = limits;
    view.is_64 = false;
    view.initial = std::min<uint64_t>(view.initial, std::numeric_limits<uint32_t>::max());
    view.max = std::min<uint64_t>(view.max, std::numeric_limits<uint32_t>::max());
    return validator_.OnTable(loc(), elem, view);
  }
  bool rewriting_ = false;
  Index scratch_base_ = kNoScratch;  // the first scratch local, if the body has them

  static uint32_t size(const std::vector<ValType>& v) { return static_cast<uint32_t>(v.size()); }
  static wabt::Address alignment(wabt::Address log2) {
    return log2 < 32 ? wabt::Address{1} << log2 : ~wabt::Address{0};
  }
  // A validation error of wask's own checks, with the spec's message.
  Result invalid(std::string message) {
    validation_errors_->emplace_back(wabt::ErrorLevel::Error, loc(), std::move(message));
    return Result::Error;
  }
  // Opens a block in the validator. wabt cannot expand an exnref block type (its type has no
  // name there): the block opens without results and its label gets the exnref result.
  Result open_block(Result (wabt::SharedValidator::*open)(const wabt::Location&, wabt::Type),
                    wabt::Type sig) {
    if (sig != kWabtExnRef) return (validator_.*open)(loc(), sig);
    if ((validator_.*open)(loc(), wabt::Type::Void) != Result::Ok) return Result::Error;
    wabt::SharedValidator::Label* label = nullptr;
    if (validator_.GetLabel(0, &label) != Result::Ok) return Result::Error;
    label->result_types = {kWabtExnRef};
    return Result::Ok;
  }
  // A catch clause hands its label the tag's values (catch), then an exnref (catch_ref), or
  // nothing but the exnref (catch_all_ref), or nothing (catch_all): the label's types must be
  // those. Labels count from outside the try_table (it is not open yet).
  Result check_catch_label(const CatchClause& c, TypeList payload) {
    wabt::SharedValidator::Label* label = nullptr;
    if (validator_.GetLabel(c.label, &label) != Result::Ok) return Result::Error;
    std::vector<wabt::Type> expected;
    for (uint32_t j = 0; j < payload.size; ++j) expected.push_back(to_wabt(payload[j]));
    if (c.takes_ref()) expected.push_back(kWabtExnRef);
    if (label->br_types() != expected) return invalid("type mismatch: catch clause and label");
    return Result::Ok;
  }
  std::pair<TypeList, TypeList> block_arity(wabt::Type sig) const {
    if (sig.IsIndex()) {
      const FuncType& t = mod_.types[sig.GetIndex()];
      return {TypeList::of(t.params), TypeList::of(t.results)};
    }
    if (sig == wabt::Type::Void) return {TypeList{}, TypeList{}};
    return {TypeList{}, TypeList::single(to_val_type(sig))};
  }
  // Records an import; the caller fills in its type.
  ExternType& add_import(std::string_view module, std::string_view field, ExternKind kind) {
    mod_.imports.push_back(ImportDesc{std::string(module), std::string(field), {}});
    mod_.imports.back().type.kind = kind;
    return mod_.imports.back().type;
  }
  TypeList tag_params(Index tag) const {
    return TypeList::of(mod_.types[mod_.tag_types[tag]].params);
  }
  TypeList func_results() const { return TypeList::of(mod_.types[func_->type_index].results); }
  Result translate_unary(wabt::Opcode op) {
    const Op internal = unary_op(op) != Op::Count ? unary_op(op) : simd_op(op);
    if (internal == Op::Count) return unsupported(op);
    if (emit_) emit_->on_unary(internal, result_width(op));
    return Result::Ok;
  }
  Result translate_binary(wabt::Opcode op) {
    Op imm_op = Op::Count;
    bool commutative = false;
    Op internal = binary_op(op, &imm_op, &commutative);
    if (internal == Op::Count) {
      internal = simd_op(op);
      imm_op = Op::Count;  // no immediate forms of SIMD ops
    }
    if (internal == Op::Count) return unsupported(op);
    if (emit_) emit_->on_binary(internal, imm_op, is_commutative(op), result_width(op));
    return Result::Ok;
  }
  Result translate_load(wabt::Opcode op, Index mem, uint64_t offset) {
    const Op internal = memory_op(op) != Op::Count ? memory_op(op) : simd_op(op);
    if (internal == Op::Count) return unsupported(op);
    if (!emit_) return Result::Ok;
    if (any_memory(mem))
      emit_->on_any_memory_access(any_memory_op(internal), mem, offset, 1, result_width(op),
                                  Translator::kNone);
    else
      emit_->on_load(internal, offset, result_width(op));
    return Result::Ok;
  }
  // Memory 0 of 32 bits has the fast handlers; every other memory the generic Mx ones.
  bool any_memory(Index mem) const { return mem != 0 || mod_.memories[mem].is64; }
  // An opcode whose callback this class does not override falls to BinaryReaderNop, which
  // accepts it silently: refuse it when the next opcode (or the body's end) arrives. So only what
  // the callbacks above translate (numeric and memory ops: what has a row in opcodes.def) runs.
  Result check_taken() { return untaken_ ? unsupported(*untaken_) : Result(Result::Ok); }
  Result unsupported(wabt::Opcode op) {
    own_error = fmt::format("unsupported opcode {}", op.GetName());
    return Result::Error;
  }
  Result unsupported_text(std::string_view what) {
    own_error = fmt::format("{} not supported", what);
    return Result::Error;
  }
  Result on_const(uint64_t bits) {
    if (init_ != nullptr) return set_init(InitExpr::Kind::Const, bits);
    if (emit_) emit_->on_const(bits);
    return Result::Ok;
  }
  Result begin_init(InitExpr* target, ValType type) {
    init_ = target;
    init_steps_ = 0;
    const wabt::Type t = to_wabt(type);
    return validator_.BeginInitExpr(loc(), t);
  }
  Result end_init() {
    init_ = nullptr;
    return validator_.EndInitExpr();
  }
  // Records one instruction of a constant expression: the first as the expression itself, the
  // later ones (extended constant expressions) as steps.
  Result set_init(InitExpr::Kind kind, uint64_t value) {
    if (init_steps_++ == 0) {
      *init_ = InitExpr{kind, value, 0, {}};
      return Result::Ok;
    }
    if (init_->steps.empty()) init_->steps.push_back(InitExpr{init_->kind, init_->value, 0, {}});
    init_->steps.push_back(InitExpr{kind, value, 0, {}});
    init_->kind = kind;
    return Result::Ok;
  }
  Result init_binary(wabt::Opcode op) {
    using K = InitExpr::Kind;
    switch (op) {
      case wabt::Opcode::I32Add:
        return set_init(K::I32Add, 0);
      case wabt::Opcode::I32Sub:
        return set_init(K::I32Sub, 0);
      case wabt::Opcode::I32Mul:
        return set_init(K::I32Mul, 0);
      case wabt::Opcode::I64Add:
        return set_init(K::I64Add, 0);
      case wabt::Opcode::I64Sub:
        return set_init(K::I64Sub, 0);
      case wabt::Opcode::I64Mul:
        return set_init(K::I64Mul, 0);
      default:
        own_error = fmt::format("constant expression required (got {})", op.GetName());
        return Result::Error;
    }
  }

  wabt::Errors* validation_errors_;
  Module::Impl& mod_;
  const wabt::Features features_;
  const bool validating_;  // wabt's validator checks every callback
  bool recording_;         // the section reader is calling: bodies are recorded, then validated
  wabt::SharedValidator validator_;
  std::vector<CodeUnit> code_;  // the translator's output
  Translator translator_;
  Translator* emit_;  // the translator, when translating
  bool release_pages_ = false;
  BodyClaims* claims_ = nullptr;
  size_t run_ = SIZE_MAX;  // the run of the last body read, and whether this loader has it
  bool run_is_mine_ = false;
  size_t validated_begin_ = 0;  // the bodies of the current run validated so far
  size_t validated_end_ = 0;
  CompiledFunc* func_ = nullptr;
  uint32_t num_locals_ = 0;
  std::vector<ValType> local_types_;  // of the current body, parameters first, as validated
  bool body_started_ = false;
  uint32_t depth_ = 0;  // open blocks in the current body, counting the body itself
  InitExpr* init_ = nullptr;
  uint32_t init_steps_ = 0;                  // instructions of the constant expression so far
  std::optional<Index> data_count_;          // from the DataCount section
  std::optional<wabt::Opcode> untaken_;      // the current opcode, until a callback takes it
  std::vector<Translator::Clause> clauses_;  // the current try_table's
};

// Top-level section ids present in a binary (a best-effort scan; the reader does the checking).
bool has_section(std::span<const uint8_t> bytes, uint8_t id) {
  size_t p = 8;
  while (p < bytes.size()) {
    const uint8_t section = bytes[p++];
    uint64_t size = 0;
    int shift = 0;
    while (p < bytes.size() && shift < 35) {
      const uint8_t b = bytes[p++];
      size |= uint64_t{b & 0x7fu} << shift;
      shift += 7;
      if ((b & 0x80) == 0) break;
    }
    if (section == id) return true;
    if (size > bytes.size() - p) return false;
    p += size;
  }
  return false;
}

// memory.init or data.drop without a DataCount section is malformed, except in a module without
// data segments at all: there the spec's text (which wabt encodes without the section) names an
// unknown data segment, a validation error.
bool is_validation_error(std::string_view message, std::span<const uint8_t> bytes) {
  return message.find("requires data count section") != std::string_view::npos &&
         !has_section(bytes, 11);
}

// Decoding alone, without validation: the spec decodes a whole module before validating it, so a
// malformed binary is malformed even where the one-pass loader met a validation error first.
class Decoder : public wabt::BinaryReaderNop {
 public:
  std::string error;
  bool OnError(const wabt::Error& e) override {
    if (error.empty()) error = e.message;
    return true;
  }
};

std::optional<std::string> decode_error(std::span<const uint8_t> bytes,
                                        const wabt::Features& features) {
  Decoder decoder;
  ModuleReadOptions options;
  options.features = &features;
  options.read_names = false;
  options.decode_bodies = true;
  if (read_module(bytes, decoder, options) != ReadStatus::Malformed) return std::nullopt;
  if (is_validation_error(decoder.error, bytes)) return std::nullopt;
  return decoder.error;
}

struct Attempt {
  std::unique_ptr<Module::Impl> impl;
  std::optional<LoadError> error;
};

ModuleReadOptions read_options(const wabt::Features& features, bool read_names) {
  ModuleReadOptions options;
  options.features = &features;
  options.read_names = read_names;
  return options;  // the bodies are Loader::validate_body's to read
}

// How many threads validate the bodies: one for a small module (a thread costs more than it
// saves), else LoadOptions::validation_threads or the hardware's, at most kMaxValidationThreads.
unsigned validation_threads(const LoadOptions& options, size_t module_size) {
  constexpr unsigned kMaxValidationThreads = 4;
  constexpr size_t kParallelFrom = size_t{4} << 20;
  if (options.validation_threads != 0) return std::min(options.validation_threads, 64u);
  if (module_size < kParallelFrom) return 1;
  return std::clamp(std::thread::hardware_concurrency(), 1u, kMaxValidationThreads);
}

// A helper thread's share of the bodies: its own loader and validator over a scratch module,
// the declarations read (and validated) again by wabt, then the runs of bodies it claims. True
// if all valid. Its bodies' checksums go to `hashes` (by defined index; zero elsewhere).
bool validate_share(std::span<const uint8_t> bytes, const LoadOptions& options,
                    const wabt::Features& features, BodyClaims& claims,
                    std::vector<uint64_t>& hashes) {
  try {
    Module::Impl scratch;
    scratch.bytes = bytes;
    wabt::Errors errors;
    Loader loader(scratch, &errors, features, LoaderPass::Validate);
    loader.validate_share(&claims);
    if (options.bytes_are_file_mapping && options.bytes_owner)
      loader.release_pages_of_validated_bodies();
    if (!loader.succeeded(read_module(bytes, loader, read_options(features, false)))) return false;
    hashes.reserve(scratch.funcs.size());
    for (const CompiledFunc& f : scratch.funcs) hashes.push_back(f.body_hash);
    return true;
  } catch (const std::exception&) {  // out of memory: the sequential load decides
    return false;
  }
}

// wabt's validator has no name for exnref and prints it as a type index ("<type_index[-23]>").
std::string name_exnref(std::string message) {
  static constexpr std::string_view kWabtName = "<type_index[-23]>";
  for (size_t at; (at = message.find(kWabtName)) != std::string::npos;)
    message.replace(at, kWabtName.size(), "exnref");
  return message;
}

Attempt load_once(std::span<const uint8_t> bytes, const LoadOptions& options, bool read_names,
                  unsigned threads) {
  Attempt out;
  out.impl = std::make_unique<Module::Impl>();
  out.impl->name = options.name;
  out.impl->bytes = bytes;
  const wabt::Features features = engine_features();
  // Helper threads validate the runs of bodies they claim while this one reads the module and
  // validates the runs it claims.
  std::vector<std::thread> helpers;
  std::vector<char> helper_ok(threads, 1);
  std::vector<std::vector<uint64_t>> helper_hashes(threads);
  BodyClaims claims(bytes.size());
  for (unsigned k = 1; k < threads; ++k) {
    try {
      helpers.emplace_back([&, k] {
        helper_ok[k] = validate_share(bytes, options, features, claims, helper_hashes[k]);
      });
    } catch (const std::system_error&) {  // no thread to be had: the others claim its runs
    }
  }
  wabt::Errors validation_errors;
  Loader loader(*out.impl, &validation_errors, features, LoaderPass::Validate);
  loader.validate_share(threads > 1 ? &claims : nullptr);
  if (options.bytes_are_file_mapping && options.bytes_owner)
    loader.release_pages_of_validated_bodies();
  const ReadStatus result = read_module(bytes, loader, read_options(features, read_names));
  for (std::thread& helper : helpers) helper.join();
  const bool all_ok = std::all_of(helper_ok.begin(), helper_ok.end(), [](char ok) { return ok; });
  if (loader.succeeded(result) && all_ok) {
    // Each share's checksums were computed where it was validated (zero outside the share).
    for (const auto& hashes : helper_hashes)
      for (size_t i = 0; i < hashes.size() && i < out.impl->funcs.size(); ++i)
        if (hashes[i] != 0) out.impl->funcs[i].body_hash = hashes[i];
    return out;
  }
  // Which error comes first is the sequential load's to say: the same error for any thread count.
  if (threads > 1) return load_once(bytes, options, read_names, 1);
  LoadError error;
  if (!validation_errors.empty()) {
    error.kind = LoadError::Kind::Invalid;
    error.message = name_exnref(validation_errors.front().message);
    error.offset = validation_errors.front().loc.offset;
  } else if (!loader.malformed_error.empty()) {
    error.kind = LoadError::Kind::Malformed;
    error.message = loader.malformed_error;
    error.offset = loader.state ? loader.state->offset : 0;
  } else if (!loader.own_error.empty()) {
    error.kind = LoadError::Kind::Invalid;
    error.message = loader.own_error;
    error.offset = loader.state ? loader.state->offset : 0;
  } else if (!loader.reader_errors.empty()) {
    error.message = loader.reader_errors.front().message;
    error.offset = loader.reader_errors.front().loc.offset;
    const bool invalid = result == ReadStatus::Invalid || is_validation_error(error.message, bytes);
    error.kind = invalid ? LoadError::Kind::Invalid : LoadError::Kind::Malformed;
  } else {
    error.message = "malformed module";
  }
  if (error.kind == LoadError::Kind::Invalid) {
    if (std::optional<std::string> malformed = decode_error(bytes, features)) {
      error.kind = LoadError::Kind::Malformed;
      error.message = std::move(*malformed);
    }
  }
  out.error = std::move(error);
  return out;
}

// Drops the resident pages of a read-only file mapping (they are read again on use).
void release_mapped_pages(std::span<const uint8_t> bytes) {
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<uintptr_t>(bytes.data()) & ~(page - 1);
  const auto end = (reinterpret_cast<uintptr_t>(bytes.data()) + bytes.size()) & ~(page - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

// The cache key's hash. A mapped file's pages go as the hash passes them (4 MiB at a time), so a
// load that misses starts validating without the whole file resident.
Sha256 content_hash(std::span<const uint8_t> bytes, const LoadOptions& options) {
  if (!options.bytes_are_file_mapping || !options.bytes_owner) return sha256(bytes);  // a copy
  return sha256(bytes, size_t{4} << 20,
                [](std::span<const uint8_t> hashed) { release_mapped_pages(hashed); });
}

}  // namespace

LoadResult Module::load(std::span<const uint8_t> bytes, const LoadOptions& options) {
  LoadResult out;
  if (bytes.size() > std::numeric_limits<uint32_t>::max()) {
    out.error = LoadError{LoadError::Kind::Malformed, "module larger than 4 GiB", 0};
    return out;
  }
  // Bodies are translated from the bytes later: keep them, through the caller's owner or a copy.
  std::shared_ptr<const void> owner = options.bytes_owner;
  if (owner == nullptr) {
    auto copy = std::make_shared<const std::vector<uint8_t>>(bytes.begin(), bytes.end());
    bytes = std::span<const uint8_t>(copy->data(), copy->size());
    owner = std::move(copy);
  }
  // The on-disk cache: a hit skips decoding and validation (the entry was written by a load of
  // these very bytes that validated them). It holds the name section's name only.
  std::optional<CacheKey> key;
  if (!options.cache_dir.empty()) {
    key = CacheKey{options.sha256 ? *options.sha256 : content_hash(bytes, options), bytes.size()};
    if (auto cached =
            read_cache_entry(cache_entry_path(options.cache_dir, *key), *key, bytes, out.cache)) {
      out.module = finish_load(std::move(cached), std::move(owner), options);
      return out;
    }
  }
  LoadOptions unnamed = options;  // the name section's name, or none
  unnamed.name.clear();
  const unsigned threads = validation_threads(options, bytes.size());
  Attempt attempt = load_once(bytes, unnamed, true, threads);
  if (attempt.error) {
    out.error = std::move(attempt.error);
    return out;
  }
  std::unique_ptr<Module::Impl> impl = std::move(attempt.impl);
  // Exports name the functions the name section leaves anonymous.
  for (size_t i = 0; i < impl->exports.size(); ++i) {
    if (impl->export_items[i].kind == ExternKind::Func)
      impl->func_names.try_emplace(impl->export_items[i].index, impl->exports[i].name);
  }
  if (key)
    out.cache_written = write_cache_entry(options.cache_dir, *key, *impl, options.cache_max_bytes);
  out.module = finish_load(std::move(impl), std::move(owner), options);
  return out;
}

std::shared_ptr<const Module> Module::finish_load(std::unique_ptr<Impl> impl,
                                                  std::shared_ptr<const void> bytes_owner,
                                                  const LoadOptions& options) {
  if (impl->name.empty()) impl->name = options.name;
  impl->bytes_owner = std::move(bytes_owner);
  return std::shared_ptr<const Module>(new Module(std::move(impl)));
}

const CodeUnit* translate_function(const Module::Impl& mod, const CompiledFunc& func) {
  std::lock_guard<std::mutex> lock(mod.translate_mutex);
  if (const CodeUnit* entry = func.entry) return entry;  // another thread did it meanwhile
  // The module is immutable except for these lazily written fields, which nobody reads before
  // `entry` publishes them, and which only this function (under the mutex) writes.
  auto& target = const_cast<CompiledFunc&>(func);
  auto& module = const_cast<Module::Impl&>(mod);
  wabt::Errors errors;
  Loader loader(module, &errors, engine_features(), LoaderPass::Translate);
  loader.assume_data_count();
  const std::span<const uint8_t> body =
      mod.bytes.subspan(func.body_begin, func.body_end - func.body_begin);
  if (body_checksum(body) != func.body_hash) return nullptr;  // the bytes changed since validation
  if (loader.read_body(func) != Result::Ok) return nullptr;
  target.code = std::move(loader.code());
  target.code.shrink_to_fit();
  target.entry.publish(target.code.data());
  return target.code.data();
}

Module::Module(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Module::~Module() = default;
const std::string& Module::name() const { return impl_->name; }
const std::vector<ImportDesc>& Module::imports() const { return impl_->imports; }
const std::vector<ExportDesc>& Module::exports() const { return impl_->exports; }

}  // namespace wask::interp
