"""Legal basis versus the sources of parameter values, as people read them.

Contract: the one place that decides which of a value's or a finding's sources is a **legal
basis** (printed under 依据, with its document number) and which only says where a parameter's
value was read (a third-party transcription, a calculator's data file, a project search
record: printed under :data:`DATA_LABEL`, never as 依据, worded without file paths or other
developer tokens). The CLI (``audit/render.py``), the desk and the drafts (``reports``) all go
through :func:`worded` / :func:`split`; the audit JSON keeps the full citations.

A source is a legal basis when it is an official document itself: it has a document number or
is published on a government site (``.gov.cn``), it is not read from another site (an ``href``
off ``.gov.cn``), and its title does not mark it as a transcription (:data:`SECOND_HAND`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from shebao.audit.results import cited_number

DATA_LABEL = "所用参数的出处（不是法律依据）"

# Words of a title that say the text was read through someone else, not from the document.
SECOND_HAND = ("第三方", "转录", "本项目检索记录")

# A developer's token inside a source title: a file path, a repository name, an English word
# (``provinces/hunan.js``, ``docs/06-数据``, ``city-salary``). Single letters (``Y-1年``) stay.
_CODE_TOKEN = re.compile(r"\s*[A-Za-z0-9_.%\-]*[A-Za-z]{2,}[A-Za-z0-9_.%\-]*(?:/[^\s，；（）、]*)*")


def source_for_people(citation: str) -> str:
    """A parameter source's citation for people: without file paths and other developer
    tokens (the full citation stays in the audit JSON)."""
    text = _CODE_TOKEN.sub("", citation)
    text = re.sub(r"（[，；、\s]+", "（", text)
    text = re.sub(r"[，；、\s]+）", "）", text)
    return re.sub(r"（）", "", text).strip()


def _fields(source: Any) -> tuple[str, str | None, str | None]:
    """(citation, document number, url) of a ``records.Basis``, an ``audit.results.Source``
    or the JSON of either (a dict)."""
    if isinstance(source, dict):
        citation = source.get("citation") or source.get("title") or ""
        return citation, source.get("document_number"), source.get("url") or source.get("href")
    if hasattr(source, "citation"):
        return source.citation, source.document_number, source.url
    return source.cite(), source.document_number, source.href


def is_legal(citation: str, document_number: str | None, url: str | None) -> bool:
    """A legal basis (see the module docstring) rather than where a value was read."""
    host = (urlparse(url).hostname or "") if url else ""
    if host and not host.endswith(".gov.cn"):
        return False
    if any(word in citation for word in SECOND_HAND):
        return False
    return bool(document_number) or host.endswith(".gov.cn")


def worded(source: Any, style: Callable[[str], str] = str) -> tuple[bool, str]:
    """(is a legal basis, the text people read): a legal basis cited with its document number
    (``style`` may restyle it, e.g. the drafts' 《》), a data source by
    :func:`source_for_people`."""
    citation, number, url = _fields(source)
    if is_legal(citation, number, url):
        text = style(source_for_people(citation))  # an archive's path is no part of a title
        return True, text + (f"（{number}）" if cited_number(citation, number) else "")
    return False, source_for_people(citation)


@dataclass
class Split:
    """A list of sources as people read it, each text once, in order of first use."""

    basis: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)


def split(sources: Iterable[Any], style: Callable[[str], str] = str) -> Split:
    """``sources`` (records, audit sources or their JSON) split by :func:`worded`."""
    out = Split()
    for source in sources:
        legal, text = worded(source, style)
        target = out.basis if legal else out.data
        if text and text not in target:
            target.append(text)
    return out
