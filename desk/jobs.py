"""Background work of the desk: reading uploads and auditing cases, never in a request.

Contract
--------
:class:`Worker(store)` runs one daemon thread over the ``jobs`` table; the reading and the
audit themselves run in one separate process (a spawned :class:`ProcessPoolExecutor`, reused),
so OCR never holds the web server's interpreter and pages stay quick while it runs.
:meth:`Worker.submit(case_id, kind, upload_id=None) -> int` adds a queued job and wakes the
thread; pages poll the job's state (htmx). Jobs left ``queued`` or
``running`` by a stopped server are queued again at start.

* ``read``: the upload's original (a copy under its case name in ``work/read-<job>/``, so the
  extract names the file as the worker's phone did) read by
  :func:`shebao.ingest.pipeline.analyse_file` (what ``shebao extract``/``shebao audit`` read
  with: ``read_extract`` is its ``.extract``); the result is the ``shebao.extract/1`` JSON,
  and the page images (``pages/<sha256>/p<N>.jpg``, :func:`pages_folder`) with where each
  value was read (``layout-<job>.json``, :func:`layout_file`, :mod:`.layout`) for the review
  beside the image. **One original, one reading**: when the same original (by SHA-256) was
  already read for another upload -- the same file sent to a second case -- and neither
  upload has a column corrected by hand, that reading is taken (its extract under this
  upload's file name, its layout copied to this job's), not read again; page images are
  shared by hash. Deleting a case removes only what no other case holds
  (:func:`.casefolder.delete_case`).
* ``audit``: the case exported to ``work/case-<id>-<job>/`` (:func:`.casefolder.export_case`)
  and audited by :func:`shebao.audit.engine.audit_case`, the function ``shebao draft`` and
  ``shebao bundle`` use for a case folder; the result is the ``shebao.audit/1`` JSON.

A :class:`~shebao.errors.ShebaoError` becomes the job's one-line Chinese error; any other
exception is recorded as ``内部错误`` with its type (and logged with its traceback).
:meth:`Worker.close` stops the process (the app's shutdown calls it). The process is
spawned: a script that creates the app must do so under ``if __name__ == "__main__"``.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import queue
import shutil
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from shebao.errors import ShebaoError

from .casefolder import export_case
from .store import CorrectionRow, JobRow, Store, UploadRow, now

log = logging.getLogger("shebao.desk")


def _in_process(kind: str, path: str, pages: str | None = None, columns: str = "[]",
                layout_name: str = "layout.json") -> tuple[str, object]:
    """Run in the worker process: ("done", JSON dict) | ("error", Chinese reason) |
    ("bug", traceback). Nothing but plain data crosses the process boundary. A ``read`` with
    ``pages`` (a folder) also writes there where each value was read (:mod:`.layout`);
    ``columns``: the upload's column roles corrected by hand (``case.yaml`` entries as JSON),
    applied as the file is read, as ``shebao audit`` applies them."""
    from shebao.audit.engine import audit_case

    try:
        if kind == "read":
            from .layout import read_with_layout

            folder = Path(pages or f"{path}.pages")
            from shebao.reports.case import Correction

            fixes = [Correction.model_validate(c) for c in json.loads(columns)]
            extract, layout = read_with_layout(Path(path), folder, fixes)
            (folder / layout_name).write_text(json.dumps(layout, ensure_ascii=False),
                                                encoding="utf-8")
            return "done", extract
        return "done", audit_case(Path(path)).to_json_dict()
    except ShebaoError as exc:
        return "error", exc.zh  # the stages' one-line Chinese reason (paths stay out of pages)
    except Exception:
        return "bug", traceback.format_exc()


class Worker:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self.queue: queue.Queue[int] = queue.Queue()
        self.thread = threading.Thread(target=self._loop, name="desk-worker", daemon=True)
        with store() as s:
            pending = s.query(JobRow).filter(JobRow.state.in_(("queued", "running")))
            for job in pending.order_by(JobRow.id):
                job.state = "queued"
                self.queue.put(job.id)
            s.commit()
        self.thread.start()

    def submit(self, case_id: int, kind: str, upload_id: int | None = None) -> int:
        with self.store() as s:
            job = JobRow(case_id=case_id, kind=kind, upload_id=upload_id)
            s.add(job)
            s.commit()
            job_id = job.id
        self.queue.put(job_id)
        return job_id

    def _loop(self) -> None:
        while True:
            job_id = self.queue.get()
            try:
                self._run(job_id)
            finally:
                self.queue.task_done()

    def _run(self, job_id: int) -> None:
        with self.store() as s:
            job = s.get(JobRow, job_id)
            if job is None or job.state != "queued":
                return
            job.state = "running"
            s.commit()
            kind, case_id, upload_id = job.kind, job.case_id, job.upload_id
        result: str | None = None
        error: str | None = None
        try:
            if kind == "read":
                outcome, value = self._read(job_id, upload_id)
            else:
                outcome, value = self._in_pool("audit", case_folder(self.store, case_id,
                                                                    job_id))
        except Exception as exc:  # a bug must not stop the queue; the page says so
            outcome, value = "bug", f"{type(exc).__name__}: {exc}"
        if outcome == "done":
            result = json.dumps(value, ensure_ascii=False)
        elif outcome == "error":
            error = str(value)
        else:
            log.error("desk job %s failed:\n%s", job_id, value)
            error = "内部错误，请把接待台的日志交给开发者"
        with self.store() as s:
            job = s.get(JobRow, job_id)
            job.state = "failed" if error else "done"
            job.result, job.error, job.finished = result, error, now()
            s.commit()

    def _in_pool(self, kind: str, path: Path, pages: Path | None = None, columns: str = "[]",
                 layout_name: str = "layout.json") -> tuple[str, object]:
        return self.pool.submit(_in_process, kind, str(path),
                                None if pages is None else str(pages), columns,
                                layout_name).result()

    def _same_reading(self, job_id: int, upload: UploadRow) -> dict | None:
        """The reading of the same original already made for another upload (another case,
        or this one before it was deleted and sent again), as this upload's: the extract with
        this upload's file name, the layout copied to this job's file. None when there is
        none to take: only a finished reading made with no column corrected by hand on
        either upload (a column's role changes what is read), whose layout is still there."""
        with self.store() as s:
            fixed = {u for (u,) in s.query(CorrectionRow.upload_id)
                     .filter(CorrectionRow.column.is_not(None))}
            if upload.id in fixed:
                return None
            others = [u for (u,) in s.query(UploadRow.id).filter(
                UploadRow.sha256 == upload.sha256, UploadRow.id != upload.id)
                if u not in fixed]
            if not others:
                return None
            source = (s.query(JobRow).filter(JobRow.kind == "read", JobRow.state == "done",
                                             JobRow.upload_id.in_(others))
                      .order_by(JobRow.id.desc()).first())
        if source is None or not source.result:
            return None
        folder = pages_folder(self.store, upload.sha256)
        layout = layout_file(self.store, upload.sha256, source.id)
        if not layout.is_file():
            return None
        extract = json.loads(source.result)
        if extract.get("schema") != "shebao.extract/1" or not isinstance(
                extract.get("document"), dict):
            return None
        extract["document"]["file"] = upload.name
        target = folder / f"layout-{job_id}.json"
        tmp = folder / f".layout-{job_id}.part"
        shutil.copyfile(layout, tmp)
        tmp.replace(target)
        log.info("desk job %s: the reading of job %s taken (same original)", job_id, source.id)
        return extract

    def _read(self, job_id: int, upload_id: int | None) -> tuple[str, object]:
        from .casefolder import as_correction, latest_corrections

        with self.store() as s:
            upload = s.get(UploadRow, upload_id)
            rows = (s.query(CorrectionRow).filter(CorrectionRow.upload_id == upload_id,
                                                  CorrectionRow.column.is_not(None))
                    .order_by(CorrectionRow.id).all())
        columns = json.dumps([as_correction(r, upload.name).model_dump(mode="json")
                              for r in latest_corrections(rows)], ensure_ascii=False)
        same = self._same_reading(job_id, upload)
        if same is not None:
            return "done", same
        folder = self.store.work / f"read-{job_id}"
        folder.mkdir(exist_ok=True)
        try:
            path = folder / upload.name
            shutil.copyfile(self.store.blob(upload.sha256), path)
            return self._in_pool("read", path, pages_folder(self.store, upload.sha256),
                                 columns, f"layout-{job_id}.json")
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def wait(self) -> None:
        """Block until every submitted job has run (tests, shutdown)."""
        self.queue.join()

    def close(self) -> None:
        """Stop the worker process now (a reading in progress is dropped; its job is queued
        again at the next start)."""
        # no public way to stop the workers before Python 3.14 (terminate_workers)
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()


def pages_folder(store: Store, sha256: str) -> Path:
    """Where the page images and ``layout.json`` of an original's reading are kept (derived
    data, by the original's hash; :mod:`.layout`)."""
    return store.root / "pages" / store.blob(sha256).name


def layout_file(store: Store, sha256: str, job_id: int) -> Path:
    """The layout of one reading (``layout-<job>.json`` beside the page images: two cases
    holding the same original with different columns corrected each see their own); a
    reading made before layouts were kept per job has the folder's ``layout.json``."""
    folder = pages_folder(store, sha256)
    path = folder / f"layout-{job_id}.json"
    return path if path.is_file() or not (folder / "layout.json").is_file() else \
        folder / "layout.json"


def case_folder(store: Store, case_id: int, job_id: int) -> Path:
    """The case exported afresh for one job (kept: the report is drawn from it)."""
    folder = store.work / f"case-{case_id}-{job_id}"
    shutil.rmtree(folder, ignore_errors=True)
    return export_case(store, case_id, folder)
