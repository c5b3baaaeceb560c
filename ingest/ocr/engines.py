"""OCR engines behind one interface.

Contract
--------
An :class:`OcrEngine` turns an upright-or-not RGB image (``numpy.ndarray``, H×W×3, uint8) into
text lines with boxes and confidences:

* ``name`` - a stable id (``"rapidocr"``, ``"paddleocr"``); part of the OCR cache key.
* ``is_available()`` - True when the engine can run here *without any download*: its package is
  importable and its model files are on disk. Never raises.
* ``unavailable_reason() -> (zh, en)`` - when not available, a Chinese sentence and its English
  gloss saying how to make it available (which package, which model files, which variable).
* ``recognise(image) -> list[Line]`` - every detected text line: its quadrilateral (four
  ``(x, y)`` points in the image's pixel space, clockwise from top-left as the detector gives
  it), its text and its recognition score in [0, 1].

Engines also offer the two halves separately, which lets the intake pipeline detect once,
decide the page orientation from the boxes, and recognise only on the corrected page (the
pipeline needs them; both engines have them):

* ``detect(image) -> list[Quad]`` and ``read(image, quads) -> list[tuple[str, float]]``;
* optionally ``upside_down(crops) -> list[float]``: per upright-cropped line image, the
  probability that it is turned by 180° (a text-line orientation classifier); without it the
  pipeline reads sample lines both ways up and compares recognition scores.

Selection (:func:`select_engine`): an explicit name, else ``$SHEBAO_OCR_ENGINE``, else
``rapidocr``. ``$SHEBAO_OCR_THREADS`` sets RapidOCR's inference threads (default: the usable
cores, at most 4, see :func:`default_threads`; 0 = ONNX Runtime's own default). Asking for an
engine that is not available raises :class:`InputError` with the engine's own reason; nothing
is ever fetched from the network.

RapidOCR
    The ``rapidocr`` wheel (3.x) ships PP-OCRv6 small det/rec and the mobile line classifier
    under ``rapidocr/models``. We pass those files as explicit ``model_path`` values, so the
    library's download branch (taken only when ``model_path`` is null) is never reached.
    Detection runs on an int8 copy of the wheel's detector, made once on this machine from the
    wheel's file and a committed calibration (:mod:`.quantize`; 2.5-3x less CPU than the float
    model at equal accuracy on the recorded pages); ``$SHEBAO_OCR_INT8=0`` keeps the float
    model, and so does a machine without the ``onnx`` package. ``version()`` says which ran
    (``3.10.0+det-int8``), so OCR caches never mix the two.
paddleocr
    Used only when the ``paddleocr`` package is installed *and* model directories exist on disk
    (``$SHEBAO_PADDLE_DET_DIR``, ``$SHEBAO_PADDLE_REC_DIR``, each holding an exported inference
    model, e.g. ``PP-OCRv5_mobile_det`` / ``PP-OCRv5_mobile_rec``). Document orientation,
    unwarping and text-line orientation models are switched off (we do those steps ourselves),
    so no further model is needed.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np

from shebao.errors import InputError

Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]

DEFAULT_ENGINE = "rapidocr"
ENGINE_ENV = "SHEBAO_OCR_ENGINE"
THREADS_ENV = "SHEBAO_OCR_THREADS"
INT8_ENV = "SHEBAO_OCR_INT8"  # "0": detection with the wheel's float model
MAX_DEFAULT_THREADS = 4  # more threads than this gain little on one page's small batches


def default_threads() -> int:
    """ONNX Runtime threads per inference when ``$SHEBAO_OCR_THREADS`` is not set: the cores
    this process may use, at most :data:`MAX_DEFAULT_THREADS`. On the 2-core machine an L1
    phone photo took 6.0 s with 1 thread and 3.6 s with 2 (idle machine, 2026-11-23).
    Programs that read several files in parallel processes (``shebao batch``) give each
    process its share instead (:func:`threads_per_process`)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_THREADS))


# Recognition runs as many single-threaded inferences in parallel as there are threads, each on
# small batches: on the 2-core machine an L1 photo's 163 lines took 2.0 CPU-s in batches of 1-2
# against 2.9 in batches of 16 (less padding, better cache use), and two single-threaded workers
# took 2.4-3.0 s of wall time where one inference on two threads took 4.5-6 s (machine loaded,
# load average 3.3; bench/bench_ocr.py and exp. 2026-11-23).
REC_BATCH = 2  # lines per inference
REC_CHUNK = 8  # lines per task handed to a worker thread


def threads_per_process(processes: int) -> int:
    """Inference threads for each of ``processes`` parallel readers: the cores shared out."""
    return max(1, default_threads() // max(1, processes))


@dataclass(frozen=True, slots=True)
class Line:
    """One recognised text line (an OCR segment, usually one table cell)."""

    quad: Quad
    text: str
    score: float

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return min(xs), min(ys), max(xs), max(ys)


@runtime_checkable
class OcrEngine(Protocol):
    name: str

    def is_available(self) -> bool: ...

    def unavailable_reason(self) -> tuple[str, str]: ...

    def recognise(self, image: np.ndarray) -> list[Line]: ...

    def detect(self, image: np.ndarray) -> list[Quad]: ...

    def read(self, image: np.ndarray, quads: list[Quad]) -> list[tuple[str, float]]: ...


def _quad(points: Any) -> Quad:
    pts = [(float(p[0]), float(p[1])) for p in points]
    return (pts[0], pts[1], pts[2], pts[3])


class RapidOcrEngine:
    """PP-OCR models on ONNX Runtime, from the ``rapidocr`` wheel (offline)."""

    name = "rapidocr"
    MODEL_FILES: ClassVar[dict[str, str]] = {
        "Det": "PP-OCRv6_det_small.onnx",
        "Rec": "PP-OCRv6_rec_small.onnx",
        "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    }

    def __init__(self, threads: int | None = None, int8: bool | None = None):
        if threads is None:
            env = os.environ.get(THREADS_ENV, "").strip()
            threads = int(env) if env.isdigit() else default_threads()
        self.threads = threads or None
        self.int8 = os.environ.get(INT8_ENV, "1").strip() != "0" if int8 is None else int8
        self._engine: tuple[Any, ThreadPoolExecutor] | None = None
        self._lock = threading.Lock()
        self._run_paths: dict[str, Path] | None = None
        self.int8_problem: str | None = None  # why the int8 detector was wanted and not had
        _LIVE.add(self)

    def _forget_threads(self) -> None:
        """After a fork: the worker threads (and a lock one of them may have held) stayed in
        the parent, so the child builds its own on first use."""
        self._engine = None
        self._lock = threading.Lock()

    @staticmethod
    def model_dir() -> Path | None:
        spec = importlib.util.find_spec("rapidocr")
        if spec is None or spec.origin is None:
            return None
        return Path(spec.origin).parent / "models"

    def _model_paths(self) -> dict[str, Path] | None:
        root = self.model_dir()
        if root is None:
            return None
        paths = {stage: root / file for stage, file in self.MODEL_FILES.items()}
        return paths if all(p.is_file() for p in paths.values()) else None

    def run_paths(self) -> dict[str, Path] | None:
        """The model files inference uses: the wheel's, with the detector's int8 copy in
        place of its float file when :attr:`int8` is on and the copy can be had (built into
        the cache on first use, a few CPU seconds; see :mod:`.quantize`)."""
        if self._run_paths is None:
            paths = self._model_paths()
            if paths is None:
                return None
            if self.int8:
                from .quantize import int8_model, why_not

                det = int8_model(paths["Det"])
                if det is None:  # said on every page read (note ocr_int8_unavailable)
                    self.int8_problem = why_not(paths["Det"]) or "unknown reason"
                paths = {**paths, "Det": det} if det is not None else paths
            self._run_paths = paths
        return self._run_paths

    def uses_int8(self) -> bool:
        paths = self.run_paths()
        return paths is not None and paths["Det"].name != self.MODEL_FILES["Det"]

    def is_available(self) -> bool:
        return importlib.util.find_spec("onnxruntime") is not None and bool(self._model_paths())

    def unavailable_reason(self) -> tuple[str, str]:
        return (
            "RapidOCR 不可用：请安装 rapidocr>=3 和 onnxruntime（其安装包自带 PP-OCRv6 模型）",
            "RapidOCR unavailable: install rapidocr>=3 and onnxruntime; the wheel ships the "
            f"models {', '.join(self.MODEL_FILES.values())}",
        )

    def version(self) -> str:
        """The ``rapidocr`` version, ``+det-int8`` when detection runs on the int8 copy."""
        from importlib.metadata import version

        return version("rapidocr") + ("+det-int8" if self.uses_int8() else "")

    def _get(self) -> tuple[Any, ThreadPoolExecutor]:
        """The RapidOCR models with single-threaded sessions, and the worker threads that run
        them side by side (see :data:`REC_BATCH` for why not one inference on many threads)."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    paths = self.run_paths()
                    if paths is None:
                        raise InputError(*self.unavailable_reason(), code="ocr_unavailable")
                    from shebao.offline import onnxruntime

                    onnxruntime()  # telemetry off before RapidOCR creates its sessions
                    from rapidocr import RapidOCR

                    params: dict[str, Any] = {
                        "Global.log_level": "error",
                        # we hand over pages already scaled: the detector keeps their size
                        # (its default enlarges pages whose short side is under 736 px)
                        "Global.max_side_len": 4000,
                        "Det.limit_type": "max",
                        "Det.limit_side_len": 4000,
                        "Rec.rec_batch_num": REC_BATCH,
                        # pad short cells to 2 glyph widths, not 320 px (about 2x faster)
                        "Rec.rec_img_shape": [3, 48, 96],
                        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                    }
                    for stage, path in paths.items():
                        params[f"{stage}.model_path"] = str(path)
                    workers = self.threads or default_threads()
                    self._engine = (RapidOCR(params=params),
                                    ThreadPoolExecutor(workers, thread_name_prefix="shebao-ocr"))
        return self._engine

    @property
    def workers(self) -> int:
        return self.threads or default_threads()

    def recognise(self, image: np.ndarray) -> list[Line]:
        quads = self.detect(image)
        return [Line(q, t, s) for q, (t, s) in zip(quads, self.read(image, quads), strict=True)]

    def detect(self, image: np.ndarray) -> list[Quad]:
        """Text boxes, the page cut into horizontal bands detected side by side (one per
        worker, see :func:`bands`); a box belongs to the band holding its centre."""
        ocr, pool = self._get()
        det = ocr._load_det_model()
        cuts = bands(image, self.workers)

        def run(band: tuple[int, int, int, int]) -> list[Quad]:
            own_top, own_bottom, top, bottom = band
            out = det(_pad32(image[top:bottom]))
            if out.boxes is None:
                return []
            quads = [tuple((float(x), float(y) + top) for x, y in box) for box in out.boxes]
            return [q for q in quads
                    if own_top <= sum(y for _, y in q) / 4 < own_bottom]  # type: ignore[misc]

        return [q for found in pool.map(run, cuts) for q in found]  # type: ignore[misc]

    def read(self, image: np.ndarray, quads: list[Quad]) -> list[tuple[str, float]]:
        """Recognise the text inside each quadrilateral of ``image`` (no detection, no cls)."""
        if not quads:
            return []
        return self.read_crops([crop_quad(image, q) for q in quads])

    def upside_down(self, crops: list[np.ndarray]) -> list[float]:
        """For each line image, the probability that it is upside down (PP-OCR's text-line
        orientation classifier, 0° vs 180°: about 1 ms a line against 30 ms for reading it)."""
        if not crops:
            return []
        out = self._get()[0]._load_cls_model()(crops)
        return [float(score) if label == "180" else 1.0 - float(score)
                for label, score in (out.cls_res or [])]

    def read_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognise upright line images (the recogniser alone), in parallel over lines."""
        if not crops:
            return []
        from rapidocr.ch_ppocr_rec import TextRecInput

        ocr, pool = self._get()
        rec = ocr._load_rec_model()
        # similar widths together (little padding in a batch), chunks dealt out to the workers
        order = sorted(range(len(crops)),
                       key=lambda i: crops[i].shape[1] / max(crops[i].shape[0], 1))
        chunks = [order[k:k + REC_CHUNK] for k in range(0, len(order), REC_CHUNK)]

        def run(chunk: list[int]) -> list[tuple[str, float]]:
            out = rec(TextRecInput(img=[crops[i] for i in chunk], return_word_box=False))
            return [(str(t), float(s)) for t, s in zip(out.txts, out.scores, strict=True)]

        results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        for chunk, texts in zip(chunks, pool.map(run, chunks), strict=True):
            for i, text in zip(chunk, texts, strict=True):
                results[i] = text
        return results


def _pad32(image: np.ndarray) -> np.ndarray:
    """The image extended (edge pixels repeated) to sides that are multiples of 32, the
    detector's stride: it would otherwise resize it, and a band resized by another factor
    than the whole page would find slightly different boxes."""
    import cv2

    h, w = image.shape[:2]
    bottom, right = -h % 32, -w % 32
    if not bottom and not right:
        return np.ascontiguousarray(image)
    return cv2.copyMakeBorder(np.ascontiguousarray(image), 0, bottom, 0, right,
                              cv2.BORDER_REPLICATE)


BAND_MIN_ROWS = 480  # pages shorter than two of these are detected whole
BAND_CONTEXT = 0.06  # each band also sees this share of the page height beyond its cut


def bands(image: np.ndarray, count: int) -> list[tuple[int, int, int, int]]:
    """Cut a page into ``count`` horizontal bands for parallel text detection:
    ``(own_top, own_bottom, top, bottom)`` per band, where ``top:bottom`` is the image slice
    given to the detector and ``own_top:own_bottom`` the rows whose boxes it answers for.

    Each cut is moved to the emptiest row near it (the least ink: between two text lines, not
    through one), and each band sees :data:`BAND_CONTEXT` of the page height across the cut
    (at least 48 px), so a line near the cut is whole in the band that owns its centre.
    """
    height = image.shape[0]
    count = max(1, min(count, height // BAND_MIN_ROWS))
    if count == 1:
        return [(0, height, 0, height)]
    grey = image.mean(axis=2) if image.ndim == 3 else image.astype(np.float64)
    ink = (grey < grey.mean() - 2 * grey.std() / 3).sum(axis=1).astype(np.float64)
    context = max(48, int(BAND_CONTEXT * height))
    cuts = [0]
    for n in range(1, count):
        ideal = n * height // count
        lo, hi = max(cuts[-1] + 1, ideal - context // 2), min(height - 1, ideal + context // 2)
        cuts.append(lo + int(np.argmin(ink[lo:hi])) if hi > lo else ideal)
    cuts.append(height)
    return [(a, b, max(0, a - context), min(height, b + context))
            for a, b in itertools.pairwise(cuts)]


def crop_quad(image: np.ndarray, quad: Quad) -> np.ndarray:
    """The quadrilateral's content warped to an upright rectangle (never turned by 90°).

    RapidOCR's own cropper turns crops taller than 1.5× their width on their side, which
    misreads single digits in narrow cells of an upright page; our pages are upright by now.
    """
    import cv2

    pts = np.array(quad, dtype=np.float32)
    width = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    height = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    width, height = max(width, 1), max(height, 1)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(pts, target)
    return cv2.warpPerspective(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE,
                               flags=cv2.INTER_CUBIC)


from .paddle import PaddleOcrEngine  # noqa: E402 - the second engine, in its own module

# Engines alive in this process. A forked child (``shebao batch`` reads each document in one)
# inherits them, but not their worker threads: work handed to the inherited thread pool would
# wait forever. So every engine forgets its threads in the child.
_LIVE: weakref.WeakSet[RapidOcrEngine] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for engine in list(_LIVE):
        engine._forget_threads()


os.register_at_fork(after_in_child=_after_fork_in_child)

ENGINES: dict[str, type] = {"rapidocr": RapidOcrEngine, "paddleocr": PaddleOcrEngine}


@cache
def _instance(name: str) -> OcrEngine:
    return ENGINES[name]()


def engine_name(name: str | None = None) -> str:
    return (name or os.environ.get(ENGINE_ENV) or DEFAULT_ENGINE).strip().lower()


def select_engine(name: str | None = None) -> OcrEngine:
    """The engine called ``name`` (or ``$SHEBAO_OCR_ENGINE``, or RapidOCR), if available.

    Engines are created once per process and reused (model loading takes about a second).
    """
    key = engine_name(name)
    if key not in ENGINES:
        raise InputError(
            f"未知的 OCR 引擎 {key!r}，可选：{', '.join(ENGINES)}",
            f"unknown OCR engine {key!r}; choose one of {', '.join(ENGINES)}",
            code="ocr_unknown_engine",
        )
    engine = _instance(key)
    if not engine.is_available():
        raise InputError(*engine.unavailable_reason(), code="ocr_unavailable")
    return engine


def available_engines() -> dict[str, bool]:
    return {name: _instance(name).is_available() for name in ENGINES}
