"""Pay sheets as companies write them (formats.md §3.2, §7.3): columns composed at random.

Not one layout but a family, drawn from the seed: earnings items of any name (基本工资, 外地
津贴, 保密费, 提成 … most of them words no reader vocabulary lists), sometimes an attendance
deduction before 应发 (扣请假工资), 应发 under one of its names or absent, social-insurance
and tax deductions under long labels or as short sub-labels under a group header (代扣 over
养老 | 医疗 | 失业 | 公积金 | 个税), factory deductions (宿舍费, 伙食费, 水电费, 罚款 …, often a
printed 0.00), 实发 under one of its names, and extra columns (序号, 部门, 出勤天数, 签字 …).
The word lists live here, apart from the reader's vocabulary files, so the reader is tested
on words it was not written for.

Renderers (``shebao.samples.generate`` ids):

* ``paysheet-xlsx``: the sheet in Excel; option ``formulas`` (default: half the seeds):
  应发 and 实发 (and a 合计 row, when printed) as formulas saved without computed values, as a
  script writes them (openpyxl stores none);
* ``paysheet-pdf``: the sheet printed (ruled, landscape when wide);
* ``paysheet-docx``: the sheet as a Word table (merged group cells).

Options: ``grouped`` (two-row header with 应发 / 代扣 groups), ``employees``, ``month``.

Truth: one payslip per employee row: ``gross_pay`` (the 应发 column; None when the sheet
prints none), ``net_pay``, named deductions, ``other`` = Σ factory deductions (None when
there are none), ``earnings`` {printed label: amount} (an attendance deduction negative),
``other_deductions`` {printed label: amount}; ``employer`` the company in the title;
``page``/``row``: sheet (or page) 1 and the data row.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from shebao.samples import identity
from shebao.samples.layouts.common import Rendered, watermark_mode
from shebao.samples.layouts.l6_payroll import normalize_zip
from shebao.samples.pdf import LANDSCAPE, PORTRAIT, Grid, Head, Pdf, yuan

from shebao.records import Deductions, Payslip

EARNINGS = ("基本工资", "岗位工资", "岗位津贴", "绩效工资", "绩效奖金", "奖金", "加班费",
            "平时加班费", "周末加班工资", "全勤奖", "工龄津贴", "工龄工资", "外地津贴", "交通补贴",
            "通讯补贴", "餐补", "房补", "住房补贴", "高温补贴", "夜班津贴", "技能津贴", "提成",
            "生产奖金", "安全奖", "学历补贴", "地区补助", "保密费", "职务津贴", "伙食补助")
ATTENDANCE = ("扣请假工资", "缺勤扣款", "迟到扣款", "事假扣款")
GROSS = ("应发工资", "应发合计", "应付工资", "应发金额", "应发总额")
NET = ("实发工资", "实发金额", "实收工资", "实领工资", "实发合计")
NAMED = {  # long labels (one-row header) and short sub-labels (under a 代扣 group)
    "pension": (("养老保险", "个人养老保险", "养老保险费"), ("养老",)),
    "medical": (("医疗保险", "医疗保险费"), ("医疗", "医保")),
    "unemployment": (("失业保险", "失业保险费"), ("失业",)),
    "housing_fund": (("住房公积金", "个人公积金"), ("公积金",)),
    "income_tax": (("个人所得税", "代扣个税", "本月个税"), ("个税",)),
}
RATES = {"pension": 0.08, "medical": 0.02, "unemployment": 0.005, "housing_fund": 0.05}
FACTORY = ("宿舍费", "住宿费", "伙食费", "水电费", "罚款", "其他扣款", "工衣费")
FACTORY_VALUES = {"宿舍费": (0, 80, 150), "住宿费": (0, 100, 120), "伙食费": (0, 180, 240, 300),
                  "水电费": (0, 23.5, 36.8), "罚款": (0, 0, 50), "其他扣款": (0, 20),
                  "工衣费": (0, 40)}
EARNINGS_GROUP = ("应发项目", "应发工资", "收入项目")
DEDUCTIONS_GROUP = ("代扣", "代扣款项", "扣款项目", "个人扣款")
NAME = ("姓名", "员工姓名", "职工姓名")
STAFF = ("工号", "员工编号", "职工编号")
TEXTS = ("部门", "岗位", "职位")
COUNTS = ("出勤天数", "实出勤天数", "请假天数", "加班小时")
TAIL = ("签字", "签收", "备注")
DEPARTMENTS = ("装配车间", "注塑部", "品管部", "仓库", "包装部", "行政部")
POSTS = ("普工", "组长", "质检员", "仓管", "文员")


@dataclass
class Col:
    key: str  # id, name, text, count, earn:<label>, att:<label>, gross, named:<field>,
    #           other:<label>, net, seq, tail
    label: str
    group: str | None = None  # label of the group header above it


@dataclass
class Sheet:
    company: str
    month: str
    cols: list[Col]
    rows: list[dict[str, object]] = field(default_factory=list)
    grouped: bool = False
    title_rows: int = 1
    total_row: bool = False

    @property
    def title(self) -> str:
        return f"{self.company}{int(self.month[:4])}年{int(self.month[5:])}月工资表"

    def earning_cols(self) -> list[Col]:
        return [c for c in self.cols if c.key.startswith(("earn:", "att:"))]

    def deduction_cols(self) -> list[Col]:
        return [c for c in self.cols if c.key.startswith(("named:", "other:"))]


def build_sheet(rng: random.Random, **options) -> Sheet:
    month = options.get("month") or f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}"
    company = identity.company_name(rng, rng.choice(("东莞市", "深圳市", "苏州市", "宁波市")))
    grouped = bool(options.get("grouped", rng.random() < 0.5))
    has_gross = rng.random() < 0.85
    if not has_gross:
        grouped = True  # without 应发 a reader (or a person) needs the 扣款 group to tell
    g_earn = rng.choice(EARNINGS_GROUP) if grouped else None
    g_ded = rng.choice(DEDUCTIONS_GROUP) if grouped else None
    cols: list[Col] = []
    if rng.random() < 0.6:
        cols.append(Col("seq", "序号"))
    who = [Col("name", rng.choice(NAME))]
    if rng.random() < 0.5:
        who.insert(rng.randrange(2), Col("id", rng.choice(STAFF)))
    cols += who
    cols += [Col("text", t) for t in rng.sample(TEXTS, rng.randint(0, 2))]
    cols += [Col("count", t) for t in rng.sample(COUNTS, rng.randint(0, 1))]
    items = ["基本工资", *rng.sample([e for e in EARNINGS if e != "基本工资"], rng.randint(1, 5))]
    earn = [Col(f"earn:{e}", e, g_earn) for e in items]
    if rng.random() < 0.3:
        earn.insert(rng.randint(1, len(earn)), Col(f"att:{(a := rng.choice(ATTENDANCE))}", a,
                                                     g_earn))
    cols += earn
    if has_gross:
        if grouped and g_earn != "应发工资" and rng.random() < 0.5:
            cols.append(Col("gross", "小计", g_earn))
        else:
            cols.append(Col("gross", rng.choice([g for g in GROSS if g != g_earn])))
    named = rng.sample(list(NAMED), rng.randint(1, 5))
    named.sort(key=list(NAMED).index)
    ded = [Col(f"named:{f}", rng.choice(NAMED[f][1] if grouped else NAMED[f][0]), g_ded)
           for f in named]
    ded += [Col(f"other:{o}", o, g_ded) for o in rng.sample(FACTORY, rng.randint(0, 3))]
    if not grouped:
        rng.shuffle(ded)
    cols += ded
    cols.append(Col("net", rng.choice(NET)))
    cols += [Col("tail", t) for t in rng.sample(TAIL, rng.randint(0, 1))]
    sheet = Sheet(company, month, cols, grouped=grouped, title_rows=rng.choice((1, 1, 2)),
                  total_row=rng.random() < 0.5)
    for _ in range(int(options.get("employees") or rng.randint(4, 14))):
        sheet.rows.append(_row(rng, sheet))
    return sheet


def _row(rng: random.Random, sheet: Sheet) -> dict[str, object]:
    row: dict[str, object] = {}
    base = float(rng.randint(2100, 6500))
    for c in sheet.cols:
        k = c.key
        if k == "name":
            row[k] = identity.person_name(rng)
        elif k == "id":
            row[k] = f"{rng.choice(('A', 'E', 'DG', ''))}{rng.randint(1000, 9999)}"
        elif k == "text":
            row[k] = rng.choice(DEPARTMENTS if c.label == "部门" else POSTS)
        elif k == "count":
            row[k] = str(rng.choice((20, 21, 22, 26)) if "天" in c.label else rng.randint(0, 60))
        elif k == "earn:基本工资":
            row[k] = base
        elif k.startswith("earn:"):
            row[k] = rng.choice((0.0, round(rng.uniform(50, 1500), 2),
                                 float(rng.randint(1, 9) * 100)))
        elif k.startswith("att:"):
            row[k] = rng.choice((0.0, 0.0, round(rng.uniform(20, 300), 2)))
        elif k.startswith("named:"):
            f = k[6:]
            row[k] = (round(rng.choice((0.0, rng.uniform(0, 120))), 2) if f == "income_tax"
                      else round(base * RATES[f], 2))
        elif k.startswith("other:"):
            row[k] = float(rng.choice(FACTORY_VALUES[k[6:]]))
    earned = sum(float(row[c.key]) for c in sheet.earning_cols() if c.key.startswith("earn:"))
    lost = sum(float(row[c.key]) for c in sheet.earning_cols() if c.key.startswith("att:"))
    row["gross"] = round(earned - lost, 2)
    row["net"] = round(row["gross"] - sum(float(row[c.key]) for c in sheet.deduction_cols()), 2)
    return row


def truth(sheet: Sheet, row: dict, page: int, n: int) -> Payslip:
    keys = {c.key for c in sheet.cols}
    named = {c.key[6:]: float(row[c.key]) for c in sheet.cols if c.key.startswith("named:")}
    others = {c.label: float(row[c.key]) for c in sheet.cols if c.key.startswith("other:")}
    earnings = {c.label: (-float(row[c.key]) if c.key.startswith("att:") else float(row[c.key]))
                for c in sheet.earning_cols()}
    return Payslip(
        month=sheet.month, employer=sheet.company, employee_name=str(row["name"]),
        employee_id=str(row["id"]) if "id" in keys else None,
        gross_pay=float(row["gross"]) if "gross" in keys else None,
        net_pay=float(row["net"]),
        deductions=Deductions(**named, other=round(sum(others.values()), 2) if others else None),
        earnings=earnings, other_deductions=others, page=page, row=n)


def cell_text(c: Col, row: dict) -> str:
    v = row.get(c.key, "")
    if isinstance(v, float):
        return yuan(v)
    return str(v) if c.key != "seq" else ""


def _titles(sheet: Sheet) -> list[str]:
    if sheet.title_rows == 1:
        return [sheet.title]
    return [sheet.company, sheet.title.removeprefix(sheet.company)]


def _head_cells(sheet: Sheet) -> list[tuple[str, int, int, int, int]]:
    """(text, row, col, rowspan, colspan) of the header, 0-based within the header."""
    out = []
    if not sheet.grouped:
        return [(c.label, 0, i, 1, 1) for i, c in enumerate(sheet.cols)]
    i = 0
    while i < len(sheet.cols):
        c = sheet.cols[i]
        if c.group is None:
            out.append((c.label, 0, i, 2, 1))
            i += 1
            continue
        j = i
        while j < len(sheet.cols) and sheet.cols[j].group == c.group:
            out.append((sheet.cols[j].label, 1, j, 1, 1))
            j += 1
        out.append((c.group, 0, i, 1, j - i))
        i = j
    return out


def _totals(sheet: Sheet) -> list[str]:
    out = []
    for c in sheet.cols:
        if c.key in ("gross", "net") or c.key.startswith(("earn:", "att:", "named:", "other:")):
            out.append(yuan(sum(float(r[c.key]) for r in sheet.rows)))
        else:
            out.append("")
    first = next(i for i, c in enumerate(sheet.cols) if c.key in ("seq", "id", "name"))
    out[first] = "合计"
    return out


# ---------------------------------------------------------------------------------------------


def render_xlsx(rng: random.Random, path: Path, **options) -> Rendered:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter as letter

    sheet = build_sheet(rng, **options)
    formulas = bool(options.get("formulas", rng.random() < 0.5))
    wb = Workbook()
    ws = wb.active
    ws.title = f"{int(sheet.month[5:])}月"
    n = len(sheet.cols)
    for t, text in enumerate(_titles(sheet), start=1):
        ws.cell(t, 1, text)
        ws.merge_cells(start_row=t, start_column=1, end_row=t, end_column=n)
    h0 = sheet.title_rows + 1
    for text, r, c, rs, cs in _head_cells(sheet):
        ws.cell(h0 + r, c + 1, text)
        if rs > 1 or cs > 1:
            ws.merge_cells(start_row=h0 + r, start_column=c + 1, end_row=h0 + r + rs - 1,
                           end_column=c + cs)
    first = h0 + (2 if sheet.grouped else 1)
    at = {c.key: i + 1 for i, c in enumerate(sheet.cols)}
    out = Rendered(kind="payslip", pages=1)
    for k, row in enumerate(sheet.rows):
        r = first + k
        for i, c in enumerate(sheet.cols, start=1):
            v = row.get(c.key)
            if c.key == "seq":
                v = k + 1
            ws.cell(r, i, v)
        if formulas:
            earn = [at[c.key] for c in sheet.earning_cols() if c.key.startswith("earn:")]
            att = [at[c.key] for c in sheet.earning_cols() if c.key.startswith("att:")]
            gross = f"SUM({letter(min(earn))}{r}:{letter(max(earn))}{r})" if earn == list(
                range(min(earn), max(earn) + 1)) else "+".join(f"{letter(e)}{r}" for e in earn)
            gross += "".join(f"-{letter(a)}{r}" for a in att)
            if "gross" in at:
                ws.cell(r, at["gross"], f"={gross}")
                gross = f"{letter(at['gross'])}{r}"
            deds = "".join(f"-{letter(at[c.key])}{r}" for c in sheet.deduction_cols())
            ws.cell(r, at["net"], f"=ROUND({gross}{deds},2)")
        out.payslips.append(truth(sheet, row, 1, k + 1))
    if sheet.total_row:
        r = first + len(sheet.rows)
        for i, text in enumerate(_totals(sheet), start=1):
            if text == "合计":
                ws.cell(r, i, text)
            elif text:
                col = letter(i)
                ws.cell(r, i, f"=SUM({col}{first}:{col}{r - 1})" if formulas else float(
                    text.replace(",", "")))
    wb.save(path)
    normalize_zip(path)
    return out


def render_pdf(rng: random.Random, path: Path, **options) -> Rendered:
    sheet = build_sheet(rng, **options)
    n = len(sheet.cols)
    size = LANDSCAPE if n > 9 else PORTRAIT
    pdf = Pdf(path, size, watermark=watermark_mode(rng, options), title=sheet.title)
    left = 24.0
    width = (size[0] - 2 * left) / n
    heads = [Head(t, c, r, cs, rs) for t, r, c, rs, cs in _head_cells(sheet)]
    grid = Grid(pdf, left, [width] * n, heads, head_rows=2 if sheet.grouped else 1,
                head_row_h=22, row_h=16, size=7.5, head_size=7.5,
                aligns=["right" if c.key.startswith(("earn", "att", "named", "other"))
                        or c.key in ("gross", "net") else "center" for c in sheet.cols])
    pdf.begin_page()
    y = 40.0
    for k, text in enumerate(_titles(sheet)):
        pdf.text(size[0] / 2, y, text, size=15 if k == 0 else 12, align="center", bold=k == 0)
        y += 22
    y = grid.draw_head(y)
    out = Rendered(kind="payslip", pages=1)
    for k, row in enumerate(sheet.rows):
        cells = [str(k + 1) if c.key == "seq" else cell_text(c, row) for c in sheet.cols]
        y = grid.draw_row(y, cells, height=grid.row_h)
        out.payslips.append(truth(sheet, row, 1, k + 1))
    if sheet.total_row:
        y = grid.draw_row(y, _totals(sheet), height=grid.row_h)
    pdf.text(left, y + 20, "制表：财务部        审核：", size=8)
    pdf.end_page()
    pdf.save()
    return out


def render_docx(rng: random.Random, path: Path, **options) -> Rendered:
    from docx import Document
    from docx.shared import Pt

    sheet = build_sheet(rng, **options)
    doc = Document()
    for k, text in enumerate(_titles(sheet)):
        run = doc.add_paragraph().add_run(text)
        run.font.size = Pt(16 if k == 0 else 12)
        run.bold = k == 0
    head_rows = 2 if sheet.grouped else 1
    extra = 1 if sheet.total_row else 0
    table = doc.add_table(rows=head_rows + len(sheet.rows) + extra, cols=len(sheet.cols))
    table.style = "Table Grid"
    for text, r, c, rs, cs in _head_cells(sheet):
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        cell.text = text
    out = Rendered(kind="payslip", pages=1)
    for k, row in enumerate(sheet.rows):
        for i, c in enumerate(sheet.cols):
            table.cell(head_rows + k, i).text = str(k + 1) if c.key == "seq" else cell_text(c, row)
        out.payslips.append(truth(sheet, row, 1, k + 1))
    if sheet.total_row:
        for i, text in enumerate(_totals(sheet)):
            table.cell(head_rows + len(sheet.rows), i).text = text
    doc.add_paragraph("制表：财务部")
    doc.core_properties.author = "shebao.samples (测试样本)"
    doc.save(path)
    normalize_zip(path)
    return out
