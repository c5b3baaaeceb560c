"""Running a batch so that it finishes, or stops cleanly and resumes.

Contract
--------
**Isolation.** :func:`read_isolated` reads each document in a child process of its own (at most
``jobs`` at a time), so one bad file becomes one "skipped" line and the batch goes on:

* the child dies with its parent (``PR_SET_PDEATHSIG``), ignores Ctrl-C (the parent handles
  it), and runs under ``setrlimit``: ``RLIMIT_AS`` (address space, a backstop at
  :attr:`Limits.address_mb` beyond the caller's) and ``RLIMIT_CPU`` (CPU seconds);
* the parent watches each child's own memory (the pages it shares with the caller since the
  fork are the caller's: :func:`shebao.limits.private_mb`) and time and kills it past
  :attr:`Limits.memory_mb` or its time limit, which grows with what the document needs
  (:meth:`Limits.seconds_for`: a rate for each page read from a text layer, another for each
  page to OCR; the child counts them first, :func:`page_plan` -- a PDF's pages that name no
  font are scans -- and tells the parent through two shared integers; until then, and for a
  file that cannot be counted, the limit of a one-page document). The limit is the child's
  CPU time (x its OCR threads; what
  the document costs, whatever else the machine runs: ``RLIMIT_CPU`` is its backstop); wall
  time past :data:`shebao.limits.BATCH_WALL_FACTOR` times the limit also stops it (a reader
  that waits without working, or a machine too busy to finish). The figures and their
  overrides (config ``[batch]``, ``$SHEBAO_BATCH_SECONDS``, ``…_SECONDS_PER_PAGE``,
  ``…_SECONDS_PER_OCR_PAGE``, ``…_SECONDS_MAX``,
  ``$SHEBAO_BATCH_MEMORY_MB``) are in :mod:`shebao.limits`; the document is then recorded as
  failed with the reason (``too_large`` / ``too_slow`` / ``crashed`` / ``unreadable``) in
  Chinese and English; a limit's message names the file, the limit hit and how to read that
  file alone (``shebao extract`` is not limited; its JSON can be given to the batch);
* every answer -- the ``shebao.extract/1`` JSON or the failure -- is written atomically into
  the run folder ``OUTDIR/.shebao-run/documents/<key>.json``, ``<key>`` a hash of the
  document's files' SHA-256 and the reading options.

**Run state and manifest.** :class:`Run` keeps ``OUTDIR/.shebao-run/state.json`` (schema
``shebao.batch-state/1``: the options and the inputs with their hashes). A run started
without ``--resume`` removes a finished run's manifest first, so a run that is killed leaves
no file that looks final. ``--resume`` requires the same options and reuses every document
already answered: the results are those of an uninterrupted run (the JSON outputs byte for
byte); with nothing to resume (a run killed before it began) it simply starts.
:meth:`Run.finish` writes ``OUTDIR/batch-manifest.json`` (schema
``shebao.batch-run/1``: tool version, options, every input with its SHA-256 and state, every
output with its SHA-256) *last*, atomically: its presence is what says the run is complete.
An output folder holding an unfinished run is refused without ``--resume`` or ``--force``;
files a finished run listed in its manifest are the batch's own and are replaced by a new run;
any other existing file at an output name needs ``--force`` (:mod:`shebao.outputs`).

**Interruption.** Ctrl-C (or SIGTERM) kills the children and raises :class:`Interrupted`:
one line saying how many documents were read and that ``--resume`` continues; exit 130.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import multiprocessing
import os
import resource
import shlex
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from shebao import __version__
from shebao.errors import ShebaoError, UsageError
from shebao.files import IMAGE_SUFFIXES, display_text, input_hash, json_pieces, sha256_file
from shebao.limits import (
    BATCH_MEMORY_MB,
    BATCH_SECONDS,
    BATCH_SECONDS_MAX,
    BATCH_SECONDS_PER_OCR_PAGE,
    BATCH_SECONDS_PER_PAGE,
    BATCH_WALL_FACTOR,
    cpu_seconds,
    private_mb,
    rss_mb,
)
from shebao.outputs import write_atomic

RUN_DIR = ".shebao-run"
MANIFEST = "batch-manifest.json"
SCHEMA_STATE = "shebao.batch-state/1"
SCHEMA_RUN = "shebao.batch-run/1"
SECONDS_ENV = "SHEBAO_BATCH_SECONDS"
PER_PAGE_ENV = "SHEBAO_BATCH_SECONDS_PER_PAGE"
PER_OCR_PAGE_ENV = "SHEBAO_BATCH_SECONDS_PER_OCR_PAGE"
MAX_ENV = "SHEBAO_BATCH_SECONDS_MAX"
MEMORY_ENV = "SHEBAO_BATCH_MEMORY_MB"
PR_SET_PDEATHSIG = 1

# how to read a skipped file alone: ``shebao extract`` has no batch limit, and the batch takes
# its JSON in place of the original
ALONE = ("可单独读取：shebao extract {quoted} -o {json}，再把 {json} 代替原文件放进批量审计的输入；"
         "或调高上限（{setting}）",
         "read it alone: shebao extract {quoted} -o {json}, then give the batch {json} in place "
         "of the original; or raise the limit ({setting})")
REASONS = {
    "too_large": ("太大，读取时超过内存上限（{mb} MB），已跳过。" + ALONE[0],
                  "too large, reading it went past the memory limit ({mb} MB); "
                  "skipped. " + ALONE[1]),
    "too_slow": ("读取超过 {seconds:g} 秒（CPU 时间；时间上限：{formula} + {base:g} 秒，"
                 "最多 {ceiling:g} 秒），已跳过（文件可能过大或已损坏）。" + ALONE[0],
                 "took longer than {seconds:g} s of CPU (the time limit: {formula_en} + "
                 "{base:g} s, at most {ceiling:g} s); skipped (too large or damaged). "
                 + ALONE[1]),
    "too_slow_wall": ("读取 {wall:g} 秒仍未完成（时间上限 {seconds:g} 秒的 {factor:g} 倍："
                      "读取停住了，或机器太忙），已跳过。" + ALONE[0],
                      "not read after {wall:g} s ({factor:g} times its time limit of "
                      "{seconds:g} s: the reading stalled or the machine is too busy); skipped. "
                      + ALONE[1]),
    "crashed": ("读取时进程异常退出（{detail}），已跳过",
                "the reading process died ({detail}); skipped"),
}


class Interrupted(ShebaoError):
    """The batch was interrupted (Ctrl-C, SIGTERM); ``--resume`` continues it."""

    code = "interrupted"
    exit_code = 130
    prefix = ""


@dataclass(frozen=True)
class Limits:
    """Per-document limits of a batch reader (module contract; figures in
    :mod:`shebao.limits`)."""

    seconds: float = BATCH_SECONDS
    memory_mb: int = BATCH_MEMORY_MB
    address_mb: int = 8192
    seconds_per_page: float = BATCH_SECONDS_PER_PAGE
    seconds_max: float = BATCH_SECONDS_MAX
    wall_factor: float = BATCH_WALL_FACTOR
    seconds_per_ocr_page: float = BATCH_SECONDS_PER_OCR_PAGE

    @classmethod
    def from_env(cls) -> Limits:
        seconds = float(os.environ.get(SECONDS_ENV) or cls.seconds)
        memory = int(os.environ.get(MEMORY_ENV) or cls.memory_mb)
        per_page = float(os.environ.get(PER_PAGE_ENV) or cls.seconds_per_page)
        ceiling = float(os.environ.get(MAX_ENV) or cls.seconds_max)
        per_ocr_page = float(os.environ.get(PER_OCR_PAGE_ENV) or cls.seconds_per_ocr_page)
        return cls(seconds, memory, max(cls.address_mb, 4 * memory), per_page, ceiling,
                   seconds_per_ocr_page=per_ocr_page)

    def seconds_for(self, pages: int, ocr_pages: int = 0) -> float:
        """The time limit (CPU seconds) of a document of ``pages`` pages read from a text
        layer (or a sheet) and ``ocr_pages`` pages to OCR: :attr:`seconds` +
        :attr:`seconds_per_page` a text page + :attr:`seconds_per_ocr_page` a page to OCR, at
        most :attr:`seconds_max` (never below :attr:`seconds`); nothing counted yet is one
        text page."""
        pages, ocr_pages = _counted(pages, ocr_pages)
        return min(max(self.seconds, self.seconds_max),
                   self.seconds + self.seconds_per_page * pages
                   + self.seconds_per_ocr_page * ocr_pages)

    def too_slow(self, file: str, pages: int, wall: bool = False, ocr_pages: int = 0) -> dict:
        """The failure of a document past its time limit: its CPU time, or (``wall``) its
        wall time past :attr:`wall_factor` times the limit. The message gives the limit's
        sum for this document (its text pages, its pages to OCR) and the settings that
        raise it."""
        seconds = self.seconds_for(pages, ocr_pages)
        pages, ocr_pages = _counted(pages, ocr_pages)
        zh, en, names = [], [], []
        if pages:
            zh.append(f"{pages} 页 × 每页 {self.seconds_per_page:g} 秒")
            en.append(f"{pages} page(s) x {self.seconds_per_page:g} s")
            names.append(PER_PAGE_ENV)
        if ocr_pages:
            zh.append(f"{ocr_pages} 页 OCR × 每页 {self.seconds_per_ocr_page:g} 秒")
            en.append(f"{ocr_pages} page(s) to OCR x {self.seconds_per_ocr_page:g} s")
            names.append(PER_OCR_PAGE_ENV)
        setting = " / ".join([*names, MAX_ENV])
        if wall:
            answer = failure("too_slow_wall", file=file, seconds=seconds, setting=setting,
                             factor=self.wall_factor, wall=seconds * self.wall_factor)
            answer["failed"]["reason"] = "too_slow"
            return answer
        return failure("too_slow", file=file, seconds=seconds, formula=" + ".join(zh),
                       formula_en=" + ".join(en), base=self.seconds,
                       ceiling=max(self.seconds, self.seconds_max), setting=setting)

    def too_large(self, file: str) -> dict:
        return failure("too_large", file=file, mb=self.memory_mb, setting=MEMORY_ENV)


def _counted(pages: int, ocr_pages: int) -> tuple[int, int]:
    """Text pages and pages to OCR as the limit counts them: nothing counted is one page."""
    pages, ocr_pages = max(0, pages), max(0, ocr_pages)
    return (pages, ocr_pages) if pages + ocr_pages else (1, 0)


def failure(reason: str, **fields: object) -> dict:
    if "file" in fields:
        name = str(fields["file"])
        fields["quoted"] = shlex.quote(name)
        fields["json"] = shlex.quote(f"{Path(name).stem}.json")
    zh, en = REASONS[reason]
    return {"failed": {"reason": reason, "zh": zh.format(**fields), "en": en.format(**fields)}}


def page_count(paths: list[str]) -> int:
    """The pages of a document's files (module contract): :func:`page_plan`'s two counts."""
    return sum(page_plan(paths, ocr=True))


def page_plan(paths: list[str], ocr: bool) -> tuple[int, int]:
    """What reading a document's files will cost, counted before it is read (module
    contract): ``(pages read from a text layer or a sheet, pages to OCR)``. A PDF (by its
    name or first bytes): its page tree, the pages that name no font being scans (to OCR; a
    page with a font whose text turns out unusable is OCR'd too but counted as text); an
    image: its frames, to OCR; a Word file: one page, and its pictures to OCR; without
    ``ocr`` nothing is OCR'd (a scan is refused quickly). Any other file, or one that cannot
    be counted: one text page (its reading says why). Only regular files are opened."""
    from shebao.ingest.pdf import PdfTextBackend
    from shebao.ingest.pipeline import _is_pdf_name

    text = scans = 0
    for name in paths:
        path = Path(name)
        suffix = path.suffix.lower()
        pages, bare = 1, 0
        # only a regular file is opened (a pipe would block; its reading refuses it)
        with contextlib.suppress(Exception):
            if path.is_file() and _is_pdf_name(path):
                pages, bare = PdfTextBackend().pages_without_fonts(path)
            elif path.is_file() and suffix in IMAGE_SUFFIXES:
                pages = bare = _frames(path)
            elif path.is_file() and suffix == ".docx":
                bare = _docx_pictures(path)
                pages = 1 + bare
        if not ocr:
            bare = 0
        text, scans = text + pages - bare, scans + bare
    return text, scans


def _frames(path: Path) -> int:
    """The frames (pages) of an image file, from its header; one (to OCR) when the header
    cannot be read (its reading says why)."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            return max(1, int(getattr(image, "n_frames", 1)))
    except Exception:  # any undecodable header: counted as one page
        return 1


def _docx_pictures(path: Path) -> int:
    """The pictures a Word file holds (``word/media/``), from its zip directory."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return sum(1 for n in archive.namelist() if n.startswith("word/media/")
                   and Path(n).suffix.lower() in IMAGE_SUFFIXES)


def document_key(hashes: list[str], ocr: bool) -> str:
    text = json.dumps({"files": hashes, "ocr": ocr, "tool": __version__}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# ---------------------------------------------------------------------------------------------
# the child process


def _die_with_parent(parent: int) -> None:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _address_bytes() -> int:
    """This process's address space (VmSize) in bytes, 0 when unreadable."""
    return int(rss_mb(os.getpid(), "VmSize") * (1 << 20))


def _cpu_seconds(limits: Limits, pages: int, threads: int, ocr_pages: int = 0) -> int:
    return int(limits.seconds_for(pages, ocr_pages) * max(1, threads)) + 5


def _child(paths: list[str], ocr: bool, target: str, limits: Limits, threads: int,
           parent: int, pages=None) -> None:
    """Read one document and write its answer to ``target`` (then exit at once); its
    :func:`page_plan` in ``pages`` (a shared array of two integers) as soon as it is
    known."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    with contextlib.suppress(ValueError, OSError):
        # on top of what the fork inherited: a large caller (a test run, a desk) must not
        # leave its document no room at all
        address = (limits.address_mb << 20) + _address_bytes()
        resource.setrlimit(resource.RLIMIT_AS, (address, address))
        ceiling = _cpu_seconds(limits, 1 << 30, threads)
        resource.setrlimit(resource.RLIMIT_CPU, (_cpu_seconds(limits, 1, threads), ceiling + 5))
    text, scans = page_plan(paths, ocr)  # (under the limits of one page)
    if pages is not None:
        pages[0], pages[1] = text, scans
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU,
                           (_cpu_seconds(limits, text, threads, scans), hard))
    from shebao.ingest.ocr.engines import THREADS_ENV

    os.environ.setdefault(THREADS_ENV, str(threads))
    code = 0
    try:
        from shebao.audit.engine import read_document

        # (the records' JSON made record by record as it is written: json_pieces)
        answer: dict = {"extract": read_document([Path(p) for p in paths], ocr).to_json_stream()}
    except ShebaoError as exc:
        answer = {"failed": {"reason": "unreadable", "zh": exc.zh, "en": exc.en}}
    except MemoryError:
        answer = limits.too_large(display_text(paths[0]))
    except RecursionError as exc:
        answer = failure("crashed", detail=f"RecursionError: {str(exc)[:80]}")
    except Exception as exc:  # one unreadable file never loses the others
        answer = {"failed": {"reason": "unreadable",
                             "zh": "读取该文件时出错，已跳过（其他文件照常审计）",
                             "en": f"reading failed: {type(exc).__name__}: {str(exc)[:200]}"}}
    try:
        try:
            write_atomic(Path(target), json_pieces(answer, indent=None, end=""))
        except MemoryError:
            del answer
            write_atomic(Path(target), json.dumps(limits.too_large(display_text(paths[0])),
                                                  ensure_ascii=False))
    except BaseException:
        code = 3
    os._exit(code)


# ---------------------------------------------------------------------------------------------
# the parent


@dataclass
class _Running:
    process: multiprocessing.process.BaseProcess
    index: int
    started: float
    pages: ctypes.Array  # its (text pages, pages to OCR) once the child has counted them
    file: str  # its (first) file, as failures name it
    threads: int = 1  # OCR threads it may run (its CPU limit is per thread)
    killed: dict | None = None

    def plan(self) -> tuple[int, int]:
        """(text pages, pages to OCR) as the child counted them; (0, 0) until it has."""
        return int(self.pages[0]), int(self.pages[1])


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Start children with Ctrl-C blocked, so none can be hit before it ignores it."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    def handler(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def read_isolated(documents: list[list[Path]], targets: list[Path], ocr: bool, jobs: int,
                  limits: Limits, progress: Callable[[int], None] | None = None) -> None:
    """Answer every document whose target does not exist yet (module contract). Raises
    :class:`KeyboardInterrupt` after killing the children when interrupted."""
    todo = [i for i, t in enumerate(targets) if not t.is_file()]
    # biggest first, so a large pay sheet does not start last
    todo.sort(key=lambda i: -sum(_size(p) for p in documents[i]))
    context = multiprocessing.get_context("fork")
    running: list[_Running] = []
    threads = _threads(min(jobs, max(1, len(todo))))
    parent = os.getpid()
    try:
        with _sigterm_as_interrupt():
            while todo or running:
                while todo and len(running) < jobs:
                    i = todo.pop(0)
                    pages = context.Array("q", 2, lock=False)
                    process = context.Process(
                        target=_child, daemon=True,
                        args=([str(p) for p in documents[i]], ocr, str(targets[i]), limits,
                              threads, parent, pages))
                    with _signals_blocked():
                        process.start()
                    running.append(_Running(process, i, time.monotonic(), pages,
                                            display_text(str(documents[i][0])), threads))
                wait([r.process.sentinel for r in running], timeout=0.25)
                for r in list(running):
                    if r.process.exitcode is None:
                        _watch(r, limits)
                        continue
                    running.remove(r)
                    r.process.join()
                    if not targets[r.index].is_file():
                        answer = r.killed or failure(
                            "crashed", detail=_exit_text(r.process.exitcode))
                        if r.process.exitcode == -signal.SIGXCPU:
                            pages, ocr_pages = r.plan()
                            answer = limits.too_slow(r.file, pages, ocr_pages=ocr_pages)
                        write_atomic(targets[r.index], json.dumps(answer, ensure_ascii=False))
                    if progress is not None:
                        progress(1)
    except BaseException:
        for r in running:
            with contextlib.suppress(OSError):
                r.process.kill()
        for r in running:
            r.process.join(5)
        raise


def _watch(r: _Running, limits: Limits) -> None:
    if r.killed is not None:
        return
    pages, ocr_pages = r.plan()
    limit = limits.seconds_for(pages, ocr_pages)
    if cpu_seconds(r.process.pid or 0) > limit * max(1, r.threads):
        r.killed = limits.too_slow(r.file, pages, ocr_pages=ocr_pages)
    elif time.monotonic() - r.started > limit * limits.wall_factor:
        r.killed = limits.too_slow(r.file, pages, wall=True, ocr_pages=ocr_pages)
    elif private_mb(r.process.pid or 0) > limits.memory_mb:
        r.killed = limits.too_large(r.file)
    if r.killed is not None:
        with contextlib.suppress(OSError):
            r.process.kill()


def _exit_text(code: int | None) -> str:
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return signal.Signals(-code).name
    return f"exit {code}"


def _threads(processes: int) -> int:
    from shebao.ingest.ocr.engines import threads_per_process

    return threads_per_process(processes)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# ---------------------------------------------------------------------------------------------
# run state, resume and manifest


class Run:
    """The state of one batch run in ``outdir`` (module contract)."""

    def __init__(self, outdir: Path, options: dict, *, resume: bool, force: bool) -> None:
        self.outdir = outdir
        self.folder = outdir / RUN_DIR
        self.options = options
        self.resume = resume
        self.force = force
        manifest = self._manifest()
        # a finished run's outputs are the batch's own: a new run may replace them
        self.previous_outputs: set[Path] = {
            outdir / o["file"] for o in (manifest or {}).get("outputs", [])
            if isinstance(o, dict) and isinstance(o.get("file"), str)}
        # resuming a run that was killed while writing its outputs: the folder is that run's,
        # so the outputs it had begun to write are its own to replace
        self.resuming = resume and self.state_path.is_file()

    @property
    def state_path(self) -> Path:
        return self.folder / "state.json"

    @property
    def manifest_path(self) -> Path:
        return self.outdir / MANIFEST

    def _manifest(self) -> dict | None:
        try:
            data = json.loads(self.manifest_path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("schema") == SCHEMA_RUN else None

    def begin(self, inputs: list[Path]) -> list[dict]:
        """Check the folder, record the run's state; the inputs with their SHA-256."""
        manifest = self._manifest()
        unfinished = self.state_path.is_file()
        if unfinished and not self.resume and not self.force:
            raise UsageError("输出文件夹中有一次未完成的批量审计；"
                             "加 --resume 继续，或加 --force 重新开始",
                             "the output folder holds an unfinished batch run; add --resume to "
                             "continue it or --force to start again", self.outdir,
                             code="unfinished_run")
        listed = [{"file": display_text(str(p)), "sha256": input_hash(p)} for p in inputs]
        state = {"schema": SCHEMA_STATE, "options": self.options, "inputs": listed}
        if self.resume:
            old = self._state() or (manifest and {"options": manifest.get("options")})
            if old and old.get("options") != self.options:
                raise UsageError("与上次运行的选项不同，不能继续（--resume）；"
                                 "请用相同的选项，或去掉 --resume 重新运行",
                                 "options differ from the run being resumed; use the same options "
                                 "or start again without --resume", self.outdir,
                                 code="resume_mismatch")
        elif self.folder.exists():
            shutil.rmtree(self.folder)
        self.manifest_path.unlink(missing_ok=True)  # a run in progress has no manifest
        (self.folder / "documents").mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)  # it holds the extracted records (personal data)
        write_atomic(self.state_path, json.dumps(state, ensure_ascii=False, indent=1))
        return listed

    def _state(self) -> dict | None:
        try:
            return json.loads(self.state_path.read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def target(self, key: str) -> Path:
        return self.folder / "documents" / f"{key}.json"

    def finish(self, listed: list[dict], states: list[dict], outputs: list[Path]) -> Path:
        """Write the manifest last, atomically, and drop the run folder."""
        data = {
            "schema": SCHEMA_RUN, "tool_version": __version__, "complete": True,
            "options": self.options,
            "inputs": [{**item, **state} for item, state in zip(listed, states, strict=True)],
            "outputs": [{"file": p.relative_to(self.outdir).as_posix(),
                         "sha256": sha256_file(p)} for p in outputs],
        }
        write_atomic(self.manifest_path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        shutil.rmtree(self.folder, ignore_errors=True)
        return self.manifest_path
