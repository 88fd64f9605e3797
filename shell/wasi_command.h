// Running a WASI command module (`_start`) over the kernel VFS: the library behind `wask run
// MODULE.wasm`, also used by tests and embedders. The VM's namespace is built from mount specs
// (host directories, memfs) on a fresh memfs root unless one is mounted at "/".
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "interp/engine.h"
#include "shell/kernel/module_cache.h"
#include "vfs/vfs.h"
#include "wasi/stream.h"

namespace wask::shell {

struct MountSpec {
  enum class Kind { Host, Memory } kind = Kind::Memory;
  std::string guest_path;  // absolute VM path
  std::string host_path;   // Host only
  bool read_only = false;
  // Memory only: the memfs budget (size=N[K|M|G], inodes=N); unset: the memfs defaults.
  std::optional<uint64_t> max_bytes, max_inodes;
};

// `--dir HOST[::GUEST]` (wasmtime's syntax). GUEST defaults to HOST; a relative GUEST is taken
// from the VM root, so `--dir .` makes the host's "." the VM root, as it is under wasmtime.
std::variant<MountSpec, std::string> parse_dir_spec(std::string_view text);
// `--mount GUEST=host:PATH[,ro]` or `--mount GUEST=mem[,ro][,size=N][,inodes=N]` (options in
// any order at the end; N takes K, M or G for size).
std::variant<MountSpec, std::string> parse_mount_spec(std::string_view text);

// Builds a VFS with `mounts` in order (a fresh memfs at "/" first unless one of them is "/").
// Directories a guest path needs inside the root memfs are created. Error text on failure.
std::variant<std::shared_ptr<vfs::Vfs>, std::string> build_vfs(const std::vector<MountSpec>& mounts,
                                                               bool deterministic);

struct CommandSpec {
  std::vector<std::string> args;     // argv: args[0] is the program name
  std::vector<std::string> environ;  // "KEY=VALUE"
  std::string cwd = "/";
  // Add PWD=cwd to environ unless it has one (`wask run` does only when --cwd is given, so a
  // guest otherwise sees exactly the environment it was given).
  bool pwd_from_cwd = true;
  std::optional<std::chrono::milliseconds> timeout;  // then the guest ends with 124
  std::shared_ptr<ModuleCache> modules;              // for the processes it spawns; null: private
  bool preopens = true;  // fd 3 = "/", fd 4 = the cwd (wasi::WasiOptions::preopens)
  bool deterministic = false;
  interp::StoreConfig limits;
  std::shared_ptr<wasi::Stream> stdin_stream, stdout_stream, stderr_stream;
  std::ostream* trace = nullptr;  // --trace-wasi: one line per syscall
};

// Runs `_start` of `module` in `vfs` as process 1 of a fresh kernel (so the guest may spawn
// others through host_process), and waits for it. Traps with backtraces and link errors go to
// the guest's stderr; a bad cwd to `diagnostics`. Returns the guest's exit code, 134 for a trap,
// 124 when the timeout fired, 2 for a link or setup error.
int run_wasi_command(std::shared_ptr<const interp::Module> module, std::shared_ptr<vfs::Vfs> vfs,
                     const CommandSpec& spec, std::ostream& diagnostics);

// Reads and loads a module file (through `options`, its name set to `path`); an error message
// on failure.
std::variant<std::shared_ptr<const interp::Module>, std::string> load_module_file(
    const std::string& path, interp::LoadOptions options = {});

// A module file's bytes and what keeps them alive: a read-only private mapping of a regular file
// (the module translates bodies from it later, and untouched pages cost no memory), else a copy.
struct ModuleFile {
  std::span<const uint8_t> bytes;
  std::shared_ptr<const void> owner;
  bool mapped = false;
  // Options that make Module::load keep these bytes (and drop validated pages of a mapping),
  // on top of `base` (e.g. the on-disk cache's).
  interp::LoadOptions load_options(std::string name, interp::LoadOptions base = {}) const;
};
// "cannot read 'PATH': REASON" on failure.
std::variant<ModuleFile, std::string> read_module_file(const std::string& path);

}  // namespace wask::shell
