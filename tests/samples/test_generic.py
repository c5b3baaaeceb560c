"""The generic layout varies titles, labels, date formats and arrangements by seed."""

from __future__ import annotations

import pdfplumber
from shebao.samples import generate
from shebao.samples.layouts.generic import MONTH_LABELS, TITLES


def test_generic_documents_differ_in_title_labels_and_arrangement(tmp_path):
    titles, month_labels, kinds = set(), set(), set()
    for seed in range(8):
        sample = generate("generic", seed, tmp_path, months=14)
        with pdfplumber.open(sample.path) as pdf:
            text = pdf.pages[0].extract_text()
        first_line = text.splitlines()[0]
        titles.add(next(t for t in TITLES if t.format(city="").strip("（）") in
                        first_line.replace(sample.truth.person.insured_place, "").strip("（）")))
        month_labels.update(label for label in MONTH_LABELS if label in text)
        per_row = {}
        for c in sample.truth.contributions:
            per_row.setdefault((c.page, c.row), set()).add(c.insurance)
        kinds.add("wide" if max(len(v) for v in per_row.values()) > 1 else "long")
    assert len(titles) >= 3 and len(month_labels) >= 3 and kinds == {"wide", "long"}
