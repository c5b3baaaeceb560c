"""The public-sector scheme (机关事业单位工作人员养老保险, merged with the enterprise formula
from 2014-10-01), for comparison and advocacy.

* :func:`estimate_public` — the monthly pension of a civil servant or public-institution
  employee: 基础养老金 and 个人账户养老金 by the national formula (``national/public/scheme``)
  on the area's 计发基数 (``regional/public/calculation_base`` where it differs from the
  enterprises': Jilin's 机关事业单位 in Changchun use the provincial base,
  :func:`public_calculation_base`),
  the province's own transitional pension for service before the account
  (``regional/public/transitional_method``; Shanghai: 1.2% of the 计发基数 per year worked
  before 1993 plus the 1993–1997 notional account ÷ 120), the 视同缴费指数 by rank where a
  province's table is recorded (``regional/public/deemed_index``, else an explicit unknown),
  and the occupational annuity (职业年金) ÷ the account divisor
  (``national/public/occupational_annuity``). Returns an
  :class:`~shebao.audit.estimate_model.Estimate` with ``scheme = "public"`` and a fourth
  component ``occupational_annuity``; components are rounded as the scheme file says (0.01).
* :func:`enterprise_comparison` — the same inputs under the enterprise scheme (printed by
  ``shebao estimate --scheme public``; JSON ``enterprise_comparison``: ``total``,
  ``difference``, ``by_component`` {key: [public, enterprise]}, ``text``).
* :func:`compare_schemes` — the stylised replacement rate of an enterprise worker beside a
  public employee with the same years and wage: the same basic and account pensions, plus the
  occupational annuity accrued on (employer + personal rate) of the same base. JSON::

      {"enterprise": {"basic", "account", "total"},
       "public": {"basic", "account", "occupational_annuity", "total"},
       "difference": float, "annuity_rate": float, "parameters": [...], "notes": [...]}
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from shebao.audit.estimate_model import Component, D, Estimate, EstimateInput, InputFact, pct
from shebao.audit.months import YearMonth
from shebao.audit.params import ParameterSet, Source, Unknown, Value, parameters
from shebao.audit.pension import account_pension, annuity_divisor, basic_pension, calculation_base
from shebao.audit.projections import ReplacementRate
from shebao.audit.transitional import same_as, transitional_pension

from shebao.errors import UsageError

SCHEME = "national/public/scheme"
ANNUITY = "national/public/occupational_annuity"
TRANSITIONAL = "regional/public/transitional_method"
DEEMED_INDEX = "regional/public/deemed_index"
PUBLIC_BASE = "regional/public/calculation_base"


def scheme_rule(P: ParameterSet, on: YearMonth) -> Value:
    """The scheme's rule in force at retirement; refused before the 2014-10 merger."""
    rule = P.get(SCHEME, on)
    if not isinstance(rule, Value):
        raise UsageError(
            f"机关事业单位养老保险改革自2014年10月起实施，{on}退休不按此办法计发",
            f"the public-sector scheme starts 2014-10; retirement in {on} is outside it",
        )
    return rule


def rank_index(P: ParameterSet, area: str, on: YearMonth, rank: str) -> Value | Unknown:
    """视同缴费指数 of a rank (职务职级) from the province's table, or why it is unknown."""
    table = P.get(DEEMED_INDEX, on, area)
    if not isinstance(table, Value):
        return table
    ranks = table.value.get("ranks") or {}
    if rank not in ranks:
        return Unknown(
            DEEMED_INDEX,
            f"{P.areas.name(table.area or area)}视同缴费指数表中没有“{rank}”"
            f"（表内：{'、'.join(ranks)}）",
            f"rank {rank!r} not in the table",
            area=table.area,
        )
    return replace(table, value=D(ranks[rank]), derivation=f"{rank} → {ranks[rank]}")


def public_calculation_base(P: ParameterSet, inp: EstimateInput) -> Value | Unknown:
    """计发基数 C of the public-sector scheme: the caller's figure, else the area's own rule
    (``regional/public/calculation_base``: Jilin's 机关事业单位 use the provincial base where
    Changchun's enterprises have their own, a ``same_as`` rule), else the enterprise
    计发基数 of the area."""
    if inp.calc_base is None:
        rule = P.get(PUBLIC_BASE, inp.retire, inp.area)
        if isinstance(rule, Value):
            return same_as(P, rule, inp.retire) if isinstance(rule.value, dict) else rule
        if not rule.missing:
            return rule
    return calculation_base(P, inp)


def estimate_public(
    inp: EstimateInput,
    annuity_account: Decimal | None,
    rank: str | None = None,
    P: ParameterSet | None = None,
) -> Estimate:
    """The monthly pension under the public-sector scheme (module docstring)."""
    P = P or parameters()
    on, area = inp.retire, inp.area
    rule = scheme_rule(P, on)
    rounding = replace(rule, value=rule.value["rounding"])
    unknown: list[str] = []
    notes: list[str] = []
    facts: list[InputFact] = []
    if rank and inp.deemed_index is None:
        index = rank_index(P, area, on, rank)
        if isinstance(index, Value):
            inp = replace(inp, deemed_index=D(index.value))
            facts.append(
                InputFact("deemed_index", f"视同缴费指数（{rank}）", D(index.value), "parameter",
                          index.status, index.sources)
            )  # fmt: skip
        else:
            notes.append(
                f"按职级“{rank}”查视同缴费指数未成：{index.reason}。过渡性养老金按当地办法的"
                "默认指数计算；请按核定表输入视同缴费指数。"
            )

    base = public_calculation_base(P, inp)
    if isinstance(base, Value):
        facts.append(InputFact("calc_base", "计发基数", D(base.value),
                               "parameter" if inp.calc_base is None else "input",
                               base.status, base.sources))  # fmt: skip
        basic = basic_pension(P, area, on, base, inp.avg_index, inp.years, rounding)
        basic.used.append(rule)
    else:
        unknown.append(f"基础养老金：{base.reason}")
        basic = Component("basic", "基础养老金", None, "计发基数未知", notes=[base.reason])

    divisor = _divisor(P, inp)
    if isinstance(divisor, Value):
        account = account_pension(P, area, on, inp.account, divisor, rounding)
    else:
        unknown.append(f"个人账户养老金：{divisor.reason}")
        account = Component("individual_account", "个人账户养老金", None, divisor.reason)

    transitional = transitional_pension(P, inp, base, TRANSITIONAL, rounding)
    if transitional.amount is None:
        unknown.append("过渡性养老金：" + "；".join([transitional.formula, *transitional.notes]))

    annuity_rule = P.get(ANNUITY, on)
    if annuity_account is None:
        annuity = Component("occupational_annuity", "职业年金", None, "未给出职业年金储存额")
        unknown.append("职业年金：未给出职业年金个人账户储存额（无职业年金请输入0）")
    elif isinstance(divisor, Value) and isinstance(annuity_rule, Value):
        annuity = account_pension(
            P, area, on, annuity_account, divisor, rounding, "occupational_annuity", "职业年金"
        )
        annuity.used.append(annuity_rule)
    else:
        reason = annuity_rule.reason if isinstance(annuity_rule, Unknown) else "计发月数未知"
        annuity = Component("occupational_annuity", "职业年金", None, reason)
        unknown.append(f"职业年金：{reason}")

    for name, label, value in (
        ("avg_index", "平均缴费指数", inp.avg_index),
        ("years", "累计缴费年限（含视同）", inp.years),
        ("account", "基本养老保险个人账户储存额", inp.account),
        ("annuity_account", "职业年金储存额", annuity_account),
    ):
        if value is not None:
            facts.append(InputFact(name, label, value, "input", "given"))
    return Estimate(
        area=area,
        area_name=P.areas.name(area),
        retire=on,
        age_months=inp.age_months,
        components={
            "basic": basic,
            "individual_account": account,
            "transitional": transitional,
            "occupational_annuity": annuity,
        },
        extras=list(inp.extras),
        inputs=facts,
        unknown=unknown,
        notes=notes,
        rounding=rounding,
        scheme="public",
    )


def enterprise_comparison(public: Estimate, enterprise: Estimate) -> dict[str, Any]:
    """The same inputs under the enterprise scheme (the area's enterprise rules, no annuity):
    ``{"total", "difference", "by_component": {key: [public, enterprise]}, "text"}``; amounts
    are null where either side is unknown."""
    keys = list(dict.fromkeys([*public.components, *enterprise.components]))
    by_component = {
        k: [
            _num(public.components[k].amount) if k in public.components else None,
            _num(enterprise.components[k].amount) if k in enterprise.components else None,
        ]
        for k in keys
    }
    pt, et = public.total, enterprise.total
    difference = None if pt is None or et is None else pt - et
    text = (
        f"同样的年限、指数和账户按企业职工办法计：合计{et}元/月；机关事业单位多{difference}元/月"
        "（职业年金及过渡性养老金办法的差别）。"
        if difference is not None
        else "同样输入按企业职工办法计的合计未能算出（见各项“未知”）。"
    )
    return {
        "total": _num(et),
        "difference": _num(difference),
        "by_component": by_component,
        "text": text,
    }


def _num(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def _divisor(P: ParameterSet, inp: EstimateInput) -> Value | Unknown:
    if inp.divisor is None:
        return annuity_divisor(P, inp.age_months, inp.retire)
    return Value(
        "national/pension/annuity_divisor",
        inp.divisor,
        "given",
        (Source(title="核定表所列计发月数"),),
        inp.retire.first_day,
        note="caller-supplied",
    )


def compare_schemes(rr: ReplacementRate, P: ParameterSet | None = None) -> dict[str, Any]:
    """An enterprise worker beside a public employee with the same years, wage and base
    (module docstring). The annuity accrues like the basic account (same wage path, interest
    and divisor) on employer + personal rate instead of the account's credit rate, so it is
    the account pension scaled by that ratio."""
    P = P or parameters()
    on = YearMonth(2025, 1)
    annuity_rule = P.get(ANNUITY, on)
    credit = P.get("national/contribution/account_credit_rate", on)
    if not isinstance(annuity_rule, Value) or not isinstance(credit, Value):
        raise UsageError("缺少职业年金参数", "occupational annuity parameters missing")
    rate = D(annuity_rule.value["employer_rate"]) + D(annuity_rule.value["personal_rate"])
    annuity = rr.account * rate / D(credit.value)
    public_total = rr.total + annuity
    r4 = lambda x: round(float(x), 4)  # noqa: E731
    return {
        "enterprise": {"basic": r4(rr.basic), "account": r4(rr.account), "total": r4(rr.total)},
        "public": {
            "basic": r4(rr.basic),
            "account": r4(rr.account),
            "occupational_annuity": r4(annuity),
            "total": r4(public_total),
        },
        "difference": r4(public_total - rr.total),
        "annuity_rate": float(rate),
        "parameters": [annuity_rule.to_json(), credit.to_json()],
        "notes": [
            f"职业年金按单位{pct(D(annuity_rule.value['employer_rate']))}＋个人"
            f"{pct(D(annuity_rule.value['personal_rate']))}的缴费工资计入，记账利率和计发月数"
            "与基本养老保险个人账户相同。",
            "两人按同样的年限、工资和缴费基数比较；2014年10月改革前参加工作的机关事业单位人员"
            "另有视同缴费年限和过渡性养老金（按职级的视同缴费指数），这里不含。",
        ],
    }
