// The VFS benchmark: figures, not a test. Through the Vfs facade on memfs and on hostfs (a host
// temp dir), against plain host calls on the same temp dir in the same run:
//   - sequential write and read of a 256 MiB file with 1 MiB and 64 KiB buffers;
//   - stat of a path ten components deep (ns per call);
//   - creating 10,000 files in one directory, and listing them (ms).
// Every figure is the best of --runs runs (default 3). Usage:
//   vfs_bench [--size-mib N] [--runs N] [--files N] [--dir HOST_DIR]
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "backends/hostfs/hostfs.h"
#include "backends/memfs/memfs.h"
#include "vfs/vfs.h"

namespace fs = boost::filesystem;
using namespace wask;

namespace {

struct Config {
  uint64_t size_mib = 256;
  int runs = 3;
  int files = 10'000;
  std::string dir;  // where the host temp dir goes (default: the system temp dir)
};

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Best (smallest) of `runs` timings of `body`, in seconds; `setup` runs untimed before each.
double best_of(int runs, const std::function<void()>& setup, const std::function<void()>& body) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    if (setup) setup();
    auto start = Clock::now();
    body();
    best = std::min(best, seconds_since(start));
  }
  return best;
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "vfs_bench: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T must(vfs::Result<T> r, const std::string& what) {
  if (!r.ok()) die(what + ": " + std::string(vfs::posix_name(r.error())));
  return std::move(r).value();
}
void must(vfs::Result<void> r, const std::string& what) {
  if (!r.ok()) die(what + ": " + std::string(vfs::posix_name(r.error())));
}

// One place to run the same workload on: plain host calls on a host directory, or a Vfs path.
struct Target {
  std::string name;
  vfs::Vfs* v = nullptr;  // null: plain host calls
  std::string base;       // a VM path under v, or a host path
};

// --- Sequential I/O ----------------------------------------------------------------------------

void host_write(const std::string& path, uint64_t total, std::vector<char>& buf) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) die("open " + path);
  for (uint64_t done = 0; done < total;) {
    ssize_t n = ::write(fd, buf.data(), std::min<uint64_t>(buf.size(), total - done));
    if (n <= 0) die("write " + path);
    done += static_cast<uint64_t>(n);
  }
  ::close(fd);
}

uint64_t host_read(const std::string& path, std::vector<char>& buf) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) die("open " + path);
  uint64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) die("read " + path);
    if (n == 0) break;
    total += static_cast<uint64_t>(n);
  }
  ::close(fd);
  return total;
}

void vfs_write(vfs::Vfs& v, const std::string& path, uint64_t total, std::vector<char>& buf) {
  auto file = must(v.open(path, {.read = false, .write = true, .create = true, .truncate = true}),
                   "open " + path);
  for (uint64_t done = 0; done < total;) {
    const size_t want = std::min<uint64_t>(buf.size(), total - done);
    auto n =
        must(file->write(std::as_bytes(std::span<const char>(buf.data(), want))), "write " + path);
    if (n == 0) die("short write " + path);
    done += n;
  }
}

uint64_t vfs_read(vfs::Vfs& v, const std::string& path, std::vector<char>& buf) {
  auto file = must(v.open(path, {.read = true}), "open " + path);
  uint64_t total = 0;
  for (;;) {
    auto n = must(file->read(std::as_writable_bytes(std::span<char>(buf.data(), buf.size()))),
                  "read " + path);
    if (n == 0) break;
    total += n;
  }
  return total;
}

struct IoFigures {
  double write_s = 1e300, read_s = 1e300;
};

void remove_file(const Target& t, const std::string& path) {
  if (t.v) {
    (void)t.v->unlink(t.v->root(), path);
  } else {
    ::unlink(path.c_str());
  }
}

// The targets take turns within each run, so a slow moment of the machine (writeback, other
// processes) does not fall on one target only.
std::vector<IoFigures> sequential_io(const std::vector<const Target*>& targets, const Config& cfg,
                                     size_t buffer_bytes) {
  const uint64_t total = cfg.size_mib << 20;
  std::vector<char> buf(buffer_bytes);
  for (size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<char>(i * 7 + 1);
  std::vector<IoFigures> out(targets.size());
  for (int run = 0; run < cfg.runs; ++run) {
    for (size_t i = 0; i < targets.size(); ++i) {
      const Target& t = *targets[i];
      const std::string path = t.base + "/big.bin";
      remove_file(t, path);  // each write goes to a fresh file: allocation is part of writing
      auto start = Clock::now();
      if (t.v) {
        vfs_write(*t.v, path, total, buf);
      } else {
        host_write(path, total, buf);
      }
      out[i].write_s = std::min(out[i].write_s, seconds_since(start));
    }
  }
  for (int run = 0; run < cfg.runs; ++run) {
    for (size_t i = 0; i < targets.size(); ++i) {
      const Target& t = *targets[i];
      const std::string path = t.base + "/big.bin";
      auto start = Clock::now();
      const uint64_t got = t.v ? vfs_read(*t.v, path, buf) : host_read(path, buf);
      out[i].read_s = std::min(out[i].read_s, seconds_since(start));
      if (got != total) die("read back " + std::to_string(got) + " bytes of " + path);
    }
  }
  for (const Target* t : targets) remove_file(*t, t->base + "/big.bin");
  return out;
}

// --- stat ten components deep ------------------------------------------------------------------

// The mount (or the host dir) is the first component; 8 directories and a file make ten.
std::string make_deep_path(const Target& t) {
  std::string path = t.base;
  for (int i = 1; i <= 8; ++i) {
    path += "/level" + std::to_string(i);
    if (t.v) {
      must(t.v->mkdir(path), "mkdir " + path);
    } else {
      fs::create_directory(path);
    }
  }
  path += "/file";
  if (t.v) {
    must(t.v->write_file(path, "x"), "write " + path);
  } else {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) die("create " + path);
    std::fclose(f);
  }
  return path;
}

double stat_ns(const Target& t, const Config& cfg, const std::string& path, int calls) {
  // The host stats relative to its base directory, so it walks the same ten components.
  int base_fd = t.v ? -1 : ::open(t.base.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  const std::string host_rel = path.substr(t.base.size() + 1);
  const double s = best_of(cfg.runs, nullptr, [&] {
    for (int i = 0; i < calls; ++i) {
      if (t.v) {
        must(t.v->stat(path), "stat " + path);
      } else {
        struct stat st;
        if (::fstatat(base_fd, host_rel.c_str(), &st, 0) != 0) die("stat " + path);
      }
    }
  });
  if (base_fd >= 0) ::close(base_fd);
  return s * 1e9 / calls;
}

// --- 10,000 files in one directory -------------------------------------------------------------

struct DirFigures {
  double create_ms = 1e300, list_ms = 1e300, list_paged_ms = 1e300;
};

void create_files(const Target& t, const std::string& dir, int files) {
  for (int i = 0; i < files; ++i) {
    const std::string path = dir + "/file" + std::to_string(i);
    if (t.v) {
      must(t.v->open(path, {.read = false, .write = true, .create = true, .exclusive = true}),
           "create " + path);
    } else {
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd < 0) die("create " + path);
      ::close(fd);
    }
  }
}

// Lists `dir` in pages of `page` entries (as fd_readdir does with a small buffer), or all at once.
void list_files(const Target& t, const std::string& dir, int files, size_t page) {
  size_t count = 0;
  if (t.v) {
    auto d = must(t.v->open_dir(dir), "open_dir " + dir);
    uint64_t cookie = 0;
    for (;;) {
      auto entries = must(t.v->readdir(d, cookie, page), "readdir " + dir);
      if (entries.empty()) break;
      count += entries.size();
      cookie = entries.back().next_cookie;
    }
    count -= 2;  // "." and ".."
  } else {
    DIR* d = ::opendir(dir.c_str());
    if (!d) die("opendir " + dir);
    while (struct dirent* e = ::readdir(d)) {
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) ++count;
    }
    ::closedir(d);
  }
  if (count != static_cast<size_t>(files)) {
    die("listed " + std::to_string(count) + " entries in " + dir);
  }
}

// Each run creates a fresh directory per target; the targets take turns, as for sequential I/O.
std::vector<DirFigures> many_files(const std::vector<const Target*>& targets, const Config& cfg) {
  std::vector<DirFigures> out(targets.size());
  std::vector<std::string> last_dir(targets.size());
  for (int run = 0; run < cfg.runs; ++run) {
    for (size_t i = 0; i < targets.size(); ++i) {
      const Target& t = *targets[i];
      const std::string dir = t.base + "/many" + std::to_string(run);
      if (t.v) {
        must(t.v->mkdir(dir), "mkdir " + dir);
      } else {
        fs::create_directory(dir);
      }
      auto start = Clock::now();
      create_files(t, dir, cfg.files);
      out[i].create_ms = std::min(out[i].create_ms, 1e3 * seconds_since(start));
      last_dir[i] = dir;
    }
  }
  for (int run = 0; run < cfg.runs; ++run) {
    for (size_t i = 0; i < targets.size(); ++i) {
      auto start = Clock::now();
      list_files(*targets[i], last_dir[i], cfg.files, SIZE_MAX);
      out[i].list_ms = std::min(out[i].list_ms, 1e3 * seconds_since(start));
      start = Clock::now();
      list_files(*targets[i], last_dir[i], cfg.files, 128);
      out[i].list_paged_ms = std::min(out[i].list_paged_ms, 1e3 * seconds_since(start));
    }
  }
  return out;
}

// --- Report ------------------------------------------------------------------------------------

std::string fixed(double x, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}
std::string ratio(double x, double base) { return fixed(x / base, 2) + "x"; }

void row(const std::vector<std::string>& cells) {
  std::printf("|");
  for (size_t i = 0; i < cells.size(); ++i) {
    std::printf(i == 0 ? " %-30s |" : " %11s |", cells[i].c_str());
  }
  std::printf("\n");
}

Config parse(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value after " + arg);
      return argv[++i];
    };
    if (arg == "--size-mib") {
      cfg.size_mib = std::stoull(next());
    } else if (arg == "--runs") {
      cfg.runs = std::max(1, std::stoi(next()));
    } else if (arg == "--files") {
      cfg.files = std::max(1, std::stoi(next()));
    } else if (arg == "--dir") {
      cfg.dir = next();
    } else {
      die("usage: vfs_bench [--size-mib N] [--runs N] [--files N] [--dir HOST_DIR]");
    }
  }
  return cfg;
}

}  // namespace

int main(int argc, char** argv) {
  const Config cfg = parse(argc, argv);
  const fs::path parent = cfg.dir.empty() ? fs::temp_directory_path() : fs::path(cfg.dir);
  const fs::path tmp = parent / fs::unique_path("wask-vfs-bench-%%%%-%%%%");
  fs::create_directories(tmp / "plain");
  fs::create_directories(tmp / "hostfs");

  vfs::Vfs v;
  must(v.mount("/", backends::Memfs::create({.max_bytes = backends::kMemfsUnlimited,
                                             .max_inodes = backends::kMemfsUnlimited})),
       "mount memfs");  // any --size-mib
  must(v.mkdir_p("/mem"), "mkdir /mem");
  must(v.mkdir_p("/host"), "mkdir /host");
  auto hostfs = must(backends::Hostfs::create((tmp / "hostfs").string()), "hostfs");
  must(v.mount("/host", hostfs), "mount hostfs");

  const Target host{"host", nullptr, (tmp / "plain").string()};
  const Target on_hostfs{"hostfs", &v, "/host"};
  const Target on_memfs{"memfs", &v, "/mem"};

  std::printf("## VFS benchmark: %llu MiB file, %d files, best of %d runs, host dir %s\n\n",
              static_cast<unsigned long long>(cfg.size_mib), cfg.files, cfg.runs,
              tmp.string().c_str());
  row({"operation", "host", "hostfs", "memfs", "hostfs/host", "memfs/host"});
  std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(32, '-').c_str(),
              std::string(12, '-').append(":").c_str(), std::string(12, '-').append(":").c_str(),
              std::string(12, '-').append(":").c_str(), std::string(12, '-').append(":").c_str(),
              std::string(12, '-').append(":").c_str());

  const double mib = static_cast<double>(cfg.size_mib);
  for (size_t buffer : {size_t{1} << 20, size_t{64} << 10}) {
    const std::string label = buffer >= (1u << 20) ? "1 MiB" : "64 KiB";
    auto figures = sequential_io({&host, &on_hostfs, &on_memfs}, cfg, buffer);
    const IoFigures& h = figures[0];
    const IoFigures& hf = figures[1];
    const IoFigures& mf = figures[2];
    row({"write, " + label + " buffer (MiB/s)", fixed(mib / h.write_s, 0),
         fixed(mib / hf.write_s, 0), fixed(mib / mf.write_s, 0), ratio(hf.write_s, h.write_s),
         ratio(mf.write_s, h.write_s)});
    row({"read, " + label + " buffer (MiB/s)", fixed(mib / h.read_s, 0), fixed(mib / hf.read_s, 0),
         fixed(mib / mf.read_s, 0), ratio(hf.read_s, h.read_s), ratio(mf.read_s, h.read_s)});
    std::fflush(stdout);
  }

  const int stat_calls = 100'000;
  const double h_stat = stat_ns(host, cfg, make_deep_path(host), stat_calls);
  const double hf_stat = stat_ns(on_hostfs, cfg, make_deep_path(on_hostfs), stat_calls);
  const double mf_stat = stat_ns(on_memfs, cfg, make_deep_path(on_memfs), stat_calls);
  row({"stat, 10 components (ns/call)", fixed(h_stat, 0), fixed(hf_stat, 0), fixed(mf_stat, 0),
       ratio(hf_stat, h_stat), ratio(mf_stat, h_stat)});
  std::fflush(stdout);

  auto dir_figures = many_files({&host, &on_hostfs, &on_memfs}, cfg);
  const DirFigures& hd = dir_figures[0];
  const DirFigures& hfd = dir_figures[1];
  const DirFigures& mfd = dir_figures[2];
  const std::string n = std::to_string(cfg.files);
  row({"create " + n + " files (ms)", fixed(hd.create_ms, 1), fixed(hfd.create_ms, 1),
       fixed(mfd.create_ms, 1), ratio(hfd.create_ms, hd.create_ms),
       ratio(mfd.create_ms, hd.create_ms)});
  row({"list " + n + " entries (ms)", fixed(hd.list_ms, 2), fixed(hfd.list_ms, 2),
       fixed(mfd.list_ms, 2), ratio(hfd.list_ms, hd.list_ms), ratio(mfd.list_ms, hd.list_ms)});
  row({"list, pages of 128 (ms)", fixed(hd.list_paged_ms, 2), fixed(hfd.list_paged_ms, 2),
       fixed(mfd.list_paged_ms, 2), ratio(hfd.list_paged_ms, hd.list_paged_ms),
       ratio(mfd.list_paged_ms, hd.list_paged_ms)});

  boost::system::error_code ec;
  fs::remove_all(tmp, ec);
  return 0;
}
