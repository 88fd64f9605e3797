// Real WASM guests over kernel I/O: two guests in two threads connected by a kernel pipe,
// poll_oneoff on several pipes, /dev from a guest, a kill that wakes a guest blocked in read,
// poll or sleep, and bounded fd paths.
#define BOOST_TEST_MODULE io_guest
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "backends/devfs/devfs.h"
#include "backends/memfs/memfs.h"
#include "interp/engine.h"
#include "vfs/memory_io.h"
#include "vfs/pipe.h"
#include "wasi/context.h"
#include "wasi/preview1.h"

using namespace wask;
using namespace std::chrono_literals;

namespace {

// No Boost.Test macros below until the test cases: guests run on worker threads.
constexpr int kSetupFailed = -100;

std::shared_ptr<const interp::Module> load(const std::string& name) {
  std::string path = std::string(WASK_IO_GUEST_DIR) + "/" + name + ".wasm";
  std::ifstream file(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                             std::istreambuf_iterator<char>());
  auto loaded = interp::Module::load(bytes, interp::LoadOptions{path});
  if (!loaded.module) std::fprintf(stderr, "cannot load %s\n", path.c_str());
  return loaded.module;
}

std::shared_ptr<vfs::Vfs> make_vm(bool deterministic = false) {
  auto fs = std::make_shared<vfs::Vfs>();
  std::optional<uint64_t> seed;
  if (deterministic) seed = 42;
  bool ok = fs->mount("/", backends::Memfs::create()).ok() && fs->mkdir_p("/tmp").ok() &&
            fs->mount("/dev", backends::make_devfs({.seed = seed})).ok();
  return ok ? fs : nullptr;
}

// Runs `_start` of guest `name`; the exit status (134 for a trap, kSetupFailed).
int run(const std::string& name, std::vector<std::string> args, wasi::WasiOptions options) {
  auto module = load(name);
  if (!module) return kSetupFailed;
  args.insert(args.begin(), name);
  options.args = std::move(args);
  if (!options.vfs) options.vfs = make_vm();
  if (!options.vfs) return kSetupFailed;
  auto ctx = wasi::WasiContext::create(std::move(options));
  if (!ctx) return kSetupFailed;
  interp::Store store;
  auto instance = store.instantiate(module, wasi::preview1_imports(store, **ctx));
  if (!instance.outcome.ok()) return kSetupFailed;
  auto start = instance.instance->find_export("_start");
  if (!start) return kSetupFailed;
  std::vector<interp::Value> results;
  interp::Outcome outcome = store.call(*start, {}, results);
  if (outcome.kind == interp::OutcomeKind::Ok) return 0;
  if (outcome.kind == interp::OutcomeKind::Exit) return outcome.exit_code;
  std::fprintf(stderr, "%s\n", interp::describe(outcome).c_str());
  return 134;
}

// Options set by `edit` (designated initializers would warn about the fields left out).
template <class F>
wasi::WasiOptions opts(F edit) {
  wasi::WasiOptions o;
  edit(o);
  return o;
}

std::string lines(int n) {
  std::string out;
  for (int i = 1; i <= n; ++i) out += "line " + std::to_string(i) + "\n";
  return out;
}

void write_text(vfs::Description& d, std::string_view s) {
  (void)d.write({reinterpret_cast<const std::byte*>(s.data()), s.size()});
}

}  // namespace

BOOST_AUTO_TEST_CASE(writer_guest_piped_into_cat_guest) {
  auto vm = make_vm();
  auto [r, w] = vfs::make_pipe();
  auto out = vfs::collecting_sink();
  int writer_status = -1, cat_status = -1;
  std::thread writer([&, w = std::move(w)]() mutable {
    writer_status = run("writer", {"20000"}, opts([&](auto& o) {
                          o.vfs = vm;
                          o.stdout_stream = std::move(w);
                        }));
  });
  std::thread cat([&, r = std::move(r)]() mutable {
    cat_status = run("io_cat", {}, opts([&](auto& o) {
                       o.vfs = vm;
                       o.stdin_stream = std::move(r);
                       o.stdout_stream = out;
                     }));
  });
  writer.join();
  cat.join();
  BOOST_TEST(writer_status == 0);
  BOOST_TEST(cat_status == 0);
  BOOST_TEST(out->output() == lines(20000));  // 229 KB through a 64 KiB pipe
}

BOOST_AUTO_TEST_CASE(yes_into_head_ends_at_once_with_epipe) {
  auto [r, w] = vfs::make_pipe();
  auto out = vfs::collecting_sink();
  auto err = vfs::collecting_sink();
  int writer_status = -1, head_status = -1;
  auto t0 = std::chrono::steady_clock::now();
  std::thread writer([&, w = std::move(w)]() mutable {
    writer_status = run("writer", {"0"}, opts([&](auto& o) {
                          o.stdout_stream = std::move(w);
                          o.stderr_stream = err;
                        }));
  });
  std::thread head([&, r = std::move(r)]() mutable {
    head_status = run("head1", {}, opts([&](auto& o) {
                        o.stdin_stream = std::move(r);
                        o.stdout_stream = out;
                      }));
  });
  head.join();
  writer.join();
  BOOST_TEST(head_status == 0);
  BOOST_TEST(out->output() == "line 1\n");
  BOOST_TEST(writer_status == 3);
  BOOST_TEST(err->output().rfind("writer: EPIPE after ", 0) == 0, err->output());
  BOOST_TEST((std::chrono::steady_clock::now() - t0 < 10s));
}

BOOST_AUTO_TEST_CASE(poll_oneoff_waits_on_several_pipes_at_once) {
  std::vector<vfs::PipeEnds> pipes(3);
  for (auto& p : pipes) p = vfs::make_pipe();
  auto out = vfs::collecting_sink();
  wasi::FdTable fds;
  fds.put(wasi::Fd{0}, wasi::entry_for(vfs::null_description(), "stdin"));
  fds.put(wasi::Fd{1}, wasi::entry_for(out, "stdout"));
  fds.put(wasi::Fd{2}, wasi::entry_for(vfs::null_description(), "stderr"));
  for (uint32_t i = 0; i < 3; ++i)
    fds.put(wasi::Fd{3 + i}, wasi::entry_for(std::move(pipes[i].read), "pipe"));
  int status = -1;
  std::thread guest([&, fds = std::move(fds)]() mutable {
    status = run("poll_pipes", {"3", "4", "5"}, opts([&](auto& o) { o.fds = std::move(fds); }));
  });
  // Each step waits for the guest to report the previous one, so a slow start (ASan, a loaded
  // machine) cannot merge the events.
  auto wait_for = [&](std::string_view text) {
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (out->output().find(text) == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(2ms);
  };
  write_text(*pipes[0].write, "a");
  wait_for("fd 3: nbytes 1");
  write_text(*pipes[2].write, "b");
  wait_for("fd 5: nbytes 1");
  for (auto& p : pipes) p.write.reset();  // every writer gone: each read end hangs up
  guest.join();
  BOOST_TEST(status == 0);
  std::string got = out->output();
  BOOST_TEST(got.find("fd 3: nbytes 1: \"a\"\n") == 0u, got);  // the first event, alone
  BOOST_TEST(got.find("fd 5: nbytes 1: \"b\"\n") != std::string::npos, got);
  for (const char* hup :
       {"fd 3: nbytes 0 hangup", "fd 4: nbytes 0 hangup", "fd 5: nbytes 0 hangup"})
    BOOST_TEST(got.find(hup) != std::string::npos, got);
}

BOOST_AUTO_TEST_CASE(dev_devices_from_a_guest) {
  auto run_devices = [](bool deterministic) {
    auto out = vfs::collecting_sink();
    int status = run("devices", {}, opts([&](auto& o) {
                       o.vfs = make_vm(deterministic);
                       o.deterministic = deterministic;
                       o.stdin_stream = vfs::source_of("typed");
                       o.stdout_stream = out;
                     }));
    BOOST_TEST(status == 0);
    return out->output();
  };
  std::string a = run_devices(true), b = run_devices(true), c = run_devices(false);
  for (const char* line : {"zero reads zeros: ok\n", "null swallows writes: ok\n",
                           "null reads end: ok\n", "null is a character device: ok\n",
                           "urandom reads: ok\n", "creating in /dev is refused: ok\n",
                           "/dev/stdout opens: ok\nvia /dev/stdout\n", "via /dev/stdin: typed\n"})
    BOOST_TEST(a.find(line) != std::string::npos, line << " in:\n" << a);
  BOOST_TEST(a == b);  // a seeded urandom repeats
  BOOST_TEST(a != c);  // the host's does not
}

BOOST_AUTO_TEST_CASE(wask_run_mounts_dev) {
  std::string cmd = std::string("printf typed | '") + WASK_EXECUTABLE + "' run --cwd / '" +
                    WASK_IO_GUEST_DIR + "/devices.wasm' 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  BOOST_REQUIRE(p);
  std::string got;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) got.append(buf, n);
  BOOST_TEST(::pclose(p) == 0);
  BOOST_TEST(got.find("zero reads zeros: ok\n") != std::string::npos, got);
  BOOST_TEST(got.find("via /dev/stdout\n") != std::string::npos, got);
  BOOST_TEST(got.find("via /dev/stdin: typed\n") != std::string::npos, got);
}

BOOST_AUTO_TEST_CASE(cancel_stops_a_guest_blocked_in_read_poll_sleep_or_write) {
  for (std::string mode : {"read", "poll", "sleep", "write"}) {
    BOOST_TEST_CONTEXT(mode) {
      auto [r, w] = vfs::make_pipe();  // stdin that never gets data; or a stdout never drained
      auto cancel = std::make_shared<vfs::Cancel>();
      std::atomic<bool> blocking{false};
      auto announce = vfs::callback_sink([&](std::span<const std::byte>) { blocking = true; });
      wasi::WasiOptions options;
      options.cancel = cancel;
      if (mode == "write") {
        blocking = true;  // it blocks once 64 KiB are in
        options.stdout_stream = w;
      } else {
        options.stdin_stream = r;
        options.stdout_stream = announce;
      }
      int status = -1;
      std::thread guest([&] { status = run("blocker", {mode}, options); });
      for (int i = 0; i < 5000 && !blocking; ++i) std::this_thread::sleep_for(1ms);
      std::this_thread::sleep_for(50ms);
      auto t0 = std::chrono::steady_clock::now();
      cancel->trigger(124);
      guest.join();
      BOOST_TEST(status == 124);
      BOOST_TEST((std::chrono::steady_clock::now() - t0 < 1s));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_guest_closing_its_stdout_ends_the_readers_input) {
  auto [in_r, in_w] = vfs::make_pipe();  // stdin that never gets data: the guest stays blocked
  auto [out_r, out_w] = vfs::make_pipe();
  auto cancel = std::make_shared<vfs::Cancel>();
  int status = -1;
  std::thread guest([&, in_r = std::move(in_r), out_w = std::move(out_w)]() mutable {
    status = run("blocker", {"close1"}, opts([&](auto& o) {
                   o.stdin_stream = std::move(in_r);
                   o.stdout_stream = std::move(out_w);
                   o.cancel = cancel;
                 }));
  });
  // The guest is still running (blocked in read) when its stdout's reader sees the end.
  std::string got;
  std::byte buf[256];
  for (;;) {
    auto n = out_r->read(buf);
    BOOST_REQUIRE(n.ok());
    if (*n == 0) break;
    got.append(reinterpret_cast<const char*>(buf), *n);
  }
  BOOST_TEST(got == "blocking in close1\n");
  BOOST_TEST(status == -1);
  cancel->trigger(137);
  guest.join();
  BOOST_TEST(status == 137);
}

BOOST_AUTO_TEST_CASE(chained_relative_opens_keep_a_normalised_path) {
  std::string trace;
  int status = run("chain_open", {"3000", "0"}, opts([&](auto& o) {
                     o.trace = [&](std::string_view line) {
                       if (line.find("\"./.\"") != std::string_view::npos)
                         trace = std::string(line);
                     };
                   }));
  BOOST_TEST(status == 0);
  // The last open's fd is still named "/tmp", not "/tmp/././././...".
  std::string tail = trace.substr(trace.rfind(" = "));
  BOOST_TEST((tail.starts_with(" = 0 [") && tail.ends_with("</tmp>]")), tail.substr(0, 100));
}
