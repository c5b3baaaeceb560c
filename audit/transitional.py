"""过渡性养老金: the provincial transitional pensions for service before the personal account.

国发〔2005〕38号 第六条 leaves the transitional pension to the provinces. The rule for an area
is data (``regional/pension/transitional_method``: coefficient, which index weights the
pre-account years, Shanghai's 虚账实记 divisor, labels); the old/new method transition ratios
(``transitional_phase_in``) and Guangdong's fixed add-ons (``transitional_fixed_addon``) too.
Entry point: :func:`transitional_pension`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from shebao.audit.estimate_model import ZERO, Component, D, EstimateInput, fmt_years, pct
from shebao.audit.months import Duration, YearMonth
from shebao.audit.params import NATIONAL, ParameterSet, Source, Unknown, Value, round_money
from shebao.audit.results import worst_status

WAGE_BASE = "regional/pension/indexed_wage_base"


def indexed_wage_base(
    P: ParameterSet, area: str, on: YearMonth, C: Decimal, typed: Decimal | None = None
) -> tuple[Decimal, Value | None, str | None]:
    """The average wage the person's index multiplies (本人指数化月平均缴费工资 = W × Z):
    the 计发基数 C in most provinces; in Henan the retirement city's own average wage
    (``regional/pension/indexed_wage_base``, 豫政〔2006〕29号 as the forms cite it); in Jilin
    the provincial base for every city while the first term uses the city's own base
    (市县计发基数 + 全省计发基数 × 指数, 吉政办明电〔2020〕12号 as the forms print it): the entry
    there is a rule ``{same_as: <parameter>}``, the named parameter read at the entry's own
    area, so the figure is recorded once (:func:`_same_as`). W is also used by the
    transitional pension. Where the province records the rule but not the figure, C stands
    in and the returned note says so (the used value is ``unconfirmed``). A figure printed
    on the caller's form (``typed``: a 预核定表 prints the previous year's city and provincial
    bases together) is used as given, like a typed C."""
    if typed is not None:
        given = Value(
            WAGE_BASE, typed, "given", (Source(title="材料所列指数化工资所用平均工资"),),
            on.first_day, note="caller-supplied",
        )  # fmt: skip
        return typed, given, None
    wage = P.get(WAGE_BASE, on, area)
    if isinstance(wage, Value) and isinstance(wage.value, dict):
        return _same_as(P, wage, on, C)
    if isinstance(wage, Value):
        return D(wage.value), wage, None
    if wage.missing:
        return C, None, None
    stand_in = Value(
        WAGE_BASE, C, "unconfirmed", wage.sources, on.first_day, area=wage.area,
        note="以计发基数代替未收录的地市平均工资",
    )  # fmt: skip
    return C, stand_in, (
        f"{P.areas.name(wage.area or area)}按退休地地市平均工资计算指数化工资"
        f"（{wage.reason}）；这里以计发基数{C}代替，结果可能偏差较大。"
    )


def same_as(P: ParameterSet, rule: Value, on: date | YearMonth) -> Value | Unknown:
    """A rule entry ``{same_as: <parameter>, label?}``: that parameter's value at the area where
    the rule is recorded (Jilin: the provincial 计发基数, for a Changchun retiree too), so a
    figure used in two roles is recorded once. The value carries the rule's and the figure's
    sources, the less certain of their statuses and the figure's ``provisional`` flag, under
    the rule's parameter name; an unknown figure is returned as it is."""
    name, where = rule.value["same_as"], rule.area or NATIONAL
    label = rule.value.get("label") or P[name].description
    figure = P.get(name, on, where)
    if not isinstance(figure, Value):
        return figure
    return Value(
        rule.parameter, figure.value, worst_status(rule.status, figure.status),
        rule.sources + figure.sources, figure.effective_from, area=figure.area,
        note=rule.note, derivation=f"{P.areas.name(where)}{label}（{name}）",
        provisional=figure.provisional,
    )  # fmt: skip


def _same_as(
    P: ParameterSet, rule: Value, on: YearMonth, C: Decimal
) -> tuple[Decimal, Value, str | None]:
    """W by a ``same_as`` rule (:func:`same_as`); an unknown figure lets C stand in with a
    warning, as for Henan."""
    figure = same_as(P, rule, on)
    if isinstance(figure, Value):
        return D(figure.value), figure, None
    where = rule.area or NATIONAL
    label = rule.value.get("label") or P[rule.value["same_as"]].description
    stand_in = Value(
        WAGE_BASE, C, "unconfirmed", rule.sources + figure.sources, on.first_day, area=where,
        note=f"以计发基数代替未收录的{label}",
    )  # fmt: skip
    return C, stand_in, (
        f"{P.areas.name(where)}的指数化工资按{label}计算（{figure.reason}）；"
        f"这里以计发基数{C}代替，结果可能偏差较大。"
    )


def counted_years(
    P: ParameterSet, area: str, on: YearMonth, years: Duration
) -> tuple[Decimal, str, Value | None]:
    """Years as the area's forms count them (``regional/pension/service_year_counting``):
    months / 12 unrounded (most provinces), or rounded (``rounded_years``: Beijing, Tianjin,
    Zhejiang, Sichuan to 0.01 year half-up; Anhui up to the next 0.1 year). Years typed as a
    decimal are taken as printed. Returns (years, text, rule used or None)."""
    rule = P.get("regional/pension/service_year_counting", on, area)
    if (
        not isinstance(rule, Value)
        or rule.value["method"] != "rounded_years"
        or years.months is None
        or years.months % 12 == 0
    ):
        return years.years, fmt_years(years), None
    # in steps of the quantum (0.5 year in Fujian), not only powers of ten
    step = D(rule.value["quantum"])
    steps = round_money(D(years.months) / 12 / step, {"quantum": 1, "mode": rule.value["mode"]})
    counted = steps * step
    return counted, f"{counted.normalize():f}年（{years}）", rule


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
    C × Σ(index × years) × coefficient (``regional/pension/transitional_method``). A rule has
    one term (``index``, over the 视同/pre-account years) or several (``terms``, a mapping of
    named terms each with ``years: deemed | pre_account`` and an index: Beijing's
    视同 years at index 1.0 plus the actual pre-account years at the person's index). A term
    with ``base: mean`` weights its years by (1 + index) / 2 instead of the index (Sichuan);
    ``index_floor`` counts an index below it as the floor (Inner Mongolia: below 1 as 1)."""
    terms = list(rule["terms"].values()) if "terms" in rule else [{"years": "deemed", **rule}]
    coefficient = D(rule["coefficient"])
    total = ZERO
    texts: list[str] = []
    for term in terms:
        duration = inp.pre_account_years if term.get("years") == "pre_account" else inp.deemed_years
        if duration is None or duration.years == 0:
            continue
        index, label = transitional_index(P, inp, term, used)
        if index is None:
            return None, "缺少过渡性养老金所用的缴费指数（核定表上的过渡性指数或视同缴费指数）。"
        floor = term.get("index_floor")
        if floor is not None and index < D(floor):
            index, label = D(floor), f"{label}{index}低于{floor}按"
        years, years_text, counting = counted_years(P, inp.area, inp.retire, duration)
        if counting is not None and counting not in used:
            used.append(counting)
        if term.get("base") == "mean":
            total += (1 + index) / 2 * years
            texts.append(f"(1 + {label}{index}) ÷ 2 × {years_text}")
        else:
            total += index * years
            texts.append(f"{label}{index}×{years_text}")
    extra = inp.trans_index if rule.get("trans_index_is_index_years") and inp.trans_index else ZERO
    if rule.get("wage") == "indexed_wage_base":
        C, wage, _ = indexed_wage_base(P, inp.area, inp.retire, C, inp.index_wage)
        used.extend([wage] if wage is not None else [])
    new = round_money(C * (total + extra) * coefficient, rounding.value)
    extra_text = f" + {extra}" if extra else ""
    return new, f"{C} × ({' + '.join(texts)}{extra_text}) × {pct(coefficient)} = {new}"


def transitional_index(
    P: ParameterSet, inp: EstimateInput, rule: dict[str, Any], used: list[Value]
) -> tuple[Decimal | None, str]:
    """The index weighting pre-account years: ``fixed`` (Shanghai 视同指数 1.0), ``person``
    (the person's own pre-account index, Jiangsu/Tianjin 双指数: the transitional index, else
    the deemed index), ``average`` (the average index Z of the basic pension: Hunan, Hubei,
    Shandong), ``person_or_average`` (the transitional index where the form gives one, else
    Z: Beijing's actual pre-account years) or ``city_table`` (Guangdong's 1993 city index D);
    a deemed index typed from the form overrides a fixed, average or table index."""
    kind = rule.get("index", "person")
    if kind == "person_or_average" and inp.trans_index is not None:
        return inp.trans_index, "过渡指数"
    if kind == "person":
        index = inp.trans_index if inp.trans_index is not None else inp.deemed_index
        return index, "过渡指数"
    if inp.deemed_index is not None:
        return inp.deemed_index, "视同指数"
    if kind == "fixed":
        return D(rule["deemed_index"]), "视同指数"
    if kind in ("average", "person_or_average"):
        return inp.avg_index, "平均缴费指数"
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


ENTERPRISE_METHOD = "regional/pension/transitional_method"


def transitional_pension(
    P: ParameterSet,
    inp: EstimateInput,
    base: Value | Unknown,
    method_name: str = ENTERPRISE_METHOD,
    rounding: Value | None = None,
) -> Component:
    """过渡性养老金 for service before the personal account (视同缴费年限) — 国发〔2005〕38号
    第六条 leaves the formula to the provinces; the rule recorded for the area in
    ``method_name`` is applied: pre-account part (new method, phased against the old amount
    where a transition applies), Shanghai's 虚账实记 ÷ 120, Guangdong's fixed add-ons (enterprise
    scheme only). The public-sector scheme passes its own rule file and rounding."""
    on, area = inp.retire, inp.area
    enterprise = method_name == ENTERPRISE_METHOD
    if rounding is None:
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
    method = P.get(method_name, on, area)
    has_service = any(
        y is not None and y.years > 0 for y in (inp.deemed_years, inp.pre_account_years)
    )
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
                "可按核定表所列的过渡性养老金金额直接采用。"
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
    addon = fixed_addons(P, area, on, inp.years) if enterprise else None
    # Guangdong: the fixed add-ons belong to the old method (原办法 = 视同部分 + 100 + 4 × N);
    # the new method is compared with that sum (Shaoguan 2026-01 form: new method only, no
    # add-ons; Zhongshan 2026-04: no pre-1998 years, the add-ons alone).
    addon_in_old = addon is not None and bool(addon[2].value.get("part_of_old_method"))
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
        old: Decimal | None = inp.old_transitional
        if old is not None:
            parts.append({"label": "老办法（材料）", "amount": old})
        if addon_in_old and addon is not None:
            amount, addon_text, addon_value = addon
            used.append(addon_value)
            parts.append({"label": "定额加发（老办法）", "amount": amount, "formula": addon_text})
            old = (old or ZERO) + amount
            addon = None
        if old is not None:
            part, text, ratio = old_new_transition(P, area, on, old, new, rounding)
            used.extend([ratio] if ratio is not None else [])
            if inp.old_transitional is None:
                notes.append(
                    "未提供老办法过渡性养老金金额，老办法只按定额加发计；"
                    "老办法较高时核定表的数额会更高。"
                )
        else:
            part, text = new, new_text
            ratio = phase_in_ratio(P, area, on)
            if isinstance(ratio, Value) and D(ratio.value) < 1:
                notes.append(
                    "该年份处于新老办法过渡期，未提供老办法过渡性养老金金额，"
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
            "建账前实际缴费年限": inp.pre_account_years,
            "过渡指数": inp.trans_index,
            "视同指数": inp.deemed_index,
            "老办法金额": inp.old_transitional,
            "虚账实记": inp.notional_account,
        },
        used=used,
        parts=parts,
        notes=notes,
    )
