// SHA-256 (FIPS 180-4), with the x86 SHA extensions when the CPU has them (checked at run time)
// and a portable fallback. One implementation for the kernel's in-memory module cache and the
// on-disk one (interp/module_cache_file.h).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace wask::interp {

using Sha256 = std::array<uint8_t, 32>;

Sha256 sha256(std::span<const uint8_t> bytes);
// The same digest, calling `hashed` with each `window` bytes (a multiple of 64) once they are
// hashed: a caller can let a file mapping's pages go behind the hash instead of holding them all.
Sha256 sha256(std::span<const uint8_t> bytes, size_t window,
              const std::function<void(std::span<const uint8_t>)>& hashed);
// The portable implementation alone (tests compare the two).
Sha256 sha256_portable(std::span<const uint8_t> bytes);
bool sha256_has_hardware();  // the SHA extensions are used
std::string to_hex(std::span<const uint8_t> bytes);

}  // namespace wask::interp
