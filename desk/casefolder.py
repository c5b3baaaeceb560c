"""A desk case <-> a ``shebao`` case folder (``case.yaml`` + originals), the exchange format.

Contract
--------
* :func:`facts_from_form(fields) -> Case`: the create-case form (worker name, gender, hukou,
  employer, employment start/end, insured place) validated by :class:`shebao.reports.case.Case`
  (so the desk accepts exactly what ``case.yaml`` accepts; ``InputError`` otherwise).
* :func:`export_case(store, case_id, dest) -> Path`: writes ``dest/case.yaml`` (the facts) and
  each original under its name in the case, byte for byte; ``dest`` must not exist or be
  empty. The folder loads with :func:`shebao.reports.case.load_case` and audits with
  ``shebao``'s commands like any case folder.
* :func:`import_case(store, folder, source="import") -> int`: a case folder into the store:
  ``case.yaml`` read by :func:`~shebao.reports.case.load_case` (its errors as they are), the
  originals found by :func:`~shebao.reports.originals.find_originals` stored by hash, its
  ``corrections:`` moved into the ``corrections`` table (exported back by ``export_case``).
* ``export_case`` adds to ``case.yaml``: ``documents:`` - the photos each phone link brought,
  in upload order, as one document (:func:`phone_documents`: two or more photos, unless the
  volunteer split that link's photos) - and ``corrections:`` from the store's table.
* :func:`delete_case(store, case_id) -> int`: the case, its links, jobs and upload records,
  its work folders, and each original no other case holds (a worker's right to have their
  documents removed); returns the number of originals deleted from disk.
* :func:`import_zip(store, data) -> int`: a zipped case folder (what the desk's export
  download is): members are taken by their last name component only (no path from the
  archive is ever used), within :data:`~.uploads.MAX_BYTES` each.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import yaml
from shebao.reports.case import CASE_FILE, Case, Correction, DocumentGroup, load_case
from shebao.reports.originals import find_originals

from shebao.errors import InputError
from shebao.files import IMAGE_SUFFIXES

from .store import CaseRow, CorrectionRow, JobRow, LinkRow, Store, UploadRow, now
from .uploads import MAX_BYTES, safe_name, unique_name


def facts_from_form(fields: dict[str, str]) -> Case:
    def get(key: str) -> str | None:
        value = (fields.get(key) or "").strip()
        return value or None

    data: dict = {
        "worker": {"name": get("worker_name"), "gender": get("gender"), "hukou": get("hukou")},
        "employer": {"name": get("employer_name")},
        "insured_place": get("insured_place"),
    }
    if get("start") or get("end"):
        data["employment"] = [{"start": get("start"), "end": get("end")}]
    from pydantic import ValidationError

    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        problems = "；".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                            for e in exc.errors())
        raise InputError(f"案件信息有误：{problems}", problems, code="case_form") from exc


def case_facts(row: CaseRow) -> Case:
    return Case.model_validate(json.loads(row.facts or "{}"))


def facts_json(case: Case) -> str:
    return json.dumps(case.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)


def case_title(case: Case) -> str:
    return case.worker.name or case.employer.name or "未命名案件"


def create_case(store: Store, case: Case) -> int:
    with store() as s:
        row = CaseRow(title=case_title(case), facts=facts_json(case))
        s.add(row)
        s.commit()
        return row.id


def add_original(store: Store, case_id: int, name: str, data: bytes, source: str,
                 link_id: int | None = None) -> tuple[UploadRow, bool]:
    """Store ``data`` for the case; (row, False) when the same bytes are already there."""
    digest = store.put_original(data)
    with store() as s:
        existing = s.query(UploadRow).filter_by(case_id=case_id, sha256=digest).first()
        if existing is not None:
            return existing, False
        taken = {n for (n,) in s.query(UploadRow.name).filter_by(case_id=case_id)}
        row = UploadRow(case_id=case_id, name=unique_name(name, taken | {CASE_FILE}),
                        sha256=digest, size=len(data), source=source, link_id=link_id)
        s.add(row)
        s.commit()
        return row, True


def export_case(store: Store, case_id: int, dest: Path) -> Path:
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise InputError("导出目标文件夹不是空的", "export folder is not empty", dest,
                         code="export_not_empty")
    dest.mkdir(parents=True, exist_ok=True)
    with store() as s:
        row = s.get(CaseRow, case_id)
        if row is None:
            raise InputError("案件不存在", f"no case {case_id}", code="case_missing")
        uploads = s.query(UploadRow).filter_by(case_id=case_id).order_by(UploadRow.id).all()
        case = case_facts(row)
        case.documents = [*case.documents, *phone_documents(s, case, uploads)]
        case.corrections = [*case.corrections, *corrections_of(s, case_id, uploads)]
    facts = case.model_dump(mode="json", exclude_defaults=True)
    (dest / CASE_FILE).write_text(
        yaml.safe_dump(facts, allow_unicode=True, sort_keys=False) if facts else "",
        encoding="utf-8")
    for upload in uploads:
        shutil.copyfile(store.blob(upload.sha256), dest / upload.name)
    return dest


def phone_documents(s, case: Case, uploads: list[UploadRow]) -> list[DocumentGroup]:
    """The photos each phone link brought, in upload order, as one document (two or more;
    not for a link the volunteer split, nor for files a ``documents:`` group already has)."""
    grouped = {f for group in case.documents for f in group.files}
    by_link: dict[int, list[str]] = {}
    for upload in uploads:
        if (upload.link_id is not None and Path(upload.name).suffix.lower() in IMAGE_SUFFIXES
                and upload.name not in grouped):
            by_link.setdefault(upload.link_id, []).append(upload.name)
    split = {i for (i,) in s.query(LinkRow.id).filter(LinkRow.id.in_(by_link),
                                                       LinkRow.one_document.is_(False))}
    return [DocumentGroup(files=names) for link, names in by_link.items()
            if len(names) > 1 and link not in split]


def latest_corrections(rows: list[CorrectionRow]) -> list[CorrectionRow]:
    """The last correction of each cell (in the order cells were first corrected); one that
    puts back the value read undoes the cell's correction. Earlier ones stay in the store as
    the cell's history."""
    cells: dict[tuple, CorrectionRow] = {}
    for row in rows:
        cells[correction_key(row)] = row
    return [r for r in cells.values() if json.loads(r.new) != json.loads(r.old)]


def correction_key(row: CorrectionRow) -> tuple:
    """What a correction corrects: a cell (upload, page, rows, row, insurance, field) or a
    column (upload, page, "column", table, column)."""
    if row.column is not None:
        return (row.upload_id, row.page, "column", row.table_no or 1, row.column)
    return (row.upload_id, row.page, row.record or "contribution", row.row, row.insurance,
            row.field)


def as_correction(row: CorrectionRow, name: str) -> Correction:
    """A stored correction as a ``case.yaml`` ``corrections:`` entry for the file ``name``."""
    when = row.at.strftime("%Y-%m-%d %H:%M")
    old, new = json.loads(row.old), json.loads(row.new)
    if row.column is not None:
        return Correction(file=name, page=row.page, column=row.column, table=row.table_no or 1,
                          old=old, new=new, by=row.by, at=when)
    return Correction(file=name, page=row.page, row=row.row, field=row.field,
                      record=row.record or "contribution", insurance=row.insurance, old=old,
                      new=new, by=row.by, at=when)


def corrections_of(s, case_id: int, uploads: list[UploadRow]) -> list[Correction]:
    """The case's corrections by hand as ``case.yaml`` ``corrections:`` entries: the latest
    of each cell (:func:`latest_corrections`)."""
    names = {u.id: u.name for u in uploads}
    rows = latest_corrections(s.query(CorrectionRow).filter_by(case_id=case_id)
                              .order_by(CorrectionRow.id).all())
    return [as_correction(r, names[r.upload_id]) for r in rows]


def import_case(store: Store, folder: Path, source: str = "import") -> int:
    folder = Path(folder)
    case = load_case(folder)
    originals = find_originals(folder, case)
    corrections, case.corrections = case.corrections, []
    case_id = create_case(store, case)
    stored: dict[str, UploadRow] = {}
    for original in originals.files:
        row, _ = add_original(store, case_id, safe_name(original.name),
                              original.path.read_bytes(), source)
        stored[original.name] = row
    with store() as s:  # kept in the store, so the desk shows and exports them as its own
        for c in corrections:
            upload = stored.get(c.file)
            if upload is None:
                raise InputError(f"case.yaml 的 corrections 中的文件不在案件中：{c.file}",
                                 f"a correction names a file not in the case: {c.file}",
                                 folder / CASE_FILE, code="case_yaml")
            column = c.column is not None
            s.add(CorrectionRow(case_id=case_id, upload_id=upload.id, page=c.page,
                                row=0 if column else c.row, insurance=c.insurance,
                                field="column" if column else c.field,
                                record=None if column or c.record == "contribution"
                                else c.record, column=c.column,
                                table_no=c.table if column else None,
                                old=json.dumps(c.old), new=json.dumps(c.new),
                                by=c.by or "", at=_when(c.at)))
        s.commit()
    return case_id


def _when(text: str | None) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text or "")
    except ValueError:
        return now()


def import_zip(store: Store, data: bytes) -> int:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError("不是有效的 ZIP 文件", "not a zip file", code="bad_zip") from exc
    with tempfile.TemporaryDirectory() as tmp, archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = safe_name(info.filename)
            if info.file_size > MAX_BYTES:
                raise InputError(f"{name} 太大", "member too large", code="bad_zip")
            target = Path(tmp) / name
            if target.exists():
                raise InputError(f"ZIP 中有两个文件都叫 {name}", "duplicate member name",
                                 code="bad_zip")
            target.write_bytes(archive.read(info))
        return import_case(store, Path(tmp))


def delete_case(store: Store, case_id: int) -> int:
    """Delete the case, its rows and the originals no other case holds (with their page
    images); of an original another case holds, only this case's layouts go. The number of
    originals removed."""
    with store() as s:
        hashes = {h for (h,) in s.query(UploadRow.sha256).filter_by(case_id=case_id)}
        readings = s.query(JobRow.id, UploadRow.sha256).join(
            UploadRow, JobRow.upload_id == UploadRow.id).filter(JobRow.case_id == case_id).all()
        for table in (CorrectionRow, JobRow, LinkRow, UploadRow):
            s.query(table).filter_by(case_id=case_id).delete()
        s.query(CaseRow).filter_by(id=case_id).delete()
        s.commit()
        shared = {h for (h,) in s.query(UploadRow.sha256).filter(UploadRow.sha256.in_(hashes))}
    removed = 0
    for digest in hashes - shared:
        path = store.blob(digest)
        if path.exists():
            path.unlink()
            removed += 1
        shutil.rmtree(store.root / "pages" / digest, ignore_errors=True)  # its page images
    for job_id, digest in readings:  # another case keeps the page images, not these layouts
        if digest in shared:
            (store.root / "pages" / digest / f"layout-{job_id}.json").unlink(missing_ok=True)
    for folder in store.work.glob(f"case-{case_id}-*"):
        shutil.rmtree(folder, ignore_errors=True)
    for audit in store.work.glob("audit-*.json"):  # results of deleted jobs included
        audit.unlink(missing_ok=True)
    return removed
