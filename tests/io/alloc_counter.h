// The peak of host heap bytes live during a call, for tests of bounded host memory. Include it in
// exactly one file of a test executable: it replaces the global operator new and delete.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace alloc_counter {
inline std::atomic<bool> counting{false};
inline std::atomic<int64_t> live{0}, peak{0};
constexpr size_t kHeader = 16;  // keeps the caller's alignment

template <class F>
int64_t peak_bytes(F call) {
  live = 0;
  peak = 0;
  counting = true;
  call();
  counting = false;
  return peak.load();
}
}  // namespace alloc_counter

void* operator new(size_t n) {
  void* p = std::malloc(n + alloc_counter::kHeader);
  if (!p) throw std::bad_alloc();
  *static_cast<size_t*>(p) = n;
  if (alloc_counter::counting) {
    int64_t now = alloc_counter::live += int64_t(n);
    for (int64_t seen = alloc_counter::peak;
         now > seen && !alloc_counter::peak.compare_exchange_weak(seen, now);) {
    }
  }
  return static_cast<char*>(p) + alloc_counter::kHeader;
}
void operator delete(void* p) noexcept {
  if (!p) return;
  void* base = static_cast<char*>(p) - alloc_counter::kHeader;
  if (alloc_counter::counting) alloc_counter::live -= int64_t(*static_cast<size_t*>(base));
  std::free(base);
}
void operator delete(void* p, size_t) noexcept { operator delete(p); }
