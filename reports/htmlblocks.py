"""The HTML subset the templates write, parsed into blocks that DOCX and Markdown writers share.

Contract
--------
``parse(html) -> list[Block]``. Recognised: ``h1``–``h3``, ``p`` (class ``right``, ``center``,
``sign``, ``indent``, ``small``), ``table`` (``thead``/``tbody``/``tr``/``th``/``td`` with
``colspan`` and ``style="width:NN%"`` column widths; class ``total`` on a row),
``ul``/``ol``/``li``, inline ``strong``/``b``, ``em``/``i``, ``br``, ``span class="missing"``
and any element with class ``page-break``. ``svg`` pictures are skipped by ``parse``; writers
that can embed them take them out first with ``split_figures`` (DOCX: PNG via figures.py).
``section class="wide"`` marks landscape content. ``head``/``style``/``script`` are dropped;
other tags are transparent (their text is kept). Whitespace is collapsed as a browser would
(CSS Text 3): a line break next to CJK text disappears, other runs of spaces become one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    missing: bool = False
    small: bool = False


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    style: str = "p"  # p, h1, h2, h3, li
    classes: frozenset[str] = frozenset()
    ordered: bool = False  # for list items
    number: int = 0  # position in an ordered list
    level: int = 0  # list nesting depth

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Cell:
    paragraphs: list[Paragraph] = field(default_factory=list)
    header: bool = False
    colspan: int = 1
    classes: frozenset[str] = frozenset()
    width: float | None = None  # percent of the table width, from style="width:NN%"

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)
    classes: frozenset[str] = frozenset()

    @property
    def header(self) -> bool:
        return bool(self.cells) and all(c.header for c in self.cells)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    classes: frozenset[str] = frozenset()


@dataclass
class PageBreak:
    """A new page; ``orientation`` ``landscape``/``portrait`` starts a section of that
    orientation (``section.wide`` opens and closes one), ``None`` is a plain page break."""

    orientation: str | None = None


Block = Paragraph | Table | PageBreak

_SPACE = re.compile(r"[ \t\r\n]+")
# CSS Text 3 segment-break rule: a line break (with its surrounding spaces) next to CJK text
# disappears; typed spaces collapse to one, as in a browser.
_CJK_EDGE = re.compile(
    r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*[\r\n][ \t\r\n]*"
    r"|[ \t]*[\r\n][ \t\r\n]*(?=[\u3000-\u9fff\uff00-\uffef])")
_WIDTH = re.compile(r"width:\s*([\d.]+)%")
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "li", "div", "section", "title"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.skip = 0
        self.inline: list[dict[str, bool]] = []
        self.para: Paragraph | None = None
        self.table_stack: list[Table] = []
        self.row: Row | None = None
        self.cell: Cell | None = None
        self.lists: list[list[int | bool]] = []  # [ordered, counter]
        self.para_classes: list[frozenset[str]] = []
        self.wide = False

    # -- helpers ---------------------------------------------------------------------------
    def _flags(self) -> dict[str, bool]:
        flags = {"bold": False, "italic": False, "missing": False, "small": False}
        for f in self.inline:
            for k, v in f.items():
                flags[k] = flags[k] or v
        return flags

    def _open_para(self, style: str, classes: frozenset[str]) -> None:
        self._close_para()
        para = Paragraph(style=style, classes=classes)
        if style == "li" and self.lists:
            ordered, counter = self.lists[-1]
            self.lists[-1][1] = int(counter) + 1
            para.ordered, para.number, para.level = bool(ordered), int(counter) + 1, \
                len(self.lists) - 1
        self.para = para

    def _close_para(self) -> None:
        para = self.para
        self.para = None
        if para is None:
            return
        # collapse whitespace across runs
        runs = [r if r.text == "\n" else
                Run(_SPACE.sub(" ", _CJK_EDGE.sub("", r.text)), r.bold, r.italic, r.missing,
                    r.small) for r in para.runs]
        runs = [r for r in runs if r.text]
        if runs:
            runs[0].text = runs[0].text.lstrip()
            runs[-1].text = runs[-1].text.rstrip()
        para.runs = [r for r in runs if r.text]
        if not para.runs and para.style != "li":
            return
        if self.cell is not None:
            self.cell.paragraphs.append(para)
        else:
            self.blocks.append(para)

    # -- parser callbacks ----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = frozenset((a.get("class") or "").split())
        if tag in ("head", "style", "script", "svg"):
            self.skip += 1
            return
        if self.skip:
            return
        if "page-break" in classes:
            self._close_para()
            self.blocks.append(PageBreak())
        if tag == "section" and "wide" in classes:
            self._close_para()
            self.wide = True
            self.blocks.append(PageBreak("landscape"))
        if tag in ("h1", "h2", "h3"):
            self._open_para(tag, classes)
        elif tag == "p":
            self._open_para("p", classes)
        elif tag in ("ul", "ol"):
            self._close_para()
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self._open_para("li", classes)
        elif tag == "table":
            self._close_para()
            self.table_stack.append(Table(classes=classes))
        elif tag == "tr" and self.table_stack:
            self.row = Row(classes=classes)
        elif tag in ("td", "th") and self.row is not None:
            width = _WIDTH.search(a.get("style") or "")
            self.cell = Cell(header=tag == "th", colspan=int(a.get("colspan") or 1),
                             classes=classes, width=float(width.group(1)) if width else None)
            self._open_para("p", classes)
        elif tag == "br":
            if self.para is None:
                self._open_para("p", frozenset())
            self.para.runs.append(Run("\n"))  # type: ignore[union-attr]
        elif tag in ("strong", "b"):
            self.inline.append({"bold": True})
        elif tag in ("em", "i"):
            self.inline.append({"italic": True})
        elif tag == "span":
            self.inline.append({"missing": "missing" in classes, "small": "small" in classes})

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "style", "script", "svg"):
            self.skip -= 1
            return
        if self.skip:
            return
        if tag in ("h1", "h2", "h3", "p", "li"):
            self._close_para()
        elif tag in ("ul", "ol") and self.lists:
            self._close_para()
            self.lists.pop()
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self._close_para()
            self.row.cells.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table_stack:
            self.table_stack[-1].rows.append(self.row)
            self.row = None
        elif tag == "table" and self.table_stack:
            self.blocks.append(self.table_stack.pop())
        elif tag in ("strong", "b", "em", "i", "span") and self.inline:
            self.inline.pop()
        elif tag == "section" and self.wide:
            self._close_para()
            self.wide = False
            self.blocks.append(PageBreak("portrait"))
        elif tag in _BLOCK_TAGS:
            self._close_para()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.para is None:
            if not data.strip():
                return
            self._open_para("p", frozenset())
        flags = self._flags()
        self.para.runs.append(Run(data, **flags))  # type: ignore[union-attr]


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
FIGURE = "figure"  # class of the placeholder paragraph that stands for an inline SVG


def split_figures(html: str) -> tuple[str, list[str]]:
    """Inline SVG pictures taken out of the HTML, each replaced by a paragraph of class
    :data:`FIGURE` whose text is its index, for writers that embed pictures themselves."""
    figures: list[str] = []

    def keep(match: re.Match[str]) -> str:
        figures.append(match.group(0))
        return f'<p class="{FIGURE}">{len(figures) - 1}</p>'

    return _SVG.sub(keep, html), figures


def parse(html: str) -> list[Block]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser._close_para()
    return parser.blocks
