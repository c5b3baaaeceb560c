"""The real model on generated pages: words come out right, upright and in order.

These run RapidOCR (about 1-4 s a page on the 2-core machine), so they are few and use a
nine-row page; table logic is tested on recorded outputs instead (``test_recorded.py``).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image
from shebao.ingest.ocr.backend import OcrBackend, cache_dir
from shebao.ingest.ocr.intake import load_pages
from shebao.ingest.ocr.pipeline import read_page
from shebao.samples.photo import photograph

from shebao.errors import InputError

pytestmark = pytest.mark.slow


def _codes(page) -> list[str]:
    return [code for code, _ in page.notes]


def _found(page, truth_cells) -> float:
    texts = [w.text for w in page.words]
    return sum(1 for cell in truth_cells if cell in texts) / len(truth_cells)


def _months_top_to_bottom(page) -> list[str]:
    months = [w for w in page.words if w.text.isdigit() and len(w.text) == 6]
    return [w.text for w in sorted(months, key=lambda w: w.yc)]


def test_scan_reads_header_months_and_amounts(small_scan, small_page, engine):
    page = read_page(np.asarray(load_pages(small_scan)[0].image), engine)
    texts = [w.text for w in page.words]
    for expected in ("缴费基数", "费款所属期", "缴费类型", "201901", "201903", "4,492.00",
                     "718.72", "359.36", "已到账", "正常应缴"):
        assert expected in texts
    assert _found(page, small_page.cells) == 1.0
    assert all(0.0 <= w.confidence <= 1.0 for w in page.words)
    # header above the rows, months top to bottom in calendar order
    header = next(w for w in page.words if w.text == "费款所属期")
    first = next(w for w in page.words if w.text == "201901")
    assert header.bottom < first.top
    months = _months_top_to_bottom(page)
    assert months == sorted(months)
    assert "ocr_rotated" not in _codes(page)


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_turned_pages_are_read_upright(small_scan, small_page, engine, turn):
    image = np.asarray(load_pages(small_scan)[0].image)
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
             270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    page = read_page(cv2.rotate(image, codes[turn]), engine)
    assert f"页面方向不正，已旋转 {(360 - turn) % 360}°" in " ".join(m for _, m in page.notes)
    assert page.height > page.width  # portrait again
    assert _found(page, small_page.cells) >= 0.98
    months = _months_top_to_bottom(page)
    assert months == sorted(months) and len(months) == 9


def test_phone_photo_is_found_flattened_and_read(small_phone, small_page, engine):
    page = read_page(np.asarray(load_pages(small_phone)[0].image), engine)
    assert "ocr_perspective_corrected" in _codes(page)
    assert abs(page.height / page.width - 297 / 210) < 0.02
    assert _found(page, small_page.cells) >= 0.97
    # after flattening, a row's cells share a baseline
    row = [w for w in page.words if w.text in ("201902",)]
    assert row
    same_row = [w for w in page.words if abs(w.yc - row[0].yc) < row[0].height / 2]
    assert len(same_row) == 7


def test_small_image_is_enlarged_and_warned(small_scan, small_page, engine):
    image = np.asarray(load_pages(small_scan)[0].image)
    tiny = cv2.resize(image, None, fx=0.3, fy=0.3, interpolation=cv2.INTER_AREA)
    page = read_page(tiny, engine)
    assert {"ocr_upscaled", "ocr_low_resolution"} <= set(_codes(page))
    assert _found(page, small_page.cells) >= 0.9


def test_blurred_photo_is_warned(small_scan, engine):
    image = np.asarray(load_pages(small_scan)[0].image)
    page = read_page(cv2.GaussianBlur(image, (0, 0), 4), engine)
    assert "ocr_blurry" in _codes(page)


def test_blank_page_gives_no_words(engine):
    rng = np.random.default_rng(1)
    paper = (np.full((2339, 1654, 3), 238.0) + rng.normal(0, 2, (2339, 1654, 3)))
    page = read_page(paper.clip(0, 255).astype(np.uint8), engine)
    assert page.words == [] and _codes(page) == ["ocr_blank_page"]


def test_picture_that_is_not_a_document(engine):
    rng = np.random.default_rng(2)
    art = np.full((1600, 1200, 3), 200, np.uint8)
    for _ in range(30):
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        centre = tuple(int(v) for v in rng.integers(0, 1200, 2))
        cv2.circle(art, centre, int(rng.integers(20, 200)), colour, -1)
    page = read_page(art, engine)
    assert "ocr_no_table_text" in _codes(page) or "ocr_blank_page" in _codes(page)


def test_backend_yields_ocr_pages_and_caches(small_scan, small_page, tmp_path, monkeypatch):
    import shebao.ingest.ocr.backend as backend_module

    monkeypatch.setenv("SHEBAO_CACHE", str(tmp_path / "fresh-cache"))
    calls: list[int] = []
    real_read_page = backend_module.read_page

    def counting_read_page(*args, **kwargs):
        calls.append(1)
        return real_read_page(*args, **kwargs)

    monkeypatch.setattr(backend_module, "read_page", counting_read_page)
    backend = OcrBackend("rapidocr")
    assert backend.is_available()
    (first,) = list(backend.pages(small_scan))
    assert len(calls) == 1  # an empty cache: the model ran once
    assert first.method == "ocr" and first.number == 1
    # the ruled table: 9 rows + header give 11 horizontal lines, 7 columns give 8 vertical
    horizontal = [r for r in first.rules if r.horizontal]
    vertical = [r for r in first.rules if not r.horizontal]
    assert len(horizontal) == 11 and len(vertical) == 8, (len(horizontal), len(vertical))
    assert all(r.x1 - r.x0 > 0.5 * first.width for r in horizontal)
    assert first.notes[0][0] == "ocr_used"
    assert len(list(cache_dir().glob("*.bin"))) == 1  # one entry, encrypted (.cache)
    (again,) = list(backend.pages(small_scan))
    assert again.words == first.words and again.notes == first.notes
    assert len(calls) == 1  # cached: no model call the second time
    # same pixels under another name hit the same entry; changed pixels do not
    copy = tmp_path / "copy.png"
    copy.write_bytes(small_scan.read_bytes())
    assert backend.cache_key(copy, None) == backend.cache_key(small_scan, None)
    Image.open(small_scan).rotate(180).save(tmp_path / "turned.png")
    assert backend.cache_key(tmp_path / "turned.png", None) != backend.cache_key(copy, None)
    # the corrected page can be re-created for drawing
    (ocr_page,) = backend.read(small_scan)
    image = backend.corrected_image(small_scan, ocr_page)
    assert image.shape[1] == ocr_page.width and image.shape[0] == ocr_page.height


def test_exif_turned_photo_needs_no_rotation(small_page, tmp_path, engine):
    path = photograph(small_page.pdf, tmp_path / "side.jpg", "phone", seed=11, turn=270,
                      exif_orientation=True)
    (page,) = OcrBackend(engine, cache=False).read(path)
    assert "ocr_rotated" not in [c for c, _ in page.notes]
    assert _found(page, small_page.cells) >= 0.97


def test_backend_refuses_unreadable_input(tmp_path):
    bad = tmp_path / "x.jpg"
    bad.write_text("not an image")
    with pytest.raises(InputError):
        list(OcrBackend("rapidocr").pages(bad))


def test_several_photos_read_as_one_document(small_scan, tmp_path):
    second = tmp_path / "p2.png"
    second.write_bytes(small_scan.read_bytes())
    pages = OcrBackend("rapidocr").document_pages([small_scan, second])
    assert [p.number for p in pages] == [1, 2]
    assert pages[1].notes[0][0] == "ocr_used" and "p2.png" in pages[1].notes[0][1]
    assert [w.text for w in pages[0].words] == [w.text for w in pages[1].words]


def test_image_only_pdf_is_rasterised_and_read(small_scan, small_page, tmp_path):
    from shebao.ingest.ocr.intake import pdf_text_pages

    pdf = tmp_path / "scanned.pdf"
    Image.open(small_scan).convert("RGB").save(pdf, resolution=200)
    assert pdf_text_pages(pdf) == {1: False}
    (page,) = list(OcrBackend("rapidocr").pages(pdf))
    assert page.method == "ocr"
    assert _found(page, small_page.cells) >= 0.98


def test_a_label_wrapped_over_two_close_lines_is_read_as_two(tmp_path):
    """The printed pay sheet sets 实发/工资 on two lines one em apart; on a phone photo the
    detector joins them in one box, which reads as nonsense ("效喷", the header then has no
    net pay column). The pipeline reads such a box again as two halves."""
    from shebao.samples import generate
    from shebao.samples.photo import photograph_all

    sample = generate("L6-sheet-pdf", seed=1, out_dir=tmp_path, months=12)
    image = photograph_all(sample.path, tmp_path / "phone", "phone", seed=1)[0]
    (page,) = OcrBackend("rapidocr", cache=False).read(image)
    upper = [w for w in page.words if w.text == "实发"]
    lower = [w for w in page.words if w.text == "工资"]
    assert len(upper) == 1, [w.text for w in page.words if w.top < upper[0].top + 80] \
        if upper else [w.text for w in page.words[:60]]
    below = [w for w in lower if abs((w.x0 + w.x1) - (upper[0].x0 + upper[0].x1)) < 20
             and 0 <= w.top - upper[0].bottom < upper[0].bottom - upper[0].top]
    assert len(below) == 1
