"""Background work of the desk: reading uploads and auditing cases, never in a request.

Contract
--------
:class:`Worker(store)` runs one daemon thread (OCR is CPU-bound and the machine is small)
over the ``jobs`` table. :meth:`Worker.submit(case_id, kind, upload_id=None) -> int` adds a
queued job and wakes the thread; pages poll the job's state (htmx). Jobs left ``queued`` or
``running`` by a stopped server are queued again at start.

* ``read``: the upload's original (a copy under its case name in ``work/read-<job>/``, so the
  extract names the file as the worker's phone did) read by
  :func:`shebao.audit.engine.read_extract` (what ``shebao extract``/``shebao audit`` read
  with); the result is the ``shebao.extract/1`` JSON.
* ``audit``: the case exported to ``work/case-<id>-<job>/`` (:func:`.casefolder.export_case`)
  and audited by :func:`shebao.audit.engine.audit_case`, the function ``shebao draft`` and
  ``shebao bundle`` use for a case folder; the result is the ``shebao.audit/1`` JSON.

A :class:`~shebao.errors.ShebaoError` becomes the job's one-line Chinese error; any other
exception is recorded as ``内部错误`` with its type (and logged with its traceback).
"""

from __future__ import annotations

import json
import logging
import queue
import shutil
import threading
from pathlib import Path

from shebao.errors import ShebaoError

from .casefolder import export_case
from .store import JobRow, Store, UploadRow, now

log = logging.getLogger("shebao.desk")


class Worker:
    def __init__(self, store: Store) -> None:
        self.store = store
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
                result = json.dumps(self._read(job_id, upload_id), ensure_ascii=False)
            else:
                result = json.dumps(self._audit(job_id, case_id), ensure_ascii=False)
        except ShebaoError as exc:
            error = exc.zh  # the stages' one-line Chinese reason (paths stay out of pages)
        except Exception as exc:  # a bug must not stop the queue; the page says so
            log.exception("desk job %s failed", job_id)
            error = f"内部错误（{type(exc).__name__}），请把日志交给开发者"
        with self.store() as s:
            job = s.get(JobRow, job_id)
            job.state = "failed" if error else "done"
            job.result, job.error, job.finished = result, error, now()
            s.commit()

    def _read(self, job_id: int, upload_id: int | None) -> dict:
        from shebao.audit.engine import read_extract

        with self.store() as s:
            upload = s.get(UploadRow, upload_id)
        folder = self.store.work / f"read-{job_id}"
        folder.mkdir(exist_ok=True)
        try:
            path = folder / upload.name
            shutil.copyfile(self.store.blob(upload.sha256), path)
            return read_extract(path).to_json_dict()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _audit(self, job_id: int, case_id: int) -> dict:
        from shebao.audit.engine import audit_case

        folder = case_folder(self.store, case_id, job_id)
        return audit_case(folder).to_json_dict()

    def wait(self) -> None:
        """Block until every submitted job has run (tests, shutdown)."""
        self.queue.join()


def case_folder(store: Store, case_id: int, job_id: int) -> Path:
    """The case exported afresh for one job (kept: the report is drawn from it)."""
    folder = store.work / f"case-{case_id}-{job_id}"
    shutil.rmtree(folder, ignore_errors=True)
    return export_case(store, case_id, folder)
