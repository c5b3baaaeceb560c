"""A Word original (.docx) as readable pages for the bundle: a transcription, not a rendering.

Contract: ``word_view(original) -> WordView`` reads the document body in order -- paragraphs
(their text with bold runs, alignment and type size, line and page breaks, text boxes inline),
tables (cells spanning columns ``gridSpan`` or rows ``vMerge`` kept as spans, nested tables
inside their cell, header rows Word repeats on each page repeated too, up to
:data:`~.original_pages.MAX_ROWS` rows a table) and embedded pictures
(PNG/JPEG/GIF/BMP/TIFF..., scaled to at most :data:`MAX_SIDE` pixels, at the width the document
gives them but never wider or taller than a portrait page's text block, :data:`PAGE_MM`) --
plus the text of the page headers and footers. ``word.html.j2`` prints it under
a heading that says it is a transcription of the Word original and gives the original's
SHA-256; the bundle turns that HTML into PDF pages through the same WeasyPrint path as every
other page (:mod:`.pdf_engine`). No word processor is used (LibreOffice is not installed where
the tool runs), so line breaks, fonts and page breaks are not Word's: the original travels
unchanged in the bundle ZIP and its hash in the manifest.

A picture that cannot be transcribed (an EMF/WMF drawing, an undecodable file, one larger
than :data:`shebao.limits.MAX_PIXELS`) is replaced by a line saying so, and counted in
``WordView.left_out``. The original file is only read.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field

from shebao.errors import InputError
from shebao.limits import MAX_PIXELS
from shebao.wordml import row_cells

from .originals import Original

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
MAX_SIDE = 1600  # px: longest side of a transcribed picture
PAGE_MM = (170.0, 230.0)  # the largest picture on a portrait page's text block (w, h)
EMU_PER_MM = 36000
DEFAULT_PT = 10.5  # Word's default body size (五号)


@dataclass
class Inline:
    """A piece of a paragraph: text (``bold``), a line break, or a picture."""

    text: str = ""
    bold: bool = False
    br: bool = False
    image: str = ""  # data: URI
    width_mm: float = 0.0
    missing: str = ""  # a picture that could not be transcribed: why


@dataclass
class Paragraph:
    inlines: list[Inline]
    align: str = "left"  # left | center | right | justify
    size: float = DEFAULT_PT  # points, clamped for print
    page_break: bool = False  # a page break after it
    kind: str = "p"


@dataclass
class Cell:
    blocks: list[Paragraph | Table]
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    rows: list[list[Cell]]
    columns: int
    left_out: int = 0  # rows beyond MAX_ROWS
    head: int = 0  # leading rows Word repeats on every page (``w:tblHeader``)
    kind: str = "table"


@dataclass
class WordView:
    """What ``word.html.j2`` prints."""

    file: str
    sha256: str
    blocks: list[Paragraph | Table]
    headers: list[str] = field(default_factory=list)  # 页眉 texts
    footers: list[str] = field(default_factory=list)  # 页脚 texts
    left_out: int = 0  # pictures that could not be transcribed
    wide: bool = False  # a table of many columns: landscape pages


class _Reader:
    def __init__(self, doc) -> None:
        self.doc = doc
        self.images: dict[str, tuple[str, str, float]] = {}  # -> (data URI, why not, w/h)
        self.left_out = 0
        self.widest = 0

    # -- pictures -------------------------------------------------------------------------
    def picture(self, rid: str, width_mm: float, part) -> Inline:
        key = f"{id(part)}:{rid}"
        if key not in self.images:
            self.images[key] = self._convert(part.related_parts.get(rid))
        uri, why, aspect = self.images[key]
        if not uri:
            self.left_out += 1
            return Inline(missing=why)
        # the document's width, else the text block's; never taller than a page
        width = min(width_mm or PAGE_MM[0], PAGE_MM[0], PAGE_MM[1] * aspect)
        return Inline(image=uri, width_mm=round(width, 1))

    @staticmethod
    def _convert(image_part) -> tuple[str, str, float]:
        from PIL import Image, UnidentifiedImageError

        if image_part is None:
            return "", "图片缺失", 1.0
        try:
            with Image.open(io.BytesIO(image_part.blob)) as im:
                if im.width * im.height > MAX_PIXELS:
                    return "", f"图片过大（{im.width}×{im.height} 像素）", 1.0
                aspect = im.width / max(1, im.height)
                im.thumbnail((MAX_SIDE, MAX_SIDE))
                photo = (im.format or "").upper() in ("JPEG", "MPO")
                rgb = im.convert("RGB" if photo else "RGBA")
                out = io.BytesIO()
                rgb.save(out, "JPEG" if photo else "PNG", **({"quality": 85} if photo else {}))
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            return "", "图形格式无法转录（如 EMF/WMF 矢量图）", 1.0
        mime = "image/jpeg" if photo else "image/png"
        data = base64.b64encode(out.getvalue()).decode("ascii")
        return f"data:{mime};base64,{data}", "", aspect

    # -- paragraphs -----------------------------------------------------------------------
    def paragraph(self, p, part) -> Paragraph:
        inlines: list[Inline] = []
        page_break = [False]
        self._walk(p, inlines, False, part, page_break)
        jc = p.find(f"{W}pPr/{W}jc")
        align = {"center": "center", "right": "right", "end": "right", "both": "justify",
                 "distribute": "justify"}.get(jc.get(f"{W}val") if jc is not None else "", "left")
        sizes = [int(sz.get(f"{W}val")) / 2 for sz in p.iter(f"{W}sz")
                 if (sz.get(f"{W}val") or "").isdigit()]
        size = min(20.0, max(7.0, max(sizes, default=DEFAULT_PT)))
        return Paragraph(_merge(inlines), align, size, page_break[0])

    def _walk(self, el, out: list[Inline], bold: bool, part, page_break: list[bool]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in (f"{MC}Fallback", f"{W}pPr", f"{W}rPr",
                                                   f"{W}del", f"{W}instrText"):
                continue  # comments, alternative renderings, deleted text, field codes
            if tag == f"{W}r":
                b = child.find(f"{W}rPr/{W}b")
                run_bold = b is not None and b.get(f"{W}val") not in ("0", "false")
                self._walk(child, out, run_bold, part, page_break)
            elif tag == f"{W}t":
                out.append(Inline(text=child.text or "", bold=bold))
            elif tag == f"{W}tab":
                out.append(Inline(text="\u3000"))
            elif tag in (f"{W}br", f"{W}cr"):
                if child.get(f"{W}type") == "page":
                    page_break[0] = True
                else:
                    out.append(Inline(br=True))
            elif tag == f"{A}blip":
                rid = child.get(f"{R}embed")
                if rid:
                    out.append(self.picture(rid, _extent_mm(child), part))
            elif tag == f"{V}imagedata":  # legacy VML pictures
                rid = child.get(f"{R}id")
                if rid:
                    out.append(self.picture(rid, 0.0, part))
            elif tag == f"{W}p":  # a paragraph of a text box, inline in its anchor paragraph
                if out and not out[-1].br:
                    out.append(Inline(br=True))
                self._walk(child, out, bold, part, page_break)
            else:
                self._walk(child, out, bold, part, page_break)

    # -- tables ---------------------------------------------------------------------------
    def table(self, tbl, part) -> Table:
        from .original_pages import MAX_ROWS

        rows: list[list[Cell]] = []
        anchors: dict[int, Cell] = {}  # grid column -> the cell a vMerge continues
        columns = head = 0
        for tr in tbl.iterchildren(f"{W}tr"):
            repeat = tr.find(f"{W}trPr/{W}tblHeader")
            if (repeat is not None and repeat.get(f"{W}val") not in ("0", "false")
                    and head == len(rows)):
                head += 1
            if len(rows) >= MAX_ROWS:
                break
            row: list[Cell] = []
            width = 0
            for tc, col, span, vmerge in row_cells(tr):
                if vmerge == "continue" and col in anchors:
                    anchors[col].rowspan += 1
                else:
                    cell = Cell(self.blocks(tc, part), colspan=span)
                    row.append(cell)
                    if vmerge == "restart":
                        anchors[col] = cell
                    else:
                        anchors.pop(col, None)
                width = col + span
            columns = max(columns, width)
            rows.append(row)
        total = sum(1 for _ in tbl.iterchildren(f"{W}tr"))
        self.widest = max(self.widest, columns)
        return Table(rows, columns, max(0, total - MAX_ROWS), head)

    def blocks(self, container, part) -> list[Paragraph | Table]:
        out: list[Paragraph | Table] = []
        for child in container.iterchildren():
            if child.tag == f"{W}p":
                out.append(self.paragraph(child, part))
            elif child.tag == f"{W}tbl":
                out.append(self.table(child, part))
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                out += self.blocks(child.find(f"{W}sdtContent")
                                   if child.tag == f"{W}sdt" else child, part)
        return out


def _extent_mm(blip) -> float:
    """The width the document gives a picture (``wp:extent``), in millimetres; 0 if none."""
    node = blip
    while node is not None:
        extent = node.find(f"{WP}extent")
        if extent is not None and (extent.get("cx") or "").isdigit():
            return int(extent.get("cx")) / EMU_PER_MM
        node = node.getparent()
    return 0.0


def _merge(inlines: list[Inline]) -> list[Inline]:
    """Adjacent text of the same weight joined (Word splits runs at every edit)."""
    out: list[Inline] = []
    for piece in inlines:
        last = out[-1] if out else None
        if (last and piece.text and last.text and not last.br and not last.image
                and not last.missing and last.bold == piece.bold):
            last.text += piece.text
        else:
            out.append(piece)
    return out


def _text(blocks: list[Paragraph | Table]) -> str:
    parts = []
    for b in blocks:
        if isinstance(b, Paragraph):
            parts.append("".join(i.text for i in b.inlines).strip())
        else:
            parts += [_text(c.blocks) for row in b.rows for c in row]
    return "　".join(p for p in parts if p)


def word_view(original: Original) -> WordView:
    from docx import Document

    try:
        doc = Document(str(original.path))
    except Exception as exc:  # checked when the case was read; changed since?
        raise InputError("Word 文件无法读取", f"unreadable Word file: {exc}", original.path,
                         code="original_unreadable") from exc
    reader = _Reader(doc)
    blocks = reader.blocks(doc.element.body, doc.part)
    headers: list[str] = []
    footers: list[str] = []
    for section in doc.sections:
        for kind, out in (("header", headers), ("footer", footers)):
            for variant in ("first_page_", "", "even_page_"):
                hf = getattr(section, f"{variant}{kind}")
                if hf.is_linked_to_previous:
                    continue
                text = _text(reader.blocks(hf._element, hf.part))
                if text and text not in out:
                    out.append(text)
    return WordView(file=original.name, sha256=original.sha256, blocks=blocks, headers=headers,
                    footers=footers, left_out=reader.left_out, wide=reader.widest > 9)
