"""Fuzz run: thousands of malformed inputs through ``shebao extract``, with counts.

    python bench/fuzz.py [--count 1200] [--start 0] [--jobs 2] [--seconds 60] [--memory-mb 1536]
                         [--no-ocr | --ocr-share 0.25]

Each case of :mod:`shebao.samples.malformed` (damaged PDFs, bombs, bad encodings, odd names,
special files) is written to a scratch folder and run through the real command in a process
of its own, forked from a fork server (:func:`~shebao.samples.malformed.run_extract`), so a
case is charged only with its own memory (VmHWM) while the runner builds the next one.
``--ocr-share F`` reads that share of the image cases (chosen by index) with OCR, the rest with
``--no-ocr``. Prints the counts per verdict -- clean
refusal / accepted / traceback / timeout / memory / crashed -- the slowest cases, the peak
resident memory of any one file, and every case that was not a clean refusal or accepted.
Exit code 1 when any traceback, timeout, memory kill or crash happened.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1200)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60.0, help="CPU seconds per file")
    parser.add_argument("--wall", type=float, default=None,
                        help="seconds a file may go without using CPU (default 5 x --seconds)")
    parser.add_argument("--memory-mb", type=int, default=1536)
    parser.add_argument("--no-ocr", action="store_true",
                        help="refuse images and text-less pages instead of OCR (faster)")
    parser.add_argument("--ocr-share", type=float, default=None,
                        help="with --no-ocr: read this share of the image cases with OCR")
    args = parser.parse_args()

    from shebao.samples.malformed import (
        IMAGE_SUFFIXES,
        malformed,
        materialise,
        run_extract,
        seed_documents,
    )

    seeds = seed_documents()
    scratch = Path(tempfile.mkdtemp(prefix="shebao-fuzz-"))
    counts: collections.Counter[str] = collections.Counter()
    by_kind: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    results = []
    ocr_cases = 0
    started = time.monotonic()

    def with_ocr(index: int, case) -> bool:
        if not args.no_ocr:
            return True
        if args.ocr_share is None or not case.name.lower().endswith(IMAGE_SUFFIXES):
            return False
        return (index * 0.618034) % 1.0 < args.ocr_share  # spread evenly over the indexes

    stopped = threading.Event()

    def one(index: int):
        if stopped.is_set():
            return index, None, None, False
        case = malformed(index, seeds)
        folder = scratch / f"c{index}"
        path = materialise(case, folder / "in")
        ocr = with_ocr(index, case)
        outcome = run_extract(path, folder / "out", args.seconds, args.memory_mb, ocr=ocr,
                              wall=args.wall)
        if outcome.verdict not in ("refused", "accepted"):  # at once: a long run may be cut
            print(f"PROBLEM case {index} {case.kind} {case.name!r}: {outcome.verdict} "
                  f"({outcome.cpu:.1f} s CPU, {outcome.seconds:.1f} s wall) {outcome.message}",
                  file=sys.stderr, flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        return index, case, outcome, ocr

    # threads only build cases and wait; each case runs in a process of its own
    signal.signal(signal.SIGTERM, _interrupt)
    pool = ThreadPoolExecutor(args.jobs)
    try:
        for n, (index, case, outcome, ocr) in enumerate(
                pool.map(one, range(args.start, args.start + args.count)), start=1):
            counts[outcome.verdict] += 1
            ocr_cases += ocr
            by_kind[case.kind][outcome.verdict] += 1
            results.append((index, case, outcome))
            if n % 100 == 0:
                print(f"  {n}/{args.count} … {dict(counts)}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the figures of the cases done so far
        stopped.set()
        print(f"stopped after {len(results)} of {args.count} cases", flush=True)
    pool.shutdown(wait=True, cancel_futures=True)
    shutil.rmtree(scratch, ignore_errors=True)
    wall = time.monotonic() - started
    peak = max(results, key=lambda r: r[2].peak_mb)
    print(f"{len(results)} malformed files in {wall:.0f} s ({args.jobs} at a time, limit "
          f"{args.seconds:g} s CPU, {args.wall or 5 * args.seconds:g} s without CPU and "
          f"{args.memory_mb} MB per file, "
          f"{ocr_cases} read with OCR)")
    for verdict in ("refused", "accepted", "traceback", "timeout", "memory", "crashed"):
        label = {"refused": "clean refusal"}.get(verdict, verdict)
        print(f"  {label:14} {counts.get(verdict, 0)}")
    print(f"peak resident memory of one file: {peak[2].peak_mb:.0f} MB "
          f"(case {peak[0]}, {peak[1].kind})")
    print(f"most CPU time of one file: {max(r[2].cpu for r in results):.1f} s; slowest:")
    for index, case, outcome in sorted(results, key=lambda r: -r[2].cpu)[:5]:
        print(f"  {outcome.cpu:6.1f} s CPU {outcome.seconds:6.1f} s wall  case {index} "
              f"{case.kind}: {outcome.verdict}")
    print("per kind (refused/accepted/other):")
    for kind, c in sorted(by_kind.items()):
        other = sum(c.values()) - c["refused"] - c["accepted"]
        print(f"  {kind:24} {c['refused']:4} {c['accepted']:4} {other:4}")
    bad = [r for r in results if r[2].verdict not in ("refused", "accepted")]
    for index, case, outcome in bad:
        print(f"PROBLEM case {index} {case.kind} {case.name!r}: {outcome.verdict} "
              f"{outcome.message}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
