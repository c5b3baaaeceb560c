"""Monthly pension estimate: 基础养老金 + 个人账户养老金 + 过渡性养老金 (+ local lines).

Entry point: :func:`estimate` (an :class:`EstimateInput` -> :class:`Estimate`). Each rule is a
small function whose docstring states the legal condition and basis; each component carries
its formula with the numbers filled in, the inputs, and the sources and status of every
parameter it used. Money is :class:`decimal.Decimal`, rounded only where the forms round
(``national/pension/component_rounding``: 0.01 half-up; Shanghai 0.1).

JSON (``Estimate.to_json()``, printed by ``shebao estimate --json``)::

    {"area": "320000", "area_name": "江苏省", "retire": "2025-11", "age_months": 720,
     "basic": 2902.47, "individual_account": 649.26, "transitional": 1468.26,
     "extras": [{"label": "增发", "amount": 117.61}], "total": 5019.99,
     "status": "estimated",            # worst status of everything used
     "components": {"basic": {"label", "amount", "formula", "inputs", "status",
                              "sources": [...], "parts": [...], "notes": [...]}, ...},
     "inputs": [{"name", "label", "value", "origin": "document|parameter|estimated|input",
                 "status", "sources"}],
     "unknown": ["…"],                 # components that could not be computed, and why
     "notes": ["…"]}

A component that cannot be computed has ``amount: null`` (and ``total`` is then null); the
reason is in ``unknown`` -- never a silent zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from shebao.audit.months import Duration, YearMonth, format_age
from shebao.audit.params import (
    ParameterSet,
    Source,
    Unknown,
    Value,
    parameters,
    round_money,
    worst_status,
)

from shebao.errors import UsageError

ORIGINS = {
    "document": "来自材料",
    "parameter": "来自参数",
    "estimated": "估计",
    "input": "输入",
}
ZERO = Decimal(0)


def D(x: Any) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


@dataclass
class InputFact:
    """One input of the estimate and where it came from."""

    name: str
    label: str
    value: Any
    origin: str  # document | parameter | estimated | input
    status: str = "given"  # official | estimated | unconfirmed for parameters; given otherwise
    sources: tuple[Source, ...] = ()
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, Decimal):
            value = float(value)
        elif isinstance(value, Duration | YearMonth):
            value = str(value)
        data = {
            "name": self.name,
            "label": self.label,
            "value": value,
            "origin": self.origin,
            "status": self.status,
            "sources": [s.to_json() for s in self.sources],
        }
        if self.note:
            data["note"] = self.note
        return data


@dataclass
class EstimateInput:
    area: str  # area code (city if given, else province)
    retire: YearMonth
    age_months: int
    avg_index: Decimal
    years: Duration
    account: Decimal
    calc_base: Decimal | None = None  # None -> from parameters
    deemed_years: Duration | None = None
    deemed_index: Decimal | None = None
    trans_index: Decimal | None = None
    old_transitional: Decimal | None = None
    notional_account: Decimal | None = None  # Shanghai 虚账实记 amount
    divisor: Decimal | None = None  # 计发月数 as printed on a form
    transitional: Decimal | None = None  # transitional pension as printed on a form
    extras: list[tuple[str, Decimal]] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # input name -> origin


@dataclass
class Component:
    key: str
    label: str
    amount: Decimal | None
    formula: str
    inputs: dict[str, Any] = field(default_factory=dict)
    used: list[Value] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    origin: str = "computed"

    @property
    def status(self) -> str:
        if self.amount is None:
            return "unknown"
        return worst_status(*(v.status for v in self.used)) if self.used else "official"

    def sources(self) -> list[Source]:
        out: list[Source] = []
        for value in self.used:
            for s in value.sources:
                if s not in out:
                    out.append(s)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "amount": None if self.amount is None else float(self.amount),
            "formula": self.formula,
            "inputs": {k: _plain(v) for k, v in self.inputs.items()},
            "status": self.status,
            "origin": self.origin,
            "sources": [s.to_json() for s in self.sources()],
            "parameters": [v.to_json() for v in self.used],
            "parts": [{k: _plain(v) for k, v in p.items()} for p in self.parts],
            "notes": self.notes,
        }


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, Duration | YearMonth):
        return str(v)
    return v


@dataclass
class Estimate:
    area: str
    area_name: str
    retire: YearMonth
    age_months: int
    components: dict[str, Component]
    extras: list[tuple[str, Decimal]]
    inputs: list[InputFact]
    unknown: list[str]
    notes: list[str]
    rounding: Value

    @property
    def total(self) -> Decimal | None:
        amounts = [c.amount for c in self.components.values()]
        if any(a is None for a in amounts):
            return None
        total = sum((a for a in amounts if a is not None), ZERO) + sum(
            (a for _, a in self.extras), ZERO
        )
        return round_money(total, self.rounding.value)

    @property
    def status(self) -> str:
        """Worst status of the components and of the inputs that came from parameters or
        estimates (figures typed in or read from documents are taken as given)."""
        statuses = [c.status for c in self.components.values()]
        statuses += [i.status for i in self.inputs if i.origin in ("parameter", "estimated")]
        return worst_status(*statuses)

    def amount(self, key: str) -> Decimal | None:
        return self.components[key].amount

    def to_json(self) -> dict[str, Any]:
        total = self.total
        return {
            "area": self.area,
            "area_name": self.area_name,
            "retire": str(self.retire),
            "age_months": self.age_months,
            "age": format_age(self.age_months),
            "basic": _plain(self.amount("basic")),
            "individual_account": _plain(self.amount("individual_account")),
            "transitional": _plain(self.amount("transitional")),
            "extras": [{"label": k, "amount": float(v)} for k, v in self.extras],
            "total": None if total is None else float(total),
            "status": self.status,
            "components": {k: c.to_json() for k, c in self.components.items()},
            "inputs": [i.to_json() for i in self.inputs],
            "unknown": self.unknown,
            "notes": self.notes,
        }


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def service_year_factor(
    P: ParameterSet, area: str, years: Duration, on: YearMonth
) -> tuple[Decimal, str, list[Value]]:
    """缴费年限系数 N x 1%: 38号文 第六条 — "缴费每满1年发给1%". How months beyond whole
    years count is local: N = months/12 in most provinces; Shanghai counts each extra month at
    0.083% (``regional/pension/service_year_counting``)."""
    rate = P.get("national/pension/basic_pension_rate", on)
    counting = P.get("regional/pension/service_year_counting", on, area)
    assert isinstance(rate, Value) and isinstance(counting, Value)
    method = counting.value["method"]
    if method == "whole_years_plus_month_rate" and years.months is not None:
        whole, rest = divmod(years.months, 12)
        per_month = D(counting.value["per_month_rate"])
        factor = D(whole) * D(rate.value) + D(rest) * per_month
        text = f"{whole}年×{_pct(D(rate.value))} + {rest}个月×{_pct(per_month)}"
        return factor, text, [rate, counting]
    factor = years.years * D(rate.value)
    return factor, f"{_fmt_years(years)}×{_pct(D(rate.value))}", [rate, counting]


def _pct(x: Decimal) -> str:
    return f"{(x * 100).normalize():f}%"


def _fmt_years(years: Duration) -> str:
    if years.months is not None and years.months % 12 == 0:
        return f"{years.months // 12}年"
    if years.months is not None:
        return f"{(D(years.months) / 12).quantize(Decimal('0.0001')).normalize()}年（{years}）"
    return f"{years.years.normalize()}年"


def low_index_factor(
    P: ParameterSet, area: str, avg_index: Decimal, on: YearMonth
) -> tuple[Decimal, Value | None]:
    """Guangdong (observed on forms, basis unconfirmed): if the average index Z is below 0.6,
    the 计发基数 term is multiplied by a = Z / 0.6. Elsewhere a = 1."""
    rule = P.get("regional/pension/low_index_adjustment", on, area)
    if not isinstance(rule, Value):
        return Decimal(1), None
    threshold = D(rule.value["threshold"])
    if avg_index >= threshold:
        return Decimal(1), rule
    return avg_index / threshold, rule


def basic_pension(
    P: ParameterSet, area: str, on: YearMonth, base: Value, avg_index: Decimal, years: Duration
) -> Component:
    """基础养老金 = (C × a + C × Z) / 2 × N × 1% — 国发〔2005〕38号 第六条: 以当地上年度在岗职工
    月平均工资和本人指数化月平均缴费工资的平均值为基数，缴费每满1年发给1%."""
    C = D(base.value)
    factor, factor_text, used = service_year_factor(P, area, years, on)
    a, rule = low_index_factor(P, area, avg_index, on)
    rounding = P.get("national/pension/component_rounding", on, area)
    assert isinstance(rounding, Value)
    raw = (C * a + C * avg_index) / 2 * factor
    amount = round_money(raw, rounding.value)
    a_text = ""
    notes = []
    if rule is not None and a != 1:
        a_text = f" × a（{avg_index}÷{rule.value['threshold']}={a.quantize(Decimal('0.0001'))}）"
        notes.append(
            "平均缴费指数低于0.6，按广东核定表做法将计发基数项乘以 指数÷0.6（依据未确认）。"
        )
    formula = f"({C}{a_text} + {C}×{avg_index}) ÷ 2 × {factor_text} = {amount}"
    used_values = [base, *used, rounding] + ([rule] if rule is not None and a != 1 else [])
    return Component(
        "basic",
        "基础养老金",
        amount,
        formula,
        inputs={"计发基数C": C, "平均缴费指数Z": avg_index, "缴费年限N": years, "a": a},
        used=used_values,
        notes=notes,
    )


def annuity_divisor(P: ParameterSet, age_months: int, on: YearMonth) -> Value | Unknown:
    """计发月数 by age at retirement — 国发〔2005〕38号 附件. Between whole ages (retirement ages
    in months since 2025) linear interpolation by month, rounded as the parameter says."""
    table = P.get("national/pension/annuity_divisor", on)
    if not isinstance(table, Value):
        return table
    years, months = divmod(int(age_months), 12)
    rows = {int(k): D(v) for k, v in table.value.items()}
    if years not in rows or (months and years + 1 not in rows):
        return Unknown(
            "national/pension/annuity_divisor",
            f"计发月数表不含{format_age(age_months)}（表内为40—70岁）",
            f"no divisor for age {age_months} months",
        )
    if months == 0:
        return Value(
            table.parameter,
            rows[years],
            table.status,
            table.sources,
            table.effective_from,
            derivation=f"{years}岁 → {rows[years]}",
        )
    rule = P.get("national/pension/annuity_divisor_month_interpolation", on)
    if not isinstance(rule, Value):
        return rule
    raw = rows[years] - (rows[years] - rows[years + 1]) * D(months) / 12
    quantum = Decimal(1).scaleb(-int(rule.value["decimals"]))
    value = round_money(raw, {"quantum": quantum, "mode": rule.value["mode"]})
    return Value(
        table.parameter,
        value,
        worst_status(table.status, rule.status),
        table.sources + rule.sources,
        table.effective_from,
        derivation=(
            f"{rows[years]} − ({rows[years]} − {rows[years + 1]}) × {months}/12 = "
            f"{raw.quantize(Decimal('0.0001'))} → {value}"
        ),
    )


def account_pension(
    P: ParameterSet, area: str, on: YearMonth, account: Decimal, divisor: Value
) -> Component:
    """个人账户养老金 = 个人账户储存额 ÷ 计发月数 — 国发〔2005〕38号 第六条."""
    rounding = P.get("national/pension/component_rounding", on, area)
    assert isinstance(rounding, Value)
    amount = round_money(account / D(divisor.value), rounding.value)
    return Component(
        "individual_account",
        "个人账户养老金",
        amount,
        f"{account} ÷ {D(divisor.value)} = {amount}",
        inputs={"个人账户储存额": account, "计发月数": D(divisor.value)},
        used=[divisor, rounding],
    )


def fixed_addons(
    P: ParameterSet, area: str, on: YearMonth, years: Duration
) -> tuple[Decimal, str, Value] | None:
    """Guangdong: a flat 100 yuan plus 4 yuan per whole contribution year, paid inside the
    transitional line (粤劳电〔2009〕32号, 粤人社〔2014〕8号 as cited; amounts verified on
    forms)."""
    rule = P.get("regional/pension/transitional_fixed_addon", on, area)
    if not isinstance(rule, Value):
        return None
    whole = int(years.years)
    flat, per_year = D(rule.value["flat"]), D(rule.value["per_whole_year"])
    amount = flat + per_year * whole
    return amount, f"{flat} + {per_year}×{whole}年 = {amount}", rule


def phase_in_ratio(P: ParameterSet, area: str, on: YearMonth) -> Value | Unknown:
    """Share of (new − old) paid in the retirement year under a provincial old/new method
    transition (Jiangsu 40/70/100% for 2024/2025/2026+; Guangdong 30…100% for 2021…2025)."""
    table = P.get("regional/pension/transitional_phase_in", on, area)
    if not isinstance(table, Value):
        return table
    years = sorted(int(k) for k in table.value)
    if on.year < years[0]:
        return Unknown(table.parameter, f"{on.year}年不在新老办法过渡表内", "year before table")
    ratio = D(table.value[max(y for y in years if y <= on.year)])
    return Value(
        table.parameter,
        ratio,
        table.status,
        table.sources,
        table.effective_from,
        area=table.area,
        derivation=f"{on.year}年 → {ratio}",
    )


def pre_account_pension(
    P: ParameterSet,
    inp: EstimateInput,
    rule: dict[str, Any],
    C: Decimal,
    rounding: Value,
    used: list[Value],
) -> tuple[Decimal | None, str]:
    """New-method 过渡性养老金 for service before the personal account:
    C × (index × years [+ index-years]) × 1.2% (the provincial rule's coefficient); which index
    applies is data (``regional/pension/transitional_method``: fixed / person / city_table)."""
    assert inp.deemed_years is not None
    index, label = transitional_index(P, inp, rule, used)
    if index is None:
        return None, "需提供 --trans-index 或 --deemed-index（过渡性养老金的缴费指数）。"
    coefficient = D(rule["coefficient"])
    extra = inp.trans_index if rule.get("trans_index_is_index_years") and inp.trans_index else ZERO
    new = round_money(C * (index * inp.deemed_years.years + extra) * coefficient, rounding.value)
    extra_text = f" + {extra}" if extra else ""
    return new, (
        f"{C} × ({label}{index}×{_fmt_years(inp.deemed_years)}{extra_text}) × "
        f"{_pct(coefficient)} = {new}"
    )


def transitional_index(
    P: ParameterSet, inp: EstimateInput, rule: dict[str, Any], used: list[Value]
) -> tuple[Decimal | None, str]:
    """The index weighting pre-account years: ``fixed`` (Shanghai 视同指数 1.0), ``person``
    (Jiangsu 双指数: --trans-index, else --deemed-index) or ``city_table`` (Guangdong's 1993
    city index D); --deemed-index overrides a fixed or table index."""
    kind = rule.get("index", "person")
    if kind == "person":
        index = inp.trans_index if inp.trans_index is not None else inp.deemed_index
        return index, "过渡指数"
    if inp.deemed_index is not None:
        return inp.deemed_index, "视同指数"
    if kind == "fixed":
        return D(rule["deemed_index"]), "视同指数"
    table = P.get("regional/pension/deemed_index", inp.retire, inp.area)
    if isinstance(table, Value):
        used.append(table)
        return D(table.value), "视同指数D"
    return None, ""


def old_new_transition(
    P: ParameterSet, area: str, on: YearMonth, old: Decimal, new: Decimal, rounding: Value
) -> tuple[Decimal, str, Value | None]:
    """Old/new method transition: the old amount plus the share of a *positive* difference
    paid in the retirement year (Jiangsu 40/70/100%; Guangdong 30…100%). No ratio for the
    year: the new method applies."""
    ratio = phase_in_ratio(P, area, on)
    if not isinstance(ratio, Value):
        return new, f"新办法 {new}（该年份无新老办法过渡比例）", None
    paid = round_money(old + max(ZERO, new - old) * D(ratio.value), rounding.value)
    return paid, f"{old} + max(0, {new} − {old}) × {D(ratio.value)} = {paid}", ratio


def transitional_pension(P: ParameterSet, inp: EstimateInput, base: Value | Unknown) -> Component:
    """过渡性养老金 for service before the personal account (视同缴费年限) — 国发〔2005〕38号
    第六条 leaves the formula to the provinces; the rule recorded for the area is applied:
    pre-account part (new method, phased against the old amount where a transition applies),
    Shanghai's 虚账实记 ÷ 120, Guangdong's fixed add-ons."""
    on, area = inp.retire, inp.area
    rounding = P.get("national/pension/component_rounding", on, area)
    assert isinstance(rounding, Value)
    label = "过渡性养老金"
    if inp.transitional is not None:
        return Component(
            "transitional",
            label,
            inp.transitional,
            f"按核定表所列 {inp.transitional}",
            inputs={"过渡性养老金（材料）": inp.transitional},
            origin=inp.origins.get("transitional", "document"),
        )
    method = P.get("regional/pension/transitional_method", on, area)
    has_service = inp.deemed_years is not None and inp.deemed_years.years > 0
    if not isinstance(method, Value):
        if not has_service and inp.old_transitional is None:
            return Component("transitional", label, ZERO, "无视同缴费年限 → 0")
        return Component(
            "transitional",
            label,
            None,
            "未收录该地过渡性养老金计发办法",
            notes=[
                f"{P.areas.name(area)}的过渡性养老金办法未收录；"
                "可用 --transitional 输入核定表金额。"
            ],
        )
    rule = method.value
    used: list[Value] = [rounding]
    if has_service or inp.old_transitional is not None or inp.notional_account is not None:
        used.insert(0, method)
    parts: list[dict[str, Any]] = []
    bits: list[str] = []
    notes: list[str] = []
    total = ZERO
    if has_service:
        if not isinstance(base, Value):
            return Component("transitional", label, None, "计发基数未知", notes=[base.reason])
        new, new_text = pre_account_pension(P, inp, rule, D(base.value), rounding, used)
        if new is None:
            return Component(
                "transitional", label, None, "缺少过渡性养老金的缴费指数", notes=[new_text]
            )
        parts.append(
            {"label": rule.get("part_label", "建账前年限部分"), "amount": new, "formula": new_text}
        )
        if inp.old_transitional is not None:
            parts.append({"label": "老办法（材料）", "amount": inp.old_transitional})
            part, text, ratio = old_new_transition(P, area, on, inp.old_transitional, new, rounding)
            used.extend([ratio] if ratio is not None else [])
        else:
            part, text = new, new_text
            ratio = phase_in_ratio(P, area, on)
            if isinstance(ratio, Value) and D(ratio.value) < 1:
                notes.append(
                    "该年份处于新老办法过渡期，未提供老办法金额（--old-transitional），"
                    "按新办法全额计，可能偏高。"
                )
        total += part
        bits.append(text)
    elif inp.old_transitional is not None:
        total += inp.old_transitional
        parts.append({"label": "老办法/视同部分（材料）", "amount": inp.old_transitional})
        bits.append(f"{inp.old_transitional}（材料）")
    if inp.notional_account is not None and "notional_divisor" in rule:
        divisor = D(rule["notional_divisor"])
        total += inp.notional_account / divisor
        parts.append(
            {
                "label": "虚账实记部分",
                "amount": round_money(inp.notional_account / divisor, {"quantum": "0.01"}),
            }
        )
        bits.append(f"{inp.notional_account} ÷ {divisor}")
    addon = fixed_addons(P, area, on, inp.years)
    if addon is not None:
        amount, text, addon_value = addon
        used.append(addon_value)
        total += amount
        parts.append({"label": "定额加发", "amount": amount, "formula": text})
        bits.append(text)
    if not bits:
        return Component("transitional", label, ZERO, "无视同缴费年限 → 0")
    amount = round_money(total, rounding.value)
    formula = " + ".join(bits)
    if len(bits) > 1 or f"= {amount.normalize()}" not in formula:
        formula += f" → {amount}"
    return Component(
        "transitional",
        label,
        amount,
        formula,
        inputs={
            "视同/建账前年限": inp.deemed_years,
            "过渡指数": inp.trans_index,
            "视同指数": inp.deemed_index,
            "老办法金额": inp.old_transitional,
            "虚账实记": inp.notional_account,
        },
        used=used,
        parts=parts,
        notes=notes,
    )


def calculation_base(P: ParameterSet, inp: EstimateInput) -> Value | Unknown:
    """计发基数 C: the caller's figure (as printed on a form) or the parameter for the
    retirement year at the area; provisional when the year's base is not yet published."""
    if inp.calc_base is not None:
        origin = inp.origins.get("calc_base", "input")
        return Value(
            "regional/pension/calculation_base",
            inp.calc_base,
            "estimated" if origin == "estimated" else "given",
            (Source(title="输入的计发基数" if origin == "input" else "材料所列计发基数"),),
            inp.retire.first_day,
            area=inp.area,
            note="caller-supplied",
        )
    return P.get("regional/pension/calculation_base", inp.retire, inp.area)


def estimate(inp: EstimateInput, P: ParameterSet | None = None) -> Estimate:
    """The monthly pension at retirement from the inputs (see module docstring)."""
    P = P or parameters()
    on, area = inp.retire, inp.area
    formula = P.get("national/pension/basic_pension_rate", on)
    if not isinstance(formula, Value):
        raise UsageError(
            f"本工具按国发〔2005〕38号文的计发办法（2006年1月起）估算，{on}退休不适用",
            f"the 2006 benefit formula does not apply to retirement in {on}",
        )
    rounding = P.get("national/pension/component_rounding", on, area)
    assert isinstance(rounding, Value)
    unknown: list[str] = []
    notes: list[str] = []
    facts: list[InputFact] = []

    base = calculation_base(P, inp)
    if isinstance(base, Value) and base.provisional:
        base = replace(base, status=worst_status(base.status, "estimated"))
    if isinstance(base, Value):
        origin = inp.origins.get("calc_base", "input") if inp.calc_base is not None else "parameter"
        facts.append(
            InputFact(
                "calc_base",
                "计发基数",
                D(base.value),
                origin,
                base.status,
                base.sources,
                "按上年度计发基数预发" if base.provisional else None,
            )
        )
        if base.provisional and on.year - base.effective_from.year <= 1:
            notes.append(
                f"{on.year}年计发基数尚未公布，暂按{base.effective_from.year}年的{base.value}计算"
                "（各地做法相同：先预发，公布后重算补发）。"
            )
        elif base.provisional:
            notes.append(
                f"{on.year}年的计发基数要到退休时才公布，这里按最近公布的"
                f"{base.effective_from.year}年{base.value}计算：结果相当于按今天的工资水平估算，"
                "未计入今后的工资增长。"
            )
        basic = basic_pension(P, area, on, base, inp.avg_index, inp.years)
    else:
        unknown.append(f"基础养老金：{base.reason}")
        basic = Component("basic", "基础养老金", None, "计发基数未知", notes=[base.reason])

    for name, label, value in (
        ("avg_index", "平均缴费指数", inp.avg_index),
        ("years", "累计缴费年限（含视同）", inp.years),
        ("account", "个人账户储存额", inp.account),
    ):
        origin = inp.origins.get(name, "input")
        status = "estimated" if origin == "estimated" else "given"
        facts.append(InputFact(name, label, value, origin, status))

    if inp.divisor is not None:
        divisor: Value | Unknown = Value(
            "national/pension/annuity_divisor",
            inp.divisor,
            "given",
            (Source(title="核定表所列计发月数"),),
            on.first_day,
            note="caller-supplied",
        )
        table = annuity_divisor(P, inp.age_months, on)
        if isinstance(table, Value) and D(table.value) != inp.divisor:
            notes.append(
                f"材料所列计发月数{inp.divisor}与{format_age(inp.age_months)}按表应为"
                f"{D(table.value)}不一致，已按材料计算。"
            )
    else:
        divisor = annuity_divisor(P, inp.age_months, on)
    if isinstance(divisor, Value):
        account = account_pension(P, area, on, inp.account, divisor)
    else:
        unknown.append(f"个人账户养老金：{divisor.reason}")
        account = Component("individual_account", "个人账户养老金", None, divisor.reason)

    local = P.get("regional/pension/unmodelled_local_items", on, area)
    if isinstance(local, Value) and not inp.extras:
        notes.append(
            f"{P.areas.name(local.area or area)}核定表上还有本工具未计算的项目："
            f"{local.value['items']}；"
            "请按材料用 --extra 名称=金额 输入，否则合计偏低。"
        )
    transitional = transitional_pension(P, inp, base)
    if transitional.amount is None:
        unknown.append("过渡性养老金：" + "；".join([transitional.formula, *transitional.notes]))

    return Estimate(
        area=area,
        area_name=P.areas.name(area),
        retire=on,
        age_months=inp.age_months,
        components={"basic": basic, "individual_account": account, "transitional": transitional},
        extras=list(inp.extras),
        inputs=facts,
        unknown=unknown,
        notes=notes,
        rounding=rounding,
    )
