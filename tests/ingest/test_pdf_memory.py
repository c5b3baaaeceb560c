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


def _extract(insured: bool):
    from shebao.records import (
        Annual,
        Contribution,
        Document,
        Extract,
        Insured,
        Payslip,
        Person,
        Warning,
    )

    ex = Extract(
        document=Document(file="工资\udcff.pdf", sha256="0" * 64, kind="statement", layout="L1",
                          method="text", pages=3, files=[{"file": "a.pdf", "sha256": "1" * 64,
                                                          "pages": [1, 3]}]),
        person=Person(name="张三", id_number="110101199003078888"),
        contributions=[Contribution(month=f"2024-{m:02d}", insurance="pension", base=5000.5 + m,
                                    personal_amount=400.04, status="paid", page=1, row=m,
                                    confidence=0.97, note="额外")
                       for m in range(1, 13)],
        annual=[Annual(year=2023, insurance="medical", months=12, page=2, row=1)],
        payslips=[Payslip(month="2024-06", gross_pay=6000.0, net_pay=5400.25,
                          earnings={"基本工资": 5000.0, "加班费": 1000.0}, page=3, row=1)],
        insured=[Insured(name="李四", start="2020-01", status="active", page=3, row=2)]
        if insured else [],
        warnings=[Warning(code="total_mismatch", message="第1页合计不符", page=1, row=4),
                  Warning(code="ocr_used", message="整页 OCR", page=2)],
    )
    ex.__pydantic_extra__["later_field"] = {"x": [1, 2.5, None]}  # a newer producer's field
    return ex


@pytest.mark.parametrize("insured", [True, False])
def test_json_written_record_by_record_is_the_json_text(insured):
    from shebao.ingest.cli import _json_pieces, _json_text

    from shebao.records import DumpedList

    ex = _extract(insured)
    data = ex.to_json_stream()
    assert isinstance(data["contributions"], DumpedList)
    assert all(not isinstance(v, dict) for v in list.__iter__(data["contributions"]))
    assert "".join(_json_pieces(data)) == _json_text(ex.to_json_dict()) + "\n"
    assert _json_text(ex.to_json_stream()) == _json_text(ex.to_json_dict())
    assert ("insured" in data) == insured


def test_extract_writes_the_json_without_dumping_the_whole_extract(tmp_path, monkeypatch):
    """``shebao extract -o`` does not make the whole document's JSON dict first (the records'
    dicts beside the records were a long statement's peak)."""
    from shebao.samples import generate

    from shebao.cli import main
    from shebao.records import Extract

    sample = generate("L1", 5, tmp_path)
    out = tmp_path / "out.json"
    assert main(["extract", "--no-ocr", str(sample.path), "-o", str(out)]) == 0
    expected = out.read_bytes()

    def whole(self):
        raise AssertionError("the whole JSON dict made at once")

    monkeypatch.setattr(Extract, "to_json_dict", whole)
    assert main(["extract", "--no-ocr", str(sample.path), "-o", str(out), "--force"]) == 0
    assert out.read_bytes() == expected
