"""Errors meant for people.

Every problem with the user's input is raised as a :class:`ShebaoError` carrying a Chinese
message and its English gloss, and (where there is one) the file it concerns. The CLI prints
``错误：<file>：<zh>（<en>）`` and exits non-zero; it never shows a traceback for these.
"""

from __future__ import annotations

from pathlib import Path


class ShebaoError(Exception):
    """A problem the user can act on. ``code`` is a stable machine-readable tag."""

    code = "error"
    exit_code = 2

    def __init__(self, zh: str, en: str, file: str | Path | None = None, code: str | None = None):
        self.zh = zh
        self.en = en
        # a file name that is not UTF-8 (made on another system) is shown with U+FFFD
        self.file = (str(file).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
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
