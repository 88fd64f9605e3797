// The one place a kernel VFS error becomes a WASI errno.
#pragma once

#include "vfs/errc.h"
#include "wasi/abi.h"

namespace wask::wasi {

Errno to_errno(vfs::Errc e);
// The other way, for the kernel's answers given to embedders (an errno with no Errc: IO).
vfs::Errc to_errc(Errno e);

}  // namespace wask::wasi
