"""The quicker paths of reading (issue 10, a 100,000-row pay sheet within a minute) give the
answers of the paths they replaced: columns found by bisection, the furniture patterns as one
search, a grid's shared coordinates, the collector paused only while pages are analysed."""

from __future__ import annotations

import gc
import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from shebao.ingest import pipeline
from shebao.ingest.lexicon import Lexicon, _one_search
from shebao.ingest.profiles import profile, vocabulary
from shebao.ingest.sheets import grid_page
from shebao.ingest.table import Column, Line, _cut_line
from shebao.ingest.words import Word


def _old_cut(line: Line, columns: list[Column]) -> tuple[list[str], list[str]]:
    """The first column holding each word's centre, searched in order (as before); words
    are not split here (the tests' words lie inside one column or outside all)."""
    cells: list[list[str]] = [[] for _ in columns]
    outside: list[str] = []
    for w in line.words:
        for i, c in enumerate(columns):
            if c.x0 <= w.xc < c.x1:
                cells[i].append(w.text)
                break
        else:
            outside.append(w.text)
    return ["".join(ws) for ws in cells], outside


_edges = st.lists(st.integers(0, 60), min_size=2, max_size=12)


@settings(max_examples=400, deadline=None)
@given(_edges, st.lists(st.tuples(st.integers(-5, 65), st.integers(0, 3)), max_size=12),
       st.booleans())
def test_columns_found_by_bisection_are_those_found_in_order(edges, spots, overlap):
    xs = sorted(edges)
    spans = list(itertools.pairwise(xs))
    if overlap:  # overlapping or inverted columns: searched in order, as before
        spans = [(a, b + 7) for a, b in spans] + [(40, 10)]
    columns = [Column("unknown", "", None, float(a), float(b)) for a, b in spans]
    # one-character words (never split), centred at x + 0.5 * k
    words = [Word("字", x + 0.5 * k - 0.25, 0, x + 0.5 * k + 0.25, 10) for x, k in spots]
    texts, _, outside = _cut_line(Line(words), columns)
    old_texts, old_outside = _old_cut(Line(words), columns)
    assert texts == old_texts
    assert [w.text for w in outside] == old_outside


def test_furniture_as_one_search_answers_as_each_pattern():
    lex = Lexicon(vocabulary(), profile("generic"))
    assert lex._furniture_any is not None
    for text in ["第 3 页", "共12页", "（共 3 页）", "单位：元", "计算单位:元", "页码：2",
                 "本文件由全国社保卡服务平台提供", "第三页", "3页", "单位：元整", "养老保险",
                 "1234.00", " 第1页 ", "页码"]:
        assert lex.is_furniture(text) == any(p.search(text.strip()) for p in lex.furniture)


def test_patterns_that_a_join_could_change_are_searched_one_by_one():
    assert _one_search([re.compile(r"(\d)\1"), re.compile("页")]) is None
    assert _one_search([re.compile(r"(?P<n>\d)(?P=n)")]) is None
    assert _one_search([re.compile(r"(?i)abc"), re.compile("页")]) is None
    assert _one_search([re.compile("abc", re.I)]) is None
    assert _one_search([]) is None
    joined = _one_search([re.compile("^第"), re.compile("页$")])
    assert joined is not None and joined.search("共3页") and not joined.search("次第")


def test_grid_words_share_their_column_and_row_coordinates():
    cells = {(r, c): f"{r}-{c}" for r in range(3) for c in range(4)}
    page = grid_page(1, cells, {(0, 0): (1, 2)})
    at = {w.text: w for w in page.words}
    # the values are those of the cell geometry (column c spans 100c .. 100(c+1), row r
    # 20r .. 20(r+1), text 2 in from the sides and 0.3 row high around the centre)
    assert (at["1-2"].x0, at["1-2"].x1, at["1-2"].top, at["1-2"].bottom) == (202, 298, 24, 36)
    assert (at["0-0"].x0, at["0-0"].x1) == (2, 198)  # merged over two columns
    assert at["1-2"].x0 is at["2-2"].x0 and at["1-2"].x1 is at["2-2"].x1
    assert at["1-1"].top is at["1-3"].top and at["1-1"].bottom is at["1-3"].bottom


def test_collector_runs_while_pages_are_read_and_is_paused_while_they_are_analysed(
        tmp_path, monkeypatch):
    seen: dict[str, bool] = {}
    read, analyse = pipeline.read_pages, pipeline.analyse

    def reading(*args, **kwargs):
        seen["read"] = gc.isenabled()
        return read(*args, **kwargs)

    def analysing(*args, **kwargs):
        seen["analyse"] = gc.isenabled()
        return analyse(*args, **kwargs)

    monkeypatch.setattr(pipeline, "read_pages", reading)
    monkeypatch.setattr(pipeline, "analyse", analysing)
    sheet = tmp_path / "pay.csv"
    sheet.write_text("2025年6月工资表\n工号,姓名,应发工资,实发工资\nA1,张三,5000.00,4500.00\n"
                     "A2,李四,6000.00,5400.00\n", encoding="utf-8")
    assert gc.isenabled()
    slips = pipeline.analyse_file(sheet).extract.payslips
    assert [s.net_pay for s in slips] == [4500.0, 5400.0]
    assert seen == {"read": True, "analyse": False}
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that had paused it finds it paused
        pipeline.analyse_file(sheet)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_text_layer_page_shares_repeated_coordinates_and_keeps_their_values(tmp_path):
    import pdfplumber
    from shebao.ingest.pdf import PdfTextBackend, _rules
    from shebao.ingest.table import merge_rules
    from shebao.samples import generate

    sample = generate("L1", 11, tmp_path, months=12)
    page = next(PdfTextBackend().pages(sample.path))
    with pdfplumber.open(sample.path) as pdf:  # each value its own float, as before
        raw = _rules(pdf.pages[0], lambda v: v)
    # merged as read (test_pdf_memory.py): the thousands of cell-border pieces are not kept
    assert page.rules_merged and page.rules == merge_rules(raw)
    assert len(page.rules) * 10 < len(raw)
    objects: dict[float, int] = {}  # one float object per value the words repeat
    for v in (v for w in page.words for v in (w.x0, w.top, w.x1, w.bottom)):
        if v:
            assert objects.setdefault(v, id(v)) == id(v)
    assert len(objects) < len(page.words)


def test_json_written_in_pieces_is_the_json_text(tmp_path):
    from shebao.ingest.cli import _json_pieces, _json_text

    from shebao.outputs import write_atomic

    bad = b"\xff\xfe\xe4\xb8".decode("utf-8", "surrogateescape")  # an undecodable file name
    data = {"document": {"file": f"工资{bad}.csv", "pages": 1},
            "payslips": [{"month": "2025-06", "net_pay": 4500.5 + i, "earnings": {},
                          "name": "张三" * (i % 50)} for i in range(3000)],
            "warnings": []}
    pieces = list(_json_pieces(data))
    assert len(pieces) > 2  # (written as it is made)
    assert "".join(pieces) == _json_text(data) + "\n"
    write_atomic(tmp_path / "out.json", iter(pieces))
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == _json_text(data) + "\n"


def test_cell_text_of_the_common_types_as_before():
    import datetime as dt

    from shebao.ingest.sheets import _cell_text

    assert [_cell_text(v) for v in (" 张三 ", "", 7, 0, True, None, 4500.0, 4500.5, 12.345,
                                    dt.date(2025, 6, 1), dt.datetime(2025, 6, 1, 8))] == [
        "张三", "", "7", "0", "True", "", "4500", "4500.5", "12.35", "2025-06-01", "2025-06-01"]


def test_a_sheet_is_read_with_the_collector_paused_and_its_workbook_freed(tmp_path,
                                                                           monkeypatch):
    from openpyxl import Workbook
    from openpyxl.workbook.workbook import Workbook as Book
    from shebao.ingest import sheets

    wb = Workbook()
    wb.active.append(["工号", "姓名"])
    wb.active.append(["A1", "张三"])
    wb.save(tmp_path / "s.xlsx")
    del wb
    gc.collect()
    seen = []
    cell_text = sheets._cell_text
    monkeypatch.setattr(sheets, "_cell_text", lambda v: seen.append(gc.isenabled())
                        or cell_text(v))
    pages = list(sheets.SpreadsheetBackend().pages(tmp_path / "s.xlsx"))
    assert [w.text for w in pages[0].words] == ["工号", "姓名", "A1", "张三"]
    assert seen and not any(seen) and gc.isenabled()
    assert not [o for o in gc.get_objects() if isinstance(o, Book)]  # collected once after
