"""Calendar months and ages in months.

The pension rules count in whole months: a birth month, a retirement month, an age of
"60岁1个月". :class:`YearMonth` is an immutable month with month arithmetic; ages and
contribution periods are plain ``int`` month counts, with :func:`format_age` /
:func:`parse_duration` for the Chinese forms people read and type (``60岁1个月``, ``26y6m``,
``26年6个月``, ``17.33``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

_YM = re.compile(r"^\s*(\d{4})[-/.年](\d{1,2})月?\s*$")


@dataclass(frozen=True, order=True)
class YearMonth:
    """A calendar month; ``YearMonth(2025, 2)`` is 2025-02."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """``2025-02``, ``2025/2``, ``2025年2月`` -> YearMonth; ValueError otherwise."""
        m = _YM.match(str(text))
        if not m:
            raise ValueError(f"not a year-month: {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, d: date) -> YearMonth:
        return cls(d.year, d.month)

    @property
    def index(self) -> int:
        """Months since year 0, for arithmetic."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> YearMonth:
        return cls(index // 12, index % 12 + 1)

    def __add__(self, months: int) -> YearMonth:
        return YearMonth.from_index(self.index + int(months))

    def __sub__(self, other: YearMonth | int) -> int | YearMonth:  # type: ignore[override]
        if isinstance(other, YearMonth):
            return self.index - other.index
        return YearMonth.from_index(self.index - int(other))

    def months_since(self, other: YearMonth) -> int:
        return self.index - other.index

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def format_age(months: int) -> str:
    """``721`` -> ``60岁1个月``; ``720`` -> ``60岁``."""
    years, rest = divmod(int(months), 12)
    return f"{years}岁{rest}个月" if rest else f"{years}岁"


def format_duration(months: int) -> str:
    """``318`` -> ``26年6个月``."""
    years, rest = divmod(int(months), 12)
    if rest and years:
        return f"{years}年{rest}个月"
    return f"{rest}个月" if rest else f"{years}年"


_DURATION = re.compile(
    r"^\s*(?:(?P<y>\d+)\s*(?:y|年|岁))?\s*(?:(?P<m>\d+)\s*(?:m|个月|月))?\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Duration:
    """A contribution period as typed by a person: decimal ``years`` always; ``months`` when it
    was given in whole months (``26y6m``, ``41``), ``None`` for decimal years (``17.33``)."""

    years: Decimal
    months: int | None

    @classmethod
    def of_months(cls, months: int) -> Duration:
        return cls(Decimal(months) / Decimal(12), months)

    def __str__(self) -> str:
        if self.months is not None:
            return format_duration(self.months)
        return f"{self.years.normalize()}年"


def parse_duration(text: str | float | int | Decimal) -> Duration:
    """A duration, as typed: ``41`` / ``17.33`` (decimal years), ``26y6m``, ``26年6个月``,
    ``11年1个月``, ``7m``. ValueError when the text is not a duration."""
    s = str(text).strip()
    try:
        value = Decimal(s)
    except Exception:
        m = _DURATION.match(s)
        if not m or not (m.group("y") or m.group("m")):
            raise ValueError(f"not a duration: {text!r}") from None
        if m.group("y") and m.group("m") and int(m.group("m")) >= 12:
            raise ValueError(f"months must be below 12 after years: {text!r}") from None
        return Duration.of_months(int(m.group("y") or 0) * 12 + int(m.group("m") or 0))
    if not value.is_finite() or value < 0:
        raise ValueError(f"not a duration: {text!r}")
    months = value * 12
    return Duration(value, int(months) if months == months.to_integral_value() else None)
