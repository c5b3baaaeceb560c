"""``inspection_window``: arrears months older than the labour-inspection time limit.

Legal condition: the labour-inspection bureau does not investigate violations not discovered,
reported or complained about within 2 years (劳动保障监察条例 第二十条; 部令第25号 第十八条;
the limit is ``national/enforcement/inspection_limit_months``, overridable with
``--inspection-months``). Practice is split (policy.md §5.2): some bureaus refuse complaints
about older arrears, others hold that collection by the tax bureau is not a penalty and not
time-barred, and that non-payment during employment is a continuing act. So the months are
reported as a warning with both readings, never dropped from the arrears.

Months: those of the arrears findings (``missing_months`` of severity high,
``underreported_base``, ``withheld_not_remitted``) whose month ended more than the limit
before the audit date.
"""

from __future__ import annotations

from shebao.audit.citations import basis
from shebao.audit.months import YearMonth
from shebao.audit.params import Value
from shebao.audit.rules.common import ranges, yuan
from shebao.audit.rules.context import Context

from shebao.records import Finding

LIMIT = "national/enforcement/inspection_limit_months"
ARREARS = ("missing_months", "underreported_base", "withheld_not_remitted")


def check(ctx: Context) -> None:
    rule = ctx.P.get(LIMIT, ctx.as_of)
    if ctx.inspection_months is not None:
        limit, sources = ctx.inspection_months, ()
    elif isinstance(rule, Value):
        limit, sources = int(rule.value), rule.sources
    else:
        ctx.note_missing(f"劳动监察时限参数未知：{rule.reason}")
        return
    cutoff = ctx.as_of_month - limit  # months before this one ended more than `limit` ago
    assert isinstance(cutoff, YearMonth)
    old: set[str] = set()
    amount = 0.0
    for f in ctx.findings:
        if f.rule not in ARREARS or f.severity == "info":
            continue
        for line in f.lines:
            if YearMonth.parse(line.month) < cutoff:
                old.add(line.month)
                amount += (line.employer_amount or 0) + (line.personal_amount or 0)
        for m in f.months:
            if YearMonth.parse(m) < cutoff:
                old.add(m)
    if not old:
        return
    months = sorted(old)
    text = (f"{ranges(months)}（共{len(months)}个月）的欠缴或少缴已超过{limit // 12}年"
            f"（计至{ctx.as_of.isoformat()}）。劳动保障监察条例第二十条规定，违法行为在时限内未被"
            "发现、举报或投诉的不再查处，有的劳动监察部门据此不受理较早月份的投诉；"
            "但也有法院认为征收欠费不是行政处罚、不受这一时限限制，且在职期间不缴费属于持续状态"
            "（从行为终了之日起算）。建议同时向税务部门（征收机构）申请补缴，并尽快投诉，"
            "不要再拖延。")
    if amount:
        text += f"这些月份涉及的应补缴金额约{yuan(amount)}。"
    ctx.findings.append(Finding(
        rule="inspection_window", severity="medium", months=months, message=text,
        basis=basis("jctl_20", "rules_25_18", *sources), limit_months=limit,
        amount_at_risk=round(amount, 2) if amount else None,
    ))
