"""Helpers shared by the rules: month lists, money, and findings that carry arrears lines.

An arrears finding carries, besides the ``shebao.audit/1`` fields, an extra field ``lines``:
one object per month (``month``, ``declared_base``, ``required_base``, ``shortfall``,
``employer_amount``, ``personal_amount``, ``late_fee``, ``how``) -- the per-month schedule the
reports stage prints (``reports/arrears.py``). ``amount`` = employer + personal (late fee
separate, in ``late_fee``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from shebao.audit.citations import basis
from shebao.audit.dues import Dues
from shebao.audit.history import month_ranges
from shebao.audit.months import YearMonth
from shebao.audit.params import Source, Value, worst_status

from shebao.records import Evidence, Finding

_DATE = re.compile(r"(?<=[省市国直])\d{4}-\d{2}(?:-\d{2})?(?:的(?=“)|(?=没有))")


def reason_text(reason: str) -> str:
    """An Unknown's reason without the date it was asked for, so months group under it."""
    return _DATE.sub("", reason)


def ranges(months: list[YearMonth] | list[str]) -> str:
    return month_ranges([str(m) for m in months]) if months else ""


def yuan(x: Decimal | float | None) -> str:
    return "未知" if x is None else f"{Decimal(str(x)):,.2f}元"


def f2(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def dedupe(evidence: list[Evidence]) -> list[Evidence]:
    out: list[Evidence] = []
    for e in evidence:
        if e not in out:
            out.append(e)
    return out


@dataclass
class Line:
    dues: Dues
    declared: Decimal | None
    required: Decimal | None
    how: str
    evidence: list[Evidence] = field(default_factory=list)
    used: list[Value] = field(default_factory=list)

    def to_json(self) -> dict:
        d = self.dues
        return {
            "month": str(d.month),
            "declared_base": f2(self.declared),
            "required_base": f2(self.required),
            "shortfall": f2(d.base) if self.required is not None else None,
            "employer_amount": f2(d.employer),
            "personal_amount": f2(d.personal),
            "late_fee": f2(d.late_fee),
            "overdue_from": None if d.overdue_from is None else d.overdue_from.isoformat(),
            "how": self.how,
        }


def total(values: list[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def arrears_finding(rule: str, severity: str, employer: str | None, lines: list[Line],
                    message: str, citations: tuple[str, ...],
                    extra_evidence: list[Evidence] | None = None) -> Finding:
    """A finding over per-month lines: totals, status of the figures, sources, evidence."""
    employer_total = total([ln.dues.employer for ln in lines])
    personal_total = total([ln.dues.personal for ln in lines])
    fee_total = total([ln.dues.late_fee for ln in lines])
    amount = total([employer_total, personal_total])
    used: list[Value] = []
    for ln in lines:
        for v in [*ln.used, *ln.dues.used]:
            if v not in used:
                used.append(v)
    sources: list[Source] = []
    for v in used:
        sources.extend(s for s in v.sources if s not in sources)
    status = worst_status(*(v.status for v in used)) if used else "official"
    evidence = dedupe([e for ln in lines for e in ln.evidence] + (extra_evidence or []))
    return Finding(
        rule=rule,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        months=sorted({str(ln.dues.month) for ln in lines}),
        amount=f2(amount),
        employer_amount=f2(employer_total),
        personal_amount=f2(personal_total),
        late_fee=f2(fee_total),
        employer=employer,
        message=message,
        basis=basis(*citations, *sources),
        evidence=evidence,
        lines=[ln.to_json() for ln in lines],
        figures_status=status,
        parameters=[v.to_json() for v in used],
    )


def unknown_parts(lines: list[Line]) -> dict[str, tuple[list[YearMonth], str]]:
    """What could not be priced in a finding's lines: label -> (months, first reason)."""
    out: dict[str, tuple[list[YearMonth], str]] = {}
    for ln in lines:
        for label, reason in ln.dues.unknown:
            months, _ = out.setdefault(label, ([], reason_text(reason)))
            months.append(ln.dues.month)
    return out


def note_unknown(ctx, lines: list[Line]) -> list[str]:
    """Short notes for the message; the full reasons go to ``ctx.missing``."""
    notes = []
    for label, (months, reason) in unknown_parts(lines).items():
        notes.append(f"{ranges(months)}的{label}未收录，相应部分未计入")
        ctx.note_missing(f"{ranges(months)}：{label}未知（{reason}）；"
                         f"提供当地当时的{label}可补算")
    return notes


def money_sentence(f: Finding, unknown: list[str]) -> str:
    """``应补缴单位部分X元、个人部分Y元，滞纳金Z元（…）`` for a finding's totals."""
    parts = []
    if f.employer_amount is not None:
        parts.append(f"单位部分{yuan(f.employer_amount)}")
    if f.personal_amount is not None:
        parts.append(f"个人部分{yuan(f.personal_amount)}")
    text = "应补缴" + "、".join(parts) if parts else "应补缴金额无法计算"
    if f.late_fee is not None:
        text += f"，滞纳金约{yuan(f.late_fee)}"
    if unknown:
        text += "（" + "；".join(dict.fromkeys(unknown)) + "）"
    status = f.figures_status
    if status in ("estimated", "unconfirmed"):
        text += "。所用参数中有估计或未确认的数值，金额仅供参考，请以征收机构核定为准"
    return text + "。"


def grouped_by_employer(items: list, key) -> dict[str | None, list]:
    out: dict[str | None, list] = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return out
