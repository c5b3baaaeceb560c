"""L3 - range rows with 月数 (Guangzhou history / Xiamen style), formats.md §6 L3.

A4 portrait; 29 rows on page 1, 30 after; ``第 N 页 共 M 页`` centred at the bottom; person
line ``个人编号：… 身份证号：… 姓名：…`` and ``打印区间：全部[√] 部分[ ]``; columns 序号 |
参保地经办机构 | 单位编号 | 单位名称 | 起始年月 | 截止年月 | 月数 | 缴费基数 | 单位缴费 | 个人缴费 |
缴费性质; dates ``YYYYMM``; money with thousands separators (``1,234.00``); long company names
wrap inside their cell; 补缴 stretches are sometimes printed after the normal rows (an
inserted range that overlaps an earlier gap); last page: 合计 row, 注, 经办人/打印机构/打印日期.

Two amount semantics (one renderer, two layout ids):

* ``L3-total`` (title 广州市社会保险个人缴费历史): 单位缴费/个人缴费 of a range row are totals for
  the range (amount = monthly x 月数);
* ``L3-monthly`` (title 基本养老个人历年缴费明细表): the row amounts are per month; the period
  is printed either in two columns or, Xiamen style, in one 缴费对应起始至截止 cell as
  ``YYYYMM-YYYYMM`` or ``YYYY/MM-YYYY/MM`` (option ``period``: columns|range|slash).

Truth: pension only, one record per month of each range (all share the range's row),
amounts per month, ``employer`` and ``employer_code`` from the row, no ``paid_on``. 缴费性质
正常应缴 -> ``paid``, 补缴 -> ``back_paid``, 欠缴 -> ``arrears``, 退收 -> ``refunded``. Months
without a declared contribution are not printed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from shebao.samples.history import History, MonthFact, money
from shebao.samples.layouts.common import Rendered, history_for, print_date, watermark_mode
from shebao.samples.pdf import Grid, Head, Pdf, yuan

from shebao.records import Contribution, Person

LEFT = 24.0
WIDTHS = [22, 62, 42, 104, 36, 36, 24, 48, 52, 50, 46]
HEAD = [Head(t, i, 0) for i, t in enumerate(
    ["序号", "参保地经办机构", "单位编号", "单位名称", "起始年月", "截止年月", "月数",
     "缴费基数", "单位缴费", "个人缴费", "缴费性质"])]
# Xiamen style: one "缴费对应起始至截止" cell holding the range
WIDTHS_ONE = [22, 62, 42, 100, 76, 24, 48, 52, 50, 46]
HEAD_ONE = [Head(t, i, 0) for i, t in enumerate(
    ["序号", "参保地经办机构", "单位编号", "单位名称", "缴费对应\n起始至截止", "月数",
     "缴费基数", "单位缴费", "个人缴费", "缴费性质"])]


def period_cells(first: str, last: str, style: str) -> list[str]:
    """The printed period of a range: two cells (``YYYYMM`` | ``YYYYMM``) or one cell
    (``YYYYMM-YYYYMM`` or ``YYYY/MM-YYYY/MM``)."""
    a, b = first.replace("-", ""), last.replace("-", "")
    if style == "columns":
        return [a, b]
    if style == "slash":
        return [f"{first.replace('-', '/')}-{last.replace('-', '/')}"]
    return [f"{a}-{b}"]
NATURE = {"paid": "正常应缴", "back_paid": "补缴", "arrears": "欠缴", "refunded": "退收"}
FIRST_PAGE_ROWS = 29
OTHER_PAGE_ROWS = 30


@dataclass
class Stretch:
    facts: list[MonthFact]

    @property
    def first(self) -> MonthFact:
        return self.facts[0]

    @property
    def n(self) -> int:
        return len(self.facts)


def stretches(history: History) -> list[Stretch]:
    """Consecutive declared months with the same employer, base and status."""
    out: list[Stretch] = []
    prev: MonthFact | None = None
    for f in history.months:
        if not f.declared:
            prev = None
            continue
        if (prev is not None and out and f.employer == prev.employer and f.base == prev.base
                and f.status == prev.status):
            out[-1].facts.append(f)
        else:
            out.append(Stretch([f]))
        prev = f
    return out


def render(rng: random.Random, path: Path, totals: bool = True, **options) -> Rendered:
    history = history_for(rng, options, city="guangzhou" if totals else "xiamen", months=60)
    worker = history.worker
    city = history.city
    title = f"{city.name}社会保险个人缴费历史" if totals else "基本养老个人历年缴费明细表"
    rows = stretches(history)
    if options.get("back_pay_last", rng.random() < 0.5):
        rows = ([s for s in rows if s.first.status != "back_paid"]
                + [s for s in rows if s.first.status == "back_paid"])
    pages = [rows[:FIRST_PAGE_ROWS]]
    rest = rows[FIRST_PAGE_ROWS:]
    while rest:
        pages.append(rest[:OTHER_PAGE_ROWS])
        rest = rest[OTHER_PAGE_ROWS:]
    total_pages = len(pages)
    printed = print_date(rng, history)
    clerk = rng.choice(("自助打印", "网上打印", "窗口打印"))
    explain = rng.random() < 0.5

    pdf = Pdf(path, watermark=watermark_mode(rng, options), title=title,
              font=options.get("font") or "serif")
    period = options.get("period") or ("columns" if totals
                                       else rng.choice(("columns", "range", "slash")))
    one = period != "columns"
    aligns = ["center", "left", "center", "left", "center", "center", "center", "right",
              "right", "right", "center"]
    grid = Grid(pdf, LEFT, WIDTHS_ONE if one else WIDTHS, HEAD_ONE if one else HEAD,
                head_rows=1, head_row_h=22, row_h=15, size=6.6,
                aligns=aligns[:4] + aligns[5:] if one else aligns)  # type: ignore[arg-type]
    out = Rendered(kind="statement", history=history, pages=total_pages,
                   person=Person(name=worker.name, id_number=worker.id_number,
                                 social_security_number=worker.personal_number,
                                 insured_place=city.name))
    seq = 0
    sum_months, sum_emp, sum_pers = 0, 0.0, 0.0
    for p, page_rows in enumerate(pages, start=1):
        pdf.begin_page()
        pdf.text(pdf.width / 2, 46, title, size=15, align="center", bold=True)
        pdf.text(LEFT, 70, f"个人编号：{worker.personal_number}", size=8)
        pdf.text(LEFT + 150, 70, f"身份证号：{worker.id_number}", size=8)
        pdf.text(LEFT + 320, 70, f"姓名：{worker.name}", size=8)
        pdf.text(LEFT + 430, 70, f"参保地：{city.name}", size=8)
        pdf.text(LEFT, 84, "打印区间：全部[√] 部分[ ]", size=8)
        pdf.text(LEFT + sum(grid.widths), 84, "单位：元", size=8, align="right")
        y = grid.draw_head(90)
        for r, s in enumerate(page_rows, start=1):
            seq += 1
            f = s.first
            emp, pers = f.amounts["pension"]
            factor = s.n if totals else 1
            row_emp, row_pers = money(emp * factor), money(pers * factor)
            agency = f"{city.name}{f.employer.district}社保分局" if f.employer.district else (
                city.agency)
            cells = [str(seq), agency, f.employer.code, f.employer.name,
                     *period_cells(s.facts[0].month, s.facts[-1].month, period), str(s.n),
                     yuan(f.base, thousands=True), yuan(row_emp, thousands=True),
                     yuan(row_pers, thousands=True), NATURE[f.status]]
            y = grid.draw_row(y, cells)
            sum_months += s.n
            sum_emp += row_emp if totals else emp * s.n
            sum_pers += row_pers if totals else pers * s.n
            for fact in s.facts:
                out.contributions.append(Contribution(
                    month=fact.month, insurance="pension", base=fact.base,
                    employer_amount=emp, personal_amount=pers, employer=f.employer.name,
                    employer_code=f.employer.code, status=f.status, page=p, row=r))
        if p == total_pages:
            lead = 5 if one else 6
            cells = ["合计", *[""] * (lead - 1), str(sum_months), "",
                     yuan(sum_emp, thousands=True), yuan(sum_pers, thousands=True), ""]
            y = grid.draw_row(y, cells, spans={0: lead})
            y += 16
            notes = ["注：1. 本表记录参保人历年基本养老保险缴费情况，“月数”为实际缴费月数。",
                     "2. 缴费性质为“补缴”的记录为跨年度补缴到账。"]
            if explain:  # only some documents say which semantics their amounts have
                notes.append("3. " + ("单位缴费、个人缴费为该时段缴费合计金额。" if totals
                                      else "单位缴费、个人缴费为每月缴费金额。"))
            for note in notes:
                pdf.text(LEFT, y, note, size=7.5)
                y += 12
            y += 8
            pdf.text(LEFT, y, f"经办人：{clerk}", size=8)
            pdf.text(LEFT + 160, y, f"打印机构：{city.agency}", size=8)
            pdf.text(LEFT + 400, y, f"打印日期：{printed}", size=8)
            pdf.seal_box(LEFT + 220, y + 8, 60)
        pdf.text(pdf.width / 2, 815, f"第 {p} 页 共 {total_pages} 页", size=8, align="center")
        pdf.end_page()
    pdf.save()
    return out


def render_total(rng: random.Random, path: Path, **options) -> Rendered:
    return render(rng, path, totals=True, **options)


def render_monthly(rng: random.Random, path: Path, **options) -> Rendered:
    return render(rng, path, totals=False, **options)
