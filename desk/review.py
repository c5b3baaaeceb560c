"""Review beside the image: what was read from an upload, the page it was read from, and
corrections by hand.

Contract
--------
:func:`routes(desk, with_case) -> list[Route]` (mounted by :func:`.app.create_app`):

======================================================  =================================
``GET /cases/{id}/review/{upload}``                      the page: each page image with the
                                                         table cells drawn over it (from
                                                         :mod:`.layout`) beside the rows read
``GET /cases/{id}/review/{upload}/p{n}.jpg``             page image ``n`` of that reading
``POST /cases/{id}/review/{upload}/correct``             a correction (form: ``page``,
                                                         ``row``, ``insurance``, ``field``,
                                                         ``record``, ``new``, ``by``);
                                                         answers the table
``POST /cases/{id}/review/{upload}/column``              a column's role (form: ``where``
                                                         ``page:table:column``, ``new`` a
                                                         role, ``by``); stored, the upload
                                                         read again with it; 303 to the page
``POST /cases/{id}/links/{link}/split``                  that phone link's photos are read as
                                                         separate documents (``join``: one)
======================================================  =================================

The rows shown are the reading's contributions, one line per printed row and insurance (a
range row's months together), its annual rows and its pay slips
(:data:`.review_html.COLUMNS`), with the case's corrections applied by
:func:`shebao.audit.corrections.apply_corrections` - the function the audit applies them
with - so what the volunteer sees corrected is what the audit uses. A corrected value is
shown as corrected by hand with the value read beside it. Cells to check, as in
``--debug-image``: rows a self-check warning names (amber) and cells with a word read below
the OCR's low-confidence mark (magenta, over the image and in the table).

A correction stores (:class:`.store.CorrectionRow`) who (``by``, remembered in the
``desk_volunteer`` cookie), when, the value as read (taken from the reading on the server,
never from the form) and the new value (checked by
:func:`~shebao.audit.corrections.check_value`). The latest correction of a cell is the one
exported and audited; all are kept and listed. A month can be corrected only on a row that
holds one month (a printed range is corrected at its cells' amounts).

A column's role (its field: "this column is the 个人缴费 amount, not the rate", or "ignore")
is corrected from the columns of the tables as read (the reading's layout ``tables``): stored as
a correction with ``field`` ``column`` (the role read taken from the reading on the server),
then a ``read`` job reads the upload again with the upload's column corrections
(:mod:`shebao.ingest.roles`: the records derived afresh from the cells; the OCR from its
cache), as ``shebao audit`` reads the exported case folder. Until that reading is done the
page shows the previous one and says so.

Speed: the rows and the boxes over the images are built as HTML in one pass
(:mod:`.review_html`) and kept per (reading, layout, corrections) in :data:`_CACHE`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from shebao.audit.corrections import FIELD_ZH, apply_corrections, check_value
from shebao.ingest.roles import role_names, role_zh
from shebao.reports.case import Correction
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shebao.records import Extract

from . import review_html
from .access import who
from .casefolder import as_correction, latest_corrections
from .jobs import layout_file, pages_folder
from .store import CorrectionRow, JobRow, LinkRow, UploadRow, now

log = logging.getLogger("shebao.desk")

RECORD_LISTS = {"contribution": "contributions", "annual": "annual", "payslip": "payslips"}
EDITABLE = {kind: tuple(f for f, _ in cols if f not in review_html.SHOWN_ONLY)
            for kind, cols in review_html.COLUMNS.items()}
# record field -> the column fields of the layout a value of it is read from
CELL_FIELDS = {"month": ("month", "period", "start", "year", "ym"), "base": ("base",),
               "employer_amount": ("employer_amount",), "personal_amount": ("personal_amount",),
               "status": ("status",), "year": ("year",), "months": ("months",),
               "annual_base": ("annual_base", "base"), "gross_pay": ("gross_pay",),
               "net_pay": ("net_pay",),
               **{f"deductions.{k}": (k,) for k in ("pension", "medical", "unemployment",
                                                    "housing_fund", "income_tax")},
               "deductions.other": ("other_deduction", "deductions_total")}
_CACHE: dict[tuple, dict] = {}  # the page's heavy parts per reading and corrections
_CACHE_SIZE = 16


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def upload_corrections(desk, upload: UploadRow) -> list[CorrectionRow]:
    with desk.store() as s:
        return (s.query(CorrectionRow).filter_by(upload_id=upload.id)
                .order_by(CorrectionRow.id).all())


def as_corrections(rows: list[CorrectionRow], name: str) -> list[Correction]:
    return [as_correction(r, name) for r in latest_corrections(rows)]


def reading(desk, upload: UploadRow) -> tuple[JobRow | None, dict | None, dict | None, bool]:
    """(last finished read job - or the last one when none finished -, extract JSON as read,
    layout, whether a newer reading is queued or running: after a column's role was
    corrected the page shows the reading it has until the new one is done). The JSON is
    parsed once per job (:meth:`.app.Desk.parsed`) and the layout once per version of its
    file; neither may be modified by the caller."""
    with desk.store() as s:
        jobs = (s.query(JobRow).filter_by(upload_id=upload.id, kind="read")
                .order_by(JobRow.id.desc()).limit(8).all())
    done = next((j for j in jobs if j.state in ("done", "failed")), None)
    job = done or (jobs[0] if jobs else None)
    pending = bool(jobs) and jobs[0].state in ("queued", "running")
    extract = desk.parsed(job) if job is not None and job.result else None
    layout = _layout(layout_file(desk.store, upload.sha256, job.id)) if job else None
    return job, extract, layout, pending


_LAYOUTS: dict[tuple, dict] = {}


def _layout(path: Path) -> dict | None:
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None
    layout = _LAYOUTS.get(key)
    if layout is None:
        try:
            layout = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:  # derived data: the rows are shown without boxes
            log.warning("layout %s cannot be read (%s): the page is shown without boxes",
                        path, exc)
            return None
        if not isinstance(layout, dict):
            log.warning("layout %s is not an object: the page is shown without boxes", path)
            return None
        _LAYOUTS[key] = layout
        while len(_LAYOUTS) > 16:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
    return layout


def _value(record: dict, field: str) -> object:
    for part in field.split("."):
        record = (record or {}).get(part)
    return record


def table_rows(extract: dict, corrected: Extract, low_cells: set[tuple], kind: str
               ) -> list[dict]:
    """One line per printed row (and insurance) of one kind of record: months, values as
    corrected, the values read, whether a warning names the row, which cells were read with
    low confidence."""
    from shebao.audit.corrections import get_value

    flagged = {(w.get("page"), w.get("row")) for w in extract.get("warnings", [])
               if w.get("row")}
    marks = {(c["page"], c["row"], c.get("insurance"), c["field"]): c
             for c in (corrected.document.model_extra or {}).get("corrections") or []
             if c.get("column") is None and (c.get("record") or "contribution") == kind}
    listed = RECORD_LISTS[kind]
    low_rows = {(page, row) for page, row, _, _ in low_cells}
    lines: dict[tuple, dict] = {}
    for raw, now_ in zip(extract.get(listed, []), getattr(corrected, listed), strict=True):
        insurance = raw.get("insurance")
        key = (raw.get("page"), raw.get("row"), insurance)
        line = lines.get(key)
        if line is None:
            line = lines[key] = {
                "page": key[0], "row": key[1], "insurance": insurance, "months": [],
                "name": raw.get("employee_name"),
                "values": {f: get_value(now_, f) for f in EDITABLE[kind]},
                "read": {f: _value(raw, f) for f in EDITABLE[kind]},
                "warn": (key[0], key[1]) in flagged, "corrected": {}, "low": set()}
            for field in EDITABLE[kind]:
                mark = marks.get((key[0], key[1], insurance, field))
                if mark is not None:
                    line["corrected"][field] = mark
                if (key[0], key[1]) in low_rows and any(
                        (key[0], key[1], f, g) in low_cells for f in CELL_FIELDS[field]
                        for g in (insurance, None)):
                    line["low"].add(field)
        line["months"].append(getattr(now_, "month", None) or getattr(now_, "year", None))
    for line in lines.values():
        months = line["months"]
        line["month_text"] = months[0] if len(months) == 1 else f"{months[0]}至{months[-1]}"
    return list(lines.values())


def column_choices(layout: dict | None, extract: dict | None) -> list[dict]:
    """Each column of each table read (from the layout), as the column form lists them,
    with the roles corrected by hand marked (``document.corrections`` entries with
    ``column``)."""
    fixed = {(c["page"], c.get("table") or 1, c["column"]): c
             for c in ((extract or {}).get("document", {}).get("corrections") or [])
             if c.get("column") is not None}
    out = []
    for page in (layout or {}).get("pages", []):
        for table in page.get("tables", []):
            for col in table["columns"]:
                key = (page["page"], table["table"], col["column"])
                out.append({"value": f"{key[0]}:{key[1]}:{key[2]}", "page": key[0],
                            "table": key[1], "column": key[2], "label": col["label"],
                            "group": review_html.INSURANCE_ZH.get(col.get("group") or "", ""),
                            "field": col["field"], "role": role_zh(col["field"]),
                            "fixed": fixed.get(key)})
    return out


def _heavy(extract: dict, layout: dict | None, rows: list[CorrectionRow], name: str) -> dict:
    corrected = apply_corrections(Extract.from_json_dict(extract), as_corrections(rows, name))
    unapplied = [w.message for w in corrected.warnings if w.code == "correction_not_applied"]
    low = {(p["page"], c["row"], c["field"], c["group"])
           for p in (layout or {}).get("pages", []) for c in p["cells"] if not c["ok"]}
    tables, counts, shown = [], {}, set()
    for kind in review_html.COLUMNS:
        lines = table_rows(extract, corrected, low, kind)
        counts[kind] = len(lines)
        if lines:
            tables.append(review_html.table(lines, kind))
            shown |= {f for field in EDITABLE[kind] for f in CELL_FIELDS[field]}
    figures = [{"page": p["page"], "method": p["method"], "image": p["image"],
                "svg": review_html.overlay(p, shown)}
               for p in (layout or {}).get("pages", []) if p.get("image")]
    return {"unapplied": unapplied, "tables": tables, "counts": counts, "figures": figures,
            "columns": column_choices(layout, extract)}


def review_context(desk, case, upload: UploadRow) -> dict:
    """What the review page shows. The heavy parts (the rows as HTML, the boxes over the
    images) are built once per reading and set of corrections and kept (:data:`_CACHE`)."""
    job, extract, layout, pending = reading(desk, upload)
    rows = upload_corrections(desk, upload)
    heavy: dict = {"unapplied": [], "tables": [], "counts": {}, "figures": [], "columns": []}
    if extract is not None:
        path = layout_file(desk.store, upload.sha256, job.id)
        key = (str(desk.store.root), upload.id, upload.name, job.id,
               path.stat().st_mtime_ns if layout is not None else None,
               tuple((r.id, r.old, r.new) for r in rows))
        heavy = _CACHE.get(key) or _heavy(extract, layout, rows, upload.name)
        _CACHE[key] = heavy
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
    return {"case": case, "upload": upload, "job": job, "extract": extract, "layout": layout,
            "pending": pending, "history": rows, "FIELD_ZH": FIELD_ZH, "role_zh": role_zh,
            "roles": sorted(role_names(), key=lambda r: (r == "ignore", role_zh(r))),
            "cell_fields": CELL_FIELDS, **heavy}


def phone_groups(desk, case) -> list[dict]:
    """Each phone link that brought two or more photos: its photos in order, and whether
    they are read as one document (what :func:`.casefolder.phone_documents` exports)."""
    with desk.store() as s:
        uploads = (s.query(UploadRow).filter(UploadRow.case_id == case.id,
                                             UploadRow.link_id.is_not(None))
                   .order_by(UploadRow.id).all())
        links = {link.id: link for link in s.query(LinkRow).filter_by(case_id=case.id)}
    from shebao.files import IMAGE_SUFFIXES

    by_link: dict[int, list[str]] = {}
    for upload in uploads:
        if Path(upload.name).suffix.lower() in IMAGE_SUFFIXES:
            by_link.setdefault(upload.link_id, []).append(upload.name)
    return [{"link": links[i], "files": names} for i, names in by_link.items()
            if len(names) > 1 and i in links]


def routes(desk, with_case) -> list[Route]:
    def upload_of(request: Request, case) -> UploadRow | None:
        upload_id = _int(request.path_params.get("upload_id"))
        with desk.store() as s:
            upload = s.get(UploadRow, upload_id) if upload_id is not None else None
        return upload if upload is not None and upload.case_id == case.id else None

    async def review(request: Request, case) -> Response:
        upload = upload_of(request, case)
        if upload is None:
            return desk.refuse(404, "没有这份原件。")
        return desk.page("review.html",
                         volunteer=volunteer_name(request.cookies.get("desk_volunteer", "")),
                         **review_context(desk, case, upload))

    async def page_image(request: Request, case) -> Response:
        upload = upload_of(request, case)
        number = _int(request.path_params.get("number"))
        if upload is None or number is None:
            return desk.refuse(404, "没有这一页。")
        path = pages_folder(desk.store, upload.sha256) / f"p{number}.jpg"
        if not path.is_file():
            return desk.refuse(404, "没有这一页。")
        return Response(path.read_bytes(), media_type="image/jpeg",
                        headers={"Cache-Control": "private, max-age=3600"})

    async def correct(request: Request, case) -> Response:
        upload = upload_of(request, case)
        if upload is None:
            return desk.refuse(404, "没有这份原件。")
        form = {k: str(v) for k, v in (await request.form()).items()}
        page, row = _int(form.get("page")), _int(form.get("row"))
        field, insurance = form.get("field", ""), form.get("insurance") or None
        kind = form.get("record") or "contribution"
        # a volunteer logged in is who corrects (the form's name only on an open desk)
        by = (who() or form.get("by", "")).strip()[:100]
        _, extract, _, _ = reading(desk, upload)
        error = None
        hits = [c for c in (extract or {}).get(RECORD_LISTS.get(kind, ""), [])
                if c.get("page") == page and c.get("row") == row
                and c.get("insurance") == insurance]
        if kind not in EDITABLE or field not in EDITABLE[kind] or not hits:
            error = "没有这个单元格。"
        elif not by:
            error = "请填写更正人（志愿者姓名）。"
        elif field == "month" and len(hits) > 1:
            error = "这一行是一个时间段，月份不能逐月更正；请在备注中说明。"
        else:
            try:
                new = check_value(field, form.get("new"))
            except ValueError as exc:
                error = str(exc)
        if error is None:
            month = hits[0].get("month") or str(hits[0].get("year") or "") or None
            with desk.store() as s:
                s.add(CorrectionRow(case_id=case.id, upload_id=upload.id, page=page, row=row,
                                    insurance=insurance, field=field, month=month,
                                    record=None if kind == "contribution" else kind,
                                    old=json.dumps(_value(hits[0], field)),
                                    new=json.dumps(new), by=by, at=now()))
                s.commit()
        # htmx swaps only 2xx answers: the form's own posts get the message with 200
        status = 400 if error and not request.headers.get("hx-request") else 200
        response = desk.page("_review_table.html", status, error=error, volunteer=by,
                             **review_context(desk, case, upload))
        if by:
            response.set_cookie("desk_volunteer", _cookie_text(by), max_age=86400 * 30,
                                httponly=True, samesite="strict")
        return response

    async def column(request: Request, case) -> Response:
        """A column's role corrected: stored like a cell's correction (old role taken from
        the reading on the server), then the upload is read again with it (a ``read`` job:
        the records derived afresh from the cells, the OCR from its cache)."""
        upload = upload_of(request, case)
        if upload is None:
            return desk.refuse(404, "没有这份原件。")
        form = {k: str(v) for k, v in (await request.form()).items()}
        by = (who() or form.get("by", "")).strip()[:100]
        new = form.get("new", "")
        where = [*form.get("where", "").split(":"), "", ""][:3]
        page, table, number = (_int(p) for p in where)
        _, extract, layout, _ = reading(desk, upload)
        chosen = next((c for c in column_choices(layout, extract)
                       if (c["page"], c["table"], c["column"]) == (page, table, number)), None)
        error = None
        if chosen is None:
            error = "没有这一列。"
        elif new not in role_names():
            error = "请选择这一列的含义。"
        elif new == chosen["field"]:
            error = "这一列已经是这个含义。"
        elif not by:
            error = "请填写更正人（志愿者姓名）。"
        if error is not None:
            return desk.page("review.html", 400, error=error, volunteer=by,
                             **review_context(desk, case, upload))
        with desk.store() as s:
            s.add(CorrectionRow(case_id=case.id, upload_id=upload.id, page=page, row=0,
                                field="column", column=number, table_no=table,
                                old=json.dumps(chosen["field"]), new=json.dumps(new), by=by,
                                at=now()))
            s.commit()
        desk.submit(case.id, "read", upload.id)
        from starlette.responses import RedirectResponse

        response = RedirectResponse(f"/cases/{case.id}/review/{upload.id}", 303)
        response.set_cookie("desk_volunteer", _cookie_text(by), max_age=86400 * 30,
                            httponly=True, samesite="strict")
        return response

    async def split(request: Request, case) -> Response:
        link_id = _int(request.path_params.get("link_id"))
        form = await request.form()
        with desk.store() as s:
            link = s.get(LinkRow, link_id) if link_id is not None else None
            if link is None or link.case_id != case.id:
                return desk.refuse(404, "没有这个上传链接。")
            link.one_document = form.get("join") == "1"
            s.commit()
        from starlette.responses import RedirectResponse

        return RedirectResponse(f"/cases/{case.id}", 303)

    return [
        Route("/cases/{case_id}/review/{upload_id}", with_case(review)),
        Route("/cases/{case_id}/review/{upload_id}/p{number}.jpg", with_case(page_image)),
        Route("/cases/{case_id}/review/{upload_id}/correct", with_case(correct),
              methods=["POST"]),
        Route("/cases/{case_id}/review/{upload_id}/column", with_case(column),
              methods=["POST"]),
        Route("/cases/{case_id}/links/{link_id}/split", with_case(split), methods=["POST"]),
    ]


def _cookie_text(name: str) -> str:
    """A cookie value holds ASCII only: the name percent-encoded."""
    from urllib.parse import quote

    return quote(name)


def volunteer_name(cookie: str) -> str:
    from urllib.parse import unquote

    return unquote(cookie)

