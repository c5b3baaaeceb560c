"""L5 - annual 权益记录 (Beijing, landscape) and the Henan month-grid variant, §6 L5.

``L5`` (北京市社会保险个人权益记录(参保人员缴费信息), A4 landscape): two seal boxes above the
title; header 3x2 (参保人姓名/校验码, 社会保障号码/查询流水号, 单位名称/查询日期);
一、养老保险单位变动记录 (缴费起始年月 | 缴费截止年月 | 实际缴费月数 | 单位名称 | 缴费区县);
二、五险缴费明细, one row per calendar year: 缴费起止年月 (``201901-201912``, ``*`` prefix when
the year contains 补缴) | 养老{月数, 年缴费基数, 个人缴费} | 失业{…} | 工伤{月数, 年缴费基数} |
医疗{月数, 年缴费基数, 个人缴费} | 生育{月数, 年缴费基数}; 合计 row with ``------`` bases;
三、补充资料 (years of contribution ``X年Y个月``, account balance in prose), 备注, agency and
date; footer ``第 1 页 ( 共 N 页 )``.
Truth: ``annual`` rows per year x insurance: months (paid + back-paid months of the year),
annual_base = Σ monthly bases, personal_amount = Σ personal amounts (``None`` for injury and
maternity), status ``back_paid`` for a ``*`` year else ``paid``; no ``contributions``.

``L5-henan`` (河南省社会保险个人权益记录单（YYYY年）, portrait, one page per year, the last two
complete years of the history): 表单验证号码 + QR placeholder, person grid, 账户情况 row, then
参保缴费情况: rows 01-12 with 缴费基数 and 缴费情况 ●/△/○/- for 基本养老保险, 失业保险, 工伤保险.
Truth: ``contributions`` per month x insurance with ``base`` only (amounts not printed ->
``None``), ● and ○ -> ``paid``, △ -> ``arrears`` (base printed), ``-`` -> ``unpaid``;
``employer`` ``None`` (rows do not name it); ``row`` = month row 1-12 on the page.
"""

from __future__ import annotations

import random
from pathlib import Path

from shebao.samples.history import History, MonthFact, money
from shebao.samples.identity import digits
from shebao.samples.layouts.common import Rendered, history_for, print_date, watermark_mode
from shebao.samples.layouts.l3_ranges import stretches
from shebao.samples.pdf import (
    LANDSCAPE,
    PORTRAIT,
    VERIFY_URL,
    Grid,
    Head,
    Pdf,
    whole,
    wrap,
    yuan,
)

from shebao.records import Annual, Contribution, Person

COUNTED = ("paid", "back_paid")
BJ_INS = (("pension", "养老", True), ("unemployment", "失业", True), ("injury", "工伤", False),
          ("medical", "医疗", True), ("maternity", "生育", False))


def _years(history: History) -> dict[int, list[MonthFact]]:
    out: dict[int, list[MonthFact]] = {}
    for f in history.months:
        if f.status in COUNTED and f.declared:
            out.setdefault(f.year, []).append(f)
    return out


def render_beijing(rng: random.Random, path: Path, **options) -> Rendered:
    """Two passes: the first counts the pages for ``共 N 页``, the second draws them."""
    state = rng.getstate()
    first = _beijing(rng, path, options, total=0)
    rng.setstate(state)
    return _beijing(rng, path, options, total=first.pages)


def _beijing(rng: random.Random, path: Path, options: dict, total: int) -> Rendered:
    history = history_for(rng, options, city="beijing", months=60)
    worker = history.worker
    years = _years(history)
    check_code = digits(rng, 16)
    serial = digits(rng, 20)
    printed = print_date(rng, history)
    last = history.last_employer

    pdf = Pdf(path, LANDSCAPE, watermark=watermark_mode(rng, options),
              title="北京市社会保险个人权益记录(参保人员缴费信息)")
    left, width = 36.0, 770.0
    cols = [96] + [42, 60, 56] * 2 + [42, 60] + [42, 60, 56] + [42, 60]
    cols = [c * width / sum(cols) for c in cols]
    head = [Head("缴费起止年月", 0, 0, 1, 2)]
    col = 1
    for _, label, personal in BJ_INS:
        span = 3 if personal else 2
        head.append(Head(f"{label}实际缴费", col, 0, span))
        subs = ["月数", "年缴费基数", "个人缴费"][:span]
        head += [Head(s, col + i, 1) for i, s in enumerate(subs)]
        col += span
    grid = Grid(pdf, left, cols, head, head_rows=2, head_row_h=15, row_h=15, size=7.2,
                aligns=["center"] + ["right"] * (len(cols) - 1))
    out = Rendered(kind="statement", history=history, pages=0,
                   # 社会保障号码 prints the ID number: it is the ID number as well
                   person=Person(name=worker.name, social_security_number=worker.id_number,
                                 id_number=worker.id_number, insured_place=history.city.name))

    pdf.begin_page()
    pdf.seal_box(left + 250, 12, 44)
    pdf.seal_box(left + 470, 12, 44)
    pdf.text(pdf.width / 2, 76, "北京市社会保险个人权益记录(参保人员缴费信息)", size=15,
             align="center", bold=True)
    info = Grid(pdf, left, [90, 260, 90, 330], [], head_rows=0, row_h=15, size=8,
                aligns=["left"] * 4)
    y = info.draw_row(88, ["参保人姓名:", worker.name, "校验码:", check_code])
    y = info.draw_row(y, ["社会保障号码:", worker.id_number, "查询流水号:", serial])
    y = info.draw_row(y, ["单位名称:", last.name if last else "",
                          "查询日期:", f"{history.first[:4]}年{history.first[5:]}月--"
                                     f"{history.last[:4]}年{history.last[5:]}月"])
    y += 18
    pdf.text(left, y, "一、养老保险单位变动记录", size=9, bold=True)
    moves = Grid(pdf, left, [110, 110, 90, 280, 180],
                 [Head(t, i) for i, t in enumerate(
                     ["缴费起始年月", "缴费截止年月", "实际缴费月数", "单位名称", "缴费区县"])],
                 head_rows=1, head_row_h=15, row_h=15, size=7.5,
                 aligns=["center", "center", "center", "left", "left"])
    y = moves.draw_head(y + 5)
    by_employer: list[list[MonthFact]] = []
    for s in stretches(history):
        if s.first.status not in COUNTED:
            continue
        if by_employer and by_employer[-1][-1].employer == s.first.employer:
            by_employer[-1].extend(s.facts)
        else:
            by_employer.append(list(s.facts))
    for facts in by_employer:
        emp = facts[0].employer
        y = moves.draw_row(y, [facts[0].month.replace("-", ""), facts[-1].month.replace("-", ""),
                               str(len(facts)), emp.name,
                               f"北京市{emp.district}社会保险基金管理中心"])
    y += 18
    pdf.text(left, y, "二、五险缴费明细", size=9, bold=True)
    y = grid.draw_head(y + 5)
    page, row = 1, 0
    sums: dict[str, list[float]] = {ins: [0, 0.0] for ins, _, _ in BJ_INS}
    for year, facts in sorted(years.items()):
        if y + 15 > 560:
            _bj_footer(pdf, page, total)
            pdf.end_page()
            pdf.begin_page()
            page, row = page + 1, 0
            y = grid.draw_head(40)
        row += 1
        star = "*" if any(f.status == "back_paid" for f in facts) else ""
        cells = [f"{star}{facts[0].month.replace('-', '')}-{facts[-1].month.replace('-', '')}"]
        for ins, _, personal in BJ_INS:
            base = money(sum(f.base for f in facts))
            pers = money(sum(f.amounts[ins][1] for f in facts)) if personal else None
            cells += [str(len(facts)), yuan(base)] + ([yuan(pers)] if personal else [])
            sums[ins][0] += len(facts)
            sums[ins][1] += pers or 0.0
            out.annual.append(Annual(year=year, insurance=ins, months=len(facts),
                                     annual_base=base, personal_amount=pers,
                                     status="back_paid" if star else "paid", page=page, row=row))
        y = grid.draw_row(y, cells, height=15)
    sum_row = ["合计"]
    for ins, _, personal in BJ_INS:
        sum_row += [str(int(sums[ins][0])), "------"] + ([yuan(sums[ins][1])] if personal else [])
    y = grid.draw_row(y, sum_row, height=15)
    months = int(sums["pension"][0])
    balance = money(sums["pension"][1] * rng.uniform(1.05, 1.2))
    lines = [
        ("三、补充资料", True),
        (f"参保人在我市养老保险累计实际缴费年限 {months // 12}年{months % 12}个月 (其中趸缴年限"
         f" 00年00个月)，医疗保险累计实际缴费年限 {months // 12}年{months % 12}个月。", False),
        (f"截至 {int(history.last[:4]) - 1} 年末，参保人在我市养老保险个人账户本息合计金额："
         f"{balance:.2f} 元。", False),
        ("备注：1. 本权益记录可在30日内登录 " + VERIFY_URL + " 使用校验码和查询流水号校验。"
         "2. 黑色与红色印章具有同等效力。3. 缴费起止年月前带“*”表示该年内含有补缴信息。", False),
    ]
    if y + 110 > 560:
        _bj_footer(pdf, page, total)
        pdf.end_page()
        pdf.begin_page()
        page += 1
        y = 40
    y += 22
    for text, bold in lines:
        for line in wrap(text, width, 8, pdf.font):
            pdf.text(left, y, line, size=9 if bold else 8, bold=bold)
            y += 13
        y += 3
    pdf.text(left + width - 220, y + 12, history.city.agency, size=8.5)
    pdf.text(left + width - 220, y + 26, f"日期: {printed[:4]}年{printed[5:7]}月{printed[8:]}日",
             size=8.5)
    _bj_footer(pdf, page, total)
    pdf.end_page()
    pdf.save()
    out.pages = page
    return out


def _bj_footer(pdf: Pdf, page: int, total: int) -> None:
    pdf.text(pdf.width / 2, 580, f"第 {page} 页 ( 共 {total} 页 )", size=8, align="center")


# ---------------------------------------------------------------------------------------------
# Henan variant: one page per year, months 01-12 as rows with ●/△/○/- per insurance
# ---------------------------------------------------------------------------------------------

HN_INS = (("pension", "基本养老保险"), ("unemployment", "失业保险"), ("injury", "工伤保险"))
MARK = {"paid": "●", "back_paid": "●", "arrears": "△", "unpaid": "-", "refunded": "-"}


def _henan_cell(fact: MonthFact | None, transferred: bool) -> tuple[str, str, str]:
    """(base cell, marker, truth status) of one month."""
    if fact is None or not fact.declared or fact.status in ("unpaid", "refunded"):
        return "", "-", "unpaid"
    if fact.status == "arrears":
        return whole(fact.base), "△", "arrears"
    return whole(fact.base), "○" if transferred else "●", "paid"


def render_henan(rng: random.Random, path: Path, **options) -> Rendered:
    history = history_for(rng, options, city="zhengzhou", months=36)
    worker = history.worker
    # only complete calendar years (a year's record is printed after it ends)
    last_year = int(history.last[:4]) - (0 if history.last.endswith("-12") else 1)
    n_years = int(options.get("years") or 2)
    years = [y for y in range(last_year - n_years + 1, last_year + 1)
             if any(f.year == y for f in history.months)]
    first_declared = next((f for f in history.months if f.declared), None)
    transfer = set()
    if first_declared and rng.random() < 0.5:  # earliest months recorded as 外地转入
        k = rng.randint(1, 3)
        transfer = {f.month for f in history.months
                    if f.declared and f.status == "paid"}
        transfer = set(sorted(transfer)[:k])
    verify = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    printed = print_date(rng, history)
    ss_number = worker.id_number
    last = history.last_employer
    pdf = Pdf(path, PORTRAIT, watermark=watermark_mode(rng, options),
              title="河南省社会保险个人权益记录单", font=options.get("font") or "serif")
    left, width = 40.0, 515.0
    out = Rendered(kind="statement", history=history, pages=len(years),
                   person=Person(name=worker.name, id_number=worker.id_number,
                                 social_security_number=ss_number,
                                 insured_place=history.city.province))
    cols = [60] + [85, 455 / 3 - 85] * 3
    head = [Head("月份", 0, 0, 1, 2)]
    for i, (_, label) in enumerate(HN_INS):
        head += [Head(label, 1 + 2 * i, 0, 2), Head("缴费基数", 1 + 2 * i, 1),
                 Head("缴费情况", 2 + 2 * i, 1)]
    grid = Grid(pdf, left, cols, head, head_rows=2, head_row_h=16, row_h=17, size=8,
                aligns=["center", "right", "center"] * 3,
                per_char_cols=frozenset({1, 3, 5}))  # bases drawn digit by digit
    for p, year in enumerate(years, start=1):
        pdf.begin_page()
        pdf.qr_box(left, 26, 44)
        pdf.text(left + 54, 40, f"表单验证号码{verify}", size=7)
        pdf.text(pdf.width / 2, 92, f"河南省社会保险个人权益记录单（{year}年）", size=15,
                 align="center", bold=True)
        pdf.text(left + width, 108, "单位：元", size=8, align="right")
        info = Grid(pdf, left, [80, 150, 80, 205], [], head_rows=0, row_h=16, size=8,
                    aligns=["center", "left"] * 2)
        y = info.draw_row(114, ["证件类型", "居民身份证", "证件号码", worker.id_number])
        y = info.draw_row(y, ["社会保障号码", ss_number, "姓名",
                              f"{worker.name}    性别：{'女' if worker.female else '男'}"])
        y = info.draw_row(y, ["联系地址", f"{history.city.province}{history.city.name}"
                              f"{rng.choice(history.city.towns)}", "邮政编码",
                              f"450{rng.randrange(0, 999):03d}"])
        y = info.draw_row(y, ["单位名称", last.name if last else "", "参加工作时间",
                              f"{history.first}-01"])
        y += 14
        pdf.text(left, y, "账户情况", size=9, bold=True)
        acc = Grid(pdf, left, [70, 85, 75, 75, 50, 75, 85],
                   [Head(t, i) for i, t in enumerate(
                       ["险种", "截止上年末\n累计存储额", "本年账户\n记入本金",
                        "本年账户\n记入利息", "账户月数", "本年账户\n支出额", "累计储存额"])],
                   head_rows=1, head_row_h=24, row_h=16, size=7.5)
        y = acc.draw_head(y + 5)
        facts = [f for f in history.months if f.year == year]
        principal = money(sum(f.amounts["pension"][1] for f in facts if f.status in COUNTED
                              and f.declared))
        before = money(sum(f.amounts["pension"][1] for f in history.months
                           if f.year < year and f.status in COUNTED and f.declared))
        interest = money(before * 0.02)
        n_acc = sum(1 for f in history.months if f.year <= year and f.status in COUNTED
                    and f.declared)
        y = acc.draw_row(y, ["基本养老保险", yuan(before), yuan(principal), yuan(interest),
                             str(n_acc), "0.00", yuan(money(before + principal + interest))])
        y += 16
        pdf.text(left, y, "参保缴费情况", size=9, bold=True)
        status_grid = Grid(pdf, left, [60] + [455 / 3] * 3, [], head_rows=0, row_h=16,
                           size=7.5, aligns=["center"] * 4)
        y += 5
        start = f"{first_declared.month}-01" if first_declared else ""
        state = "参保缴费" if history.months[-1].declared else "暂停缴费"
        y = status_grid.draw_row(y, ["险种", *[label for _, label in HN_INS]])
        y = status_grid.draw_row(y, ["参保时间", start, start, start])
        y = status_grid.draw_row(y, ["缴费状态", state, state, state])
        y = grid.draw_head(y)
        by_month = {f.month: f for f in facts}
        for m in range(1, 13):
            month = f"{year}-{m:02d}"
            fact = by_month.get(month)
            base, mark, status = _henan_cell(fact, month in transfer)
            cells = [f"{m:02d}"]
            for ins, _ in HN_INS:
                cells += [base, mark]
                out.contributions.append(Contribution(
                    month=month, insurance=ins, base=fact.base if status != "unpaid" else None,
                    status=status, page=p, row=m))
            y = grid.draw_row(y, cells, height=17)
        y += 16
        notes = ("说明：1. 缴费情况标识：●已经实缴，△欠费，○外地转入，-未制定计划。"
                 "2. 本记录单仅供参保人核对本人权益信息使用。"
                 f"3. 可登录 {VERIFY_URL} 输入表单验证号码核验。"
                 "4. 账户储存额含本金和利息。5. 如有疑问请咨询参保地社会保险经办机构。")
        for line in wrap(notes, width, 7.5, pdf.font):
            pdf.text(left, y, line, size=7.5)
            y += 11
        pdf.text(left, y + 10, f"数据统计截止至：{year}年12月31日", size=8)
        pdf.text(left + width, y + 10, f"打印时间：{printed}", size=8, align="right")
        pdf.end_page()
    pdf.save()
    return out
