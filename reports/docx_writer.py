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
    _runs(p, para)


def _cell(cell_obj: DocxCell, cell: Cell) -> None:
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
        _runs(p, para, size=9.5)
        if cell.header:
            for r in p.runs:
                r.bold = True


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
            _cell(target, cell)
            if "total" in row.classes:
                for p in target.paragraphs:
                    for r in p.runs:
                        r.bold = True
            col += cell.colspan
        if row.header:
            tr_pr = t.rows[-1]._tr.get_or_add_trPr()
            tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    _widths(doc, t, table, width)
    doc.add_paragraph()


def _widths(doc: DocxDocument, t: DocxTable, table: Table, columns: int) -> None:
    """Column widths from the first row's ``width:NN%`` hints; the rest share what is left."""
    first = table.rows[0].cells
    if len(first) != columns or not any(c.width for c in first):
        return
    section = doc.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    given = sum(c.width or 0 for c in first)
    free = [c for c in first if not c.width]
    share = max(0.0, 100 - given) / len(free) if free else 0.0
    widths = [int(usable * (c.width or share) / 100) for c in first]
    t.autofit = False
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


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
