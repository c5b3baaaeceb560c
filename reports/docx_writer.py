"""DOCX from the template HTML, with python-docx: real headings, paragraphs, lists and tables.

Why not docxtpl ``.docx`` templates: one jinja2 source per document kind keeps HTML, PDF, DOCX
and Markdown saying the same thing, and a paralegal edits a text file instead of fighting
Word's habit of splitting ``{{ tags }}`` across XML runs (docxtpl #440/#81). The result is still
a normal Word/WPS document: every paragraph and table cell is editable text, headings use the
built-in Heading styles (so the navigation pane works), east-Asian text is set in 宋体/黑体 via
``w:eastAsia``, and 【待补充】 markers are highlighted yellow so they are easy to find.

Contract: ``html_to_docx(html, title) -> bytes`` (a complete .docx file).
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table as DocxTable
from docx.table import _Cell as DocxCell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from .htmlblocks import FIGURE, Block, Cell, PageBreak, Paragraph, Table, parse, split_figures

BODY_FONT = ("Times New Roman", "宋体")
_TABLE_PT = 9.5  # table text size (pt); the ten-column arrears table uses _SMALL_PT
_SMALL_PT = 8.0
_PAD = Cm(0.25)  # a cell's left and right margins together (_cell_margins)
_MIN_PAD = Cm(0.1)  # ... when a table's tokens need the room
_NUMERIC = re.compile(r"^-?[\d,]+(\.\d+)?%?$")
# Cell colours of the report's calendar (style.css td.m-*), kept in Word as cell shading.
_SHADING = {"m-ok": "E3F1DF", "m-missing": "D9534F", "m-withheld": "8E1B1B", "m-low": "F0AD4E",
            "m-refunded": "777777", "m-back": "9EC5E8", "m-dup": "C9A0DC"}
_WHITE_TEXT = {"m-missing", "m-withheld", "m-refunded"}
HEAD_FONT = ("Arial", "黑体")
_ALIGN = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "sign": WD_ALIGN_PARAGRAPH.RIGHT,
          "center": WD_ALIGN_PARAGRAPH.CENTER}


def _set_font(element: BaseStyle | DocxRun, latin: str, east_asian: str) -> None:
    element.font.name = latin
    rpr = element.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the names below
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    _set_font(normal, *BODY_FONT)
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.35
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12.5)):
        style = doc.styles[name]
        _set_font(style, *HEAD_FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _runs(paragraph: DocxParagraph, para: Paragraph, size: float | None = None) -> None:
    for run in para.runs:
        if run.text == "\n":
            paragraph.add_run().add_break(WD_BREAK.LINE)
            continue
        r = paragraph.add_run(run.text)
        r.bold = run.bold or None
        r.italic = run.italic or None
        if run.missing:
            r.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if run.small or "small" in para.classes:
            r.font.size = Pt(9)
        elif size:
            r.font.size = Pt(size)


def _paragraph(doc: DocxDocument, para: Paragraph) -> None:
    if para.style == "h1":
        p = doc.add_paragraph(style="Title")
    elif para.style in ("h2", "h3"):
        p = doc.add_paragraph(style="Heading 1" if para.style == "h2" else "Heading 2")
    elif para.style == "li":
        p = doc.add_paragraph(style="List Number" if para.ordered else "List Bullet")
        if para.ordered:  # explicit numbers: each list restarts at 1 and survives editing
            p.style = doc.styles["Normal"]
            p.paragraph_format.left_indent = Cm(0.9 + 0.6 * para.level)
            p.paragraph_format.first_line_indent = Cm(-0.6)
            p.add_run(f"{para.number}. ")
    else:
        p = doc.add_paragraph()
        if "indent" in para.classes:
            p.paragraph_format.first_line_indent = Pt(24)
    for cls, align in _ALIGN.items():
        if cls in para.classes:
            p.alignment = align
    if "keep" in para.classes:  # the closing stays on one page (style.css p.keep)
        p.paragraph_format.keep_with_next = True
    _runs(p, para)


def _shade(cell_obj: DocxCell, cell: Cell) -> None:
    fill = next((_SHADING[c] for c in cell.classes if c in _SHADING), None)
    if fill is None:
        return
    tc_pr = cell_obj._tc.get_or_add_tcPr()
    tc_pr.append(tc_pr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto",
                                                 qn("w:fill"): fill}))
    if cell.classes & _WHITE_TEXT:
        for p in cell_obj.paragraphs:
            for r in p.runs:
                r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                r.bold = True


def _cell(cell_obj: DocxCell, cell: Cell, size: float = _TABLE_PT) -> None:
    first = True
    for para in cell.paragraphs or [Paragraph()]:
        p = cell_obj.paragraphs[0] if first else cell_obj.add_paragraph()
        first = False
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.1
        if cell.header or "c" in cell.classes:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif "num" in cell.classes:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _runs(p, para, size=size)
        if cell.header:
            for r in p.runs:
                r.bold = True
    _shade(cell_obj, cell)


def _table(doc: DocxDocument, table: Table) -> None:
    width = max((sum(c.colspan for c in row.cells) for row in table.rows), default=0)
    if not width:
        return
    t = doc.add_table(rows=0, cols=width)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        cells = t.add_row().cells
        col = 0
        for cell in row.cells:
            target = cells[col]
            if cell.colspan > 1:
                target = target.merge(cells[min(col + cell.colspan, width) - 1])
            _cell(target, cell, _table_pt(width))
            if {"num", "nw"} & cell.classes:  # numbers and names on one line
                tc_pr = target._tc.get_or_add_tcPr()
                tc_pr.append(tc_pr.makeelement(qn("w:noWrap"), {}))
            if "total" in row.classes:
                for p in target.paragraphs:
                    for r in p.runs:
                        r.bold = True
            col += cell.colspan
        if row.header:
            tr_pr = t.rows[-1]._tr.get_or_add_trPr()
            tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    _cell_margins(t, _widths(doc, t, table, width))
    doc.add_paragraph()


def _cell_margins(t: DocxTable, pad: int) -> None:
    """Left and right cell margins of ``pad`` EMU in all (Word's default is 0.38 cm)."""
    tbl_pr = t._tbl.tblPr
    margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        margins.append(margins.makeelement(qn(f"w:{side}"), {
            qn("w:w"): str(int(pad / 2 / 635)), qn("w:type"): "dxa"}))
    later = [tbl_pr.find(qn(f"w:{tag}")) for tag in ("tblLook", "tblCaption", "tblDescription",
                                                     "tblPrChange")]
    later = [e for e in later if e is not None]
    if later:  # the schema's order: tblCellMar comes before these
        later[0].addprevious(margins)
    else:
        tbl_pr.append(margins)


def _display(text: str) -> float:
    """Width of text in em: a CJK character is one em, other characters about half."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


_CJK = 0x2E7F  # code points above are set one em wide


def _is_cjk(ch: str) -> bool:
    return ord(ch) > _CJK


def _needs(cell: Cell) -> tuple[float, float]:
    """(the narrowest the cell can be, the width it would like) in em. Numbers, names and
    cells marked ``nw`` (no wrap) never wrap; in other text a run of digits or Latin letters
    (2023, 12,345.67, an ID number) is never broken, and CJK text may wrap down to about four
    characters a line."""
    text = cell.text
    whole = _display(text)
    if {"num", "nw"} & cell.classes or _NUMERIC.match(text.strip() or "x"):
        return whole, whole
    runs = [r for r in re.split(r"[\s/]+|[\u2e80-\U0010ffff]+", text) if r]  # non-CJK runs
    cjk = [w for w in re.split(r"[\s/]+", text) if any(_is_cjk(c) for c in w)]
    longest = max([_display(r) for r in runs] + [min(_display(w), 4.0) for w in cjk] + [1.0])
    return longest, whole


def _table_pt(columns: int) -> float:
    return _SMALL_PT if columns >= 9 else _TABLE_PT


def _widths(doc: DocxDocument, t: DocxTable, table: Table, columns: int) -> int:
    """Column widths from the first row's ``width:NN%`` hints; without hints from the content:
    every column at least as wide as its longest unbreakable token (a number, a name, a date,
    an ID number: :func:`_needs`), the rest of the text block shared by how much more text
    each column holds. Cell margins are :data:`_PAD`, narrower (down to :data:`_MIN_PAD`)
    where the tokens need the room; only when the tokens alone are wider than the text block
    does the table run into the page margin, rather than break a number or a name. Numbers and
    ``nw`` cells are kept on one line (``noWrap``). Returns the cell margins used."""
    section = doc.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    first = table.rows[0].cells
    pad = _PAD
    if len(first) == columns and any(c.width for c in first):
        given = sum(c.width or 0 for c in first)
        free = [c for c in first if not c.width]
        share = max(0.0, 100 - given) / len(free) if free else 0.0
        widths = [int(usable * (c.width or share) / 100) for c in first]
    else:
        need = [1.0] * columns
        want = [1.0] * columns
        for row in table.rows:  # a cell spanning several columns sizes none of them
            col = 0
            for cell in row.cells:
                if cell.colspan == 1 and col < columns:
                    n, w = _needs(cell)
                    need[col], want[col] = max(need[col], n), max(want[col], w)
                col += cell.colspan
        em = Pt(_table_pt(columns))
        text = [int(n * em) for n in need]
        # cell margins: _PAD, narrower (down to _MIN_PAD) when the tokens need the room
        pad = max(_MIN_PAD, min(_PAD, (usable - sum(text)) // columns))
        floor = [t + pad for t in text]
        extra = max(0, usable - sum(floor))
        slack = [max(0.0, w - n) for w, n in zip(want, need, strict=True)]
        total_slack = sum(slack) or 1.0
        widths = [f + int(extra * s / total_slack) for f, s in zip(floor, slack, strict=True)]
    widths = [w // 635 * 635 for w in widths]  # whole twips, so the sum stays within
    t.autofit = False
    grid = t._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width / 635)))  # EMU -> twentieths of a point
    for tr in t._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            tc.width = sum(widths[col:col + tc.grid_span])
            col += tc.grid_span
    return pad


def _section(doc: DocxDocument, landscape: bool) -> None:
    from docx.enum.section import WD_SECTION

    current = doc.sections[-1]
    want = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if current.orientation == want:
        return
    body_empty = len(doc.paragraphs) == 0 and len(doc.tables) == 0
    section = current if body_empty else doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = sorted((section.page_width, section.page_height))
    section.orientation = want
    section.page_width, section.page_height = (height, width) if landscape else (width, height)


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.2), Cm(2.0)


def _page_numbers(doc: DocxDocument) -> None:
    """"第 N 页 / 共 M 页" in every section's footer, as Word fields (they update themselves)."""
    for section in doc.sections:
        section.footer.is_linked_to_previous = False
        p = section.footer.paragraphs[0]
        p.text = ""
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text, field in (("第 ", "PAGE"), (" 页 / 共 ", "NUMPAGES"), (" 页", None)):
            run = p.add_run(text)
            run.font.size = Pt(9)
            if field:
                fld = p._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): field})
                number = run._r.makeelement(qn("w:r"), {})
                t = number.makeelement(qn("w:t"), {})
                t.text = "1"
                number.append(t)
                fld.append(number)
                p._p.append(fld)


def _figure(doc: DocxDocument, svg: str) -> None:
    from .figures import svg_size, svg_to_png

    width_px, _ = svg_size(svg)
    section = doc.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    width = min(usable, int(Cm(width_px / 96 * 2.54)))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(svg_to_png(svg)), width=width)


def blocks_to_docx(blocks: list[Block], title: str, figures: list[str] | None = None) -> bytes:
    doc = Document()
    _page_setup(doc)
    _styles(doc)
    doc.core_properties.title = title
    doc.core_properties.author = "shebao-audit"
    pending: str | None = None  # orientation to apply before the next content block
    for block in blocks:
        if isinstance(block, PageBreak):
            if block.orientation:
                pending = block.orientation
            elif len(doc.paragraphs) or len(doc.tables):
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        if pending:
            _section(doc, pending == "landscape")
            pending = None
        if isinstance(block, Table):
            _table(doc, block)
        elif FIGURE in block.classes and figures is not None:
            _figure(doc, figures[int(block.text)])
        else:
            _paragraph(doc, block)
    _page_numbers(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def html_to_docx(html: str, title: str) -> bytes:
    html, figures = split_figures(html)
    return blocks_to_docx(parse(html), title, figures)
