"""The arrears schedule (欠缴明细): one line per month owed, totals that never double count.

Contract: ``build_arrears(findings, as_of) -> Arrears`` from the findings of
:data:`~.claims.ARREARS_RULES`. A finding may carry per-month detail in an extra field
``lines`` (a list of :class:`ArrearsLineIn`; ``shebao.audit/1`` keeps extra fields); without it
the finding gives one summary line for its months with its totals. A month in several findings
is counted once (the line with the largest arrears). ``late_fee_date`` is the audit's
``as_of`` (the day late fees are computed to) or a 【待补充】 marker. Money is yuan.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pydantic import BaseModel, ConfigDict, ValidationError

from shebao.errors import InputError
from shebao.records import Finding

from .claims import ARREARS_RULES
from .facts import missing
from .legal import labels
from .months import cn_date, month_ranges, months_text


class _View(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArrearsLineIn(BaseModel):
    """Per-month detail an audit finding may carry in its extra field ``lines``."""

    model_config = ConfigDict(extra="allow")
    month: str
    declared_base: float | None = None
    required_base: float | None = None
    shortfall: float | None = None
    employer_amount: float | None = None
    personal_amount: float | None = None
    late_fee: float | None = None


class ArrearsLine(_View):
    period: str  # YYYY-MM, or a range text when the finding has no monthly detail
    months: int
    rule_title: str
    declared_base: float | None
    required_base: float | None
    shortfall: float | None
    employer_amount: float | None
    personal_amount: float | None
    late_fee: float | None
    total: float | None


class ArrearsTotals(_View):
    months: int
    employer_amount: float
    personal_amount: float
    late_fee: float
    total: float


class Arrears(_View):
    lines: list[ArrearsLine]
    totals: ArrearsTotals
    monthly_detail: bool
    late_fee_date: str
    months_text: str
    deduplicated_months: int


def _lines_of(f: Finding) -> list[ArrearsLineIn] | None:
    raw = (f.model_extra or {}).get("lines")
    if not raw:
        return None
    try:
        return [ArrearsLineIn.model_validate(line) for line in raw]
    except ValidationError as exc:
        raise InputError(f"审计结果中“{f.rule}”的逐月明细格式有误",
                         f"invalid per-month lines in finding {f.rule}: {exc.errors()[0]['msg']}",
                         code="audit_invalid") from exc


def _sum(*values: float | None) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present), 2) if present else None


def build_arrears(findings: list[Finding], as_of: str | None) -> Arrears:
    lab = labels()
    owed = [f for f in findings if f.rule in ARREARS_RULES]
    by_month: dict[str, ArrearsLine] = {}
    seen: Counter[str] = Counter()
    summary: list[ArrearsLine] = []
    for f in owed:
        title = lab.rules.get(f.rule, f.rule)
        detail = _lines_of(f)
        if detail is None:
            summary.append(ArrearsLine(
                period="、".join(a if a == b else f"{a}至{b}" for a, b in month_ranges(f.months)),
                months=len(set(f.months)), rule_title=title, declared_base=None,
                required_base=None, shortfall=None, employer_amount=f.employer_amount,
                personal_amount=f.personal_amount, late_fee=f.late_fee,
                total=f.amount if f.amount is not None
                else _sum(f.employer_amount, f.personal_amount),
            ))
            continue
        for d in detail:
            seen[d.month] += 1
            line = ArrearsLine(
                period=d.month, months=1, rule_title=title, declared_base=d.declared_base,
                required_base=d.required_base,
                shortfall=d.shortfall if d.shortfall is not None else (
                    round(d.required_base - (d.declared_base or 0), 2)
                    if d.required_base is not None else None),
                employer_amount=d.employer_amount, personal_amount=d.personal_amount,
                late_fee=d.late_fee, total=_sum(d.employer_amount, d.personal_amount),
            )
            old = by_month.get(d.month)
            if old is None or (line.total or 0) > (old.total or 0):
                by_month[d.month] = line
    lines = [by_month[m] for m in sorted(by_month)] + summary
    all_months = sorted({m for f in owed for m in f.months} | set(by_month))
    totals = ArrearsTotals(
        months=len(all_months),
        employer_amount=round(sum(x.employer_amount or 0 for x in lines), 2),
        personal_amount=round(sum(x.personal_amount or 0 for x in lines), 2),
        late_fee=round(sum(x.late_fee or 0 for x in lines), 2),
        total=round(sum(x.total or 0 for x in lines), 2),
    )
    return Arrears(
        lines=lines,
        totals=totals,
        monthly_detail=bool(by_month) and not summary,
        late_fee_date=(cn_date(dt.date.fromisoformat(as_of)) if as_of
                       else missing("滞纳金计算截止日")),
        months_text=months_text(all_months),
        deduplicated_months=sum(n - 1 for n in seen.values() if n > 1),
    )
