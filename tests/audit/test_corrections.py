"""Values corrected by hand (case.yaml ``corrections:``) reach the audit through
:func:`shebao.audit.engine.audit_case`, marked against the original; a correction that no
longer matches what is read is named, never applied silently. Demo case D (text PDFs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from shebao.audit.corrections import check_value
from shebao.audit.engine import audit_case

from shebao.errors import InputError

CASE_D = Path(__file__).resolve().parents[2] / "samples" / "demo" / "case-D"


def case_with(tmp_path: Path, corrections: list[dict]) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(CASE_D, folder)
    facts = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    facts["corrections"] = corrections
    (folder / "case.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True),
                                      encoding="utf-8")
    return folder


def monthly_base(audit, month: str) -> float | None:
    return next(m["declared_base"] for m in audit.model_extra["monthly"] if m["month"] == month)


def test_a_corrected_base_is_audited_and_listed_with_the_value_read(tmp_path: Path) -> None:
    plain = audit_case(CASE_D)
    assert monthly_base(plain, "2024-07") == 7384.0
    fix = {"file": "factory_statement.pdf", "page": 1, "row": 3, "insurance": "pension",
           "field": "base", "old": 7384, "new": "8,100", "by": "李志愿", "at": "2026-12-07 10:30"}
    audit = audit_case(case_with(tmp_path, [fix]))
    # printed row 3 is the range 2024-07..2024-09: every month of it carries the new base
    assert monthly_base(audit, "2024-07") == 8100.0
    assert monthly_base(audit, "2024-09") == 8100.0
    assert monthly_base(audit, "2025-01") == 7384.0  # row 4 untouched
    doc = next(d for d in audit.documents if d.file == "factory_statement.pdf")
    marks = doc.model_extra["corrections"]
    assert [(m["month"], m["old"], m["new"], m["by"]) for m in marks][:2] == [
        ("2024-07", 7384, 8100.0, "李志愿"), ("2024-08", 7384, 8100.0, "李志愿")]
    assert len(marks) == 3
    assert not [m for m in audit.missing if "人工更正" in m]
    # the JSON round trip keeps the marks (the desk stores the audit as JSON)
    assert audit.to_json_dict()["documents"][0]["corrections"][0]["new"] == 8100.0


def test_a_correction_that_no_longer_matches_is_named_not_applied(tmp_path: Path) -> None:
    stale = {"file": "factory_statement.pdf", "page": 1, "row": 3, "insurance": "pension",
             "field": "base", "old": 5000, "new": 8100}
    gone = {"file": "no_such.pdf", "page": 1, "row": 1, "field": "status", "old": "paid",
            "new": "arrears"}
    audit = audit_case(case_with(tmp_path, [stale, gone]))
    assert monthly_base(audit, "2024-07") == 7384.0
    notes = [m for m in audit.missing if m.startswith("人工更正未应用")]
    assert len(notes) == 2
    assert "factory_statement.pdf 第1页第3行养老缴费基数" in notes[0]
    assert "no_such.pdf" in notes[1]


def test_values_are_checked_and_a_bad_correction_in_case_yaml_is_refused(
        tmp_path: Path) -> None:
    assert check_value("base", " 4,500.5 ") == 4500.5
    assert check_value("month", "2024-7") == "2024-07"
    assert check_value("personal_amount", "") is None
    for field, value in (("base", "四千"), ("month", "07/2024"), ("status", "ok"),
                         ("base", "-1")):
        with pytest.raises(ValueError):
            check_value(field, value)
    with pytest.raises(InputError):
        audit_case(case_with(tmp_path, [{"file": "x.pdf", "page": 0, "row": 1,
                                         "field": "base", "old": 1, "new": 2}]))


def test_the_evidence_index_and_the_report_mark_the_corrected_value(tmp_path: Path) -> None:
    from shebao.reports.prepare import prepare
    from shebao.reports.templating import render

    fix = {"file": "factory_statement.pdf", "page": 1, "row": 3, "insurance": "pension",
           "field": "base", "old": 7384, "new": 8100, "by": "李志愿", "at": "2026-12-07 10:30"}
    context = prepare(case_with(tmp_path, [fix])).context
    [mark] = context.corrections
    assert (mark.exhibit, mark.where, mark.what, mark.months, mark.old, mark.new) == (
        2, "第1页第3行", "养老缴费基数", "2024年7月至2024年9月", "7384", "8100")
    row = ("<td>第1页第3行</td><td>2024年7月至2024年9月</td><td>养老缴费基数</td>"
           '<td class="num">7384</td><td class="num">8100（人工更正）</td>'
           "<td>李志愿，2026-12-07 10:30</td>")
    for kind in ("evidence-index", "report", "findings", "arrears"):
        assert row in render(kind, context), kind


def test_a_correction_of_a_photo_finds_its_page_in_a_document_of_several_files() -> None:
    from shebao.audit.corrections import apply_corrections
    from shebao.reports.case import Correction

    from shebao.records import Extract

    extract = Extract.from_json_dict({
        "schema": "shebao.extract/1",
        "document": {"file": "p1.jpg", "sha256": "a" * 64, "kind": "statement", "pages": 3,
                     "method": "ocr", "files": [
                         {"file": "p1.jpg", "sha256": "a" * 64, "pages": [1, 1]},
                         {"file": "p2.jpg", "sha256": "b" * 64, "pages": [2, 3]}]},
        "person": {}, "contributions": [
            {"month": "2021-01", "insurance": "pension", "base": 3000, "page": 1, "row": 2},
            {"month": "2021-02", "insurance": "pension", "base": 3000, "page": 3, "row": 2}],
        "annual": [], "payslips": [], "warnings": []})
    fix = Correction(file="p2.jpg", page=2, row=2, field="base", old=3000, new=3500, by="李")
    out = apply_corrections(extract, [fix])
    assert [c.base for c in out.contributions] == [3000, 3500]  # page 2 of p2.jpg = page 3
    assert out.document.corrections[0]["month"] == "2021-02"
    assert not out.warnings
    beyond = Correction(file="p2.jpg", page=3, row=2, field="base", old=3000, new=1)
    assert [c.base for c in apply_corrections(out, [beyond]).contributions] == [3000, 3500]


def test_a_column_role_and_a_pay_slip_value_corrected_reach_the_audit_and_the_index(
        tmp_path: Path) -> None:
    from shebao.reports.context import corrections_view

    column = {"file": "factory_statement.pdf", "page": 1, "column": 9,
              "old": "personal_amount", "new": "ignore", "by": "李志愿", "at": "2026-12-07 11:00"}
    slip = {"file": "factory_payslips.pdf", "page": 1, "row": 1, "record": "payslip",
            "field": "net_pay", "old": 13827.18, "new": "13,900", "by": "王志愿"}
    stale = {"file": "factory_statement.pdf", "page": 1, "column": 8, "old": "base",
             "new": "ignore"}
    audit = audit_case(case_with(tmp_path, [column, slip, stale]))
    statement = next(d for d in audit.documents if d.file == "factory_statement.pdf")
    (mark,) = statement.model_extra["corrections"]
    assert (mark["column"], mark["label"], mark["new"]) == (9, "个人缴费", "ignore")
    payslips = next(d for d in audit.documents if d.file == "factory_payslips.pdf")
    (paid,) = payslips.model_extra["corrections"]
    assert (paid["record"], paid["month"], paid["new"]) == ("payslip", "2023-09", 13900.0)
    notes = [m for m in audit.missing if m.startswith("人工更正未应用")]
    assert len(notes) == 1 and "第1页第8列" in notes[0] and "缴费基数" in notes[0]
    views = {v.where: v for v in corrections_view(audit, {"factory_statement.pdf": 1})}
    col = views["第1页第9列（个人缴费）"]
    assert (col.exhibit, col.what, col.old, col.new, col.by) == (
        1, "列的含义", "个人缴费", "不读取（忽略此列）", "李志愿")
    assert col.months == "2022年1月至2025年6月"
    row = views["第1页第1行"]
    assert (row.what, row.old, row.new, row.months) == ("工资条实发工资", "13827.18", "13900",
                                                         "2023年9月")


def test_annual_rows_are_corrected_by_record_and_field() -> None:
    from shebao.audit.corrections import apply_corrections
    from shebao.reports.case import Correction

    from shebao.records import Annual, Document, Extract

    ex = Extract(document=Document(file="a.pdf", sha256="0" * 64, kind="statement"),
                 annual=[Annual(year=2019, insurance="pension", months=12, annual_base=48000,
                                page=2, row=5),
                         Annual(year=2019, insurance="medical", months=12, annual_base=48000,
                                page=2, row=5)])
    fixes = [Correction(file="a.pdf", page=2, row=5, record="annual", field="months",
                        insurance="pension", old=12, new="10"),
             Correction(file="a.pdf", page=2, row=5, record="annual", field="annual_base",
                        old=48000, new=50000)]
    out = apply_corrections(ex, fixes)
    assert [(a.insurance, a.months, a.annual_base) for a in out.annual] == [
        ("pension", 10, 50000.0), ("medical", 12, 50000.0)]
    marks = out.document.model_extra["corrections"]
    assert [(m["record"], m["field"], m["month"]) for m in marks] == [
        ("annual", "months", "2019"), ("annual", "annual_base", "2019"),
        ("annual", "annual_base", "2019")]
    assert check_value("year", "2020") == 2020
    with pytest.raises(ValueError):
        check_value("months", "13")


def test_case_check_names_a_correction_that_no_longer_applies(tmp_path: Path, capsys) -> None:
    """Before filing, ``shebao case check`` is where a volunteer looks: a hand correction the
    documents no longer bear out is named there too (it was only in the findings)."""
    from shebao.cli import main

    stale = {"file": "factory_statement.pdf", "page": 1, "column": 99, "old": "rate",
             "new": "personal_amount", "by": "李志愿"}
    folder = case_with(tmp_path, [stale])
    assert main(["case", "check", str(folder), "--as-of", "2025-10-15"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "人工更正未应用" in x)
    assert "factory_statement.pdf 第1页" in line and "第99列" in line
    assert "case.yaml 的 corrections" in line
