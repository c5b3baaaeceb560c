"""The arrears schedule (欠缴明细): one line per month owed, totals that never double count.

Contract: ``build_arrears(findings, as_of) -> Arrears`` from the findings of
:data:`~.claims.ARREARS_RULES`. A finding may carry per-month detail in ``lines``
(:class:`shebao.records.ArrearsLine`); without it
the finding gives one summary line for its months with its totals. A month in several findings
is counted once (the line with the largest arrears). ``late_fee_date`` is the audit's
``as_of`` (the day late fees are computed to) or a 【待补充】 marker. Money is yuan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from pydantic import BaseModel, ConfigDict

from shebao.records import Finding

from .claims import ARREARS_RULES
from .facts import missing
from .legal import labels
from .months import cn_date, month_cn, month_ranges, months_text

# Arrears findings that only state a fact and price nothing (``minimum_base``).
STATES_ONLY = ("minimum_base",)


class _View(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArrearsLine(_View):
    period: str  # YYYY-MM, or a range text when the finding has no monthly detail
    months: int
    rule: str  # the finding's rule code (never printed)
    rule_title: str
    how: str | None = None  # how the audit set the required base (its extra field ``how``)
    declared_base: float | None
    required_base: float | None
    shortfall: float | None
    employer_amount: float | None
    personal_amount: float | None
    late_fee: float | None
    total: float | None  # employer + personal, only when both are known


class ArrearsTotals(_View):
    """Sums over the lines; a part is ``None`` when any line lacks it (never a partial sum
    shown as a total). ``personal_known``/``employer_known`` are the sums of what is known."""

    months: int
    employer_amount: float | None
    personal_amount: float | None
    late_fee: float | None
    total: float | None
    employer_known: float
    personal_known: float
    late_fee_known: float


class Arrears(_View):
    lines: list[ArrearsLine]
    totals: ArrearsTotals
    monthly_detail: bool
    late_fee_date: str
    months_text: str
    deduplicated_months: int
    how: list[str]  # "2018年3月至2019年12月：按该单位2020-01申报的缴费基数", one per basis
    unconfirmed: bool  # some figures rest on parameters not confirmed officially (audit says)
    # Why a part could not be computed, one clause per part and months
    # ("2023年7月至2023年8月的单位部分、个人部分：缺少应缴基数或缴费比例"); [] when all known.
    unknown: list[str]
    includes: str  # what the total includes: "单位部分和个人部分，不含滞纳金"
    # Months only declared at the floor, with no finding pricing them (no wage to set the base
    # owed): not arrears lines, not in the totals; one sentence saying so, [] when none.
    unassessed: list[str] = []


def _both(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a + b, 2)


def _total(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else round(sum(values), 2)  # type: ignore[arg-type]


def _known(values: list[float | None]) -> float:
    return round(sum(v for v in values if v is not None), 2)


def _summary_total(f: Finding) -> float | None:
    if f.employer_amount is None and f.personal_amount is None:
        return f.amount  # no breakdown given: the finding's own total
    return _both(f.employer_amount, f.personal_amount)


def _weight(line: ArrearsLine) -> float:
    """What a line owes, as far as known (to keep the larger of two lines for one month)."""
    return _known([line.employer_amount, line.personal_amount])


_MONTH = re.compile(r"\d{4}-\d{2}")
_PARTS = (("employer_amount", "单位部分"), ("personal_amount", "个人部分"),
          ("late_fee", "滞纳金"))


def _why(line: ArrearsLine) -> str:
    """Which value a line lacks, as far as the line tells (a summary line does not)."""
    if line.months != 1 or len(line.period) != 7:
        return "缺少应缴基数或缴费比例"
    if line.required_base is None:
        return "应缴基数未能确定"
    lacking = [label for attr, label in (("employer_amount", "单位"), ("personal_amount", "个人"))
               if getattr(line, attr) is None]
    if lacking:
        return f"当地{'、'.join(lacking)}缴费比例未收录"
    return "滞纳金的计算参数未收录"


def _unknown(lines: list[ArrearsLine]) -> list[str]:
    """One clause per set of unknown parts and reason: which months, which parts, and why."""
    by_parts: dict[tuple[str, str], list[str]] = {}
    for line in lines:
        parts = "、".join(label for attr, label in _PARTS if getattr(line, attr) is None)
        if parts:
            by_parts.setdefault((parts, _why(line)), []).append(line.period)
    out = []
    for (parts, why), periods in by_parts.items():
        months = [p for p in periods if len(p) == 7]
        ranges = [_MONTH.sub(lambda m: month_cn(m.group(0)), p) for p in periods if len(p) != 7]
        when = "、".join(x for x in [months_text(months, count=False), *ranges] if x)
        out.append(f"{when}的{parts}：{why}，未能核算")
    return out


def build_arrears(findings: list[Finding], as_of: str | None) -> Arrears:
    lab = labels()
    owed = [f for f in findings if f.rule in ARREARS_RULES]
    # A finding that prices nothing itself (no lines, no amounts -- e.g. ``minimum_base`` beside
    # ``underreported_base``) is left out when other findings price all its months, so it does
    # not turn known totals into unknown ones; otherwise its months count as unknown.
    priced = {line.month for f in owed for line in f.lines}
    # ``minimum_base`` only states a fact (declared at the floor): whether anything is owed is
    # ``underreported_base``'s finding. Its months no other finding prices are no arrears line
    # (they would turn every total into 未能核算); they are listed as ``unassessed``.
    stated = sorted({m for f in owed if f.rule in STATES_ONLY and not f.lines
                     and f.amount is None and f.employer_amount is None
                     and f.personal_amount is None for m in f.months})
    owed = [f for f in owed
            if not (f.rule in STATES_ONLY and not f.lines and f.amount is None
                    and f.employer_amount is None and f.personal_amount is None)]
    owed = [f for f in owed
            if f.lines or any(x is not None for x in (f.amount, f.employer_amount,
                                                      f.personal_amount))
            or not set(f.months) <= priced]
    covered = priced | {m for f in owed for m in f.months}
    unassessed = [m for m in stated if m not in covered]
    by_month: dict[str, ArrearsLine] = {}
    seen: Counter[str] = Counter()
    summary: list[ArrearsLine] = []
    for f in owed:
        title = lab.title(f)
        detail = f.lines
        if not detail:
            # only the months no other finding prices month by month (never listed twice)
            rest = sorted(set(f.months) - priced) if f.amount is None else sorted(set(f.months))
            summary.append(ArrearsLine(
                period="、".join(a if a == b else f"{a}至{b}" for a, b in month_ranges(rest)),
                months=len(rest), rule=f.rule, rule_title=title, declared_base=None,
                required_base=None, shortfall=None, employer_amount=f.employer_amount,
                personal_amount=f.personal_amount, late_fee=f.late_fee,
                total=_summary_total(f),
            ))
            continue
        for d in detail:
            seen[d.month] += 1
            line = ArrearsLine(
                period=d.month, months=1, rule=f.rule, rule_title=title,
                declared_base=d.declared_base, required_base=d.required_base,
                shortfall=d.shortfall if d.shortfall is not None else (
                    round(d.required_base - (d.declared_base or 0), 2)
                    if d.required_base is not None else None),
                employer_amount=d.employer_amount, personal_amount=d.personal_amount,
                late_fee=d.late_fee, total=_both(d.employer_amount, d.personal_amount),
                how=d.how,
            )
            old = by_month.get(d.month)
            if old is None or _weight(line) > _weight(old):
                by_month[d.month] = line
    lines = [by_month[m] for m in sorted(by_month)] + summary
    all_months = sorted({m for f in owed for m in f.months} | set(by_month))
    employer = [x.employer_amount for x in lines]
    personal = [x.personal_amount for x in lines]
    fees = [x.late_fee for x in lines]
    totals = ArrearsTotals(
        months=len(all_months),
        employer_amount=_total(employer), personal_amount=_total(personal),
        late_fee=_total(fees), total=_total([x.total for x in lines]),
        employer_known=_known(employer), personal_known=_known(personal),
        late_fee_known=_known(fees),
    )
    how: dict[str, list[str]] = {}
    for line in lines:
        if line.how:  # months in the audit's wording as in the rest of the document
            how.setdefault(_MONTH.sub(lambda m: month_cn(m.group(0)), line.how),
                           []).append(line.period)
    return Arrears(
        unknown=_unknown(lines),
        includes="单位部分和个人部分，不含滞纳金",
        lines=lines,
        totals=totals,
        monthly_detail=bool(by_month) and not summary,
        late_fee_date=(cn_date(dt.date.fromisoformat(as_of)) if as_of
                       else missing("滞纳金计算截止日")),
        months_text=months_text(all_months),
        deduplicated_months=sum(n - 1 for n in seen.values() if n > 1),
        how=[f"{months_text(ms, count=False)}：{text}" for text, ms in how.items()],
        unconfirmed=any(f.figures_status in ("unconfirmed", "estimated") for f in owed),
        unassessed=([f"{months_text(unassessed)}按当地缴费基数下限申报，现有工资记录不能据以认定"
                     "应缴基数高于下限，是否少缴、少缴多少请征收机构按实际工资核定"
                     "（未计入上表和合计）"] if unassessed else []),
    )
