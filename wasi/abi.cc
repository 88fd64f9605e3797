#include "wasi/abi.h"

#include <cstdio>
#include <initializer_list>
#include <utility>

namespace wask::wasi {

std::string_view errno_name(Errno e) {
  switch (e) {
#define X(name, value, text) \
  case Errno::name:          \
    return text;
    WASK_WASI_ERRNOS(X)
#undef X
  }
  return "?";
}

namespace {

template <class Int>
std::string join_bits(Int bits, std::initializer_list<std::pair<int, std::string_view>> names) {
  if (bits == 0) return "0";
  std::string out;
  Int known = 0;
  for (auto [bit, name] : names) {
    Int mask = Int(Int{1} << bit);
    known |= mask;
    if (bits & mask) {
      if (!out.empty()) out += '|';
      out += name;
    }
  }
  if (Int rest = bits & ~known) {
    if (!out.empty()) out += '|';
    out += "0x";
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(rest));
    out.append(buf, n);
  }
  return out;
}

}  // namespace

#define WASK_NAME_ROW(bit, name) {bit, #name},
std::string flag_names(Rights r) { return join_bits(r.bits, {WASK_WASI_RIGHTS(WASK_NAME_ROW)}); }
std::string flag_names(FdFlags f) { return join_bits(f.bits, {WASK_WASI_FDFLAGS(WASK_NAME_ROW)}); }
std::string flag_names(OFlags f) { return join_bits(f.bits, {WASK_WASI_OFLAGS(WASK_NAME_ROW)}); }
std::string flag_names(LookupFlags f) {
  return join_bits(f.bits, {WASK_WASI_LOOKUPFLAGS(WASK_NAME_ROW)});
}
std::string flag_names(FstFlags f) {
  return join_bits(f.bits, {WASK_WASI_FSTFLAGS(WASK_NAME_ROW)});
}
std::string flag_names(RiFlags f) { return join_bits(f.bits, {WASK_WASI_RIFLAGS(WASK_NAME_ROW)}); }
std::string flag_names(SiFlags f) { return join_bits(f.bits, {}); }
std::string flag_names(SdFlags f) { return join_bits(f.bits, {WASK_WASI_SDFLAGS(WASK_NAME_ROW)}); }
#undef WASK_NAME_ROW

#define WASK_ENUM_NAME(Type, LIST)      \
  std::string_view enum_name(Type v) {  \
    switch (v) { LIST(WASK_ENUM_CASE) } \
    return "?";                         \
  }
#define WASK_ENUM_CASE(name, value, text) \
  case decltype(v)::name:                 \
    return text;
WASK_ENUM_NAME(Whence, WASK_WASI_WHENCES)
WASK_ENUM_NAME(ClockId, WASK_WASI_CLOCKIDS)
WASK_ENUM_NAME(Advice, WASK_WASI_ADVICES)
WASK_ENUM_NAME(Filetype, WASK_WASI_FILETYPES)
WASK_ENUM_NAME(EventType, WASK_WASI_EVENTTYPES)
#undef WASK_ENUM_CASE
#undef WASK_ENUM_NAME

}  // namespace wask::wasi
