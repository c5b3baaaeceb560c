"""The month key of a table from what its key cells hold, when the header words say it
wrongly: a year and a month printed in two columns that the header (most often its OCR)
names as one, or names only one of.

Contract: :func:`year_month_columns` takes a :class:`~shebao.ingest.table.Header` and the
lines below it (down to the next header), changes the header's month columns in place and
returns the notes ``(code, message)`` of what it changed (``column_role_from_content``):

* **content vetoes a key word**: a ``year`` or ``month_no`` column beside another column
  that keys the rows (a 年月, a period, or another column of the same field) whose cells
  (three or more that hold something, on lines of two filled cells or more) are mostly
  neither years nor month numbers is no key column (``unknown``): a wrapped label whose
  first half alone maps to the field (缴费 | 档次 read as two labels, 缴费 taken for 缴费年)
  does not make a second year column of 一档 cells. The header's only month key is never
  vetoed (a status grid's 月份 column beside cells of marks the reader drops);
* **one month-like label over two columns**: a ``年月`` (``ym``) column whose cells are years
  (2024) with a band of month numbers (1-12) beside it under no label (the narrow 年 | 月
  cells read by the OCR as one box ``年月`` over the year cells, the month cells in the gap
  before the next label) is the year column, and the band is the month column; the same
  with the roles swapped (the label over the months, the years beside it);
* **one half of the pair lost**: a ``month_no`` column with no year column and a band of
  years beside it under no label (the ``年`` label the OCR lost) gets the year column; a
  ``year`` column with no month column and a band of month numbers beside it gets the month
  column.

"Beside" means no labelled column stands between the band and the column. A band is the
x-run of words outside every column on data lines (two filled cells or more), on at least
half of them (two or more); it is a year band when 60 % of its words are years (19xx, 20xx)
and a month band when 60 % are month numbers and the (year, month) pairs it makes with the
year column run in order (the month falls back only when the year moves on): a 序号 band
1, 2, 3 … that runs on across a new year is no month. Content completes a pair the header
words began; alone it makes a month key only for a statement header that names no month
key at all (``unnamed=True``):

* **a pair no label named**: a column of years and a column of month numbers side by side
  (each an ``unknown`` column - a label the reader did not understand, such as 年 | 月 read
  as one garbled box 年x月 - or a band under no label), whose (year, month) pairs run in
  order on half the data lines or more, are the year and month columns. Without it such a
  page took a 做账期号 column (the month booked, a month late) as its month key
  (:func:`shebao.ingest.columns.vote`), or was refused.

:func:`years_only` names a ``ym`` column whose cells are only years (for the refusal of a
page whose month column holds no month).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from shebao.ingest.normalize import (
    parse_month,
    parse_month_number,
    parse_period,
    parse_year,
    squash,
)

if TYPE_CHECKING:
    from shebao.ingest.table import Column, Header, Line

MIN_CELLS = 3
MIN_SHARE = 0.6
VETO_SHARE = 0.34  # under a third of a key column's cells hold its content: not that column


def _year(text: str) -> bool:
    return parse_year(text) is not None and squash(text)[:4].isdigit()


def _month_no(text: str) -> bool:
    return parse_month_number(text) is not None


def _holds(field: str, text: str) -> bool:
    """Whether a cell's text is what a ``field`` key column prints."""
    if field == "year":
        return _year(text) or parse_period(text) is not None or parse_month(text) is not None
    if field == "month_no":
        return _month_no(text) or parse_month(text) is not None
    return True


def _cells(header: Header, body: Sequence[Line]) -> tuple[list[list[str]], list[list]]:
    """The cells of the data lines (two filled cells or more) and each one's words outside
    every column."""
    from shebao.ingest.table import cut_line

    rows, outside = [], []
    for line in body:
        cells, _, out = cut_line(line, header.columns)
        if sum(1 for c in cells if c) + len(out) < 2:
            continue
        rows.append(cells)
        outside.append(out)
    return rows, outside


def _column_holds(rows: list[list[str]], i: int, test) -> bool:
    filled = [r[i] for r in rows if i < len(r) and r[i]]
    return len(filled) >= MIN_CELLS and sum(map(test, filled)) >= MIN_SHARE * len(filled)


def years_only(header: Header, body: Sequence[Line]) -> str | None:
    """The label of a ``ym`` column whose cells are years and no month (2024, not 202405),
    or None."""
    rows, _ = _cells(header, body)
    for i, c in enumerate(header.columns):
        if c.field == "ym" and _column_holds(rows, i, _year):
            return c.label
    return None


def _bands(rows: int, outside: list[list], test) -> list[tuple[float, float, dict[int, str]]]:
    """x-runs of the words outside every column that pass ``test`` (years, month numbers),
    on at least half the data lines (two or more): ``(x0, x1, {line: text})``."""
    hits = sorted(((n, w) for n, ws in enumerate(outside) for w in ws if test(w.text)),
                  key=lambda t: t[1].x0)
    runs: list[list] = []
    right = 0.0
    for n, w in hits:
        if runs and w.x0 <= right:
            runs[-1].append((n, w))
            right = max(right, w.x1)
        else:
            runs.append([(n, w)])
            right = w.x1
    need = max(2, rows / 2)
    out = []
    for run in runs:
        texts = {n: w.text for n, w in run}
        if len(texts) >= need:
            out.append((min(w.x0 for _, w in run), max(w.x1 for _, w in run), texts))
    return out


def _in_order(years: dict[int, int], months: dict[int, int]) -> bool:
    """(year, month) pairs of the lines holding both run in one direction, and where the year
    moves on the month falls back (a 序号 1, 2, 3 … runs on across a new year)."""
    pairs = [(years[n], months[n]) for n in sorted(set(years) & set(months))]
    if len(pairs) < 2:
        return True
    up = all(a <= b for a, b in itertools.pairwise(pairs))
    down = all(a >= b for a, b in itertools.pairwise(pairs))
    if not (up or down):
        return False
    for (y0, m0), (y1, m1) in itertools.pairwise(pairs):
        if y1 != y0 and (m1 >= m0 if up else m1 <= m0):
            return False
    return True


def _beside(header: Header, band: tuple[float, float, dict], i: int) -> bool:
    """No column stands between the band and column ``i``."""
    xc = (band[0] + band[1]) / 2
    at = sum(1 for c in header.columns if (c.x0 + c.x1) / 2 < xc)  # columns left of the band
    return i in (at - 1, at)


def _new_column(header: Header, field: str, band: tuple[float, float, dict], why: str
                ) -> Column:
    from shebao.ingest.table import Column

    x0, x1, _ = band
    left = [c.x1 for c in header.columns if c.x1 <= x0 + 2]
    right = [c.x0 for c in header.columns if c.x0 >= x1 - 2]
    x0 = max(left) if left else x0 - 1
    x1 = min(right) if right else x1 + 1
    column = Column(field, "", None, x0, x1, why=why,
                    content="month" if field == "month_no" else "number")
    header.columns = sorted([*header.columns, column], key=lambda c: c.x0)
    return column


def _note(header: Header, zh: str, en: str) -> tuple[str, str]:
    return ("column_role_from_content",
            f"第 {header.page} 页{zh}，请核对（page {header.page}: {en}）")


def _veto(header: Header, rows: list[list[str]]) -> list[tuple[str, str]]:
    notes = []
    for i, c in enumerate(header.columns):
        if c.field not in ("year", "month_no"):
            continue
        others = {o.field for o in header.columns if o is not c}
        if not others & {"ym", "period", "start", c.field}:
            continue  # the header's one such key: its cells decide nothing alone
        filled = [r[i] for r in rows if i < len(r) and r[i]]
        if len(filled) < MIN_CELLS:
            continue
        if sum(_holds(c.field, t) for t in filled) >= VETO_SHARE * len(filled):
            continue
        what = "年份" if c.field == "year" else "月份"
        old, c.field = c.field, "unknown"
        c.why = f"表头词像{what}，但格子里不是{what}（content vetoes {old}）"
        notes.append(_note(header, f"“{c.label}”一列的格子里不是{what}（如“{filled[0]}”），"
                           f"不作{what}列读取",
                           f"column {c.label} does not hold {old} values (e.g. {filled[0]}); "
                           f"not read as {old}"))
    return notes


# the pair's two orders: the field a column holds, and the one looked for beside it
ORDERS = (("year", "month_no"), ("month_no", "year"))
_TEST = {"year": _year, "month_no": _month_no}
_ZH = {"year": "年份", "month_no": "月份"}
_EN = {"year": "years", "month_no": "month numbers"}
_EN_SHORT = {"year": "years", "month_no": "months"}
_CONTENT = {"year": "number", "month_no": "count"}
_READ_AS = {"year": "the year", "month_no": "the month"}


def _value(field: str, text: str) -> int | None:
    """The year or month number a cell of a ``field`` key column holds, or None."""
    if not _TEST[field](text):
        return None
    return parse_year(text) if field == "year" else parse_month_number(text)


def _ordered(field: str, values: dict[int, int], other: dict[int, int]) -> bool:
    """:func:`_in_order` with ``values`` of ``field`` and ``other`` of the other field."""
    return _in_order(values, other) if field == "year" else _in_order(other, values)


def year_month_columns(header: Header, body: Sequence[Line], unnamed: bool = False
                       ) -> list[tuple[str, str]]:
    """Mend the header's month key from its cells (see the module docstring); the notes of
    what was changed. Every case is one loop over the pair's two orders (:data:`ORDERS`).
    ``unnamed``: a header that names no month key at all may take a year and month pair
    from its cells alone (:func:`_unnamed_pair`; statements)."""
    if not header.columns:
        return []
    rows, outside = _cells(header, body)
    if len(rows) < 2:
        return []
    notes = _veto(header, rows)
    fields = header.fields()
    if fields & {"period", "start"}:
        return notes
    bands = {f: _bands(len(rows), outside, _TEST[f]) for f in _TEST}

    def column_values(field: str, i: int) -> dict[int, int]:
        return {n: v for n, r in enumerate(rows) if (v := _value(field, r[i]))}

    def band_values(field: str, b) -> dict[int, int]:
        return {n: v for n, t in b[2].items() if (v := _value(field, t))}

    def beside(have: str, lack: str, i: int) -> list:
        """The bands of ``lack`` beside column ``i`` (holding ``have``), in order with it."""
        return [b for b in bands[lack] if _beside(header, b, i)
                and _ordered(have, column_values(have, i), band_values(lack, b))]

    for i, c in enumerate(list(header.columns)):
        if c.field != "ym":
            continue
        label = c.label or "（无标题）"
        for have, lack in ORDERS:
            if not _column_holds(rows, i, _TEST[have]):
                continue
            found = beside(have, lack, i)
            if found:
                c.field, c.content = have, _CONTENT[have]
                c.why = (f"表头“{label}”下是{_ZH[have]}，{_ZH[lack]}在旁边一列（content: "
                         f"{_EN[have]}; {_EN_SHORT[lack]} beside）")
                _new_column(header, lack, found[0],
                            f"表头“{label}”旁边没有标题的一列是{_ZH[lack]}（content: {_EN[lack]}）")
                return [*notes, _note(
                    header, f"“{label}”一列只有{_ZH[have]}，旁边没有标题的一列是{_ZH[lack]}，"
                    "按年、月两列读取",
                    f"column {label} holds {_EN[have]} and the unlabelled column beside it "
                    f"{_EN[lack]}; read as year and month")]
            break  # (the column holds this half of the pair, with nothing beside it)
    if "ym" in fields:
        return notes
    for have, lack in ORDERS:
        if have not in fields or lack in fields:
            continue
        i = header.index(have)
        assert i is not None
        found = beside(have, lack, i)
        if found:
            label = header.columns[i].label
            _new_column(header, lack, found[0],
                        f"“{label}”旁边没有标题的一列是{_ZH[lack]}（content: {_EN[lack]}）")
            notes.append(_note(
                header, f"“{label}”旁边有一列没有读出标题，但格子里都是{_ZH[lack]}，"
                f"按{_ZH[lack]}读取",
                f"the unlabelled column beside {label} holds {_EN[lack]}; read as "
                f"{_READ_AS[lack]}"))
    if unnamed and not fields & {"year", "month_no"}:
        notes += _unnamed_pair(header, rows, bands)
    return notes


def _unnamed_pair(header: Header, rows: list[list[str]], bands: dict[str, list]
                  ) -> list[tuple[str, str]]:
    """A header naming no month key at all (its 年 | 月 labels lost, or read as a box that
    is no label: 年x月): a column of years and a column of month numbers standing side by
    side - each an ``unknown`` column or a band under no label - whose (year, month) pairs
    run in order on half the data lines or more (two or more) are the year and month
    columns. The widest such pair; named."""
    def sources(field: str) -> list[tuple[float, Column | None, tuple, dict[int, int]]]:
        out = []
        for i, c in enumerate(header.columns):
            if c.field == "unknown" and _column_holds(rows, i, _TEST[field]):
                values = {n: v for n, r in enumerate(rows) if (v := _value(field, r[i]))}
                out.append(((c.x0 + c.x1) / 2, c, (), values))
        for b in bands[field]:
            out.append(((b[0] + b[1]) / 2, None, b,
                        {n: v for n, t in b[2].items() if (v := _value(field, t))}))
        return out

    need = max(2, len(rows) / 2)
    best = None
    for yx, ycol, yband, years in sources("year"):
        for mx, mcol, mband, months in sources("month_no"):
            if ycol is not None and ycol is mcol:
                continue
            lo, hi = sorted((yx, mx))
            between = [c for c in header.columns if lo < (c.x0 + c.x1) / 2 < hi
                       and c is not ycol and c is not mcol]
            common = len(set(years) & set(months))
            if between or common < need or not _in_order(years, months):
                continue
            if best is None or common > best[0]:
                best = (common, ycol, yband, mcol, mband)
    if best is None:
        return []
    _, ycol, yband, mcol, mband = best
    said, made = {}, []
    for field, col, band in (("year", ycol, yband), ("month_no", mcol, mband)):
        if col is not None:
            col.field, col.content = field, _CONTENT[field]
            col.why = f"表头词未识别，格子里是{_ZH[field]}（content: {_EN[field]}）"
            said[field] = (f"“{col.label}”一列", f"column {col.label}")
        else:
            made.append((band, _new_column(
                header, field, band, f"没有标题的一列，格子里是{_ZH[field]}（content: "
                f"{_EN[field]}）")))
            said[field] = ("没有标题的一列", "an unlabelled column")
    if len(made) == 2:  # two bands in one gap between labels: they part midway
        (a, left), (b, right) = sorted(made, key=lambda m: m[0][0])
        left.x1 = right.x0 = (a[1] + b[0]) / 2
        header.columns.sort(key=lambda c: c.x0)
    return [_note(
        header, f"表头没有认出年、月两列，但{said['year'][0]}的格子里都是年份，旁边"
        f"{said['month_no'][0]}的格子里都是月份，按年、月两列读取",
        f"the header names no year or month column, but {said['year'][1]} holds years and "
        f"{said['month_no'][1]} beside it month numbers; read as year and month")]
