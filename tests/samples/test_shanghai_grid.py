"""Extra layout shanghai-grid: 60 months in three column sets, statuses without money."""

from __future__ import annotations

import random

import pdfplumber
from shebao.samples import generate
from shebao.samples.history import Plant, build_history


def test_three_months_share_each_printed_line(tmp_path):
    history = build_history(random.Random(2), months=72, city="shanghai",
                            plant=Plant(back_pay=4, arrears=2, gap_in_job=2, refunded=2))
    sample = generate("shanghai-grid", 2, tmp_path, history=history)
    truth = sample.truth
    assert len(truth.contributions) == 60
    assert {c.row for c in truth.contributions} == set(range(1, 21))
    assert all(sum(1 for c in truth.contributions if c.row == r) == 3 for r in range(1, 21))
    assert all(c.base is None and c.employer is None for c in truth.contributions)
    statuses = {c.status for c in truth.contributions}
    assert {"paid", "arrears", "unpaid"} <= statuses
    with pdfplumber.open(sample.path) as pdf:
        text = pdf.pages[0].extract_text()
    assert text.splitlines()[3].count("补缴退账") == 3 and "近60个月缴费单位信息" in text
    back = [c for c in truth.contributions if c.status == "back_paid"]
    facts = {f.month: f for f in history.months}
    for c in back:
        assert facts[c.month].paid_on[:7].replace("-", "") in text
