// Test helpers: printing Errc in Boost.Test messages, and short ways to state expectations.
#pragma once

#include <boost/test/unit_test.hpp>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "vfs/backend.h"
#include "vfs/errc.h"

namespace wask::vfs {
inline std::ostream& operator<<(std::ostream& os, Errc e) { return os << posix_name(e); }
}  // namespace wask::vfs

namespace wask::test {

inline std::span<const std::byte> bytes_of(std::string_view s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

// Up to `max` bytes of an open file from `offset`, as text; the read must succeed.
inline std::string read_handle(vfs::FileHandle& file, uint64_t offset = 0, size_t max = 1 << 20) {
  std::string out(max, '\0');
  auto n = file.read(offset, std::as_writable_bytes(std::span<char>(out.data(), out.size())));
  BOOST_REQUIRE_MESSAGE(n.ok(), "read: " << vfs::posix_name(n.error()));
  out.resize(*n);
  return out;
}

}  // namespace wask::test

// The operation succeeds (prints the error otherwise).
#define WASK_OK(expr)                                                               \
  do {                                                                              \
    auto wask_ok_result_ = (expr);                                                  \
    BOOST_TEST(wask_ok_result_.ok(), #expr " failed: " << wask_ok_result_.error()); \
  } while (0)

// The operation fails with exactly this Errc.
#define WASK_ERR(expr, errc)                                                           \
  do {                                                                                 \
    auto wask_err_result_ = (expr);                                                    \
    BOOST_TEST(wask_err_result_.error() == (errc),                                     \
               #expr ": expected " << (errc) << ", got " << wask_err_result_.error()); \
  } while (0)
