"""L1 (Shenzhen monthly wide): multi-page tables, repeated headers, markers, code table."""

from __future__ import annotations

import pdfplumber
from shebao.samples import generate
from shebao.samples.history import Plant, build_history
from shebao.samples.pdf import WATERMARK


def test_long_history_spans_pages_with_header_and_title_on_each(tmp_path):
    sample = generate("L1", 4, tmp_path, months=120, watermark="text")
    truth = sample.truth
    assert truth.document.pages == 4  # 120 months / 36 rows per page
    with pdfplumber.open(sample.path) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
        chars = "".join(c["text"] for c in pdf.pages[0].chars)
    for n, text in enumerate(texts, start=1):
        assert "社会保险历年参保缴费明细表（个人）" in text
        assert "养老保险" in text and "个人交" in text
        assert f"页码：{n}" in text
    assert "合计" in texts[-1] and "单位编号与单位名称对照" in texts[-1]
    assert "姓名：" in texts[0] and "姓名：" not in texts[1]
    assert WATERMARK.replace(" ", "") in chars.replace(" ", "")
    # 36 rows a page, 5 insurances a row
    assert sum(1 for c in truth.contributions if c.page == 1) == 36 * 5
    assert max(c.row for c in truth.contributions) == 36


def test_outline_watermark_is_not_in_text_layer(tmp_path):
    sample = generate("L1", 4, tmp_path, months=12, watermark="outline")
    with pdfplumber.open(sample.path) as pdf:
        assert "SPECIMEN" not in pdf.pages[0].extract_text()
        assert pdf.pages[0].curves or pdf.pages[0].objects.get("curve") is not None


def test_back_paid_months_carry_star_and_gaps_are_blank_rows(tmp_path):
    import random

    history = build_history(random.Random(9), months=40, city="shenzhen",
                            plant=Plant(back_pay=5, gap_in_job=2, arrears=1))
    sample = generate("L1", 9, tmp_path, history=history, fullwidth=False)
    statuses = {c.month: c.status for c in sample.truth.contributions if c.insurance == "pension"}
    back = [m for m, s in statuses.items() if s == "back_paid"]
    assert len(back) == 5
    unpaid = [c for c in sample.truth.contributions if c.status == "unpaid"]
    assert unpaid and all(c.base is None and c.employer is None for c in unpaid)
    with pdfplumber.open(sample.path) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    for month in back:
        assert f"*{month[:4]} {month[5:]}" in text
    # employer codes in rows resolve to names printed in the code table
    for c in sample.truth.contributions:
        if c.employer:
            assert c.employer_code in text and c.employer in text
    injury = [c for c in sample.truth.contributions if c.insurance == "injury" and c.base]
    assert injury and all(c.personal_amount is None for c in injury)
