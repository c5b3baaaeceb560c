"""``short_of_minimum_years``: at the statutory retirement month the person will not have the
minimum contribution period, or has not yet reached it.

Legal condition: a monthly pension needs the minimum contribution period for the year the
statutory age is reached (社会保险法 第十六条; 国务院关于渐进式延迟法定退休年龄的办法 第二条 and
附件4 -- the sources of ``national/retirement/minimum_contribution_months``); a person short of
it may keep paying (延长缴费) or pay in one lump sum. Counted: distinct months paid or
back-paid. The projection assumes every month from the audit date to the statutory month is
paid (:func:`shebao.audit.retirement.contribution_gap`). Severity ``high`` when even that
would not reach the minimum, ``medium`` when it would with less than two years to spare,
``low`` when with more, nothing when the minimum is met. Needs the birth month and category (a
woman's category must be stated); otherwise listed in ``missing``. For a woman whose category is not
stated, :func:`check_either_category` judges under both (original age 50 and 55) and reports
only when both are short, naming both -- never choosing one silently.
"""

from __future__ import annotations

from shebao.audit.citations import basis
from shebao.audit.months import YearMonth, format_age, format_duration
from shebao.audit.retirement import contribution_gap
from shebao.audit.rules.context import Context
from shebao.audit.settings import SHORT_MARGIN_MONTHS

from shebao.records import Finding

DEEMED_NOTE = ("（只计算材料中已缴和补缴的月份；1998年以前在国有或集体企业的连续工龄"
               "可能算作视同缴费年限，材料不显示，请向社保经办机构核实。）")
CATEGORY_ZH = {"female_worker": "女工人", "female_cadre": "女干部"}


def _assess(ctx: Context, facts) -> dict | None:
    paid = len(ctx.history.paid_months())
    gap = contribution_gap(facts, paid, ctx.as_of_month)
    if not gap["gap_months"]:
        return None
    statutory = facts.statutory_retirement_month
    at_statutory = paid + max(0, statutory.months_since(ctx.as_of_month))
    return {"paid": paid, "required": gap["required_months"], "statutory": statutory,
            "at_statutory": at_statutory, "short": max(0, gap["required_months"] - at_statutory),
            "reached": gap["reached_month_if_paying_from_as_of"], "facts": facts}


def check_either_category(ctx: Context, by_category: dict) -> None:
    """A woman of unstated category: a finding only when both categories are short."""
    results = {c: _assess(ctx, f) for c, f in by_category.items()}
    if any(r is None for r in results.values()):
        return
    parts = []
    for c, r in results.items():
        then = f"还差{r['short']}个月" if r["short"] else "可以缴满（须从现在起不断缴）"
        original = format_age(r["facts"].original_age_months)
        parts.append(f"如果您是原退休年龄{original}的{CATEGORY_ZH[c]}，法定退休时间"
                     f"{r['statutory']}，最低需要"
                     f"{r['required']}个月，到时{then}")
    first = next(iter(results.values()))
    text = (f"您目前累计缴费{format_duration(first['paid'])}（{first['paid']}个月）。"
            "您的人员类别（工人还是干部岗位）尚未确认，两种情况都不够最低缴费年限："
            + "；".join(parts)
            + "。请确认人员类别（工人或干部岗位），延长缴费或一次性补缴可补足。" + DEEMED_NOTE)
    worst = min(results.values(), key=lambda r: r["short"])
    sources = [s for r in results.values() for s in r["facts"].min_contribution_months.sources]
    ctx.findings.append(Finding(
        rule="short_of_minimum_years", severity="high" if worst["short"] else "medium",
        months=[], message=text, basis=basis(*sources), paid_months=first["paid"],
        by_category={c: {"statutory_retirement_month": str(r["statutory"]),
                         "required_months": r["required"], "months_short_at_statutory": r["short"]}
                     for c, r in results.items()},
    ))


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
        # reachable: "medium" when the margin is under two years, else "low" (a reminder)
        margin = statutory.months_since(YearMonth.parse(gap["reached_month_if_paying_from_as_of"]))
        severity = "medium" if margin < SHORT_MARGIN_MONTHS else "low"
    text += DEEMED_NOTE
    used = facts.min_contribution_months
    ctx.findings.append(Finding(
        rule="short_of_minimum_years", severity=severity, months=[], message=text,
        basis=basis(*used.sources), paid_months=paid, required_months=required,
        months_short_at_statutory=short, months_at_statutory_if_paying=at_statutory,
        statutory_retirement_month=str(statutory),
    ))
