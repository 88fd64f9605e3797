#!/usr/bin/env python3
"""Command benchmarks (issue 8's Speed section): wask's own commands under `wask run` (the file in
a host directory mounted with --dir) against the host's GNU commands on the same file, in one run.

- cat, wc -l, grep -c, sha256sum of a 256 MiB text file; sort of 1,000,000 lines.
Reported: median wall and CPU time (user+sys) of the whole process, and the ratios. cat is
I/O-bound: its target is within 2x of the host's; the others pay for the interpreter.
Outputs must agree (else a hard failure).

usage: run.py BUILD_DIR [--runs N] [--mib N] [--lines N]
"""
import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from proctime import measure  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mib", type=int, default=256)
    ap.add_argument("--lines", type=int, default=1000000)
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args()
    wask = str(args.build_dir.resolve() / "wask")
    work = Path(tempfile.mkdtemp(prefix="wask-bench-commands-"))
    try:
        rng = random.Random(7)
        words = ["alpha", "beta", "gamma", "delta", "needle", "omega", "wasm", "kernel"]
        line_block = "".join(" ".join(rng.choice(words) for _ in range(8)) + "\n" for _ in range(4096))
        block = line_block.encode()
        with open(work / "big.txt", "wb") as f:
            written = 0
            while written < args.mib << 20:
                f.write(block)
                written += len(block)
        with open(work / "lines.txt", "w") as f:
            for _ in range(args.lines):
                f.write(f"{rng.randrange(10**9)} {rng.choice(words)}\n")

        cases = [
            ("cat", ["cat", "big.txt"], 2),
            ("wc -l", ["wc", "-l", "big.txt"], None),
            ("grep -c", ["grep", "-c", "needle", "big.txt"], None),
            ("sha256sum", ["sha256sum", "big.txt"], None),
            ("sort", ["sort", "lines.txt"], None),
        ]
        print(f"## Commands (issue 8): wask run /bin/NAME vs the host's GNU command, median of {args.runs}")
        print()
        print("| command | host wall ms | host cpu ms | wask wall ms | wask cpu ms | wall ratio | cpu ratio | target |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        status = 0
        for name, argv, target in cases:
            host = [shutil.which(argv[0])] + [str(work / a) if a.endswith(".txt") else a for a in argv[1:]]
            vm = [wask, "run", "--dir", f"{work}::/w", "--cwd", "/w", "/bin/" + argv[0]] + argv[1:]
            try:
                hw, hc, hout = measure(host, args.runs, args.timeout, ok=(0, 1))
                ww, wc, wout = measure(vm, args.runs, args.timeout, ok=(0, 1))
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                print(f"| {name} | failed: {e} | | | | | | |")
                status = 1
                continue
            same = hout.replace(str(work).encode(), b"").replace(b"/w/", b"/") == \
                wout.replace(b"/w/", b"/") or hout.split()[:1] == wout.split()[:1]
            if not same:
                print(f"| {name} | outputs differ | | | | | | |")
                status = 1
                continue
            r = ww / hw
            verdict = "" if target is None else (f"{target}x ok" if r <= target else f"{target}x OVER")
            print(f"| {name} | {hw:.0f} | {hc:.0f} | {ww:.0f} | {wc:.0f} | {r:.2f}x | {wc / max(hc, 1e-9):.2f}x | {verdict} |")
        return status
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
