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

Engines may also offer the two halves separately, which lets the intake pipeline detect once,
decide the page orientation from the boxes, and recognise only on the corrected page:

* ``detect(image) -> list[Quad]`` and ``read(image, quads) -> list[tuple[str, float]]``
  (``supports_split`` is True when they exist);
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
paddleocr
    Used only when the ``paddleocr`` package is installed *and* model directories exist on disk
    (``$SHEBAO_PADDLE_DET_DIR``, ``$SHEBAO_PADDLE_REC_DIR``, each holding an exported inference
    model, e.g. ``PP-OCRv5_mobile_det`` / ``PP-OCRv5_mobile_rec``). Document orientation,
    unwarping and text-line orientation models are switched off (we do those steps ourselves),
    so no further model is needed.
"""

from __future__ import annotations

import importlib.util
import os
import threading
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
    supports_split: bool

    def is_available(self) -> bool: ...

    def unavailable_reason(self) -> tuple[str, str]: ...

    def recognise(self, image: np.ndarray) -> list[Line]: ...


def _quad(points: Any) -> Quad:
    pts = [(float(p[0]), float(p[1])) for p in points]
    return (pts[0], pts[1], pts[2], pts[3])


class RapidOcrEngine:
    """PP-OCR models on ONNX Runtime, from the ``rapidocr`` wheel (offline)."""

    name = "rapidocr"
    supports_split = True
    MODEL_FILES: ClassVar[dict[str, str]] = {
        "Det": "PP-OCRv6_det_small.onnx",
        "Rec": "PP-OCRv6_rec_small.onnx",
        "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    }

    def __init__(self, threads: int | None = None):
        if threads is None:
            env = os.environ.get(THREADS_ENV, "").strip()
            threads = int(env) if env.isdigit() else default_threads()
        self.threads = threads or None
        self._engine: Any = None
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

    def is_available(self) -> bool:
        return importlib.util.find_spec("onnxruntime") is not None and bool(self._model_paths())

    def unavailable_reason(self) -> tuple[str, str]:
        return (
            "RapidOCR 不可用：请安装 rapidocr>=3 和 onnxruntime（其安装包自带 PP-OCRv6 模型）",
            "RapidOCR unavailable: install rapidocr>=3 and onnxruntime; the wheel ships the "
            f"models {', '.join(self.MODEL_FILES.values())}",
        )

    def version(self) -> str:
        from importlib.metadata import version

        return version("rapidocr")

    def _get(self) -> Any:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    paths = self._model_paths()
                    if paths is None:
                        raise InputError(*self.unavailable_reason(), code="ocr_unavailable")
                    from rapidocr import RapidOCR

                    params: dict[str, Any] = {
                        "Global.log_level": "error",
                        # we hand over pages already scaled; keep the detector from shrinking
                        "Global.max_side_len": 4000,
                        "Rec.rec_batch_num": 16,
                        # pad short cells to 2 glyph widths, not 320 px (about 2x faster)
                        "Rec.rec_img_shape": [3, 48, 96],
                    }
                    for stage, path in paths.items():
                        params[f"{stage}.model_path"] = str(path)
                    if self.threads:
                        params["EngineConfig.onnxruntime.intra_op_num_threads"] = self.threads
                        params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
                    self._engine = RapidOCR(params=params)
        return self._engine

    def recognise(self, image: np.ndarray) -> list[Line]:
        out = self._get()(image, use_det=True, use_cls=True, use_rec=True)
        if out.txts is None or out.boxes is None:
            return []
        return [Line(_quad(b), t, float(s)) for b, t, s in zip(out.boxes, out.txts, out.scores,
                                                                strict=True)]

    def detect(self, image: np.ndarray) -> list[Quad]:
        out = self._get()(image, use_det=True, use_cls=False, use_rec=False)
        if getattr(out, "boxes", None) is None:
            return []
        return [_quad(b) for b in out.boxes]

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
        out = self._get()._load_cls_model()(crops)
        return [float(score) if label == "180" else 1.0 - float(score)
                for label, score in (out.cls_res or [])]

    def read_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognise upright line images (the recogniser alone, batched)."""
        if not crops:
            return []
        from rapidocr.ch_ppocr_rec import TextRecInput

        rec = self._get()._load_rec_model()
        out = rec(TextRecInput(img=crops, return_word_box=False))
        return [(str(t), float(s)) for t, s in zip(out.txts, out.scores, strict=True)]


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
