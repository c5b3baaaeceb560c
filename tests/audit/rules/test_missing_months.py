"""missing_months: months inside employment without a paid contribution; gaps between jobs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from shebao.audit.rules.periods import read_employment

from shebao.errors import InputError

from .build import audit, citations, findings, months, row, statement


def test_month_missing_between_paid_months_of_the_same_employer() -> None:
    # Shanghai 2024: employer rate 16%, personal 8% (official); overdue from 2024-10-01.
    result = audit(statement([row("2024-07"), row("2024-08"), row("2024-10")]))
    (f,) = findings(result, "missing_months", "high")
    assert f.months == ["2024-09"]
    assert f.employer == "上海甲公司"
    # base owed = the employer's own nearest declared base (8000; no pay slips)
    assert (f.employer_amount, f.personal_amount, f.amount) == (1280.0, 640.0, 1920.0)
    # 1920 x 0.0005 x 61 days (2024-10-01 .. 2024-12-01) = 58.56
    assert f.late_fee == 58.56
    line = f.model_dump()["lines"][0]
    assert line["month"] == "2024-09" and line["required_base"] == 8000.0
    assert line["overdue_from"] == "2024-10-01"
    cites = citations(f)
    assert "中华人民共和国社会保险法第五十八条" in cites
    assert "中华人民共和国社会保险法第八十六条" in cites
    assert any(e.fact.startswith("2024-08 养老保险") for e in f.evidence)


def test_arrears_row_is_a_missing_month_with_its_evidence() -> None:
    result = audit(statement([row("2024-06"), row("2024-07", status="arrears", r=2)]))
    (f,) = findings(result, "missing_months", "high")
    assert f.months == ["2024-07"]
    assert any(e.row == 2 and "欠缴" in e.fact for e in f.evidence)


def test_message_names_the_employer_when_the_rows_do() -> None:
    result = audit(statement([row("2024-06"), row("2024-07", status="arrears", r=2)]))
    (f,) = findings(result, "missing_months", "high")
    assert "您在上海甲公司工作（依据：" in f.message
    assert "没有写明单位名称" not in f.message


def test_message_without_an_employer_uses_no_placeholder_name() -> None:
    # 欠缴 rows naming no employer: the declaration shows the job, not who the employer is.
    rows = [row("2024-06", employer=None), row("2024-07", status="arrears", r=2, employer=None)]
    (f,) = findings(audit(statement(rows)), "missing_months", "high")
    assert f.months == ["2024-07"] and f.employer is None
    assert "您在职（依据：" in f.message and "这些月份的记录没有写明单位名称" in f.message
    assert "您在用人单位工作" not in f.message and "您在None" not in f.message


def test_unknown_floor_without_a_declared_base_is_not_priced() -> None:
    # Dongguan 2023: floor unknown (null in the parameters), stated employment, no rows.
    periods = [{"employer": "东莞乙厂", "start": "2023-01", "end": "2023-03"}]
    from shebao.audit.rules.periods import periods_from_items

    emp = periods_from_items(periods, Path("emp.yaml"), date(2024, 1, 1), "本人提供")
    rows = [row("2022-12", base=None, employer="东莞乙厂"),
            row("2023-04", base=None, employer="东莞乙厂")]
    result = audit(statement(rows, place="东莞市"), as_of=date(2024, 1, 1), employment=emp)
    (f,) = findings(result, "missing_months", "high")
    assert f.months == ["2023-01", "2023-02", "2023-03"]
    assert f.amount is None
    assert any("无法计算应补缴金额" in m for m in result.missing)


def test_gap_between_employers_is_information_only() -> None:
    rows = [row(m) for m in months("2024-01", 3)] + [
        row(m, employer="上海乙公司") for m in months("2024-06", 3)]
    result = audit(statement(rows))
    assert not findings(result, "missing_months", "high")
    (f,) = findings(result, "missing_months", "info")
    assert f.months == ["2024-04", "2024-05"]
    assert f.amount is None and f.model_extra["between_employers"] is True


def test_stated_employment_finds_months_no_document_shows(tmp_path: Path) -> None:
    emp = tmp_path / "emp.csv"
    emp.write_text("employer,start,end\n上海甲公司,2024-05,2024-08\n", encoding="utf-8")
    periods = read_employment(emp, date(2024, 12, 1))
    rows = [row("2024-04", employer="上海乙公司"), row("2024-07"), row("2024-08")]
    result = audit(statement(rows), employment=periods)
    (f,) = findings(result, "missing_months", "high")
    assert f.months == ["2024-05", "2024-06"]
    assert any(e.file == "emp.csv" for e in f.evidence)


def test_months_no_statement_covers_are_not_judged(tmp_path: Path) -> None:
    emp = tmp_path / "emp.csv"
    emp.write_text("employer,start,end\n上海甲公司,2024-05,2024-10\n", encoding="utf-8")
    periods = read_employment(emp, date(2024, 12, 1))
    result = audit(statement([row("2024-07"), row("2024-08")]), employment=periods)
    assert not findings(result, "missing_months", "high")
    assert any("2024-05至2024-06、2024-09至2024-10" in m and "没有覆盖" in m
               for m in result.missing)


@pytest.mark.parametrize("text, problem", [
    ("employer,start\n甲,2024-01\n", "表头"),
    ("employer,start,end\n甲,2024-13,2024-12\n", "无效"),
    ("employer,start,end\n甲,2024-05,2024-01\n", "早于"),
])
def test_bad_employment_files_are_named(tmp_path: Path, text: str, problem: str) -> None:
    emp = tmp_path / "emp.csv"
    emp.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_employment(emp, date(2024, 12, 1))
    assert problem in err.value.zh and err.value.file == str(emp)


def test_employment_yaml_with_open_end(tmp_path: Path) -> None:
    emp = tmp_path / "emp.yaml"
    emp.write_text("employment:\n  - {employer: 甲, start: 2024-05, end: }\n", encoding="utf-8")
    (p,) = read_employment(emp, date(2024, 12, 1))
    assert (str(p.start), str(p.end)) == ("2024-05", "2024-12")


def test_late_fee_is_split_at_the_2011_rate_change() -> None:
    # Shanghai 2010: employer 22% (上海市人社局2010年度通知), personal 8%; base owed 3000.
    rows = [row("2010-05", base=3000.0), row("2010-07", base=3000.0)]
    result = audit(statement(rows), as_of=date(2011, 12, 31))
    (f,) = findings(result, "missing_months", "high")
    assert f.months == ["2010-06"]
    assert (f.employer_amount, f.personal_amount) == (660.0, 240.0)
    # 900 x 0.002 x 365 days (2010-07-01..2011-07-01, 征缴暂行条例第十三条)
    # + 900 x 0.0005 x 183 days (2011-07-01..2011-12-31, 社会保险法第八十六条) = 657 + 82.35
    assert f.late_fee == 739.35
    cites = citations(f)
    assert "社会保险费征缴暂行条例（国务院令第259号）第十三条" in cites


def test_not_insured_months_inside_employment_are_missing_months() -> None:
    rows = [row("2024-06"), row("2024-07", base=None, status="not_insured", r=2),
            row("2024-08", r=3)]
    result = audit(statement(rows))
    (f,) = findings(result, "missing_months", "high")
    assert f.months == ["2024-07"]
    assert any(e.row == 2 and "未参保" in e.fact for e in f.evidence)


def test_a_recent_pending_month_is_not_arrears_but_an_old_one_is() -> None:
    # as of 2024-12-01 with a delay of 3 months (unconfirmed parameter): 2024-10 is recent,
    # 2024-06 has been pending for six months
    rows = [row("2024-05"), row("2024-06", status="pending", r=2)] + [
        row(m, r=3 + k) for k, m in enumerate(months("2024-07", 3))] + [
        row("2024-10", status="pending", r=6)]
    result = audit(statement(rows))
    (f,) = findings(result, "missing_months", "high")
    assert f.months == ["2024-06"]
    assert "未到账" in f.message and "3 个月" in f.message
    assert any("2024-10" in m and "未到账" in m for m in result.missing)
    # the months shown pending and credited in a statement printed later are one paid month
    later = statement([row("2024-10", r=1)], file="later.pdf")
    result = audit(statement(rows), later)
    assert findings(result, "duplicate_months") == []
