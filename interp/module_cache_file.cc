#include "interp/module_cache_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <type_traits>

namespace wask::interp {

namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'W', 'A', 'S', 'K', 'M', 'O', 'D', '\n'};
constexpr uint32_t kFormatVersion = 1;
constexpr const char* kEntrySuffix = ".wmod";

// The fixed-size header in front of the payload.
struct Header {
  char magic[8];
  uint32_t format_version;
  uint32_t header_size;
  char build_digest[64];
  uint8_t content_sha256[32];
  uint64_t content_size;
  uint64_t payload_size;
  uint64_t payload_checksum;
};
static_assert(std::is_trivially_copyable_v<Header>);

// A fast 64-bit checksum of the payload (four lanes of XXH64-style rounds over 32-byte stripes):
// it catches corruption and truncation at memory speed; the content hash is the key.
class Checksum {
 public:
  void update(const uint8_t* p, size_t n) {
    length_ += n;
    if (pending_len_) {
      const size_t take = std::min(n, sizeof pending_ - pending_len_);
      std::memcpy(pending_ + pending_len_, p, take);
      pending_len_ += take, p += take, n -= take;
      if (pending_len_ < sizeof pending_) return;
      stripe(pending_);
      pending_len_ = 0;
    }
    for (; n >= 32; p += 32, n -= 32) stripe(p);
    std::memcpy(pending_, p, n);
    pending_len_ = n;
  }
  uint64_t digest() const {
    uint64_t h = rotl(lane_[0], 1) + rotl(lane_[1], 7) + rotl(lane_[2], 12) + rotl(lane_[3], 18);
    for (size_t i = 0; i < pending_len_; ++i) h = rotl(h ^ (pending_[i] * kP5), 11) * kP1;
    h ^= length_;
    h ^= h >> 33, h *= kP2, h ^= h >> 29, h *= kP3, h ^= h >> 32;
    return h;
  }

 private:
  static constexpr uint64_t kP1 = 0x9E3779B185EBCA87ULL, kP2 = 0xC2B2AE3D27D4EB4FULL,
                            kP3 = 0x165667B19E3779F9ULL, kP5 = 0x27D4EB2F165667C5ULL;
  static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
  void stripe(const uint8_t* p) {
    for (int i = 0; i < 4; ++i) {
      uint64_t w;
      std::memcpy(&w, p + 8 * i, 8);
      lane_[i] = rotl(lane_[i] + w * kP2, 31) * kP1;
    }
  }
  uint64_t lane_[4] = {kP1 + kP2, kP2, 0, 0 - kP1};
  uint8_t pending_[32];
  size_t pending_len_ = 0;
  uint64_t length_ = 0;
};

// ---------------------------------------------------------------------------------------------
// One description of the format, driven by an encoder or a decoder: io(archive, value) visits a
// value's fields in order. Encoder::scalar takes const refs, Decoder::scalar fills them in.

// Buffers the payload, checksums it and hands it on in large pieces.
class Encoder {
 public:
  Encoder(std::function<bool(std::span<const uint8_t>)> sink, std::span<const uint8_t> module)
      : module_bytes(module), sink_(std::move(sink)) {
    buffer_.reserve(kBuffer);
  }
  template <class T>
  void scalar(const T& v) {
    raw(&v, sizeof v);
  }
  void raw(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    while (n) {
      const size_t take = std::min(n, kBuffer - buffer_.size());
      buffer_.insert(buffer_.end(), b, b + take);
      b += take, n -= take;
      if (buffer_.size() == kBuffer) flush();
    }
  }
  template <class T>
  size_t count(const T& container) {
    const uint64_t n = container.size();
    scalar(n);
    return n;
  }
  bool finish() {
    flush();
    return ok_;
  }
  bool ok() const { return ok_; }
  void fail() { ok_ = false; }
  uint64_t size() const { return size_; }
  uint64_t checksum() const { return checksum_.digest(); }
  static constexpr bool kDecoding = false;
  const std::span<const uint8_t> module_bytes;  // data segments are views of them

 private:
  static constexpr size_t kBuffer = size_t{1} << 20;
  void flush() {
    if (buffer_.empty()) return;
    checksum_.update(buffer_.data(), buffer_.size());
    size_ += buffer_.size();
    if (ok_ && !sink_(buffer_)) ok_ = false;
    buffer_.clear();
  }
  std::function<bool(std::span<const uint8_t>)> sink_;
  std::vector<uint8_t> buffer_;
  Checksum checksum_;
  uint64_t size_ = 0;
  bool ok_ = true;
};

// Reads from the payload; any out-of-range read, count or value sets the failure and yields
// zeroes from then on. Element allocations are charged to a budget proportional to the payload,
// so a hostile count cannot make it allocate much more than the file's size.
class Decoder {
 public:
  Decoder(std::span<const uint8_t> payload, std::span<const uint8_t> module)
      : module_bytes(module),
        begin_(payload.data()),
        p_(payload.data()),
        end_(payload.data() + payload.size()),
        budget_(payload.size() * 8 + (uint64_t{1} << 20)) {}
  template <class T>
  void scalar(T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      uint8_t b = 0;
      raw(&b, 1);
      if (b > 1) fail();
      v = b == 1;
    } else {
      raw(&v, sizeof v);
    }
  }
  void raw(void* out, size_t n) {
    if (!ok_ || size_t(end_ - p_) < n) {
      fail();
      std::memset(out, 0, n);
      return;
    }
    std::memcpy(out, p_, n);
    p_ += n;
  }
  // A count of elements of `element_size` host bytes each, at least `min_encoded` bytes each.
  uint64_t count(size_t element_size, size_t min_encoded) {
    uint64_t n = 0;
    scalar(n);
    if (!ok_ || n > remaining() / std::max<size_t>(min_encoded, 1) || n * element_size > budget_) {
      fail();
      return 0;
    }
    budget_ -= n * element_size;
    return n;
  }
  const uint8_t* take(size_t n) {  // n bytes in place
    if (!ok_ || remaining() < n) {
      fail();
      return nullptr;
    }
    const uint8_t* at = p_;
    p_ += n;
    return at;
  }
  size_t remaining() const { return size_t(end_ - p_); }
  bool ok() const { return ok_; }
  void fail() { ok_ = false; }
  uint32_t depth = 0;  // of nested constant expressions
  static constexpr bool kDecoding = true;
  const std::span<const uint8_t> module_bytes;  // data segments are views of them

 private:
  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  uint64_t budget_;
  bool ok_ = true;
};

// The last value of each enum the format holds: a decoded value past it is a failed check.
template <class E>
constexpr E kLast = E{};
template <>
constexpr ValType kLast<ValType> = ValType::ExnRef;
template <>
constexpr ExternKind kLast<ExternKind> = ExternKind::Tag;
template <>
constexpr SegmentMode kLast<SegmentMode> = SegmentMode::Declarative;
template <>
constexpr InitExpr::Kind kLast<InitExpr::Kind> = InitExpr::Kind::I64Mul;

template <class A, class T>
requires std::is_arithmetic_v<std::remove_const_t<T>>
void io(A& a, T& v) { a.scalar(v); }
template <class A, class T>
requires std::is_enum_v<std::remove_const_t<T>>
void io(A& a, T& v) {
  using E = std::remove_const_t<T>;
  static_assert(kLast<E> != E{}, "an enum the format holds needs its kLast");
  a.scalar(v);
  if constexpr (A::kDecoding)
    if (static_cast<std::underlying_type_t<E>>(v) >
        static_cast<std::underlying_type_t<E>>(kLast<E>))
      a.fail();
}
template <class A, class T>
void io(A& a, std::vector<T>& v);
template <class A, class T>
void io(A& a, const std::vector<T>& v);

template <class A, class S>
requires std::is_same_v<std::remove_const_t<S>, std::string>
void io(A& a, S& s) {
  if constexpr (A::kDecoding) {
    const uint64_t n = a.count(1, 1);
    const uint8_t* p = a.take(n);
    s.assign(p ? reinterpret_cast<const char*>(p) : "", p ? n : 0);
  } else {
    a.count(s);
    a.raw(s.data(), s.size());
  }
}

// Vectors: trivially copyable numbers in one piece, everything else element by element.
template <class A, class V, class T>
void io_vector(A& a, V& v) {
  constexpr bool bulk = std::is_arithmetic_v<T>;
  if constexpr (A::kDecoding) {
    const uint64_t n = a.count(sizeof(T), bulk ? sizeof(T) : 1);
    if constexpr (bulk) {
      v.resize(n);
      if (n) a.raw(v.data(), n * sizeof(T));
    } else {
      v.clear();
      v.reserve(n);
      for (uint64_t i = 0; i < n && a.ok(); ++i) io(a, v.emplace_back());
    }
  } else {
    const size_t n = a.count(v);
    if constexpr (bulk) {
      if (n) a.raw(v.data(), n * sizeof(T));
    } else {
      for (const T& e : v) io(a, e);
    }
  }
}
template <class A, class T>
void io(A& a, std::vector<T>& v) {
  io_vector<A, std::vector<T>, T>(a, v);
}
template <class A, class T>
void io(A& a, const std::vector<T>& v) {
  io_vector<A, const std::vector<T>, T>(a, v);
}

template <class A, class O>
void io_optional(A& a, O& v) {
  bool has = v.has_value();
  a.scalar(has);
  if constexpr (A::kDecoding) {
    if (has) io(a, v.emplace());
  } else if (has) {
    io(a, *v);
  }
}

template <class A, class M>
void io_names(A& a, M& names) {
  if constexpr (A::kDecoding) {
    const uint64_t n = a.count(sizeof(std::pair<uint32_t, std::string>) + 32, 12);
    for (uint64_t i = 0; i < n && a.ok(); ++i) {
      uint32_t index = 0;
      std::string name;
      io(a, index), io(a, name);
      names.emplace(index, std::move(name));
    }
  } else {
    a.count(names);
    for (const auto& [index, name] : names) io(a, index), io(a, name);
  }
}

// The records, field by field. `Q` is `T` or `const T`.
#define WASK_CACHE_RECORD(T)                         \
  template <class A, class Q>                        \
  requires std::is_same_v<std::remove_const_t<Q>, T> \
  void io(A& a, Q& v)

WASK_CACHE_RECORD(FuncType) { io(a, v.params), io(a, v.results); }
WASK_CACHE_RECORD(Limits) { io(a, v.min), io_optional(a, v.max); }
WASK_CACHE_RECORD(TableType) { io(a, v.element), io(a, v.limits), io(a, v.is64); }
WASK_CACHE_RECORD(MemoryType) {
  io(a, v.limits);
  if constexpr (requires { v.is64; }) io(a, v.is64);  // memory64 (issue 11)
}
WASK_CACHE_RECORD(GlobalType) { io(a, v.type), io(a, v.mutable_); }
WASK_CACHE_RECORD(ExternType) {
  io(a, v.kind);
  io(a, v.func), io(a, v.table), io(a, v.memory), io(a, v.global), io(a, v.tag);
}
WASK_CACHE_RECORD(ImportDesc) { io(a, v.module), io(a, v.name), io(a, v.type); }
WASK_CACHE_RECORD(ExportDesc) { io(a, v.name), io(a, v.type); }
WASK_CACHE_RECORD(ExportEntry) { io(a, v.kind), io(a, v.index); }
WASK_CACHE_RECORD(InitExpr) {
  io(a, v.kind);
  io(a, v.value), io(a, v.high);
  if constexpr (A::kDecoding) {
    if (++a.depth > 2) a.fail();  // a sequence's steps are single instructions
  }
  io(a, v.steps);
  if constexpr (A::kDecoding) --a.depth;
}
WASK_CACHE_RECORD(GlobalDesc) { io(a, v.type), io(a, v.init); }
WASK_CACHE_RECORD(ElemSegmentDesc) {
  io(a, v.mode);
  io(a, v.table_index), io(a, v.offset), io(a, v.type);
  io(a, v.items);
}
// A data segment's bytes: a view of the module's bytes, kept as its offset and size there.
template <class A, class S>
void io_view(A& a, S& view) {
  uint64_t offset = 0, size = 0;
  if constexpr (A::kDecoding) {
    io(a, offset), io(a, size);
    if (offset > a.module_bytes.size() || size > a.module_bytes.size() - offset) a.fail();
    if (a.ok()) view = a.module_bytes.subspan(offset, size);
  } else {
    offset = view.empty() ? 0 : uint64_t(view.data() - a.module_bytes.data());
    size = view.size();
    if (!view.empty() &&
        (view.data() < a.module_bytes.data() || offset + size > a.module_bytes.size()))
      a.fail();  // not a view of the module's bytes: this format cannot hold it
    io(a, offset), io(a, size);
  }
}

WASK_CACHE_RECORD(DataSegmentDesc) {
  io(a, v.mode);
  io(a, v.memory_index), io(a, v.offset), io_view(a, v.bytes);
}
// What the load records of each function; what translation adds later is not kept.
WASK_CACHE_RECORD(CompiledFunc) {
  io(a, v.func_index), io(a, v.type_index), io(a, v.num_params), io(a, v.num_results);
  io(a, v.body_begin), io(a, v.body_end), io(a, v.body_hash);
}
#undef WASK_CACHE_RECORD

// Every field of Module::Impl a load fills in (not the bytes, which the caller gives again, nor
// what translation adds). A field added to Impl or CompiledFunc by the loader belongs here (the
// source digest changes with it, so old entries are not misread).
template <class A, class M>
void io_declarations(A& a, M& m) {
  io(a, m.name), io(a, m.types), io(a, m.imports), io(a, m.exports), io(a, m.export_items);
  io(a, m.func_types), io(a, m.num_imported_funcs);
  io(a, m.tables), io(a, m.num_imported_tables);
  io(a, m.memories), io(a, m.num_imported_memories);
  io(a, m.globals), io(a, m.num_imported_globals);
  io(a, m.tag_types), io(a, m.num_imported_tags);
  io(a, m.elems), io(a, m.datas), io_optional(a, m.start);
  io(a, m.funcs);
  io_names(a, m.func_names), io_names(a, m.tag_names);
}

// The records agree with each other, so nothing downstream indexes out of range.
bool consistent(const Module::Impl& m, uint64_t module_size) {
  uint32_t imported[5] = {};
  for (const ImportDesc& import : m.imports) ++imported[static_cast<size_t>(import.type.kind)];
  const size_t num_funcs = m.func_types.size();
  if (imported[0] != m.num_imported_funcs || imported[1] != m.num_imported_tables ||
      imported[2] != m.num_imported_memories || imported[3] != m.num_imported_globals ||
      imported[4] != m.num_imported_tags || num_funcs != m.num_imported_funcs + m.funcs.size() ||
      m.tables.size() < m.num_imported_tables || m.memories.size() < m.num_imported_memories ||
      m.globals.size() < m.num_imported_globals || m.tag_types.size() < m.num_imported_tags ||
      m.export_items.size() != m.exports.size() || (m.start && *m.start >= num_funcs))
    return false;
  for (uint32_t t : m.func_types)
    if (t >= m.types.size()) return false;
  for (uint32_t t : m.tag_types)
    if (t >= m.types.size()) return false;
  const size_t counts[5] = {num_funcs, m.tables.size(), m.memories.size(), m.globals.size(),
                            m.tag_types.size()};
  for (const ExportEntry& e : m.export_items)
    if (e.index >= counts[static_cast<size_t>(e.kind)]) return false;
  auto init_ok = [&](const InitExpr& e) {
    auto one = [&](const InitExpr& s) {
      return (s.kind != InitExpr::Kind::GlobalGet || s.value < m.globals.size()) &&
             (s.kind != InitExpr::Kind::RefFunc || s.value < num_funcs);
    };
    return one(e) && std::all_of(e.steps.begin(), e.steps.end(), one);
  };
  for (const GlobalDesc& g : m.globals)
    if (!init_ok(g.init)) return false;
  for (const ElemSegmentDesc& s : m.elems) {
    if ((s.mode == SegmentMode::Active && s.table_index >= m.tables.size()) || !init_ok(s.offset))
      return false;
    if (!std::all_of(s.items.begin(), s.items.end(), init_ok)) return false;
  }
  for (const DataSegmentDesc& s : m.datas)
    if ((s.mode == SegmentMode::Active && s.memory_index >= m.memories.size()) ||
        !init_ok(s.offset))
      return false;
  uint64_t previous_end = 0;
  for (size_t i = 0; i < m.funcs.size(); ++i) {
    const CompiledFunc& f = m.funcs[i];
    if (f.func_index != m.num_imported_funcs + i || f.type_index != m.func_types[f.func_index])
      return false;
    const FuncType& type = m.types[f.type_index];
    if (f.num_params != slot_count(type.params) || f.num_results != slot_count(type.results))
      return false;
    // Bodies lie in order inside the module's bytes.
    if (f.body_begin < previous_end || f.body_begin > f.body_end || f.body_end > module_size)
      return false;
    previous_end = f.body_end;
  }
  return true;
}

Header make_header(const CacheKey& key, uint64_t payload_size, uint64_t checksum) {
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.format_version = kFormatVersion;
  h.header_size = sizeof(Header);
  std::memcpy(h.build_digest, kBuildDigest, std::min<size_t>(64, std::strlen(kBuildDigest)));
  std::memcpy(h.content_sha256, key.content.data(), 32);
  h.content_size = key.size;
  h.payload_size = payload_size;
  h.payload_checksum = checksum;
  return h;
}

// Streams the header's placeholder, then the payload; returns the header to put in front.
std::optional<Header> encode(const CacheKey& key, const Module::Impl& mod,
                             std::function<bool(std::span<const uint8_t>)> sink) {
  Encoder e(std::move(sink), mod.bytes);
  io_declarations(e, mod);
  if (!e.finish()) return std::nullopt;
  return make_header(key, e.size(), e.checksum());
}

std::atomic<uint64_t> temp_counter{0};  // distinct temporary names within one process

// Removes the oldest entries (by modification time: a hit refreshes it) until the directory's
// entries take at most `max_bytes`, and temporary files left by writers that died an hour ago.
void evict(const std::string& dir, uint64_t max_bytes) {
  struct Found {
    fs::file_time_type time;
    uint64_t size;
    fs::path path;
  };
  std::vector<Found> entries;
  uint64_t total = 0;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    std::error_code ec2;
    const std::string name = e.path().filename().string();
    const auto time = e.last_write_time(ec2);
    if (ec2 || !e.is_regular_file(ec2)) continue;
    if (name.starts_with(".tmp-")) {
      if (now - time > std::chrono::hours(1)) fs::remove(e.path(), ec2);
      continue;
    }
    if (!name.ends_with(kEntrySuffix)) continue;
    const uint64_t size = e.file_size(ec2);
    if (ec2) continue;
    entries.push_back({time, size, e.path()});
    total += size;
  }
  std::sort(entries.begin(), entries.end(),
            [](const Found& a, const Found& b) { return a.time < b.time; });
  for (const Found& e : entries) {
    if (total <= max_bytes) break;
    std::error_code ec2;
    if (fs::remove(e.path, ec2)) total -= e.size;
  }
}

}  // namespace

std::string cache_entry_path(const std::string& dir, const CacheKey& key) {
  return dir + "/" + to_hex(key.content) + "-" + std::string(kBuildDigest).substr(0, 16) +
         kEntrySuffix;
}

std::vector<uint8_t> encode_cache_entry(const CacheKey& key, const Module::Impl& mod) {
  std::vector<uint8_t> out(sizeof(Header));
  auto header = encode(key, mod, [&out](std::span<const uint8_t> piece) {
    out.insert(out.end(), piece.begin(), piece.end());
    return true;
  });
  if (!header) return {};
  std::memcpy(out.data(), &*header, sizeof(Header));
  return out;
}

// Everything is decoded bounds-checked before the checksum is compared, and used only after.
static std::unique_ptr<Module::Impl> decode(std::span<const uint8_t> entry, const CacheKey& key,
                                            std::span<const uint8_t> module_bytes) {
  if (entry.size() < sizeof(Header)) return nullptr;
  Header h;
  std::memcpy(&h, entry.data(), sizeof h);
  const Header want = make_header(key, entry.size() - sizeof(Header), 0);
  if (std::memcmp(h.magic, want.magic, sizeof h.magic) != 0 ||
      h.format_version != want.format_version || h.header_size != want.header_size ||
      std::memcmp(h.build_digest, want.build_digest, sizeof h.build_digest) != 0 ||
      std::memcmp(h.content_sha256, want.content_sha256, 32) != 0 ||
      h.content_size != want.content_size || h.payload_size != want.payload_size)
    return nullptr;
  const std::span<const uint8_t> payload = entry.subspan(sizeof(Header));
  Checksum checksum;
  checksum.update(payload.data(), payload.size());
  if (checksum.digest() != h.payload_checksum) return nullptr;
  if (module_bytes.size() != key.size) return nullptr;
  Decoder d(payload, module_bytes);
  auto mod = std::make_unique<Module::Impl>();
  mod->bytes = module_bytes;
  io_declarations(d, *mod);
  if (!d.ok() || d.remaining() != 0 || !consistent(*mod, key.size)) return nullptr;
  return mod;
}

std::unique_ptr<Module::Impl> decode_cache_entry(std::span<const uint8_t> entry,
                                                 const CacheKey& key,
                                                 std::span<const uint8_t> module_bytes) {
  return decode(entry, key, module_bytes);
}

void reseal_cache_entry(std::span<uint8_t> entry) {
  if (entry.size() < sizeof(Header)) return;
  Checksum checksum;
  checksum.update(entry.data() + sizeof(Header), entry.size() - sizeof(Header));
  const uint64_t digest = checksum.digest();
  std::memcpy(entry.data() + offsetof(Header, payload_checksum), &digest, sizeof digest);
}

std::unique_ptr<Module::Impl> read_cache_entry(const std::string& path, const CacheKey& key,
                                               std::span<const uint8_t> module_bytes,
                                               CacheLookup& lookup) {
  lookup = CacheLookup::Absent;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  lookup = CacheLookup::Rejected;
  struct stat st {};
  std::unique_ptr<Module::Impl> mod;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= off_t(sizeof(Header))) {
    const size_t size = size_t(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map != MAP_FAILED) {
      ::madvise(map, size, MADV_SEQUENTIAL);
      mod = decode({static_cast<const uint8_t*>(map), size}, key, module_bytes);
      ::munmap(map, size);
    }
  }
  if (mod) {
    lookup = CacheLookup::Hit;
    ::futimens(fd, nullptr);  // recently used: evicted last
  }
  ::close(fd);
  return mod;
}

bool write_cache_entry(const std::string& dir, const CacheKey& key, const Module::Impl& mod,
                       uint64_t max_bytes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  const std::string temp = dir + "/.tmp-" + to_hex(key.content).substr(0, 16) + "-" +
                           std::to_string(::getpid()) + "-" + std::to_string(temp_counter++);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  auto write_all = [fd](const void* p, size_t n, off_t at) {
    const auto* b = static_cast<const uint8_t*>(p);
    while (n) {
      const ssize_t w = at >= 0 ? ::pwrite(fd, b, n, at) : ::write(fd, b, n);
      if (w <= 0) return false;
      b += w, n -= size_t(w);
      if (at >= 0) at += w;
    }
    return true;
  };
  const Header placeholder{};
  bool ok = write_all(&placeholder, sizeof placeholder, -1);
  std::optional<Header> header;
  if (ok)
    header = encode(key, mod, [&](std::span<const uint8_t> piece) {
      return write_all(piece.data(), piece.size(), -1);
    });
  // An entry larger than the whole bound would only evict everything, itself included.
  ok = header && sizeof(Header) + header->payload_size <= max_bytes &&
       write_all(&*header, sizeof(Header), 0);
  ok = ::close(fd) == 0 && ok;
  // rename() replaces any entry atomically: a reader sees the old file or the new, never part.
  if (!ok || ::rename(temp.c_str(), cache_entry_path(dir, key).c_str()) != 0) {
    ::unlink(temp.c_str());
    return false;
  }
  evict(dir, max_bytes);
  return true;
}

}  // namespace wask::interp
