"""Tables from positioned words: lines, header bands, columns and rows.

Contract: :func:`find_tables` takes one :class:`~shebao.ingest.words.PageText` (text layer,
OCR or spreadsheet grid) and a :class:`~shebao.ingest.lexicon.Lexicon`, and returns the
tables on the page, each a :class:`Header` (the column model: canonical field, insurance
or pay-sheet group, and x-interval of each column) with the :class:`RawRow` s below it
(cell texts by column index, top to bottom, totals flagged). It uses only word boxes and,
when present, ruling lines, so it tolerates slightly noisy OCR boxes.

Steps:

0. an OCR'd page whose text lines still slope (a residual tilt the OCR's deskew left) is
   levelled first (:mod:`shebao.ingest.level`), so a row is read along its printed line;
1. words -> lines by clustering their vertical centres (furniture is dropped first: page
   numbers by the vocabulary's patterns, watermarks and stamps by their geometry -
   :mod:`shebao.ingest.furniture`);
2. header bands: runs of adjacent label-like lines holding at least two vocabulary words;
   label fragments split into several text runs (``缴费基`` / ``数(元)``) are joined when the
   joined text is a known label;
3. group labels (养老保险, 应发工资 …) are given the leaf columns below them - by the ruling
   lines around the label when the page has them, else by a centred contiguous partition;
4. column intervals: the ruled cell around each leaf label, else midway between labels;
5. rows: each line below the header is cut into cells by the column intervals (a word
   straddling a boundary is split by its characters); lines between the same two horizontal
   rules, or a key-less line of wrapped text next to a keyed line, form one printed row;
6. a table printed two or three records per line (the key column repeated with the same
   columns around it) is split into one table per record block (:func:`split_side_by_side`).

OCR loses labels; a person reading the page does not lose the column. On an OCR'd page a
header is compared with the other printings of the same header - the header every pay-slip
strip repeats, the header of an earlier page (``templates``) - and a label it lacks is put
back where they print it when the two line up (:func:`repair_header`, :mod:`.align`); the
label carries ``borrowed_from`` (its page) and becomes the ``header_label_borrowed`` warning.
Where nothing lines up, data under no label (:func:`unlabelled_columns`) and numeric cells
holding two numbers (:func:`two_value_cells`) are left unread and reported
(``unlabelled_column``). A text layer does not lose labels: its headers are taken as printed.
"""

from __future__ import annotations

import bisect
import copy
import functools
import heapq
import itertools
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from shebao.ingest.align import Borrowing, lost_labels
from shebao.ingest.columns import vote
from shebao.ingest.furniture import without_furniture
from shebao.ingest.keypair import year_month_columns, years_only
from shebao.ingest.level import Level, level_page
from shebao.ingest.lexicon import Label, Lexicon, field_under_insurance, normalise_label
from shebao.ingest.normalize import (
    is_number,
    parse_date,
    parse_month,
    parse_number,
    parse_period,
    squash,
)
from shebao.ingest.words import PageText, Rule, Word

TEXT_FIELDS = {
    "employer",
    "insurance",
    "agency",
    "note",
    "place",
    "pay_type",
    "unknown",
    "employee_name",
    "ignore",
    "subtype",
    "status",
}


@dataclass
class Line:
    """Words on one text line, left to right (the words are not changed after grouping)."""

    words: list[Word]

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @cached_property
    def yc(self) -> float:
        return statistics.fmean(w.yc for w in self.words)

    @cached_property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class HeaderLabel:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    label: Label | None
    # the page of the header this label was taken from, when the OCR lost it here
    borrowed_from: int | None = None

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def label_insurance(self) -> str | None:
        """The insurance glued to a field label (``养老单位``), if any."""
        return self.label.insurance if self.label and self.label.kind == "field" else None


@dataclass
class Column:
    field: str  # canonical field, "unknown" for an unrecognised label
    label: str  # the printed label (fragments joined)
    group: str | None  # insurance (statements) or pay-sheet group
    x0: float
    x1: float
    group_label: str | None = None
    borrowed_from: int | None = None  # see HeaderLabel.borrowed_from
    # what the cells hold (:mod:`shebao.ingest.columns`: month, money, rate, …), once typed
    content: str | None = None
    # why the column has its field, in words a volunteer can check (shown by ``inspect``)
    why: str = ""


@dataclass
class Header:
    page: int
    top: float
    bottom: float
    columns: list[Column]
    labels: list[HeaderLabel] = field(default_factory=list)
    level: Level = field(default_factory=Level)  # how the page was levelled (:mod:`.level`)
    # x-bands of data columns found under no label of this header (:func:`unlabelled_columns`)
    unlabelled: list[tuple[float, float]] = field(default_factory=list)
    # (code, message) of what was decided about its columns from their content or numbers
    # (:mod:`.columns`, :mod:`.proof`), reported once as warnings
    notes: list[tuple[str, str]] = field(default_factory=list)
    # lines of values on an OCR'd page that hold no readable key (the month the OCR lost):
    # (vertical centre, the cells as read), numbered as printed rows and reported
    unread: list[tuple[float, list[str]]] = field(default_factory=list)
    # key cells read by a second look at the page image (:mod:`shebao.ingest.reread`):
    # (vertical centre, column label, text, recogniser score), named as warnings
    reread: list[tuple[float, str, str, float]] = field(default_factory=list)
    # readings of lost status cells by a second look that scored too low to be kept (冬欠费
    # 0.77 under a stamp), the same form: the cell's warning says what it may hold
    doubtful: list[tuple[float, str, str, float]] = field(default_factory=list)

    def fields(self) -> set[str]:
        return {c.field for c in self.columns}

    def borrowed(self) -> list[HeaderLabel]:
        """Labels put back from another printing of this header (see :mod:`.align`)."""
        return [lb for lb in self.labels if lb.borrowed_from is not None]

    def index(self, name: str, group: str | None = None) -> int | None:
        for i, c in enumerate(self.columns):
            if c.field == name and (group is None or c.group == group):
                return i
        return None


@dataclass
class RawRow:
    page: int
    cells: list[str]
    top: float
    bottom: float
    total: bool = False
    confidence: float = 1.0
    row: int = 0  # 1-based printed data row on its page, set by the caller
    year: int | None = None  # the year a page of a status grid is about (its title), if any
    # OCR'd numbers whose lost decimal point was put back: (column label, as read, as used)
    repaired: list[tuple[str, str, str]] = field(default_factory=list)

    def get(self, index: int | None) -> str:
        return self.cells[index] if index is not None else ""


@dataclass
class Table:
    header: Header
    rows: list[RawRow]
    lines_above: list[Line] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# 1. lines
# ---------------------------------------------------------------------------------------


def group_lines(words: list[Word]) -> list[Line]:
    """Cluster words into text lines by vertical centre (tolerance: 0.45 x median height)."""
    if not words:
        return []
    h = statistics.median(w.height for w in words) or 1.0
    lines: list[list[Word]] = []
    centres: list[float] = []
    sums: list[float] = []
    for w in sorted(words, key=lambda w: (w.yc, w.x0)):
        if lines and abs(w.yc - centres[-1]) <= 0.45 * h:
            lines[-1].append(w)
            sums[-1] += w.yc  # the line's mean centre, kept as a running sum
            centres[-1] = sums[-1] / len(lines[-1])
        else:
            lines.append([w])
            centres.append(w.yc)
            sums.append(w.yc)
    return [Line(sorted(ws, key=lambda w: w.x0)) for ws in lines]


# ---------------------------------------------------------------------------------------
# 2. header bands
# ---------------------------------------------------------------------------------------


def _value_like(text: str) -> bool:
    s = squash(text)
    return bool(
        is_number(s)
        or parse_month(s)
        or parse_period(s)
        or parse_date(s)
        or re.search(r"[:：].", s)
        or re.fullmatch(r"[\d*＊.,/-]+", s)
    )


def _label_like(line: Line, lex: Lexicon) -> tuple[bool, int]:
    """Whether the line could be header labels, and how many of its words are vocabulary
    words (counted only when it could: :func:`header_bands` reads the count of no other line,
    and a data line is told by its first value)."""
    ok = all(len(squash(w.text)) <= 12 for w in line.words) and all(
        not _value_like(w.text) for w in line.words
    )
    if not ok:
        return False, 0
    return ok, sum(1 for w in line.words if lex.classify(w.text))


def _wrapped_hits(upper: Line, lower: Line, lex: Lexicon) -> tuple[int, int]:
    """How many unknown words of ``upper`` and of ``lower`` make a known label when a word
    of one is joined to the word right above or below it in the other."""
    up: set[int] = set()
    down: set[int] = set()
    for i, a in enumerate(upper.words):
        for j, b in enumerate(lower.words):
            if _overlap(a.x0, a.x1, b.x0, b.x1) <= 0.3 * min(a.x1 - a.x0, b.x1 - b.x0):
                continue
            if lex.classify(a.text + b.text) and not (lex.classify(a.text)
                                                       and lex.classify(b.text)):
                if not lex.classify(a.text):
                    up.add(i)
                if not lex.classify(b.text):
                    down.add(j)
    return len(up), len(down)


def _ruled_apart(rules: list[Rule], other: Line, band: list[Line]) -> bool:
    """True when a horizontal rule across (almost) the whole band separates line ``other``
    from it: the top border of the table (a section title or QR caption above it) or the
    bottom border of the header (the first data row below it): it reaches both ends of the
    band. Rules inside a multi-row header stop at the vertically merged cells (the 所属期
    column at the edge, merged over three header rows), so they do not separate."""
    x0 = min(w.x0 for ln in band for w in ln.words)
    x1 = max(w.x1 for ln in band for w in ln.words)
    borders = _vertical_rules_at(rules, band[0].yc)
    if len(borders) >= 2:  # the table's outer borders
        x0, x1 = min(x0, borders[0]), max(x1, borders[-1])
    if other.yc < band[0].yc:
        lo, hi = other.yc, band[0].top + 0.5
    else:
        lo, hi = band[-1].bottom - 0.5, other.yc
    return any(
        r.horizontal and lo < r.y0 < hi
        and min(r.x0, r.x1) <= x0 + 0.03 * (x1 - x0) and max(r.x0, r.x1) >= x1 - 0.03 * (x1 - x0)
        for r in rules
    )


def header_bands(
    lines: list[Line], lex: Lexicon, rules: list[Rule] | None = None
) -> list[tuple[int, int]]:
    """(first, last) line indices of each header band, top to bottom."""
    rules = rules or []
    info = [_label_like(line, lex) for line in lines]
    heights = [w.height for line in lines for w in line.words] or [10.0]
    h = statistics.median(heights)
    # labels wrapped over two lines (单位管理 / 码, 记录月 / 份) count for both lines
    # (the line between them may hold the one-line labels, centred in the taller cells)
    for i in range(len(lines)):
        for k in (i + 1, i + 2):
            if not (info[i][0] and k < len(lines) and info[k][0]
                    and lines[k].top - lines[i].bottom <= 1.6 * h):
                continue
            up, down = _wrapped_hits(lines[i], lines[k], lex)
            info[i] = (True, info[i][1] + up)
            info[k] = (True, info[k][1] + down)
    bands: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        ok, hits = info[i]
        if not (ok and hits >= 2 and (hits * 2 >= len(lines[i].words)
                                      or _payslip_core_line(lines[i], lex))):
            i += 1
            continue
        a = b = i
        while (
            a > 0
            and info[a - 1][0]
            and lines[a].top - lines[a - 1].bottom <= 1.6 * h
            and (info[a - 1][1] >= 1 or all(len(squash(w.text)) <= 6 for w in lines[a - 1].words))
            and not _ruled_apart(rules, lines[a - 1], lines[a : b + 1])
        ):
            a -= 1
        while (
            b + 1 < len(lines)
            and info[b + 1][0]
            and lines[b + 1].top - lines[b].bottom <= 1.6 * h
            and not _ruled_apart(rules, lines[b + 1], lines[a : b + 1])
        ):
            b += 1
        if not bands or a > bands[-1][1]:
            bands.append((a, b))
        i = b + 1
    # a line of group labels alone (养老 | 医疗 | 失业) in a taller header row right above the
    # rest of the header belongs to it
    merged: list[tuple[int, int]] = []
    for a, b in bands:
        if merged:
            pa, pb = merged[-1]
            groups_only = all(
                (lb := lex.classify(w.text)) is not None and lb.kind == "group"
                for ln in lines[pa : pb + 1] for w in ln.words)
            if pb + 1 == a and groups_only and lines[a].top - lines[pb].bottom <= 3 * h:
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    return merged


def payslip_core(fields: set[str]) -> bool:
    """Whether header fields hold the core of a pay sheet: a name or staff number, and gross
    or net pay or a deduction."""
    return bool(fields & {"employee_name", "employee_id"}) and bool(fields & PAYSLIP_AMOUNTS)


PAYSLIP_AMOUNTS = {"gross_pay", "net_pay", "pension", "medical", "unemployment",
                   "housing_fund", "income_tax", "deductions_total", "other_deduction"}


def _payslip_core_line(line: Line, lex: Lexicon) -> bool:
    """A pay sheet's header line, however many items the vocabulary does not know stand
    beside its core (基本工资 | 奖金 | 津贴 …)."""
    if lex.kind != "payslip":
        return False
    names = set()
    for w in line.words:
        lb = lex.classify(w.text)
        if lb is not None:  # a group word on one header row stands for its column
            names.add(lb.name if lb.kind == "field" else
                      {"earnings": "gross_pay", "deductions": "deductions_total"}.get(lb.name, ""))
    # (a 合计 beside the name is enough to show the header, and to say what it lacks)
    return payslip_core(names) or (bool(names & {"employee_name", "employee_id"})
                                   and "subtotal" in names)


def _wrapped_item(a: HeaderLabel, b: HeaderLabel, lex: Lexicon,
                  labels: Sequence[HeaderLabel]) -> bool:
    """On a pay sheet, an item label the vocabulary does not know wrapped onto the next line
    of its cell (基本 / 工资, 周末加班工 / 资): ``b`` right under ``a``, centred on it, not
    wider, and alone under it (a group label has several sub-labels under it). On OCR'd
    pages, whose boxes jitter, centred and alone is enough: every printing of a header on
    the page must be read alike to lend each other lost labels."""
    if lex.kind != "payslip" or b.label is not None:
        return False
    wa, wb = a.x1 - a.x0, b.x1 - b.x0
    h = b.bottom - b.top
    alone = not any(
        lb is not a and lb is not b and abs(lb.yc - b.yc) < 0.5 * h
        and _overlap(lb.x0, lb.x1, a.x0, a.x1) > 0
        for lb in labels
    )
    if lex.fuzzy:  # OCR boxes jitter: centred and alone under it is enough
        return alone and abs(a.xc - b.xc) <= 0.35 * max(wa, wb)
    return alone and abs(a.xc - b.xc) <= 0.25 * max(wa, wb) and wb <= 1.6 * max(wa, 1e-6)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _two_labels(w: Word, lex: Lexicon) -> list[Word]:
    """An OCR box holding two labels of neighbouring cells apart by a space (``年度 月``),
    or, on an OCR'd page, with no space where exactly one cut makes two labels known as
    printed (``年月份``, ``年度月``: narrow 年 | 月份 cells read as one box), where the whole
    is no known label and each part is one: the parts, placed by their characters' share of
    the box; else the box."""
    parts = w.text.split()
    if lex.classify(w.text) is not None:
        return [w]
    if len(parts) == 1 and lex.fuzzy:  # OCR boxes only (a text layer's word is as printed);
        # both parts as printed: no look-alike guess inside a glued box
        text, plain = parts[0], copy.copy(lex)
        plain.fuzzy = False
        cuts = [(text[:k], text[k:]) for k in range(1, len(text))
                if all((lb := plain.classify(p)) is not None and lb.kind == "field"
                       for p in (text[:k], text[k:]))]
        if len(cuts) != 1:
            return [w]
        parts = list(cuts[0])
    if len(parts) < 2:
        return [w]
    if not all((lb := lex.classify(p)) is not None and lb.kind == "field" for p in parts):
        return [w]
    per = (w.x1 - w.x0) / len(w.text)
    out, start = [], 0
    for part in parts:
        at = w.text.index(part, start)
        out.append(Word(part, w.x0 + at * per, w.top, w.x0 + (at + len(part)) * per, w.bottom,
                        w.confidence))
        start = at + len(part)
    return out


def header_labels(lines: list[Line], lex: Lexicon) -> list[HeaderLabel]:
    """Labels of one header band, with fragments of one cell joined (``缴费基`` + ``数(元)``,
    or ``险`` + ``种`` on one line) when the joined text is a known label, and two labels the
    OCR read as one box apart by a space (``年度 月``) split (:func:`_two_labels`)."""
    labels = [
        HeaderLabel(w.text, w.x0, w.top, w.x1, w.bottom, lex.classify(w.text))
        for line in lines
        for word in line.words
        for w in _two_labels(word, lex)
    ]
    # A bare unit line such as （元） under a label carries no meaning of its own.
    labels = [lb for lb in labels if normalise_label(lb.text)]
    h = statistics.median([lb.bottom - lb.top for lb in labels]) if labels else 10.0
    # two lines of one label may overlap a little when OCR boxes jitter (text boxes touch)
    slack = 0.25 * h
    # Fragments stacked in one cell are joined before fragments side by side (缴费 / 工资 and
    # 单位 / 应缴 in two neighbouring cells are not 缴费单位).
    for vertical in (True, False):
        labels = _join_fragments(labels, lex, h, slack, vertical)
    return sorted(labels, key=lambda lb: (lb.x0, lb.top))


def _nearest_group_leaves(group: HeaderLabel, leaf: HeaderLabel,
                          labels: Sequence[HeaderLabel], h: float) -> int:
    """How many labels on ``leaf``'s line have ``group`` as the nearest group label of the
    line above: a short group label (养老) centred over three wide sub-labels (缴费基数 | 单位
    | 个人缴纳) reaches none of the outer ones, yet they are its columns."""
    groups = [m for m in labels if m.label is not None and m.label.kind == "group"
              and abs(m.yc - group.yc) <= 0.45 * h]
    return sum(
        1 for m in labels
        if abs(m.yc - leaf.yc) <= 0.45 * h
        and min(groups, key=lambda g: abs(g.xc - m.xc)) is group
    )


def _one_cell(a: HeaderLabel, b: HeaderLabel, labels: Sequence[HeaderLabel], h: float,
              lex: Lexicon) -> bool:
    """Two labels each known alone that are one label wrapped in its cell (单位缴费 / 比例
    = 单位缴费比例, beside 单位缴费 / 额 = 单位缴费额): ``b`` right under ``a``, their joined
    text a known field label, and each alone over or under the other - a stacked label over
    its sub-labels (单位缴纳 over 比例 | 金额) has several under it and stays a group."""
    joined = lex.classify(a.text + b.text)
    if joined is None or joined.kind != "field":
        return False

    def others(lb: HeaderLabel, y0: float, y1: float) -> bool:
        return any(m is not a and m is not b and y0 <= m.yc <= y1
                   and _overlap(m.x0, m.x1, lb.x0 - 0.5 * h, lb.x1 + 0.5 * h) > 0
                   for m in labels)

    return not others(a, b.top, b.bottom) and not others(b, a.top, a.bottom)


def _join_fragments(labels: list[HeaderLabel], lex: Lexicon, h: float, slack: float,
                    vertical: bool) -> list[HeaderLabel]:
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(labels):
            known = a.label is not None
            if known and not (vertical and a.label.kind == "field"):
                continue
            for j, b in enumerate(labels):
                if i == j:
                    continue
                below = -slack <= b.top - a.bottom <= 1.2 * h and _overlap(
                    a.x0, a.x1, b.x0, b.x1
                ) > 0.3 * min(a.x1 - a.x0, b.x1 - b.x0)
                above = -slack <= a.top - b.bottom <= 1.2 * h and _overlap(
                    a.x0, a.x1, b.x0, b.x1
                ) > 0.3 * min(a.x1 - a.x0, b.x1 - b.x0)
                right = abs(b.yc - a.yc) <= 0.45 * h and 0 <= b.x0 - a.x1 <= 2.5 * h
                if not ((below or above) if vertical else right):
                    continue
                if known and not (below and _one_cell(a, b, labels, h, lex)):
                    continue
                text = b.text + a.text if above and not below else a.text + b.text
                meaning = lex.classify(text)
                if meaning is None and b.label is not None:
                    continue
                if above and b.label is not None and b.label.kind == "group" and (sum(
                        1 for m in labels if m is not b and 0 <= m.top - b.bottom <= 2.5 * h
                        and b.x0 - (b.x1 - b.x0) <= m.xc <= b.x1 + (b.x1 - b.x0)) >= 2
                        or _nearest_group_leaves(b, a, labels, h) >= 2):
                    continue  # a group label over its columns (医疗保险 over 基数 | 单位)
                if meaning is None and not (below and _wrapped_item(a, b, lex, labels)) \
                        and normalise_label(text) not in lex.amount_sublabels:
                    # Two unknown fragments: join only when three pieces make a label (or
                    # a sub-label of a stacked header: 金额( / 元), or a pay-sheet item
                    # wrapped in its cell).
                    continue
                merged = HeaderLabel(
                    text,
                    min(a.x0, b.x0),
                    min(a.top, b.top),
                    max(a.x1, b.x1),
                    max(a.bottom, b.bottom),
                    meaning,
                )
                labels = [lb for k, lb in enumerate(labels) if k not in (i, j)] + [merged]
                changed = True
                break
            if changed:
                break
    return labels


# ---------------------------------------------------------------------------------------
# 3-4. columns
# ---------------------------------------------------------------------------------------


def merge_rules(rules: list[Rule]) -> list[Rule]:
    """Join collinear, touching segments (many generators draw each cell border apart).
    Segments within 0.6 pt of one position are one line; their intervals are merged when
    they touch (gap <= 1 pt)."""
    out: list[Rule] = []
    for horizontal in (True, False):
        segs = sorted(
            (r.y0, min(r.x0, r.x1), max(r.x0, r.x1))
            if horizontal
            else (r.x0, min(r.y0, r.y1), max(r.y0, r.y1))
            for r in rules
            if r.horizontal == horizontal
        )
        clusters: list[list[tuple[float, float, float]]] = []
        for seg in segs:
            if clusters and seg[0] - clusters[-1][-1][0] <= 0.6:
                clusters[-1].append(seg)
            else:
                clusters.append([seg])
        for cluster in clusters:
            pos = statistics.fmean(s[0] for s in cluster)
            cur: list[float] | None = None
            for _, a, b in sorted(cluster, key=lambda s: s[1]):
                if cur and a <= cur[1] + 1.0:
                    cur[1] = max(cur[1], b)
                    continue
                if cur:
                    out.append(_rule(horizontal, pos, *cur))
                cur = [a, b]
            if cur:
                out.append(_rule(horizontal, pos, *cur))
    return out


def merged_rules(page: PageText) -> list[Rule]:
    """The page's rules joined into whole lines: as they are when the source merged them
    (``rules_merged``), else :func:`merge_rules` of them."""
    return page.rules if page.rules_merged else merge_rules(page.rules)


def _rule(horizontal: bool, pos: float, a: float, b: float) -> Rule:
    return Rule(a, pos, b, pos) if horizontal else Rule(pos, a, pos, b)


def _vertical_rules_at(rules: list[Rule], y: float) -> list[float]:
    xs = sorted({round(r.x0, 1) for r in rules if not r.horizontal and r.y0 - 1 <= y <= r.y1 + 1})
    out: list[float] = []
    for x in xs:
        if not out or x - out[-1] > 1.5:
            out.append(x)
    return out


def _cell_around(xs: list[float], x0: float, x1: float) -> tuple[float, float] | None:
    left = [x for x in xs if x <= x0 + 1.5]
    right = [x for x in xs if x >= x1 - 1.5]
    if left and right:
        return left[-1], right[0]
    return None


def _partition(groups: list[HeaderLabel], leaves: list[HeaderLabel]) -> list[int]:
    """Assign sorted leaves to sorted groups contiguously so that each group label sits as
    near as possible to the centre of its leaves (dynamic programming)."""
    n, g = len(leaves), len(groups)
    inf = float("inf")
    # cost[k][i]: best cost of giving leaves[:i] to groups[:k]
    cost = [[inf] * (n + 1) for _ in range(g + 1)]
    back = [[0] * (n + 1) for _ in range(g + 1)]
    cost[0][0] = 0.0
    for k in range(1, g + 1):
        for i in range(n + 1):
            for j in range(i + 1):
                if cost[k - 1][j] == inf:
                    continue
                if j == i:
                    c = 1e6  # a group label with nothing below it
                else:
                    centre = (leaves[j].x0 + leaves[i - 1].x1) / 2
                    c = abs(groups[k - 1].xc - centre)
                if cost[k - 1][j] + c < cost[k][i]:
                    cost[k][i] = cost[k - 1][j] + c
                    back[k][i] = j
    out = [0] * n
    i = n
    for k in range(g, 0, -1):
        j = back[k][i]
        for t in range(j, i):
            out[t] = k - 1
        i = j
    return out


def build_header(
    page: PageText,
    band: list[Line],
    lex: Lexicon,
    borrowed: Sequence[HeaderLabel] = (),
    drop: Sequence[int] = (),
) -> Header | None:
    """The column model of one header band. ``borrowed``: labels the OCR lost here, placed
    from another printing of the header (:func:`.align.lost_labels`); ``drop``: indices (in
    :func:`header_labels` order) of labels they replace."""
    labels = [lb for k, lb in enumerate(header_labels(band, lex)) if k not in set(drop)]
    labels = sorted([*labels, *borrowed], key=lambda lb: (lb.x0, lb.top))
    if not labels:
        return None
    h = statistics.median([lb.bottom - lb.top for lb in labels])
    group_cands = [lb for lb in labels if lb.label and lb.label.kind == "group"]
    # A group label needs labels below it (within a few of its widths: a group spans several
    # columns); otherwise it is itself a leaf (a one-row 应发工资 column).
    groups: list[HeaderLabel] = []
    for gl in group_cands:
        width = gl.x1 - gl.x0
        below = [
            lb
            for lb in labels
            if lb is not gl
            and lb.top >= gl.bottom + 0.1 * h  # wholly below, not a vertically centred neighbour
            and _overlap(gl.x0 - 3 * width, gl.x1 + 3 * width, lb.x0, lb.x1) > 0
        ]
        if below:
            groups.append(gl)
    stacked = _stacked_parents(page, labels, groups, h)
    parent_of = {id(m): parent for parent, subs in stacked for m in subs}
    parents = {id(parent) for parent, _ in stacked}
    leaves = [lb for lb in labels if lb not in groups and id(lb) not in parents]
    for lb in leaves:
        if id(lb) in parent_of:
            continue  # read with its parent label below
        if lb.label and lb.label.kind == "group":  # an insurance / group word used as a leaf
            if lex.kind != "payslip":
                # A column per insurance holding marks (养老 | 医疗 | … with √): its status.
                lb.label = Label("field", "status", lb.label.name)
            else:
                lb.label = Label("field", lex.fields.get(normalise_label(lb.text), "unknown"))
    leaves.sort(key=lambda lb: lb.xc)

    # -- group membership
    membership: dict[int, HeaderLabel] = {}
    if groups:
        groups.sort(key=lambda g: g.xc)
        top_of_leaves = min(g.bottom for g in groups) - 0.2 * h
        cands = [
            i
            for i, lb in enumerate(leaves)
            if lb.top >= top_of_leaves
            and _field(lb) in lex.groupable
            and lb.label_insurance is None
            and id(lb) not in parent_of
        ]
        ruled = {}
        for g in groups:
            xs = _vertical_rules_at(page.rules, g.yc)
            cell = _cell_around(xs, g.x0, g.x1)
            if cell and cell[1] - cell[0] > (g.x1 - g.x0) + 1:
                ruled[id(g)] = cell
        if len(ruled) == len(groups):
            for i in cands:
                for g in groups:
                    a, b = ruled[id(g)]
                    if a - 1 <= leaves[i].xc <= b + 1:
                        membership[i] = g
                        break
        else:
            assign = _partition(groups, [leaves[i] for i in cands])
            for i, k in zip(cands, assign, strict=True):
                membership[i] = groups[k]
    # a stacked parent inside an insurance group (医疗保险 over 单位缴费 over 比例 | 金额)
    # belongs to the group whose columns stand around it, and so do its sub-labels
    parent_group: dict[int, HeaderLabel] = {}
    for parent, _subs in stacked:
        for g in groups:
            if g.bottom > parent.top + 0.2 * h:
                continue
            cell = _cell_around(_vertical_rules_at(page.rules, g.yc), g.x0, g.x1)
            if cell and cell[1] - cell[0] > (g.x1 - g.x0) + 1:
                inside = cell[0] - 1 <= parent.xc <= cell[1] + 1
            else:
                xs = [leaves[i].xc for i, m in membership.items() if m is g]
                inside = bool(xs) and min(xs) <= parent.xc <= max(xs)
            if inside:
                parent_group[id(parent)] = g
                break

    # -- column intervals
    leaf_y = statistics.fmean(lb.yc for lb in leaves) if leaves else 0
    columns: list[Column] = []
    widths = [lb.x1 - lb.x0 for lb in leaves]
    typical = statistics.median(widths) if widths else 20.0
    for i, lb in enumerate(leaves):
        xs = _vertical_rules_at(page.rules, lb.yc) or _vertical_rules_at(page.rules, leaf_y)
        cell = _cell_around(xs, lb.xc, lb.xc)
        if cell is None:
            left = (leaves[i - 1].x1 + lb.x0) / 2 if i > 0 else lb.x0 - max(typical, lb.x1 - lb.x0)
            if i > 0 and leaves[i - 1].x1 > lb.x0:
                left = (leaves[i - 1].xc + lb.xc) / 2
            if i + 1 < len(leaves):
                nxt = leaves[i + 1]
                right = (lb.x1 + nxt.x0) / 2 if lb.x1 <= nxt.x0 else (lb.xc + nxt.xc) / 2
            else:
                right = lb.x1 + max(typical, lb.x1 - lb.x0)
            cell = (left, right)
        g = membership.get(i)
        fld = _field(lb)
        group = None
        why = f"表头词“{lb.text}” header word" if fld != "unknown" else ""
        parent = parent_of.get(id(lb))
        if parent is not None:
            fld, group = _sub_field(parent, lb, lex)
            why = f"两级表头“{parent.text}／{lb.text}” stacked header" if fld != "unknown" else ""
            outer = parent_group.get(id(parent))
            if outer is not None and outer.label and group is None:
                group = outer.label.name
            g = parent
        elif g is not None:
            group = g.label.name if g.label else None
            if fld == "insurance" and lex.kind == "statement":
                fld = "subtype"  # 险种 inside 医疗保险: a sub-code, not the insurance
            if fld == "unknown" and lex.kind == "statement" and field_under_insurance(lb.text):
                fld = field_under_insurance(lb.text) or fld
                why = f"两级表头“{g.text}／{lb.text}” stacked header"
        elif lb.label_insurance:
            group = lb.label_insurance
        columns.append(
            Column(
                fld,
                lb.text,
                group,
                cell[0],
                cell[1],
                g.text if g else None,
                lb.borrowed_from or (g.borrowed_from if g else None),
                why=why,
            )
        )
    # Two labels in one ruled cell: one label wrapped in its cell (人员类 / 别; 缴费 / 基数
    # when the OCR matched 缴费 to a label of its own) when one of them means nothing alone
    # or both make a known label; else keep them apart at their midpoint.
    joined: list[Column] = []
    for c in columns:
        a = joined[-1] if joined else None
        whole = lex.classify(a.label + c.label) if a is not None else None
        if (a is not None and abs(a.x0 - c.x0) < 0.5 and abs(a.x1 - c.x1) < 0.5
                and ("unknown" in (a.field, c.field) or (whole and whole.kind == "field"))
                and a.group == c.group):
            meaning = whole
            known = a if a.field != "unknown" else c
            a.label += c.label
            if meaning is not None and meaning.kind == "field":
                a.field, a.why = meaning.name, f"表头词“{a.label}” header word"
            elif known is c:
                a.field, a.why = c.field, c.why
            continue
        joined.append(c)
    columns = joined
    for a, b in itertools.pairwise(columns):
        if b.x0 < a.x1:
            mid = (a.x1 + b.x0) / 2 if a.x0 < b.x0 else a.x1
            a.x1 = b.x0 = mid
    top = min(lb.top for lb in labels)
    bottom = max(lb.bottom for lb in labels)
    return Header(page.number, top, bottom, columns, labels)


def _field(lb: HeaderLabel) -> str:
    return lb.label.name if lb.label and lb.label.kind == "field" else "unknown"


def _stacked_parents(
    page: PageText, labels: list[HeaderLabel], groups: list[HeaderLabel], h: float
) -> list[tuple[HeaderLabel, list[HeaderLabel]]]:
    """Stacked header cells: a label (not an insurance or pay-sheet group, which
    :func:`build_header` handles) with two or more labels printed right below it inside its
    own span - 单位缴纳 over 比例 | 金额, 个人缴纳 over 比例 | 金额, 单位缴纳 over 养老 | 医疗. The
    span is the ruled cell around the label when the page has one wider than the label,
    else the room up to the labels beside it on its own level. Each such label is a parent:
    its sub-labels become the columns, read as two-level labels (:func:`_sub_field`)."""
    out: list[tuple[HeaderLabel, list[HeaderLabel]]] = []
    taken: set[int] = set()
    for p in sorted(labels, key=lambda lb: lb.top):
        if p in groups or id(p) in taken:
            continue
        xs = _vertical_rules_at(page.rules, p.yc)
        cell = _cell_around(xs, p.x0, p.x1)
        if cell is None or cell[1] - cell[0] <= (p.x1 - p.x0) + 1:
            level = [o for o in labels if o is not p and o.top < p.bottom and o.bottom > p.top]
            left = [o.x1 for o in level if o.xc < p.xc]
            right = [o.x0 for o in level if o.xc > p.xc]
            cell = ((max(left) + p.x0) / 2 if left else float("-inf"),
                    (min(right) + p.x1) / 2 if right else float("inf"))
        subs = [
            m for m in labels
            if m is not p and m not in groups
            and p.bottom + 0.1 * h <= m.top <= p.bottom + 2.5 * h
            and cell[0] <= m.xc <= cell[1]
        ]
        if len(subs) >= 2:
            out.append((p, sorted(subs, key=lambda m: m.xc)))
            taken.update(id(m) for m in subs)
    return out


_SIDE_RATE = {"employer_amount": "employer_rate", "personal_amount": "personal_rate"}


def _sub_field(parent: HeaderLabel, sub: HeaderLabel, lex: Lexicon) -> tuple[str, str | None]:
    """Field and insurance of a sub-label under a stacked parent label: an amount word
    (金额) takes the parent's field; a rate word (比例) under 单位缴纳 / 个人缴纳 is that
    side's rate; an insurance name under a side (单位缴纳 over 养老 | 医疗) is that side's
    amount of that insurance; any other known label keeps its own field."""
    pf = _field(parent)
    insurance = parent.label_insurance
    if (sub.label and sub.label.kind == "group" and lex.kind == "statement"
            and sub.label.name in {"pension", "medical", "unemployment", "injury", "maternity"}):
        return (pf if pf != "unknown" else "status"), sub.label.name
    if normalise_label(sub.text) in lex.amount_sublabels:
        return pf, insurance
    sf = _field(sub)
    if sf == "rate":
        return _SIDE_RATE.get(pf, "rate"), insurance
    if sf == "unknown" and parent.label and parent.label.kind == "group":
        return sf, parent.label.name
    return sf, insurance or sub.label_insurance


# ---------------------------------------------------------------------------------------
# 5. rows
# ---------------------------------------------------------------------------------------


def _split_word(w: Word, bounds: list[float]) -> list[Word]:
    """Split a word that runs across column boundaries, by character share of its width."""
    if len(w.text) < 2:
        return [w]
    inside = bounds[bisect.bisect_right(bounds, w.x0 + 1.5):bisect.bisect_left(bounds, w.x1 - 1.5)]
    if not inside:
        return [w]
    if _one_date(w.text, [w.text[: round((b - w.x0) * len(w.text) / (w.x1 - w.x0))]
                          for b in inside]):
        return [w]  # (its centre puts it in the column holding most of it)
    per = (w.x1 - w.x0) / len(w.text)
    pieces: list[Word] = []
    start = 0
    for b in [*inside, w.x1 + 1]:
        end = len(w.text) if b > w.x1 else max(start, min(len(w.text), round((b - w.x0) / per)))
        if end > start:
            pieces.append(
                Word(
                    w.text[start:end],
                    w.x0 + start * per,
                    w.top,
                    w.x0 + end * per,
                    w.bottom,
                    w.confidence,
                )
            )
        start = end
    return pieces or [w]


def _one_date(text: str, heads: list[str]) -> bool:
    """A word the OCR read as one box that is one month, period or date (``202503`` over a
    column cut at 159 | 168: not ``2`` | ``02503``, which made its row unread), unless the
    cut falls right after its year (``2024`` | ``05``: the cells of 年 | 月 columns read as
    one box). ``heads``: the word's text up to each cut."""
    if not (parse_month(text) or parse_period(text) or parse_date(text)):
        return False
    return not any(re.fullmatch(r"(19|20)\d\d年?", squash(h)) for h in heads)


def cut_line(line: Line, columns: list[Column]) -> tuple[list[str], float, list[Word]]:
    """Cell texts of one line (by column), its mean confidence, and words outside the table.

    A line is cut by the same columns several times (typing the columns, finding a month
    column, the rows, unlabelled columns): the cut is kept on the line, by the columns' edges,
    and each caller gets lists of its own."""
    spans = tuple((c.x0, c.x1) for c in columns)
    cuts: dict = line.__dict__.setdefault("_cuts", {})
    cut = cuts.get(spans)
    if cut is None:
        cut = cuts[spans] = _cut_line(line, columns)
    texts, conf, outside = cut
    return list(texts), conf, list(outside)


_ALNUM_START = re.compile(r"[A-Za-z0-9]")
_ALNUM_END = re.compile(r"[A-Za-z0-9]$")


@functools.lru_cache(maxsize=256)
def _cutter(spans: tuple[tuple[float, float], ...]
            ) -> tuple[list[float], list[float], list[float], bool]:
    """The columns' boundaries, their left and right edges, and whether they stand apart in
    order (each column left of the next: then the one column that holds a point is found by
    bisection; overlapping columns are searched in their order, the first holding it wins)."""
    bounds = sorted({a for a, _ in spans} | {b for _, b in spans})
    apart = (all(a <= b for a, b in spans)
             and all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1)))
    return bounds, [a for a, _ in spans], [b for _, b in spans], apart


def _cut_line(line: Line, columns: list[Column]) -> tuple[list[str], float, list[Word]]:
    bounds, lefts, rights, apart = _cutter(tuple((c.x0, c.x1) for c in columns))
    cells: list[list[Word]] = [[] for _ in columns]
    outside: list[Word] = []
    confs: list[float] = []
    for word in line.words:
        for w in _split_word(word, bounds):
            xc = (w.x0 + w.x1) / 2
            if apart:
                i = bisect.bisect_right(lefts, xc) - 1
                at = i if i >= 0 and xc < rights[i] else None
            else:
                at = next((i for i, (a, b) in enumerate(zip(lefts, rights, strict=True))
                           if a <= xc < b), None)
            if at is None:
                outside.append(w)
            else:
                cells[at].append(w)
                confs.append(w.confidence)
    texts = []
    for ws in cells:
        ws.sort(key=lambda w: w.x0)
        text = ""
        for w in ws:
            sep = (
                " "
                if text
                and _ALNUM_START.match(w.text[:1])
                and _ALNUM_END.search(text)
                else ""
            )
            text += sep + w.text
        texts.append(text)
    return texts, (min(confs) if confs else 1.0), outside


def _row_bands(page: PageText, header: Header, bottom: float) -> list[float]:
    """y of horizontal rules that cross most of the table, below the header."""
    x0, x1 = header.columns[0].x0, header.columns[-1].x1
    span = x1 - x0
    ys = sorted(
        {
            round(r.y0, 1)
            for r in page.rules
            if r.horizontal
            and header.bottom - 1 <= r.y0 <= bottom + 1
            and _overlap(r.x0, r.x1, x0, x1) >= 0.5 * span
        }
    )
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > 1.5:
            out.append(y)
    return out


def build_rows(
    page: PageText,
    header: Header,
    lines: list[Line],
    bottom: float,
    is_key: Callable[[list[str]], bool],
    lex: Lexicon,
) -> list[RawRow]:
    """Printed rows of one table: key lines, totals, and wrapped text joined to its row."""
    cut = []
    for line in lines:
        cells, conf, _ = cut_line(line, header.columns)
        if not any(cells):
            continue
        if page.method == "ocr":
            cells = ocr_numbers(cells, header)
        cut.append((line, cells, conf))
    # (cut index -> the decimal points put back in that line: column label, as read, as used)
    fixed: dict[int, list[tuple[str, str, str]]] = {}
    if page.method == "ocr":
        for (j, c), text in decimal_points([cells for _, cells, _ in cut], header).items():
            fixed.setdefault(j, []).append((header.columns[c].label, cut[j][1][c], text))
            cut[j][1][c] = text
    rules = _row_bands(page, header, bottom)
    h = statistics.median([w.height for line in lines for w in line.words] or [10.0])

    def band_of(line: Line) -> int | None:
        if len(rules) < 3:
            return None
        k = bisect.bisect_right(rules, line.yc + 1) - 1  # the last rule above the line
        for j in (k - 1, k):  # the first band that holds it, as a scan from the top would
            if 0 <= j < len(rules) - 1 and rules[j] - 1 <= line.yc <= rules[j + 1] + 1:
                return j
        return None

    rows: list[RawRow] = []

    def kind(cells: list[str]) -> str:
        words = [c for c in cells if c and not is_number(c)]
        if any(lex.is_total(c) for c in words) or (words and lex.is_total("".join(words[:3]))):
            return "total"  # (a merged 合计 cell may have been cut into 合 | 计)
        if is_key(cells):
            return "key"
        if all(header.columns[i].field in TEXT_FIELDS for i, c in enumerate(cells) if c):
            return "text"
        return "other"

    entries = [(line, cells, conf, kind(cells), band_of(line)) for line, cells, conf in cut]

    def merge(members: list[int]) -> RawRow:
        members = sorted(members, key=lambda j: entries[j][0].yc)
        merged = ["" for _ in header.columns]
        for j in members:
            for c, text in enumerate(entries[j][1]):
                if text:
                    merged[c] = merged[c] + text if merged[c] else text
        return RawRow(
            page.number,
            merged,
            min(entries[j][0].top for j in members),
            max(entries[j][0].bottom for j in members),
            False,
            min(entries[j][2] for j in members),
            repaired=[fix for j in members for fix in fixed.get(j, [])],
        )

    # Ruled rows: when the horizontal rules separate the printed rows (no band between two
    # rules holds two keyed lines), every line of a band belongs to its row, whatever it holds
    # (a month cell wrapped as ２０２３年０１ / 月, numbers centred beside a wrapped name).
    bands: dict[int, list[int]] = {}
    for j, entry in enumerate(entries):
        if entry[4] is not None:
            bands.setdefault(entry[4], []).append(j)
    if bands and all(
        sum(entries[j][3] in ("key", "total") for j in js) <= 1 for js in bands.values()
    ):
        ruled: list[RawRow] = []
        lost: list[RawRow] = []
        for band in sorted(bands):
            row = merge(bands[band])
            # (a band of one line holds that line's cells: its kind is known)
            k = entries[bands[band][0]][3] if len(bands[band]) == 1 else kind(row.cells)
            if k in ("key", "total"):
                row.total = k == "total"
                ruled.append(row)
            elif page.method == "ocr" and (_row_of_values(row.cells, lex)
                                           or _half_keyed(row.cells, header, lex)
                                           or _status_alone(row.cells, header, lex)):
                lost.append(row)
        header.unread = _unread([((r.top + r.bottom) / 2, r.cells) for r in lost], ruled, h,
                                header.bottom)
        return ruled

    # Key-anchored rows (no row rules, e.g. OCR words): a key line plus the wrapped text
    # lines nearest to it, and a key-less line of values that fills this row's empty cells
    # (a month cell wrapped top-aligned above values centred in the row).
    used: set[int] = set()
    for idx, (line, cells, conf, k, band) in enumerate(entries):
        if k not in ("key", "total"):
            continue
        row = RawRow(page.number, list(cells), line.top, line.bottom, k == "total", conf,
                     repaired=list(fixed.get(idx, [])))
        members = [idx]
        # Text lines of the same printed row: same rule band, or adjacent and nearer this row.
        for j, (other, ocells, _conf, ok, oband) in enumerate(entries):
            if j == idx or j in used or ok not in ("text", "other"):
                continue
            if ok == "other" and any(
                a and b and (is_number(a) or is_number(b))
                for a, b in zip(cells, ocells, strict=True)
            ):
                continue  # numbers of another row, not the rest of this one
            if band is not None and oband is not None:
                same = oband == band
            else:
                gap = abs(other.yc - line.yc)
                same = gap <= 1.6 * h and _nearest_key(entries, j) == idx
            if same:
                members.append(j)
        if len(members) > 1:
            row = merge(members)
            row.total = k == "total"
        used.update(members)
        rows.append(row)
    if page.method == "ocr":
        header.unread = _unread([(e[0].yc, e[1]) for j, e in enumerate(entries)
                                 if j not in used and (
                                     (e[3] == "other" and (_row_of_values(e[1], lex)
                                                           or _half_keyed(e[1], header, lex)))
                                     or (e[3] in ("text", "other")
                                         and _status_alone(e[1], header, lex)))],
                                rows, h, header.bottom)
    return rows


def _half_keyed(cells: list[str], header: Header, lex: Lexicon) -> bool:
    """A line holding half of a year | month key - a year in the year column, its month
    cell blank (a month of one digit the OCR lost) - alone or with more (a status word, an
    employer): a printed row whose month was lost, even with no number (未参保, or a month
    printed with nothing but its key)."""
    y, m = header.index("year"), header.index("month_no")
    if y is None or m is None or y >= len(cells) or m >= len(cells) or cells[m].strip():
        return False
    filled = [c for c in cells if c.strip()]
    return (re.fullmatch(r"(19|20)\d{2}", squash(cells[y])) is not None
            and not any(w in squash(c) for w in lex.total_words for c in filled))


def _row_of_values(cells: list[str], lex: Lexicon) -> bool:
    """A line that holds a printed row's values: three cells or more, one of them a number
    (a footnote or a stamp's text under the header's columns holds fewer), and no total
    word in any cell (2024年小计 is a subtotal, not a row)."""
    filled = [c for c in cells if c.strip()]
    return (len(filled) >= 3 and any(is_number(c) for c in filled)
            and not any(w in squash(c) for w in lex.total_words for c in filled))


def _status_alone(cells: list[str], header: Header, lex: Lexicon) -> bool:
    """A line holding a status word in its status column and, beside it, no number but
    part of its key (未缴费 alone, 工伤保险 | 未参保, 2024 | 未参保: a month printed without
    values whose month the OCR lost; a line no keyed row took as its own)."""
    status = [i for i, c in enumerate(header.columns)
              if c.field == "status" or (c.field == "note" and c.content == "status")]
    if not any(cells[i].strip() and lex.for_ocr().status_of(cells[i]) is not None
               for i in status):
        return False
    keys = {"ym", "year", "month_no", "month", "period", "start", "end"}
    return not any(is_number(c) for i, c in enumerate(cells)
                   if c.strip() and header.columns[i].field not in keys)


def _unread(lost: list[tuple[float, list[str]]], rows: list[RawRow], h: float,
            header_bottom: float | None = None) -> list[tuple[float, list[str]]]:
    """Lines of values among the table's rows, right under them, or between the header and
    its first row, or between them and the table's total row (合计), that were read as no
    row: the OCR lost their key (a month of one digit, a year), so they are reported, never
    guessed."""
    keyed = [r for r in rows if not r.total]
    if not keyed:
        return []
    top = keyed[0].top - h
    if header_bottom is not None and header_bottom > 0:
        top = min(top, header_bottom)
    bottom = max(r.bottom for r in keyed)
    totals = [r.top for r in rows if r.total and r.top >= bottom]
    bottom = max(bottom + 2.5 * h, min(totals, default=0.0))
    return [(y, cells) for y, cells in lost if top <= y <= bottom]


def _nearest_key(entries, j: int) -> int | None:
    y = entries[j][0].yc
    best, best_d = None, float("inf")
    for i, e in enumerate(entries):
        if e[3] in ("key", "total"):
            d = abs(e[0].yc - y)
            if d < best_d:
                best, best_d = i, d
    return best


# Columns that hold one number per cell: only there are OCR digit look-alikes repaired.
NUMERIC_FIELDS = {
    "base", "annual_base", "employer_amount", "personal_amount", "months",
    "rate", "employer_rate", "personal_rate",
    "gross_pay", "net_pay", "pension", "medical", "unemployment", "housing_fund",
    "income_tax", "subtotal", "deductions_total", "other_deduction",
}


def ocr_numbers(cells: list[str], header: Header) -> list[str]:
    """OCR'd cells of numeric columns repaired by :func:`shebao.ingest.ocr.fixes.fix_number`
    (O->0, l->1, S->5, border debris, ``.``/``,`` as thousands separator); other cells and
    cells that are not a number even after fixing are kept as read. In a row of ``/`` a lone
    stroke is a ``/`` (:func:`_slash_row`)."""
    from shebao.ingest.ocr.fixes import fix_number

    out = _slash_row(cells, header)
    for i, text in enumerate(out):
        if not text or header.columns[i].field not in NUMERIC_FIELDS:
            continue
        fix = fix_number(text)
        if fix is not None and fix.changed and parse_number(text) != fix.value:
            out[i] = fix.text
    return out


_STROKE = re.compile(r"^[/／1lI|丨!7XxVv×]$")  # a printed / as the OCR reads it


def _stroke_cell(text: str) -> bool:
    """A cell holding only strokes as the OCR reads a printed ``/``: one (``1``, ``l``,
    ``|``), or several read as words of their own (``1 1``: two cells' ``/`` joined by a cut
    that fell beside them). One word ``11`` is not: it may be a number."""
    parts = text.split()
    return bool(parts) and all(_STROKE.match(squash(p)) for p in parts)


def _slash_row(cells: list[str], header: Header) -> list[str]:
    """A row printed ``/`` in its cells (a certificate's months before coverage) comes back
    from the OCR as strokes read ``1``, ``l`` or ``|``, or as nothing: where no numeric cell of
    the row holds more than such strokes, the strokes are ``/``, not the number 1."""
    keep = {"ym", "period", "start", "end", "year", "month_no", "seq"}
    numeric = [i for i, c in enumerate(header.columns) if c.field in NUMERIC_FIELDS]
    texts = [cells[i] for i in numeric]
    # (all of them may be lost: a stroke left in a code or text column is then the row's
    # only ``/``, never a one-digit employer code)
    strokes = [t for i, t in enumerate(cells) if header.columns[i].field not in keep
               and _stroke_cell(t)]
    if not numeric or not (any(t.strip() for t in texts) or strokes) or not all(
            not t.strip() or _stroke_cell(t) for t in texts):
        return list(cells)
    return ["/" if header.columns[i].field not in keep and _stroke_cell(t) else t
            for i, t in enumerate(cells)]


_TWO_DECIMALS = re.compile(r"^\d+\.\d\d$")
_DIGITS = re.compile(r"^\d{4,}$")
MIN_FORMATTED = 4  # well-formed cells a column needs before its format is trusted


def decimal_points(rows: list[list[str]], header: Header) -> dict[tuple[int, int], str]:
    """Numbers of an OCR'd table whose decimal point was lost: ``{(row, column): repaired}``.

    In a numeric column where every other number is printed with two decimals
    (``3404.00``), a cell of bare digits is a number whose point the OCR dropped (``340400``)
    or read as a digit (``3404200``). It is repaired only when exactly one reading gives an
    integer part as long as the column's other numbers have (so ``20.29`` beside ``811.52``
    leaves ``2029`` alone when both lengths are seen); the caller reports every repair."""
    out: dict[tuple[int, int], str] = {}
    for c, column in enumerate(header.columns):
        if column.field not in NUMERIC_FIELDS:
            continue
        cells = [row[c] for row in rows if c < len(row) and row[c]]
        formatted = [t for t in cells if _TWO_DECIMALS.match(t)]
        bare = [t for t in cells if _DIGITS.match(t)]
        # (other lines cut by the header's columns, a footnote under the table, hold text)
        if len(formatted) < MIN_FORMATTED or len(bare) > 0.2 * len(formatted):
            continue
        lengths = {len(t) - 3 for t in formatted}
        for r, row in enumerate(rows):
            text = row[c] if c < len(row) else ""
            if not _DIGITS.match(text):
                continue
            readings = {f"{text[:-2]}.{text[-2:]}", f"{text[:-3]}.{text[-2:]}"}
            fits = [t for t in readings if len(t) - 3 in lengths]
            if len(fits) == 1:
                out[r, c] = fits[0]
    return out


def ocr_fragment(word: Word) -> bool:
    """An OCR box that is not text of the table: one CJK character read with low confidence
    from a box more than twice as wide as it is high (a character is about square; such a
    box is a stroke of the slanted watermark or a stamp, too short for the slant filter of
    :mod:`shebao.ingest.ocr.pipeline`)."""
    text = word.text.strip()
    return (
        len(text) == 1
        and "\u4e00" <= text <= "\u9fff"
        and word.confidence < 0.8
        and word.x1 - word.x0 > 2 * (word.bottom - word.top)
    )


MARK_HEIGHT = 2.5  # in median word heights: taller short "words" are marks, not table text


def ocr_without_marks(words: list[Word]) -> list[Word]:
    """OCR boxes of one to three characters standing more than :data:`MARK_HEIGHT` times as
    tall as the page's words are dropped: a stamp's letters, a logo, a QR code's corner read
    as ``SP``. Printed on top of the rows, they would join a cell (an employer's name read
    as ``…有限责任公司SP``). A title in large type is longer and stays."""
    if len(words) < 10:
        return words
    h = statistics.median(w.height for w in words)
    return [w for w in words
            if not (len(w.text.strip()) <= 3 and w.height > MARK_HEIGHT * h)]


def find_tables(
    page: PageText,
    lex: Lexicon,
    is_key: Callable[[Header, list[str]], bool],
    previous: Header | None = None,
    templates: Sequence[Header] = (),
) -> list[Table]:
    """All tables of a page. A page without a header band continues ``previous``'s table
    (a table across pages whose header is not repeated; on an OCR'd page its columns are
    fitted to this photo's cells, :func:`fit_columns`, and the ``header_carried`` note says
    so). On an OCR'd page, a header that lost
    a label gets it back from another header of the page, else from ``templates`` (headers of
    earlier pages of the document), when they line up (:func:`repair_header`)."""
    page, lex, lines, lv = _prepare(page, lex)
    built = _headers(page, lex, lines, lv)
    if page.method == "ocr":
        complete = [h for h, _, _ in built if _has_key_field(h, lex)]
        for n, (header, a, b) in enumerate(built):
            end = built[n + 1][1] if n + 1 < len(built) else len(lines)
            others = [t for t in complete if t is not header]
            repaired = repair_header(
                page, lines[a : b + 1], header, [others, templates], lines[b + 1 : end], lex
            )
            repaired.level = lv
            built[n] = (repaired, a, b)
    for n, (header, _a, b) in enumerate(built):
        end = built[n + 1][1] if n + 1 < len(built) else len(lines)
        header.notes += year_month_columns(header, lines[b + 1 : end])
        header.notes += month_column_from_content(header, lines[b + 1 : end])
        header.notes += type_columns(header, lines[b + 1 : end], lex)
    headers = [(h, a, b) for h, a, b in built if _has_key_field(h, lex)]
    tables: list[Table] = []
    if not headers and previous is not None:
        # (its borrowed labels were reported with the page that printed the header)
        labels = [lb for lb in previous.labels if lb.borrowed_from is None]
        columns = previous.columns
        if page.method == "ocr":  # another photo: its columns stand a little elsewhere
            columns = fit_columns(previous.columns, [w for ln in lines for w in ln.words])
        header = Header(page.number, 0.0, 0.0, columns, labels, lv)
        rows = build_rows(page, header, lines, page.height, lambda c: is_key(header, c), lex)
        if any(not r.total for r in rows):
            header.unlabelled = unlabelled_columns(page, header, lines, rows)
            if page.method == "ocr":
                header.notes.append(("header_carried", (
                    f"第 {page.number} 页没有读到表头，按第 {previous.page} 页的表头读取各列"
                    f"（表格接续上一页），请核对各列是否对齐（page {page.number}: no header "
                    f"read; its columns were taken from page {previous.page}'s header）")))
            tables.append(Table(header, rows, []))
        return tables
    for n, (header, a, b) in enumerate(headers):
        end = headers[n + 1][1] if n + 1 < len(headers) else len(lines)
        body = lines[b + 1 : end]
        bottom = lines[end].top if end < len(lines) else page.height
        rows = build_rows(page, header, body, bottom, lambda c, hd=header: is_key(hd, c), lex)
        header.unlabelled = unlabelled_columns(page, header, body, rows)
        prev_end = headers[n - 1][2] + 1 if n > 0 else 0
        tables.append(Table(header, rows, lines[prev_end:a]))
    return tables


def fit_columns(columns: list[Column], words: list[Word]) -> list[Column]:
    """An earlier photo's columns moved onto this photo's body: the scale (±10 %) and shift
    (±8 % of the table's width) of the x axis under which most words lie wholly inside one
    column (a word across a column boundary is a misfit); the columns as they are when no
    other fit is clearly better (two words or more)."""
    import numpy as np

    if not columns or not words:
        return columns
    left, right = columns[0].x0, columns[-1].x1
    width = right - left
    inside = [w for w in words if w.x1 > left - 0.1 * width and w.x0 < right + 0.1 * width]
    if len(inside) < 4:
        return columns
    edges = np.array([columns[0].x0, *(c.x1 for c in columns)])
    x0 = np.array([w.x0 for w in inside]) + 1.0
    x1 = np.array([w.x1 for w in inside]) - 1.0

    def fits(scale: float, shift: float) -> int:
        e = left + (edges - left) * scale + shift
        a, b = np.searchsorted(e, x0), np.searchsorted(e, x1)
        return int(np.sum((a == b) & (a > 0) & (a < len(e))))

    best, fit = fits(1.0, 0.0), (1.0, 0.0)
    base = best
    step = max(1.0, width / 400)
    for scale in np.arange(0.90, 1.1001, 0.005):
        for shift in np.arange(-0.08 * width, 0.08 * width + step, step):
            n = fits(float(scale), float(shift))
            if n > best:
                best, fit = n, (float(scale), float(shift))
    if best < base + 2:
        return columns
    scale, shift = fit
    return [replace(c, x0=left + (c.x0 - left) * scale + shift,
                    x1=left + (c.x1 - left) * scale + shift) for c in columns]


MONTH_KEYS = {"ym", "period", "start", "year", "month_no"}


def month_column_from_content(header: Header, body: list[Line]) -> list[tuple[str, str]]:
    """A header without any month column whose rows print months (YYYYMM, 2024-07, 起止
    periods) under no label - the label the OCR lost, or never printed - gets that column:
    the x-band where at least half the rows (two or more) hold a month outside every
    labelled column. Returns the ``column_role_from_content`` note, or nothing."""
    if header.fields() & MONTH_KEYS or not header.columns:
        return []
    rows = 0
    hits: list[tuple[int, Word, str]] = []
    for n, line in enumerate(body):
        cells, _, outside = cut_line(line, header.columns)
        if sum(1 for c in cells if c) < 2:
            continue
        rows += 1
        for w in outside:
            if parse_month(w.text):
                hits.append((n, w, "ym"))
            elif parse_period(w.text):
                hits.append((n, w, "period"))
    bands: list[list[tuple[int, Word, str]]] = []
    for hit in sorted(hits, key=lambda t: t[1].x0):
        if bands and hit[1].x0 <= max(w.x1 for _, w, _ in bands[-1]):
            bands[-1].append(hit)
        else:
            bands.append([hit])
    need = max(2, rows / 2)
    found = [b for b in bands if len({n for n, _, _ in b}) >= need]
    if not found:
        return []
    band = max(found, key=len)
    field = max(("ym", "period"), key=lambda f: sum(1 for _, _, k in band if k == f))
    x0 = min(w.x0 for _, w, _ in band) - 1
    x1 = max(w.x1 for _, w, _ in band) + 1
    left = [c.x1 for c in header.columns if c.x1 <= x0 + 2]
    right = [c.x0 for c in header.columns if c.x0 >= x1 - 2]
    x0 = max([x0, *left]) if left else x0
    x1 = min([x1, *right]) if right else x1
    column = Column(field, "", None, x0, x1, why="内容是年月，表头没有读出这一列的标题"
                    "（content: months under no label）", content="month")
    header.columns = sorted([*header.columns, column], key=lambda c: c.x0)
    return [(
        "column_role_from_content",
        f"第 {header.page} 页表格最左边起第 {header.columns.index(column) + 1} 列没有读出标题，"
        f"但格子里都是年月，已按缴费年月读取，请核对（page {header.page}: a column with no "
        "header label that was read holds months; read as the contribution month）",
    )]


def type_columns(header: Header, body: list[Line], lex: Lexicon) -> list[tuple[str, str]]:
    """Each column's content type from the lines below its header, and the roles the content
    overrules (:func:`.columns.vote`)."""
    cells = [cut_line(line, header.columns)[0] for line in body]
    return vote(header, [c for c in cells if sum(1 for t in c if t) >= 2], lex)


def _prepare(page: PageText, lex: Lexicon) -> tuple[PageText, Lexicon, list[Line], Level]:
    """The page as tables are read from it: furniture and OCR fragments dropped, levelled,
    rules merged, words grouped into lines; the lexicon for its text source."""
    if page.method == "ocr":
        lex = lex.for_ocr()
    words = [w for w in page.words if not lex.is_furniture(w.text)]
    if page.method == "ocr":
        words = [w for w in words if not ocr_fragment(w)]
        words = ocr_without_marks(words)
    words = without_furniture(words, page.height)
    page, lv = level_page(
        PageText(page.number, page.width, page.height, words, page.rules, page.method, page.notes,
                 rules_merged=page.rules_merged)
    )
    page.rules, page.rules_merged = merged_rules(page), True
    return page, lex, group_lines(page.words), lv


def _headers(
    page: PageText, lex: Lexicon, lines: list[Line], lv: Level
) -> list[tuple[Header, int, int]]:
    built: list[tuple[Header, int, int]] = []
    for a, b in header_bands(lines, lex, page.rules):
        header = build_header(page, lines[a : b + 1], lex)
        if header and len(header.columns) >= 2:
            header.level = lv
            built.append((header, a, b))
    return built


def incomplete_headers(page: PageText, lex: Lexicon, insurance: str | None = None
                       ) -> list[tuple[Header, tuple[str, str, str]]]:
    """Headers of the page with at least three understood columns that lack a column their
    rows need (:func:`missing_key`; ``insurance``: the one the title or a note names), each
    with what it lacks as a clause (Chinese, English: ``其中没有年份这一列`` / ``has no year
    column``) and what the OCR may have lost (``label``, or ``cells``: the months of a
    column), widest first: what to name when a document yields nothing. The
    header's month key is first mended from its cells as when reading
    (:func:`.keypair.year_month_columns`); a 年月 column that holds only years (2024) lacks
    its months, and says so."""
    page, lex, lines, lv = _prepare(page, lex)
    built = _headers(page, lex, lines, lv)
    out = []
    for n, (h, _, b) in enumerate(built):
        body = lines[b + 1 : built[n + 1][1] if n + 1 < len(built) else len(lines)]
        if lex.kind == "statement":
            year_month_columns(h, body)
        lacks = missing_key(h, lex, insurance)
        missing = ((f"其中没有{lacks[0]}这一列", f"has no {lacks[1]} column", "label")
                   if lacks else None)
        if missing is None and lex.kind == "statement":
            label = years_only(h, body)
            if label is not None:
                missing = (f"“{label}”一列只读到年份（如 2024），旁边没有读到月份",
                           f"was found, but its {label} column holds only years (e.g. 2024) "
                           "and no month was read beside it", "cells")
        understood = sum(c.field not in ("unknown", "ignore") for c in h.columns)
        if missing and (understood >= 3 or (lex.kind == "payslip" and understood >= 1
                                            and len(h.columns) >= 3)):
            out.append((h, missing))
    return sorted(out, key=lambda hm: -sum(c.field != "unknown" for c in hm[0].columns))


def missing_key(header: Header, lex: Lexicon, insurance: str | None = None
                ) -> tuple[str, str] | None:
    """What a header lacks to be read (Chinese, English), or None: a pay sheet's 姓名 and
    实发/应发; a statement's months (年月, 起止年月 or 年度), the year of a 月-only table, and
    the insurance (a 险种 column, insurance groups or labels, the layout's one insurance, or
    ``insurance``: the one the title or a note names)."""
    f = header.fields()
    if lex.kind == "payslip":
        if not f & {"employee_name", "employee_id"}:
            return "“姓名”（或“工号”）", "employee name (姓名) or staff number (工号)"
        if not f & {"net_pay", "gross_pay"}:
            return "“实发工资”或“应发工资”", "net or gross pay (实发/应发工资)"
        return None
    if lex.kind == "insured_list":
        if not f & {"name", "id_number", "social_security_number"}:
            return "姓名或身份证号", "name or ID number"
        return None
    if not f & {"ym", "year", "period", "start", "month_no"}:
        return "缴费年月（或起止年月、年度）", "month, period or year"
    if "month_no" in f and not f & {"ym", "year", "period", "start"}:
        return "年份", "year"
    named = "insurance" in f or any(c.group for c in header.columns)
    if not named and not lex.profile.default_insurance and not insurance:
        return "险种", "insurance (险种)"
    return None


def repair_header(
    page: PageText,
    band: list[Line],
    header: Header,
    templates: Sequence[Sequence[Header]],
    body: list[Line],
    lex: Lexicon,
) -> Header:
    """``header`` with the labels the OCR lost put back from a template that lines up with
    it (:func:`.align.lost_labels`). ``templates`` are tiers, nearest first (the page's other
    headers, then earlier pages'); the first tier with a template that lines up is used, and
    in it the template sharing most labels. A put-back label whose column holds nothing in
    ``body`` (the lines down to the next header) is left out. ``header`` itself when nothing
    is lost."""
    best: Borrowing | None = None
    for tier in templates:
        for t in tier:
            if t.borrowed():
                continue  # only labels read where they are printed are lent
            found = lost_labels(header.labels, t.labels, t.page)
            if found is not None and (best is None or found.pairs > best.pairs):
                best = found
        if best is not None:
            break
    if best is None:
        return header
    borrowed = list(best.labels)
    while borrowed:
        rebuilt = build_header(page, band, lex, borrowed, best.drop)
        if rebuilt is None:
            return header
        empty = {
            c.label
            for c in rebuilt.columns
            if c.borrowed_from is not None
            and any(lb.text == c.label for lb in borrowed)
            and not any(c.x0 <= w.xc < c.x1 for line in body for w in line.words)
        }
        if not empty:
            return rebuilt
        borrowed = [lb for lb in borrowed if lb.text not in empty]
    return header


def unlabelled_columns(
    page: PageText, header: Header, lines: list[Line], rows: list[RawRow]
) -> list[tuple[float, float]]:
    """x-bands inside the table where the data rows print something under no header label:
    the ruled cell of a column whose label the OCR lost (or a label-less column). Words of
    at least half the data rows (two or more) must line up in the band; the table spans its
    columns and, when ruled, its outer borders. A table of one row (a pay-slip strip) counts
    numbers only; a band of numbers or digit codes counts from one row (a 单位编号 printed
    once in a cell merged over the employer's rows). Nothing is read from such a band - this
    only tells the volunteer that a column was not read.

    A column between labels without ruling lines is not found here: its numbers join a
    neighbour's cell, which then holds two numbers (:func:`two_value_cells`)."""
    data = [r for r in rows if not r.total]
    if not data or not header.columns:
        return []
    x0, x1 = header.columns[0].x0, header.columns[-1].x1
    borders = _vertical_rules_at(page.rules, (header.top + header.bottom) / 2)
    if len(borders) >= 2:
        x0, x1 = min(x0, borders[0]), max(x1, borders[-1])
    hits: list[tuple[int, Word]] = []
    for line, at in zip(lines, _rows_of(lines, data), strict=True):
        if at is None:
            continue
        _, _, outside = cut_line(line, header.columns)
        hits += [
            (at, w)
            for w in outside
            if x0 <= w.xc <= x1 and (len(data) > 1 or is_number(w.text))
        ]
    bands: list[list[tuple[int, Word]]] = []
    right = 0.0  # the right edge of the last band so far
    for at, w in sorted(hits, key=lambda hw: hw[1].x0):
        if bands and w.x0 <= right:
            bands[-1].append((at, w))
            right = max(right, w.x1)
        else:
            bands.append([(at, w)])
            right = w.x1
    need = max(min(2, len(data)), len(data) / 2)
    return [
        (min(w.x0 for _, w in band), max(w.x1 for _, w in band))
        for band in bands
        if len({at for at, _ in band}) >= need or all(_digits(w.text) for _, w in band)
    ]


def _rows_of(lines: list[Line], data: list[RawRow]) -> list[int | None]:
    """For each line, the first data row (by index) whose band ``top - 1 .. bottom + 1``
    holds the line's centre, or None -- in O((lines + rows) log) instead of lines x rows
    (a 100k-row pay sheet): lines are visited by centre, rows enter a heap as their top is
    passed and leave it once their bottom is."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].yc)
    by_top = sorted(range(len(data)), key=lambda k: data[k].top)
    active: list[tuple[int, float]] = []  # (row index, bottom + 1), a heap by row index
    out: list[int | None] = [None] * len(lines)
    nxt = 0
    for i in order:
        yc = lines[i].yc
        while nxt < len(by_top) and data[by_top[nxt]].top - 1 <= yc:
            k = by_top[nxt]
            heapq.heappush(active, (k, data[k].bottom + 1))
            nxt += 1
        # rows whose bottom the centres have passed can never hold a later line
        while active and active[0][1] < yc:
            heapq.heappop(active)
        if active:
            out[i] = active[0][0]
        if len(active) > 64:  # keep the heap small when rows overlap oddly
            active = [a for a in active if a[1] >= yc]
            heapq.heapify(active)
    return out


def _digits(text: str) -> bool:
    """A number or a code of digits (单位编号 printed once in a cell merged over its rows)."""
    return is_number(text) or bool(re.fullmatch(r"[A-Za-z]?\d{4,}", squash(text)))


def two_value_cells(header: Header, rows: list[RawRow]) -> list[int]:
    """Indices of numeric columns whose cell holds two numbers (``272.32 68.08``) in at least
    half the data rows (two or more; the one row of a pay-slip strip): the numbers of a
    neighbouring column whose label the OCR lost have joined this one, so neither is read."""
    data = [r for r in rows if not r.total]
    out = []
    for i, c in enumerate(header.columns):
        if c.field not in NUMERIC_FIELDS:
            continue
        two = sum(
            1
            for r in data
            if len(parts := r.cells[i].split()) == 2 and all(is_number(p) for p in parts)
        )
        if two and two >= max(min(2, len(data)), len(data) / 2):
            out.append(i)
    return out


def _has_key_field(header: Header, lex: Lexicon) -> bool:
    f = header.fields()
    if lex.kind == "payslip":
        return bool(f & {"employee_name", "employee_id"}) and bool(f & {"net_pay", "gross_pay"})
    if lex.kind == "insured_list":  # who, and what of their insurance (or who twice)
        who = f & {"name", "id_number", "social_security_number"}
        return bool(who) and (len(who) >= 2 or bool(f & {"insurance", "start", "period",
                                                          "status", "months"}))
    return bool(f & {"ym", "year", "period", "start", "month_no"}) and len(f - {"unknown"}) >= 3


def stitch_wrapped_numbers(words: list[Word], rules: Sequence[Rule] = ()) -> list[Word]:
    """A long number wrapped inside a narrow cell (an ID number printed as ``34222119`` /
    ``95111958`` / ``36``, ``44148`` / ``11971`` / ``10222`` / ``216``, or
    ``45212219980302535`` / ``X``) as one word. Digit runs (and a check character X alone)
    stacked under each other, overlapping in x, each line as long as the first and the last
    no longer (the lines of a wrapped number fill its cell), are joined top to bottom when

    * the whole passes the ID checksum (GB 11643: the proof), each piece starting within a
      line's height of the one above (a photo's boxes hug the glyphs: the gap between two
      lines of one cell can be nearly a line high);
    * or the last piece is shorter than the others and each gap is under 0.4 of a line;
    * or the last piece is shorter than the others and ``rules`` (the page's ruling) draw
      one cell box around all of them - a rule above the first and below the last, none
      between (a social-security number has no checksum: only its cell proves it whole).

    A column of table numbers, each as long as the next, is left alone. From each piece the
    longest chain down that qualifies is joined."""
    from shebao.idnumber import id_checksum_ok

    digits = re.compile(r"^\d+[\dXx]?$")
    ws = sorted(words, key=lambda w: (w.top, w.x0))
    flat = [r for r in rules if r.horizontal]
    used: set[int] = set()
    out: list[Word] = []
    for i, a in enumerate(ws):
        if i in used:
            continue
        chain = [i]
        if digits.match(a.text):
            while len(chain) < MAX_WRAPPED_PIECES:
                last = ws[chain[-1]]
                h = last.bottom - last.top
                nxt = None
                for j in range(chain[-1] + 1, len(ws)):
                    b = ws[j]
                    if b.top - last.bottom > h:
                        break  # (sorted by top: nothing further down is close enough)
                    if (j not in used and (digits.match(b.text) or b.text in ("X", "x"))
                            and b.top >= last.bottom - 0.15 * h
                            and _overlap(last.x0, last.x1, b.x0, b.x1)
                            >= 0.5 * min(last.x1 - last.x0, b.x1 - b.x0)):
                        nxt = j
                        break
                if nxt is None:
                    break
                chain.append(nxt)
        for n in range(len(chain), 1, -1):
            parts = [ws[k] for k in chain[:n]]
            if _wrapped(parts, flat, id_checksum_ok):
                used.update(chain[:n])
                out.append(Word("".join(p.text for p in parts), min(p.x0 for p in parts),
                                parts[0].top, max(p.x1 for p in parts), parts[-1].bottom,
                                min(p.confidence for p in parts)))
                break
        else:
            used.add(i)
            out.append(a)
    return out


MAX_WRAPPED_PIECES = 6  # an 18-character ID in a cell four digits wide is five lines


def _wrapped(parts: list[Word], flat: list[Rule], id_ok: Callable[[str], bool]) -> bool:
    """Whether ``parts`` (stacked pieces, top to bottom) are one wrapped number (the rules of
    :func:`stitch_wrapped_numbers`)."""
    text = "".join(p.text for p in parts)
    if not text[:-1].isdigit():
        return False  # an X only as the last character
    full = {len(p.text) for p in parts[:-1]}
    if len(full) != 1 or len(parts[-1].text) > min(full):
        return False
    if id_ok(text):
        return True
    if len(parts[-1].text) == min(full) or parts[-1].text in ("X", "x"):
        return False
    gaps = [(b.top - a.bottom) / max(a.bottom - a.top, 1e-6)
            for a, b in itertools.pairwise(parts)]
    return all(g <= 0.4 for g in gaps) or (bool(flat) and _in_one_ruled_cell(parts, flat))


def _in_one_ruled_cell(parts: list[Word], flat: list[Rule]) -> bool:
    """A ruled cell box holds all of ``parts``: a horizontal rule spanning them above the
    first and one below the last, each within two lines, and none between them."""
    x0, x1 = min(p.x0 for p in parts), max(p.x1 for p in parts)
    h = max(p.bottom - p.top for p in parts)
    spans = [(r.y0 + r.y1) / 2 for r in flat
             if min(r.x0, r.x1) <= x0 + 0.2 * h and max(r.x0, r.x1) >= x1 - 0.2 * h]
    top, bottom = parts[0].top, parts[-1].bottom
    above = any(top - 2 * h <= y <= top for y in spans)
    below = any(bottom <= y <= bottom + 2 * h for y in spans)
    between = any(a.bottom - 0.1 * h < y < b.top + 0.1 * h
                  for a, b in itertools.pairwise(parts) for y in spans)
    return above and below and not between


def page_lines(page: PageText, lex: Lexicon) -> list[Line]:
    """The page's text lines without furniture (levelled first, like the tables, so a title
    or a person line of a tilted OCR page is one line). A number wrapped in its cell is one
    word (:func:`stitch_wrapped_numbers`)."""
    words = stitch_wrapped_numbers([w for w in page.words if not lex.is_furniture(w.text)],
                                   page.rules)
    levelled, _ = level_page(
        PageText(page.number, page.width, page.height, words, [], page.method, page.notes)
    )
    return group_lines(levelled.words)


def top_lines(page: PageText, lex: Lexicon, count: int) -> list[Line]:
    """``page_lines(page, lex)[:count]`` without grouping the whole of a long text page (a
    100,000-row sheet is one page): the words above the line ``3 x count`` lines down, found
    by the gaps between sorted word centres, are grouped alone. OCR pages (levelled as a
    whole) and short pages are grouped whole."""
    if page.method == "ocr" or len(page.words) < 2000:
        return page_lines(page, lex)[:count]
    h = statistics.median(w.height for w in page.words) or 1.0
    ys = sorted(w.yc for w in page.words)
    breaks, cut = 0, ys[-1]
    for a, b in itertools.pairwise(ys):
        if b - a > 0.45 * h:
            breaks += 1
            if breaks >= 3 * count:
                cut = a
                break
    part = PageText(page.number, page.width, page.height,
                    [w for w in page.words if w.yc <= cut], [], page.method, page.notes)
    return page_lines(part, lex)[:count]


KEY_FIELDS = ("ym", "period", "start", "year")


def side_by_side_blocks(header: Header) -> list[list[int]]:
    """Column index blocks of a table printed two or three records per line (Wuhan 记录月份 |
    缴费基数 | 缴费类型 ‖ the same again; Shanghai's 60 months in 3 x 20). One block (all
    columns) when the key column is not repeated with the same columns around it."""
    fields = [c.field for c in header.columns]
    whole = [list(range(len(fields)))]
    for key in KEY_FIELDS:
        at = [i for i, c in enumerate(header.columns) if c.field == key and c.group is None]
        if len(at) < 2:
            continue
        size = at[1] - at[0]
        lead = 0  # columns before the key that belong to the block (序号)
        while lead < at[0] and fields[at[0] - lead - 1] == fields[at[1] - lead - 1]:
            lead += 1
        start = at[0] - lead
        count = len(at)
        if start + count * size > len(fields):
            return whole
        blocks = [list(range(start + k * size, start + (k + 1) * size)) for k in range(count)]
        pattern = [fields[i] for i in blocks[0]]
        if all([fields[i] for i in b] == pattern for b in blocks):
            return blocks
        return whole
    return whole


def split_side_by_side(table: Table) -> list[Table]:
    """One table per record block; every row keeps its printed row number."""
    blocks = side_by_side_blocks(table.header)
    if len(blocks) == 1:
        return [table]
    out = []
    for block in blocks:
        h = table.header
        header = replace(h, columns=[h.columns[i] for i in block])
        rows = [
            RawRow(
                r.page,
                [r.cells[i] for i in block],
                r.top,
                r.bottom,
                r.total,
                r.confidence,
                r.row,
                r.year,
                [fix for fix in r.repaired if fix[0] in {h.columns[i].label for i in block}],
            )
            for r in table.rows
        ]
        out.append(Table(header, rows, table.lines_above))
    return out
