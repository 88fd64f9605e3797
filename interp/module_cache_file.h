// The on-disk module cache: one file per module under LoadOptions::cache_dir, named by the
// bytes' SHA-256 and this build's source digest, holding what a load of those bytes produced
// (Module::Impl's declarations and each function's records: type, body offsets), so a hit skips
// decoding and validating; functions are translated from the bytes on first call as after any
// load. Written to a temporary file and renamed into place; on reading, the magic, format, build
// digest, content hash and size, and a payload checksum are checked, every count and offset is
// bounds-checked, and the records are checked against each other. An entry failing any check is
// ignored.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "interp/module_impl.h"
#include "interp/sha256.h"

namespace wask::interp {

// This build's identity in cache keys: the SHA-256 of interp's sources, in hex (generated).
extern const char kBuildDigest[];

struct CacheKey {
  Sha256 content;     // of the module's bytes
  uint64_t size = 0;  // of the module's bytes
};

// `dir`/<content hex>-<digest prefix>.wmod
std::string cache_entry_path(const std::string& dir, const CacheKey& key);

// The entry at `path` for `key`, over `module_bytes` (the very bytes the key was made of: the
// Impl's bytes, which its data segments view); null if there is none (lookup = Absent) or it
// fails a check (lookup = Rejected).
std::unique_ptr<Module::Impl> read_cache_entry(const std::string& path, const CacheKey& key,
                                               std::span<const uint8_t> module_bytes,
                                               CacheLookup& lookup);

// Stores `mod` as the entry for `key` in `dir` (created if missing), atomically, then removes
// the oldest entries until the directory's entries take at most `max_bytes`. False when nothing
// was stored (an unwritable directory, a full disk, an entry larger than `max_bytes`).
bool write_cache_entry(const std::string& dir, const CacheKey& key, const Module::Impl& mod,
                       uint64_t max_bytes);

// The entry's bytes, and an Impl from them (null on any failed check): for tests and fuzzing.
std::vector<uint8_t> encode_cache_entry(const CacheKey& key, const Module::Impl& mod);
std::unique_ptr<Module::Impl> decode_cache_entry(std::span<const uint8_t> entry,
                                                 const CacheKey& key,
                                                 std::span<const uint8_t> module_bytes);
// Recomputes an entry's payload checksum in place (tests: to reach the checks behind it).
void reseal_cache_entry(std::span<uint8_t> entry);

}  // namespace wask::interp
