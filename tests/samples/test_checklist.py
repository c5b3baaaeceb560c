"""Extra layout checklist: two range records per line, ticks per 险种, slash ranges."""

from __future__ import annotations

import re

import pdfplumber
from shebao.samples import generate


def test_two_records_per_line_and_ticks_match_the_truth(tmp_path):
    sample = generate("checklist", 4, tmp_path, months=120)
    truth = sample.truth
    assert "*" in truth.person.id_number
    with pdfplumber.open(sample.path) as pdf:
        text = pdf.pages[0].extract_text()
    ranges = re.findall(r"\d{4}/\d{2}-\d{4}/\d{2}", text)
    assert len(ranges) >= 4
    rows: dict[int, set[str]] = {}
    for c in truth.contributions:
        rows.setdefault(c.row, set()).add(c.employer_code)
        assert c.base is not None and c.employer_amount is None and c.status == "paid"
    lines = [line for line in text.splitlines() if re.search(r"\d{4}/\d{2}-\d{4}/\d{2}", line)]
    assert len(lines) == max(rows)
    for n, line in enumerate(lines, start=1):
        printed = re.findall(r"\d{4}/\d{2}-\d{4}/\d{2}", line)
        assert _months_of(printed) == sorted({c.month for c in truth.contributions
                                              if c.row == n}), (n, line)
        assert len(printed) == 2 or n == len(lines)  # two-up; only the last line may be one
        ticks = line.count("√")
        per_row = {(c.month, c.insurance) for c in truth.contributions if c.row == n}
        months = {m for m, _ in per_row}
        assert ticks >= 1 and len(per_row) >= len(months)



def _months_of(ranges: list[str]) -> list[str]:
    """The months printed ranges ``YYYY/MM-YYYY/MM`` cover, in order."""
    out = []
    for r in ranges:
        (y, m), (y2, m2) = ((int(x[:4]), int(x[5:])) for x in r.split("-"))
        while (y, m) <= (y2, m2):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return sorted(out)
