// args_*, environ_*, clocks, random_get, sched_yield, proc_*, and the socket calls.
#include <thread>

#include "wasi/syscalls.h"

namespace wask::wasi::syscalls {

namespace {

// The preview1 layout of a string list: a table of pointers, then the NUL-terminated strings.
Errno write_string_list(Call& c, const std::vector<std::string>& list,
                        GuestPtr<GuestPtr<uint8_t>> table, GuestPtr<uint8_t> buf) {
  uint64_t size = 0;
  for (auto& s : list) size += s.size() + 1;
  auto table_bytes = c.mem.array(table, list.size());
  if (!table_bytes) return table_bytes.error();
  auto buf_bytes = c.mem.slice(buf.addr, size);
  if (!buf_bytes) return buf_bytes.error();
  uint32_t at = buf.addr;
  for (size_t i = 0; i < list.size(); ++i) {
    if (Errno e = c.mem.write(table + uint32_t(i), GuestPtr<uint8_t>{at}); e != Errno::Success)
      return e;
    std::vector<uint8_t> bytes(list[i].begin(), list[i].end());
    bytes.push_back(0);
    if (Errno e = c.mem.write_bytes(at, bytes); e != Errno::Success) return e;
    at += uint32_t(bytes.size());
  }
  return Errno::Success;
}

Errno write_sizes(Call& c, const std::vector<std::string>& list, GuestPtr<Size> count,
                  GuestPtr<Size> buf_size) {
  uint64_t size = 0;
  for (auto& s : list) size += s.size() + 1;
  if (Errno e = c.mem.write(count, Size(list.size())); e != Errno::Success) return e;
  return c.mem.write(buf_size, Size(size));
}

// Sockets: none is ever preopened, so every fd is either closed or not a socket.
Errno not_a_socket(Call& c, Fd fd) {
  auto entry = c.ctx.fds().get(fd);
  return entry ? Errno::NotSock : entry.error();
}

}  // namespace

Errno args_get(Call& c, GuestPtr<GuestPtr<uint8_t>> argv, GuestPtr<uint8_t> argv_buf) {
  return write_string_list(c, c.ctx.options().args, argv, argv_buf);
}
Errno args_sizes_get(Call& c, GuestPtr<Size> argc, GuestPtr<Size> argv_buf_size) {
  return write_sizes(c, c.ctx.options().args, argc, argv_buf_size);
}
Errno environ_get(Call& c, GuestPtr<GuestPtr<uint8_t>> environ, GuestPtr<uint8_t> environ_buf) {
  return write_string_list(c, c.ctx.options().environ, environ, environ_buf);
}
Errno environ_sizes_get(Call& c, GuestPtr<Size> count, GuestPtr<Size> buf_size) {
  return write_sizes(c, c.ctx.options().environ, count, buf_size);
}

Errno clock_res_get(Call& c, ClockId id, GuestPtr<Timestamp> resolution) {
  return c.mem.write(resolution, c.ctx.resolution(id));
}
Errno clock_time_get(Call& c, ClockId id, Timestamp, GuestPtr<Timestamp> time) {
  auto now = c.ctx.now(id);
  if (!now) return now.error();
  return c.mem.write(time, *now);
}

Errno random_get(Call& c, GuestPtr<uint8_t> buf, Size buf_len) {
  auto bytes = c.mem.slice(buf.addr, buf_len);
  if (!bytes) return bytes.error();
  c.ctx.fill_random(*bytes);
  return Errno::Success;
}

Errno sched_yield(Call&) {
  std::this_thread::yield();
  return Errno::Success;
}

Exit proc_exit(Call&, ExitCode code) { return Exit{code.value}; }

// Signals have no meaning in a WASI process; wasmtime does not implement proc_raise either.
Errno proc_raise(Call&, Signal) { return Errno::NoSys; }

Errno sock_accept(Call& c, Fd fd, FdFlags, GuestPtr<Fd>) { return not_a_socket(c, fd); }
Errno sock_recv(Call& c, Fd fd, GuestPtr<Iovec>, Size, RiFlags, GuestPtr<Size>,
                GuestPtr<uint16_t>) {
  return not_a_socket(c, fd);
}
Errno sock_send(Call& c, Fd fd, GuestPtr<Ciovec>, Size, SiFlags, GuestPtr<Size>) {
  return not_a_socket(c, fd);
}
Errno sock_shutdown(Call& c, Fd fd, SdFlags) { return not_a_socket(c, fd); }

}  // namespace wask::wasi::syscalls
