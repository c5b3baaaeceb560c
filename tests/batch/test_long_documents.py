"""A long document finishes inside a batch (issue 10): the reader's time limit grows with the
document's pages up to a ceiling (:meth:`shebao.batch.run.Limits.seconds_for`; the figures in
:mod:`shebao.limits`, overridden by the config file's ``[batch]`` or ``$SHEBAO_BATCH_*``), and
a document skipped at a limit is named with the limit it hit and how to read it alone.

Before: one flat 600 s for any document, so a 2,000-page statement (~800 s of CPU) was always
skipped as too slow, and the message said neither which file nor what to do. The slow reader
here is a reading that sleeps (the forked child inherits the patch): the limits are set low,
the margins wide (seconds against a sleep of several), nothing is timed."""

from __future__ import annotations

import json
import os
import time

import pytest
from shebao.batch.run import Limits, page_count, read_isolated

from shebao.errors import UsageError

PER_PAGE = "SHEBAO_BATCH_SECONDS_PER_PAGE"
PER_OCR_PAGE = "SHEBAO_BATCH_SECONDS_PER_OCR_PAGE"
NAMES = ("SHEBAO_BATCH_SECONDS", PER_PAGE, "SHEBAO_BATCH_SECONDS_MAX", "SHEBAO_BATCH_MEMORY_MB",
         PER_OCR_PAGE)


def test_the_time_limit_grows_with_the_pages_up_to_its_ceiling():
    limits = Limits(seconds=10, seconds_per_page=2, seconds_max=100)
    assert limits.seconds_for(0) == limits.seconds_for(1) == 12  # (not counted yet: one page)
    assert limits.seconds_for(20) == 50
    assert limits.seconds_for(2000) == 100
    assert Limits(seconds=10, seconds_per_page=2, seconds_max=5).seconds_for(50) == 10
    default = Limits()
    assert default.seconds_for(2000) > 2000 * 0.4 * 2  # a text page: ~0.4 s of CPU (2026-12)
    assert default.seconds_for(10**6) == default.seconds_max


def _clean_env(monkeypatch) -> None:
    for name in NAMES:
        monkeypatch.setenv(name, "0")
        monkeypatch.delenv(name)  # (restored as it was after the test)


def test_limits_come_from_the_config_file_and_the_environment(tmp_path, monkeypatch):
    from shebao import config

    _clean_env(monkeypatch)
    toml = tmp_path / "config.toml"
    toml.write_text("[batch]\nseconds = 5\nseconds_per_page = 0.5\nseconds_max = 50\n"
                    "memory_mb = 700\nseconds_per_ocr_page = 12\n", "utf-8")
    monkeypatch.setenv("SHEBAO_CONFIG", str(toml))
    config.apply()
    limits = Limits.from_env()
    assert (limits.seconds, limits.seconds_per_page, limits.seconds_max, limits.memory_mb,
            limits.seconds_per_ocr_page) == (5, 0.5, 50, 700, 12)
    monkeypatch.setenv(PER_PAGE, "3")  # the environment over the file
    monkeypatch.setenv(PER_OCR_PAGE, "7")
    assert (Limits.from_env().seconds_per_page, Limits.from_env().seconds_per_ocr_page) == (3, 7)
    rows = {s.env: (value, source) for s, value, source in config.effective(toml)}
    assert rows["SHEBAO_BATCH_SECONDS_MAX"] == ("50", "配置文件")
    toml.write_text("[batch]\nseconds_per_page = \"fast\"\n", "utf-8")
    with pytest.raises(UsageError, match="seconds_per_page"):
        config.read_file(toml)


@pytest.fixture(scope="module")
def statement(tmp_path_factory):
    from shebao.samples import generate

    return generate("L1", 1, tmp_path_factory.mktemp("long"), months=355).path  # 10 pages


def _slow_reading(monkeypatch, seconds: float, working: bool = True) -> None:
    """Reading that first works (or, not ``working``, waits) ``seconds`` of CPU (of wall)."""
    import shebao.ingest.pdf  # noqa: F401  (imported before the fork: the count is quick)
    from shebao.audit import engine

    read = engine.read_document

    def slow(*args, **kwargs):
        started = time.process_time()
        while working and time.process_time() - started < seconds:
            pass
        if not working:
            time.sleep(seconds)
        return read(*args, **kwargs)

    monkeypatch.setattr(engine, "read_document", slow)


def test_a_long_document_gets_the_time_its_pages_need(statement, tmp_path, monkeypatch):
    from shebao.ingest.pipeline import extract_file

    assert page_count([str(statement)]) == 10
    _slow_reading(monkeypatch, 4)
    target = tmp_path / "answer.json"
    # 2 s for any document would skip it (below); 2 s + 10 s a page lets it finish
    read_isolated([[statement]], [target], ocr=False, jobs=1,
                  limits=Limits(seconds=2, seconds_per_page=10, seconds_max=600,
                                wall_factor=1000))
    answer = json.loads(target.read_text("utf-8"))
    assert "extract" in answer, answer
    expected = extract_file(statement).to_json_dict()
    assert len(answer["extract"]["contributions"]) == len(expected["contributions"]) > 1000
    assert answer["extract"] == json.loads(json.dumps(expected))


def test_a_skipped_document_names_the_limit_and_how_to_read_it_alone(statement, tmp_path,
                                                                      monkeypatch):
    _slow_reading(monkeypatch, 4)
    target = tmp_path / "answer.json"
    read_isolated([[statement]], [target], ocr=False, jobs=1,
                  limits=Limits(seconds=2, seconds_per_page=0, seconds_max=60,
                                wall_factor=1000))  # (CPU time only, however busy the machine)
    failed = json.loads(target.read_text("utf-8"))["failed"]
    assert failed["reason"] == "too_slow"
    zh = failed["zh"]
    # the file is named once, by whoever prints the reason (CLI line, sheet column)
    assert zh.startswith("读取超过 2 秒（CPU 时间") and str(statement) not in zh.split("：")[0]
    assert "10 页 × 每页 0 秒 + 2 秒，最多 60 秒" in zh
    assert f"shebao extract {statement} -o {statement.stem}.json" in zh
    assert PER_PAGE in zh and "SHEBAO_BATCH_SECONDS_MAX" in zh
    assert failed["en"].startswith("took longer") and "shebao extract" in failed["en"]


def test_the_memory_message_names_the_file_and_how_to_read_it_alone():
    zh = Limits(memory_mb=300).too_large("工人 张三.pdf")["failed"]["zh"]
    assert zh.startswith("太大，读取时超过内存上限（300 MB）")
    assert "shebao extract '工人 张三.pdf' -o '工人 张三.json'" in zh
    assert "SHEBAO_BATCH_MEMORY_MB" in zh


def test_pages_of_files_that_are_not_text_pdfs_count_one(tmp_path, statement):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    photo = tmp_path / "p1.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    assert page_count([str(broken)]) == 1
    assert page_count([str(photo), str(statement)]) == 11


def test_a_reader_that_waits_is_stopped_by_the_wall_clock(statement, tmp_path, monkeypatch):
    """The limit is CPU time (a busy machine does not skip a long document); a reader that
    waits without working is stopped at BATCH_WALL_FACTOR times it of wall time."""
    _slow_reading(monkeypatch, 60, working=False)
    target = tmp_path / "answer.json"
    read_isolated([[statement]], [target], ocr=False, jobs=1,
                  limits=Limits(seconds=1, seconds_per_page=0.1, seconds_max=60, wall_factor=3))
    failed = json.loads(target.read_text("utf-8"))["failed"]
    assert failed["reason"] == "too_slow"
    assert "读取 6 秒仍未完成（时间上限 2 秒的 3 倍" in failed["zh"]
    assert failed["zh"].startswith("读取 6 秒") and "shebao extract" in failed["zh"]


# ---------------------------------------------------------------------------------------------
# scans: the time a document needs depends on its pages to OCR (~10 s of CPU each here, 2026-12)
# against those read from a text layer (~0.4 s)


def _scan_pdf(path, pages: int):
    """An image-only PDF of ``pages`` pages (small grey pictures, no font: a scan)."""
    from PIL import Image

    images = [Image.new("L", (170, 240), 200 + i % 40) for i in range(pages)]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=20.0)
    return path


def test_the_time_limit_counts_pages_to_ocr_at_their_own_rate():
    limits = Limits(seconds=10, seconds_per_page=2, seconds_per_ocr_page=20, seconds_max=1000)
    assert limits.seconds_for(0, 30) == 10 + 30 * 20
    assert limits.seconds_for(5, 3) == 10 + 5 * 2 + 3 * 20
    assert limits.seconds_for(0, 0) == limits.seconds_for(1) == 12
    assert limits.seconds_for(0, 500) == 1000  # (the ceiling)
    default = Limits()
    # a page to OCR takes ~5-12 s of CPU here, a text page ~0.4 s: each gets ~3-4x its cost
    assert default.seconds_per_ocr_page >= 12 * 2 and default.seconds_per_page >= 0.4 * 3
    assert default.seconds_for(0, 100) >= 600 + 100 * 12 * 2


def test_page_plan_tells_scanned_pages_from_text_pages(tmp_path, statement):
    from PIL import Image
    from shebao.batch.run import page_plan

    scan = _scan_pdf(tmp_path / "scan.pdf", 30)
    assert page_plan([str(scan)], ocr=True) == (0, 30)
    assert page_plan([str(scan)], ocr=False) == (30, 0)  # (not OCR'd: refused, quickly)
    assert page_plan([str(statement)], ocr=True) == (10, 0)
    frames = [Image.new("L", (50, 50), v) for v in (10, 90, 180)]
    tiff = tmp_path / "three.tif"
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    photo = tmp_path / "p1.jpg"
    frames[0].save(photo)
    named_jpg = tmp_path / "scan-named.jpg"  # a PDF named .jpg is read as the PDF it is
    named_jpg.write_bytes(scan.read_bytes())
    assert page_plan([str(tiff), str(photo), str(statement)], ocr=True) == (10, 4)
    assert page_plan([str(named_jpg)], ocr=True) == (0, 30)
    assert page_count([str(scan)]) == 30
    fifo = tmp_path / "stuck.pdf"  # never opened (it would block): its reading refuses it
    os.mkfifo(fifo)
    assert page_plan([str(fifo)], ocr=True) == (1, 0)


def _reading_that_works(monkeypatch, seconds: float) -> None:
    """Reading that works ``seconds`` of CPU, then answers an empty statement (no OCR is run:
    the test is about the limit the batch gives the document, not about OCR)."""
    from shebao.audit import engine

    from shebao.records import Document, Extract

    def read(paths, ocr=True, corrections=()):
        started = time.process_time()
        while time.process_time() - started < seconds:
            pass
        return Extract(document=Document(file=paths[0].name, sha256="0" * 64, kind="statement",
                                         layout="generic", method="ocr", pages=30))

    monkeypatch.setattr(engine, "read_document", read)


def test_a_long_scan_in_a_batch_gets_the_ocr_budget(tmp_path, monkeypatch):
    """A 30-page image-only PDF read with OCR in a batch: its limit is the base + 30 pages to
    OCR (here 1 s + 30 x 1 s), so a reading of 3 s of CPU finishes; at the text rate (or an
    OCR rate of 0) one of 10 s is skipped (the limit is per OCR thread: at most 4 x 1 s), the
    message giving the sum with its 30 pages to OCR."""
    import shebao.ingest.pdf  # noqa: F401  (imported before the fork: the count is quick)

    scan = _scan_pdf(tmp_path / "扫描件.pdf", 30)
    _reading_that_works(monkeypatch, 3)
    target = tmp_path / "answer.json"
    read_isolated([[scan]], [target], ocr=True, jobs=1,
                  limits=Limits(seconds=1, seconds_per_page=0, seconds_per_ocr_page=1,
                                seconds_max=600, wall_factor=1000))
    answer = json.loads(target.read_text("utf-8"))
    assert answer["extract"]["document"]["pages"] == 30, answer

    _reading_that_works(monkeypatch, 10)
    target = tmp_path / "skipped.json"
    read_isolated([[scan]], [target], ocr=True, jobs=1,
                  limits=Limits(seconds=1, seconds_per_page=10, seconds_per_ocr_page=0,
                                seconds_max=600, wall_factor=1000))
    failed = json.loads(target.read_text("utf-8"))["failed"]
    assert failed["reason"] == "too_slow"
    assert "时间上限：30 页 OCR × 每页 0 秒 + 1 秒，最多 600 秒" in failed["zh"], failed["zh"]
    assert "30 page(s) to OCR x 0 s + 1 s" in failed["en"]
    assert PER_OCR_PAGE in failed["zh"] and PER_PAGE not in failed["zh"]
