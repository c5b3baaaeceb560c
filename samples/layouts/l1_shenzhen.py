"""L1 - monthly wide, grouped by 险种 (Shenzhen 历年参保缴费明细表 style), formats.md §6 L1.

A4 portrait; QR placeholder top-left, seal box mid-top, title centred, ``页码：N`` top-right;
person block on page 1 only; 18-column table with a two-row merged header repeated on every
page; 36 month rows per page; the year cell carries ``*`` for 补缴 months; a month without a
paid contribution is a blank row (year and month only: "空行为断缴"); 合计 row, notes, the
单位编号→单位名称 table, agency and print date on the last page.

Truth: pension/medical/unemployment with base, 单位交, 个人交; maternity and injury with base
and 单位交 (个人交 not shown -> ``None``); employer resolved from the code table, the code kept
as ``employer_code``; no ``paid_on`` (not printed). Arrears and refunds cannot be shown in this
layout and appear as blank rows (``unpaid``).
"""

from __future__ import annotations

import random
from pathlib import Path

from shebao.samples.history import MonthFact
from shebao.samples.layouts.common import (
    Rendered,
    contribution,
    history_for,
    print_date,
    watermark_mode,
)
from shebao.samples.pdf import VERIFY_URL, Grid, Head, Pdf, fullwidth, whole, wrap, yuan

from shebao.records import Person

ROWS_PER_PAGE = 36
LEFT = 22.0
TABLE_WIDTH = 551.0
RAW_WIDTHS = [30, 18, 38, 30, 31, 30, 18, 30, 30, 28, 18, 30, 26, 30, 25, 30, 25, 25]
WIDTHS = [w * TABLE_WIDTH / sum(RAW_WIDTHS) for w in RAW_WIDTHS]
HEAD = [
    Head("缴费年", 0, 0, 1, 2), Head("月", 1, 0, 1, 2), Head("单位\n编号", 2, 0, 1, 2),
    Head("养老保险", 3, 0, 3), Head("医疗保险", 6, 0, 4), Head("生育", 10, 0, 3),
    Head("工伤保险", 13, 0, 2), Head("失业保险", 15, 0, 3),
    Head("基数", 3, 1), Head("单位交", 4, 1), Head("个人交", 5, 1),
    Head("险种", 6, 1), Head("基数", 7, 1), Head("单位交", 8, 1), Head("个人交", 9, 1),
    Head("险种", 10, 1), Head("基数", 11, 1), Head("单位交", 12, 1),
    Head("基数", 13, 1), Head("单位交", 14, 1),
    Head("基数", 15, 1), Head("单位交", 16, 1), Head("个人交", 17, 1),
]
SHOWN = ("pension", "medical", "maternity", "injury", "unemployment")
NOTES = (
    "1. 本明细表自打印之日起三个月内有效，可登录 {url} 输入验真码 {code} 核验真伪。",
    "2. 医疗险种：1=基本医疗一档，2=基本医疗二档；生育险种：1=生育保险，2=生育医疗。",
    "3. 带“*”标识为补缴，空行为断缴。",
    "4. 本表不含居民养老保险、居民医疗保险缴费记录。",
)


def _cells(fact: MonthFact, med_code: str, fw: bool) -> list[str]:
    year = str(fact.year)
    month = fact.month[5:]
    if fw:
        year, month = fullwidth(year), fullwidth(month)
    if fact.status not in ("paid", "back_paid"):
        return [year, month] + [""] * 16
    a = fact.amounts
    b = whole(fact.base)
    return [
        ("*" if fact.status == "back_paid" else "") + year, month, fact.employer.code,
        b, yuan(a["pension"][0]), yuan(a["pension"][1]),
        med_code, b, yuan(a["medical"][0]), yuan(a["medical"][1]),
        "1", b, yuan(a["maternity"][0]),
        b, yuan(a["injury"][0]),
        b, yuan(a["unemployment"][0]), yuan(a["unemployment"][1]),
    ]


def render(rng: random.Random, path: Path, **options) -> Rendered:
    history = history_for(rng, options, city="shenzhen", months=48)
    worker = history.worker
    newest_first = bool(options.get("newest_first", False))
    fw = bool(options.get("fullwidth", rng.random() < 0.25))
    facts = list(reversed(history.months)) if newest_first else list(history.months)
    med_codes = {e.code: rng.choice("12") for e in history.employers}
    pages = [facts[i:i + ROWS_PER_PAGE] for i in range(0, len(facts), ROWS_PER_PAGE)]
    last_emp = history.last_employer
    title = f"{history.city.name}社会保险历年参保缴费明细表（个人）"
    verify_code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(12))
    printed = print_date(rng, history)

    pdf = Pdf(path, watermark=watermark_mode(rng, options), title=title,
              font=options.get("font") or "serif")
    grid = Grid(pdf, LEFT, WIDTHS, HEAD, head_rows=2, head_row_h=15, row_h=13.2, size=6.4,
                head_size=7)
    out = Rendered(kind="statement", history=history, pages=len(pages),
                   person=Person(name=worker.name, id_number=worker.id_number,
                                 social_security_number=worker.ss_number,
                                 insured_place=history.city.name))
    totals = {i: 0.0 for i in (4, 5, 8, 9, 12, 14, 16, 17)}
    for p, rows in enumerate(pages, start=1):
        pdf.begin_page()
        pdf.qr_box(LEFT, 18, 40, caption="好差评二维码")
        pdf.seal_box(330, 14, 52)
        pdf.text(LEFT + TABLE_WIDTH, 30, f"页码：{p}", size=8, align="right")
        pdf.text(pdf.width / 2, 56, title, size=13, align="center", bold=True)
        y = 70.0
        if p == 1:
            pdf.text(LEFT, 80, f"姓名：{worker.name}", size=8)
            pdf.text(LEFT + 110, 80, f"社保电脑号：{worker.ss_number}", size=8)
            pdf.text(LEFT + 230, 80, f"身份证号码：{worker.id_number}", size=8)
            pdf.text(LEFT + 420, 80, f"参保地：{history.city.name}", size=8)
            if last_emp:
                pdf.text(LEFT, 94, f"最近参保单位名称：{last_emp.name}", size=8)
                pdf.text(LEFT + 340, 94, f"单位编号：{last_emp.code}", size=8)
            pdf.text(LEFT + TABLE_WIDTH, 94, "计算单位：元", size=8, align="right")
            y = 100.0
        y = grid.draw_head(y)
        for r, fact in enumerate(rows, start=1):
            code = med_codes.get(fact.employer.code, "1") if fact.employer else "1"
            cells = _cells(fact, code, fw)
            y = grid.draw_row(y, cells, height=grid.row_h)
            for i in totals:
                if cells[i]:
                    totals[i] += float(cells[i])
            for ins in SHOWN:
                personal = ins in ("pension", "medical", "unemployment")
                out.contributions.append(contribution(
                    fact, ins, p, r,
                    status=fact.status if fact.status in ("paid", "back_paid") else "unpaid",
                    code=True, personal=personal))
        if p == len(pages):
            total_cells = ["合计", "", ""] + [""] * 15
            for i, v in totals.items():
                total_cells[i] = yuan(v)
            y = grid.draw_row(y, total_cells, height=grid.row_h, spans={0: 3})
            _footer(pdf, history, y + 14, verify_code, printed)
        pdf.end_page()
    pdf.save()
    return out


def _footer(pdf: Pdf, history, y: float, verify_code: str, printed: str) -> None:
    for note in NOTES:
        for line in wrap(note.format(url=VERIFY_URL, code=verify_code), 540, 7, pdf.font):
            pdf.text(LEFT, y, line, size=7)
            y += 10
    y += 4
    pdf.text(LEFT, y, "单位编号与单位名称对照：", size=7.5)
    y += 4
    table = Grid(pdf, LEFT, [70, 330], [Head("单位编号", 0, 0), Head("单位名称", 1, 0)],
                 head_rows=1, head_row_h=12, row_h=12, size=7, aligns=["center", "left"])
    y = table.draw_head(y)
    for emp in history.employers:
        y = table.draw_row(y, [emp.code, emp.name])
    pdf.text(LEFT + 400, y + 20, history.city.agency or "社会保险基金管理局", size=8)
    pdf.text(LEFT + 400, y + 34, f"打印日期：{printed}", size=8)
    pdf.seal_box(LEFT + 470, y - 30, 56)
