"""Individual-account balance by annual accrual at the 记账利率.

Entry point: :func:`accrue` (opening balance + credits per year -> :class:`AccountResult`).
Rule (劳办发〔1997〕116号, policy.md §3.6; status of the formula: unconfirmed)::

    Balance_end(y) = Balance_end(y-1) x (1 + r_y) + Credits(y) x (1 + r_y x 1.083 x 1/2)

with r_y the 记账利率 of year y at the area (``national/pension/account_interest_rate``) and
1.083 from ``national/pension/account_interest_mid_year_factor``. The balance is kept exact
and rounded once, at the end. A year whose rate is unknown (e.g. 2025, not yet announced)
is credited without interest *only if* the caller allows it (``missing_rate="zero"``), and
the result then says so; by default the balance is unknown from that year on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shebao.audit.months import YearMonth
from shebao.audit.params import ParameterSet, Unknown, Value, parameters, round_money

RATE = "national/pension/account_interest_rate"
FACTOR = "national/pension/account_interest_mid_year_factor"


@dataclass
class AccountYear:
    year: int
    opening: Decimal
    credits: Decimal
    rate: Decimal | None
    closing: Decimal
    note: str | None = None


@dataclass
class AccountResult:
    balance: Decimal | None  # rounded to the fen; None when unknown
    years: list[AccountYear] = field(default_factory=list)
    used: list[Value] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "balance": None if self.balance is None else float(self.balance),
            "years": [
                {
                    "year": y.year,
                    "opening": float(y.opening),
                    "credits": float(y.credits),
                    "rate": None if y.rate is None else float(y.rate),
                    "closing": float(round_money(y.closing, {"quantum": "0.01"})),
                    **({"note": y.note} if y.note else {}),
                }
                for y in self.years
            ],
            "parameters": [v.to_json() for v in self.used],
            "unknown": [u.to_json() for u in self.unknown],
            "notes": self.notes,
        }


def year_end_balance(opening: Decimal, credits: Decimal, rate: Decimal, factor: Decimal) -> Decimal:
    """One year of 116号 accrual: last year's balance earns a full year, this year's credits
    earn on average r x 1.083 x 1/2."""
    return opening * (1 + rate) + credits * (1 + rate * factor / 2)


def accrue(
    credits_by_year: Mapping[int, Decimal | float],
    area: str | None = None,
    opening: Decimal | float = 0,
    opening_year: int | None = None,
    until_year: int | None = None,
    missing_rate: str = "unknown",
    P: ParameterSet | None = None,
) -> AccountResult:
    """Balance at the end of ``until_year`` (default: last year with credits)."""
    P = P or parameters()
    years = sorted(credits_by_year)
    if not years and opening_year is None:
        return AccountResult(balance=round_money(Decimal(str(opening)), {"quantum": "0.01"}))
    first = opening_year + 1 if opening_year is not None else years[0]
    last = until_year if until_year is not None else max(years)
    balance = Decimal(str(opening))
    result = AccountResult(balance=None)
    seen: set[tuple[str, Any]] = set()
    no_interest: list[int] = []
    for year in range(first, last + 1):
        credits = Decimal(str(credits_by_year.get(year, 0)))
        on = YearMonth(year, 1)
        rate_value = P.get(RATE, on, area)
        factor_value = P.get(FACTOR, on)
        if not isinstance(factor_value, Value):
            result.unknown.append(factor_value)
            return result
        for v in (rate_value, factor_value):
            key = (v.parameter, getattr(v, "effective_from", None), getattr(v, "area", None))
            if isinstance(v, Value) and key not in seen:
                seen.add(key)
                result.used.append(v)
        if isinstance(rate_value, Value) and not rate_value.provisional:
            rate = Decimal(str(rate_value.value))
            closing = year_end_balance(balance, credits, rate, Decimal(str(factor_value.value)))
            result.years.append(AccountYear(year, balance, credits, rate, closing))
        elif missing_rate == "zero":
            closing = balance + credits
            reason = (
                rate_value.reason
                if isinstance(rate_value, Unknown)
                else f"{year}年记账利率尚未公布"
            )
            result.years.append(
                AccountYear(year, balance, credits, None, closing, "未计息：" + reason)
            )
            no_interest.append(year)
        else:
            if isinstance(rate_value, Unknown):
                result.unknown.append(rate_value)
            else:
                result.unknown.append(
                    Unknown(
                        RATE, f"{year}年记账利率尚未公布", f"no rate for {year}", on=on.first_day
                    )
                )
            return result
        balance = closing
    if no_interest:
        result.notes.append(
            f"{year_ranges(no_interest)}年的记账利率未公布或未收录，这些年份未计利息（余额偏低）。"
        )
    result.balance = round_money(balance, {"quantum": "0.01"})
    return result


def year_ranges(years: list[int]) -> str:
    """``[2010, 2011, 2012, 2025]`` -> ``2010—2012、2025``."""
    out: list[str] = []
    ordered = sorted(years)
    start = prev = ordered[0]
    for year in [*ordered[1:], None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        out.append(str(start) if start == prev else f"{start}—{prev}")
        if year is not None:
            start = prev = year
    return "、".join(out)
