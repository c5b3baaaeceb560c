"""The unit's insured list (参保人员名单 / 单位参保证明) against the roster, for ``shebao batch``.

Contract: :func:`check_insured_list` ``(lists, roster, workers, as_of)`` takes the documents
read as ``insured_list`` (:class:`~shebao.records.Insured` rows), the roster entries (or None)
and the audited workers, and returns the ``insured_list`` part of ``shebao.batch/1`` (None
without any list)::

    {"files": ["insured_list.pdf"], "people": 9, "as_of": "2025-10",
     "absent": [{"no": 9, "name": "…", "staff_id": "…", "id_masked": "…"}],
     "months_missing": [{"no": 2, "name": "…", "staff_id": "…", "id_masked": "…",
                         "insurance": "pension", "months": ["2024-06", …]}],
     "not_on_roster": [{"name": "…", "id_masked": "…"}]}

* A roster worker is matched on the list by ID number (the list's ID or 社会保障号码), else by
  name when exactly one person on the list has it. One with no row is ``absent``.
* ``months_missing``: for a matched worker with a hiring month on the roster, the months of
  employment (入职 to 离职, else to the list's date) that the list's rows for pension - or the
  rows naming no insurance, when the list names none - do not cover (a person insured in
  stretches has a row per stretch; an open row runs to the list's date). Months after the
  list's date are not judged. Without a roster, the audited workers are checked for absence
  only (their employment is not known from the list).
* ``not_on_roster``: people on the list whom the roster does not name (with a roster).

:func:`uninsured` turns ``absent`` and ``months_missing`` back into the people they name (full
ID number from the roster or the audit, employment, 部门) with the evidence that shows it, for
the joint complaint's second part (:mod:`shebao.reports.collective`).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from shebao.reports.collective import Uninsured
from shebao.reports.context import mask_id
from shebao.reports.facts import missing
from shebao.reports.months import month_cn, months_text

from shebao.records import Extract, Insured

from .roster import RosterEntry


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _rows_of(rows: list[Insured], id_number: str | None, name: str | None) -> list[Insured]:
    key = _norm(id_number)
    if key:
        mine = [r for r in rows if key in (_norm(r.id_number), _norm(r.social_security_number))]
        if mine:
            return mine
    names = {(_norm(r.id_number) or _norm(r.social_security_number)) for r in rows
             if name and _norm(r.name) == _norm(name)}
    if len(names) == 1:
        return [r for r in rows if _norm(r.name) == _norm(name)]
    return []


def _entry(no: int | None, name: str | None, staff_id: str | None, id_number: str | None
           ) -> dict:
    return {"no": no, "name": name, "staff_id": staff_id, "id_masked": mask_id(id_number)}


def check_insured_list(lists: list[Extract], roster: list[RosterEntry] | None,
                       workers: list, as_of: date) -> dict | None:
    if not lists:
        return None
    rows = [r for ex in lists for r in ex.insured]
    dates = [r.as_of for r in rows if r.as_of]
    until = max(dates) if dates else f"{as_of.year:04d}-{as_of.month:02d}"
    # the list's pension rows, or its rows naming no insurance when it names none
    named = {r.insurance for r in rows}
    scope = "pension" if "pension" in named else None
    people = {(_norm(r.id_number) or _norm(r.social_security_number) or _norm(r.name))
              for r in rows}
    absent, missing, matched = [], [], set()
    if roster is not None:
        who = [(e.no, e.name, e.staff_id, e.id_number, e.start, e.end) for e in roster]
    else:
        who = [(w.no, w.result.person.name, None, w.result.person.id_number, None, None)
               for w in workers]
    for no, name, staff_id, id_number, start, end in who:
        mine = _rows_of(rows, id_number, name)
        if not mine:
            absent.append(_entry(no, name, staff_id, id_number))
            continue
        matched.update(id(r) for r in mine)
        if not start:
            continue
        last = min(end or until, until)
        if start > last:
            continue
        covered = {m for r in mine if r.insurance == scope for m in r.covered(until)}
        gap = [m for m in _months(start, last) if m not in covered]
        if gap:
            missing.append({**_entry(no, name, staff_id, id_number),
                            "insurance": scope or "any", "months": gap})
    others = []
    if roster is not None:
        seen = set()
        for r in rows:
            key = _norm(r.id_number) or _norm(r.social_security_number) or _norm(r.name)
            if id(r) not in matched and key not in seen:
                seen.add(key)
                others.append({"name": r.name, "id_masked": mask_id(r.id_number
                                                                    or r.social_security_number)})
    return {
        "files": [ex.document.file for ex in lists], "people": len(people), "as_of": until,
        "absent": absent, "months_missing": missing, "not_on_roster": others,
    }


def uninsured(insured: dict | None, roster: list[RosterEntry] | None, workers: list,
              roster_file: str | None) -> list[Uninsured]:
    """The workers the list lacks or leaves months uncovered (the ``insured_list`` part of
    the summary), with their full particulars and the evidence that shows it, for the joint
    complaint (:class:`shebao.reports.collective.Uninsured`)."""
    if not insured:
        return []
    files = "、".join(Path(f).name for f in insured["files"])
    listed = f"单位参保人员名单（{files}，截至{month_cn(insured['as_of'])}）"
    by_key = {(e.no, e.name): e for e in roster or []}
    audited = {(w.no, w.result.person.name): w for w in workers}
    out: list[Uninsured] = []
    gaps = [(e, e["months"]) for e in insured["months_missing"]]
    for item, gap in [*((e, None) for e in insured["absent"]), *gaps]:
        entry = by_key.get((item["no"], item["name"]))
        worker = audited.get((item["no"], item["name"]))
        id_number = (entry.id_number if entry else None) or (
            worker.result.person.id_number if worker else None)
        if entry is not None and entry.start:
            last = min(entry.end or insured["as_of"], insured["as_of"])
            months = gap if gap is not None else _months(entry.start, last)
            employment = (f"{month_cn(entry.start)}至"
                          f"{month_cn(entry.end) if entry.end else '今'}")
            where = f"花名册（{roster_file or '花名册'}）第{entry.row}行记载其{employment}在职；"
        else:
            months = gap or []
            employment = missing("入职及离职时间")
            where = ""
        shows = ("中没有此人" if gap is None
                 else f"未覆盖其在职的{months_text(gap)}")
        out.append(Uninsured(
            no=item["no"], name=item["name"], id_number=id_number, employment=employment,
            department=entry.department if entry else None, months=months,
            evidence=f"{where}{listed}{shows}"))
    return out
