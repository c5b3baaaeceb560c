"""The desk's pages (Starlette, server-rendered Jinja2, htmx for the parts that update).

Contract
--------
``create_app(store_dir, *, worker=True) -> Starlette``. Views (Chinese pages):

==============================  ========================================================
``GET /``                        cases, the new-case form, import of a zipped case folder
``POST /cases``                  create a case (facts validated as ``case.yaml``)
``POST /cases/import``           import a zipped case folder
``GET /cases/{id}``              the case: facts, upload link, originals with what was read
``POST /cases/{id}/link``        a new phone upload link (token, expiry, QR code as SVG)
``GET /cases/{id}/uploads``      fragment: originals, reading state, rows and warnings
``POST /cases/{id}/files``       upload from the desk computer (same checks as the phone)
``GET /cases/{id}/originals/N``  an original as stored (by its id in this case only)
``POST /cases/{id}/audit``       queue the audit; ``GET`` it: fragment with the findings
``GET /cases/{id}/report.pdf``   the worker's report (masked ID) from the last audit
``GET /cases/{id}/export.zip``   the case folder (case.yaml + originals)
``POST /cases/{id}/delete``      delete the case and its originals (``confirm`` = the case's
                                 title typed again; otherwise refused, nothing deleted)
``GET|POST /u/{token}``          the phone page: pick or take photos/PDFs, see them arrive
``/cases/{id}/review/…``         review beside the image and corrections (:mod:`.review`)
==============================  ========================================================

Access (:mod:`.access`, :mod:`.login`): every route but ``/login``, ``/logout``, ``/setup``
and ``/static`` asks for a logged-in session when the desk has a password (always when
``require_password``, as ``shebao serve --lan`` sets), every state-changing request must carry
the session's CSRF token, and actions are logged without personal data. Drafts and the
evidence bundle: :mod:`.downloads`; the pension estimate and what-if projections:
:mod:`.estimate`. Two more guards: requests must name an allowed host (``hosts``; loopback
names unless on the network: ``TrustedHostMiddleware`` against DNS rebinding), and a POST
whose ``Origin`` is another site is refused with 403.

Refusals: a damaged data file of the desk (:mod:`.datafiles`) -> 503 page naming the file and
the problem (also in the server log and the action log, ``refused.damaged:<file>``); a
database that cannot be read or written -> 503 page; unknown, expired or closed upload token
-> 404/410 page; an upload that breaks :mod:`.uploads` limits -> 400/413 with the reason; a
case id that does not exist -> 404.
``public_url`` (``https://<LAN address>:<port>`` on the network) is the address put in the
upload links' QR codes, so a phone reaches the desk even when the volunteer opened it as
127.0.0.1. ``https`` (the desk is served over TLS, :mod:`.tls`) marks the session cookie
``Secure``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import logging
import shutil
import zipfile
from pathlib import Path

import segno
from jinja2 import Environment, PackageLoader, select_autoescape
from shebao.audit.basis import DATA_LABEL, split
from shebao.reports.legal import as_filed
from sqlalchemy.exc import DatabaseError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from shebao.errors import ShebaoError

from . import access as access_mod
from . import casefolder, downloads, estimate, review
from .access import Access
from .datafiles import DamagedFile
from .jobs import Worker
from .login import PUBLIC, login_routes
from .review_html import INSURANCE_ZH, STATUS_ZH
from .store import CaseRow, JobRow, LinkRow, Store, UploadRow, now
from .uploads import LINK_MINUTES, MAX_BYTES, Refused, check_upload, new_token, token_hash
from .volunteers import volunteer_routes

log = logging.getLogger("shebao.desk")
STATIC = Path(__file__).with_name("static")
STATE_ZH = {"queued": "排队中", "running": "正在读取", "done": "已读取", "failed": "读取失败"}
KIND_ZH = {"statement": "缴费明细", "payslip": "工资条"}
METHOD_ZH = {"text": "文字层", "ocr": "OCR 识别"}


class Desk:
    """What the views share: the store, the worker, the templates."""

    def __init__(self, store: Store, worker: Worker | None) -> None:
        self.store, self.worker = store, worker
        self._parsed: dict[tuple, dict] = {}  # job results parsed (:meth:`parsed`)
        self.env = Environment(loader=PackageLoader("shebao.desk", "templates"),
                               autoescape=select_autoescape(["html"]))
        self.env.globals.update(STATE_ZH=STATE_ZH, INSURANCE_ZH=INSURANCE_ZH, STATUS_ZH=STATUS_ZH,
                                KIND_ZH=KIND_ZH, METHOD_ZH=METHOD_ZH,
                                MAX_MB=MAX_BYTES // (1024 * 1024))
        self.env.filters["fromjson"] = json.loads
        # a finding's sources as people read them: legal basis apart from parameter sources
        self.env.filters["sources"] = lambda basis: split(basis, as_filed)
        self.env.globals["DATA_LABEL"] = DATA_LABEL

    def page(self, name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**context), status_code=status)

    def refuse(self, status: int, message: str) -> HTMLResponse:
        return self.page("refused.html", status, message=message)

    def case(self, case_id: int) -> CaseRow | None:
        with self.store() as s:
            return s.get(CaseRow, case_id)

    def submit(self, case_id: int, kind: str, upload_id: int | None = None) -> None:
        if self.worker is not None:
            self.worker.submit(case_id, kind, upload_id)
        else:  # no thread (tests of the queue's absence): the job waits in the table
            with self.store() as s:
                s.add(JobRow(case_id=case_id, kind=kind, upload_id=upload_id))
                s.commit()

    def uploads(self, case_id: int, results: bool = True) -> list[dict]:
        """Each original of the case with its last reading job (state, and with ``results``
        the rows and warnings read)."""
        from sqlalchemy import func

        with self.store() as s:
            rows = s.query(UploadRow).filter_by(case_id=case_id).order_by(UploadRow.id).all()
            last = (s.query(func.max(JobRow.id)).filter_by(case_id=case_id, kind="read")
                    .group_by(JobRow.upload_id))  # each upload's last reading only
            jobs = {j.upload_id: j for j in s.query(JobRow).filter(JobRow.id.in_(last))}
        out = []
        for row in rows:
            job = jobs.get(row.id)
            done = results and job is not None and job.result
            extract = self.parsed(job) if done else None
            out.append({"row": row, "state": job.state if job else "queued",
                        "error": job.error if job else None, "extract": extract,
                        "flagged": _flagged_rows(extract)})
        return out

    def parsed(self, job: JobRow) -> dict:
        """A finished job's JSON result, parsed once (a result is never changed once
        written; the parsed copy must not be modified by the caller)."""
        key = (job.id, job.finished)
        value = self._parsed.get(key)
        if value is None:
            value = self._parsed[key] = json.loads(job.result)
            while len(self._parsed) > 64:
                self._parsed.pop(next(iter(self._parsed)))
        return value

    def version(self, case_id: int) -> str:
        """A short fingerprint of the case's originals and reading states (cheap: no results
        are loaded), so a polling page is answered 204 when nothing changed."""
        with self.store() as s:
            uploads = [i for (i,) in s.query(UploadRow.id).filter_by(case_id=case_id)]
            states = s.query(JobRow.id, JobRow.state).filter_by(case_id=case_id, kind="read")
            text = f"{uploads}|{sorted(states)}"
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def last_audit(self, case_id: int) -> JobRow | None:
        with self.store() as s:
            return (s.query(JobRow).filter_by(case_id=case_id, kind="audit")
                    .order_by(JobRow.id.desc()).first())

    async def receive(self, case_id: int, files: list[UploadFile], source: str,
                      link_id: int | None = None) -> tuple[list[str], list[str]]:
        """Store and queue each file; (accepted names, refusal reasons)."""
        accepted, refused = [], []
        for upload in files:
            data = await upload.read(MAX_BYTES + 1)
            try:
                name = check_upload(upload.filename or "", data)
            except Refused as exc:
                refused.append(str(exc))
                continue
            row, new = casefolder.add_original(self.store, case_id, name, data, source,
                                               link_id)
            if new:
                self.submit(case_id, "read", row.id)
                accepted.append(row.name)
            else:
                refused.append(f"{name}：这份文件已经收到过（{row.name}）")
        return accepted, refused


def _flagged_rows(extract: dict | None) -> set[tuple[int | None, int | None]]:
    if not extract:
        return set()
    return {(w.get("page"), w.get("row")) for w in extract.get("warnings", []) if w.get("row")}


def _too_big(request: Request) -> bool:
    """More than ten files' worth in one request: refused before anything is spooled."""
    length = request.headers.get("content-length") or "0"
    return not length.isdigit() or int(length) > MAX_BYTES * 10


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _link(desk: Desk, token: str) -> tuple[LinkRow | None, Response | None]:
    with desk.store() as s:
        link = s.query(LinkRow).filter_by(token_sha256=token_hash(token)).first()
    if link is None:
        return None, desk.refuse(404, "这个上传链接不存在。请让志愿者重新生成二维码。")
    if link.closed or link.expires < now():
        return None, desk.refuse(410, "这个上传链接已过期或已关闭。请让志愿者重新生成二维码。")
    return link, None


LOOPBACK = ("127.0.0.1", "localhost")


class SameOriginPosts:
    """Refuse (403) a state-changing request whose ``Origin`` header names another site."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            headers = dict(scope["headers"])
            origin = headers.get(b"origin", b"").decode("latin-1")
            host = headers.get(b"host", b"").decode("latin-1")
            if origin and origin.split("://", 1)[-1] != host:
                response = HTMLResponse("<p>拒绝：来自其他网站的请求。</p>", status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(store_dir: Path, *, worker: bool = True, database_url: str | None = None,
               hosts: tuple[str, ...] = LOOPBACK, require_password: bool = False,
               public_url: str | None = None, https: bool = False) -> Starlette:
    access = Access(Path(store_dir), require_password)
    access.verify()  # a damaged data file stops the desk here, named (:mod:`.datafiles`)
    store = Store(Path(store_dir), database_url)
    desk = Desk(store, Worker(store) if worker else None)
    desk.env.globals.update(csrf_token=access_mod.csrf_token, who=access_mod.who,
                            open_desk=lambda: not access.login_needed)

    async def index(request: Request) -> Response:
        with store() as s:
            cases = s.query(CaseRow).order_by(CaseRow.id.desc()).all()
        return desk.page("index.html", cases=cases, error=request.query_params.get("error"))

    async def create(request: Request) -> Response:
        form = await request.form()
        try:
            case = casefolder.facts_from_form({k: str(v) for k, v in form.items()})
        except ShebaoError as exc:
            return desk.page("index.html", 400, cases=[], error=exc.zh)
        return RedirectResponse(f"/cases/{casefolder.create_case(store, case)}", 303)

    async def import_zip(request: Request) -> Response:
        form = await request.form(max_files=1)
        upload = form.get("archive")
        if not isinstance(upload, UploadFile):
            return desk.refuse(400, "请选择一个 ZIP 文件。")
        data = await upload.read(MAX_BYTES * 10 + 1)
        if len(data) > MAX_BYTES * 10:
            return desk.refuse(413, "ZIP 文件太大。")
        try:
            case_id = casefolder.import_zip(store, data)
        except ShebaoError as exc:
            return desk.refuse(400, f"无法导入：{exc.zh}")
        for item in desk.uploads(case_id, results=False):
            desk.submit(case_id, "read", item["row"].id)
        return RedirectResponse(f"/cases/{case_id}", 303)

    def with_case(view):
        async def wrapped(request: Request) -> Response:
            case_id = _int(request.path_params["case_id"])
            row = desk.case(case_id) if case_id is not None else None
            if row is None:
                return desk.refuse(404, "没有这个案件。")
            return await view(request, row)
        return wrapped

    async def case_page(request: Request, row: CaseRow) -> Response:
        return desk.page("case.html", case=row, facts=casefolder.case_facts(row),
                         uploads=desk.uploads(row.id), audit=_audit_view(desk, row.id),
                         version=desk.version(row.id), groups=review.phone_groups(desk, row))

    async def uploads_fragment(request: Request, row: CaseRow) -> Response:
        version = desk.version(row.id)
        if request.query_params.get("v") == version:
            return Response(status_code=204)  # htmx keeps the page as it is
        return desk.page("_uploads.html", case=row, uploads=desk.uploads(row.id),
                         version=version)

    async def new_link(request: Request, row: CaseRow) -> Response:
        token = new_token()
        expires = now() + dt.timedelta(minutes=LINK_MINUTES)
        with store() as s:
            s.add(LinkRow(case_id=row.id, token_sha256=token_hash(token), expires=expires))
            s.commit()
        url = (f"{public_url.rstrip('/')}/u/{token}" if public_url
               else str(request.url_for("phone", token=token)))
        svg = segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
        return desk.page("_link.html", url=url, svg=svg, minutes=LINK_MINUTES)

    async def desk_files(request: Request, row: CaseRow) -> Response:
        if _too_big(request):
            return desk.refuse(413, f"一次上传太多（每个文件上限 {MAX_BYTES >> 20} MB）。")
        form = await request.form(max_files=50)
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
        accepted, refused = await desk.receive(row.id, files, "desk")
        return desk.page("_uploads.html", 400 if refused and not accepted else 200, case=row,
                         uploads=desk.uploads(row.id), refused=refused,
                         version=desk.version(row.id))

    async def original(request: Request, row: CaseRow) -> Response:
        upload_id = _int(request.path_params["upload_id"])
        with store() as s:
            upload = s.get(UploadRow, upload_id) if upload_id is not None else None
        if upload is None or upload.case_id != row.id:
            return desk.refuse(404, "没有这份原件。")
        media = "application/pdf" if upload.name.lower().endswith(".pdf") else None
        return Response(store.blob(upload.sha256).read_bytes(),
                        media_type=media or "application/octet-stream")

    async def audit(request: Request, row: CaseRow) -> Response:
        if request.method == "POST":
            desk.submit(row.id, "audit")
        return desk.page("_audit.html", case=row, audit=_audit_view(desk, row.id))

    async def report_pdf(request: Request, row: CaseRow) -> Response:
        job = desk.last_audit(row.id)
        if job is None or job.state != "done":
            return desk.refuse(409, "请先完成审计，再下载报告。")
        from .report import report_pdf as make_pdf

        try:
            data = await run_in_threadpool(make_pdf, store, job)  # not on the event loop
        except ShebaoError as exc:
            return desk.refuse(400, f"无法生成报告：{exc.zh}")
        return Response(data, media_type="application/pdf", headers={
            "Content-Disposition": f"attachment; filename=\"case-{row.id}-report.pdf\""})

    async def export_zip(request: Request, row: CaseRow) -> Response:
        folder = store.work / f"export-{row.id}"
        shutil.rmtree(folder, ignore_errors=True)
        casefolder.export_case(store, row.id, folder)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, path.name)
        shutil.rmtree(folder, ignore_errors=True)
        return Response(buffer.getvalue(), media_type="application/zip", headers={
            "Content-Disposition": f"attachment; filename=\"case-{row.id}.zip\""})

    async def delete(request: Request, row: CaseRow) -> Response:
        form = await request.form()
        if str(form.get("confirm", "")).strip() != row.title:
            return desk.refuse(400, f"未删除：请在确认框里输入案件名称“{row.title}”。")
        with store() as s:
            busy = s.query(JobRow).filter(JobRow.case_id == row.id,
                                          JobRow.state.in_(("queued", "running"))).count()
        if busy:  # a job still writing for this case; never block the request waiting
            return desk.refuse(409, "未删除：这个案件还有材料在读取或审计，请完成后再删除。")
        removed = casefolder.delete_case(store, row.id)
        return desk.page("refused.html", message=f"案件“{row.title}”已删除，"
                         f"{removed} 份原件已从本机删除。", title="已删除")

    async def phone(request: Request) -> Response:
        token = request.path_params["token"]
        link, refusal = _link(desk, token)
        if refusal is not None:
            return refusal
        accepted: list[str] = []
        refused: list[str] = []
        status = 200
        if request.method == "POST":
            if _too_big(request):
                return desk.refuse(413, f"一次上传太多（每个文件上限 {MAX_BYTES >> 20} MB）。")
            form = await request.form(max_files=20)
            files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
            accepted, refused = await desk.receive(link.case_id, files, "phone", link.id)
            if refused and not accepted:
                status = 413 if any("太大" in r for r in refused) else 400
        template = "_phone_list.html" if request.headers.get("hx-request") else "phone.html"
        return desk.page(template, status, token=token,
                         uploads=desk.uploads(link.case_id, results=False),
                         accepted=accepted, refused=refused)

    routes = [
        Route("/", index),
        Route("/cases", create, methods=["POST"]),
        Route("/cases/import", import_zip, methods=["POST"]),
        Route("/cases/{case_id}", with_case(case_page)),
        Route("/cases/{case_id}/uploads", with_case(uploads_fragment)),
        Route("/cases/{case_id}/link", with_case(new_link), methods=["POST"]),
        Route("/cases/{case_id}/files", with_case(desk_files), methods=["POST"]),
        Route("/cases/{case_id}/originals/{upload_id}", with_case(original)),
        Route("/cases/{case_id}/audit", with_case(audit), methods=["GET", "POST"]),
        Route("/cases/{case_id}/report.pdf", with_case(report_pdf)),
        Route("/cases/{case_id}/export.zip", with_case(export_zip)),
        Route("/cases/{case_id}/delete", with_case(delete), methods=["POST"]),
        Route("/u/{token}", phone, methods=["GET", "POST"], name="phone"),
        *review.routes(desk, with_case),
        *downloads.routes(desk, with_case),
        *estimate.routes(desk, with_case),
        *login_routes(desk, access),
        *volunteer_routes(desk, access),
    ]

    def case_of_link(token: str) -> int | None:
        with store() as s:
            link = s.query(LinkRow).filter_by(token_sha256=token_hash(token)).first()
        return link.case_id if link else None

    routes = [*access_mod.guarded_routes(routes, access, desk.refuse, case_of_link, _too_big,
                                         PUBLIC),
              Mount("/static", StaticFiles(directory=STATIC), name="static")]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        if desk.worker is not None:
            desk.worker.close()

    async def damaged_file(request: Request, exc: Exception) -> Response:
        """A data file damaged while the desk runs: this request gets a page naming it, the
        server log and (when it can be written) the action log record it; nothing is saved
        over the file."""
        assert isinstance(exc, DamagedFile)
        log.error("接待台数据文件损坏：%s", exc.format())
        with contextlib.suppress(DamagedFile):
            access.append({"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                           "who": request.session.get("who") or "-",
                           "action": f"refused.damaged:{Path(exc.file or '').name}",
                           "case": None, "status": 503})
        return desk.page("refused.html", 503, message=exc.zh, title="接待台暂时无法使用")

    async def database_error(request: Request, exc: Exception) -> Response:
        log.error("接待台数据库出错：%s", " ".join(str(exc).split())[:300])
        return desk.page("refused.html", 503, title="接待台暂时无法使用", message=(
            "接待台的数据库（数据文件夹里的 desk.sqlite）无法读写。已经收到的材料没有删除；"
            "请把接待台终端里的错误信息交给负责电脑的人。"))

    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        DamagedFile: damaged_file, DatabaseError: database_error}, middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)),
        Middleware(SessionMiddleware, secret_key=access.key.hex(), session_cookie="shebao_desk",
                   max_age=access_mod.SESSION_HOURS * 3600, same_site="strict",
                   https_only=https),
        Middleware(SameOriginPosts)])
    app.state.desk = desk
    app.state.access = access
    return app


def import_folders(app: Starlette, folders: list[Path]) -> list[int]:
    """Each case folder imported as a new case, its originals queued for reading (all are
    checked by :func:`~.casefolder.import_case` before the next; an error names the folder)."""
    desk: Desk = app.state.desk
    ids = []
    for folder in folders:
        case_id = casefolder.import_case(desk.store, folder)
        for item in desk.uploads(case_id, results=False):
            desk.submit(case_id, "read", item["row"].id)
        ids.append(case_id)
    return ids


def _audit_view(desk: Desk, case_id: int) -> dict | None:
    job = desk.last_audit(case_id)
    if job is None:
        return None
    result = desk.parsed(job) if job.result else None
    return {"job": job, "result": result}
