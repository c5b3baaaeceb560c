"""L6 pay sheets: xlsx merged-header structure, invariants, PDF sheet and strips."""

from __future__ import annotations

import openpyxl
import pdfplumber
import pytest
from shebao.samples import generate
from shebao.samples.payroll import DEDUCTIONS, EARNINGS


def test_xlsx_title_two_level_header_and_total_row(tmp_path):
    sample = generate("L6-xlsx", 3, tmp_path, employees=15, month="2025-06", title_rows=1)
    wb = openpyxl.load_workbook(sample.path)
    ws = wb.worksheets[0]
    merged = {str(r) for r in ws.merged_cells.ranges}
    n_cols = 5 + len(EARNINGS) + 1 + len(DEDUCTIONS) + 2
    last = openpyxl.utils.get_column_letter(n_cols)
    assert f"A1:{last}1" in merged  # title across the sheet
    assert "A2:A3" in merged and "B2:B3" in merged  # 工号, 姓名 merged vertically
    assert ws["A1"].value.endswith("2025年6月工资表")
    groups = {ws.cell(2, c).value: c for c in range(1, n_cols + 1) if ws.cell(2, c).value}
    assert "应发工资" in groups and "代扣款项" in groups
    start = groups["应发工资"]
    assert any(r.startswith(f"{ws.cell(2, start).coordinate}:") for r in merged)
    subs = [ws.cell(3, c).value for c in range(start, start + len(EARNINGS) + 1)]
    assert subs[0] == "基本工资" and subs[-1] == "小计"
    # 15 employees from row 4, then 合计
    assert ws.cell(4 + 15, 1).value == "合计"
    truth = sample.truth.payslips
    assert len(truth) == 15 and [p.row for p in truth] == list(range(1, 16))
    assert all(p.page == 1 for p in truth)
    gross_col = start + len(EARNINGS)
    for i, slip in enumerate(truth):
        r = 4 + i
        assert ws.cell(r, 1).value == slip.employee_id
        earnings = sum(ws.cell(r, c).value for c in range(start, gross_col))
        assert round(earnings, 2) == slip.gross_pay == ws.cell(r, gross_col).value
        deductions = sum(ws.cell(r, c).value
                         for c in range(gross_col + 1, gross_col + 1 + len(DEDUCTIONS)))
        assert round(slip.gross_pay - deductions, 2) == slip.net_pay
        d = slip.deductions
        assert round(d.pension + d.medical + d.unemployment + d.housing_fund + d.income_tax
                     + d.other, 2) == round(deductions, 2)


def test_sheet_pdf_and_strips_show_every_employee(tmp_path):
    sheet = generate("L6-sheet-pdf", 8, tmp_path, employees=30)
    strips = generate("L6-strips-pdf", 8, tmp_path, employees=14, slip_header=True)
    with pdfplumber.open(sheet.path) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    assert sheet.truth.document.pages == len(texts) == 2  # 26 rows a page
    for text in texts:
        assert "应发工资" in text and "代扣款项" in text
    assert "合计" in texts[-1] and "合计" not in texts[0]
    for slip in sheet.truth.payslips:
        assert slip.employee_id in texts[slip.page - 1]
        assert f"{slip.net_pay:.2f}" in texts[slip.page - 1]
    with pdfplumber.open(strips.path) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    for slip in strips.truth.payslips:
        page = texts[slip.page - 1]
        assert f"工号：{slip.employee_id}" in page
    # the header is repeated above every strip
    per_page = [sum(1 for s in strips.truth.payslips if s.page == n)
                for n in range(1, len(texts) + 1)]
    assert [t.count("代扣款项") for t in texts] == per_page


def test_xlsx_with_company_and_month_title_rows(tmp_path):
    sample = generate("L6-xlsx", 4, tmp_path, employees=5, month="2024-11", title_rows=2)
    ws = openpyxl.load_workbook(sample.path).worksheets[0]
    company = sample.truth.payslips[0].employer
    assert ws["A1"].value == company and ws["A2"].value == "2024年11月工资表"
    assert ws["A3"].value == "工号" and "A3:A4" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.cell(5, 1).value == sample.truth.payslips[0].employee_id
    assert ws.cell(10, 1).value == "合计"


def test_strips_without_per_slip_line_still_repeat_the_header(tmp_path):
    sample = generate("L6-strips-pdf", 9, tmp_path, employees=4, slip_header=False)
    with pdfplumber.open(sample.path) as pdf:
        text = pdf.pages[0].extract_text()
    assert "工号：" not in text and text.count("代扣款项") == 4
    assert text.splitlines()[0].endswith("工资条")


def test_xlsx_with_two_months_has_one_sheet_each(tmp_path):
    import random

    from shebao.samples.history import CITIES, make_employer
    from shebao.samples.payroll import build_payroll

    rng = random.Random(1)
    employer = make_employer(rng, CITIES["dongguan"], declares_minimum=True)
    payrolls = [build_payroll(rng, employer, m, 6) for m in ("2025-04", "2025-05")]
    sample = generate("L6-xlsx", 1, tmp_path, payrolls=payrolls)
    wb = openpyxl.load_workbook(sample.path)
    assert wb.sheetnames == ["2025年4月", "2025年5月"]
    assert sample.truth.document.pages == 2
    assert [(p.page, p.month) for p in sample.truth.payslips] == (
        [(1, "2025-04")] * 6 + [(2, "2025-05")] * 6)
    assert [p.row for p in sample.truth.payslips if p.page == 2] == list(range(1, 7))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_csv_export_has_group_and_sub_label_lines(encoding, tmp_path):
    import csv
    import io

    sample = generate("L6-csv", 2, tmp_path, employees=5, encoding=encoding)
    raw = sample.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw.decode(encoding))))
    assert rows[0][0].endswith("工资表") and rows[1][0] == "工号"
    assert "应发工资" in rows[1] and "代扣款项" in rows[1] and rows[2][5] == "基本工资"
    assert rows[-1][0] == "合计" and len(rows) == 3 + 5 + 1
    for row, slip in zip(rows[3:-1], sample.truth.payslips, strict=True):
        assert row[0] == slip.employee_id and float(row[-2]) == slip.net_pay
