"""L6 - pay sheets (工资表) and pay-slip strips (工资条), formats.md §3 and §6 L6.

Three renderings of the same :class:`~shebao.samples.payroll.Payroll` data:

* ``L6-xlsx``: row 1 merged title ``<公司>2025年6月工资表`` (or, option ``title_rows=2``, a
  company row and a ``2025年6月工资表`` row); then a two-level merged header
  (工号 | 姓名 | 部门 | 应出勤(h) | 实出勤(h) merged vertically;
  应发工资{基本工资 … 高温补贴, 小计};
  代扣款项{养老保险, 医疗保险, 失业保险, 住房公积金, 个人所得税, 住宿费, 伙食费, 水电费, 其他};
  实发工资 | 签收); one row per employee; trailing 合计 row and a 制表/审核 line.
* ``L6-sheet-pdf``: the same sheet printed on A4 landscape, header repeated on every page,
  ``第N页/共M页``, 合计 on the last page.
* ``L6-strips-pdf``: 工资条 - per employee a line ``姓名：… 工号：… 发放月份：YYYY年MM月``
  (always when the strips span several months, else optional: ``slip_header``), the two-row
  header, the data row, a spacer and a dashed cut line; several strips a page; page title
  ``<公司>YYYY年M月工资条`` (or ``<公司>工资条`` for several months).

Truth (``payslips``): month, employer (the company in the title), employee_name,
employee_id (工号), gross_pay (小计 = 应发), net_pay (实发工资), deductions with ``other`` =
住宿费 + 伙食费 + 水电费 + 其他. ``page``/``row``: PDF page and data row on it (each strip is one
row); for xlsx, sheet number and data row within the sheet.

Options: ``payrolls`` (list of Payroll; default one random month), ``employees`` (count),
``month`` (``YYYY-MM``), ``history`` (put that worker in the sheet).
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from shebao.samples.history import CITIES, add_months, make_employer
from shebao.samples.layouts.common import Rendered, watermark_mode
from shebao.samples.payroll import DEDUCTIONS, EARNINGS, PayLine, Payroll, build_payroll
from shebao.samples.pdf import LANDSCAPE, Grid, Head, Pdf, yuan

from shebao.records import Person

FIXED = ("工号", "姓名", "部门", "应出勤(h)", "实出勤(h)")
N_COLS = len(FIXED) + len(EARNINGS) + 1 + len(DEDUCTIONS) + 2
FIXED_TIME = datetime(2025, 1, 1, 0, 0, 0)


def _payrolls(rng: random.Random, options: dict) -> list[Payroll]:
    if options.get("payrolls"):
        return list(options["payrolls"])
    city = CITIES[options.get("city") or "dongguan"]
    employer = make_employer(rng, city, declares_minimum=rng.random() < 0.6, long=False)
    month = options.get("month") or add_months("2025-06", -rng.randrange(0, 18))
    n = int(options.get("employees") or rng.randint(8, 40))
    history = options.get("history")
    if history is not None:
        fact = history.fact(month)
        return [build_payroll(rng, employer, month, n, history.worker, fact)]
    return [build_payroll(rng, employer, month, n)]


def _cells(line: PayLine) -> list[str]:
    return ([line.employee_id, line.name, line.department, f"{line.hours_due:.1f}",
             f"{line.hours_worked:.1f}"]
            + [yuan(line.earnings[k]) for k, _ in EARNINGS] + [yuan(line.gross)]
            + [yuan(line.deductions[k]) for k, _ in DEDUCTIONS] + [yuan(line.net), ""])


def _totals(payroll: Payroll) -> list[str]:
    lines = payroll.lines
    return (["合计", "", "", "", ""]
            + [yuan(sum(x.earnings[k] for x in lines)) for k, _ in EARNINGS]
            + [yuan(sum(x.gross for x in lines))]
            + [yuan(sum(x.deductions[k] for x in lines)) for k, _ in DEDUCTIONS]
            + [yuan(sum(x.net for x in lines)), ""])


def _person(payrolls: list[Payroll]) -> Person:
    names = {line.name for p in payrolls for line in p.lines}
    return Person(name=names.pop()) if len(names) == 1 else Person()


# ---------------------------------------------------------------------------------------------
# xlsx
# ---------------------------------------------------------------------------------------------


def render_xlsx(rng: random.Random, path: Path, **options) -> Rendered:
    payrolls = _payrolls(rng, options)
    wb = Workbook()
    wb.remove(wb.active)
    out = Rendered(kind="payslip", payrolls=payrolls, pages=len(payrolls), person=_person(payrolls))
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    title_rows = int(options.get("title_rows") or rng.choice((1, 1, 2)))
    for sheet_no, payroll in enumerate(payrolls, start=1):
        ws = wb.create_sheet(f"{int(payroll.month[:4])}年{int(payroll.month[5:])}月")
        # title: one merged row, or a company row and a "YYYY年M月工资表" row
        titles = ([payroll.title] if title_rows == 1
                  else [payroll.company, payroll.title.removeprefix(payroll.company)])
        for t, text in enumerate(titles, start=1):
            ws.cell(t, 1, text).font = Font(size=16 if t == 1 else 12, bold=True)
            ws.cell(t, 1).alignment = center
            ws.merge_cells(start_row=t, start_column=1, end_row=t, end_column=N_COLS)
            ws.row_dimensions[t].height = 30 if t == 1 else 20
        h1, h2 = title_rows + 1, title_rows + 2
        col = 1
        for label in FIXED:
            ws.cell(h1, col, label)
            ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)
            col += 1
        ws.cell(h1, col, "应发工资")
        ws.merge_cells(start_row=h1, start_column=col, end_row=h1,
                       end_column=col + len(EARNINGS))
        for i, (_, label) in enumerate([*EARNINGS, ("gross", "小计")]):
            ws.cell(h2, col + i, label)
        col += len(EARNINGS) + 1
        ws.cell(h1, col, "代扣款项")
        ws.merge_cells(start_row=h1, start_column=col, end_row=h1,
                       end_column=col + len(DEDUCTIONS) - 1)
        for i, (_, label) in enumerate(DEDUCTIONS):
            ws.cell(h2, col + i, label)
        col += len(DEDUCTIONS)
        for label in ("实发工资", "签收"):
            ws.cell(h1, col, label)
            ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)
            col += 1
        for r in (h1, h2):
            for c in range(1, N_COLS + 1):
                cell = ws.cell(r, c)
                cell.alignment, cell.border, cell.fill = center, border, head_fill
                cell.font = Font(bold=True)
        row = h2 + 1
        for i, line in enumerate(payroll.lines, start=1):
            values: list = [line.employee_id, line.name, line.department, line.hours_due,
                            line.hours_worked]
            values += [line.earnings[k] for k, _ in EARNINGS] + [line.gross]
            values += [line.deductions[k] for k, _ in DEDUCTIONS] + [line.net, None]
            for c, v in enumerate(values, start=1):
                cell = ws.cell(row, c, v)
                cell.border = border
                if isinstance(v, float):
                    cell.number_format = "0.0" if c in (4, 5) else "0.00"
            out.payslips.append(payroll.payslip(line, sheet_no, i))
            row += 1
        ws.cell(row, 1, "合计")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        for c, text in enumerate(_totals(payroll)[5:-1], start=6):
            ws.cell(row, c, float(text)).number_format = "0.00"
        for c in range(1, N_COLS + 1):
            ws.cell(row, c).border = border
            ws.cell(row, c).font = Font(bold=True)
        ws.cell(row + 2, 1, f"制表：{rng.choice(('人事部', '财务部'))}    审核：    "
                             f"日期：{add_months(payroll.month, 1)}-{rng.randint(5, 15):02d}")
        ws.column_dimensions["B"].width = 9
        ws.freeze_panes = f"C{h2 + 1}"
    wb.properties.creator = "shebao.samples (测试样本)"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.save(path)
    normalize_zip(path)
    return out


def normalize_zip(path: Path) -> None:
    """Rewrite an OOXML zip with fixed entry times and document timestamps (byte-stable)."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp,
                              data)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


def render_csv(rng: random.Random, path: Path, **options) -> Rendered:
    """``L6-csv`` (extra): the sheet exported as CSV - a title line, the group line (应发工资 /
    代扣款项 over blank cells, as Excel exports merged cells), the sub-label line, the rows and
    合计; encoded UTF-8 with BOM or GBK (as Excel on Chinese Windows writes it; option
    ``encoding``). One pay sheet per file (the first of ``payrolls``)."""
    payroll = _payrolls(rng, options)[0]
    encoding = options.get("encoding") or rng.choice(("utf-8-sig", "gbk"))
    group = list(FIXED) + ["应发工资"] + [""] * len(EARNINGS) + ["代扣款项"] + [""] * (
        len(DEDUCTIONS) - 1) + ["实发工资", "签收"]
    subs = [""] * len(FIXED) + [label for _, label in EARNINGS] + ["小计"] + [
        label for _, label in DEDUCTIONS] + ["", ""]
    out = Rendered(kind="payslip", payrolls=[payroll], pages=1, person=_person([payroll]))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([payroll.title] + [""] * (N_COLS - 1))
    writer.writerow(group)
    writer.writerow(subs)
    for r, line in enumerate(payroll.lines, start=1):
        writer.writerow(_cells(line))
        out.payslips.append(payroll.payslip(line, 1, r))
    writer.writerow(_totals(payroll))
    path.write_bytes(buf.getvalue().encode(encoding))
    return out


# ---------------------------------------------------------------------------------------------
# PDF: sheet and strips
# ---------------------------------------------------------------------------------------------

LEFT = 22.0
WIDTHS = ([40, 34, 42, 27, 27] + [33] * len(EARNINGS) + [36] + [31] * len(DEDUCTIONS)
          + [38, 26])
HEAD = (
    [Head(label.replace("(h)", "\n(h)"), i, 0, 1, 2) for i, label in enumerate(FIXED)]
    + [Head("应发工资", 5, 0, len(EARNINGS) + 1)]
    + [Head(_l if len(_l) <= 3 else f"{_l[:2]}\n{_l[2:]}", 5 + i, 1)
       for i, (_, _l) in enumerate([*EARNINGS, ("gross", "小计")])]
    + [Head("代扣款项", 6 + len(EARNINGS), 0, len(DEDUCTIONS))]
    + [Head(_l if len(_l) <= 3 else f"{_l[:2]}\n{_l[2:]}", 6 + len(EARNINGS) + i, 1)
       for i, (_, _l) in enumerate(DEDUCTIONS)]
    + [Head("实发\n工资", N_COLS - 2, 0, 1, 2), Head("签收", N_COLS - 1, 0, 1, 2)]
)
ALIGNS = ["center", "center", "center", "right", "right"] + ["right"] * (N_COLS - 6) + ["center"]
SHEET_ROWS = 26


def _grid(pdf: Pdf) -> Grid:
    return Grid(pdf, LEFT, WIDTHS, HEAD, head_rows=2, head_row_h=17, row_h=15, size=6.3,
                head_size=6.5, aligns=ALIGNS)  # type: ignore[arg-type]


def render_sheet_pdf(rng: random.Random, path: Path, **options) -> Rendered:
    payrolls = _payrolls(rng, options)
    pdf = Pdf(path, LANDSCAPE, watermark=watermark_mode(rng, options), title=payrolls[0].title)
    grid = _grid(pdf)
    plan = [(pr, pr.lines[i:i + SHEET_ROWS]) for pr in payrolls
            for i in range(0, len(pr.lines), SHEET_ROWS)]
    out = Rendered(kind="payslip", payrolls=payrolls, pages=len(plan), person=_person(payrolls))
    for p, (payroll, lines) in enumerate(plan, start=1):
        pdf.begin_page()
        pdf.text(pdf.width / 2, 40, payroll.title, size=15, align="center", bold=True)
        pdf.text(LEFT, 60, f"部门：全部    单位：元    发放月份：{int(payroll.month[:4])}年"
                           f"{payroll.month[5:]}月", size=8)
        y = grid.draw_head(66)
        for r, line in enumerate(lines, start=1):
            y = grid.draw_row(y, _cells(line), height=grid.row_h)
            out.payslips.append(payroll.payslip(line, p, r))
        if lines[-1] is payroll.lines[-1]:
            y = grid.draw_row(y, _totals(payroll), height=grid.row_h, spans={0: 5})
            pdf.text(LEFT, y + 18, "制表：财务部        审核：        总经理：", size=8)
        pdf.text(pdf.width - LEFT, 575, f"第{p}页/共{len(plan)}页", size=8, align="right")
        pdf.end_page()
    pdf.save()
    return out


STRIP_H = 15 + 34 + 15 + 14


def render_strips_pdf(rng: random.Random, path: Path, **options) -> Rendered:
    payrolls = _payrolls(rng, options)
    pdf = Pdf(path, LANDSCAPE, watermark=watermark_mode(rng, options),
              title=payrolls[0].title.replace("工资表", "工资条"))
    grid = _grid(pdf)
    strips = [(pr, line) for pr in payrolls for line in pr.lines]
    per_page = int((575 - 60) // STRIP_H)
    pages = [strips[i:i + per_page] for i in range(0, len(strips), per_page)]
    out = Rendered(kind="payslip", payrolls=payrolls, pages=len(pages), person=_person(payrolls))
    months = {pr.month for pr in payrolls}
    companies = {pr.company for pr in payrolls}
    # the per-slip line (name, 工号, month) is needed when the strips span several months
    slip_header = len(months) > 1 or bool(options.get("slip_header", rng.random() < 0.6))
    for p, page in enumerate(pages, start=1):
        pdf.begin_page()
        title = (payrolls[0].title.replace("工资表", "工资条") if len(months) == 1
                 else f"{companies.pop() if len(companies) == 1 else ''}工资条")
        companies = {pr.company for pr in payrolls}
        pdf.text(pdf.width / 2, 36, title, size=14, align="center", bold=True)
        y = 50.0
        for r, (payroll, line) in enumerate(page, start=1):
            if slip_header:
                pdf.text(LEFT, y + 10, f"姓名：{line.name}    工号：{line.employee_id}    "
                                       f"发放月份：{int(payroll.month[:4])}年"
                                       f"{payroll.month[5:]}月", size=7.5)
            yy = grid.draw_head(y + 14, fill_gray=0.95)
            grid.draw_row(yy, _cells(line), height=grid.row_h)
            out.payslips.append(payroll.payslip(line, p, r))
            cut = y + STRIP_H - 5
            pdf.line(LEFT - 10, cut, pdf.width - LEFT + 10, cut, lw=0.4, dash=(3, 2))
            y += STRIP_H
        pdf.text(pdf.width / 2, 580, f"第{p}页 共{len(pages)}页", size=7.5, align="center")
        pdf.end_page()
    pdf.save()
    return out

