"""Several people in one run: a factory pay sheet split between its workers' statements."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from shebao.audit.engine import Options, audit_extracts

from shebao.cli import main

from .build import id_number, payslips, row, slip, statement


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_pay_sheet_for_two_workers_goes_to_each_of_them(tmp_path: Path, capsys) -> None:
    a = statement([row("2024-08"), row("2024-10")], name="张三",
                  id_no=id_number("430521", "19840312", False), file="a.pdf")
    b = statement([row("2024-08"), row("2024-09"), row("2024-10")], name="李四",
                  id_no=id_number("511321", "19850101", False), file="b.pdf")
    sheet = payslips([slip("2024-09", 9000.0, 640.0, name="张三"),
                      slip("2024-09", 9000.0, 640.0, name="李四", r=2)], file="sheet.xlsx")
    results = audit_extracts([a, b, sheet], Options(as_of=date(2024, 12, 1)))
    by_name = {r.person.name: r for r in results}
    assert set(by_name) == {"张三", "李四"}
    assert [f.months for f in by_name["张三"].findings
            if f.rule == "withheld_not_remitted"] == [["2024-09"]]
    assert not [f for f in by_name["李四"].findings if f.rule == "withheld_not_remitted"]
    paths = []
    for name, ex in (("a", a), ("b", b), ("sheet", sheet)):
        p = tmp_path / f"{name}.json"
        p.write_text(json.dumps(ex.to_json_dict(), ensure_ascii=False), "utf-8")
        paths.append(p)
    code, out, err = run(capsys, "audit", *paths, "--as-of", "2024-12-01", "--json",
                         "--html", tmp_path / "r.html")
    assert code == 0, err
    assert [r["person"]["name"] for r in json.loads(out)] == ["张三", "李四"]
    assert (tmp_path / "r-1.html").exists() and (tmp_path / "r-2.html").exists()
