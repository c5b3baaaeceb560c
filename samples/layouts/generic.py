"""``generic`` - an unseen statement that only uses the usual vocabulary.

Nothing here matches a known layout's title or column order: the title is composed from
common words (``XX市职工社会保险个人缴费记录单`` …), the columns are drawn from the national
field dictionary (formats.md §1.6) and its common synonyms, in a shuffled order, with a date
format, status vocabulary and page-number style picked per document. A reader passes only
if it works from vocabulary, not from coordinates or titles.

Two arrangements:

* ``long``: one row per month x 险种: 序号 | <month> | <险种> | <base> | <单位缴费> |
  <个人缴费> | <status> | <单位名称> [| <到账日期>] (columns after the month shuffled);
* ``wide``: one row per month with per-险种 personal amounts (Shanghai 近期应缴 style):
  <month> | <base> | 养老保险个人缴费 | 医疗保险个人缴费 | 失业保险个人缴费 | <status> | <单位名称>.

Truth: as printed; unpaid months are rows with status 未缴费 and blank amounts; ``paid_on``
where a 到账日期 column is printed (``YYYY-MM-DD`` or ``YYYYMMDD`` in the document). About
one document in five prints its months in full-width digits (``２０２３０１``). Some wide
documents print a ``YYYY年小计`` row after each year; it is not a data row (not counted in
``row``).
"""

from __future__ import annotations

import random
from pathlib import Path

from shebao.samples.history import MonthFact
from shebao.samples.layouts.common import Rendered, history_for, print_date, watermark_mode
from shebao.samples.pdf import Grid, Head, Pdf, fullwidth, yuan

from shebao.records import Contribution, Person

TITLES = ("{city}职工社会保险个人缴费记录单", "{city}参保人员缴费明细查询结果",
          "{city}城镇职工社会保险缴费情况表", "社会保险个人缴费信息（{city}）")
MONTH_LABELS = ("缴费年月", "费款所属期", "缴费月份", "所属期", "对应费款所属期")
INS_LABELS = ("险种", "险种类型", "险种名称")
BASE_LABELS = ("缴费基数", "缴费工资", "月缴费基数", "缴费基数（元）")
EMP_LABELS = ("单位缴费", "单位应缴金额", "单位缴纳", "单位应缴（元）")
PERS_LABELS = ("个人缴费", "个人应缴金额", "个人缴纳", "个人应缴（元）")
STATUS_LABELS = ("缴费状态", "缴费标志", "缴费类型", "到账标志")
EMPLOYER_LABELS = ("单位名称", "缴费单位", "参保单位")
PAID_LABELS = ("到账日期", "到账时间")
INS_NAMES = {
    "pension": ("基本养老保险", "企业职工基本养老保险", "养老保险"),
    "medical": ("基本医疗保险", "职工基本医疗保险", "医疗保险"),
    "unemployment": ("失业保险",),
    "injury": ("工伤保险",),
    "maternity": ("生育保险",),
}
PAID_WORDS = ("正常", "已到账", "已实缴", "已记账")
BACK_WORDS = ("补缴", "补收")
ARREARS_WORDS = ("欠缴", "欠费")
PAGE_STYLES = ("共{t}页，第{p}页", "第 {p} 页 ( 共 {t} 页 )", "第 {p} 页 共 {t} 页",
               "第{p}页/共{t}页", "页码：{p}")
LEFT = 30.0
WIDTH = 535.0
BOTTOM = 790.0


def _month(month: str, style: str) -> str:
    y, m = month[:4], month[5:]
    return {"ym": f"{y}{m}", "dash": f"{y}-{m}", "cn": f"{y}年{m}月"}[style]


def render(rng: random.Random, path: Path, **options) -> Rendered:
    history = history_for(rng, options, city=rng.choice(("guangzhou", "suzhou", "changsha",
                                                          "xiamen")), months=30)
    worker = history.worker
    arrangement = options.get("arrangement") or rng.choice(("long", "wide"))
    title = rng.choice(TITLES).format(city=history.city.name)
    date_style = rng.choice(("ym", "dash", "cn"))
    words = {"paid": rng.choice(PAID_WORDS), "back_paid": rng.choice(BACK_WORDS),
             "arrears": rng.choice(ARREARS_WORDS), "unpaid": "未缴费", "refunded": "退收"}
    page_style = rng.choice(PAGE_STYLES)
    labels = {
        "month": rng.choice(MONTH_LABELS), "ins": rng.choice(INS_LABELS),
        "base": rng.choice(BASE_LABELS), "emp": rng.choice(EMP_LABELS),
        "pers": rng.choice(PERS_LABELS), "status": rng.choice(STATUS_LABELS),
        "employer": rng.choice(EMPLOYER_LABELS),
        "paid": rng.choice(PAID_LABELS) if rng.random() < 0.6 else None,
    }
    paid_compact = rng.random() < 0.4
    fw = bool(options.get("fullwidth", rng.random() < 0.2))  # months in full-width digits
    newest_first = rng.random() < 0.4
    facts = list(reversed(history.months)) if newest_first else list(history.months)

    if arrangement == "long":
        shown = [i for i in ("pension", "medical", "unemployment", "injury", "maternity")
                 if i == "pension" or rng.random() < 0.6]
        order = ["ins", "base", "emp", "pers", "status", "employer"]
        rng.shuffle(order)
        keys = ["seq", "month", *order] + (["paid"] if labels["paid"] else [])
        ins_name = {i: rng.choice(INS_NAMES[i]) for i in shown}
        rows = [(f, ins) for f in facts for ins in shown]
    else:
        shown = ["pension", "medical", "unemployment"]
        keys = ["month", "base", "pension", "medical", "unemployment", "status", "employer"]
        labels.update(pension="养老保险个人缴费", medical="医疗保险个人缴费",
                      unemployment="失业保险个人缴费", paid=None)  # no 到账日期 column
        rows = [(f, None) for f in facts]
        ins_name = {}
    labels["seq"] = "序号"
    widths_raw = {"seq": 26, "month": 56, "ins": 76, "base": 52, "emp": 52, "pers": 52,
                  "status": 46, "employer": 150, "paid": 58, "pension": 60, "medical": 60,
                  "unemployment": 60}
    raw = [widths_raw[k] for k in keys]
    widths = [w * WIDTH / sum(raw) for w in raw]
    pdf = Pdf(path, watermark=watermark_mode(rng, options), title=title,
              font=options.get("font") or rng.choice(("sans", "serif")))
    grid = Grid(pdf, LEFT, widths, [Head(labels[k], i) for i, k in enumerate(keys)],
                head_rows=1, head_row_h=20, row_h=14, size=7,
                aligns=["left" if k == "employer" else "center" for k in keys])

    def cells_of(fact: MonthFact, ins: str | None, seq: int) -> tuple[list[str], str]:
        status = fact.status if fact.declared else "unpaid"
        month = _month(fact.month, date_style)
        values = {"seq": str(seq), "month": fullwidth(month) if fw else month,
                  "status": words[status], "ins": ins_name.get(ins, ""),
                  "base": "", "emp": "", "pers": "", "employer": "", "paid": "",
                  "pension": "", "medical": "", "unemployment": ""}
        if status != "unpaid":
            values["base"] = yuan(fact.base)
            values["employer"] = fact.employer.name
            if ins:
                values["emp"] = yuan(fact.amounts[ins][0])
                values["pers"] = yuan(fact.amounts[ins][1])
            else:
                for i in shown:
                    values[i] = yuan(fact.amounts[i][1])
            if fact.paid_on and status != "arrears":
                values["paid"] = (fact.paid_on.replace("-", "") if paid_compact
                                  else fact.paid_on)
        return [values[k] for k in keys], status

    def subtotal_of(year_facts: list[MonthFact]) -> list[str]:
        values = dict.fromkeys(keys, "")
        values["month"] = f"{year_facts[0].year}年小计"
        for i in shown:
            values[i] = yuan(sum(f.amounts[i][1] for f in year_facts if f.declared))
        return [values[k] for k in keys]

    # wide arrangement: some documents print a 小计 row after each calendar year
    subtotals = arrangement == "wide" and rng.random() < 0.4
    # paginate with real row heights (long names wrap)
    plan: list[list[tuple]] = [[]]
    y = 120 + grid.head_height()
    for seq, (fact, ins) in enumerate(rows, start=1):
        cells, status = cells_of(fact, ins, seq)
        h = grid.height_of(cells)
        if subtotals and (seq == len(rows) or rows[seq][0].year != fact.year):
            year_facts = [f for f, _ in rows if f.year == fact.year]
            plan_rows = [(fact, ins, cells, status, h), (None, None, subtotal_of(year_facts),
                                                        "subtotal", h)]
        else:
            plan_rows = [(fact, ins, cells, status, h)]
        for item in plan_rows:
            if y + item[4] > BOTTOM:
                plan.append([])
                y = 70 + grid.head_height()
            plan[-1].append(item)
            y += item[4]
    total = len(plan)
    out = Rendered(kind="statement", history=history, pages=total,
                   person=Person(name=worker.name, id_number=worker.id_number,
                                 social_security_number=worker.personal_number,
                                 insured_place=history.city.name))
    printed = print_date(rng, history)
    for p, page_rows in enumerate(plan, start=1):
        pdf.begin_page()
        pdf.text(pdf.width / 2, 50, title, size=14, align="center", bold=True)
        y = 70.0
        if p == 1:
            pdf.text(LEFT, 78, f"姓名：{worker.name}", size=8.5)
            pdf.text(LEFT + 120, 78, f"公民身份号码：{worker.id_number}", size=8.5)
            pdf.text(LEFT + 330, 78, f"个人编号：{worker.personal_number}", size=8.5)
            pdf.text(LEFT, 94, f"参保地：{history.city.name}", size=8.5)
            pdf.text(LEFT + 120, 94, f"打印日期：{printed}", size=8.5)
            pdf.text(LEFT + WIDTH, 110, "单位：元", size=8, align="right")
            y = 120.0
        y = grid.draw_head(y)
        r = 0
        for fact, ins, cells, status, h in page_rows:
            y = grid.draw_row(y, cells, height=h)
            if status == "subtotal":  # not a data row
                continue
            r += 1
            for i in [ins] if ins else shown:
                if status == "unpaid":
                    out.contributions.append(Contribution(month=fact.month, insurance=i,
                                                          status="unpaid", page=p, row=r))
                    continue
                emp, pers = fact.amounts[i]
                out.contributions.append(Contribution(
                    month=fact.month, insurance=i, base=fact.base,
                    employer_amount=emp if ins else None, personal_amount=pers,
                    employer=fact.employer.name, status=status,
                    paid_on=fact.paid_on if (labels["paid"] and status != "arrears") else None,
                    page=p, row=r))
        pdf.text(pdf.width / 2, 820, page_style.format(p=p, t=total), size=8, align="center")
        pdf.end_page()
    pdf.save()
    return out
