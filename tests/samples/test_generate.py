"""The generator's public API: determinism, valid truth, documents that show the truth."""

from __future__ import annotations

import json

import pdfplumber
import pytest
from shebao.samples import EXTRA_LAYOUTS, LAYOUTS, RENDERERS, generate
from shebao.samples.identity import id_number_valid

from shebao.records import Extract

ALL_LAYOUTS = LAYOUTS + EXTRA_LAYOUTS
PDF_LAYOUTS = [lay for lay in ALL_LAYOUTS if RENDERERS[lay][1] == ".pdf"]


@pytest.mark.parametrize("layout", ALL_LAYOUTS)
def test_same_seed_gives_identical_bytes_and_truth(layout, tmp_path):
    a = generate(layout, 11, tmp_path / "a")
    b = generate(layout, 11, tmp_path / "b")
    assert a.path.read_bytes() == b.path.read_bytes()
    assert json.dumps(a.truth.to_json_dict()) == json.dumps(b.truth.to_json_dict())
    c = generate(layout, 12, tmp_path / "c")
    assert c.truth.to_json_dict() != a.truth.to_json_dict()


@pytest.mark.parametrize("layout", ALL_LAYOUTS)
def test_truth_is_a_valid_extract(layout, tmp_path):
    sample = generate(layout, 5, tmp_path)
    data = sample.truth.to_json_dict()
    again = Extract.from_json_dict(json.loads(json.dumps(data)))
    assert again.document.file == sample.path.name
    assert again.document.layout == layout
    assert again.warnings == []
    assert data["contributions"] or data["annual"] or data["payslips"] or data.get("insured")
    id_number = sample.truth.person.id_number
    if id_number and "*" not in id_number:  # masked numbers are kept as printed
        assert id_number_valid(id_number)


@pytest.mark.parametrize("layout", PDF_LAYOUTS)
def test_page_count_and_person_in_text_layer(layout, tmp_path):
    sample = generate(layout, 3, tmp_path)
    with pdfplumber.open(sample.path) as pdf:
        assert len(pdf.pages) == sample.truth.document.pages
        first = pdf.pages[0].extract_text()
    person = sample.truth.person
    for value in (person.name, person.id_number, person.social_security_number):
        if value:
            assert value in first
    rows = {(c.page, c.row) for c in sample.truth.contributions}
    assert all(p <= sample.truth.document.pages for p, _ in rows)


@pytest.mark.parametrize("layout", PDF_LAYOUTS)
def test_every_character_uses_an_embedded_cjk_font(layout, tmp_path):
    from pypdf import PdfReader

    sample = generate(layout, 1, tmp_path, months=12)
    embedded = set()
    for page in PdfReader(sample.path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is not None and "/FontFile2" in desc.get_object():
                embedded.add(str(font["/BaseFont"]).lstrip("/"))
    with pdfplumber.open(sample.path) as pdf:
        used = {c["fontname"] for page in pdf.pages for c in page.chars}
    assert used and used <= embedded, (used, embedded)


TITLES = {
    "L1": "社会保险历年参保缴费明细表（个人）",
    "L2": "社会保险",
    "L3-total": "社会保险个人缴费历史",
    "L3-monthly": "基本养老个人历年缴费明细表",
    "L4": "个人参保信息（实缴明细）",
    "L5": "北京市社会保险个人权益记录(参保人员缴费信息)",
    "L5-henan": "河南省社会保险个人权益记录单",
    "L6-sheet-pdf": "工资表",
    "L6-strips-pdf": "工资条",
    "shanghai-grid": "参保人员城镇职工基本养老保险参保情况",
    "checklist": "社会保险缴费清单",
    "hubei-dual": "湖北省社会保险参保证明（个人专用）",
    "shenzhen-new": "深圳市社会保险参保证明",
}


@pytest.mark.parametrize("layout", sorted(TITLES))
def test_title_in_the_text_layer_of_every_page(layout, tmp_path):
    sample = generate(layout, 4, tmp_path)
    with pdfplumber.open(sample.path) as pdf:
        for page in pdf.pages:
            assert TITLES[layout] in (page.extract_text() or "")
