"""XLSX from the template HTML: every table of the document becomes a worksheet, so a lawyer
can re-check the arrears arithmetic in Excel/WPS.

Contract: ``html_to_xlsx(html, title) -> bytes``. Sheet names come from the heading before
each table (Excel's 31-character limit and forbidden characters respected, duplicates
numbered); the document's title and the paragraphs before the first table go above it. Cells
that read as numbers (``11,178.72``, ``-3``, ``15``) are stored as numbers with a thousands
format, so sums can be recomputed; everything else stays text, and a text that would start a
formula is neutralised (:func:`shebao.cells.neutral`: a leading ``'``). Header rows are bold, frozen
and repeated when printed.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from shebao.cells import neutral, neutral_row

from .htmlblocks import Block, Paragraph, Table, parse

_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$")
_BAD = re.compile(r"[\[\]:*?/\\]")


def _value(text: str) -> str | float | int:
    text = text.strip()
    if _NUMBER.match(text) and not (len(text) > 1 and text.startswith("0") and "." not in text):
        number = float(text.replace(",", ""))
        return int(number) if "." not in text else number
    return neutral(text)


def _sheet_name(title: str, used: set[str]) -> str:
    base = _BAD.sub("", title)[:28] or "表"
    name, n = base, 2
    while name in used:
        name, n = f"{base}{n}", n + 1
    used.add(name)
    return name


def blocks_to_xlsx(blocks: list[Block], title: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    heading = title
    notes: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.style in ("h1", "h2", "h3"):
                heading = block.text
                notes = [] if block.style != "h1" else notes
            elif block.text.strip():
                notes.append(block.text)
            continue
        if not isinstance(block, Table) or not block.rows:
            continue
        sheet = book.create_sheet(_sheet_name(heading, used))
        sheet.append(neutral_row([title if heading == title else f"{title} — {heading}"]))
        sheet["A1"].font = Font(bold=True, size=13)
        for note in notes:
            sheet.append(neutral_row([note]))
        notes = []
        first = sheet.max_row + 1
        widths: dict[int, int] = {}
        for row in block.rows:
            values: list[str | float | int] = []
            for cell in row.cells:
                values.append(_value(cell.text) if not cell.header else neutral(cell.text))
                values.extend([""] * (cell.colspan - 1))
            sheet.append(values)
            r = sheet.max_row
            col = 1
            for cell in row.cells:
                target = sheet.cell(r, col)
                if cell.colspan > 1:
                    sheet.merge_cells(start_row=r, start_column=col, end_row=r,
                                      end_column=col + cell.colspan - 1)
                if cell.header or "total" in row.classes:
                    target.font = Font(bold=True)
                if cell.header:
                    target.fill = PatternFill("solid", fgColor="E8E8E8")
                    target.alignment = Alignment(horizontal="center", wrap_text=True)
                if isinstance(target.value, float):
                    target.number_format = "#,##0.00"
                widths[col] = max(widths.get(col, 0), min(40, 2 * len(cell.text) + 2))
                col += cell.colspan
        if block.rows[0].header:
            sheet.freeze_panes = sheet.cell(first + 1, 1)
            sheet.print_title_rows = f"{first}:{first}"
        for col, width in widths.items():
            sheet.column_dimensions[get_column_letter(col)].width = max(6, width)
    if not book.sheetnames:
        sheet = book.create_sheet(_sheet_name(title, used))
        sheet.append(neutral_row([title]))
        sheet.append(["（本文书没有表格）"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def html_to_xlsx(html: str, title: str) -> bytes:
    return blocks_to_xlsx(parse(html), title)
