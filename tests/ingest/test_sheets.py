"""Pay sheets and statements from spreadsheets built in the tests (openpyxl, csv)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from shebao.ingest.pipeline import extract_file


def _payroll_xlsx(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["某某电子厂2025年6月工资表"])
    ws.merge_cells("A1:L1")
    ws.append(
        [
            "工号",
            "姓名",
            "应发工资",
            None,
            None,
            "代扣款项",
            None,
            None,
            None,
            None,
            "实发工资",
            "签收",
        ]
    )
    ws.append(
        [
            None,
            None,
            "基本工资",
            "平时加班费",
            "小计",
            "养老保险",
            "医疗保险",
            "住房公积金",
            "个人所得税",
            "住宿费",
            None,
            None,
        ]
    )
    for rng in ("A2:A3", "B2:B3", "C2:E2", "F2:J2", "K2:K3", "L2:L3"):
        ws.merge_cells(rng)
    ws.append(["A001", "王小红", 2360, 1200.5, 3560.5, 188.8, 47.2, 0, 0, 150, 3174.5, None])
    ws.append(["A002", "李强", 2360, 800, 3160, 188.8, 47.2, 118, 3.5, None, 2802.5, None])
    ws.append(["合计", None, 4720, 2000.5, 6720.5, 377.6, 94.4, 118, 3.5, 150, 5977, None])
    ws.merge_cells("A6:B6")
    wb.save(path)
    return path


def test_xlsx_pay_sheet_with_two_level_merged_header_and_total_row(tmp_path):
    ex = extract_file(_payroll_xlsx(tmp_path / "pay.xlsx"))
    assert ex.document.kind == "payslip"
    assert [p.employee_name for p in ex.payslips] == ["王小红", "李强"]  # 合计 skipped
    first, second = ex.payslips
    assert (first.month, first.employer, first.employee_id) == ("2025-06", "某某电子厂", "A001")
    assert (first.gross_pay, first.net_pay) == (3560.5, 3174.5)
    d = first.deductions
    assert (d.pension, d.medical, d.housing_fund, d.income_tax, d.other) == (
        188.8,
        47.2,
        0.0,
        0.0,
        150.0,
    )
    assert second.deductions.other == 0.0  # a 住宿费 column is shown, blank for him
    assert (first.page, first.row, second.row) == (1, 1, 2)
    assert not [w for w in ex.warnings if w.code == "total_mismatch"]


def test_csv_in_gbk_with_a_title_line(tmp_path):
    text = (
        "华南五金厂2024年11月工资表\n"
        "工号,姓名,应发工资,养老保险,医疗保险,失业保险,个人所得税,实发工资\n"
        'B07,陈东,"4,200.00",336.00,84.00,21.00,0.00,"3,759.00"\n'
    )
    path = tmp_path / "pay.csv"
    path.write_bytes(text.encode("gb18030"))
    (slip,) = extract_file(path).payslips
    assert (slip.month, slip.employer, slip.employee_id) == ("2024-11", "华南五金厂", "B07")
    assert (slip.gross_pay, slip.net_pay, slip.deductions.unemployment) == (4200.0, 3759.0, 21.0)
    assert slip.deductions.other is None  # no other deduction columns shown


def test_csv_statement_long_format(tmp_path):
    text = (
        "费款所属期,险种类型,缴费基数,单位应缴,个人应缴,缴费标志,到账日期\n"
        "202401,企业职工基本养老保险,4000,640,320,已到账,20240215\n"
        "202401,310,4000,240,80,已到账,20240215\n"
        "202402,企业职工基本养老保险,4000,640,320,欠缴,\n"
    )
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    ex = extract_file(path)
    got = [(c.month, c.insurance, c.status, c.paid_on, c.row) for c in ex.contributions]
    assert got == [
        ("2024-01", "pension", "paid", "2024-02-15", 1),
        ("2024-01", "medical", "paid", "2024-02-15", 2),
        ("2024-02", "pension", "arrears", None, 3),
    ]


def test_csv_export_of_a_two_level_header_reads_as_the_merged_xlsx(tmp_path):
    """A CSV keeps no merged cells: 应发工资 / 代扣款项 stand in the first cell of their span
    and 工号 has a blank under it. The reader puts the merges back and finds every column."""
    import csv

    from openpyxl import load_workbook

    xlsx = _payroll_xlsx(tmp_path / "pay.xlsx")
    path = tmp_path / "pay.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for row in load_workbook(xlsx).active.iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
    from_csv, from_xlsx = extract_file(path), extract_file(xlsx)
    assert [s.model_dump() for s in from_csv.payslips] == [
        s.model_dump() for s in from_xlsx.payslips
    ]
    assert from_csv.payslips[0].deductions.pension == 188.8
    assert from_csv.payslips[0].deductions.other == 150.0
    assert not [w for w in from_csv.warnings if w.code == "unlabelled_column"]


def test_top_lines_of_a_long_sheet_are_its_first_lines():
    """A 100,000-row sheet is one page; its title lines are found without grouping all of
    it (:func:`~shebao.ingest.table.top_lines`), and they are the same lines."""
    from shebao.ingest.lexicon import Lexicon
    from shebao.ingest.profiles import profile as profile_by_id
    from shebao.ingest.profiles import vocabulary
    from shebao.ingest.sheets import grid_page
    from shebao.ingest.table import page_lines, top_lines

    cells = {(0, 0): "2025年6月工资表", (1, 4): "单位：宏达电子"}
    head = ["工号", "姓名", "部门", "基本工资", "实发工资"]
    cells.update({(2, c): t for c, t in enumerate(head)})
    for r in range(3, 1003):
        cells.update({(r, 0): f"A{r:05d}", (r, 1): "张三", (r, 2): "仓库",
                      (r, 3): f"{3000 + r}.50", (r, 4): f"{2500 + r}.25"})
    page = grid_page(1, cells, {(0, 0): (1, 3)})
    assert len(page.words) > 2000  # long enough for the short cut
    lex = Lexicon(vocabulary(), profile_by_id("generic"))
    for count in (1, 6, 20):
        assert ([ln.text for ln in top_lines(page, lex, count)]
                == [ln.text for ln in page_lines(page, lex)[:count]])
    assert top_lines(page, lex, 2)[0].text == "2025年6月工资表"
