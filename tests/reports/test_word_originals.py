"""Word (.docx) originals end to end: a 参保证明 handed over as a Word file (the generator's
``L2-docx`` look-alike, fictitious people) is an original of a case folder -- checked, audited,
listed in the evidence index, transcribed into the bundle PDF, and carried byte-identical in
the bundle ZIP. Bad Word files are refused in one line naming them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import yaml
from docx import Document
from shebao.audit.engine import audit_case
from shebao.ingest.pipeline import extract_file
from shebao.reports.case import Case, load_case
from shebao.reports.originals import find_originals, open_original
from shebao.samples import generate

from shebao.cli import main
from shebao.errors import InputError

AS_OF = "2026-11-20"
NAME = "参保证明.docx"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """The look-alike certificate (Jiangsu wording, 24 months, a seal picture) in a case
    folder of its own, with its ground truth."""
    folder = tmp_path_factory.mktemp("word")
    sample = generate("L2-docx", 1, folder / "gen", variant="jiangsu")
    case = folder / "case"
    case.mkdir()
    (case / NAME).write_bytes(sample.path.read_bytes())
    return case, sample


def audit_read(case: Path):
    return extract_file(case / NAME).contributions


@pytest.fixture(scope="module")
def bundle(certificate, tmp_path_factory):
    case, _ = certificate
    out = tmp_path_factory.mktemp("bundle")
    code = main(["bundle", str(case), "-o", str(out / "b.pdf"), "--zip", "--as-of", AS_OF])
    assert code == 0
    manifest = json.loads((out / "b.manifest.json").read_text("utf-8"))
    with pdfplumber.open(out / "b.pdf") as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
        images = [len(p.images) for p in pdf.pages]
    return {"dir": out, "manifest": manifest, "pages": pages, "images": images}


def test_a_word_file_is_an_original_of_the_case(certificate):
    case, sample = certificate
    (original,) = find_originals(case, Case()).files
    assert (original.name, original.kind, original.pages, original.unit) == (
        NAME, "word", 1, "份")
    assert original.sha256 == hashlib.sha256(sample.path.read_bytes()).hexdigest()


def test_the_audit_of_the_case_folder_reads_the_word_file(certificate):
    case, sample = certificate
    audit = audit_case(case, as_of=dt.date.fromisoformat(AS_OF))
    (doc,) = audit.documents
    assert doc.file == NAME and doc.kind == "statement"
    assert audit.person.id_number == sample.truth.person.id_number
    records = [(c.month, c.insurance, c.base, c.personal_amount, c.status)
               for c in sample.truth.contributions]
    assert sorted((c.month, c.insurance, c.base, c.personal_amount, c.status)
                  for c in audit_read(case)) == sorted(records)
    # the months the certificate shows unpaid (未缴费) or in arrears (欠缴) are the missing
    # months the audit finds -- read from the Word file, nowhere else
    unpaid = {c.month for c in sample.truth.contributions if c.status in ("unpaid", "arrears")}
    assert len(unpaid) >= 3
    found = {m for f in audit.findings if f.rule == "missing_months" for m in f.months}
    assert found == unpaid


def test_the_bundle_transcribes_the_word_file(certificate, bundle):
    _, sample = certificate
    (entry,) = bundle["manifest"]["originals"]
    assert (entry["file"], entry["kind"]) == (NAME, "word")
    assert entry["pages"] == entry["last_page"] - entry["first_page"] + 1 == 2
    pages = bundle["pages"][entry["first_page"] - 1:entry["last_page"]]
    text = "\n".join(pages)
    assert "Word 文件 参保证明.docx 的转录" in pages[0] and "证据1" in pages[0]
    assert entry["sha256"] in re.sub(r"\s", "", text)
    person = sample.truth.person
    assert person.name in text and person.id_number in text
    # every figure of the certificate is on the transcribed pages, row by row
    rows = {}
    for c in sample.truth.contributions:
        rows.setdefault(c.month, []).append(c)
    lines = text.splitlines()
    for month, found in rows.items():
        y, m = month.split("-")
        line = next(ln for ln in lines if ln.startswith(f"{y} {m} "))
        for c in found:
            if c.status == "unpaid":
                assert "未缴费" in line, line
            else:
                assert f"{c.base:.2f}" in line and f"{c.personal_amount:.2f}" in line, line
    # the header rows marked to repeat in Word repeat on the second page
    assert "缴费基数（元）" in pages[1]
    assert bundle["images"][entry["last_page"] - 1] >= 1  # the seal picture


def test_the_evidence_index_lists_the_word_file_at_its_pages(bundle):
    (entry,) = bundle["manifest"]["originals"]
    index = next(p for p in bundle["pages"] if p.lstrip().startswith("证据目录"))
    assert "参保证" in index and ".docx" in index  # the title wraps in its cell
    assert f"{entry['first_page']}-{entry['last_page']}" in index


def test_the_zip_holds_the_word_original_byte_identical(certificate, bundle):
    case, _ = certificate
    with zipfile.ZipFile(bundle["dir"] / "b.zip") as archive:
        assert archive.read(f"原件/{NAME}") == (case / NAME).read_bytes()
    assert main(["verify", str(bundle["dir"] / "b.pdf"), str(bundle["dir"] / "b.zip")]) == 0


def test_case_check_and_standalone_index_count_a_word_file_as_one_document(
        certificate, tmp_path, capsys):
    case, _ = certificate
    assert main(["case", "check", str(case), "--as-of", AS_OF]) == 0
    assert f"证据1  {NAME}  (word, 1份," in capsys.readouterr().out
    out = tmp_path / "index.md"
    assert main(["draft", str(case), "--kind", "evidence-index", "-o", str(out),
                 "--as-of", AS_OF]) == 0
    assert "共1份" in out.read_text("utf-8")


# -- the transcription itself -----------------------------------------------------------------

def _merged_docx(path: Path) -> None:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "某某市社会保险事业管理中心"
    title = doc.add_paragraph()
    title.add_run("缴费").bold = True
    title.add_run("证明")
    table = doc.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 1))  # gridSpan 2
    table.cell(1, 2).merge(table.cell(2, 2))  # vMerge down two rows
    inner = table.cell(2, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内", "表"
    para = doc.add_paragraph("第一行")
    para.add_run().add_break()
    para.add_run("第二行")
    doc.save(path)


def test_word_view_keeps_spans_nested_tables_bold_breaks_and_headers(tmp_path):
    from shebao.reports.word_pages import Paragraph, Table, word_view

    path = tmp_path / "m.docx"
    _merged_docx(path)
    view = word_view(open_original(path, tmp_path))
    assert view.headers == ["某某市社会保险事业管理中心"]
    title, table, lines = view.blocks
    assert isinstance(title, Paragraph) and [(i.text, i.bold) for i in title.inlines] == [
        ("缴费", True), ("证明", False)]
    assert isinstance(table, Table) and table.columns == 3
    spans = [[(c.colspan, c.rowspan) for c in row] for row in table.rows]
    assert spans == [[(2, 1), (1, 1)], [(1, 1), (1, 1), (1, 2)], [(1, 1), (1, 1)]]
    nested = table.rows[2][0].blocks
    assert any(isinstance(b, Table) and [[c.blocks[0].inlines[0].text for c in r]
                                         for r in b.rows] == [["内", "表"]] for b in nested)
    assert [(i.text, i.br) for i in lines.inlines] == [("第一行", False), ("", True),
                                                       ("第二行", False)]


# -- refusals ---------------------------------------------------------------------------------

def _refused(tmp_path: Path, data: bytes, capsys) -> tuple[InputError, str]:
    case = tmp_path / "case"
    case.mkdir()
    (case / "证明.docx").write_bytes(data)
    with pytest.raises(InputError) as refused:
        find_originals(case, Case())
    code = main(["bundle", str(case), "-o", str(tmp_path / "b.pdf"), "--as-of", AS_OF])
    err = capsys.readouterr().err
    assert code == 2 and "证明.docx" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "b.pdf").exists()
    return refused.value, err


def _cfb(*streams: str) -> bytes:
    """An OLE compound file's header and directory names (what Word writes for a .doc, or
    for a .docx saved with a password: EncryptionInfo + EncryptedPackage)."""
    names = b"".join(s.encode("utf-16-le").ljust(64, b"\0") for s in ("Root Entry", *streams))
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + names.ljust(1024, b"\0")


def test_a_password_protected_word_file_is_refused_as_encrypted(tmp_path, capsys):
    error, err = _refused(tmp_path, _cfb("EncryptionInfo", "EncryptedPackage"), capsys)
    assert error.code == "original_encrypted" and "加密" in err


def test_an_old_doc_renamed_docx_is_refused_with_what_to_do(tmp_path, capsys):
    error, err = _refused(tmp_path, _cfb("WordDocument", "1Table"), capsys)
    assert error.code == "original_unreadable" and "另存为 .docx" in err


def test_a_damaged_word_file_is_refused(tmp_path, capsys):
    good = io.BytesIO()
    Document().save(good)
    error, err = _refused(tmp_path, good.getvalue()[:900], capsys)
    assert error.code == "original_unreadable" and "Word" in err


def _bomb() -> bytes:
    buf = io.BytesIO()
    Document().save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/media/image1.bin", b"\0" * (4 << 20))  # packs ~1000:1
    return out.getvalue()


def test_a_word_zip_bomb_is_refused_by_the_extract_stage_limits(tmp_path, capsys):
    error, err = _refused(tmp_path, _bomb(), capsys)
    assert error.code == "too_large" and "解压后过大" in err
    with pytest.raises(InputError) as read:
        extract_file(tmp_path / "case" / "证明.docx")
    assert read.value.code == "too_large"


def test_a_word_file_cannot_be_a_page_of_a_documents_group(certificate, tmp_path):
    source, _ = certificate
    case = tmp_path / "case"
    case.mkdir()
    (case / NAME).write_bytes((source / NAME).read_bytes())
    (case / "case.yaml").write_text(yaml.safe_dump(
        {"documents": [{"files": [NAME]}]}, allow_unicode=True), "utf-8")
    with pytest.raises(InputError) as refused:
        find_originals(case, load_case(case))
    assert "Word 文件各自就是一份完整的材料" in refused.value.zh


def test_pictures_fit_a_page_and_an_untranscribable_one_is_said(tmp_path):
    from docx.shared import Cm
    from PIL import Image
    from shebao.reports.word_pages import word_view

    doc = Document()
    for size in ((1000, 3000), (600, 400)):
        buf = io.BytesIO()
        Image.new("RGB", size, "white").save(buf, "PNG")
        buf.seek(0)
        doc.add_picture(buf, width=Cm(15))
    raw = io.BytesIO()
    doc.save(raw)
    path = tmp_path / "p.docx"
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(path, "w") as dst:
        media = sorted(n for n in src.namelist() if n.startswith("word/media/"))
        for info in src.infolist():  # the second picture's bytes are not an image (as EMF)
            dst.writestr(info, b"\x01\x00\x00\x00 not a bitmap" if info.filename == media[1]
                         else src.read(info))
    view = word_view(open_original(path, tmp_path))
    tall, broken = (i for b in view.blocks for i in b.inlines if i.image or i.missing)
    assert tall.width_mm == round(230 / 3, 1)  # 15 cm wide would run off the page: height-bound
    assert broken.missing and not broken.image and view.left_out == 1


def test_the_shared_zip_limit_still_refuses_an_xlsx_bomb(tmp_path):
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    path = tmp_path / "表.xlsx"
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/media/image1.bin", b"\0" * (4 << 20))
    with pytest.raises(InputError) as read:
        extract_file(path)
    assert read.value.code == "too_large" and "Excel 文件解压后过大" in read.value.zh
