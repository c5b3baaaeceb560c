"""A booked-month column (做账期号 / 缴费期: YYYYMM, the month a payment was booked, most often
the month after the month paid for) never takes the month key from the month cells of a
header whose month labels the reader lost or did not understand (issue 15; 70341 read every
month, paid date and status a month late).

Unseen layouts drawn at random (:mod:`shebao.samples.unseen`, seeds used nowhere else) that
print such a column, read as text PDFs with the labels of their month columns damaged as an
OCR damages them: lost (no word over the 年 | 月 cells), or read as a box that is no label
(``年x月`` over the year cells, ``费款期`` over a month column printed after the booked one).
The months must come from the month cells, exactly as the truth has them, and the document
must say it read them by content.
"""

from __future__ import annotations

import random
from dataclasses import replace
from functools import cache

import pytest
from shebao.ingest.lexicon import Lexicon
from shebao.ingest.pipeline import extract_pages, read_pages
from shebao.ingest.profiles import profile, vocabulary
from shebao.ingest.statement import is_statement_key
from shebao.ingest.table import find_tables
from shebao.ingest.words import PageText
from shebao.samples.unseen import compose, generate_unseen

from .scoring import score

MONTH_ROLES = ("month", "year", "mon")
MONTH_FIELDS = ("ym", "year", "month_no")
SEEDS = range(93000, 96000)


@cache
def _seeds(split: bool, n: int = 3) -> tuple[int, ...]:
    """The first ``n`` seeds of :data:`SEEDS` whose layout prints a booked-month column: with
    the month in 年 | 月 columns (``split``), or in one column printed after the booked one
    (drawn with every booked column first, :data:`~shebao.samples.unseen.compose.BOOKED_FIRST`
    = 1, as :func:`_check` generates them)."""
    share, compose.BOOKED_FIRST = compose.BOOKED_FIRST, 1.0
    try:
        specs = ((seed, compose.draw_spec(random.Random(f"unseen:{seed}"), seed))
                 for seed in SEEDS)
        out = _chosen(specs, split, n)
    finally:
        compose.BOOKED_FIRST = share
    return tuple(out)


def _chosen(specs, split: bool, n: int) -> list[int]:
    out = []
    for seed, spec in specs:
        roles = [c.extra if c.role == "extra" else c.role for c in spec.columns]
        if spec.arrangement == "range" or "pay_month" not in roles:
            continue
        first = roles.index("pay_month") < min(
            i for i, r in enumerate(roles) if r in MONTH_ROLES)
        if (spec.month_style == "split") == split and (split or first):
            out.append(seed)
            if len(out) == n:
                break
    return out


def _damaged(pages: list[PageText], text: str | None) -> list[PageText]:
    """``pages`` with every word of their headers' month labels (年, 月, 年月 …) dropped, or
    the first one replaced by ``text`` and the rest dropped."""
    lex = Lexicon(vocabulary(), profile("generic"))
    out = []
    for page in pages:
        boxes = [(lb.x0 - 1, lb.top - 1, lb.x1 + 1, lb.bottom + 1)
                 for t in find_tables(page, lex, lambda h, c: is_statement_key(h, c, None))
                 for lb in t.header.labels
                 if lb.label and lb.label.kind == "field" and lb.label.name in MONTH_FIELDS]
        words, hit = [], set()
        for w in page.words:
            xc, yc = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
            box = next((b for b in boxes if b[0] <= xc <= b[2] and b[1] <= yc <= b[3]), None)
            if box is None:
                words.append(w)
            elif text is not None and box not in hit:
                words.append(replace(w, text=text))
            if box is not None:
                hit.add(box)
        assert hit == set(boxes)
        out.append(replace(page, words=words))
    return out


def _check(seed: int, text: str | None, tmp_path, monkeypatch) -> float:
    """Row F1 of the damaged sample (asserted exact here, every field and the notes too)."""
    monkeypatch.setattr(compose, "BOOKED_FIRST", 1.0)
    sample = generate_unseen(seed, tmp_path, months=12)
    pages = _damaged(read_pages(sample.path), text)
    found = extract_pages(pages, sample.truth.document.file, sample.truth.document.sha256)
    assert [c.month for c in found.contributions] == [c.month for c in sample.truth.contributions]
    s = score(found, sample.truth)
    assert s.f1 == 1.0 and s.errors == []
    notes = [w.message for w in found.warnings if w.code == "column_role_from_content"]
    assert notes, "the month key read by content is not named"
    booked = next(c.label for c in sample.spec.columns if c.extra == "pay_month")
    assert not any(f"“{booked}”一列的内容是年月" in m for m in notes)
    return s.f1


def test_the_seeds_print_what_they_are_chosen_for():
    assert len(_seeds(True)) == 3 and len(_seeds(False)) == 3


@pytest.mark.parametrize("text", [None, "年x月"])
@pytest.mark.parametrize("n", range(3))
def test_year_and_month_labels_damaged_beside_a_booked_month_column(n, text, tmp_path,
                                                                   monkeypatch):
    """年 | 月 columns whose labels were lost or read as one box that is no label: the year
    and month cells side by side are the month key (before: the booked months, a month
    late, were)."""
    assert _check(_seeds(True)[n], text, tmp_path, monkeypatch) == 1.0


@pytest.mark.parametrize("n", range(3))
def test_a_month_label_not_understood_after_a_booked_month_column(n, tmp_path, monkeypatch):
    """The month column's label read as no label (费款期), printed after the booked-month
    column: the column of months nobody labelled is the month key, not the first column of
    months (before: the booked one, a month late)."""
    assert _check(_seeds(False)[n], "费款期", tmp_path, monkeypatch) == 1.0
