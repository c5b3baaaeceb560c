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
                                                         ``new``, ``by``); answers the table
``POST /cases/{id}/links/{link}/split``                  that phone link's photos are read as
                                                         separate documents (``join``: one)
======================================================  =================================

The rows shown are the reading's contributions, one line per printed row and insurance (a
range row's months together), with the case's corrections applied by
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
"""

from __future__ import annotations

import json
from pathlib import Path

from shebao.audit.corrections import FIELD_ZH, apply_corrections, check_value
from shebao.reports.case import Correction
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shebao.records import Extract

from .access import who
from .casefolder import latest_corrections
from .jobs import pages_folder
from .store import CorrectionRow, JobRow, LinkRow, UploadRow, now

EDITABLE = ("month", "base", "employer_amount", "personal_amount", "status")
# record field -> the column fields of the layout a value of it is read from
CELL_FIELDS = {"month": ("month", "period", "start", "year"), "base": ("base",),
               "employer_amount": ("employer_amount",), "personal_amount": ("personal_amount",),
               "status": ("status",)}


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def upload_corrections(desk, upload: UploadRow) -> list[CorrectionRow]:
    with desk.store() as s:
        return (s.query(CorrectionRow).filter_by(upload_id=upload.id)
                .order_by(CorrectionRow.id).all())


def as_corrections(rows: list[CorrectionRow], name: str) -> list[Correction]:
    return [Correction(file=name, page=r.page, row=r.row, field=r.field, insurance=r.insurance,
                       old=json.loads(r.old), new=json.loads(r.new), by=r.by,
                       at=r.at.strftime("%Y-%m-%d %H:%M")) for r in latest_corrections(rows)]


def reading(desk, upload: UploadRow) -> tuple[JobRow | None, dict | None, dict | None]:
    """(last read job, extract JSON as read, layout) of an upload."""
    with desk.store() as s:
        job = (s.query(JobRow).filter_by(upload_id=upload.id, kind="read")
               .order_by(JobRow.id.desc()).first())
    extract = json.loads(job.result) if job is not None and job.result else None
    path = pages_folder(desk.store, upload.sha256) / "layout.json"
    layout = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    return job, extract, layout


def table_rows(extract: dict, corrected: Extract, low_cells: set[tuple]) -> list[dict]:
    """One line per printed row and insurance: months, values as corrected, the values read,
    whether a warning names the row, which cells were read with low confidence."""
    flagged = {(w.get("page"), w.get("row")) for w in extract.get("warnings", [])
               if w.get("row")}
    marks = {(c["page"], c["row"], c["insurance"], c["field"]): c
             for c in (corrected.document.model_extra or {}).get("corrections") or []}
    read = [c for c in extract.get("contributions", [])]
    lines: dict[tuple, dict] = {}
    for raw, now_ in zip(read, corrected.contributions, strict=True):
        key = (raw.get("page"), raw.get("row"), raw.get("insurance"))
        line = lines.get(key)
        if line is None:
            line = lines[key] = {
                "page": key[0], "row": key[1], "insurance": key[2], "months": [],
                "values": {f: getattr(now_, f) for f in EDITABLE},
                "read": {f: raw.get(f) for f in EDITABLE},
                "warn": (key[0], key[1]) in flagged, "confidence": raw.get("confidence"),
                "corrected": {}, "low": set()}
            for field in EDITABLE:
                mark = marks.get((key[0], key[1], key[2], field))
                if mark is not None:
                    line["corrected"][field] = mark
                if any((key[0], key[1], f, g) in low_cells for f in CELL_FIELDS[field]
                       for g in (key[2], None)):
                    line["low"].add(field)
        line["months"].append(now_.month)
    for line in lines.values():
        months = line["months"]
        line["month_text"] = months[0] if len(months) == 1 else f"{months[0]}至{months[-1]}"
    return list(lines.values())


def review_context(desk, case, upload: UploadRow) -> dict:
    job, extract, layout = reading(desk, upload)
    rows = upload_corrections(desk, upload)
    lines: list[dict] = []
    unapplied: list[str] = []
    if extract is not None:
        corrected = apply_corrections(Extract.from_json_dict(extract),
                                      as_corrections(rows, upload.name))
        unapplied = [w.message for w in corrected.warnings
                     if w.code == "correction_not_applied"]
        low = {(p["page"], c["row"], c["field"], c["group"])
               for p in (layout or {}).get("pages", []) for c in p["cells"] if not c["ok"]}
        lines = table_rows(extract, corrected, low)
    shown = {f for fields in CELL_FIELDS.values() for f in fields}
    for page in (layout or {}).get("pages", []):  # the cells of values shown, and any to check
        page["cells"] = [c for c in page["cells"] if c["field"] in shown or not c["ok"]]
    return {"case": case, "upload": upload, "job": job, "extract": extract, "layout": layout,
            "lines": lines, "history": rows, "unapplied": unapplied, "FIELD_ZH": FIELD_ZH,
            "cell_fields": CELL_FIELDS}


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
        # a volunteer logged in is who corrects (the form's name only on an open desk)
        by = (who() or form.get("by", "")).strip()[:100]
        _, extract, _ = reading(desk, upload)
        error = None
        hits = [c for c in (extract or {}).get("contributions", [])
                if c.get("page") == page and c.get("row") == row
                and c.get("insurance") == insurance]
        if field not in EDITABLE or not hits:
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
            with desk.store() as s:
                s.add(CorrectionRow(case_id=case.id, upload_id=upload.id, page=page, row=row,
                                    insurance=insurance, field=field, month=hits[0]["month"],
                                    old=json.dumps(hits[0].get(field)), new=json.dumps(new),
                                    by=by, at=now()))
                s.commit()
        # htmx swaps only 2xx answers: the form's own posts get the message with 200
        status = 400 if error and not request.headers.get("hx-request") else 200
        response = desk.page("_review_table.html", status, error=error, volunteer=by,
                             **review_context(desk, case, upload))
        if by:
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
        Route("/cases/{case_id}/links/{link_id}/split", with_case(split), methods=["POST"]),
    ]


def _cookie_text(name: str) -> str:
    """A cookie value holds ASCII only: the name percent-encoded."""
    from urllib.parse import quote

    return quote(name)


def volunteer_name(cookie: str) -> str:
    from urllib.parse import unquote

    return unquote(cookie)

