"""``short_of_minimum_years``: at the statutory retirement month the person will not have the
minimum contribution period, or has not yet reached it.

Legal condition: a monthly pension needs the minimum contribution period for the year the
statutory age is reached (社会保险法 第十六条; 国务院关于渐进式延迟法定退休年龄的办法 第二条 and
附件4 -- the sources of ``national/retirement/minimum_contribution_months``); a person short of
it may keep paying (延长缴费) or pay in one lump sum. Counted: distinct months paid or
back-paid. The projection assumes every month from the audit date to the statutory month is
paid (:func:`shebao.audit.retirement.contribution_gap`). Severity ``high`` when even that
would not reach the minimum, ``medium`` when it would only with unbroken payment from now on,
nothing when the minimum is already met. Needs the birth month and category (a woman's
category must be stated); otherwise listed in ``missing``.
"""

from __future__ import annotations

from shebao.audit.citations import basis
from shebao.audit.months import format_duration
from shebao.audit.retirement import contribution_gap
from shebao.audit.rules.context import Context

from shebao.records import Finding


def check(ctx: Context, facts) -> None:
    """``facts``: the person's :class:`RetirementFacts` (None when they cannot be known)."""
    if facts is None:
        return
    paid = len(ctx.history.paid_months())
    gap = contribution_gap(facts, paid, ctx.as_of_month)
    required = gap["required_months"]
    if not gap["gap_months"]:
        return
    statutory = facts.statutory_retirement_month
    left = max(0, statutory.months_since(ctx.as_of_month))
    at_statutory = paid + left
    short = max(0, required - at_statutory)
    text = (f"您目前累计缴费{format_duration(paid)}（{paid}个月），按您的出生年月和类别，"
            f"法定退休时间是{statutory}，届时最低需要缴费{format_duration(required)}"
            f"（{required}个月）。")
    if short:
        text += (f"即使从现在起每月都缴费，到{statutory}也只有{at_statutory}个月，还差{short}个月，"
                 "需要延长缴费或一次性补缴到满最低年限后才能按月领取养老金。")
        severity = "high"
    else:
        text += (f"从现在起每月不断缴，到{gap['reached_month_if_paying_from_as_of']}可满最低年限"
                 f"（到{statutory}共{at_statutory}个月）；中途断缴会推迟领取。")
        severity = "medium"
    used = facts.min_contribution_months
    ctx.findings.append(Finding(
        rule="short_of_minimum_years", severity=severity, months=[], message=text,
        basis=basis(*used.sources), paid_months=paid, required_months=required,
        months_short_at_statutory=short, months_at_statutory_if_paying=at_statutory,
        statutory_retirement_month=str(statutory),
    ))
