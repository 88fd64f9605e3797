#include "wasi/context.h"

#include <sys/random.h>
#include <time.h>

#include <chrono>
#include <cstring>

#include "wasi/errno_map.h"

namespace wask::wasi {

namespace {

uint64_t host_clock_ns(clockid_t id) {
  timespec ts{};
  ::clock_gettime(id, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

// A seed from the host's getrandom: std::random_device probes the CPU (CPUID) first, which costs
// a virtual machine about 13 us, a hundredth of an empty program's run.
uint64_t random_seed() {
  uint64_t seed = 0;
  if (::getrandom(&seed, sizeof seed, 0) == sizeof seed) return seed;
  return std::random_device{}();
}

}  // namespace

WasiContext::WasiContext(WasiOptions options)
    : options_(std::move(options)),
      fds_(options_.fds ? *options_.fds : FdTable(options_.max_open_fds)),
      rng_(options_.deterministic ? options_.seed : random_seed()),
      start_monotonic_ns_(host_clock_ns(CLOCK_MONOTONIC)) {}

Expected<std::unique_ptr<WasiContext>> WasiContext::create(WasiOptions options) {
  if (!options.vfs) return Errno::Inval;
  if (!options.cancel) options.cancel = std::make_shared<vfs::Cancel>();
  bool inherited = options.fds.has_value();
  if (!options.stdin_stream) options.stdin_stream = null_stream();
  if (!options.stdout_stream) options.stdout_stream = null_stream();
  if (!options.stderr_stream) options.stderr_stream = null_stream();
  std::unique_ptr<WasiContext> ctx(new WasiContext(std::move(options)));
  auto& o = ctx->options_;
  o.fds.reset();  // the context's own table is the only one from now on
  if (inherited) {
    o.stdin_stream = o.stdout_stream = o.stderr_stream = nullptr;
    return ctx;
  }
  // The table holds the stdio descriptions from now on, so closing fd 1 really closes a pipe.
  ctx->fds_.put(Fd{0}, entry_for(std::move(o.stdin_stream), "stdin"));
  ctx->fds_.put(Fd{1}, entry_for(std::move(o.stdout_stream), "stdout"));
  ctx->fds_.put(Fd{2}, entry_for(std::move(o.stderr_stream), "stderr"));

  // Preopens come from the VFS only: the VM root and the working directory.
  struct Preopen {
    uint32_t fd;
    std::string vm_path, name;
  };
  for (const Preopen& p : {Preopen{3, "/", "/"}, Preopen{4, o.cwd, "."}}) {
    auto file = o.vfs->open(o.vfs->root(), p.vm_path, {.read = true, .directory = true});
    if (!file) return to_errno(file.error());
    if (!o.preopens) continue;
    FdEntry e;
    e.file = std::move(*file);
    e.base.bits = rights_of::kDirectory;
    e.inheriting.bits = rights_of::kDirectoryInheriting;
    e.path = e.file->dir().valid() ? e.file->dir().path() : p.vm_path;
    // wasi-libc sends every path, absolute or relative, to the preopen with the longest matching
    // name, the last one on ties, and "." matches as much as "/". So a cwd other than "/" is named
    // by its absolute path: absolute paths then reach the right directory everywhere.
    e.preopen_name = (p.name == "." && e.path != "/") ? e.path : p.name;
    ctx->fds_.put(Fd{p.fd}, std::move(e));
  }
  return ctx;
}

Expected<uint64_t> WasiContext::now(ClockId clock) {
  if (uint32_t(clock) > enum_max<ClockId>()) return Errno::Inval;
  if (options_.deterministic) {
    fake_ns_ += kDeterministicStepNs;
    return clock == ClockId::Realtime ? kDeterministicEpochNs + fake_ns_ : fake_ns_;
  }
  switch (clock) {
    case ClockId::Realtime:
      return host_clock_ns(CLOCK_REALTIME);
    case ClockId::Monotonic:
      return host_clock_ns(CLOCK_MONOTONIC) - start_monotonic_ns_;
    case ClockId::ProcessCputime:
      return host_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    case ClockId::ThreadCputime:
      return host_clock_ns(CLOCK_THREAD_CPUTIME_ID);
  }
  return Errno::Inval;
}

uint64_t WasiContext::resolution(ClockId clock) const {
  if (options_.deterministic) return kDeterministicStepNs;
  timespec ts{};
  static constexpr clockid_t kHost[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                        CLOCK_THREAD_CPUTIME_ID};
  ::clock_getres(kHost[uint32_t(clock)], &ts);
  uint64_t ns = uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
  return ns ? ns : 1;
}

bool WasiContext::sleep(uint64_t ns) {
  if (cancelled()) return false;
  if (options_.deterministic) {
    fake_ns_ += ns;
    return true;
  }
  return vfs::cancellable_sleep(ns, options_.cancel.get());
}

void WasiContext::fill_random(std::span<uint8_t> out) {
  if (options_.deterministic) {
    for (size_t i = 0; i < out.size(); i += 8) {
      uint64_t v = rng_();
      std::memcpy(out.data() + i, &v, std::min<size_t>(8, out.size() - i));
    }
    return;
  }
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
    if (n <= 0) {  // no entropy source: fall back to the (seeded at random) generator
      for (; done < out.size(); ++done) out[done] = uint8_t(rng_());
      break;
    }
    done += size_t(n);
  }
}

}  // namespace wask::wasi
