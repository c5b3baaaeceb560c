"""Documents filed with an authority state a floor-window finding in their own voice: the
fact names the lower floor it was priced on and adds the audit's neutral ``floor_window``
sentence (the higher floor if the change took effect earlier). The finding comes from a real
audit of a Zhengzhou 2025 record (Henan's change month is not verified)."""

from __future__ import annotations

from datetime import date

from shebao.reports.context import _finding_view
from shebao.reports.templating import environment

from tests.audit.rules.build import audit, findings, row, statement


def _fact(f) -> str:
    macros = environment().get_template("_macros.html.j2").module
    return str(macros.fact(_finding_view(f, {}), "投诉人", "郑州甲公司", "2026-03-01"))


def test_filed_fact_names_both_candidate_floors() -> None:
    rows = [row(f"2025-{m:02d}", base=3500.0, employer="郑州甲公司") for m in range(1, 4)]
    result = audit(statement(rows, place="郑州市"), as_of=date(2026, 3, 1))
    (f,) = findings(result, "underreported_base")
    text = _fact(f)
    assert "低于当月缴费基数下限3,756.00元" in text
    assert "生效月份未核实" in text and "应按3831元计算" in text
    assert "您" not in text
    # a verified floor (Shanghai 2024-08) is stated as before, without the sentence
    result = audit(statement([row("2024-08", base=7000.0)]), as_of=date(2025, 3, 1))
    (f,) = findings(result, "underreported_base")
    assert "生效月份" not in _fact(f)
