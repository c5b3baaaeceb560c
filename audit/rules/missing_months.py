"""``missing_months``: months of employment without a paid pension contribution.

Legal condition: the employer must register the worker within 30 days of hiring and declare
and pay contributions on time and in full, withholding the worker's share (社会保险法 第五十八条,
第六十条); unpaid contributions are ordered paid with a late fee of 0.05% a day from the day
they fell overdue (第六十三条, 第八十六条). A month inside an employment period (stated, or
inferred from pay slips and from the statement showing the same employer before and after)
with no ``paid``/``back_paid`` pension row is such a month. Months between employers are
reported separately as information (severity ``info``, no amount): nobody owed them.

A month the statement shows as ``pending`` (未到账 / 未到帐: declared, not yet credited) is not
missing while it is no older than the usual crediting delay
(``national/contribution/pending_credit_months``, unconfirmed: the certificates' own note
says 1-3 months); it is reported in ``missing`` (what could not be judged) instead. Older, it
is judged like any unpaid month and the message says how long it has been pending. When the
delay is unknown, pending months are not judged at all. ``not_insured`` months (未参保) inside
an employment period are missing months like any other.

Amount per month: the base owed (:meth:`Context.required_base`: pay slips, else the
employer's own nearest declared base, else at least the floor) x the rates, late fee to the
audit date (:mod:`shebao.audit.dues`).

The message names the employer when the evidence does (您在<单位>工作); when it names none
(e.g. 欠缴 months on a statement whose rows carry no employer) it says the worker was employed
and that the records name no employer, never a placeholder standing in for a name.
"""

from __future__ import annotations

from shebao.audit.citations import basis
from shebao.audit.dues import dues
from shebao.audit.merge import same_employer
from shebao.audit.months import YearMonth, format_duration
from shebao.audit.params import Unknown, Value
from shebao.audit.rules.common import (
    Line,
    arrears_finding,
    dedupe,
    money_sentence,
    note_unknown,
    ranges,
    reason_text,
)
from shebao.audit.rules.context import Context, Period

from shebao.records import Finding

CITES = ("sil_58", "sil_60", "sil_63", "sil_86")


def _employers(periods: list[Period]) -> list[tuple[str | None, list[Period]]]:
    out: list[tuple[str | None, list[Period]]] = []
    for p in periods:
        for i, (name, group) in enumerate(out):
            if same_employer(name, p.employer):
                group.append(p)
                if len(p.employer or "") > len(name or ""):
                    out[i] = (p.employer, group)
                break
        else:
            out.append((p.employer, [p]))
    return out


PENDING_DELAY = "national/contribution/pending_credit_months"


def recent_pending(ctx: Context) -> tuple[set[YearMonth], int | None]:
    """Months shown as pending (未到账) that are still within the usual crediting delay, and
    the delay in months (None when unknown: then every pending month is left unjudged)."""
    pending = {r.month for r in ctx.history.records if r.status == "pending"}
    if not pending:
        return set(), None
    delay = ctx.P.get(PENDING_DELAY, ctx.as_of)
    if not isinstance(delay, Value):
        ctx.note_missing(f"{ranges(sorted(pending))}：明细显示“未到账”，通常的到账时限未知，"
                         "这些月份暂不判断是否欠缴")
        return pending, None
    months = int(delay.value)
    recent = {m for m in pending if ctx.as_of_month.months_since(m) <= months}
    if recent:
        ctx.note_missing(f"{ranges(sorted(recent))}：明细显示“未到账”（已申报、尚未到账），"
                         f"在通常的 {months} 个月到账时限内，暂不算欠缴；请过后重新打印明细核对"
                         "（到账时限取自参保证明的说明，未经法规确认）")
    return recent, months


def check(ctx: Context) -> None:
    paid = ctx.history.paid_months()
    by_month = ctx.history.by_month()
    # refunded months were paid and later refunded: that is refunded_months, not arrears
    refunded = {r.month for r in ctx.history.records if r.status == "refunded"}
    waiting, delay = recent_pending(ctx)
    overdue_pending = {r.month for r in ctx.history.records
                       if r.status == "pending"} - waiting
    covered: set[YearMonth] = set(refunded) | waiting
    for employer, periods in _employers(ctx.periods):
        months = sorted({m for p in periods for m in p.months()
                         if m <= ctx.as_of_month} - paid - refunded - waiting)
        outside = [m for m in months if not ctx.history.covers(m)]
        if outside:
            ctx.note_missing(f"{ranges(outside)}：在职，但现有缴费明细没有覆盖这些月份，"
                             "无法判断是否缴费；请打印包含这些月份的缴费明细")
            months = [m for m in months if ctx.history.covers(m)]
        covered |= {m for p in periods for m in p.months()}
        if not months:
            continue
        lines: list[Line] = []
        unknown: list[str] = []
        not_priced: list[YearMonth] = []
        for m in months:
            area = ctx.area_for(m, employer)
            req = ctx.required_base(m, area, employer, ctx.history.records)
            rows = [e for r in by_month.get(m, []) for e in r.evidence()]
            slips = [e for s in ctx.history.slips if s.month == m for e in s.evidence()]
            if isinstance(req, Unknown):
                not_priced.append(m)
                unknown.append(reason_text(req.reason))
                continue
            d = dues(req.base, m, area, ctx.as_of, ctx.P)
            lines.append(Line(d, None, req.base, req.how, rows + slips + req.evidence,
                              req.used))
        period_ev = [e for p in periods for e in p.evidence]
        origins = "、".join(dict.fromkeys(p.origin for p in periods))
        job = (f"您在{employer}工作（依据：{origins}）" if employer
               else f"您在职（依据：{origins}；这些月份的记录没有写明单位名称）")
        text = (f"{ranges(months)}（共{len(months)}个月）{job}，"
                "但缴费记录中这些月份没有已缴的养老保险。用人单位应为职工按时足额缴纳社会保险费"
                "（社会保险法第五十八条、第六十条），可向税务部门或社保部门投诉要求补缴。")
        late = [m for m in months if m in overdue_pending]
        if late and delay is not None:
            text += (f"其中{ranges(late)}明细显示“未到账”，已超过通常的 {delay} 个月到账时限"
                     "（时限取自参保证明的说明，未经法规确认），按未缴判断。")
        if not_priced:
            ctx.note_missing(
                f"{ranges(not_priced)}：无法计算应补缴金额（{'；'.join(dict.fromkeys(unknown))}）"
                "；提供当月工资条或当地缴费基数下限可补算")
        if lines:
            finding = arrears_finding("missing_months", "high", employer, lines, text, CITES,
                                      period_ev)
            finding.months = [str(m) for m in months]
            finding.message = text + money_sentence(finding, note_unknown(ctx, lines))
        else:
            finding = Finding(rule="missing_months", severity="high",
                              months=[str(m) for m in months], employer=employer,
                              message=text + "应补缴金额无法计算（参数未知，见“无法审计的内容”）。",
                              evidence=dedupe(period_ev))
            finding.basis = arrears_finding("missing_months", "high", employer, [], "",
                                            CITES).basis
        finding.inferred = not ctx.periods_stated
        ctx.findings.append(finding)
    _between(ctx, paid, covered, by_month)


def _between(ctx: Context, paid: set[YearMonth], covered: set[YearMonth], by_month) -> None:
    """Months between the first and last month of the history that no period covers."""
    months = sorted({*paid, *covered})
    if len(months) < 2:
        return
    first, last = months[0], min(months[-1], ctx.as_of_month)
    gaps = [first + i for i in range(last.months_since(first) + 1)]
    annual_years = {r.month.year for r in ctx.history.records if r.annual}
    gaps = [m for m in gaps if m not in paid and m not in covered
            and m.year not in annual_years]
    if not gaps:
        return
    ev = [e for m in gaps for r in by_month.get(m, []) for e in r.evidence()]
    ctx.findings.append(Finding(
        rule="missing_months", severity="info", months=[str(m) for m in gaps],
        message=(f"{ranges(gaps)}（共{format_duration(len(gaps))}）没有养老保险缴费，"
                 "也没有材料显示这段时间在某单位工作（换工作之间的空档）。这些月份不计缴费年限；"
                 "如果这段时间其实在上班，请提供劳动合同、工资条或银行流水，可要求单位补缴。"),
        basis=basis("sil_58"), evidence=dedupe(ev), between_employers=True,
    ))
