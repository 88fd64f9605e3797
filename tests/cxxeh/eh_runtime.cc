// A small C++ exception runtime (Itanium C++ ABI over WebAssembly exception handling) for guests
// built by npm @yowasp/clang: its sysroot has libc++abi built without exceptions (no __cxa_throw,
// no personality) and no libunwind, so this file supplies exactly what clang's -fwasm-exceptions
// code calls: allocation, throw, catch, rethrow, the personality routine that reads the LSDA, and
// exception_ptr. One-phase unwinding is the engine's: `throw` (tag __cpp_exception, payload the
// exception header) unwinds to the nearest wasm `catch`; the landing pad there asks
// _Unwind_CallPersonality which C++ handler (selector) of that pad, if any, takes it.
// The guest is single-threaded, so the caught-exception stack is one plain variable.
#include <cxxabi.h>
#include <unwind.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <typeinfo>

namespace {

using Destructor = void* (*)(void*);

// What generated code and the personality routine share: WasmEHPrepare writes the landing pad's
// index and its function's LSDA, the personality writes the selector (the matched type's index).
struct LandingPadContext {
  uintptr_t lpad_index;
  uintptr_t lsda;
  uintptr_t selector;
};

constexpr size_t kObjectAlign = 16;  // the object after a header is aligned as operator new's

}  // namespace

// The header before every thrown object (and the whole of a rethrow_exception copy); cxxabi.h
// names it in __cxa_init_primary_exception, and only this file looks inside.
namespace __cxxabiv1 {
struct __cxa_exception {
  std::type_info* type;
  Destructor destructor;
  __cxa_exception* next_caught;
  int handlers;              // catch clauses holding it now; negative while it is rethrown
  void* adjusted;            // the object as the matched handler sees it
  __cxa_exception* primary;  // a rethrow_exception copy: the exception it stands for
  size_t refs;               // owners: the throw (until its last handler ends), exception_ptrs
};
}  // namespace __cxxabiv1

namespace {
using Header = __cxxabiv1::__cxa_exception;

struct Globals {
  Header* caught = nullptr;  // the innermost handled exception first
  unsigned uncaught = 0;     // thrown and not yet caught (std::uncaught_exceptions)
};
Globals globals;

constexpr size_t kHeaderSize = (sizeof(Header) + kObjectAlign - 1) / kObjectAlign * kObjectAlign;

char* object_of(Header* h) {
  if (h->primary) return object_of(h->primary);
  return reinterpret_cast<char*>(h) + kHeaderSize;
}
Header* header_of(void* object) {
  return reinterpret_cast<Header*>(static_cast<char*>(object) - kHeaderSize);
}

void release(Header* h) {
  if (--h->refs != 0) return;
  if (h->primary) {
    release(h->primary);
  } else if (h->destructor) {
    h->destructor(object_of(h));
  }
  std::free(h);
}

[[noreturn]] void raise(Header* h) {
  ++globals.uncaught;
  __builtin_wasm_throw(0, h);
}

// ---- reading the LSDA (DWARF pointer encodings, LEB128) ----
// An LEB128 number's bits, how many it has, and whether its top one (the sign) is set.
struct Leb {
  uintptr_t bits = 0;
  unsigned width = 0;
  bool top = false;
};
Leb read_leb(const uint8_t*& p) {
  Leb n;
  uint8_t byte;
  do {
    byte = *p++;
    n.bits |= uintptr_t(byte & 0x7f) << n.width;
    n.width += 7;
  } while (byte & 0x80);
  n.top = byte & 0x40;
  return n;
}
uintptr_t read_uleb(const uint8_t*& p) { return read_leb(p).bits; }
intptr_t read_sleb(const uint8_t*& p) {
  Leb n = read_leb(p);
  if (n.top && n.width < 8 * sizeof(n.bits)) n.bits |= ~uintptr_t(0) << n.width;
  return static_cast<intptr_t>(n.bits);
}

constexpr uint8_t kOmit = 0xff;
// A DWARF pointer format (the encoding's low nibble): bit 3 signed, bits 0-2 the size: 0 a
// pointer, 1 LEB128, 2/3/4 two, four, eight bytes.
size_t fixed_size(uint8_t encoding) {
  switch (encoding & 0x07) {
    case 0:
      return sizeof(uintptr_t);
    case 2:
      return 2;
    case 3:
      return 4;
    case 4:
      return 8;
    default:
      return 0;
  }
}
uintptr_t read_encoded(const uint8_t*& p, uint8_t encoding) {
  const uint8_t* start = p;
  const bool is_signed = encoding & 0x08;
  uintptr_t v;
  if ((encoding & 0x07) == 1) {
    v = is_signed ? static_cast<uintptr_t>(read_sleb(p)) : read_uleb(p);
  } else if (size_t size = fixed_size(encoding)) {
    uint64_t bits = 0;
    std::memcpy(&bits, p, size);  // little-endian, as wasm is
    p += size;
    if (is_signed && size < 8 && (bits >> (8 * size - 1)) & 1) bits |= ~uint64_t(0) << (8 * size);
    v = static_cast<uintptr_t>(bits);
  } else {
    std::abort();  // not a format the LSDA uses
  }
  if (v != 0 && (encoding & 0x70) == 0x10) v += reinterpret_cast<uintptr_t>(start);  // pcrel
  if (v != 0 && (encoding & 0x80)) v = *reinterpret_cast<const uintptr_t*>(v);       // indirect
  return v;
}

// ---- matching a thrown type against a handler's type (Itanium ABI 2.9.5 type_info layouts) ----
struct SiClassInfo : std::type_info {
  const std::type_info* base;
};
struct BaseClass {
  const std::type_info* type;
  long offset_flags;  // offset << 8 | virtual 1 | public 2
};
struct VmiClassInfo : std::type_info {
  unsigned flags;
  unsigned base_count;
  BaseClass bases[1];
};
struct PointerInfo : std::type_info {
  unsigned flags;  // const 1, volatile 2, restrict 4, ...
  const std::type_info* pointee;
};

// The mangled names of the type_info classes that tell a type's kind.
constexpr const char* kSiClass = "N10__cxxabiv120__si_class_type_infoE";
constexpr const char* kVmiClass = "N10__cxxabiv121__vmi_class_type_infoE";
constexpr const char* kPointer = "N10__cxxabiv119__pointer_type_infoE";
constexpr const char* kFunction = "N10__cxxabiv123__function_type_infoE";

bool is(const std::type_info* t, const char* cxxabi_class) {
  return std::strcmp(typeid(*t).name(), cxxabi_class) == 0;
}

// A public base (or the class itself) of `derived` of type `wanted`: the object's address as that
// base, found depth first (the first match; an ambiguous base is not diagnosed).
bool find_base(const std::type_info* derived, const std::type_info* wanted, char* object,
               char** found) {
  if (*derived == *wanted) {
    *found = object;
    return true;
  }
  if (is(derived, kSiClass))
    return find_base(static_cast<const SiClassInfo*>(derived)->base, wanted, object, found);
  if (!is(derived, kVmiClass)) return false;
  auto* vmi = static_cast<const VmiClassInfo*>(derived);
  for (unsigned i = 0; i < vmi->base_count; ++i) {
    const BaseClass& b = vmi->bases[i];
    if (!(b.offset_flags & 2)) continue;
    long offset = b.offset_flags >> 8;
    if (object && (b.offset_flags & 1)) {  // a virtual base: its offset is in the vtable
      const char* vtable = *reinterpret_cast<char**>(object);
      offset = *reinterpret_cast<const long*>(vtable + offset);
    }
    if (find_base(b.type, wanted, object ? object + offset : nullptr, found)) return true;
  }
  return false;
}

// Whether a handler for `handler` catches an object of type `thrown` at `object`; `*adjusted` is
// then what __cxa_begin_catch gives the handler (a pointer handler gets the pointer's value).
bool catches(const std::type_info* handler, const std::type_info* thrown, char* object,
             void** adjusted) {
  if (!handler || *handler == *thrown) {
    *adjusted = handler && is(handler, kPointer) ? *reinterpret_cast<void**>(object) : object;
    return true;
  }
  if (is(handler, kPointer) && is(thrown, kPointer)) {
    auto* h = static_cast<const PointerInfo*>(handler);
    auto* t = static_cast<const PointerInfo*>(thrown);
    if (t->flags & ~h->flags) return false;  // a handler may add cv-qualifiers, never drop them
    char* pointer = *reinterpret_cast<char**>(object);
    if (*h->pointee == typeid(void)) {
      *adjusted = pointer;
      return !is(t->pointee, kFunction);
    }
    char* base = nullptr;
    if (!find_base(t->pointee, h->pointee, pointer, &base)) return false;
    *adjusted = base;
    return true;
  }
  char* base = nullptr;
  if (!find_base(thrown, handler, object, &base)) return false;
  *adjusted = base;
  return true;
}

}  // namespace

// The tag every C++ exception is thrown with (payload: the header); the compiler refers to it by
// this name, and a module must define it exactly once.
__asm__(".globl __cpp_exception\n.tagtype __cpp_exception i32\n__cpp_exception:\n");

extern "C" {
// The compiler-generated landing pads write and read this (thread_local as libunwind declares it).
thread_local LandingPadContext __wasm_lpad_context;

// Called by every landing pad with a typed handler: sets __wasm_lpad_context.selector to the
// type-table index of the handler that takes the exception, or 0 (the pad rethrows it).
_Unwind_Reason_Code _Unwind_CallPersonality(void* exception) {
  LandingPadContext& pad = __wasm_lpad_context;
  pad.selector = 0;
  auto* h = static_cast<Header*>(exception);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(pad.lsda);
  if (!p) return _URC_CONTINUE_UNWIND;
  uint8_t lp_start_encoding = *p++;
  if (lp_start_encoding != kOmit) read_encoded(p, lp_start_encoding);
  uint8_t type_encoding = *p++;
  const uint8_t* types = nullptr;  // the type table ends here; entry i is at types - i * size
  if (type_encoding != kOmit) {
    uintptr_t offset = read_uleb(p);
    types = p + offset;
  }
  ++p;  // the call-site encoding: wasm's table is always uleb128 (landing pad, action) pairs
  uintptr_t table_length = read_uleb(p);
  const uint8_t* actions = p + table_length;
  uintptr_t action = 0;
  bool found = false;
  for (uintptr_t i = 0; p < actions; ++i) {
    read_uleb(p);  // the landing pad: wasm's pads are found by the engine, not by address
    uintptr_t a = read_uleb(p);
    if (i == pad.lpad_index) {
      action = a;
      found = true;
      break;
    }
  }
  if (!found) std::terminate();                  // a pad the LSDA does not describe
  if (action == 0) return _URC_CONTINUE_UNWIND;  // a cleanup only
  const uint8_t* record = actions + action - 1;
  for (;;) {
    intptr_t filter = read_sleb(record);
    const uint8_t* next_field = record;
    intptr_t next = read_sleb(record);
    if (filter > 0) {
      // The type table's entries have a fixed size.
      const uint8_t* entry = types - uintptr_t(filter) * fixed_size(type_encoding);
      auto* handler = reinterpret_cast<const std::type_info*>(read_encoded(entry, type_encoding));
      void* adjusted = nullptr;
      if (catches(handler, h->type, object_of(h), &adjusted)) {
        h->adjusted = adjusted;
        pad.selector = uintptr_t(filter);
        return _URC_HANDLER_FOUND;
      }
    } else if (filter < 0) {
      std::terminate();  // dynamic exception specifications do not exist since C++17
    }
    if (next == 0) return _URC_CONTINUE_UNWIND;
    record = next_field + next;
  }
}
}  // extern "C"

namespace __cxxabiv1 {
extern "C" {

void* __cxa_allocate_exception(size_t size) noexcept {
  void* block = std::aligned_alloc(
      kObjectAlign, kHeaderSize + (size + kObjectAlign - 1) / kObjectAlign * kObjectAlign);
  if (!block) std::terminate();
  std::memset(block, 0, kHeaderSize + size);
  return static_cast<char*>(block) + kHeaderSize;
}

void __cxa_free_exception(void* object) noexcept { std::free(header_of(object)); }

__cxa_exception* __cxa_init_primary_exception(void* object, std::type_info* type,
                                              Destructor destructor) noexcept {
  Header* h = header_of(object);
  h->type = type;
  h->destructor = destructor;
  h->refs = 0;
  return h;
}

void __cxa_throw(void* object, std::type_info* type, Destructor destructor) {
  Header* h = __cxa_init_primary_exception(object, type, destructor);
  h->refs = 1;
  raise(h);
}

void* __cxa_get_exception_ptr(void* exception) noexcept {
  return static_cast<Header*>(exception)->adjusted;
}

void* __cxa_begin_catch(void* exception) noexcept {
  auto* h = static_cast<Header*>(exception);
  h->handlers = (h->handlers < 0 ? -h->handlers : h->handlers) + 1;
  if (h != globals.caught) {
    h->next_caught = globals.caught;
    globals.caught = h;
  }
  --globals.uncaught;
  return h->adjusted;
}

void __cxa_end_catch() {
  Header* h = globals.caught;
  if (!h) return;
  if (h->handlers < 0) {  // rethrown: it lives on, in flight
    if (++h->handlers == 0) globals.caught = h->next_caught;
    return;
  }
  if (--h->handlers == 0) {
    globals.caught = h->next_caught;
    release(h);
  }
}

void __cxa_rethrow() {
  Header* h = globals.caught;
  if (!h) std::terminate();  // `throw;` outside a handler
  h->handlers = -h->handlers;
  raise(h);
}

std::type_info* __cxa_current_exception_type() {
  return globals.caught ? globals.caught->type : nullptr;
}

unsigned int __cxa_uncaught_exceptions() noexcept { return globals.uncaught; }
bool __cxa_uncaught_exception() noexcept { return globals.uncaught != 0; }

// exception_ptr: a pointer to the primary exception's object, counted in `refs`.
void* __cxa_current_primary_exception() noexcept {
  Header* h = globals.caught;
  if (!h) return nullptr;
  while (h->primary) h = h->primary;
  ++h->refs;
  return object_of(h);
}
void __cxa_increment_exception_refcount(void* object) noexcept {
  if (object) ++header_of(object)->refs;
}
void __cxa_decrement_exception_refcount(void* object) noexcept {
  if (object) release(header_of(object));
}
void __cxa_rethrow_primary_exception(void* object) {
  if (!object) return;
  Header* primary = header_of(object);
  auto* copy = static_cast<Header*>(std::calloc(1, sizeof(Header)));
  if (!copy) std::terminate();
  copy->type = primary->type;
  copy->primary = primary;
  copy->refs = 1;
  ++primary->refs;
  raise(copy);
}

}  // extern "C"
}  // namespace __cxxabiv1
