// The one place a kernel VFS error becomes a WASI errno.
#pragma once

#include "vfs/errc.h"
#include "wasi/abi.h"

namespace wask::wasi {

Errno to_errno(vfs::Errc e);

}  // namespace wask::wasi
