"""The template context: everything a draft may print, built from (case, audit result, originals).

Contract
--------
``build_context(case, audit, originals, *, mask_ids=False, today=None) -> Context``.
Templates see the fields of :class:`Context` as top-level variables (``worker.name``,
``arrears.lines``, …) and nothing else; the template lint test checks that every variable a
template uses is a field here. Rules for values:

* A fact the case does not state and the audit does not show is the string
  ``【待补充：<label>】`` (:mod:`.facts`), never a guess and never an error. ``shebao case
  check`` finds these markers in the rendered drafts; the HTML/DOCX renderers highlight them.
* A fact is taken from ``case.yaml`` first, then from the audit result (e.g. the worker's name
  on the statement, the employer named in the findings); derived names of authorities follow
  the official naming pattern from the insured city (国家税务总局<市>税务局).
* Money is ``float`` yuan; templates format it with the ``yuan`` filter.
* The arrears schedule is :mod:`.arrears` (per-month ``lines`` a finding may carry; a month
  in several findings counted once).
* ``evidence`` numbers originals 1..N in bundle order; ``first_page``/``last_page`` are bundle
  page numbers, filled in by the bundle builder (``None`` in a stand-alone draft). Each file of
  a document read from several files is its own exhibit, titled as the pages of the document
  it holds (``社会保险个人参保缴费明细第2页（共3页；p2.jpg）``), with the document's kind,
  source and default purpose.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from shebao.audit.basis import split

from shebao.records import AuditResult, Document, Finding

from .arrears import Arrears, build_arrears
from .case import CASE_FILE, Case
from .claims import ARREARS_RULES, decide
from .facts import fact_or_marker, missing, missing_fact
from .legal import as_filed, labels, legal
from .months import cn_date, month_cn, months_text
from .originals import UNITS, Original
from .regional import authority_city, wording
from .scope import Bounded, Scope, bound, claim_scope


def mask_id(number: str | None) -> str | None:
    """``430521197804120027`` -> ``430***********0027`` (first 3 and last 4 kept)."""
    if not number or len(number) < 8:
        return number
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


class _View(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorkerView(_View):
    name: str
    gender: str
    id_number: str
    birth: str
    phone: str
    address: str
    hukou: str


class EmployerView(_View):
    name: str
    address: str
    legal_representative: str
    credit_code: str
    phone: str


class PeriodView(_View):
    start: str
    end: str
    position: str
    department: str


class EvidenceRef(_View):
    file: str
    label: str  # 证据3, or 案件资料 (case.yaml's stated facts), or the file name
    exhibit: int | None
    page: int | None
    row: int | None
    sheet: bool  # a spreadsheet: page = n-th worksheet, row = n-th data record
    where: str  # 第2页第14行
    fact: str


class FindingView(_View):
    """A finding's facts; each document kind words them in its own voice (``_macros``)."""

    rule: str
    title: str
    severity: str
    severity_label: str
    months: list[str]
    months_text: str
    employer: str | None
    amount: float | None
    employer_amount: float | None
    personal_amount: float | None
    late_fee: float | None
    message: str
    basis: list[str]  # legal basis: laws and documents with a document number, once each
    # where parameter values came from (sources without a document number, e.g. third-party
    # transcriptions), worded for people: not a legal basis, printed apart
    data_sources: list[str]
    evidence: list[EvidenceRef]
    evidence_text: str  # 证据1第1页第2、3、4行；证据2第1页第3行
    declared_base_text: str  # 7,310.00元至7,384.00元 (the lines' declared bases), "" if none
    required_base_text: str  # the lines' required bases, "" if none
    # how the audit set those required bases, by months ("2020年3月至2020年5月：按该单位
    # 2020年2月申报的缴费基数"; just the basis when all lines share one), "" if no lines
    required_base_how: str
    facts: dict  # the rule's own structured fields (paid_months, floors, claim_place, …)


class ClaimView(_View):
    key: str
    title: str
    request: str  # the wording of the request in the application
    to_check: list[str]  # basis citations known only from secondary sources: verify before filing
    basis: list[str]
    why: str
    amount: str | None  # formatted yuan, or a 【待补充】 marker; None where no amount applies


class ExcludedClaim(_View):
    key: str
    title: str
    reason: str
    why: str
    basis: list[str]


class EvidenceItem(_View):
    number: int
    title: str
    source: str
    purpose: str
    file: str
    kind: str
    sha256: str
    size: int
    pages: int
    first_page: int | None = None
    last_page: int | None = None

    @property
    def unit(self) -> str:
        """What ``pages`` counts outside a bundle (页, 表 for sheets, 份 for a Word file)."""
        return UNITS.get(self.kind, "页")  # type: ignore[call-overload]

    @property
    def page_range(self) -> str:
        if self.first_page is None:
            return ""
        if self.last_page in (None, self.first_page):
            return str(self.first_page)
        return f"{self.first_page}-{self.last_page}"


class TimelineYear(_View):
    year: int
    cells: list[tuple[str, str]]  # (mark, css class) for months 1..12, see charts.MARKS


class Authorities(_View):
    tax_bureau: str
    social_insurance_agency: str
    labour_inspection: str
    arbitration_commission: str


class ScopeView(_View):
    """Which months the drafts claim against the employer (:mod:`.scope`)."""

    origin: str  # case | documents | none
    text: str  # 2023年9月至2025年6月 (the periods claims are bounded by), "" when none known
    note: str  # where the period comes from, printed beside it ("" when case.yaml gives it)
    gaps_text: str  # months outside every claim (gaps between jobs, other employers), or ""


class OcrView(_View):
    """How much of the audit rests on OCR (photos, scans): printed where figures are filed."""

    documents: int  # documents read by OCR
    figures: int  # contribution rows and pay slips read by OCR
    warnings: int  # self-check warnings of those documents still open


class CorrectionView(_View):
    """A value corrected by hand against the original (人工更正), from the audit's documents
    (:mod:`shebao.audit.corrections`): one per printed cell, with the months it covers."""

    exhibit: int | None  # the evidence number of the original, when it is one
    file: str
    where: str  # 第1页第3行
    what: str  # 养老缴费基数
    months: str  # 2024年7月至2024年9月
    old: str  # as read ("空" for an empty cell)
    new: str
    by: str  # "" when not recorded
    at: str


class Context(_View):
    """Every variable a template may use (see the module docstring for the rules)."""

    generated_on: str  # 2026年11月23日
    as_of: str | None
    masked: bool
    worker: WorkerView
    employer: EmployerView
    employment: list[PeriodView]
    employment_text: str  # 2018年3月至2024年5月 (periods joined by 、)
    employment_positions: str  # 装配工 ("" when case.yaml names none)
    employment_departments: str  # 冲压车间 (部门 of case.yaml or the roster; "" when none)
    separation_date: str | None  # 2024年5月31日, when case.yaml gives separation.date
    insured_place: str
    authorities: Authorities
    findings: list[FindingView]
    arrears_findings: list[FindingView]  # ARREARS_RULES findings bounded by the employment
    scope: ScopeView
    ocr: OcrView
    arbitration_absent: str  # why no arbitration application is drafted, "" when one is
    arrears: Arrears
    claims_admitted: list[ClaimView]  # arbitration claims the law admits and findings support
    claims_excluded: list[ExcludedClaim]  # left out of the arbitration application, with why
    complaint_claims: list[ClaimView]  # what the complaint asks the collector to do
    complaint_basis: list[str]  # citations of complaint_claims, each once, in order
    sources: dict[str, str]  # every citation of legal.yaml by key, e.g. sources.sil_82
    evidence: list[EvidenceItem]
    retirement: dict | None
    estimate: dict | None
    audit_missing: list[str]
    notes: str
    timeline: list[TimelineYear]  # month grid of the person report (charts.timeline)
    inferred_employment: list[str]  # periods the audit inferred (not facts: to confirm)
    base_chart: str  # inline SVG, declared vs required base (charts.base_chart); "" if none
    corrections: list[CorrectionView] = []  # values corrected by hand (人工更正), marked
    records_checked: str = ""  # 社会保险参保缴费记录及工资发放记录: the kinds of documents read


# What a complaint says it checked, by the kinds of documents the audit read (in this order).
RECORD_KINDS = (("statement", "社会保险参保缴费记录"), ("payslip", "工资发放记录"))


def records_checked(audit: AuditResult) -> str:
    """The records the facts rest on, from the documents actually read: 社会保险参保缴费记录,
    工资发放记录, both joined by 及, or "" when neither kind was read (templates then say
    现有材料)."""
    kinds = {d.kind for d in audit.documents}
    return "及".join(text for kind, text in RECORD_KINDS if kind in kinds)


def _yuan(value: float | None) -> str:
    return f"{value:,.2f}"


def _worker(case: Case, audit: AuditResult, mask_ids: bool) -> WorkerView:
    w, p = case.worker, audit.person
    id_number = w.id_number or p.id_number
    if mask_ids:
        id_number = mask_id(id_number)
    return WorkerView(
        name=fact_or_marker(w.name or p.name, "worker.name"),
        gender=fact_or_marker(_gender(w.gender, audit), "worker.gender"),
        id_number=fact_or_marker(id_number, "worker.id_number"),
        birth=fact_or_marker(_birth(w.birth, audit), "worker.birth"),
        phone=fact_or_marker(w.phone, "worker.phone"),
        address=fact_or_marker(w.address, "worker.address"),
        hukou=fact_or_marker(w.hukou, "worker.hukou"),
    )


def _gender(stated: str | None, audit: AuditResult) -> str | None:
    """As case.yaml gives it, else the sex the audit read from a valid ID number (its 17th
    digit), as the birth month is."""
    if stated:
        return stated
    sex = ((audit.model_extra or {}).get("person_facts") or {}).get("sex")
    return {"male": "男", "female": "女"}.get(sex or "")


def _birth(stated: str | None, audit: AuditResult) -> str | None:
    """As case.yaml gives it, else the birth month the audit read from the ID number."""
    if stated:
        text = str(stated).strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return cn_date(dt.date.fromisoformat(text))
        return month_cn(text[:7]) if re.fullmatch(r"\d{4}-\d{2}", text[:7]) else text
    month = ((audit.model_extra or {}).get("person_facts") or {}).get("birth")
    return month_cn(str(month)[:7]) if month else None


def _employer_name(case: Case, findings: list[Finding]) -> str | None:
    if case.employer.name:
        return case.employer.name
    named = Counter(f.employer for f in findings if f.employer)
    return named.most_common(1)[0][0] if named else None


def _employer(case: Case, findings: list[Finding]) -> EmployerView:
    e = case.employer
    return EmployerView(
        name=fact_or_marker(_employer_name(case, findings), "employer.name"),
        address=fact_or_marker(e.address, "employer.address"),
        legal_representative=fact_or_marker(e.legal_representative,
                                            "employer.legal_representative"),
        credit_code=fact_or_marker(e.credit_code, "employer.credit_code"),
        phone=fact_or_marker(e.phone, "employer.phone"),
    )


def _employment(case: Case) -> tuple[list[PeriodView], str, str, str]:
    """The periods as case.yaml gives them; a draft states no inferred period as a fact (the
    claims are still bounded by it, :mod:`.scope`, and the case check says so)."""
    periods = [
        PeriodView(
            start=month_cn(p.start) if p.start else missing_fact("employment[].start"),
            end=month_cn(p.end) if p.end else "至今",
            position=p.position or "",
            department=p.department or "",
        )
        for p in case.employment
        if p.start or p.end or p.position or p.department  # a skeleton entry is no period
    ]
    if not periods:
        return [], missing_fact("employment"), "", ""
    text = "、".join(f"{p.start}至{p.end}" for p in periods)
    positions = "、".join(dict.fromkeys(p.position for p in periods if p.position))
    departments = "、".join(dict.fromkeys(p.department for p in periods if p.department))
    return periods, text, positions, departments


def _audit_periods(audit: AuditResult) -> list[dict]:
    """Employment periods the audit stage inferred (its extra field ``employment``)."""
    raw = (audit.model_extra or {}).get("employment") or []
    return [p for p in raw if isinstance(p, dict) and p.get("start")]


def _employment_months(case: Case, audit: AuditResult) -> list[tuple[str, str | None]]:
    """Months employed for the timeline: case.yaml first, else what the audit inferred."""
    stated = [(p.start, p.end) for p in case.employment if p.start]
    return stated or [(p["start"], p.get("end")) for p in _audit_periods(audit)]


def _inferred(audit: AuditResult) -> list[str]:
    out = []
    for p in _audit_periods(audit):
        end = month_cn(p["end"]) if p.get("end") else "至今"
        why = f"（依据：{p['origin']}）" if p.get("origin") else ""
        out.append(f"{p.get('employer') or '某单位'} {month_cn(p['start'])}至{end}{why}")
    return out


def _authorities(case: Case, place: str | None) -> Authorities:
    a = case.authorities
    city = authority_city(place)
    region = wording(place)

    def named(given: str | None, key: str, pattern: str) -> str:
        """As case.yaml names it, else the naming pattern of the area (regional.yaml)."""
        return given or (pattern.format(city=city) if city else missing_fact(key))

    return Authorities(
        tax_bureau=named(a.tax_bureau, "authorities.tax_bureau", region.tax_bureau),
        social_insurance_agency=a.social_insurance_agency
        or missing_fact("authorities.social_insurance_agency"),
        labour_inspection=named(a.labour_inspection, "authorities.labour_inspection",
                                region.labour_inspection),
        arbitration_commission=named(a.arbitration_commission,
                                     "authorities.arbitration_commission",
                                     region.arbitration_commission),
    )


def _exhibit_of(originals: list[Original]) -> dict[str, int]:
    """Evidence number of each original, looked up by SHA-256 and by file name."""
    index: dict[str, int] = {}
    for number, original in enumerate(originals, 1):
        index[original.sha256] = number
        index[original.name] = number
        index.setdefault(original.path.name, number)
    return index


# How a location reads: a PDF or photo has pages and printed rows; a spreadsheet's "page" is its
# n-th worksheet and its "row" the n-th data record (shebao.extract/1 counts data rows, not the
# sheet's own row numbers, which the bundle prints beside each row).
_UNITS = {True: ("第{}张工作表", "第{}条记录"), False: ("第{}页", "第{}行")}


def _where(page: int | None, row: int | None, sheet: bool = False) -> str:
    page_unit, row_unit = _UNITS[sheet]
    return (page_unit.format(page) if page else "") + (row_unit.format(row) if row else "")


def _evidence_text(refs: list[EvidenceRef]) -> str:
    """Cited cells grouped by original and page: ``证据1第1页第2、3、4行；证据2第1页``."""
    groups: dict[tuple[str, int | None, bool], list[int]] = {}
    for ref in refs:
        if ref.exhibit is None:  # case.yaml, a roster: stated facts, no exhibit to point at
            continue
        doc = ref.label
        rows = groups.setdefault((doc, ref.page, ref.sheet), [])
        if ref.row is not None and ref.row not in rows:
            rows.append(ref.row)
    parts = []
    for (doc, page, sheet), rows in groups.items():
        page_unit, row_unit = _UNITS[sheet]
        where = page_unit.format(page) if page else ""
        if rows:
            where += row_unit.format("、".join(str(r) for r in sorted(rows)))
        parts.append(doc + where)
    return "；".join(parts)


def _label(exhibit: int | None, file: str) -> str:
    if exhibit:
        return f"证据{exhibit}"
    return "案件资料" if Path(file).name == CASE_FILE else file


def _is_sheet(file: str) -> bool:
    return file.lower().endswith((".xlsx", ".xls", ".csv"))


_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _how_text(lines: list) -> str:
    """How the required bases were set, in the audit's words with months in Chinese."""
    by_how: dict[str, list[str]] = {}
    for x in lines:
        if x.how and x.required_base is not None:
            by_how.setdefault(_ISO_MONTH.sub(lambda m: month_cn(m.group(0)), x.how),
                              []).append(str(x.month))
    if len(by_how) == 1:
        return next(iter(by_how))
    return "；".join(f"{months_text(ms, count=False)}{how}" if how.startswith("按")
                    else f"{months_text(ms, count=False)}：{how}" for how, ms in by_how.items())


def _base_text(values: list[float | None]) -> str:
    known = sorted({v for v in values if v is not None})
    if not known:
        return ""
    return (f"{known[0]:,.2f}元" if len(known) == 1
            else f"{known[0]:,.2f}元至{known[-1]:,.2f}元")


_CONTRACT_FIELDS = set(Finding.model_fields)


def _facts(f: Finding) -> dict:
    facts = {k: v for k, v in (f.model_extra or {}).items() if k not in _CONTRACT_FIELDS}
    if facts.get("province"):
        from shebao.audit.params import parameters

        try:
            facts["province_name"] = parameters().areas.name(str(facts["province"]))
        except (KeyError, ValueError):
            facts["province_name"] = None
    if isinstance(facts.get("age_months_at_establishment"), int):
        from shebao.audit.months import format_age

        facts["age_at_establishment_text"] = format_age(facts["age_months_at_establishment"])
    if facts.get("claim_place"):
        from shebao.audit.params import parameters

        try:
            facts["claim_place_name"] = parameters().areas.name(str(facts["claim_place"]))
        except (KeyError, ValueError):
            facts["claim_place_name"] = None
    return facts


def _finding_view(f: Finding, exhibits: dict[str, int]) -> FindingView:
    lab = labels()
    sources = split(f.basis, as_filed)
    refs = [
        EvidenceRef(
            file=e.file,
            label=_label(exhibits.get(e.sha256 or "") or exhibits.get(e.file), e.file),
            exhibit=exhibits.get(e.sha256 or "") or exhibits.get(e.file),
            page=e.page,
            row=e.row,
            sheet=_is_sheet(e.file),
            where=_where(e.page, e.row, _is_sheet(e.file)),
            fact=e.fact,
        )
        for e in f.evidence
    ]
    return FindingView(
        rule=f.rule,
        title=lab.title(f),
        severity=f.severity,
        severity_label=lab.severity(f.severity),
        months=sorted(f.months),
        months_text=months_text(f.months),
        employer=f.employer,
        amount=f.amount,
        employer_amount=f.employer_amount,
        personal_amount=f.personal_amount,
        late_fee=f.late_fee,
        message=f.message,
        basis=sources.basis,
        data_sources=sources.data,
        evidence=refs,
        evidence_text=_evidence_text(refs),
        declared_base_text=_base_text([x.declared_base for x in f.lines]),
        required_base_text=_base_text([x.required_base for x in f.lines]),
        required_base_how=_how_text(f.lines),
        facts=_facts(f),
    )


def _claims(case: Case, findings: list[Finding], arrears: Arrears
            ) -> tuple[list[ClaimView], list[ExcludedClaim], list[ClaimView]]:
    cat = legal()
    admitted: list[ClaimView] = []
    excluded: list[ExcludedClaim] = []
    complaint: list[ClaimView] = []
    for key, decision in decide(case, findings).items():
        claim = cat.claims[key]
        requested = case.claims.get(key)
        if claim.forum == "complaint":
            if decision.admitted:
                amount = (_yuan(arrears.totals.total) if key == "back_payment"
                          and arrears.totals.total is not None else None)
                complaint.append(ClaimView(key=key, title=claim.title, request=claim.title,
                                           to_check=cat.to_check(claim.basis),
                                           basis=cat.citations(claim.basis), why=decision.why,
                                           amount=amount))
            if decision.relevant:
                excluded.append(ExcludedClaim(key=key, title=claim.title,
                                              reason=claim.excluded_reason, why=decision.why,
                                              basis=cat.citations(claim.excluded_basis)))
        elif claim.forum == "arbitration" and decision.admitted:
            amount = (_yuan(requested.amount) if requested and requested.amount is not None
                      else missing(claim.amount_label or f"{claim.title}的金额"))
            admitted.append(ClaimView(key=key, title=claim.title,
                                      request=claim.request or claim.title,
                                      to_check=cat.to_check(claim.basis),
                                      basis=cat.citations(claim.basis), why=decision.why,
                                      amount=amount))
        elif decision.relevant:
            excluded.append(ExcludedClaim(key=key, title=claim.title,
                                          reason=claim.excluded_reason, why=decision.why,
                                          basis=cat.citations(claim.excluded_basis)))
    return admitted, excluded, complaint


def _purposes(findings: list[Finding], originals: list[Original]) -> dict[int, list[str]]:
    exhibits = _exhibit_of(originals)
    out: dict[int, list[str]] = defaultdict(list)
    lab = labels()
    for f in findings:
        numbers = {exhibits.get(e.sha256 or "") or exhibits.get(e.file) for e in f.evidence}
        for number in numbers - {None}:
            template = lab.purpose(f)
            text = template.format(months=months_text(f.months, count=False)).strip()
            if text not in out[number]:
                out[number].append(text)
    return out


def _parts(audit: AuditResult) -> dict[str, tuple[Document, int]]:
    """Each file a document was read from -> (document, index of the file in it), looked up
    by SHA-256 and by file name (:meth:`~shebao.records.Document.all_files`)."""
    out: dict[str, tuple[Document, int]] = {}
    for doc in audit.documents:
        for index, (file, sha) in enumerate(doc.all_files()):
            out.setdefault(sha, (doc, index))
            out.setdefault(file, (doc, index))
    return out


def _part_title(doc: Document, index: int) -> str:
    """``第2页（共3页；`` for file ``index`` of a document read from several files, else ``（``."""
    pages = doc.files[index].pages if len(doc.files) > 1 else None
    if pages is None:
        return "（"
    span = str(pages[0]) if pages[0] == pages[1] else f"{pages[0]}-{pages[1]}"
    total = doc.pages or max(f.pages[1] for f in doc.files if f.pages is not None)
    return f"第{span}页（共{total}页；"


def _evidence(case: Case, audit: AuditResult, originals: list[Original],
              findings: list[Finding]) -> list[EvidenceItem]:
    """One exhibit per original. A file of a document read from several files (a statement
    photographed page by page) is named as the pages of that document it holds
    (``社会保险个人参保缴费明细第2页（共3页；p2.jpg）``), with the document's kind and source."""
    lab = labels()
    region = wording(case.insured_place or audit.person.insured_place)
    notes = {n.file: n for n in case.evidence}
    parts = _parts(audit)
    purposes = _purposes(findings, originals)
    items = []
    for number, o in enumerate(originals, 1):
        note = notes.get(o.name)
        part = parts.get(o.sha256) or parts.get(o.name) or parts.get(o.path.name)
        kind = part[0].kind if part else None
        default_title = lab.document_kinds.get(kind or o.kind, "原件")
        opening = _part_title(*part) if part else "（"
        if purposes.get(number):
            purpose = "证明" + "；".join(purposes[number])
        elif kind == "statement":
            purpose = "证明劳动者的参保缴费情况"  # the index goes with a complaint too
        elif kind == "payslip":
            purpose = "证明劳动者的实际工资收入"
        else:
            purpose = missing_fact("evidence[].purpose")
        if o.excerpt is not None:  # one person's rows of a shared original (.excerpt)
            default_title = f"{o.excerpt.what}摘录（仅{o.excerpt.holder}本人所在行；原件为"
            opening = ""
            if not purposes.get(number) and kind not in ("statement", "payslip"):
                purpose = f"证明{o.excerpt.what}中{o.excerpt.holder}本人的记录"
        items.append(EvidenceItem(
            number=number,
            title=(note.title if note and note.title
                   else f"{default_title}{opening}{o.path.name}）"),
            source=(note.source if note and note.source
                    else lab.document_sources.get(kind or "", lab.document_sources["other"])
                    .format(channels=region.channels)),
            purpose=note.purpose if note and note.purpose else purpose,
            file=o.name, kind="excerpt" if o.excerpt is not None else o.kind,
            sha256=o.sha256, size=o.size, pages=o.pages,
        ))
    return items


def _arbitration_absent(admitted: list[ClaimView], complaint: list[ClaimView]) -> str:
    if admitted:
        return ""
    instead = ("欠缴、少缴的社会保险费请以《社会保险费补缴投诉（举报）书》向社会保险费征收机构"
               "提出" if complaint else "审计也未发现可投诉补缴的月份")
    return ("依据现有案情与审计结果，没有可向劳动人事争议仲裁委员会提出且有审计发现支持的请求"
            f"（补缴社会保险费不属于仲裁受理范围）；{instead}。")


def _scope_view(scope: Scope, bounded: Bounded) -> ScopeView:
    text = "、".join(f"{month_cn(a)}至{month_cn(b) if b else '至今'}" for a, b in scope.periods)
    note = {"case": "", "documents": "任职期间据工资条和缴费记录推断，提交前请向劳动者核实",
            "none": "任职期间未知，请向劳动者核实"}[scope.origin]
    return ScopeView(origin=scope.origin, text=text, note=note,
                     gaps_text=months_text(bounded.gaps))


def ocr_view(audit: AuditResult) -> OcrView:
    """Documents, figures and open self-check warnings of what was read by OCR. The audit
    keeps the documents (``document.method``); the extract's warnings travel as the audit's
    extra field ``ocr_warnings`` where the caller knows them, else in the documents' extras."""
    docs = [d for d in audit.documents if d.method == "ocr"]
    extra = audit.model_extra or {}
    figures = sum(int((d.model_extra or {}).get("records") or 0) for d in docs)
    warnings = sum(int((d.model_extra or {}).get("warnings") or 0) for d in docs)
    ocr = extra.get("ocr") or {}
    return OcrView(documents=int(ocr.get("documents", len(docs))),
                   figures=int(ocr.get("figures", figures)),
                   warnings=int(ocr.get("warnings", warnings)))


def _audit_missing(case: Case, audit: AuditResult) -> list[str]:
    """What the audit could not do, less what the case itself now supplies (a period the
    audit had to infer is no longer missing once case.yaml gives it)."""
    given = {"employment": any(p.start for p in case.employment),
             "hukou": bool(case.worker.hukou), "birth": bool(case.worker.birth),
             "insured_place": bool(case.insured_place)}
    facts = (audit.model_extra or {}).get("missing_facts") or []
    supplied = {m.get("text") for m in facts if isinstance(m, dict) and given.get(m.get("fact"))}
    return [m for m in audit.missing if m not in supplied]


def claim_arrears(case: Case, audit: AuditResult) -> Arrears:
    """The one arrears computation behind every figure people see (terminal, report, drafts,
    batch): the audit's arrears findings bounded by the employment, each month counted once."""
    employer = _employer_name(case, audit.findings)
    scope = claim_scope(case, audit, employer)
    return build_arrears(bound(audit.findings, scope, employer).findings, audit.as_of)


def _value_text(value: object) -> str:
    if value is None or value == "":
        return "空"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def corrections_view(audit: AuditResult, exhibits: dict[str, int]) -> list[CorrectionView]:
    """The audit documents' hand corrections, one line per corrected printed cell (and one
    per column whose role was corrected: 第1页第7列, 列的含义, 个人缴费比例 -> 个人缴费)."""
    from shebao.audit.corrections import FIELD_ZH, INSURANCE_ZH, RECORD_ZH
    from shebao.ingest.roles import role_zh

    cells: dict[tuple, list[dict]] = {}
    for doc in audit.documents:
        for c in (doc.model_extra or {}).get("corrections") or []:
            if c.get("column") is not None:
                key = (c["file"], c["page"], "column", c.get("table") or 1, c["column"])
            else:
                key = (c["file"], c["page"], c.get("record") or "contribution", c["row"],
                       c.get("insurance"), c["field"])
            cells.setdefault(key, []).append(c)
    out = []
    for key, items in cells.items():
        first = items[0]
        months = sorted(m for i in items for m in str(i.get("month") or "").split("/"))
        cn = [month_cn(m) if "-" in m else f"{m}年" for m in months if m]  # annual: a year
        span = "" if not cn else cn[0] if cn[0] == cn[-1] else f"{cn[0]}至{cn[-1]}"
        if key[2] == "column":
            label = f"（{first['label']}）" if first.get("label") else ""
            out.append(CorrectionView(
                exhibit=exhibits.get(key[0]), file=key[0],
                where=f"第{key[1]}页第{key[4]}列{label}", what="列的含义", months=span,
                old=role_zh(first.get("old")), new=role_zh(first.get("new")),
                by=first.get("by") or "", at=first.get("at") or ""))
            continue
        file, page, record, row, insurance, field = key
        out.append(CorrectionView(
            exhibit=exhibits.get(file), file=file, where=f"第{page}页第{row}行",
            what=f"{RECORD_ZH.get(record, '')}{INSURANCE_ZH.get(insurance or '', '')}"
                 f"{FIELD_ZH.get(field, field)}",
            months=span, old=_value_text(first.get("old")),
            new=_value_text(first.get("new")), by=first.get("by") or "",
            at=first.get("at") or ""))
    return out


def build_context(case: Case, audit: AuditResult, originals: list[Original], *,
                  mask_ids: bool = False, today: dt.date | None = None) -> Context:
    from .charts import base_chart, timeline

    findings = audit.findings
    place = case.insured_place or audit.person.insured_place
    employer_name = _employer_name(case, findings)
    scope = claim_scope(case, audit, employer_name)
    bounded = bound(findings, scope, employer_name)
    # Claims, arrears and evidence purposes rest on the bounded findings only.
    claimable = bounded.findings + [f for f in findings if f.rule not in ARREARS_RULES]
    arrears = build_arrears(bounded.findings, audit.as_of)
    admitted, excluded, complaint = _claims(case, claimable, arrears)
    periods, employment_text, positions, departments = _employment(case)
    exhibits = _exhibit_of(originals)
    views = [_finding_view(f, exhibits) for f in findings]
    return Context(
        generated_on=cn_date(today or (dt.date.fromisoformat(str(audit.as_of)) if audit.as_of
                                       else dt.date.today())),
        as_of=audit.as_of,
        masked=mask_ids,
        worker=_worker(case, audit, mask_ids),
        employer=_employer(case, findings),
        employment=periods,
        employment_text=employment_text,
        employment_positions=positions,
        employment_departments=departments,
        separation_date=(cn_date(case.separation.date)
                         if case.separation and case.separation.date else None),
        insured_place=fact_or_marker(place, "insured_place"),
        authorities=_authorities(case, place),
        findings=views,
        arrears_findings=[_finding_view(f, exhibits) for f in bounded.findings],
        scope=_scope_view(scope, bounded),
        ocr=ocr_view(audit),
        arbitration_absent=_arbitration_absent(admitted, complaint),
        arrears=arrears,
        claims_admitted=admitted,
        claims_excluded=excluded,
        complaint_claims=complaint,
        complaint_basis=list(dict.fromkeys(b for c in complaint for b in c.basis)),
        sources={key: src.citation for key, src in legal().sources.items()},
        evidence=_evidence(case, audit, originals, claimable),
        retirement=audit.retirement,
        estimate=audit.estimate,
        audit_missing=_audit_missing(case, audit),
        notes=case.notes or "",
        timeline=timeline(views, _employment_months(case, audit),
                          until=audit.as_of[:7] if audit.as_of else None),
        inferred_employment=_inferred(audit),
        base_chart=base_chart(arrears.lines),
        corrections=corrections_view(audit, exhibits),
        records_checked=records_checked(audit),
    )
