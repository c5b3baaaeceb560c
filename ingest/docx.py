"""The Word backend: .docx -> :class:`~shebao.ingest.words.PageText` (python-docx).

Certificates and pay slips are often handed over as Word files: a table typed into Word, or a
photo or scan pasted into one. Contract:

* :class:`DocxBackend` ``.pages(path)`` yields one grid page (as :mod:`shebao.ingest.sheets`
  builds for a worksheet) holding the document body in order: each paragraph is one row with
  one word (its width follows its type size, so the title in larger type is found as on a
  PDF), each table row one grid row with a word per cell; a cell spanning columns
  (``gridSpan``) or rows (``vMerge``) is one word over its whole range, as a merged Excel
  cell. The same table reconstruction then reads it. A body without any text yields no page.
* :func:`pictures` ``(path)`` lists the pictures in the body, in document order, as
  ``(name, suffix, bytes, (width, height))``; the pipeline OCRs those large enough to be a
  photo or scan of a page (:data:`MIN_PICTURE_SIDE`), each as a page of its own.
* A damaged file raises :class:`~shebao.errors.InputError` naming it (``corrupt_docx``); one
  that would unpack past :data:`~shebao.limits.MAX_UNZIPPED_BYTES` or at a zip bomb's ratio
  (judged from the zip directory) is refused before anything is unpacked (``too_large``).
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from shebao.ingest.sheets import CELL_H, CELL_W, grid_page
from shebao.ingest.words import PageText, Word

from shebao.errors import InputError
from shebao.limits import MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO, zip_too_large
from shebao.wordml import row_cells

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MIN_PICTURE_SIDE = 500  # px: smaller pictures are logos, seals, icons - not pages
DEFAULT_PT = 10.5  # Word's default body size (五号)


def _open(path: Path):
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    if path.stat().st_size == 0:
        raise InputError("文件是空的（0 字节）", "the file is empty (0 bytes)", path, "empty_file")
    try:
        with zipfile.ZipFile(path) as archive:
            total = zip_too_large(archive.infolist())
        if total is not None:
            raise InputError(
                f"Word 文件解压后过大（{total:.0f} MB），可能是损坏或恶意文件",
                f"the Word file would unpack to {total:.0f} MB (limit "
                f"{MAX_UNZIPPED_BYTES >> 20} MB, ratio {MAX_ZIP_RATIO}): damaged or malicious",
                path,
                "too_large",
            )
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            NotImplementedError, EOFError, RuntimeError) as exc:  # (a zip "version 7.4")
        raise InputError(
            "Word 文件已损坏或不是 docx 格式（旧版 .doc 请在 Word/WPS 中另存为 .docx 或 PDF）",
            f"the Word file is damaged or not .docx ({exc})",
            path,
            "corrupt_docx",
        ) from exc


def _text(element) -> str:
    """The text of a paragraph or cell: runs joined, paragraphs of a cell joined."""
    parts = []
    for p in element.iter(f"{W}p"):
        parts.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "".join(parts).strip() if len(parts) > 1 else (parts[0].strip() if parts else "")


def _size(paragraph) -> float:
    """The largest run size of a paragraph in points (Word's default when none is set)."""
    sizes = [int(sz.get(f"{W}val")) / 2 for sz in paragraph.iter(f"{W}sz") if sz.get(f"{W}val")]
    return max(sizes, default=DEFAULT_PT)


def _units(text: str) -> float:
    return sum(1.0 if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 0.55
               for ch in text if not ch.isspace()) or 1.0


class DocxBackend:
    """Word documents (.docx) as one grid page of their body."""

    name = "docx"

    def is_available(self) -> bool:
        return importlib.util.find_spec("docx") is not None

    def pages(self, path: Path) -> Iterator[PageText]:
        doc = _open(Path(path))
        body = doc.element.body
        cells: dict[tuple[int, int], str] = {}
        merges: dict[tuple[int, int], tuple[int, int]] = {}
        paragraphs: list[tuple[int, str, float]] = []  # (row, text, size)
        row = 0
        for block in body.iterchildren():
            if block.tag == f"{W}p":
                text = _text(block)
                if text:
                    paragraphs.append((row, text, _size(block)))
                    row += 1
            elif block.tag == f"{W}tbl":
                row = _table(block, row, cells, merges) + 1  # a blank row after each table
        if not cells and not paragraphs:
            return
        page = grid_page(1, cells, merges)
        n_rows = max([row, *(r + h for (r, _), (h, _) in merges.items()),
                      *(r + 1 for r, _ in cells)])
        page.height = max(page.height, n_rows * CELL_H)
        page.width = max(page.width, CELL_W * 4)
        for r, text, pt in paragraphs:
            # one word, as wide as its characters at its type size (pt -> grid units)
            w = _units(text) * pt * CELL_H / 20
            yc = (r + 0.5) * CELL_H
            page.words.append(Word(text, 2.0, yc - CELL_H * 0.3, 2.0 + w, yc + CELL_H * 0.3))
        page.words.sort(key=lambda w: (w.top, w.x0))
        yield page


def _table(tbl, first_row: int, cells: dict, merges: dict) -> int:
    """Cells of one Word table from grid row ``first_row``; the last row used."""
    open_v: dict[int, tuple[int, int]] = {}  # grid column -> anchor (row, col) of a vMerge
    row = first_row - 1
    for tr in tbl.iter(f"{W}tr"):
        if tr.getparent() is not tbl:
            continue  # rows of a nested table are read as their cell's text
        row += 1
        for tc, col, span, vmerge in row_cells(tr):
            if vmerge == "continue" and col in open_v:
                anchor = open_v[col]
                _, w = merges.get(anchor, (1, span))
                merges[anchor] = (row - anchor[0] + 1, w)
            else:
                text = _text(tc)
                if text:
                    cells[(row, col)] = text
                if span > 1:
                    merges[(row, col)] = (1, span)
                if vmerge == "restart":
                    open_v[col] = (row, col)
                else:
                    open_v.pop(col, None)
    return row


def pictures(path: Path) -> list[tuple[str, str, bytes, tuple[int, int]]]:
    """Pictures of the body in document order: (part name, suffix, bytes, (w, h) px);
    pictures that cannot be decoded (EMF/WMF drawings) are left out."""
    from PIL import Image, UnidentifiedImageError

    doc = _open(Path(path))
    out = []
    seen: set[str] = set()
    for blip in doc.element.body.iter(f"{A}blip"):
        rid = blip.get(f"{R}embed")
        part = doc.part.related_parts.get(rid) if rid else None
        if part is None or str(part.partname) in seen:
            continue
        seen.add(str(part.partname))
        try:
            with Image.open(io.BytesIO(part.blob)) as im:
                size = im.size
                fmt = (im.format or "").lower()
        except (UnidentifiedImageError, OSError):
            continue
        suffix = {"jpeg": ".jpg", "mpo": ".jpg", "tiff": ".tif"}.get(fmt, f".{fmt or 'png'}")
        out.append((Path(str(part.partname)).name, suffix, part.blob, size))
    return out
