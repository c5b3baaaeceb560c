"""End to end: scenarios with planted problems -> real PDFs -> ``shebao audit`` -> the planted
findings are found (months, amounts from the documents' ground truth, basis), and nothing of
high severity that was not planted."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from statistics import mean

import pytest
from shebao.audit.engine import Options, audit_files
from shebao.samples.planted import SCENARIOS, build

from shebao.records import AuditResult


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory) -> dict:
    out = {}
    for name in SCENARIOS:
        scenario = build(name, tmp_path_factory.mktemp(name))
        results, errors = audit_files(scenario.paths, Options(ocr=False, **scenario.audit))
        assert not errors
        assert len(results) == 1
        out[name] = (scenario, results[0])
    return out


def _cent(x: float) -> float:
    return float(Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _by_rule(result: AuditResult, rule: str, severity: str | None = None) -> list:
    return [f for f in result.findings if f.rule == rule
            and (severity is None or f.severity == severity)]


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_planted_problem_is_found(scenarios, name) -> None:
    scenario, result = scenarios[name]
    for planted in scenario.planted:
        found = _by_rule(result, planted.rule)
        assert found, f"{name}: {planted.rule} not found"
        months = {m for f in found for m in f.months}
        assert set(planted.months) <= months, (planted.rule, sorted(set(planted.months) - months))
        if planted.employer and planted.rule != "inspection_window":
            assert any(f.employer == planted.employer for f in found
                       if set(planted.months) & set(f.months)), planted.rule
        assert all(f.basis for f in found), planted.rule


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_nothing_spurious_of_high_severity(scenarios, name) -> None:
    scenario, result = scenarios[name]
    planted = {p.rule: set(p.months) for p in scenario.planted}
    for f in result.findings:
        if f.severity != "high":
            continue
        assert f.rule in planted, (name, f.rule, f.months)
        if planted[f.rule]:
            assert set(f.months) <= planted[f.rule], (f.rule, f.months)


def test_withheld_amount_is_what_the_pay_slips_deducted(scenarios) -> None:
    scenario, result = scenarios["factory_minimum_base"]
    (planted,) = [p for p in scenario.planted if p.rule == "withheld_not_remitted"]
    slips = [s for d in scenario.documents for s in d.truth.payslips]
    expected = sum(s.deductions.pension for s in slips if s.month in planted.months)
    (f,) = _by_rule(result, "withheld_not_remitted")
    assert f.personal_amount == pytest.approx(expected, abs=0.005)
    assert {e.file for e in f.evidence} >= {"factory_payslips.pdf"}
    assert any(e.page and e.row for e in f.evidence)


def test_underreported_base_follows_the_wages_on_the_slips(scenarios) -> None:
    """Shanghai contribution years run July-June; the base is the previous calendar year's
    average wage; for 2023-07..2024-06 the worker has no 2022 slips, so the year's own slips
    (an estimate) are used."""
    scenario, result = scenarios["factory_minimum_base"]
    slips = [s for d in scenario.documents for s in d.truth.payslips]
    rows = {c.month: c for d in scenario.documents for c in d.truth.contributions
            if c.insurance == "pension"}
    wage_2023 = mean(s.gross_pay for s in slips if s.month.startswith("2023"))
    year_2023_07 = mean(s.gross_pay for s in slips if "2023-07" <= s.month <= "2024-06")
    (f,) = _by_rule(result, "underreported_base")
    assert f.severity == "high"
    for line in f.model_dump()["lines"]:
        month = line["month"]
        required = year_2023_07 if month <= "2024-06" else wage_2023
        assert line["declared_base"] == rows[month].base
        assert line["required_base"] == pytest.approx(_cent(required), abs=0.01)
        shortfall = line["required_base"] - rows[month].base
        assert line["employer_amount"] == pytest.approx(_cent(shortfall * 0.16), abs=0.01)
        assert line["personal_amount"] == pytest.approx(_cent(shortfall * 0.08), abs=0.01)
        assert line["late_fee"] > 0
    assert any("上海市人社局" in b.citation for b in f.basis)


def test_late_registration_is_a_temporary_account(scenarios) -> None:
    _, result = scenarios["late_registration"]
    (f,) = _by_rule(result, "provisional_account_risk", "high")
    assert f.model_extra["late_registration"] is True
    assert f.model_extra["province"] == "320000"
    (place,) = _by_rule(result, "provisional_account_risk", "info")
    assert place.model_extra["claim_place"] == "510000"  # hukou 四川


def test_refund_and_short(scenarios) -> None:
    _, result = scenarios["refund_and_short"]
    (f,) = _by_rule(result, "short_of_minimum_years")
    assert f.model_extra["paid_months"] == 150
    assert f.model_extra["months_short_at_statutory"] > 0


def test_cli_json_html_and_a_bad_file(scenarios, tmp_path: Path) -> None:
    scenario, _ = scenarios["factory_minimum_base"]
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    html = tmp_path / "report.html"
    proc = subprocess.run(
        [sys.executable, "-m", "shebao.cli", "audit", *map(str, scenario.paths), str(bad),
         "--as-of", "2025-10-15", "--json", "--html", str(html), "--no-ocr"],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "broken.pdf" in proc.stderr and "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema"] == "shebao.audit/1"
    AuditResult.model_validate(data)
    assert {f["rule"] for f in data["findings"]} >= {"withheld_not_remitted", "underreported_base"}
    text = html.read_text(encoding="utf-8")
    assert "<html" in text.lower() and "svg" in text


def test_unknown_employer_rate_prices_only_the_personal_share(scenarios) -> None:
    """Guangdong's employer rate 2024-07..2025-06 is unknown (null in the parameters): those
    lines have no employer share and ``missing`` says why; from 2025-07 (16%, estimated) it
    is priced."""
    _, result = scenarios["guangzhou_sheet"]
    (f,) = _by_rule(result, "underreported_base")
    for line in f.model_dump()["lines"]:
        assert line["personal_amount"] is not None
        assert (line["employer_amount"] is None) == (line["month"] < "2025-07")
    assert f.figures_status in ("estimated", "unconfirmed")
    assert any("单位缴费比例未知" in m and "2024-07至2025-06" in m for m in result.missing)
    (mins,) = _by_rule(result, "minimum_base")
    assert mins.model_extra["floors"]["2025-08"] == 5510.0  # 粤人社发〔2025〕32号


@pytest.mark.parametrize("name", ["factory_minimum_base", "guangzhou_sheet"])
def test_floors_are_the_published_ones(scenarios, name) -> None:
    """The scenarios take the floor from the audit's own lookup; here each month planted at
    the floor, and each floor the audit's ``minimum_base`` finding used, is compared with the
    figure copied by hand from the published notice (``tests/published.py``)."""
    from published import floor, published

    scenario, result = scenarios[name]
    city = scenario.history.city.name
    at_floor = [f for f in scenario.history.months if f.tag == "min_base"]
    checked = 0
    for fact in at_floor:
        if not published(city, fact.month):  # never published (estimated in the files)
            continue
        assert fact.base == floor(city, fact.month), (fact.month, fact.base)
        checked += 1
    (mins,) = _by_rule(result, "minimum_base")
    used = mins.model_extra["floors"]
    for month, value in used.items():
        if published(city, month):
            assert value == floor(city, month), (month, value)
    assert checked >= 12, f"only {checked} months of {name} have a published floor to compare"
