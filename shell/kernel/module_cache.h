// Translated modules cached by content hash (SHA-256 of the bytes, and their size on a hit) for
// the life of the object, shared by every kernel (VM) that is handed the same cache. Thread-safe:
// concurrent loads of the same bytes decode, validate and translate once; the others wait for it.
// Failed loads are cached too, so a broken file costs one attempt per distinct content.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>

#include "interp/engine.h"

namespace wask::shell {

using Sha256 = std::array<uint8_t, 32>;
Sha256 sha256(std::span<const uint8_t> bytes);
std::string to_hex(const Sha256& digest);

class ModuleCache {
 public:
  struct Stats {
    uint64_t translations = 0;  // Module::load calls made (one per distinct content)
    uint64_t hits = 0;          // lookups answered from the cache (or by waiting for a load)
  };

  // The module for `bytes` (loaded with `name` for backtraces the first time), or its load error.
  interp::LoadResult load(std::span<const uint8_t> bytes, const std::string& name);
  Stats stats() const;
  size_t size() const;  // distinct contents held

 private:
  struct Entry;
  struct KeyHash {
    size_t operator()(const Sha256& k) const;
  };
  mutable std::mutex mu_;
  std::unordered_map<Sha256, std::shared_ptr<Entry>, KeyHash> entries_;
  Stats stats_;
};

}  // namespace wask::shell
