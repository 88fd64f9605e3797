// The embedded command package: /bin and `wask run /bin/NAME`.
#include "shell/bin_commands.h"

#include <vector>

#include <fmt/format.h>

#include "backends/bundle/bundle.h"
#include "shell/wasi_command.h"

namespace wask::shell {

namespace {

// `[` is `test` under its other name (test.c reads argv[0]).
std::vector<backends::BundleFile> bin_files() {
  std::vector<backends::BundleFile> files;
  for (const EmbeddedModule& m : embedded_modules()) {
    files.push_back({std::string(m.name), m.bytes});
    if (m.name == "test") files.push_back({"[", m.bytes});
  }
  return files;
}

}  // namespace

std::span<const std::byte> embedded_command(std::string_view name) {
  if (name == "[") name = "test";
  for (const EmbeddedModule& m : embedded_modules())
    if (m.name == name) return m.bytes;
  return {};
}

std::shared_ptr<vfs::Backend> make_bin_backend() {
  auto bundle = backends::Bundle::create(bin_files());
  // Names come from file names of shell/commands/ and are valid components.
  return bundle.ok() ? std::shared_ptr<vfs::Backend>(*bundle) : nullptr;
}

std::optional<std::string> mount_bin(vfs::Vfs& fs, const std::vector<MountSpec>& mounts) {
  for (const MountSpec& m : mounts)
    if (m.guest_path == "/bin" || m.guest_path == "/bin/") return std::nullopt;
  auto mounted = fs.mount("/bin", make_bin_backend(), {.read_only = true});
  if (!mounted) return fmt::format("cannot mount /bin: {}", vfs::message(mounted.error()));
  return std::nullopt;
}

std::variant<std::shared_ptr<const interp::Module>, std::string> load_command_module(
    const std::string& path, const interp::LoadOptions& options) {
  if (path.rfind(kBinPrefix, 0) != 0) return load_module_file(path, options);
  std::span<const std::byte> bytes =
      embedded_command(std::string_view(path).substr(kBinPrefix.size()));
  if (bytes.empty()) return fmt::format("no command '{}' in wask's /bin", path);
  auto data = std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  interp::LoadOptions named = options;
  named.name = path;
  // The embedded bytes live as long as the program: the module keeps them without a copy.
  named.bytes_owner = std::shared_ptr<const void>(data.data(), [](const void*) {});
  interp::LoadResult loaded = interp::Module::load(data, named);
  if (!loaded.module) return fmt::format("the embedded '{}' does not load", path);
  return loaded.module;
}

}  // namespace wask::shell
