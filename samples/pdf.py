"""Drawing kit shared by the PDF renderers: fonts, page furniture, ruled tables, watermark.

Coordinates are in points with the origin at the **top-left** and ``y`` growing downward (as
in ``shebao.ingest.words``); :class:`Pdf` converts to reportlab's bottom-up space.

* :class:`Pdf` wraps a reportlab canvas with ``invariant=1`` (same input -> same bytes) and the
  CJK TrueType font from :func:`shebao.fonts.cjk_font` embedded (subset) as ``CJK``.
* :class:`Grid` draws a ruled table: a multi-row header of merged cells (labels with ``\\n``
  are drawn one line per text run, so "缴费\\n基数" becomes two runs as in real statements)
  and data rows whose long text wraps inside the cell.
* :meth:`Pdf.watermark` draws the diagonal "测试样本 SPECIMEN – 非官方文件" either as real text
  (it then appears in the text layer, as with real generators) or as glyph outlines (vector
  paths, invisible to text extraction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from shebao.fonts import cjk_font

WATERMARK = "测试样本 SPECIMEN – 非官方文件"
VERIFY_URL = "https://verify.example.invalid/"
PORTRAIT = A4
LANDSCAPE = landscape(A4)
FONT = "CJK"  # sans (黑体-like); "CJKSerif" is the 宋体-like body font
FONT_NAMES = {"sans": "CJK", "serif": "CJKSerif"}
Align = Literal["left", "center", "right"]
WatermarkMode = Literal["text", "outline"]

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def fullwidth(text: str) -> str:
    """ASCII digits as full-width digits (as some generators print them)."""
    return text.translate(FULLWIDTH)


def yuan(value: float | None, thousands: bool = False) -> str:
    """An amount with two decimals (``1,234.00`` with ``thousands``); blank for ``None``."""
    if value is None:
        return ""
    return f"{value:,.2f}" if thousands else f"{value:.2f}"


def whole(value: float | None) -> str:
    """A base printed as a whole number; blank for ``None``."""
    if value is None:
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


@cache
def register_font(style: str = "sans") -> str:
    """Register the CJK font of ``style`` (sans|serif) with reportlab; return its name."""
    font = cjk_font(style)
    name = FONT_NAMES[style]
    pdfmetrics.registerFont(TTFont(name, str(font.path), subfontIndex=font.subfont))
    return name


def width(text: str, size: float, font: str = FONT) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, max_width: float, size: float, font: str = FONT) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` (character-wise, as CJK wraps)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for ch in para:
            if line and width(line + ch, size, font) > max_width:
                lines.append(line)
                line = ch
            else:
                line += ch
        lines.append(line)
    return lines


class Pdf:
    """A PDF being drawn page by page (top-left coordinates)."""

    def __init__(self, path: Path, pagesize: tuple[float, float] = PORTRAIT,
                 watermark: WatermarkMode = "text", title: str = "", font: str = "sans"):
        register_font()
        self.font = register_font(font)
        self.path = Path(path)
        self.width, self.height = pagesize
        self.watermark_mode = watermark
        self.c = Canvas(str(self.path), pagesize=pagesize, invariant=1, pageCompression=1)
        self.c.setTitle(title)
        self.c.setAuthor("shebao-audit synthetic sample generator (测试样本)")
        self.c.setCreator("shebao.samples")
        self.pages = 0
        self._started = False

    # -- pages ---------------------------------------------------------------------------
    def begin_page(self) -> None:
        """Start a page; the watermark goes underneath everything else."""
        self._started = True
        self.pages += 1
        self.watermark()

    def end_page(self) -> None:
        self.c.showPage()
        self._started = False

    def save(self) -> Path:
        if self._started:
            self.end_page()
        self.c.save()
        return self.path

    # -- primitives ----------------------------------------------------------------------
    def text(self, x: float, y: float, s: str, size: float = 9, align: Align = "left",
             bold: bool = False, gray: float = 0.0, per_char: bool = False) -> None:
        """Draw ``s`` with its baseline at top-down ``y``; ``per_char`` draws every character
        as its own text object (as some generators do with numbers)."""
        c = self.c
        w = width(s, size, self.font)
        x0 = x - w / 2 if align == "center" else x - w if align == "right" else x
        if per_char and len(s) > 1:
            for ch in s:
                self.text(x0, y, ch, size, bold=bold, gray=gray)
                x0 += width(ch, size, self.font)
            return
        t = c.beginText(x0, self.height - y)
        t.setFont(self.font, size)
        t.setFillGray(gray)
        if bold:  # fill + stroke: heavier glyphs, one text run (no duplicated characters)
            c.saveState()
            c.setStrokeGray(gray)
            c.setLineWidth(size * 0.035)
            t.setTextRenderMode(2)
        t.textOut(s)
        c.drawText(t)
        if bold:
            c.restoreState()
        c.setFillGray(0)

    def line(self, x0: float, y0: float, x1: float, y1: float, lw: float = 0.5,
             dash: Sequence[float] | None = None) -> None:
        c = self.c
        c.setLineWidth(lw)
        if dash:
            c.setDash(*dash)
        c.line(x0, self.height - y0, x1, self.height - y1)
        if dash:
            c.setDash()

    def rect(self, x: float, y: float, w: float, h: float, lw: float = 0.5,
             fill_gray: float | None = None, stroke: bool = True) -> None:
        c = self.c
        c.setLineWidth(lw)
        if fill_gray is not None:
            c.setFillGray(fill_gray)
        c.rect(x, self.height - y - h, w, h, stroke=int(stroke), fill=int(fill_gray is not None))
        c.setFillGray(0)

    # -- furniture -----------------------------------------------------------------------
    def seal_box(self, x: float, y: float, size: float = 70) -> None:
        """Grey placeholder instead of a seal: a box with （章）."""
        self.c.setStrokeGray(0.6)
        self.rect(x, y, size, size, lw=0.8)
        self.c.setStrokeGray(0)
        self.text(x + size / 2, y + size / 2 + 3, "（章）", size=10, align="center", gray=0.55)

    def qr_box(self, x: float, y: float, size: float = 48, caption: str = "") -> None:
        """Placeholder for a QR code: a hatched square (no real code)."""
        self.c.setStrokeGray(0.5)
        self.rect(x, y, size, size, lw=0.6)
        step = size / 6
        for i in range(1, 6):
            self.line(x + i * step, y + 2, x + i * step, y + size - 2, lw=0.3)
        self.c.setStrokeGray(0)
        if caption:
            self.text(x + size / 2, y + size + 8, caption, size=5.5, align="center", gray=0.3)

    def watermark(self) -> None:
        """Diagonal light-grey specimen notice across the page."""
        c = self.c
        c.saveState()
        c.setFillGray(0.78)
        c.translate(self.width / 2, self.height / 2)
        c.rotate(35 if self.width < self.height else 25)
        size = 30 if self.width < self.height else 34
        if self.watermark_mode == "text":
            c.setFont(self.font, size)
            c.drawCentredString(0, -size / 3, WATERMARK)
        else:
            _outline_text(c, WATERMARK, size)
        c.restoreState()


def _outline_text(c: Canvas, text: str, size: float) -> None:
    """Draw ``text`` centred at the origin as filled glyph outlines (no text object)."""
    from fontTools.pens.basePen import BasePen

    font = _ttfont()
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    upem = font["head"].unitsPerEm
    scale = size / upem
    names = [cmap.get(ord(ch)) or ".notdef" for ch in text]
    total = sum(glyphs[n].width for n in names) * scale

    class PathPen(BasePen):
        def __init__(self, path) -> None:
            super().__init__(glyphs)
            self.p = path

        def _moveTo(self, pt):
            self.p.moveTo(*pt)

        def _lineTo(self, pt):
            self.p.lineTo(*pt)

        def _curveToOne(self, p1, p2, p3):
            self.p.curveTo(*p1, *p2, *p3)

        def _closePath(self):
            self.p.close()

    c.translate(-total / 2, -size / 3)
    c.scale(scale, scale)
    for name in names:
        path = c.beginPath()
        glyphs[name].draw(PathPen(path))
        c.drawPath(path, stroke=0, fill=1)
        c.translate(glyphs[name].width, 0)


@cache
def _ttfont():
    from fontTools.ttLib import TTFont as FTFont

    font = cjk_font("sans")
    if str(font.path).endswith(".ttc"):
        return FTFont(str(font.path), fontNumber=font.subfont, lazy=True)
    return FTFont(str(font.path), lazy=True)


# ---------------------------------------------------------------------------------------------
# Ruled tables
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    """A header cell spanning ``colspan`` columns and ``rowspan`` header rows."""

    text: str
    col: int
    row: int = 0
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Grid:
    """A ruled table with merged header cells, drawn at ``x`` with column ``widths``."""

    pdf: Pdf
    x: float
    widths: list[float]
    head: list[Head]
    head_rows: int = 2
    head_row_h: float = 14.0
    row_h: float = 13.0
    size: float = 7.0
    head_size: float | None = None
    aligns: list[Align] = field(default_factory=list)
    pad: float = 2.0
    per_char_cols: frozenset[int] = frozenset()  # columns whose text is drawn char by char

    @property
    def total_width(self) -> float:
        return sum(self.widths)

    def col_x(self, col: int) -> float:
        return self.x + sum(self.widths[:col])

    def head_height(self) -> float:
        return self.head_rows * self.head_row_h

    def draw_head(self, y: float, fill_gray: float | None = 0.92) -> float:
        """Draw the header with its top at ``y``; return the y below it."""
        size = self.head_size or self.size
        for h in self.head:
            x0 = self.col_x(h.col)
            w = sum(self.widths[h.col:h.col + h.colspan])
            y0 = y + h.row * self.head_row_h
            hh = h.rowspan * self.head_row_h
            self.pdf.rect(x0, y0, w, hh, fill_gray=fill_gray)
            self._cell_text(x0, y0, w, hh, h.text, size, "center")
        return y + self.head_height()

    def height_of(self, cells: Sequence[str], size: float | None = None) -> float:
        size = size or self.size
        lines = max(len(wrap(c, w - 2 * self.pad, size, self.pdf.font))
                    for c, w in zip(cells, self.widths, strict=True))
        return max(self.row_h, lines * size * 1.2 + 3)

    def draw_row(self, y: float, cells: Sequence[str], height: float | None = None,
                 size: float | None = None, spans: dict[int, int] | None = None) -> float:
        """Draw one data row with its top at ``y`` (cells wrap); return the y below it.
        ``spans`` maps a starting column to a number of merged columns."""
        size = size or self.size
        h = height or self.height_of(cells, size)
        col = 0
        spans = spans or {}
        while col < len(self.widths):
            span = spans.get(col, 1)
            x0 = self.col_x(col)
            w = sum(self.widths[col:col + span])
            self.pdf.rect(x0, y, w, h)
            align = self.aligns[col] if col < len(self.aligns) else "center"
            self._cell_text(x0, y, w, h, cells[col], size, align, col in self.per_char_cols)
            col += span
        return y + h

    def _cell_text(self, x0: float, y0: float, w: float, h: float, text: str, size: float,
                   align: Align, per_char: bool = False) -> None:
        if not text:
            return
        lines = wrap(text, w - 2 * self.pad, size, self.pdf.font)
        lead = size * 1.2
        top = y0 + (h - lead * len(lines)) / 2 + size * 0.95
        for i, line in enumerate(lines):
            yy = top + i * lead
            if align == "left":
                self.pdf.text(x0 + self.pad, yy, line, size, per_char=per_char)
            elif align == "right":
                self.pdf.text(x0 + w - self.pad, yy, line, size, align="right",
                              per_char=per_char)
            else:
                self.pdf.text(x0 + w / 2, yy, line, size, align="center", per_char=per_char)
