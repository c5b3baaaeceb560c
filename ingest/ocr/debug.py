"""Debug drawings of what OCR saw (for ``shebao extract photo.jpg --debug-image OUT.png``).

Contract
--------
:func:`draw_debug` ``(image, words, out, rules=(), grid=None, low=LOW_CONFIDENCE) -> Path``
draws on a copy of the corrected page image (the one the word boxes refer to, from
:meth:`~.backend.OcrBackend.corrected_image`) and writes ``out`` (PNG, or JPEG by suffix):

* a legend band (Chinese) **above** the page: how many cells to check (or that no table was
  recognised), then what each colour means; the page below it keeps its pixel coordinates,
  shifted down by the band's height (:func:`legend_height` ``(page width)``);
* ruling lines found in the image: thin translucent blue;
* every word box: thin green; words below ``low`` confidence: red, with their score printed
  above them unless they lie in a low-confidence cell (whose label gives the score);
* ``grid`` (optional, from :func:`shebao.ingest.grid.table_grid`): ``{"columns": [(x0, x1),
  …], "rows": [(top, bottom), …], "cells": [(x0, top, x1, bottom, ok), …]}``. The grid is
  drawn only where the table is: each data row's cells as orange boxes, and a header band
  (a row band with no cells) boxed over the columns of the first data row below it - no line
  runs beyond the table. Cells with ``ok`` False (a word in them read below ``low``) are
  filled magenta, outlined thick, and labelled with the lowest word score inside them
  (e.g. ``0.62``), so a volunteer sees at a glance which cells to check against the paper;
  ``flags`` (rows a self-check named: an amount off base × rate, a repaired decimal point)
  get an amber band across the table with the check's short label at its left, since a
  confidently misread digit has no low score to show.

Colours, line widths and legend texts are the data in :data:`STYLE` and :data:`LEGEND`.
The original file and the ``image`` array are never modified.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from shebao.ingest.words import Rule, Word

from .quality import LOW_CONFIDENCE

RGB = tuple[int, int, int]
Cell = tuple[float, float, float, float, bool]

# name -> (colour, opacity of outlines 0-255, opacity of fills 0-255)
STYLE: dict[str, tuple[RGB, int, int]] = {
    "word": ((0, 160, 60), 200, 0),
    "low_word": ((220, 20, 20), 255, 0),
    "rule": ((30, 90, 230), 110, 0),
    "cell": ((240, 140, 0), 220, 0),
    "low_cell": ((200, 0, 200), 255, 80),
    "flag": ((230, 170, 0), 255, 60),
}
GREEN, RED, BLUE, ORANGE, MAGENTA = (STYLE[k][0] for k in
                                     ("word", "low_word", "rule", "cell", "low_cell"))

# legend entries in the order shown: (style, Chinese text); {low} is the threshold
LEGEND: tuple[tuple[str, str], ...] = (
    ("word", "识别出的文字"),
    ("low_word", "低置信度文字（低于 {low:.2f}）"),
    ("cell", "识别出的表格单元格"),
    ("low_cell", "需对照原件核对的单元格（数字为置信度）"),
    ("flag", "自检提示所在的行（金额与费率不符等，见 warnings）"),
    ("rule", "图中的表格线"),
)


def _font(size: int) -> ImageFont.ImageFont:
    try:
        from shebao.fonts import cjk_font

        font = cjk_font("sans")
        return ImageFont.truetype(str(font.path), size, index=font.subfont)
    except Exception:  # no CJK font: digits still draw with the default bitmap font
        return ImageFont.load_default()


def _legend_layout(width: int, low: float) -> tuple[int, list[tuple[str, str, float, float]]]:
    """Font size and where each legend entry goes: (style, text, x, y); entries flow left to
    right below the title line and wrap at the page width."""
    size = max(14, width // 60)
    font = _font(size)
    pad = size // 2
    x, y = pad, pad + int(size * 1.5)
    placed = []
    for name, text in LEGEND:
        text = text.format(low=low)
        span = size * 2.0 + font.getlength(text)
        if x > pad and x + span > width - pad:
            x, y = pad, y + int(size * 1.4)
        placed.append((name, text, x, y))
        x += span + size * 1.2
    return size, placed


def legend_height(width: int, low: float = LOW_CONFIDENCE) -> int:
    """Height in pixels of the legend band above a page ``width`` pixels wide."""
    size, placed = _legend_layout(width, low)
    return int(placed[-1][3] + size * 1.5)


def _cell_score(cell: Cell, words: list[Word]) -> float | None:
    """The lowest confidence of the words whose centre lies in the cell."""
    x0, top, x1, bottom, _ = cell
    scores = [w.confidence for w in words if x0 <= w.xc <= x1 and top <= w.yc <= bottom]
    return min(scores) if scores else None


def _grid_boxes(grid: dict) -> list[tuple[float, float, float, float]]:
    """Boxes of the grid inside the table only: the data cells, and every header band
    (a row band without cells) split over the columns of the first data row below it."""
    cells: list[Cell] = list(grid.get("cells", []))
    by_row: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for x0, top, x1, bottom, _ in cells:
        by_row.setdefault((top, bottom), []).append((x0, x1))
    boxes = [(x0, top, x1, bottom) for x0, top, x1, bottom, _ in cells]
    for top, bottom in grid.get("rows", []):
        if (top, bottom) in by_row:
            continue
        below = [r for r in by_row if r[0] >= top]
        if below:
            columns = by_row[min(below)]
        elif grid.get("columns"):
            columns = [(min(c[0] for c in grid["columns"]), max(c[1] for c in grid["columns"]))]
        else:
            continue
        boxes.extend((x0, top, x1, bottom) for x0, x1 in columns)
    return boxes


def _label(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str,
           font: ImageFont.ImageFont, colour: RGB) -> None:
    """Text on a white tab, so a score stays legible over print."""
    x0, y0, x1, y1 = draw.textbbox(xy, text, font=font)
    draw.rectangle([x0 - 2, y0 - 1, x1 + 2, y1 + 1], fill=(255, 255, 255, 230))
    draw.text(xy, text, fill=(*colour, 255), font=font)


def _rgba(name: str, fill: bool = False) -> tuple[int, int, int, int]:
    colour, line, area = STYLE[name]
    return (*colour, area if fill else line)


def _title(cells: int, to_check: int, flagged: int = 0) -> str:
    if not cells:
        return "OCR 调试图：没有识别出表格"
    parts = []
    if to_check:
        parts.append(f"{to_check} 个单元格需对照原件核对")
    if flagged:
        parts.append(f"{flagged} 行有自检提示")
    return "OCR 调试图：" + ("；".join(parts) if parts else "没有低置信度的单元格")


def _legend(width: int, low: float, title: str) -> Image.Image:
    """The legend band: a title line (what to check), then the entries."""
    size, placed = _legend_layout(width, low)
    band = Image.new("RGB", (width, legend_height(width, low)), (255, 255, 255))
    draw = ImageDraw.Draw(band)
    font = _font(size)
    draw.text((size // 2, size // 2), title, fill=(0, 0, 0), font=font)
    line = max(2, size // 8)
    for name, text, x, y in placed:
        colour, _, area = STYLE[name]
        swatch = [x, y + size * 0.15, x + size * 1.6, y + size * 0.95]
        if area:
            tint = tuple(int(255 + (c - 255) * area / 255) for c in colour)
            draw.rectangle(swatch, fill=tint, outline=colour, width=line)
        elif name == "rule":
            mid = (swatch[1] + swatch[3]) / 2
            draw.line([(swatch[0], mid), (swatch[2], mid)], fill=colour, width=line)
        else:
            draw.rectangle(swatch, outline=colour, width=line)
        draw.text((x + size * 2.0, y), text, fill=(30, 30, 30), font=font)
    draw.line([(0, band.size[1] - 1), (width, band.size[1] - 1)], fill=(160, 160, 160))
    return band


def draw_debug(image: np.ndarray | Image.Image, words: Iterable[Word], out: str | Path,
               rules: Iterable[Rule] = (), grid: dict | None = None,
               low: float = LOW_CONFIDENCE) -> Path:
    """Draw boxes, rules and the table grid over the page. See the module contract."""
    base = image if isinstance(image, Image.Image) else Image.fromarray(image)
    canvas = base.convert("RGBA")
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    words = list(words)
    heights = sorted(w.height for w in words) or [20.0]
    font = _font(max(10, int(heights[len(heights) // 2] * 0.7)))
    width = max(1, canvas.size[0] // 800)
    for rule in rules:
        draw.line([(rule.x0, rule.y0), (rule.x1, rule.y1)], fill=_rgba("rule"), width=width)
    grid = grid or {}
    for box in _grid_boxes(grid):
        draw.rectangle(box, outline=_rgba("cell"), width=width)
    bad = [c for c in grid.get("cells", []) if not c[4]]
    for cell in bad:
        draw.rectangle(cell[:4], fill=_rgba("low_cell", fill=True), outline=_rgba("low_cell"),
                       width=3 * width)

    flags = grid.get("flags", [])
    for x0, top, x1, bottom, _ in flags:
        pad = (bottom - top) * 0.15
        draw.rectangle([x0 - 3 * width, top - pad, x1 + 3 * width, bottom + pad],
                       fill=_rgba("flag", fill=True), outline=_rgba("flag"), width=3 * width)

    def in_bad_cell(w: Word) -> bool:
        return any(x0 <= w.xc <= x1 and top <= w.yc <= bottom for x0, top, x1, bottom, _ in bad)

    for word in words:
        box = [word.x0, word.top, word.x1, word.bottom]
        if word.confidence < low:
            draw.rectangle(box, outline=_rgba("low_word"), width=2 * width)
            if not in_bad_cell(word):
                _label(draw, (word.x0, max(0, word.top - font.size - 3)),
                       f"{word.confidence:.2f}", font, RED)
        else:
            draw.rectangle(box, outline=_rgba("word"), width=width)
    for x0, top, _x1, _bottom, text in flags:
        _label(draw, (x0, max(0, top - font.size - 3)), text, font, STYLE["flag"][0])
    for cell in bad:  # labels last, so no box is drawn over them
        score = _cell_score(cell, words)
        if score is not None:
            _label(draw, (cell[0] + 2, max(0, cell[1] - font.size - 3)), f"{score:.2f}", font,
                   MAGENTA)
    page = Image.alpha_composite(canvas, overlay).convert("RGB")
    band = _legend(page.size[0], low, _title(len(grid.get("cells", [])), len(bad),
                                                 len(flags)))
    result = Image.new("RGB", (page.size[0], band.size[1] + page.size[1]), (255, 255, 255))
    result.paste(band, (0, 0))
    result.paste(page, (0, band.size[1]))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    result.save(out)
    return out
