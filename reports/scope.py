"""Claims bounded by the employment: which months a case may claim against its employer.

Contract
--------
``claim_scope(case, audit) -> Scope``: the employment of the case's employer, from
``case.yaml`` ``employment`` (origin ``case``), else the periods the audit inferred for that
employer from the documents (origin ``documents``: the drafts say the period was inferred), else
none known (origin ``none``: every month an arrears finding names against the employer counts,
and the drafts say the period is to be confirmed).

``bound(findings, scope, employer) -> Bounded``: the arrears findings
(:data:`~.claims.ARREARS_RULES`) cut to the months inside the scope, and the months left out.
A finding the audit marks ``between_employers`` (a gap between jobs) or that names another
employer is never claimed (when the case's employer name matches no finding's, as when
case.yaml spells it otherwise than the statement, the months alone decide); its months are
*gaps* to explain to the worker. A finding cut to
fewer months keeps only its lines (per-month detail) for those months and its amounts become
the sums of those lines; a finding without lines that is cut cannot be split, so its amounts
become unknown (``None``: printed as 未能核算 with the reason). Evidence whose fact names a
month outside the scope (``2023-07 养老保险 …``) is dropped from the cut finding. Months are
``YYYY-MM`` strings; a period without an end runs to the audit's ``as_of`` month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from shebao.records import AuditResult, Finding

from .case import Case
from .claims import ARREARS_RULES

_MONTH = re.compile(r"^(\d{4}-\d{2})")


@dataclass(frozen=True)
class Scope:
    periods: list[tuple[str, str | None]]  # (start, end) YYYY-MM; end None = still employed
    origin: Literal["case", "documents", "none"]

    def holds(self, month: str) -> bool:
        if self.origin == "none":
            return True
        return any(start <= month and (end is None or month <= end)
                   for start, end in self.periods)


@dataclass
class Bounded:
    findings: list[Finding]  # arrears findings, cut to the scope (only those with months left)
    gaps: list[str] = field(default_factory=list)  # months left out of every claim (YYYY-MM)
    cut: list[str] = field(default_factory=list)  # months a finding named but the scope excludes


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and (a in b or b in a)  # type: ignore[operator]


def claim_scope(case: Case, audit: AuditResult, employer: str | None) -> Scope:
    stated = [(p.start, p.end) for p in case.employment if p.start]
    if stated:
        return Scope(stated, "case")
    raw = (audit.model_extra or {}).get("employment") or []
    inferred = [(p["start"], p.get("end")) for p in raw
                if isinstance(p, dict) and p.get("start")
                and (employer is None or _same(p.get("employer"), employer))]
    if inferred:
        return Scope(sorted(set(inferred)), "documents")
    return Scope([], "none")


def _sum(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else round(sum(values), 2)  # type: ignore[arg-type]


def _cut(f: Finding, keep: list[str]) -> Finding:
    lines = [line for line in f.lines if line.month in keep]
    evidence = [e for e in f.evidence
                if not (m := _MONTH.match(e.fact or "")) or m.group(1) in keep]
    update: dict = {"months": keep, "lines": lines, "evidence": evidence}
    if lines:
        employer = _sum([x.employer_amount for x in lines]) if f.employer_amount is not None \
            else None
        personal = _sum([x.personal_amount for x in lines]) if f.personal_amount is not None \
            else None
        update.update(employer_amount=employer, personal_amount=personal,
                      late_fee=_sum([x.late_fee for x in lines]) if f.late_fee is not None
                      else None,
                      amount=_sum([employer if employer is not None else 0.0,
                                   personal if personal is not None else 0.0])
                      if employer is not None or personal is not None else None)
    else:
        update.update(amount=None, employer_amount=None, personal_amount=None, late_fee=None)
    return f.model_copy(update=update)


def bound(findings: list[Finding], scope: Scope, employer: str | None) -> Bounded:
    out = Bounded(findings=[])
    named = {f.employer for f in findings if f.rule in ARREARS_RULES and f.employer}
    if employer and named and not any(_same(n, employer) for n in named):
        employer = None  # the case names the employer otherwise than the documents: months decide
    for f in findings:
        if f.rule not in ARREARS_RULES:
            continue
        extra = f.model_extra or {}
        other = f.employer is not None and employer is not None and not _same(f.employer,
                                                                               employer)
        if extra.get("between_employers") or other:
            out.gaps.extend(f.months)
            continue
        keep = [m for m in f.months if scope.holds(m)]
        out.cut.extend(m for m in f.months if m not in keep)
        if not keep:
            continue
        out.findings.append(f if len(keep) == len(f.months) else _cut(f, keep))
    out.gaps = sorted(set(out.gaps) | set(out.cut))
    out.cut = sorted(set(out.cut))
    return out
