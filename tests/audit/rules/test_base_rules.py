"""minimum_base, underreported_base, withheld_not_remitted on hand-built Shanghai histories.

Shanghai parameters used (audit/parameters): floor 2024-07..2025-06 = 7384, ceiling 36921
(official, 上海市人社局2024年度缴费基数通知); employer rate 16%, personal rate 8%.
"""

from __future__ import annotations

from datetime import date

from .build import audit, citations, findings, months, payslips, row, slip, statement

FLOOR_2024 = 7384.0


def test_floor_base_without_pay_slips_is_a_low_finding() -> None:
    result = audit(statement([row("2024-08", base=FLOOR_2024), row("2024-09", base=8000)]))
    (f,) = findings(result, "minimum_base")
    assert (f.severity, f.months) == ("low", ["2024-08"])
    assert f.model_extra["floors"] == {"2024-08": FLOOR_2024}
    assert "上海市人社局2024年度缴费基数通知" in citations(f)
    assert "中华人民共和国社会保险法第六十条" in citations(f)
    assert any("没有工资条" in m for m in result.missing)
    assert not findings(result, "underreported_base")


def test_within_one_yuan_of_the_floor_counts_as_the_floor() -> None:
    result = audit(statement([row("2024-08", base=FLOOR_2024 + 0.6)]))
    assert findings(result, "minimum_base")[0].months == ["2024-08"]
    result = audit(statement([row("2024-08", base=FLOOR_2024 + 1.5)]))
    assert not findings(result, "minimum_base")


def test_wages_from_the_previous_year_set_the_required_base() -> None:
    # contribution year 2024-07..2025-06 -> 2023 wages: 12000 a month
    slips = payslips([slip(m, 12000.0, 590.72, r=i) for i, m in
                      enumerate(months("2023-01", 12), 1)])
    result = audit(statement([row(m, base=FLOOR_2024) for m in months("2023-01", 12)]
                             + [row("2024-08", base=FLOOR_2024)]), slips)
    mins = findings(result, "minimum_base")
    assert mins and mins[0].severity == "medium"
    (f,) = [x for x in findings(result, "underreported_base")]
    line = next(ln for ln in f.model_dump()["lines"] if ln["month"] == "2024-08")
    assert line["declared_base"] == FLOOR_2024 and line["required_base"] == 12000.0
    assert line["shortfall"] == 4616.0
    # 4616 x 16% = 738.56; x 8% = 369.28; late fee (1107.84 x 0.0005 x 91 days) = 50.41
    assert (line["employer_amount"], line["personal_amount"]) == (738.56, 369.28)
    assert line["late_fee"] == 50.41
    assert "劳动保障监察条例（国务院令第423号）第二十七条" in citations(f)
    assert "2023年12张工资条" in line["how"]


def test_required_base_is_clamped_to_the_ceiling() -> None:
    slips = payslips([slip(m, 50000.0, 100.0) for m in months("2023-01", 12)])
    result = audit(statement([row("2024-08", base=20000.0)]), slips)
    (f,) = findings(result, "underreported_base")
    line = f.model_dump()["lines"][0]
    assert line["required_base"] == 36921.0  # the 2024-07 ceiling
    assert "按上限36921" in line["how"]


def test_without_previous_year_slips_the_year_itself_is_an_estimate() -> None:
    slips = payslips([slip("2024-08", 15000.0, 590.72), slip("2024-09", 15000.0, 590.72)])
    result = audit(statement([row("2024-08", base=FLOOR_2024), row("2024-09", base=FLOOR_2024)]),
                   slips)
    (f,) = findings(result, "underreported_base")
    assert f.months == ["2024-08", "2024-09"]
    assert "估算" in f.message
    assert f.model_dump()["lines"][0]["required_base"] == 15000.0


def test_wage_at_or_below_the_declared_base_is_not_underreported() -> None:
    slips = payslips([slip("2024-08", 7000.0, 590.72)])
    result = audit(statement([row("2024-08", base=FLOOR_2024)]), slips)
    assert not findings(result, "underreported_base")
    assert findings(result, "minimum_base")[0].severity == "low"


def test_deduction_without_contribution_is_withheld_not_remitted() -> None:
    slips = payslips([slip("2024-09", 15000.0, 590.72)])
    result = audit(statement([row("2024-08"), row("2024-10")]), slips)
    (f,) = findings(result, "withheld_not_remitted")
    assert (f.months, f.severity) == (["2024-09"], "high")
    assert (f.personal_amount, f.employer_amount, f.amount) == (590.72, None, 590.72)
    # 590.72 x 0.0005 x 61 days (2024-10-01 .. 2024-12-01) = 18.02
    assert f.late_fee == 18.02
    assert "中华人民共和国社会保险法第六十条" in citations(f)
    assert {e.file for e in f.evidence} >= {"slips.pdf"}


def test_smaller_personal_amount_than_deducted() -> None:
    slips = payslips([slip("2024-09", 15000.0, 590.72)])
    result = audit(statement([row("2024-09", base=5000.0, personal=400.0)]), slips)
    (f,) = findings(result, "withheld_not_remitted")
    assert f.personal_amount == 190.72
    assert {e.file for e in f.evidence} == {"slips.pdf", "statement.pdf"}


def test_slips_of_other_people_are_not_used() -> None:
    slips = payslips([slip("2024-09", 15000.0, 590.72, name="李四")])
    result = audit(statement([row("2024-08"), row("2024-10")]), slips)
    assert not findings(result, "withheld_not_remitted")
    assert any("没有张三的记录" in n for n in result.model_extra["notes"])


def test_a_base_below_the_floor_is_too_low_even_without_pay_slips() -> None:
    result = audit(statement([row("2024-08", base=5000.0), row("2024-09", base=FLOOR_2024)]))
    (f,) = findings(result, "underreported_base")
    (line,) = f.model_dump()["lines"]
    assert (line["month"], line["required_base"], line["shortfall"]) == ("2024-08", 7384.0,
                                                                          2384.0)
    assert (line["employer_amount"], line["personal_amount"]) == (381.44, 190.72)
    assert "下限" in line["how"]
    # no pay slip: the finding says the floor, never the wage (a filing would otherwise
    # allege under-declared wages with no wage evidence)
    from shebao.reports.legal import labels

    assert f.model_extra["base_from"] == "floor"
    assert labels().title(f) == "缴费基数低于当地下限"
    assert "低于当月缴费基数下限" in f.message and "工资条" not in f.message


def test_a_low_base_on_pay_slips_and_the_floor_says_both() -> None:
    slips = payslips([slip("2024-08", 15000.0, 590.72)])
    result = audit(statement([row("2022-07", base=5000.0), row("2024-08", base=8000.0)]), slips)
    (f,) = findings(result, "underreported_base")
    assert f.model_extra["base_from"] == "both"
    assert "有工资条的月份按工资，其余月份按当月缴费基数下限" in f.message


def test_pay_slips_without_a_statement_for_their_months_are_not_judged() -> None:
    slips = payslips([slip("2025-03", 15000.0, 590.72)])
    result = audit(statement([row("2024-08"), row("2024-09")]), slips, as_of=date(2025, 6, 1))
    assert not findings(result, "withheld_not_remitted")
    assert not findings(result, "missing_months", "high")
    assert any("2025-03" in m and "没有覆盖" in m for m in result.missing)


def test_monthly_view_has_declared_base_floor_and_wage() -> None:
    slips = payslips([slip("2024-09", 15000.0, 590.72)])
    result = audit(statement([row("2024-08", base=FLOOR_2024), row("2024-10")]), slips)
    by = {m["month"]: m for m in result.model_extra["monthly"]}
    assert list(by) == ["2024-08", "2024-09", "2024-10"]
    assert by["2024-08"]["declared_base"] == FLOOR_2024 and by["2024-08"]["floor"] == 7384.0
    assert {"minimum_base", "underreported_base"} <= set(by["2024-08"]["findings"])
    assert by["2024-09"]["status"] == "none" and by["2024-09"]["wage"] == 15000.0
    assert by["2024-09"]["withheld"] == 590.72
    assert "withheld_not_remitted" in by["2024-09"]["findings"]
