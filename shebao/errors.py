"""Errors meant for people.

Every problem with the user's input is raised as a :class:`ShebaoError` carrying a Chinese
message and its English gloss, and (where there is one) the file it concerns. The CLI prints
``错误：<file>：<zh>（<en>）`` and exits non-zero; it never shows a traceback for these.
"""

from __future__ import annotations

import re
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FILE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # a tab or newline in a name too
MAX_EN = 300  # an English gloss longer than this is cut (a library's object dump is no help)


def _clean(text: str, limit: int | None = None) -> str:
    """One printable line: control characters and newlines out, length bounded."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


class ShebaoError(Exception):
    """A problem the user can act on. ``code`` is a stable machine-readable tag."""

    code = "error"
    exit_code = 2
    prefix = "错误："  # how the CLI starts the line

    def __init__(self, zh: str, en: str, file: str | Path | None = None, code: str | None = None):
        self.zh = _clean(zh)
        self.en = _clean(en, MAX_EN)
        # a file name that is not UTF-8 (made on another system) is shown with U+FFFD
        self.file = (_FILE_CONTROL.sub("?", str(file).encode("utf-8", "surrogateescape")
                                  .decode("utf-8", "replace"))
                     if file is not None else None)
        if code:
            self.code = code
        super().__init__(self.format())

    def format(self) -> str:
        where = f"{self.file}：" if self.file else ""
        return f"{where}{self.zh}（{self.en}）"


class InputError(ShebaoError):
    """The input file is missing, unreadable, or not a document this tool understands."""

    code = "bad_input"


class UsageError(ShebaoError):
    """The command was called with options that do not fit together."""

    code = "usage"
