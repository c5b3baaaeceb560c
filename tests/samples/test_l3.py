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
    assert ("起始年月" in text or "起始至截止" in text) and "月数" in text and "合计" in text
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


@pytest.mark.parametrize(("period", "pattern"), [("columns", r"\b\d{6}\s+\d{6}\b"),
                                                 ("range", r"\b\d{6}-\d{6}\b"),
                                                 ("slash", r"\b\d{4}/\d{2}-\d{4}/\d{2}\b")])
def test_period_styles(period, pattern, tmp_path):
    sample = generate("L3-monthly", 2, tmp_path, period=period)
    with pdfplumber.open(sample.path) as pdf:
        text = pdf.pages[0].extract_text()
    assert re.search(pattern, text)


def test_long_history_spans_pages_with_page_numbers(tmp_path):
    sample = generate("L3-total", 3, tmp_path, months=480)
    pages = sample.truth.document.pages
    assert pages >= 2
    with pdfplumber.open(sample.path) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    for n, text in enumerate(texts, start=1):
        assert f"第 {n} 页 共 {pages} 页" in text and "起始年月" in text
    assert max(c.row for c in sample.truth.contributions if c.page == 1) == 29
    assert "合计" in texts[-1] and "合计" not in texts[0]
