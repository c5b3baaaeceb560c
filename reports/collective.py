"""Collective documents from a factory batch: the joint complaint (联名投诉书).

Contract
--------
``joint_complaint(workers, as_of, uninsured=()) -> JointComplaint | None``: one complaint to
the collecting body in the names of every worker with months to claim, built from the same
computation as each worker's own drafts (:func:`~.context.claim_arrears` on the worker's case
facts -- audit and roster -- : the months inside that worker's employment, each counted once).
Its totals are the sums of the workers' rows (a part unknown for any worker makes the total
未能核算, with what it includes), so the collective figures equal the individual ones.

``uninsured``: workers the unit's insured list (参保人员名单) does not show, or not for every
month of their employment, whose months no document of theirs prices (:class:`Uninsured`, made
by the batch from its roster and list). They are the complaint's second part (附件一（二）):
their months, the evidence that shows them (the roster's row, the list and its date), and a
request to register and back-pay them at amounts the collector assesses -- never a made-up
amount, and outside the totals above. A worker in the first part whom the list also lacks has
that evidence beside their own (``JointRow.notes``). ``None`` when there is nobody to name.

``shared``: the originals several workers share (:class:`SharedOriginal`), listed whole as
the complaint's own evidence with their SHA-256 (each worker's own evidence holds only an
excerpt of their rows); the rows' ``documents`` are then the workers' own. ``bundles``: each
worker's evidence bundle was made (else only their evidence index), which the complaint says
in words.

A collective arbitration application (劳动争议调解仲裁法 第七条: ten or more workers with a
common claim, represented by elected 代表人) needs an arbitrable claim; back-payment of
contributions is not one (the collector's duty, 法研〔2011〕31号), and a batch holds no facts of
a separation, so none is drafted: ``ARBITRATION_ABSENT`` says why, in the summary and the
complaint's notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from shebao.records import AuditResult

from .case import Case
from .context import RECORD_KINDS, claim_arrears
from .facts import missing
from .months import cn_date, month_cn, months_text
from .regional import authority_city, wording

# Why a batch drafts no collective arbitration application (module docstring).
ARBITRATION_ABSENT = (
    "未起草集体仲裁申请书：补缴社会保险费不属于劳动争议仲裁的受理范围（应向征收机构投诉，已起草"
    "联名投诉书），批量材料中也没有可仲裁请求所需的事实（如以未缴社保为由解除劳动合同）。有这样的"
    "事实时，十人以上且请求相同的，可依照《中华人民共和国劳动争议调解仲裁法》第七条推举代表人"
    "参加仲裁。")


class Member(Protocol):
    """One worker of a collective document (a batch's :class:`shebao.batch.workforce.Worker`):
    their audit, their case facts (audit and roster), number in the roster and documents."""

    result: AuditResult
    no: int
    files: list[Path]

    @property
    def case(self) -> Case: ...


@dataclass
class Uninsured:
    """A worker the unit's insured list does not show for months of their employment."""

    no: int | None
    name: str
    id_number: str | None
    employment: str  # 2023年7月至今, or a 【待补充】 marker
    department: str | None
    months: list[str]  # YYYY-MM not insured by the list (up to its date); [] when unknown
    evidence: str  # the roster row and the list that show it


@dataclass
class SharedOriginal:
    """An original several workers share (a factory pay sheet, the unit's insured list): the
    complaint's own evidence, whole; each worker's bundle holds only their rows of it."""

    what: str  # 工资表, 单位参保人员名单
    file: str
    sha256: str


@dataclass
class _Listed:
    """A worker as an annex row names them."""

    no: int | str
    name: str
    id_number: str
    employment: str
    department: str
    months_text: str
    months: int


@dataclass
class JointRow(_Listed):
    employer_amount: float | None
    personal_amount: float | None
    total: float | None
    late_fee: float | None
    unknown: list[str]
    documents: list[str]
    notes: list[str]  # further evidence: the unit's insured list lacks them / some months


@dataclass
class UninsuredRow(_Listed):
    evidence: str


@dataclass
class JointComplaint:
    employer: str
    tax_bureau: str
    labour_inspection: str
    as_of: str  # 2025年10月15日: the drafts' date = the day late fees run to
    rows: list[JointRow]
    months: int
    employer_amount: float | None
    personal_amount: float | None
    total: float | None
    late_fee: float | None
    known: dict[str, float]  # the sums of what is known per part, to say what totals include
    arbitration_absent: str
    uninsured: list[UninsuredRow]  # part two: not insured per the unit's list, not priced
    uninsured_months: int
    records_checked: str = ""  # the kinds of records the rows rest on (context.records_checked)
    shared: list[SharedOriginal] = field(default_factory=list)
    bundles: bool = False  # each worker's evidence bundle was made beside their index


def _sum(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else round(sum(values), 2)  # type: ignore[arg-type]


def _known(values: list[float | None]) -> float:
    return round(sum(v for v in values if v is not None), 2)


def joint_complaint(workers: list[Member], as_of: dt.date,
                    uninsured: list[Uninsured] | tuple = (),
                    shared: list[SharedOriginal] | tuple = (),
                    bundles: bool = False) -> JointComplaint | None:
    rows: list[JointRow] = []
    common = {s.file for s in shared}
    flagged = {(u.id_number or u.name): u for u in uninsured}
    employers: list[str] = []
    places: list[str] = []
    kinds: set[str] = set()  # the kinds of documents the priced rows rest on
    for w in workers:
        case = w.case
        arrears = claim_arrears(case, w.result)
        if not arrears.lines:
            continue
        kinds |= {d.kind for d in w.result.documents}
        if case.employer.name:
            employers.append(case.employer.name)
        employers += [f.employer for f in w.result.findings if f.employer]
        if w.result.person.insured_place:
            places.append(w.result.person.insured_place)
        t = arrears.totals
        period = "、".join(f"{month_cn(p.start)}至{month_cn(p.end) if p.end else '今'}"
                           for p in case.employment if p.start)
        listed = (flagged.pop(w.result.person.id_number or "", None)
                  or flagged.pop(w.result.person.name or "", None))
        rows.append(JointRow(
            no=w.no, name=w.result.person.name or missing("姓名"),
            id_number=w.result.person.id_number or missing("公民身份号码"),
            employment=period or missing("入职及离职时间"),
            department="、".join(dict.fromkeys(p.department for p in case.employment
                                              if p.department)),
            months_text=arrears.months_text, months=t.months,
            employer_amount=t.employer_amount, personal_amount=t.personal_amount,
            total=t.total, late_fee=t.late_fee, unknown=arrears.unknown,
            documents=[p.name for p in w.files if p.name not in common],
            notes=[listed.evidence] if listed else []))
    part_two = [UninsuredRow(
        no=u.no if u.no is not None else "—", name=u.name,
        id_number=u.id_number or missing("公民身份号码"), employment=u.employment,
        department=u.department or "",
        months_text=months_text(u.months) if u.months else missing("未参保的月份"),
        months=len(u.months), evidence=u.evidence) for u in flagged.values()]
    if not rows and not part_two:
        return None
    employer = max(set(employers), key=employers.count) if employers else None
    place = max(set(places), key=places.count) if places else None
    region = wording(place)
    city = authority_city(place)
    parts = {k: [getattr(r, k) for r in rows]
             for k in ("employer_amount", "personal_amount", "total", "late_fee")}
    return JointComplaint(
        employer=employer or missing("用人单位名称"),
        tax_bureau=region.tax_bureau.format(city=city) if city else missing("税务局名称"),
        labour_inspection=(region.labour_inspection.format(city=city) if city
                           else missing("人力资源和社会保障局名称")),
        as_of=cn_date(as_of), rows=rows, months=sum(r.months for r in rows),
        employer_amount=_sum(parts["employer_amount"]),
        personal_amount=_sum(parts["personal_amount"]),
        total=_sum(parts["total"]), late_fee=_sum(parts["late_fee"]),
        known={k: _known(v) for k, v in parts.items()},
        arbitration_absent=ARBITRATION_ABSENT,
        uninsured=part_two, uninsured_months=sum(u.months for u in part_two),
        records_checked="及".join(text for kind, text in RECORD_KINDS if kind in kinds),
        shared=list(shared), bundles=bundles)

