#!/usr/bin/env python3
"""The SIMD benchmarks: each program of bench/engine/simd/ auto-vectorised (-O3 -msimd128) and
scalar (-O3 without the vectorisers) under wask, and natively (-O3). Checks that all three print
the same result and prints a markdown table of median CPU times (user+sys of the process).

usage: simd.py BUILD_DIR [--runs N]
"""
import argparse
import sys
from pathlib import Path

import run  # bench/engine/run.py: the same timing and result checks

PROGRAMS = ["dot", "blend", "bytesearch"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--runs", type=int, default=5, help="timed runs per program (median), default 5")
    args = ap.parse_args()
    bench = args.build_dir.resolve() / "bench" / "engine"
    wask = args.build_dir.resolve() / "wask"
    native_rt = run.Runtime("native", lambda p, w, n: [str(n)], args.runs, 120, True)
    wask_rt = run.Runtime("wask", lambda p, w, n: [str(wask), "run", "--invoke", "bench_main", str(w)],
                          args.runs, 120, True)
    print(f"machine: {run.machine_summary()}\n")
    print("| program | native ms | wask scalar ms | wask SIMD ms | SIMD speedup under wask |")
    print("|---|---:|---:|---:|---:|")
    failed = False
    for p in PROGRAMS:
        native = run.measure(native_rt, p, None, bench / f"{p}-native")
        scalar = run.measure(wask_rt, p, bench / f"scalar_{p}.wasm", None)
        simd = run.measure(wask_rt, p, bench / f"simd_{p}.wasm", None)
        cells = [native, scalar, simd]
        if any(c.cpu_ms is None for c in cells) or len({c.result for c in cells}) != 1:
            failed = True
            print(f"| {p} | " + " | ".join(c.status + " " + c.detail for c in cells) + " | - |")
            continue
        print(f"| {p} | {native.cpu_ms:.0f} | {scalar.cpu_ms:.0f} | {simd.cpu_ms:.0f} | "
              f"{scalar.cpu_ms / simd.cpu_ms:.1f}x |")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
