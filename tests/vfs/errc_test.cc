// The error vocabulary: names, messages, and the one translation from the host's errno.
#define BOOST_TEST_MODULE vfs_errc
#include <cerrno>
#include <cstring>
#include <set>
#include <string>

#include "tests/vfs/check.h"
#include "vfs/errc.h"

using wask::vfs::Errc;
using wask::vfs::errc_from_errno;
using wask::vfs::message;
using wask::vfs::posix_name;

BOOST_AUTO_TEST_CASE(every_row_with_a_host_errno_round_trips) {
  std::set<std::string> names;
#define X(name, posix, host, text)                   \
  names.insert(posix);                               \
  BOOST_TEST(posix_name(Errc::name) == posix);       \
  BOOST_TEST(message(Errc::name) == text);           \
  if (host > 0) {                                    \
    BOOST_TEST_INFO(posix);                          \
    BOOST_TEST(errc_from_errno(host) == Errc::name); \
    BOOST_TEST(std::string(posix) != "OK");          \
  }
  WASK_VFS_ERRORS(X)
#undef X
  BOOST_TEST(names.size() == size_t(static_cast<int>(Errc::NoExec) + 1));  // no name twice
  BOOST_TEST(errc_from_errno(0) == Errc::Ok);
}

BOOST_AUTO_TEST_CASE(host_aliases_and_unknown_codes) {
  BOOST_TEST(errc_from_errno(EOPNOTSUPP) == Errc::NotSupported);
  BOOST_TEST(errc_from_errno(EWOULDBLOCK) == Errc::Again);
  BOOST_TEST(errc_from_errno(EDQUOT) == Errc::NoSpace);
  BOOST_TEST(errc_from_errno(ENFILE) == Errc::TooManyOpen);
  BOOST_TEST(errc_from_errno(ENOTSOCK) == Errc::IO);  // no counterpart: a plain I/O error
  BOOST_TEST(errc_from_errno(-1) == Errc::IO);        // ENOTCAPABLE's row is never a host code
}
