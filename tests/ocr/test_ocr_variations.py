"""What another OCR run of the same page gives, and the table logic must survive.

Each test takes a recorded fixture and changes it the way a later recording (another pipeline
version, another photo of the same sheet) read that page, then checks the records.
"""

from __future__ import annotations

from pathlib import Path

from shebao.ingest.pipeline import extract_pages
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
