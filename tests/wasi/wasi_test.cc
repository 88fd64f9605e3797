#define BOOST_TEST_MODULE wasi
// Unit tests of the wasi/ library pieces: guest memory bounds, errno mapping, path decoding, the
// fd table and the adapter (through make_preview1_function with a real Store).
#include <boost/test/unit_test.hpp>
#include <set>

#include "backends/memfs/memfs.h"
#include "interp/engine.h"
#include "shell/wasi_command.h"
#include "vfs/vfs.h"
#include "wasi/bind.h"
#include "wasi/errno_map.h"
#include "wasi/fd_table.h"
#include "wasi/preview1.h"

namespace wask::wasi {

std::ostream& operator<<(std::ostream& out, Errno e) { return out << "E" << errno_name(e); }

namespace {

BOOST_AUTO_TEST_SUITE(wasi_unit)

BOOST_AUTO_TEST_CASE(guest_memory_checks_every_range_in_64_bits) {
  std::vector<uint8_t> bytes(100);
  GuestMemory mem{std::span<uint8_t>(bytes)};
  BOOST_TEST(mem.slice(0, 100).ok());
  BOOST_TEST(mem.slice(100, 0).ok());
  BOOST_TEST(!mem.slice(100, 1).ok());
  BOOST_TEST(!mem.slice(99, 2).ok());
  BOOST_TEST((mem.slice(0xffffffff, 2).error() == Errno::Fault));  // would wrap in 32 bits
  BOOST_TEST(!mem.array(GuestPtr<Iovec>{0}, 13).ok());             // 104 bytes
  BOOST_TEST(mem.array(GuestPtr<Iovec>{4}, 12).ok());
  BOOST_TEST(!mem.array(GuestPtr<Iovec>{0}, uint64_t{1} << 61).ok());  // 2^64 overflow checked
  BOOST_TEST((mem.write(GuestPtr<uint64_t>{96}, uint64_t{1}) == Errno::Fault));
  BOOST_TEST((mem.write(GuestPtr<uint64_t>{92}, uint64_t{0x0102030405060708}) == Errno::Success));
  BOOST_TEST(bytes[92] == 0x08);  // little-endian, as wasm
  BOOST_TEST(*mem.read(GuestPtr<uint64_t>{92}) == 0x0102030405060708u);
}

BOOST_AUTO_TEST_CASE(every_vfs_error_has_its_own_errno) {
  std::set<Errno> seen;
#define X(name, posix, host, text)                                                    \
  {                                                                             \
    Errno e = to_errno(vfs::Errc::name);                                        \
    BOOST_TEST_INFO(posix);                                                     \
    BOOST_TEST((std::string("E") + std::string(errno_name(e)) == posix ||       \
                (vfs::Errc::name == vfs::Errc::Ok && e == Errno::Success) ||    \
                (vfs::Errc::name == vfs::Errc::Access && e == Errno::Access))); \
    seen.insert(e);                                                             \
  }
  WASK_VFS_ERRORS(X)
#undef X
  BOOST_TEST(seen.size() == size_t(static_cast<int>(vfs::Errc::NoExec) + 1));  // one each
  BOOST_TEST((to_errno(vfs::Errc::ReadOnly) == Errno::RoFS));
  BOOST_TEST(unsigned(Errno::RoFS) == 69u);
}

BOOST_AUTO_TEST_CASE(paths_must_be_in_bounds_utf8_without_nul) {
  using namespace std::string_literals;  // the text holds a NUL
  std::string text = "ok/\xc3\xa9t\xc3\xa9|bad\xff|over\xc0\xaf|nul\0x|sur\xed\xa0\x80"s;
  std::vector<uint8_t> bytes(text.begin(), text.end());
  GuestMemory mem{std::span<uint8_t>(bytes)};
  auto part = [&](std::string_view piece) {
    size_t at = std::string_view(text).find(piece);
    return decode_path(mem, uint32_t(at), uint32_t(piece.size()));
  };
  BOOST_TEST(part("ok/\xc3\xa9t\xc3\xa9").ok());
  BOOST_TEST((part("bad\xff").error() == Errno::IlSeq));
  BOOST_TEST((part("over\xc0\xaf").error() == Errno::IlSeq));
  BOOST_TEST((part(std::string_view("nul\0x", 5)).error() == Errno::Inval));
  BOOST_TEST((part("sur\xed\xa0\x80").error() == Errno::IlSeq));
  BOOST_TEST((part("ok/\xc3").error() == Errno::IlSeq));  // cut in the middle of a character
  BOOST_TEST((decode_path(mem, uint32_t(bytes.size()), 1).error() == Errno::Fault));
}

BOOST_AUTO_TEST_CASE(fd_table_numbers_limits_and_rights) {
  FdTable table(4);
  FdEntry e;
  e.base.bits = right::FD_READ;
  e.path = "/x";
  BOOST_TEST(table.insert(e)->value == 0u);
  BOOST_TEST(table.insert(e)->value == 1u);
  BOOST_TEST(table.insert(e)->value == 2u);
  BOOST_TEST(table.close(Fd{1}) == Errno::Success);
  BOOST_TEST(table.insert(e)->value == 1u);  // the lowest free fd
  BOOST_TEST(table.insert(e)->value == 3u);
  BOOST_TEST((table.insert(e).error() == Errno::MFile));
  BOOST_TEST((table.get(Fd{9}).error() == Errno::BadF));
  BOOST_TEST((table.get(Fd{0}, right::FD_WRITE).error() == Errno::NotCapable));
  BOOST_TEST(table.get(Fd{0}, right::FD_READ).ok());
  BOOST_TEST(table.renumber(Fd{0}, Fd{3}) == Errno::Success);
  BOOST_TEST((table.get(Fd{0}).error() == Errno::BadF));
  BOOST_TEST(table.renumber(Fd{3}, Fd{7}) == Errno::BadF);
  BOOST_TEST(table.describe(Fd{3}) == "3</x>");
}

BOOST_AUTO_TEST_CASE(every_preview1_function_is_bound) {
  auto vm = std::make_shared<vfs::Vfs>();
  BOOST_REQUIRE(vm->mount("/", backends::Memfs::create()).ok());
  auto ctx = WasiContext::create({.vfs = vm});
  BOOST_REQUIRE(ctx.ok());
  BOOST_TEST(preview1_syscalls().size() == 46u);
  for (const SyscallInfo& row : preview1_syscalls()) {
    BOOST_TEST_INFO(row.name);
    BOOST_TEST(bool(make_preview1_function(row.name, **ctx)));
  }
  BOOST_TEST(!make_preview1_function("fd_nothing", **ctx));
}

BOOST_AUTO_TEST_CASE(adapter_traces_and_answers_errnos_without_memory) {
  auto vm = std::make_shared<vfs::Vfs>();
  BOOST_REQUIRE(vm->mount("/", backends::Memfs::create()).ok());
  std::vector<std::string> lines;
  auto ctx = WasiContext::create(
      {.vfs = vm, .trace = [&](std::string_view line) { lines.emplace_back(line); }});
  BOOST_REQUIRE(ctx.ok());
  interp::Store store;
  interp::HostCall call{store, nullptr};  // no caller: no memory, so every pointer is EFAULT
  auto invoke = [&](std::string_view name, std::vector<interp::Value> args) {
    std::vector<interp::Value> results(1);
    interp::Outcome outcome = make_preview1_function(name, **ctx)(call, args, results);
    BOOST_TEST(outcome.ok());
    return results[0].i32;
  };
  using interp::Value;
  BOOST_TEST(invoke("fd_close", {Value::make_i32(99)}) == 8u);  // EBADF
  BOOST_TEST(lines.back() == "fd_close(99) = 8 EBADF");
  BOOST_TEST(invoke("args_sizes_get", {Value::make_i32(0), Value::make_i32(4)}) == 21u);
  BOOST_TEST(invoke("fd_seek", {Value::make_i32(3), Value::make_i64(0), Value::make_i32(7),
                                Value::make_i32(0)}) == 28u);  // EINVAL: whence
  BOOST_TEST(lines.back() == "fd_seek(3</>, 0, <INVAL>, 0x0) = 28 EINVAL");
  BOOST_TEST(invoke("path_open", {Value::make_i32(3), Value::make_i32(1), Value::make_i32(0),
                                  Value::make_i32(4), Value::make_i32(0), Value::make_i64(0),
                                  Value::make_i64(0), Value::make_i32(0), Value::make_i32(0)}) ==
             21u);  // EFAULT: the path
  BOOST_TEST(invoke("fd_close", {Value::make_i32(4)}) == 0u);
  BOOST_TEST(lines.back() == "fd_close(4<" + std::string("/") + ">) = 0");
  std::vector<interp::Value> none;
  interp::Outcome exit = make_preview1_function("proc_exit", **ctx)(
      call, std::vector<interp::Value>{Value::make_i32(3)}, none);
  BOOST_TEST((exit.kind == interp::OutcomeKind::Exit));
  BOOST_TEST(exit.exit_code == 3);
}

BOOST_AUTO_TEST_CASE(mount_specs_parse_like_wasmtime) {
  using shell::MountSpec;
  auto dir = std::get<MountSpec>(shell::parse_dir_spec("/srv/data::/mnt/session"));
  BOOST_TEST(dir.host_path == "/srv/data");
  BOOST_TEST(dir.guest_path == "/mnt/session");
  BOOST_TEST(!dir.read_only);
  BOOST_TEST(std::get<MountSpec>(shell::parse_dir_spec("/srv/data/")).guest_path == "/srv/data");
  BOOST_TEST(std::get<MountSpec>(shell::parse_dir_spec("/srv::/")).guest_path == "/");
  // Relative guests start at the VM root, where wasi-libc looks for them under wasmtime too.
  BOOST_TEST(std::get<MountSpec>(shell::parse_dir_spec(".")).guest_path == "/");
  BOOST_TEST(std::get<MountSpec>(shell::parse_dir_spec("./data/")).guest_path == "/data");
  BOOST_TEST(std::get<MountSpec>(shell::parse_dir_spec("data")).host_path == "data");
  BOOST_TEST(std::get<MountSpec>(shell::parse_dir_spec("/x::sub/dir")).guest_path == "/sub/dir");
  auto ro = std::get<MountSpec>(shell::parse_mount_spec("/mnt/s=host:/srv/x,ro"));
  BOOST_TEST(ro.host_path == "/srv/x");
  BOOST_TEST(ro.read_only);
  BOOST_TEST(
      (std::get<MountSpec>(shell::parse_mount_spec("/m=mem")).kind == MountSpec::Kind::Memory));
  BOOST_TEST(shell::parse_mount_spec("relative=mem").index() == 1u);
  BOOST_TEST(shell::parse_mount_spec("/m=ftp:x").index() == 1u);
  BOOST_TEST(shell::parse_dir_spec("::/x").index() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wask::wasi
