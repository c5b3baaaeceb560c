"""L4 - long format, one row per month x 险种 (Hunan 实缴明细 / core-system style), §6 L4.

A4 portrait. Page 1: title, info grid (当前单位名称/编号, 姓名, 建账时间, 身份证号码, 性别,
参保地, 有效期至), notes box with a QR placeholder, 用途 row, 参保关系 table (统一社会信用代码 |
单位名称 | 险种 | 起止时间). Then ``缴费明细``: 费款所属期 (YYYYMM) | 险种类型 | 缴费基数 |
单位应缴 | 个人应缴 | 缴费标志 | 到账日期 | 缴费类型 | 经办机构; per month three rows: 工伤保险,
失业保险, 企业职工基本养老保险 (the long name wraps to two lines in its cell). Header repeated on
every page; footer ``个人姓名：… 第N页,共M页 个人编号：…`` on every page.

Truth: pension, unemployment, injury (个人应缴 printed ``0.00`` for injury -> ``0.0``);
``paid_on`` from 到账日期; ``employer`` ``None`` (rows do not name the employer);
缴费类型 补收 -> ``back_paid``, 退收 -> ``refunded``, 缴费标志 欠缴 (no 到账日期) -> ``arrears``.
Months with nothing declared are not printed (the core system lists only what was declared).
"""

from __future__ import annotations

import random
from pathlib import Path

from shebao.samples.history import MonthFact, add_months
from shebao.samples.identity import digits
from shebao.samples.layouts.common import Rendered, history_for, print_date, watermark_mode
from shebao.samples.pdf import Grid, Head, Pdf, wrap, yuan

from shebao.records import Contribution, Person

LEFT = 30.0
WIDTHS = [50, 62, 52, 52, 50, 44, 60, 52, 113]
HEAD = [Head(t, i, 0) for i, t in enumerate(
    ["费款所属期", "险种类型", "缴费基数", "单位应缴", "个人应缴", "缴费标志", "到账日期",
     "缴费类型", "经办机构"])]
ORDER = (("injury", "工伤保险"), ("unemployment", "失业保险"),
         ("pension", "企业职工基本养老保险"))
TOP = 60.0
BOTTOM = 800.0


def _rows(fact: MonthFact, agency: str, flags: tuple[str, str]) -> list[tuple[str, list[str]]]:
    out = []
    for ins, label in ORDER:
        emp, pers = fact.amounts[ins]
        if fact.status == "arrears":
            flag, paid_on, kind = "欠缴", "", "正常应缴"
        else:
            flag = flags[0] if fact.month < "2020-01" else flags[1]
            paid_on = fact.paid_on or ""
            kind = {"back_paid": "补收", "refunded": "退收"}.get(fact.status, "正常应缴")
        out.append((ins, [fact.month.replace("-", ""), label, yuan(fact.base), yuan(emp),
                          yuan(pers), flag, paid_on, kind, agency]))
    return out


def render(rng: random.Random, path: Path, **options) -> Rendered:
    history = history_for(rng, options, city="changsha", months=36)
    worker = history.worker
    city = history.city
    newest_first = bool(options.get("newest_first", rng.random() < 0.3))
    personal_no = city.region + digits(rng, 14, first_nonzero=False)
    agency = f"{city.name}{rng.choice(city.towns or ('',))}社会保险服务中心"
    flags = rng.choice((("已到账", "已到账"), ("正常", "已到账"), ("已实缴", "已到账")))
    last = history.last_employer
    printed = print_date(rng, history)
    facts = [f for f in history.months if f.declared]
    if newest_first:
        facts.reverse()
    rows = [(f, ins, cells) for f in facts for ins, cells in _rows(f, agency, flags)]

    pdf = Pdf(path, watermark=watermark_mode(rng, options), title="个人参保信息（实缴明细）",
              font=options.get("font") or "serif")
    grid = Grid(pdf, LEFT, WIDTHS, HEAD, head_rows=1, head_row_h=16, row_h=13, size=6.8,
                aligns=["center", "center", "right", "right", "right", "center", "center",
                        "center", "left"])
    # paginate: page 1 starts lower (info blocks)
    first_top = _first_page_height(history)
    pages: list[list[tuple]] = [[]]
    y = first_top + grid.head_height()
    for row in rows:
        h = grid.height_of(row[2])
        if y + h > BOTTOM:
            pages.append([])
            y = TOP + 26 + grid.head_height()
        pages[-1].append((*row, h))
        y += h
    total = len(pages)
    out = Rendered(kind="statement", history=history, pages=total,
                   person=Person(name=worker.name, id_number=worker.id_number,
                                 social_security_number=personal_no, insured_place=city.name))
    for p, page_rows in enumerate(pages, start=1):
        pdf.begin_page()
        pdf.text(pdf.width / 2, TOP, "个人参保信息（实缴明细）", size=15, align="center",
                 bold=True)
        y = TOP + 26
        if p == 1:
            y = _info_blocks(pdf, rng, history, personal_no, last, printed, y)
        pdf.text(LEFT, y - 4, "缴费明细", size=9, bold=True)
        y = grid.draw_head(y)
        for r, (fact, ins, cells, h) in enumerate(page_rows, start=1):
            y = grid.draw_row(y, cells, height=h)
            status = ("arrears" if fact.status == "arrears"
                      else fact.status if fact.status in ("back_paid", "refunded") else "paid")
            emp, pers = fact.amounts[ins]
            out.contributions.append(Contribution(
                month=fact.month, insurance=ins, base=fact.base, employer_amount=emp,
                personal_amount=pers, employer=None, employer_code=None, status=status,
                paid_on=cells[6] or None, page=p, row=r))
        pdf.text(LEFT, 822, f"个人姓名：{worker.name}", size=7.5)
        pdf.text(pdf.width / 2, 822, f"第{p}页,共{total}页", size=7.5, align="center")
        pdf.text(LEFT + sum(WIDTHS), 822, f"个人编号：{personal_no}", size=7.5, align="right")
        pdf.end_page()
    pdf.save()
    return out


def _first_page_height(history) -> float:
    return TOP + 26 + 3 * 16 + 8 + 44 + 8 + 14 + 8 + 16 + 15 * len(history.employers) + 22


def _info_blocks(pdf: Pdf, rng: random.Random, history, personal_no: str, last, printed: str,
                 y: float) -> float:
    worker = history.worker
    w = sum(WIDTHS)
    info = Grid(pdf, LEFT, [70, 120, 62, 80, 62, w - 394], [], head_rows=0, row_h=16,
                size=7.5, aligns=["center", "left"] * 3)
    first = next(f.month for f in history.months if f.declared)
    valid = add_months(printed[:7], 3) + printed[7:]
    y = info.draw_row(y, ["当前单位名称", last.name if last else "", "", "", "当前单位编号",
                          last.code if last else ""], spans={1: 3})
    y = info.draw_row(y, ["姓名", worker.name, "建账时间", first.replace("-", ""),
                          "身份证号码", worker.id_number])
    y = info.draw_row(y, ["性别", "女" if worker.female else "男", "参保地", history.city.name,
                          "有效期至", valid])
    y += 8
    pdf.rect(LEFT, y, w, 44)
    pdf.qr_box(LEFT + 6, y + 4, 36)
    notes = ("说明：1. 本信息仅记录实际缴费到账情况，欠缴月份以缴费标志为准。"
             "2. 可扫描左侧二维码或登录 https://verify.example.invalid/ 核验。"
             f"3. 打印时间：{printed}。")
    for i, line in enumerate(wrap(notes, w - 60, 7, pdf.font)):
        pdf.text(LEFT + 50, y + 12 + i * 10, line, size=7)
    y += 52
    pdf.text(LEFT, y + 6, "用途：本人查询", size=8)
    y += 14
    pdf.text(LEFT, y + 4, "参保关系", size=9, bold=True)
    y += 8
    rel = Grid(pdf, LEFT, [110, 200, 105, w - 415],
               [Head("统一社会信用代码", 0), Head("单位名称", 1), Head("险种", 2),
                Head("起止时间", 3)], head_rows=1, head_row_h=16, row_h=15, size=7,
               aligns=["center", "left", "center", "center"])
    y = rel.draw_head(y)
    for emp in history.employers:
        months = [f.month for f in history.months if f.employer == emp and f.declared]
        if not months:
            months = [f.month for f in history.months if f.employer == emp]
        span = f"{months[0].replace('-', '')}-{months[-1].replace('-', '')}"
        y = rel.draw_row(y, [emp.credit_code, emp.name, "养老、失业、工伤", span], height=15)
    return y + 22
