"""Small test documents drawn in the tests themselves (reportlab, embedded CJK font).

:func:`draw_table` places cell texts at given column centres, row by row, optionally with a
ruled grid, a rotated watermark in the text layer, and page breaks; it knows nothing of the
reader. :func:`words_page` builds the same kind of table directly as positioned words, the
way an OCR engine reports them (no ruling lines, jittered boxes).
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from shebao.ingest.words import PageText, Word

from shebao.fonts import cjk_font

FONT = "TestCJK"
A4 = (595.0, 842.0)


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        f = cjk_font()
        pdfmetrics.registerFont(TTFont(FONT, str(f.path), subfontIndex=f.subfont))
    return FONT


def draw_table(
    path: Path,
    title: str,
    lines_above: list[str],
    header: list[list[tuple[str, float]]],
    rows: list[list[str]],
    xs: list[float],
    *,
    ruled: bool = True,
    watermark: str | None = None,
    banner: str | None = None,
    rows_per_page: int = 40,
    repeat_header: bool = True,
    row_height: float = 14.0,
    size: float = 7.0,
    lines_below: list[str] = (),
) -> Path:
    """``header``: lines of (text, x-centre) pairs (a label split over two lines is two
    entries); ``rows``: cell texts, drawn centred on ``xs``; a cell text containing ``\\n``
    is drawn as two lines inside its row (a wrapped cell)."""
    from reportlab.pdfgen import canvas

    font = _font()
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    left = xs[0] - (xs[1] - xs[0]) / 2
    right = xs[-1] + (xs[-1] - xs[-2]) / 2
    bounds = [left] + [(a + b) / 2 for a, b in itertools.pairwise(xs)] + [right]
    pages = [rows[i : i + rows_per_page] for i in range(0, len(rows), rows_per_page)] or [[]]
    for n, chunk in enumerate(pages, start=1):
        y = height - 50
        if watermark:
            c.saveState()
            c.setFillGray(0.8)
            c.setFont(font, 40)
            c.translate(width / 2, height / 2)
            c.rotate(35)
            c.drawCentredString(0, 0, watermark)
            c.restoreState()
        if banner:  # a horizontal light-grey line of text across the table, as in the
            c.saveState()  # 全国社保卡服务平台 documents
            c.setFillGray(0.75)
            c.setFont(font, 9)
            for k in range(3):
                c.drawString(left, height - 150 - 14 * k + 3, banner)
            c.restoreState()
        c.setFont(font, 14)
        if n == 1 or repeat_header:
            c.drawCentredString(width / 2, y, title)
            y -= 22
        c.setFont(font, size)
        if n == 1:
            for text in lines_above:
                c.drawString(left, y, text)
                y -= 14
        table_top = y + row_height - 4
        if n == 1 or repeat_header:
            for line in header:
                for text, x in line:
                    c.drawCentredString(x, y, text)
                y -= row_height * 0.6
            y -= row_height * 0.4
        header_bottom = y + row_height - 4
        for row in chunk:
            tall = any("\n" in cell for cell in row)
            h = row_height * (1.7 if tall else 1)
            for cell, x in zip(row, xs, strict=True):
                parts = cell.split("\n")
                if len(parts) == 1:
                    c.drawCentredString(x, y - (h - row_height) / 2, cell)
                else:
                    for k, part in enumerate(parts):
                        c.drawCentredString(x, y - k * size * 1.2, part)
            if ruled:
                c.line(left, y - h + row_height - 4, right, y - h + row_height - 4)
            y -= h
        if ruled:
            bottom = y + row_height - 4
            c.line(left, table_top, right, table_top)
            c.line(left, header_bottom, right, header_bottom)
            for b in bounds:
                c.line(b, table_top, b, bottom)
        for text in lines_below if n == len(pages) else ():
            y -= 6
            c.drawString(left, y, text)
            y -= 12
        c.drawCentredString(width / 2, 30, f"第 {n} 页 共 {len(pages)} 页")
        c.showPage()
    c.save()
    return path


def words_page(
    header: list[list[tuple[str, float]]],
    rows: list[list[str]],
    xs: list[float],
    *,
    seed: int = 0,
    jitter: float = 1.5,
    char_w: float = 14.0,
    line_h: float = 40.0,
) -> PageText:
    """A page of OCR-like words (pixels, no rules, boxes jittered by up to ``jitter`` px)."""
    rng = random.Random(seed)
    words: list[Word] = []

    def put(text: str, xc: float, yc: float) -> None:
        if not text:
            return
        w = len(text) * char_w / 2
        j = lambda: rng.uniform(-jitter, jitter)  # noqa: E731
        words.append(
            Word(
                text,
                xc - w + j(),
                yc - 10 + j(),
                xc + w + j(),
                yc + 10 + j(),
                confidence=round(rng.uniform(0.9, 0.99), 3),
            )
        )

    y = 200.0
    for line in header:
        for text, x in line:
            put(text, x, y)
        y += line_h * 0.6
    y += line_h * 0.4
    for row in rows:
        for cell, x in zip(row, xs, strict=True):
            put(cell, x, y)
        y += line_h
    return PageText(number=1, width=2000.0, height=y + 200, words=words, method="ocr")
