// SHA-256 (FIPS 180-4), with the x86 SHA extensions when the CPU has them (checked at run time)
// and a portable fallback. One implementation for the kernel's in-memory module cache and the
// on-disk one (interp/module_cache_file.h).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace wask::interp {

using Sha256 = std::array<uint8_t, 32>;

Sha256 sha256(std::span<const uint8_t> bytes);
// The portable implementation alone (tests compare the two).
Sha256 sha256_portable(std::span<const uint8_t> bytes);
bool sha256_has_hardware();  // the SHA extensions are used
std::string to_hex(std::span<const uint8_t> bytes);

}  // namespace wask::interp
