// The section decoder (module_reader.h). The format and the error words follow the spec's binary
// format (and its reference interpreter's messages); which callback an item gets follows wabt's
// BinaryReader, whose delegate the Loader is.
#include "interp/module_reader.h"

#include <wabt/opcode.h>

#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interp/body_reader.h"
#include "interp/leb128.h"
#include "interp/wabt_types.h"

namespace wask::interp {

namespace {

using wabt::Index;
using wabt::Opcode;
using wabt::Result;
using wabt::Type;

// Section ids and their place in the spec's order (DataCount sits between Element and Code).
constexpr uint8_t kCustom = 0, kType = 1, kImport = 2, kFunction = 3, kTable = 4, kMemory = 5,
                  kGlobal = 6, kExport = 7, kStart = 8, kElem = 9, kCode = 10, kData = 11,
                  kDataCount = 12, kTag = 13;
constexpr int kSectionRank[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};

// Whether [s, s + n) is well-formed UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool valid_utf8(const uint8_t* s, size_t n) {
  size_t i = 0;
  while (i < n) {
    const uint8_t b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0, min = 0;
    if ((b & 0xe0) == 0xc0) {
      len = 2, cp = b & 0x1f, min = 0x80;
    } else if ((b & 0xf0) == 0xe0) {
      len = 3, cp = b & 0x0f, min = 0x800;
    } else if ((b & 0xf8) == 0xf0) {
      len = 4, cp = b & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

// Whether an opcode byte (with its prefix's code) is an instruction at all.
bool is_instruction(uint8_t byte, uint32_t code, const wabt::Features& features) {
  const Opcode op = (byte == 0xfc || byte == 0xfd || byte == 0xfe) ? Opcode::FromCode(byte, code)
                                                                   : Opcode::FromCode(byte);
  return !op.IsInvalid() && op.IsEnabled(features);
}

class ModuleReader {
 public:
  ModuleReader(std::span<const uint8_t> bytes, wabt::BinaryReaderDelegate& delegate,
               const ModuleReadOptions& options)
      : data_(bytes.data()),
        size_(bytes.size()),
        end_(bytes.size()),
        delegate_(delegate),
        options_(options),
        features_(*options.features),
        state_(bytes.data(), bytes.size()) {}

  ReadStatus read() {
    delegate_.OnSetState(&state_);
    module();
    return status_;
  }

 private:
  // Each step: true, or stop (status_ says why; the error has been reported).
#define TRY(expr) \
  if (!(expr)) return false

  bool module() {
    uint32_t magic = 0, version = 0;
    TRY(fixed(&magic, 4, kUnexpectedEnd));
    if (std::memcmp(&magic, "\0asm", 4) != 0) return fail_at(0, "magic header not detected");
    TRY(fixed(&version, 4, kUnexpectedEnd));
    if (std::memcmp(&version, "\1\0\0\0", 4) != 0) return fail_at(4, "unknown binary version");
    TRY(call(delegate_.BeginModule(1)));
    int last_rank = 0;
    Index section_index = 0;
    while (p_ < size_) {
      const size_t at = p_;
      const uint8_t id = data_[p_++];
      if (id > kTag) return fail_at(at, "malformed section id");
      uint32_t size = 0;
      TRY(u32(&size, kUnexpectedEnd));
      if (size > size_ - p_) return fail(kEndOfSection);
      if (id != kCustom) {
        if (kSectionRank[id] <= last_rank)
          return fail_at(at,
                         "unexpected content after last section (section out of order or "
                         "repeated)");
        last_rank = kSectionRank[id];
      }
      end_ = p_ + size;
      state_.offset = p_;
      TRY(call(
          delegate_.BeginSection(section_index++, static_cast<wabt::BinarySection>(id), size)));
      TRY(section(id));
      if (p_ != end_) return fail("section size mismatch");
      end_ = size_;
    }
    if (num_functions_ != 0 && !seen_code_)
      return fail("function and code section have inconsistent lengths");
    if (data_count_ && *data_count_ != 0 && !seen_data_)
      return fail("data count and data section have inconsistent lengths");
    state_.offset = p_;
    return call(delegate_.EndModule());
  }

  bool section(uint8_t id) {
    switch (id) {
      case kCustom:
        return custom_section();
      case kType:
        return type_section();
      case kImport:
        return import_section();
      case kFunction:
        return function_section();
      case kTable:
        return items([&](Index i) { return table(i); });
      case kMemory:
        return items([&](Index i) { return memory(i); });
      case kTag:
        return items([&](Index i) {
          Index sig = 0;
          TRY(tag_type(&sig));
          return call(delegate_.OnTagType(num_tag_imports_ + i, sig));
        });
      case kGlobal:
        return items([&](Index i) { return global(i); });
      case kExport:
        return items([&](Index i) { return export_entry(i); });
      case kStart: {
        Index func = 0;
        TRY(u32(&func));
        return call(delegate_.OnStartFunction(func));
      }
      case kElem:
        return items([&](Index i) { return elem_segment(i); });
      case kDataCount: {
        Index count = 0;
        TRY(u32(&count));
        data_count_ = count;
        return call(delegate_.OnDataCount(count));
      }
      case kCode:
        return code_section();
      case kData:
        return data_section();
      default:
        return fail("malformed section id");
    }
  }

  // A vector of items (the count first).
  template <class F>
  bool items(F&& item, Index* count_out = nullptr) {
    Index count = 0;
    TRY(count_of(&count));
    if (count_out) *count_out = count;
    for (Index i = 0; i < count; ++i) TRY(item(i));
    return true;
  }

  // Sections -------------------------------------------------------------------------------
  bool custom_section() {
    std::string_view name;
    TRY(name_of(&name));
    state_.offset = p_;
    TRY(call(delegate_.BeginCustomSection(0, end_ - p_, name)));
    if (name == "name" && options_.read_names) names(p_, end_);
    p_ = end_;  // the spec ignores what a custom section holds
    return call(delegate_.EndCustomSection());
  }

  bool type_section() {
    return items([&](Index i) {
      const size_t at = p_;
      uint8_t form = 0;
      TRY(byte(&form));
      if (form & 0x80) return fail_at(at, kTooLong);
      if (form != 0x60) return fail_at(at, "malformed functype");
      TRY(val_types(&params_));
      TRY(val_types(&results_));
      state_.offset = p_;
      return call(delegate_.OnFuncType(i, static_cast<Index>(params_.size()), params_.data(),
                                       static_cast<Index>(results_.size()), results_.data()));
    });
  }

  bool import_section() {
    return items([&](Index i) {
      std::string_view module, field;
      TRY(name_of(&module));
      TRY(name_of(&field));
      const size_t at = p_;
      uint8_t kind = 0;
      TRY(byte(&kind));
      switch (kind) {
        case 0: {
          Index sig = 0;
          TRY(u32(&sig));
          state_.offset = p_;
          return call(delegate_.OnImportFunc(i, module, field, num_function_imports_++, sig));
        }
        case 1: {
          Type elem;
          wabt::Limits limits;
          TRY(table_type(&elem, &limits));
          state_.offset = p_;
          return call(
              delegate_.OnImportTable(i, module, field, num_table_imports_++, elem, &limits));
        }
        case 2: {
          wabt::Limits limits;
          TRY(limits_of(&limits));
          state_.offset = p_;
          return call(delegate_.OnImportMemory(i, module, field, num_memory_imports_++, &limits));
        }
        case 3: {
          Type type;
          bool mutable_ = false;
          TRY(global_type(&type, &mutable_));
          state_.offset = p_;
          return call(
              delegate_.OnImportGlobal(i, module, field, num_global_imports_++, type, mutable_));
        }
        case 4: {
          Index sig = 0;
          TRY(tag_type(&sig));
          state_.offset = p_;
          return call(delegate_.OnImportTag(i, module, field, num_tag_imports_++, sig));
        }
        default:
          return fail_at(at, "malformed import kind");
      }
    });
  }

  bool function_section() {
    return items(
        [&](Index i) {
          Index sig = 0;
          TRY(u32(&sig));
          state_.offset = p_;
          return call(delegate_.OnFunction(num_function_imports_ + i, sig));
        },
        &num_functions_);
  }

  bool table(Index i) {
    Type elem;
    wabt::Limits limits;
    TRY(table_type(&elem, &limits));
    state_.offset = p_;
    return call(delegate_.OnTable(num_table_imports_ + i, elem, &limits));
  }
  bool memory(Index i) {
    wabt::Limits limits;
    TRY(limits_of(&limits));
    state_.offset = p_;
    return call(delegate_.OnMemory(num_memory_imports_ + i, &limits));
  }

  bool global(Index i) {
    const Index index = num_global_imports_ + i;
    Type type;
    bool mutable_ = false;
    TRY(global_type(&type, &mutable_));
    state_.offset = p_;
    TRY(call(delegate_.BeginGlobal(index, type, mutable_)));
    TRY(call(delegate_.BeginGlobalInitExpr(index)));
    TRY(const_expr());
    TRY(call(delegate_.EndGlobalInitExpr(index)));
    return call(delegate_.EndGlobal(index));
  }

  bool export_entry(Index i) {
    std::string_view name;
    TRY(name_of(&name));
    const size_t at = p_;
    uint8_t kind = 0;
    TRY(byte(&kind));
    if (kind > 4) return fail_at(at, "malformed export kind");
    Index item = 0;
    TRY(u32(&item));
    state_.offset = p_;
    return call(delegate_.OnExport(i, static_cast<wabt::ExternalKind>(kind), item, name));
  }

  // The eight forms: bit 0 passive (or, with bit 1, declarative), bit 1 an explicit table
  // (active) or an element kind/type (passive), bit 2 expressions instead of function indices.
  bool elem_segment(Index i) {
    const size_t at = p_;
    uint32_t flags = 0;
    TRY(u32(&flags));
    if (flags > 7) return fail_at(at, "malformed elements segment kind");
    const bool passive = flags & 1, explicit_ = flags & 2, exprs = flags & 4;
    Index table = 0;
    if (!passive && explicit_) TRY(u32(&table));
    state_.offset = p_;
    TRY(call(delegate_.BeginElemSegment(i, table, static_cast<uint8_t>(flags))));
    if (!passive) {
      TRY(call(delegate_.BeginElemSegmentInitExpr(i)));
      TRY(const_expr());
      TRY(call(delegate_.EndElemSegmentInitExpr(i)));
    }
    Type type = Type::FuncRef;
    if (passive || explicit_) {
      if (exprs) {
        TRY(ref_type(&type));
      } else {
        const size_t kind_at = p_;
        uint8_t kind = 0;
        TRY(byte(&kind));
        if (kind != 0) return fail_at(kind_at, "malformed element kind");
      }
    }
    state_.offset = p_;
    TRY(call(delegate_.OnElemSegmentElemType(i, type)));
    Index count = 0;
    TRY(count_of(&count));
    TRY(call(delegate_.OnElemSegmentElemExprCount(i, count)));
    for (Index k = 0; k < count; ++k) TRY(exprs ? elem_expr(i) : elem_index(i));
    return call(delegate_.EndElemSegment(i));
  }
  bool elem_index(Index segment) {
    Index func = 0;
    TRY(u32(&func));
    state_.offset = p_;
    return call(delegate_.OnElemSegmentElemExpr_RefFunc(segment, func));
  }
  // An element item: ref.null or ref.func, then `end` (wabt's delegate has callbacks for those
  // two only). Another instruction is the spec's type mismatch; a byte that is none, malformed.
  bool elem_expr(Index segment) {
    const size_t at = p_;
    uint8_t op = 0;
    TRY(byte(&op));
    Type type;
    Index func = 0;
    if (op == 0xd0) {
      TRY(ref_type(&type));
    } else if (op == 0xd2) {
      TRY(u32(&func));
    } else {
      return not_constant(at, op, "type mismatch: an element item must be ref.null or ref.func");
    }
    const size_t end_at = p_;
    uint8_t end = 0;
    TRY(byte(&end));
    if (end != 0x0b) return not_constant(end_at, end, "type mismatch: one reference per item");
    state_.offset = p_;
    return call(op == 0xd0 ? delegate_.OnElemSegmentElemExpr_RefNull(segment, type)
                           : delegate_.OnElemSegmentElemExpr_RefFunc(segment, func));
  }

  bool code_section() {
    seen_code_ = true;
    Index count = 0;
    TRY(count_of(&count));
    if (count != num_functions_) return fail("function and code section have inconsistent lengths");
    BodyReadOptions body_options;
    body_options.features = &features_;
    body_options.has_data_count = data_count_.has_value();
    for (Index k = 0; k < count; ++k) {
      uint32_t size = 0;
      TRY(u32(&size));
      if (size > end_ - p_) return fail(kEndOfSection);
      const Index index = num_function_imports_ + k;
      const size_t begin = p_;
      p_ += size;
      if (options_.decode_bodies) {
        if (read_function_body(std::span(data_, size_), begin, p_, index, delegate_,
                               body_options) != Result::Ok) {
          status_ = ReadStatus::Malformed;
          return false;
        }
        continue;
      }
      state_.offset = begin;
      TRY(call(delegate_.BeginFunctionBody(index, size)));
      state_.offset = p_;
      TRY(call(delegate_.EndFunctionBody(index)));
    }
    return true;
  }

  // The three forms: 0 active in memory 0, 1 passive, 2 active with an explicit memory.
  bool data_section() {
    seen_data_ = true;
    Index count = 0;
    TRY(count_of(&count));
    if (data_count_ && *data_count_ != count)
      return fail("data count and data section have inconsistent lengths");
    for (Index i = 0; i < count; ++i) {
      const size_t at = p_;
      uint32_t flags = 0;
      TRY(u32(&flags));
      if (flags > 2) return fail_at(at, "malformed data segment kind");
      Index memory = 0;
      if (flags == 2) TRY(u32(&memory));
      state_.offset = p_;
      TRY(call(delegate_.BeginDataSegment(i, memory, static_cast<uint8_t>(flags))));
      if (flags != 1) {
        TRY(call(delegate_.BeginDataSegmentInitExpr(i)));
        TRY(const_expr());
        TRY(call(delegate_.EndDataSegmentInitExpr(i)));
      }
      uint32_t size = 0;
      TRY(length_of(&size));
      state_.offset = p_;
      TRY(call(delegate_.OnDataSegmentData(i, data_ + p_, size)));
      p_ += size;
      TRY(call(delegate_.EndDataSegment(i)));
    }
    return true;
  }

  // A constant expression, up to and with its `end`: the instructions a constant expression may
  // hold (with extended constant expressions) get their callbacks; any other instruction is a
  // validation error ("constant expression required"), a byte that is none malformed.
  bool const_expr() {
    for (;;) {
      const size_t at = p_;
      uint8_t byte_ = 0;
      TRY(byte(&byte_));
      const Opcode op = Opcode::FromCode(byte_);
      switch (byte_) {
        case 0x0b:
          TRY(opcode(op));
          return call(delegate_.OnEndExpr());
        case 0x23: {
          Index global = 0;
          TRY(u32(&global));
          TRY(opcode(op));
          TRY(call(delegate_.OnGlobalGetExpr(global)));
          break;
        }
        case 0x41: {
          uint64_t v = 0;
          TRY(leb(&v, 32, true));
          TRY(opcode(op));
          TRY(call(delegate_.OnI32ConstExpr(static_cast<uint32_t>(v))));
          break;
        }
        case 0x42: {
          uint64_t v = 0;
          TRY(leb(&v, 64, true));
          TRY(opcode(op));
          TRY(call(delegate_.OnI64ConstExpr(v)));
          break;
        }
        case 0x43: {
          uint32_t bits = 0;
          TRY(fixed(&bits, 4, kEndOfSection));
          TRY(opcode(op));
          TRY(call(delegate_.OnF32ConstExpr(bits)));
          break;
        }
        case 0x44: {
          uint64_t bits = 0;
          TRY(fixed(&bits, 8, kEndOfSection));
          TRY(opcode(op));
          TRY(call(delegate_.OnF64ConstExpr(bits)));
          break;
        }
        case 0xd0: {
          Type type;
          TRY(ref_type(&type));
          TRY(opcode(op));
          TRY(call(delegate_.OnRefNullExpr(type)));
          break;
        }
        case 0xd2: {
          Index func = 0;
          TRY(u32(&func));
          TRY(opcode(op));
          TRY(call(delegate_.OnRefFuncExpr(func)));
          break;
        }
        case 0x6a:  // i32.add
        case 0x6b:  // i32.sub
        case 0x6c:  // i32.mul
        case 0x7c:  // i64.add
        case 0x7d:  // i64.sub
        case 0x7e:  // i64.mul
          TRY(opcode(op));
          TRY(call(delegate_.OnBinaryExpr(op)));
          break;
        case 0xfd: {
          uint32_t code = 0;
          TRY(u32(&code));
          if (code != 12) return not_constant(at, byte_, "constant expression required", code);
          v128 value;
          TRY(fixed(&value, 16, kEndOfSection));
          TRY(opcode(Opcode::FromCode(0xfd, 12)));
          TRY(call(delegate_.OnV128ConstExpr(value)));
          break;
        }
        case 0xfc:
        case 0xfe: {
          uint32_t code = 0;
          TRY(u32(&code));
          return not_constant(at, byte_, "constant expression required", code);
        }
        default:
          return not_constant(at, byte_, "constant expression required");
      }
    }
  }
  // An instruction where decoding wants a constant one: invalid; no instruction: malformed.
  bool not_constant(size_t at, uint8_t byte_, const char* message, uint32_t code = 0) {
    if (!is_instruction(byte_, code, features_)) return fail_at(at, "illegal opcode");
    return report(at, message, ReadStatus::Invalid);
  }
  bool opcode(Opcode op) {
    state_.offset = p_;
    return call(delegate_.OnOpcode(op));
  }

  // The name section (names for backtraces): read whole first, delivered only if well-formed.
  struct Name {
    wabt::NameSectionSubsection kind;
    Index index;
    std::string_view name;
  };
  void names(size_t begin, size_t end) {
    std::vector<Name> found;
    if (!read_names(begin, end, found)) return;
    for (const Name& n : found) {
      if (n.kind == wabt::NameSectionSubsection::Module) {
        delegate_.OnModuleName(n.name);
      } else if (n.kind == wabt::NameSectionSubsection::Function) {
        delegate_.OnFunctionName(n.index, n.name);
      } else {
        delegate_.OnNameEntry(n.kind, n.index, n.name);
      }
    }
  }
  // Without reporting: a broken name section only costs names.
  bool read_names(size_t p, size_t end, std::vector<Name>& out) const {
    // Every read stops at `limit`: the subsection's end inside one, the section's outside.
    auto u32_at = [&](size_t limit, uint32_t* v) {
      uint64_t x = 0;
      if (read_leb(data_, p, limit, 32, false, &x) != LebError::None) return false;
      *v = static_cast<uint32_t>(x);
      return true;
    };
    auto name_at = [&](size_t limit, std::string_view* s) {
      uint32_t n = 0;
      if (!u32_at(limit, &n) || n > limit - p || !valid_utf8(data_ + p, n)) return false;
      *s = std::string_view(reinterpret_cast<const char*>(data_ + p), n);
      p += n;
      return true;
    };
    while (p < end) {
      const uint8_t id = data_[p++];
      uint32_t size = 0;
      if (!u32_at(end, &size) || size > end - p) return false;
      const size_t sub_end = p + size;
      if (id == 0) {
        std::string_view s;
        if (!name_at(sub_end, &s)) return false;
        out.push_back(Name{wabt::NameSectionSubsection::Module, 0, s});
      } else if (id == 1 || id == 10 ||
                 id == 11) {  // functions; tags (wabt's 10, the proposal's 11)
        const auto kind =
            id == 1 ? wabt::NameSectionSubsection::Function : wabt::NameSectionSubsection::Tag;
        uint32_t count = 0;
        if (!u32_at(sub_end, &count) || count > sub_end - p) return false;
        for (uint32_t k = 0; k < count; ++k) {
          uint32_t index = 0;
          std::string_view s;
          if (!u32_at(sub_end, &index) || !name_at(sub_end, &s)) return false;
          out.push_back(Name{kind, index, s});
        }
      }
      if (p > sub_end) return false;
      p = sub_end;
    }
    return true;
  }

  // Types ----------------------------------------------------------------------------------
  // Value types: numbers, v128 and the reference types funcref, externref and exnref (wabt's
  // codes are the bytes' negative seven-bit values; exnref is wabt_types.h's kWabtExnRef).
  bool val_type(Type* out) { return type_byte(out, value_type_of_byte, "malformed value type"); }
  bool type_byte(Type* out, std::optional<Type> (*decode)(uint8_t), const char* malformed) {
    const size_t at = p_;
    uint8_t b = 0;
    TRY(byte(&b));
    const std::optional<Type> type = decode(b);
    if (!type) return fail_at(at, malformed);
    *out = *type;
    return true;
  }
  bool val_types(std::vector<Type>* out) {
    Index count = 0;
    TRY(count_of(&count));
    out->resize(count);
    for (Index k = 0; k < count; ++k) TRY(val_type(&(*out)[k]));
    return true;
  }
  bool ref_type(Type* out) { return type_byte(out, ref_type_of_byte, "malformed reference type"); }
  bool table_type(Type* elem, wabt::Limits* limits) {
    TRY(ref_type(elem));
    return limits_of(limits);
  }
  // Limits: a flags byte (bit 0: a maximum; bit 2: 64-bit, memory64 and table64), then the
  // bounds.
  bool limits_of(wabt::Limits* out) {
    const size_t at = p_;
    uint8_t flags = 0;
    TRY(byte(&flags));
    if (flags & 0x80) return fail_at(at, kTooLong);
    if ((flags & ~0x05) != 0) return fail_at(at, kTooLarge);
    out->has_max = flags & 1;
    out->is_64 = flags & 4;
    const unsigned bits = out->is_64 ? 64 : 32;
    TRY(leb(&out->initial, bits, false));
    if (out->has_max) TRY(leb(&out->max, bits, false));
    return true;
  }
  bool global_type(Type* type, bool* mutable_) {
    TRY(val_type(type));
    const size_t at = p_;
    uint8_t m = 0;
    TRY(byte(&m));
    if (m > 1) return fail_at(at, "malformed mutability");
    *mutable_ = m == 1;
    return true;
  }
  bool tag_type(Index* sig) {
    const size_t at = p_;
    uint8_t attribute = 0;
    TRY(byte(&attribute));
    if (attribute != 0) return fail_at(at, "malformed tag attribute");
    return u32(sig);
  }

  // Bytes ----------------------------------------------------------------------------------
  bool byte(uint8_t* out) {
    if (p_ >= end_) return fail(kEndOfSection);
    *out = data_[p_++];
    return true;
  }
  template <class T>
  bool fixed(T* out, size_t n, const char* unexpected_end) {
    if (end_ - p_ < n) return fail_at(end_, unexpected_end);
    std::memcpy(out, data_ + p_, n);
    p_ += n;
    return true;
  }
  bool leb(uint64_t* out, unsigned bits, bool is_signed,
           const char* unexpected_end = kEndOfSection) {
    const LebError e = read_leb(data_, p_, end_, bits, is_signed, out);
    return e == LebError::None || fail(leb_message(e, unexpected_end));
  }
  bool u32(uint32_t* out, const char* unexpected_end = kEndOfSection) {
    uint64_t v = 0;
    TRY(leb(&v, 32, false, unexpected_end));
    *out = static_cast<uint32_t>(v);
    return true;
  }
  // A vector's length: each item takes at least a byte, so a count beyond the section's end is
  // refused before anything is sized by it.
  bool count_of(Index* out) {
    TRY(u32(out));
    if (*out > size_ - p_) return fail("length out of bounds");
    if (*out > end_ - p_) return fail(kEndOfSection);
    return true;
  }
  // A byte string's length (names, data segments): the bytes must be there.
  bool length_of(uint32_t* out) { return count_of(out); }
  bool name_of(std::string_view* out) {
    uint32_t n = 0;
    TRY(length_of(&n));
    if (!valid_utf8(data_ + p_, n)) return fail("malformed UTF-8 encoding");
    *out = std::string_view(reinterpret_cast<const char*>(data_ + p_), n);
    p_ += n;
    return true;
  }

  // Outcomes -------------------------------------------------------------------------------
  bool fail(const char* message) { return fail_at(p_, message); }
  bool fail_at(size_t at, const char* message) {
    return report(at, message, ReadStatus::Malformed);
  }
  bool report(size_t at, const char* message, ReadStatus status) {
    status_ = status;
    state_.offset = at;
    delegate_.OnError(wabt::Error(wabt::ErrorLevel::Error, wabt::Location(at), message));
    return false;
  }
  bool call(Result r) {
    if (r == Result::Ok) return true;
    status_ = ReadStatus::Stopped;
    return false;
  }
#undef TRY

  const uint8_t* data_;
  size_t p_ = 0;
  const size_t size_;
  size_t end_;  // the current section's end (the module's between sections)
  wabt::BinaryReaderDelegate& delegate_;
  const ModuleReadOptions& options_;
  const wabt::Features& features_;
  wabt::BinaryReaderDelegate::State state_;
  ReadStatus status_ = ReadStatus::Ok;
  Index num_function_imports_ = 0, num_table_imports_ = 0, num_memory_imports_ = 0,
        num_global_imports_ = 0, num_tag_imports_ = 0;
  Index num_functions_ = 0;  // from the Function section
  bool seen_code_ = false, seen_data_ = false;
  std::optional<Index> data_count_;
  std::vector<Type> params_, results_;
};

}  // namespace

ReadStatus read_module(std::span<const uint8_t> bytes, wabt::BinaryReaderDelegate& delegate,
                       const ModuleReadOptions& options) {
  return ModuleReader(bytes, delegate, options).read();
}

}  // namespace wask::interp
