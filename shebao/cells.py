"""Values that cannot carry code into a spreadsheet or a Markdown/HTML viewer.

Contract
--------
:func:`neutral` ``(value)``: the OWASP CSV-injection rule for every cell shebao writes to XLSX
or CSV. A text that begins with ``= + - @`` (or their full-width forms, which Chinese input
methods type), a tab, a carriage return or another control character is returned with a
leading ``'`` so that Excel, WPS and LibreOffice show it as text and never evaluate it
(``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``). Numbers, and texts that are only dashes (a
blank marked ``-``), are returned unchanged. :func:`neutral_row` applies it to a row and
:func:`neutral_frame` to every text column of a DataFrame (``extract --csv``).

:func:`markdown_text` ``(text)`` escapes what Markdown and the HTML inside it would act on
(``< > &`` as entities; ``\\ ` [ ] |`` with a backslash), so a name read from a document or
a case file is shown, never rendered as a tag, a link or a table cell break. ``*`` and ``_``
stay as they are: a masked ID number (``430***********0027``) must read well in a chat message,
and emphasis carries no code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = frozenset("=+-@＝＋－＠")
_DASHES = re.compile(r"^[-\s]+$")
_MARKDOWN = re.compile(r"([\\`\[\]|])")


def _dangerous(text: str) -> bool:
    first = text[0]
    if first in FORMULA_START:
        return not _DASHES.match(text)
    return ord(first) < 0x20 or ord(first) == 0x7F


def neutral(value: Any) -> Any:
    """``value`` as a cell that cannot be a formula (see the module contract)."""
    if isinstance(value, str) and value and _dangerous(value):
        return "'" + value
    return value


def neutral_row(values: Iterable[Any]) -> list[Any]:
    return [neutral(v) for v in values]


def neutral_frame(frame: Any) -> Any:
    """A copy of a pandas DataFrame with every text cell neutralised."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("string", "str"):
            out[column] = out[column].map(neutral)
    out.columns = [neutral(c) for c in out.columns]
    return out


def markdown_text(text: str) -> str:
    """``text`` escaped for Markdown (see the module contract)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)
