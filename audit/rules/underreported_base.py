"""``underreported_base``: months declared below the base the wage requires.

Legal condition: the individual base is the previous-year average monthly wage, clamped to the
month's floor and ceiling (劳办发〔1997〕116号 / 国办发〔2019〕13号, the floor and ceiling
parameters' sources); the contribution year of the place (July-June in Guangdong and Shanghai,
the calendar year in Jiangsu) is read from the date the month's floor took effect. Paying on
a lower base is not paying in full (社会保险法 第六十条), to be topped up with a late fee
(第六十三条, 第八十六条); under-declaring wages is fined (劳动保障监察条例 第二十七条).

Per month: shortfall = required - declared (when above 1 yuan), owed = shortfall x employer
and personal rates, late fee to the audit date. Needs pay slips (the wage); without them the
rule only checks that no month is declared below the floor (the least base allowed) and
says in ``missing`` that pay slips would settle the rest.

A floor whose change month is not verified (``Value.alternative``: in the first months of a
year keyed on 1 January the previous year's floor may still apply) gives a firm finding only
for a base below both candidate floors, priced on the lower one (owed either way) with a
sentence on the higher amount; a base between the two is listed in ``missing`` as not
judgeable (naming the province, both floors and the unverified change month).
"""

from __future__ import annotations

from decimal import Decimal

from shebao.audit.dues import dues
from shebao.audit.params import Unknown, Value
from shebao.audit.rules.common import (
    Line,
    arrears_finding,
    grouped_by_employer,
    money_sentence,
    note_unknown,
    ranges,
    reason_text,
    yuan,
)
from shebao.audit.rules.context import COUNTED, Context, Required
from shebao.audit.rules.floor_window import (
    floor_window,
    window_how,
    window_key,
    window_note,
    window_sentence,
)
from shebao.audit.settings import BASE_TOLERANCE

CITES = ("sil_60", "sil_63", "sil_86", "jctl_27")
FLOOR_HOW = "缴费基数不得低于当月缴费基数下限"


def _below_floor(ctx: Context, r, single: bool,
                 undecided: dict[tuple, list]) -> Required | None:
    """A base below the month's floor is too low whatever the wage (the floor is the least
    base allowed). Only for a month with one employer (part-time bases are not split here)
    and not for per-year aggregates (their monthly base is an average). In a month where the
    floor's change month is not verified, the least of the candidate floors is the floor
    owed either way; a base between the candidates goes to ``undecided``."""
    if not single or r.annual:
        return None
    floor, _ = ctx.limits(r.month, r.area)
    if not isinstance(floor, Value):
        return None
    declared = Decimal(str(r.row.base))
    window = floor_window(floor)
    if window is None:
        lo = Decimal(str(floor.value))
        if lo - declared > BASE_TOLERANCE:
            return Required(lo, FLOOR_HOW, [floor], [], floor)
        return None
    low, high = window
    if high is not None and Decimal(str(high.value)) - declared <= BASE_TOLERANCE:
        return None  # at or above every candidate floor
    if low is not None and Decimal(str(low.value)) - declared > BASE_TOLERANCE:
        used = [floor] + [v for v in (low, high) if v is not None and v is not floor]
        return Required(Decimal(str(low.value)), FLOOR_HOW + window_how(floor, low),
                        used, [], low)
    undecided.setdefault(window_key(floor), []).append(r.month)
    return None


def check(ctx: Context) -> None:
    if not ctx.history.slips and ctx.history.records:
        ctx.note_missing("没有工资条：无法核对缴费基数是否低于实际工资；"
                         "提供工资条（或银行工资流水）可补查")
    items: list[tuple[object, Required]] = []
    unknown: dict[str, list] = {}
    undecided: dict[tuple, list] = {}
    counted = [r for r in ctx.history.primary() if r.status in COUNTED]
    per_month: dict = {}
    for r in counted:
        per_month[r.month] = per_month.get(r.month, 0) + 1
    for r in counted:
        if r.row.base is None:
            continue
        req = ctx.required_from_wage(r.month, r.area, r.row.employer)
        if req is None:
            req = _below_floor(ctx, r, per_month[r.month] == 1, undecided)
            if req is None:
                continue
        if isinstance(req, Unknown):
            unknown.setdefault(reason_text(req.reason), []).append(r.month)
            continue
        declared = Decimal(str(r.row.base))
        if req.base - declared > BASE_TOLERANCE:
            items.append((r, req))
        elif (req.floor_high is not None and req.floor is not None
              and req.floor_high - declared > BASE_TOLERANCE):
            undecided.setdefault(window_key(req.floor), []).append(r.month)
    for reason, months in unknown.items():
        ctx.note_missing(f"{ranges(sorted(set(months)))}：有工资条但当地缴费基数上下限未知"
                         f"（{reason}），无法计算应缴基数；提供当年当地的上下限可补算")
    for key, months in undecided.items():
        ctx.note_missing(window_note(ctx, key, months))
    for employer, group in grouped_by_employer(items, lambda x: x[0].employer).items():
        lines: list[Line] = []
        estimated = False
        for r, req in sorted(group, key=lambda x: x[0].month):
            declared = Decimal(str(r.row.base))
            d = dues(req.base - declared, r.month, r.area, ctx.as_of, ctx.P)
            estimated = estimated or req.estimated
            lines.append(Line(d, declared, req.base, req.how, r.evidence() + req.evidence,
                              req.used))
        months = [ln.dues.month for ln in lines]
        gap = sum((ln.dues.base for ln in lines), Decimal(0)) / len(lines)
        base_from = _base_from([req for _, req in group])
        text = f"{ranges(months)}（共{len(months)}个月）{employer or '单位'}" + {
            "wage": f"申报的缴费基数低于按工资条应缴的基数，平均每月少报{yuan(gap)}。缴费基数应为"
                    "本人上一年度月平均工资（不低于下限、不高于上限），",
            "floor": f"申报的缴费基数低于当月缴费基数下限，平均每月少报{yuan(gap)}。无论工资多少，"
                     "缴费基数都不得低于当地公布的下限，",
            "both": f"申报的缴费基数低于应缴的基数（有工资条的月份按工资，其余月份按当月缴费基数"
                    f"下限），平均每月少报{yuan(gap)}。缴费基数应为本人上一年度月平均工资，且不得"
                    "低于下限，",
        }[base_from] + "少报基数属于未足额缴纳（社会保险法第六十条）。"
        if estimated:
            text += "部分月份缺少上一年度工资条，应缴基数按当年工资估算。"
        window = window_sentence(ctx, [(r.month, req) for r, req in group])
        text += window
        finding = arrears_finding("underreported_base", "high", employer, lines, text, CITES)
        finding.message = text + money_sentence(finding, note_unknown(ctx, lines))
        finding.base_from = base_from  # type: ignore[attr-defined]  # extra field, audit/1
        if window:  # neutral wording, also for documents filed with an authority
            finding.floor_window = window  # type: ignore[attr-defined]
        ctx.findings.append(finding)


def _base_from(required: list[Required]) -> str:
    """What the required bases rest on: ``wage`` (pay slips), ``floor`` (the month's floor
    alone: no wage evidence, so no document may say the wage was under-declared) or
    ``both``."""
    floors = sum(1 for req in required if req.how.startswith(FLOOR_HOW))
    return "floor" if floors == len(required) else "wage" if floors == 0 else "both"
