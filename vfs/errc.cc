#include "vfs/errc.h"

namespace wask::vfs {

std::string_view posix_name(Errc e) {
  switch (e) {
#define X(name, posix, host, text) \
  case Errc::name:                 \
    return posix;
    WASK_VFS_ERRORS(X)
#undef X
  }
  return "E?";
}

std::string_view message(Errc e) {
  switch (e) {
#define X(name, posix, host, text) \
  case Errc::name:                 \
    return text;
    WASK_VFS_ERRORS(X)
#undef X
  }
  return "unknown error";
}

Errc errc_from_errno(int host_errno) {
  // Rows without a host code (Ok's 0, ENOTCAPABLE's -1) are not host errors.
  if (host_errno <= 0) return host_errno == 0 ? Errc::Ok : Errc::IO;
  // Host codes that are another name for one of ours (some are equal on Linux, so not cases).
  if (host_errno == EOPNOTSUPP) return Errc::NotSupported;
  if (host_errno == EWOULDBLOCK) return Errc::Again;
  if (host_errno == EDQUOT) return Errc::NoSpace;
  if (host_errno == ENFILE) return Errc::TooManyOpen;
  switch (host_errno) {
#define X(name, posix, host, text) \
  case host:                       \
    return Errc::name;
    WASK_VFS_ERRORS(X)
#undef X
  }
  return Errc::IO;
}

}  // namespace wask::vfs
