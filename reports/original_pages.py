"""Each original as PDF pages for the bundle: PDFs as they are, photos as pages, spreadsheets
rendered as tables.

Contract: ``original_pdf(original, context, override_dir) -> bytes`` (a PDF). The original
file is only read. Photos are turned upright from their EXIF orientation, scaled to fit an A4
page (portrait or landscape, whichever suits the photo) and re-encoded as JPEG for size; the
untouched original stays in the ZIP and in the manifest hash. Spreadsheets: every sheet (xlsx)
or the file (csv) becomes a table headed by the sheet name, up to :data:`MAX_ROWS` rows each
(the manifest and the original itself carry the rest).
"""

from __future__ import annotations

import datetime as dt
import io
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
class SheetView:
    """What ``sheet.html.j2`` prints: one table per sheet."""

    file: str
    tables: list[tuple[str, list[list[str]], int]]  # (sheet name, rows, rows left out)
    wide: bool


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


def _trim(rows: list[list[str]]) -> list[list[str]]:
    rows = [r for r in rows if any(c.strip() for c in r)]
    width = max((max((i + 1 for i, c in enumerate(r) if c.strip()), default=0) for r in rows),
                default=0)
    return [r[:width] + [""] * (width - len(r)) for r in rows]


def sheet_view(original: Original) -> SheetView:
    tables: list[tuple[str, list[list[str]], int]] = []
    if original.path.suffix.lower() == ".csv":
        rows = _trim(read_csv_rows(original.path))
        tables.append((original.path.name, rows[:MAX_ROWS], max(0, len(rows) - MAX_ROWS)))
    else:
        from openpyxl import load_workbook

        try:
            book = load_workbook(original.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for broken files
            raise InputError("电子表格无法读取", f"unreadable spreadsheet: {exc}",
                             original.path, code="original_unreadable") from exc
        for sheet in book.worksheets:
            values = sheet.iter_rows(values_only=True)
            rows = _trim([[_cell_text(v) for v in row] for row in values])
            tables.append((sheet.title, rows[:MAX_ROWS], max(0, len(rows) - MAX_ROWS)))
        book.close()
    widest = max((len(r[0]) if r else 0 for _, r, _ in tables), default=0)
    return SheetView(file=original.name, tables=tables, wide=widest > 7)


def _sheet_pdf(original: Original, context: Context, override_dir: Path | None) -> bytes:
    from .pdf_engine import html_to_pdf
    from .templating import render

    html = render("sheet.html.j2", context, override_dir, for_bundle=True,
                  sheet=sheet_view(original))
    return html_to_pdf(html)


def original_pdf(original: Original, context: Context,
                 override_dir: Path | None = None) -> bytes:
    if original.kind == "pdf":
        return original.path.read_bytes()
    if original.kind == "photo":
        return _photo_pdf(original)
    return _sheet_pdf(original, context, override_dir)
