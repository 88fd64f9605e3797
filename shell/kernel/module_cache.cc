#include "shell/kernel/module_cache.h"

#include <cstring>
#include <future>

namespace wask::shell {

// One distinct content: its size (checked on every hit) and the load, shared by every waiter.
struct ModuleCache::Entry {
  size_t size = 0;
  std::shared_future<interp::LoadResult> result;
};

size_t ModuleCache::KeyHash::operator()(const Sha256& k) const {
  size_t v;
  std::memcpy(&v, k.data(), sizeof v);  // already uniformly distributed
  return v;
}

interp::LoadResult ModuleCache::load(std::span<const uint8_t> bytes, const std::string& name) {
  Sha256 key = sha256(bytes);
  std::promise<interp::LoadResult> promise;
  std::shared_ptr<Entry> entry;
  bool loader = false;  // this call translates; concurrent callers wait on its future
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      // A size mismatch under one digest would be a SHA-256 collision: load that one uncached.
      if (it->second->size != bytes.size()) return load_uncached(bytes, name, key);
      ++stats_.hits;
      entry = it->second;
    } else {
      entry = std::make_shared<Entry>();
      entry->size = bytes.size();
      entry->result = promise.get_future().share();
      entries_.emplace(key, entry);
      ++stats_.translations;
      loader = true;
    }
  }
  if (loader) promise.set_value(load_uncached(bytes, name, key));
  return entry->result.get();
}

interp::LoadResult ModuleCache::load_uncached(std::span<const uint8_t> bytes,
                                              const std::string& name, const Sha256& key) {
  interp::LoadOptions options = defaults_;
  options.name = name;
  options.sha256 = key;
  interp::LoadResult result = interp::Module::load(bytes, options);
  if (result.cache == interp::CacheLookup::Hit) {
    std::lock_guard lock(mu_);
    ++stats_.disk_hits;
  }
  return result;
}

ModuleCache::Stats ModuleCache::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

size_t ModuleCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace wask::shell
