"""``minimum_base``: months declared at (or within 1 yuan of) the local base floor.

Legal condition: the base is the worker's previous-year average monthly wage, clamped to the
floor and ceiling (劳办发〔1997〕116号; 国办发〔2019〕13号 -- the sources of the floor parameter).
Declaring the floor is lawful only when the wage is at or below it; declaring it while paying
more is 未足额缴纳 (社会保险法 第六十条; 劳动保障监察条例 第二十七条). This rule only states the
fact (severity ``low``; ``medium`` when pay slips put the required base above the floor); the
amount owed is computed by ``underreported_base``. Months whose floor is unknown are not
judged and are listed in ``missing``.
"""

from __future__ import annotations

from decimal import Decimal

from shebao.audit.citations import basis
from shebao.audit.params import Source, Value
from shebao.audit.rules.common import dedupe, grouped_by_employer, ranges, reason_text
from shebao.audit.rules.context import COUNTED, Context, Required
from shebao.audit.settings import BASE_TOLERANCE

from shebao.records import Finding


def _slips(ctx: Context, req: Required) -> list:
    """The pay slips a required base rests on (matched by their evidence)."""
    return [s for s in ctx.history.slips if any(e in req.evidence for e in s.evidence())]


def check(ctx: Context) -> None:
    at_floor = []
    unknown: dict[str, list] = {}
    for r in ctx.history.primary():
        if r.status not in COUNTED or r.row.base is None:
            continue
        floor, _ = ctx.limits(r.month, r.area)
        if not isinstance(floor, Value):
            unknown.setdefault(reason_text(floor.reason), []).append(r.month)
            continue
        # where the floor's change month is not verified, either candidate floor may be the
        # month's floor (floor_window); declaring it is declaring the floor
        for candidate in floor.candidates():
            if isinstance(candidate, Value) and abs(
                    Decimal(str(r.row.base)) - Decimal(str(candidate.value))) <= BASE_TOLERANCE:
                at_floor.append((r, candidate))
                break
    for reason, months in unknown.items():
        ctx.note_missing(f"{ranges(sorted(set(months)))}：当地缴费基数下限未知（{reason}），"
                         "无法判断是否按最低基数申报；提供当年当地公布的缴费基数上下限可补查")
    for employer, items in grouped_by_employer(at_floor, lambda x: x[0].employer).items():
        months = sorted({r.month for r, _ in items})
        higher = []  # months whose wage (pay slips) requires more than the floor
        for r, floor in items:
            req = ctx.required_from_wage(r.month, r.area, r.row.employer)
            if isinstance(req, Required) and req.base - Decimal(str(floor.value)) > BASE_TOLERANCE:
                higher.append(req)
        wages = list({id(s): s for req in higher for s in _slips(ctx, req)}.values())
        sources: list[Source] = []
        floors: list[Value] = []
        for _, floor in items:
            if floor not in floors:
                floors.append(floor)
                sources.extend(s for s in floor.sources if s not in sources)
        estimated = any(f.status in ("estimated", "unconfirmed") for f in floors)
        text = (f"{ranges(months)}（共{len(months)}个月）{employer or '单位'}按当地最低缴费基数"
                "为您申报养老保险。缴费基数应当是本人上一年度月平均工资，只有工资不高于下限时"
                "才可按下限申报。")
        if higher:
            from shebao.reports.legal import labels  # the one vocabulary of finding titles

            text += (f"其中{len(higher)}个月按工资条计算的应缴基数高于下限，"
                     f"属于少缴（见“{labels().rules['underreported_base']}”一项）。")
        if estimated:
            text += "所用的部分下限数值为估计或未确认，请以当地公布的数字为准。"
        ev = [e for r, _ in items for e in r.evidence()] + [e for s in wages
                                                             for e in s.evidence()]
        ctx.findings.append(Finding(
            rule="minimum_base", severity="medium" if higher else "low",
            months=[str(m) for m in months], employer=employer, message=text,
            basis=basis("sil_60", "jctl_27", *sources), evidence=dedupe(ev),
            floors={str(r.month): float(f.value) for r, f in items},
        ))
