"""Benchmark: one long text-PDF statement through the batch's stages, in-process and in the
batch's forked reader -- peak memory, CPU and wall time per stage (issue 10: a 2,000-page
statement must finish inside ``shebao batch``).

    nice .venv/bin/python bench/bench_long_statement.py --pages 500 [--mode both|inprocess|child]
                                                        [--pdf FILE] [--keep DIR]

The statement is :func:`bench_linear.write_statement` (a generated 10-page L1 statement
repeated, each copy with content streams of its own: ``--distinct``), or ``--pdf``; with
``--synthetic N`` only its first N pages are read (once, before the figures) and the reader
gets ``--pages`` fresh copies of them (the later stages at full size in minutes). Stages:

* ``read``: :func:`shebao.ingest.pipeline.read_pages` (pdfplumber, page by page);
  the text pages' words are let go once the tables are read (``--keep-words``: kept to the
  end, as before, to compare);
* ``tables``, ``records``, ``checks``: the three parts of
  :func:`shebao.ingest.pipeline.analyse` (the tables found, the rows made records, the
  self-checks and the rest), timed by wrapping ``_tables_for`` and ``read_rows``;
* ``json``: the ``shebao.extract/1`` answer written as the batch reader writes it;
* ``load``, ``audit``, ``reports``: what the batch's parent does with the answer
  (:meth:`Extract.from_json_consumed`, :func:`shebao.batch.workforce.audit_workforce`,
  :func:`shebao.batch.write.write_batch` of the summary and the worker's files).

``inprocess`` runs every stage in this process; ``child`` runs the reader's stages (read ..
json) in the batch's own child (:func:`shebao.batch.run.read_isolated`, with the limits
``shebao batch`` would have: config ``[batch]`` / ``$SHEBAO_BATCH_*``), marking each stage
from inside it, and reports the largest private memory the batch's watcher saw
(:func:`shebao.limits.private_mb`, every 0.25 s; past the limit the document is skipped and
the bench says so); then the parent's stages here. Per stage: CPU seconds, wall seconds,
resident memory at its end, its peak
(``VmHWM``, reset before each stage through ``/proc/self/clear_refs``) and the private
memory (what the batch limit measures). Prints figures and the machine load; asserts
nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _status(field: str) -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")  # resets VmHWM to the current RSS (Linux >= 4.0)
    except OSError:
        pass


def _cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


class Stages:
    """Marks the end of each stage: CPU, wall, RSS, peak RSS and private memory since the
    previous mark."""

    def __init__(self, where: str, out: Path | None = None) -> None:
        self.where, self.out = where, out
        self.cpu, self.wall = _cpu(), time.perf_counter()
        self.pid = os.getpid()
        self.rows: list[dict] = []
        _reset_peak()

    def mark(self, stage: str) -> None:
        from shebao.limits import private_mb

        if os.getpid() != self.pid:  # first mark in a forked child: its CPU counts from 0
            self.pid, self.cpu = os.getpid(), 0.0
        cpu, wall = _cpu(), time.perf_counter()
        row = {"where": self.where, "stage": stage, "cpu": cpu - self.cpu,
               "wall": wall - self.wall, "rss": _status("VmRSS"), "peak": _status("VmHWM"),
               "private": private_mb(os.getpid())}
        self.rows.append(row)
        if self.out is not None:  # (from the batch's child: read by the parent after)
            with self.out.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(row) + "\n")
        else:
            show(row)
        self.cpu, self.wall = _cpu(), time.perf_counter()
        _reset_peak()


def show(row: dict) -> None:
    print(f"  {row['where']:9} {row['stage']:8} {row['cpu']:8.1f} s CPU {row['wall']:8.1f} s wall"
          f"  RSS {row['rss']:6.0f} MB  peak {row['peak']:6.0f} MB  private "
          f"{row['private']:6.0f} MB", flush=True)


def _marking(stages: Stages):
    """Wrap the reader's steps so that each marks its stage's end (undone by the caller)."""
    from shebao.batch import run
    from shebao.ingest import pipeline

    saved = {(pipeline, "read_pages"): pipeline.read_pages,
             (pipeline, "_tables_for"): pipeline._tables_for,
             (pipeline, "read_rows"): pipeline.read_rows,
             (pipeline, "analyse"): pipeline.analyse,
             (run, "write_atomic"): run.write_atomic}
    names = {"read_pages": "read", "_tables_for": "tables", "read_rows": "records",
             "analyse": "checks", "write_atomic": "json"}
    for (module, name), fn in saved.items():
        def marked(*a, _fn=fn, _stage=names[name], **kw):
            out = _fn(*a, **kw)
            stages.mark(_stage)
            return out

        setattr(module, name, marked)
    return saved


def reader_stages(path: Path, target: Path, stages: Stages) -> None:
    """The batch reader's work on ``path`` in this process (read .. json), as its child does
    it (:func:`shebao.batch.run._child`: ``read_document`` with OCR allowed, the answer
    written record by record)."""
    from shebao.audit.engine import read_document
    from shebao.batch import run

    from shebao.files import json_pieces

    saved = _marking(stages)
    try:
        answer = {"extract": read_document([path], True).to_json_stream()}
        run.write_atomic(target, json_pieces(answer, indent=None, end=""))
    finally:
        for (module, name), fn in saved.items():
            setattr(module, name, fn)


def parent_stages(path: Path, target: Path, outdir: Path, stages: Stages) -> None:
    from shebao.batch.workforce import audit_workforce, summarise
    from shebao.batch.write import write_batch

    from shebao.records import Extract

    answer = json.loads(target.read_text("utf-8"))
    make = getattr(Extract, "from_json_consumed", Extract.from_json_dict)  # (older code)
    extract = make(answer.pop("extract"))
    del answer
    stages.mark("load")
    print(f"  ({len(extract.contributions):,} contributions, {len(extract.warnings):,} "
          "warnings)", flush=True)
    day = date(2025, 10, 15)
    workers = audit_workforce([(path, extract)], day)
    stages.mark("audit")
    summary = summarise(workers, [], day, None, None, 1, [], False)
    write_batch(outdir, summary, workers, inputs=[path], ours=set(), force=True, roster=None,
                lists=[])
    stages.mark("reports")


def in_child(path: Path, target: Path, log: Path) -> None:
    """The reader's stages in the batch's own child (:func:`shebao.batch.run.read_isolated`,
    its limits from the config / environment as ``shebao batch`` has them), each stage
    marked from inside the child (the wrappers are in place before the fork); the largest
    private memory the batch's watcher saw."""
    from shebao.batch import run

    limits = run.Limits.from_env()
    print(f"  limits: {limits}", flush=True)
    seen = [0.0]
    watched = run.private_mb

    def private(pid: int) -> float:
        mb = watched(pid)
        seen[0] = max(seen[0], mb)
        return mb

    saved = _marking(Stages("child", log))
    run.private_mb = private
    try:
        run.read_isolated([[path]], [target], True, 1, limits)
    finally:
        run.private_mb = watched
        for (module, name), fn in saved.items():
            setattr(module, name, fn)
    for line in log.read_text("utf-8").splitlines():
        show(json.loads(line))
    answer = json.loads(target.read_text("utf-8"))
    state = "read" if "extract" in answer else f"FAILED: {answer['failed']['zh']}"
    print(f"  batch answer: {state}; largest private memory seen by the batch's watcher "
          f"{seen[0]:.0f} MB", flush=True)


def _synthetic(path: Path, first: int, total: int) -> None:
    """``read_pages`` gives ``total`` pages: fresh copies (unpickled) of the PDF's first
    ``first`` pages, read once now, numbered 1..total (the forked reader inherits it)."""
    import pickle

    from shebao.ingest import pipeline

    t0 = _cpu()
    blob = pickle.dumps(pipeline.read_pages(path, False)[:first])
    print(f"synthetic: {first} pages read for real in {_cpu() - t0:.1f} s CPU; the reader "
          f"gets {total} (copies)", flush=True)

    def read_pages(*args, **kwargs):
        pages: list = []
        while len(pages) < total:
            for page in pickle.loads(blob)[: total - len(pages)]:
                page.number = len(pages) + 1
                pages.append(page)
        return pages

    pipeline.read_pages = read_pages


def _keeping_words() -> None:
    """The reader's ``extract_file`` keeps the pages' words through the analysis (the
    inherited child too)."""
    from shebao.ingest import pipeline

    def extract_file(path, profile_id=None, ocr=False, corrections=()):
        return pipeline.analyse_file(path, profile_id, ocr, corrections, keep_words=True).extract

    pipeline.extract_file = extract_file
    print("the reader keeps the pages' words (--keep-words)", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--pdf", type=Path, help="a statement PDF instead of the generated one")
    ap.add_argument("--mode", choices=["both", "inprocess", "child"], default="both")
    ap.add_argument("--keep", type=Path, help="folder for the generated PDF (kept)")
    ap.add_argument("--keep-words", action="store_true",
                    help="the reader keeps the pages' words until the records are made (as "
                         "before 2026-12-07 s9): the figures to compare with the default")
    ap.add_argument("--synthetic", type=int, metavar="N",
                    help="read only the PDF's first N pages (before the figures); the reader "
                         "then gets --pages pages, fresh copies of those N: the later stages "
                         "at full size without the ~0.4 s of CPU each page's reading costs")
    args = ap.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} cores)", flush=True)
    with tempfile.TemporaryDirectory(prefix="shebao-long-") as tmp:
        folder = args.keep or Path(tmp)
        path = args.pdf
        if path is None:
            from bench_linear import write_statement

            wanted = folder / f"statement-{args.pages}p-distinct.pdf"
            path = wanted if wanted.is_file() else write_statement(folder, args.pages, True)
        print(f"statement: {path} ({path.stat().st_size / 2**20:.1f} MB)", flush=True)
        import shebao.batch.workforce
        import shebao.batch.write  # noqa: F401

        if args.synthetic:
            _synthetic(path, args.synthetic, args.pages)
        if args.keep_words:
            _keeping_words()

        for mode in (["inprocess", "child"] if args.mode == "both" else [args.mode]):
            print(f"{mode}:", flush=True)
            target = Path(tmp) / f"answer-{mode}.json"
            if mode == "inprocess":
                reader_stages(path, target, Stages("in-proc"))
            else:
                in_child(path, target, Path(tmp) / "child-stages.jsonl")
            parent_stages(path, target, Path(tmp) / f"out-{mode}", Stages("parent"))
            print(f"  load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
