"""Ruling lines (table borders) found in a page image.

Contract
--------
:func:`find_rules` ``(image, glyph_px=None) -> list[Rule]`` returns the horizontal and vertical
line segments of the page's tables in the image's pixel coordinates, as
:class:`~shebao.ingest.words.Rule` objects (horizontal when ``y0 == y1``), like the ones the
PDF text layer gives. Table reconstruction uses them to separate a section title from the
header below it and to keep a wrapped cell in its row, so OCR pages get the same help as
born-digital ones.

Method: dark pixels (adaptive threshold, robust to uneven light) opened with a long thin
structuring element keep only runs far longer than any glyph stroke; each remaining connected
component becomes one segment (its centre line). The page must already be upright and straight
(the pipeline deskews first); a segment must span at least :data:`MIN_LENGTH_GLYPHS` glyph
heights, so underlines and the strokes of 一 are not mistaken for borders.
"""

from __future__ import annotations

import cv2
import numpy as np
from shebao.ingest.words import Rule

MIN_LENGTH_GLYPHS = 3.0  # a border is at least three glyphs long
MAX_THICKNESS_GLYPHS = 0.4  # and thinner than a stroke-heavy character
DEFAULT_GLYPH_PX = 24.0


def _segments(mask: np.ndarray, horizontal: bool, min_len: int,
              max_thick: int) -> list[Rule]:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[Rule] = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        length = w if horizontal else h
        # mean thickness, not the box's: a line a fraction of a degree off level has a tall
        # bounding box but is still one pixel row or two thick
        thick = area / max(length, 1)
        if length < min_len or thick > max_thick:
            continue
        if horizontal:
            yc = y + h / 2
            out.append(Rule(float(x), yc, float(x + w), yc))
        else:
            xc = x + w / 2
            out.append(Rule(xc, float(y), xc, float(y + h)))
    return out


def find_rules(image: np.ndarray, glyph_px: float | None = None) -> list[Rule]:
    """Table ruling lines of an upright page image (RGB or grey). See the module contract."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    glyph = glyph_px or DEFAULT_GLYPH_PX
    block = int(glyph * 1.5) | 1
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                max(block, 15), 12)
    min_len = int(glyph * MIN_LENGTH_GLYPHS)
    max_thick = max(3, int(glyph * MAX_THICKNESS_GLYPHS))
    rules: list[Rule] = []
    for horizontal in (True, False):
        size = (min_len, 1) if horizontal else (1, min_len)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        # bridge small gaps (JPEG noise, a faint stretch of a printed line)
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1) if horizontal else (1, 9))
        lines = cv2.morphologyEx(lines, cv2.MORPH_CLOSE, bridge)
        rules += _segments(lines, horizontal, min_len, max_thick)
    return rules
