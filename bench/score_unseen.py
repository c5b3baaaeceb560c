"""How well the reader reads statements in layouts no profile knows (issue 15's bar).

    python bench/score_unseen.py [-n 200] [--seed 1] [--photo] [--show 10]

Generates ``n`` unseen layouts (:mod:`shebao.samples.unseen`) into a temporary folder, reads
each (text PDF, or with ``--photo`` its phone photos by OCR, as one document), scores it
against the generator's truth (``tests/ingest/scoring.py``) and prints row F1, accuracy per
field, refusals, the documents with errors (first ``--show``), and whether every document
whose fields are wrong carries a warning. The bar: text row F1 >= 0.99 and every field
>= 0.99; photos row F1 >= 0.95 and fields >= 0.97, no refusal of a legible page.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _scoring():
    spec = importlib.util.spec_from_file_location("unseen_bench_scoring",
                                                  ROOT / "tests" / "ingest" / "scoring.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--photo", action="store_true")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args()

    from shebao.ingest.pipeline import analyse_document, extract_file
    from shebao.samples.unseen import generate_unseen, photograph_unseen

    from shebao.errors import ShebaoError

    scoring = _scoring()
    total = scoring.Score()
    refused: list[str] = []
    bad: list[tuple[str, list[str], list[str]]] = []
    silent: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.seed, args.seed + args.n):
            sample = generate_unseen(seed, Path(tmp))
            truth = sample.truth
            try:
                if args.photo:
                    images, _, truth = photograph_unseen(sample, Path(tmp))
                    ex = (extract_file(images[0], ocr=True) if len(images) == 1
                          else analyse_document(images, ocr=True).extract)
                else:
                    ex = extract_file(sample.path)
            except ShebaoError as exc:
                refused.append(f"{sample.path.name}: {exc.en}")
                s = scoring.score(truth.model_copy(update={"contributions": [], "annual": []}),
                                  truth)
                total.add(s)
                continue
            s = scoring.score(ex, truth)
            total.add(s)
            if s.errors or s.f1 < 1.0:
                codes = sorted({w.code for w in ex.warnings})
                bad.append((sample.path.name, s.errors[:4], codes))
                if not ex.warnings:
                    silent.append(sample.path.name)
    took = time.perf_counter() - started
    print(f"{args.n} unseen layouts ({'photos' if args.photo else 'text PDFs'}), "
          f"{took:.0f} s")
    print(f"row F1 {total.f1:.4f}  (true {total.true_rows}, found {total.found_rows}, "
          f"matched {total.matched_rows})")
    for name in sorted(total.fields, key=total.accuracy):
        ok, n = total.fields[name]
        print(f"  {name:32s} {total.accuracy(name):.4f}  ({n - ok} wrong of {n})")
    print(f"refused: {len(refused)}")
    for line in refused[: args.show]:
        print("  ", line)
    print(f"documents with errors: {len(bad)}; of them without any warning: {len(silent)}")
    for name, errors, codes in bad[: args.show]:
        print(f"  {name}: {errors[:2]} warnings={codes}")
    kinds = Counter(e.split(":")[1].strip().split(" ")[0] for _, errs, _ in bad for e in errs)
    print("error kinds:", dict(kinds.most_common(12)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
