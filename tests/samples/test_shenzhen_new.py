"""Extra layout shenzhen-new: the last 24 months with bases only and a code list in the notes."""

from __future__ import annotations

import pdfplumber
from shebao.samples import generate


def test_bases_only_with_star_and_blank_rows(tmp_path):
    sample = generate("shenzhen-new", 6, tmp_path, months=40)
    truth = sample.truth
    assert len({c.month for c in truth.contributions}) == 24
    assert all(c.employer_amount is None and c.personal_amount is None
               for c in truth.contributions)
    with pdfplumber.open(sample.path) as pdf:
        text = pdf.pages[0].extract_text()
    for c in truth.contributions:
        if c.status == "back_paid":
            assert f"*{c.month.replace('-', '')}" in text
        if c.employer_code:
            assert c.employer_code in text
    assert "（二）近两年参保缴费明细" in text and "单位编号”对应的单位名称为" in text
