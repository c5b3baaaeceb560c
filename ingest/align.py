"""Lining up a header with another printing of the same header, to put back a lost label.

Contract: :func:`lost_labels` ``(labels, top, template, template_top, page) -> Borrowing |
None`` compares the labels of one header band (as read) with those of a *template*: another
header of the same table printed elsewhere - the header every pay-slip strip (工资条) repeats,
or the header a statement repeats on each page. When the two line up, it returns the
template's labels that the header lacks, placed at the header's own position
(:class:`Borrowing`: ``labels`` to add, each with ``borrowed_from`` = the template's page;
``drop`` = indices of the header's labels that sit where a template label is but were not
understood - the same label misread). ``None`` when they do not line up or nothing is lost.

A person reading a strip whose 实发工资 label is smudged looks at the strip above: the same
labels at the same places, and 实发工资 above the number in question. The rule, in order:

1. labels are paired by meaning (field, group, insurance; the normalised text for labels not
   understood), keeping left-to-right order (longest common subsequence by x);
2. the pairs give the map ``x_header = scale * x_template + shift`` (least squares on label
   centres; a photo of another page may be scaled) and a vertical offset (median); pairs that
   miss the map by more than :data:`TOLERANCE` label heights are dropped and the map refitted;
3. the headers line up when at least :data:`MIN_PAIRS` pairs and :data:`MIN_SHARE` of the
   labels of each header remain, with a scale within :data:`SCALES`;
4. a template label without a partner is lost from the header when its mapped box overlaps no
   label of the header, or only labels the lexicon did not understand (then those are the
   misread label and are dropped). A mapped box over a different known label is a different
   table, not a lost label: it is not borrowed.

Whether a lost label's column holds anything in this table is checked by the caller (an empty
column is not worth a warning).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from shebao.ingest.lexicon import normalise_label

if TYPE_CHECKING:
    from shebao.ingest.table import HeaderLabel

MIN_PAIRS = 4
MIN_SHARE = 0.6
TOLERANCE = 0.6  # label heights
SCALES = (0.8, 1.25)


@dataclass
class Borrowing:
    labels: list[HeaderLabel]  # template labels mapped into the header's coordinates
    drop: list[int]  # indices of the header's labels replaced (misread)
    pairs: int  # labels the two headers share


def label_key(lb: HeaderLabel) -> tuple:
    """What a label means; the printed text for a label the lexicon does not know."""
    if lb.label is None:
        return ("text", normalise_label(lb.text))
    return (lb.label.kind, lb.label.name, lb.label.insurance)


def _lcs(a: list[tuple], b: list[tuple]) -> list[tuple[int, int]]:
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
            )
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _fit(pairs: list[tuple[int, int]], mine: list[HeaderLabel], theirs: list[HeaderLabel]):
    xs = [theirs[j].xc for _, j in pairs]
    ys = [mine[i].xc for i, _ in pairs]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    scale = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 1.0
    shift = my - scale * mx
    dy = statistics.median(mine[i].yc - theirs[j].yc * scale for i, j in pairs)
    return scale, shift, dy


def _overlaps(a: HeaderLabel, b: HeaderLabel) -> bool:
    x = min(a.x1, b.x1) - max(a.x0, b.x0)
    y = min(a.bottom, b.bottom) - max(a.top, b.top)
    return x > 0.3 * min(a.x1 - a.x0, b.x1 - b.x0) and y > 0


def lost_labels(
    labels: list[HeaderLabel], template: list[HeaderLabel], page: int
) -> Borrowing | None:
    """See the module contract. ``page``: the template's page (named in warnings)."""
    if len(labels) < MIN_PAIRS or len(template) < MIN_PAIRS:
        return None
    mine = sorted(labels, key=lambda lb: lb.xc)
    theirs = sorted(template, key=lambda lb: lb.xc)
    pairs = _lcs([label_key(lb) for lb in mine], [label_key(lb) for lb in theirs])
    h = statistics.median(lb.bottom - lb.top for lb in mine)

    def enough(ps: list[tuple[int, int]]) -> bool:
        return (
            len(ps) >= MIN_PAIRS
            and len(ps) >= MIN_SHARE * len(mine)
            and len(ps) >= MIN_SHARE * len(theirs)
        )

    if not enough(pairs):
        return None
    for _ in range(2):
        scale, shift, dy = _fit(pairs, mine, theirs)
        if not SCALES[0] <= scale <= SCALES[1]:
            return None
        pairs = [
            (i, j)
            for i, j in pairs
            if abs(scale * theirs[j].xc + shift - mine[i].xc) <= TOLERANCE * h
            and abs(scale * theirs[j].yc + dy - mine[i].yc) <= TOLERANCE * h
        ]
        if not enough(pairs):
            return None
    paired_mine = {i for i, _ in pairs}
    paired_theirs = {j for _, j in pairs}
    out: list[HeaderLabel] = []
    drop: set[int] = set()
    for j, lb in enumerate(theirs):
        if j in paired_theirs:
            continue
        placed = replace(
            lb,
            x0=scale * lb.x0 + shift,
            x1=scale * lb.x1 + shift,
            top=scale * lb.top + dy,
            bottom=scale * lb.bottom + dy,
            borrowed_from=lb.borrowed_from or page,
        )
        under = [i for i, m in enumerate(mine) if _overlaps(placed, m)]
        if any(label_key(mine[i]) == label_key(lb) for i in under):
            continue  # present, only out of order
        if any(i in paired_mine or mine[i].label is not None for i in under):
            continue  # something else is printed there: not the same table
        out.append(placed)
        drop.update(under)
    if not out:
        return None
    index = {id(lb): k for k, lb in enumerate(labels)}
    return Borrowing(out, sorted(index[id(mine[i])] for i in drop), len(pairs))
