#include "wasi/bind.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <tuple>

namespace wask::wasi {

std::string hex(uint64_t v) {
  char buf[24];
  int n = std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
  return std::string(buf, n);
}

std::string quoted(std::string_view s) {
  constexpr size_t kMax = 256;  // a trace line stays readable whatever the guest passes
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < kMax; ++i) {
    unsigned char ch = s[i];
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += char(ch);
    } else if (ch < 0x20 || ch == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", ch);
      out += buf;
    } else {
      out += char(ch);
    }
  }
  out += s.size() > kMax ? "\"..." : "\"";
  return out;
}

namespace {

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 1, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // the sequence runs past the end
    for (size_t k = 1; k <= n; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

Expected<Path> decode_path(const GuestMemory& mem, uint32_t ptr, uint32_t len) {
  auto bytes = mem.slice(ptr, len);
  if (!bytes) return bytes.error();
  std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  if (!valid_utf8(text)) return Errno::IlSeq;
  if (text.find('\0') != std::string_view::npos) return Errno::Inval;
  return Path{std::string(text)};
}

interp::FuncType lower(std::string_view params, std::string_view results) {
  interp::FuncType type;
  auto to = [](char c) { return c == 'I' ? interp::ValType::I64 : interp::ValType::I32; };
  for (char c : params) type.params.push_back(to(c));
  for (char c : results) type.results.push_back(to(c));
  return type;
}

interp::ImportResolver bind_imports(interp::Store& store, WasiContext& ctx,
                                    std::span<const HostRow> rows,
                                    interp::ImportResolver fallback) {
  // Keyed by type too: one module may import a name twice with different signatures.
  using Key = std::tuple<std::string, std::string, std::string>;
  auto bound = std::make_shared<std::map<Key, interp::Extern>>();
  return [&store, &ctx, rows, fallback = std::move(fallback),
          bound](const interp::ImportDesc& import) -> std::optional<interp::Extern> {
    bool ours = std::any_of(rows.begin(), rows.end(),
                            [&](const HostRow& r) { return r.module == import.module; });
    if (!ours) return fallback ? fallback(import) : std::nullopt;
    Key key{import.module, import.name, interp::to_string(import.type.func)};
    if (auto it = bound->find(key); it != bound->end()) return it->second;
    // Several rows may serve one name with different signatures: the one of the import's type,
    // else the first (then the link error names the mismatch).
    const HostRow* chosen = nullptr;
    for (const HostRow& row : rows) {
      if (row.module != import.module || row.name != import.name) continue;
      if (!chosen || (row.invoke && row.type == import.type.func)) chosen = &row;
      if (row.type == import.type.func) break;
    }
    for (const HostRow& row : std::span(chosen, chosen ? 1 : 0)) {
      std::string debug_name = import.module + "." + import.name;
      interp::Extern fn;
      if (row.invoke) {
        auto invoke = row.invoke;
        std::string_view name = row.name;
        fn = store.add_host_function(
            row.type,
            [&ctx, invoke, name](interp::HostCall& call, std::span<const Value> args,
                                 std::span<Value> out) {
              return invoke(ctx, name, call, args, out);
            },
            debug_name);
      } else {
        const interp::FuncType& type = import.type.func;
        bool answers_errno = type.results.size() == 1 && type.results[0] == interp::ValType::I32;
        fn = store.add_host_function(
            type,
            [answers_errno](interp::HostCall&, std::span<const Value>, std::span<Value> out) {
              if (!answers_errno) return interp::Outcome::trap(interp::TrapReason::HostError);
              out[0] = Value::make_i32(uint32_t(Errno::NoSys));
              return interp::Outcome{};
            },
            debug_name);
      }
      bound->emplace(key, fn);
      return fn;
    }
    return std::nullopt;
  };
}

Expected<StringList> decode_string_list(const GuestMemory& mem, uint32_t ptr, uint32_t len) {
  auto bytes = mem.slice(ptr, len);
  if (!bytes) return bytes.error();
  StringList list;
  std::string_view rest(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  while (!rest.empty()) {
    size_t end = std::min(rest.find('\0'), rest.size());
    list.items.emplace_back(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  return list;
}

}  // namespace wask::wasi
