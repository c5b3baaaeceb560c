"""Values the OCR read in pieces: a number wrapped over several lines of its cell, and a
month read as one box across a column cut (``ingest/table.py``: ``stitch_wrapped_numbers``,
``_split_word``). Random IDs and layouts, fixed seeds."""

from __future__ import annotations

import random

import pytest
from shebao.ingest.table import _split_word, stitch_wrapped_numbers
from shebao.ingest.words import Rule, Word

from shebao.idnumber import id_check_char, id_checksum_ok

H = 16.0  # a line's height


def _id(rng: random.Random) -> str:
    first = f"{rng.randint(110000, 659999)}{rng.randint(1950, 2005)}" \
        f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return first + id_check_char(first)


def _wrapped(text: str, width: int, gaps: list[float], x0: float = 500.0,
             top: float = 200.0) -> list[Word]:
    """``text`` in lines of ``width`` characters, left-aligned, the gaps between lines in
    line heights."""
    out, y = [], top
    for k in range(0, len(text), width):
        piece = text[k:k + width]
        out.append(Word(piece, x0, y, x0 + 9.0 * len(piece), y + H, 0.99))
        y += H + H * gaps[min(k // width, len(gaps) - 1)]
    return out


@pytest.mark.parametrize("seed", range(40))
def test_an_id_wrapped_over_several_lines_is_joined_by_its_checksum(seed):
    """Any ID number, wrapped 3 to 9 digits a line (up to six lines), the lines up to 0.95
    of a line apart (a photo's boxes hug the glyphs), beside a label and another value:
    joined, because the whole passes the checksum."""
    rng = random.Random(seed)
    number = _id(rng)
    width = rng.randint(3, 9)
    lines = -(-18 // width)
    if lines > 6:
        width, lines = 4, 5
    gaps = [rng.uniform(0.1, 0.95) for _ in range(lines)]
    words = [Word("社会保障号码", 300, 200 + 0.3 * H, 420, 200 + 1.3 * H, 1.0),
             *_wrapped(number, width, gaps)]
    joined = [w.text for w in stitch_wrapped_numbers(words)]
    assert number in joined and len(joined) == 2


@pytest.mark.parametrize("seed", range(20))
def test_pieces_that_fail_the_checksum_are_not_joined_across_a_wide_gap(seed):
    """The same pieces with a wrong check character (an 18-digit number that is no ID) and
    lines more than 0.4 of a line apart, on a page without rules: left as they are."""
    rng = random.Random(seed)
    number = _id(rng)
    bad = number[:17] + next(c for c in "0123456789" if c != number[17])
    assert not id_checksum_ok(bad)
    words = _wrapped(bad, 9, [rng.uniform(0.45, 0.95)])
    assert [w.text for w in stitch_wrapped_numbers(words)] == [bad[:9], bad[9:]]


def _cell(y0: float, y1: float) -> list[Rule]:
    return [Rule(480, y0, 700, y0), Rule(480, y1, 700, y1)]


def test_a_social_security_number_wrapped_in_one_ruled_cell_is_joined():
    """No checksum for a social-security number: its pieces are joined across a wide gap
    only inside one ruled cell (a rule above and below, none between), the last shorter."""
    words = _wrapped("54389756140", 9, [0.8])
    assert [w.text for w in stitch_wrapped_numbers(words)] == ["543897561", "40"]
    assert [w.text for w in stitch_wrapped_numbers(words, _cell(190, 260))] == [
        "54389756140"]
    # a rule between the pieces: two cells, two values
    between = [*_cell(190, 260), Rule(480, 218, 700, 218)]
    assert [w.text for w in stitch_wrapped_numbers(words, between)] == ["543897561", "40"]


def test_two_codes_of_one_length_in_a_box_are_not_one_number():
    """A column of codes as long as each other (two rows of a code list under one rule) is
    no wrapped number, ruled box or not."""
    words = _wrapped("3411625866502829", 8, [0.6])
    assert [w.text for w in stitch_wrapped_numbers(words, _cell(190, 250))] == [
        "34116258", "66502829"]


@pytest.mark.parametrize("month", ["202503", "2025-03", "202412", "2024年12月"])
@pytest.mark.parametrize("cut_at", [1, 2])
def test_a_month_read_as_one_box_over_a_column_cut_stays_whole(month, cut_at):
    """A month the OCR read as one box that reaches a character or two over a column cut
    stays one word (its centre puts it in its column); cut by characters it was 2 | 02503
    and its row unread."""
    per = 10.0
    w = Word(month, 100.0, 50.0, 100.0 + per * len(month), 62.0, 0.99)
    assert [p.text for p in _split_word(w, [100.0 + per * cut_at])] == [month]


def test_year_and_month_cells_read_as_one_box_are_still_cut():
    """年 | 月 columns whose cells the OCR read as one box (2024 05): cut after the year,
    the two cells are two words, as before; other words over a cut are cut too."""
    w = Word("202405", 100.0, 50.0, 160.0, 62.0, 0.99)
    assert [p.text for p in _split_word(w, [140.0])] == ["2024", "05"]
    w = Word("上海市3659.00", 100.0, 50.0, 190.0, 62.0, 0.99)
    assert [p.text for p in _split_word(w, [130.0])] == ["上海市", "3659.00"]
