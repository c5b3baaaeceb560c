"""``shenzhen-new`` (extra layout) - 深圳市社会保险参保证明 (mobile-era style), formats.md §2.2.

Serial like ``2025:07:14E`` top-right; info line ``参保人姓名：… 有效证件号码：… 社保电脑号：…``;
（一）历年参保年限: 险种 养老保险 | 医疗保险 | 生育保险 | 工伤保险 | 失业保险 -> 累计月数;
（二）近两年参保缴费明细 (at most 24 rows, newest last): 缴费时段 (``YYYYMM``) | 单位编号 |
养老保险 缴费基数 | 医疗保险 缴费基数, 档次 | 生育保险 缴费基数, 险种 | 工伤保险 缴费基数 |
失业保险 缴费基数 - **bases only, no amounts**; ``*`` before 缴费时段 = 补缴, a blank row =
断缴; 备注 1-6 including the 单位编号→单位名称 list; two seal boxes.

Truth: five insurances per month with ``base`` only (no amounts printed), ``employer`` from
the printed 单位信息 list, ``employer_code``; ``*`` -> ``back_paid``, blank row -> ``unpaid``
(arrears and refunds also show as blank rows, as in L1).

Not in :data:`shebao.samples.LAYOUTS`; listed in :data:`shebao.samples.EXTRA_LAYOUTS`.
"""

from __future__ import annotations

import random
from pathlib import Path

from shebao.samples.layouts.common import Rendered, history_for, print_date, watermark_mode
from shebao.samples.pdf import Grid, Head, Pdf, whole, wrap

from shebao.records import Contribution, Person

LEFT = 30.0
WIDTH = 535.0
INS = ("pension", "medical", "maternity", "injury", "unemployment")


def render(rng: random.Random, path: Path, **options) -> Rendered:
    history = history_for(rng, options, city="shenzhen", months=48)
    worker = history.worker
    recent = history.months[-24:]
    printed = print_date(rng, history)
    tier = {e.code: rng.choice("12") for e in history.employers}
    pdf = Pdf(path, watermark=watermark_mode(rng, options), title="深圳市社会保险参保证明",
              font=options.get("font") or "serif")
    out = Rendered(kind="statement", history=history, pages=1,
                   person=Person(name=worker.name, id_number=worker.id_number,
                                 social_security_number=worker.ss_number,
                                 insured_place=history.city.name))
    pdf.begin_page()
    pdf.text(LEFT + WIDTH, 30, f"{printed.replace('-', ':')}E", size=8, align="right")
    pdf.seal_box(LEFT + 150, 14, 50)
    pdf.seal_box(LEFT + 330, 14, 50)
    pdf.text(pdf.width / 2, 84, "深圳市社会保险参保证明", size=16, align="center", bold=True)
    pdf.text(LEFT, 106, f"参保人姓名：{worker.name}", size=8.5)
    pdf.text(LEFT + 130, 106, f"有效证件号码：{worker.id_number}", size=8.5)
    pdf.text(LEFT + 350, 106, f"社保电脑号：{worker.ss_number}", size=8.5)
    pdf.text(LEFT, 126, "（一）历年参保年限", size=9, bold=True)
    counted = sum(1 for f in history.months if f.declared and f.status in ("paid", "back_paid"))
    summary = Grid(pdf, LEFT, [85] + [90] * 5, [], head_rows=0, row_h=16, size=8)
    y = summary.draw_row(132, ["险种", "养老保险", "医疗保险", "生育保险", "工伤保险", "失业保险"])
    y = summary.draw_row(y, ["累计月数", *[str(counted)] * 5])
    pdf.text(LEFT, y + 18, "（二）近两年参保缴费明细", size=9, bold=True)
    widths = [62, 62, 70, 70, 40, 70, 40, 56, 65]
    head = [Head("缴费时段", 0, 0, 1, 2), Head("单位编号", 1, 0, 1, 2),
            Head("养老保险", 2, 0), Head("医疗保险", 3, 0, 2), Head("生育保险", 5, 0, 2),
            Head("工伤保险", 7, 0), Head("失业保险", 8, 0),
            Head("缴费基数", 2, 1), Head("缴费基数", 3, 1), Head("档次", 4, 1),
            Head("缴费基数", 5, 1), Head("险种", 6, 1), Head("缴费基数", 7, 1),
            Head("缴费基数", 8, 1)]
    grid = Grid(pdf, LEFT, widths, head, head_rows=2, head_row_h=15, row_h=15, size=7.5)
    y = grid.draw_head(y + 24)
    for r, fact in enumerate(recent, start=1):
        shown = fact.status in ("paid", "back_paid") and fact.declared
        month = fact.month.replace("-", "")
        if shown:
            b = whole(fact.base)
            star = "*" if fact.status == "back_paid" else ""
            cells = [star + month, fact.employer.code, b, b, tier[fact.employer.code], b, "1",
                     b, b]
        else:
            cells = [month] + [""] * 8
        y = grid.draw_row(y, cells, height=grid.row_h)
        for ins in INS:
            if shown:
                out.contributions.append(Contribution(
                    month=fact.month, insurance=ins, base=fact.base,
                    employer=fact.employer.name, employer_code=fact.employer.code,
                    status=fact.status, page=1, row=r))
            else:
                out.contributions.append(Contribution(month=fact.month, insurance=ins,
                                                      status="unpaid", page=1, row=r))
    y += 14
    units = "；".join(f"{e.code}：{e.name}" for e in history.employers)
    notes = ("备注：1. 缴费时段前带“*”的为跨月补缴到账记录。2. 空行表示该月断缴。"
             "3. 医疗保险档次：1=基本医疗一档，2=基本医疗二档。4. 生育保险险种：1=生育保险，"
             "2=生育医疗。5. 本证明仅列示缴费基数。"
             f"6. 表中“单位编号”对应的单位名称为：{units}。")
    for line in wrap(notes, WIDTH, 7.5, pdf.font):
        pdf.text(LEFT, y, line, size=7.5)
        y += 11
    pdf.text(LEFT + WIDTH, y + 20, f"打印日期：{printed}", size=8, align="right")
    pdf.end_page()
    pdf.save()
    return out
