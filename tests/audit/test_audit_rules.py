"""Per-rule unit tests of the pension formula pieces, each with the citation it must carry."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from shebao.audit.months import Duration, YearMonth, parse_duration
from shebao.audit.params import PARAMETER_ROOT, ParameterSet, Unknown, Value, parameters
from shebao.audit.pension import (
    EstimateInput,
    annuity_divisor,
    estimate,
    fixed_addons,
    low_index_factor,
    phase_in_ratio,
    service_year_factor,
)

P = parameters()
ON = YearMonth(2025, 11)


def test_service_years_national_months_over_12() -> None:
    factor, _text, used = service_year_factor(P, "320000", parse_duration("26y6m"), ON)
    assert factor == Decimal("0.265")
    assert any("国发〔2005〕38号" in s.cite() for v in used for s in v.sources)


def test_service_years_shanghai_whole_years_plus_0083_per_month() -> None:
    factor, text, _ = service_year_factor(P, "310000", parse_duration("26y6m"), ON)
    assert factor == Decimal("0.26") + 6 * Decimal("0.00083")
    assert "0.083%" in text


def test_shanghai_decimal_years_fall_back_to_months_over_12() -> None:
    factor, _, _ = service_year_factor(P, "310000", parse_duration("17.33"), ON)
    assert factor == Decimal("0.1733")


def test_low_index_adjustment_only_in_guangdong_and_only_below_0_6() -> None:
    a, rule = low_index_factor(P, "442000", Decimal("0.4665"), ON)
    assert a == Decimal("0.4665") / Decimal("0.6") and rule is not None
    assert rule.status == "unconfirmed"
    assert low_index_factor(P, "442000", Decimal("0.6"), ON)[0] == 1
    assert low_index_factor(P, "320000", Decimal("0.3"), ON) == (Decimal(1), None)


def test_guangdong_addon_counts_whole_years_only() -> None:
    amount, text, rule = fixed_addons(P, "440300", ON, parse_duration("27y11m"))
    assert amount == Decimal(208) and "27年" in text
    assert any(s.document_number == "粤人社〔2014〕8号" for s in rule.sources)
    assert fixed_addons(P, "320000", ON, parse_duration("30")) is None


def test_phase_in_ratios_and_years_outside_the_table() -> None:
    assert phase_in_ratio(P, "320000", YearMonth(2024, 3)).value == Decimal("0.4")
    assert phase_in_ratio(P, "320000", YearMonth(2025, 3)).value == Decimal("0.7")
    assert phase_in_ratio(P, "320000", YearMonth(2031, 3)).value == Decimal("1.0")
    assert isinstance(phase_in_ratio(P, "320000", YearMonth(2023, 3)), Unknown)
    assert isinstance(phase_in_ratio(P, "310000", YearMonth(2025, 3)), Unknown)


def _jiangsu(old: str, index: str = "1.5023") -> EstimateInput:
    return EstimateInput(
        area="320000",
        retire=ON,
        age_months=720,
        calc_base=Decimal(8917),
        avg_index=Decimal("0.5878"),
        years=parse_duration("41"),
        account=Decimal(0),
        deemed_years=parse_duration("11y1m"),
        deemed_index=Decimal(index),
        old_transitional=Decimal(old),
    )


def test_jiangsu_old_method_kept_when_higher_than_new() -> None:
    """The transition pays the old amount plus a share of a *positive* difference only."""
    result = estimate(_jiangsu(old="2000.00"))
    assert result.amount("transitional") == Decimal("2000.00")


def test_jiangsu_new_method_without_old_amount_warns_during_phase_in() -> None:
    inp = _jiangsu(old="0")
    inp.old_transitional = None
    result = estimate(inp)
    assert result.amount("transitional") == Decimal("1781.67")
    assert any("偏高" in n for n in result.components["transitional"].notes)


def test_no_provincial_transitional_rule_means_unknown_not_zero() -> None:
    inp = EstimateInput(
        area="640000",  # Ningxia: no transitional rule recorded
        retire=ON,
        age_months=720,
        calc_base=Decimal(12049),
        avg_index=Decimal(1),
        years=parse_duration("35"),
        account=Decimal(100000),
        deemed_years=parse_duration("5"),
    )
    result = estimate(inp)
    assert result.amount("transitional") is None and result.total is None
    assert any("过渡性养老金" in u for u in result.unknown)


def test_divisor_month_interpolation_rounding_is_configurable(tmp_path: Path) -> None:
    """Change the interpolation parameter (2 decimals instead of 1) in a copy of the tree and
    the divisor follows: the rounding lives in data, not code."""
    root = tmp_path / "parameters"
    shutil.copytree(PARAMETER_ROOT, root)
    path = root / "national/pension/annuity_divisor_month_interpolation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (linear,) = [v for v in data["values"].values() if v["value"]["method"] == "linear_by_month"]
    linear["value"]["decimals"] = 2
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    custom = ParameterSet(root)
    assert annuity_divisor(custom, 721, ON).value == Decimal("138.42")
    assert annuity_divisor(P, 721, ON).value == Decimal("138.4")


def test_divisor_derivation_is_shown() -> None:
    value = annuity_divisor(P, 733, ON)
    assert isinstance(value, Value)
    assert value.derivation and "132" in value.derivation and "131.4" in value.derivation


@pytest.mark.parametrize(
    ("text", "years", "months"),
    [
        ("41", "41", 492),
        ("17.33", "17.33", None),
        ("26y6m", "26.5", 318),
        ("11年1个月", None, 133),
        ("7m", None, 7),
    ],
)
def test_durations_as_people_type_them(text: str, years: str | None, months: int | None) -> None:
    d = parse_duration(text)
    assert d.months == months
    if years is not None:
        assert d.years == Decimal(years)
    assert isinstance(d, Duration)


@pytest.mark.parametrize("bad", ["", "forty", "-3", "NaN", "3y-2m", "10y13m"])
def test_bad_durations(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(bad)


def test_a_provisional_calculation_base_is_named_as_an_amount_in_yuan() -> None:
    """Retiring years after the last published 计发基数 (Sichuan, 2031): the note names the year
    and the amount used as words, not a bare number glued to the year (2025年6738)."""
    inp = EstimateInput(area="510000", retire=YearMonth(2031, 6), age_months=736,
                        avg_index=Decimal("0.6"), years=parse_duration("10"),
                        account=Decimal(10000))
    result = estimate(inp)
    base = P.get("regional/pension/calculation_base", YearMonth(2031, 6), "510000")
    assert isinstance(base, Value) and base.provisional
    amount = f"{Decimal(str(base.value)):,.0f}元"
    notes = [n for c in result.components.values() for n in c.notes] + list(result.notes)
    assert any(f"{base.effective_from.year}年的{amount}计算" in n for n in notes), notes
    assert not any(f"年{base.value}计算" in n for n in notes)
