"""Coloured ink (a red or blue seal, a coloured pen) taken off a page image before a second look.

A statement's figures and words are printed in black; seals (证明专用章, 业务专用章 …) are
stamped in red, sometimes blue. Where a seal lies over a cell the recogniser reads red
strokes mixed with black ones and fails. A pixel's brightest channel keeps black print dark
(black is dark in every channel) and turns coloured ink light (red ink is bright in the red
channel, blue ink in the blue one), so the seal fades into the paper and the print stays.

Contract:

* :func:`without_ink` ``(image) -> image``: the H×W×3 uint8 RGB image with every pixel
  replaced by its brightest channel (grey, three equal channels). Pure; same shape and type.
* :func:`has_ink` ``(image, box) -> bool``: True when at least :data:`MIN_SHARE` of the
  pixels inside ``box`` = ``(x0, top, x1, bottom)`` are coloured (largest minus smallest
  channel at least :data:`MIN_SATURATION`): only then is a cleaned second look worth taking.
  Grey images and empty boxes are False.
"""

from __future__ import annotations

import numpy as np

MIN_SATURATION = 60  # channel spread of a coloured-ink pixel (paper and black print: < 25)
MIN_SHARE = 0.01  # share of a box's pixels that must be coloured ink


def without_ink(image: np.ndarray) -> np.ndarray:
    """The image with coloured ink faded to paper (module contract)."""
    if image.ndim != 3:
        return image
    bright = image.max(axis=2)
    return np.ascontiguousarray(np.repeat(bright[..., None], image.shape[2], axis=2))


def has_ink(image: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    """True when the box holds coloured ink (module contract)."""
    if image.ndim != 3 or image.shape[2] < 3:
        return False
    h, w = image.shape[:2]
    x0, top, x1, bottom = (round(v) for v in box)
    x0, x1 = max(0, x0), min(w, x1)
    top, bottom = max(0, top), min(h, bottom)
    if x1 <= x0 or bottom <= top:
        return False
    crop = image[top:bottom, x0:x1, :3].astype(np.int16)
    spread = crop.max(axis=2) - crop.min(axis=2)
    return float((spread >= MIN_SATURATION).mean()) >= MIN_SHARE
