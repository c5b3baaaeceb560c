"""OCR profile (not a test): CPU seconds per pipeline stage for a few generated pages.

For each chosen case (layout × style) the statement generator writes a one-page document and
``samples.photo`` photographs (``phone``) or scans (``scan``) it, as ``bench/bench_ocr.py``
does. The page is then read ``--repeat`` times through ``OcrBackend(cache=False).read`` with
the pipeline's own functions wrapped by timers (nothing is re-implemented here), and the
table stage (``extract_pages``) is run on the result. Times are **process CPU seconds**
(``time.process_time``: every thread of the process, so the worker threads' inference counts)
charged to the innermost stage running, the mean over the repeats:

* ``intake`` - decoding the file (``load_pages``);
* ``perspective`` - blank check, page outline search and warp;
* ``scale`` - every resize (working size, detector copies);
* ``probe det`` / ``det`` - the first ``engine.detect`` call of a page / the later ones;
* ``orientation`` - quarter-turn votes, rotations, the 0°/180° classifier vote;
* ``deskew`` - skew angle, rotation of page and boxes, slanted-box filter;
* ``rec`` - ``engine.read`` (cropping and recognition of every box);
* ``rules`` - ruling-line search; ``quality`` - glyph height, sharpness, word list, checks;
* ``table`` - ``extract_pages`` (rows and records from the words); ``other`` - the rest.

Also printed: wall seconds, boxes recognised and the number of ``engine.detect`` calls.

    .venv/bin/python bench/profile_ocr.py [--cases L1:phone,L6-sheet-pdf:phone] [--repeat 2]
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_CASES = "L1:phone,L6-sheet-pdf:phone"
STAGES = ("intake", "perspective", "scale", "probe det", "det", "orientation", "deskew", "rec",
          "rules", "quality", "table", "other")


class StageClock:
    """Exclusive CPU time per stage: a nested call's time goes to the inner stage only."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.stack = ["other"]
        self.mark = time.process_time()
        self.detect_calls = 0
        self.boxes = 0

    def _charge(self) -> None:
        now = time.process_time()
        self.totals[self.stack[-1]] += now - self.mark
        self.mark = now

    def enter(self, stage: str) -> None:
        self._charge()
        self.stack.append(stage)

    def leave(self) -> None:
        self._charge()
        self.stack.pop()

    def wrap(self, fn: Callable[..., Any], stage: str | Callable[[], str]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.enter(stage() if callable(stage) else stage)
            try:
                return fn(*args, **kwargs)
            finally:
                self.leave()

        return timed


def instrument(clock: StageClock, engine: Any) -> None:
    """Wrap the pipeline's stage functions (in the namespaces that call them) with the clock."""
    from shebao.ingest.ocr import backend, pipeline, quality

    def patch(module: Any, name: str, stage: str) -> None:
        setattr(module, name, clock.wrap(getattr(module, name), stage))

    patch(backend, "load_pages", "intake")
    patch(quality, "is_blank", "perspective")
    patch(pipeline, "find_page_quad", "perspective")
    patch(pipeline, "warp_quad", "perspective")
    patch(pipeline, "resize", "scale")
    for name in ("orientation_votes", "rotate_quads_right_angle", "rotate_right_angle",
                 "_upside_down"):
        patch(pipeline, name, "orientation")
    for name in ("skew_angle", "deskew", "rotate_quads", "_slanted"):
        patch(pipeline, name, "deskew")
    patch(pipeline, "find_rules", "rules")
    for name in ("glyph_height", "sharpness", "looks_like_table"):
        patch(quality, name, "quality")
    patch(pipeline, "_words", "quality")

    detect = engine.detect

    def which_det() -> str:
        clock.detect_calls += 1
        return "probe det" if clock.detect_calls == 1 else "det"

    engine.detect = clock.wrap(detect, which_det)
    read = engine.read

    def counted_read(image: Any, quads: list) -> Any:
        clock.boxes += len(quads)
        return read(image, quads)

    engine.read = clock.wrap(counted_read, "rec")


def profile_case(layout: str, style: str, work: Path, repeat: int) -> dict[str, Any]:
    from shebao.ingest.ocr.backend import OcrBackend
    from shebao.ingest.pipeline import extract_pages
    from shebao.ingest.words import PageText
    from shebao.samples import generate
    from shebao.samples.photo import photograph_all

    sample = generate(layout, seed=1, out_dir=work, months=12)
    image = photograph_all(sample.path, work / f"{layout}-{style}", style, seed=1)[0]
    backend = OcrBackend("rapidocr", cache=False)
    backend.read(image)  # warm: model loading is not per page
    runs = []
    for _ in range(repeat):
        clock = CLOCK
        clock.reset()
        wall = time.perf_counter()
        clock.enter("other")
        pages = backend.read(image)
        texts = [PageText(p.number, p.width, p.height, list(p.words), list(p.rules), "ocr",
                          list(p.notes)) for p in pages]
        clock.enter("table")
        try:
            extract_pages(texts, sample.truth.document.file, sample.truth.document.sha256)
        except Exception as exc:  # the table logic may refuse a page; the OCR time stands
            print(f"  ({layout}-{style}: table stage refused: {type(exc).__name__})")
        clock.leave()
        clock.leave()
        runs.append((dict(clock.totals), time.perf_counter() - wall))
    mean = {s: sum(t.get(s, 0.0) for t, _ in runs) / repeat for s in STAGES}
    return {"stages": mean, "wall": sum(w for _, w in runs) / repeat,
            "boxes": clock.boxes, "detect_calls": clock.detect_calls,
            "size": (pages[0].width, pages[0].height)}


CLOCK = StageClock()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=DEFAULT_CASES)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from shebao.ingest.ocr.engines import select_engine

    work = Path(tempfile.mkdtemp(prefix="profile_ocr_"))
    os.environ["SHEBAO_CACHE"] = str(work / "cache")
    engine = select_engine("rapidocr")
    instrument(CLOCK, engine)
    print(f"{engine.workers} inference workers; load average {os.getloadavg()}; "
          f"CPU seconds per page (mean of {args.repeat})")
    results = {}
    for case in args.cases.split(","):
        layout, style = case.split(":")
        results[case] = profile_case(layout, style, work, args.repeat)
    width = max(14, *(len(c) + 2 for c in results))
    print(f"{'stage':<12}" + "".join(f"{c:>{width}}" for c in results))
    for stage in STAGES:
        print(f"{stage:<12}" + "".join(f"{r['stages'][stage]:>{width}.3f}"
                                       for r in results.values()))
    print(f"{'total cpu':<12}" + "".join(f"{sum(r['stages'].values()):>{width}.3f}"
                                         for r in results.values()))
    print(f"{'wall':<12}" + "".join(f"{r['wall']:>{width}.3f}" for r in results.values()))
    print(f"{'boxes':<12}" + "".join(f"{r['boxes']:>{width}}" for r in results.values()))
    print(f"{'det calls':<12}" + "".join(f"{r['detect_calls']:>{width}}"
                                         for r in results.values()))
    print(f"{'page px':<12}" + "".join(f"{'x'.join(map(str, r['size'])):>{width}}"
                                       for r in results.values()))
    print(f"load average after {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
