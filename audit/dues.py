"""What a month of unpaid or under-paid contributions costs: employer share, personal share,
late fee to the audit date -- each with the parameters it rests on.

Contract: :func:`dues(base, month, area, as_of)` -> :class:`Dues`; :func:`withheld` for
money withheld from wages and not remitted (the amount is the personal share). ``base`` is the
contribution base owed (for a month with nothing paid) or the shortfall of the base (for an
under-declared month). Employer share = base x the place's employer rate for the month;
personal share = base x the personal rate (社会保险法 第六十条 makes the employer withhold and
pay both). Late fee = (employer + personal) x the daily rate x days from the day the month's
contribution fell overdue (``national/contribution/arrears_start``) to ``as_of``, split at rate
changes (:func:`shebao.audit.contributions.late_fee`). A share whose rate is unknown is
``None`` and ``unknown`` says why; the late fee is then charged on the known shares only and
the finding says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from shebao.audit.contributions import employer_rate, late_fee, personal_rate
from shebao.audit.months import YearMonth
from shebao.audit.params import ParameterSet, Source, Unknown, Value, round_money

ARREARS_START = "national/contribution/arrears_start"
CENT = {"quantum": "0.01"}


@dataclass
class Dues:
    month: YearMonth
    base: Decimal
    employer: Decimal | None
    personal: Decimal | None
    late_fee: Decimal | None
    overdue_from: date | None
    used: list[Value] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (what, reason)

    @property
    def total(self) -> Decimal:
        return (self.employer or Decimal(0)) + (self.personal or Decimal(0))

    @property
    def sources(self) -> list[Source]:
        out: list[Source] = []
        for v in self.used:
            out.extend(s for s in v.sources if s not in out)
        return out

    @property
    def statuses(self) -> list[str]:
        return [v.status for v in self.used]


def overdue_from(month: YearMonth, P: ParameterSet) -> tuple[date, Value] | Unknown:
    """The first day a month's contribution counts as overdue (欠缴之日)."""
    rule = P.get(ARREARS_START, month.first_day)
    if not isinstance(rule, Value):
        return rule
    due = month + int(rule.value["months_after"])
    assert isinstance(due, YearMonth)
    return date(due.year, due.month, int(rule.value["day"])), rule


def dues(base: Decimal | float, month: YearMonth, area: str, as_of: date,
         P: ParameterSet) -> Dues:
    """The dues of one month on ``base`` (see module docstring)."""
    base = Decimal(str(base))
    out = Dues(month, base, None, None, None, None)
    own = personal_rate(month, P)
    if isinstance(own, Value):
        out.personal = round_money(base * Decimal(str(own.value)), CENT)
        out.used.append(own)
    else:
        out.unknown.append(("个人缴费比例", own.reason))
    rate = employer_rate(month, area, P)
    if isinstance(rate, Value):
        out.employer = round_money(base * Decimal(str(rate.value)), CENT)
        out.used.append(rate)
    else:
        out.unknown.append(("单位缴费比例", rate.reason))
    return _with_late_fee(out, month, as_of, P)


def withheld(amount: Decimal | float, month: YearMonth, as_of: date, P: ParameterSet) -> Dues:
    """The dues of money withheld from wages and not remitted: the amount itself (as
    printed on the pay slip) is the personal share; late fee on it to ``as_of``."""
    amount = Decimal(str(amount))
    out = Dues(month, amount, None, amount, None, None)
    return _with_late_fee(out, month, as_of, P)


def _with_late_fee(out: Dues, month: YearMonth, as_of: date, P: ParameterSet) -> Dues:
    start = overdue_from(month, P)
    if isinstance(start, Unknown):
        out.unknown.append(("欠缴起算日", start.reason))
        return out
    out.overdue_from, rule = start
    if out.total and as_of > out.overdue_from:
        fee = late_fee(out.total, out.overdue_from, as_of, P)
        if isinstance(fee, Unknown):
            out.unknown.append(("滞纳金费率", fee.reason))
        else:
            out.late_fee = fee.amount
            out.used.append(rule)
            out.used.extend(fee.rates)
    elif out.total:
        out.late_fee = Decimal("0.00")
    return out
