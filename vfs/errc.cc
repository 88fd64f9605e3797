#include "vfs/errc.h"

namespace wask::vfs {

std::string_view posix_name(Errc e) {
  switch (e) {
#define X(name, posix, text) \
  case Errc::name: return posix;
    WASK_VFS_ERRORS(X)
#undef X
  }
  return "E?";
}

std::string_view message(Errc e) {
  switch (e) {
#define X(name, posix, text) \
  case Errc::name: return text;
    WASK_VFS_ERRORS(X)
#undef X
  }
  return "unknown error";
}

}  // namespace wask::vfs
