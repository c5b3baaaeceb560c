"""A part the audit cannot price stays unknown in the batch (never 0): the Guangzhou pay-sheet
scenario, whose employer rate before 2025-07 is not in the parameters."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from shebao.samples.planted import build

from shebao.cli import main


def test_unknown_employer_part_is_not_zero(tmp_path):
    scenario = build("guangzhou_sheet", tmp_path / "docs")
    out = tmp_path / "out"
    rc = main(["batch", str(tmp_path / "docs"), "-o", str(out), "--as-of",
               scenario.audit["as_of"].isoformat(), "--jobs", "1"])
    assert rc == 0
    s = json.loads((out / "factory_summary.json").read_text(encoding="utf-8"))
    (row,) = s["workers"]
    assert row["arrears"]["employer"] is None and row["arrears"]["employer_known"] > 0
    assert s["totals"]["employer"] == {"known": row["arrears"]["employer_known"],
                                       "complete": False}
    assert any("单位缴费比例未知" in c for c in s["caveats"])
    ws = load_workbook(out / "factory_summary.xlsx")["工人明细"]
    cells = list(ws.iter_rows(min_row=3, values_only=True))
    assert str(cells[0][10]).startswith("未能核算") and str(cells[-1][10]).startswith("未能核算")
    html = (out / "factory_summary.html").read_text(encoding="utf-8")
    known = f"{row['arrears']['employer_known']:,.2f}"
    assert f"未能核算（其中已核算的工人合计 {known}，其余工人缺少缴费比例或基数）" in html
    assert "0.00元" not in html
