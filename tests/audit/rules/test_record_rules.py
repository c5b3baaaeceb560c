"""inspection_window, refunded_months, back_paid_months, duplicate_months and merging."""

from __future__ import annotations

from datetime import date

from .build import audit, citations, findings, row, statement


def test_arrears_older_than_two_years_are_flagged_not_dropped() -> None:
    rows = [row("2021-05"), row("2021-07"), row("2024-05"), row("2024-07")]
    result = audit(statement(rows), as_of=date(2024, 12, 1))
    gaps = findings(result, "missing_months", "high")
    assert gaps and "2021-06" in gaps[0].months and "2024-06" in gaps[0].months
    (f,) = findings(result, "inspection_window")
    assert "2021-06" in f.months and "2024-06" not in f.months
    assert f.model_extra["limit_months"] == 24
    assert "劳动保障监察条例（国务院令第423号）第二十条" in citations(f)
    assert "不受这一时限限制" in f.message  # the split practice is explained


def test_inspection_limit_is_configurable() -> None:
    rows = [row("2024-01"), row("2024-03")]
    result = audit(statement(rows), as_of=date(2024, 12, 1), inspection_months=6)
    (f,) = findings(result, "inspection_window")
    assert f.months == ["2024-02"] and f.model_extra["limit_months"] == 6


def test_refunded_months() -> None:
    rows = [row("2009-01", status="refunded"), row("2009-02", status="refunded"),
            row("2013-01", employer="上海乙公司")]
    result = audit(statement(rows), as_of=date(2014, 1, 1))
    (f,) = findings(result, "refunded_months")
    assert f.months == ["2009-01", "2009-02"] and f.severity == "medium"
    assert any(b.document_number == "国办发〔2009〕66号" for b in f.basis)
    assert not findings(result, "missing_months", "high")  # refunded is not arrears


def test_back_paid_months_are_information() -> None:
    rows = [row("2024-01", status="back_paid", paid_on="2024-06-03"), row("2024-02")]
    (f,) = findings(audit(statement(rows)), "back_paid_months")
    assert (f.severity, f.months) == ("info", ["2024-01"])
    assert "2024-06-03" in f.message


def test_identical_records_from_two_documents_merge_silently() -> None:
    a = statement([row("2024-01"), row("2024-02")], file="a.pdf")
    b = statement([row("2024-01", employer=None), row("2024-02", status="back_paid")],
                  file="b.pdf")
    result = audit(a, b)
    assert not findings(result, "duplicate_months")
    assert [f.months for f in findings(result, "back_paid_months")] == [["2024-02"]]
    assert len(result.documents) == 2


def test_conflicting_records_are_flagged_never_overwritten() -> None:
    a = statement([row("2024-01", base=8000.0)], file="a.pdf")
    b = statement([row("2024-01", base=9000.0)], file="b.pdf")
    result = audit(a, b)
    (f,) = findings(result, "duplicate_months")
    assert f.months == ["2024-01"]
    assert f.model_extra["fields"] == ["base", "employer_amount", "personal_amount"]
    assert {e.file for e in f.evidence} == {"a.pdf", "b.pdf"}
    assert "8000.00" in f.message and "9000.00" in f.message


def test_a_statement_without_id_joins_the_person_of_the_same_name() -> None:
    from shebao.audit.engine import Options, audit_extracts

    from .build import MAN_1984_HUNAN

    a = statement([row("2015-01")], id_no=None, file="old.pdf")
    b = statement([row("2024-01")], id_no=MAN_1984_HUNAN, file="new.pdf")
    (result,) = audit_extracts([a, b], Options(as_of=date(2024, 12, 1)))
    assert {d.file for d in result.documents} == {"old.pdf", "new.pdf"}
    c = statement([row("2024-01")], id_no=None, name="李四", file="other.pdf")
    assert len(audit_extracts([a, b, c], Options(as_of=date(2024, 12, 1)))) == 2


def test_annual_aggregates_make_no_month_level_findings() -> None:
    from shebao.records import Annual

    ex = statement([])
    ex.annual = [Annual(year=2018, insurance="pension", months=11, annual_base=88000.0,
                        personal_amount=7040.0, status="paid", page=1, row=1),
                 Annual(year=2019, insurance="pension", months=12, annual_base=96000.0,
                        personal_amount=7680.0, status="paid", page=1, row=2)]
    result = audit(ex, as_of=date(2020, 6, 1))
    assert not findings(result, "missing_months")  # which month of 2018 is unpaid is unknown


def test_a_place_without_parameters_is_not_judged_for_a_temporary_account() -> None:
    from .build import id_number

    woman = id_number("511321", "19760101", female=True)
    result = audit(statement([row("2020-01"), row("2020-02")], place="某某县", id_no=woman),
                   as_of=date(2021, 1, 1), category="female-worker")
    assert not findings(result, "provisional_account_risk", "high")
    assert any("参保地未知" in m for m in result.missing)
    assert any("未收录参数" in n for n in result.model_extra["notes"])


def test_a_conflicting_month_is_not_counted_twice() -> None:
    from .build import payslips, slip

    a = statement([row("2024-08", base=7384.0)], file="a.pdf")
    b = statement([row("2024-08", base=7400.0)], file="b.pdf")
    slips = payslips([slip(m, 12000.0, 590.72) for m in ("2023-03", "2023-04")])
    result = audit(a, b, slips)
    assert findings(result, "duplicate_months")
    (f,) = findings(result, "underreported_base")
    assert len(f.model_dump()["lines"]) == 1
    assert f.model_dump()["lines"][0]["declared_base"] == 7384.0  # the first document's
