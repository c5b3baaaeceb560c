"""Text lines of a slightly tilted OCR page, levelled before the table is read.

Contract: :func:`text_slope` ``(words) -> float`` measures the slope (dy/dx, y down) of the
page's text lines from the words themselves; :func:`level_page` ``(page) -> (page, Level)``
returns the page sheared so that those lines are horizontal, with the :class:`Level` that did
it (``Level.to_page`` maps a point back to the page's own coordinates, for drawing the grid on
the page image). A page whose lines drift less than :data:`MIN_DRIFT` line heights across the
text, and every page with a text layer, is returned unchanged (``Level(0.0, 0.0)``).

Why: the OCR path straightens a page by the slope of its detected boxes, but a residual tilt
of half a degree is left on some scans (measured on the recorded L6 strip scans: 0.4°, 0.7°
and 2.1° on pages 2-4). Across a 2,000 px table row that is more than a line height, so a row
read left to right drifts into the next text line: its name and its net pay land on two lines
and neither is a pay-slip row. A person reads along the printed line, not along the pixel
row; so does the table reader once the page is levelled.

How the slope is measured: each word is linked to its nearest right neighbour on about the
same line (gap under eight line heights, centres within half a line height, similar height);
chains of linked words spanning at least five line heights are fitted by least squares, and
the slope is the median of the chains' slopes weighted by their span. Columns of a table line
up words across the whole row, so the chains are long and the estimate is robust to a few
words read with jittery boxes. Fewer than :data:`MIN_CHAINS` chains: no evidence, no change.
The words levelled by that estimate are measured again, and the slopes added (:data:`PASSES`).

The shear ``y' = y - slope * (x - x_ref)`` keeps x (so column intervals are the page's own)
and, for the small angles left after the OCR's own deskew, moves no word by more than a few
line heights; ruling lines are sheared at their midpoint (horizontal) or ends (vertical).

Columns can lean too: a photo whose sheet was a parallelogram (or whose residual tilt the row
levelling took out as a shear) keeps its rows level while each column drifts sideways row by
row (70385: 4 px a row, so the header's cuts split lower rows' cells, ``81803319`` →
``8180331 | 9``). :func:`column_slope` measures that drift (dx/dy) from the levelled words the
same way, transposed, on the figures (numbers, months, dates: a table's values; labels wrap
and vary in width): each figure is linked to the nearest figure below it in its column (the
x-intervals overlap, at most :data:`MAX_ROW_GAP` line heights lower); chains of at least
:data:`MIN_ROWS` words spanning :data:`MIN_ROW_SPAN` line heights are fitted by their left
edges, centres or right edges (whichever lines up best: columns are printed left-, centre- or
right-aligned; a chain whose best edge strays more than :data:`MAX_RESIDUAL` line heights
from its line is no column), and the slope is the span-weighted median. When the drift
across the text reaches :data:`MIN_COLUMN_DRIFT` line heights, the levelled page is sheared
again, ``x' = x - shear * (y' - y_ref)``, so every column stands upright under its label.
:class:`Level` maps both shears back (``to_page``, ``box_to_page``: a second look at a cell
crops the page image where the cell really is) and forward (``from_page``).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from shebao.ingest.words import PageText, Rule, Word

MIN_DRIFT = 0.3  # line heights across the text; below this lines group fine as they are
MIN_CHAINS = 3  # chains of words needed to trust a slope
MAX_GAP = 8.0  # line heights between neighbouring words of one line (table columns are wide)
PASSES = 3  # measure, level, measure the rest
MIN_SPAN = 5.0  # line heights a chain must span to be fitted
MIN_COLUMN_DRIFT = 1.0  # line heights across the text's height: columns drifting less stay
FIGURE = re.compile(r"[-+]?[\d.,:/%年月日-]*\d[\d.,:/%年月日-]*")  # a value, not a label
MAX_ROW_GAP = 4.0  # line heights between a word and the next one down its column
MIN_ROWS = 3  # figures in a column chain
MIN_ROW_SPAN = 3.0  # line heights a column chain must span to be fitted
MAX_RESIDUAL = 0.15  # line heights: a chain whose edge wanders more is no printed column


@dataclass(frozen=True)
class Level:
    """The shears applied to a page (identity when both are 0): rows levelled first,
    ``y' = y - slope * (x - x_ref)``, then columns stood upright,
    ``x' = x - shear * (y' - y_ref)``."""

    slope: float = 0.0
    x_ref: float = 0.0
    shear: float = 0.0
    y_ref: float = 0.0

    def y(self, x: float, y: float) -> float:
        """Levelled y of page point (x, y)."""
        return y - self.slope * (x - self.x_ref)

    def from_page(self, x: float, y: float) -> tuple[float, float]:
        """Levelled (x, y) of page point (x, y)."""
        y1 = y - self.slope * (x - self.x_ref)
        return x - self.shear * (y1 - self.y_ref), y1

    def x_to_page(self, x: float, y: float) -> float:
        """Page x of levelled point (x, y)."""
        return x + self.shear * (y - self.y_ref)

    def to_page(self, x: float, y: float) -> float:
        """Page y of levelled point (x, y)."""
        return y + self.slope * (self.x_to_page(x, y) - self.x_ref)

    def box_to_page(self, box: tuple[float, float, float, float]
                    ) -> tuple[float, float, float, float]:
        """A levelled box ``(x0, top, x1, bottom)`` moved to where its centre lies on the
        page (same size: the shears are small)."""
        x0, top, x1, bottom = box
        xc, yc = (x0 + x1) / 2, (top + bottom) / 2
        dx = self.x_to_page(xc, yc) - xc
        dy = self.to_page(xc, yc) - yc
        return x0 + dx, top + dy, x1 + dx, bottom + dy


def _linked(ws: list[Word], step: Callable[[Word, Word], float | None],
            gone: Callable[[Word, Word], bool],
            off: Callable[[Word, Word], float]) -> list[list[Word]]:
    """Chains of words in the order ``ws`` is sorted in: each word linked to the later word
    nearest by ``step`` (None: not a link; the scan stops once ``gone``), each word keeping
    one incoming link, the one least ``off`` its line; then followed from each chain's start.
    Rows (:func:`_chains`, along a line) and columns (:func:`_column_chains`, down a page)."""
    nxt: dict[int, int] = {}
    for i, a in enumerate(ws):
        best: tuple[float, int] | None = None
        for j in range(i + 1, len(ws)):
            b = ws[j]
            if gone(a, b):
                break
            if not 0.7 <= b.height / max(a.height, 1e-6) <= 1.4:
                continue
            d = step(a, b)
            if d is not None and (best is None or d < best[0]):
                best = (d, j)
        if best is not None:
            nxt[i] = best[1]
    incoming: dict[int, int] = {}
    for i, j in nxt.items():
        k = incoming.get(j)
        if k is None or off(ws[i], ws[j]) < off(ws[k], ws[j]):
            incoming[j] = i
    nxt = {i: j for j, i in incoming.items()}
    chains = []
    for start in (i for i in nxt if i not in incoming):
        chain = [start]
        while chain[-1] in nxt:
            chain.append(nxt[chain[-1]])
        chains.append([ws[k] for k in chain])
    return chains


def _chains(words: list[Word], h: float) -> list[list[Word]]:
    def step(a: Word, b: Word) -> float | None:
        if b.x0 < a.x1 - 0.2 * h or abs(b.yc - a.yc) > 0.5 * h:
            return None
        return (b.x0 - a.x1) + 2 * abs(b.yc - a.yc)

    return _linked(sorted(words, key=lambda w: w.x0), step,
                   lambda a, b: b.x0 - a.x1 > MAX_GAP * h,
                   lambda a, b: abs(a.yc - b.yc))  # (the word most nearly on its line)


def _span_median(fits: list[tuple[float, float]]) -> float:
    """The span-weighted median of ``(slope, span)`` fits; 0 with fewer than
    :data:`MIN_CHAINS` of them (too little to tell a slope)."""
    if len(fits) < MIN_CHAINS:
        return 0.0
    fits = sorted(fits)
    half = sum(span for _, span in fits) / 2
    acc = 0.0
    for slope, span in fits:
        acc += span
        if acc >= half:
            return slope
    return 0.0  # pragma: no cover - the loop always reaches half


def text_slope(words: list[Word]) -> float:
    """Slope dy/dx (y down) of the text lines, 0.0 without enough evidence. Measured again on
    the words levelled by the first estimate (:data:`PASSES` times): at a degree or two a
    wide gap between table columns shifts the next word by half a line and chains break;
    once nearly level they run the whole row."""
    total = 0.0
    for _ in range(PASSES):
        slope = _slope_once(words)
        if slope == 0.0:
            break
        total += slope
        words = [Word(w.text, w.x0, w.top - slope * w.xc, w.x1, w.bottom - slope * w.xc,
                      w.confidence) for w in words]
    return total


def _slope_once(words: list[Word]) -> float:
    if len(words) < 2 * MIN_CHAINS:
        return 0.0
    h = statistics.median(w.height for w in words) or 1.0
    fits: list[tuple[float, float]] = []
    for chain in _chains(words, h):
        xs = [w.xc for w in chain]
        span = xs[-1] - xs[0]
        if len(chain) < 3 or span < MIN_SPAN * h:
            continue
        ys = [w.yc for w in chain]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        fits.append((sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx, span))
    return _span_median(fits)


def _column_chains(words: list[Word], h: float) -> list[list[Word]]:
    def step(a: Word, b: Word) -> float | None:
        if b.yc - a.yc < 0.6 * h:
            return None
        overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
        if overlap < 0.5 * min(a.x1 - a.x0, b.x1 - b.x0):
            return None
        return (b.yc - a.yc) + 2 * abs(b.xc - a.xc)

    return _linked(sorted(words, key=lambda w: w.yc), step,
                   lambda a, b: b.yc - a.yc > MAX_ROW_GAP * h,
                   lambda a, b: abs(a.xc - b.xc))


def _fit(ys: list[float], xs: list[float]) -> tuple[float, float]:
    """Least-squares slope dx/dy and the mean squared residual."""
    my, mx = statistics.fmean(ys), statistics.fmean(xs)
    syy = sum((y - my) ** 2 for y in ys)
    k = sum((y - my) * (x - mx) for x, y in zip(xs, ys, strict=True)) / syy
    res = statistics.fmean((x - mx - k * (y - my)) ** 2 for x, y in zip(xs, ys, strict=True))
    return k, res


def column_slope(words: list[Word]) -> float:
    """Drift dx/dy (y down) of the text's columns, 0.0 without enough evidence (see the
    module contract)."""
    if len(words) < 2 * MIN_CHAINS:
        return 0.0
    h = statistics.median(w.height for w in words) or 1.0
    figures = [w for w in words if FIGURE.fullmatch(w.text.strip())]
    fits: list[tuple[float, float]] = []
    for chain in _column_chains(figures, h):
        ys = [w.yc for w in chain]
        span = ys[-1] - ys[0]
        if len(chain) < MIN_ROWS or span < MIN_ROW_SPAN * h:
            continue
        best = min((_fit(ys, [getattr(w, edge) for w in chain])
                    for edge in ("x0", "xc", "x1")), key=lambda f: f[1])
        if best[1] <= (MAX_RESIDUAL * h) ** 2:
            fits.append((best[0], span))
    return _span_median(fits)


def level_page(page: PageText) -> tuple[PageText, Level]:
    """The page with its text lines levelled and its columns stood upright (see the module
    contract)."""
    if page.method != "ocr" or not page.words:
        return page, Level()
    slope = text_slope(page.words)
    h = statistics.median(w.height for w in page.words) or 1.0
    x0 = min(w.x0 for w in page.words)
    x1 = max(w.x1 for w in page.words)
    if abs(slope) * (x1 - x0) < MIN_DRIFT * h:
        slope = 0.0
    rows = Level(slope, page.width / 2)
    level = [Word(w.text, w.x0, w.top + rows.y(w.xc, w.yc) - w.yc, w.x1,
                  w.bottom + rows.y(w.xc, w.yc) - w.yc, w.confidence) for w in page.words]
    shear = column_slope(level)
    top = min(w.top for w in level)
    bottom = max(w.bottom for w in level)
    if abs(shear) * (bottom - top) < MIN_COLUMN_DRIFT * h:
        shear = 0.0
    if slope == 0.0 and shear == 0.0:
        return page, Level()
    lv = Level(slope, page.width / 2, shear, page.height / 2)
    words = []
    for w in page.words:
        xc, yc = lv.from_page(w.xc, w.yc)
        words.append(Word(w.text, w.x0 + xc - w.xc, w.top + yc - w.yc, w.x1 + xc - w.xc,
                          w.bottom + yc - w.yc, w.confidence))
    rules = []
    for r in page.rules:
        if r.horizontal:
            xm, y = lv.from_page((r.x0 + r.x1) / 2, r.y0)
            d = xm - (r.x0 + r.x1) / 2
            rules.append(Rule(r.x0 + d, y, r.x1 + d, y))
        else:
            a, b = lv.from_page(r.x0, r.y0), lv.from_page(r.x1, r.y1)
            rules.append(Rule(a[0], a[1], b[0], b[1]))
    levelled = PageText(page.number, page.width, page.height, words, rules, page.method,
                        page.notes, rules_merged=page.rules_merged)
    return levelled, lv
