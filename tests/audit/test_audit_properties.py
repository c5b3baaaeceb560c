"""Properties that must hold for any input (hypothesis), beyond the enumerated vectors."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from shebao.audit import contributions as C
from shebao.audit.months import Duration, YearMonth
from shebao.audit.params import Value, parameters
from shebao.audit.pension import EstimateInput, annuity_divisor, estimate
from shebao.audit.retirement import retirement_facts

P = parameters()
months = st.builds(YearMonth, st.integers(1950, 2010), st.integers(1, 12))
categories = st.sampled_from(["male", "female-cadre", "female-worker"])
areas = st.sampled_from(sorted(P.areas.by_code))


@settings(max_examples=200, deadline=None)
@given(birth=months, category=categories)
def test_retirement_is_between_original_age_and_cap(birth: YearMonth, category: str) -> None:
    f = retirement_facts(birth, category)
    cap = {"male": 36, "female-cadre": 36, "female-worker": 60}[category]
    assert 0 <= f.delay_months <= cap
    assert f.flexible_earliest_month <= f.statutory_retirement_month <= f.flexible_latest_month
    assert f.flexible_earliest_age_months >= f.original_age_months
    assert 180 <= int(f.min_contribution_months.value) <= 240


@settings(max_examples=200, deadline=None)
@given(area=areas, month=st.builds(YearMonth, st.integers(2008, 2027), st.integers(1, 12)))
def test_floor_never_above_ceiling(area: str, month: YearMonth) -> None:
    floor, ceiling = C.base_floor(month, area), C.base_ceiling(month, area)
    if isinstance(floor, Value) and isinstance(ceiling, Value):
        assert 0 < floor.value < ceiling.value


@settings(max_examples=100, deadline=None)
@given(age=st.integers(480, 839))
def test_divisor_falls_with_age(age: int) -> None:
    younger = annuity_divisor(P, age, YearMonth(2026, 1))
    older = annuity_divisor(P, age + 1, YearMonth(2026, 1))
    assert younger.value >= older.value


@settings(max_examples=100, deadline=None)
@given(
    index=st.decimals("0.3", "3", places=4),
    months=st.integers(180, 540),
    account=st.decimals("0", "500000", places=2),
)
def test_pension_grows_with_index_and_years(index: Decimal, months: int, account: Decimal) -> None:
    def total(z: Decimal, m: int) -> Decimal:
        inp = EstimateInput(
            area="442000",
            retire=YearMonth(2025, 6),
            age_months=720,
            avg_index=z,
            years=Duration.of_months(m),
            account=account,
        )
        result = estimate(inp)
        assert result.total is not None
        return result.total

    base = total(index, months)
    assert total(index + Decimal("0.1"), months) >= base
    assert total(index, months + 12) >= base


def test_retirement_before_the_1998_rules_is_out_of_scope() -> None:
    import pytest

    from shebao.errors import UsageError

    with pytest.raises(UsageError, match="1998"):
        retirement_facts("1940-01", "female-cadre")
