"""The committed demo set (``samples/demo``): every document against its committed truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shebao.ingest.pipeline import extract_file

from shebao.records import Extract

from .scoring import score

DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo"
TRUTHS = sorted((DEMO / "truth").glob("*.truth.json"))


def test_the_demo_set_is_committed():
    """The set is part of the repository: its absence is a failure, not a skip."""
    assert len(TRUTHS) >= 5, f"no demo truths under {DEMO}"


@pytest.mark.parametrize("truth_file", TRUTHS, ids=lambda p: p.name.split(".")[0])
def test_demo_document_is_read_exactly(truth_file):
    truth = Extract.from_json_dict(json.loads(truth_file.read_text("utf-8")))
    (path,) = [p for p in DEMO.rglob(truth.document.file) if "truth" not in p.parts]
    ex = extract_file(path)
    s = score(ex, truth)
    assert s.errors == []
    assert s.f1 == 1.0
