"""L4 (Hunan long format): three rows a month, wrapped 险种 names, 补收 and 到账日期."""

from __future__ import annotations

import pdfplumber
from shebao.samples import generate


def test_long_rows_footer_and_back_pay_dates(tmp_path):
    sample = generate("L4", 2, tmp_path, months=40, newest_first=False)
    truth = sample.truth
    with pdfplumber.open(sample.path) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    total = truth.document.pages
    assert total >= 2
    for n, text in enumerate(texts, start=1):
        assert f"第{n}页,共{total}页" in text
        assert "费款所属期" in text and "到账日期" in text
    # the long insurance name is split over two lines of its cell
    assert "企业职工基本养老" in texts[0] and "保险" in texts[0]
    first_month = truth.contributions[0].month
    assert [c.insurance for c in truth.contributions[:3]] == ["injury", "unemployment", "pension"]
    assert all(c.month == first_month for c in truth.contributions[:3])
    injury = [c for c in truth.contributions if c.insurance == "injury"]
    assert all(c.personal_amount == 0.0 for c in injury)
    back = [c for c in truth.contributions if c.status == "back_paid"]
    assert back and all(c.paid_on[:7] > c.month for c in back)
    assert "补收" in "".join(texts)
    arrears = [c for c in truth.contributions if c.status == "arrears"]
    assert arrears and all(c.paid_on is None for c in arrears)
    paid = [c for c in truth.contributions if c.status == "paid"]
    assert all(c.paid_on for c in paid)
