"""Months a statement marks 欠缴 (declared by the employer, not paid) are arrears even when its
rows name no employer and no employment period is stated: the declaration shows the job.

Statements generated with the project's own L4 renderer (Hunan core-system style, rows without
an employer), at a random place, length and number of trailing 欠缴 months."""

from __future__ import annotations

import random
from datetime import date

import pytest
from shebao.audit.engine import Options, audit_files
from shebao.samples import generate
from shebao.samples.history import CITIES, History, make_employer, month_range
from shebao.samples.planted import _paid, _worker, floor_of


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_months_marked_arrears_are_found_without_an_employment_period(tmp_path, seed):
    rng = random.Random(f"declared-unpaid:{seed}")
    city = CITIES[rng.choice(["changsha", "zhengzhou", "wuhan"])]
    worker = _worker(rng, rng.random() < 0.5, date(rng.randint(1975, 1995), 5, 3), "430524",
                     "湖南省隆回县")
    employer = make_employer(rng, city, long=False)
    n, owed = rng.randint(8, 14), rng.randint(1, 3)
    months = []
    for i, m in enumerate(month_range("2025-09", n)):  # ends 2026-04 .. 2026-10
        base = floor_of("2025-09", city) + 500
        if i >= n - owed:
            fact = _paid(m, employer, base, None, "arrears", None, "arrears")
            fact.paid_on = None
        else:
            fact = _paid(m, employer, base, None)
        months.append(fact)
    history = History(worker, city, [employer], months)
    sample = generate("L4", 6100 + seed, tmp_path, name="statement", history=history)
    assert all(c.employer is None for c in sample.truth.contributions)
    (result,), errors = audit_files([sample.path], Options(as_of=date(2026, 12, 1), ocr=False))
    assert not errors
    owed_months = [f.month for f in months[-owed:]]
    (finding,) = [f for f in result.findings if f.rule == "missing_months"]
    assert finding.months == owed_months and finding.severity == "high"
    assert "单位已申报、未缴纳" in finding.message
    assert "您在职（依据：" in finding.message and "没有写明单位名称" in finding.message
    assert "用人单位工作" not in finding.message
    assert finding.employer_amount is not None and finding.personal_amount is not None
