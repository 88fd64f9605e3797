#include "shell/wasi_command.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>

#include "backends/devfs/devfs.h"
#include "backends/hostfs/hostfs.h"
#include "backends/memfs/memfs.h"
#include "shell/bin_commands.h"
#include "shell/cli_options.h"
#include "shell/invoke.h"
#include "shell/kernel/kernel.h"
#include "wasi/context.h"

namespace wask::shell {

namespace {

bool is_absolute_vm_path(std::string_view p) { return !p.empty() && p.front() == '/'; }

// "/a/./b/" -> "/a/b"; ".." is refused by the mount table anyway.
std::string clean_vm_path(std::string_view p) {
  std::string out;
  size_t i = 0;
  while (i < p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    std::string_view part = p.substr(i, j - i);
    if (!part.empty() && part != ".") {
      out += '/';
      out += part;
    }
    i = j + 1;
  }
  return out.empty() ? "/" : out;
}

}  // namespace

std::variant<MountSpec, std::string> parse_dir_spec(std::string_view text) {
  MountSpec spec;
  spec.kind = MountSpec::Kind::Host;
  std::string_view host = text, guest;
  if (size_t sep = text.find("::"); sep != std::string_view::npos) {
    host = text.substr(0, sep);
    guest = text.substr(sep + 2);
  }
  if (host.empty()) return std::string("needs a host directory (HOST[::GUEST])");
  spec.host_path = std::string(host);
  if (guest.empty()) guest = host;
  // A relative GUEST is taken from the VM root, because that is where wasi-libc (which starts in
  // "/" and strips "./" from preopen names) looks for it under wasmtime too: `--dir .` serves
  // every path from the host's ".", `--dir data` serves "data/..." and "/data/...".
  std::string from_root = "/";
  from_root += guest;
  spec.guest_path = clean_vm_path(from_root);
  return spec;
}

std::variant<MountSpec, std::string> parse_mount_spec(std::string_view text) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return std::string("expected GUEST=host:PATH[,ro] or GUEST=mem[,ro]");
  MountSpec spec;
  std::string_view guest = text.substr(0, eq), source = text.substr(eq + 1);
  if (!is_absolute_vm_path(guest)) return fmt::format("'{}' is not an absolute VM path", guest);
  spec.guest_path = clean_vm_path(guest);
  // Options come last, each after a comma; what is left is the source (a host path may hold
  // commas of its own).
  for (size_t comma; (comma = source.rfind(',')) != std::string_view::npos;) {
    std::string_view option = source.substr(comma + 1);
    if (option == "ro") {
      spec.read_only = true;
    } else if (option.starts_with("size=")) {
      spec.max_bytes = parse_byte_size(option.substr(5));
      if (!spec.max_bytes) return fmt::format("'{}' is not a byte size", option.substr(5));
    } else if (option.starts_with("inodes=")) {
      spec.max_inodes = parse_count(option.substr(7));
      if (!spec.max_inodes) return fmt::format("'{}' is not a count", option.substr(7));
    } else {
      break;
    }
    source = source.substr(0, comma);
  }
  if ((spec.max_bytes || spec.max_inodes) && source != "mem")
    return std::string("size= and inodes= are for mem mounts");
  if (source == "mem") {
    spec.kind = MountSpec::Kind::Memory;
  } else if (source.substr(0, 5) == "host:" && source.size() > 5) {
    spec.kind = MountSpec::Kind::Host;
    spec.host_path = std::string(source.substr(5));
  } else {
    return fmt::format("unknown source '{}' (expected host:PATH or mem)", source);
  }
  return spec;
}

std::variant<std::shared_ptr<vfs::Vfs>, std::string> build_vfs(const std::vector<MountSpec>& mounts,
                                                               bool deterministic) {
  // Deterministic runs stamp every new file with the same fixed instant.
  std::function<uint64_t()> clock;
  if (deterministic) clock = [] { return wasi::kDeterministicEpochNs; };
  vfs::Vfs::Options options;
  options.clock = clock;
  auto fs = std::make_shared<vfs::Vfs>(options);

  bool has_root = false;
  for (const MountSpec& m : mounts) has_root |= m.guest_path == "/";
  std::vector<const MountSpec*> order;
  for (const MountSpec& m : mounts)
    if (m.guest_path == "/")
      order.insert(order.begin(), &m);
    else
      order.push_back(&m);
  if (!has_root) {
    auto mounted = fs->mount("/", backends::Memfs::create({.clock = clock}));
    if (!mounted)
      return fmt::format("cannot mount the root memfs: {}", vfs::message(mounted.error()));
    (void)fs->mkdir_p("/tmp");  // a scratch directory, as every Unix has
  }
  // Directory listings of every host mount share one bound: the VM's.
  auto listing_budget = std::make_shared<backends::ListingBudget>();
  for (const MountSpec* m : order) {
    std::shared_ptr<vfs::Backend> backend;
    if (m->kind == MountSpec::Kind::Memory) {
      backend = backends::Memfs::create(
          {.max_bytes = m->max_bytes.value_or(backends::kMemfsDefaultMaxBytes),
           .max_inodes = m->max_inodes.value_or(backends::kMemfsDefaultMaxInodes),
           .clock = clock});
    } else {
      auto host = backends::Hostfs::create(
          m->host_path, {.read_only = m->read_only, .listing_budget = listing_budget});
      if (!host)
        return fmt::format("cannot mount host directory '{}': {}", m->host_path,
                           vfs::message(host.error()));
      backend = *host;
    }
    // The mount point's parents exist even if nothing holds them (synthetic directories).
    auto mounted = fs->mount(m->guest_path, backend, {.read_only = m->read_only});
    if (!mounted)
      return fmt::format("cannot mount at '{}': {}", m->guest_path, vfs::message(mounted.error()));
  }
  // Every VM has /dev (null, zero, urandom, stdin, stdout, stderr) unless a mount took the name.
  std::optional<uint64_t> seed = deterministic ? std::optional<uint64_t>(0) : std::nullopt;
  (void)fs->mount("/dev", backends::make_devfs({.seed = seed, .clock = clock}));
  if (auto error = mount_bin(*fs, mounts)) return *error;  // the embedded commands
  return fs;
}

std::variant<ModuleFile, std::string> read_module_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fmt::format("cannot read '{}': {}", path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    const size_t size = static_cast<size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return fmt::format("cannot map '{}': {}", path, std::strerror(errno));
    std::shared_ptr<const void> owner(
        map, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
    return ModuleFile{std::span<const uint8_t>(static_cast<const uint8_t*>(map), size), owner,
                      true};
  }
  ::close(fd);
  std::ifstream file(path, std::ios::binary);
  if (!file) return fmt::format("cannot read '{}': {}", path, std::strerror(errno));
  auto copy = std::make_shared<const std::vector<uint8_t>>((std::istreambuf_iterator<char>(file)),
                                                           std::istreambuf_iterator<char>());
  return ModuleFile{std::span<const uint8_t>(copy->data(), copy->size()), copy, false};
}

interp::LoadOptions ModuleFile::load_options(std::string name, interp::LoadOptions options) const {
  options.name = std::move(name);
  options.bytes_owner = owner;
  options.bytes_are_file_mapping = mapped;
  return options;
}

std::variant<std::shared_ptr<const interp::Module>, std::string> load_module_file(
    const std::string& path, interp::LoadOptions options) {
  auto read = read_module_file(path);
  if (auto* error = std::get_if<std::string>(&read)) return std::move(*error);
  const ModuleFile& file = std::get<ModuleFile>(read);
  interp::LoadResult loaded =
      interp::Module::load(file.bytes, file.load_options(path, std::move(options)));
  if (!loaded.module) {
    const char* kind = loaded.error && loaded.error->kind == interp::LoadError::Kind::Invalid
                           ? "invalid"
                           : "malformed";
    return fmt::format("'{}' is not a valid module: {} (at byte offset {}): {}", path, kind,
                       loaded.error ? loaded.error->offset : 0,
                       loaded.error ? loaded.error->message : "unknown error");
  }
  return loaded.module;
}

int run_wasi_command(std::shared_ptr<const interp::Module> module, std::shared_ptr<vfs::Vfs> fs,
                     const CommandSpec& spec, std::ostream& diagnostics) {
  KernelOptions options;
  options.vfs = std::move(fs);
  options.modules = spec.modules;
  options.limits.store = spec.limits;
  options.deterministic = spec.deterministic;
  std::mutex trace_mu;  // processes trace from their own threads
  if (spec.trace) {
    std::ostream* trace = spec.trace;
    options.trace = [trace, &trace_mu](Pid pid, std::string_view line) {
      std::lock_guard lock(trace_mu);
      if (pid == 1)
        *trace << "[wasi] " << line << '\n';
      else
        *trace << "[wasi pid " << pid << "] " << line << '\n';
    };
  }
  Kernel kernel(std::move(options));

  SpawnSpec process;
  process.args = spec.args;
  process.environ = spec.environ;
  bool has_pwd = false;
  for (auto& e : spec.environ) has_pwd |= e.rfind("PWD=", 0) == 0;
  if (spec.pwd_from_cwd && !has_pwd) process.environ.push_back("PWD=" + spec.cwd);
  process.cwd = spec.cwd;
  process.fds = stdio_fds(spec.stdin_stream, spec.stdout_stream, spec.stderr_stream);
  process.timeout = spec.timeout;
  process.preopens = spec.preopens;
  process.module = std::move(module);
  process.setup_failure_status = kExitUsage;
  auto pid = kernel.spawn(std::move(process));
  if (!pid) {
    diagnostics << fmt::format("wask run: cannot set up the working directory '{}': {}\n", spec.cwd,
                               wasi::errno_name(pid.error()));
    return kExitUsage;
  }
  auto status = kernel.wait(*pid);
  return status ? *status : kExitInternal;
}

}  // namespace wask::shell
