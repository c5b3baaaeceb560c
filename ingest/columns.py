"""What a column holds, from its cells, and the role it gets when header words and content
vote together.

Contract:

* :func:`cell_type` names the kind of one cell's text: ``month`` (202312, 2023-12, 2023年12月),
  ``period`` (two months), ``date``, ``rate`` (0.16, 0.005, 8%, 16%), ``money`` (two decimals),
  ``count`` (a small whole number), ``number`` (a larger whole number: a base printed whole),
  ``code`` (seven digits or more, letters and digits), ``insurance``, ``status``, ``marker``,
  ``company``, ``name`` (two to four CJK characters), ``text``; ``None`` for a blank, ``/`` or
  a dash.
* :func:`column_type` is the kind most of a column's cells share (at least 60 % of the cells
  that hold something, three cells or more), or ``None``.
* :func:`vote` sets each column's :attr:`~shebao.ingest.table.Column.content` and changes a
  column's field where the content overrules the header word, recording why in
  :attr:`~shebao.ingest.table.Column.why` and returning the changes as notes (code, Chinese
  message with English gloss) for the ``column_role_from_content`` warning:

  - a column of rates is never an amount or a base: under an amount label it becomes that
    side's rate (``单位缴纳`` full of 0.16 -> ``employer_rate``);
  - a column of months (or of 起止 periods) is the month (period) column when the header has
    none: a column whose label is not understood (lost by the OCR, a label nobody listed)
    first; a column whose label names another role that holds months (做账期号, the month a
    payment was booked, most often the month after the month paid for) only when the header
    names no month or year at all (:func:`names_month`: no label it did not understand reads
    年 or 月, no such column holds years or month numbers) - else the page has a month the
    reader could not place, and is refused rather than read a month off;
  - an unlabelled column of insurance names, status words or payment dates takes that role
    when the header has no such column.

Header words decide everything else; content alone never makes a money column an amount,
because base and amounts cannot be told apart by their digits (that is for the arithmetic of
:mod:`shebao.ingest.proof`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from shebao.ingest.lexicon import Lexicon
from shebao.ingest.normalize import (
    parse_date,
    parse_month,
    parse_month_number,
    parse_period,
    parse_year,
    squash,
)

_RATE = re.compile(r"^0?\.\d{1,4}$|^\d{1,2}(\.\d{1,3})?%$")
_MONEY = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$|^-?\d+\.\d{2}$")
_WHOLE = re.compile(r"^\d+$")
_CODE = re.compile(r"^(?=.*\d)[0-9A-Z]{7,24}$")
_BLANK = re.compile(r"^[/／\\\-—–－]*$")
_COMPANY = re.compile(r"(公司|厂|店|中心|局|院|所|社|行|集团|学校|医院)$")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
MIN_CELLS = 3
MIN_SHARE = 0.6

# Chinese names of the content types (what ``inspect`` prints)
TYPE_ZH = {
    "month": "年月", "period": "起止年月", "date": "日期", "rate": "费率", "money": "金额",
    "count": "月数/序号", "number": "整数", "code": "编码", "insurance": "险种",
    "status": "状态", "marker": "标记", "company": "单位名称", "name": "姓名", "text": "文字",
}
AMOUNT_FIELDS = {"base", "employer_amount", "personal_amount", "annual_base"}
_RATE_OF = {"employer_amount": "employer_rate", "personal_amount": "personal_rate"}
MONTH_KEYS = {"ym", "period", "start", "year", "month_no"}


@functools.lru_cache(maxsize=8192)
def cell_type(text: str, lex: Lexicon) -> str | None:
    s = squash(text).lstrip("*＊")
    if _BLANK.match(s):
        return None
    if s in lex.markers:
        return "marker"
    if re.fullmatch(r"0+(\.0+)?", s):
        return None  # a zero says nothing of its column (a rate? an amount?)
    if parse_month(s):
        return "month"
    if parse_date(s):
        return "date"
    if parse_period(s):
        return "period"
    if _RATE.match(s):
        return "rate"
    if _MONEY.match(s):
        return "money"
    if _WHOLE.match(s):
        if len(s) >= 7:
            return "code"
        return "count" if int(s) <= 600 else "number"
    if _CODE.match(s):
        return "code"
    if lex.insurance_of(s):
        return "insurance"
    if lex.status_of(s):
        return "status"
    if _COMPANY.search(s):
        return "company"
    if _NAME.match(s):
        return "name"
    return "text"


def column_type(cells: Sequence[str], lex: Lexicon) -> str | None:
    kinds = [k for k in (cell_type(c, lex) for c in cells if c) if k]
    if len(kinds) < MIN_CELLS:
        return None
    kind, n = Counter(kinds).most_common(1)[0]
    return kind if n >= MIN_SHARE * len(kinds) else None


def _is_year(text: str) -> bool:
    return parse_year(text) is not None and squash(text)[:4].isdigit()


def names_month(header, rows: Sequence[Sequence[str]],
                unplaced: Sequence[Sequence[str]] = ()) -> str | None:
    """The label of a column the header seems to print a month or year in though the reader
    did not understand it (``unknown``): its label reads 年 or 月 (a 年 | 月 pair read as one
    box 年度月, a label garbled), or its cells are years (2024) or month numbers (two
    different ones or more); ``""`` (no label) when years stand outside every column
    (``unplaced``: each data line's words outside the columns) on half the lines or more (two
    or more) - or None."""
    with_years = sum(1 for words in unplaced if any(map(_is_year, words)))
    if with_years >= max(2, len(rows) / 2):
        return ""
    for i, column in enumerate(header.columns):
        if column.field != "unknown":
            continue
        if re.search("[年月]", column.label or ""):
            return column.label
        cells = [squash(r[i]) for r in rows if i < len(r) and r[i]]
        if len(cells) < MIN_CELLS:
            continue
        years = [c for c in cells if _is_year(c)]
        months = [c for c in cells if parse_month_number(c) is not None]
        if (len(years) >= MIN_SHARE * len(cells)
                or (len(months) >= MIN_SHARE * len(cells)
                    and len({parse_month_number(c) for c in months}) >= 2)):
            return column.label or ""
    return None


def _month_by_content(header, rows: Sequence[Sequence[str]],
                      unplaced: Sequence[Sequence[str]] = ()):
    """The column that is the month (period) key by its content, or None (see the module
    docstring): an unknown column of months first, then one whose label names another
    role when the header names no month or year (:func:`names_month`)."""
    if {c.field for c in header.columns} & MONTH_KEYS:
        return None
    months = [c for c in header.columns if c.content in ("month", "period")]
    unknown = [c for c in months if c.field == "unknown"]
    if unknown:
        return unknown[0]
    booked = [c for c in months if c.field == "booked_month"]
    if booked and names_month(header, rows, unplaced) is None:
        return booked[0]
    return None


def vote(header, rows: Sequence[Sequence[str]], lex: Lexicon,
         unplaced: Sequence[Sequence[str]] = ()) -> list[tuple[str, str]]:
    """Type every column of ``header`` from ``rows`` (cell texts by column; ``unplaced``:
    the texts of each data line outside every column) and let the content overrule the
    header word where it must (see the module docstring). Returns notes ``(code,
    message)`` for every column whose role the content changed."""
    notes: list[tuple[str, str]] = []
    fields = {c.field for c in header.columns}
    for i, column in enumerate(header.columns):
        column.content = column_type([r[i] for r in rows if i < len(r)], lex)
    month_key = _month_by_content(header, rows, unplaced)
    for i, column in enumerate(header.columns):
        kind = column.content
        label = f"{column.group_label}／{column.label}" if column.group_label else column.label
        new = None
        if kind == "rate" and column.field in AMOUNT_FIELDS:
            new = _RATE_OF.get(column.field, "rate")
        elif (kind == "month" and column.field == "unknown" and "end" in fields
              and "start" not in fields and i + 1 < len(header.columns)
              and header.columns[i + 1].field == "end"):
            new = "start"  # the unnamed month column before 终止年月
        elif column is month_key and not fields & MONTH_KEYS:
            new = "ym" if kind == "month" else "period"
        elif column.field == "unknown" and kind in ("insurance", "status"):
            target = "insurance" if kind == "insurance" else "status"
            if target not in fields and not (kind == "insurance" and column.group):
                new = target
        elif (kind == "date" and column.field == "unknown" and "paid_on" not in fields
              and re.search(r"(收|缴|到账|到帐|入库|入账|款)", label)):
            new = "paid_on"
        if new is None:
            continue
        old = column.field
        column.field = new
        fields.add(new)
        column.why = f"内容是{TYPE_ZH.get(kind, kind)}（content: {kind}）" + (
            f"，不是表头词所说的 {old}" if old != "unknown" else "")
        notes.append((
            "column_role_from_content",
            f"第 {header.page} 页“{label}”一列的内容是{TYPE_ZH.get(kind, kind)}，按内容读作 {new}"
            + (f"（表头词原指 {old}）" if old != "unknown" else "（表头词未识别）")
            + ("；入账（做账）的月份常比所缴的月份晚一个月" if old == "booked_month" else "")
            + f"，请核对（page {header.page}: column {label} holds {kind} values; read as "
            f"{new}" + (f", not {old} as its header word says" if old != "unknown" else "")
            + ("; the month booked is often a month after the month paid for"
               if old == "booked_month" else "")
            + "）",
        ))
    return notes
