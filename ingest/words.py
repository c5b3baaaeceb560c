"""Positioned text: the interface between text sources and table reconstruction.

Every text source - the PDF text layer (pdfplumber) and OCR engines (RapidOCR, paddleocr) -
yields :class:`PageText` objects: words with boxes in the page's own coordinate space (PDF
points for the text layer, pixels for images; origin top-left, y grows downward), plus ruling
lines where the source has them. Table reconstruction works on these alone, so one layout
profile serves born-digital PDFs and phone photos alike.

Backends implement :class:`TextBackend` and declare with ``is_available()`` whether they can
run on this machine (module importable, models present), in the manner of invoice2data's
input modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float = 1.0

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line segment (table border): horizontal when ``y0 == y1``."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass(slots=True)
class PageText:
    number: int  # 1-based page number within the document
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    method: Literal["text", "ocr"] = "text"
    # (code, message) pairs noticed while reading the page, e.g. ("cid_glyphs", "...")
    notes: list[tuple[str, str]] = field(default_factory=list)
    # OCR'd pages: a second look at boxes of the page, ``([(x0, top, x1, bottom)],
    # clean=False) -> [(text, score)]`` (the recogniser alone on each box of the page image,
    # no detection; ``clean=True``: on the image with its coloured ink, a seal, faded, and only
    # in boxes holding such ink; :class:`shebao.ingest.ocr.backend.Rereader`); None when the
    # image is not at hand
    reread: Callable[..., list[tuple[str, float]]] | None \
        = field(default=None, repr=False, compare=False)
    # True when ``rules`` are already joined into whole lines
    # (:func:`shebao.ingest.table.merge_rules`): the PDF text layer merges each page's
    # thousands of cell-border segments as it reads it, so a long statement does not keep them
    rules_merged: bool = False


class TextBackend(Protocol):
    """A source of positioned text for a document file."""

    name: str

    def is_available(self) -> bool:
        """True when this backend can run here (libraries importable, models present)."""
        ...

    def pages(self, path: Path) -> Iterator[PageText]:
        """Yield the document's pages in order. Raises ShebaoError for unreadable input."""
        ...
