"""``shebao params --coverage``: per area and year, the status of each local parameter,
month by month, on a small parameter set built here (so the figures do not move with data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shebao.audit.coverage import COVERED, coverage
from shebao.audit.params import ParameterSet, parameters

from shebao.cli import main

AREAS = """areas:
  "000000": {name: 全国, parent: null}
  "440000": {name: 广东省, parent: "000000", aliases: [广东]}
  "441900": {name: 东莞市, parent: "440000", aliases: [东莞]}
"""
FLOOR = """description: 个人缴费基数下限（元/月）
unit: currency-CNY-per-month
index: area
areas:
  "440000":
    last_value_still_valid_on: 2022-06-30
    reference:
      2020-01-01: [{title: 测试通知, document_number: 测〔2021〕1号}]
    values:
      2020-01-01: {value: null, status: unconfirmed, note: 未收录}
      2021-07-01: {value: 1000, status: official}
  "441900":
    reference:
      2019-01-01: [{title: 东莞测试, href: https://example.gov.cn/a/b.html}]
    values:
      2019-01-01: {value: 900, status: estimated}
      2020-01-01: {value: inherit}
"""


@pytest.fixture
def small(tmp_path: Path) -> ParameterSet:
    (tmp_path / "areas.yaml").write_text(AREAS, encoding="utf-8")
    folder = tmp_path / "regional" / "contribution"
    folder.mkdir(parents=True)
    (folder / "base_floor.yaml").write_text(FLOOR, encoding="utf-8")
    return ParameterSet(tmp_path)


def test_month_by_month_status_with_parent_fallback(small: ParameterSet) -> None:
    name = "regional/contribution/base_floor"
    cov = coverage(small, ["441900"], [2019, 2021, 2022, 2023], (name,))
    cells = cov.table["441900"][name]
    assert cells[2019] == {"status": "estimated", "months": ["estimated"] * 12,
                           "from_area": "441900"}  # fmt: skip
    assert cells[2021]["months"] == ["unknown"] * 6 + ["official"] * 6
    assert cells[2021]["status"] == "unknown" and cov.cell("441900", name, 2021) == "缺→官"
    assert cells[2021]["from_area"] == "440000"
    assert cov.cell("441900", name, 2022) == "官→暂"
    assert cells[2023]["status"] == "provisional" and cov.cell("441900", name, 2023) == "暂"
    assert cov.counts() == {"official": 0, "estimated": 1, "unconfirmed": 0, "provisional": 2,
                            "unknown": 1}  # fmt: skip


def test_every_covered_parameter_exists() -> None:
    P = parameters()
    for name, label, decides in COVERED:
        assert name in P.parameters and label and decides


def test_cli_coverage_json_for_one_area(capsys) -> None:
    code = main(["params", "--coverage", "--area", "beijing", "--years", "2024-2025", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert data["years"] == [2024, 2025]
    assert [a["code"] for a in data["areas"]] == ["110000"]
    cells = data["areas"][0]["coverage"]
    assert set(cells) == {n for n, _, _ in COVERED}
    assert all(set(per_year) == {"2024", "2025"} for per_year in cells.values())


def test_cli_coverage_table_and_bad_years(capsys) -> None:
    assert main(["params", "--coverage", "--area", "上海", "--years", "2024"]) == 0
    out = capsys.readouterr().out
    assert "上海市（310000）" in out and "缴费基数下限" in out and "官=官方" in out
    assert main(["params", "--coverage", "--years", "20x5"]) == 2
    assert "--years" in capsys.readouterr().err
