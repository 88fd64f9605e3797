// Shared by the WASI tests: run a guest through the library or through the real `wask` binary.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "vfs/vfs.h"

namespace wask::wasi_test {

// A fresh host directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

enum class Root { Memfs, Hostfs };
const char* to_string(Root root);
inline std::ostream& operator<<(std::ostream& out, Root root) { return out << to_string(root); }

// A VM whose root is a memfs or a hostfs over `host_dir`, with /tmp in it.
std::shared_ptr<vfs::Vfs> make_vm(Root root, const TempDir& host_dir);

struct GuestRun {
  int exit_code = -1;
  std::string out, err;
};

std::string guest_path(const std::string& name);  // the built .wasm
std::string expected_output(const std::string& name);

struct GuestOptions {
  std::vector<std::string> env = {};
  std::string cwd = "/";
  std::string stdin_text = {};
  bool deterministic = false;
  std::string* trace = nullptr;  // receives the --trace-wasi lines
};
GuestRun run_guest(const std::string& name, const std::vector<std::string>& args,
                   std::shared_ptr<vfs::Vfs> vm, const GuestOptions& options = {});

// Runs build/wask with `args` as a process: stdin from `stdin_text`, stdout and stderr captured.
GuestRun run_wask(const std::vector<std::string>& args, const std::string& stdin_text = {});
// The same with exactly the environment `env` (KEY=VALUE each) instead of the test's.
GuestRun run_wask_with_env(const std::vector<std::string>& args,
                           const std::vector<std::string>& env);

std::string read_host_file(const std::string& path);
void write_host_file(const std::string& path, const std::string& text);

}  // namespace wask::wasi_test
