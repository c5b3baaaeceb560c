"""The run's as-of day, as every command takes it (``--as-of YYYY-MM-DD``).

Contract: :func:`parse_as_of` gives the date, ``None`` when none was given (the caller then
uses today, or the case's own date), and refuses anything else with one :class:`UsageError`
(code ``bad_date``) worded the same for every command.
"""

from __future__ import annotations

from datetime import date

from shebao.errors import UsageError


def parse_as_of(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of 日期“{text}”无效，应为 YYYY-MM-DD",
                         f"--as-of {text!r} must be YYYY-MM-DD", code="bad_date") from None
