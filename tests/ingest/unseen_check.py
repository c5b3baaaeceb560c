"""Reading unseen layouts and judging the result: shared by ``test_unseen.py`` and
``bench/bench_unseen.py``.

Scoring is the one scorer of ``scoring.py`` (row F1, field accuracy). On top of it:

* a **refusal** is an :class:`~shebao.errors.InputError` on a generated document (every
  generated page is legible, so none is expected);
* a **wrong value** is a field of a matched record that the reader filled with something
  other than the truth (a value left empty is a gap, counted by the field accuracy, not
  here);
* a wrong value is **silent** when no warning of the document names a column it could come
  from: the column the truth puts the field in, or any column whose content could have been
  taken for it (any number column for an amount or base, any text column for a status,
  date or employer). A column is named when a warning's message holds its printed label
  (the whole stacked label or one of its levels of two characters or more). The issue's
  bar: for every document whose mapping is wrong, a warning names the column.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from shebao.ingest.pipeline import analyse_document, extract_file
from shebao.samples import profile_of
from shebao.samples.unseen import UnseenSample, generate_unseen, photograph_unseen

from shebao.errors import InputError
from shebao.records import Extract

from .scoring import CONTRIBUTION_FIELDS, Score, _keyed, _same, score

VALUE_FIELDS = tuple(f for f in CONTRIBUTION_FIELDS if f not in ("page", "row"))
NUMBER_ROLES = ("base", "emp", "pers", "emp_rate", "pers_rate", "count", "extra", "seq")
TEXT_ROLES = ("status", "employer", "code", "paid_on", "extra", "ins")
# columns a wrong value of a field may come from
SOURCES = {
    "base": NUMBER_ROLES,
    "employer_amount": NUMBER_ROLES,
    "personal_amount": NUMBER_ROLES,
    "status": TEXT_ROLES,
    "paid_on": TEXT_ROLES,
    "employer": TEXT_ROLES,
    "employer_code": TEXT_ROLES,
}


@dataclass
class Result:
    """One generated document read by the reader."""

    seed: int
    arrangement: str
    pages: int
    score: Score
    refused: str | None = None
    wrong: list[tuple[str, object, object, tuple]] = field(default_factory=list)
    silent: list[tuple[str, object, object, tuple]] = field(default_factory=list)
    seconds: float = 0.0
    found: Extract | None = None
    truth: Extract | None = None

    def person_misses(self) -> dict[str, tuple[object, object]]:
        """``field -> (truth, read)`` of the person fields read wrong or not at all."""
        if self.found is None or self.truth is None:
            return {}
        want, got = self.truth.person, self.found.person
        return {name: (getattr(want, name), getattr(got, name))
                for name in type(want).model_fields
                if getattr(want, name) != getattr(got, name)}


def column_names(sample: UnseenSample, roles: tuple[str, ...]) -> set[str]:
    names: set[str] = set()
    for c in sample.spec.columns:
        if c.role in roles:
            names.add(c.label)
            names.update(p for p in c.path if len(p) >= 2)
    return names


def wrong_values(found: Extract, truth: Extract) -> list[tuple[str, object, object, tuple]]:
    """``(field, truth value, value read, record key)`` of every wrong (not empty) value."""
    def key(c):
        return (c.month, c.insurance, c.employer_code or c.employer)

    t, f = _keyed(truth.contributions, key), _keyed(found.contributions, key)
    out = []
    for k in sorted(set(t) & set(f), key=str):
        for name in VALUE_FIELDS:
            want, got = getattr(t[k], name), getattr(f[k], name)
            if got is not None and not _same(want, got):
                out.append((name, want, got, k))
    return out


def judge(sample: UnseenSample, found: Extract, truth: Extract | None = None
          ) -> tuple[Score, list, list]:
    """Score, wrong values and silent wrong values of one document."""
    truth = truth or sample.truth
    wrong = wrong_values(found, truth)
    messages = [w.message for w in found.warnings]
    silent = []
    for item in wrong:
        names = column_names(sample, SOURCES[item[0]])
        if not any(n in m for n in names for m in messages):
            silent.append(item)
    return score(found, truth), wrong, silent


def read_text(seed: int, out: Path, **options) -> Result:
    """Generate the document of ``seed`` into ``out`` and read it as a text PDF."""
    sample = generate_unseen(seed, out, **options)
    start = time.perf_counter()
    try:
        found = extract_file(sample.path)
    except InputError as exc:
        return Result(seed, sample.spec.arrangement, sample.truth.document.pages,
                      _all_missing(sample.truth), refused=exc.en,
                      seconds=time.perf_counter() - start)
    seconds = time.perf_counter() - start
    s, wrong, silent = judge(sample, found)
    return Result(seed, sample.spec.arrangement, sample.truth.document.pages, s, None, wrong,
                  silent, seconds, found, sample.truth)


def read_photo(seed: int, out: Path, style: str = "phone", **options) -> Result:
    """Generate the document of ``seed``, photograph its pages and read them by OCR as one
    document."""
    sample = generate_unseen(seed, out, **options)
    images, _, truth = photograph_unseen(sample, out, style=style)
    start = time.perf_counter()
    try:  # one image is read alone (its truth has no ``files``), several as one document
        found = (extract_file(images[0], ocr=True) if len(images) == 1
                 else analyse_document(images, ocr=True).extract)
    except InputError as exc:
        return Result(seed, sample.spec.arrangement, len(images), _all_missing(truth),
                      refused=exc.en, seconds=time.perf_counter() - start)
    seconds = time.perf_counter() - start
    s, wrong, silent = judge(sample, found, truth)
    return Result(seed, sample.spec.arrangement, len(images), s, None, wrong, silent,
                  seconds, found, truth)


def _all_missing(truth: Extract) -> Score:
    """The score of a refused document: every true row and person field missing (the
    document block is the truth's: a refusal is counted apart)."""
    layout = profile_of(truth.document.layout)
    return score(Extract(document=truth.document.model_copy(update={"layout": layout})), truth)


def total(results: list[Result]) -> Score:
    out = Score()
    for r in results:
        out.add(r.score)
    return out
