"""Collective documents from a factory batch: the joint complaint (联名投诉书).

Contract
--------
``joint_complaint(workers, as_of) -> JointComplaint | None``: one complaint to the collecting
body in the names of every worker with months to claim, built from the same computation as each
worker's own drafts (:func:`~.context.claim_arrears` on the worker's audit and roster facts: the
months inside that worker's employment, each counted once). ``None`` when no worker has a month
to claim. Its totals are the sums of the workers' rows (a part unknown for any worker makes the
total 未能核算, with what it includes), so the collective figures equal the individual ones.

A collective arbitration application (劳动争议调解仲裁法 第七条: ten or more workers with a
common claim, represented by elected 代表人) needs an arbitrable claim; back-payment of
contributions is not one (the collector's duty, 法研〔2011〕31号), and a batch holds no facts of
a separation, so none is drafted: ``ARBITRATION_ABSENT`` says why, in the summary and the
complaint's notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from shebao.records import AuditResult

from .context import claim_arrears
from .facts import missing
from .months import cn_date, month_cn
from .regional import wording

# Why a batch drafts no collective arbitration application (module docstring).
ARBITRATION_ABSENT = (
    "未起草集体仲裁申请书：补缴社会保险费不属于劳动争议仲裁的受理范围（应向征收机构投诉，已起草"
    "联名投诉书），批量材料中也没有可仲裁请求所需的事实（如以未缴社保为由解除劳动合同）。有这样的"
    "事实时，十人以上且请求相同的，可依照《中华人民共和国劳动争议调解仲裁法》第七条推举代表人"
    "参加仲裁。")


class Member(Protocol):
    """One worker of a collective document (a batch's :class:`shebao.batch.workforce.Worker`):
    their audit, their number in the roster and their documents."""

    result: AuditResult
    no: int
    files: list[Path]



@dataclass
class JointRow:
    no: int
    name: str
    id_number: str
    employment: str
    months_text: str
    months: int
    employer_amount: float | None
    personal_amount: float | None
    total: float | None
    late_fee: float | None
    unknown: list[str]
    documents: list[str]


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


def _sum(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else round(sum(values), 2)  # type: ignore[arg-type]


def _known(values: list[float | None]) -> float:
    return round(sum(v for v in values if v is not None), 2)


def joint_complaint(workers: list[Member], as_of: dt.date) -> JointComplaint | None:
    from shebao.audit.summary import case_of

    rows: list[JointRow] = []
    employers: list[str] = []
    places: list[str] = []
    for w in workers:
        case = case_of(w.result)
        arrears = claim_arrears(case, w.result)
        if not arrears.lines:
            continue
        if case.employer.name:
            employers.append(case.employer.name)
        employers += [f.employer for f in w.result.findings if f.employer]
        if w.result.person.insured_place:
            places.append(w.result.person.insured_place)
        t = arrears.totals
        period = "、".join(f"{month_cn(p.start)}至{month_cn(p.end) if p.end else '今'}"
                           for p in case.employment if p.start)
        rows.append(JointRow(
            no=w.no, name=w.result.person.name or missing("姓名"),
            id_number=w.result.person.id_number or missing("公民身份号码"),
            employment=period or missing("入职及离职时间"),
            months_text=arrears.months_text, months=t.months,
            employer_amount=t.employer_amount, personal_amount=t.personal_amount,
            total=t.total, late_fee=t.late_fee, unknown=arrears.unknown,
            documents=[p.name for p in w.files]))
    if not rows:
        return None
    employer = max(set(employers), key=employers.count) if employers else None
    place = max(set(places), key=places.count) if places else None
    region = wording(place)
    city = place if place and place.endswith(("市", "州", "盟")) else None
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
        arbitration_absent=ARBITRATION_ABSENT)

