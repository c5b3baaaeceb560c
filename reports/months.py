"""Months as the drafts print them.

Contract: months are ``YYYY-MM`` strings (as in the public contracts); ``month_cn`` ->
``2019年3月``; ``month_ranges`` joins consecutive months; ``months_text`` ->
``2019年1月至2019年3月、2020年5月（共4个月）``; ``cn_date`` -> ``2026年11月20日``.
"""

from __future__ import annotations

import datetime as dt


def month_cn(month: str) -> str:
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"


def _next_month(month: str) -> str:
    year, mon = (int(p) for p in month.split("-"))
    return f"{year + mon // 12}-{mon % 12 + 1:02d}"


def month_ranges(months: list[str]) -> list[tuple[str, str]]:
    ranges: list[tuple[str, str]] = []
    for month in sorted(set(months)):
        if ranges and _next_month(ranges[-1][1]) == month:
            ranges[-1] = (ranges[-1][0], month)
        else:
            ranges.append((month, month))
    return ranges


def months_text(months: list[str], count: bool = True) -> str:
    """``2019年1月至2019年3月、2020年5月（共4个月）`` (without the count if ``count`` is false)."""
    if not months:
        return ""
    parts = [month_cn(a) if a == b else f"{month_cn(a)}至{month_cn(b)}"
             for a, b in month_ranges(months)]
    return "、".join(parts) + (f"（共{len(set(months))}个月）" if count else "")


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
