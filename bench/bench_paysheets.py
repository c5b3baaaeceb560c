"""Benchmark: pay sheets as companies write them, label : value slips and insured lists.

For each open layout of :mod:`shebao.samples` (``OPEN_LAYOUTS``: composed at random from word
lists of their own), generates ``--seeds`` documents and prints: documents read exactly (every
record and field, earnings and deductions by name), refusals, documents with a warning (other
than ``formula_evaluated``), record-level recall and precision, and ms per document to read.
Not a test: figures go in notes.

    .venv/bin/python bench/bench_paysheets.py [--seeds 40] [--layouts paysheet-xlsx,...]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from shebao.ingest.pipeline import extract_file
from shebao.samples import OPEN_LAYOUTS, generate

from shebao.errors import ShebaoError

SLIP = ("month", "employer", "employee_name", "employee_id", "gross_pay", "net_pay", "page",
        "row", "earnings", "other_deductions", "deductions")
INSURED = ("name", "id_number", "social_security_number", "insurance", "start", "end",
           "months", "status", "status_text", "base", "employer", "as_of", "page", "row")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=40)
    ap.add_argument("--layouts", default=",".join(OPEN_LAYOUTS))
    args = ap.parse_args()
    print(f"{'layout':<18} {'docs':>4} {'exact':>5} {'refused':>7} {'warned':>6} "
          f"{'records':>7} {'recall':>6} {'prec.':>6} {'ms/doc':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for layout in args.layouts.split(","):
            exact = refused = warned = true_n = found_n = right = 0
            times: list[float] = []
            for seed in range(args.seeds):
                sample = generate(layout, seed, Path(tmp))
                t0 = time.perf_counter()
                try:
                    ex = extract_file(sample.path)
                except ShebaoError:
                    refused += 1
                    continue
                times.append((time.perf_counter() - t0) * 1000)
                kind = sample.truth.document.kind
                truth = sample.truth.insured if kind == "insured_list" else sample.truth.payslips
                found = ex.insured if kind == "insured_list" else ex.payslips
                fields = INSURED if kind == "insured_list" else SLIP
                ok = [all(getattr(a, f) == getattr(b, f) for f in fields)
                      for a, b in zip(truth, found, strict=False)]
                true_n, found_n, right = true_n + len(truth), found_n + len(found), right + sum(ok)
                noted = [w for w in ex.warnings if w.code != "formula_evaluated"]
                warned += bool(noted)
                exact += len(truth) == len(found) and all(ok) and not noted
            print(f"{layout:<18} {args.seeds:>4} {exact:>5} {refused:>7} {warned:>6} "
                  f"{true_n:>7} {right / max(true_n, 1):>6.3f} {right / max(found_n, 1):>6.3f} "
                  f"{statistics.median(times) if times else 0:>7.0f}")


if __name__ == "__main__":
    main()
