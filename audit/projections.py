"""What-if projections: keep paying, back-pay, retire early/late; break-even; replacement rate.

Entry points:

* :func:`project_person` -- scenarios for one person from a contribution history:
  ``stop_now`` (no more contributions), ``continue`` (keep paying at the minimum or a chosen
  base until the statutory month), ``extend`` (when that is not enough: pay on past the
  statutory month until the minimum, 社会保险法 第十六条), ``back_pay`` (N missing months
  back-paid, the record's gaps first), and the flexible ``earliest`` / ``latest`` months.
  Each gives the pension estimate, the months counted, whether and when the minimum
  contribution period is reached, and the remaining cost.
* :func:`break_even` -- 回本年龄: the month the cumulative pension first exceeds a sum paid.
* :func:`replacement_rate` -- a stylised 替代率 model for advice and research.

Assumptions (stated in every result's ``assumptions``): future contribution bases and 计发基数
are held at the last published values (nominal, no wage growth) unless a base is given; years
whose 记账利率 is not announced earn no interest (consistent with no wage growth: today's
money); the pension is not indexed after retirement unless an adjustment rate is given; no
discounting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from shebao.audit.account import year_end_balance
from shebao.audit.contributions import base_floor, employer_rate, personal_rate
from shebao.audit.history import HistoryEstimate, estimate_from_history, month_ranges
from shebao.audit.months import YearMonth, format_age
from shebao.audit.params import ParameterSet, Value, parameters
from shebao.audit.pension import annuity_divisor
from shebao.audit.retirement import retirement_facts

from shebao.errors import UsageError
from shebao.records import Contribution

FUTURE_EMPLOYER = "（预测：继续缴费）"
BACK_PAID = "（预测：补缴）"


def _D(x: Any) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


# ---------------------------------------------------------------------------------------------
# Break-even (回本年龄)
# ---------------------------------------------------------------------------------------------


@dataclass
class BreakEven:
    paid: Decimal
    month: YearMonth | None
    age_months: int | None
    months_of_pension: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "paid": float(self.paid),
            "month": None if self.month is None else str(self.month),
            "age_months": self.age_months,
            "age": None if self.age_months is None else format_age(self.age_months),
            "months_of_pension": self.months_of_pension,
        }


def break_even(
    monthly_pension: Decimal,
    paid: Decimal,
    first_payment: YearMonth,
    birth: YearMonth,
    annual_adjustment: Decimal = Decimal(0),
    horizon_months: int = 12 * 60,
) -> BreakEven:
    """The first month in which the cumulative pension received (from ``first_payment``,
    raised by ``annual_adjustment`` each January) is at least ``paid``. Nominal yuan, no
    discounting; ``None`` if not within ``horizon_months``."""
    if monthly_pension <= 0:
        return BreakEven(paid, None, None, None)
    total = Decimal(0)
    pension = monthly_pension
    month = first_payment
    for n in range(1, horizon_months + 1):
        if n > 1 and month.month == 1:
            pension = pension * (1 + annual_adjustment)
        total += pension
        if total >= paid:
            return BreakEven(paid, month, month.months_since(birth), n)
        month = month + 1
    return BreakEven(paid, None, None, None)


# ---------------------------------------------------------------------------------------------
# Person-level scenarios
# ---------------------------------------------------------------------------------------------


@dataclass
class Scenario:
    key: str
    label: str
    retire: YearMonth
    result: HistoryEstimate
    months_counted: int
    min_months: int
    minimum_reached_month: YearMonth | None
    added_months: int
    base: Decimal | None
    cost_flexible: Decimal  # what a flexible worker pays for the added months (20%)
    cost_employee: Decimal  # employee share (8%) if employed
    cost_employer: Decimal | None  # employer share, if the rate is known
    own_paid: Decimal  # own contributions over the whole history incl. added months
    employer_paid: Decimal | None
    break_even_own: BreakEven | None = None
    break_even_all: BreakEven | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def meets_minimum(self) -> bool:
        return self.months_counted >= self.min_months

    def to_json(self) -> dict[str, Any]:
        est = self.result.estimate
        return {
            "key": self.key,
            "label": self.label,
            "retire": str(self.retire),
            "age_months": est.age_months,
            "months_counted": self.months_counted,
            "min_months": self.min_months,
            "meets_minimum": self.meets_minimum,
            "minimum_reached_month": (
                None if self.minimum_reached_month is None else str(self.minimum_reached_month)
            ),
            "added_months": self.added_months,
            "base": None if self.base is None else float(self.base),
            "cost_flexible": float(self.cost_flexible),
            "cost_employee": float(self.cost_employee),
            "cost_employer": None if self.cost_employer is None else float(self.cost_employer),
            "own_paid": float(self.own_paid),
            "employer_paid": None if self.employer_paid is None else float(self.employer_paid),
            "pension": {
                "basic": _f(est.amount("basic")),
                "individual_account": _f(est.amount("individual_account")),
                "transitional": _f(est.amount("transitional")),
                "total": _f(est.total),
                "status": est.status,
            },
            "break_even_own": None
            if self.break_even_own is None
            else self.break_even_own.to_json(),
            "break_even_with_employer": (
                None if self.break_even_all is None else self.break_even_all.to_json()
            ),
            "notes": self.notes,
        }


def _f(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def _future_rows(
    start: YearMonth, count: int, base: Decimal, personal: Decimal, area: str, label: str
) -> list[tuple[Contribution, str]]:
    return _rows_for([start + i for i in range(count)], {}, base, personal, area, label)


def _rows_for(
    months: list[YearMonth],
    bases: dict[YearMonth, Decimal],
    default_base: Decimal,
    personal: Decimal,
    area: str,
    label: str,
) -> list[tuple[Contribution, str]]:
    rows = []
    for ym in months:
        base = bases.get(ym, default_base)
        rows.append(
            (
                Contribution(
                    month=str(ym),
                    insurance="pension",
                    base=float(base),
                    personal_amount=float((base * personal).quantize(Decimal("0.01"))),
                    employer=label,
                    status="paid",
                ),
                area,
            )
        )
    return rows


def missing_months(rows: list[tuple[Contribution, str]]) -> list[YearMonth]:
    """Months between the first and the last counted pension month that do not count (absent,
    or shown as arrears/unpaid/refunded/unknown): the gaps (断缴) a back-payment could fill."""
    counted = {
        YearMonth.parse(r.month)
        for r, _ in rows
        if r.insurance == "pension" and r.status in ("paid", "back_paid")
    }
    if not counted:
        return []
    first, last = min(counted), max(counted)
    return [first + i for i in range(last.months_since(first)) if first + i not in counted]


def _paid_amounts(
    rows: list[tuple[Contribution, str]], P: ParameterSet
) -> tuple[Decimal, Decimal | None]:
    """Own and employer contributions over counted pension rows (printed amounts, else base x
    the rate in force; employer ``None`` if a needed rate is unknown)."""
    own = Decimal(0)
    employer: Decimal | None = Decimal(0)
    for row, area in rows:
        if row.insurance != "pension" or row.status not in ("paid", "back_paid"):
            continue
        ym = YearMonth.parse(row.month)
        if row.personal_amount is not None:
            own += _D(row.personal_amount)
        elif row.base is not None:
            rate = personal_rate(ym, P)
            if isinstance(rate, Value):
                own += _D(row.base) * _D(rate.value)
        if employer is None:
            continue
        if row.employer_amount is not None:
            employer += _D(row.employer_amount)
        elif row.base is not None:
            rate = employer_rate(ym, area, P)
            employer = employer + _D(row.base) * _D(rate.value) if isinstance(rate, Value) else None
    return own, employer


def project_person(
    rows: list[tuple[Contribution, str]],
    birth: YearMonth | str,
    category: str,
    area: str,
    as_of: YearMonth,
    base: Decimal | None = None,
    back_pay_months: int = 0,
    deemed_months: int = 0,
    deemed_index: Decimal | None = None,
    annual_adjustment: Decimal = Decimal(0),
    flexible: bool = False,
    P: ParameterSet | None = None,
) -> dict[str, Any]:
    """Scenarios for one person (see module docstring). ``as_of`` is the first month that
    could still be paid; ``base`` defaults to the minimum base in force at ``as_of``;
    ``flexible``: the added months are paid as a flexible worker (the person pays all 20%),
    otherwise as an employee (8% own, the employer's share separately)."""
    P = P or parameters()
    code = P.areas.resolve(area)
    facts = retirement_facts(birth, category, P)
    notes: list[str] = []
    if base is None:
        floor = base_floor(as_of, code, P)
        if not isinstance(floor, Value):
            raise UsageError(
                f"无法确定{as_of}的最低缴费基数：{floor.reason}；需要给出今后的缴费基数才能测算",
                "the minimum base is unknown; give a base",
            )
        base = _D(floor.value)
        notes.append(f"继续缴费按{as_of}的最低缴费基数{base}元/月计（以后各年按不变计）。")
    prate = personal_rate(as_of, P)
    frate = P.get("national/contribution/flexible_rate", as_of)
    assert isinstance(prate, Value) and isinstance(frate, Value)
    personal = _D(prate.value)

    def scenario(key: str, label: str, retire: YearMonth, extra: list) -> Scenario:
        all_rows = rows + extra
        result = estimate_from_history(
            all_rows, facts.birth, category, code, retire, deemed_months, deemed_index, None, P
        )
        added = len(extra)
        counted = result.summary.paid_months + deemed_months
        min_value = facts.min_contribution_months
        minimum = int(min_value.value)
        reached = None
        ordered = [m.month for m in result.summary.months]
        if counted >= minimum and minimum - deemed_months - 1 < len(ordered):
            reached = ordered[max(0, minimum - deemed_months - 1)]
        added_bases = [(YearMonth.parse(r.month), _D(r.base)) for r, _ in extra]
        cost_flex = sum((b * _D(frate.value) for _, b in added_bases), Decimal(0))
        cost_emp = sum((b * personal for _, b in added_bases), Decimal(0))
        cost_er: Decimal | None = Decimal(0)
        for ym, b in added_bases:
            rate = employer_rate(ym, code, P)
            if cost_er is None or not isinstance(rate, Value):
                cost_er = None
                break
            cost_er += b * _D(rate.value)
        own, employer = _paid_amounts(rows, P)
        if flexible:
            own += cost_flex
        else:
            own += cost_emp
            employer = None if employer is None or cost_er is None else employer + cost_er
        sc = Scenario(
            key,
            label,
            retire,
            result,
            counted,
            minimum,
            reached,
            added,
            base,
            cost_flex,
            cost_emp,
            cost_er,
            own,
            employer,
        )
        total = result.estimate.total
        if total is not None and counted >= minimum:
            sc.break_even_own = break_even(total, own, retire, facts.birth, annual_adjustment)
            if employer is not None:
                sc.break_even_all = break_even(
                    total, own + employer, retire, facts.birth, annual_adjustment
                )
        sc.notes.extend(f"未知：{u}" for u in result.estimate.unknown)
        if employer is None:
            sc.notes.append(
                "部分月份单位缴费额未列且当地单位费率未收录，不计算含单位缴费的回本年龄。"
            )
        if counted < minimum:
            short = minimum - counted
            sc.notes.append(
                f"累计{counted}个月，未达到最低缴费年限{minimum}个月，差{short}个月；"
                "达到法定退休年龄后可延长缴费或一次性缴费至满最低年限后按月领取"
                "（社会保险法第十六条；渐进式延迟法定退休年龄办法第二条）。"
            )
        return sc

    last = max((YearMonth.parse(r.month) for r, _ in rows), default=None)
    start = max(as_of, last + 1) if last is not None else as_of
    statutory = facts.statutory_retirement_month
    scenarios = [scenario("stop_now", "停止缴费，法定退休时领取", statutory, [])]
    n_continue = max(0, statutory.months_since(start))
    scenarios.append(
        scenario(
            "continue",
            f"按{base}元/月继续缴费至法定退休（{statutory}）",
            statutory,
            _future_rows(start, n_continue, base, personal, code, FUTURE_EMPLOYER),
        )
    )
    if not scenarios[-1].meets_minimum:
        # 社会保险法 第十六条 / 办法 第二条: pay on past the statutory age until the minimum.
        short = scenarios[-1].min_months - scenarios[-1].months_counted
        months = n_continue + short
        retire_at = start + months
        assert isinstance(retire_at, YearMonth)
        sc = scenario(
            "extend",
            f"延长缴费至满最低缴费年限，{retire_at}起领取",
            retire_at,
            _future_rows(start, months, base, personal, code, FUTURE_EMPLOYER),
        )
        sc.notes.append(
            f"法定退休时仍差{short}个月：延长缴费至{retire_at - 1}，次月起按月领取养老金"
            "（也可一次性缴费补足；社会保险法第十六条、渐进式延迟法定退休年龄办法第二条）。"
        )
        scenarios.append(sc)
    if back_pay_months:
        scenarios.append(
            _back_pay_scenario(
                scenario, rows, back_pay_months, base, personal, code, statutory, as_of, P
            )
        )
    for key, label, month in (
        ("earliest", "弹性提前退休（最早）", facts.flexible_earliest_month),
        ("latest", "弹性延迟退休（最晚），继续缴费", facts.flexible_latest_month),
    ):
        if month == statutory:
            continue
        n = max(0, month.months_since(start))
        scenarios.append(
            scenario(
                key,
                f"{label} {month}",
                month,
                _future_rows(start, n, base, personal, code, FUTURE_EMPLOYER),
            )
        )
    for sc in scenarios:
        if sc.key == "earliest" and not sc.meets_minimum:
            sc.notes.append("未满最低缴费年限，不能弹性提前退休（人社部发〔2024〕94号）。")
    return {
        "retirement": facts.to_json(),
        "as_of": str(as_of),
        "base": float(base),
        "scenarios": [s.to_json() for s in scenarios],
        "assumptions": [
            "今后缴费基数、计发基数按最近公布值不变（名义值，不含工资增长）；"
            "尚未公布的年份记账利率按不计息处理，与不计工资增长相配合，相当于按今天的钱估算。",
            f"退休后养老金每年调整{annual_adjustment * 100:g}%；回本计算不折现。",
            "“自己缴的钱”= 已缴的个人缴费 + 今后新增月份"
            + ("按灵活就业全额（20%）" if flexible else "的职工个人部分（8%）")
            + "；单位缴费另列（费率未知时不计算含单位的回本年龄）。",
        ],
        "notes": notes,
        "_scenarios": scenarios,
    }


def _back_pay_scenario(
    scenario: Any,
    rows: list[tuple[Contribution, str]],
    n: int,
    base: Decimal,
    personal: Decimal,
    code: str,
    statutory: YearMonth,
    as_of: YearMonth,
    P: ParameterSet,
) -> Scenario:
    """Back-pay ``n`` months: the most recent gaps in the record first (the ones still inside
    a 2-year inspection window are the easiest to claim), then months before the first record.
    Each month is paid on the minimum base in force in that month where it is known (else
    ``base``). Late fees are not included (the arrears schedule of the audit computes them)."""
    gaps = missing_months(rows)
    chosen = sorted(gaps[-n:]) if gaps else []
    if len(chosen) < n:
        counted = [YearMonth.parse(r.month) for r, _ in rows]
        first = min(counted) if counted else as_of
        earlier = [first - (i + 1) for i in range(n - len(chosen))]
        chosen = sorted([*(m for m in earlier if isinstance(m, YearMonth)), *chosen])
    bases: dict[YearMonth, Decimal] = {}
    for ym in chosen:
        floor = base_floor(ym, code, P)
        if isinstance(floor, Value):
            bases[ym] = _D(floor.value)
    extra = _rows_for(chosen, bases, base, personal, code, BACK_PAID)
    in_gaps = len([m for m in chosen if m in set(gaps)])
    sc = scenario(
        "back_pay",
        f"补缴{n}个月（其中记录中的断缴月份{in_gaps}个），不再继续缴费",
        statutory,
        extra,
    )
    sc.notes.append(
        f"补缴月份：{_month_list(chosen)}；按当月最低缴费基数计（未知时按{base}元），滞纳金另计。"
    )
    return sc


def _month_list(months: list[YearMonth]) -> str:
    return month_ranges([str(m) for m in months]) if months else "无"


# ---------------------------------------------------------------------------------------------
# Stylised replacement rate (替代率)
# ---------------------------------------------------------------------------------------------


@dataclass
class ReplacementRate:
    start_age: int
    retire_age_months: int
    relative_wage: Decimal
    base_ratio: Decimal
    wage_growth: Decimal
    account_interest: Decimal
    years: int
    basic: Decimal
    account: Decimal
    divisor: Value
    used: list[Value]

    @property
    def total(self) -> Decimal:
        return self.basic + self.account

    def _ratio(self, which: str) -> str:
        """The base floor or ceiling ratio used, as a percentage (from its parameter)."""
        for v in self.used:
            if v.parameter == f"national/contribution/base_{which}_ratio":
                return f"{float(v.value):.0%}"
        return "未知"

    def to_json(self) -> dict[str, Any]:
        return {
            "start_age": self.start_age,
            "retire_age_months": self.retire_age_months,
            "retire_age": format_age(self.retire_age_months),
            "relative_wage": float(self.relative_wage),
            "base_ratio": float(self.base_ratio),
            "wage_growth": float(self.wage_growth),
            "account_interest": float(self.account_interest),
            "contribution_years": self.years,
            "replacement_rate": {
                "basic": round(float(self.basic), 4),
                "account": round(float(self.account), 4),
                "total": round(float(self.total), 4),
            },
            "replacement_rate_own_wage": round(float(self.total / self.relative_wage), 4),
            "annuity_divisor": float(self.divisor.value),
            "parameters": [v.to_json() for v in self.used],
            "assumptions": [
                "每年工资 = 社平工资 × 相对工资；"
                f"缴费基数 = 社平工资 × 基数比例（夹在{self._ratio('floor')}—"
                f"{self._ratio('ceiling')}之间）。",
                f"社平工资每年增长{float(self.wage_growth):.1%}；个人账户按年利率"
                f"{float(self.account_interest):.1%}计息（116号公式）。",
                "基础养老金按退休上一年度社平工资计发（计发基数），替代率以退休当年社平工资为分母。",
                "不含过渡性养老金和地方加发；全国统一公式，不含各省调整。",
            ],
        }


def replacement_rate(
    start_age: int,
    retire_age_months: int,
    relative_wage: Decimal = Decimal(1),
    base_ratio: Decimal | None = None,
    wage_growth: Decimal = Decimal("0.05"),
    account_interest: Decimal = Decimal("0.04"),
    on: YearMonth | None = None,
    P: ParameterSet | None = None,
) -> ReplacementRate:
    """Pension at retirement as a share of the average wage in the retirement year, for a
    worker who contributes every year from ``start_age`` to the retirement age.

    With W_T the average wage of the retirement year and C = W_{T-1} = W_T / (1 + g):
    basic / W_T = (1 + a) / 2 × N × 1% / (1 + g) (国发〔2005〕38号 第六条, Z = a);
    account / W_T = Σ_t 12 × 8% × a × W_t accrued at r ÷ 计发月数 ÷ W_T."""
    P = P or parameters()
    on = on or YearMonth.of(date.today())
    if not 16 <= start_age < retire_age_months / 12:
        raise UsageError(
            "参加工作年龄应不小于16岁且小于退休年龄", "start age must be >= 16 and below retirement"
        )
    floor_ratio = P.get("national/contribution/base_floor_ratio", on)
    ceiling_ratio = P.get("national/contribution/base_ceiling_ratio", on)
    rate = P.get("national/pension/basic_pension_rate", on)
    credit = P.get("national/contribution/account_credit_rate", on)
    factor = P.get("national/pension/account_interest_mid_year_factor", on)
    values = [floor_ratio, ceiling_ratio, rate, credit, factor]
    if not all(isinstance(v, Value) for v in values):
        raise UsageError("缺少计算替代率所需参数", "parameters missing for replacement rate")
    used: list[Value] = [v for v in values if isinstance(v, Value)]
    lo, hi = _D(floor_ratio.value), _D(ceiling_ratio.value)  # type: ignore[union-attr]
    a = base_ratio if base_ratio is not None else relative_wage
    a = min(max(a, lo), hi)
    years = retire_age_months // 12 - start_age
    g, r = wage_growth, account_interest
    basic = (1 + a) / 2 * years * _D(rate.value) / (1 + g)  # type: ignore[union-attr]
    balance = Decimal(0)
    for k in range(years):  # year T-years+k; wage relative to W_T
        wage = 1 / (1 + g) ** (years - k)
        credits = 12 * _D(credit.value) * a * wage  # type: ignore[union-attr]
        balance = year_end_balance(balance, credits, r, _D(factor.value))  # type: ignore[union-attr]
    divisor = annuity_divisor(P, retire_age_months, on)
    if not isinstance(divisor, Value):
        raise UsageError(divisor.reason, divisor.reason_en)
    used.append(divisor)
    account = balance / _D(divisor.value)
    return ReplacementRate(
        start_age, retire_age_months, relative_wage, a, g, r, years, basic, account, divisor, used
    )
