// The one error vocabulary below wasi/. wasi/errno_map.h translates it to WASI errno in one place.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>

namespace wask::vfs {

// X(enumerator, POSIX name, host errno, message). The host errno is Linux's, for backends that
// reach the host (hostfs, stdio); ENOTCAPABLE has none (-1).
#define WASK_VFS_ERRORS(X)                                                     \
  X(Ok, "OK", 0, "success")                                                    \
  X(NoEntry, "ENOENT", ENOENT, "no such file or directory")                    \
  X(Exists, "EEXIST", EEXIST, "file exists")                                   \
  X(NotDirectory, "ENOTDIR", ENOTDIR, "not a directory")                       \
  X(IsDirectory, "EISDIR", EISDIR, "is a directory")                           \
  X(NotEmpty, "ENOTEMPTY", ENOTEMPTY, "directory not empty")                   \
  X(Loop, "ELOOP", ELOOP, "too many levels of symbolic links")                 \
  X(NameTooLong, "ENAMETOOLONG", ENAMETOOLONG, "file name too long")           \
  X(Invalid, "EINVAL", EINVAL, "invalid argument")                             \
  X(ReadOnly, "EROFS", EROFS, "read-only file system")                         \
  X(CrossDevice, "EXDEV", EXDEV, "cross-device link")                          \
  X(Busy, "EBUSY", EBUSY, "device or resource busy")                           \
  X(NoSpace, "ENOSPC", ENOSPC, "no space left on device")                      \
  X(Access, "EACCES", EACCES, "permission denied")                             \
  X(Permission, "EPERM", EPERM, "operation not permitted")                     \
  X(BadDescriptor, "EBADF", EBADF, "bad file descriptor")                      \
  X(TooManyOpen, "EMFILE", EMFILE, "too many open files")                      \
  X(TooManyLinks, "EMLINK", EMLINK, "too many links")                          \
  X(FileTooBig, "EFBIG", EFBIG, "file too large")                              \
  X(Overflow, "EOVERFLOW", EOVERFLOW, "value too large for defined data type") \
  X(NotSupported, "ENOTSUP", ENOTSUP, "operation not supported")               \
  X(IO, "EIO", EIO, "input/output error")                                      \
  X(Again, "EAGAIN", EAGAIN, "resource temporarily unavailable")               \
  X(Interrupted, "EINTR", EINTR, "interrupted system call")                    \
  X(BrokenPipe, "EPIPE", EPIPE, "broken pipe")                                 \
  X(NotCapable, "ENOTCAPABLE", -1, "capabilities insufficient")                \
  X(NoMemory, "ENOMEM", ENOMEM, "out of memory")                               \
  X(SpecialFile, "ESPIPE", ESPIPE, "illegal seek")                             \
  X(TextBusy, "ETXTBSY", ETXTBSY, "text file busy")                            \
  X(Deadlock, "EDEADLK", EDEADLK, "resource deadlock avoided")                 \
  X(Canceled, "ECANCELED", ECANCELED, "operation canceled")                   \
  X(NoExec, "ENOEXEC", ENOEXEC, "exec format error")

enum class Errc : uint8_t {
#define X(name, posix, host, text) name,
  WASK_VFS_ERRORS(X)
#undef X
};

std::string_view posix_name(Errc e);   // "ENOENT"
std::string_view message(Errc e);      // "no such file or directory"
Errc errc_from_errno(int host_errno);  // the host's errno in this vocabulary (unknown ones: IO)

// A value or an error, nothing else: the VFS never throws.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Errc e) : v_(e) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  Errc error() const { return ok() ? Errc::Ok : std::get<1>(v_); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Errc> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Errc e) : e_(e) {}
  bool ok() const { return e_ == Errc::Ok; }
  explicit operator bool() const { return ok(); }
  Errc error() const { return e_; }

 private:
  Errc e_ = Errc::Ok;
};

}  // namespace wask::vfs
