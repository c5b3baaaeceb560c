"""Benchmark: ``shebao batch`` on a generated factory (default 30 workers).

Generates the factory once (:func:`shebao.samples.factory.build_factory`), then runs
``shebao batch`` in a fresh process for each ``--jobs`` value and prints: wall seconds,
workers per minute, seconds per document, and peak memory -- the ``ru_maxrss`` of the batch
process and of its worker processes (``os.wait4`` rusage of the run: the largest of the process
and its waited-for children) -- plus the machine's load average before and after. Not a test.

    .venv/bin/python bench/bench_batch.py [--workers 30] [--jobs 1 2] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(docs: Path, roster: Path, out: Path, jobs: int) -> tuple[float, float, int]:
    cmd = [sys.executable, "-m", "shebao", "batch", str(docs), "-o", str(out), "--roster",
           str(roster), "--as-of", "2025-10-15", "--no-ocr", "--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=30)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    from shebao.samples.factory import build_factory

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        f = build_factory(Path(tmp) / "gen", workers=args.workers, seed=args.seed)
        gen = time.perf_counter() - t0
        ndocs = sum(1 for _ in f.documents.iterdir())
        print(f"factory: {args.workers} workers, {ndocs} documents "
              f"({len(f.payrolls)} pay-sheet months), generated in {gen:.1f} s")
        print(f"cores: {os.cpu_count()}; load average before: "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for jobs in args.jobs:
            wall, rss, rc = run(f.documents, f.roster, Path(tmp) / f"out{jobs}", jobs)
            print(f"--jobs {jobs}: {wall:.1f} s wall, {args.workers / wall * 60:.1f} workers/min, "
                  f"{wall / ndocs:.2f} s/document, peak RSS (largest process) {rss:.0f} MiB, "
                  f"exit {rc}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
