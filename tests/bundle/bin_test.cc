// The command package embedded in wask: /bin lists every built command with its exact bytes,
// and `wask run /bin/NAME` runs it (with /bin visible to the guest).
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "shell/bin_commands.h"

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Ran {
  int status = -1;
  std::string out;
};

// Runs a shell command line, capturing stdout.
Ran run(const std::string& command) {
  Ran ran;
  FILE* pipe = popen(command.c_str(), "r");
  BOOST_TEST_REQUIRE(pipe);
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe)) ran.out.append(buf.data(), n);
  int status = pclose(pipe);
  ran.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return ran;
}

BOOST_AUTO_TEST_CASE(every_built_command_is_embedded_byte_for_byte) {
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(WASK_COMMANDS_DIR)) {
    if (entry.path().extension() != ".wasm") continue;
    std::string name = entry.path().stem().string();
    if (name == "[") continue;  // test under its other name, not a module of its own
    auto bytes = wask::shell::embedded_command(name);
    BOOST_TEST_REQUIRE(!bytes.empty(), name << " is not embedded");
    std::string embedded(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    BOOST_TEST((embedded == slurp(entry.path())), name << ": embedded bytes differ");
    ++count;
  }
  // `[.wasm` (a build-tree copy of test.wasm, skipped above) is served as an alias of test.
  BOOST_TEST(count == wask::shell::embedded_modules().size());
  BOOST_TEST(wask::shell::embedded_command("nosuch").empty());
}

BOOST_AUTO_TEST_CASE(wask_run_bin_runs_the_embedded_command) {
  std::string wask = WASK_EXECUTABLE;
  Ran ran = run(wask + " run --cwd / /bin/ls /bin");
  BOOST_TEST(ran.status == 0);
  for (const auto& m : wask::shell::embedded_modules())
    BOOST_TEST(ran.out.find(std::string(m.name) + "\n") != std::string::npos, m.name);
  ran = run("printf 'a\\nb\\n' | " + wask + " run --cwd / /bin/cat");
  BOOST_TEST(ran.status == 0);
  BOOST_TEST(ran.out == "a\nb\n");
  // /bin is there for the guest, read-only.
  ran = run(wask + " run --cwd / /bin/cat /bin/true | cmp -s - " WASK_COMMANDS_DIR "/true.wasm");
  BOOST_TEST(ran.status == 0);
  ran = run(wask + " run --cwd / /bin/rm /bin/true 2>&1");
  BOOST_TEST(ran.status == 1);
  BOOST_TEST(ran.out == "/bin/rm: cannot remove '/bin/true': Read-only file system\n");
  ran = run(wask + " run --cwd / /bin/nosuch 2>&1");
  BOOST_TEST(ran.status == 2);
  BOOST_TEST(ran.out.find("no command '/bin/nosuch'") != std::string::npos);
}

}  // namespace

// The cwd preopen is a place in the VM's namespace, not a sandbox: `..` above it resolves, as in
// any Unix process (`ls -la` stats `./..`; it used to answer ENOTCAPABLE).
BOOST_AUTO_TEST_CASE(dot_dot_above_the_working_directory_resolves) {
  std::string wask = WASK_EXECUTABLE;
  Ran ran = run(wask + " run --mount /w=mem --cwd /w /bin/ls -la .");
  BOOST_TEST(ran.status == 0);
  BOOST_TEST(ran.out.find(" ..\n") != std::string::npos, ran.out);
  ran = run(wask + " run --mount /w/sub=mem --cwd /w/sub /bin/cat ../../bin/../w/sub/../sub/nosuch 2>&1");
  BOOST_TEST(ran.status == 1);
  BOOST_TEST(ran.out.find("No such file or directory") != std::string::npos, ran.out);
}

// touch reports why the create failed (EROFS), not the stat it makes afterwards (ENOENT), as GNU.
BOOST_AUTO_TEST_CASE(touch_on_a_read_only_mount_says_read_only) {
  std::string wask = WASK_EXECUTABLE;
  Ran ran = run(wask + " run --mount /ro=mem,ro --cwd / /bin/touch /ro/new 2>&1");
  BOOST_TEST(ran.status == 1);
  BOOST_TEST(ran.out.find("cannot touch '/ro/new': Read-only file system") != std::string::npos,
             ran.out);
}
