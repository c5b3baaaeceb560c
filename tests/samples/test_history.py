"""The history model plants the problems it is asked to, and only those."""

from __future__ import annotations

import random

import pytest
from shebao.samples.history import Plant, base_floor, build_history, config, make_worker


def _tags(history) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in history.months:
        out.setdefault(f.tag, []).append(f)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_planted_problems_are_where_they_should_be(seed):
    plant = Plant(employers=3, gap_in_job=2, min_base=True, back_pay=4, arrears=2, refunded=2)
    h = build_history(random.Random(seed), months=72, plant=plant)
    tags = _tags(h)
    assert len(h.months) == 72
    gaps = tags.get("gap_in_job", [])
    assert len(gaps) == 2
    assert all(f.employed and f.status == "unpaid" and f.base is None and f.wage for f in gaps)
    assert [f.status for f in h.months if f.employed][-2:] == ["arrears", "arrears"]
    assert len(tags["back_pay"]) == 4
    assert all(f.paid_on[:7] > f.month for f in tags["back_pay"])
    assert len(tags["refunded"]) == 2
    floor_emp = [e for e in h.employers if e.declares_minimum]
    assert len(floor_emp) == 1
    for f in h.months:
        if f.employer == floor_emp[0] and f.base:
            assert f.base == base_floor(f.year) and f.wage > 1.6 * f.base
        if f.status == "paid":
            assert f.paid_on[:7] >= f.month


def test_nothing_planted_gives_a_clean_history():
    plant = Plant(employers=1, gaps_between_jobs=False, gap_in_job=0, min_base=False,
                  back_pay=0, arrears=0, refunded=0)
    h = build_history(random.Random(1), months=30, plant=plant)
    assert {f.status for f in h.months} == {"paid"}
    assert {f.tag for f in h.months} == {""}


def test_late_registration_back_pays_the_first_months():
    rng = random.Random(5)
    worker = make_worker(rng, female=True, birth_year=1976)
    h = build_history(rng, months=60, end="2025-06", worker=worker,
                      plant=Plant(employers=1, gaps_between_jobs=False, gap_in_job=0,
                                  back_pay=12, back_pay_at_start=True, arrears=0))
    first = [f for f in h.months if f.declared][:12]
    assert all(f.status == "back_paid" for f in first)
    assert int(h.first[:4]) - worker.birth.year >= 40


def test_amounts_follow_the_illustrative_rates():
    rates = config()["rates"]
    assert config()["status"] == "illustrative"
    h = build_history(random.Random(2), months=24)
    for f in h.months:
        if f.declared:
            for ins, (emp, pers) in f.amounts.items():
                assert abs(emp - f.base * rates[ins]["employer"]) <= 0.005
                assert abs(pers - f.base * rates[ins]["personal"]) <= 0.005
