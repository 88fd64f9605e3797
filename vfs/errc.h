// The one error vocabulary below wasi/. wasi/errno_map.h translates it to WASI errno in one place.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>

namespace wask::vfs {

// X(enumerator, POSIX name, message)
#define WASK_VFS_ERRORS(X)                                       \
  X(Ok, "OK", "success")                                         \
  X(NoEntry, "ENOENT", "no such file or directory")              \
  X(Exists, "EEXIST", "file exists")                             \
  X(NotDirectory, "ENOTDIR", "not a directory")                  \
  X(IsDirectory, "EISDIR", "is a directory")                     \
  X(NotEmpty, "ENOTEMPTY", "directory not empty")                \
  X(Loop, "ELOOP", "too many levels of symbolic links")          \
  X(NameTooLong, "ENAMETOOLONG", "file name too long")           \
  X(Invalid, "EINVAL", "invalid argument")                       \
  X(ReadOnly, "EROFS", "read-only file system")                  \
  X(CrossDevice, "EXDEV", "cross-device link")                   \
  X(Busy, "EBUSY", "device or resource busy")                    \
  X(NoSpace, "ENOSPC", "no space left on device")                \
  X(Access, "EACCES", "permission denied")                       \
  X(Permission, "EPERM", "operation not permitted")              \
  X(BadDescriptor, "EBADF", "bad file descriptor")               \
  X(TooManyOpen, "EMFILE", "too many open files")                \
  X(TooManyLinks, "EMLINK", "too many links")                    \
  X(FileTooBig, "EFBIG", "file too large")                       \
  X(Overflow, "EOVERFLOW", "value too large for defined data type") \
  X(NotSupported, "ENOTSUP", "operation not supported")          \
  X(IO, "EIO", "input/output error")                             \
  X(Again, "EAGAIN", "resource temporarily unavailable")         \
  X(Interrupted, "EINTR", "interrupted system call")             \
  X(BrokenPipe, "EPIPE", "broken pipe")                          \
  X(NotCapable, "ENOTCAPABLE", "capabilities insufficient")      \
  X(NoMemory, "ENOMEM", "out of memory")                         \
  X(SpecialFile, "ESPIPE", "illegal seek")                       \
  X(TextBusy, "ETXTBSY", "text file busy")                       \
  X(Deadlock, "EDEADLK", "resource deadlock avoided")

enum class Errc : uint8_t {
#define X(name, posix, text) name,
  WASK_VFS_ERRORS(X)
#undef X
};

std::string_view posix_name(Errc e);  // "ENOENT"
std::string_view message(Errc e);     // "no such file or directory"

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
