"""L3 (range rows): totals vs per-month amounts, expansion to months sharing a row."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from shebao.samples import generate


def _amounts(text: str) -> list[float]:
    return [float(x.replace(",", "")) for x in re.findall(r"\d{1,3}(?:,\d{3})*\.\d{2}", text)]


@pytest.mark.parametrize("layout", ["L3-total", "L3-monthly"])
def test_range_rows_expand_to_months_with_per_month_amounts(layout, tmp_path):
    sample = generate(layout, 6, tmp_path, months=72)
    truth = sample.truth
    assert {c.insurance for c in truth.contributions} == {"pension"}
    by_row: dict[tuple[int, int], list] = {}
    for c in truth.contributions:
        by_row.setdefault((c.page, c.row), []).append(c)
    with pdfplumber.open(sample.path) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "起始年月" in text and "月数" in text and "合计" in text
    assert re.search(r"\d,\d{3}\.\d{2}", text)  # thousands separators
    printed = set(_amounts(text))
    multi = [rows for rows in by_row.values() if len(rows) > 1]
    assert multi
    for rows in by_row.values():
        first = rows[0]
        assert all(r.employer_amount == first.employer_amount for r in rows)
        n = len(rows)
        shown = round(first.employer_amount * (n if layout == "L3-total" else 1), 2)
        assert shown in printed
    statuses = {c.status for c in truth.contributions}
    assert "back_paid" in statuses and "paid" in statuses
