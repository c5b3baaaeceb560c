"""``shebao params --coverage``: per area and year, the status of each local parameter,
month by month, on a small parameter set built here (so the figures do not move with data)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from shebao.audit.coverage import COVERED, coverage, gaps, provinces
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


def test_gaps_lists_the_years_with_an_unknown_month(small: ParameterSet) -> None:
    name = "regional/contribution/base_floor"
    cov = coverage(small, ["440000", "441900"], [2019, 2020, 2021, 2022, 2023], (name,))
    # Guangdong: nothing before 2020, unconfirmed null in 2020 and 2021-01..06, then official,
    # provisional after 2022-06. Dongguan: its own 2019 value, then Guangdong's.
    assert gaps(cov) == {"440000": {name: [2019, 2020, 2021]}, "441900": {name: [2020, 2021]}}
    below_bar = gaps(cov, ("unconfirmed", "provisional", "unknown"))
    assert below_bar["440000"][name] == [2019, 2020, 2021, 2022, 2023]
    assert below_bar["441900"][name] == [2020, 2021, 2022, 2023]


def test_no_new_unknown_year_2020_2025_in_any_province() -> None:
    """Ratchet on the real parameter files: a year 2020-2025 that lacks a floor, a 计发基数 or an
    employer rate in a province must be one of the gaps recorded in coverage_gaps.yaml (with
    what was searched in the parameter files' ``research``). Filling a gap passes; losing a
    value fails."""
    P = parameters()
    recorded = yaml.safe_load(Path(__file__).with_name("coverage_gaps.yaml").read_text("utf-8"))
    names = ("regional/contribution/base_floor", "regional/pension/calculation_base",
             "regional/contribution/employer_rate")  # fmt: skip
    codes = provinces(P)
    assert len(codes) == 31
    found = gaps(coverage(P, codes, list(range(2020, 2026)), names))
    new = {
        (code, name.split("/")[-1], year)
        for code, per in found.items()
        for name, years in per.items()
        for year in years
        if year not in (recorded.get(code) or {}).get(name.split("/")[-1], [])
    }
    assert not new, sorted(new)


def test_coverage_gaps_script_prints_every_province() -> None:
    script = Path(__file__).parents[2] / "scripts" / "coverage_gaps.py"
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         check=True)  # fmt: skip
    lines = run.stdout.splitlines()
    assert len([ln for ln in lines if "下限:" in ln]) == 31
    guangdong = next(ln for ln in lines if ln.startswith("广东省"))
    assert "下限: 2020,2021,2022,2023,2024" in guangdong and "深圳市" in guangdong
    assert next(ln for ln in lines if ln.startswith("北京市")).count(": -") == 3
