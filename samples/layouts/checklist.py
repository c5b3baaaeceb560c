"""``checklist`` (extra layout) - 社会保险缴费清单: two range records per printed line, ``√`` per
险种 (formats.md §2.3, "checkmark 缴费清单 two-up rows").

Header ``姓名: … 身份证号: 320583********1234 验证码：…`` / ``社会保障卡号: … 参保状态：…
打印方式：网站``; the line ``YYYY年MM月至YYYY年MM月 累计缴费年限``; a summary 险种 养老 | 医疗 |
失业 | 工伤 | 生育 -> 累计缴费月数 (``114（9年6月）``); then the detail, **two records per line**:
序号 | 缴费起止年月 (``2009/07-2009/08``) | 月缴费基数 | 养老 | 医疗 | 失业 | 工伤 | 生育 (``√``) |
单位代码 ‖ the same again. A4 portrait, pages as needed with ``第N页/共M页``.

Truth: ranges (consecutive paid or back-paid months with one employer and base) expanded to
months, one record per month x 险种 ticked, ``base`` = 月缴费基数, no amounts, no status words
(ticked = ``paid``; the list does not distinguish back-payments), ``employer_code`` = 单位代码,
``employer`` ``None``; the ID number as printed (masked); ``row`` = the printed line, shared by
the two records on it. Some employers did not insure 生育 or 失业 (no ``√``, no record).

Not in :data:`shebao.samples.LAYOUTS`; listed in :data:`shebao.samples.EXTRA_LAYOUTS`.
"""

from __future__ import annotations

import random
from pathlib import Path

from shebao.samples.layouts.common import Rendered, history_for, print_date, watermark_mode
from shebao.samples.layouts.l3_ranges import stretches
from shebao.samples.pdf import Grid, Head, Pdf, whole

from shebao.records import Contribution, Person

LEFT = 28.0
WIDTH = 539.0
ORDER = (("pension", "养老"), ("medical", "医疗"), ("unemployment", "失业"),
         ("injury", "工伤"), ("maternity", "生育"))
LINES_FIRST = 26
LINES_OTHER = 40


def render(rng: random.Random, path: Path, **options) -> Rendered:
    history = history_for(rng, options, city="suzhou", months=84)
    worker = history.worker
    masked = worker.id_number[:6] + "*" * 8 + worker.id_number[14:]
    covered = {e.code: {ins for ins, _ in ORDER
                        if ins in ("pension", "medical", "injury") or rng.random() < 0.7}
               for e in history.employers}
    ranges = [s for s in stretches(history) if s.first.status in ("paid", "back_paid")]
    lines = [ranges[i:i + 2] for i in range(0, len(ranges), 2)]
    pages = [lines[:LINES_FIRST]]
    rest = lines[LINES_FIRST:]
    while rest:
        pages.append(rest[:LINES_OTHER])
        rest = rest[LINES_OTHER:]
    code = "".join(rng.choice("0123456789ABCDEF") for _ in range(12))
    printed = print_date(rng, history)
    pdf = Pdf(path, watermark=watermark_mode(rng, options), title="社会保险缴费清单",
              font=options.get("font") or "serif")
    out = Rendered(kind="statement", history=history, pages=len(pages),
                   person=Person(name=worker.name, id_number=masked,
                                 social_security_number=worker.personal_number,
                                 insured_place=history.city.name))
    half = [22, 72, 40, 16, 16, 16, 16, 16, 55.5]
    grid_head = []
    for k in range(2):
        base = 9 * k
        grid_head += [Head(t, base + i) for i, t in enumerate(
            ("序号", "缴费起止年月", "月缴费\n基数", "养老", "医疗", "失业", "工伤", "生育",
             "单位代码"))]
    months_of = {ins: 0 for ins, _ in ORDER}
    for s in ranges:
        for ins, _ in ORDER:
            if ins in covered[s.first.employer.code]:
                months_of[ins] += s.n
    seq = 0
    for p, page in enumerate(pages, start=1):
        pdf.begin_page()
        pdf.text(pdf.width / 2, 50, "社会保险缴费清单", size=16, align="center", bold=True)
        y = 62.0
        grid = Grid(pdf, LEFT, half * 2, grid_head, head_rows=1, head_row_h=22, row_h=14,
                    size=7)
        if p == 1:
            pdf.text(LEFT, 76, f"姓名: {worker.name}", size=8.5)
            pdf.text(LEFT + 130, 76, f"身份证号: {masked}", size=8.5)
            pdf.text(LEFT + 360, 76, f"验证码：{code}", size=8.5)
            pdf.text(LEFT, 92, f"社会保障卡号: {worker.personal_number}", size=8.5)
            state = "正常参保" if history.months[-1].declared else "暂时中止"
            pdf.text(LEFT + 190, 92, f"参保状态：{state}", size=8.5)
            pdf.text(LEFT + 330, 92, "打印方式：网站", size=8.5)
            pdf.text(LEFT + 440, 92, f"参保地：{history.city.name}", size=8.5)
            a, b = history.first, history.last
            pdf.text(LEFT, 110, f"{a[:4]}年{a[5:]}月至{b[:4]}年{b[5:]}月 累计缴费年限", size=9,
                     bold=True)
            summary = Grid(pdf, LEFT, [80] + [(WIDTH - 80) / 5] * 5, [], head_rows=0,
                           row_h=16, size=8)
            y = summary.draw_row(116, ["险种", *[label for _, label in ORDER]])
            y = summary.draw_row(y, ["累计缴费月数", *[
                f"{months_of[ins]}（{months_of[ins] // 12}年{months_of[ins] % 12}月）"
                for ins, _ in ORDER]])
            y += 10
        y = grid.draw_head(y)
        for r, pair in enumerate(page, start=1):
            cells: list[str] = []
            for s in pair:
                seq += 1
                f = s.first
                ticked = covered[f.employer.code]
                cells += [str(seq), f"{f.month.replace('-', '/')}-"
                                    f"{s.facts[-1].month.replace('-', '/')}", whole(f.base),
                          *["√" if ins in ticked else "" for ins, _ in ORDER], f.employer.code]
                for fact in s.facts:
                    for ins, _ in ORDER:
                        if ins in ticked:
                            out.contributions.append(Contribution(
                                month=fact.month, insurance=ins, base=fact.base,
                                employer_code=f.employer.code, status="paid", page=p, row=r))
            cells += [""] * (18 - len(cells))
            y = grid.draw_row(y, cells, height=grid.row_h)
        if p == len(pages):
            pdf.text(LEFT, y + 18, f"打印日期：{printed}", size=8)
            pdf.text(LEFT + 200, y + 18, "（本清单不含未到账及欠缴记录）", size=8)
        pdf.text(pdf.width / 2, 815, f"第{p}页/共{len(pages)}页", size=8, align="center")
        pdf.end_page()
    pdf.save()
    return out
