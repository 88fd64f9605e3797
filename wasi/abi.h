// The wasi_snapshot_preview1 ABI: errno values, rights, flags, enums and the in-memory layouts of
// its records, from the witx spec (WebAssembly/WASI legacy/preview1/witx/typenames.witx). Every
// record is little-endian with natural alignment, which is also the host's layout on x86-64 and
// aarch64; the static_asserts pin the offsets the spec gives.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wask::wasi {

static_assert(std::endian::native == std::endian::little, "guest records are copied as is");

// X(enumerator, value, name)
#define WASK_WASI_ERRNOS(X)                                                                        \
  X(Success, 0, "SUCCESS")                                                                         \
  X(TooBig, 1, "2BIG")                                                                             \
  X(Access, 2, "ACCES")                                                                            \
  X(AddrInUse, 3, "ADDRINUSE")                                                                     \
  X(AddrNotAvail, 4, "ADDRNOTAVAIL")                                                               \
  X(AfNoSupport, 5, "AFNOSUPPORT") X(Again, 6, "AGAIN") X(Already, 7, "ALREADY") X(                \
      BadF, 8, "BADF") X(BadMsg, 9, "BADMSG") X(Busy, 10, "BUSY") X(Canceled, 11, "CANCELED")      \
      X(Child, 12, "CHILD") X(ConnAborted, 13, "CONNABORTED") X(ConnRefused, 14, "CONNREFUSED") X( \
          ConnReset, 15, "CONNRESET") X(DeadLk, 16, "DEADLK") X(DestAddrReq, 17, "DESTADDRREQ")    \
          X(Dom, 18, "DOM") X(DQuot, 19, "DQUOT") X(Exist, 20, "EXIST") X(Fault, 21, "FAULT") X(   \
              FBig, 22, "FBIG") X(HostUnreach, 23, "HOSTUNREACH") X(IdRm, 24, "IDRM")              \
              X(IlSeq, 25, "ILSEQ") X(InProgress, 26, "INPROGRESS") X(Intr, 27, "INTR") X(         \
                  Inval, 28,                                                                       \
                  "INVAL") X(IO, 29,                                                               \
                             "IO") X(IsConn, 30, "ISCONN")                                         \
                  X(IsDir, 31, "ISDIR") X(Loop, 32, "LOOP") X(MFile, 33, "MFILE") X(               \
                      MLink, 34,                                                                   \
                      "MLINK") X(MsgSize, 35,                                                      \
                                 "MSGSIZE") X(Multihop, 36, "MULTIHOP")                            \
                      X(NameTooLong, 37, "NAMETOOLONG") X(NetDown, 38, "NETDOWN") X(               \
                          NetReset,                                                                \
                          39,                                                                      \
                          "NETRESET") X(NetUnreach, 40, "NETUNREACH")                              \
                          X(NFile, 41, "NFILE") X(NoBufS, 42, "NOBUFS") X(NoDev, 43, "NODEV") X(   \
                              NoEnt, 44, "NOENT") X(NoExec, 45, "NOEXEC")                          \
                              X(NoLck, 46, "NOLCK") X(NoLink, 47, "NOLINK") X(NoMem, 48, "NOMEM")  \
                                  X(NoMsg, 49, "NOMSG") X(NoProtoOpt, 50, "NOPROTOOPT") X(         \
                                      NoSpc, 51, "NOSPC") X(NoSys, 52, "NOSYS")                    \
                                      X(NotConn, 53, "NOTCONN") X(NotDir, 54, "NOTDIR") X(         \
                                          NotEmpty,                                                \
                                          55,                                                      \
                                          "NOTEMPTY") X(NotRecoverable, 56, "NOTRECOVERABLE")      \
                                          X(NotSock, 57, "NOTSOCK") X(NotSup, 58, "NOTSUP") X(     \
                                              NoTty, 59,                                           \
                                              "NOTTY") X(NxIO, 60,                                 \
                                                         "NXIO") X(Overflow, 61, "OVERFLOW")       \
                                              X(OwnerDead, 62, "OWNERDEAD") X(Perm, 63, "PERM") X( \
                                                  Pipe,                                            \
                                                  64, "PIPE") X(Proto, 65, "PROTO")                \
                                                  X(ProtoNoSupport, 66, "PROTONOSUPPORT") X(       \
                                                      ProtoType, 67, "PROTOTYPE")                  \
                                                      X(Range, 68, "RANGE") X(RoFS, 69, "ROFS") X( \
                                                          SPipe, 70, "SPIPE") X(Srch, 71, "SRCH")  \
                                                          X(Stale, 72, "STALE")                    \
                                                              X(TimedOut, 73, "TIMEDOUT")          \
                                                                  X(TxtBsy, 74, "TXTBSY")          \
                                                                      X(XDev, 75, "XDEV")          \
                                                                          X(NotCapable, 76,        \
                                                                            "NOTCAPABLE")

enum class Errno : uint16_t {
#define X(name, value, text) name = value,
  WASK_WASI_ERRNOS(X)
#undef X
};
std::string_view errno_name(Errno e);  // "NOENT"; "?" for a value outside the spec

// X(bit, name) for each 64-bit right.
#define WASK_WASI_RIGHTS(X)                                                                        \
  X(0, FD_DATASYNC)                                                                                \
  X(1, FD_READ)                                                                                    \
  X(2, FD_SEEK)                                                                                    \
  X(3, FD_FDSTAT_SET_FLAGS)                                                                        \
  X(4, FD_SYNC)                                                                                    \
  X(5, FD_TELL) X(6, FD_WRITE) X(7, FD_ADVISE) X(8, FD_ALLOCATE) X(9, PATH_CREATE_DIRECTORY)       \
      X(10, PATH_CREATE_FILE) X(11, PATH_LINK_SOURCE) X(12, PATH_LINK_TARGET) X(13, PATH_OPEN)     \
          X(14, FD_READDIR) X(15, PATH_READLINK) X(16, PATH_RENAME_SOURCE)                         \
              X(17, PATH_RENAME_TARGET) X(18, PATH_FILESTAT_GET) X(19, PATH_FILESTAT_SET_SIZE)     \
                  X(20, PATH_FILESTAT_SET_TIMES) X(21, FD_FILESTAT_GET)                            \
                      X(22, FD_FILESTAT_SET_SIZE) X(23, FD_FILESTAT_SET_TIMES) X(24, PATH_SYMLINK) \
                          X(25, PATH_REMOVE_DIRECTORY) X(26, PATH_UNLINK_FILE)                     \
                              X(27, POLL_FD_READWRITE) X(28, SOCK_SHUTDOWN) X(29, SOCK_ACCEPT)

#define WASK_WASI_FDFLAGS(X) X(0, APPEND) X(1, DSYNC) X(2, NONBLOCK) X(3, RSYNC) X(4, SYNC)
#define WASK_WASI_OFLAGS(X) X(0, CREAT) X(1, DIRECTORY) X(2, EXCL) X(3, TRUNC)
#define WASK_WASI_LOOKUPFLAGS(X) X(0, SYMLINK_FOLLOW)
#define WASK_WASI_FSTFLAGS(X) X(0, ATIM) X(1, ATIM_NOW) X(2, MTIM) X(3, MTIM_NOW)
#define WASK_WASI_RIFLAGS(X) X(0, RECV_PEEK) X(1, RECV_WAITALL)
#define WASK_WASI_SDFLAGS(X) X(0, RD) X(1, WR)
#define WASK_WASI_SUBCLOCKFLAGS(X) X(0, SUBSCRIPTION_CLOCK_ABSTIME)

// A set of flag bits of one witx `flags` type. `Tag` keeps the types apart (for the trace).
template <class Tag, class Int>
struct Flags {
  using Repr = Int;
  Int bits = 0;
  constexpr bool has(Int bit_mask) const { return (bits & bit_mask) == bit_mask && bit_mask; }
  constexpr bool any(Int bit_mask) const { return (bits & bit_mask) != 0; }
};

namespace right {
#define X(bit, name) inline constexpr uint64_t name = uint64_t{1} << bit;
WASK_WASI_RIGHTS(X)
#undef X
inline constexpr uint64_t kAll = (uint64_t{1} << 30) - 1;
}  // namespace right
namespace fdflag {
#define X(bit, name) inline constexpr uint16_t name = uint16_t(1u << bit);
WASK_WASI_FDFLAGS(X)
#undef X
inline constexpr uint16_t kAll = 0x1f;
}  // namespace fdflag
namespace oflag {
#define X(bit, name) inline constexpr uint16_t name = uint16_t(1u << bit);
WASK_WASI_OFLAGS(X)
#undef X
inline constexpr uint16_t kAll = 0xf;
}  // namespace oflag
namespace lookupflag {
inline constexpr uint32_t SYMLINK_FOLLOW = 1;
inline constexpr uint32_t kAll = 1;
}  // namespace lookupflag
namespace fstflag {
#define X(bit, name) inline constexpr uint16_t name = uint16_t(1u << bit);
WASK_WASI_FSTFLAGS(X)
#undef X
inline constexpr uint16_t kAll = 0xf;
}  // namespace fstflag
namespace riflag {
inline constexpr uint16_t RECV_PEEK = 1, RECV_WAITALL = 2, kAll = 3;
}
namespace sdflag {
inline constexpr uint8_t RD = 1, WR = 2, kAll = 3;
}
namespace subclockflag {
inline constexpr uint16_t ABSTIME = 1;
}
namespace eventrwflag {
inline constexpr uint16_t HANGUP = 1;
}

struct RightsTag {};
struct FdFlagsTag {};
struct OFlagsTag {};
struct LookupFlagsTag {};
struct FstFlagsTag {};
struct RiFlagsTag {};
struct SiFlagsTag {};
struct SdFlagsTag {};
using Rights = Flags<RightsTag, uint64_t>;
using FdFlags = Flags<FdFlagsTag, uint16_t>;
using OFlags = Flags<OFlagsTag, uint16_t>;
using LookupFlags = Flags<LookupFlagsTag, uint32_t>;
using FstFlags = Flags<FstFlagsTag, uint16_t>;
using RiFlags = Flags<RiFlagsTag, uint16_t>;
using SiFlags = Flags<SiFlagsTag, uint16_t>;
using SdFlags = Flags<SdFlagsTag, uint8_t>;

// The valid bits of each flags type: a set bit outside them is EINVAL, as wasmtime's bindings say.
template <class F>
constexpr typename F::Repr valid_bits();
template <>
constexpr uint64_t valid_bits<Rights>() {
  return right::kAll;
}
template <>
constexpr uint16_t valid_bits<FdFlags>() {
  return fdflag::kAll;
}
template <>
constexpr uint16_t valid_bits<OFlags>() {
  return oflag::kAll;
}
template <>
constexpr uint32_t valid_bits<LookupFlags>() {
  return lookupflag::kAll;
}
template <>
constexpr uint16_t valid_bits<FstFlags>() {
  return fstflag::kAll;
}
template <>
constexpr uint16_t valid_bits<RiFlags>() {
  return riflag::kAll;
}
template <>
constexpr uint16_t valid_bits<SiFlags>() {
  return 0;
}
template <>
constexpr uint8_t valid_bits<SdFlags>() {
  return sdflag::kAll;
}

std::string flag_names(Rights r);  // "FD_READ|FD_WRITE", "0"
std::string flag_names(FdFlags f);
std::string flag_names(OFlags f);
std::string flag_names(LookupFlags f);
std::string flag_names(FstFlags f);
std::string flag_names(RiFlags f);
std::string flag_names(SiFlags f);
std::string flag_names(SdFlags f);

// Enumerations: X(enumerator, value, name).
#define WASK_WASI_WHENCES(X) X(Set, 0, "SET") X(Cur, 1, "CUR") X(End, 2, "END")
#define WASK_WASI_CLOCKIDS(X)  \
  X(Realtime, 0, "REALTIME")   \
  X(Monotonic, 1, "MONOTONIC") \
  X(ProcessCputime, 2, "PROCESS_CPUTIME_ID") X(ThreadCputime, 3, "THREAD_CPUTIME_ID")
#define WASK_WASI_ADVICES(X)     \
  X(Normal, 0, "NORMAL")         \
  X(Sequential, 1, "SEQUENTIAL") \
  X(Random, 2, "RANDOM")         \
  X(WillNeed, 3, "WILLNEED") X(DontNeed, 4, "DONTNEED") X(NoReuse, 5, "NOREUSE")
#define WASK_WASI_FILETYPES(X)                                          \
  X(Unknown, 0, "UNKNOWN")                                              \
  X(BlockDevice, 1, "BLOCK_DEVICE")                                     \
  X(CharacterDevice, 2, "CHARACTER_DEVICE")                             \
  X(Directory, 3, "DIRECTORY")                                          \
  X(RegularFile, 4, "REGULAR_FILE")                                     \
  X(SocketDgram, 5, "SOCKET_DGRAM") X(SocketStream, 6, "SOCKET_STREAM") \
      X(SymbolicLink, 7, "SYMBOLIC_LINK")
#define WASK_WASI_EVENTTYPES(X) \
  X(Clock, 0, "CLOCK") X(FdRead, 1, "FD_READ") X(FdWrite, 2, "FD_WRITE")

enum class Whence : uint8_t {
#define X(name, value, text) name = value,
  WASK_WASI_WHENCES(X)
#undef X
};
enum class ClockId : uint32_t {
#define X(name, value, text) name = value,
  WASK_WASI_CLOCKIDS(X)
#undef X
};
enum class Advice : uint8_t {
#define X(name, value, text) name = value,
  WASK_WASI_ADVICES(X)
#undef X
};
enum class Filetype : uint8_t {
#define X(name, value, text) name = value,
  WASK_WASI_FILETYPES(X)
#undef X
};
enum class EventType : uint8_t {
#define X(name, value, text) name = value,
  WASK_WASI_EVENTTYPES(X)
#undef X
};
// Signals are only named in the trace; proc_raise is not supported (as in wasmtime).
enum class Signal : uint8_t {};

std::string_view enum_name(Whence v);
std::string_view enum_name(ClockId v);
std::string_view enum_name(Advice v);
std::string_view enum_name(Filetype v);
std::string_view enum_name(EventType v);
// Largest valid value of each enum, for decoding guest values (larger ones are EINVAL).
template <class E>
constexpr uint32_t enum_max();
template <>
constexpr uint32_t enum_max<Whence>() {
  return 2;
}
template <>
constexpr uint32_t enum_max<ClockId>() {
  return 3;
}
template <>
constexpr uint32_t enum_max<Advice>() {
  return 5;
}
template <>
constexpr uint32_t enum_max<Signal>() {
  return 30;
}

// Scalars with their own meaning (and their own trace format).
struct Fd {
  uint32_t value = 0;
  bool operator==(const Fd&) const = default;
};
struct ExitCode {
  uint32_t value = 0;
};
using Size = uint32_t;
using FileSize = uint64_t;
using FileDelta = int64_t;
using Timestamp = uint64_t;
using DirCookie = uint64_t;
using Userdata = uint64_t;

// Records, laid out as in guest memory.
struct Iovec {
  uint32_t buf;
  uint32_t buf_len;
};
using Ciovec = Iovec;
static_assert(sizeof(Iovec) == 8);

struct Fdstat {
  Filetype fs_filetype;
  uint8_t pad0 = 0;
  uint16_t fs_flags;
  uint32_t pad1 = 0;
  uint64_t fs_rights_base;
  uint64_t fs_rights_inheriting;
};
static_assert(sizeof(Fdstat) == 24 && offsetof(Fdstat, fs_flags) == 2 &&
              offsetof(Fdstat, fs_rights_base) == 8 &&
              offsetof(Fdstat, fs_rights_inheriting) == 16);

struct Filestat {
  uint64_t dev;
  uint64_t ino;
  Filetype filetype;
  uint8_t pad[7] = {};
  uint64_t nlink;
  uint64_t size;
  uint64_t atim;
  uint64_t mtim;
  uint64_t ctim;
};
static_assert(sizeof(Filestat) == 64 && offsetof(Filestat, filetype) == 16 &&
              offsetof(Filestat, nlink) == 24 && offsetof(Filestat, ctim) == 56);

// A dirent header; the name (d_namlen bytes, no NUL) follows it directly in the buffer.
struct Dirent {
  uint64_t d_next;
  uint64_t d_ino;
  uint32_t d_namlen;
  Filetype d_type;
  uint8_t pad[3] = {};
};
static_assert(sizeof(Dirent) == 24 && offsetof(Dirent, d_namlen) == 16 &&
              offsetof(Dirent, d_type) == 20);

struct Prestat {
  uint8_t tag;  // 0 = dir, the only preopen type
  uint8_t pad[3] = {};
  uint32_t pr_name_len;
};
static_assert(sizeof(Prestat) == 8 && offsetof(Prestat, pr_name_len) == 4);

struct Subscription {
  uint64_t userdata;
  EventType tag;
  uint8_t pad0[7];
  union {
    struct {
      uint32_t id;  // ClockId
      uint32_t pad;
      uint64_t timeout;
      uint64_t precision;
      uint16_t flags;  // subclockflags
      uint8_t pad2[6];
    } clock;
    struct {
      uint32_t file_descriptor;
    } fd_readwrite;
  } u;
};
static_assert(sizeof(Subscription) == 48 && offsetof(Subscription, u) == 16 &&
              offsetof(Subscription, u.clock.timeout) == 24 &&
              offsetof(Subscription, u.clock.precision) == 32 &&
              offsetof(Subscription, u.clock.flags) == 40);

struct Event {
  uint64_t userdata;
  uint16_t error;  // Errno
  EventType type;
  uint8_t pad0[5] = {};
  uint64_t nbytes;  // fd_readwrite.nbytes
  uint16_t flags;   // fd_readwrite.flags (eventrwflags)
  uint8_t pad1[6] = {};
};
static_assert(sizeof(Event) == 32 && offsetof(Event, error) == 8 && offsetof(Event, type) == 10 &&
              offsetof(Event, nbytes) == 16 && offsetof(Event, flags) == 24);

}  // namespace wask::wasi
