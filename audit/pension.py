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

from dataclasses import replace
from decimal import Decimal
from typing import Any

from shebao.audit.estimate_model import (  # noqa: F401  (re-exported for callers)
    ORIGINS,
    ZERO,
    Component,
    D,
    Estimate,
    EstimateInput,
    InputFact,
    fmt_years,
    pct,
)
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
from shebao.audit.results import STATUS_ZH
from shebao.audit.transitional import (  # noqa: F401  (re-exported for callers)
    counted_years,
    fixed_addons,
    indexed_wage_base,
    old_new_transition,
    phase_in_ratio,
    pre_account_pension,
    transitional_index,
    transitional_pension,
)

from shebao.errors import UsageError


def service_year_factor(
    P: ParameterSet, area: str, years: Duration, on: YearMonth
) -> tuple[Decimal, str, list[Value]]:
    """缴费年限系数 N x 1%: 38号文 第六条 — "缴费每满1年发给1%". How months beyond whole
    years count is local (``regional/pension/service_year_counting``): N = months/12 in most
    provinces; rounded to 0.01 year (Beijing, Tianjin, Zhejiang, Sichuan) or up to 0.1 year
    (Anhui); Shanghai counts each extra month at 0.083%."""
    rate = P.get("national/pension/basic_pension_rate", on)
    counting = P.get("regional/pension/service_year_counting", on, area)
    assert isinstance(rate, Value) and isinstance(counting, Value)
    method = counting.value["method"]
    if method == "whole_years_plus_month_rate" and years.months is not None:
        whole, rest = divmod(years.months, 12)
        per_month = D(counting.value["per_month_rate"])
        factor = D(whole) * D(rate.value) + D(rest) * per_month
        text = f"{whole}年×{pct(D(rate.value))} + {rest}个月×{pct(per_month)}"
        return factor, text, [rate, counting]
    counted, text, _ = counted_years(P, area, on, years)
    factor = counted * D(rate.value)
    return factor, f"{text}×{pct(D(rate.value))}", [rate, counting]


def low_index_factor(
    P: ParameterSet, area: str, avg_index: Decimal, on: YearMonth
) -> tuple[Decimal, Value | None]:
    """Where ``regional/pension/low_index_adjustment`` records it (Guangdong, observed on
    forms): if the average index Z is below the threshold, the 计发基数 term is multiplied by
    a = Z / threshold. An area may record that it does not apply (Shenzhen, inside
    Guangdong: ``method: none``). Elsewhere a = 1."""
    rule = P.get("regional/pension/low_index_adjustment", on, area)
    if not isinstance(rule, Value) or rule.value.get("method") == "none":
        return Decimal(1), None
    threshold = D(rule.value["threshold"])
    if avg_index >= threshold:
        return Decimal(1), rule
    return avg_index / threshold, rule


def kept_index(
    P: ParameterSet, area: str, on: YearMonth, avg_index: Decimal
) -> tuple[Decimal, Value | None]:
    """The average index as the area's forms keep it (``regional/pension/index_rounding``:
    Jilin keeps two decimals, 职场老楚's summary of the Jilin rules, unconfirmed). The rule is
    returned only where it changes the typed index; elsewhere the index is used as typed."""
    rule = P.get("regional/pension/index_rounding", on, area)
    if not isinstance(rule, Value):
        return avg_index, None
    kept = round_money(avg_index, rule.value)
    return (kept, rule) if kept != avg_index else (avg_index, None)


def basic_pension(
    P: ParameterSet,
    area: str,
    on: YearMonth,
    base: Value,
    avg_index: Decimal,
    years: Duration,
    rounding: Value | None = None,
    index_wage: Decimal | None = None,
) -> Component:
    """基础养老金 = (C × a + W × Z) / 2 × N × 1% — 国发〔2005〕38号 第六条: 以当地上年度在岗职工
    月平均工资和本人指数化月平均缴费工资的平均值为基数，缴费每满1年发给1%. W is C except
    where the indexed wage rests on another average wage (:func:`indexed_wage_base`)."""
    C = D(base.value)
    factor, factor_text, used = service_year_factor(P, area, years, on)
    a, rule = low_index_factor(P, area, avg_index, on)
    if rounding is None:
        rounding = P.get("national/pension/component_rounding", on, area)
    assert isinstance(rounding, Value)
    W, wage, wage_note = indexed_wage_base(P, area, on, C, index_wage)
    raw = (C * a + W * avg_index) / 2 * factor
    amount = round_money(raw, rounding.value)
    a_text = ""
    notes = [wage_note] if wage_note else []
    if rule is not None and a != 1:
        a_text = f" × a（{avg_index}÷{rule.value['threshold']}={a.quantize(Decimal('0.0001'))}）"
        notes.append(
            f"平均缴费指数低于{rule.value['threshold']}，计发基数项乘以 "
            f"指数÷{rule.value['threshold']}：{rule.value['practice']}"
            f"（依据状态：{STATUS_ZH[rule.status]}）。"
        )
    formula = f"({C}{a_text} + {W}×{avg_index}) ÷ 2 × {factor_text} = {amount}"
    used_values = [base, *used, rounding] + ([rule] if rule is not None and a != 1 else [])
    used_values += [wage] if wage is not None else []
    return Component(
        "basic",
        "基础养老金",
        amount,
        formula,
        inputs={
            "计发基数C": C,
            "平均缴费指数Z": avg_index,
            "缴费年限N": years,
            "a": a,
            **({"指数化所用地市平均工资W": W} if W != C else {}),
        },
        used=used_values,
        notes=notes,
    )


def annuity_divisor(P: ParameterSet, age_months: int, on: YearMonth) -> Value | Unknown:
    """计发月数 by age at retirement — 国发〔2005〕38号 附件. For an age with months the
    method is data (``national/pension/annuity_divisor_month_interpolation``): before 2025 the
    whole-year age is read (50岁1个月 → 195); from 2025, when retirement ages run in months,
    linear interpolation between whole ages, rounded as the parameter says."""
    table = P.get("national/pension/annuity_divisor", on)
    if not isinstance(table, Value):
        return table
    years, months = divmod(int(age_months), 12)
    rows = {int(k): D(v) for k, v in table.value.items()}
    rule = P.get("national/pension/annuity_divisor_month_interpolation", on) if months else None
    if isinstance(rule, Unknown):
        return rule
    interpolate = rule is not None and rule.value["method"] == "linear_by_month"
    if years not in rows or (interpolate and years + 1 not in rows):
        return Unknown(
            "national/pension/annuity_divisor",
            f"计发月数表不含{format_age(age_months)}（表内为40—70岁）",
            f"no divisor for age {age_months} months",
        )
    if months == 0 or not interpolate:
        assert rule is None or rule.value["method"] == "whole_years"
        return Value(
            table.parameter,
            rows[years],
            table.status if rule is None else worst_status(table.status, rule.status),
            table.sources + (rule.sources if rule is not None else ()),
            table.effective_from,
            derivation=(
                f"{years}岁 → {rows[years]}"
                if rule is None
                else f"{on.year}年退休按周岁取表：{format_age(age_months)} → {years}岁 → "
                f"{rows[years]}"
            ),
        )
    assert rule is not None
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
    P: ParameterSet,
    area: str,
    on: YearMonth,
    account: Decimal,
    divisor: Value,
    rounding: Value | None = None,
    key: str = "individual_account",
    label: str = "个人账户养老金",
) -> Component:
    """个人账户养老金 = 个人账户储存额 ÷ 计发月数 — 国发〔2005〕38号 第六条 (the public
    scheme's occupational annuity is paid the same way, under its own key and label)."""
    if rounding is None:
        rounding = P.get("national/pension/component_rounding", on, area)
    assert isinstance(rounding, Value)
    amount = round_money(account / D(divisor.value), rounding.value)
    return Component(
        key,
        label,
        amount,
        f"{account} ÷ {D(divisor.value)} = {amount}",
        inputs={f"{label.removesuffix('养老金')}储存额": account, "计发月数": D(divisor.value)},
        used=[divisor, rounding],
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


def segment_share(segments: dict[Any, Any], years: Decimal) -> tuple[Decimal, list[str]]:
    """Σ years in each band × the band's rate, for items paid by bands of contribution years
    (Jilin's 增发: {20: 0.15%, 25: 0.2%, 30: 0.25%} — years 21–25, 26–30, 31 and more). A part
    year is rated with the band of the last whole year: a Changchun 预核定表 of 2024-01 with
    30.58 years prints 26—30年部分 × 5.58 and 31年及以上部分 × 0, while 42.67 years give the
    31+ band 12.67 (the formula printed on Jilin's 基本养老金核定表 as transcribed by 职场老楚,
    "吉林省企业职工基本养老金预核定和正式核定全过程精准解析", 2025-02-19; the rule document
    it cites, 吉人社联〔2020〕89号, was not read). Returns (share, texts)."""
    bands = sorted((int(k), D(v)) for k, v in segments.items())
    whole = D(int(years))
    part = years - whole
    share, texts = ZERO, []
    for i, (start, rate) in enumerate(bands):
        end = D(bands[i + 1][0]) if i + 1 < len(bands) else whole
        span = max(ZERO, min(whole, end) - start)
        if start < whole <= end or (i + 1 == len(bands) and whole > start):
            span += part  # the part year goes with the band of the last whole year
        if span > 0:
            share += span * rate
            texts.append(f"{span.normalize():f}年×{pct(rate)}")
    return share, texts


def local_supplements(
    P: ParameterSet, inp: EstimateInput, base: Value | Unknown
) -> Component | None:
    """Local items paid beside the three pensions where ``regional/pension/local_supplements``
    records them: ``flat`` + ``per_index_year`` × Z × N (Zhejiang: 过渡性调节金 480 + Z × N × 3
    for people with pre-account years, 基本养老金补贴 150), or ``segments`` {years above: rate}
    applied to the basic pension's base (C + W × Z) / 2 for the years in each band (Jilin's
    增发: 0.15% for years 21–25, 0.2% for 26–30, 0.25% beyond). Items typed from the form (an
    extra of the same label) are not computed again. None where the area records no items."""
    rule = P.get("regional/pension/local_supplements", inp.retire, inp.area)
    if not isinstance(rule, Value):
        return None
    typed = {label for label, _ in inp.extras}
    has_pre_account = any(
        y is not None and y.years > 0 for y in (inp.deemed_years, inp.pre_account_years)
    )
    parts: list[dict] = []
    total: Decimal | None = ZERO
    used: list[Value] = [rule]
    years, years_text, _ = counted_years(P, inp.area, inp.retire, inp.years)
    cent = {"quantum": "0.01"}
    for label, item in rule.value["items"].items():
        if label in typed or (item.get("needs_pre_account") and not has_pre_account):
            continue
        if inp.avg_index is None and ("segments" in item or item.get("per_index_year")):
            parts.append({"label": label, "amount": None, "formula": "平均缴费指数未知"})
            total = None
            continue
        if "segments" in item:
            if not isinstance(base, Value):
                parts.append({"label": label, "amount": None, "formula": "计发基数未知"})
                total = None
                continue
            C = D(base.value)
            W, wage, _ = indexed_wage_base(P, inp.area, inp.retire, C, inp.index_wage)
            used.extend([wage] if wage is not None and wage not in used else [])
            mean = (C + W * inp.avg_index) / 2
            share, texts = segment_share(item["segments"], years)
            amount = round_money(mean * share, cent)
            formula = f"({C} + {W}×{inp.avg_index}) ÷ 2 × ({' + '.join(texts) or '0'}) = {amount}"
        else:
            flat, per = D(item.get("flat", 0)), D(item.get("per_index_year", 0))
            amount = round_money(flat + (per * inp.avg_index * years if per else ZERO), cent)
            formula = f"{flat}" + (f" + {inp.avg_index}×{years_text}×{per}" if per else "")
            formula += f" = {amount}"
        parts.append({"label": label, "amount": amount, "formula": formula})
        if total is not None:
            total += amount
    if not parts:
        return None
    return Component(
        "local_supplements",
        "地方加发项目",
        total,
        " + ".join(f"{p['label']} {p['amount']}" for p in parts) + f" = {total}",
        used=used,
        parts=parts,
    )


def _yuan(value: object) -> str:
    """``6738`` -> ``6,738元``; ``7215.5`` -> ``7,215.50元`` (an amount in a sentence)."""
    amount = Decimal(str(value))
    return (f"{amount:,.0f}元" if amount == amount.to_integral_value()
            else f"{amount:,.2f}元")


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

    index_rule: Value | None = None
    if inp.avg_index is not None:
        kept, index_rule = kept_index(P, area, on, inp.avg_index)
        if index_rule is not None:
            notes.append(
                f"平均缴费指数按{P.areas.name(index_rule.area or area)}核定表的做法"
                f"{index_rule.value['practice']}：{inp.avg_index} → {kept}"
                f"（依据状态：{STATUS_ZH[index_rule.status]}）。"
            )
            inp = replace(inp, avg_index=kept)

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
                f"{on.year}年计发基数尚未公布，暂按{base.effective_from.year}年的"
                f"{_yuan(base.value)}计算"
                "（各地做法相同：先预发，公布后重算补发）。"
            )
        elif base.provisional:
            notes.append(
                f"{on.year}年的计发基数要到退休时才公布，这里按最近公布的"
                f"{base.effective_from.year}年的{_yuan(base.value)}计算：结果相当于按今天的工资水平估算，"
                "未计入今后的工资增长。"
            )
        if inp.avg_index is None:
            unknown.append("基础养老金：平均缴费指数未知")
            basic = Component("basic", "基础养老金", None, "平均缴费指数未知")
        else:
            basic = basic_pension(
                P, area, on, base, inp.avg_index, inp.years, index_wage=inp.index_wage
            )
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
        if value is None:
            origin, status = "unknown", "unknown"
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
            "这些金额请按核定表加入估算，否则合计偏低。"
        )
    transitional = transitional_pension(P, inp, base)
    if transitional.amount is None:
        unknown.append("过渡性养老金：" + "；".join([transitional.formula, *transitional.notes]))
    components = {"basic": basic, "individual_account": account, "transitional": transitional}
    supplements = local_supplements(P, inp, base)
    if supplements is not None and supplements.amount is None:
        unknown.append("地方加发项目：计发基数未知")
    if supplements is not None:
        components["local_supplements"] = supplements
    if index_rule is not None:
        # the rounded index carries the rule's source and status into every component
        # computed from it (the basic pension always; others where their formula shows it)
        for component in components.values():
            shown = [component.formula, *(str(p.get("formula", "")) for p in component.parts)]
            if component.amount is not None and (
                component.key == "basic" or any(f"{inp.avg_index}" in f for f in shown)
            ):
                component.used.append(index_rule)
    total_rounding = P.get("regional/pension/total_rounding", on, area)
    if isinstance(total_rounding, Value):
        notes.append(
            f"合计按{P.areas.name(total_rounding.area or area)}核定表的做法舍入："
            f"{total_rounding.value['practice']}（依据状态：{STATUS_ZH[total_rounding.status]}）。"
        )

    return Estimate(
        area=area,
        area_name=P.areas.name(area),
        retire=on,
        age_months=inp.age_months,
        components=components,
        extras=list(inp.extras),
        inputs=facts,
        unknown=unknown,
        notes=notes,
        rounding=rounding,
        total_rounding=total_rounding if isinstance(total_rounding, Value) else None,
    )
