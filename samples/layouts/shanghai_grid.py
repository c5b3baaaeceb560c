"""``shanghai-grid`` (extra layout) - a status grid without money (formats.md §1.1 item 5, §2.5).

Shanghai 随申办 "参保人员城镇职工基本养老保险参保情况": info table (姓名 | 社会保障号码 |
证件号码), then the last 60 months in **three side-by-side column sets x 20 rows**, each set
序号 | 年月 (``YYYYMM``) | 参保情况 (已记账 / 未缴费 / 欠缴 / 已退账) | 补缴退账年月; then
"近60个月缴费单位信息" (缴费单位名称 | 缴费起止时间, two pairs a line), "截至YYYY年MM月，累计
缴费月数 N", 备注, 经办机构 and 打印日期. A4 portrait, one page.

Truth: ``contributions`` for ``pension`` only, no base or amounts (not printed), no
employer; 已记账 -> ``paid``, 已记账 with a 补缴退账年月 -> ``back_paid``, 欠缴 -> ``arrears``,
未缴费 -> ``unpaid``, 已退账 -> ``refunded``. ``row`` is the printed grid line (1-20): the three
months printed on one line share it.

Not in :data:`shebao.samples.LAYOUTS` (the reader's accuracy bar covers those); listed in
:data:`shebao.samples.EXTRA_LAYOUTS`.
"""

from __future__ import annotations

import random
from pathlib import Path

from shebao.samples.history import MonthFact
from shebao.samples.layouts.common import Rendered, history_for, print_date, watermark_mode
from shebao.samples.layouts.l3_ranges import stretches
from shebao.samples.pdf import Grid, Head, Pdf, wrap

from shebao.records import Contribution, Person

LEFT = 30.0
WIDTH = 535.0
ROWS = 20
SETS = 3
WORD = {"paid": "已记账", "back_paid": "已记账", "arrears": "欠缴", "unpaid": "未缴费",
        "refunded": "已退账"}


def _status(fact: MonthFact) -> str:
    return fact.status if fact.declared else "unpaid"


def render(rng: random.Random, path: Path, **options) -> Rendered:
    history = history_for(rng, options, city="shanghai", months=60)
    worker = history.worker
    facts = history.months[-ROWS * SETS:]
    printed = print_date(rng, history)
    pdf = Pdf(path, watermark=watermark_mode(rng, options),
              title="参保人员城镇职工基本养老保险参保情况", font=options.get("font") or "serif")
    out = Rendered(kind="statement", history=history, pages=1,
                   person=Person(name=worker.name, id_number=worker.id_number,
                                 social_security_number=worker.id_number,
                                 insured_place=history.city.name))
    pdf.begin_page()
    pdf.text(pdf.width / 2, 56, "参保人员城镇职工基本养老保险参保情况", size=15, align="center",
             bold=True)
    info = Grid(pdf, LEFT, [80, 100, 90, 265], [], head_rows=0, row_h=16, size=8,
                aligns=["center", "left", "center", "left"])
    y = info.draw_row(72, ["姓名", worker.name, "社会保障号码", worker.id_number])
    y = info.draw_row(y, ["证件号码", worker.id_number, "参保地", history.city.name])
    one = [30, 46, 46, 56.33]
    widths = one * SETS
    head = []
    for k in range(SETS):
        head += [Head(t, 4 * k + i) for i, t in
                 enumerate(("序号", "年月", "参保情况", "补缴退账\n年月"))]
    grid = Grid(pdf, LEFT, widths, head, head_rows=1, head_row_h=22, row_h=15, size=7.5)
    y = grid.draw_head(y + 10, fill_gray=0.85)
    for r in range(ROWS):
        cells: list[str] = []
        for k in range(SETS):
            i = k * ROWS + r
            if i >= len(facts):
                cells += ["", "", "", ""]
                continue
            fact = facts[i]
            status = _status(fact)
            marked = ""
            if status in ("back_paid", "refunded") and fact.paid_on:
                marked = fact.paid_on[:7].replace("-", "")
            cells += [str(i + 1), fact.month.replace("-", ""), WORD[status], marked]
            out.contributions.append(Contribution(month=fact.month, insurance="pension",
                                                  status=status, page=1, row=r + 1))
        y = grid.draw_row(y, cells, height=grid.row_h)
    y += 14
    pdf.text(LEFT, y, "近60个月缴费单位信息", size=9, bold=True)
    units = Grid(pdf, LEFT, [170, 97.5, 170, 97.5],
                 [Head("缴费单位名称", 0), Head("缴费起止时间", 1), Head("缴费单位名称", 2),
                  Head("缴费起止时间", 3)], head_rows=1, head_row_h=16, row_h=15, size=7,
                 aligns=["left", "center", "left", "center"])
    y = units.draw_head(y + 5)
    by_employer = []
    start = facts[0].month
    for s in stretches(history):
        if s.facts[-1].month < start:
            continue
        if by_employer and by_employer[-1][0] == s.first.employer:
            by_employer[-1][2] = s.facts[-1].month
        else:
            by_employer.append([s.first.employer, max(start, s.first.month), s.facts[-1].month])
    pairs = [[e.name, f"{a.replace('-', '')}-{b.replace('-', '')}"] for e, a, b in by_employer]
    for i in range(0, len(pairs), 2):
        row = pairs[i] + (pairs[i + 1] if i + 1 < len(pairs) else ["", ""])
        y = units.draw_row(y, row)
    counted = sum(1 for f in history.months if f.declared and f.status in ("paid", "back_paid"))
    y += 18
    last = history.last
    pdf.text(LEFT, y, f"截至{last[:4]}年{last[5:]}月，累计缴费月数 {counted}", size=8.5)
    y += 16
    notes = ("备注：1. 参保情况“已记账”表示该月缴费已记入个人账户；“未缴费”表示该月无缴费记录；"
             "“欠缴”表示单位已申报未缴纳。2. 补缴退账年月为补缴或退账发生的年月。"
             "3. 本表仅显示近60个月情况。")
    for line in wrap(notes, WIDTH, 7.5, pdf.font):
        pdf.text(LEFT, y, line, size=7.5)
        y += 11
    pdf.text(LEFT + WIDTH, y + 16, f"经办机构：{history.city.agency}", size=8, align="right")
    pdf.text(LEFT + WIDTH, y + 30, f"打印日期：{printed}", size=8, align="right")
    pdf.seal_box(LEFT + WIDTH - 70, y + 40, 56)
    pdf.end_page()
    pdf.save()
    return out
