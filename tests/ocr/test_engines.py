"""Engine selection and availability; RapidOCR loads its bundled models without the network."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from shebao.ingest.ocr import engines, paddle, quantize
from shebao.ingest.ocr.engines import (
    PaddleOcrEngine,
    RapidOcrEngine,
    available_engines,
    select_engine,
)

from shebao.errors import InputError
from shebao.files import sha256_file


def test_rapidocr_ships_its_models_in_the_wheel():
    engine = RapidOcrEngine()
    assert engine.is_available()
    assert engine.version().split(".")[0] == "3"
    root = engine.model_dir()
    for name in RapidOcrEngine.MODEL_FILES.values():
        assert (root / name).stat().st_size > 100_000


def test_rapidocr_never_downloads(monkeypatch):
    """Loading and running the engine must not reach the download code at all."""
    from rapidocr.utils import download_file

    calls = []

    def refuse(*args, **kwargs):  # recorded too, in case RapidOCR swallows the error
        calls.append(args)
        raise AssertionError("RapidOCR tried to download a model")

    monkeypatch.setattr(download_file.DownloadFile, "run", classmethod(refuse))
    engine = RapidOcrEngine()
    page = np.full((120, 400, 3), 255, np.uint8)
    page[50:54, 40:360] = 0  # a bar, so the detector has something to look at
    engine.detect(page)
    assert len(engine.read_crops([page[40:70, 30:370]])) == 1
    engine.recognise(page)
    assert not calls
    wheel = RapidOcrEngine.model_dir()
    assert all(p.is_file() and (p.parent == wheel or p.is_relative_to(quantize.models_dir()))
               for p in engine.run_paths().values())


def test_paddleocr_without_models_is_unavailable_and_says_how(monkeypatch, tmp_path):
    monkeypatch.delenv(PaddleOcrEngine.DET_ENV, raising=False)
    monkeypatch.delenv(PaddleOcrEngine.REC_ENV, raising=False)
    engine = PaddleOcrEngine()
    assert not engine.is_available()
    zh, en = engine.unavailable_reason()
    assert "SHEBAO_PADDLE_DET_DIR" in zh and "SHEBAO_PADDLE_REC_DIR" in en
    # directories that exist but hold no exported model do not count either
    (tmp_path / "det").mkdir()
    (tmp_path / "rec").mkdir()
    monkeypatch.setenv(PaddleOcrEngine.DET_ENV, str(tmp_path / "det"))
    monkeypatch.setenv(PaddleOcrEngine.REC_ENV, str(tmp_path / "rec"))
    assert not engine.is_available()
    with pytest.raises(InputError) as err:
        select_engine("paddleocr")
    assert err.value.code == "ocr_unavailable"


def test_model_directory_check(tmp_path):
    model = tmp_path / "PP-OCRv5_mobile_det"
    assert paddle.missing_model_files(model) == [str(model)]  # no folder at all
    model.mkdir()
    assert paddle.missing_model_files(model) == [
        "inference.yml", "inference.pdiparams", "inference.json / inference.pdmodel"]
    (model / "inference.yml").write_text("Global: {}\n")
    (model / "inference.pdiparams").write_bytes(b"\0")
    assert paddle.missing_model_files(model) == ["inference.json / inference.pdmodel"]
    (model / "inference.pdmodel").write_bytes(b"\0")
    assert paddle.missing_model_files(model) == []


def test_engine_choice_by_name_and_environment(monkeypatch):
    monkeypatch.delenv(engines.ENGINE_ENV, raising=False)
    assert select_engine().name == "rapidocr"
    assert select_engine("RapidOCR").name == "rapidocr"
    monkeypatch.setenv(engines.ENGINE_ENV, "paddleocr")
    monkeypatch.delenv(PaddleOcrEngine.DET_ENV, raising=False)
    with pytest.raises(InputError) as err:
        select_engine()
    assert err.value.code == "ocr_unavailable"
    with pytest.raises(InputError) as err:
        select_engine("tesseract")
    assert err.value.code == "ocr_unknown_engine"


def test_available_engines_lists_both():
    status = available_engines()
    assert set(status) == {"rapidocr", "paddleocr"}
    assert status["rapidocr"] is True


def test_crop_quad_keeps_narrow_cells_upright():
    image = np.zeros((100, 100, 3), np.uint8)
    crop = engines.crop_quad(image, ((10, 10), (20, 10), (20, 40), (10, 40)))
    assert crop.shape[:2] == (30, 10)  # tall, not turned on its side


def test_inference_threads_default_to_the_cores_and_follow_the_environment(monkeypatch):
    monkeypatch.delenv(engines.THREADS_ENV, raising=False)
    cores = len(os.sched_getaffinity(0))
    assert RapidOcrEngine().threads == min(cores, engines.MAX_DEFAULT_THREADS)
    assert engines.threads_per_process(cores) == 1
    assert engines.threads_per_process(64) == 1
    monkeypatch.setenv(engines.THREADS_ENV, "0")
    assert RapidOcrEngine().threads is None  # the library default: all cores
    monkeypatch.setenv(engines.THREADS_ENV, "2")
    assert RapidOcrEngine().threads == 2
    assert RapidOcrEngine(threads=3).threads == 3


def test_bands_cut_between_lines_and_cover_the_page():
    # white page, dark text lines 30 px high every 60 px
    page = np.full((1200, 800, 3), 255, np.uint8)
    for top in range(20, 1200, 60):
        page[top:top + 30, 50:750] = 0
    cuts = engines.bands(page, 2)
    assert len(cuts) == 2
    (a0, a1, t0, b0), (c0, c1, t1, b1) = cuts
    assert (a0, c1) == (0, 1200) and a1 == c0  # the own rows partition the page
    assert page[a1].min() == 255  # the cut is a blank row, between two lines
    assert t0 == 0 and b1 == 1200 and b0 > a1 and t1 < c0  # each band sees across the cut
    assert engines.bands(page[:700], 2) == [(0, 700, 0, 700)]  # short pages stay whole


def _covered(quad, boxes) -> bool:
    """The quad's centre lies in one of ``boxes`` (3 px of slack)."""
    x = sum(p[0] for p in quad) / 4
    y = sum(p[1] for p in quad) / 4
    return any(min(p[0] for p in b) - 3 <= x <= max(p[0] for p in b) + 3
               and min(p[1] for p in b) - 3 <= y <= max(p[1] for p in b) + 3 for b in boxes)


def _same_boxes(a, b) -> bool:
    """Every box of each detection has its centre inside a box of the other."""
    return all(_covered(q, b) for q in a) and all(_covered(q, a) for q in b)


def test_banded_detection_loses_no_text_of_whole_page_detection(small_scan):
    """Bands cut between lines: every box found on the whole page has its centre inside a
    box found in the bands, and the other way round (how boxes split may differ a little)."""
    from shebao.ingest.ocr.intake import load_pages

    image = np.asarray(load_pages(small_scan)[0].image)
    assert len(engines.bands(image, 2)) == 2
    banded = RapidOcrEngine(threads=2).detect(image)
    whole = RapidOcrEngine(threads=1).detect(image)

    assert len(banded) > 40
    assert _same_boxes(whole, banded)


def test_detector_runs_on_an_int8_copy_built_once_from_the_wheel(monkeypatch, tmp_path):
    from shebao.ingest.ocr import quantize

    monkeypatch.setenv("SHEBAO_CACHE", str(tmp_path))
    monkeypatch.delenv(engines.INT8_ENV, raising=False)
    engine = RapidOcrEngine()
    det = engine.run_paths()["Det"]
    assert engine.uses_int8() and engine.version().endswith("+det-int8")
    assert det.parent == tmp_path / "models" and det.is_file()
    wheel = engine.model_dir() / RapidOcrEngine.MODEL_FILES["Det"]
    calibration = json.loads(quantize.calibration_file(wheel).read_text(encoding="utf-8"))
    assert quantize.quantized_count(det) == calibration["quantized"] > 50
    assert det.stat().st_size < wheel.stat().st_size / 2  # int8 weights, not float
    built = det.stat().st_mtime_ns
    assert RapidOcrEngine().run_paths()["Det"] == det and det.stat().st_mtime_ns == built
    # the other models stay the wheel's own files
    assert engine.run_paths()["Rec"] == engine.model_dir() / RapidOcrEngine.MODEL_FILES["Rec"]


def test_int8_off_by_environment_or_without_a_matching_calibration(monkeypatch, tmp_path):
    from shebao.ingest.ocr import quantize

    monkeypatch.setenv("SHEBAO_CACHE", str(tmp_path))
    monkeypatch.setenv(engines.INT8_ENV, "0")
    engine = RapidOcrEngine()
    assert engine.run_paths()["Det"].name == RapidOcrEngine.MODEL_FILES["Det"]
    assert not engine.uses_int8() and "+" not in engine.version()
    # a detector file other than the calibrated one (another wheel) gets no int8 copy
    other = tmp_path / RapidOcrEngine.MODEL_FILES["Det"]
    other.write_bytes(b"not the calibrated model")
    assert not quantize.can_make(other) and quantize.int8_model(other) is None
    assert not (tmp_path / "models").exists()


def test_int8_detection_finds_the_boxes_of_the_float_model(small_scan):
    """Every box the float detector finds on a scan has its centre inside a box of the int8
    detector, and the other way round (the accuracy on whole documents is measured by
    bench/bench_ocr.py and the recorded fixtures)."""
    from shebao.ingest.ocr.intake import load_pages

    image = np.asarray(load_pages(small_scan)[0].image)
    int8 = RapidOcrEngine(threads=1, int8=True)
    assert int8.uses_int8()
    found = int8.detect(image)
    floats = RapidOcrEngine(threads=1, int8=False).detect(image)

    assert len(floats) > 40
    assert _same_boxes(floats, found)


def test_calibration_of_the_detector_gives_a_file_the_int8_build_uses(monkeypatch, tmp_path):
    """The developer step behind the committed calibration, on one small page tensor."""
    from shebao.ingest.ocr import quantize

    wheel = RapidOcrEngine.model_dir() / RapidOcrEngine.MODEL_FILES["Det"]
    page = np.full((1, 3, 128, 256), 1.0, np.float32)
    page[:, :, 50:70, 30:220] = -1.5  # a dark bar on white, normalised as the detector's input
    made = quantize.calibrate(wheel, [page], "one test tensor", tmp_path / "calibration")
    data = json.loads(made.read_text(encoding="utf-8"))
    assert data["source_sha256"] == sha256_file(wheel) and data["quantized"] > 50
    monkeypatch.setattr(quantize, "CALIBRATION_DIR", tmp_path / "calibration")
    monkeypatch.setenv("SHEBAO_CACHE", str(tmp_path / "cache"))
    quantize._calibration.cache_clear()
    try:
        built = quantize.int8_model(wheel)
        assert built is not None and built.parent == tmp_path / "cache" / "models"
        assert quantize.quantized_count(built) == data["quantized"]
    finally:
        quantize._calibration.cache_clear()


def test_an_int8_copy_that_cannot_be_built_is_said_on_every_page(monkeypatch, tmp_path,
                                                                   small_scan):
    """The quantizer failing (here: made to raise) is no error -- the float model reads -- but
    never silent: every page read carries ``ocr_int8_unavailable`` with the reason, also when
    the reading comes from the cache."""
    from shebao.ingest.ocr import quantize
    from shebao.ingest.ocr.backend import OcrBackend

    monkeypatch.setenv("SHEBAO_CACHE", str(tmp_path))
    monkeypatch.delenv(engines.INT8_ENV, raising=False)

    def broken(source, target):
        raise RuntimeError("quantizer broke")

    monkeypatch.setattr(quantize, "_build", broken)
    monkeypatch.setattr(quantize, "FAILED", {})
    engine = RapidOcrEngine(threads=1)
    assert not engine.uses_int8() and engine.int8_problem == "RuntimeError: quantizer broke"
    backend = OcrBackend(engine)
    for _ in range(2):  # read, then from the cache
        (page,) = backend.read(small_scan)
        codes = [code for code, _ in page.notes]
        assert codes.count("ocr_int8_unavailable") == 1, codes
        message = dict(page.notes)["ocr_int8_unavailable"]
        assert "quantizer broke" in message and "SHEBAO_OCR_INT8=0" in message
