"""Pay sheets as companies write them, single slips as label : value pairs, Word files, and
employer-side insured lists: generated documents (word lists of their own, not the reader's)
read against their truth, and hand-made cases pinned to their figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from shebao.ingest.formulas import Unsupported, evaluate
from shebao.ingest.insured_list import id_number_ok
from shebao.ingest.pipeline import extract_file
from shebao.samples import generate

from shebao.errors import InputError
from shebao.records import Insured

SLIP_FIELDS = ("month", "employer", "employee_name", "employee_id", "gross_pay", "net_pay",
               "page", "row", "earnings", "other_deductions")
INSURED_FIELDS = ("name", "id_number", "social_security_number", "insurance", "start", "end",
                  "months", "status", "status_text", "base", "employer", "as_of", "page", "row")


def _differences(layout: str, seed: int, out: Path) -> tuple[int, list[str]]:
    """(records in the truth, every difference between the reader and the truth)."""
    sample = generate(layout, seed, out)
    ex = extract_file(sample.path)
    errors = [f"{layout}/{seed}: warning {w.code}: {w.message}" for w in ex.warnings
              if w.code != "formula_evaluated"]
    if sample.truth.document.kind == "insured_list":
        pairs, fields = list(zip(sample.truth.insured, ex.insured, strict=False)), INSURED_FIELDS
        found, true = len(ex.insured), len(sample.truth.insured)
    else:
        pairs, fields = list(zip(sample.truth.payslips, ex.payslips, strict=False)), SLIP_FIELDS
        found, true = len(ex.payslips), len(sample.truth.payslips)
        errors += [f"{layout}/{seed} row {t.row}: deductions {t.deductions} != {f.deductions}"
                   for t, f in pairs if t.deductions != f.deductions]
    if found != true:
        errors.append(f"{layout}/{seed}: {found} records read, {true} printed")
    errors += [f"{layout}/{seed} row {t.row}: {name} {getattr(t, name)!r} != "
               f"{getattr(f, name)!r}" for t, f in pairs for name in fields
               if getattr(t, name) != getattr(f, name)]
    assert ex.document.kind == sample.truth.document.kind
    return true, errors


@pytest.mark.parametrize("layout,seeds", [
    ("paysheet-xlsx", range(0, 16)), ("paysheet-docx", range(0, 12)),
    ("paysheet-pdf", range(0, 12)), ("slip-pdf", range(0, 12)), ("slip-docx", range(0, 12)),
    ("insured-list-pdf", range(0, 12)), ("insured-list-docx", range(0, 12)),
])
def test_generated_documents_are_read_exactly(layout, seeds, tmp_path):
    """Every record, every field, every earnings item and deduction by name, and no warning
    (a formula computed is a note, not a problem) on each generated document."""
    records, errors = 0, []
    for seed in seeds:
        n, errs = _differences(layout, seed, tmp_path)
        records += n
        errors += errs
    assert errors == []
    assert records >= len(seeds)


def _sheet(path: Path, rows: list[list], title: str = "某某五金厂2025年3月工资表") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_unknown_earnings_columns_beside_the_core_are_kept_by_name(tmp_path):
    """The issue's example: refused before (3 of 7 labels known); read now, items by name."""
    path = _sheet(tmp_path / "a.xlsx", [
        ["序号", "姓名", "基本工资", "奖金", "津贴", "应发工资", "实发金额"],
        [1, "张三", 3000, 500, 200, 3700, 3500],
        [2, "李四", 3200, 0, 150.5, 3350.5, 3150.5],
    ])
    ex = extract_file(path)
    assert ex.document.kind == "payslip"
    a, b = ex.payslips
    assert (a.month, a.employer, a.employee_name, a.gross_pay, a.net_pay) == (
        "2025-03", "某某五金厂", "张三", 3700.0, 3500.0)
    assert a.earnings == {"基本工资": 3000.0, "奖金": 500.0, "津贴": 200.0}
    assert b.earnings == {"基本工资": 3200.0, "奖金": 0.0, "津贴": 150.5}
    assert a.deductions.other is None and a.other_deductions == {}
    assert ex.warnings == []


def test_group_header_with_short_sub_labels_and_factory_deductions(tmp_path):
    """代扣 over 养老 | 医疗 | 失业 | 公积金 | 个税, factory deductions kept by name (0.00 is 0),
    an attendance deduction before 应付工资 negative, 实收工资 the net."""
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年11月工资表"])
    ws.append(["工号", "姓名", "基本工资", "夜班费", "扣请假工资", "应付工资", "代扣", None, None,
               None, None, "宿舍费", "伙食费", "罚款", "实收工资"])
    ws.append([None, None, None, None, None, None, "养老", "医疗", "失业", "公积金", "个税"])
    ws.append(["E01", "王芳", 4000, 300, 120.5, 4179.5, 320, 80, 20, 200, 0, 150, 0, 0,
               3409.5])
    for c in range(1, 16):
        if c not in range(7, 12):
            ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    ws.merge_cells(start_row=2, start_column=7, end_row=2, end_column=11)
    wb.save(tmp_path / "b.xlsx")
    (slip,) = extract_file(tmp_path / "b.xlsx").payslips
    assert (slip.employee_id, slip.gross_pay, slip.net_pay) == ("E01", 4179.5, 3409.5)
    d = slip.deductions
    assert (d.pension, d.medical, d.unemployment, d.housing_fund, d.income_tax, d.other) == (
        320.0, 80.0, 20.0, 200.0, 0.0, 150.0)
    assert slip.other_deductions == {"宿舍费": 150.0, "伙食费": 0.0, "罚款": 0.0}
    assert slip.earnings == {"基本工资": 4000.0, "夜班费": 300.0, "扣请假工资": -120.5}


def test_a_row_whose_sums_fail_is_named(tmp_path):
    path = _sheet(tmp_path / "c.xlsx", [
        ["姓名", "基本工资", "加班费", "应发工资", "养老保险", "住宿费", "实发工资"],
        ["张三", 3000, 500, 3500, 240, 100, 3160],
        ["李四", 3000, 500, 3600, 240, 100, 3200],
    ])
    ex = extract_file(path)
    codes = [(w.code, w.row) for w in ex.warnings]
    assert codes == [("payslip_gross_mismatch", 2), ("payslip_net_mismatch", 2)]
    assert "应发 3,600.00 不等于各项收入之和 3,500.00（基本工资+加班费）" in ex.warnings[0].message


def test_a_column_of_whole_numbers_outside_the_gross_is_no_pay_item(tmp_path):
    """工龄 (years of service) beside the pay items: the items add up to 应发 only without it,
    so it is not an earnings component, and a warning names it. A whole-number column that
    is part of 应发 (全勤奖 200) stays an item."""
    path = _sheet(tmp_path / "w.xlsx", [
        ["姓名", "工龄", "基本工资", "全勤奖", "加班费", "应发工资", "实发工资"],
        ["张三", 3, 3000, 200, 512.5, 3712.5, 3500],
        ["李四", 12, 3200, 0, 300, 3500, 3300],
        ["王五", 0, 2800, 200, 0, 3000, 2900],
    ])
    ex = extract_file(path)
    a, b, _ = ex.payslips
    assert a.earnings == {"基本工资": 3000.0, "全勤奖": 200.0, "加班费": 512.5}
    assert b.earnings == {"基本工资": 3200.0, "全勤奖": 0.0, "加班费": 300.0}
    assert [w.code for w in ex.warnings] == ["column_not_summed"]
    assert "“工龄”一列是整数" in ex.warnings[0].message


def test_formulas_without_cached_values_are_computed_or_named(tmp_path):
    path = _sheet(tmp_path / "f.xlsx", [
        ["所属月份：2024.4"],
        ["序号", "姓 名", "实出勤天数", "基本工资", "奖 金", "应扣款项", "实发金额", "签 字"],
        [1, "张三", 22, 3000, 500, 120, "=D4+E4-F4", None],
        [2, "李四", 21, 3200, 0, 80, "=ROUND(SUM(D5:E5)-F5,2)", None],
        [3, "王五", 20, 3100, 100, 0, "=VLOOKUP(A6,X1:Y9,2)", None],
    ], title="工 资 表")
    ex = extract_file(path)
    assert [(p.month, p.employee_name, p.net_pay, p.deductions.other) for p in ex.payslips] == [
        ("2024-04", "张三", 3380.0, 120.0), ("2024-04", "李四", 3120.0, 80.0)]
    assert ex.payslips[0].other_deductions == {"应扣款项": 120.0}
    assert ex.payslips[0].earnings == {"基本工资": 3000.0, "奖金": 500.0}  # 天数 is no money
    (done,) = [w for w in ex.warnings if w.code == "formula_evaluated"]
    (failed,) = [w for w in ex.warnings if w.code == "formula_not_evaluated"]
    assert "G 列（实发金额）" in done.message
    assert "G 列（实发金额）的 1 个公式" in failed.message and "VLOOKUP" in failed.message


def test_a_pay_sheet_without_any_month_is_refused_saying_so(tmp_path):
    path = _sheet(tmp_path / "m.xlsx", [["姓名", "基本工资", "实发工资"], ["张三", 3000, 2800]],
                  title="工 资 表")
    with pytest.raises(InputError) as e:
        extract_file(path)
    assert e.value.code == "payslip_month_missing" and "没有写月份" in e.value.zh


def test_formula_evaluator():
    cells = {(1, 1): 10.0, (1, 2): 2.5, (2, 1): None}
    value = cells.get  # type: ignore[assignment]

    def at(r: int, c: int) -> float | None:
        return value((r, c))

    assert evaluate("=A1*2+B1/5", at) == 20.5
    assert evaluate("=SUM(A1:B2)-ROUND(B1,0)", at) == 9.5  # ROUND(2.5) is 3, as in Excel
    assert evaluate("=ROUND(1.005*100,1)", at) == 100.5
    assert evaluate("=-(A1-B1)", at) == -7.5
    assert evaluate("=MAX(A1,B1,3)+MIN(A1:B1)+ABS(-1)", at) == 13.5
    for bad in ("=Sheet2!A1", "=IF(A1>1,1,0)", "=A1/0", "=A1+"):
        with pytest.raises(Unsupported):
            evaluate(bad, at)


def test_refusal_says_what_was_found_and_what_is_missing(tmp_path):
    no_pay = _sheet(tmp_path / "r1.xlsx", [["姓名", "基本工资", "奖金", "津贴", "合计"],
                                           ["张三", 3000, 500, 200, 3700]])
    with pytest.raises(InputError) as e:
        extract_file(no_pay)
    assert "找到了表头（姓名、合计、基本工资、奖金等）" in e.value.zh
    assert "没有“实发工资”或“应发工资”" in e.value.zh
    no_name = _sheet(tmp_path / "r2.xlsx", [["序号", "基本工资", "应发工资", "实发工资"],
                                            [1, 3000, 3000, 2800]])
    with pytest.raises(InputError) as e:
        extract_file(no_name)
    assert "没有“姓名”（或“工号”）" in e.value.zh


def test_a_label_value_slip(tmp_path):
    """An app-style slip: sections, two pairs on one line, a 考勤 block of counts."""
    from shebao.samples.pdf import Pdf

    pdf = Pdf(tmp_path / "slip.pdf")
    pdf.begin_page()
    lines = ["深圳市某某科技有限公司", "2025年6月工资条", "姓名：王小明    工号：E0231", "应发项目",
             "基本工资    3,000.00", "岗位津贴    500.00     外地津贴 400.00", "加班费   820.50",
             "应发工资   4,720.50", "扣款项目", "养老保险  240.00", "医疗保险  60.00",
             "个人所得税  0.00", "宿舍费  100.00", "罚款   0.00", "实发工资  4,320.50", "考勤",
             "应出勤天数 22", "实际出勤天数 22"]
    for k, text in enumerate(lines):
        pdf.text(60, 60 + 20 * k, text, size=11)
    pdf.save()
    ex = extract_file(tmp_path / "slip.pdf")
    assert ex.document.layout == "payslip-pairs" and ex.person.name == "王小明"
    (p,) = ex.payslips
    assert (p.month, p.employer, p.employee_id, p.gross_pay, p.net_pay) == (
        "2025-06", "深圳市某某科技有限公司", "E0231", 4720.5, 4320.5)
    assert p.earnings == {"基本工资": 3000.0, "岗位津贴": 500.0, "外地津贴": 400.0, "加班费": 820.5}
    assert (p.deductions.pension, p.deductions.medical, p.deductions.income_tax,
            p.deductions.other) == (240.0, 60.0, 0.0, 100.0)
    assert p.other_deductions == {"宿舍费": 100.0, "罚款": 0.0}
    assert ex.warnings == []


def test_word_pay_sheet_and_old_word_files(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("某某电子厂2025年5月工资表")
    table = doc.add_table(rows=4, cols=6)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "姓名"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "应发工资"
    table.cell(1, 1).text, table.cell(1, 2).text = "基本工资", "小计"
    table.cell(0, 3).merge(table.cell(0, 4)).text = "代扣"
    table.cell(1, 3).text, table.cell(1, 4).text = "养老", "个税"
    table.cell(0, 5).merge(table.cell(1, 5)).text = "实发工资"
    for r, row in enumerate([["张三", "3000.00", "3000.00", "240.00", "0.00", "2760.00"],
                             ["李四", "3100.00", "3100.00", "248.00", "5.00", "2847.00"]]):
        for c, text in enumerate(row):
            table.cell(2 + r, c).text = text
    doc.save(tmp_path / "sheet.docx")
    ex = extract_file(tmp_path / "sheet.docx")
    assert [(p.employee_name, p.gross_pay, p.deductions.pension, p.deductions.income_tax,
             p.net_pay, p.month) for p in ex.payslips] == [
        ("张三", 3000.0, 240.0, 0.0, 2760.0, "2025-05"), ("李四", 3100.0, 248.0, 5.0, 2847.0,
                                                          "2025-05")]
    old = tmp_path / "证明.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0 old binary word")
    with pytest.raises(InputError) as e:
        extract_file(old)
    assert "另存为 .docx" in e.value.zh
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK not a zip")
    with pytest.raises(InputError) as e:
        extract_file(broken)
    assert e.value.code == "corrupt_docx"


def test_insured_list_cells(tmp_path):
    """ID by checksum (社会保障号码 is the ID on most lists), 险种 cells naming several
    insurances, open and closed stretches in several formats, status words."""
    from docx import Document

    assert id_number_ok("11010519491231002X") and not id_number_ok("110105194912310021")
    doc = Document()
    doc.add_paragraph("东莞市某某电子有限公司参保人员名单")
    doc.add_paragraph("单位名称：东莞市某某电子有限公司    打印日期：2025年10月8日")
    table = doc.add_table(rows=4, cols=6)
    rows = [["序号", "姓名", "社会保障号码", "险种", "缴费起止年月", "当前参保状态"],
            ["1", "张三", "11010519491231002X", "养老、医疗", "2023.07-2025.06", "正常参保"],
            ["2", "李四", "440300199001011234", "基本养老保险", "202401 -", "暂停缴费"],
            ["3", "王五", "", "310", "2023-09至今", "在职"]]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.save(tmp_path / "list.docx")
    ex = extract_file(tmp_path / "list.docx")
    assert ex.document.kind == "insured_list" and ex.document.layout == "insured-list"
    got = [(i.name, i.id_number, i.insurance, i.start, i.end, i.status, i.as_of)
           for i in ex.insured]
    assert got == [
        ("张三", "11010519491231002X", "pension", "2023-07", "2025-06", "active", "2025-10"),
        ("张三", "11010519491231002X", "medical", "2023-07", "2025-06", "active", "2025-10"),
        ("李四", None, "pension", "2024-01", None, "stopped", "2025-10"),
        ("王五", None, "medical", "2023-09", None, "active", "2025-10"),
    ]
    assert ex.insured[2].social_security_number == "440300199001011234"  # as printed
    assert {i.employer for i in ex.insured} == {"东莞市某某电子有限公司"}


def test_insured_months_covered():
    assert Insured(start="2024-11", months=3).covered() == ["2024-11", "2024-12", "2025-01"]
    assert Insured(start="2025-08", status="active").covered("2025-10") == [
        "2025-08", "2025-09", "2025-10"]
    assert Insured(start="2025-08", end="2025-08").covered("2025-10") == ["2025-08"]
    assert Insured(start=None).covered("2025-10") == []


def test_insured_list_json_is_additive(tmp_path):
    """A statement's JSON has no ``insured`` key and a payslip without items no
    ``earnings``/``other_deductions``: what older readers see is unchanged."""
    sample = generate("L6-xlsx", 2, tmp_path)
    data = extract_file(sample.path).to_json_dict()
    assert "insured" not in data
    listed = generate("insured-list-docx", 1, tmp_path)
    data = extract_file(listed.path).to_json_dict()
    assert data["document"]["kind"] == "insured_list" and data["insured"]
    assert set(data["insured"][0]) == {*INSURED_FIELDS}


def test_word_statement_is_read_like_a_pdf(tmp_path):
    """A certificate received as a Word file: its table read into contributions."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("社会保险个人缴费明细")
    doc.add_paragraph(f"姓名：张三    身份证号码：{ID_CERT}")
    rows = [["费款所属期", "险种类型", "缴费基数", "单位缴纳", "个人缴纳", "缴费标志"],
            ["202401", "企业职工基本养老保险", "4492.00", "718.72", "359.36", "已实缴"],
            ["202401", "失业保险", "4492.00", "22.46", "22.46", "已实缴"],
            ["202402", "企业职工基本养老保险", "4492.00", "718.72", "359.36", "补缴"]]
    table = doc.add_table(rows=len(rows), cols=6)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.save(tmp_path / "明细.docx")
    ex = extract_file(tmp_path / "明细.docx")
    assert ex.document.kind == "statement" and ex.person.id_number == ID_CERT
    got = [(c.month, c.insurance, c.base, c.employer_amount, c.personal_amount, c.status)
           for c in ex.contributions]
    assert got == [("2024-01", "pension", 4492.0, 718.72, 359.36, "paid"),
                   ("2024-01", "unemployment", 4492.0, 22.46, 22.46, "paid"),
                   ("2024-02", "pension", 4492.0, 718.72, 359.36, "back_paid")]


ID_CERT = "11010519491231002X"
