"""The worker's report from a desk audit, through the reports stage's public functions.

Contract: :func:`report_html(store, job) -> str` and :func:`report_pdf(store, job) -> bytes`
for a finished ``audit`` job: the case folder that job audited (``work/case-<id>-<job>/``)
and its ``shebao.audit/1`` result go through :func:`shebao.reports.prepare.prepare` with the
ID number masked, :func:`shebao.reports.templating.render` (kind ``report``) and
:func:`shebao.reports.formats.convert` -- what ``shebao draft CASE --kind report`` does, so
the same case gives the same report from the desk and from the command line.
"""

from __future__ import annotations

from pathlib import Path

from shebao.reports.formats import convert
from shebao.reports.prepare import prepare
from shebao.reports.templating import KINDS, render

from .jobs import case_folder
from .store import JobRow, Store


def audited_folder(store: Store, job: JobRow) -> tuple[Path, Path]:
    folder = store.work / f"case-{job.case_id}-{job.id}"
    if not folder.is_dir():  # work/ was cleaned: the same case, exported again
        case_folder(store, job.case_id, job.id)
    audit_file = store.work / f"audit-{job.id}.json"
    audit_file.write_text(job.result or "", encoding="utf-8")
    return folder, audit_file


def report_html(store: Store, job: JobRow) -> str:
    folder, audit_file = audited_folder(store, job)
    return render("report", prepare(folder, audit_file, mask_ids=True).context)


def report_pdf(store: Store, job: JobRow) -> bytes:
    return convert(report_html(store, job), "pdf", KINDS["report"].title)
