#!/usr/bin/env python3
"""Shell benchmarks (issue 7's Speed section): the same script in `wask sh` (every command a WASM
process of the command package, over a host directory mounted with --dir) and in the host's `dash`
(every command a fork+exec of the host's GNU command), in one run.

- spawn: a loop of N `cat small-file > /dev/null`; target within 2x of dash.
- pipe: `cat BIG | cat | wc -c` of a 256 MiB file; target within 2x of dash.
- ls: `ls -la` of a 10,000-entry directory; target within 3x.
- find: `find` over 10,000 files; target within 3x.
- ls -la (memfs), find (memfs): the same listings of a copy in a memfs mount (`--mount /m=mem`),
  each the difference between a run that copies and lists REPEAT times and one that copies and
  lists once, divided by REPEAT-1 (the copy is not what is measured); against dash on the host.

Reported: the median wall time of the whole shell process and its CPU time (user+sys of the process
and its children), and the ratios. Output of the two sides must agree (else a hard failure).

usage: run.py BUILD_DIR [--runs N] [--loops N] [--mib N] [--entries N] [--only NAME]... [--repeat N]
"""
import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from proctime import measure  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--loops", type=int, default=1000)
    ap.add_argument("--mib", type=int, default=256)
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--only", action="append", choices=["spawn", "pipe", "ls", "find", "memfs"],
                    help="run only this benchmark (repeatable)")
    ap.add_argument("--repeat", type=int, default=6, help="listings per memfs run")
    args = ap.parse_args()
    wask = args.build_dir.resolve() / "wask"
    dash = shutil.which("dash")
    if not wask.exists() or not dash:
        print(f"bench/shell: needs {wask} and dash", file=sys.stderr)
        return 1

    work = Path(tempfile.mkdtemp(prefix="wask-bench-shell-"))
    try:
        (work / "small.txt").write_text("hello, world\n")
        wanted = set(args.only or ["spawn", "pipe", "ls", "find", "memfs"])
        with open(work / "big.bin", "wb") as f:
            block = bytes(range(256)) * 4096  # 1 MiB
            for _ in range(args.mib if "pipe" in wanted else 0):
                f.write(block)
        many = work / "many"
        many.mkdir()
        for i in range(args.entries):
            (many / f"f{i:05d}").write_text("x")
        tree = work / "tree"
        for i in range(args.entries):
            d = tree / f"d{i // 100:03d}"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"f{i:05d}").write_text("y")

        scripts = [
            ("spawn", f"i=0; while [ $i -lt {args.loops} ]; do cat small.txt > /dev/null; i=$((i+1)); done; echo done", 2),
            ("pipe", "cat big.bin | cat | wc -c", 2),
            ("ls -la", "ls -la many | wc -l", 3),
            ("find", "find tree | wc -l", 3),
            ("ls -la (memfs)", "ls -la many | wc -l", 3),
            ("find (memfs)", "find tree | wc -l", 3),
        ]
        vm_base = [str(wask), "sh", "--dir", f"{work}::/w", "--cwd", "/w"]

        def measure_vm(name, script):
            if not name.endswith("(memfs)"):
                return measure(vm_base + ["-c", script], args.runs, args.timeout, cwd=work, warmup=True)
            # A copy in memfs, then the listing once and `repeat` times: the difference is the listing.
            subject = script.split("|")[0].split()[-1]
            copy = f"cp -r {subject} /m/ && cd /m"
            vm = vm_base + ["--mount", "/m=mem", "-c"]
            once = measure(vm + [f"{copy} && {script}"], args.runs, args.timeout, cwd=work, warmup=True)
            many = measure(vm + [f"{copy} && " + " && ".join([script] * args.repeat)],
                           args.runs, args.timeout, cwd=work, warmup=True)
            per = lambda i: max(0.0, (many[i] - once[i]) / (args.repeat - 1))
            return per(0), per(1), once[2]

        rows = []
        status = 0
        for name, script, target in scripts:
            kind = "memfs" if name.endswith("(memfs)") else name.split()[0]
            if kind not in wanted:
                continue
            host = [dash, "-c", script]
            try:
                hw, hc, hout = measure(host, args.runs, args.timeout, cwd=work, warmup=True)
            except RuntimeError as e:
                rows.append((name, "dash failed: " + str(e)))
                status = 1
                continue
            try:
                ww, wc, wout = measure_vm(name, script)
            except RuntimeError as e:
                rows.append((name, "wask sh failed: " + str(e)))
                status = 1
                continue
            if hout.split() != wout.split():
                rows.append((name, f"outputs differ: dash {hout[:60]!r} wask {wout[:60]!r}"))
                status = 1
                continue
            ratio = ww / hw if hw else float("inf")
            rows.append((name, hw, hc, ww, wc, ratio, wc / hc if hc else float("inf"), target))

        print(f"## Shell (issue 7): wask sh vs dash, median of {args.runs} runs")
        print()
        print("| script | dash wall ms | dash cpu ms | wask wall ms | wask cpu ms | wall ratio | cpu ratio | target |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            if len(r) == 2:
                print(f"| {r[0]} | {r[1]} | | | | | | |")
            else:
                n, hw, hc, ww, wc, ratio, cratio, target = r
                ok = "ok" if ratio <= target else "OVER"
                print(f"| {n} | {hw:.0f} | {hc:.0f} | {ww:.0f} | {wc:.0f} | {ratio:.2f}x | {cratio:.2f}x | {target}x {ok} |")
        return status
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
