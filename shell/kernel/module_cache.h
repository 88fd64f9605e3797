// Translated modules cached by content hash (SHA-256 of the bytes, and their size on a hit) for
// the life of the object, shared by every kernel (VM) that is handed the same cache. Thread-safe:
// concurrent loads of the same bytes decode, validate and translate once; the others wait for it.
// Failed loads are cached too, so a broken file costs one attempt per distinct content. Loads
// go through `defaults` (its cache_dir: the on-disk cache, interp/module_cache_file.h).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>

#include "interp/engine.h"
#include "interp/sha256.h"

namespace wask::shell {

using interp::Sha256;  // one SHA-256 for this cache and the on-disk one (interp/sha256.h)
using interp::sha256;
using interp::to_hex;

class ModuleCache {
 public:
  struct Stats {
    uint64_t translations = 0;  // Module::load calls made (one per distinct content)
    uint64_t hits = 0;          // lookups answered from the cache (or by waiting for a load)
    uint64_t disk_hits = 0;     // of the translations, those answered by the on-disk cache
  };

  explicit ModuleCache(interp::LoadOptions defaults = {}) : defaults_(std::move(defaults)) {}

  // The module for `bytes` (loaded with `name` for backtraces the first time), or its load error.
  interp::LoadResult load(std::span<const uint8_t> bytes, const std::string& name);
  Stats stats() const;
  size_t size() const;  // distinct contents held

 private:
  struct Entry;
  struct KeyHash {
    size_t operator()(const Sha256& k) const;
  };
  interp::LoadResult load_uncached(std::span<const uint8_t> bytes, const std::string& name,
                                   const Sha256& key);
  const interp::LoadOptions defaults_;
  mutable std::mutex mu_;
  std::unordered_map<Sha256, std::shared_ptr<Entry>, KeyHash> entries_;
  Stats stats_;
};

}  // namespace wask::shell
