#include "wasi/bind.h"

#include <cstring>

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

}  // namespace wask::wasi
