"""The second OCR engine: the ``paddleocr`` package with det/rec models from local directories.

Contract: see :mod:`.engines` (the :class:`~.engines.OcrEngine` protocol). Used only when the
``paddleocr`` package is installed *and* model directories exist on disk
(``$SHEBAO_PADDLE_DET_DIR``, ``$SHEBAO_PADDLE_REC_DIR``, each an exported inference model);
nothing is ever downloaded. Without them, :meth:`PaddleOcrEngine.unavailable_reason` says how to
provide them.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from shebao.errors import InputError

from .engines import Line, _quad


class PaddleOcrEngine:
    """The ``paddleocr`` package, with det/rec models from local directories only."""

    name = "paddleocr"
    supports_split = False
    DET_ENV = "SHEBAO_PADDLE_DET_DIR"
    REC_ENV = "SHEBAO_PADDLE_REC_DIR"
    DET_NAME_ENV = "SHEBAO_PADDLE_DET_NAME"
    REC_NAME_ENV = "SHEBAO_PADDLE_REC_NAME"

    def __init__(self) -> None:
        self._engine: Any = None
        self._lock = threading.Lock()

    def _dirs(self) -> tuple[Path, Path] | None:
        det, rec = os.environ.get(self.DET_ENV), os.environ.get(self.REC_ENV)
        if not det or not rec:
            return None
        dirs = Path(det).expanduser(), Path(rec).expanduser()
        return dirs if all(_is_model_dir(d) for d in dirs) else None

    def is_available(self) -> bool:
        return importlib.util.find_spec("paddleocr") is not None and self._dirs() is not None

    def unavailable_reason(self) -> tuple[str, str]:
        if importlib.util.find_spec("paddleocr") is None:
            return (
                "未安装 paddleocr：请运行 pip install 'shebao-audit[paddle]'，"
                f"再把检测/识别模型目录放到本机并设置 {self.DET_ENV} 和 {self.REC_ENV}",
                "paddleocr is not installed: pip install 'shebao-audit[paddle]', then set "
                f"{self.DET_ENV} and {self.REC_ENV} to local model directories",
            )
        return (
            "paddleocr 缺少本地模型：请把导出的检测模型和识别模型目录（含 inference.yml 和 "
            "inference.pdiparams，例如 PP-OCRv5_mobile_det 和 PP-OCRv5_mobile_rec）复制到本机，"
            f"并设置环境变量 {self.DET_ENV} 和 {self.REC_ENV}；本工具不会联网下载模型",
            "paddleocr has no local models: copy exported det/rec inference model directories "
            f"to this machine and set {self.DET_ENV} and {self.REC_ENV}; models are never "
            "downloaded",
        )

    def _get(self) -> Any:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    dirs = self._dirs()
                    if dirs is None or importlib.util.find_spec("paddleocr") is None:
                        raise InputError(*self.unavailable_reason(), code="ocr_unavailable")
                    # no connectivity check against model hosters
                    os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
                    from paddleocr import PaddleOCR

                    det, rec = dirs
                    self._engine = PaddleOCR(
                        text_detection_model_name=os.environ.get(self.DET_NAME_ENV, det.name),
                        text_detection_model_dir=str(det),
                        text_recognition_model_name=os.environ.get(self.REC_NAME_ENV, rec.name),
                        text_recognition_model_dir=str(rec),
                        use_doc_orientation_classify=False,
                        use_doc_unwarping=False,
                        use_textline_orientation=False,
                    )
        return self._engine

    def recognise(self, image: np.ndarray) -> list[Line]:
        lines: list[Line] = []
        # paddleocr expects BGR arrays like OpenCV
        for res in self._get().predict(np.ascontiguousarray(image[:, :, ::-1])):
            data = res.json.get("res", res) if hasattr(res, "json") else res
            for poly, text, score in zip(data["rec_polys"], data["rec_texts"],
                                         data["rec_scores"], strict=False):
                if str(text).strip():
                    lines.append(Line(_quad(poly), str(text), float(score)))
        return lines


def _is_model_dir(path: Path) -> bool:
    """An exported Paddle inference model: a config plus weights."""
    if not path.is_dir():
        return False
    has_config = any((path / f).is_file() for f in ("inference.yml", "inference.json"))
    has_weights = (path / "inference.pdiparams").is_file()
    return has_config and has_weights
