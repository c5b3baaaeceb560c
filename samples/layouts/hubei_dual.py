"""``hubei-dual`` (extra layout) - 湖北省社会保险参保证明（个人专用）, formats.md §2.7.

A full-grid form: 姓名 | 性别 | 个人编号 | 社会保障号; 参保缴费地 | 本地缴费月数 | 参保险种; band
"缴费地最末所在单位" (单位编号 | 单位名称); band "近12个月参保缴费情况" with **two side-by-side
column sets** 记录月份 | 缴费基数(元) | 缴费类型, newest month first, ``YYYYMM`` (months 1-6 on
the left, 7-12 on the right); 备注 1-4 with the verification URL and a grouped 授权码
(``NNNN NNNN NNNN NNNX XXXX``); 打印时间; ``第1页/共1页``; seal box bottom-right.

Truth: ``pension`` only, ``base`` (no amounts printed), no employer; 缴费类型 正常 -> ``paid``,
补缴 -> ``back_paid``, 欠缴 -> ``arrears``, 未缴费 (blank base) -> ``unpaid``, 退账 ->
``refunded``; ``row`` = the printed line (1-6), shared by the two months on it.

Not in :data:`shebao.samples.LAYOUTS`; listed in :data:`shebao.samples.EXTRA_LAYOUTS`.
"""

from __future__ import annotations

import random
from pathlib import Path

from shebao.samples.history import MonthFact
from shebao.samples.layouts.common import Rendered, history_for, print_date, watermark_mode
from shebao.samples.pdf import VERIFY_URL, Grid, Head, Pdf, wrap, yuan

from shebao.records import Contribution, Person

LEFT = 40.0
WIDTH = 515.0
WORD = {"paid": "正常", "back_paid": "补缴", "arrears": "欠缴", "unpaid": "未缴费",
        "refunded": "退账"}


def _cells(fact: MonthFact) -> tuple[list[str], str]:
    status = fact.status if fact.declared else "unpaid"
    base = "" if status == "unpaid" else yuan(fact.base)
    return [fact.month.replace("-", ""), base, WORD[status]], status


def render(rng: random.Random, path: Path, **options) -> Rendered:
    history = history_for(rng, options, city="wuhan", months=36)
    worker = history.worker
    recent = list(reversed(history.months[-12:]))
    last = history.last_employer
    printed = print_date(rng, history)
    auth = " ".join("".join(rng.choice("0123456789") for _ in range(4)) for _ in range(3))
    auth += " " + "".join(rng.choice("0123456789") for _ in range(3)) + "X " + "".join(
        rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(4))
    local_months = sum(1 for f in history.months if f.declared and f.status in
                       ("paid", "back_paid"))
    pdf = Pdf(path, watermark=watermark_mode(rng, options),
              title="湖北省社会保险参保证明（个人专用）", font=options.get("font") or "serif")
    out = Rendered(kind="statement", history=history, pages=1,
                   person=Person(name=worker.name, id_number=worker.id_number,
                                 social_security_number=worker.personal_number,
                                 insured_place=history.city.name))
    pdf.begin_page()
    pdf.text(pdf.width / 2, 60, "湖北省社会保险参保证明（个人专用）", size=16, align="center",
             bold=True)
    form = Grid(pdf, LEFT, [70, 100, 60, 60, 70, 155], [], head_rows=0, row_h=20, size=8.5)
    y = form.draw_row(80, ["姓名", worker.name, "性别", "女" if worker.female else "男",
                           "个人编号", worker.personal_number])
    y = form.draw_row(y, ["社会保障号", worker.id_number, "", "", "", ""], spans={1: 5})
    y = form.draw_row(y, ["参保缴费地", history.city.name, "本地缴\n费月数", str(local_months),
                          "参保险种", "企业养老"])
    band = Grid(pdf, LEFT, [WIDTH], [], head_rows=0, row_h=18, size=9)
    y = band.draw_row(y, ["缴费地最末所在单位"])
    unit = Grid(pdf, LEFT, [70, 100, 70, 275], [], head_rows=0, row_h=20, size=8.5,
                aligns=["center", "center", "center", "left"])
    y = unit.draw_row(y, ["单位编号", last.code if last else "", "单位名称",
                          last.name if last else ""])
    y = band.draw_row(y, ["近12个月参保缴费情况"])
    half = [85, 85, 87.5]
    head = [Head(t, i + 3 * k) for k in range(2)
            for i, t in enumerate(("记录月份", "缴费基数(元)", "缴费类型"))]
    grid = Grid(pdf, LEFT, half * 2, head, head_rows=1, head_row_h=18, row_h=18, size=8.5)
    y = grid.draw_head(y, fill_gray=None)
    for r in range(6):
        cells: list[str] = []
        for k in range(2):
            i = k * 6 + r
            if i >= len(recent):
                cells += ["", "", ""]
                continue
            part, status = _cells(recent[i])
            cells += part
            fact = recent[i]
            out.contributions.append(Contribution(
                month=fact.month, insurance="pension",
                base=None if status == "unpaid" else fact.base, status=status, page=1,
                row=r + 1))
        y = grid.draw_row(y, cells, height=grid.row_h)
    y += 16
    notes = ("备注：1. 本证明为参保人在参保缴费地的参保缴费情况，社会保障号即公民身份号码。"
             "2. 本证明自打印之日起六个月内有效。"
             f"3. 可登录 {VERIFY_URL} 输入授权码 {auth} 验证真伪。"
             "4. 缴费类型为“补缴”的记录为补缴到账。")
    for line in wrap(notes, WIDTH, 8, pdf.font):
        pdf.text(LEFT, y, line, size=8)
        y += 13
    pdf.text(LEFT + WIDTH - 160, y + 24, f"打印时间：{printed}", size=8.5)
    pdf.seal_box(LEFT + WIDTH - 80, y + 34, 60)
    pdf.text(pdf.width / 2, 815, "第1页/共1页", size=8, align="center")
    pdf.end_page()
    pdf.save()
    return out
