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
  originals found by :func:`~shebao.reports.originals.find_originals` stored by hash.
* :func:`delete_case(store, case_id) -> int`: the case, its links, jobs and upload records,
  its work folders, and each original no other case holds (a worker's right to have their
  documents removed); returns the number of originals deleted from disk.
* :func:`import_zip(store, data) -> int`: a zipped case folder (what the desk's export
  download is): members are taken by their last name component only (no path from the
  archive is ever used), within :data:`~.uploads.MAX_BYTES` each.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import yaml
from shebao.reports.case import CASE_FILE, Case, load_case
from shebao.reports.originals import find_originals

from shebao.errors import InputError

from .store import CaseRow, JobRow, LinkRow, Store, UploadRow
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


def add_original(store: Store, case_id: int, name: str, data: bytes, source: str
                 ) -> tuple[UploadRow, bool]:
    """Store ``data`` for the case; (row, False) when the same bytes are already there."""
    digest = store.put_original(data)
    with store() as s:
        existing = s.query(UploadRow).filter_by(case_id=case_id, sha256=digest).first()
        if existing is not None:
            return existing, False
        taken = {n for (n,) in s.query(UploadRow.name).filter_by(case_id=case_id)}
        row = UploadRow(case_id=case_id, name=unique_name(name, taken | {CASE_FILE}),
                        sha256=digest, size=len(data), source=source)
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
    facts = case.model_dump(mode="json", exclude_defaults=True)
    (dest / CASE_FILE).write_text(
        yaml.safe_dump(facts, allow_unicode=True, sort_keys=False) if facts else "",
        encoding="utf-8")
    for upload in uploads:
        shutil.copyfile(store.blob(upload.sha256), dest / upload.name)
    return dest


def import_case(store: Store, folder: Path, source: str = "import") -> int:
    folder = Path(folder)
    case = load_case(folder)
    originals = find_originals(folder, case)
    case_id = create_case(store, case)
    for original in originals.files:
        add_original(store, case_id, safe_name(original.name), original.path.read_bytes(),
                     source)
    return case_id


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
    with store() as s:
        hashes = {h for (h,) in s.query(UploadRow.sha256).filter_by(case_id=case_id)}
        for table in (JobRow, LinkRow, UploadRow):
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
    for folder in store.work.glob(f"case-{case_id}-*"):
        shutil.rmtree(folder, ignore_errors=True)
    for audit in store.work.glob("audit-*.json"):  # results of deleted jobs included
        audit.unlink(missing_ok=True)
    return removed
