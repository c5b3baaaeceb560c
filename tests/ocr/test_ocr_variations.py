"""What another OCR run of the same page gives, and the table logic must survive.

Each test takes a recorded fixture and changes it the way a later recording (another pipeline
version, another photo of the same sheet) read that page, then checks the records.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from shebao.ingest.checks import flagged_rows
from shebao.ingest.grid import table_grid
from shebao.ingest.pipeline import analyse, extract_pages
from shebao.ingest.words import Word

from .test_recorded import load_fixture

FIXTURE = Path(__file__).parent / "fixtures" / "earlier" / "L5-henan-scan.json"


def _month_row(pages, label: str) -> Word:
    return next(w for w in pages[0].words if w.text == label and w.x0 < 0.2 * pages[0].width)


def _pension_status_x(pages) -> float:
    labels = sorted((w for w in pages[0].words if w.text == "缴费情况"), key=lambda w: w.x0)
    return labels[0].xc  # the first group of the grid is 基本养老保险


def test_a_lost_marker_in_a_status_grid_row_is_unpaid_like_a_blank_row():
    """A status grid (河南 个人权益记录单) prints a marker in every insurance cell of every
    month row. The earlier recording of the scan reads rows 01-09 with no marker at all; a
    later one read one ``-`` in row 02, under 基本养老保险's 缴费情况, and lost the other
    two. The month still has its three insurances, all unpaid."""
    pages, truth, _ = load_fixture(FIXTURE)
    row = _month_row(pages, "02")
    x = _pension_status_x(pages)
    pages[0].words.append(Word("-", x - 6, row.top, x + 6, row.bottom, 0.98))
    found = extract_pages(pages, truth.document.file, truth.document.sha256)
    february = {c.insurance: c.status for c in found.contributions if str(c.month) == "2024-02"}
    expected = {c.insurance: c.status for c in truth.contributions if str(c.month) == "2024-02"}
    assert expected == {"pension": "unpaid", "unemployment": "unpaid", "injury": "unpaid"}
    assert february == expected


def test_a_stamp_above_the_title_is_not_taken_for_the_title():
    """A seal's "(章)" printed above the title read taller than the title on a later scan of
    the Beijing statement, and the insured place (北京市, from the title) was lost."""
    pages, truth, _ = load_fixture(Path(__file__).parent / "fixtures" / "earlier" / "L5-scan.json")
    title = next(w for w in pages[0].words if w.text.startswith("北京市社会保险"))
    height = title.bottom - title.top
    for x in (0.35, 0.6):
        x0 = x * pages[0].width
        pages[0].words.append(Word("(章)", x0, title.top - 4 * height, x0 + 2.6 * height,
                                   title.top - 2.8 * height, 0.98))
    found = extract_pages(pages, truth.document.file, truth.document.sha256)
    assert truth.person.insured_place == "北京市"
    assert found.person.insured_place == "北京市"


SEED_2 = Path(__file__).parent / "fixtures" / "seed-2"


def test_a_decimal_point_read_as_a_digit_is_put_back_and_reported():
    """The seed-2 photo of the Jiangsu statement reads one 缴费基数 ``3404.00`` as ``3404200``
    (confidence 0.90, not flagged as low). Every other base of the column has two decimals, so
    the point is put back, and a warning names the cell, what was read and what is used."""
    pages, truth, _ = load_fixture(SEED_2 / "L2-phone.json")
    assert any(w.text == "3404200" for w in pages[0].words)
    found = extract_pages(pages, truth.document.file, truth.document.sha256)
    (september,) = [c for c in found.contributions
                    if str(c.month) == "2024-09" and c.insurance == "injury"]
    assert september.base == 3404.0 and (september.page, september.row) == (1, 3)
    (warning,) = [w for w in found.warnings if w.code == "number_repaired"]
    assert warning.page == 1 and "第 1 页第 3 行“缴费基数”识别为 3404200" in warning.message
    assert "读作 3404.00" in warning.message
    # the row is data too: in the JSON (not on page-level warnings) and on the debug grid
    listed = found.to_json_dict()["warnings"]
    assert {"code": "number_repaired", "page": 1, "row": 3}.items() <= next(
        w for w in listed if w["code"] == "number_repaired").items()
    assert all("row" not in w for w in listed if w["code"].startswith("ocr_"))
    assert flagged_rows(found.warnings, 1) == {3: "补回了小数点"}
    analysis = analyse(pages, truth.document.file, truth.document.sha256)
    grid = table_grid(analysis.tables, 1, list(pages[0].words), 0.8, flagged_rows(
        analysis.extract.warnings, 1))
    ((x0, top, x1, bottom, label),) = grid["flags"]
    read = next(w for w in pages[0].words if w.text == "3404200")
    assert label == "补回了小数点" and top <= read.yc <= bottom and x0 <= read.x0 < read.x1 <= x1


def test_a_dropped_decimal_point_is_put_back_when_only_one_reading_fits():
    """``340400`` (the point not read at all) becomes ``3404.00``; ``34042`` (too short for
    either reading to give the column's four-digit integers) is left as read."""
    for read, expected in (("340400", 3404.0), ("34042", 34042.0)):
        pages, truth, _ = load_fixture(SEED_2 / "L2-phone.json")
        pages[0].words = [replace(w, text=read) if w.text == "3404200" else w
                          for w in pages[0].words]
        found = extract_pages(pages, truth.document.file, truth.document.sha256)
        (september,) = [c for c in found.contributions
                        if str(c.month) == "2024-09" and c.insurance == "injury"]
        assert september.base == expected, read
        repaired = [w for w in found.warnings if w.code == "number_repaired"]
        assert len(repaired) == (read == "340400"), read


def test_a_tall_mark_over_a_row_does_not_join_its_cells():
    """The seed-2 scan of the generic statement reads a mark printed over the rows as ``SP``,
    three lines tall, just right of an employer's name; it must not become part of it."""
    pages, truth, _ = load_fixture(SEED_2 / "generic-scan.json")
    mark = next(w for w in pages[0].words if w.text == "SP")
    assert mark.bottom - mark.top > 2.5 * 18
    found = extract_pages(pages, truth.document.file, truth.document.sha256)
    employers = {c.employer for c in found.contributions}
    assert employers == {c.employer for c in truth.contributions}
