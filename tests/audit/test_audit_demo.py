"""The committed demo worker A (samples/demo/A_*: three statements of one history in different
layouts, a pay sheet, its print and the worker's own slips) read from the real files: the
statements merge without spurious conflicts, and the planted gap (pay slips still deducting)
and the trailing arrears month are found. Dongguan's floors 2019-01..2024-06 are unknown in the
parameters, so those months are *not* judged -- and ``missing`` says so; from 2024-07 the
floor of 粤人社发〔2024〕33号 for Zhuhai, Foshan, Dongguan and Zhongshan (4767, official; not the
4492 of the other cities) is known and the declared base (3404, the samples' illustrative floor)
is judged against it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from shebao.audit.engine import Options, audit_files

DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo"


@pytest.fixture(scope="module")
def worker_a():
    files = sorted(DEMO.glob("A_*.pdf")) + sorted(DEMO.glob("A_*.xlsx"))
    hidden = json.loads((DEMO / "truth" / "A_L1_monthly_statement.pdf.hidden.json")
                        .read_text(encoding="utf-8"))
    (result,), errors = audit_files(files, Options(as_of=date(2025, 10, 15), ocr=False))
    assert not errors
    return result, hidden


def _tagged(hidden: dict, tag: str) -> list[str]:
    return [m["month"] for m in hidden["months"] if m.get("tag") == tag]


def test_three_statements_of_one_history_merge_silently(worker_a) -> None:
    result, _ = worker_a
    assert not [f for f in result.findings if f.rule == "duplicate_months"]
    assert len(result.documents) == 6


def test_planted_gap_and_arrears_are_found(worker_a) -> None:
    result, hidden = worker_a
    gaps, arrears = _tagged(hidden, "gap_in_job"), _tagged(hidden, "arrears")
    high = [f for f in result.findings if f.rule == "missing_months" and f.severity == "high"]
    assert {m for f in high for m in f.months} == set(gaps) | set(arrears)
    (withheld,) = [f for f in result.findings if f.rule == "withheld_not_remitted"]
    assert withheld.months == gaps
    back = [f for f in result.findings if f.rule == "back_paid_months"]
    assert {m for f in back for m in f.months} == set(_tagged(hidden, "back_pay"))


def test_unknown_floors_are_said_not_guessed_known_ones_judged(worker_a) -> None:
    result, _ = worker_a
    judged = [f for f in result.findings if f.rule in ("minimum_base", "underreported_base")]
    (under,) = judged
    assert under.rule == "underreported_base"
    assert under.months == [f"2024-{m:02d}" for m in range(7, 13)] + [
        f"2025-{m:02d}" for m in range(1, 6)]
    first = under.lines[0]
    assert (first.month, first.declared_base, first.required_base) == ("2024-07", 3404.0, 7494.8)
    floor = next(p for p in under.parameters
                 if p["parameter"] == "regional/contribution/base_floor")
    assert (floor["value"], floor["status"]) == (4767, "official")
    assert under.figures_status != "official"
    assert any("2019-01" in m and "缴费基数下限" in m and "未知" in m for m in result.missing)
    assert any("2024-06" in m and "缴费基数下限" in m and "未知" in m for m in result.missing)


def test_worker_c_beijing_and_henan_floors_are_judged() -> None:
    """Worker C (Beijing 2010-2019, Zhengzhou from 2020): Beijing's published floors from
    2015-10 and Henan's 60% floors from the reference wage are looked up; the Henan months
    declared below them are found, each with the floor's own status; Beijing before 2015-10
    stays an explicit unknown."""
    files = sorted(DEMO.glob("C_*.pdf"))
    (result,), errors = audit_files(files, Options(as_of=date(2025, 10, 15), ocr=False))
    assert not errors
    floors = {m["month"]: (m["floor"], m["floor_status"]) for m in result.monthly}
    assert floors["2016-07"] == (2834.0, "estimated")  # Beijing 2016-07..2017-06
    assert floors["2023-01"] == (3579.0, "unconfirmed")  # 60% x 5965 (Henan 2023)
    assert floors["2024-01"] == (3756.0, "estimated")  # 60% x 6260, matches the snapshot
    (under,) = [f for f in result.findings if f.rule == "underreported_base"]
    assert under.months[0] == "2023-01" and under.months[-1] == "2024-12"
    first = under.lines[0]
    # Henan's change month is not verified (effective_from_verified: false): in 2023-01..06
    # the 2022 floor 60% x 5681 = 3409 may still apply, so the month is priced on it (owed
    # either way) and the line says 3579 applies if the change took effect in January
    assert (first.declared_base, first.required_base, first.shortfall) == (3166.0, 3409.0, 243.0)
    assert "3579元" in first.how and "按较低的3409元计算" in first.how
    july = next(ln for ln in under.lines if ln.month == "2023-07")
    assert (july.required_base, july.shortfall) == (3579.0, 413.0)
    assert any(m.startswith("2010-01至2015-09") and "北京" in m for m in result.missing)
    assert result.estimate is not None and result.estimate["area"] == "410000"


def test_a_finding_that_points_to_another_names_its_title() -> None:
    """Case D's minimum-base finding sends the reader to the under-reported one: the title it
    quotes is the one printed (it once quoted a title no output carried)."""
    import re

    from shebao.reports.legal import labels

    (result,), errors = audit_files(sorted((DEMO / "case-D").glob("*.pdf")),
                                    Options(as_of=date(2025, 10, 15), ocr=False))
    assert not errors
    titles = {labels().title(f) for f in result.findings}
    quoted = [q for f in result.findings for q in re.findall(r"见“([^”]+)”一项", f.message)]
    assert quoted and set(quoted) <= titles, (quoted, titles)
