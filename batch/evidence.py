"""Each worker's own evidence index and, when asked for, evidence bundle, from a factory batch.

Contract: for a :class:`~.workforce.Worker` whose documents include originals a bundle can hold
(PDF, photos, xlsx, csv, docx: :data:`shebao.reports.originals.SUPPORTED`; an
``shebao.extract/1`` JSON is not an original), :func:`evidence_targets` names, under
``OUTDIR/workers/``::

    <序号>_<姓名>-证据目录.pdf / .docx     the evidence index, as ``shebao draft --kind
                                           evidence-index`` makes it (always)
    <序号>_<姓名>-证据材料.pdf             the evidence bundle, as ``shebao bundle`` makes it
    <序号>_<姓名>-证据材料.manifest.json   its manifest (shebao.bundle/1; ``shebao verify``)
                                           (both only with ``bundles``: ``shebao batch
                                           --evidence``; a bundle costs tens of seconds)

and :func:`write_evidence` writes them through the reports stage's public functions only
(:func:`~shebao.reports.context.build_context` on the worker's case facts -- the audit and the
roster: :attr:`~.workforce.Worker.case` --, :func:`~shebao.reports.bundle.build_bundle`,
:func:`~shebao.reports.templating.render`, :func:`~shebao.reports.formats.convert`). The
bundle's stated creation time is the batch's as-of day, so a resumed run writes the same
bytes. A worker with no such original gets none (the summary row says ``null``).

**Shared originals.** A document that holds several people -- a factory pay sheet with more
than one person's lines, the unit's insured list (:func:`shared`) -- is never bound whole into
one worker's bundle: it stands there as an *excerpt* (:mod:`shebao.reports.excerpt`), a
transcribed page of that worker's own rows (sheet and row numbers as in the original) stating
the original's file name and SHA-256 and that the full original is kept by the organiser and
filed with the joint complaint. Every worker's evidence (index and bundle) carries the batch's
insured lists this way too. A document of one person alone is bound as it is. The index lists
the same exhibits with or without bundles.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from shebao.reports.bundle import build_bundle
from shebao.reports.context import build_context
from shebao.reports.excerpt import Excerpt, ExcerptTable, squash
from shebao.reports.formats import convert
from shebao.reports.manifest import sidecar_path
from shebao.reports.originals import SUPPORTED, Original, Originals, open_original
from shebao.reports.pdf_engine import html_to_pdf
from shebao.reports.prepare import Prepared
from shebao.reports.templating import KINDS, render

from shebao.outputs import write_atomic
from shebao.records import Extract

if TYPE_CHECKING:
    from .workforce import Worker

BUNDLE = "证据材料"
INDEX = KINDS["evidence-index"].filename  # 证据目录
WHAT = {"payslip": "工资表", "insured_list": "单位参保人员名单"}  # shared originals, as named

Lists = list[tuple[Path, Extract]]  # the batch's insured lists: (file, what was read)


def evidence_files(w: Worker) -> list[Path]:
    """The worker's documents a bundle can hold, each once, in the batch's order."""
    return list(dict.fromkeys(f for f in w.files if f.suffix.lower() in SUPPORTED))


def evidence_names(w: Worker, bundles: bool = False) -> dict[str, str | None] | None:
    """The files' names relative to OUTDIR (the ``shebao.batch/1`` row), or None; the bundle's
    are null unless ``bundles``."""
    if not evidence_files(w):
        return None
    bundle = Path(f"workers/{w.stem}-{BUNDLE}.pdf")
    return {"bundle": bundle.as_posix() if bundles else None,
            "bundle_manifest": sidecar_path(bundle).as_posix() if bundles else None,
            "evidence_index": f"workers/{w.stem}-{INDEX}.pdf",
            "evidence_index_docx": f"workers/{w.stem}-{INDEX}.docx"}


def evidence_targets(outdir: Path, w: Worker, bundles: bool = False) -> list[Path]:
    """The index (PDF, DOCX), then with ``bundles`` the bundle and its manifest."""
    names = evidence_names(w, bundles)
    if not names:
        return []
    order = ("evidence_index", "evidence_index_docx", "bundle", "bundle_manifest")
    return [outdir / names[k] for k in order if names[k]]  # type: ignore[operator]


def _people(ex: Extract) -> set[str]:
    """Everyone a document names (by name, else ID or staff number)."""
    out = {squash(p.employee_name) or squash(p.employee_id) for p in ex.payslips}
    out |= {squash(i.name) or squash(i.id_number) for i in ex.insured}
    return out - {""}


def shared(ex: Extract) -> bool:
    """Whether a document holds several people's rows (module contract)."""
    return ex.document.kind == "insured_list" or len(_people(ex)) > 1


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def excerpt_for(w: Worker, ex: Extract) -> Excerpt:
    """The worker's rows of a shared document: the cells that name them, and their records as
    read (page and row as the findings cite them)."""
    person = w.result.person
    name, number = squash(person.name), squash(person.id_number)

    def theirs(n: str | None, i: str | None) -> bool:
        return bool((name and squash(n) == name) or (number and squash(i) == number))

    slips = [p for p in ex.payslips if theirs(p.employee_name, p.employee_id)]
    insured = [i for i in ex.insured if theirs(i.name, i.id_number)
               or (number and squash(i.social_security_number) == number)]
    staff = {squash(p.employee_id) for p in slips} | {squash(w.roster.staff_id if w.roster
                                                             else None)}
    keys = tuple(k for k in dict.fromkeys([name, number, *sorted(staff)]) if k)
    others = {squash(p.employee_id) for p in ex.payslips} | {squash(i.id_number)
                                                             for i in ex.insured}
    records = []
    where = "按读取结果转录，页码和行号与审计发现所引相同"
    if slips:
        records.append(ExcerptTable(where, (
            "页", "行", "月份", "姓名", "应发工资", "实发工资", "代扣养老", "代扣医疗", "代扣失业",
            "其他扣款"), tuple((str(p.page or ""), str(p.row or ""), p.month,
                                p.employee_name or "", _money(p.gross_pay), _money(p.net_pay),
                                _money(p.deductions.pension), _money(p.deductions.medical),
                                _money(p.deductions.unemployment), _money(p.deductions.other))
                               for p in slips)))
    if insured:
        labels = {"pension": "养老保险", "medical": "医疗保险", "unemployment": "失业保险",
                  "injury": "工伤保险", "maternity": "生育保险"}
        records.append(ExcerptTable(where, (
            "页", "行", "姓名", "险种", "起始", "终止", "状态", "缴费基数"), tuple(
            (str(i.page or ""), str(i.row or ""), i.name or "", labels.get(i.insurance or "", ""),
             i.start or "", i.end or "", i.status_text or "", _money(i.base)) for i in insured)))
    return Excerpt(what=WHAT.get(ex.document.kind, "多人材料"),
                   holder=person.name or "本人", keys=keys,
                   others=tuple(sorted((_people(ex) | others) - {""})),
                   records=tuple(records))


def prepared(w: Worker, as_of: dt.date, lists: Lists | None = None,
             opened: dict[Path, Original] | None = None) -> Prepared:
    """What ``shebao bundle`` gathers from a case folder, from the batch's worker: their case
    facts, their originals (named relative to the folder that holds them all; shared ones as
    the worker's excerpt), the batch's insured lists as excerpts, and their audit.
    ``opened``: originals already hashed and checked in this batch, by path."""
    opened = {} if opened is None else opened
    own = [(f.resolve(), w.sources.get(f)) for f in evidence_files(w)]
    listed = [(f.resolve(), ex) for f, ex in lists or []
              if f.suffix.lower() in SUPPORTED and f.resolve() not in {p for p, _ in own}]
    everything = [*own, *listed]
    root = Path(os.path.commonpath([f.parent for f, _ in everything]))
    files = []
    for path, ex in everything:
        if path not in opened:
            opened[path] = open_original(path, root)
        original = dataclasses.replace(opened[path], name=path.relative_to(root).as_posix())
        if ex is not None and shared(ex):
            original = dataclasses.replace(original, excerpt=excerpt_for(w, ex), pages=1)
        files.append(original)
    originals = Originals(files=files)
    context = build_context(w.case, w.result, originals.files, today=as_of)
    return Prepared(root, w.case, w.result, originals, context)


def write_evidence(outdir: Path, w: Worker, as_of: dt.date, *, bundles: bool = False,
                   lists: Lists | None = None,
                   opened: dict[Path, Original] | None = None) -> list[Path]:
    """Write the worker's evidence index and, with ``bundles``, their bundle and its manifest
    (module contract)."""
    targets = evidence_targets(outdir, w, bundles)
    if not targets:
        return []
    case = prepared(w, as_of, lists, opened)
    html = render("evidence-index", case.context)
    write_atomic(targets[0], html_to_pdf(html))
    write_atomic(targets[1], convert(html, "docx", KINDS["evidence-index"].title))
    if bundles:
        build_bundle(case, targets[2], created=as_of.isoformat())  # and its manifest
    return targets
