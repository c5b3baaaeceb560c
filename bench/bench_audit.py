"""Benchmark of the audit stage (not a test): the planted scenarios' documents are read once,
then audited repeatedly from their canonical records, so the figures are the rules, the
parameter lookups, the estimate and the projections alone. Prints ms per person and peak
memory.

    .venv/bin/python bench/bench_audit.py [--rounds N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

from shebao.audit.engine import Options, audit_extracts, read_extract
from shebao.samples.planted import SCENARIOS, build


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        people = []
        for name in SCENARIOS:
            scenario = build(name, Path(tmp) / name)
            extracts = [read_extract(p) for p in scenario.paths]
            months = sum(len(e.contributions) + len(e.payslips) for e in extracts)
            people.append((name, extracts, months))
    options = Options(as_of=date(2025, 10, 15))
    audit_extracts(people[0][1], options)  # warm-up: parameters loaded and cached
    heading = f"ms/person (median of {args.rounds})"
    print(f"{'scenario':24} {'records':>8} {heading:>26}")
    all_ms = []
    for name, extracts, records in people:
        times = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            audit_extracts(extracts, options)
            times.append((time.perf_counter() - t0) * 1000)
        all_ms.extend(times)
        print(f"{name:24} {records:8d} {statistics.median(times):26.1f}")
    tracemalloc.start()
    audit_extracts(people[0][1], options)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"overall median {statistics.median(all_ms):.1f} ms per person "
          f"({1000 / statistics.median(all_ms):.1f} people/s)")
    print(f"peak memory: tracemalloc {peak:.1f} MiB during one audit; max RSS {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
