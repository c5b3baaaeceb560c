"""Table reconstruction on recorded OCR of phone photos of unseen layouts (issue 15's photo
bar), exact seeds, one mechanism each; no model run (``unseen/<seed>.json``, written by
``record_unseen.py`` from the real RapidOCR model, 12 months each).

* 30005 (wide, stacked groups): 缴费基数 wrapped in its narrow cell under 基本医疗保险 is read
  by OCR as two boxes, 缴费 (which the fuzzy vocabulary matched to 缴费年) over 基数; the two
  lines are one label, so the medical base is read (it was empty on every medical row).
* 30001, 30007: months before coverage print ``/`` in every cell; the OCR reads some of them
  as ``X`` or ``1`` and loses the rest, and the code column's ``X`` / ``1`` made a phantom
  employer for those months.
* 31018: subtotal lines (2024年小计) are not rows whose month was lost; a dash glued to
  an employer code in the code list (53598472—郑州市…) is read 一 by the OCR, a separator.
* 30009: a status cell (未到帐) the OCR lost would read as paid: it is named (``cell_unread``).
* 30019: a unit whose closing bracket the OCR lost (缴费基数（元) still ends the label.
* 31023: a print mark (打印专用) in a larger type than the title is not the title.
* 30006 (long, month number in its own column): the detector missed nine one-digit months;
  from the words alone those rows cannot be read, but they are named (``row_unread``) and
  counted, so every other row keeps its printed row number, and no value is invented for
  them. A second look at the empty month cells of the page image (the recogniser alone on
  the cell, replayed from the recording) reads them, each named (``cell_reread``) with its
  score, the row's confidence lowered (30006, 30015).
* 70163, 70182 (narrow 年 | 月 cells): one box 年月 over the year cells with the months
  beside it under no label, or the 年 label lost: the year and month pair from the cells
  (:mod:`shebao.ingest.keypair`); a wrapped 缴费 | 档次 whose 缴费 reads as a year is no
  year column when its cells hold 一档.
* 70138: a 未参保 row whose month the detector missed (2024 | 未参保, no number) is a row
  whose month was lost, not nothing.
* 70341 with its 年度月 label lost or garbled: the year and month cells, not the 做账期号
  (booked month) column, are the month key; with the month cells lost too, refused.
* 70096, 70134: rows of / cells whose strokes read ``1 1`` / ``11`` (two /), or sit beside
  a watermark's 人, are rows of strokes, not employer code 11 or amounts of 1.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from shebao.ingest.pipeline import extract_pages

from .test_recorded import _scoring, load_fixture

HERE = Path(__file__).resolve().parent / "unseen"


def _read(seed: int, rereads: bool = True):
    pages, truth, _ = load_fixture(HERE / f"{seed}.json", rereads=rereads)
    found = extract_pages(pages, truth.document.file, truth.document.sha256)
    return found, truth, _scoring().score(found, truth)


def test_wrapped_base_label_under_a_group_is_one_label():
    found, truth, score = _read(30005)
    medical = {c.month: c.base for c in found.contributions if c.insurance == "medical"}
    want = {c.month: c.base for c in truth.contributions if c.insurance == "medical"}
    assert len(want) == 7 and medical == want  # (7 months shown of 12)
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields if score.accuracy(n) < 1} == {}


@pytest.mark.parametrize("seed", [30001, 30007])
def test_slashes_read_as_x_or_1_are_no_employer_code(seed):
    found, truth, score = _read(seed)
    codes = {c.employer_code for c in found.contributions}
    assert codes == {c.employer_code for c in truth.contributions}
    assert score.f1 == 1.0
    not_insured = [c for c in found.contributions if c.status == "not_insured"]
    assert not_insured and all(c.employer_code is None and c.base is None for c in not_insured)


def test_a_slash_at_the_edge_of_the_next_cell_is_no_employer_code():
    """70096: 未参保 months print / in every cell, a text column's at its cell's left edge;
    on the skewed photo the 参保单位 cell's / fell into the 单位管理码 cell beside that
    cell's own /, both read 1: the cell ``1 1`` made employer code 11 (a record that matched
    no truth). Two strokes, each its own box, in a row of strokes are two /."""
    from shebao.ingest.table import Column, Header, _slash_row

    found, truth, score = _read(70096)
    assert {c.employer_code for c in found.contributions} == {
        c.employer_code for c in truth.contributions}
    assert score.f1 == 1.0
    header = Header(1, 0.0, 10.0, [
        Column("ym", "所属年月", None, 0.0, 10.0),
        Column("employer_code", "单位管理码", None, 10.0, 20.0),
        Column("employer", "参保单位", None, 20.0, 30.0),
        Column("personal_amount", "个人缴费", None, 30.0, 40.0),
        Column("base", "缴费工资", None, 40.0, 50.0)])
    assert _slash_row(["2024年06月", "1 1", "", "1", "l"], header) == [
        "2024年06月", "/", "", "/", "/"]
    # a row with a number is no row of strokes
    assert _slash_row(["2024年06月", "1 1", "", "1", "3404.00"], header)[1] == "1 1"
    assert _slash_row(["2024年06月", "111", "", "1", ""], header)[1] == "111"


def test_strokes_beside_a_watermark_character_are_slashes_not_numbers():
    """70134 (wide): a watermark over a 未参保 row of / cells: one / read 人 (a number
    cell that is no number), another read 11 as one box; the row was no row of strokes, so
    its strokes became the numbers 1 and 11 (5 wrong values, all named). A cell that is no
    number says nothing of whether the row prints numbers; two strokes in one box are two."""
    from shebao.ingest.table import Column, Header, _slash_row

    found, _truth, score = _read(70134)
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields if score.accuracy(n) < 1} == {}
    not_insured = [c for c in found.contributions if c.status == "not_insured"]
    assert not_insured and all(c.base is None and c.employer_amount is None
                               and c.personal_amount is None for c in not_insured)
    header = Header(1, 0.0, 10.0, [
        Column("ym", "缴费年月", None, 0.0, 10.0),
        Column("base", "基数", None, 10.0, 20.0),
        Column("employer_amount", "单位交", None, 20.0, 30.0),
        Column("personal_amount", "个人交", None, 30.0, 40.0),
        Column("status", "缴费状况", None, 40.0, 50.0)])
    assert _slash_row(["2024-05", "1", "人", "11", "未参保"], header) == [
        "2024-05", "/", "人", "/", "未参保"]
    # cells that are no number outnumbering the strokes: no row of strokes
    assert _slash_row(["2024-05", "人", "本证", "1", "未参保"], header)[3] == "1"


def test_rows_whose_month_was_lost_are_named_and_counted():
    """(Without the second look at the image: the recorded pages alone.)"""
    found, truth, score = _read(30006, rereads=False)
    unread = sorted(w.row for w in found.warnings if w.code == "row_unread")
    assert unread == [2, 14, 18, 19, 20, 21, 22, 29, 30]
    assert all("月份" in w.message for w in found.warnings if w.code == "row_unread")
    # the rows read keep their printed numbers; nothing is invented for the lost ones
    rows = {(c.month, c.insurance): c.row for c in truth.contributions}
    assert all(rows[c.month, c.insurance] == c.row for c in found.contributions)
    assert len(found.contributions) == len(truth.contributions) - len(unread)
    assert score.accuracy("contribution.row") == 1.0
    assert {n: score.accuracy(n) for n in score.fields
            if n.startswith("contribution.") and score.accuracy(n) < 1} == {}


def test_subtotal_rows_are_not_lost_rows_and_a_dash_read_as_one_is_a_separator():
    """31018: 2024年小计 lines are subtotals (not rows whose month was lost), and the code
    list prints 53598472—郑州市… whose dash the OCR reads as 一."""
    found, _truth, score = _read(31018)
    assert not [w for w in found.warnings if w.code == "row_unread"]
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields if score.accuracy(n) < 1} == {}
    assert not [c.employer for c in found.contributions if (c.employer or "").startswith("一")]


def test_a_status_cell_the_ocr_lost_is_named_not_silently_paid():
    """30009: the last row's 未到帐 and its 0.00 were lost at the blurred foot of the photo;
    the status would read paid: the cells are named and the row's confidence halved.
    (Without the second look at the image: the recorded pages alone.)"""
    found, _truth, _score = _read(30009, rereads=False)
    lost = [(w.row, w.message) for w in found.warnings if w.code == "cell_unread"]
    assert [row for row, _ in lost] == [40, 40]
    assert any("缴费标志" in m for _, m in lost) and any("个人缴费" in m for _, m in lost)
    last = [c for c in found.contributions if c.row == 40]
    assert last and all(c.confidence <= 0.5 for c in last)
    assert all(c.confidence > 0.5 for c in found.contributions if c.row != 40)


def test_a_unit_whose_closing_bracket_the_ocr_lost_still_ends_the_label():
    """30019: page 1's base label is read 缴费基数（元 (the closing bracket lost); it is the
    base column (every page-1 base was empty), as 缴费基数（元) is on page 2."""
    found, truth, score = _read(30019)
    assert found.document.pages == 2  # two photos, one document
    page1 = {(c.month, c.insurance): c.base for c in found.contributions if c.page == 1}
    want = {(c.month, c.insurance): c.base for c in truth.contributions if c.page == 1}
    assert page1 == want and any(page1.values())
    assert score.accuracy("contribution.base") == 1.0


def test_a_print_mark_set_larger_than_the_title_is_not_the_title():
    """31023: 打印专用 is printed beside （参保人员） in a larger type than the title
    北京市社会保险个人缴费信息; the title (and the insured place it names) is the line whose
    words name a document, not the largest type."""
    found, truth, score = _read(31023)
    assert truth.person.insured_place == "北京市"
    assert found.person.insured_place == "北京市"
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields
            if n.startswith(("person.", "contribution.")) and score.accuracy(n) < 1} == {}


@pytest.mark.parametrize(("seed", "rows"), [(30006, [2, 14, 18, 19, 20, 21, 22, 29, 30]),
                                            (30015, [4, 5, 6, 7, 8])])
def test_month_cells_the_detector_missed_are_read_by_a_second_look(seed, rows):
    """The month numbers alone in their cells (7, 05, 11) that the detector did not see are
    read from the cell's box of the page image: every row is read, each such cell named with
    what was read and its score, and the row's confidence says it (× 0.8)."""
    found, _truth, score = _read(seed)
    assert not [w for w in found.warnings if w.code == "row_unread"]
    again = [w for w in found.warnings if w.code == "cell_reread"]
    assert sorted(w.row for w in again) == rows
    assert all("月份" in w.message and "置信度" in w.message for w in again)
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields
            if n.startswith("contribution.") and score.accuracy(n) < 1} == {}
    before = {(c.row, c.insurance): c.confidence for c in _read(seed, rereads=False)[0]
              .contributions}
    for c in found.contributions:
        if c.row in rows:
            assert c.confidence <= 0.8
        else:
            assert c.confidence >= before[c.row, c.insurance]


@pytest.mark.parametrize("reading", [("未参保", 0.99), ("05", 0.5), ("", 0.0), ("13", 0.99)])
def test_a_second_look_that_reads_no_month_adds_nothing(reading):
    """A second reading is kept only when it makes the line a row by the table's own key test
    and scores at least 0.8: a status word, a low score, nothing, or month 13 leave the rows
    unread and named."""
    pages, truth, _ = load_fixture(HERE / "30015.json", rereads=False)
    asked = []
    for page in pages:
        page.reread = lambda boxes: asked.extend(boxes) or [reading] * len(boxes)
    found = extract_pages(pages, truth.document.file, truth.document.sha256)
    assert len(asked) == 5  # the five empty month cells, one look each
    assert sorted(w.row for w in found.warnings if w.code == "row_unread") == [4, 5, 6, 7, 8]
    assert not [w for w in found.warnings if w.code == "cell_reread"]


def test_a_second_look_that_fails_reads_nothing():
    """The backend's second look never makes a reading fail: an image that cannot be had
    reads as nothing."""
    from shebao.ingest.ocr.backend import Rereader

    class Broken:
        def corrected_image(self, path, page):
            raise OSError("gone")

    look = Rereader(Broken(), HERE / "missing.jpg", object(), None)  # type: ignore[arg-type]
    assert look([(1, 2, 30, 20), (5, 5, 40, 25)]) == [("", 0.0), ("", 0.0)]


def test_confident_misreads_at_the_foot_of_a_photo_are_each_named():
    """31007: the last month's four rows at the blurred foot of the photo are misread with
    high scores (base 3659 read 8659 / 9 / 8650, 21.95 read 1.95, 435. and 师98 in amount
    cells). Every one of those rows is named by a check (a base one digit off another
    insurance's of the same month, an amount above or under any rate of its base, a number
    cell read as no number) and its records carry a confidence of at most 0.5."""
    found, truth, _score = _read(31007)
    wrong_rows = {c.row for c in found.contributions
                  for t in truth.contributions
                  if (t.month, t.insurance) == (c.month, c.insurance)
                  and (t.base, t.employer_amount) != (c.base, c.employer_amount)}
    assert wrong_rows == {41, 42, 43, 44}
    named = {w.row for w in found.warnings
             if w.code in ("ocr_digit_suspect", "amount_check_failed", "cell_unread")}
    assert wrong_rows <= named
    assert all(c.confidence <= 0.5 for c in found.contributions if c.row in wrong_rows)
    codes = {w.code for w in found.warnings if w.row == 44}
    assert {"ocr_digit_suspect", "amount_check_failed", "cell_unread"} <= codes


@pytest.mark.parametrize(("shift", "scale"), [(0.0, 1.0), (40.0, 0.95), (80.0, 0.92),
                                              (-60.0, 1.08)])
def test_a_photo_continuing_the_table_without_its_header_takes_the_last_pages_columns(
        shift, scale):
    """30019's second photo with its header cut off (a table continued on the next photo,
    its header not repeated), taken a little nearer or further and aside (x scaled and
    shifted): its rows are read under page 1's columns fitted to where this photo's cells
    stand, and the page says so (``header_carried``)."""
    from shebao.ingest.words import Word

    pages, truth, _ = load_fixture(HERE / "30019.json")
    second = pages[1]
    header = [w for w in second.words if 100 < w.top < 160 and "页" not in w.text]
    assert len(header) >= 9  # every label of the header, and only those
    second.words = [Word(w.text, w.x0 * scale + shift, w.top, w.x1 * scale + shift,
                         w.bottom, w.confidence) for w in second.words if w not in header]
    found = extract_pages(pages, truth.document.file, truth.document.sha256)
    score = _scoring().score(found, truth)
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields
            if n.startswith("contribution.") and score.accuracy(n) < 1} == {}
    carried = [w for w in found.warnings if w.code == "header_carried"]
    assert [(w.page, "第 1 页的表头" in w.message) for w in carried] == [(2, True)]


def test_lost_status_and_amount_cells_are_read_by_a_second_look():
    """30009 again, with the second look at the image: the lost cells of the last row are
    read from their boxes (0.00 and 木到帐, which is 未到帐 one character off: a status word
    read on a photo is matched confusion-aware, as header labels are), each named
    (``cell_reread``) with its score; nothing is left unread and the status is pending."""
    found, truth, score = _read(30009)
    assert not [w for w in found.warnings if w.code == "cell_unread"]
    again = sorted((w.row, w.message) for w in found.warnings if w.code == "cell_reread")
    assert [row for row, _ in again] == [40, 40]
    assert any("木到帐" in m and "置信度 0.91" in m for _, m in again)
    last = {c.insurance: c for c in found.contributions if c.row == 40}
    want = {c.insurance: c for c in truth.contributions if c.row == 40}
    assert {i: (c.status, c.personal_amount) for i, c in last.items()} == {
        i: (c.status, c.personal_amount) for i, c in want.items()}
    assert all(c.confidence <= 0.8 for c in last.values())
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields
            if n.startswith("contribution.") and score.accuracy(n) < 1} == {}


def test_a_first_row_whose_month_was_lost_right_under_the_header_is_read():
    """70002: the first row under the header lost its month (9 alone in its cell) and sits
    further below the header than a row height: it is a row of values the OCR lost the key
    of, so it is counted (every row keeps its printed number) and read by a second look."""
    found, _truth, score = _read(70002)
    assert sorted(w.row for w in found.warnings if w.code == "cell_reread") == [1, 3, 5, 9]
    assert score.f1 == 1.0 and score.accuracy("contribution.row") == 1.0
    found, _truth, score = _read(70002, rereads=False)
    assert sorted(w.row for w in found.warnings if w.code == "row_unread") == [1, 3, 5, 9]
    assert score.accuracy("contribution.row") == 1.0


def test_a_second_look_keeps_no_number_printed_unlike_its_column():
    """70021: the crop of a lost 18.30 at the blurred foot of the photo reads 830 (score
    0.99): the column prints two decimals, so it is no reading of the cell; the cell stays
    named as unread, and nothing wrong is added."""
    found, _truth, _score = _read(70021)
    assert [w.row for w in found.warnings
            if w.code == "cell_unread" and "单位缴费额" in w.message] == [45]
    assert not [w for w in found.warnings if w.code == "cell_reread"]
    row45 = [c for c in found.contributions if c.row == 45]
    assert row45 and all(c.employer_amount is None for c in row45)


def test_an_employer_name_cut_at_its_cells_edges_is_the_whole_name_printed_elsewhere():
    """70042: the employer's long name is cut at its narrow cell's edges on several rows
    (…有限公, 门市…有限公); it is the name printed whole on the other rows: each such
    row takes it and is named (``employer_name_completed``)."""
    found, truth, score = _read(70042)
    assert {c.employer for c in found.contributions if c.employer} == {
        c.employer for c in truth.contributions if c.employer}
    named = sorted(w.row for w in found.warnings if w.code == "employer_name_completed")
    assert named == [4, 6, 7, 8, 11, 12]
    assert score.f1 == 1.0
    assert all(c.confidence <= 0.8 for c in found.contributions if c.row in named)


def test_one_month_label_over_the_year_and_month_cells_reads_every_row():
    """70163: the narrow 年 | 月 cells are read by the OCR as one box 年月 standing over the
    year cells, the month cells (05, 06 …) in the ruled cell beside it under no label; and
    缴费档次 wrapped as 缴费 | 档次, 缴费 taken for a year. The 年月 column holds years and the
    cells beside it month numbers: the year and month pair (it was refused: "no insurance
    column", though the title names 医疗保险); the 缴费 cells hold 一档, no years: no year
    column. Every row is read (the single-digit 序号 cells the detector missed cost none:
    rows are numbered as printed)."""
    found, truth, score = _read(70163)
    assert [(c.row, c.month) for c in found.contributions] == [
        (c.row, c.month) for c in truth.contributions]
    assert {c.insurance for c in found.contributions} == {"medical"}
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields
            if n.startswith("contribution.") and score.accuracy(n) < 1} == {}
    notes = [w.message for w in found.warnings if w.code == "column_role_from_content"]
    assert any("“年月”一列只有年份" in m for m in notes)
    assert any("“缴费”一列的格子里不是年份" in m for m in notes)


def test_a_month_column_whose_year_label_was_lost_takes_the_years_beside_it():
    """70182: the 年 label was lost by the OCR (and every 序号 cell); the years stand in
    the ruled cell before 月 under no label: they are the year column (it was refused: "no
    year column"). The month cells the detector missed are read by a second look (rows 14,
    15: the line right above the 合计 row too), but for row 8, whose crop reads 改 (score
    0.30): that row is named, not guessed."""
    found, truth, score = _read(70182)
    want = {c.month for c in truth.contributions}
    assert {c.month for c in found.contributions} == want - {"2024-07"}
    rows = {c.month: c.row for c in truth.contributions}
    assert all(rows[c.month] == c.row for c in found.contributions)
    assert [w.row for w in found.warnings if w.code == "row_unread"] == [8]
    assert sorted(w.row for w in found.warnings if w.code == "cell_reread") == [14, 15]
    assert {n: score.accuracy(n) for n in score.fields
            if n.startswith("contribution.") and score.accuracy(n) < 1} == {}
    assert any("“月”旁边有一列没有读出标题，但格子里都是年份" in w.message
               for w in found.warnings)
    # without the second look the three rows are named, none lost without a word
    found, _truth, _score = _read(70182, rereads=False)
    assert sorted(w.row for w in found.warnings if w.code == "row_unread") == [8, 14, 15]


def test_a_row_holding_only_its_year_and_a_status_is_a_row_whose_month_was_lost():
    """70138: a 未参保 row prints no number; the detector missed its month (4), leaving
    2024 | 未参保. It was dropped without a word and every row below it took the number of
    the one above (rows 12, 13 read as 11, 12). A line holding half of a year | month key
    and something more is a printed row whose month was lost: named (``row_unread``) and
    counted, and read by a second look at its month cell."""
    found, truth, score = _read(70138, rereads=False)
    assert [w.row for w in found.warnings if w.code == "row_unread"] == [11]
    assert score.accuracy("contribution.row") == 1.0
    assert len(found.contributions) == len(truth.contributions) - 1
    found, truth, score = _read(70138)
    assert [w.row for w in found.warnings if w.code == "cell_reread"] == [11]
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields
            if n.startswith("contribution.") and score.accuracy(n) < 1} == {}


def test_a_row_whose_only_number_survived_is_named_itself():
    """70021 row 44, at the blurred foot of the photo: its base and personal amount were
    lost and its one surviving number is misread (956.13 for 256.13). The page's
    total_mismatch was all that named it; now the row's lost cells are named
    (``cell_unread``: 缴费基数 and 个人应缴金额, row 44) and its record's confidence halved,
    though only one number is left on the row."""
    found, truth, _score = _read(70021)
    lost = sorted((w.row, w.message.split("“")[1].split("”")[0]) for w in found.warnings
                  if w.code == "cell_unread" and w.row == 44)
    assert lost == [(44, "个人应缴金额"), (44, "缴费基数")]
    row44 = [c for c in found.contributions if c.row == 44]
    want = {c.month for c in truth.contributions if c.row == 44 and c.page == 1}
    assert row44 and {c.month for c in row44} == want
    assert all(c.base is None and c.confidence <= 0.5 for c in row44)


def test_a_lost_status_in_a_note_column_is_named_with_what_a_second_look_saw():
    """70193: the status words stand in a 备注 column (正常应缴 / 欠费 / 未参保); at the foot
    of the photo the 欠费 of rows 41 and 42 (medical, injury) lie under the red seal and were
    lost, and the rows read as paid with no word. The blank cells of a note column of status
    words are lost cells like a status column's, and each is looked at again. Row 42's plain
    crop reads 冬欠费 (0.77, too low); with the seal's red ink faded it reads 欠费 (1.00):
    kept, named (``cell_reread``), the month in arrears. Row 41's cleaned crop reads 次费
    (0.43): still named (``cell_unread``, what the second look saw quoted), its record's
    confidence halved. A number cell under the seal keeps its plain reading's rule: row 40's
    base reads 7317 plainly and 1314 cleaned (the seal cut the 7s): no agreement, not read."""
    found, truth, _score = _read(70193)
    lost = {w.row: w.message for w in found.warnings
            if w.code == "cell_unread" and "备注" in w.message}
    assert sorted(lost) == [41]
    assert "次费" in lost[41] and "0.43" in lost[41] and "没有采用" in lost[41]
    reread = [w for w in found.warnings if w.code == "cell_reread"]
    assert [(w.row, "欠费" in w.message, "1.00" in w.message) for w in reread] == [
        (42, True, True)]
    want = {(c.month, c.insurance): c.status for c in truth.contributions}
    row42 = [c for c in found.contributions if c.row == 42]
    assert row42 and all(c.status == "arrears" == want[c.month, c.insurance] for c in row42)
    wrong = [c for c in found.contributions if c.status != want[c.month, c.insurance]]
    assert {c.row for c in wrong} == {41}  # (read as paid) ...
    assert all(c.confidence <= 0.5 for c in wrong)  # ... named and doubted, not silent
    assert all(c.base is None for c in found.contributions if c.row == 40)  # (not 1314)
    assert any(w.code == "cell_unread" and w.row == 40 and "缴费工资" in w.message
               for w in found.warnings)
    found, _truth, _score = _read(70193, rereads=False)
    assert sorted(w.row for w in found.warnings
                  if w.code == "cell_unread" and "备注" in w.message) == [41, 42]


def test_an_id_number_wrapped_in_its_cell_is_joined_by_its_checksum():
    """70060: the ID number wraps in its boxed-grid cell as 34222119870621517 / 7, the two
    boxes further apart than the old 0.4-line limit (a photo's boxes hug the glyphs); the
    whole passes the ID checksum, which proves the join."""
    found, truth, score = _read(70060)
    assert found.person.id_number == truth.person.id_number == "342221198706215177"
    assert found.person.social_security_number == truth.person.social_security_number
    assert score.accuracy("person.id_number") == 1.0


def test_a_month_read_as_one_box_across_a_column_cut_is_not_split():
    """70069: 202503 and two more months were read as one box reaching over the 序号 | 所属期
    cut; split by characters they made 2 | 02503 and three rows unread. A word that is one
    month stays whole in the column holding most of it. The ruled row holding only 未缴费
    (its month 202502 missed by the detector) is a row whose month was lost: counted and
    read by a second look (202502, named), so every row keeps its printed number."""
    found, _truth, score = _read(70069)
    assert not [w for w in found.warnings if w.code == "row_unread"]
    assert [w.row for w in found.warnings if w.code == "cell_reread"] == [3]
    assert score.f1 == 1.0 and score.accuracy("contribution.row") == 1.0
    found, _truth, score = _read(70069, rereads=False)
    assert [w.row for w in found.warnings if w.code == "row_unread"] == [3]
    assert score.accuracy("contribution.row") == 1.0


@pytest.mark.parametrize(("seed", "row"), [(70138, 11), (70112, 9)])
def test_a_month_without_values_whose_key_was_lost_is_counted_and_read_again(seed, row):
    """A month printed without values (未参保) whose month the detector missed leaves a line
    holding only the status word and text or part of its key (70138: 2024 | 未参保; 70112:
    工伤保险 | 未参保, year and month both lost). It was dropped with no word and every row
    below it took the wrong number; it is a row whose key was lost: counted (named
    ``row_unread`` without the second look) and read by a second look at its key cells."""
    found, _truth, score = _read(seed, rereads=False)
    assert row in [w.row for w in found.warnings if w.code == "row_unread"]
    assert score.accuracy("contribution.row") == 1.0
    found, _truth, score = _read(seed)
    assert not [w for w in found.warnings if w.code == "row_unread"]
    assert row in [w.row for w in found.warnings if w.code == "cell_reread"]
    assert score.f1 == 1.0 and score.accuracy("contribution.row") == 1.0


def test_a_status_read_in_its_traditional_form_is_the_status():
    """70299: the model read the last row's 欠费 as 欠費 (traditional 費); no status word
    matched it, so three arrears months came out as paid with no warning. The traditional
    forms of the status words' characters are OCR confusions (``confusions.yaml``)."""
    found, truth, score = _read(70299)
    assert {c.status for c in found.contributions if c.month == "2025-10"} == {"arrears"}
    assert score.accuracy("contribution.status") == 1.0
    assert {c.status for c in found.contributions} == {c.status for c in truth.contributions}


def test_a_status_cell_read_as_no_status_word_is_named():
    """The safety net under the confusions: 70299's 欠費 replaced by 欠赛 (no status word is
    near it) leaves the row's status unread, and a warning names the cell and what it held,
    so a row read as paid from it is not silent."""
    pages, truth, _ = load_fixture(HERE / "70299.json")
    pages = [replace(p, words=[replace(w, text="欠赛") if w.text == "欠費" else w
                               for w in p.words]) for p in pages]
    found = extract_pages(pages, truth.document.file, truth.document.sha256)
    named = [w for w in found.warnings if w.code == "cell_unread" and "欠赛" in w.message]
    assert [(w.row, "参保情况" in w.message) for w in named] == [(11, True)]
    assert "不是已知的缴费状态" in named[0].message
    # the words that are statuses raise nothing
    found, _truth, _score = _read(70299)
    assert not [w for w in found.warnings if "不是已知的缴费状态" in w.message]


def test_a_lost_status_in_a_pay_type_column_is_named():
    """70391: the 缴费类型 column holds the statuses (已到账 / 欠缴); the stamp over the last
    rows hid two 欠缴 cells, which read as paid with no word. A pay-type column whose content
    is status words is a status column for lost cells, as a 备注 one is: both blank cells are
    named (``cell_unread``) and looked at again (the stamp's ink reads 平 at 0.19: not kept)."""
    found, truth, _score = _read(70391)
    lost = [w for w in found.warnings if w.code == "cell_unread" and "缴费类型" in w.message]
    assert sorted(w.row for w in lost) == [44, 45]
    assert all("没有识别出内容" in w.message for w in lost)
    wrong = {(c.month, c.insurance) for c in found.contributions
             if c.status != next(t.status for t in truth.contributions
                                 if (t.month, t.insurance) == (c.month, c.insurance))}
    assert wrong <= {("2025-05", "medical"), ("2025-05", "maternity")}
    assert all(c.confidence < 1 for c in found.contributions if c.row in (44, 45))


@pytest.mark.parametrize("seed", [70209, 70341])
def test_year_and_month_labels_read_as_one_box_with_no_space_are_read(seed):
    """70209 (年 | 月份 read 年月份) was refused "no table header"; 70341 (年度 | 月 read
    年度月) took its 做账期号 column, a month later than the month paid for, as the month key:
    every month, paid date and status one month off, with no warning. The box is cut into
    the two labels known as printed (``table._two_labels``)."""
    found, truth, score = _read(seed)
    assert [c.month for c in found.contributions] == [c.month for c in truth.contributions]
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields if score.accuracy(n) < 1} == {}


def test_an_insurance_named_in_a_title_read_with_a_look_alike_counts(monkeypatch):
    """70385: the title 养老保险缴费明细 was read 工界老保险缴费明细 (界 for 养), the table has
    no 险种 column, and the page was refused "no insurance column". A title word read with
    one listed look-alike names the insurance; an arbitrary character does not. The page's
    columns lean (6.1° straightened, then each column ~4 px further right a row): the
    header's cuts split lower rows' cells (the employer code 81803319 cut into 8180331 | 9,
    0.00 | 526.24 read 0 526.24; F1 0.556). Stood upright by the measured drift
    (``level.column_slope``), every record is read as printed."""
    from shebao.ingest import level
    from shebao.ingest.lexicon import Lexicon
    from shebao.ingest.pipeline import _single_insurance, profile_by_id
    from shebao.ingest.profiles import vocabulary

    found, truth, score = _read(70385)
    assert {c.insurance for c in found.contributions} == {"pension"}
    assert [c.month for c in found.contributions] == [c.month for c in truth.contributions]
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields if score.accuracy(n) < 1} == {}
    assert not [w for w in found.warnings
                if w.code in ("employer_code_unlisted", "cell_unread", "unlabelled_column")]
    # the columns' drift left as it is: the cut code, named
    monkeypatch.setattr(level, "MIN_COLUMN_DRIFT", float("inf"))
    found, truth, score = _read(70385)
    unlisted = [w for w in found.warnings if w.code == "employer_code_unlisted"]
    assert [w.row for w in unlisted] == [4, 5] and "8180331" in unlisted[0].message
    assert score.f1 < 0.6
    lex = Lexicon(vocabulary(), profile_by_id("generic"))
    assert _single_insurance(lex, "工界老保险缴费明细", ocr=True) == "pension"
    assert _single_insurance(lex, "工界老保险缴费明细") is None  # a text layer: as printed
    assert _single_insurance(lex, "工丙老保险缴费明细", ocr=True) is None


def _damaged_70341(label: str | None, lose_months: bool = False):
    """70341's recorded OCR with its glued 年度月 label replaced by ``label`` (None: lost),
    and with its month cells (01 … 12 in the ruled cell after the years) lost."""
    import re

    pages, truth, _ = load_fixture(HERE / "70341.json")

    def month_cell(w) -> bool:
        return (lose_months and 874 < (w.x0 + w.x1) / 2 < 914 and w.top > 380
                and re.fullmatch(r"\d\d", w.text) is not None)

    pages = [replace(p, words=[replace(w, text=label) if w.text == "年度月" else w
                               for w in p.words
                               if not (w.text == "年度月" and label is None)
                               and not month_cell(w)]) for p in pages]
    return pages, truth


@pytest.mark.parametrize("label", [None, "年x月", "月度月"])
def test_70341_with_its_month_label_lost_or_garbled_takes_the_month_from_its_cells(label):
    """70341 beside its 做账期号 column (the month booked, one month after the month paid
    for): with the 年度月 box lost, or read as no label, the header named no month and the
    做账期号 column was the month key by content - every month, paid date and status one
    month late. The year cells and the month cells beside them, in order, are the month key."""
    pages, truth = _damaged_70341(label)
    found = extract_pages(pages, truth.document.file, truth.document.sha256)
    assert [c.month for c in found.contributions] == [c.month for c in truth.contributions]
    score = _scoring().score(found, truth)
    assert score.f1 == 1.0
    assert {n: score.accuracy(n) for n in score.fields if score.accuracy(n) < 1} == {}
    notes = [w.message for w in found.warnings if w.code == "column_role_from_content"]
    assert any("按年、月两列读取" in m for m in notes)
    assert not any("做账期号" in m for m in notes)


@pytest.mark.parametrize("label", [None, "年x月"])
def test_70341_with_its_month_cells_lost_too_is_refused_not_read_a_month_late(label):
    """The month cells lost as well: the years still stand there, so the 做账期号 months are
    not taken for the months paid for; refused, naming the column."""
    from shebao.errors import InputError

    pages, truth = _damaged_70341(label, lose_months=True)
    with pytest.raises(InputError) as err:
        extract_pages(pages, truth.document.file, truth.document.sha256)
    assert "“做账期号”是入账的月份" in err.value.zh
