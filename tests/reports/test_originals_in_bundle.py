"""Unusual originals in a bundle: a rotated landscape PDF page, a CSV in GBK, an unsupported
file; stamps never cover the original's content."""

from __future__ import annotations

import io
import json
import shutil

import pdfplumber
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas
from shebao.reports.case import Case
from shebao.reports.originals import find_originals
from shebao.reports.stamps import EVIDENCE_SCALE

from shebao.cli import main

from .casefactory import _font_name


def rotated_pdf(path) -> None:
    """A landscape page stored portrait with /Rotate 90, as scanners often write: the content
    is drawn sideways and the viewer turns the page to read it."""
    width, height = landscape(A4)  # the page as read
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.translate(A4[0], 0)
    c.rotate(90)
    c.setFont(_font_name(), 14)
    c.drawString(40, height - 60, "横向页面：银行工资流水（示例）")
    c.drawString(40, 40, "左下角文字 BOTTOM-LEFT")
    c.drawString(width - 260, height - 30, "右上角文字 TOP-RIGHT")
    c.showPage()
    c.save()
    reader = PdfReader(path)
    writer = PdfWriter()
    writer.add_page(reader.pages[0])
    writer.pages[0].rotate(90)
    with open(path, "wb") as handle:
        writer.write(handle)


def test_rotated_page_csv_and_skipped_files(dongguan, tmp_path, capsys):
    case = tmp_path / "case"
    shutil.copytree(dongguan.case_dir, case)
    (case / "case.yaml").unlink()
    rotated_pdf(case / "bank.pdf")
    (case / "roster.csv").write_bytes("工号,姓名,月工资\n001,王春燕,6850\n".encode("gb18030"))
    (case / "notes.txt").write_text("not evidence", encoding="utf-8")
    originals = find_originals(case, Case())
    assert [o.name for o in originals.files] == [
        "bank.pdf", "payslip-2020-03.jpg", "roster.csv", "statement.pdf", "wages.xlsx"]
    assert originals.skipped == ["notes.txt"]

    out = tmp_path / "b.pdf"
    assert main(["bundle", str(case), "-o", str(out), "--audit", str(dongguan.audit_file)]) == 0
    assert "notes.txt 不是支持的原件格式" in capsys.readouterr().err
    manifest = json.loads((tmp_path / "b.manifest.json").read_text("utf-8"))
    bank, roster = manifest["originals"][0], manifest["originals"][2]
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[bank["first_page"] - 1]
        assert page.width > page.height  # shown the way it is read: landscape
        words = page.extract_words()
        text = page.extract_text()
        assert "银行工资流水" in text and "BOTTOM-LEFT" in text and "TOP-RIGHT" in text
        stamp = [w for w in words if w["text"].startswith("证据1")]
        assert stamp
        band = page.height * (1 - EVIDENCE_SCALE) / 2
        content = [w for w in words
                   if any(k in w["text"] for k in ("银行工资流水", "BOTTOM-LEFT", "TOP-RIGHT"))]
        assert len(content) == 3
        for w in content:
            # the original's words lie inside the shrunken area, clear of both stamp bands
            assert band - 1 <= w["top"] and w["bottom"] <= page.height - band + 1, w
            assert not (w["x1"] > stamp[0]["x0"] and w["top"] < stamp[0]["bottom"]), w
        csv_text = pdf.pages[roster["first_page"] - 1].extract_text()
        assert "王春燕" in csv_text and "6850" in csv_text and "roster.csv" in csv_text


def test_multi_page_tiff_scan_becomes_one_page_per_frame(tmp_path):
    from PIL import Image
    from shebao.reports.original_pages import original_pdf
    from shebao.reports.originals import open_original

    frames = [Image.new("RGB", (800, 1100), colour) for colour in ("white", "grey", "black")]
    path = tmp_path / "scan.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    original = open_original(path, tmp_path)
    assert original.pages == 3
    assert len(PdfReader(io.BytesIO(original_pdf(original, None))).pages) == 3


def test_spreadsheet_page_keeps_row_numbers_column_letters_and_merged_title(tmp_path):
    from openpyxl import Workbook
    from shebao.reports.original_pages import sheet_view
    from shebao.reports.originals import open_original

    book = Workbook()
    sheet = book.active
    sheet.title = "2022年7月"
    sheet.append(["东莞市某某电子有限公司工资表", None, None])
    sheet.merge_cells("A1:C1")
    sheet.append(["工号", "姓名", "应发工资"])
    sheet.append(["01307", "王春燕", 6850.5])
    sheet.append([None, None, None])
    book.save(tmp_path / "pay.xlsx")
    view = sheet_view(open_original(tmp_path / "pay.xlsx", tmp_path))
    (table,) = view.tables
    assert table.name == "2022年7月" and table.columns == ["A", "B", "C"]
    number, cells = table.rows[0]
    assert number == 1 and len(cells) == 1 and cells[0].colspan == 3
    assert [c.text for c in table.rows[2][1]] == ["01307", "王春燕", "6,850.50"]
    assert table.rows[2][1][2].numeric and not table.rows[2][1][0].numeric
    assert len(table.rows) == 3  # trailing empty row dropped
