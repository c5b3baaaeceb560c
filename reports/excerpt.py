"""Excerpts: one person's rows of an original that holds many people (a factory's pay sheet, the
unit's insured list), for that person's own evidence bundle.

Contract
--------
An :class:`~.originals.Original` with ``excerpt`` set stands, in a bundle, for a transcribed
page (``excerpt.html.j2``) instead of the whole original: it states the original's file name
and SHA-256, says that only the holder's rows are transcribed and where the full original is
kept, and lists

* for a spreadsheet (xlsx, csv): the rows above the first row naming anyone the document
  names (title and header rows) and every row with a cell equal to one of the holder's
  ``keys`` (name, ID number, staff number; blanks ignored) -- cells as printed, with the
  sheet's name and the spreadsheet's own row numbers, exactly as :mod:`.original_pages` prints
  the whole sheet;
* otherwise (a PDF, photo or Word file, or a sheet where no cell names the holder): the
  holder's records as read (``records``: page and printed row as the findings cite them).

When nothing names the holder the page says so (the absence is what it shows). The manifest
entry of an excerpt carries the original's name and SHA-256 (``shebao verify`` checks the full
original against it) and ``excerpt: true``; a bundle ZIP does not copy such an original.
Nothing else of the original -- no other person's row -- is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .original_pages import SheetCell, SheetTable, sheet_view
from .originals import Original


@dataclass(frozen=True)
class ExcerptTable:
    """Records transcribed from what was read: a header and rows of text."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Excerpt:
    """Which person's rows of a shared original a bundle prints (module contract)."""

    what: str  # the original as people name it: 工资表, 单位参保人员名单
    holder: str  # the person's name as printed in the bundle
    keys: tuple[str, ...]  # cells that mark the person's rows (name, ID number, staff number)
    others: tuple[str, ...]  # every person the document names (to find where its rows begin)
    records: tuple[ExcerptTable, ...] = ()  # the holder's records as read (fallback)
    kept: str = ("完整原件载有其他人员的信息，未收入本证据材料，由组织者保存，"
                 "并作为联名投诉的证据提交")


@dataclass
class ExcerptView:
    """What ``excerpt.html.j2`` prints."""

    file: str
    sha256: str
    what: str
    holder: str
    kept: str
    sheets: list[SheetTable] = field(default_factory=list)  # rows of a spreadsheet as printed
    records: list[ExcerptTable] = field(default_factory=list)  # else the records as read
    tiny: bool = False  # many columns: a smaller font
    wide: bool = False  # more than a portrait page holds: a landscape page


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _mine(cells: list[str], keys: set[str]) -> bool:
    return any(squash(c) in keys for c in cells)


def _expanded(table: SheetTable) -> list[tuple[int, list[SheetCell]]]:
    """Each row with every column it shows: a cell merged down from a row above is repeated
    in the rows it covers (what the merged cell shows beside them), so a row printed alone
    keeps its columns in place."""
    width = len(table.columns)
    above: dict[int, tuple[int, SheetCell]] = {}  # column -> (last row covered, cell)
    out = []
    for n, cells in table.rows:
        row: list[SheetCell] = []
        queue = list(cells)
        col = 0
        while col < width:
            covered = above.get(col)
            if covered and covered[0] >= n:
                cell = covered[1]
            elif queue:
                cell = queue.pop(0)
                if cell.rowspan > 1:
                    for c in range(col, col + cell.colspan):
                        above[c] = (n + cell.rowspan - 1, cell)
            else:
                break
            row.append(SheetCell(cell.text, cell.colspan, 1, cell.numeric))
            col += cell.colspan
        out.append((n, row))
    return out


def _sheet_rows(table: SheetTable, keys: set[str], people: set[str]) -> SheetTable | None:
    """The table's rows above the first row naming anyone (title, header) and the holder's
    rows; None when no row is theirs."""
    rows = _expanded(table)
    first = next((i for i, (_, cells) in enumerate(rows)
                  if _mine([c.text for c in cells], people)), None)
    mine = [(n, cells) for n, cells in rows if _mine([c.text for c in cells], keys)]
    if first is None or not mine:
        return None
    # the header as printed, its merges cut at its last row
    last = table.rows[first - 1][0] if first else 0
    head = [(n, [SheetCell(c.text, c.colspan, max(1, min(c.rowspan, last - n + 1)), c.numeric)
                 for c in cells]) for n, cells in table.rows[:first]]
    return SheetTable(table.name, table.columns, [*head, *mine], 0)


def excerpt_view(original: Original) -> ExcerptView:
    """The page of an excerpt (module contract)."""
    ex = original.excerpt
    assert ex is not None
    view = ExcerptView(original.path.name, original.sha256, ex.what, ex.holder, ex.kept)
    keys = {squash(k) for k in ex.keys if squash(k)}
    people = keys | {squash(k) for k in ex.others if squash(k)}
    if original.kind == "spreadsheet" and keys:
        sheets = sheet_view(original)
        view.sheets = [t for t in (_sheet_rows(t, keys, people) for t in sheets.tables) if t]
        view.tiny, view.wide = sheets.tiny, sheets.wide
    if not view.sheets:
        view.records = [t for t in ex.records if t.rows]
    return view
