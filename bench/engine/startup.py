#!/usr/bin/env python3
"""Start-up: wall time, CPU time (user+sys) and peak RSS of whole `wask run` processes that do
almost nothing but load a large module: `yosys -V` (npm @yowasp/yosys, gen/yosys.core.wasm) and
`clang --version` (npm @yowasp/clang, gen/llvm.core.wasm), plus the empty WASI program.

Each is run three ways: with --no-cache (a first run that writes nothing), over an empty cache
directory (a first run that also writes the cache entry), and again over the filled cache (a
second run: the entry is read instead of decoding, validating and translating). The packages are
fetched with `npm pack` into BUILD_DIR/cache/yowasp once; without the registry they are skipped.

usage: startup.py BUILD_DIR [--runs 3] [--timeout S]
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# (row name, npm package, version, module inside the package, arguments, expected output,
#  target first-run s, target second-run s)
PACKAGES = [
    ("yosys -V", "@yowasp/yosys", "0.55.944", "package/gen/yosys.core.wasm", ["-V"], "Yosys 0.55",
     0.5, 0.1),
    ("clang --version", "@yowasp/clang", "22.0.0-git20542-10", "package/gen/llvm.core.wasm",
     ["clang", "--version"], "clang version", 1.0, 0.2),
]
EMPTY_TARGET_MS = 2


def fetch(cache, package, version):
    """The unpacked package directory, fetching it with `npm pack` if needed; None if impossible."""
    stem = f"{package.lstrip('@').replace('/', '-')}-{version}"
    unpacked = cache / stem
    if (unpacked / "package").is_dir():
        return unpacked
    tgz = cache / f"{stem}.tgz"
    if not tgz.exists():
        npm = shutil.which("npm")
        if not npm:
            print(f"startup.py: no npm: skipping {package}", file=sys.stderr)
            return None
        cache.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run([npm, "pack", f"{package}@{version}", "--pack-destination", str(cache)],
                           check=True, capture_output=True, timeout=600)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
            why = e.stderr.decode(errors="replace").strip().splitlines()[-1:] if getattr(
                e, "stderr", None) else [str(e)]
            print(f"startup.py: cannot fetch {package}@{version} (registry unreachable?): "
                  f"{' '.join(why)}; skipping it", file=sys.stderr)
            return None
    tmp = cache / f".{stem}.unpacking"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    subprocess.run(["tar", "xzf", str(tgz), "-C", str(tmp)], check=True)
    tmp.rename(unpacked)
    return unpacked


def run_once(cmd, env, timeout):
    """(wall s, cpu s, peak RSS bytes, stdout text) of one process, from wait4's own rusage.

    posix_spawn and a blocking wait4 (a timer kills a run past its timeout): polling with sleeps,
    or Popen's bookkeeping, would add about a millisecond to a run that takes one."""
    with tempfile.TemporaryFile() as out:
        actions = [(os.POSIX_SPAWN_DUP2, out.fileno(), 1), (os.POSIX_SPAWN_DUP2, out.fileno(), 2)]
        start = time.perf_counter()
        pid = os.posix_spawn(cmd[0], cmd, env, file_actions=actions)
        timer = threading.Timer(timeout, os.kill, (pid, signal.SIGKILL))
        timer.start()
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        out.seek(0)
        text = out.read().decode(errors="replace")
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        raise RuntimeError(f"timeout after {timeout:g} s")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"exit {code}: {text.strip().splitlines()[-1:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, text


def measure(cmd, env, runs, timeout, expect, before=None):
    """Medians of wall ms, cpu ms and peak RSS MB over `runs`; `before()` runs ahead of each."""
    walls, cpus, rss = [], [], []
    for _ in range(runs):
        if before:
            before()
        w, c, r, text = run_once(cmd, env, timeout)
        if expect not in text:
            raise RuntimeError(f"unexpected output: {text[:200]!r}")
        walls.append(w * 1000)
        cpus.append(c * 1000)
        rss.append(r / 1e6)
    return statistics.median(walls), statistics.median(cpus), statistics.median(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--runs", type=int, default=3, help="timed runs per figure (median), default 3")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run, default 300")
    args = ap.parse_args()
    build = args.build_dir.resolve()
    wask = build / "wask"
    if not os.access(wask, os.X_OK):
        print(f"startup.py: no {wask}", file=sys.stderr)
        return 1
    cache_dir = build / "bench" / "startup-cache"  # XDG_CACHE_HOME of the runs
    env = {"LC_ALL": "C", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent",
           "XDG_CACHE_HOME": str(cache_dir)}

    def empty_cache():
        shutil.rmtree(cache_dir, ignore_errors=True)

    print(f"== start-up: whole `wask run` processes, median of {args.runs} runs; "
          "first = --no-cache / empty cache (writes the entry), second = the entry read back",
          flush=True)
    print("| program | module MB | first --no-cache ms (cpu) | first, empty cache ms (cpu) | "
          "second ms (cpu) | peak RSS MB first / second | entry MB | target first / second |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    failed = False
    for name, package, version, module_path, argv, expect, first_s, second_s in PACKAGES:
        unpacked = fetch(build / "cache" / "yowasp", package, version)
        if unpacked is None:
            print(f"| {name} | n/a | skipped: {package}@{version} not available | | | | | |")
            continue
        module = unpacked / module_path
        mb = module.stat().st_size / 1e6
        try:
            base = [str(wask), "run"]
            nc = measure(base + ["--no-cache", str(module)] + argv, env, args.runs, args.timeout,
                         expect)
            fill = measure(base + [str(module)] + argv, env, args.runs, args.timeout, expect,
                           before=empty_cache)
            hit = measure(base + [str(module)] + argv, env, args.runs, args.timeout, expect)
        except RuntimeError as e:
            print(f"| {name} | {mb:.1f} | FAILED: {e} | | | | | |")
            failed = True
            continue
        entry_mb = sum(f.stat().st_size for f in (cache_dir / "wask").glob("*.wmod")) / 1e6
        print(f"| {name} | {mb:.1f} | {nc[0]:.0f} ({nc[1]:.0f}) | {fill[0]:.0f} ({fill[1]:.0f}) | "
              f"{hit[0]:.0f} ({hit[1]:.0f}) | {max(nc[2], fill[2]):.0f} / {hit[2]:.0f} | "
              f"{entry_mb:.0f} | {first_s * 1000:.0f} / {second_s * 1000:.0f} ms, "
              f"RSS <= {2 * mb:.0f} MB |", flush=True)
        empty_cache()
    empty = build / "bench" / "engine" / "empty.wasm"
    if empty.exists():
        runs = max(args.runs, 10)
        nc = measure([str(wask), "run", "--no-cache", str(empty)], env, runs, args.timeout, "")
        hit = measure([str(wask), "run", str(empty)], env, runs, args.timeout, "")
        print(f"| empty WASI program | {empty.stat().st_size / 1e6:.3f} | {nc[0]:.1f} ({nc[1]:.1f}) | "
              f"| {hit[0]:.1f} ({hit[1]:.1f}) | {nc[2]:.0f} / {hit[2]:.0f} (this script's own) | | "
              f"{EMPTY_TARGET_MS} ms |")
        # What any process costs through this harness (exec, exit, the spawn itself).
        true = shutil.which("true", path=env["PATH"])
        if true:
            floor = measure([true], env, runs, args.timeout, "")
            print(f"| /bin/true (the harness's floor) | | {floor[0]:.1f} ({floor[1]:.1f}) | | | | | |")
        empty_cache()
    else:
        print(f"| empty WASI program | n/a: build the bench_engine target ({empty} missing) | | | | | | |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
