"""What every audit rule reads: the merged history, the person's facts, the audit date and
the employment periods, plus the shared pieces of reasoning (required base, wage basis).

Contract: a rule is ``check(ctx: Context) -> None`` that appends
:class:`~shebao.records.Finding` s to ``ctx.findings`` and sentences (Chinese) to
``ctx.missing`` for what it could not audit and what it would take. Rules never raise on bad or
incomplete data; they never assume an unknown parameter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import mean

from shebao.audit.contributions import base_ceiling, base_floor
from shebao.audit.identity import PersonFacts
from shebao.audit.merge import History, Record, Slip, same_employer
from shebao.audit.months import YearMonth
from shebao.audit.params import NATIONAL, ParameterSet, Unknown, Value
from shebao.audit.rules.floor_window import floor_window, window_how
from shebao.audit.settings import SLIP_REACH_MONTHS

from shebao.records import Evidence, Finding

COUNTED = ("paid", "back_paid")


@dataclass
class Period:
    """An employment period (inclusive months)."""

    employer: str | None
    start: YearMonth
    end: YearMonth
    origin: str  # 本人提供（文件名） | 工资条 | 缴费记录
    evidence: list[Evidence] = field(default_factory=list)

    def months(self) -> list[YearMonth]:
        return [self.start + i for i in range(self.end.months_since(self.start) + 1)]


@dataclass
class WageBasis:
    """The wage a month's base should follow, and on what it rests."""

    amount: Decimal
    how: str  # Chinese: which slips, which year
    slips: list[Slip]
    estimated: bool  # True when not the previous year's wages (the legal standard)


@dataclass
class Required:
    """The base a month should have been declared on."""

    base: Decimal
    how: str
    used: list[Value]
    evidence: list[Evidence]
    floor: Value | None = None
    estimated: bool = False
    # Set when the floor's change month is not verified and the base was clamped to the lower
    # candidate floor: the higher candidate (a declared base below it is not judgeable).
    floor_high: Decimal | None = None


@dataclass
class Context:
    P: ParameterSet
    history: History
    person: PersonFacts
    as_of: date
    periods: list[Period] = field(default_factory=list)
    periods_stated: bool = False
    inspection_months: int | None = None  # override of the parameter
    findings: list[Finding] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # Facts whose absence a ``missing`` note is about: fact key -> the note (``hukou``,
    # ``birth``, ``category``, ``employment``, ``insured_place``). Callers say where to give
    # the fact (a command-line option, a case.yaml key); notes never name options themselves.
    missing_facts: dict[str, str] = field(default_factory=dict)

    @property
    def as_of_month(self) -> YearMonth:
        return YearMonth.of(self.as_of)

    def note_missing(self, text: str, fact: str | None = None) -> None:
        if text not in self.missing:
            self.missing.append(text)
        if fact is not None:
            self.missing_facts.setdefault(fact, text)

    # -- the place of a month ------------------------------------------------------------
    def main_area(self) -> str:
        counts: dict[str, int] = defaultdict(int)
        for r in self.history.records:
            counts[r.area] += 1
        return max(counts, key=lambda a: counts[a]) if counts else NATIONAL

    def area_for(self, month: YearMonth, employer: str | None) -> str:
        """Where a month (of an employer) was insured: the nearest record of that employer,
        else the nearest record at all, else the main area."""
        best: tuple[int, str] | None = None
        for r in self.history.records:
            if employer and not same_employer(r.row.employer, employer):
                continue
            d = abs(r.month.months_since(month))
            if best is None or d < best[0]:
                best = (d, r.area)
        if best is None and employer:
            return self.area_for(month, None)
        return best[1] if best else self.main_area()

    # -- wages and required base ---------------------------------------------------------
    def wage_basis(self, month: YearMonth, floor: Value, employer: str | None) -> WageBasis | None:
        """The average monthly gross pay of the calendar year before the month's contribution
        year (which starts when the month's floor took effect, e.g. July in Guangdong and
        Shanghai, January in Jiangsu); failing that, of the contribution year itself at the
        same employer (an estimate, said so). None without pay slips."""
        start = floor.effective_from
        wage_year = start.year - 1
        slips = [s for s in self.history.slips
                 if s.month.year == wage_year and s.payslip.gross_pay is not None]
        if slips:
            amount = Decimal(str(mean(s.payslip.gross_pay for s in slips)))
            return WageBasis(amount, f"{wage_year}年{len(slips)}张工资条的月平均应发工资",
                             slips, estimated=False)
        first = YearMonth.of(start)
        last = first + 11
        slips = [s for s in self.history.slips
                 if first <= s.month <= last and s.payslip.gross_pay is not None
                 and (employer is None or same_employer(s.payslip.employer, employer))]
        if slips:
            amount = Decimal(str(mean(s.payslip.gross_pay for s in slips)))
            return WageBasis(
                amount,
                f"缺少{wage_year}年工资条，按本缴费年度（{first}起）{len(slips)}张工资条的"
                "月平均应发工资估算",
                slips, estimated=True)
        return None

    def limits(self, month: YearMonth, area: str) -> tuple[Value | Unknown, Value | Unknown]:
        return base_floor(month, area, self.P), base_ceiling(month, area, self.P)

    def required_from_wage(self, month: YearMonth, area: str,
                           employer: str | None) -> Required | Unknown | None:
        """Required base from pay slips, clamped to the month's floor and ceiling; None when
        no pay slip informs it; Unknown when floor or ceiling is unknown."""
        near = [s for s in self.history.slips
                if abs(s.month.months_since(month)) <= SLIP_REACH_MONTHS]
        if not near:
            return None
        floor, ceiling = self.limits(month, area)
        if not isinstance(floor, Value):
            return floor
        basis = self.wage_basis(month, floor, employer)
        if basis is None:
            return None
        if not isinstance(ceiling, Value):
            return ceiling
        lo, hi = Decimal(str(floor.value)), Decimal(str(ceiling.value))
        used: list[Value] = [floor, ceiling]
        high = None
        window = floor_window(floor)
        if window is not None and basis.amount < Decimal(str(window[1].value)):
            # change month not verified: the floor owed either way is the lower candidate
            high = Decimal(str(window[1].value))
            lo = Decimal(str(window[0].value)) if window[0] is not None else basis.amount
            used += [v for v in window if v is not None and v not in used]
        for alt in ceiling.candidates()[1:]:  # change month not verified: the lower ceiling
            if isinstance(alt, Value) and Decimal(str(alt.value)) < hi:
                hi = Decimal(str(alt.value))
                used.append(alt)
        base = min(hi, max(lo, basis.amount.quantize(Decimal("0.01"))))
        how = basis.how
        if base == lo and basis.amount < lo:
            how += f"，低于当月缴费基数下限，按下限{lo}元"
        elif base == hi and basis.amount > hi:
            how += f"，高于当月缴费基数上限，按上限{hi}元"
            if len(ceiling.candidates()) > 1:
                how += "（上限调整的生效月份未核实，按两个可能上限中较低者）"
        if high is not None and window is not None and window[0] is not None:
            how += window_how(floor, window[0])
        ev = [e for s in basis.slips for e in s.evidence()]
        return Required(base, how, used, ev, floor, basis.estimated, high)

    def required_base(self, month: YearMonth, area: str, employer: str | None,
                      declared: list[Record]) -> Required | Unknown:
        """The base owed for a month with nothing paid: from pay slips when there are any; else
        the employer's own nearest declared base; else at least the month's floor."""
        from_wage = self.required_from_wage(month, area, employer)
        if isinstance(from_wage, Required):
            return from_wage
        own = [r for r in declared if r.row.base is not None and r.status in COUNTED
               and same_employer(r.row.employer, employer)]
        if own:
            near = min(own, key=lambda r: (abs(r.month.months_since(month)), r.month))
            return Required(Decimal(str(near.row.base)),
                            f"按该单位{near.month}申报的缴费基数", [], near.evidence())
        floor, _ = self.limits(month, area)
        if not isinstance(floor, Value):
            return floor
        window = floor_window(floor)
        if window is None:
            return Required(Decimal(str(floor.value)), "按当月缴费基数下限（至少）", [floor], [],
                            floor)
        low = window[0]
        if low is None:  # the floor that applies if the change came later is unknown
            return floor.alternative if isinstance(floor.alternative, Unknown) else floor
        return Required(Decimal(str(low.value)), "按当月缴费基数下限（至少）"
                        + window_how(floor, low), [floor, low], [], low)
