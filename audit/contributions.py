"""Contribution rules by month and place: base floor/ceiling, rates, reference wage, late fee.

Entry points for the audit rules (issue 4) -- each returns a :class:`~shebao.audit.params.Value`
(value + status + sources) or an :class:`~shebao.audit.params.Unknown`:

* :func:`base_floor`, :func:`base_ceiling`, :func:`reference_wage` (month, area)
* :func:`employer_rate`, :func:`personal_rate`, :func:`account_credit_rate` (month, area)
* :func:`late_fee_rate` (date) and :func:`late_fee` (arrears, due date, payment date)
* :func:`contribution_index` (base, month, area): the month's 缴费指数 = base ÷ reference wage
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shebao.audit.months import YearMonth
from shebao.audit.params import ParameterSet, Source, Unknown, Value, parameters, round_money

Result = Value | Unknown


def _P(P: ParameterSet | None) -> ParameterSet:
    return P or parameters()


def base_floor(month: YearMonth, area: str, P: ParameterSet | None = None) -> Result:
    """缴费基数下限: 60% of the reference wage (国办发〔2019〕13号; 劳办发〔1997〕116号), or the
    published local figure where it differs (Guangdong's other-city floor)."""
    return _P(P).get("regional/contribution/base_floor", month, area)


def base_ceiling(month: YearMonth, area: str, P: ParameterSet | None = None) -> Result:
    """缴费基数上限: 300% of the reference wage (same basis)."""
    return _P(P).get("regional/contribution/base_ceiling", month, area)


def reference_wage(month: YearMonth, area: str, P: ParameterSet | None = None) -> Result:
    """The average wage the month's floor and ceiling are taken from."""
    return _P(P).get("regional/contribution/reference_wage", month, area)


def employer_rate(month: YearMonth, area: str, P: ParameterSet | None = None) -> Result:
    """单位缴费比例 (国办发〔2019〕13号: 16% from 2019-05-01; earlier by province)."""
    return _P(P).get("regional/contribution/employer_rate", month, area)


def personal_rate(month: YearMonth, P: ParameterSet | None = None) -> Result:
    """个人缴费比例 8% (国发〔2005〕38号 第五条)."""
    return _P(P).get("national/contribution/personal_rate", month)


def account_credit_rate(month: YearMonth, P: ParameterSet | None = None) -> Result:
    """记入个人账户的比例: 11% to 2005, 8% from 2006 (国发〔2005〕38号 第五条)."""
    return _P(P).get("national/contribution/account_credit_rate", month)


def late_fee_rate(on: date, P: ParameterSet | None = None) -> Result:
    """滞纳金日费率: 万分之五 from 2011-07-01 (社会保险法 第八十六条); 2‰ before
    (社会保险费征缴暂行条例 第十三条)."""
    return _P(P).get("national/contribution/late_fee_daily_rate", on)


@dataclass(frozen=True)
class LateFee:
    amount: Decimal
    days: int
    rates: tuple[Value, ...]  # the daily rates applied, one per period
    formula: str

    @property
    def rate(self) -> Value:
        return self.rates[-1]

    @property
    def sources(self) -> tuple[Source, ...]:
        out: list[Source] = []
        for rate in self.rates:
            out.extend(s for s in rate.sources if s not in out)
        return tuple(out)


def late_fee(
    arrears: Decimal | float, due: date, paid: date, P: ParameterSet | None = None
) -> LateFee | Unknown:
    """late fee = arrears × daily rate × days from the due date to the payment date
    (社会保险法 第八十六条: "自欠缴之日起，按日加收万分之五的滞纳金"). Where the rate changed
    during the arrears (2‰ until 2011-06-30 under 征缴暂行条例 第十三条, 0.5‰ from 2011-07-01),
    each period is charged at the rate in force in it."""
    P = _P(P)
    principal = Decimal(str(arrears))
    days_total = max(0, (paid - due).days)
    first = late_fee_rate(due, P)
    if not isinstance(first, Value):
        return first
    periods: list[tuple[Value, int]] = []
    start, rate = due, first
    changes = sorted(
        e.start
        for e in P["national/contribution/late_fee_daily_rate"].series["000000"].entries
        if due < e.start < paid
    )
    for change in [*changes, paid]:
        days = max(0, (change - start).days)
        if days:
            periods.append((rate, days))
        if change < paid:
            nxt = late_fee_rate(change, P)
            if not isinstance(nxt, Value):
                return nxt
            start, rate = change, nxt
    amount = sum((principal * Decimal(str(r.value)) * d for r, d in periods), Decimal(0))
    amount = round_money(amount, {"quantum": "0.01"})
    parts = " + ".join(f"{principal} × {r.value} × {d}天" for r, d in periods) or "0天"
    rates = tuple(r for r, _ in periods) or (first,)
    return LateFee(amount, days_total, rates, f"{parts} = {amount}")


def contribution_index(
    base: Decimal | float, month: YearMonth, area: str, P: ParameterSet | None = None
) -> tuple[Decimal, Value] | Unknown:
    """缴费指数 of one month = the month's base ÷ the reference wage in force for it (a base at
    the 60% floor has index 0.6)."""
    wage = reference_wage(month, area, P)
    if not isinstance(wage, Value):
        return wage
    return Decimal(str(base)) / Decimal(str(wage.value)), wage
