"""The reader on statement layouts it has never seen (issue 15, item 10 and its quality bar).

Documents are composed at test time by :mod:`shebao.samples.unseen` (no profile, no reader
vocabulary; seeds never used elsewhere), read as text PDFs and as phone photos, and scored with
the one scorer (``scoring.py``) plus the checks of ``unseen_check.py`` (refusals, wrong values
with no warning naming their column).

The issue's bar: text PDFs row F1 >= 0.99 and every field >= 0.99; photos row F1 >= 0.95 and
fields >= 0.97, no refusal of a legible page; every wrong mapping named by a warning. Where
main meets the bar the test asserts the bar. Where it does not yet, the figure main reached
when this test was written is pinned as a floor (a ratchet: it may only rise) beside the
issue's target; raise the floor as the reader improves and replace it by the target when
reached; once the bar is met, a ratchet (``TEXT_MEASURED``) holds what is measured. Seeds that
exercise one mechanism each are read exactly (``test_unseen_layout_is_read_exactly``).
``docs/unseen-failures.md`` explains each shortfall.
"""

from __future__ import annotations

import pytest
from shebao.ingest.pipeline import extract_file
from shebao.samples.unseen import generate_unseen

from .scoring import score
from .unseen_check import read_photo, read_text, total

TEXT_SEEDS = range(5000, 5060)  # 60 documents
PHOTO_SEEDS = (6000, 6004, 6007, 6010)  # one of each arrangement
PHOTO_MONTHS = 6  # one or two pages each: OCR is slow

TEXT_BAR = 0.99
PHOTO_ROW_BAR, PHOTO_FIELD_BAR = 0.95, 0.97
# field -> floor while below the bar (TEXT_BAR): none now. Measured 2026-12-07 on the
# text branch: row F1 and every field 1.000, no refusal, no silent wrong value (before the
# reader's unseen-layout work: row F1 0.70, person fields 0.40-0.70, 3 refusals, 16 documents
# with silent wrong values; after it: row F1 0.9845, base 0.9824, person fields 0.9667, two
# refusals - docs/unseen-failures.md). A floor comes back only with a reason beside it.
TEXT_FLOORS: dict[str, float] = {}
# above the bar, a ratchet on what is measured (1.000 for row F1 and every field): a document
# read wrong or a column lost anywhere in the 60 moves a figure below it
TEXT_MEASURED = 0.998
TEXT_MAX_REFUSED = 0  # the bar: no refusal of a legible page
TEXT_MAX_SILENT_DOCS = 0  # the bar: every wrong value named by a warning


@pytest.fixture(scope="module")
def text_results(tmp_path_factory):
    out = tmp_path_factory.mktemp("unseen-text")
    return [read_text(seed, out) for seed in TEXT_SEEDS]


def test_text_row_f1(text_results):
    f1 = total(text_results).f1
    floor = TEXT_FLOORS.get("row_f1", max(TEXT_BAR, TEXT_MEASURED))
    assert f1 >= floor, (round(f1, 4), [e for r in text_results for e in r.score.errors][:10])


def test_text_every_field(text_results):
    score = total(text_results)
    below = {}
    for name in score.fields:
        floor = TEXT_FLOORS.get(name, max(TEXT_BAR, TEXT_MEASURED))
        if score.accuracy(name) < floor:
            below[name] = (round(score.accuracy(name), 4), floor)
    assert not below, below


def test_text_floors_are_not_above_the_bar_and_name_real_fields(text_results):
    """A floor is a shortfall: once a field reaches the bar its floor must go."""
    score = total(text_results)
    for name, floor in TEXT_FLOORS.items():
        assert floor < TEXT_BAR
        assert name == "row_f1" or name in score.fields, name


def test_text_refusals(text_results):
    refused = {r.seed: r.refused for r in text_results if r.refused}
    assert len(refused) <= TEXT_MAX_REFUSED, refused


def test_text_wrong_values_are_named_by_a_warning(text_results):
    silent = {r.seed: r.silent[:3] for r in text_results if r.silent}
    assert len(silent) <= TEXT_MAX_SILENT_DOCS, silent


# exact seeds, one per mechanism ------------------------------------------------------------
# Each seed exercises one mechanism and must stay exact: stacked headers over rates and
# amounts (1, 54), 未参保 rows of "/" (4, 10), labels wrapped over header lines (23), range
# totals in a 险种 column table (74), a three-level header with a group line in its own row
# (194), an employer code table printed apart (104). From the benchmark's seeds, each the one
# document of 200 the reader still got wrong: two labels known alone that are one label
# wrapped in its cell (单位缴费 / 比例 beside 单位缴费 / 额: the employer amounts were lost to
# an empty column, 20098); a short group label centred over three wide sub-labels (养老 over
# 缴费基数 | 单位 | 个人缴纳: 单位 was joined to it, the group's base and personal amounts
# lost, 20145); an 8-digit code in a code table after the statement (60800831 read as the
# date 6080-08-31: four extra months, 20150). And the classes of the session-4 benchmark,
# read exactly since: the period split over 缴费开始年月 | 缴费终止年月 with range totals (was
# the one silent wrong document, 20128), split under a one-insurance title (was refused,
# 20037), a three-level header 医疗保险 over 单位缴纳 over 比例 | 金额 (was refused, 20052).
# From a third set (60000-60199), the two documents not read exactly: a data row's code beside
# a 征收机构 name (大兴区税务局) taken for the code table's employer name (60073), an ID whose
# check character X wrapped alone onto the next line of its grid cell (60066).
# From a fourth set (80000-80199, session 6): the one document not read exactly was the
# generator's fault (80086): a narrow table gave the person form value cells one character
# wide (the name printed one character per line) and the first page, planned for a short top
# matter, ran five rows past the paper's edge while the truth held them.
EXACT_SEEDS = (1, 4, 10, 23, 54, 74, 104, 194, 20037, 20052, 20098, 20128, 20145, 20150,
               60066, 60073, 80086)


@pytest.mark.parametrize("seed", EXACT_SEEDS)
def test_unseen_layout_is_read_exactly(seed, tmp_path):
    sample = generate_unseen(seed, tmp_path)
    ex = extract_file(sample.path)
    s = score(ex, sample.truth)
    assert s.errors == []
    assert s.f1 == 1.0


# photos --------------------------------------------------------------------------------------
# One document of each arrangement. When this test was written (2026-12-07) main measured row
# F1 0.597 here (the wide page 6004 refused, the base of 6000 and 6007 unread); on 2026-12-07
# (photo branch, issue 15) all four read whole: row F1 1.0, every field 1.0, no refusal. The
# issue's bar is asserted (floors would go here, under the bar, if a seed fell short again).
PHOTO_FLOORS: dict[str, float] = {}
PHOTO_MAX_REFUSED = 0


@pytest.fixture(scope="module")
def photo_results(tmp_path_factory):
    out = tmp_path_factory.mktemp("unseen-photo")
    return [read_photo(seed, out, months=PHOTO_MONTHS) for seed in PHOTO_SEEDS]


@pytest.mark.slow
def test_photo_row_f1_fields_and_refusals(photo_results):
    """Photos: row F1, refusals, and every contribution and document field at the issue's
    bar (person fields, four values each here, are held per field by the text test)."""
    score = total(photo_results)
    refused = {r.seed: r.refused for r in photo_results if r.refused}
    assert len(refused) <= PHOTO_MAX_REFUSED, refused
    assert score.f1 >= PHOTO_FLOORS.get("row_f1", PHOTO_ROW_BAR), (
        round(score.f1, 4), [e for r in photo_results for e in r.score.errors][:10])
    below = {n: round(score.accuracy(n), 4) for n in score.fields
             if n.startswith(("contribution.", "document."))
             and score.accuracy(n) < PHOTO_FLOORS.get(n, PHOTO_FIELD_BAR)}
    assert not below, below
    assert all(floor < PHOTO_ROW_BAR for floor in PHOTO_FLOORS.values())
