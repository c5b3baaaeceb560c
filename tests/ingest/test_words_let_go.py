"""The words of a document's text pages are let go once its tables are read (issue 10; NOTES
"Next" 2): ``extract_file`` (the batch reader, ``shebao extract``) makes its records without
the pages' words alive, and the records are the same. A profile that finds tables but no
records gives way to the next one, which gets the words read again.

Structural checks only (what is alive when the records are made, what is read twice); the
memory figures are printed by ``bench/bench_long_statement.py`` (notes)."""

from __future__ import annotations

import json
import random

import pytest

from shebao.errors import InputError

LAYOUTS = ["L1", "L3-monthly", "L4", "generic", "shanghai-grid", "hubei-dual", "shenzhen-new",
           "L6-sheet-pdf", "paysheet-pdf", "insured-list-pdf"]


def _outcome(read):
    """The extract's JSON text, or the refusal (code, message)."""
    try:
        return json.dumps(read().to_json_dict(), ensure_ascii=False, sort_keys=True)
    except InputError as exc:
        return exc.code, exc.zh


def _words_when_records_are_made(monkeypatch) -> list[int]:
    """The words the document's pages hold each time records are made from its tables."""
    from shebao.ingest import pipeline

    seen: list[int] = []
    pages_of: list = []
    analyse = pipeline.analyse

    def watching_analyse(pages, *args, **kwargs):
        pages = list(pages)
        pages_of[:] = [pages]
        return analyse(pages, *args, **kwargs)

    def watching(name):
        fn = getattr(pipeline, name)

        def wrapped(*args, **kwargs):
            seen.append(sum(len(p.words) for p in pages_of[0]))
            return fn(*args, **kwargs)

        monkeypatch.setattr(pipeline, name, wrapped)

    monkeypatch.setattr(pipeline, "analyse", watching_analyse)
    for name in ("_read_statement", "_read_payslips", "read_insured"):
        watching(name)
    return seen


def test_records_are_made_without_the_words_and_are_the_same(tmp_path, monkeypatch):
    """A generated 20-page statement (unseen layout) and layouts of every kind: extract_file
    lets the text pages' words go before the records are made, and its JSON is byte for byte
    that of a reading that keeps them (``analyse_file``, as inspect and the desk read)."""
    from shebao.ingest.pipeline import analyse_file, extract_file
    from shebao.samples import generate
    from shebao.samples.unseen import generate_unseen

    rng = random.Random(20261207)
    long = generate_unseen(rng.randrange(1, 10**6), tmp_path, months=240).path
    paths = [long] + [generate(layout, rng.randrange(1, 500), tmp_path).path
                      for layout in LAYOUTS]
    seen = _words_when_records_are_made(monkeypatch)
    for path in paths:
        seen.clear()
        kept = _outcome(lambda path=path: analyse_file(path).extract)
        assert seen and all(n > 0 for n in seen), path  # (analyse_file keeps them)
        seen.clear()
        let_go = _outcome(lambda path=path: extract_file(path))
        assert let_go == kept, path
        assert seen == [0], path  # no word alive while the records are made
    assert json.loads(_outcome(lambda: extract_file(long)))["document"]["pages"] >= 3


def test_a_profile_without_records_gives_way_with_the_words_read_again(tmp_path, monkeypatch):
    """The first profile whose tables yield no records (forced here) lets the next try the
    pages: their words are read again for it, and the result is that of a reading that kept
    them."""
    from shebao.ingest import pipeline
    from shebao.samples import generate

    path = generate("L1", 7, tmp_path, months=120).path
    statement = pipeline._read_statement
    calls: list[str] = []

    def first_yields_nothing(ex, pages, tables, p, *args):
        calls.append(p.id)
        if len(calls) > 1:
            statement(ex, pages, tables, p, *args)

    monkeypatch.setattr(pipeline, "_read_statement", first_yields_nothing)
    read = pipeline.read_pages
    reads: list[bool] = []

    def counted(path, ocr=False, refuse_blank=True):
        reads.append(ocr)
        return read(path, ocr, refuse_blank)

    monkeypatch.setattr(pipeline, "read_pages", counted)
    kept = _outcome(lambda: pipeline.analyse_file(path).extract)
    assert len(reads) == 1
    calls.clear()
    reads.clear()
    let_go = _outcome(lambda: pipeline.extract_file(path))
    assert let_go == kept
    assert len(reads) == 2 and reads[1] is False  # read again, its text layer only
    assert calls and len(calls) >= 1


@pytest.mark.parametrize("keep", [True, False])
def test_analysis_pages_keep_their_words_unless_asked(tmp_path, keep):
    from shebao.ingest.pipeline import analyse_file
    from shebao.samples import generate

    path = generate("L1", 3, tmp_path, months=60).path
    analysis = analyse_file(path, keep_words=keep)
    words = sum(len(p.words) for p in analysis.pages)
    assert (words > 100) if keep else (words == 0)
    assert [p.number for p in analysis.pages] == list(range(1, len(analysis.pages) + 1))
