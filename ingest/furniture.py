"""Page furniture known by its geometry, not by its words.

Contract: :func:`without_furniture` takes a page's words (text layer or OCR, after the
vocabulary's furniture patterns such as page numbers were dropped) and returns them without
the words that are no part of any table or person block, whatever they say:

* **large type away from the title** - a word of four characters or more standing more than
  :data:`LARGE` times as tall as the page's words, below the top quarter of the page where
  titles sit: a horizontal watermark (仅供查询使用, an agency's or a bank's name across the
  page) or the words around a stamp;
* **repetition** - a text of four characters or more printed three times or more at three
  or more different x-positions and three or more heights, none of them a number, month or
  date: a tiled watermark. A table's own repeated words (an employer's name down its column,
  a status word) stand in one or two columns, so they stay.

Rotated and very light glyphs are dropped earlier, by the text-layer backend
(:mod:`shebao.ingest.pdf`) and the OCR's slant filter; a stamp's few tall letters by
:func:`shebao.ingest.table.ocr_without_marks`.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from shebao.ingest.normalize import is_number, parse_date, parse_month, squash
from shebao.ingest.words import Word

LARGE = 2.5  # in median word heights
TITLE_BAND = 0.25  # share of the page height from the top where a title may stand
MIN_TEXT = 4  # characters: shorter words are left to the table logic
MIN_REPEATS = 3


def _clusters(values: list[float], gap: float) -> int:
    count, last = 0, None
    for v in sorted(values):
        if last is None or v - last > gap:
            count += 1
        last = v
    return count


def without_furniture(words: list[Word], page_height: float) -> list[Word]:
    if len(words) < 10:
        return words
    h = statistics.median(w.height for w in words) or 1.0
    keep: list[Word] = []
    for w in words:
        text = squash(w.text)
        if (len(text) >= MIN_TEXT and w.height > LARGE * h
                and w.top > TITLE_BAND * page_height):
            continue
        keep.append(w)
    same: dict[str, list[Word]] = defaultdict(list)
    for w in keep:
        text = squash(w.text)
        if (len(text) >= MIN_TEXT and not is_number(text) and not parse_month(text)
                and not parse_date(text)):
            same[text].append(w)
    width = statistics.median((w.x1 - w.x0) for w in keep) if keep else 1.0
    tiled = {
        text for text, ws in same.items()
        if len(ws) >= MIN_REPEATS
        and _clusters([w.xc for w in ws], max(width, max(w.x1 - w.x0 for w in ws) / 2)) >= 3
        and _clusters([w.yc for w in ws], 2 * h) >= 3
    }
    if not tiled:
        return keep
    return [w for w in keep if squash(w.text) not in tiled]
