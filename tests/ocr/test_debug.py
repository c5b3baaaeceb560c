"""Debug drawing: the table grid only where the table is, cell boxes, low-confidence cells in
magenta with their score, word boxes, ruling lines, and a Chinese legend above the page.

A white page with a known grid (a header band and two data rows of two columns, one cell
doubtful), known words and one ruling line; each check looks at pixels where the drawing must
(or must not) put a colour. The legend is read back with the real OCR model.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from shebao.ingest.ocr.debug import draw_debug, legend_height
from shebao.ingest.words import Rule, Word

W, H = 1200, 800
HEADER, ROW1, ROW2 = (30, 100), (120, 190), (200, 270)
COL1, COL2 = (20, 300), (380, 660)
BAD_CELL = (COL2[0], ROW2[0], COL2[1], ROW2[1])
BAD_WORD = Word("4,492.00", 400, 210, 640, 260, 0.42)
LONE_WORD = Word("好差评", 800, 600, 960, 640, 0.50)  # doubtful, outside any table
GOOD_WORD = Word("201901", 40, 130, 240, 180, 0.99)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    page = np.full((H, W, 3), 255, np.uint8)
    grid = {
        "columns": [COL1, COL2],
        "rows": [HEADER, ROW1, ROW2],
        "cells": [
            (COL1[0], ROW1[0], COL1[1], ROW1[1], True),
            (COL2[0], ROW1[0], COL2[1], ROW1[1], True),
            (COL1[0], ROW2[0], COL1[1], ROW2[1], True),
            (*BAD_CELL, False),
        ],
    }
    words = [GOOD_WORD, BAD_WORD, LONE_WORD, Word("2019", 40, 210, 240, 260, 0.97)]
    out = draw_debug(page, words, tmp_path_factory.mktemp("debug") / "debug.png",
                     rules=[Rule(5, 500, 1190, 500)], grid=grid)
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    band = legend_height(W)
    return page, img[band:], img[:band]


def _magenta(p) -> bool:
    return p[0] > p[1] + 40 and p[2] > p[1] + 40


def _orange(p) -> bool:
    return p[0] > 200 and 100 < p[1] < 190 and p[2] < 90


def _red(p) -> bool:
    return p[0] > 180 and p[1] < 90 and p[2] < 90


def test_page_keeps_its_size_and_pixels_below_the_legend(drawn):
    page, img, band = drawn
    assert img.shape == (H, W, 3) and band.shape[1] == W and band.shape[0] > 20
    assert (img[750, 50] == 255).all() and (img[400, 1100] == 255).all()  # untouched paper
    assert (page == 255).all()  # the input image is left as it was


def test_grid_is_drawn_only_where_the_table_is(drawn):
    _, img, _ = drawn
    # column edges inside the rows' extent, none above the header or below the last row
    assert _orange(img[150, COL1[0]]) and _orange(img[150, COL2[1]])
    for y in (10, 350, 700):
        assert (img[y, COL1[0]] == 255).all() and (img[y, COL2[1]] == 255).all()
    # the header band (no cells of its own) is boxed over the data columns, not page-wide
    assert _orange(img[HEADER[0], 160]) and _orange(img[HEADER[0], 500])
    assert (img[HEADER[0], 340] == 255).all() and (img[HEADER[0], 900] == 255).all()
    # nothing between the column bands, nothing across the page at a row's height
    assert (img[(ROW1[0] + ROW1[1]) // 2, 340] == 255).all()
    assert (img[ROW1[0], 900] == 255).all()


def test_low_confidence_cell_is_magenta_with_its_score(drawn):
    _, img, _ = drawn
    x0, top, x1, bottom = BAD_CELL
    # translucent fill inside the cell, around (not only on) the doubtful word
    assert _magenta(img[(top + bottom) // 2, x0 + 8])
    assert _magenta(img[bottom - 4, (x0 + x1) // 2])
    # the doubtful word itself outlined red
    assert _red(img[BAD_WORD.top, 520])
    # its score printed in magenta just above the cell
    label = img[top - 40:top, x0:x0 + 80]
    strong = (label[..., 0] > 120) & (label[..., 2] > 120) & (label[..., 1] < 80)
    assert strong.sum() > 20
    # a good cell is not filled
    assert (img[(ROW1[0] + ROW1[1]) // 2, COL2[0] + 8] == 255).all()


def test_words_and_ruling_lines(drawn):
    _, img, _ = drawn
    good = img[GOOD_WORD.top, 140]
    assert good[1] > good[0] + 60  # green outline on the confident word
    # a doubtful word outside the table: red box and its score above it
    assert _red(img[LONE_WORD.top, 880])
    above = img[LONE_WORD.top - 40:LONE_WORD.top, LONE_WORD.x0:LONE_WORD.x0 + 80]
    assert ((above[..., 0] > 150) & (above[..., 1] < 80)).sum() > 20
    assert img[500, 700][2] > img[500, 700][0] + 40  # the ruling line in blue


def test_legend_says_in_chinese_what_to_check(drawn, engine):
    _, _, band = drawn
    text = "".join(line.text for line in engine.recognise(band.astype(np.uint8)))
    for expected in ("1个单元格需对照原件核对", "低置信度文字", "识别出的表格单元格", "表格线"):
        assert expected in text.replace(" ", ""), text
    assert sum(_magenta(p) for p in band.reshape(-1, 3)[::7]) > 10  # the magenta swatch


def test_legend_says_when_no_table_was_recognised(tmp_path, engine):
    page = np.full((600, 900, 3), 255, np.uint8)
    out = draw_debug(page, [Word("姓名", 40, 40, 120, 70, 0.95)], tmp_path / "d.png")
    band = np.asarray(Image.open(out).convert("RGB"))[:legend_height(900)]
    text = "".join(line.text for line in engine.recognise(band)).replace(" ", "")
    assert "没有识别出表格" in text, text


def test_header_without_rows_on_the_page_is_boxed_over_its_columns_only(tmp_path):
    page = np.full((400, 900, 3), 255, np.uint8)
    grid = {"columns": [(100, 300), (320, 600)], "rows": [(50, 90)], "cells": []}
    out = draw_debug(page, [], tmp_path / "d.png", grid=grid)
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)[legend_height(900):]
    assert _orange(img[50, 200]) and _orange(img[50, 500]) and _orange(img[70, 100])
    assert (img[50, 50] == 255).all() and (img[50, 700] == 255).all()
    assert (img[200, 100] == 255).all()  # no column line below the header


def _amber(p) -> bool:
    """The flag band's translucent amber over white paper (about 249, 235, 195)."""
    return p[0] > 200 and p[0] >= p[1] > p[2] and p[0] - p[2] > 40


def test_a_row_named_by_a_self_check_gets_an_amber_band_and_its_label(tmp_path, engine):
    """A confidently misread digit has no low score: the row the check named (an amount off
    base × rate) is banded amber across the table, labelled, and counted in the legend."""
    page = np.full((H, W, 3), 255, np.uint8)
    grid = {"columns": [COL1, COL2], "rows": [HEADER, ROW1, ROW2],
            "cells": [(COL1[0], ROW1[0], COL1[1], ROW1[1], True)],
            "flags": [(COL1[0], ROW2[0], COL2[1], ROW2[1], "金额与费率不符")]}
    out = draw_debug(page, [GOOD_WORD], tmp_path / "flag.png", grid=grid)
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    band, drawn = img[:legend_height(W)], img[legend_height(W):]
    assert _amber(drawn[(ROW2[0] + ROW2[1]) // 2, COL1[0] + 30])  # the band's fill
    assert _amber(drawn[(ROW2[0] + ROW2[1]) // 2, COL2[1] - 30])  # across the table
    assert (drawn[(ROW1[0] + ROW1[1]) // 2, COL2[0] + 30] == 255).all()  # not the other row
    label = drawn[ROW2[0] - 45:ROW2[0], COL1[0]:COL1[0] + 300].astype(np.uint8)
    assert "金额与费率不符" in "".join(ln.text for ln in engine.recognise(
        np.ascontiguousarray(np.kron(label, np.ones((2, 2, 1), np.uint8)))))
    title = "".join(ln.text for ln in engine.recognise(band.astype(np.uint8))).replace(" ", "")
    assert "1行有自检提示" in title, title
