"""Normalisation of cell text: input/expected pairs named after what they test."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shebao.ingest.normalize import (
    _FULLWIDTH,
    halfwidth,
    months_in,
    parse_count,
    parse_date,
    parse_month,
    parse_month_number,
    parse_number,
    parse_period,
    parse_year,
    squash,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4492", 4492.0),
        ("359.36", 359.36),
        ("1,234.00", 1234.0),  # thousands separator (Xiamen, Dongguan)
        ("12,345.0", 12345.0),
        ("４４９２", 4492.0),  # full-width digits
        ("１，２３４．５０", 1234.5),  # full-width separators
        (" 88.00 ", 88.0),
        ("¥ 100", 100.0),
        ("100元", 100.0),
        ("-12.5", -12.5),
        ("", None),  # blank cell = not shown
        ("------", None),  # Beijing 合计 base cells
        ("-", None),
        ("已到账", None),
        ("1,23", None),  # not a thousands grouping
        ("2915.20 2", None),  # two numbers in one cell (a neighbour's figure cut in)
        ("272.32 68.08", None),
        ("１ ２", None),  # full-width space between full-width digits
        (None, None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("202407", "2024-07"),
        ("2024-07", "2024-07"),
        ("2021-10", "2021-10"),  # must not become 2021-01 (formats.md §1.2 regex warning)
        ("2021-1", "2021-01"),
        ("2024/7", "2024-07"),
        ("2024.12", "2024-12"),
        ("2024年07月", "2024-07"),
        ("2024年7月", "2024-07"),
        ("２０２４年１０月", "2024-10"),
        ("202413", None),  # month 13
        ("2024-00", None),
        ("20240", None),
        ("2024-101", None),
        ("合计", None),
    ],
)
def test_parse_month(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("201901-201912", ("2019-01", "2019-12")),
        ("201901 -201912", ("2019-01", "2019-12")),  # Dongguan spacing
        ("2009/07-2009/08", ("2009-07", "2009-08")),
        ("2019-01-2019-12", ("2019-01", "2019-12")),
        ("2019年01月至2019年12月", ("2019-01", "2019-12")),
        ("（2024年08月-2026年07月）", ("2024-08", "2026-07")),
        ("202001～202003", ("2020-01", "2020-03")),
        ("202405", ("2024-05", "2024-05")),  # one month is a period of one month
        ("201912-201901", None),  # end before start
        ("备注", None),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-15", "2024-07-15"),
        ("20240715", "2024-07-15"),  # Yinchuan 到账时间
        ("2024/7/5", "2024-07-05"),
        ("2024年7月15日", "2024-07-15"),
        ("2024-13-01", None),
        ("202407", None),
        ("60800831", None),  # an 8-digit employer code, not the year 6080
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("func", "text", "expected"),
    [
        (parse_year, "2024", 2024),
        (parse_year, "２０２４", 2024),
        (parse_year, "2024年度", 2024),
        (parse_year, "24", None),
        (parse_month_number, "07", 7),
        (parse_month_number, "7月", 7),
        (parse_month_number, "12", 12),
        (parse_month_number, "13", None),
        (parse_count, "12", 12),
        (parse_count, "03个月", 3),
        (parse_count, "11（月）", 11),
        (parse_count, "十二", None),
    ],
)
def test_small_parsers(func, text, expected):
    assert func(text) == expected


def test_halfwidth_maps_fullwidth_ascii_and_ideographic_space():
    assert halfwidth("　ＡＢ１２：（元）") == "AB12:(元)"


def test_months_in_crosses_year_end():
    assert months_in("2019-11", "2020-02") == ["2019-11", "2019-12", "2020-01", "2020-02"]


# The quick answers in front of the cached parsers (a plain number read directly, no year
# at the start = no month, date or period; squash without a regex) answer exactly as the
# parsers did before them: the earlier definitions, kept here, against random cell texts.
def _old_squash(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_FULLWIDTH).strip())


def _old_parse_number(text):
    if text is None:
        return None
    if re.search(r"\d\s+[\d.]", text.translate(_FULLWIDTH).strip()):
        return None
    s = _old_squash(text).lstrip("¥￥").removesuffix("元")
    if not s or re.match(r"^[-—–－]+$|^/$", s):
        return None
    if not re.match(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$", s):
        return None
    return float(s.replace(",", ""))


_CELL = st.text(alphabet=list("0123456789０１２０.,+-— /¥元年月日至()（） \u3000\t1920"),
                max_size=14)


@settings(max_examples=3000, deadline=None)
@given(_CELL)
def test_quick_parsers_answer_as_the_full_ones(text):
    assert squash(text) == _old_squash(text)
    assert repr(parse_number(text)) == repr(_old_parse_number(text))
    s = _old_squash(text)
    # the full parsers, uncached (their inner calls go through the quick answers: those are
    # pinned by the asserts on their own inputs)
    assert parse_month(text) == parse_month.__wrapped__.__wrapped__(s)
    assert parse_date(text) == parse_date.__wrapped__.__wrapped__(s)
    assert parse_period(text) == parse_period.__wrapped__.__wrapped__(text)


@pytest.mark.parametrize("text", ["2024-07", "２０２４年７月", " 202407 ", "2019-01-2019-12",
                                  "(201901-201912)", "2024/7/15", "20240715", "1,234.00",
                                  "-12.5", "+3", "12 3", "007", "٣", "1e5"])
def test_quick_parsers_on_known_forms(text):
    assert repr(parse_number(text)) == repr(_old_parse_number(text))
    s = _old_squash(text)
    assert parse_month(text) == parse_month.__wrapped__.__wrapped__(s)
    assert parse_date(text) == parse_date.__wrapped__.__wrapped__(s)
    assert parse_period(text) == parse_period.__wrapped__.__wrapped__(text)
