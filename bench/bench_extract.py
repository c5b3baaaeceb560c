"""Benchmark: ``extract`` on a 10-page generated statement vs a plain pdfplumber loop.

Prints ms per page and pages/s for

* ``shebao.ingest.pipeline.extract_file`` (text layer -> words -> tables -> records), and
* the same pages through a plain ``pdfplumber`` ``page.extract_tables()`` loop (which only
  finds cell texts: no header mapping, no records),

their ratio (aim: extract <= 1.2x the plain loop), and peak memory (tracemalloc peak of one
extract run, and the process's maximum resident set size). Not a test: figures go in notes.

    .venv/bin/python bench/bench_extract.py [--months 355] [--repeat 3] [--layout L1]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--layout", default="L1")
    ap.add_argument("--months", type=int, default=355, help="history length (355 ≈ 10 L1 pages)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import pdfplumber
    from shebao.ingest.pipeline import extract_file
    from shebao.samples import generate

    with tempfile.TemporaryDirectory() as tmp:
        sample = generate(args.layout, 1, Path(tmp), months=args.months)
        path = sample.path
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)

        def plain() -> None:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_tables()
                    page.close()

        def ours() -> None:
            extract_file(path)

        ours()  # warm-up: imports, profile loading
        plain_best, plain_med = _best(plain, args.repeat)
        ours_best, ours_med = _best(ours, args.repeat)

        tracemalloc.start()
        ex = extract_file(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"document: {args.layout}, {pages} pages, {len(ex.contributions)} contribution records")
    print(f"{'':24}{'ms/page':>10}{'pages/s':>10}   (best of {args.repeat}; median ms/page)")
    for name, best, med in (
        ("shebao extract", ours_best, ours_med),
        ("pdfplumber extract_tables", plain_best, plain_med),
    ):
        print(
            f"{name:24}{best / pages * 1000:10.1f}{pages / best:10.1f}   ({med / pages * 1000:.1f})"
        )
    print(f"ratio extract / plain loop: {ours_best / plain_best:.2f}x (aim <= 1.2x)")
    print(
        f"peak memory: tracemalloc {peak / 2**20:.1f} MiB during one extract; "
        f"max RSS {rss_mb:.0f} MiB"
    )


if __name__ == "__main__":
    main()
