"""The audit engine's seams: ``audit_case`` (reports stage), JSON input, bad input."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from shebao.audit.engine import Options, audit_case, audit_files
from shebao.samples.planted import build

from shebao.cli import main
from shebao.records import SCHEMA_AUDIT, AuditResult


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def factory(tmp_path_factory):
    return build("factory_minimum_base", tmp_path_factory.mktemp("factory"))


def test_audit_case_reads_originals_and_case_yaml(factory, tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.mkdir()
    for p in factory.paths:
        shutil.copy(p, case / p.name)
    (case / "case.yaml").write_text(
        "worker:\n  hukou: 湖南省邵阳市\n  gender: 男\n"
        "employer:\n  name: 测试工厂\n"
        "employment:\n  - {start: 2023-09, end: 2025-06}\n", encoding="utf-8")
    result = audit_case(case)
    assert isinstance(result, AuditResult)
    assert result.model_extra["person_facts"]["hukou"] == "430000"
    assert result.model_extra["person_facts"]["hukou_origin"] == "本人提供"
    gaps = [f for f in result.findings if f.rule == "missing_months" and f.severity == "high"]
    assert gaps and gaps[0].months == ["2024-10", "2024-11", "2024-12"]
    assert any(e.file == "case.yaml" for e in gaps[0].evidence)
    assert {d.file for d in result.documents} == {p.name for p in factory.paths}


def test_extract_json_files_are_accepted(factory, tmp_path: Path) -> None:
    paths = []
    for doc in factory.documents:
        path = tmp_path / f"{doc.path.name}.json"
        path.write_text(json.dumps(doc.truth.to_json_dict(), ensure_ascii=False), "utf-8")
        paths.append(path)
    (from_json,), errors = audit_files(paths, Options(as_of=date(2025, 10, 15)))
    (from_pdf,), _ = audit_files(factory.paths, Options(as_of=date(2025, 10, 15), ocr=False))
    assert not errors
    assert [(f.rule, f.months, f.amount) for f in from_json.findings] == [
        (f.rule, f.months, f.amount) for f in from_pdf.findings]


def test_unreadable_files_are_named_and_the_others_audited(factory, tmp_path: Path) -> None:
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json", encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text('{"schema": "something/1"}', encoding="utf-8")
    results, errors = audit_files([*factory.paths, bad_json, other, tmp_path / "nope.pdf"],
                                  Options(as_of=date(2025, 10, 15), ocr=False))
    assert len(results) == 1 and results[0].findings
    assert sorted(Path(e.file).name for e in errors) == ["bad.json", "nope.pdf", "other.json"]
    assert all(e.zh for e in errors)


def test_cli_bad_options_are_one_line_messages(factory, capsys) -> None:
    for args, text in ((["--hukou", "火星"], "未知地区"), (["--birth", "1984"], "--birth"),
                       (["--category", "boss"], "人员类别"), (["--as-of", "2025/10"], "--as-of")):
        code, _, err = run(capsys, "audit", factory.paths[0], *args)
        assert code == 2, err
        assert text in err and len(err.strip().splitlines()) == 1


def test_cli_json_is_the_public_schema(factory, capsys) -> None:
    code, out, err = run(capsys, "audit", *factory.paths, "--as-of", "2025-10-15", "--json",
                         "--no-ocr")
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == SCHEMA_AUDIT and data["as_of"] == "2025-10-15"
    assert data["retirement"]["statutory_retirement_month"]
    assert data["projections"]["scenarios"]


def test_terminal_summary_is_chinese(factory, capsys) -> None:
    code, out, err = run(capsys, "audit", *factory.paths, "--as-of", "2025-10-15", "--no-ocr")
    assert code == 0, err
    code, js, _ = run(capsys, "audit", *factory.paths, "--as-of", "2025-10-15", "--no-ocr",
                      "--json")
    from shebao.reports.legal import labels

    from shebao.records import Finding

    lab = labels()
    findings = [Finding.model_validate(f) for f in json.loads(js)["findings"]]
    rows = [line.split() for line in out.splitlines()
            if re.match(r"\s*\d+\s+(严重|较重|一般|提示)\s", line)]
    assert len(rows) == len(findings)
    for row, f in zip(rows, findings, strict=True):  # severity, title and figures per row
        assert row[1:3] == [lab.severity(f.severity), lab.title(f)], row
        if f.amount is not None:
            assert f"{f.amount:,.2f}" in row and f"{f.late_fee:,.2f}" in row, row
    assert {"工资已代扣但未缴纳", "缴费基数低于实际工资"} <= {r[2] for r in rows}


def test_params_command_shows_value_status_and_source(capsys) -> None:
    code, out, _ = run(capsys, "params", "regional/contribution/base_floor", "--area", "上海",
                       "--on", "2024-08")
    assert code == 0
    # derived: the wage is official (the notice), the 60% estimated (国办发〔2019〕13号 states
    # it for the self-employed only), so the floor is estimated and shows its derivation
    assert "7384" in out and "estimated" in out and "推算" in out and "rsj.sh.gov.cn" in out
    code, out, _ = run(capsys, "params", "regional/contribution/base_floor", "--area", "东莞",
                       "--on", "2023-01", "--json")
    assert json.loads(out)["status"] == "unknown"
    code, _, err = run(capsys, "params", "nope/x/y")
    assert code == 2 and "没有名为" in err
    code, out, _ = run(capsys, "params", "--list")
    assert "national/transfer/temporary_account_age" in out
    # a rule naming another parameter shows the figure it resolves to (Jilin's W for Changchun)
    code, out, _ = run(capsys, "params", "regional/pension/indexed_wage_base", "--area", "长春",
                       "--on", "2024-06")
    assert code == 0 and "取值：7178.5" in out and "推算：吉林省全省计发基数" in out
    assert "same_as" not in out and "jilin-changchun-man-202508" in out



def test_audit_case_with_unusable_facts_says_so(factory, tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.mkdir()
    for p in factory.paths:
        shutil.copy(p, case / p.name)
    (case / "case.yaml").write_text(
        "worker:\n  hukou: 不知道\n  birth: 不详\ninsured_place: 某某市\n", encoding="utf-8")
    result = audit_case(case)
    assert result.findings
    for text in ("户籍“不知道”", "出生年月“不详”", "参保地“某某市”"):
        assert any(text in m for m in result.missing), text
    assert result.model_extra["person_facts"]["hukou_origin"] == "身份证号地区码"


def test_an_employer_insured_list_is_not_audited_as_a_person(factory, tmp_path: Path,
                                                             capsys) -> None:
    """An insured list alone once printed 未发现问题 about nobody: it is refused with what to do
    instead (non-zero exit); in a case folder it is evidence, listed and not audited."""
    from shebao.samples import generate

    roster = generate("insured-list-pdf", 7, tmp_path / "list")
    code, out, err = run(capsys, "audit", roster.path, "--as-of", "2025-10-15", "--no-ocr")
    people = len({(i.name, i.id_number) for i in roster.truth.insured})
    assert code == 2 and "未发现问题" not in out
    assert f"单位的参保人员名单（{people}人）" in err and "shebao batch" in err
    case = tmp_path / "case"
    case.mkdir()
    for p in [*factory.paths, roster.path]:
        shutil.copy(p, case / p.name)
    result = audit_case(case)
    assert f"{roster.path.name}：单位的参保人员名单，作为证据列入，未用于本人的缴费审计" \
        in result.missing
    assert result.person.id_number == factory.documents[0].truth.person.id_number


@pytest.mark.parametrize(("typed", "code"), [("hunan", "430000"), ("430000", "430000"),
                                             ("湖南", "430000"), ("火星", None)])
def test_case_hukou_as_people_type_it(factory, tmp_path: Path, typed, code) -> None:
    """case.yaml takes the area names the command line takes (pinyin, codes, short names);
    what is not a name is said and the ID number used instead."""
    case = tmp_path / "case"
    case.mkdir()
    for p in factory.paths:
        shutil.copy(p, case / p.name)
    (case / "case.yaml").write_text(f"worker:\n  hukou: {typed}\n", encoding="utf-8")
    facts = audit_case(case).model_extra["person_facts"]
    if code:
        assert (facts["hukou"], facts["hukou_origin"]) == (code, "本人提供")
    else:
        assert facts["hukou_origin"] == "身份证号地区码"
