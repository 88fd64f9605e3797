#define BOOST_TEST_MODULE kernel
// The kernel with a real guest (guests/proc.c, importing host_process/host_fs/host_user) served
// from /bin of a memfs VM: spawn and wait, children of guests, waitpid of any child, ECHILD and
// ESRCH, kill of looping and blocked processes, timeouts (124), the process limit, traps (134),
// the module cache, and a kernel destroyed under running processes. Also `wask run` on it.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "backends/memfs/memfs.h"
#include "harness.h"
#include "shell/kernel/kernel.h"
#include "vfs/pipe.h"
#include "wasi/stream.h"

namespace wask::shell {
namespace {

using namespace std::chrono_literals;
using wasi::Errno;
using wasi_test::guest_path;
using wasi_test::read_host_file;

struct Run {
  int status = -1;
  std::string out, err;
};

// A VM with the guest at /bin/proc and a kernel over it.
struct Vm {
  std::shared_ptr<vfs::Vfs> fs = std::make_shared<vfs::Vfs>();
  std::shared_ptr<ModuleCache> cache = std::make_shared<ModuleCache>();
  std::unique_ptr<Kernel> kernel;

  explicit Vm(KernelLimits limits = {}) {
    BOOST_REQUIRE(fs->mount("/", backends::Memfs::create({})));
    BOOST_REQUIRE(fs->mkdir_p("/tmp"));
    BOOST_REQUIRE(
        fs->write_file("/bin/proc", read_host_file(guest_path("proc")), {.create_parents = true}));
    KernelOptions options;
    options.vfs = fs;
    options.modules = cache;
    options.limits = limits;
    kernel = std::make_unique<Kernel>(std::move(options));
  }

  SpawnSpec spec(std::vector<std::string> args, std::shared_ptr<wasi::BufferStream> out = nullptr,
                 std::shared_ptr<wasi::BufferStream> err = nullptr) {
    args.insert(args.begin(), "proc");
    SpawnSpec s;
    s.args = std::move(args);
    s.environ = {"PATH=/bin"};
    s.fds = stdio_fds(nullptr, out, err);
    return s;
  }

  Run run(std::vector<std::string> args, std::optional<std::chrono::milliseconds> timeout = {}) {
    auto out = std::make_shared<wasi::BufferStream>("", false, true);
    auto err = std::make_shared<wasi::BufferStream>("", false, true);
    SpawnSpec s = spec(std::move(args), out, err);
    s.timeout = timeout;
    auto pid = kernel->spawn(std::move(s));
    BOOST_REQUIRE(pid.ok());
    auto status = kernel->wait(*pid);
    BOOST_REQUIRE(status.ok());
    return Run{*status, out->output(), err->output()};
  }
};

template <class F>
std::chrono::milliseconds timed(F&& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

BOOST_AUTO_TEST_SUITE(kernel)

BOOST_AUTO_TEST_CASE(spawn_and_wait_give_the_guests_status_and_output) {
  Vm vm;
  BOOST_TEST(vm.run({"exit", "7"}).status == 7);
  BOOST_TEST(vm.run({"exit", "300"}).status == 300 % 256);  // as a POSIX exit status
  Run echo = vm.run({"echo", "hello", "kernel"});
  BOOST_TEST(echo.status == 0);
  BOOST_TEST(echo.out == "hello kernel\n");
  BOOST_TEST(vm.kernel->live_processes() == 0u);  // reaped
  BOOST_TEST((vm.kernel->wait(1).error() == Errno::Srch));
}

BOOST_AUTO_TEST_CASE(a_guest_spawns_and_waits_for_its_children) {
  Vm vm;
  Run r = vm.run({"run", "run", "exit", "5"});  // a grandchild's 5, reported twice
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out == "status 5\nstatus 0\n");
  Run ids = vm.run({"run", "ids"});
  BOOST_TEST(ids.out.find("pid 5 ppid 4 uid 1000 tty 0 ") != std::string::npos, ids.out);
  BOOST_TEST(ids.out.find("pw user:x:1000:1000::/home/user:/bin/sh\n") != std::string::npos);
  BOOST_TEST(ids.out.find("short buffer 68\n") != std::string::npos);  // ERANGE
}

BOOST_AUTO_TEST_CASE(children_a_parent_leaves_behind_are_reaped_when_they_exit) {
  Vm vm;
  Run r = vm.run({"orphans"});
  BOOST_TEST(r.status == 0);
  std::this_thread::sleep_for(400ms);  // the sleeping orphan ends by itself (300 ms)
  BOOST_TEST(vm.kernel->live_processes() == 0u);
}

BOOST_AUTO_TEST_CASE(waitpid_of_any_child_then_echild) {
  Vm vm;
  Run r = vm.run({"waitany", "4"});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out == "sum 10, then 12\n");  // 1+2+3+4, then ECHILD
}

BOOST_AUTO_TEST_CASE(waitpid_and_kill_errors) {
  Vm vm;
  Run r = vm.run({"errors"});
  BOOST_TEST(r.out ==
             "waitpid unknown 71\n"  // ESRCH
             "waitpid self 12\n"     // ECHILD: it exists but is not a child
             "waitpid any 12\n"      // ECHILD: no children at all
             "kill unknown 71\n"
             "nohang 0 got 0\n"  // WNOHANG while the child sleeps
             "kill 0 0\n"
             "status 143\n");  // SIGTERM wakes it from sleep_ms
}

BOOST_AUTO_TEST_CASE(kill_stops_a_looping_and_a_sleeping_child) {
  Vm vm;
  BOOST_TEST(vm.run({"kill", "9", "loop"}).out == "kill 0 status 137\n");
  BOOST_TEST(vm.run({"kill", "15", "sleep", "100000"}).out == "kill 0 status 143\n");
  // From the host, and at once.
  auto pid = vm.kernel->spawn(vm.spec({"loop"}));
  BOOST_REQUIRE(pid.ok());
  std::this_thread::sleep_for(50ms);
  BOOST_TEST((vm.kernel->info(*pid)->state == ProcessState::Running));
  auto took = timed([&] {
    BOOST_TEST((vm.kernel->kill(*pid, kSigKill) == Errno::Success));
    BOOST_TEST(*vm.kernel->wait(*pid) == 137);
  });
  BOOST_TEST(took < 2000ms);
  BOOST_TEST((vm.kernel->kill(*pid, kSigKill) == Errno::Srch));  // reaped
}

BOOST_AUTO_TEST_CASE(kill_wakes_a_child_blocked_in_fd_read_and_in_poll_oneoff) {
  Vm vm;
  BOOST_TEST(vm.run({"killpiped", "9", "cat"}).out == "kill 0 status 137\n");
  BOOST_TEST(vm.run({"kill", "15", "nanosleep", "1000"}).out == "kill 0 status 143\n");
}

BOOST_AUTO_TEST_CASE(a_pipeline_through_fd_pipe_ends_with_eof) {
  Vm vm;
  Run r = vm.run({"pipeline"});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out == "through a pipe\nstatuses 0 0\n");
}

BOOST_AUTO_TEST_CASE(a_timeout_ends_a_process_blocked_on_a_pipe_or_a_clock) {
  Vm vm;
  vfs::PipeEnds pipe = vfs::make_pipe();  // the write end stays open: cat waits for ever
  SpawnSpec s = vm.spec({"cat"});
  s.fds.insert_or_assign(0, wasi::entry_for(pipe.read, "pipe"));
  s.timeout = 200ms;
  auto pid = vm.kernel->spawn(std::move(s));
  BOOST_REQUIRE(pid.ok());
  BOOST_TEST(*vm.kernel->wait(*pid) == kExitTimedOut);
  BOOST_TEST(vm.run({"nanosleep", "1000"}, 200ms).status == kExitTimedOut);
}

BOOST_AUTO_TEST_CASE(a_timeout_ends_a_loop_and_a_sleep_with_124) {
  Vm vm;
  Run loop;
  auto took = timed([&] { loop = vm.run({"loop"}, 200ms); });
  BOOST_TEST(loop.status == kExitTimedOut);
  BOOST_TEST(took >= 200ms);
  BOOST_TEST(took < 3000ms);
  BOOST_TEST(vm.run({"sleep", "100000"}, 200ms).status == kExitTimedOut);
  BOOST_TEST(vm.run({"exit", "3"}, 10000ms).status == 3);  // finishing first is not a timeout
}

BOOST_AUTO_TEST_CASE(per_process_limits_fuel_and_open_files) {
  KernelLimits limits;
  limits.store.fuel = 100000;
  Vm vm(limits);
  Run loop = vm.run({"loop"});
  BOOST_TEST(loop.status == kExitTrapped);
  BOOST_TEST(loop.err.find("fuel") != std::string::npos, loop.err);
  KernelLimits few;
  few.max_open_files = 6;  // 0-2, the two preopens, and one more
  Vm small(few);
  Run r = small.run({"dup"});
  BOOST_TEST(r.out.find("dup_min 33 ") != std::string::npos, r.out);  // EMFILE
}

BOOST_AUTO_TEST_CASE(the_process_limit_stops_a_fork_bomb_with_eagain) {
  KernelLimits limits;
  limits.max_processes = 6;
  Vm vm(limits);
  Run r = vm.run({"bomb", "0"});
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.out == "bomb: spawn refused at depth 5: errno 6\n");  // EAGAIN with 6 alive
  BOOST_TEST(vm.kernel->live_processes() == 0u);
  BOOST_TEST(vm.run({"exit", "0"}).status == 0);  // and the kernel carries on
}

BOOST_AUTO_TEST_CASE(a_trap_is_134_with_the_report_on_the_processes_stderr) {
  Vm vm;
  Run r = vm.run({"trap"});
  BOOST_TEST(r.status == kExitTrapped);
  BOOST_TEST(r.err.find("trap: unreachable") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("main") != std::string::npos, r.err);  // the backtrace
  Run parent = vm.run({"run", "trap"});                        // the parent stays up
  BOOST_TEST(parent.status == 0);
  BOOST_TEST(parent.out == "status 134\n");
}

BOOST_AUTO_TEST_CASE(one_hundred_spawns_of_one_module_translate_once) {
  Vm vm;
  BOOST_REQUIRE(vm.fs->write_file("/bin/again", read_host_file(guest_path("proc"))));
  for (int i = 0; i < 100; ++i) {
    SpawnSpec s = vm.spec({"exit", std::to_string(i % 3)});
    if (i % 2) s.args[0] = "again";  // another path, the same bytes
    auto pid = vm.kernel->spawn(std::move(s));
    BOOST_REQUIRE(pid.ok());
    BOOST_TEST(*vm.kernel->wait(*pid) == i % 3);
  }
  BOOST_TEST(vm.cache->stats().translations == 1u);
  BOOST_TEST(vm.cache->stats().hits == 99u);
  // A second kernel (another VM) sharing the cache translates nothing.
  KernelOptions options;
  options.vfs = vm.fs;
  options.modules = vm.cache;
  Kernel other(std::move(options));
  auto pid = other.spawn(vm.spec({"exit", "4"}));
  BOOST_TEST(*other.wait(*pid) == 4);
  BOOST_TEST(vm.cache->stats().translations == 1u);
}

BOOST_AUTO_TEST_CASE(concurrent_loads_of_one_module_translate_once) {
  ModuleCache cache;
  std::string bytes = read_host_file(guest_path("proc"));
  std::span<const uint8_t> view(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  std::vector<std::thread> threads;  // NOLINT: joined below
  std::vector<const interp::Module*> got(4);
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] { got[i] = cache.load(view, "proc").module.get(); });
  for (auto& t : threads) t.join();
  BOOST_TEST(cache.stats().translations == 1u);
  for (auto* m : got) BOOST_TEST(m == got[0]);
  BOOST_TEST(!cache.load(std::span<const uint8_t>(view.data(), 10), "cut").module);  // an error
}

BOOST_AUTO_TEST_CASE(sha256_matches_the_fips_examples) {
  auto digest = [](std::string_view s) {
    return to_hex(sha256({reinterpret_cast<const uint8_t*>(s.data()), s.size()}));
  };
  BOOST_TEST(digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(digest(std::string(1000000, 'a')) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(destroying_the_kernel_stops_every_process) {
  auto took = timed([] {
    Vm vm;
    for (auto args : {std::vector<std::string>{"loop"},
                      {"sleep", "100000"},
                      {"run", "loop"},
                      {"run", "run", "sleep", "100000"}}) {
      BOOST_REQUIRE(vm.kernel->spawn(vm.spec(args)).ok());
    }
    std::this_thread::sleep_for(100ms);
    BOOST_TEST(vm.kernel->live_processes() >= 4u);
    vm.kernel.reset();
  });
  BOOST_TEST(took < 3000ms);
}

BOOST_AUTO_TEST_CASE(find_command_looks_up_path_inside_the_vfs) {
  Vm vm;
  vfs::Vfs& fs = *vm.fs;
  BOOST_REQUIRE(fs.write_file("/usr/bin/text", "#!/bin/sh\n", {.create_parents = true}));
  BOOST_REQUIRE(fs.mkdir_p("/usr/bin/dir"));
  BOOST_REQUIRE(
      fs.write_file("/home/u/proc", read_host_file(guest_path("proc")), {.create_parents = true}));
  BOOST_TEST(*find_command(fs, "proc", "/usr/bin:/bin", "/") == "/bin/proc");
  BOOST_TEST(*find_command(fs, "proc", "/usr/bin::/bin", "/home/u") == "/home/u/proc");  // "" = cwd
  BOOST_TEST(*find_command(fs, "./proc", "", "/home/u") == "/home/u/proc");
  BOOST_TEST(*find_command(fs, "/bin/proc", "", "/") == "/bin/proc");
  BOOST_TEST((find_command(fs, "nope", "/usr/bin:/bin", "/").error() == Errno::NoEnt));
  BOOST_TEST((find_command(fs, "text", "/usr/bin", "/").error() == Errno::NoExec));
  BOOST_TEST((find_command(fs, "dir", "/usr/bin", "/").error() == Errno::Access));
  BOOST_TEST((find_command(fs, "/usr/bin/dir", "", "/").error() == Errno::Access));
  BOOST_TEST((find_command(fs, "proc", "", "/").error() == Errno::NoEnt));  // no PATH at all
  // The spawn path answers the same.
  SpawnSpec missing = vm.spec({}), text = vm.spec({});
  missing.args = {"nope"};
  text.args = {"/usr/bin/text"};
  BOOST_TEST((vm.kernel->spawn(std::move(missing)).error() == Errno::NoEnt));
  BOOST_TEST((vm.kernel->spawn(std::move(text)).error() == Errno::NoExec));
  Run r = vm.run({"spawnpath", "nope"});
  BOOST_TEST(r.out == "spawn nope: errno 44\n");
}

BOOST_AUTO_TEST_CASE(host_fs_modes_and_chmod) {
  Vm vm;
  BOOST_REQUIRE(vm.fs->write_file("/tmp/f", "x"));
  BOOST_REQUIRE(vm.fs->symlink("/bin/proc", "/tmp/link"));
  BOOST_REQUIRE(vm.fs->mount("/ro", backends::Memfs::create({}), {.read_only = true}));
  Run r = vm.run({"modes", "/tmp/f", "/tmp/link", "/bin", "/missing"});
  BOOST_TEST(r.out ==
             "/tmp/f 100644 100644\n"
             "/tmp/link 100644 120777\n"  // followed, and the link itself
             "/bin 40755 40755\n"
             "/missing 0 0\n"
             "fd1 20666\n"  // stdout: a stream (character device)
             "fd99 0\n"
             "chmod 0 -> 100600\n");
  Run ro = vm.run({"modes", "/ro"});
  BOOST_TEST(ro.out.find("chmod 69 ->") != std::string::npos, ro.out);  // EROFS
}

BOOST_AUTO_TEST_CASE(proc_waitpid_in_the_released_binaries_form) {
  Vm vm;
  SpawnSpec s = vm.spec({});
  auto out = std::make_shared<wasi::BufferStream>("", false, true);
  s.args = {"wstatus"};
  s.fds = stdio_fds(nullptr, out, nullptr);
  BOOST_REQUIRE(vm.fs->write_file("/bin/wstatus", read_host_file(guest_path("wstatus"))));
  auto pid = vm.kernel->spawn(std::move(s));
  BOOST_REQUIRE(pid.ok());
  BOOST_TEST(*vm.kernel->wait(*pid) == 0);
  BOOST_TEST(out->output() ==
             "exit 3: errno 0 wstatus 0x300\n"  // WEXITSTATUS 3
             "running: errno 10\n"              // EBUSY: their std's try_wait retries
             "killed: errno 0 wstatus 0x9\n"    // WTERMSIG 9
             "no child: errno 12\n");           // ECHILD
}

BOOST_AUTO_TEST_CASE(fd_dup_dup2_and_dup_min) {
  Vm vm;
  Run r = vm.run({"dup"});
  BOOST_TEST(r.out == "dup 0\nvia dup\ndup_min 0 10\nvia dup_min\ndup2 0\ndup bad 8\n");
  BOOST_TEST(r.err == "to stderr\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(wask_run_on_the_kernel)

using wasi_test::GuestRun;
using wasi_test::run_wask;
using wasi_test::TempDir;

BOOST_AUTO_TEST_CASE(a_guest_under_wask_run_spawns_from_the_vfs) {
  TempDir bin;
  wasi_test::write_host_file(bin / "proc", read_host_file(guest_path("proc")));
  GuestRun r = run_wask({"run", "--mount", "/bin=host:" + bin.path() + ",ro", guest_path("proc"),
                         "run", "echo", "from", "a", "child"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == "from a child\nstatus 0\n");
}

BOOST_AUTO_TEST_CASE(timeout_ends_the_guest_with_124) {
  GuestRun loop;
  auto took = timed([&] {
    loop = run_wask({"run", "--timeout", "0.3", guest_path("proc"), "loop"});
  });
  BOOST_TEST(loop.exit_code == 124);
  BOOST_TEST(took < 3000ms);
  BOOST_TEST(
      run_wask({"run", "--timeout", "0.3", guest_path("proc"), "sleep", "100000"}).exit_code ==
      124);
  BOOST_TEST(
      run_wask({"run", "--timeout", "0.3", guest_path("proc"), "nanosleep", "1000"}).exit_code ==
      124);
  BOOST_TEST(run_wask({"run", "--timeout", "soon", guest_path("proc"), "loop"}).exit_code == 2);

  // Blocked reading the host's stdin, a pipe whose writer (this test) stays silent.
  int in[2];
  BOOST_REQUIRE(::pipe(in) == 0);
  pid_t child = ::fork();
  if (child == 0) {
    ::dup2(in[0], 0);
    ::close(in[1]);
    std::string proc = guest_path("proc");
    ::execl(WASK_EXECUTABLE, "wask", "run", "--timeout", "0.3", proc.c_str(), "cat", nullptr);
    ::_exit(127);
  }
  ::close(in[0]);
  int wstatus = 0;
  auto waited = timed([&] {
    for (int i = 0; i < 300 && ::waitpid(child, &wstatus, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(10ms);
  });
  ::close(in[1]);
  if (waited >= 3000ms) ::waitpid(child, &wstatus, 0);
  BOOST_TEST(waited < 3000ms);
  BOOST_TEST((WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 124));
  BOOST_TEST(run_wask({"run", "--timeout", "5", guest_path("proc"), "exit", "9"}).exit_code == 9);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wask::shell
