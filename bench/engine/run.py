#!/usr/bin/env python3
"""Runs every engine benchmark on wask, node, wabt's wasm-interp and natively, checks that they all
print the same result, and prints tables of median wall times and CPU times (user+sys of the
whole process) and their ratios to native. The native programs are built by the same clang with
the same -O2 as the wasm ones.

usage: run.py BUILD_DIR [--runs N] [--interp-runs N] [--timeout S] [--interp-timeout S]
              [--only NAME,...] [--no-interp]

A runtime that is not installed (or, for wask, not built) shows "n/a"; one that fails or times out
shows why below the table. A failure, or a result that differs from native's, is a hard failure
(exit status 1); a timeout is reported but is not.
"""
import argparse
import math
import os
import platform
import resource
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The order of the table: one line per program, built by bench/engine/CMakeLists.txt.
PROGRAMS = ["fib", "sieve", "nbody", "hash", "sort", "strmap", "vm",
            "matmul", "sha256", "particles", "bigsort"]
RESULT_RE = re.compile(r"\b(i32|i64):(-?\d+)")


def parse_result(text):
    """The first `i32:N`/`i64:N` in text, as (type, unsigned value): wasm-interp prints unsigned."""
    m = RESULT_RE.search(text)
    if not m:
        return None
    bits = 32 if m.group(1) == "i32" else 64
    return m.group(1), int(m.group(2)) % (1 << bits)


class Runtime:
    def __init__(self, name, command, runs, timeout, available, why_not=""):
        self.name, self.command, self.runs, self.timeout = name, command, runs, timeout
        self.available, self.why_not = available, why_not


class Cell:
    """One program on one runtime: a median time, or the reason there is none."""

    def __init__(self, ms=None, status="ok", detail="", result=None, runs=0, cpu_ms=None):
        self.ms, self.status, self.detail, self.result, self.runs = ms, status, detail, result, runs
        self.cpu_ms = cpu_ms


def children_cpu():
    """User+sys seconds of every finished child so far (runs are sequential, so deltas are one)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(cmd, timeout):
    start, cpu_start = time.perf_counter(), children_cpu()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout", f"over {timeout:g} s"
    except OSError as e:
        return None, "failed", str(e)
    elapsed, cpu = time.perf_counter() - start, children_cpu() - cpu_start
    if p.returncode != 0:
        lines = (p.stderr.strip() or p.stdout.strip() or "(no output)").splitlines()
        return None, "failed", f"exit {p.returncode}: {lines[-1] if lines else ''}"
    parsed = parse_result(p.stdout)
    if parsed is None:
        return None, "failed", f"no TYPE:VALUE in output: {p.stdout.strip()[:120]!r}"
    return (elapsed, cpu, parsed), "ok", ""


def measure(rt, program, wasm, native):
    if not rt.available:
        return Cell(status="n/a", detail=rt.why_not)
    cmd = rt.command(program, wasm, native)
    times, cpus, result = [], [], None
    # With several runs, the first only checks the result and warms the page cache.
    total = rt.runs + 1 if rt.runs > 1 else rt.runs
    for i in range(total):
        out, status, detail = run_once(cmd, rt.timeout)
        if out is None:
            return Cell(status=status, detail=detail)
        elapsed, cpu, result = out
        if i > 0 or total == 1:
            times.append(elapsed)
            cpus.append(cpu)
    return Cell(ms=statistics.median(times) * 1000, result=result, runs=len(times),
                cpu_ms=statistics.median(cpus) * 1000)


def fmt_ms(cell, attr="ms"):
    value = getattr(cell, attr)
    return f"{value:.0f}" if value is not None else cell.status


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def machine_summary():
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{cpu}, {os.cpu_count()} cores, load average {load}"


def tool_version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, subprocess.TimeoutExpired, IndexError):
        return "?"


def print_table(table, others, attr):
    """One markdown table of `attr` (ms or cpu_ms) per program and runtime, with ratios."""
    header = ["program", "native ms"] + [f"{o} ms" for o in others] + [f"{o}/native" for o in others]
    lines = [header]
    ratios = {o: [] for o in others}
    for p, row in table.items():
        native = getattr(row["native"], attr)
        cells = [p, fmt_ms(row["native"], attr)] + [fmt_ms(row[o], attr) for o in others]
        for o in others:
            if native and getattr(row[o], attr) is not None:
                r = getattr(row[o], attr) / native
                ratios[o].append(r)
                cells.append(f"{r:.1f}x")
            else:
                cells.append("-")
        lines.append(cells)
    geo = ["geomean", ""] + [""] * len(others)
    for o in others:
        g = geomean(ratios[o])
        if g is None:
            geo.append("n/a")
        else:
            partial = "" if len(ratios[o]) == len(table) else f" ({len(ratios[o])} of {len(table)})"
            geo.append(f"{g:.1f}x{partial}")
    lines.append(geo)

    widths = [max(len(l[i]) for l in lines) for i in range(len(header))]
    def emit(cells):
        print("| " + " | ".join(c.rjust(w) if i else c.ljust(w)
                                for i, (c, w) in enumerate(zip(cells, widths))) + " |")
    emit(lines[0])
    print("|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":"
                         for i, w in enumerate(widths)) + "|")
    for l in lines[1:]:
        emit(l)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--runs", type=int, default=5, help="timed runs per program (median), default 5")
    ap.add_argument("--interp-runs", type=int, default=1,
                    help="timed runs on wasm-interp, which is ~200x slower than native; default 1")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per run, default 120")
    ap.add_argument("--interp-timeout", type=float, default=180,
                    help="seconds per wasm-interp run, default 180")
    ap.add_argument("--only", help="comma-separated program names")
    ap.add_argument("--no-interp", action="store_true", help="skip wasm-interp")
    args = ap.parse_args()

    build = args.build_dir.resolve()
    bench = build / "bench" / "engine"
    programs = args.only.split(",") if args.only else PROGRAMS
    missing = [p for p in programs if not (bench / f"{p}.wasm").exists() or
               not (bench / f"{p}-native").exists()]
    if missing:
        sys.exit(f"run.py: not built: {', '.join(missing)} (cmake --build {build} --target bench_engine)")

    wask = build / "wask"
    node = shutil.which("node")
    interp = shutil.which("wasm-interp")
    runtimes = [
        Runtime("native", lambda p, w, n: [str(n)], args.runs, args.timeout, True),
        Runtime("wask", lambda p, w, n: [str(wask), "run", "--invoke", "bench_main", str(w)],
                args.runs, args.timeout, os.access(wask, os.X_OK), f"{wask} not built"),
        Runtime("node", lambda p, w, n: [node, str(HERE / "run-node.mjs"), str(w)],
                args.runs, args.timeout, node is not None, "node not installed"),
        Runtime("wasm-interp", lambda p, w, n: [interp, str(w), "--run-all-exports"],
                args.interp_runs, args.interp_timeout, interp is not None and not args.no_interp,
                "skipped (--no-interp)" if args.no_interp else "wasm-interp not installed"),
    ]

    print(f"== engine benchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"machine: {machine_summary()}")
    print(f"node {tool_version([node, '--version']) if node else 'n/a'}, "
          f"wasm-interp {tool_version([interp, '--version']) if interp else 'n/a'}")
    print(f"median of {args.runs} runs (wasm-interp: {args.interp_runs} run, timeout "
          f"{args.interp_timeout:g} s), of the whole process in ms", flush=True)

    table, notes, wrong = {}, [], False
    for p in programs:
        row = {}
        for rt in runtimes:
            print(f"  {p} on {rt.name} ...", end="", flush=True, file=sys.stderr)
            cell = measure(rt, p, bench / f"{p}.wasm", bench / f"{p}-native")
            print(f" {fmt_ms(cell)}", file=sys.stderr, flush=True)
            row[rt.name] = cell
        expected = row["native"].result
        if expected is None:
            notes.append(f"{p}: native failed: {row['native'].detail}")
            wrong = True
        for name, cell in row.items():
            if cell.status == "ok" and expected is not None and cell.result != expected:
                notes.append(f"{p}: WRONG RESULT on {name}: {cell.result[0]}:{cell.result[1]}, "
                             f"native gives {expected[0]}:{expected[1]}")
                cell.status, cell.ms, wrong = "WRONG", None, True
            elif cell.status in ("failed", "timeout"):
                notes.append(f"{p}: {name} {cell.status}: {cell.detail}")
                # A crash is as wrong as a wrong result; a timeout is only the cap we chose.
                wrong = wrong or cell.status == "failed"
        table[p] = row

    others = ["wask", "node", "wasm-interp"]
    for attr, title in (("ms", "wall time"), ("cpu_ms", "CPU time (user+sys)")):
        print(f"\n{title}:")
        print_table(table, others, attr)
    for rt in runtimes:
        if not rt.available:
            print(f"{rt.name}: n/a ({rt.why_not})")
    for n in notes:
        print(n)
    if wrong:
        print("run.py: FAILED: a runtime failed or printed a result different from native's",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
