"""Batch audit of a factory's workforce: many workers' documents -> per-worker audits and a
factory-level summary (workflow 3 of the design).

Command: ``shebao batch INPUTS... -o OUTDIR [--roster FILE] [--as-of YYYY-MM-DD]
[--ocr/--no-ocr] [--jobs N]`` (:mod:`shebao.batch.cli`).

Pipeline
--------
1. :func:`collect_files`: INPUTS are files and folders (searched recursively for PDFs, images,
   spreadsheets and ``shebao.extract/1`` JSON; hidden files, Office lock files and the
   samples generator's ``.truth.json``/``.photo.json`` beside its documents skipped).
2. :func:`extract_all`: every document through :func:`shebao.audit.engine.read_document` (a
   file, or photos named as the pages of one document: ``张三-p1.jpg``, ``张三-p2.jpg``), each
   in a child process with memory and time limits, ``jobs`` at a time
   (:mod:`shebao.batch.run`); a file that cannot be read, is too large or takes too
   long becomes a :class:`Failed` (file, Chinese and English reason) and the rest go on.
3. :func:`audit_workforce`: documents grouped by person (:func:`shebao.audit.merge.people`:
   statements by ID number, the factory's pay sheet split between its workers by name); each
   person audited (:func:`shebao.audit.engine.audit_history`) with the employment period from
   the roster (:mod:`shebao.batch.roster`) when the roster names them, else inferred.
4. :func:`summarise` -> the ``shebao.batch/1`` object below; :mod:`shebao.batch.write`
   writes it as JSON, XLSX, HTML and PDF, plus each worker's ``shebao.audit/1`` JSON and HTML
   person report.

``shebao.batch/1`` (``OUTDIR/factory_summary.json``)
----------------------------------------------------
::

    {"schema": "shebao.batch/1", "as_of": "2025-10-15", "employers": ["…"],
     "files": {"read": 9, "failed": 1},
     "workers": [{                       # one row per audited person, by arrears (desc)
        "no": 3, "name": "…", "id_masked": "430***********0027", "staff_id": "A1234" | null,
        "documents": ["003_….pdf", "factory_paysheets.xlsx"],
        "months_covered": 24,            # months with a pension record
        "first_month": "2023-07", "last_month": "2025-06",
        "employment": {"start": "2023-07", "end": "2025-10", "origin": "花名册…"} | null,
        "minimum_base_months": ["2023-07", …], "underreported_months": [...],
        "missing_months": [...], "withheld_months": [...],   # missing: in employment only
        "arrears": {"employer": 1234.5 | null, "personal": … | null, "late_fee": … | null,
                    "employer_known": 1234.5, "personal_known": …, "late_fee_known": …,
                    "months": 22},        # null = some month's part unknown (never 0)
        "figures_status": "official" | "estimated" | "unconfirmed" | null,
        "provisional_account_risk": true, "claim_place": "贵州省" | null,
        "months_short": 0 | 17 | null,   # at the statutory month if paying from now on
        "statutory_retirement_month": "2058-03" | "女工人 2048-02 / 女干部 2051-02" | null,
        "inspection_window_months": ["2023-07", …],   # older than the 2-year limit
        "missing": ["…"],               # what could not be audited for this worker
        "report": "workers/003_….html", "audit": "workers/003_….json",
        "department": "冲压车间" | null,      # the roster's 部门
        "evidence": {"bundle": "workers/003_…-证据材料.pdf" | null,  # (.evidence) or null;
                     "bundle_manifest": "workers/003_…-证据材料.manifest.json" | null,
                     "evidence_index": "workers/003_…-证据目录.pdf",
                     "evidence_index_docx": "workers/003_…-证据目录.docx"} | null}],
     "totals": {"workers": 8, "minimum_base_workers": 6, "underreported_workers": 6,
                "missing_workers": 2, "withheld_workers": 2, "provisional_workers": 1,
                "short_workers": 1,
                "employer": {"known": 12345.6, "complete": false},   # sum of known parts;
                "personal": {...}, "late_fee": {...}},               # complete: none unknown
     "minimum_base_by_month": {"2023-07": 5, …},
     "failed": [{"file": "…", "zh": "…", "en": "…"}],
     "roster": {"file": "roster.xlsx", "entries": 9, "without_documents":
                [{"no": 9, "name": "…", "staff_id": "…", "id_masked": "…"}]} | null,
     "insured_list": {"files": […], "people": 9, "as_of": "2025-10",     # the unit's
                      "absent": [...], "months_missing": [...],          # 参保人员名单
                      "not_on_roster": [...]} | null,   # (see .insured; totals then
                                                         # insured_absent/gap_workers)
     "caveats": ["…"],                  # estimated/unconfirmed figures, what was not audited
     "collective": {"arbitration_absent": "…"},   # 2026-12: why no collective arbitration
     "evidence_bundles": false}         # 2026-12: bundles made (--evidence); the rows'
                                        # bundle names are null without them

Amounts are yuan; a worker's ``arrears`` are those the drafts claim (months inside the roster's
employment, each once: :func:`shebao.reports.context.claim_arrears`). The joint complaint
(``联名投诉书.pdf/.docx``, :mod:`shebao.reports.collective`) lists every worker with months to
claim; its totals are the sums of these rows. A part the audit could not price (e.g. an unknown
employer rate) is never counted as 0: the worker's part is ``null`` and the total says it is
incomplete.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from shebao.audit.engine import Options, audit_history, grouped, page_groups
from shebao.audit.merge import merge, people
from shebao.audit.params import parameters
from shebao.audit.rules.periods import periods_from_items
from shebao.audit.summary import case_of
from shebao.reports.case import Case
from shebao.reports.collective import ARBITRATION_ABSENT
from shebao.reports.context import claim_arrears, mask_id

from shebao.errors import InputError
from shebao.files import IMAGE_SUFFIXES, display_text, input_hash
from shebao.outputs import safe_name
from shebao.records import AuditResult, Extract

from .evidence import evidence_names
from .insured import check_insured_list
from .roster import RosterEntry, match_roster
from .run import Limits, document_key, read_isolated

SCHEMA_BATCH = "shebao.batch/1"
SUFFIXES = IMAGE_SUFFIXES | {".pdf", ".docx", ".xlsx", ".xls", ".csv", ".json"}
# what ``shebao samples`` writes beside its documents (truth, photo settings): never documents
SAMPLE_SIDECARS = (".truth.json", ".photo.json", ".hidden.json")
STATUS_ORDER = {"official": 0, "estimated": 1, "unconfirmed": 2}


@dataclass
class Failed:
    file: str
    zh: str
    en: str
    reason: str = "unreadable"  # unreadable | too_large | too_slow | crashed (.run)

    def to_json(self) -> dict:
        return {"file": self.file, "zh": self.zh, "en": self.en}


@dataclass
class Worker:
    """One audited person with where their documents and roster entry are."""

    result: AuditResult
    files: list[Path]
    roster: RosterEntry | None = None
    no: int = 0
    stem: str = ""
    row: dict = field(default_factory=dict)
    sources: dict[Path, Extract] = field(default_factory=dict)  # each file -> what was read

    @cached_property
    def case(self) -> Case:
        """The worker's case facts for every document of theirs (report, bundle, joint
        complaint): what the audit states (:func:`shebao.audit.summary.case_of`, the roster's
        employment included) and the roster's 用人单位 and 部门."""
        case = case_of(self.result)
        entry = self.roster
        if entry is None:
            return case
        if entry.employer and not case.employer.name:
            case.employer.name = entry.employer
        for period in case.employment:
            period.department = period.department or entry.department
        return case


def collect_files(inputs: list[Path]) -> list[Path]:
    """The files to read, in a stable order; InputError for an input that does not exist."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if not p.exists():
            raise InputError("输入的文件或文件夹不存在", "input not found", p, code="not_found")
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if (f.is_file() and f.suffix.lower() in SUFFIXES
                        and not f.name.endswith(SAMPLE_SIDECARS)
                        and not any(x.startswith((".", "~$")) for x in rel)):
                    out.append(f)
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def extract_all(files: list[Path], ocr: bool = True, jobs: int = 1, *,
                store: Callable[[str], Path] | None = None, limits: Limits | None = None,
                progress: Callable[[int], None] | None = None,
                ) -> tuple[list[tuple[Path, Extract]], list[Failed]]:
    """Read every document, each in a child process of its own (at most ``jobs`` at a time,
    under :class:`~.run.Limits`: :func:`~.run.read_isolated`); extracts in input
    order, and the failures. Photos or PDFs named as the pages of one document
    (``张三-p1.jpg``, ``张三-p2.jpg``) are read as one document, paired with its first file.
    ``store(key)`` is where a document's answer is kept (a run's folder, so that ``--resume``
    finds it); by default a temporary folder."""
    documents = [d if isinstance(d, list) else [d] for d in grouped(files, page_groups(files))]
    with contextlib.ExitStack() as stack:
        if store is None:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="shebao-batch-")))
            store = lambda key: tmp / f"{key}.json"  # noqa: E731
        targets = [store(document_key([input_hash(p) for p in d], ocr)) for d in documents]
        read_isolated(documents, targets, ocr, jobs, limits or Limits.from_env(), progress)
        done: list[tuple[Path, Extract]] = []
        failed: list[Failed] = []
        for document, target in zip(documents, targets, strict=True):
            answer = json.loads(target.read_text("utf-8"))
            if "extract" in answer:  # (each record's dict let go as its record is made)
                done.append((document[0], Extract.from_json_consumed(answer.pop("extract"))))
            else:
                why = answer["failed"]
                failed.append(Failed(display_text(str(document[0])), why["zh"], why["en"],
                                     why.get("reason", "unreadable")))
    return done, failed


def default_jobs() -> int:
    return os.cpu_count() or 1


def audit_workforce(extracts: list[tuple[Path, Extract]], as_of: date,
                    roster: list[RosterEntry] | None = None, roster_file: Path | None = None,
                    ocr: bool = True, progress: Callable[[int, int], None] | None = None,
                    ) -> list[Worker]:
    """One :class:`Worker` per person found in the documents (see module docstring);
    ``progress(done, total)`` after each person."""
    P = parameters()
    # every file of a document: a document read from several photos names them all
    by_sha = {ex.document.sha256: [path.parent / f.file for f in ex.document.files] or [path]
              for path, ex in extracts}
    by_ex = {ex.document.sha256: ex for _, ex in extracts}
    workers: list[Worker] = []
    # the unit's insured lists are no one's documents: summarise() checks them against the roster
    mine = [ex for _, ex in extracts if ex.document.kind != "insured_list"]
    groups = people(mine)
    for group in groups:
        history = merge(group, P)
        entry = match_roster(roster or [], history.person.id_number, history.person.name)
        options = Options(as_of=as_of, ocr=ocr)
        if entry is not None and entry.category:
            if entry.category == "female":
                options.female = True
            else:
                options.category = entry.category
        if entry is not None and entry.start:
            item = {"employer": entry.employer, "start": entry.start, "end": entry.end}
            # the evidence is the worker's own roster row (periods_from_items numbers items)
            options.employment = periods_from_items([item], roster_file or Path("roster"), as_of,
                                                    f"花名册第{entry.row}行")
            for period in options.employment:
                period.evidence = [e.model_copy(update={"row": None}) for e in period.evidence]
        result = audit_history(history, options, P)
        sources = {f: by_ex[d.sha256] for d in result.documents
                   if d.sha256 in by_sha and _concerns(by_ex[d.sha256], result)
                   for f in by_sha[d.sha256]}
        workers.append(Worker(result, list(sources), entry, sources=sources))
        if progress is not None:
            progress(len(workers), len(groups))
    _number(workers)
    return workers


def _concerns(ex: Extract, result: AuditResult) -> bool:
    """Whether a document is the worker's: a statement of their group, or a pay sheet with a
    line of theirs (a factory pay sheet goes with every group; only its own lines are used)."""
    if ex.document.kind == "statement" or not ex.payslips:
        return True
    name = re.sub(r"\s+", "", result.person.name or "")
    number = (result.person.id_number or "").strip()
    return any((number and (p.employee_id or "").strip() == number)
               or (name and re.sub(r"\s+", "", p.employee_name or "") == name)
               for p in ex.payslips)


def _number(workers: list[Worker]) -> None:
    """序号: the roster's number where the roster names the worker, else after the roster."""
    taken = {w.roster.no for w in workers if w.roster and w.roster.no}
    nxt = max(taken, default=0)
    for w in sorted(workers, key=lambda w: (w.roster is None or not w.roster.no,
                                             w.result.person.name or "")):
        if w.roster and w.roster.no:
            w.no = w.roster.no
        else:
            nxt += 1
            w.no = nxt
        name = re.sub(r"\s+", "_", w.result.person.name or "姓名未知")
        w.stem = safe_name(f"{w.no:03d}_{name}", fallback=f"{w.no:03d}")
    workers.sort(key=lambda w: w.no)


def _months(result: AuditResult, rule: str, *, serious: bool = False) -> list[str]:
    months = {m for f in result.findings if f.rule == rule
              and not (serious and f.severity == "info") for m in f.months}
    return sorted(months)


def _extra(result: AuditResult, key: str):
    return (result.model_extra or {}).get(key)


def _shortfall(result: AuditResult) -> tuple[int | None, str | None]:
    """Months short of the minimum at the statutory month, and that month (text)."""
    retirement = result.retirement or {}
    month = retirement.get("statutory_retirement_month")
    for f in result.findings:
        if f.rule != "short_of_minimum_years":
            continue
        extra = f.model_extra or {}
        if "months_short_at_statutory" in extra:
            return int(extra["months_short_at_statutory"]), month
        by = extra.get("by_category") or {}
        if by:
            names = {"female_worker": "女工人", "female_cadre": "女干部"}
            text = " / ".join(f"{names.get(c, c)} {v['statutory_retirement_month']}"
                              for c, v in by.items())
            return min(int(v["months_short_at_statutory"]) for v in by.values()), text
    if month is not None:
        return 0, month
    return None, None


def _status(result: AuditResult) -> str | None:
    seen = [f.figures_status for f in result.findings if f.figures_status]
    return max(seen, key=lambda s: STATUS_ORDER.get(s, 3)) if seen else None


def worker_row(w: Worker, bundles: bool = False) -> dict:
    """The ``shebao.batch/1`` row of one worker."""
    r = w.result
    arrears = claim_arrears(w.case, r).totals
    monthly = _extra(r, "monthly") or []
    covered = [m["month"] for m in monthly
               if m.get("status") not in (None, "none") and m.get("declared_base") is not None]
    employment = (_extra(r, "employment") or [None])[0]
    risk = [f for f in r.findings if f.rule == "provisional_account_risk"]
    claim = next(((f.model_extra or {}).get("claim_place") for f in risk
                  if (f.model_extra or {}).get("claim_place")), None)
    short, statutory = _shortfall(r)
    return {
        "no": w.no, "name": r.person.name, "id_masked": mask_id(r.person.id_number),
        "staff_id": w.roster.staff_id if w.roster else None,
        "department": w.roster.department if w.roster else None,
        "documents": [p.name for p in w.files],
        "months_covered": len(covered),
        "first_month": covered[0] if covered else None,
        "last_month": covered[-1] if covered else None,
        "employment": ({k: employment[k] for k in ("start", "end", "origin")}
                       if employment else None),
        "minimum_base_months": _months(r, "minimum_base"),
        "underreported_months": _months(r, "underreported_base"),
        "missing_months": _months(r, "missing_months", serious=True),
        "withheld_months": _months(r, "withheld_not_remitted"),
        "arrears": {"employer": arrears.employer_amount, "personal": arrears.personal_amount,
                    "late_fee": arrears.late_fee, "employer_known": arrears.employer_known,
                    "personal_known": arrears.personal_known,
                    "late_fee_known": arrears.late_fee_known, "months": arrears.months},
        "figures_status": _status(r),
        "provisional_account_risk": any(f.severity != "info" for f in risk),
        "claim_place": parameters().areas.name(claim) if claim else None,
        "months_short": short,
        "statutory_retirement_month": statutory,
        "inspection_window_months": _months(r, "inspection_window"),
        "missing": list(r.missing),
        "report": f"workers/{w.stem}.html", "audit": f"workers/{w.stem}.json",
        "evidence": evidence_names(w, bundles),
    }


def _total(rows: list[dict], part: str) -> dict:
    known = round(sum(r["arrears"][f"{part}_known"] for r in rows), 2)
    return {"known": known, "complete": all(r["arrears"][part] is not None for r in rows)}


def _weight(row: dict) -> float:
    a = row["arrears"]
    return a["employer_known"] + a["personal_known"] + a["late_fee_known"]


def summarise(workers: list[Worker], failed: list[Failed], as_of: date,
              roster: list[RosterEntry] | None, roster_file: Path | None,
              files_read: int, lists: list[Extract] | None = None,
              bundles: bool = False) -> dict:
    """The ``shebao.batch/1`` object (see module docstring); ``lists``: the documents read as
    the unit's insured list (:mod:`.insured`); ``bundles``: each worker's evidence bundle is
    made (``shebao batch --evidence``), else their evidence index only."""
    rows = [w.row or worker_row(w, bundles) for w in workers]
    for w, row in zip(workers, rows, strict=True):
        w.row = row
    by_month = Counter(m for r in rows for m in r["minimum_base_months"])
    employers = sorted({f.employer for w in workers for f in w.result.findings if f.employer})
    totals = {
        "workers": len(rows),
        "minimum_base_workers": sum(bool(r["minimum_base_months"]) for r in rows),
        "underreported_workers": sum(bool(r["underreported_months"]) for r in rows),
        "missing_workers": sum(bool(r["missing_months"]) for r in rows),
        "withheld_workers": sum(bool(r["withheld_months"]) for r in rows),
        "provisional_workers": sum(r["provisional_account_risk"] for r in rows),
        "short_workers": sum(bool(r["months_short"]) for r in rows),
        "inspection_workers": sum(bool(r["inspection_window_months"]) for r in rows),
        "employer": _total(rows, "employer"), "personal": _total(rows, "personal"),
        "late_fee": _total(rows, "late_fee"),
    }
    insured = check_insured_list(lists or [], roster, workers, as_of)
    if insured is not None:
        totals["insured_absent_workers"] = len(insured["absent"])
        totals["insured_gap_workers"] = len(insured["months_missing"])
    matched = {id(w.roster) for w in workers if w.roster is not None}
    roster_part = None
    if roster is not None:
        roster_part = {
            "file": roster_file.name if roster_file else None, "entries": len(roster),
            "without_documents": [{"no": e.no, "name": e.name, "staff_id": e.staff_id,
                                   "id_masked": mask_id(e.id_number)}
                                  for e in roster if id(e) not in matched],
        }
    return {
        "schema": SCHEMA_BATCH, "as_of": as_of.isoformat(), "employers": employers,
        "files": {"read": files_read, "failed": len(failed)},
        "workers": sorted(rows, key=lambda r: (-_weight(r), r["no"])),
        "totals": totals,
        "minimum_base_by_month": dict(sorted(by_month.items())),
        "failed": [f.to_json() for f in failed],
        "roster": roster_part,
        "insured_list": insured,
        "caveats": caveats(workers),
        "collective": {"arbitration_absent": ARBITRATION_ABSENT},
        "evidence_bundles": bundles,
    }


def caveats(workers: list[Worker]) -> list[str]:
    """What the figures rest on and what could not be audited, each with how many workers."""
    out: list[str] = []
    status = Counter(_status(w.result) for w in workers)
    if status.get("estimated") or status.get("unconfirmed"):
        n = status.get("estimated", 0) + status.get("unconfirmed", 0)
        out.append(f"{n}名工人的欠缴金额依据的参数中有估算值或尚未经官方确认的值"
                   "（详见各人报告的“参数来源”），金额应作为估算向社保经办机构核实。")
    # What an organiser can do about a missing fact: a roster column or a document to add.
    # One line per reason: the months differ from worker to worker (hired at different times),
    # the reason and what to supply do not; each worker counts once per reason.
    by_reason: dict[str, dict[str, set[int]]] = {}
    for i, w in enumerate(workers):
        facts = {m.get("text"): m.get("fact")
                 for m in (_extra(w.result, "missing_facts") or []) if isinstance(m, dict)}
        for m in dict.fromkeys(w.result.missing):
            advice = ROSTER_ADVICE.get(facts.get(m) or "")
            text = f"{m}{advice}" if advice else m
            dated = _DATED.match(text)
            months, reason = (dated.group(1), dated.group(2)) if dated else ("", text)
            by_reason.setdefault(reason, {}).setdefault(months, set()).add(i)
    ranked = sorted(by_reason.items(),
                    key=lambda kv: -len(set().union(*kv[1].values())))
    for reason, months in ranked:
        total = len(set().union(*months.values()))
        spans = [f"{m}（{len(who)}人）" if len(months) > 1 else m
                 for m, who in sorted(months.items(), key=lambda kv: -len(kv[1])) if m]
        if spans:
            out.append(f"（{total}人）{reason.rstrip('。')}。涉及月份：{'；'.join(spans)}")
        else:
            out.append(f"（{total}人）{reason}")
    return out


# "2023-07至2024-06、2024-10至2024-12：reason" (the audit's ``missing`` entries with months)
_DATED = re.compile(r"^(\d{4}-\d{2}(?:至\d{4}-\d{2})?(?:、\d{4}-\d{2}(?:至\d{4}-\d{2})?)*)：(.+)$",
                    re.S)


# Where a factory's organiser gives a fact the audit lacked (documented in reports/README).
ROSTER_ADVICE = {
    "employment": "——可在花名册中填写“入职日期”“离职日期”列",
    "category": "——可在花名册中填写“类别”列（男 / 女工人 / 女干部），或“性别”和“岗位类别”"
                "（工人 / 干部）两列",
    "birth": "——可在花名册中填写“身份证号”列",
    "hukou": "——可在花名册中填写“身份证号”列（按地区码推定户籍），已迁户口的请个别核实",
}
