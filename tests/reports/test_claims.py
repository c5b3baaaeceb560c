"""Which claims a case supports: one case per rule, named after what it checks."""

from __future__ import annotations

from shebao.reports.case import Case, Separation
from shebao.reports.claims import (
    back_payment,
    damages_no_insurance,
    pension_from_agency,
    severance_on_resignation,
    underreported_base,
)

from shebao.records import Finding


def finding(rule: str) -> Finding:
    return Finding(rule=rule, severity="high", months=["2020-02"], message="…")


RESIGNED = Case(separation=Separation(initiated_by="worker", reason_unpaid_insurance=True))


def test_back_payment_is_asked_by_complaint_whenever_anything_is_owed():
    assert back_payment(Case(), [finding("minimum_base")]).admitted
    assert back_payment(Case(), [finding("missing_months")]).admitted
    assert not back_payment(Case(), [finding("short_of_minimum_years")]).admitted


def test_low_base_goes_to_the_complaint_not_to_arbitration():
    assert underreported_base(Case(), [finding("underreported_base")]).admitted
    assert not underreported_base(Case(), [finding("missing_months")]).relevant


def test_damages_need_unpaid_months_and_a_confirmed_impossibility_to_back_pay():
    unpaid = [finding("missing_months")]
    assert not damages_no_insurance(Case(), unpaid).admitted
    assert damages_no_insurance(Case(), unpaid).relevant  # mentioned as left out
    assert damages_no_insurance(Case(back_payment_impossible=True), unpaid).admitted
    assert not damages_no_insurance(Case(back_payment_impossible=True),
                                    [finding("minimum_base")]).admitted


def test_severance_needs_resignation_for_unpaid_contributions_and_unpaid_months():
    assert severance_on_resignation(RESIGNED, [finding("missing_months")]).admitted
    assert severance_on_resignation(RESIGNED, [finding("withheld_not_remitted")]).admitted
    low_only = severance_on_resignation(RESIGNED, [finding("minimum_base")])
    assert not low_only.admitted and low_only.relevant and "基数偏低" in low_only.why
    assert not severance_on_resignation(Case(), [finding("missing_months")]).admitted
    employer_fired = Case(separation=Separation(initiated_by="employer"))
    assert not severance_on_resignation(employer_fired, [finding("missing_months")]).admitted


def test_pension_from_the_agency_is_never_an_arbitration_claim():
    decision = pension_from_agency(Case(), [finding("short_of_minimum_years")])
    assert not decision.admitted and decision.relevant
    assert not pension_from_agency(Case(), [finding("missing_months")]).relevant
