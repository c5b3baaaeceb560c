"""Each original as PDF pages for the bundle: PDFs as they are, photos as pages, spreadsheets
rendered as tables, Word files transcribed (:mod:`.word_pages`).

Contract: ``original_pdf(original, context, override_dir) -> bytes`` (a PDF). The original
file is only read. An original with ``excerpt`` set becomes the transcribed page of one
person's rows (:mod:`.excerpt`) instead. Photos are turned upright from their EXIF
orientation, scaled to fit an A4 page (portrait or landscape, whichever suits the photo)
and re-encoded as JPEG for size; the untouched original stays in the ZIP and in the manifest
hash. Spreadsheets: every sheet (xlsx) or the file (csv) becomes a table headed by the sheet
name, up to :data:`MAX_ROWS` rows each
(the manifest and the original itself carry the rest).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from shebao.errors import InputError

from .context import Context
from .originals import Original, read_csv_rows, register_heif

MAX_ROWS = 2000
MAX_PIXELS = 2400  # longest side of a photo page image


def _photo_pdf(original: Original) -> bytes:
    """One page per image frame (a multi-page TIFF scan gives several pages)."""
    from PIL import Image, ImageOps, ImageSequence
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    register_heif()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    with Image.open(original.path) as raw:
        for frame in ImageSequence.Iterator(raw):
            image = ImageOps.exif_transpose(frame).convert("RGB")
            image.thumbnail((MAX_PIXELS, MAX_PIXELS))
            page = landscape(A4) if image.width > image.height else A4
            margin = 42  # points; the stamp band is drawn by stamps.py
            box_w, box_h = page[0] - 2 * margin, page[1] - 2 * margin - 24
            scale = min(box_w / image.width, box_h / image.height)
            w, h = image.width * scale, image.height * scale
            jpeg = io.BytesIO()
            image.save(jpeg, "JPEG", quality=85)
            jpeg.seek(0)
            c.setPageSize(page)
            c.drawImage(ImageReader(jpeg), (page[0] - w) / 2, (page[1] - h) / 2 - 6, w, h)
            c.showPage()
    c.save()
    return buf.getvalue()


@dataclass
class SheetCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    numeric: bool = False


@dataclass
class SheetTable:
    """One worksheet as printed: spreadsheet row numbers and column letters, merged cells kept,
    so "第3行" in a finding is the row anyone sees when opening the file."""

    name: str
    columns: list[str]  # A, B, C, …
    rows: list[tuple[int, list[SheetCell]]]  # (row number, cells not covered by a merge)
    left_out: int  # rows beyond MAX_ROWS, not printed


@dataclass
class SheetView:
    """What ``sheet.html.j2`` prints: one table per sheet."""

    file: str
    tables: list[SheetTable]
    wide: bool
    tiny: bool  # many columns: a smaller font


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}" if value != int(value) or abs(value) >= 1000 else f"{value:g}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?%?$")


def _is_number(value: object, text_numbers: bool) -> bool:
    """Numbers are right-aligned. In xlsx a text cell stays text ("01307" is an ID); CSV has
    only text, so there a number-looking cell without a leading zero counts."""
    if isinstance(value, str):
        text = value.strip()
        return text_numbers and bool(_NUMBER.match(text)) and not (
            len(text) > 1 and text.startswith("0") and "." not in text)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _table(name: str, grid: list[list[object]], merges: list[tuple[int, int, int, int]],
           text_numbers: bool = False) -> SheetTable:
    """``grid`` rows of cell values (1-based row i is grid[i-1]); ``merges`` as
    (min_row, min_col, max_row, max_col). Empty trailing rows and columns are dropped."""
    from openpyxl.utils import get_column_letter

    last_row = max((i + 1 for i, r in enumerate(grid) if any(_cell_text(v).strip() for v in r)),
                   default=0)
    last_col = max((j + 1 for r in grid[:last_row] for j, v in enumerate(r)
                    if _cell_text(v).strip()), default=0)
    span: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in merges:
        if r0 > last_row or c0 > last_col:
            continue
        r1, c1 = min(r1, last_row), min(c1, last_col)
        span[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    rows: list[tuple[int, list[SheetCell]]] = []
    for i in range(1, min(last_row, MAX_ROWS) + 1):
        values = list(grid[i - 1]) + [None] * last_col
        cells = []
        for j in range(1, last_col + 1):
            if (i, j) in covered:
                continue
            rowspan, colspan = span.get((i, j), (1, 1))
            value = values[j - 1]
            cells.append(SheetCell(_cell_text(value), colspan, rowspan,
                                   _is_number(value, text_numbers)))
        rows.append((i, cells))
    return SheetTable(name, [get_column_letter(j) for j in range(1, last_col + 1)], rows,
                      max(0, last_row - MAX_ROWS))


def sheet_view(original: Original) -> SheetView:
    tables: list[SheetTable] = []
    if original.path.suffix.lower() == ".csv":
        rows: list[list[object]] = [list(r) for r in read_csv_rows(original.path)]
        tables.append(_table(original.path.name, rows, [], text_numbers=True))
    else:
        from openpyxl import load_workbook

        try:
            book = load_workbook(original.path, data_only=True)  # not read-only: merges
        except Exception as exc:  # openpyxl raises many types for broken files
            raise InputError("电子表格无法读取", f"unreadable spreadsheet: {exc}",
                             original.path, code="original_unreadable") from exc
        for sheet in book.worksheets:
            grid = [list(row) for row in sheet.iter_rows(values_only=True)]
            merges = [(m.min_row, m.min_col, m.max_row, m.max_col)
                      for m in sheet.merged_cells.ranges]
            tables.append(_table(sheet.title, grid, merges))
        book.close()
    widest = max((len(t.columns) for t in tables), default=0)
    return SheetView(file=original.name, tables=tables, wide=widest > 7, tiny=widest > 14)


def _sheet_pdf(original: Original, context: Context, override_dir: Path | None) -> bytes:
    from .pdf_engine import html_to_pdf
    from .templating import render

    html = render("sheet.html.j2", context, override_dir, for_bundle=True,
                  sheet=sheet_view(original))
    return html_to_pdf(html)


def _word_pdf(original: Original, context: Context, override_dir: Path | None) -> bytes:
    from .pdf_engine import html_to_pdf
    from .templating import render
    from .word_pages import word_view

    html = render("word.html.j2", context, override_dir, for_bundle=True,
                  word=word_view(original))
    return html_to_pdf(html)


def _excerpt_pdf(original: Original, context: Context, override_dir: Path | None) -> bytes:
    from .excerpt import excerpt_view
    from .pdf_engine import html_to_pdf
    from .templating import render

    html = render("excerpt.html.j2", context, override_dir, for_bundle=True,
                  excerpt=excerpt_view(original))
    return html_to_pdf(html)


def original_pdf(original: Original, context: Context,
                 override_dir: Path | None = None) -> bytes:
    if original.excerpt is not None:  # one person's rows of a shared original (.excerpt)
        return _excerpt_pdf(original, context, override_dir)
    if original.kind == "pdf":
        return original.path.read_bytes()
    if original.kind == "photo":
        return _photo_pdf(original)
    if original.kind == "word":
        return _word_pdf(original, context, override_dir)
    return _sheet_pdf(original, context, override_dir)
