"""The recognised table grid of one page, for ``shebao extract --debug-image``.

Contract: :func:`table_grid` ``(tables, page, words, low, flagged={}) -> dict`` gives the
``grid`` argument of :func:`shebao.ingest.ocr.debug.draw_debug`: ``columns`` = each header
column's x band, ``rows`` = each data row's y band (the header band included), ``cells`` =
every row x column cell as ``(x0, top, x1, bottom, ok)`` where ``ok`` is False when a word
inside the cell was read with confidence below ``low`` - the cells a volunteer should check
against the paper; ``flags`` = ``(x0, top, x1, bottom, label)`` for each printed row a
self-check named (``flagged``: row number -> short label, from the warnings' ``row``): a
confident misread shows there, not as a low score. ``keys`` = for each of ``cells``, in the
same order, ``(printed row, column field, column group)`` - which record value the cell holds
(the desk's review highlights the cell a value was read from).
Coordinates are those of the page's words (the corrected page image for OCR pages); on a page
whose text lines were levelled before reading (:mod:`shebao.ingest.level`), each cell is put
back where it lies on the tilted page (row bands are drawn level, at the page's centre), and
on a page whose columns leaned and were stood upright, moved sideways with its row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from shebao.ingest.pipeline import TableView
from shebao.ingest.words import Word


def table_grid(tables: Iterable[TableView], page: int, words: list[Word], low: float,
               flagged: Mapping[int, str] | None = None) -> dict:
    columns: list[tuple[float, float]] = []
    rows: list[tuple[float, float]] = []
    cells: list[tuple[float, float, float, float, bool]] = []
    flags: list[tuple[float, float, float, float, str]] = []
    keys: list[tuple[int, str, str | None]] = []
    flagged = flagged or {}
    for view in tables:
        if view.page != page and not any(r.page == page for r in view.rows):
            continue
        bands = [(c.x0, c.x1) for c in view.header.columns]
        named = [(c.field, c.group) for c in view.header.columns]
        columns.extend(bands)
        if view.page == page:
            rows.append((view.header.top, view.header.bottom))
        level = view.header.level
        for row in view.rows:
            if row.page != page:
                continue
            rows.append((row.top, row.bottom))
            if row.row in flagged and not row.total and bands:
                left, right = bands[0][0], bands[-1][1]
                flags.append((left, level.to_page(left, row.top), right,
                              level.to_page(right, row.bottom), flagged[row.row]))
            ym = (row.top + row.bottom) / 2
            for (x0, x1), (name, group) in zip(bands, named, strict=True):
                xc = (x0 + x1) / 2
                top, bottom = level.to_page(xc, row.top), level.to_page(xc, row.bottom)
                # (a page whose columns leaned was sheared upright: the cell moves with its row)
                left, right = level.x_to_page(x0, ym), level.x_to_page(x1, ym)
                inside = [
                    w for w in words
                    if left <= (w.x0 + w.x1) / 2 <= right
                    and top <= (w.top + w.bottom) / 2 <= bottom
                ]
                cells.append((left, top, right, bottom,
                              all(w.confidence >= low for w in inside)))
                keys.append((row.row, name, group))
    return {"columns": columns, "rows": rows, "cells": cells, "flags": flags, "keys": keys}
