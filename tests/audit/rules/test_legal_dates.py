"""Legal dates live in parameter files, not in rules: the refund ban
(``national/transfer/refund_ban``), the temporary-account age rule
(``national/transfer/temporary_account_age``) and flexible retirement
(``national/retirement/flexible_window``) take effect on the date their file says. Each test
moves the date in a copy of the parameters and checks the rule follows it; a meta-test keeps
year literals out of the rules."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from shebao.audit.params import PARAMETER_ROOT, ParameterSet
from shebao.audit.retirement import retirement_facts

from .build import findings, id_number, months, row, statement

AUDIT = PARAMETER_ROOT.parent
HENAN_MAN_1960 = id_number("412726", "19600315", female=False)


def _moved(tmp_path: Path, name: str, old: str, new: str) -> ParameterSet:
    """A copy of the parameters with ``old`` replaced by ``new`` in ``name``'s file."""
    root = tmp_path / "parameters"
    shutil.copytree(PARAMETER_ROOT, root)
    path = root / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return ParameterSet(root)


def _refund_text(P: ParameterSet | None) -> str:
    rows = [row("2011-01", status="refunded"), row("2013-01", employer="上海乙公司")]
    result = audit_with(P, statement(rows), as_of=date(2014, 1, 1))
    (f,) = findings(result, "refunded_months")
    return f.message


def audit_with(P: ParameterSet | None, *extracts, as_of: date):
    from shebao.audit.engine import Options, audit_extracts

    (result,) = audit_extracts(list(extracts), Options(as_of=as_of), P)
    return result


def test_refund_after_the_ban_is_questioned_from_the_parameter_date(tmp_path) -> None:
    assert "2010年1月起国家规定未到领取年龄前不得退保" in _refund_text(None)
    later = _moved(tmp_path, "national/transfer/refund_ban", "2010-01-01", "2012-01-01")
    assert "不得退保" not in _refund_text(later)


def test_temporary_account_age_rule_applies_from_its_parameter_date(tmp_path) -> None:
    # man b. 1960-03, hukou Henan, first insured in Guangzhou 2011-01 (aged 50y10m)
    extract = statement([row(m, employer="广州甲厂") for m in months("2011-01", 12)],
                        place="广州市", id_no=HENAN_MAN_1960)
    now = audit_with(None, extract, as_of=date(2012, 6, 1))
    assert len(findings(now, "provisional_account_risk", "high")) == 1
    later = _moved(tmp_path, "national/transfer/temporary_account_age",
                   "2010-01-01", "2012-01-01")
    assert not findings(audit_with(later, extract, as_of=date(2012, 6, 1)),
                        "provisional_account_risk", "high")


def test_flexible_retirement_note_names_the_parameter_date(tmp_path) -> None:
    # a man born 1962-01 reached 60 in 2022-01: before the flexible rule
    facts = retirement_facts("1962-01", "male")
    assert "法定退休时间早于2025年1月，不适用弹性退休制度。" in facts.notes
    later = _moved(tmp_path, "national/retirement/flexible_window", "2025-01-01", "2026-01-01")
    facts = retirement_facts("1962-01", "male", later)
    assert "法定退休时间早于2026年1月，不适用弹性退休制度。" in facts.notes


@pytest.mark.parametrize("path", [*sorted((AUDIT / "rules").glob("*.py")),
                                  AUDIT / "retirement.py"], ids=lambda p: p.name)
def test_no_year_literal_in_rules(path: Path) -> None:
    """A date in a rule is a legal date that belongs in a parameter file with its source."""
    code = path.read_text(encoding="utf-8")
    hits = re.findall(r"(?:YearMonth|date)\(\s*(?:19|20)\d\d\s*,", code)
    assert not hits, f"{path.name}: {hits}"
