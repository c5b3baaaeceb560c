"""OCR benchmark (not a test): seconds per page and accuracy, pipeline vs a plain RapidOCR call.

For each chosen layout the statement generator writes a one-page document; ``samples.photo``
renders a phone photo and a 200-dpi grey scan of it. Each image is then read twice:

* **pipeline** - ``OcrBackend(cache=False).read``: intake, perspective, orientation, deskew,
  quality gates, detection on a reduced copy (in horizontal bands, one per core) with the int8
  copy of the detector (``ingest/ocr/quantize.py``; ``SHEBAO_OCR_INT8=0`` for the float one),
  recognition of the boxes in small batches spread over the cores, no line classifier pass;
* **plain** - ``RapidOCR()(path)`` with the library's default settings (det + cls + rec on the
  whole image), the way most projects call it.

Accuracy is the fraction of the page's text-layer words (the truth printed on the page, from
the source PDF) found among the OCR texts: *exact* (a whole OCR box equals the word) and
*contained* (the word appears inside an OCR box). For the pipeline the extraction figures are
also given: row F1 and the field accuracy of ``shebao.extract/1`` records against the
generator's truth (``tests/ingest/scoring.py``), which is what users see.

Also printed: a re-run through the cache (by file hash), the machine's load average before and
after (the machine is shared, so wall time is noisy; CPU time is printed beside it).

    .venv/bin/python bench/bench_ocr.py [--layouts L1,L4] [--styles phone,scan] [--seed 7]

Seeds: the table logic was tuned on seed 1 (the recorded fixtures, ``tests/ocr/fixtures``) and
the int8 detector calibrated on seed 2 (``ingest/ocr/quantize.py``); accuracy measured on
those documents says how well the tool fits what it was tuned on, not how it reads new ones.
The default is therefore seed 7, and a tuned seed is refused unless ``--tuned-seed-ok`` (to
compare with old figures).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LAYOUTS = ("L1", "L2", "L4", "L6-sheet-pdf")
TUNED_SEEDS = {1: "the recorded fixtures' seed (the table logic was tuned on it)",
               2: "the int8 calibration's seed"}


def _scoring():
    spec = importlib.util.spec_from_file_location("ocr_bench_scoring",
                                                  ROOT / "tests" / "ingest" / "scoring.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _truth_words(pdf: Path) -> list[str]:
    from shebao.ingest.normalize import squash
    from shebao.ingest.pdf import PdfTextBackend

    words = []
    for page in PdfTextBackend().pages(pdf):
        words += [squash(w.text) for w in page.words if squash(w.text)]
    return words


def _accuracy(truth: list[str], texts: list[str]) -> tuple[float, float]:
    from shebao.ingest.normalize import squash

    boxes = [squash(t) for t in texts]
    exact = set(boxes)
    joined = "\n".join(boxes)
    n = len(truth) or 1
    return (sum(w in exact for w in truth) / n, sum(w in joined for w in truth) / n)


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layouts", default=",".join(DEFAULT_LAYOUTS))
    parser.add_argument("--styles", default="phone,scan")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tuned-seed-ok", action="store_true",
                        help="allow seed 1 or 2 (tuned/calibrated on): figures then flatter")
    args = parser.parse_args()
    if args.seed in TUNED_SEEDS and not args.tuned_seed_ok:
        parser.error(f"seed {args.seed} is {TUNED_SEEDS[args.seed]}; pick another seed "
                     "(or --tuned-seed-ok to compare with old figures)")

    from rapidocr import RapidOCR
    from shebao.ingest.ocr.backend import OcrBackend
    from shebao.ingest.ocr.engines import THREADS_ENV, RapidOcrEngine
    from shebao.ingest.pipeline import extract_pages
    from shebao.ingest.words import PageText
    from shebao.samples import generate
    from shebao.samples.photo import photograph, photograph_all

    scoring = _scoring()
    work = Path(tempfile.mkdtemp(prefix="bench_ocr_"))
    os.environ["SHEBAO_CACHE"] = str(work / "cache")
    models = RapidOcrEngine.model_dir()
    plain = RapidOCR(params={"Global.log_level": "error",
                             **{f"{stage}.model_path": str(models / name)
                                for stage, name in RapidOcrEngine.MODEL_FILES.items()}})
    pipeline = OcrBackend("rapidocr", cache=False)
    cached = OcrBackend("rapidocr", cache=True)
    print(f"machine: {os.cpu_count()} CPUs, load average before {os.getloadavg()}")
    print(f"documents and photos of seed {args.seed}"
          + (f" ({TUNED_SEEDS[args.seed]}: accuracy flatters)" if args.seed in TUNED_SEEDS
             else " (not tuned or calibrated on)"))
    models_list = ", ".join(RapidOcrEngine.MODEL_FILES.values())
    print(f"rapidocr {RapidOcrEngine().version()}, models {models_list}; pipeline: "
          f"{pipeline.engine.workers} single-threaded inference workers "
          f"(${THREADS_ENV} to change), plain call: ONNX Runtime's default threads")
    # warm both (model loading is not per page)
    warm = photograph(generate("L4", seed=0, out_dir=work, months=3).path, work / "warm.png",
                      "scan", seed=0)
    pipeline.read(warm)
    plain(str(warm))

    rows = []
    header = (f"{'layout':<14}{'style':<6}{'pages':>6}{'pipe s/p':>9}{'cpu':>6}{'plain s/p':>10}"
              f"{'cpu':>6}{'pipe exact/contained':>22}{'plain exact/contained':>23}"
              f"{'row F1':>8}{'field acc':>10}")
    print(header)
    images_all: list[Path] = []
    for layout in args.layouts.split(","):
        sample = generate(layout, seed=args.seed, out_dir=work, months=12)
        truth_words = _truth_words(sample.path)
        for style in args.styles.split(","):
            images = photograph_all(sample.path, work / f"{layout}-{style}", style,
                                    seed=args.seed)
            images_all += images
            p_wall = p_cpu = q_wall = q_cpu = 0.0
            pages, plain_texts = [], []
            for image in images:
                read, wall, cpu = _timed(lambda image=image: pipeline.read(image))
                p_wall, p_cpu = p_wall + wall, p_cpu + cpu
                for page in read:
                    page.number = len(pages) + 1
                    pages.append(page)
                out, wall, cpu = _timed(lambda image=image: plain(str(image)))
                q_wall, q_cpu = q_wall + wall, q_cpu + cpu
                plain_texts += list(out.txts or ())
                cached.read(image)
            n = len(images)
            p_acc = _accuracy(truth_words, [w.text for pg in pages for w in pg.words])
            q_acc = _accuracy(truth_words, plain_texts)
            truth = sample.truth.model_copy(deep=True)
            truth.document.method = "ocr"
            page_texts = [PageText(pg.number, pg.width, pg.height, list(pg.words),
                                   list(pg.rules), "ocr", list(pg.notes)) for pg in pages]
            try:
                found = extract_pages(page_texts, truth.document.file, truth.document.sha256)
                score = scoring.score(found, truth)
                f1 = score.f1
                ok = sum(v[0] for v in score.fields.values())
                accuracy = ok / max(1, sum(v[1] for v in score.fields.values()))
            except Exception:  # report, keep benchmarking
                f1 = accuracy = 0.0
            rows.append((p_wall / n, p_cpu / n, q_wall / n, q_cpu / n, p_acc, q_acc, f1))
            print(f"{layout:<14}{style:<6}{n:>6}{p_wall / n:9.2f}{p_cpu / n:6.1f}"
                  f"{q_wall / n:10.2f}{q_cpu / n:6.1f}"
                  f"{p_acc[0]:>13.3f}/{p_acc[1]:.3f}{q_acc[0]:>14.3f}/{q_acc[1]:.3f}"
                  f"{f1:8.3f}{accuracy:10.3f}", flush=True)
    # cache: second read of every image
    images = images_all
    _, c_wall, _ = _timed(lambda: [cached.read(i) for i in images])

    def median(i):
        return statistics.median(r[i] for r in rows)

    print()
    print(f"median seconds per page: pipeline {median(0):.2f} (cpu {median(1):.2f}), "
          f"plain RapidOCR {median(2):.2f} (cpu {median(3):.2f}); "
          f"ratio {median(0) / median(2):.2f}")

    def mean(i, j):
        return statistics.mean(r[i][j] for r in rows)

    print(f"mean accuracy exact/contained: pipeline {mean(4, 0):.3f}/{mean(4, 1):.3f}, "
          f"plain {mean(5, 0):.3f}/{mean(5, 1):.3f}")
    print(f"cached re-run: {c_wall / max(len(images), 1) * 1000:.1f} ms per page "
          f"({len(images)} pages)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS, both engines loaded): {peak:.0f} MiB")
    print(f"load average after {os.getloadavg()} (shared machine: wall times are noisy)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
