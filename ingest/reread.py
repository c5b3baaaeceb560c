"""A second look at key cells the OCR's text detector missed.

On a photo the detector can miss short text alone in a cell (a month number ``7`` or ``05``
in its own column): the row's values are read but it has no key, so it is reported
(``row_unread``) instead of read. Where the header's columns and the row's line say a key
cell must be, a person looks again; so does the reader.

Contract: :func:`second_look` ``(page, tables, is_key) -> list[Word]``. For every line of
values of an OCR'd page that the tables left without a key (``Header.unread``), the empty
cells of its key columns (:data:`KEY_FIELDS`) are cut from the page image at the column's
x-interval and the line's height and read by the recogniser alone (``PageText.reread``; no
detection). A reading is kept only when its score is at least :data:`MIN_SCORE` and, put in
its cell, it makes the line a key row by the table's own key test (a month number 1-12 beside
a year, a YYYYMM, a period): nothing is guessed, and nothing that is no key is added. The
words come back with the recogniser's own score as confidence (a row's confidence is the
least of its words'), for the caller to add to the page and build its tables again; the
caller names each such cell (``cell_reread`` warning, :func:`shebao.ingest.checks.reread_cells`).
Pages without a ``reread`` (text layers, recorded OCR without second readings) get nothing.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

from shebao.ingest.table import Header, Table
from shebao.ingest.words import PageText, Word

# the columns a row is keyed by (its months)
KEY_FIELDS = ("ym", "year", "month_no", "month", "period", "start", "end")
MIN_SCORE = 0.8  # the OCR's own low-confidence threshold (ocr/quality.py LOW_CONFIDENCE)
CROP_HALF_HEIGHT = 0.9  # the crop's half height, in median word heights of the page


def second_look(page: PageText, tables: list[Table],
                is_key: Callable[[Header, list[str]], bool]) -> list[Word]:
    """Words read in the empty key cells of the tables' unread lines (module contract)."""
    if page.reread is None or page.method != "ocr":
        return []
    heights = [w.height for w in page.words if w.height > 0]
    if not heights:
        return []
    h = statistics.median(heights)
    wanted: list[tuple[Header, int, list[str], int, tuple[float, float, float, float]]] = []
    for t in tables:
        for n, (y, cells) in enumerate(t.header.unread):
            for i, c in enumerate(t.header.columns):
                if c.field not in KEY_FIELDS or i >= len(cells) or cells[i].strip():
                    continue
                pad = min(0.1 * (c.x1 - c.x0), 0.3 * h)
                box = (c.x0 + pad, y - CROP_HALF_HEIGHT * h, c.x1 - pad,
                       y + CROP_HALF_HEIGHT * h)
                if box[2] - box[0] >= h:
                    wanted.append((t.header, n, cells, i, box))
    if not wanted:
        return []
    read = page.reread([box for *_, box in wanted])
    # the readings of one line together: the line is a key row with all of them, or none
    lines: dict[tuple[int, int], list[tuple[int, str, float, tuple]]] = {}
    for (header, n, _cells, i, box), (text, score) in zip(wanted, read, strict=True):
        text = text.strip()
        if text and score >= MIN_SCORE:
            lines.setdefault((id(header), n), []).append((i, text, score, box))
    out: list[Word] = []
    for header, n, cells, _i, _box in wanted:
        found = lines.pop((id(header), n), None)
        if not found:
            continue
        filled = list(cells)
        for i, text, _score, _b in found:
            filled[i] = text
        if not is_key(header, filled):
            continue
        y = header.unread[n][0]
        for _i, text, score, (x0, _top, x1, _bottom) in found:
            out.append(Word(text, round(x0, 1), round(y - h / 2, 1), round(x1, 1),
                            round(y + h / 2, 1), round(score, 4)))
    return out
