"""The person report with the policy engine's real estimate (``shebao estimate --json``)."""

from __future__ import annotations

import json

from shebao.reports.case import load_case
from shebao.reports.context import build_context
from shebao.reports.templating import render

from shebao.cli import COMMANDS, main


def test_report_prints_the_engine_estimate_and_its_notes(dongguan, capsys):
    assert "estimate" in COMMANDS
    code = main(["estimate", "--province", "广东", "--city", "东莞", "--retire", "2029-12",
                 "--age-months", "620", "--avg-index", "0.7", "--years", "15", "--account",
                 "60000", "--json"])
    assert code == 0, "shebao estimate failed: the report test must not pass without it"
    data = json.loads(capsys.readouterr().out)
    audit = dongguan.audit.model_copy(update={"estimate": data})
    ctx = build_context(load_case(dongguan.case_dir), audit, [], mask_ids=True)
    html = render("report", ctx)
    assert f"每月养老金约{data['total']:,.2f}元" in html
    assert f"基础养老金{data['basic']:,.2f}元" in html
    for note in data.get("notes", []):
        assert note in html
    assert "430***********" in html
