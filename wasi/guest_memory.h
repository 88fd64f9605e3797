// Bounds-checked access to a guest's linear memory. Every pointer+length a guest passes is checked
// here in 64-bit arithmetic, so a bad one is EFAULT and never an out-of-bounds host access. The
// memory span is re-read from the engine on every access, so a grown memory is always seen.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <variant>

#include "interp/engine.h"
#include "wasi/abi.h"

namespace wask::wasi {

// A value or an errno.
template <class T>
class Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}
  Expected(Errno e) : v_(e) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  Errno error() const { return ok() ? Errno::Success : std::get<1>(v_); }
  T& operator*() { return std::get<0>(v_); }
  const T& operator*() const { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }

 private:
  std::variant<T, Errno> v_;
};

// A typed guest address: only GuestMemory can turn it into bytes.
template <class T>
struct GuestPtr {
  uint32_t addr = 0;
  GuestPtr<T> operator+(uint32_t n) const { return {uint32_t(addr + uint64_t(n) * sizeof(T))}; }
};

class GuestMemory {
 public:
  explicit GuestMemory(const interp::HostCall& call) : call_(&call) {}
  explicit GuestMemory(std::span<uint8_t> fixed) : fixed_(fixed) {}

  std::span<uint8_t> bytes() const { return call_ ? call_->memory() : fixed_; }

  bool in_bounds(uint64_t addr, uint64_t len) const { return addr + len <= bytes().size(); }

  // The guest bytes [addr, addr+len), or EFAULT.
  Expected<std::span<uint8_t>> slice(uint32_t addr, uint64_t len) const {
    auto mem = bytes();
    if (uint64_t{addr} + len > mem.size()) return Errno::Fault;
    return mem.subspan(addr, len);
  }
  // Array of `count` records of T at `ptr`, or EFAULT (count * sizeof(T) in 64 bits).
  template <class T>
  Expected<std::span<uint8_t>> array(GuestPtr<T> ptr, uint64_t count) const {
    if (count > bytes().size() / sizeof(T)) return Errno::Fault;  // and count * sizeof(T) fits
    return slice(ptr.addr, count * sizeof(T));
  }

  template <class T>
  Expected<T> read(GuestPtr<T> ptr) const {
    static_assert(std::is_trivially_copyable_v<T>);
    auto s = slice(ptr.addr, sizeof(T));
    if (!s) return s.error();
    T value;
    std::memcpy(&value, s->data(), sizeof(T));
    return value;
  }
  template <class T>
  Errno write(GuestPtr<T> ptr, const T& value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    auto s = slice(ptr.addr, sizeof(T));
    if (!s) return s.error();
    std::memcpy(s->data(), &value, sizeof(T));
    return Errno::Success;
  }
  Errno write_bytes(uint32_t addr, std::span<const uint8_t> data) const {
    auto s = slice(addr, data.size());
    if (!s) return s.error();
    if (!data.empty()) std::memcpy(s->data(), data.data(), data.size());
    return Errno::Success;
  }

 private:
  const interp::HostCall* call_ = nullptr;
  std::span<uint8_t> fixed_;
};

}  // namespace wask::wasi
