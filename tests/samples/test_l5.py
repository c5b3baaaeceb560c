"""L5 Beijing annual aggregates (landscape) and the Henan month grid with markers."""

from __future__ import annotations

import random

import pdfplumber
from shebao.samples import generate
from shebao.samples.history import Plant, build_history


def test_beijing_is_landscape_with_year_rows_and_star_for_back_pay(tmp_path):
    history = build_history(random.Random(3), months=96, city="beijing",
                            plant=Plant(back_pay=8, arrears=2))
    sample = generate("L5", 3, tmp_path, history=history)
    truth = sample.truth
    assert not truth.contributions and truth.annual
    with pdfplumber.open(sample.path) as pdf:
        page = pdf.pages[0]
        assert page.width > page.height
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "北京市社会保险个人权益记录(参保人员缴费信息)" in text
    assert f"第 1 页 ( 共 {truth.document.pages} 页 )" in text
    assert "------" in text
    for a in truth.annual:
        facts = [f for f in history.months if f.year == a.year
                 and f.status in ("paid", "back_paid")]
        assert a.months == len(facts)
        assert a.annual_base == round(sum(f.base for f in facts), 2)
        assert (a.status == "back_paid") == any(f.status == "back_paid" for f in facts)
        if a.insurance in ("injury", "maternity"):
            assert a.personal_amount is None
    starred = {a.year for a in truth.annual if a.status == "back_paid"}
    assert starred
    for year in starred:
        assert f"*{year}" in text


def test_henan_month_rows_with_markers(tmp_path):
    history = build_history(random.Random(4), months=40, end="2025-06", city="zhengzhou",
                            plant=Plant(arrears=8, gap_in_job=2))
    sample = generate("L5-henan", 4, tmp_path, history=history)
    truth = sample.truth
    assert truth.document.pages == 2
    with pdfplumber.open(sample.path) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    assert "河南省社会保险个人权益记录单（2023年）" in texts[0]
    assert "河南省社会保险个人权益记录单（2024年）" in texts[1]
    assert "●" in texts[0] + texts[1]
    per_page = [c for c in truth.contributions if c.page == 1]
    assert len(per_page) == 12 * 3 and {c.row for c in per_page} == set(range(1, 13))
    for c in truth.contributions:
        assert c.employer_amount is None and c.personal_amount is None
        if c.status == "unpaid":
            assert c.base is None
        else:
            assert c.base is not None
    statuses = {c.status for c in truth.contributions}
    assert {"paid", "arrears"} <= statuses
    assert "△" in "".join(texts)
