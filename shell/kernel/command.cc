// find_command: the one PATH lookup, inside the VFS.
#include <cstring>
#include <string>

#include "shell/kernel/kernel.h"
#include "wasi/errno_map.h"

namespace wask::shell {

namespace {

// dir + "/" + name without "." components ("/home/u" + "./proc" -> "/home/u/proc").
std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  while (!name.empty()) {
    size_t end = std::min(name.find('/'), name.size());
    std::string_view part = name.substr(0, end);
    name.remove_prefix(std::min(end + 1, name.size()));
    if (part.empty() || part == ".") continue;
    if (out.empty() || out.back() != '/') out += '/';
    out.append(part);
  }
  return out.empty() ? "/" : out;
}

// A runnable command: a regular file that starts like a wasm binary. Execute bits are not
// asked for: memfs creates files 0644, and the agent-os package ships its commands 0644 too.
wasi::Errno check_command(vfs::Vfs& fs, const std::string& path) {
  auto st = fs.stat(fs.root(), path);
  if (!st) {
    vfs::Errc e = st.error();
    return e == vfs::Errc::NoEntry || e == vfs::Errc::NotDirectory ? wasi::Errno::NoEnt
                                                                   : wasi::Errno::Access;
  }
  if (st->type != vfs::FileType::Regular) return wasi::Errno::Access;
  auto file = fs.open(fs.root(), path, {.read = true});
  if (!file) return wasi::Errno::Access;
  std::byte magic[8] = {};
  auto n = (*file)->pread(magic, 0);
  static constexpr unsigned char kWasm[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
  if (!n || *n != 8 || std::memcmp(magic, kWasm, 8) != 0) return wasi::Errno::NoExec;
  return wasi::Errno::Success;
}

}  // namespace

wasi::Expected<std::string> find_command(vfs::Vfs& fs, std::string_view name,
                                         std::string_view path_env, std::string_view cwd) {
  if (name.empty()) return wasi::Errno::NoEnt;
  if (name.find('/') != std::string_view::npos) {
    std::string path = join_path(name.front() == '/' ? "/" : cwd, name);
    wasi::Errno e = check_command(fs, path);
    if (e != wasi::Errno::Success) return e;
    return path;
  }
  // As execvp: the first runnable match wins; if none, the first other error beats ENOENT.
  wasi::Errno first_error = wasi::Errno::NoEnt;
  size_t i = 0;
  while (i <= path_env.size()) {
    size_t j = std::min(path_env.find(':', i), path_env.size());
    std::string_view dir = path_env.substr(i, j - i);
    i = j + 1;
    if (path_env.empty()) break;
    std::string base = dir.empty()          ? std::string(cwd)
                       : dir.front() == '/' ? std::string(dir)
                                            : join_path(cwd, dir);
    std::string path = join_path(base, name);
    wasi::Errno e = check_command(fs, path);
    if (e == wasi::Errno::Success) return path;
    if (e != wasi::Errno::NoEnt && first_error == wasi::Errno::NoEnt) first_error = e;
  }
  return first_error;
}

}  // namespace wask::shell
