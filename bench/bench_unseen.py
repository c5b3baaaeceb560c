"""Benchmark: the reader on statement layouts it has never seen (issue 15's quality bar).

Generates ``--count`` unseen layouts (:mod:`shebao.samples.unseen`, seeds from ``--seed``,
which the tests never use) as text PDFs and ``--photos`` of them as phone photos (or scans),
reads them, and prints for each set: row F1 and per-field accuracy (the scorer of
``tests/ingest/scoring.py``), refusals, wrong values and silent wrong values (no warning
names the column: ``tests/ingest/unseen_check.py``), and seconds per page. Not a test.

    .venv/bin/python bench/bench_unseen.py [--count 200] [--seed 20000] [--photos 12]
        [--photo-seed 30000] [--style phone|scan] [--photo-months 12] [--details]

The issue's bar: text row F1 >= 0.99 and every field >= 0.99; photos row F1 >= 0.95 and fields
>= 0.97; no refusals; every wrong mapping named by a warning.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ingest.unseen_check import Result, read_photo, read_text, total


def report(title: str, results: list[Result], row_bar: float, field_bar: float,
           details: bool) -> None:
    score = total(results)
    pages = sum(r.pages for r in results)
    seconds = sum(r.seconds for r in results)
    refused = [r for r in results if r.refused]
    wrong = [r for r in results if r.wrong]
    silent = [r for r in results if r.silent]
    print(f"\n== {title}: {len(results)} documents, {pages} pages")
    mark = "" if score.f1 >= row_bar else f"   < bar {row_bar}"
    print(f"row F1                      {score.f1:.4f}{mark}")
    for name in sorted(score.fields):
        acc = score.accuracy(name)
        mark = "" if acc >= field_bar else f"   < bar {field_bar}"
        print(f"  {name:32} {acc:.4f}  ({score.fields[name][1]}){mark}")
    print(f"refused                     {len(refused)} documents")
    print(f"wrong values                {sum(len(r.wrong) for r in results)} in "
          f"{len(wrong)} documents")
    print(f"silent wrong values         {sum(len(r.silent) for r in results)} in "
          f"{len(silent)} documents (no warning names the column)")
    print(f"silent wrong, by field      "
          f"{dict(Counter(w[0] for r in results for w in r.silent))}")
    print(f"seconds per page            {seconds / max(1, pages):.3f}")
    by_arrangement: dict[str, list[Result]] = {}
    for r in results:
        by_arrangement.setdefault(r.arrangement, []).append(r)
    for name, group in sorted(by_arrangement.items()):
        print(f"  {name:8} {len(group):4} docs  row F1 {total(group).f1:.4f}  "
              f"refused {sum(bool(r.refused) for r in group)}")
    if details:
        for r in results:
            print(f"  seed {r.seed} {r.arrangement:6} F1 {r.score.f1:.3f} "
                  f"{r.refused or ''} wrong {dict(Counter(w[0] for w in r.wrong))} "
                  f"silent {dict(Counter(w[0] for w in r.silent))}"
                  + (f" person {r.person_misses()}" if r.person_misses() else ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20000)
    ap.add_argument("--photos", type=int, default=12)
    ap.add_argument("--photo-seed", type=int, default=30000)
    ap.add_argument("--style", choices=("phone", "scan"), default="phone")
    ap.add_argument("--photo-months", type=int, default=12,
                    help="history length of the photographed documents (OCR is slow)")
    ap.add_argument("--details", action="store_true", help="one line per document")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if args.count:
            text = [read_text(s, out / "text")
                    for s in range(args.seed, args.seed + args.count)]
            report("text PDFs", text, 0.99, 0.99, args.details)
        if args.photos:
            photos = [read_photo(s, out / "photo", style=args.style, months=args.photo_months)
                      for s in range(args.photo_seed, args.photo_seed + args.photos)]
            report(f"{args.style} photos", photos, 0.95, 0.97, args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
