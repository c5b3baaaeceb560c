"""OCR pages whose header lost a label, and pages read slightly tilted: each test names its case.

Inputs are the recorded OCR words of real generated documents (``tests/ocr/fixtures``: the
RapidOCR reading of a 200-dpi scan), changed the way OCR goes wrong - a header label's words
removed, the page tilted - and the expected records are the generator's truth for that page.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

import pytest
from shebao.ingest.align import lost_labels
from shebao.ingest.level import level_page, text_slope
from shebao.ingest.ocr.backend import _page_from_json
from shebao.ingest.pipeline import analyse, extract_pages
from shebao.ingest.words import PageText, Rule, Word

from shebao.errors import InputError
from shebao.records import Extract

FIXTURES = Path(__file__).resolve().parents[1] / "ocr" / "fixtures"


@cache
def _fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def recorded_page(name: str, number: int, method: str = "ocr") -> PageText:
    """Page ``number`` of a recorded fixture, as page 1 of a new document."""
    raw = _page_from_json(_fixture(name)["pages"][number - 1])
    return PageText(1, raw.width, raw.height, list(raw.words), list(raw.rules), method, [])


def truth(name: str) -> Extract:
    return Extract.model_validate(_fixture(name)["truth"])


def without(page: PageText, lost) -> PageText:
    """The page without the words ``lost(word)`` picks (a label the OCR did not see)."""
    words = [w for w in page.words if not lost(w)]
    assert len(words) < len(page.words), "the label to remove is not on the page"
    return PageText(page.number, page.width, page.height, words, page.rules, page.method, [])


def read(*pages: PageText) -> Extract:
    return extract_pages(list(pages), "strips.pdf", "0" * 64)


def slips(ex: Extract) -> list[tuple]:
    return [
        (s.employee_id, s.employee_name, s.gross_pay, s.net_pay, s.deductions.pension,
         s.deductions.medical, s.row)
        for s in ex.payslips
    ]


STRIPS = "L6-strips-pdf-scan"  # page 1: six strips, each under its own copy of the header
# strip 1's header on page 1 spans y 185-260; its 实发/工资 label is printed at x 2084-2120
# and 养老/保险 at x 1301-1336 (the recorded words)
FIRST_HEADER = (185.0, 260.0)


def _in_first_header(w: Word, texts: tuple[str, ...], x: tuple[float, float]) -> bool:
    return (
        w.text in texts
        and FIRST_HEADER[0] <= w.yc <= FIRST_HEADER[1]
        and x[0] <= w.xc <= x[1]
    )


def expected_strips(page: int = 1) -> list[tuple]:
    t = truth(STRIPS)
    return slips(t.model_copy(update={"payslips": [s for s in t.payslips if s.page == page]}))


def test_recorded_strip_page_reads_whole_as_it_is():
    ex = read(recorded_page(STRIPS, 1))
    assert slips(ex) == expected_strips()
    assert "header_label_borrowed" not in {w.code for w in ex.warnings}


def test_strip_header_that_lost_its_net_pay_label_takes_it_from_the_strips_below():
    page = without(
        recorded_page(STRIPS, 1), lambda w: _in_first_header(w, ("实发", "工资"), (2070, 2140))
    )
    ex = read(page)
    assert slips(ex) == expected_strips()  # strip 1 (A1627 王英) included, net pay 2439.40
    assert ex.payslips[0].employee_id == "A1627" and ex.payslips[0].net_pay == 2439.40
    lent = [w for w in ex.warnings if w.code == "header_label_borrowed"]
    assert len(lent) == 1 and lent[0].page == 1
    assert "第 1 页（第 1 行）" in lent[0].message and "“实发工资”" in lent[0].message
    assert "本页其他表头" in lent[0].message


def test_strip_header_that_lost_a_deduction_label_keeps_every_column_of_the_strip():
    page = without(
        recorded_page(STRIPS, 1), lambda w: _in_first_header(w, ("养老", "保险"), (1290, 1350))
    )
    ex = read(page)
    assert slips(ex) == expected_strips()  # pension 272.32 and medical 68.08 in their columns
    assert ex.payslips[0].deductions.pension == 272.32
    assert ex.payslips[0].deductions.medical == 68.08
    lent = [w for w in ex.warnings if w.code == "header_label_borrowed"]
    assert [w.page for w in lent] == [1] and "“养老保险”" in lent[0].message


def test_a_text_layer_header_is_read_as_printed_nothing_borrowed():
    """A text layer does not lose labels: two headers that differ are two different tables,
    so the first strip, printed without 实发工资, is not a pay-slip row."""
    page = without(
        recorded_page(STRIPS, 1, method="text"),
        lambda w: _in_first_header(w, ("实发", "工资"), (2070, 2140)),
    )
    ex = read(page)
    assert [s.employee_id for s in ex.payslips] == [e[0] for e in expected_strips()[1:]]
    assert "header_label_borrowed" not in {w.code for w in ex.warnings}


def _tilted(page: PageText, degrees: float) -> PageText:
    """The page as a scanner that fed it ``degrees`` askew would show it (y grows with x)."""
    s = math.tan(math.radians(degrees))
    words = [
        Word(w.text, w.x0, w.top + s * w.xc, w.x1, w.bottom + s * w.xc, w.confidence)
        for w in page.words
    ]
    rules = [
        Rule(r.x0, r.y0 + s * (r.x0 + r.x1) / 2, r.x1, r.y1 + s * (r.x0 + r.x1) / 2)
        if r.horizontal
        else Rule(r.x0, r.y0 + s * r.x0, r.x1, r.y1 + s * r.x1)
        for r in page.rules
    ]
    return PageText(page.number, page.width, page.height, words, rules, page.method, [])


def test_strip_page_tilted_under_a_degree_is_read_along_its_printed_lines():
    # 0.7° across the 2,000 px strip is 25 px: more than a line, so a row read level would
    # leave each strip's net pay on the line below its name
    page = _tilted(recorded_page(STRIPS, 1), 0.7)
    assert abs(math.degrees(math.atan(text_slope(page.words))) - 0.7) < 0.05
    ex = read(page)
    assert slips(ex) == expected_strips()


def test_a_level_page_is_not_touched():
    page = recorded_page(STRIPS, 1)
    levelled, level = level_page(page)
    assert levelled is page and level.slope == 0.0


def test_text_layer_pages_are_never_levelled():
    page = _tilted(recorded_page(STRIPS, 1, method="text"), 0.7)
    levelled, level = level_page(page)
    assert levelled is page and level.slope == 0.0


def _header_labels(name: str, page: int = 1, index: int = 0):
    pages = [
        PageText(p["number"], p["width"], p["height"], list(q.words), list(q.rules), "ocr", [])
        for p in _fixture(name)["pages"]
        for q in [_page_from_json(p)]
    ]
    a = analyse(pages, "x.pdf", "0" * 64)
    return [t.header for t in a.tables if t.page == page][index].labels


def test_a_header_of_another_table_lends_nothing():
    strip = _header_labels(STRIPS)
    statement = _header_labels("L1-scan")
    assert lost_labels(strip, statement, 1) is None
    assert lost_labels(statement, strip, 1) is None


def test_the_same_header_complete_lends_nothing():
    first, second = _header_labels(STRIPS, 1, 0), _header_labels(STRIPS, 1, 1)
    assert lost_labels(first, second, 1) is None


def test_a_different_label_where_the_template_has_one_is_not_overwritten():
    from dataclasses import replace

    from shebao.ingest.lexicon import Label

    first, second = _header_labels(STRIPS, 1, 0), _header_labels(STRIPS, 1, 1)
    # the template prints 住房公积金 where this header prints 养老保险: another table
    k = next(i for i, lb in enumerate(second) if lb.text == "养老保险")
    other = [*second[:k], replace(second[k], text="住房公积金",
                                  label=Label("field", "housing_fund")), *second[k + 1:]]
    assert lost_labels(first, other, 1) is None


STATEMENT = "L4-scan"  # one page: 费款所属期 | 险种类型 | 缴费基数 | … (27 rows)


def _second_photo(page: PageText, scale: float, dx: float, dy: float) -> PageText:
    """The same page photographed again: shifted and a little larger, as page 2."""
    words = [
        Word(w.text, w.x0 * scale + dx, w.top * scale + dy, w.x1 * scale + dx,
             w.bottom * scale + dy, w.confidence)
        for w in page.words
    ]
    rules = [Rule(r.x0 * scale + dx, r.y0 * scale + dy, r.x1 * scale + dx, r.y1 * scale + dy)
             for r in page.rules]
    return PageText(2, page.width * scale + dx, page.height * scale + dy, words, rules,
                    page.method, [])


def test_statement_page_whose_header_lost_its_period_label_takes_it_from_page_one():
    one = recorded_page(STATEMENT, 1)
    two = without(_second_photo(one, 1.06, 40.0, -25.0), lambda w: w.text == "费款所属期")
    alone = Extract.model_validate(read(one).model_dump())
    ex = read(one, two)
    firsts = [c for c in ex.contributions if c.page == 1]
    seconds = [c for c in ex.contributions if c.page == 2]
    assert len(firsts) == len(alone.contributions) == len(truth(STATEMENT).contributions)
    strip = lambda c: c.model_dump(exclude={"page", "confidence"})  # noqa: E731
    assert [strip(c) for c in seconds] == [strip(c) for c in firsts]
    lent = [w for w in ex.warnings if w.code == "header_label_borrowed"]
    assert [w.page for w in lent] == [2]
    assert "“费款所属期”" in lent[0].message and "第 1 页的同一表头" in lent[0].message


def test_a_single_page_statement_without_its_period_label_reads_the_months_it_prints():
    """Nothing printed elsewhere to borrow from, but the column is plainly there and full of
    months: it is the month column (issue 15), said in a warning - not a refusal."""
    whole = read(recorded_page(STATEMENT, 1))
    page = without(recorded_page(STATEMENT, 1), lambda w: w.text == "费款所属期")
    ex = read(page)
    strip = lambda c: c.model_dump(exclude={"confidence"})  # noqa: E731
    assert [strip(c) for c in ex.contributions] == [strip(c) for c in whole.contributions]
    (note,) = [w for w in ex.warnings if w.code == "column_role_from_content"]
    assert note.page == 1 and "年月" in note.message


def test_a_lone_strip_without_its_net_pay_label_is_refused_naming_it():
    page = without(_lone_first_strip(), lambda w: _in_first_header(
        w, ("实发", "工资"), (2070, 2140)))
    with pytest.raises(InputError) as caught:
        read(page)
    assert caught.value.code == "header_incomplete"
    message = caught.value.format()
    assert "没有识别出工资表：第 1 页找到了表头（工号、姓名、小计、养老保险等）" in message
    assert "没有“实发工资”或“应发工资”这一列" in message


# -- no other printing of the header to borrow from: the column is not read, and says so


def _lone_first_strip(rules: bool = True) -> PageText:
    """Strip 1 of the page alone (a worker's own 工资条), with or without its ruling lines."""
    p = recorded_page(STRIPS, 1)
    words = [w for w in p.words if w.yc < 330]
    kept = [r for r in p.rules if max(r.y0, r.y1) < 330] if rules else []
    return PageText(1, p.width, p.height, words, kept, "ocr", [])


def _unlabelled(ex: Extract) -> list[str]:
    return [w.message for w in ex.warnings if w.code == "unlabelled_column"]


def test_lone_strip_without_its_pension_label_warns_the_ruled_column_was_not_read():
    ex = read(without(_lone_first_strip(), lambda w: _in_first_header(
        w, ("养老", "保险"), (1290, 1350))))
    [slip] = ex.payslips
    assert (slip.employee_id, slip.net_pay, slip.deductions.pension) == ("A1627", 2439.40, None)
    assert slip.deductions.medical == 68.08  # its neighbour is read as printed
    assert _unlabelled(ex) == [
        "第 1 页（第 1 行）的表格在“小计”与“医疗保险”之间有一列没有识别出表头，这一列没有读取，"
        "请对照原件核对（page 1, row 1: 1 column(s) with no header label that was read "
        "(between 小计 and 医疗保险); not read）"
    ]


def test_lone_unruled_strip_without_its_pension_label_warns_of_cells_with_two_numbers():
    ex = read(without(_lone_first_strip(rules=False), lambda w: _in_first_header(
        w, ("养老", "保险"), (1290, 1350))))
    [slip] = ex.payslips
    # 272.32 straddles 小计 | 医疗保险 and is cut in two: neither neighbour is read
    assert (slip.gross_pay, slip.deductions.pension, slip.deductions.medical) == (None,) * 3
    warned = _unlabelled(ex)
    assert len(warned) == 2
    assert "“小计”一列的格子里有两个数" in warned[0] and "“医疗保险”一列" in warned[1]


def test_statement_without_its_base_label_warns_the_column_was_not_read():
    ex = read(without(recorded_page(STATEMENT, 1), lambda w: w.text == "缴费基数"))
    assert len(ex.contributions) == len(truth(STATEMENT).contributions)
    assert all(c.base is None for c in ex.contributions)
    assert [m[:44] for m in _unlabelled(ex)] == [
        "第 1 页（第 1–27 行）的表格在“险种类型”与“单位应缴”之间有一列没有识别出表头"
    ]


def test_whole_recorded_pages_warn_of_no_unlabelled_column():
    for name in ("L4-scan", "L1-phone", "L6-sheet-pdf-scan"):
        assert _unlabelled(read(recorded_page(name, 1))) == [], name
    assert _unlabelled(read(recorded_page(STRIPS, 1))) == []


def test_inspect_marks_the_borrowed_column_in_the_header_mapping():
    from rich.console import Console
    from shebao.ingest.explain import _show_table

    page = without(
        recorded_page(STRIPS, 1), lambda w: _in_first_header(w, ("实发", "工资"), (2070, 2140))
    )
    first = analyse([page], "strips.pdf", "0" * 64).tables[0]
    console = Console(record=True, width=200)
    _show_table(console, 1, first, 1)
    text = console.export_text()
    assert "实发工资（未识别，按第 1 页表头补上 borrowed）" in text
    assert text.count("borrowed") == 1


def test_any_one_label_lost_from_the_first_or_last_strip_header_changes_no_record():
    """Every label of the top strip's header (nothing above to compare with) and of the bottom
    one's, removed one at a time: the page's six pay slips come out exactly as printed."""
    page = recorded_page(STRIPS, 1)
    headers = [t.header for t in analyse([page], "strips.pdf", "0" * 64).tables]
    assert len(headers) == 6
    changed = []
    for header in (headers[0], headers[-1]):
        for lb in header.labels:
            ex = read(without(page, lambda w, lb=lb: lb.x0 - 2 <= w.xc <= lb.x1 + 2
                              and lb.top - 2 <= w.yc <= lb.bottom + 2))
            if slips(ex) != expected_strips():
                changed.append((round(header.top), lb.text))
    assert changed == []


@pytest.mark.parametrize("name", ["L3-monthly-scan", "L5-scan", "L5-henan-scan"])
def test_slope_of_a_table_with_wide_columns_is_measured(name):
    """Few words a row and wide gaps between columns (an annual statement, a status grid):
    the words of a row are still chained across the gaps, and a tilt of two degrees, which
    moves the next column's word by half a line, is measured in full once levelled."""
    page = recorded_page(name, 1)
    base = math.degrees(math.atan(text_slope(page.words)))
    for degrees in (0.5, 0.8, -2.0):
        measured = math.degrees(math.atan(text_slope(_tilted(page, degrees).words))) - base
        assert abs(measured - degrees) < 0.1, (degrees, measured)


@pytest.mark.parametrize(
    "name", ["L1-scan", "L4-scan", "L5-scan", "generic-scan", "L6-sheet-pdf-scan"]
)
def test_recorded_page_tilted_under_a_degree_reads_as_the_level_page(name):
    """Records and the person line (姓名 … 身份证号码 across the page) as on the level page."""
    page = recorded_page(name, 1)
    level, tilted = read(page), read(_tilted(page, 0.8))

    def records(ex: Extract) -> list[dict]:
        return [r.model_dump(exclude={"confidence"})
                for r in [*ex.contributions, *ex.annual, *ex.payslips]]

    assert records(level) and records(tilted) == records(level)
    assert tilted.person == level.person


@pytest.mark.parametrize(
    ("name", "lost", "shown", "missing"),
    [
        ("L4-scan", "险种类型", "费款所属期、缴费基数、单位应缴、个人应缴等", "险种"),
        # (the 年 label and the years: with the years printed, they are the year column)
        ("L2-scan", r"年|20\d\d", "月、单位编号、参保地、缴费基数(元)等", "年份"),
        ("L5-henan-scan", "月份", "缴费基数、缴费情况", "缴费年月（或起止年月、年度）"),
    ],
)
def test_statement_without_a_column_its_rows_need_is_refused_naming_it(name, lost, shown, missing):
    page = without(recorded_page(name, 1), lambda w: re.fullmatch(lost, w.text) is not None)
    with pytest.raises(InputError) as caught:
        read(page)
    assert caught.value.code == "header_incomplete"
    assert f"第 1 页找到了表头（{shown}），但其中没有{missing}这一列" in caught.value.format()


def test_a_lost_year_label_over_printed_years_is_the_year_column():
    """L2's 年 label lost (it was refused: no year column): the years stand in the column
    beside 月 under no label, so they are the year column (:mod:`shebao.ingest.keypair`),
    read as on the whole page and named."""
    full = read(recorded_page("L2-scan", 1))
    lost = read(without(recorded_page("L2-scan", 1), lambda w: w.text == "年"))

    def records(ex: Extract) -> list[dict]:
        return [c.model_dump() for c in ex.contributions]

    assert len(records(full)) == 24 and records(lost) == records(full)
    assert any("“月”旁边有一列没有读出标题，但格子里都是年份" in w.message
               for w in lost.warnings if w.code == "column_role_from_content")


def test_employer_code_printed_once_under_a_lost_label_is_reported():
    page = recorded_page("L1-scan", 1)
    [label] = [lb for t in analyse([page], "x.pdf", "0" * 64).tables for lb in t.header.labels
               if lb.text == "单位编号"]
    ex = read(without(page, lambda w: label.x0 <= w.xc <= label.x1
                      and label.top <= w.yc <= label.bottom))
    assert ex.contributions and all(c.employer_code is None for c in ex.contributions)
    assert [m[:39] for m in _unlabelled(ex)] == [
        "第 1 页（第 1–12 行）的表格在“月”与“基数”之间有一列没有识别出表头"
    ]
