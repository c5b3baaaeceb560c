"""A seal's coloured ink faded before a second look (``ingest/ocr/ink.py``,
``OcrBackend.reread(..., clean=True)``), in the generator's own seal red
(``samples/unseen/furniture.seal``: RGB 0.85, 0.12, 0.12)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from shebao.ingest.ocr.ink import has_ink, without_ink

from shebao.fonts import cjk_font

SEAL = tuple(round(255 * v) for v in (0.85, 0.12, 0.12))  # as furniture.seal draws it
PAPER = (232, 228, 220)
PRINT = (35, 35, 35)


def _cell(text: str) -> np.ndarray:
    """A printed cell with a seal's ring and one of its characters (险) stamped across it."""
    font = cjk_font("sans")
    im = Image.new("RGB", (240, 90), PAPER)
    draw = ImageDraw.Draw(im)
    draw.text((60, 25), text, fill=PRINT,
              font=ImageFont.truetype(str(font.path), 30, index=font.subfont))
    draw.ellipse((95, -120, 400, 185), outline=SEAL, width=4)
    draw.text((88, 20), "险", fill=SEAL,
              font=ImageFont.truetype(str(font.path), 40, index=font.subfont))
    import cv2

    return cv2.GaussianBlur(np.asarray(im), (0, 0), 0.8)


def test_the_seal_fades_into_the_paper_and_the_print_stays():
    image = np.array([[PAPER, SEAL, PRINT]], dtype=np.uint8)
    clean = without_ink(image)
    assert clean.shape == image.shape and clean.dtype == np.uint8
    paper, seal, ink = (int(v) for v in clean[0, :, 0])
    assert abs(seal - paper) <= 20 and ink <= 40  # the red is paper now, the black is black
    assert (clean[..., 0] == clean[..., 1]).all() and (clean[..., 1] == clean[..., 2]).all()
    blue = np.array([[PAPER, (30, 60, 200)]], dtype=np.uint8)  # a blue seal too
    assert abs(int(without_ink(blue)[0, 1, 0]) - int(without_ink(blue)[0, 0, 0])) <= 40


def test_only_a_box_holding_coloured_ink_has_ink():
    cell = _cell("欠费")
    assert has_ink(cell, (50, 15, 200, 70))
    assert not has_ink(cell, (0, 0, 50, 90))  # paper and print only
    assert not has_ink(cell[..., 0], (50, 15, 200, 70))  # a grey image
    assert not has_ink(cell, (300, 10, 400, 20))  # outside the image


def test_a_cell_under_a_seal_is_read_once_the_ink_is_faded():
    """The recogniser on the crop as it is reads the seal's 险 into the cell (未金账,
    36险.00); on the crop with the red faded it reads what is printed. A box without
    coloured ink is not read again (the plain look saw it)."""
    from shebao.ingest.ocr.backend import OcrBackend

    backend = OcrBackend("rapidocr", cache=False)
    box = (50, 15, 200, 70)
    for text in ("未到账", "3659.00"):
        cell = _cell(text)
        (plain, _), = backend.reread(cell, [box])
        (clean, score), = backend.reread(cell, [box], clean=True)
        assert plain != text and clean == text and score >= 0.8
    blank = np.full((90, 240, 3), PAPER, dtype=np.uint8)
    assert backend.reread(blank, [box], clean=True) == [("", 0.0)]
