"""Page furniture of unseen statements: watermarks, seals and marks that vary per document.

:class:`FurnishedPdf` is :class:`shebao.samples.pdf.Pdf` with the specimen watermark replaced
by a :class:`Marks` drawn per document: the watermark text (仅供查询使用, 打印专用, the
national platform's notice, the agency's or a bank's name …), its angle, size, grey level,
whether it is tiled across the page, and whether it is in the text layer (``text``), drawn as
glyph outlines (``outline``, invisible to text extraction) or absent (``none``). So nothing on
the page is recognisable by the generator's own words.

:func:`seal` draws a round seal: the agency's name along the upper arc, a star, and a middle
line (电子印章, 业务专用章 …), in red, as text or as outlines, turned by a random angle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from shebao.samples.pdf import Pdf, _outline_text


@dataclass(frozen=True)
class Marks:
    """How one document's watermark looks (see the module docstring)."""

    text: str = ""
    mode: str = "none"  # text | outline | none
    angle: float = 30.0
    size: float = 28.0
    gray: float = 0.82
    tiled: bool = False


class FurnishedPdf(Pdf):
    """A :class:`Pdf` whose watermark is the document's :class:`Marks`."""

    def __init__(self, path: Path, pagesize: tuple[float, float], marks: Marks, title: str,
                 font: str) -> None:
        self.marks = marks
        super().__init__(path, pagesize=pagesize, watermark="text", title=title, font=font)

    def watermark(self) -> None:
        m = self.marks
        if m.mode == "none" or not m.text:
            return
        centres = [(self.width / 2, self.height / 2)]
        if m.tiled:
            centres = [(self.width * fx, self.height * fy)
                       for fy in (0.2, 0.45, 0.7, 0.92) for fx in (0.28, 0.72)]
        for cx, cy in centres:
            c = self.c
            c.saveState()
            c.setFillGray(m.gray)
            c.translate(cx, cy)
            c.rotate(m.angle)
            if m.mode == "text":
                c.setFont(self.font, m.size)
                c.drawCentredString(0, -m.size / 3, m.text)
            else:
                _outline_text(c, m.text, m.size)
            c.restoreState()


def seal(pdf: Pdf, x: float, y: float, ring: str, middle: str, mode: str = "outline",
         radius: float = 42.0, turn: float = 0.0) -> None:
    """A red round seal centred at top-down ``(x, y)``: ``ring`` along the upper arc, a star
    and ``middle`` under it; ``mode`` ``text`` puts the characters in the text layer."""
    c = pdf.c
    cy = pdf.height - y
    c.saveState()
    c.translate(x, cy)
    c.rotate(turn)
    c.setStrokeColorRGB(0.85, 0.12, 0.12)
    c.setFillColorRGB(0.85, 0.12, 0.12)
    c.setLineWidth(2.2)
    c.circle(0, 0, radius, stroke=1, fill=0)
    chars = list(ring)
    k = math.radians(220.0 / max(1, len(chars)))  # at most 220 degrees of the ring
    size = min(radius * 0.27, k * radius / (1.1 + 1.25 * k))
    per_char = math.degrees(1.1 * size / (radius - 1.25 * size))  # one glyph along the arc
    sweep = per_char * len(chars)
    for i, ch in enumerate(chars):
        a = 90 + sweep / 2 - (sweep * (i + 0.5) / len(chars))
        c.saveState()
        c.rotate(a - 90)
        c.translate(0, radius - size * 1.25)
        _glyphs(pdf, ch, size, mode)
        c.restoreState()
    _glyphs(pdf, "★", radius * 0.45, mode, dy=-radius * 0.12)
    c.saveState()
    c.translate(0, -radius * 0.55)
    mid = min(radius * 0.24, radius * 1.3 / max(1, len(middle)))
    _glyphs(pdf, middle, mid, mode)
    c.restoreState()
    c.restoreState()


def _glyphs(pdf: Pdf, text: str, size: float, mode: str, dy: float = 0.0) -> None:
    c = pdf.c
    if mode == "text":
        c.setFont(pdf.font, size)
        c.drawCentredString(0, dy, text)
        return
    c.saveState()
    c.translate(0, dy + size / 3)
    _outline_text(c, text, size)
    c.restoreState()


def ring_radius(text: str) -> float:
    """A seal radius that fits ``text`` along its arc."""
    return max(36.0, min(52.0, 3.2 * len(text) + 18))
