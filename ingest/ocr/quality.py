"""Quality gates for page images: blank, blurred, too small, not a table.

Contract
--------
Pure measurements on RGB ``numpy`` arrays and detected boxes, plus the thresholds that turn
them into warning codes (:mod:`.notes`). Thresholds are named constants here, measured on the
generated photos and scans (``tests/ocr``) and on RapidOCR's behaviour at low resolution
(anchors.md §4.6: below roughly 12 px glyph height 缴/账 start to be misread).
"""

from __future__ import annotations

import re

import cv2
import numpy as np

from .engines import Quad
from .geometry import quad_size

# A detector box around one line of text is about 1.7× the glyph (em) height: the detector
# grows the text kernel by the same distance on every side (unclip ratio 1.6). Measured on
# 200-dpi renders of the generated statements (7-10 pt text). We use 1.8, which leaves word
# boxes at about 0.95 em: lines set at 1.0 em spacing (two-line header labels) then stay
# apart despite a pixel of detector jitter.
BOX_TO_GLYPH = 1.8
MIN_GLYPH_PX = 12  # below this, warn: ocr_low_resolution
UPSCALE_BELOW_GLYPH_PX = 12  # below this, enlarge the page so the detector finds the text
UPSCALE_TARGET_PX = 16  # ... to this glyph height (recognition resizes every crop anyway)
TARGET_GLYPH_PX = 24  # scale at which sharpness() is measured
BLANK_STD = 6.0  # grey-level standard deviation below which a page is blank
MIN_SHARPNESS = 0.3  # see sharpness(); below this, warn: ocr_blurry (σ 4 px blur at 200 dpi: 0.24)
LOW_CONFIDENCE = 0.80  # words below this score are listed for review
MIN_TABLE_WORDS = 8
MIN_NUMERIC_WORDS = 3

_NUMERIC = re.compile(r"\d")


def is_blank(image: np.ndarray) -> bool:
    """Nearly uniform: a blank sheet, a lens cap, a white screenshot."""
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(gray, (256, 256), interpolation=cv2.INTER_AREA)
    return float(small.std()) < BLANK_STD and float(cv2.Laplacian(small, cv2.CV_64F).std()) < 4


def glyph_height(quads: list[Quad]) -> float | None:
    """Median glyph height in pixels, from the heights of the detected line boxes."""
    heights = []
    for quad in quads:
        w, h = quad_size(quad)
        if w >= 0.8 * h:  # skip tall boxes (vertical text, stray marks)
            heights.append(h)
    if not heights:
        return None
    return float(np.median(heights)) / BOX_TO_GLYPH


def sharpness(image: np.ndarray, quads: list[Quad], glyph_px: float | None) -> float | None:
    """Edge contrast inside the text boxes, scale-normalised: the mean gradient magnitude at
    the strongest edges (90th percentile) divided by the ink/paper contrast. Sharp print gives
    about 0.5-1.0 at any resolution; a blurred photo falls below 0.25."""
    if not quads or not glyph_px:
        return None
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32)
    # normalise scale so that glyphs are ~24 px; blur in pixels then means the same everywhere
    scale = TARGET_GLYPH_PX / glyph_px
    if abs(scale - 1) > 0.1:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA
                          if scale < 1 else cv2.INTER_LINEAR)
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = cv2.magnitude(gx, gy)
    values = []
    contrasts = []
    for quad in sorted(quads, key=lambda q: -quad_size(q)[0])[:40]:
        xs = [p[0] * scale for p in quad]
        ys = [p[1] * scale for p in quad]
        x0, x1 = max(int(min(xs)), 0), min(int(max(xs)) + 1, gray.shape[1])
        y0, y1 = max(int(min(ys)), 0), min(int(max(ys)) + 1, gray.shape[0])
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        patch = gray[y0:y1, x0:x1]
        contrast = float(np.percentile(patch, 95) - np.percentile(patch, 5))
        if contrast < 20:
            continue
        values.append(float(np.percentile(magnitude[y0:y1, x0:x1], 90)))
        contrasts.append(contrast)
    if not values:
        return None
    # a step edge of contrast C gives a Sobel magnitude of about 4C spread over the blur width
    return float(np.median(np.array(values) / (4 * np.array(contrasts))))


def looks_like_table(texts: list[str]) -> tuple[bool, int, int]:
    """Enough text boxes, some with digits: what a statement or a pay slip prints."""
    numbers = sum(1 for t in texts if _NUMERIC.search(t))
    return len(texts) >= MIN_TABLE_WORDS and numbers >= MIN_NUMERIC_WORDS, len(texts), numbers
