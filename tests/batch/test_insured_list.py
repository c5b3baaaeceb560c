"""``batch/insured.py``: the unit's insured list against the roster (or the audited
workers), on hand-made records with pinned months."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from shebao.batch.insured import check_insured_list
from shebao.batch.roster import RosterEntry

from shebao.records import Document, Extract, Insured

ID_A = "11010519491231002X"


def _list(*rows: Insured) -> Extract:
    ex = Extract(document=Document(file="名单.pdf", sha256="0" * 64, kind="insured_list"))
    ex.insured = list(rows)
    return ex


def test_absent_gaps_and_people_the_roster_does_not_name():
    lists = [_list(
        Insured(name="张三", id_number=ID_A, insurance="pension", start="2024-01",
                end="2024-05", as_of="2025-03"),
        Insured(name="张三", id_number=ID_A, insurance="pension", start="2024-09",
                as_of="2025-03"),
        Insured(name="张三", id_number=ID_A, insurance="medical", start="2024-01",
                as_of="2025-03"),
        Insured(name="李四", social_security_number="9001", insurance="pension",
                start="2024-03", months=6, as_of="2025-03"),
        Insured(name="赵六", insurance="pension", start="2024-01", as_of="2025-03"),
    )]
    roster = [RosterEntry(1, "张三", 1, "A1", ID_A, "2024-01", None),
              RosterEntry(2, "李四", 2, "A2", None, "2024-03", "2024-10"),
              RosterEntry(3, "王五", 3, "A3", None, "2024-02", None)]
    out = check_insured_list(lists, roster, [], date(2025, 10, 15))
    assert out["as_of"] == "2025-03" and out["people"] == 3
    assert [e["name"] for e in out["absent"]] == ["王五"]
    gaps = {e["name"]: e["months"] for e in out["months_missing"]}
    # 张三: the pension rows leave 2024-06..08 open (medical does not fill them); the list
    # speaks for months up to its date only. 李四: 6 months from 2024-03, left 2024-10.
    assert gaps == {"张三": ["2024-06", "2024-07", "2024-08"],
                    "李四": ["2024-09", "2024-10"]}
    assert [e["name"] for e in out["not_on_roster"]] == ["赵六"]


def test_without_a_roster_audited_workers_are_checked_for_absence_only():
    lists = [_list(Insured(name="张三", id_number=ID_A, start="2024-01"))]
    workers = [SimpleNamespace(no=1, result=SimpleNamespace(person=SimpleNamespace(
        name="张 三", id_number=None))), SimpleNamespace(no=2, result=SimpleNamespace(
            person=SimpleNamespace(name="李四", id_number="440300199001011234")))]
    out = check_insured_list(lists, None, workers, date(2025, 10, 15))
    assert out["as_of"] == "2025-10"  # no print date: the audit date
    assert [e["name"] for e in out["absent"]] == ["李四"]
    assert out["months_missing"] == [] and out["not_on_roster"] == []
    assert check_insured_list([], None, workers, date(2025, 10, 15)) is None
