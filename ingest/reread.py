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

:func:`lost_cells` ``(header, rows)``: the blank status, base and amount cells of a column
filled on the other rows of values (an OCR loss, ``cell_unread``; a 备注 column whose cells are
status words is a status column, :func:`lost_cell_field`); :func:`second_look_cells`
reads those cells again the same way (also in rows holding a single number: the others may
be what was lost), keeping a status word for a status cell and a number printed as the
column prints its numbers for a number cell (single-line rows only, so the word joins its
row's line). A cell the plain look could not read and that holds coloured ink (a seal over
it) is looked at once more on the image with the ink faded (``page.reread(boxes,
clean=True)``, :mod:`shebao.ingest.ocr.ink`): a status cell keeps a status word read there;
a number cell only a number equal to the plain reading's (fading a seal also cuts the black
strokes it covered, so a digit read from what is left is no reading alone).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

from shebao.ingest.lexicon import Lexicon
from shebao.ingest.normalize import parse_number
from shebao.ingest.table import NUMERIC_FIELDS, Header, RawRow, Table
from shebao.ingest.words import PageText, Word

# the columns a row is keyed by (its months)
KEY_FIELDS = ("ym", "year", "month_no", "month", "period", "start", "end")
MIN_SCORE = 0.8  # the OCR's own low-confidence threshold (ocr/quality.py LOW_CONFIDENCE)
CROP_HALF_HEIGHT = 0.9  # the crop's half height, in median word heights of the page


def _word_height(page: PageText) -> float | None:
    """The median word height of an OCR'd page that can take a second look; None when it
    cannot (no recogniser, not OCR'd, no words)."""
    if page.reread is None or page.method != "ocr":
        return None
    heights = [w.height for w in page.words if w.height > 0]
    return statistics.median(heights) if heights else None


def second_look(page: PageText, tables: list[Table],
                is_key: Callable[[Header, list[str]], bool]) -> list[Word]:
    """Words read in the empty key cells of the tables' unread lines (module contract)."""
    h = _word_height(page)
    if h is None:
        return []
    wanted: list[tuple[Header, int, list[str], int, tuple[float, float, float, float]]] = []
    for t in tables:
        for n, (y, cells) in enumerate(t.header.unread):
            for i, c in enumerate(t.header.columns):
                if c.field not in KEY_FIELDS or i >= len(cells) or cells[i].strip():
                    continue
                pad = min(0.1 * (c.x1 - c.x0), 0.3 * h)
                box = (c.x0 + pad, y - CROP_HALF_HEIGHT * h, c.x1 - pad,
                       y + CROP_HALF_HEIGHT * h)
                if box[2] - box[0] >= h:  # (where the cell lies on the page image)
                    wanted.append((t.header, n, cells, i, t.header.level.box_to_page(box)))
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
        for _i, text, score, (x0, top, x1, bottom) in found:
            y = (top + bottom) / 2
            out.append(Word(text, round(x0, 1), round(y - h / 2, 1), round(x1, 1),
                            round(y + h / 2, 1), round(score, 4)))
    return out


LOST_CELL_FIELDS = ("status", "base", "employer_amount", "personal_amount")


def lost_cell_field(column) -> str | None:
    """The field a lost cell of ``column`` would have held: its own when one of
    :data:`LOST_CELL_FIELDS`; ``status`` for a 备注 (note) or 缴费类型 (pay type) column whose
    cells are status words (its words set the row's status: a lost 欠费 / 欠缴 there would read
    as paid); else None."""
    if column.field in LOST_CELL_FIELDS:
        return column.field
    if column.field in ("note", "pay_type") and column.content == "status":
        return "status"
    return None


MIN_FILLED = 0.75  # share of a column's value rows with a cell: a blank one there was lost


def lost_cells(header: Header, rows: list[RawRow], least: int = 2
               ) -> list[tuple[RawRow, int]]:
    """Blank cells of status, base and amount columns filled on at least
    :data:`MIN_FILLED` of the rows holding two numbers or more (four such rows at least),
    in those rows or (``least`` = 1) in rows holding one number."""
    money = [i for i, c in enumerate(header.columns) if c.field in NUMERIC_FIELDS]

    def values(r: RawRow) -> int:
        return sum(bool(r.cells[i].strip()) and r.cells[i].strip() not in "/／" for i in money)

    valued = [r for r in rows if not r.total and values(r) >= 2]
    if len(valued) < 4:
        return []
    asked = [r for r in rows if not r.total and values(r) >= least]
    out: list[tuple[RawRow, int]] = []
    for i, column in enumerate(header.columns):
        if lost_cell_field(column) is None:
            continue
        blank = [r for r in valued if not r.cells[i].strip()]
        if len(blank) <= (1 - MIN_FILLED) * len(valued):
            out += [(r, i) for r in asked if not r.cells[i].strip()]
    return out


def second_look_cells(page: PageText, tables: list[Table], lex: Lexicon,
                      doubtful: list[Word] | None = None) -> list[Word]:
    """Words read in the lost status, base and amount cells of the tables' single-line rows
    (module contract). A status word read with a score under :data:`MIN_SCORE` (冬欠费 0.77:
    a stamp's ink over 欠费) is not kept but added to ``doubtful``, for the warning that
    names the cell to say what it may hold."""
    h = _word_height(page)
    if h is None:
        return []
    wanted: list[tuple[str, int | None, float, tuple[float, float, float, float]]] = []
    for t in tables:
        for row, i in lost_cells(t.header, t.rows, least=1):
            c = t.header.columns[i]
            if row.bottom - row.top > 1.8 * h:
                continue
            y = (row.top + row.bottom) / 2
            pad = min(0.1 * (c.x1 - c.x0), 0.3 * h)
            box = (c.x0 + pad, y - CROP_HALF_HEIGHT * h, c.x1 - pad, y + CROP_HALF_HEIGHT * h)
            if box[2] - box[0] >= h:
                places = _decimals([r.cells[i] for r in t.rows if not r.total])
                box = t.header.level.box_to_page(box)  # where the cell lies on the image
                wanted.append((lost_cell_field(c) or c.field, places, (box[1] + box[3]) / 2,
                               box))
    if not wanted:
        return []
    plain = page.reread([box for *_, box in wanted])
    # a cell the plain look could not read may lie under a seal: look again with the
    # coloured ink faded (only boxes holding such ink are read)
    failed = [k for k, ((field, places, _y, _b), (text, score)) in enumerate(
        zip(wanted, plain, strict=True)) if not _kept(field, places, text, score, lex)]
    cleaned: dict[int, tuple[str, float]] = {}
    if failed:
        again = page.reread([wanted[k][3] for k in failed], clean=True)
        cleaned = dict(zip(failed, again, strict=True))
    out: list[Word] = []
    for k, ((field, places, y, (x0, _t, x1, _b)), (text, score)) in enumerate(
            zip(wanted, plain, strict=True)):
        text = text.strip()
        if k in cleaned:
            text, score = _cleaned(field, places, (text, score), cleaned[k], lex)
        if (text and score < MIN_SCORE and field == "status" and doubtful is not None
                and lex.for_ocr().status_of(text) is not None):
            doubtful.append(Word(text, round(x0, 1), round(y - h / 2, 1), round(x1, 1),
                                 round(y + h / 2, 1), round(score, 4)))
        if not _kept(field, places, text, score, lex):
            continue
        out.append(Word(text, round(x0, 1), round(y - h / 2, 1), round(x1, 1),
                        round(y + h / 2, 1), round(score, 4)))
    return out


def _kept(field: str, places: int | None, text: str, score: float, lex: Lexicon) -> bool:
    """A second look's reading that may fill a lost cell of ``field``: read with
    :data:`MIN_SCORE` at least, a status word for a status cell, a number printed as the
    column prints them for a number cell."""
    text = text.strip()
    if not text or score < MIN_SCORE:
        return False
    if field == "status":
        return lex.for_ocr().status_of(text) is not None
    return _number_like(text, places)


def _cleaned(field: str, places: int | None, plain: tuple[str, float],
             clean: tuple[str, float], lex: Lexicon) -> tuple[str, float]:
    """The reading of a lost cell once its coloured ink was faded. A status cell takes the
    cleaned reading when it is a status word (the closed vocabulary is the check); a number
    cell only when it agrees with the plain reading (the same number, now read with a
    sufficient score): fading a seal also cuts the black strokes it covered, and a digit
    read from what is left (7374 read 1314) is no reading. Else the plain reading stays,
    or the cleaned one when only it names a status (for the warning to quote)."""
    text, score = clean[0].strip(), clean[1]
    if field == "status":
        if lex.for_ocr().status_of(text) is not None and (
                score >= plain[1] or lex.for_ocr().status_of(plain[0].strip()) is None):
            return text, score
        return plain[0].strip(), plain[1]
    if _kept(field, places, text, score, lex) and _same_number(text, plain[0]):
        return text, score
    return plain[0].strip(), plain[1]


def _same_number(a: str, b: str) -> bool:
    """Two readings of one number cell that give the same number."""
    from shebao.ingest.ocr.fixes import fix_number

    def value(text: str) -> float | None:
        fixed = fix_number(text)
        return parse_number(fixed.text if fixed is not None else text.strip().replace(",", ""))

    x, y = value(a), value(b)
    return x is not None and x == y


def _places(text: str) -> int | None:
    """Decimal places of a number cell as read (``18.30`` -> 2, ``3659`` -> 0), else None."""
    from shebao.ingest.ocr.fixes import fix_number

    fixed = fix_number(text)
    canonical = fixed.text if fixed is not None else text.strip().replace(",", "")
    if parse_number(canonical) is None:
        return None
    return len(canonical.split(".", 1)[1]) if "." in canonical else 0


def _decimals(cells: list[str]) -> int | None:
    """The decimal places the column's cells share (three quarters of them or more)."""
    counts = [p for p in (_places(c) for c in cells if c.strip()) if p is not None]
    if not counts:
        return None
    common = max(set(counts), key=counts.count)
    return common if counts.count(common) >= 0.75 * len(counts) else None


def _number_like(text: str, places: int | None) -> bool:
    """A number, printed as the column prints its numbers (``830`` is no ``18.30``: part of
    a cell read from a crop)."""
    got = _places(text)
    return got is not None and (places is None or got == places)
