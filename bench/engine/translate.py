#!/usr/bin/env python3
"""Translation speed: times `wask run --invoke trivial` on a generated ~30 MB module, i.e. reading,
decoding, validating, translating and instantiating it (the call itself returns a constant).
node and wasm-interp do the same for comparison (node compiles function bodies lazily, so its figure
is mostly validation).

usage: translate.py BUILD_DIR [--mb 30] [--runs 3] [--timeout S]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import run_once  # noqa: E402  (same timing and result parsing as the engine table)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--mb", type=float, default=30, help="module size in MB, default 30")
    ap.add_argument("--runs", type=int, default=3, help="timed runs (median), default 3")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run, default 300")
    args = ap.parse_args()

    build = args.build_dir.resolve()
    module = build / "bench" / "engine" / f"big-{args.mb:g}mb.wasm"
    generator = HERE / "gen_big_module.py"
    # Generating takes a few seconds in Python: keep the module until the generator changes.
    if not module.exists() or module.stat().st_mtime < generator.stat().st_mtime:
        module.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(generator), str(module), str(args.mb)], check=True,
                       stdout=subprocess.DEVNULL)
    mb = module.stat().st_size / 1e6

    wask = build / "wask"
    node = shutil.which("node")
    interp = shutil.which("wasm-interp")
    runtimes = [
        ("wask", [str(wask), "run", "--invoke", "trivial", str(module)], os.access(wask, os.X_OK)),
        ("node", [node, str(HERE / "run-node.mjs"), str(module), "trivial"], node is not None),
        ("wasm-interp", [interp, str(module), "--run-all-exports"], interp is not None),
    ]
    print(f"== translation speed: {module.name}, {mb:.1f} MB; "
          f"median of {args.runs} runs of the whole process", flush=True)
    print("| runtime | load+validate+translate ms | MB/s |")
    print("|---------|---------------------------:|-----:|")
    failed = False
    for name, cmd, available in runtimes:
        if not available:
            print(f"| {name} | n/a | n/a |")
            continue
        times, why = [], ""
        for _ in range(args.runs):
            out, status, detail = run_once(cmd, args.timeout)
            if out is None:
                why = f"{status}: {detail}"
                break
            if out[2][1] != 42:
                why, failed = f"WRONG RESULT {out[2]}, expected i32:42", True
                break
            times.append(out[0])
        if why:
            print(f"| {name} | {why} | - |")
            continue
        t = statistics.median(times)
        print(f"| {name} | {t * 1000:.0f} | {mb / t:.0f} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
