"""Bad inputs are what they claim to be; the CLI writes documents with truth files."""

from __future__ import annotations

import json

import openpyxl
import pdfplumber
import pytest
from pdfplumber.utils.exceptions import PdfminerException
from pypdf import PdfReader
from shebao.samples.bad import PASSWORD, write_bad_inputs

from shebao.cli import main
from shebao.records import Extract


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("bad")
    write_bad_inputs(out, extra=True)
    return out


def test_manifest_lists_every_case(bad_dir):
    cases = json.loads((bad_dir / "bad_inputs.json").read_text(encoding="utf-8"))
    assert {c["case"] for c in cases} == {"empty", "truncated", "corrupt", "encrypted",
                                         "image_only", "cid_glyphs", "not_statement",
                                         "not_payroll", "unsupported", "missing"}
    for c in cases:
        assert (bad_dir / c["file"]).exists() == c["exists"]
        assert c["zh"] and c["en"]


def test_broken_pdfs_do_not_parse(bad_dir):
    assert (bad_dir / "empty.pdf").stat().st_size == 0
    for name in ("truncated.pdf", "corrupt.pdf"):
        with pytest.raises(PdfminerException), pdfplumber.open(bad_dir / name) as pdf:
            [p.extract_text() for p in pdf.pages]


def test_encrypted_pdf_needs_the_password(bad_dir):
    reader = PdfReader(bad_dir / "encrypted.pdf")
    assert reader.is_encrypted
    assert reader.decrypt("wrong") == 0
    assert reader.decrypt(PASSWORD) != 0
    assert "社会保险" in reader.pages[0].extract_text()


def test_image_only_pdf_has_an_image_and_no_text(bad_dir):
    with pdfplumber.open(bad_dir / "image_only.pdf") as pdf:
        page = pdf.pages[0]
        assert page.images and not page.chars


def test_cid_glyph_pdf_has_characters_that_do_not_decode(bad_dir):
    with pdfplumber.open(bad_dir / "cid_glyphs.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert text.count("(cid:") > 50 and "社会保险" not in text


def test_letter_and_stock_list_are_real_but_not_statements(bad_dir):
    with pdfplumber.open(bad_dir / "letter.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "邀请函" in text and "缴费" not in text
    ws = openpyxl.load_workbook(bad_dir / "not_payroll.xlsx").active
    assert ws["A2"].value == "物料编码" and ws.max_row > 10


def test_cli_generate_writes_documents_and_truth(tmp_path, capsys):
    code = main(["samples", "generate", "-o", str(tmp_path), "--layout", "L1,L6-xlsx",
                 "--count", "2", "--seed", "5", "--months", "14"])
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["L1_0005.pdf", "L1_0005.pdf.truth.json", "L1_0006.pdf",
                     "L1_0006.pdf.truth.json", "L6-xlsx_0005.xlsx", "L6-xlsx_0005.xlsx.truth.json",
                     "L6-xlsx_0006.xlsx", "L6-xlsx_0006.xlsx.truth.json"]
    truth = Extract.from_json_dict(json.loads((tmp_path / "L1_0005.pdf.truth.json").read_text()))
    assert {c.month for c in truth.contributions} and len({c.month for c in
                                                           truth.contributions}) == 14


def test_cli_rejects_unknown_layout_in_one_line(tmp_path, capsys):
    code = main(["samples", "generate", "-o", str(tmp_path), "--layout", "L9"])
    assert code == 2
    err = capsys.readouterr().err
    assert "未知版式" in err and "unknown layout" in err and "Traceback" not in err


def test_too_short_a_history_is_a_clear_error(tmp_path, capsys):
    code = main(["samples", "generate", "-o", str(tmp_path), "--layout", "L5-henan",
                 "--months", "2"])
    assert code == 2
    err = capsys.readouterr().err
    assert "--months" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf"))
