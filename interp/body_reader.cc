// The function-body decoder (body_reader.h). Immediates and their errors follow the spec's binary
// format; which callback an opcode gets follows wabt's BinaryReader.
#include "interp/body_reader.h"

#include <wabt/opcode.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "interp/leb128.h"
#include "interp/wabt_types.h"

namespace wask::interp {

namespace {

using wabt::Index;
using wabt::Opcode;
using wabt::Result;
using wabt::Type;

class BodyReader {
 public:
  BodyReader(std::span<const uint8_t> module, size_t begin, size_t end,
             wabt::BinaryReaderDelegate& delegate, const BodyReadOptions& options)
      : data_(module.data()),
        p_(begin),
        end_(end),
        delegate_(delegate),
        standard_eh_(dynamic_cast<BodyDelegate*>(&delegate)),
        options_(options),
        state_(module.data(), module.size()) {}

  Result read(uint32_t func_index) {
    const wabt::BinaryReaderDelegate::State* saved = delegate_.state;
    delegate_.state = &state_;
    const Result result = read_body(func_index);
    delegate_.state = saved;
    return result;
  }

 private:
  // Each step: Ok, or stop (after OnError for a decoding error; a callback reports its own).
#define TRY(expr) \
  if ((expr) != Result::Ok) return Result::Error

  Result read_body(uint32_t func_index) {
    state_.offset = p_;
    TRY(delegate_.BeginFunctionBody(func_index, end_ - p_));
    uint32_t decls = 0;
    TRY(u32(&decls));
    TRY(delegate_.OnLocalDeclCount(decls));
    uint64_t total = 0;
    for (uint32_t k = 0; k < decls; ++k) {
      uint32_t count = 0;
      Type type;
      TRY(u32(&count));
      total += count;
      if (total > 0xffffffffu) return fail("too many locals");
      TRY(val_type(&type));
      state_.offset = p_;
      TRY(delegate_.OnLocalDecl(k, count, type));
    }
    TRY(instructions());
    state_.offset = p_;
    return delegate_.EndFunctionBody(func_index);
  }

  Result instructions() {
    uint32_t depth = 1;  // the function's own block
    while (depth > 0) {
      if (p_ >= end_) return fail(kUnexpectedEnd);
      const size_t at = p_;
      const uint8_t byte = data_[p_++];
      if (byte == 0xfc || byte == 0xfd) {
        uint32_t code = 0;
        TRY(u32(&code));
        TRY(prefixed(at, byte, code));
        continue;
      }
      const Opcode op = Opcode::FromCode(byte);
      switch (byte) {
        case 0x02:    // block
        case 0x03:    // loop
        case 0x04:    // if
        case 0x06: {  // try
          Type sig;
          TRY(block_type(&sig));
          TRY(opcode(op));
          ++depth;
          if (byte == 0x02) TRY(delegate_.OnBlockExpr(sig));
          if (byte == 0x03) TRY(delegate_.OnLoopExpr(sig));
          if (byte == 0x04) TRY(delegate_.OnIfExpr(sig));
          if (byte == 0x06) TRY(delegate_.OnTryExpr(sig));
          break;
        }
        case 0x1f: {  // try_table: a block type, then its catch clauses
          Type sig;
          TRY(block_type(&sig));
          TRY(catch_clauses());
          TRY(opcode(op));
          ++depth;
          if (standard_eh_) TRY(standard_eh_->OnTryTableExpr(sig, catches_));
          break;
        }
        case 0x0a:  // throw_ref
          TRY(opcode(op));
          if (standard_eh_) TRY(standard_eh_->OnThrowRefExpr());
          break;
        case 0x0b:  // end
          TRY(opcode(op));
          --depth;
          TRY(delegate_.OnEndExpr());
          break;
        case 0x18: {  // delegate: ends its try
          Index target = 0;
          TRY(u32(&target));
          TRY(opcode(op));
          --depth;
          TRY(delegate_.OnDelegateExpr(target));
          break;
        }
        case 0x00:  // unreachable
        case 0x01:  // nop
        case 0x05:  // else
        case 0x0f:  // return
        case 0x19:  // catch_all
        case 0x1a:  // drop
        case 0xd1:  // ref.is_null
          TRY(opcode(op));
          TRY((delegate_.*bare_callback(byte))());
          break;
        case 0x1b:
          TRY(opcode(op));
          TRY(delegate_.OnSelectExpr(0, nullptr));
          break;
        case 0x07:    // catch
        case 0x08:    // throw
        case 0x09:    // rethrow
        case 0x0c:    // br
        case 0x0d:    // br_if
        case 0x10:    // call
        case 0x12:    // return_call
        case 0x20:    // local.get
        case 0x21:    // local.set
        case 0x22:    // local.tee
        case 0x23:    // global.get
        case 0x24:    // global.set
        case 0x25:    // table.get
        case 0x26:    // table.set
        case 0xd2: {  // ref.func
          Index index = 0;
          TRY(u32(&index));
          TRY(opcode(op));
          TRY(indexed(byte, index));
          break;
        }
        case 0x0e: {  // br_table
          uint32_t count = 0;
          TRY(u32(&count));
          if (count > end_ - p_) return fail(kUnexpectedEnd);  // each target takes a byte
          targets_.resize(count);
          for (uint32_t k = 0; k < count; ++k) TRY(u32(&targets_[k]));
          Index fallback = 0;
          TRY(u32(&fallback));
          TRY(opcode(op));
          TRY(delegate_.OnBrTableExpr(count, targets_.data(), fallback));
          break;
        }
        case 0x11:    // call_indirect
        case 0x13: {  // return_call_indirect
          Index type = 0, table = 0;
          TRY(u32(&type));
          TRY(u32(&table));
          TRY(opcode(op));
          if (byte == 0x11) TRY(delegate_.OnCallIndirectExpr(type, table));
          if (byte == 0x13) TRY(delegate_.OnReturnCallIndirectExpr(type, table));
          break;
        }
        case 0x1c: {  // select with types
          uint32_t count = 0;
          TRY(u32(&count));
          if (count > end_ - p_) return fail(kUnexpectedEnd);
          types_.resize(count);
          for (uint32_t k = 0; k < count; ++k) TRY(val_type(&types_[k]));
          TRY(opcode(op));
          TRY(delegate_.OnSelectExpr(count, types_.data()));
          break;
        }
        case 0x3f:    // memory.size
        case 0x40: {  // memory.grow
          Index memory = 0;
          TRY(memory_index(&memory));
          TRY(opcode(op));
          if (byte == 0x3f) TRY(delegate_.OnMemorySizeExpr(memory));
          if (byte == 0x40) TRY(delegate_.OnMemoryGrowExpr(memory));
          break;
        }
        case 0x41: {
          int32_t v = 0;
          TRY(s32(&v));
          TRY(opcode(op));
          TRY(delegate_.OnI32ConstExpr(static_cast<uint32_t>(v)));
          break;
        }
        case 0x42: {
          int64_t v = 0;
          TRY(s64(&v));
          TRY(opcode(op));
          TRY(delegate_.OnI64ConstExpr(static_cast<uint64_t>(v)));
          break;
        }
        case 0x43: {
          uint32_t bits = 0;
          TRY(fixed(&bits, 4));
          TRY(opcode(op));
          TRY(delegate_.OnF32ConstExpr(bits));
          break;
        }
        case 0x44: {
          uint64_t bits = 0;
          TRY(fixed(&bits, 8));
          TRY(opcode(op));
          TRY(delegate_.OnF64ConstExpr(bits));
          break;
        }
        case 0xd0: {  // ref.null
          Type type;
          TRY(ref_type(&type));
          TRY(opcode(op));
          TRY(delegate_.OnRefNullExpr(type));
          break;
        }
        default:
          if (byte >= 0x28 && byte <= 0x3e) {  // loads and stores
            MemArg m;
            TRY(memarg(&m));
            TRY(opcode(op));
            if (byte <= 0x35) TRY(delegate_.OnLoadExpr(op, m.memory, m.align, m.offset));
            if (byte >= 0x36) TRY(delegate_.OnStoreExpr(op, m.memory, m.align, m.offset));
          } else if (byte >= 0x45 && byte <= 0xc4) {
            TRY(opcode(op));
            TRY(mvp_unary(byte) ? delegate_.OnUnaryExpr(op) : delegate_.OnBinaryExpr(op));
          } else {
            return fail_at(at, "illegal opcode");
          }
          break;
      }
    }
    // The function's `end` must be its body's last byte.
    if (p_ != end_) return fail("section size mismatch");
    return Result::Ok;
  }

  // 0xfc (saturating truncations, bulk memory, tables) and 0xfd (SIMD).
  Result prefixed(size_t at, uint8_t prefix, uint32_t code) {
    const Opcode op = Opcode::FromCode(prefix, code);
    if (op.IsInvalid() || !op.IsEnabled(*options_.features)) return fail_at(at, "illegal opcode");
    if (prefix == 0xfc) {
      if (code <= 7) return numeric(op);
      Index a = 0, b = 0;
      switch (code) {
        case 8:  // memory.init: segment, then memory
          TRY(u32(&a));
          TRY(memory_index(&b));
          TRY(needs_data_count("memory.init"));
          TRY(opcode(op));
          return delegate_.OnMemoryInitExpr(a, b);
        case 9:  // data.drop
          TRY(u32(&a));
          TRY(needs_data_count("data.drop"));
          TRY(opcode(op));
          return delegate_.OnDataDropExpr(a);
        case 10:  // memory.copy: destination, then source (the callback's order too)
          TRY(memory_index(&a));
          TRY(memory_index(&b));
          TRY(opcode(op));
          return delegate_.OnMemoryCopyExpr(a, b);
        case 11:  // memory.fill
          TRY(memory_index(&a));
          TRY(opcode(op));
          return delegate_.OnMemoryFillExpr(a);
        case 12:  // table.init: segment, then table
          TRY(u32(&a));
          TRY(u32(&b));
          TRY(opcode(op));
          return delegate_.OnTableInitExpr(a, b);
        case 13:
          TRY(u32(&a));
          TRY(opcode(op));
          return delegate_.OnElemDropExpr(a);
        case 14:  // table.copy: destination, then source
          TRY(u32(&a));
          TRY(u32(&b));
          TRY(opcode(op));
          return delegate_.OnTableCopyExpr(a, b);
        case 15:
          TRY(u32(&a));
          TRY(opcode(op));
          return delegate_.OnTableGrowExpr(a);
        case 16:
          TRY(u32(&a));
          TRY(opcode(op));
          return delegate_.OnTableSizeExpr(a);
        case 17:
          TRY(u32(&a));
          TRY(opcode(op));
          return delegate_.OnTableFillExpr(a);
        default:
          return fail_at(at, "illegal opcode");
      }
    }
    if (code <= 0x0b || (code >= 0x54 && code <= 0x5d)) {  // SIMD memory access
      MemArg m;
      TRY(memarg(&m));
      if (code >= 0x54 && code <= 0x5b) {
        uint8_t lane = 0;
        TRY(fixed(&lane, 1));
        TRY(opcode(op));
        if (code <= 0x57)
          return delegate_.OnSimdLoadLaneExpr(op, m.memory, m.align, m.offset, lane);
        return delegate_.OnSimdStoreLaneExpr(op, m.memory, m.align, m.offset, lane);
      }
      TRY(opcode(op));
      if (code == 0x0b) return delegate_.OnStoreExpr(op, m.memory, m.align, m.offset);
      if (code >= 0x07 && code <= 0x0a)
        return delegate_.OnLoadSplatExpr(op, m.memory, m.align, m.offset);
      if (code >= 0x5c) return delegate_.OnLoadZeroExpr(op, m.memory, m.align, m.offset);
      return delegate_.OnLoadExpr(op, m.memory, m.align, m.offset);
    }
    if (code == 0x0c || code == 0x0d) {  // v128.const, i8x16.shuffle
      v128 bytes;
      TRY(fixed(&bytes, 16));
      TRY(opcode(op));
      return code == 0x0c ? delegate_.OnV128ConstExpr(bytes)
                          : delegate_.OnSimdShuffleOpExpr(op, bytes);
    }
    if (code >= 0x15 && code <= 0x22) {  // extract_lane / replace_lane
      uint8_t lane = 0;
      TRY(fixed(&lane, 1));
      TRY(opcode(op));
      return delegate_.OnSimdLaneOpExpr(op, lane);
    }
    return numeric(op);
  }

  // WebAssembly 1.0's one-operand numeric operators (wabt's table lists two operand types for the
  // float ones, so their row cannot tell).
  static bool mvp_unary(uint8_t byte) {
    return byte == 0x45 || byte == 0x50 || (byte >= 0x67 && byte <= 0x69) ||
           (byte >= 0x79 && byte <= 0x7b) || (byte >= 0x8b && byte <= 0x91) ||
           (byte >= 0x99 && byte <= 0x9f) || byte >= 0xa7;
  }

  // Prefixed operators without immediates: the operand count in wabt's table picks the callback.
  Result numeric(Opcode op) {
    TRY(opcode(op));
    if (op.GetParamType3() != Type::Void) return delegate_.OnTernaryExpr(op);
    if (op.GetParamType2() != Type::Void) return delegate_.OnBinaryExpr(op);
    return delegate_.OnUnaryExpr(op);
  }

  // The callback of an instruction without immediates.
  using BareCallback = Result (wabt::BinaryReaderDelegate::*)();
  static BareCallback bare_callback(uint8_t byte) {
    switch (byte) {
      case 0x00:
        return &wabt::BinaryReaderDelegate::OnUnreachableExpr;
      case 0x01:
        return &wabt::BinaryReaderDelegate::OnNopExpr;
      case 0x05:
        return &wabt::BinaryReaderDelegate::OnElseExpr;
      case 0x0f:
        return &wabt::BinaryReaderDelegate::OnReturnExpr;
      case 0x19:
        return &wabt::BinaryReaderDelegate::OnCatchAllExpr;
      case 0x1a:
        return &wabt::BinaryReaderDelegate::OnDropExpr;
      default:  // 0xd1
        return &wabt::BinaryReaderDelegate::OnRefIsNullExpr;
    }
  }

  Result indexed(uint8_t byte, Index index) {
    switch (byte) {
      case 0x07:
        return delegate_.OnCatchExpr(index);
      case 0x08:
        return delegate_.OnThrowExpr(index);
      case 0x09:
        return delegate_.OnRethrowExpr(index);
      case 0x0c:
        return delegate_.OnBrExpr(index);
      case 0x0d:
        return delegate_.OnBrIfExpr(index);
      case 0x10:
        return delegate_.OnCallExpr(index);
      case 0x12:
        return delegate_.OnReturnCallExpr(index);
      case 0x20:
        return delegate_.OnLocalGetExpr(index);
      case 0x21:
        return delegate_.OnLocalSetExpr(index);
      case 0x22:
        return delegate_.OnLocalTeeExpr(index);
      case 0x23:
        return delegate_.OnGlobalGetExpr(index);
      case 0x24:
        return delegate_.OnGlobalSetExpr(index);
      case 0x25:
        return delegate_.OnTableGetExpr(index);
      case 0x26:
        return delegate_.OnTableSetExpr(index);
      default:  // 0xd2
        return delegate_.OnRefFuncExpr(index);
    }
  }

  // A try_table's clauses: a count, then each clause's kind byte, its tag (catch, catch_ref) and
  // its label.
  Result catch_clauses() {
    uint32_t count = 0;
    TRY(u32(&count));
    if (count > end_ - p_) return fail(kUnexpectedEnd);  // each clause takes two bytes at least
    catches_.resize(count);
    for (CatchClause& c : catches_) {
      uint8_t kind = 0;
      TRY(fixed(&kind, 1));
      if (kind > 3) return fail_at(p_ - 1, "malformed catch clause");
      c.kind = static_cast<CatchClause::Kind>(kind);
      c.tag = 0;
      if (c.has_tag()) TRY(u32(&c.tag));
      TRY(u32(&c.label));
    }
    return Result::Ok;
  }

  // The instruction's callbacks see the offset after its immediates, as with wabt's reader.
  Result opcode(Opcode op) {
    state_.offset = p_;
    return delegate_.OnOpcode(op);
  }

  Result needs_data_count(const char* what) {
    if (options_.has_data_count) return Result::Ok;
    return fail(std::string(what) + " requires data count section");
  }

  // Decoding ---------------------------------------------------------------------------------
  Result fail(std::string message) { return fail_at(p_, std::move(message)); }
  Result fail_at(size_t at, std::string message) {
    state_.offset = at;
    delegate_.OnError(wabt::Error(wabt::ErrorLevel::Error, wabt::Location(at), message));
    return Result::Error;
  }

  // An unsigned or signed LEB128 of `bits` bits (leb128.h).
  template <class T>
  Result leb(T* out, unsigned bits, bool is_signed) {
    uint64_t value = 0;
    const LebError e = read_leb(data_, p_, end_, bits, is_signed, &value);
    if (e != LebError::None) return fail(leb_message(e, kUnexpectedEnd));
    *out = static_cast<T>(value);
    return Result::Ok;
  }
  Result u32(uint32_t* out) { return leb(out, 32, false); }
  Result s32(int32_t* out) { return leb(out, 32, true); }
  Result s64(int64_t* out) { return leb(out, 64, true); }

  template <class T>
  Result fixed(T* out, size_t n) {
    if (end_ - p_ < n) return fail(kUnexpectedEnd);
    std::memcpy(out, data_ + p_, n);
    p_ += n;
    return Result::Ok;
  }

  Result zero_byte() {
    uint8_t b = 0;
    TRY(fixed(&b, 1));
    return b == 0 ? Result(Result::Ok) : fail("zero byte expected");
  }
  // A memory index: with multi-memory an index, else the reserved zero byte (as wabt reads it).
  Result memory_index(Index* out) {
    *out = 0;
    return options_.features->multi_memory_enabled() ? u32(out) : zero_byte();
  }
  // A memarg: alignment (bit 6 announces a memory index, with multi-memory), then the offset
  // (64 bits with memory64; validation checks it against the memory's index type).
  struct MemArg {
    uint32_t align = 0;
    Index memory = 0;
    uint64_t offset = 0;
  };
  Result memarg(MemArg* out) {
    TRY(u32(&out->align));
    if (options_.features->multi_memory_enabled() && (out->align & 0x40)) {
      out->align &= ~uint32_t{0x40};
      TRY(u32(&out->memory));
    }
    if (options_.features->memory64_enabled()) return leb(&out->offset, 64, false);
    uint32_t offset = 0;
    TRY(u32(&offset));
    out->offset = offset;
    return Result::Ok;
  }

  // Value types: numbers, v128 and the three reference types (wabt's codes are the bytes'
  // negative seven-bit values; exnref, 0x69, is wabt_types.h's kWabtExnRef).
  Result val_type(Type* out) { return type_byte(out, value_type_of_byte, "malformed value type"); }
  Result ref_type(Type* out) {
    return type_byte(out, ref_type_of_byte, "malformed reference type");
  }
  Result type_byte(Type* out, std::optional<Type> (*decode)(uint8_t), const char* malformed) {
    uint8_t b = 0;
    TRY(fixed(&b, 1));
    const std::optional<Type> type = decode(b);
    if (!type) return fail(malformed);
    *out = *type;
    return Result::Ok;
  }
  // A block type: 0x40 (none), a value type, or a type index as a positive s33.
  Result block_type(Type* out) {
    if (p_ < end_ && data_[p_] == 0x40) {
      ++p_;
      *out = Type(Type::Void);
      return Result::Ok;
    }
    if (p_ < end_ && (data_[p_] & 0xc0) == 0x40) return val_type(out);  // one-byte negative
    int64_t index = 0;
    TRY(leb(&index, 33, true));
    if (index < 0 || index > 0x7fffffff) return fail("malformed block type");
    *out = Type(static_cast<int32_t>(index));
    return Result::Ok;
  }
#undef TRY

  const uint8_t* data_;
  size_t p_;
  const size_t end_;
  wabt::BinaryReaderDelegate& delegate_;
  BodyDelegate* const standard_eh_;  // the delegate, if it takes try_table and throw_ref
  const BodyReadOptions& options_;
  wabt::BinaryReaderDelegate::State state_;
  std::vector<Index> targets_;
  std::vector<Type> types_;
  std::vector<CatchClause> catches_;
};

}  // namespace

wabt::Result read_function_body(std::span<const uint8_t> module, size_t begin, size_t end,
                                uint32_t func_index, wabt::BinaryReaderDelegate& delegate,
                                const BodyReadOptions& options) {
  // A body whose declared size runs past the module (a truncated binary) ends where the bytes do:
  // the decoder then stops at "unexpected end" instead of reading beyond them.
  end = std::min(end, module.size());
  begin = std::min(begin, end);
  return BodyReader(module, begin, end, delegate, options).read(func_index);
}

}  // namespace wask::interp
