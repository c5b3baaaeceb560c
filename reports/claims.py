"""Which claims a case supports, one small function per claim, each reading like its rule.

Contract: every key of ``legal.yaml: claims`` has a function here of the same name taking
``(case, findings)`` and returning a :class:`Decision`; :func:`decide` runs them all. A claim is
*admitted* when the law lets the forum hear it **and** the facts/findings support it; otherwise
it is *excluded* and the drafts print its ``excluded_reason`` so the paralegal sees why.
``relevant`` says whether an exclusion is worth mentioning at all (a claim nothing points to is
left unsaid).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shebao.records import Finding

from .case import Case
from .legal import legal

# Findings that mean contributions are owed (the arrears schedule and the complaint).
ARREARS_RULES = ("missing_months", "withheld_not_remitted", "minimum_base", "underreported_base")
# Findings that mean contributions were not paid at all (as opposed to paid on too low a base).
NON_PAYMENT_RULES = ("missing_months", "withheld_not_remitted")
LOW_BASE_RULES = ("minimum_base", "underreported_base")


@dataclass(frozen=True)
class Decision:
    admitted: bool
    relevant: bool
    why: str  # one Chinese clause: the facts that made the decision


def _rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def back_payment(case: Case, findings: list[Finding]) -> Decision:
    """补缴 of unpaid or under-paid contributions with late fees: the collector's statutory duty
    (SIL 第六十三条、第八十六条), asked for by complaint (SIL 第八十三条第三款), never by
    arbitration (法研〔2011〕31号)."""
    owed = _rules(findings) & set(ARREARS_RULES)
    return Decision(admitted=bool(owed), relevant=bool(owed),
                    why="审计发现欠缴或少缴的月份" if owed else "审计未发现欠缴或少缴")


def underreported_base(case: Case, findings: list[Finding]) -> Decision:
    """Topping up a base declared below the wage (SIL 第六十条 "足额"; 监察条例 第二十七条):
    a complaint to the collector / labour inspection, not an arbitration claim."""
    low = _rules(findings) & set(LOW_BASE_RULES)
    return Decision(admitted=bool(low), relevant=bool(low),
                    why="审计发现按最低基数或低于实际工资申报" if low else "未发现基数偏低")


def damages_no_insurance(case: Case, findings: list[Finding]) -> Decision:
    """Damages (解释（一）第一条第（五）项): the employer did not complete the procedures, the
    agency **cannot** 补办, so the worker cannot get benefits. All three must hold."""
    unpaid = bool(_rules(findings) & set(NON_PAYMENT_RULES))
    if unpaid and case.back_payment_impossible:
        return Decision(True, True, "存在未缴费月份，且经办机构已确认不能补办")
    return Decision(False, unpaid, "存在未缴费月份，但未确认经办机构不能补办" if unpaid
                    else "未发现未缴费月份")


def severance_on_resignation(case: Case, findings: list[Finding]) -> Decision:
    """Economic compensation (解释（二）第十九条; 劳动合同法 第三十八条第一款第三项、第四十六条):
    the worker resigned *because* the employer did not pay contributions, and the audit shows
    months not paid at all (a merely low base is generally not enough, policy.md §5.4)."""
    unpaid = bool(_rules(findings) & set(NON_PAYMENT_RULES))
    sep = case.separation
    resigned = bool(sep and sep.initiated_by == "worker" and sep.reason_unpaid_insurance)
    if unpaid and resigned:
        return Decision(True, True,
                        "劳动者以未依法缴纳社会保险费为由解除劳动合同，且存在未缴费月份")
    relevant = resigned or bool(sep) or unpaid
    if resigned:
        why = "劳动者已以未缴社保为由解除劳动合同，但审计只发现基数偏低，未发现未缴费月份"
    elif unpaid:
        why = "存在未缴费月份，但案情中没有劳动者以此为由解除劳动合同"
    else:
        why = "未发现未缴费月份"
    return Decision(False, relevant, why)


def pension_from_agency(case: Case, findings: list[Finding]) -> Decision:
    """A claim against the agency for benefits is not a labour dispute (解释（一）第二条第（一）项);
    it is mentioned only when the worker is short of minimum years or at provisional-account
    risk, where people most often expect the employer to pay the pension."""
    worry = bool(_rules(findings) & {"short_of_minimum_years", "provisional_account_risk"})
    return Decision(False, worry, "涉及养老待遇领取问题")


CLAIM_RULES: dict[str, Callable[[Case, list[Finding]], Decision]] = {
    "back_payment": back_payment,
    "underreported_base": underreported_base,
    "damages_no_insurance": damages_no_insurance,
    "severance_on_resignation": severance_on_resignation,
    "pension_from_agency": pension_from_agency,
}


def decide(case: Case, findings: list[Finding]) -> dict[str, Decision]:
    missing = set(legal().claims) ^ set(CLAIM_RULES)
    if missing:  # pragma: no cover - guarded by tests/reports/test_legal.py
        raise RuntimeError(f"claims without a rule or data entry: {sorted(missing)}")
    return {key: rule(case, findings) for key, rule in CLAIM_RULES.items()}
