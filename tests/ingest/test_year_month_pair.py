"""A year and a month printed in two columns that the header names as one, or names only one
of (:mod:`shebao.ingest.keypair`), on synthetic OCR'd pages with ruled cells: the header's
month key comes from what the cells hold.

The cells: 序号 | 年 | 月 | 缴费基数 | 单位缴费 | 个人缴费 | 缴费状态, ruled; the labels are
placed as a phone photo's OCR read them on 70163 (one box 年月 over the narrow 年 | 月
cells, its centre in the 年 cell: the 月 cells stand in a ruled cell under no label) and
70182 (the 年 label lost).
"""

from __future__ import annotations

import pytest
from shebao.ingest.lexicon import Lexicon
from shebao.ingest.pipeline import extract_pages
from shebao.ingest.profiles import profile, vocabulary
from shebao.ingest.statement import is_statement_key
from shebao.ingest.table import find_tables
from shebao.ingest.words import PageText, Rule, Word

from shebao.errors import InputError

CUTS = [100.0, 160.0, 220.0, 280.0, 420.0, 560.0, 700.0, 840.0]
MONTHS = [(2024, 9), (2024, 10), (2024, 11), (2024, 12), (2025, 1), (2025, 2), (2025, 3),
          (2025, 4)]
TITLE = "苏州市职工基本养老保险缴费明细"


def _rows(months=MONTHS) -> list[list[str]]:
    return [[str(n), str(y), f"{m:02d}", "4000.00", "640.00", "320.00", "正常"]
            for n, (y, m) in enumerate(months, 1)]


def _page(labels: list[tuple[str, float, float, float]], rows: list[list[str]],
          cuts: list[float] = CUTS, ruled: bool = True) -> PageText:
    """An OCR'd page: the title, header labels ``(text, x0, x1, y)``, and the rows' cells
    centred in the ruled cells between ``cuts`` (a blank cell prints nothing)."""
    words = [Word(TITLE, 500.0, 80.0, 920.0, 112.0, 0.99)]
    words += [Word(t, x0, y - 10, x1, y + 10, 0.98) for t, x0, x1, y in labels]
    y = 260.0
    for row in rows:
        for text, a, b in zip(row, cuts, cuts[1:], strict=False):
            if text:
                half = min(len(text) * 6.0, (b - a) / 2 - 4)
                xc = (a + b) / 2
                words.append(Word(text, xc - half, y - 10, xc + half, y + 10, 0.97))
        y += 40.0
    rules = []
    if ruled:
        bottom = y - 20
        rules = [Rule(x, 180.0, x, bottom) for x in cuts]
        rules += [Rule(cuts[0], yy, cuts[-1], yy) for yy in [180.0, *(
            240.0 + 40 * k for k in range(len(rows) + 1))]]
    return PageText(1, 1200.0, y + 300, words, rules, "ocr")


def _tail() -> list[tuple[str, float, float, float]]:
    return [("缴费基数", 310.0, 390.0, 210.0), ("单位缴费", 450.0, 530.0, 210.0),
            ("个人缴费", 590.0, 670.0, 210.0), ("缴费状态", 730.0, 810.0, 210.0)]


def _months(ex) -> list[str]:
    return [c.month for c in ex.contributions]


WANT = [f"{y}-{m:02d}" for y, m in MONTHS]


def _read(page: PageText):
    return extract_pages([page], "photo.jpg", "0" * 64)


def _header(page: PageText):
    lex = Lexicon(vocabulary(), profile("generic"))
    tables = find_tables(page, lex, lambda h, c: is_statement_key(h, c, None))
    return tables[0].header if tables else None


@pytest.mark.parametrize("newest_first", [False, True])
def test_one_month_label_over_a_year_and_a_month_column_is_the_pair(newest_first):
    """年月 read as one box over the 年 | 月 cells (its centre in the 年 cell): the column
    holds years and the ruled cell beside it, under no label, month numbers (oldest or
    newest month first)."""
    labels = [("序号", 110.0, 150.0, 210.0), ("年月", 175.0, 255.0, 210.0), *_tail()]
    order = MONTHS[::-1] if newest_first else MONTHS
    ex = _read(_page(labels, _rows(order)))
    assert _months(ex) == [f"{y}-{m:02d}" for y, m in order]
    if newest_first:
        return
    assert [c.row for c in ex.contributions] == list(range(1, 9))
    assert {(c.insurance, c.base, c.employer_amount) for c in ex.contributions} == {
        ("pension", 4000.0, 640.0)}
    notes = [w.message for w in ex.warnings if w.code == "column_role_from_content"]
    assert any("“年月”一列只有年份" in m for m in notes)


def test_the_same_label_over_the_month_cells_with_the_years_beside_it():
    labels = [("序号", 110.0, 150.0, 210.0), ("年月", 235.0, 300.0, 210.0), *_tail()]
    ex = _read(_page(labels, _rows()))
    assert _months(ex) == WANT
    assert any("“年月”一列只有月份" in w.message for w in ex.warnings)


def test_a_month_column_whose_year_label_was_lost_gets_the_years_beside_it():
    """70182: the 年 label lost; the years stand in a ruled cell under no label."""
    labels = [("序号", 110.0, 150.0, 210.0), ("月", 240.0, 260.0, 210.0), *_tail()]
    ex = _read(_page(labels, _rows()))
    assert _months(ex) == WANT
    assert any("“月”旁边有一列没有读出标题，但格子里都是年份" in w.message for w in ex.warnings)


def test_a_year_column_whose_month_label_was_lost_gets_the_months_beside_it():
    labels = [("序号", 110.0, 150.0, 210.0), ("年", 180.0, 200.0, 210.0), *_tail()]
    ex = _read(_page(labels, _rows()))
    assert _months(ex) == WANT


def test_without_rules_the_label_over_both_cells_reads_them_as_one_month():
    """(No rules: the 年月 column reaches midway to its neighbours' labels and holds both
    cells, 2024 09, one month; nothing to mend.)"""
    labels = [("序号", 90.0, 130.0, 210.0), ("年月", 200.0, 260.0, 210.0), *_tail()]
    ex = _read(_page(labels, _rows(), ruled=False))
    assert _months(ex) == WANT


def test_a_serial_number_that_runs_on_across_a_new_year_is_no_month():
    """Beside a year column with no month column, a band 1, 2, 3 … under no label that runs
    on where the year moves on (a 序号 whose label was lost) is not taken for months."""
    labels = [("年", 180.0, 200.0, 210.0), *_tail()]
    rows = [[str(n), str(y), "", *r[3:]] for n, (y, _m), r in zip(
        range(1, 9), MONTHS, _rows(), strict=True)]
    header = _header(_page(labels, rows))
    assert header is not None and "month_no" not in header.fields()
    # the same band falling back where the year moves on is the month
    months = [[str(m), str(y), "", *r[3:]] for (y, m), r in zip(MONTHS, _rows(), strict=True)]
    header = _header(_page(labels, months))
    assert header is not None and "month_no" in header.fields()


def test_a_wrapped_label_whose_first_half_reads_as_a_year_is_no_year_column():
    """缴费档次 wrapped in its narrow cell as 缴费 over 档次, before the 年 | 月 columns:
    缴费 alone maps to the year, and as the first year column it would key every row by
    一档 (no row read). Its cells hold no years: it is no year column."""
    cuts = [100.0, 160.0, 240.0, 300.0, 360.0, 500.0, 640.0, 780.0, 920.0]
    labels = [("序号", 110.0, 150.0, 210.0), ("缴费", 180.0, 220.0, 198.0),
              ("档次", 180.0, 220.0, 222.0), ("年", 260.0, 280.0, 210.0),
              ("月", 320.0, 340.0, 210.0),
              *((t, x0 + 80, x1 + 80, y) for t, x0, x1, y in _tail())]
    rows = [[r[0], "一档", *r[1:]] for r in _rows()]
    ex = _read(_page(labels, rows, cuts))
    assert _months(ex) == WANT
    vetoed = [w.message for w in ex.warnings if w.code == "column_role_from_content"]
    assert any("不是年份" in m and "一档" in m for m in vetoed)


def test_a_month_column_holding_only_years_is_refused_saying_so():
    """The month cells lost (blank): the header was read, the title names the insurance, so
    the refusal names what was found and that the 年月 column holds only years (before: "no
    insurance column")."""
    labels = [("序号", 110.0, 150.0, 210.0), ("年月", 175.0, 255.0, 210.0), *_tail()]
    rows = [[*r[:2], "", *r[3:]] for r in _rows()]
    with pytest.raises(InputError) as err:
        _read(_page(labels, rows))
    assert "“年月”一列只读到年份" in err.value.zh and "漏读了月份" in err.value.zh
    assert "险种" not in err.value.zh
    assert "holds only years" in err.value.en


def test_a_month_only_header_without_years_names_the_missing_year():
    labels = [("序号", 110.0, 150.0, 210.0), ("月", 240.0, 260.0, 210.0), *_tail()]
    rows = [[r[0], "", *r[2:]] for r in _rows()]
    with pytest.raises(InputError) as err:
        _read(_page(labels, rows))
    assert "没有年份这一列" in err.value.zh and "序号、月" in err.value.zh


def test_two_labels_read_as_one_box_apart_by_a_space_are_two_labels():
    """70050: the OCR read the neighbouring labels 年度 and 月 as one box ``年度 月``, which
    is no known label (refused: "no month, period or year column"); each part is one, so they
    are two labels placed by their characters' share of the box."""
    labels = [("序号", 110.0, 150.0, 210.0), ("年度 月", 165.0, 275.0, 210.0), *_tail()]
    ex = _read(_page(labels, _rows()))
    assert _months(ex) == WANT


@pytest.mark.parametrize("glued", ["年度月", "年月份", "年份月"])
def test_two_labels_read_as_one_box_with_no_space_are_two_labels(glued):
    """70341 (年度月) and 70209 (年月份): the narrow 年 | 月 cells' labels read as one box with
    no space, no known label. 70209 was refused ("no table header"); 70341 took its 做账期号
    column (YYYYMM, one month late) as the month key, every month, paid date and status a
    month off. Exactly one cut makes two labels known as printed: two labels."""
    labels = [("序号", 110.0, 150.0, 210.0), (glued, 165.0, 275.0, 210.0), *_tail()]
    ex = _read(_page(labels, _rows()))
    assert _months(ex) == WANT


@pytest.mark.parametrize("glued", ["缴费状", "月缴费"])
def test_a_glued_box_is_cut_only_into_labels_known_as_printed(glued):
    """No cut into a look-alike guess (缴费 fuzzily reads as 缴费年): a box with no cut into
    two labels known as printed stays one box (with it over the 年 | 月 cells, nothing
    gives the month key)."""
    from shebao.ingest.table import _two_labels

    lex = Lexicon(vocabulary(), profile("generic"))
    word = Word(glued, 165.0, 200.0, 275.0, 220.0, 0.98)
    assert _two_labels(word, lex.for_ocr()) == [word]
    # a text layer's word is as printed: never cut
    printed = Word("年月份", 165.0, 200.0, 275.0, 220.0, 1.0)
    assert _two_labels(printed, lex) == [printed]
    assert [w.text for w in _two_labels(printed, lex.for_ocr())] == ["年", "月份"]


@pytest.mark.parametrize("rest", ["", "未参保"])
def test_a_line_holding_only_its_year_is_a_row_whose_month_was_lost(rest):
    """A month printed with nothing but its key, or with a status and no number (未参保),
    whose month cell the detector missed: the line is a printed row whose month was lost,
    named (``row_unread``) and counted, so the rows below keep their printed numbers (the
    line was dropped without a word and every row below took the number of the one above)."""
    labels = [("年", 180.0, 200.0, 210.0), ("月", 240.0, 260.0, 210.0), *_tail()]
    rows = [["", *r[1:]] for r in _rows()]
    rows[2] = ["", rows[2][1], "", "", "", "", rest]
    ex = _read(_page(labels, rows))
    assert [w.row for w in ex.warnings if w.code == "row_unread"] == [3]
    assert [(c.row, c.month) for c in ex.contributions] == [
        (n, m) for n, m in enumerate(WANT, 1) if n != 3]


# A column of booked months (做账期号: YYYYMM, the month the payment was booked, one month
# after the month paid for) beside the 年 | 月 cells. It is the month key by its content only
# when the header names no month or year at all; otherwise the month comes from the month
# cells, or the page is refused saying why - never read a month off (70341 before its glued
# label was cut: every month, paid date and status one month late).
BOOKED_CUTS = [*CUTS, 940.0]
BOOKED = ("做账期号", 860.0, 920.0, 210.0)


def _booked(y: int, m: int) -> str:
    return f"{y + m // 12}{m % 12 + 1:02d}"


def _rows_booked(months=MONTHS) -> list[list[str]]:
    return [[*r, _booked(y, m)] for r, (y, m) in zip(_rows(months), months, strict=True)]


def _role_notes(ex) -> list[str]:
    return [w.message for w in ex.warnings if w.code == "column_role_from_content"]


@pytest.mark.parametrize("label", [None, "年x月", "牟度目"])
def test_a_booked_month_column_does_not_take_the_month_from_the_year_and_month_cells(label):
    """The 年 | 月 labels lost (None), or read as one box that is no label, with (年x月) or
    without (牟度目) a 年 or 月 in it: the year and month cells side by side, in order, are
    the month key; the 做账期号 column stays what its label says."""
    labels = [("序号", 110.0, 150.0, 210.0), *_tail(), BOOKED]
    if label:
        labels.insert(1, (label, 175.0, 255.0, 210.0))
    ex = _read(_page(labels, _rows_booked(), BOOKED_CUTS))
    assert _months(ex) == WANT
    notes = _role_notes(ex)
    assert any("表头没有认出年、月两列" in m and "按年、月两列读取" in m for m in notes), notes
    assert not any("做账期号" in m for m in notes)


@pytest.mark.parametrize("month_first", [False, True])
def test_unlabelled_year_and_month_cells_part_midway(month_first):
    """The 年 | 月 labels lost: the two bands stand in one gap between labels (序号 and
    缴费基数) and part midway between them, in either order (月 | 年 too)."""
    labels = [("序号", 110.0, 150.0, 210.0), *_tail(), BOOKED]
    rows = _rows_booked()
    if month_first:
        rows = [[r[0], r[2], r[1], *r[3:]] for r in rows]
    ex = _read(_page(labels, rows, BOOKED_CUTS))
    assert _months(ex) == WANT
    assert not any("做账期号" in m for m in _role_notes(ex))


def test_a_month_column_whose_label_was_not_understood_wins_over_a_booked_one_before_it():
    """做账期号 printed before the month column whose label the OCR read short (费款期 for
    费款所属期, no label): the column of months under the label nobody understood is the
    month key, not the first column of months."""
    cuts = [100.0, 160.0, 260.0, 360.0, 500.0, 640.0, 780.0, 920.0]
    labels = [("序号", 110.0, 150.0, 210.0), ("做账期号", 175.0, 245.0, 210.0),
              ("费款期", 280.0, 340.0, 210.0),
              *((t, x0 + 80, x1 + 80, y) for t, x0, x1, y in _tail())]
    rows = [[str(n), _booked(y, m), f"{y}{m:02d}", "4000.00", "640.00", "320.00", "正常"]
            for n, (y, m) in enumerate(MONTHS, 1)]
    ex = _read(_page(labels, rows, cuts))
    assert _months(ex) == WANT
    assert not any("做账期号" in m for m in _role_notes(ex))


@pytest.mark.parametrize("label", [None, "年x月"])
def test_a_booked_month_column_is_not_taken_when_the_month_cells_are_lost(label):
    """The month cells lost too (blank): the header still prints the year (a 年x月 label, or
    a column of years under no label), so the 做账期号 months are not the month paid for;
    refused, naming both, rather than read every month a month late."""
    labels = [("序号", 110.0, 150.0, 210.0), *_tail(), BOOKED]
    if label:
        labels.insert(1, (label, 175.0, 255.0, 210.0))
    rows = [[*r[:2], "", *r[3:]] for r in _rows_booked()]
    with pytest.raises(InputError) as err:
        _read(_page(labels, rows, BOOKED_CUTS))
    assert "“做账期号”是入账的月份" in err.value.zh and "不当作缴费年月" in err.value.zh
    assert ("“年x月”像是年份或月份" if label else "有一列年份没有读出标题") in err.value.zh
    assert "month booked" in err.value.en


def test_a_booked_month_column_is_the_month_when_the_header_prints_no_other():
    """A table whose only months are the 做账期号 column (no 年, 月 or 年月 anywhere): read
    by it, as today, with a warning naming the column and that it may be a month late."""
    cuts = [100.0, 160.0, 260.0, 400.0, 540.0, 680.0, 820.0]
    labels = [("序号", 110.0, 150.0, 210.0), ("做账期号", 175.0, 245.0, 210.0),
              *((t, x0 + 40, x1 + 40, y) for t, x0, x1, y in _tail())]
    rows = [[str(n), f"{y}{m:02d}", "4000.00", "640.00", "320.00", "正常"]
            for n, (y, m) in enumerate(MONTHS, 1)]
    ex = _read(_page(labels, rows, cuts))
    assert _months(ex) == WANT
    notes = [m for m in _role_notes(ex) if "做账期号" in m]
    assert len(notes) == 1 and "晚一个月" in notes[0] and "month after" in notes[0]
