"""From canonical contribution records to the estimate inputs, and the projections built on
them (continue paying, back-pay, flexible retirement, break-even, replacement rate)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from shebao.audit.history import estimate_from_history, summarise
from shebao.audit.months import YearMonth
from shebao.audit.projections import break_even, project_person, replacement_rate

from shebao.records import Contribution


def rows(
    start: str,
    n: int,
    base: float,
    area: str = "310000",
    status: str = "paid",
    personal: bool = True,
    insurance: str = "pension",
) -> list[tuple[Contribution, str]]:
    first = YearMonth.parse(start)
    out = []
    for i in range(n):
        ym = first + i
        out.append(
            (
                Contribution(
                    month=str(ym),
                    insurance=insurance,
                    base=base,
                    personal_amount=round(base * 0.08, 2) if personal else None,
                    employer="某某公司",
                    status=status,
                ),
                area,
            )
        )
    return out


def test_counting_rules_statuses_duplicates_and_other_insurances() -> None:
    history = (
        rows("2021-07", 12, 10338)
        + rows("2022-07", 3, 6520, status="arrears")
        + rows("2022-10", 2, 6520, status="refunded")
        + rows("2021-07", 12, 10338, insurance="medical")
        + rows("2021-08", 1, 1000)  # a second employer in the same month: counted once
    )
    s = summarise(history)
    assert s.paid_months == 12
    assert s.not_counted["arrears"] == ["2022-07", "2022-08", "2022-09"]
    assert s.not_counted["refunded"] == ["2022-10", "2022-11"]
    aug = next(m for m in s.months if str(m.month) == "2021-08")
    assert aug.base == Decimal("11338")


def test_average_index_is_base_over_reference_wage() -> None:
    # Shanghai 2024-07..2025-06 at the floor 7384 on 12307 -> index 0.6 (to 4 places)
    s = summarise(rows("2024-07", 12, 7384))
    assert s.avg_index is not None and abs(s.avg_index - Decimal("0.6")) < Decimal("0.0001")
    # above the ceiling is capped at the ceiling: index 3.0
    s = summarise(rows("2024-07", 6, 50000))
    assert abs(s.avg_index - Decimal(3)) < Decimal("0.001")


def test_months_without_a_reference_wage_are_listed_not_guessed() -> None:
    s = summarise(rows("2016-01", 6, 3000, area="441900"))  # Dongguan 2016: city-level, unknown
    assert s.avg_index is None
    assert any("2016-01至2016-06" in u for u in s.unknown)


def test_account_from_printed_amounts_or_estimated_from_base() -> None:
    printed = summarise(rows("2023-01", 12, 10000), until_year=2023)
    estimated = summarise(rows("2023-01", 12, 10000, personal=False), until_year=2023)
    # 12 x 800 credited in 2023 at 3.97%: 9600 x (1 + 0.0397 x 1.083 / 2)
    want = Decimal("9600") * (1 + Decimal("0.0397") * Decimal("1.083") / 2)
    assert printed.account.balance == want.quantize(Decimal("0.01"))
    assert estimated.account.balance == printed.account.balance
    assert any("估算" in n for n in estimated.notes)
    # 2025: no official rate yet -> credited without interest, and said so
    s = summarise(rows("2025-01", 12, 10000), until_year=2025)
    assert s.account.balance == Decimal("9600.00")
    assert any("2025" in n and "未计利息" in n for n in s.notes)


def test_estimate_from_history_marks_origins() -> None:
    history = rows("2010-04", 12 * 15, 4000)
    result = estimate_from_history(history, "1966-03", "male", "上海")
    est = result.estimate
    assert str(result.retire) == "2026-07"  # 1966-03 man: 60y4m
    origins = {i.name: i.origin for i in est.inputs}
    assert origins == {
        "calc_base": "parameter",
        "avg_index": "estimated",
        "years": "document",
        "account": "estimated",
    }
    assert est.amount("basic") is not None and est.total is not None
    assert est.components["individual_account"].inputs["计发月数"] == Decimal("136.7")


def test_break_even_counts_months_until_the_sum_is_reached() -> None:
    r = break_even(Decimal(1000), Decimal(100000), YearMonth(2030, 1), YearMonth(1970, 1))
    assert r.months_of_pension == 100 and str(r.month) == "2038-04"
    assert r.age_months == (2038 - 1970) * 12 + 3
    grown = break_even(
        Decimal(1000),
        Decimal(100000),
        YearMonth(2030, 1),
        YearMonth(1970, 1),
        annual_adjustment=Decimal("0.02"),
    )
    assert grown.months_of_pension < 100
    assert break_even(Decimal(0), Decimal(1), YearMonth(2030, 1), YearMonth(1970, 1)).month is None


def test_project_person_man_with_exactly_15_years() -> None:
    """The food-delivery man: 15 years paid, born 1975-06, Guangdong. The minimum for his
    retirement year (2038: 62y8m) is 19.5 years: stopping now he is 54 months short;
    continuing reaches it."""
    history = rows("2010-01", 180, 5000, area="440000", personal=True)
    out = project_person(
        history, "1975-06", "male", "东莞", as_of=YearMonth(2025, 8), back_pay_months=12
    )
    sc = {s["key"]: s for s in out["scenarios"]}
    assert out["retirement"]["statutory_retirement_month"] == "2038-02"
    assert out["retirement"]["min_contribution_months"] == 234
    assert not sc["stop_now"]["meets_minimum"]
    assert any("差54个月" in n for n in sc["stop_now"]["notes"])
    assert sc["continue"]["meets_minimum"] and sc["continue"]["added_months"] > 0
    assert sc["continue"]["minimum_reached_month"] is not None
    assert sc["continue"]["base"] == 4775  # other-city floor 2025-07
    assert sc["back_pay"]["months_counted"] == 192
    assert sc["continue"]["cost_flexible"] == pytest.approx(
        4775 * 0.2 * sc["continue"]["added_months"]
    )
    assert sc["continue"]["break_even_own"]["age_months"] > 0
    assert "earliest" in sc and "latest" in sc


def test_replacement_rate_falls_with_early_retirement_and_low_wage() -> None:
    r60 = replacement_rate(20, 720)
    r50 = replacement_rate(20, 600)
    low = replacement_rate(20, 720, relative_wage=Decimal("0.6"))
    assert r50.total < r60.total
    assert low.basic < r60.basic
    assert abs(r60.basic - Decimal("0.4") / Decimal("1.05")) < Decimal("1e-9")
    # 0.4 x average wage is clamped up to the 60% floor
    assert replacement_rate(20, 720, relative_wage=Decimal("0.4")).base_ratio == Decimal("0.6")


def test_back_pay_fills_the_most_recent_gaps_first_at_that_month_floor() -> None:
    from shebao.audit.projections import missing_months

    history = rows("2021-07", 12, 5975) + rows("2023-01", 12, 7310)  # gap 2022-07..2022-12
    assert [str(m) for m in missing_months(history)] == [
        "2022-07",
        "2022-08",
        "2022-09",
        "2022-10",
        "2022-11",
        "2022-12",
    ]
    out = project_person(
        history, "1975-06", "male", "上海", as_of=YearMonth(2024, 1), back_pay_months=8
    )
    sc = next(s for s in out["_scenarios"] if s.key == "back_pay")
    assert sc.added_months == 8 and sc.months_counted == 32
    assert "2021-05至2021-06、2022-07至2022-12" in sc.notes[-1]
    # 2022-07..12 at Shanghai's floor 6520, 2021-05/06 at 4927: flexible cost 20%
    assert sc.cost_flexible == (6 * Decimal(6520) + 2 * Decimal(4927)) * Decimal("0.2")
    assert "断缴月份6个" in sc.label


def test_annual_aggregates_count_as_months_only_where_no_monthly_rows() -> None:
    from shebao.audit.history import extract_rows

    from shebao.records import Annual, Document, Extract

    extract = Extract(
        document=Document(file="c.pdf", sha256="2" * 64, kind="statement"),
        contributions=[r for r, _ in rows("2012-01", 12, 4000)],
        annual=[
            Annual(
                year=2011,
                insurance="pension",
                months=10,
                annual_base=40000,
                personal_amount=3200,
                status="paid",
            ),
            Annual(
                year=2012,
                insurance="pension",
                months=12,
                annual_base=48000,
                personal_amount=3840,
                status="paid",
            ),  # 2012 has monthly rows: ignored
            Annual(year=2011, insurance="medical", months=10, annual_base=40000, status="paid"),
        ],
    )
    got = extract_rows(extract)
    pension_2011 = [c for c in got if c.month.startswith("2011") and c.insurance == "pension"]
    assert [c.month for c in pension_2011] == [f"2011-{m:02d}" for m in range(1, 11)]
    assert pension_2011[0].base == 4000 and pension_2011[0].personal_amount == 320
    s = summarise([(c, "310000") for c in got])
    assert s.paid_months == 22


def test_retirement_year_months_count_and_later_months_do_not() -> None:
    history = rows("2024-01", 36, 10000)  # 2024-01 .. 2026-12
    result = estimate_from_history(history, "1966-03", "male", "上海")  # retires 2026-07
    s = result.summary
    assert s.paid_months == 30  # up to 2026-06
    # 2024 at 2.62%; 2025 rate unknown (no interest); 2026's six months added without interest
    y2024 = Decimal(9600) * (1 + Decimal("0.0262") * Decimal("1.083") / 2)
    want = (y2024 + 9600 + 4800).quantize(Decimal("0.01"))
    assert s.account.balance == want
    assert any("退休当年" in n for n in s.account.notes)


def test_short_at_statutory_age_extends_payment_until_the_minimum() -> None:
    """A man born 1965-03 (statutory 2025-04) with 10 years paid, paying again from 2025-01:
    at 2025-04 he has 123 of 180 months; he must pay on 57 more months."""
    history = rows("2010-01", 120, 6000)
    out = project_person(history, "1965-03", "male", "上海", as_of=YearMonth(2025, 1))
    sc = {s.key: s for s in out["_scenarios"]}
    assert not sc["continue"].meets_minimum and sc["continue"].months_counted == 123
    ext = sc["extend"]
    assert ext.meets_minimum and ext.months_counted == 180
    assert str(ext.retire) == "2030-01"  # 2025-01 + 60 months paid -> draws from 2030-01
    assert ext.result.estimate.total is not None
    assert any("第十六条" in n for n in ext.notes)


def test_before_2006_the_account_is_11_percent_of_the_base() -> None:
    s = summarise(rows("2005-01", 12, 2000, personal=True), until_year=2005)
    # 12 x 2000 x 11% = 2640 credited in 2005 (no Shanghai rate recorded for 2005: no interest)
    assert s.account.balance == Decimal("2640.00")
    assert any("11%" in n for n in s.notes)
