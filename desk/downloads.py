"""Drafts and the evidence bundle from a desk case, made as the command line makes them.

Contract
--------
From the case's last finished audit (the case folder that audit read, ``work/case-<id>-<job>/``,
and its ``shebao.audit/1`` result; :func:`.report.audited_folder`):

* :func:`draft(store, job, kind, fmt) -> bytes`: :func:`shebao.reports.prepare.prepare`, then
  :func:`~shebao.reports.templating.render` and :func:`~shebao.reports.formats.convert` --
  what ``shebao draft CASE --kind KIND --format FMT`` does (ID numbers unmasked in filed
  drafts, as there: they go to an authority). :data:`DRAFTS` are the kinds offered; ``fmt`` is
  ``docx`` or ``pdf``. A case with no arbitrable claim raises :class:`NotDrafted` with the
  reason the CLI prints.
* :func:`bundle(store, job, with_zip) -> (name, bytes)`:
  :func:`shebao.reports.bundle.build_bundle` as ``shebao bundle CASE -o … [--zip]``: the
  bundle PDF, or the ZIP (bundle PDF, DOCX drafts, untouched originals, manifest).

Routes (``routes(desk, with_case)``): ``GET /cases/{id}/drafts`` (fragment: what can be
downloaded, or why not yet), ``GET /cases/{id}/drafts/{kind}.{fmt}``, ``GET
/cases/{id}/bundle.pdf``, ``GET /cases/{id}/bundle.zip``. The work runs in a thread, not on
the server's event loop; 409 until an audit has finished.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

from shebao.reports.formats import convert
from shebao.reports.prepare import prepare
from shebao.reports.templating import KINDS, render
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shebao.errors import ShebaoError

from .report import audited_folder
from .store import JobRow, Store

DRAFTS = ("complaint", "arbitration", "evidence-index", "arrears")
FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf"}


class NotDrafted(Exception):
    """This case gets no such document; ``str()`` is the reason (Chinese, as the CLI says)."""


def _prepared(store: Store, job: JobRow):
    folder, audit_file = audited_folder(store, job)
    return prepare(folder, audit_file)


def absent(store: Store, job: JobRow) -> dict[str, str]:
    """Kinds of :data:`DRAFTS` this case does not get, with the reason."""
    reason = _prepared(store, job).context.arbitration_absent
    return {"arbitration": reason} if reason else {}


def draft(store: Store, job: JobRow, kind: str, fmt: str) -> bytes:
    prepared = _prepared(store, job)
    if kind == "arbitration" and prepared.context.arbitration_absent:
        raise NotDrafted(f"不起草仲裁申请书：{prepared.context.arbitration_absent}")
    return convert(render(kind, prepared.context), fmt, KINDS[kind].title)


def bundle(store: Store, job: JobRow, with_zip: bool) -> tuple[str, bytes]:
    from shebao.reports.bundle import build_bundle

    prepared = _prepared(store, job)
    out = store.work / f"bundle-{job.case_id}-{job.id}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    try:
        pdf = out / f"案件{job.case_id}-证据材料.pdf"
        result = build_bundle(prepared, pdf, with_zip=with_zip)
        path = result.zip if with_zip and result.zip else result.pdf
        return path.name, Path(path).read_bytes()
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _attachment(data: bytes, media: str, name: str) -> Response:
    return Response(data, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def routes(desk, with_case) -> list[Route]:
    def finished(case_id: int) -> JobRow | None:
        job = desk.last_audit(case_id)
        return job if job is not None and job.state == "done" else None

    async def listing(request: Request, row) -> Response:
        job = desk.last_audit(row.id)
        if job is None or job.state != "done":
            return desk.page("_drafts.html", case=row, job=job, kinds=[], absent={})
        try:
            missing = await run_in_threadpool(absent, desk.store, job)
        except ShebaoError as exc:
            return desk.page("_drafts.html", case=row, job=job, kinds=[], absent={},
                             error=exc.zh)
        kinds = [(k, KINDS[k].title) for k in DRAFTS]
        return desk.page("_drafts.html", case=row, job=job, kinds=kinds, absent=missing)

    async def one_draft(request: Request, row) -> Response:
        kind, fmt = request.path_params["kind"], request.path_params["fmt"]
        if kind not in DRAFTS or fmt not in FORMATS:
            return desk.refuse(404, "没有这种文书。")
        job = finished(row.id)
        if job is None:
            return desk.refuse(409, "请先完成审计，再下载文书。")
        try:
            data = await run_in_threadpool(draft, desk.store, job, kind, fmt)
        except NotDrafted as exc:
            return desk.refuse(409, str(exc))
        except ShebaoError as exc:
            return desk.refuse(400, f"无法生成文书：{exc.zh}")
        return _attachment(data, FORMATS[fmt], f"案件{row.id}-{KINDS[kind].filename}.{fmt}")

    def bundle_view(with_zip: bool):
        async def view(request: Request, row) -> Response:
            job = finished(row.id)
            if job is None:
                return desk.refuse(409, "请先完成审计，再生成证据材料。")
            try:
                name, data = await run_in_threadpool(bundle, desk.store, job, with_zip)
            except ShebaoError as exc:
                return desk.refuse(400, f"无法生成证据材料：{exc.zh}")
            return _attachment(data, "application/zip" if with_zip else "application/pdf", name)
        return view

    return [
        Route("/cases/{case_id}/drafts", with_case(listing)),
        Route("/cases/{case_id}/drafts/{kind}.{fmt}", with_case(one_draft)),
        Route("/cases/{case_id}/bundle.pdf", with_case(bundle_view(False))),
        Route("/cases/{case_id}/bundle.zip", with_case(bundle_view(True))),
    ]
