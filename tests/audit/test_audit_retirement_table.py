"""The retirement table for every birth month 1960–1990 x 3 categories, against the rule as
the law states it (written independently here) and against the published endpoints of the
official 附表1–3 (first and last rows of each table)."""

from __future__ import annotations

import pytest
from shebao.audit.months import YearMonth
from shebao.audit.retirement import retirement_facts

# 办法 第一条: (original age in years, first affected birth month, months of birth per
# 1-month step, cap in months)
LAW = {
    "male": (60, YearMonth(1965, 1), 4, 36),
    "female-cadre": (55, YearMonth(1970, 1), 4, 36),
    "female-worker": (50, YearMonth(1975, 1), 2, 60),
}

# Published endpoints of 附表1–3: (category, birth) -> (age in months, retirement month)
ENDPOINTS = {
    ("male", "1965-01"): (721, "2025-02"),
    ("male", "1965-04"): (721, "2025-05"),
    ("male", "1976-05"): (755, "2039-04"),
    ("male", "1976-08"): (755, "2039-07"),
    ("male", "1976-09"): (756, "2039-09"),
    ("male", "1976-12"): (756, "2039-12"),
    ("female-cadre", "1970-01"): (661, "2025-02"),
    ("female-cadre", "1970-04"): (661, "2025-05"),
    ("female-cadre", "1981-09"): (696, "2039-09"),
    ("female-cadre", "1981-12"): (696, "2039-12"),
    ("female-worker", "1975-01"): (601, "2025-02"),
    ("female-worker", "1975-02"): (601, "2025-03"),
    ("female-worker", "1984-09"): (659, "2039-08"),
    ("female-worker", "1984-10"): (659, "2039-09"),
    ("female-worker", "1984-11"): (660, "2039-11"),
    ("female-worker", "1984-12"): (660, "2039-12"),
}

BIRTHS = [YearMonth(y, m) for y in range(1960, 1991) for m in range(1, 13)]


def by_the_law(category: str, birth: YearMonth) -> tuple[int, YearMonth]:
    base_years, first, step, cap = LAW[category]
    delay = 0
    cursor = first
    while cursor <= birth and delay < cap:  # every `step` birth months adds one month
        delay += 1
        cursor = cursor + step
    age = base_years * 12 + delay
    return age, birth + age


@pytest.mark.parametrize("category", sorted(LAW))
def test_every_birth_month_1960_1990_follows_the_rule(category: str) -> None:
    previous = None
    for birth in BIRTHS:
        facts = retirement_facts(birth, category)
        age, month = by_the_law(category, birth)
        assert facts.statutory_age_months == age, birth
        assert facts.statutory_retirement_month == month, birth
        assert facts.statutory_age_months - facts.original_age_months == facts.delay_months
        # flexible window: at most 36 months either side, never below the original age
        if month >= YearMonth(2025, 1):
            assert facts.flexible_latest_month == month + 36
            earliest = max(month - 36, birth + facts.original_age_months)
            assert facts.flexible_earliest_month == earliest
        # retirement months never go backwards as birth months advance
        if previous is not None:
            assert facts.statutory_retirement_month > previous
        previous = facts.statutory_retirement_month


@pytest.mark.parametrize(("key", "want"), sorted(ENDPOINTS.items()))
def test_published_endpoints(key: tuple[str, str], want: tuple[int, str]) -> None:
    category, birth = key
    facts = retirement_facts(birth, category)
    assert (facts.statutory_age_months, str(facts.statutory_retirement_month)) == want


def test_row_counts_of_the_official_tables() -> None:
    """附表1 and 2 have 36 rows of delayed ages, 附表3 has 60."""
    for category, rows in (("male", 36), ("female-cadre", 36), ("female-worker", 60)):
        ages = {retirement_facts(b, category).delay_months for b in BIRTHS}
        assert ages - {0} == set(range(1, rows + 1))


def test_calendar_gap_is_a_property_of_the_official_table() -> None:
    """No man retires in 2025-06 under the table (1965-04 -> 2025-05, 1965-05 -> 2025-07)."""
    months = {str(retirement_facts(b, "male").statutory_retirement_month) for b in BIRTHS}
    assert "2025-06" not in months and "2025-05" in months and "2025-07" in months
