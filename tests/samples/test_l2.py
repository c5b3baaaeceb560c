"""L2 certificates: fixed 24-row pages padded with empty rows, status words, both variants."""

from __future__ import annotations

import pdfplumber
import pytest
from shebao.samples import generate


@pytest.mark.parametrize("variant", ["zhejiang", "jiangsu"])
def test_window_pages_and_status_words(variant, tmp_path):
    sample = generate("L2", 7, tmp_path, variant=variant, window=30, months=40)
    truth = sample.truth
    assert truth.document.pages == 2
    months = sorted({c.month for c in truth.contributions})
    assert len(months) == 30
    with pdfplumber.open(sample.path) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
        # page 2: 6 data rows + 18 padded empty rows, all ruled
        rects = pdf.pages[1].rects
    assert len(rects) > 24 * 9
    for n, text in enumerate(texts, start=1):
        assert f"共2页，第{n}页" in text
        assert "出具证明前30个月缴费情况" in text
    if variant == "zhejiang":
        assert "浙江省社会保险参保证明（个人专用）" in texts[0]
        assert "（续）" in texts[1]
        assert {c.insurance for c in truth.contributions} == {"pension", "unemployment"}
        assert all(c.employer is None for c in truth.contributions)
        assert "已到账" in texts[0]
    else:
        assert "江苏省社会保险权益记录单" in texts[0] and "（参保人员）" in texts[0]
        assert {c.insurance for c in truth.contributions} == {"pension", "unemployment",
                                                              "injury"}
        injury = [c for c in truth.contributions if c.insurance == "injury" and c.base]
        assert all(c.personal_amount is None and c.employer for c in injury)
    unpaid = [c for c in truth.contributions if c.status == "unpaid"]
    if unpaid:
        assert "未缴费" in "".join(texts)


@pytest.mark.parametrize("variant", ["zhejiang", "jiangsu"])
def test_refunded_months_are_marked(variant, tmp_path):
    import random

    from shebao.samples.history import Plant, build_history

    history = build_history(random.Random(8), months=24, city="suzhou",
                            plant=Plant(employers=1, gaps_between_jobs=False, refunded=3,
                                        back_pay=0, gap_in_job=0, arrears=0))
    sample = generate("L2", 8, tmp_path, variant=variant, window=24, history=history)
    refunded = {c.month for c in sample.truth.contributions if c.status == "refunded"}
    assert len(refunded) == 3
    with pdfplumber.open(sample.path) as pdf:
        text = pdf.pages[0].extract_text()
    assert text.count("退账") >= 3
