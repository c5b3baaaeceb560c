"""One person's history merged from several documents (statements and pay slips).

Contract
--------
:func:`merge` takes ``shebao.extract/1`` objects (:class:`~shebao.records.Extract`) and
returns one :class:`History` per person (:func:`people` groups documents by ID number, else by
name). Rules:

* Each pension contribution row becomes a :class:`Record` that keeps the document it came from
  (file, sha256, page, row) and the area code where it was paid (the statement's
  ``insured_place``; a place without parameters is national and said so in ``notes``).
* Evidence names the file that holds the fact: for a document read from several files
  (``document.files``, ``shebao extract … --as-one-document``) the file holding the page, its
  sha256 and the page counted within that file (:meth:`~shebao.records.Document.locate`).
* Rows for the same month x employer from *different* documents are compared: identical (equal
  where both show a value; amounts within 1 fen; ``paid``/``back_paid`` and ``unpaid``/
  ``arrears`` count as the same fact told more or less precisely, ``unknown`` as silent,
  ``pending`` (未到账) and ``paid`` as the same contribution before and after crediting) merge
  silently into one record whose evidence names both documents; conflicting ones are both kept
  and listed in ``conflicts`` -- never overwritten. Employer names match when equal after
  removing spaces, when one contains the other, or when one document does not show it.
* ``coverage``: the months each statement covers (its first to its last pension row). A month
  outside every statement's coverage is not judged as unpaid: the document may simply not
  print it (a 24-month certificate, a statement printed before the month).
* Pay slips are kept when they belong to the person (employee name or ID equal to the
  statement's); the same slip in two documents (a pay sheet and its print) counts once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from shebao.audit.months import YearMonth
from shebao.audit.params import NATIONAL, ParameterSet
from shebao.audit.settings import AMOUNT_TOLERANCE

from shebao.records import Contribution, Document, Evidence, Extract, Payslip, Person

REFINES = {"paid": "back_paid", "unpaid": "arrears"}  # the less precise word -> the precise one
STATUS_ZH = {"paid": "已缴", "back_paid": "补缴", "arrears": "欠缴", "unpaid": "未缴",
             "refunded": "退保", "unknown": "状态不明", "not_insured": "未参保",
             "pending": "未到账"}
# a month shown pending (未到账) in one document and credited in another (printed later):
# the same contribution, now credited
CREDITED = ("paid", "back_paid")


@dataclass
class Source:
    document: Document
    page: int | None
    row: int | None

    def evidence(self, fact: str) -> Evidence:
        """The fact at its place in the original: for a document read from several files
        (``document.files``), the file holding the page, its sha256 and the page within it."""
        file, sha256, page = self.document.locate(self.page)
        return Evidence(file=file, sha256=sha256, page=page, row=self.row, fact=fact)


@dataclass
class Record:
    """One pension contribution month x employer, with every document that shows it."""

    row: Contribution
    area: str
    sources: list[Source]

    @property
    def month(self) -> YearMonth:
        return YearMonth.parse(self.row.month)

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def annual(self) -> bool:
        """Expanded from a per-year aggregate: which months of the year is not known."""
        from shebao.audit.history import ANNUAL_EMPLOYER

        return self.row.employer == ANNUAL_EMPLOYER

    @property
    def employer(self) -> str | None:
        """The employer as printed (None for per-year aggregates, which name none)."""
        return None if self.annual else self.row.employer

    def fact(self) -> str:
        c = self.row
        parts = [c.month, "养老保险", STATUS_ZH.get(c.status, c.status)]
        if c.employer:
            parts.append(c.employer)
        if c.base is not None:
            parts.append(f"缴费基数 {c.base:.2f}")
        if c.personal_amount is not None:
            parts.append(f"个人缴费 {c.personal_amount:.2f}")
        if c.employer_amount is not None:
            parts.append(f"单位缴费 {c.employer_amount:.2f}")
        if c.paid_on:
            parts.append(f"到账 {c.paid_on}")
        return " ".join(parts)

    def evidence(self) -> list[Evidence]:
        return [s.evidence(self.fact()) for s in self.sources]


@dataclass
class Slip:
    payslip: Payslip
    sources: list[Source]

    @property
    def month(self) -> YearMonth:
        return YearMonth.parse(self.payslip.month)

    def fact(self) -> str:
        p = self.payslip
        parts = [p.month, "工资条"]
        if p.employer:
            parts.append(p.employer)
        if p.gross_pay is not None:
            parts.append(f"应发 {p.gross_pay:.2f}")
        if p.deductions.pension is not None:
            parts.append(f"代扣养老保险 {p.deductions.pension:.2f}")
        return " ".join(parts)

    def evidence(self) -> list[Evidence]:
        return [s.evidence(self.fact()) for s in self.sources]


@dataclass
class Conflict:
    month: YearMonth
    records: list[Record]
    fields: list[str]  # which fields differ


@dataclass
class History:
    person: Person
    documents: list[Document]
    records: list[Record] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # the months each statement covers (its first to its last pension row)
    coverage: list[tuple[YearMonth, YearMonth]] = field(default_factory=list)

    def covers(self, month: YearMonth) -> bool:
        """Whether a statement covers ``month`` (so a month it does not show as paid was not
        paid, rather than not printed)."""
        return any(lo <= month <= hi for lo, hi in self.coverage)

    def by_month(self) -> dict[YearMonth, list[Record]]:
        out: dict[YearMonth, list[Record]] = defaultdict(list)
        for r in self.records:
            out[r.month].append(r)
        return dict(out)

    def primary(self) -> list[Record]:
        """The records without the second version of each conflict (amounts are computed on
        the first document's version; the conflict itself is a ``duplicate_months`` finding,
        so nothing is counted twice)."""
        second = {id(c.records[1]) for c in self.conflicts}
        return [r for r in self.records if id(r) not in second]

    def paid_months(self) -> set[YearMonth]:
        return {r.month for r in self.records if r.status in ("paid", "back_paid")}

    def engine_rows(self) -> list[tuple[Contribution, str]]:
        """``(Contribution, area)`` pairs for the policy engine (one per record)."""
        return [(r.row, r.area) for r in self.records]


def _norm(name: str | None) -> str:
    return "".join((name or "").split())


def same_employer(a: str | None, b: str | None) -> bool:
    x, y = _norm(a), _norm(b)
    return not x or not y or x == y or x in y or y in x


def _status_compatible(a: str, b: str) -> str | None:
    """The merged status of two rows telling the same fact, or None if they conflict."""
    if a == b:
        return a
    if "unknown" in (a, b):
        return b if a == "unknown" else a
    if "pending" in (a, b) and {a, b} - {"pending"} <= set(CREDITED):
        return b if a == "pending" else a
    for loose, precise in REFINES.items():
        if {a, b} == {loose, precise}:
            return precise
    return None


def _differences(a: Contribution, b: Contribution) -> list[str]:
    out = []
    for name in ("base", "employer_amount", "personal_amount"):
        x, y = getattr(a, name), getattr(b, name)
        if x is not None and y is not None and abs(x - y) > AMOUNT_TOLERANCE:
            out.append(name)
    if _status_compatible(a.status, b.status) is None:
        out.append("status")
    if a.paid_on and b.paid_on and a.paid_on != b.paid_on:
        out.append("paid_on")
    return out


def _fill(into: Contribution, other: Contribution) -> Contribution:
    """``into`` completed with values only ``other`` shows (never overwriting one it has)."""
    data = into.model_dump()
    for key, value in other.model_dump().items():
        if data.get(key) is None and value is not None:
            data[key] = value
    data["status"] = _status_compatible(into.status, other.status) or into.status
    if _norm(other.employer) and len(_norm(other.employer)) > len(_norm(into.employer)):
        data["employer"] = other.employer  # the fuller name of the same employer
    return Contribution.model_validate(data)


def people(extracts: list[Extract]) -> list[list[Extract]]:
    """Documents grouped by person: statements by ID number; one without an ID joins the
    group whose statements show the same name (else a group of its own name); pay-slip
    documents go with every group (their slips are filtered by name later)."""
    groups: dict[str, list[Extract]] = {}
    slips: list[Extract] = []
    names: dict[str, str] = {}  # name -> the key of the group that has an ID with that name
    statements = [ex for ex in extracts if ex.contributions or ex.annual
                  or ex.document.kind == "statement"]
    slips = [ex for ex in extracts if ex not in statements]
    for ex in statements:  # documents with an ID number first
        key = (ex.person.id_number or "").strip().upper()
        if key:
            groups.setdefault(key, []).append(ex)
            if ex.person.name:
                names.setdefault(_norm(ex.person.name), key)
    for ex in statements:  # then the others: by name, joining the ID group of that name
        if (ex.person.id_number or "").strip():
            continue
        name = _norm(ex.person.name)
        key = names.get(name) or name or next(iter(groups), "")
        groups.setdefault(key, []).append(ex)
    if not groups:
        return [slips] if slips else []
    return [docs + slips for docs in groups.values()]


def _person(extracts: list[Extract]) -> Person:
    merged: dict = {}
    for ex in extracts:
        if ex.document.kind != "statement":
            continue
        for key, value in ex.person.model_dump().items():
            if value and not merged.get(key):
                merged[key] = value
    return Person.model_validate(merged)


def _belongs(slip: Payslip, person: Person) -> bool:
    if person.id_number and slip.employee_id and slip.employee_id.strip() == person.id_number:
        return True
    if person.name and slip.employee_name:
        return _norm(slip.employee_name) == _norm(person.name)
    return not person.name  # no statement names the person: every slip is theirs


def merge(extracts: list[Extract], P: ParameterSet, default_area: str | None = None) -> History:
    """One person's history from their documents (see module docstring)."""
    person = _person(extracts)
    if not person.name:
        names = {p.employee_name for ex in extracts for p in ex.payslips if p.employee_name}
        if len(names) == 1:
            person.name = names.pop()
    history = History(person=person, documents=[ex.document for ex in extracts])
    by_key: dict[YearMonth, list[Record]] = defaultdict(list)
    for ex in extracts:
        area = _area(ex, P, default_area, history.notes)
        rows = _pension_rows(ex)
        if rows:
            yms = [YearMonth.parse(c.month) for c in rows]
            history.coverage.append((min(yms), max(yms)))
        for c in rows:
            src = Source(ex.document, c.page, c.row)
            rec = _match(by_key[YearMonth.parse(c.month)], c, ex.document.sha256)
            if rec is None:
                new = Record(c, area, [src])
                by_key[new.month].append(new)
                history.records.append(new)
                continue
            diff = _differences(rec.row, c)
            if diff:
                other = Record(c, area, [src])
                by_key[other.month].append(other)
                history.records.append(other)
                history.conflicts.append(Conflict(rec.month, [rec, other], diff))
            else:
                rec.row = _fill(rec.row, c)
                rec.sources.append(src)
        _add_slips(history, ex, person)
    history.records.sort(key=lambda r: (r.month, _norm(r.row.employer)))
    history.slips.sort(key=lambda s: (s.month, _norm(s.payslip.employer)))
    return history


def _pension_rows(ex: Extract) -> list[Contribution]:
    from shebao.audit.history import extract_rows

    return [c for c in extract_rows(ex) if c.insurance == "pension"]


def _match(existing: list[Record], c: Contribution, sha: str) -> Record | None:
    """The record of another document for the same month and employer, if any."""
    for rec in existing:
        if all(s.document.sha256 != sha for s in rec.sources) and same_employer(
            rec.row.employer, c.employer
        ):
            return rec
    return None


def _area(ex: Extract, P: ParameterSet, default_area: str | None, notes: list[str]) -> str:
    place = ex.person.insured_place
    code = P.areas.find_in(place) if place else None
    if code is not None:
        return code
    if (ex.document.kind == "statement" and ex.contributions) or ex.annual:
        if default_area:
            return default_area
        what = f"参保地“{place}”未收录参数" if place else "未显示参保地"
        notes.append(f"{ex.document.file}：{what}，按全国处理（当地缴费基数上下限未知）；"
                     "请提供参保城市")
    return default_area or NATIONAL


def _add_slips(history: History, ex: Extract, person: Person) -> None:
    skipped = 0
    for p in ex.payslips:
        if not _belongs(p, person):
            skipped += 1
            continue
        src = Source(ex.document, p.page, p.row)
        for slip in history.slips:
            q = slip.payslip
            if (q.month == p.month and same_employer(q.employer, p.employer)
                    and q.gross_pay == p.gross_pay
                    and q.deductions.pension == p.deductions.pension):
                slip.sources.append(src)
                break
        else:
            history.slips.append(Slip(p, [src]))
    if skipped and ex.payslips and skipped < len(ex.payslips):
        history.notes.append(f"{ex.document.file}：工资表中其他{skipped}条他人工资记录未使用")
    elif skipped and skipped == len(ex.payslips):
        history.notes.append(f"{ex.document.file}：工资记录中没有{person.name or '本人'}的记录")
