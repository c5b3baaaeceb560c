"""End to end, one generated document per layout: the reader returns exactly the truth."""

from __future__ import annotations

import pytest
from shebao.ingest.pipeline import extract_file
from shebao.samples import LAYOUTS, generate

from .scoring import score

# The profile expected to read each generated layout (generic ones exercise the fallback).
EXPECTED_PROFILE = {
    "L1": "L1",
    "L2": "L2",
    "L3-total": "L3",
    "L3-monthly": "L3",
    "L4": "L4",
    "L5": "L5",
    "L5-henan": "L5-henan",
    "L6-xlsx": "L6",
    "L6-sheet-pdf": "L6",
    "L6-strips-pdf": "L6",
    "generic": "generic",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_is_read_exactly(layout, tmp_path):
    sample = generate(layout, 7, tmp_path)
    ex = extract_file(sample.path)
    assert ex.document.layout == EXPECTED_PROFILE.get(layout, ex.document.layout)
    s = score(ex, sample.truth)
    assert s.errors == []
    assert s.f1 == 1.0
    assert not [w for w in ex.warnings if w.code in ("ocr_needed", "total_mismatch")]


def test_a_ten_page_statement_stitches_every_page(tmp_path):
    sample = generate("L1", 3, tmp_path, months=355)
    ex = extract_file(sample.path)
    assert ex.document.pages >= 10
    s = score(ex, sample.truth)
    assert s.errors == [] and s.f1 == 1.0
