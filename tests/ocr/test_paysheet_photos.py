"""OCR of the shapes of issue 15 items 7-9: a phone photo of a label : value pay slip, and a
Word file holding a scan of an insured list (a picture pasted into .docx), each read against
the generator's truth with pinned figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from shebao.ingest.pipeline import extract_file
from shebao.samples import generate
from shebao.samples.photo import photograph

from shebao.errors import InputError


def test_phone_photo_of_a_label_value_slip(tmp_path):
    sample = generate("slip-pdf", 4, tmp_path, months=1)
    photo = photograph(sample.path, tmp_path / "slip.jpg", "phone", seed=1)
    ex = extract_file(photo, ocr=True)
    assert ex.document.method == "ocr" and ex.document.layout == "payslip-pairs"
    (truth,) = sample.truth.payslips
    (got,) = ex.payslips
    for name in ("month", "employer", "employee_name", "employee_id", "gross_pay", "net_pay",
                 "earnings", "other_deductions", "deductions"):
        assert getattr(got, name) == getattr(truth, name), name
    assert (got.gross_pay, got.net_pay) == (5868.45, 5564.79)
    assert 0.5 < got.confidence < 1.0  # the OCR's own score, not a text layer's 1.0
    assert [w.code for w in ex.warnings if w.code.startswith("payslip_")] == []


def test_word_file_holding_a_scan_of_an_insured_list(tmp_path):
    from docx import Document
    from docx.shared import Cm

    sample = generate("insured-list-pdf", 3, tmp_path, shape="long")
    scan = photograph(sample.path, tmp_path / "scan.png", "scan", seed=2)
    doc = Document()
    doc.add_paragraph("附件：单位参保人员名单（扫描件）")
    doc.add_picture(str(scan), width=Cm(16))
    word = tmp_path / "名单.docx"
    doc.save(word)
    ex = extract_file(word, ocr=True)
    assert ex.document.kind == "insured_list" and ex.document.pages == 2
    assert any(w.code == "ocr_used" and "Word 文件中的图片" in w.message for w in ex.warnings)
    fields = ("name", "id_number", "insurance", "start", "end", "months", "status", "base")
    truth = [tuple(getattr(r, f) for f in fields) for r in sample.truth.insured]
    got = [tuple(getattr(r, f) for f in fields) for r in ex.insured]
    assert got == truth
    assert len(got) == len(sample.truth.insured) >= 4
    assert {r.page for r in ex.insured} == {2}  # the picture is the document's page 2
    with pytest.raises(InputError) as e:
        extract_file(Path(word), ocr=False)
    assert e.value.code == "needs_ocr" and "Word 文件中有 1 张图片未识别" in e.value.zh
