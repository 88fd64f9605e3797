"""Whole-process timing shared by the benchmark scripts: wall time and CPU time (user+sys of the
child and its children, from getrusage), the median over several runs."""
import resource
import statistics
import subprocess
import time

ENV = {"LC_ALL": "C", "PATH": "/usr/bin:/bin", "HOME": "/root"}


def timed(cmd, timeout, cwd=None, ok=(0,)):
    """(wall s, cpu s, stdout bytes) of one run; RuntimeError on an exit status not in `ok`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout, env=ENV)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"timeout after {timeout:g} s")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in ok:
        err = (p.stderr.decode(errors="replace").strip() or "(no output)").splitlines()[-1]
        raise RuntimeError(f"{cmd[0]}: exit {p.returncode}: {err}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.stdout


def measure(cmd, runs, timeout, cwd=None, ok=(0,), warmup=False):
    """Median wall ms, median cpu ms and the output; with warmup, one untimed run first."""
    walls, cpus, out = [], [], None
    for i in range(runs + (1 if warmup else 0)):
        w, c, out = timed(cmd, timeout, cwd, ok)
        if warmup and i == 0:
            continue
        walls.append(w)
        cpus.append(c)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, out
