"""Drafts and the evidence bundle from a desk case, made as the command line makes them.

Contract
--------
From the case's last finished audit (the case folder that audit read, ``work/case-<id>-<job>/``,
and its ``shebao.audit/1`` result; :func:`.report.audited_folder`), :func:`make` runs
:func:`shebao.reports.prepare.prepare` and then

* a draft: :func:`~shebao.reports.templating.render` and
  :func:`~shebao.reports.formats.convert` -- what ``shebao draft CASE --kind KIND --format
  FMT`` does (ID numbers unmasked in filed drafts, as there: they go to an authority).
  :data:`DRAFTS` are the kinds offered; ``fmt`` is ``docx`` or ``pdf``. A case with no
  arbitrable claim gets no arbitration application, with the reason the CLI prints (409);
* the bundle: :func:`shebao.reports.bundle.build_bundle` as ``shebao bundle CASE -o … [--zip]``:
  the bundle PDF, or the ZIP (bundle PDF, DOCX drafts, untouched originals, manifest), written
  in a folder of its own under ``work/`` and removed once read.

The work runs in one spawned *documents process* (:func:`produce`; a bundle is ~25 s of
WeasyPrint), never on the web server's interpreter, so the pages of other volunteers stay
quick; only plain data crosses (as in :mod:`.jobs`).

Routes (``routes(desk, with_case)``): ``GET /cases/{id}/drafts`` (fragment: what can be
downloaded, or why not yet), ``GET /cases/{id}/drafts/{kind}.{fmt}``, ``GET
/cases/{id}/bundle.pdf``, ``GET /cases/{id}/bundle.zip``; 409 until an audit has finished.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import shutil
import tempfile
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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

log = logging.getLogger("shebao.desk")
DRAFTS = ("complaint", "arbitration", "evidence-index", "arrears")
FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf"}


def make(what: str, folder: str, audit_file: str, kind: str = "", fmt: str = "",
         out_dir: str = "", stem: str = "") -> tuple[str, str, bytes]:
    """Run in the documents process (plain data in and out, as :mod:`.jobs` does):
    ``("done", file name or the arbitration reason, bytes)``, ``("refused", reason, b"")``,
    ``("error", the stages' Chinese reason, b"")`` or ``("bug", traceback, b"")``.

    ``what``: ``absent`` (the reason no arbitration application is drafted, or ""),
    ``draft`` (``kind`` as ``fmt``), ``bundle`` / ``bundle_zip`` (written in ``out_dir`` as
    ``<stem>-证据材料.pdf`` / ``.zip``)."""
    try:
        prepared = prepare(Path(folder), Path(audit_file))
        reason = prepared.context.arbitration_absent or ""
        if what == "absent":
            return "done", reason, b""
        if what == "draft":
            if kind == "arbitration" and reason:
                return "refused", f"不起草仲裁申请书：{reason}", b""
            return "done", "", convert(render(kind, prepared.context), fmt, KINDS[kind].title)
        from shebao.reports.bundle import build_bundle

        pdf = Path(out_dir) / f"{stem}-证据材料.pdf"
        result = build_bundle(prepared, pdf, with_zip=what == "bundle_zip")
        path = result.zip if what == "bundle_zip" and result.zip else result.pdf
        return "done", path.name, Path(path).read_bytes()
    except ShebaoError as exc:
        return "error", exc.zh, b""
    except Exception:
        return "bug", traceback.format_exc(), b""


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        return _pool


async def produce(store: Store, job: JobRow, what: str, kind: str = "", fmt: str = ""
                  ) -> tuple[str, str, bytes]:
    """:func:`make` for the case folder and audit of ``job``, in the documents process."""
    global _pool
    folder, audit_file = await run_in_threadpool(audited_folder, store, job)
    out = Path(tempfile.mkdtemp(prefix=f"documents-{job.case_id}-", dir=store.work))
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_executor(), make, what, str(folder),
                                          str(audit_file), kind, fmt, str(out),
                                          f"案件{job.case_id}")
    except BrokenProcessPool:  # the process died (memory): a new one next time
        with _pool_lock:
            _pool = None
        return "bug", "documents process stopped", b""
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _attachment(data: bytes, media: str, name: str) -> Response:
    return Response(data, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def routes(desk, with_case) -> list[Route]:
    def finished(case_id: int) -> JobRow | None:
        job = desk.last_audit(case_id)
        return job if job is not None and job.state == "done" else None

    def failed(state: str, text: str, what: str) -> Response:
        if state == "refused":
            return desk.refuse(409, text)
        if state == "error":
            return desk.refuse(400, f"无法生成{what}：{text}")
        log.error("desk documents: %s", text)
        return desk.refuse(500, f"无法生成{what}：内部错误（已记入服务器日志）")

    async def listing(request: Request, row) -> Response:
        job = desk.last_audit(row.id)
        if job is None or job.state != "done":
            return desk.page("_drafts.html", case=row, job=job, kinds=[], absent={})
        state, text, _ = await produce(desk.store, job, "absent")
        if state != "done":
            return desk.page("_drafts.html", case=row, job=job, kinds=[], absent={},
                             error=text if state == "error" else "内部错误")
        kinds = [(k, KINDS[k].title) for k in DRAFTS]
        return desk.page("_drafts.html", case=row, job=job, kinds=kinds,
                         absent={"arbitration": text} if text else {})

    async def one_draft(request: Request, row) -> Response:
        kind, fmt = request.path_params["kind"], request.path_params["fmt"]
        if kind not in DRAFTS or fmt not in FORMATS:
            return desk.refuse(404, "没有这种文书。")
        job = finished(row.id)
        if job is None:
            return desk.refuse(409, "请先完成审计，再下载文书。")
        state, text, data = await produce(desk.store, job, "draft", kind, fmt)
        if state != "done":
            return failed(state, text, "文书")
        return _attachment(data, FORMATS[fmt], f"案件{row.id}-{KINDS[kind].filename}.{fmt}")

    def bundle_view(with_zip: bool):
        async def view(request: Request, row) -> Response:
            job = finished(row.id)
            if job is None:
                return desk.refuse(409, "请先完成审计，再生成证据材料。")
            state, name, data = await produce(desk.store, job,
                                              "bundle_zip" if with_zip else "bundle")
            if state != "done":
                return failed(state, name, "证据材料")
            return _attachment(data, "application/zip" if with_zip else "application/pdf", name)
        return view

    return [
        Route("/cases/{case_id}/drafts", with_case(listing)),
        Route("/cases/{case_id}/drafts/{kind}.{fmt}", with_case(one_draft)),
        Route("/cases/{case_id}/bundle.pdf", with_case(bundle_view(False))),
        Route("/cases/{case_id}/bundle.zip", with_case(bundle_view(True))),
    ]
