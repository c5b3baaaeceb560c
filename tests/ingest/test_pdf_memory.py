"""A long text-layer PDF is read in bounded memory (issue 10, point 4; NOTES "Next" 2): the
reader keeps of each page only its words and its merged ruling lines, and lets go of
pdfplumber's page objects and of pdfminer's decoded content streams page by page. The
checks are structural (what is still alive after a page is read), not memory figures: those
are in ``bench/bench_linear.py --pages … --distinct`` and the notes."""

from __future__ import annotations

import dataclasses
import gc
import random

import pytest


def _alive(kind: type) -> list:
    return [o for o in gc.get_objects() if isinstance(o, kind)]


def test_reader_holds_no_page_objects_and_no_decoded_streams(tmp_path):
    import pdfplumber.page
    from pdfminer.pdftypes import PDFStream
    from shebao.ingest.pdf import PdfTextBackend
    from shebao.samples import generate

    sample = generate("L1", 3, tmp_path, months=200)  # several pages, each its own stream
    gc.collect()
    gc.disable()  # (pages must be let go by reference counts, not by a collection)
    try:
        seen = []
        for page in PdfTextBackend().pages(sample.path):
            seen.append(page.number)
            # the page being read at most: no list of every page, no filtered copy
            assert len(_alive(pdfplumber.page.Page)) <= 1, page.number
            # pdfminer's content parser is a cycle (it waits for the collector), but no
            # cache keeps a read page's decoded content streams (~80 KB each): the page
            # being read holds its own
            gc.collect()
            decoded = [s for s in _alive(PDFStream) if s.data is not None and len(s.data) > 20000]
            assert len(decoded) <= 1, (page.number, decoded)
            del decoded
        assert len(seen) >= 4
        assert _alive(pdfplumber.page.Page) == []
    finally:
        gc.enable()


PDF_LAYOUTS = ["L1", "L2", "L3-monthly", "L4", "L5", "generic", "shanghai-grid", "hubei-dual",
               "shenzhen-new", "L6-sheet-pdf", "paysheet-pdf", "insured-list-pdf"]


@pytest.mark.parametrize("layout", PDF_LAYOUTS)
def test_reading_merged_rules_gives_what_raw_rules_give(tmp_path, monkeypatch, layout):
    """The table reader merges a page's rules itself when they come raw: the records, warnings
    and tables of a text PDF are the same whichever way its rules arrive."""
    from shebao.ingest import pdf as pdf_module
    from shebao.ingest.pipeline import read_pages
    from shebao.samples import generate

    seed = random.Random(layout).randrange(1, 500)
    sample = generate(layout, seed, tmp_path)
    merged = read_pages(sample.path)
    assert all(p.rules_merged for p in merged)
    monkeypatch.setattr(pdf_module, "merge_rules", lambda rules: rules)
    raw = [dataclasses.replace(p, rules_merged=False) for p in read_pages(sample.path)]
    assert sum(len(p.rules) for p in raw) > sum(len(p.rules) for p in merged)
    assert read(merged, sample.path.name) == read(raw, sample.path.name)


def read(pages, name: str):
    """What ``analyse`` makes of the pages: the JSON and the tables, or its refusal."""
    from shebao.ingest.pipeline import analyse

    from shebao.errors import InputError

    try:
        a = analyse(pages, file=name, sha256="0" * 64)
    except InputError as exc:  # (a refusal must be the same too)
        return exc.code, exc.zh
    return a.extract.to_json_dict(), [(t.page, t.header.columns, [r.cells for r in t.rows])
                                      for t in a.tables]
