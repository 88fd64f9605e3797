#include "harness.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "backends/hostfs/hostfs.h"
#include "backends/memfs/memfs.h"
#include "shell/wasi_command.h"
#include "wasi/stream.h"

extern char** environ;

namespace wask::wasi_test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "wask-wasi-XXXXXX").string();
  char* made = ::mkdtemp(pattern.data());
  BOOST_REQUIRE(made != nullptr);
  path_ = made;
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

const char* to_string(Root root) { return root == Root::Memfs ? "memfs" : "hostfs"; }

std::shared_ptr<vfs::Vfs> make_vm(Root root, const TempDir& host_dir) {
  auto vm = std::make_shared<vfs::Vfs>();
  if (root == Root::Memfs) {
    BOOST_REQUIRE(vm->mount("/", backends::Memfs::create()).ok());
  } else {
    auto host = backends::Hostfs::create(host_dir.path());
    BOOST_REQUIRE(host.ok());
    BOOST_REQUIRE(vm->mount("/", *host).ok());
  }
  BOOST_REQUIRE(vm->mkdir_p("/tmp").ok());
  return vm;
}

std::string guest_path(const std::string& name) {
  return std::string(WASK_WASI_GUEST_DIR) + "/" + name + ".wasm";
}

std::string read_host_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_host_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string expected_output(const std::string& name) {
  return read_host_file(std::string(WASK_WASI_EXPECTED_DIR) + "/" + name + ".out");
}

GuestRun run_guest(const std::string& name, const std::vector<std::string>& args,
                   std::shared_ptr<vfs::Vfs> vm, const GuestOptions& options) {
  auto module = shell::load_module_file(guest_path(name));
  BOOST_REQUIRE_MESSAGE(module.index() == 0, "cannot load guest " << name);
  auto out = std::make_shared<wasi::BufferStream>("", false, true);
  auto err = std::make_shared<wasi::BufferStream>("", false, true);
  shell::CommandSpec spec;
  spec.args.push_back(name);
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.environ = options.env;
  spec.cwd = options.cwd;
  if (options.cwd != "/") spec.environ.push_back("PWD=" + options.cwd);  // as `wask run --cwd`
  spec.deterministic = options.deterministic;
  spec.stdin_stream = std::make_shared<wasi::BufferStream>(options.stdin_text, true, false);
  spec.stdout_stream = out;
  spec.stderr_stream = err;
  std::ostringstream trace, diagnostics;
  if (options.trace) spec.trace = &trace;
  GuestRun run;
  run.exit_code = shell::run_wasi_command(std::get<0>(module), vm, spec, diagnostics);
  run.out = out->output();
  run.err = err->output() + diagnostics.str();
  if (options.trace) *options.trace = trace.str();
  return run;
}

namespace {
GuestRun spawn_wask(const std::vector<std::string>& args, const std::string& stdin_text,
                    char* const* envp) {
  TempDir io;
  write_host_file(io / "in", stdin_text);
  std::vector<std::string> argv_text = {WASK_EXECUTABLE};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, (io / "in").c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, (io / "out").c_str(), O_WRONLY | O_CREAT, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, (io / "err").c_str(), O_WRONLY | O_CREAT, 0644);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp);
  posix_spawn_file_actions_destroy(&actions);
  BOOST_REQUIRE_EQUAL(spawned, 0);
  int status = 0;
  BOOST_REQUIRE_EQUAL(waitpid(pid, &status, 0), pid);
  GuestRun run;
  BOOST_REQUIRE_MESSAGE(WIFEXITED(status), "wask died of a signal: a host crash");
  run.exit_code = WEXITSTATUS(status);
  run.out = read_host_file(io / "out");
  run.err = read_host_file(io / "err");
  return run;
}
}  // namespace

GuestRun run_wask(const std::vector<std::string>& args, const std::string& stdin_text) {
  return spawn_wask(args, stdin_text, environ);
}

GuestRun run_wask_with_env(const std::vector<std::string>& args,
                           const std::vector<std::string>& env) {
  std::vector<std::string> text = env;
  std::vector<char*> envp;
  for (auto& e : text) envp.push_back(e.data());
  envp.push_back(nullptr);
  return spawn_wask(args, {}, envp.data());
}

}  // namespace wask::wasi_test
