#!/usr/bin/env python3
"""WASI benchmarks (issue 4's Speed section) on `wask run` and on node's WASI:

- hello world: the median total run time of the whole process (start-up, load, instantiate, run);
  target: wask at least 10x faster than node.
- copy: a cat-like guest (copy.c) copies a 256 MiB file, timed inside the guest; wask from a hostfs
  mount (`--dir`) and from its memfs root, node from the same host files; target: within 1.5x of node.

usage: run.py BUILD_DIR [--runs N] [--copy-runs N] [--mib N] [--timeout S]

If `wask run` cannot run a WASI command yet, the wask column says why and node is still measured.
A wrong output from a runtime that does run is a hard failure (exit status 1).
"""
import argparse
import filecmp
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
COPIED_RE = re.compile(r"copied (\d+) bytes in ([\d.]+) ms")


def run(cmd, timeout):
    """(wall seconds, stdout) or raises RuntimeError with the reason."""
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"timeout after {timeout:g} s")
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        lines = (p.stderr.strip() or p.stdout.strip() or "(no output)").splitlines()
        raise RuntimeError(f"exit {p.returncode}: {lines[-1]}")
    return elapsed, p.stdout


def hello(cmd, runs, timeout):
    times = []
    for i in range(runs + 1):  # the first run only checks the output and warms the caches
        t, out = run(cmd, timeout)
        if out != "hello, world\n":
            raise ValueError(f"printed {out!r}, expected 'hello, world\\n'")
        if i:
            times.append(t)
    return statistics.median(times) * 1000


def copy(cmd, runs, timeout, size, check_dst=None, src=None):
    """Median in-guest copy time and median process time, in ms."""
    guest, wall = [], []
    for i in range(runs):
        if check_dst and check_dst.exists():
            check_dst.unlink()
        t, out = run(cmd, timeout)
        m = COPIED_RE.search(out)
        if not m or int(m.group(1)) != size:
            raise ValueError(f"printed {out.strip()!r}, expected 'copied {size} bytes in ... ms'")
        if i == 0 and check_dst and not filecmp.cmp(src, check_dst, shallow=False):
            raise ValueError(f"{check_dst} differs from {src}")
        guest.append(float(m.group(2)))
        wall.append(t * 1000)
    return statistics.median(guest), statistics.median(wall)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--runs", type=int, default=10, help="hello-world runs (median), default 10")
    ap.add_argument("--copy-runs", type=int, default=3, help="copy runs (median), default 3")
    ap.add_argument("--mib", type=int, default=256, help="size of the copied file, default 256 MiB")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run, default 300")
    args = ap.parse_args()

    build = args.build_dir.resolve()
    guests = build / "bench" / "wasi"
    hello_wasm, copy_wasm = guests / "wasi_hello.wasm", guests / "wasi_copy.wasm"
    if not hello_wasm.exists() or not copy_wasm.exists():
        sys.exit(f"wasi/run.py: not built (cmake --build {build} --target bench_wasi)")
    wask = build / "wask"
    node = shutil.which("node")
    node_cmd = [node, "--no-warnings", str(HERE / "run-node-wasi.mjs")] if node else None
    size = args.mib * 1024 * 1024

    print(f"== WASI benchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} cores; node {subprocess.run([node, '--version'], capture_output=True, text=True).stdout.strip() if node else 'n/a'}",
          flush=True)
    rows, notes, failed = [], [], False

    # Whether wask can run a WASI command at all decides if the wask column is measured.
    wask_ok, why = os.access(wask, os.X_OK), f"{wask} not built"
    if wask_ok:
        try:
            run([str(wask), "run", str(hello_wasm)], args.timeout)
        except RuntimeError as e:
            wask_ok, why = False, f"`wask run` cannot run a WASI command yet ({e})"
    if not wask_ok:
        notes.append(f"wask: n/a: {why}")
    if not node:
        notes.append("node: n/a: not installed")

    def measure(label, fn):
        nonlocal failed
        try:
            return fn()
        except (RuntimeError, ValueError) as e:
            notes.append(f"{label}: FAILED: {e}")
            failed = True
            return None

    # hello world: total process time.
    w = measure("hello on wask", lambda: hello([str(wask), "run", str(hello_wasm)], args.runs,
                                               args.timeout)) if wask_ok else None
    n = measure("hello on node", lambda: hello(node_cmd + [str(hello_wasm)], args.runs,
                                               args.timeout)) if node else None
    rows.append(("hello world, total ms", w, n, "node/wask >= 10x", (n / w) if w and n else None, "node/wask"))

    # copy: host files in a temporary directory beside the build (not /tmp, which may be a tmpfs).
    work = Path(tempfile.mkdtemp(prefix="copy-", dir=guests))
    try:
        src, dst = work / "src", work / "dst"
        with open(src, "wb") as f:
            chunk = os.urandom(1 << 20)
            for i in range(args.mib):
                f.write(chunk[i % 251:] + chunk[:i % 251])  # each MiB different, cheaply
        print(f"copy: {args.mib} MiB, median of {args.copy_runs} runs, copy timed inside the guest",
              file=sys.stderr, flush=True)
        guest_args = [str(copy_wasm), "/data/src", "/data/dst"]
        nh = measure("copy on node (host files)",
                     lambda: copy(node_cmd[:] + ["--dir", f"{work}::/data"] + guest_args, args.copy_runs,
                                  args.timeout, size, dst, src)) if node else None
        wh = measure("copy on wask (hostfs)",
                     lambda: copy([str(wask), "run", "--dir", f"{work}::/data"] + guest_args,
                                  args.copy_runs, args.timeout, size, dst, src)) if wask_ok else None
        # memfs: the VM's root is a fresh memfs when nothing is mounted at /; the guest makes /src
        # there (untimed), then copies it to the same host file node writes.
        wm = measure("copy on wask (memfs -> host file)",
                     lambda: copy([str(wask), "run", "--dir", f"{work}::/data", str(copy_wasm), "--make",
                                   str(size), "/src", "/data/dst"],
                                  args.copy_runs, args.timeout, size)) if wask_ok else None
        # memfs to memfs: every destination byte lands in fresh anonymous memory, so this row
        # mostly measures the machine's page-fault cost (no target; node has no memfs). The root is
        # mounted explicitly: without a mount the guest gets no preopen to create /src through.
        wmm = measure("copy on wask (memfs -> memfs)",
                      lambda: copy([str(wask), "run", "--mount", "/=mem,size=1G", str(copy_wasm), "--make",
                                    str(size), "/src", "/dst"],
                                   args.copy_runs, args.timeout, size)) if wask_ok else None
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def ratio(a, b):
        return a / b if a is not None and b is not None else None
    rows.append((f"copy {args.mib} MiB hostfs, guest ms", wh and wh[0], nh and nh[0], "wask/node <= 1.5x",
                 ratio(wh and wh[0], nh and nh[0]), "wask/node"))
    rows.append((f"copy {args.mib} MiB memfs -> host file (node: host files), guest ms", wm and wm[0],
                 nh and nh[0], "wask/node <= 1.5x", ratio(wm and wm[0], nh and nh[0]), "wask/node"))
    rows.append((f"copy {args.mib} MiB memfs -> memfs, guest ms", wmm and wmm[0], None,
                 "(page faults)", None, "wask/node"))
    rows.append((f"copy {args.mib} MiB hostfs, process ms", wh and wh[1], nh and nh[1], "",
                 ratio(wh and wh[1], nh and nh[1]), "wask/node"))

    print("| benchmark | wask | node | ratio | target |")
    print("|---|---:|---:|---:|---|")
    for label, w, n, target, r, rname in rows:
        fmt = lambda v: f"{v:.1f}" if v is not None else "n/a"
        print(f"| {label} | {fmt(w)} | {fmt(n)} | {f'{r:.2f}x ' + rname if r is not None else '-'} | {target} |")
    for note in notes:
        print(note)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
