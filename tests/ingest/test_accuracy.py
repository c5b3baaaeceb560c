"""Accuracy of the reader on generated documents of every layout, against generator truth.

Issue 2 §4 quality bar: over at least 200 generated documents across all layouts, row F1 >=
0.995 and every field >= 0.99. Documents are generated into ``tmp_path`` at test time (seeds
1000+ are never used by the demo set), so the test reads documents it has never seen.
"""

from __future__ import annotations

import pytest
from shebao.ingest.pipeline import extract_file
from shebao.samples import LAYOUTS, generate

from .scoring import Score, score

DOCS_PER_LAYOUT = -(-200 // len(LAYOUTS))  # at least 200 documents in all
FIRST_SEED = 1000


@pytest.fixture(scope="module")
def corpus_scores(tmp_path_factory) -> dict[str, Score]:
    out = tmp_path_factory.mktemp("accuracy")
    scores: dict[str, Score] = {}
    for layout in LAYOUTS:
        total = Score()
        for seed in range(FIRST_SEED, FIRST_SEED + DOCS_PER_LAYOUT):
            sample = generate(layout, seed, out)
            total.add(score(extract_file(sample.path), sample.truth))
        scores[layout] = total
    return scores


def test_corpus_covers_every_layout_with_200_documents(corpus_scores):
    assert set(corpus_scores) == set(LAYOUTS)
    assert DOCS_PER_LAYOUT * len(LAYOUTS) >= 200


def test_row_f1_of_every_layout_is_at_least_0995(corpus_scores):
    report = {k: round(s.f1, 4) for k, s in corpus_scores.items()}
    bad = {k: (v, corpus_scores[k].errors[:5]) for k, v in report.items() if v < 0.995}
    assert not bad, bad
    overall = Score()
    for s in corpus_scores.values():
        overall.add(s)
    assert overall.f1 >= 0.995


def test_every_field_of_every_layout_is_at_least_099(corpus_scores):
    bad = {}
    for layout, s in corpus_scores.items():
        for name in s.fields:
            if s.accuracy(name) < 0.99:
                bad[f"{layout}:{name}"] = (round(s.accuracy(name), 4), s.errors[:5])
    assert not bad, bad
