// vm_demo HOST_DIR: a host directory mounted at /mnt/session of a sandboxed VM. The program writes
// a file through the API, then runs shell command lines in the VM (each command a WebAssembly
// program whose every file access goes through the VM's VFS) and checks what they see and do.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "shell/vm.h"

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  std::cout << (ok ? "ok   " : "FAIL ") << what << "\n";
  if (!ok) ++failures;
}

std::string read_host(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: vm_demo HOST_DIR\n";
    return 2;
  }
  std::string host = argv[1];
  auto session = wask::VmMount::host("/mnt/session", host);
  auto readonly = wask::VmMount::host("/mnt/ro", host, /*read_only=*/true);
  if (!session || !readonly) {
    std::cerr << "vm_demo: cannot mount " << host << "\n";
    return 2;
  }
  auto created =
      wask::Vm::create({.mounts = {*session, *readonly, wask::VmMount::memory("/mnt/mem")}});
  if (!created) return 2;
  wask::Vm& vm = **created;

  // The API writes; the commands read.
  check(vm.mkdir("/mnt/session/workspace", true).ok(), "mkdir -p through the API");
  check(vm.write_file("/mnt/session/workspace/hello.txt", "hello from the API\n").ok(),
        "write_file through the API");
  auto r = vm.exec("cat /mnt/session/workspace/hello.txt");
  check(r.exit_code == 0 && r.stdout_data == "hello from the API\n", "cat sees the API's file");
  r = vm.exec("ls /mnt/session/workspace/ | wc -l");
  check(r.stdout_data == "1\n", "ls | wc -l counts it");

  // The commands write; the host and the API read.
  r = vm.exec("echo \"from shell\" > /mnt/session/workspace/shell.txt");
  check(r.exit_code == 0, "echo > file in the mount");
  check(read_host(host + "/workspace/shell.txt") == "from shell\n", "the host sees it");
  auto back = vm.read_file("/mnt/session/workspace/shell.txt");
  check(back && *back == "from shell\n", "read_file sees it");

  // The same on an in-memory mount.
  check(vm.write_file("/mnt/mem/a.txt", "in memory\n").ok(), "write_file on memfs");
  check(vm.exec("cat /mnt/mem/a.txt").stdout_data == "in memory\n", "cat on memfs");

  // A read-only mount refuses writes, from the API and from commands alike.
  check(vm.write_file("/mnt/ro/x.txt", "no").error() == wask::vfs::Errc::ReadOnly,
        "write_file on a read-only mount: EROFS");
  r = vm.exec("echo no > /mnt/ro/workspace/hello.txt");
  check(r.exit_code != 0, "echo > file on a read-only mount fails: " + r.stderr_data.substr(0, 60));
  check(read_host(host + "/workspace/hello.txt") == "hello from the API\n",
        "the host file is intact");

  std::cout << (failures ? "vm_demo: FAILED\n" : "vm_demo: all checks passed\n");
  return failures ? 1 : 0;
}
