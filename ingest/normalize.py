"""Normalisation of printed cell text: widths, numbers, months, periods and dates.

Contract: every parser takes the raw text of one cell and returns a canonical value or
``None`` when the text is not of that kind (never raises for odd text). Months are returned as
``YYYY-MM`` strings, dates as ``YYYY-MM-DD``, periods as ``(start, end)`` month pairs.

Month numbers are matched two-digit alternatives first and followed by ``(?!\\d)``, so that
``2021-10`` never becomes ``2021-01`` (formats.md §1.2).
"""

from __future__ import annotations

import functools
import re

# Full-width ASCII block (U+FF01..U+FF5E) -> ASCII, ideographic space -> space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# Dashes and tildes that separate the two ends of a period.
_DASHES = "‐‑‒–—―－~～〜至到"


def halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation -> ASCII; trims surrounding space."""
    return text.translate(_FULLWIDTH).strip()


def squash(text: str) -> str:
    """Half-width text without any whitespace (for matching header labels)."""
    # (str.split() splits at exactly the characters ``\s`` matches; ASCII text has nothing
    # to make half-width)
    return "".join((text if text.isascii() else text.translate(_FULLWIDTH)).split())


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")  # what most cells hold: read directly
_EMPTY_NUMBER = re.compile(r"^[-—–－]+$|^/$")
_TWO_NUMBERS = re.compile(r"\d\s+[\d.]")


def parse_number(text: str | None) -> float | None:
    """``"1,234.00"`` -> 1234.0; ``"４４９２"`` -> 4492.0; blank, ``-`` or ``------`` -> None.

    Currency signs and a trailing ``元`` are ignored; anything else that is not a number
    gives None, and so do two numbers in one cell (``2915.20 2``: a figure of the next column
    cut in by a column boundary, or two figures an OCR line joined), which are never read as
    one.
    """
    if text is None:
        return None
    if _TWO_NUMBERS.search(halfwidth(text)):
        return None
    s = squash(text).lstrip("¥￥").removesuffix("元")
    if not s or _EMPTY_NUMBER.match(s):
        return None
    if not _NUMBER.match(s):
        return None
    return float(s.replace(",", ""))


def is_number(text: str) -> bool:
    return parse_number(text) is not None


_MM = r"(1[0-2]|0?[1-9])(?!\d)"
_YYYY = r"((?:19|20)\d\d)"  # statements are about the years 1900-2099 (no 4168-08)
_MONTH_FORMS = [
    re.compile(rf"^{_YYYY}年\s*{_MM}\s*月?$"),
    re.compile(rf"^{_YYYY}[-/.]{_MM}$"),
    re.compile(rf"^{_YYYY}(1[0-2]|0[1-9])$"),  # YYYYMM: always six digits
]


def parse_month(text: str | None) -> str | None:
    """``202407``, ``2024-07``, ``2024/7``, ``2024年07月`` -> ``"2024-07"``; else None."""
    if text is None:
        return None
    s = squash(text)
    for form in _MONTH_FORMS:
        m = form.match(s)
        if m:
            return f"{m.group(1)}-{int(m.group(2)):02d}"
    return None


_PERIOD = re.compile(rf"^(?P<a>.+?)[{_DASHES}-]+(?P<b>.+)$")


def parse_period(text: str | None) -> tuple[str, str] | None:
    """``201901-201912``, ``2009/07-2009/08``, ``2019年01月至2019年12月`` -> (start, end).

    A single month is a period of one month. The end must not precede the start.
    """
    if text is None:
        return None
    s = squash(text).strip("()（）")
    single = parse_month(s)
    if single:
        return single, single
    # Try every dash position, so ``2019-01-2019-12`` splits in the middle.
    for i, ch in enumerate(s):
        if ch in _DASHES or ch == "-":
            a, b = (
                parse_month(s[:i].rstrip(_DASHES + "-")),
                parse_month(s[i + 1 :].lstrip(_DASHES + "-")),
            )
            if a and b and a <= b:
                return a, b
    return None


# the years of _YYYY, as for months: an 8-digit code (60800831) is not the date 6080-08-31
_DATE_FORMS = [
    re.compile(rf"^{_YYYY}[-/.](1[0-2]|0?[1-9])[-/.](3[01]|[12]\d|0?[1-9])$"),
    re.compile(rf"^{_YYYY}年(1[0-2]|0?[1-9])月(3[01]|[12]\d|0?[1-9])日?$"),
    re.compile(rf"^{_YYYY}(1[0-2]|0[1-9])(3[01]|[12]\d|0[1-9])$"),
]


def parse_date(text: str | None) -> str | None:
    """``2024-07-15``, ``20240715``, ``2024/7/15``, ``2024年7月15日`` -> ``"2024-07-15"``."""
    if text is None:
        return None
    s = squash(text)
    s = s.split(" ")[0]
    for form in _DATE_FORMS:
        m = form.match(s)
        if m:
            return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def parse_year(text: str | None) -> int | None:
    s = squash(text or "")
    m = re.match(r"^(19|20)(\d{2})年?(度)?$", s)
    return int(m.group(1) + m.group(2)) if m else None


def parse_month_number(text: str | None) -> int | None:
    """A month cell of separate 年 | 月 columns: ``07``, ``7``, ``7月`` -> 7."""
    s = squash(text or "")
    m = re.match(r"^(1[0-2]|0?[1-9])月?$", s)
    return int(m.group(1)) if m else None


def parse_count(text: str | None) -> int | None:
    """A month count: ``12``, ``03个月``, ``11（月）`` -> int."""
    s = squash(text or "")
    m = re.match(r"^(\d{1,3})(个?月|\(月\))?$", s)
    return int(m.group(1)) if m else None


def month_index(month: str) -> int:
    y, m = month.split("-")
    return int(y) * 12 + int(m) - 1


def month_of_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_in(start: str, end: str) -> list[str]:
    """Every month from ``start`` to ``end`` inclusive."""
    return [month_of_index(i) for i in range(month_index(start), month_index(end) + 1)]


# The cell parsers are pure and each cell is parsed many times (a 100,000-row pay sheet
# reads every cell a dozen times while finding and typing its columns): their answers are
# cached, a bounded number, behind quick answers for the common cases that cost less than a
# cache lookup (a cache that misses - a long sheet's distinct amounts - costs more than the
# parse): a plain ASCII number is read directly; a text that does not start with a year of
# 1900-2099 once squashed is no month, date or period (every form starts with one). squash
# and halfwidth are cheaper than a lookup: not cached. Rebinding the names routes the calls
# inside this module through the quick answers too. (months_in returns a list, which a
# caller may change: not cached.)
_CACHED = 1 << 16
_YEAR_START = ("19", "20")
_parse_number = functools.lru_cache(_CACHED)(parse_number)
_parse_month = functools.lru_cache(_CACHED)(parse_month)
_parse_period = functools.lru_cache(_CACHED)(parse_period)
_parse_date = functools.lru_cache(_CACHED)(parse_date)


@functools.wraps(_parse_number)
def parse_number(text: str | None) -> float | None:
    if text is not None and _PLAIN_NUMBER.fullmatch(text):
        return float(text)
    return _parse_number(text)


@functools.wraps(_parse_month)
def parse_month(text: str | None) -> str | None:
    if text is None:
        return None
    s = squash(text)
    return _parse_month(s) if s[:2] in _YEAR_START else None


@functools.wraps(_parse_period)
def parse_period(text: str | None) -> tuple[str, str] | None:
    if text is None:
        return None
    s = squash(text).strip("()（）")
    return _parse_period(s) if s[:2] in _YEAR_START else None


@functools.wraps(_parse_date)
def parse_date(text: str | None) -> str | None:
    if text is None:
        return None
    s = squash(text)
    return _parse_date(s) if s[:2] in _YEAR_START else None
