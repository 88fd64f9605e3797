#include "wasi/errno_map.h"

namespace wask::wasi {

Errno to_errno(vfs::Errc e) {
  using vfs::Errc;
  // A switch without default: adding an Errc without a row here is a compiler warning.
  switch (e) {
    case Errc::Ok:
      return Errno::Success;
    case Errc::NoEntry:
      return Errno::NoEnt;
    case Errc::Exists:
      return Errno::Exist;
    case Errc::NotDirectory:
      return Errno::NotDir;
    case Errc::IsDirectory:
      return Errno::IsDir;
    case Errc::NotEmpty:
      return Errno::NotEmpty;
    case Errc::Loop:
      return Errno::Loop;
    case Errc::NameTooLong:
      return Errno::NameTooLong;
    case Errc::Invalid:
      return Errno::Inval;
    case Errc::ReadOnly:
      return Errno::RoFS;
    case Errc::CrossDevice:
      return Errno::XDev;
    case Errc::Busy:
      return Errno::Busy;
    case Errc::NoSpace:
      return Errno::NoSpc;
    case Errc::Access:
      return Errno::Access;
    case Errc::Permission:
      return Errno::Perm;
    case Errc::BadDescriptor:
      return Errno::BadF;
    case Errc::TooManyOpen:
      return Errno::MFile;
    case Errc::TooManyLinks:
      return Errno::MLink;
    case Errc::FileTooBig:
      return Errno::FBig;
    case Errc::Overflow:
      return Errno::Overflow;
    case Errc::NotSupported:
      return Errno::NotSup;
    case Errc::IO:
      return Errno::IO;
    case Errc::Again:
      return Errno::Again;
    case Errc::Interrupted:
      return Errno::Intr;
    case Errc::BrokenPipe:
      return Errno::Pipe;
    case Errc::NotCapable:
      return Errno::NotCapable;
    case Errc::NoMemory:
      return Errno::NoMem;
    case Errc::SpecialFile:
      return Errno::SPipe;
    case Errc::TextBusy:
      return Errno::TxtBsy;
    case Errc::Deadlock:
      return Errno::DeadLk;
    case Errc::NoExec:
      return Errno::NoExec;
    case Errc::Canceled:
      return Errno::Canceled;
  }
  return Errno::IO;  // unreachable for a valid Errc
}

vfs::Errc to_errc(Errno e) {
#define X(name, posix, host, text) \
  if (to_errno(vfs::Errc::name) == e) return vfs::Errc::name;
  WASK_VFS_ERRORS(X)
#undef X
  return vfs::Errc::IO;
}

}  // namespace wask::wasi
