"""Each worker's own evidence bundle and evidence index, from a factory batch.

Contract: for a :class:`~.workforce.Worker` whose documents include originals a bundle can hold
(PDF, photos, xlsx, csv: :data:`shebao.reports.originals.SUPPORTED`; an ``shebao.extract/1``
JSON is not an original), :func:`evidence_targets` names, under ``OUTDIR/workers/``::

    <序号>_<姓名>-证据材料.pdf             the evidence bundle, as ``shebao bundle`` makes it
    <序号>_<姓名>-证据材料.manifest.json   its manifest (shebao.bundle/1; ``shebao verify``)
    <序号>_<姓名>-证据目录.pdf / .docx     the evidence index, as ``shebao draft --kind
                                           evidence-index`` makes it

and :func:`write_evidence` writes them through the reports stage's public functions only
(:func:`~shebao.reports.context.build_context` on the worker's case facts -- the audit and the
roster: :attr:`~.workforce.Worker.case` --, :func:`~shebao.reports.bundle.build_bundle`,
:func:`~shebao.reports.templating.render`, :func:`~shebao.reports.formats.convert`). The
bundle's stated creation time is the batch's as-of day, so a resumed run writes the same
bytes. A worker with no such original gets none (the summary row says ``null``). A factory
pay sheet is every worker's original: each bundle holds the whole sheet as it was given.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from shebao.reports.bundle import build_bundle
from shebao.reports.context import build_context
from shebao.reports.formats import convert
from shebao.reports.manifest import sidecar_path
from shebao.reports.originals import SUPPORTED, Originals, open_original
from shebao.reports.pdf_engine import html_to_pdf
from shebao.reports.prepare import Prepared
from shebao.reports.templating import KINDS, render

from shebao.outputs import write_atomic

if TYPE_CHECKING:
    from .workforce import Worker

BUNDLE = "证据材料"
INDEX = KINDS["evidence-index"].filename  # 证据目录


def evidence_files(w: Worker) -> list[Path]:
    """The worker's documents a bundle can hold, each once, in the batch's order."""
    return list(dict.fromkeys(f for f in w.files if f.suffix.lower() in SUPPORTED))


def evidence_names(w: Worker) -> dict[str, str] | None:
    """The files' names relative to OUTDIR (the ``shebao.batch/1`` row), or None."""
    if not evidence_files(w):
        return None
    bundle = Path(f"workers/{w.stem}-{BUNDLE}.pdf")
    return {"bundle": bundle.as_posix(), "bundle_manifest": sidecar_path(bundle).as_posix(),
            "evidence_index": f"workers/{w.stem}-{INDEX}.pdf",
            "evidence_index_docx": f"workers/{w.stem}-{INDEX}.docx"}


def evidence_targets(outdir: Path, w: Worker) -> list[Path]:
    names = evidence_names(w)
    return [outdir / name for name in names.values()] if names else []


def prepared(w: Worker, as_of: dt.date) -> Prepared:
    """What ``shebao bundle`` gathers from a case folder, from the batch's worker: their case
    facts, their originals (named relative to the folder that holds them all), their audit."""
    files = [f.resolve() for f in evidence_files(w)]
    root = Path(os.path.commonpath([f.parent for f in files]))
    originals = Originals(files=[open_original(f, root) for f in files])
    context = build_context(w.case, w.result, originals.files, today=as_of)
    return Prepared(root, w.case, w.result, originals, context)


def write_evidence(outdir: Path, w: Worker, as_of: dt.date) -> list[Path]:
    """Write the worker's bundle, its manifest and the evidence index (module contract)."""
    targets = evidence_targets(outdir, w)
    if not targets:
        return []
    bundle_pdf, _, index_pdf, index_docx = targets
    case = prepared(w, as_of)
    build_bundle(case, bundle_pdf, created=as_of.isoformat())  # and its manifest
    html = render("evidence-index", case.context)
    write_atomic(index_pdf, html_to_pdf(html))
    write_atomic(index_docx, convert(html, "docx", KINDS["evidence-index"].title))
    return targets
