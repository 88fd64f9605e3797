// Test helpers: printing Errc in Boost.Test messages, and short ways to state expectations.
#pragma once

#include <boost/test/unit_test.hpp>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "vfs/errc.h"

namespace wask::vfs {
inline std::ostream& operator<<(std::ostream& os, Errc e) { return os << posix_name(e); }
}  // namespace wask::vfs

namespace wask::test {

inline std::span<const std::byte> bytes_of(std::string_view s) {
  return std::as_bytes(std::span(s.data(), s.size()));
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
