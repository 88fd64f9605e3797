// The Vm API: the motivating scenario (a host directory at /mnt/session seen alike by the API and
// by the commands), exec options, spawn handles, run-time mounts, limits, parallel use, teardown.
#define BOOST_TEST_MODULE vm
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "shell/kernel/kernel.h"
#include "shell/vm.h"
#include "tests/hostfs/host_tree.h"
#include "tests/vfs/check.h"

using namespace std::chrono_literals;
using wask::test::TempDir;
using wask::test::write_host_file;
namespace vfs = wask::vfs;

namespace {

std::string host_file(const TempDir& dir, const std::string& name) {
  std::ifstream in((dir.path() / name).string(), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::unique_ptr<wask::Vm> vm_with_session(const TempDir& dir, bool read_only = false) {
  auto mount = wask::VmMount::host("/mnt/session", dir.path().string(), read_only);
  BOOST_TEST_REQUIRE(mount.ok());
  auto vm = wask::Vm::create({.mounts = {*mount}});
  BOOST_TEST_REQUIRE(vm.ok());
  return std::move(vm).value();
}

std::unique_ptr<wask::Vm> make_vm(wask::VmOptions options = {}) {
  auto vm = wask::Vm::create(std::move(options));
  BOOST_TEST_REQUIRE(vm.ok());
  return std::move(vm).value();
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_motivating_scenario_on_a_host_directory) {
  TempDir dir;
  write_host_file(dir.path() / "from-host.txt", "written on the host\n");
  auto vm = vm_with_session(dir);
  BOOST_TEST_REQUIRE(vm->mkdir("/mnt/session/workspace", true).ok());
  BOOST_TEST_REQUIRE(
      vm->write_file("/mnt/session/workspace/hello.txt", "hello from the API\n").ok());
  BOOST_TEST(host_file(dir, "workspace/hello.txt") == "hello from the API\n");

  auto r = vm->exec("cat /mnt/session/workspace/hello.txt");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.stdout_data == "hello from the API\n");
  BOOST_TEST(r.stderr_data == "");

  r = vm->exec("ls /mnt/session");
  BOOST_TEST(r.stdout_data == "from-host.txt\nworkspace\n");
  r = vm->exec("ls /mnt/session/workspace/ | wc -l");
  BOOST_TEST(r.stdout_data == "1\n");

  r = vm->exec("echo \"from shell\" > /mnt/session/workspace/shell.txt");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(host_file(dir, "workspace/shell.txt") == "from shell\n");
  auto back = vm->read_file("/mnt/session/workspace/shell.txt");
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST(*back == "from shell\n");
  r = vm->exec("cat /mnt/session/from-host.txt");
  BOOST_TEST(r.stdout_data == "written on the host\n");
}

BOOST_AUTO_TEST_CASE(the_same_on_a_memfs_mount_and_a_read_only_mount_refuses) {
  TempDir dir;
  write_host_file(dir.path() / "keep.txt", "unchanged\n");
  auto ro = wask::VmMount::host("/mnt/ro", dir.path().string(), true);
  BOOST_TEST_REQUIRE(ro.ok());
  auto created = wask::Vm::create({.mounts = {wask::VmMount::memory("/mnt/mem"), *ro}});
  BOOST_TEST_REQUIRE(created.ok());
  auto& vm = *created;
  BOOST_TEST(vm->write_file("/mnt/mem/a.txt", "in memory\n").ok());
  BOOST_TEST(vm->exec("cat /mnt/mem/a.txt").stdout_data == "in memory\n");
  BOOST_TEST(vm->exec("echo more >> /mnt/mem/a.txt").exit_code == 0);
  BOOST_TEST(*vm->read_file("/mnt/mem/a.txt") == "in memory\nmore\n");

  BOOST_TEST(vm->write_file("/mnt/ro/new.txt", "x").error() == vfs::Errc::ReadOnly);
  auto r = vm->exec("echo no > /mnt/ro/keep.txt");
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.stderr_data.find("ead-only") != std::string::npos, r.stderr_data);
  r = vm->exec("rm /mnt/ro/keep.txt");
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(host_file(dir, "keep.txt") == "unchanged\n");
  BOOST_TEST(vm->exec("cat /mnt/ro/keep.txt").stdout_data == "unchanged\n");
}

BOOST_AUTO_TEST_CASE(exec_options_env_cwd_stdin_timeout_and_callbacks) {
  auto vm = make_vm(wask::VmOptions{.environ = {"GREETING=hi"}});
  BOOST_TEST(vm->exec("echo $GREETING $PATH $HOME").stdout_data == "hi /bin:/usr/bin /root\n");
  BOOST_TEST(vm->exec("echo $GREETING", {.environ = {"GREETING=bye"}}).stdout_data == "bye\n");
  BOOST_TEST(vm->mkdir("/tmp/w").ok());
  BOOST_TEST(vm->write_file("/tmp/w/f.txt", "relative\n").ok());
  BOOST_TEST(vm->exec("cat f.txt; pwd", {.cwd = "/tmp/w"}).stdout_data == "relative\n/tmp/w\n");
  BOOST_TEST(vm->exec("wc -l", {.stdin_data = "a\nb\nc\n"}).stdout_data == "3\n");

  auto start = std::chrono::steady_clock::now();
  auto r = vm->exec("while :; do :; done", {.timeout = 300ms});
  BOOST_TEST(r.exit_code == 124);
  r = vm->exec("yes > /dev/null", {.timeout = 300ms});
  BOOST_TEST(r.exit_code == 124);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 10s));

  std::string out, err;
  int chunks = 0;
  r = vm->exec("echo one; echo two >&2; echo three",
               {.on_stdout =
                    [&](std::string_view c) {
                      out += c;
                      ++chunks;
                    },
                .on_stderr = [&](std::string_view c) { err += c; }});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(out == "one\nthree\n");
  BOOST_TEST(err == "two\n");
  BOOST_TEST(chunks >= 1);
  BOOST_TEST(r.stdout_data == "");  // streamed, not collected

  r = vm->exec("nosuchcommand");
  BOOST_TEST(r.exit_code == 127);
  BOOST_TEST(r.stderr_data.find("nosuchcommand: command not found") != std::string::npos);
  r = vm->exec("if then");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(vm->exec("exit 7").exit_code == 7);
}

BOOST_AUTO_TEST_CASE(spawn_writes_stdin_waits_and_kills) {
  auto vm = make_vm();
  auto p = vm->spawn({"cat"});
  BOOST_TEST_REQUIRE(p.ok());
  BOOST_TEST((*p)->write_stdin("line one\n").ok());
  BOOST_TEST((*p)->write_stdin("line two\n").ok());
  (*p)->close_stdin();
  auto done = (*p)->wait();
  BOOST_TEST(done.exit_code == 0);
  BOOST_TEST(done.stdout_data == "line one\nline two\n");

  auto yes = vm->spawn({"yes"}, {.on_stdout = [](std::string_view) {}});
  BOOST_TEST_REQUIRE(yes.ok());
  std::this_thread::sleep_for(50ms);
  BOOST_TEST(!(*yes)->try_wait());
  BOOST_TEST((*yes)->kill(15).ok());
  BOOST_TEST((*yes)->wait().exit_code == 128 + 15);
  BOOST_TEST((*yes)->kill(3).error() == vfs::Errc::Invalid);

  // A kill from another thread reaches a process someone is already waiting for.
  auto waited = vm->spawn({"yes"}, {.on_stdout = [](std::string_view) {}});
  BOOST_TEST_REQUIRE(waited.ok());
  int waited_status = -1;
  std::thread waiter([&] { waited_status = (*waited)->wait().exit_code; });
  std::this_thread::sleep_for(50ms);
  BOOST_TEST(!(*waited)->try_wait());
  BOOST_TEST((*waited)->kill(9).ok());
  waiter.join();
  BOOST_TEST(waited_status == 128 + 9);

  auto blocked = vm->spawn({"cat"});  // blocked reading its stdin pipe
  BOOST_TEST_REQUIRE(blocked.ok());
  BOOST_TEST((*blocked)->kill(9).ok());
  BOOST_TEST((*blocked)->wait().exit_code == 128 + 9);

  BOOST_TEST(vm->spawn({"nosuch"}).error() == vfs::Errc::NoEntry);
  BOOST_TEST(vm->spawn({}).error() == vfs::Errc::Invalid);
  BOOST_TEST(vm->write_file("/tmp/notwasm", "#!/bin/sh\n").ok());
  BOOST_TEST(vm->spawn({"/tmp/notwasm"}).error() == vfs::Errc::NoExec);
}

BOOST_AUTO_TEST_CASE(file_operations_and_run_time_mounts) {
  TempDir dir;
  auto vm = make_vm();
  BOOST_TEST(vm->mkdir("/tmp/a/b/c", true).ok());
  BOOST_TEST(vm->mkdir("/tmp/a").error() == vfs::Errc::Exists);
  BOOST_TEST(vm->write_file("/tmp/a/f", "1").ok());
  BOOST_TEST(vm->write_file("/tmp/a/f", "2", true).ok());
  BOOST_TEST(*vm->read_file("/tmp/a/f") == "12");
  BOOST_TEST(vm->symlink("f", "/tmp/a/l").ok());
  BOOST_TEST(*vm->readlink("/tmp/a/l") == "f");
  BOOST_TEST((vm->stat("/tmp/a/l")->type == vfs::FileType::Regular));
  BOOST_TEST((vm->stat("/tmp/a/l", false)->type == vfs::FileType::Symlink));
  auto entries = vm->readdir("/tmp/a");
  BOOST_TEST_REQUIRE(entries.ok());
  BOOST_TEST_REQUIRE(entries->size() == 3u);
  BOOST_TEST((*entries)[0].name == "b");
  BOOST_TEST((*entries)[1].name == "f");
  BOOST_TEST((*entries)[2].name == "l");
  BOOST_TEST(vm->rename("/tmp/a/f", "/tmp/a/g").ok());
  BOOST_TEST(!vm->exists("/tmp/a/f"));
  BOOST_TEST(vm->exists("/tmp/a/g"));
  BOOST_TEST(vm->remove("/tmp/a").error() == vfs::Errc::NotEmpty);
  BOOST_TEST(vm->remove("/tmp/a", true).ok());
  BOOST_TEST(!vm->exists("/tmp/a"));
  BOOST_TEST(vm->read_file("/tmp/a/g").error() == vfs::Errc::NoEntry);

  auto host = wask::VmMount::host("/mnt/late", dir.path().string());
  BOOST_TEST_REQUIRE(host.ok());
  BOOST_TEST(vm->mount(*host).ok());
  BOOST_TEST(vm->mount(*host).error() == vfs::Errc::Exists);
  BOOST_TEST(vm->exec("echo late > /mnt/late/x").exit_code == 0);
  BOOST_TEST(host_file(dir, "x") == "late\n");
  // A process whose cwd lies in the mount keeps it busy.
  auto busy = vm->spawn({"cat"}, {.cwd = "/mnt/late"});
  BOOST_TEST_REQUIRE(busy.ok());
  BOOST_TEST(vm->unmount("/mnt/late").error() == vfs::Errc::Busy);
  (*busy)->close_stdin();
  BOOST_TEST((*busy)->wait().exit_code == 0);
  busy->reset();
  BOOST_TEST(vm->unmount("/mnt/late").ok());
  BOOST_TEST(!vm->exists("/mnt/late/x"));
  BOOST_TEST(vm->unmount("/mnt/late").error() == vfs::Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(limits_hold) {
  auto vm = make_vm(wask::VmOptions{
      .limits = {.memory_per_process = 16 << 20, .max_processes = 3, .root_memfs_bytes = 1 << 20}});
  auto r = vm->exec("yes | head -c 2000000 > /tmp/big");
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.stderr_data.find("No space left") != std::string::npos, r.stderr_data);
  std::vector<std::unique_ptr<wask::VmProcess>> running;
  for (int i = 0; i < 3; ++i) running.push_back(vm->spawn({"cat"}).value());
  BOOST_TEST(vm->spawn({"cat"}).error() == vfs::Errc::Again);
  running.clear();  // killed and reaped
  BOOST_TEST(vm->spawn({"true"}).ok());
}

BOOST_AUTO_TEST_CASE(parallel_execs_on_one_vm) {
  auto vm = make_vm();
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        std::string file = "/tmp/t" + std::to_string(t) + "_" + std::to_string(i);
        auto w = vm->exec("seq 1 100 > " + file + " && wc -l < " + file);
        if (w.exit_code == 0 && w.stdout_data == "100\n") ++good;
      }
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(good.load() == 20);
}

BOOST_AUTO_TEST_CASE(destroying_a_vm_stops_what_runs_in_it) {
  auto vm = make_vm();
  auto yes = vm->spawn({"yes"}, {.on_stdout = [](std::string_view) {}});
  BOOST_TEST_REQUIRE(yes.ok());
  std::thread busy([&] { (void)vm->exec("while :; do cat /dev/null; done"); });
  std::this_thread::sleep_for(100ms);
  auto start = std::chrono::steady_clock::now();
  auto keep = std::move(yes).value();  // the handle outlives nothing: it is destroyed first below
  keep.reset();
  vm.reset();
  busy.join();
  BOOST_TEST((std::chrono::steady_clock::now() - start < 10s));
}

BOOST_AUTO_TEST_CASE(module_cache_dir_keeps_the_commands_on_disk_for_the_next_vm) {
  TempDir cache;
  const std::string dir = (cache.path() / "wask").string();
  auto count_entries = [&] {
    size_t n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
      n += e.path().extension() == ".wmod";
    return n;
  };
  {
    auto vm = make_vm({.module_cache_dir = dir});
    BOOST_TEST(vm->exec("echo cached | cat").stdout_data == "cached\n");
  }
  const size_t written = count_entries();
  BOOST_TEST(written >= 1u);  // cat's entry
  // A second VM (a fresh in-memory cache) reads cat from the disk: on disk_hits.
  auto cache_of_second =
      std::make_shared<wask::shell::ModuleCache>(wask::interp::LoadOptions{.cache_dir = dir});
  auto vm = make_vm({.modules = cache_of_second});
  BOOST_TEST(vm->exec("echo again | cat").stdout_data == "again\n");
  BOOST_TEST(cache_of_second->stats().disk_hits >= 1u);
  BOOST_TEST(count_entries() == written);
  // Without a directory, nothing is written (the default).
  auto plain = make_vm();
  BOOST_TEST(plain->exec("echo x | cat").exit_code == 0);
}
