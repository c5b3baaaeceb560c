"""Extra layout hubei-dual: 12 months newest first in two side-by-side column sets."""

from __future__ import annotations

import pdfplumber
from shebao.samples import generate


def test_two_months_per_line_newest_first(tmp_path):
    sample = generate("hubei-dual", 3, tmp_path, months=30)
    truth = sample.truth
    months = [c.month for c in truth.contributions]
    assert len(months) == 12 and len(set(months)) == 12
    by_row: dict[int, list[str]] = {}
    for c in truth.contributions:
        by_row.setdefault(c.row, []).append(c.month)
    assert sorted(by_row) == list(range(1, 7)) and all(len(v) == 2 for v in by_row.values())
    assert by_row[1][0] == max(months)  # newest first, left column
    with pdfplumber.open(sample.path) as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    first = next(line for line in lines if line.startswith(max(months).replace("-", "")))
    assert by_row[1][1].replace("-", "") in first
    for c in truth.contributions:
        assert (c.base is None) == (c.status == "unpaid")
