"""Columns that lean on a photo are stood upright before the table is read
(``ingest/level.py``: :func:`column_slope`, ``Level.shear``).

70385 (``tests/ocr/test_unseen_photos.py``) drifted ~4 px a row after its 6.1° deskew and its
lower rows' cells were cut by the header's columns. Here the same drift is put on random
generated layouts: their text-layer words, read as an OCR page, sheared by a random
``dx/dy``, must give the same records as the same words upright.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from shebao.ingest import level
from shebao.ingest.level import Level, column_slope, level_page
from shebao.ingest.pdf import PdfTextBackend
from shebao.ingest.pipeline import extract_pages
from shebao.ingest.words import PageText, Rule, Word
from shebao.samples.unseen import generate_unseen

SCALE = 2.5  # PDF points to photo pixels (a phone photo's corrected page is ~2,000 px wide)
# random layouts (seeds of the unseen-text range, not the photo bench's) and random drifts
DRAWN = random.Random("column drift")
CASES = [(seed, DRAWN.choice((-1, 1)) * DRAWN.uniform(0.04, 0.12))
         for seed in DRAWN.sample(range(81000, 89000), 4)]


def _as_photo(page: PageText, drift: float) -> PageText:
    """A text-layer page as an OCR page in pixels, each point moved right by ``drift`` per
    pixel below the page's middle."""
    mid = page.height * SCALE / 2

    def x(x: float, y: float) -> float:
        return x * SCALE + drift * (y * SCALE - mid)

    words = [Word(w.text, x(w.x0, w.yc), w.top * SCALE, x(w.x1, w.yc), w.bottom * SCALE, 0.99)
             for w in page.words]
    rules = [Rule(x(r.x0, r.y0), r.y0 * SCALE, x(r.x1, r.y1), r.y1 * SCALE)
             for r in page.rules]
    return PageText(page.number, page.width * SCALE, page.height * SCALE, words, rules, "ocr")


def _records(pages: list[PageText], drift: float) -> list[tuple]:
    found = extract_pages([_as_photo(p, drift) for p in pages], "drift.jpg", "0" * 64)
    return sorted(((c.month, c.insurance, c.employer_code or c.employer, c.base,
                    c.employer_amount, c.personal_amount, c.status)
                   for c in found.contributions), key=str)


@pytest.mark.parametrize(("seed", "drift"), CASES)
def test_a_random_layout_with_leaning_columns_reads_as_upright(seed, drift, tmp_path,
                                                              monkeypatch):
    sample = generate_unseen(seed, tmp_path, months=12)
    pages = list(PdfTextBackend().pages(Path(sample.path)))
    upright = _records(pages, 0.0)
    assert upright
    assert _records(pages, drift) == upright
    monkeypatch.setattr(level, "MIN_COLUMN_DRIFT", float("inf"))  # the drift left as it is
    assert _records(pages, drift) != upright


def _grid(drift: float, rows: int = 8) -> list[Word]:
    """A table of figures (right-aligned amounts of varying width, centred months) under a
    wrapped header, every column ``drift`` px further right per px down."""
    words = [Word("缴费", 100, 60, 140, 80, 1.0), Word("基数", 100, 82, 140, 102, 1.0)]
    for r in range(rows):
        y = 120 + 40 * r
        shift = drift * y
        for x1, text in ((260, "202401"), (420, "3659.00" if r % 2 else "512.26"),
                         (560, "18.30"), (700, "1")):
            w = 9 * len(text)
            x0 = x1 - w if text != "202401" else x1 - 60
            words.append(Word(text, x0 + shift, y, x0 + w + shift, y + 20, 1.0))
    return words


def test_the_drift_is_measured_from_the_figures_columns():
    assert column_slope(_grid(0.1)) == pytest.approx(0.1, abs=0.005)
    assert column_slope(_grid(-0.06)) == pytest.approx(-0.06, abs=0.005)
    assert column_slope(_grid(0.0)) == pytest.approx(0.0, abs=0.001)
    assert column_slope(_grid(0.1, rows=2)) == 0.0  # two rows: no evidence


def test_a_page_without_drift_is_left_as_it_is():
    page = PageText(1, 900, 600, _grid(0.0), [], "ocr")
    same, lv = level_page(page)
    assert same is page and lv == Level()
    text = PageText(1, 900, 600, _grid(0.1), [], "text")  # a text layer is as printed
    assert level_page(text)[0] is text


def test_a_leaning_page_is_stood_upright_and_mapped_back():
    page = PageText(1, 900, 600, _grid(0.1), [Rule(50, 100, 110, 700)], "ocr")
    upright, lv = level_page(page)
    assert lv.shear == pytest.approx(0.1, abs=0.005)
    months = sorted(w.x0 for w in upright.words if w.text == "202401")
    assert months[-1] - months[0] < 2  # one column again
    rule = upright.rules[0]
    assert abs(rule.x1 - rule.x0) < 1  # the leaning rule is vertical
    for w, u in zip(page.words, upright.words, strict=True):  # and back to the image
        assert lv.from_page(w.xc, w.yc) == pytest.approx((u.xc, u.yc))
        assert lv.x_to_page(u.xc, u.yc) == pytest.approx(w.xc)
        assert lv.to_page(u.xc, u.yc) == pytest.approx(w.yc)
    box = lv.box_to_page((u.x0, u.top, u.x1, u.bottom))
    assert box == pytest.approx((w.x0, w.top, w.x1, w.bottom))
