"""Debug drawings of what OCR saw (for ``shebao extract photo.jpg --debug-image OUT.png``).

Contract
--------
:func:`draw_debug` ``(image, words, out, rules=(), grid=None, low=LOW_CONFIDENCE) -> Path``
draws on a copy of the corrected page image (the one the word boxes refer to, from
:meth:`~.backend.OcrBackend.corrected_image`):

* every word box, thin green; boxes below ``low`` confidence red with a translucent fill and
  their confidence printed above them;
* ruling lines found in the image, blue;
* ``grid`` (optional, from table reconstruction): ``{"columns": [(x0, x1), …], "rows":
  [(top, bottom), …], "cells": [(x0, top, x1, bottom, ok), …]}`` - column and row bands in
  orange, and cells with ``ok`` False hatched red, so a volunteer can see at a glance which
  cells to check against the paper.

The original file is never touched; ``out`` is written as PNG (or JPEG by suffix).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from shebao.ingest.words import Rule, Word

from .quality import LOW_CONFIDENCE

GREEN, RED, BLUE, ORANGE = (0, 160, 60), (220, 20, 20), (30, 90, 230), (240, 140, 0)


def _font(size: int) -> ImageFont.ImageFont:
    try:
        from shebao.fonts import cjk_font

        font = cjk_font("sans")
        return ImageFont.truetype(str(font.path), size, index=font.subfont)
    except Exception:  # no CJK font: digits still draw with the default bitmap font
        return ImageFont.load_default()


def draw_debug(image: np.ndarray | Image.Image, words: Iterable[Word], out: str | Path,
               rules: Iterable[Rule] = (), grid: dict | None = None,
               low: float = LOW_CONFIDENCE) -> Path:
    """Draw boxes, rules and an optional table grid over the page. See the module contract."""
    base = image if isinstance(image, Image.Image) else Image.fromarray(image)
    canvas = base.convert("RGBA")
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    words = list(words)
    heights = sorted(w.height for w in words) or [20.0]
    font = _font(max(10, int(heights[len(heights) // 2] * 0.7)))
    width = max(1, canvas.size[0] // 800)
    if grid:
        for x0, x1 in grid.get("columns", []):
            draw.line([(x0, 0), (x0, canvas.size[1])], fill=(*ORANGE, 120), width=width)
            draw.line([(x1, 0), (x1, canvas.size[1])], fill=(*ORANGE, 120), width=width)
        for top, bottom in grid.get("rows", []):
            draw.rectangle([0, top, canvas.size[0], bottom], outline=(*ORANGE, 90), width=width)
        for x0, top, x1, bottom, ok in grid.get("cells", []):
            if not ok:
                draw.rectangle([x0, top, x1, bottom], fill=(*RED, 50), outline=(*RED, 255),
                               width=2 * width)
                for x in range(int(x0), int(x1), 12):
                    draw.line([(x, bottom), (min(x + (bottom - top), x1), top)],
                              fill=(*RED, 120), width=1)
    for rule in rules:
        draw.line([(rule.x0, rule.y0), (rule.x1, rule.y1)], fill=(*BLUE, 160), width=width)
    for word in words:
        box = [word.x0, word.top, word.x1, word.bottom]
        if word.confidence < low:
            draw.rectangle(box, fill=(*RED, 60), outline=(*RED, 255), width=2 * width)
            draw.text((word.x0, max(0, word.top - font.size - 2)), f"{word.confidence:.2f}",
                      fill=(*RED, 255), font=font)
        else:
            draw.rectangle(box, outline=(*GREEN, 200), width=width)
    result = Image.alpha_composite(canvas, overlay).convert("RGB")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    result.save(out)
    return out
