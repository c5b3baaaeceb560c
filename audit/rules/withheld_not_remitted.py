"""``withheld_not_remitted``: the pay slip withheld a pension contribution that the statement
does not show as paid (or shows a smaller personal amount).

Legal condition: the employer withholds the worker's share and must pay it with its own, and
tell the worker monthly what was paid (社会保险法 第六十条); money withheld and not paid is
arrears with a late fee (第六十三条, 第八十六条). Per month: remitted = the personal amounts
of the month's paid/back_paid pension rows (of the slip's employer where the statement names
it); owed = deducted - remitted when above 1 fen; late fee to the audit date on that amount.
The employer's own share for a month with nothing paid is in ``missing_months``.
"""

from __future__ import annotations

from decimal import Decimal

from shebao.audit.dues import withheld
from shebao.audit.merge import same_employer
from shebao.audit.rules.common import (
    Line,
    arrears_finding,
    grouped_by_employer,
    money_sentence,
    note_unknown,
    ranges,
)
from shebao.audit.rules.context import COUNTED, Context
from shebao.audit.settings import WITHHELD_TOLERANCE

CITES = ("sil_60", "sil_63", "sil_86")


def check(ctx: Context) -> None:
    by_month = ctx.history.by_month()
    found = []
    unshown: list = []
    uncovered: list = []
    for slip in ctx.history.slips:
        deducted = slip.payslip.deductions.pension
        if not deducted or deducted <= 0:
            continue
        if not ctx.history.covers(slip.month):
            uncovered.append(slip.month)  # no statement shows this month at all
            continue
        rows = [r for r in by_month.get(slip.month, []) if r.status in COUNTED
                and same_employer(r.row.employer, slip.payslip.employer)]
        if not rows:  # the statement may not name employers: any paid row of the month
            rows = [r for r in by_month.get(slip.month, []) if r.status in COUNTED
                    and not r.row.employer]
        if rows and any(r.row.personal_amount is None for r in rows):
            unshown.append(slip.month)  # the statement does not show the personal amount
            continue
        remitted = sum((Decimal(str(r.row.personal_amount)) for r in rows), Decimal(0))
        short = Decimal(str(deducted)) - remitted
        if short > WITHHELD_TOLERANCE:
            found.append((slip, rows, short, remitted))
    if uncovered:
        ctx.note_missing(f"{ranges(sorted(set(uncovered)))}：工资条有养老保险扣款，但没有覆盖这些"
                         "月份的缴费明细，无法核对是否缴纳；请打印包含这些月份的缴费明细")
    if unshown:
        ctx.note_missing(f"{ranges(sorted(set(unshown)))}：工资条有养老保险扣款，但缴费记录未显示"
                         "个人缴费额，无法核对扣款是否全部缴纳；打印显示个人缴费额的缴费明细可补查")
    for employer, group in grouped_by_employer(found, lambda x: x[0].payslip.employer).items():
        lines: list[Line] = []
        none_paid = []
        for slip, rows, short, remitted in sorted(group, key=lambda x: x[0].month):
            d = withheld(short, slip.month, ctx.as_of, ctx.P)
            if not rows:
                none_paid.append(slip.month)
            how = (f"工资条代扣{slip.payslip.deductions.pension:.2f}元，缴费记录个人缴费"
                   f"{remitted:.2f}元")
            ev = slip.evidence() + [e for r in rows for e in r.evidence()]
            lines.append(Line(d, None, None, how, ev))
        months = [ln.dues.month for ln in lines]
        text = (f"{ranges(months)}（共{len(months)}个月）工资条显示{employer or '单位'}从您的工资中"
                "扣了养老保险费，")
        if len(none_paid) == len(months):
            text += "但缴费记录中这些月份没有养老保险缴费。"
        else:
            text += "但缴费记录中没有缴费或个人缴费少于扣款。"
        text += ("单位代扣的个人缴费必须连同单位缴费一起缴纳（社会保险法第六十条），"
                 "扣了钱不缴是严重问题，可向税务部门或社保部门投诉。")
        finding = arrears_finding("withheld_not_remitted", "high", employer, lines, text, CITES)
        finding.message = text + money_sentence(finding, note_unknown(ctx, lines))
        ctx.findings.append(finding)
