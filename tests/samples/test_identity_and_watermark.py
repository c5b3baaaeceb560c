"""Fake IDs carry valid check characters; every PDF layout carries the specimen watermark."""

from __future__ import annotations

import random
from datetime import date

import pdfplumber
import pytest
from shebao.samples import LAYOUTS, generate
from shebao.samples.identity import fake_id_number, id_check_char, id_number_valid


def test_check_character_of_the_standard_example():
    # GB 11643-1999 worked example
    assert id_check_char("11010519491231002") == "X"
    assert id_number_valid("11010519491231002X")
    assert not id_number_valid("110105194912310021")


def test_fake_ids_encode_birth_date_and_sex():
    rng = random.Random(1)
    for female in (True, False):
        for _ in range(50):
            value = fake_id_number(rng, "430521", date(1976, 3, 9), female)
            assert id_number_valid(value)
            assert value[6:14] == "19760309"
            assert int(value[16]) % 2 == (0 if female else 1)


PDF_LAYOUTS = [lay for lay in LAYOUTS if lay != "L6-xlsx"]


@pytest.mark.parametrize("layout", PDF_LAYOUTS)
def test_watermark_as_text_or_as_outlines(layout, tmp_path):
    as_text = generate(layout, 2, tmp_path / "t", watermark="text", months=14)
    as_paths = generate(layout, 2, tmp_path / "o", watermark="outline", months=14)
    with pdfplumber.open(as_text.path) as pdf:
        for page in pdf.pages:
            assert "SPECIMEN" in "".join(c["text"] for c in page.chars)
    with pdfplumber.open(as_paths.path) as pdf:
        for page in pdf.pages:
            assert "SPECIMEN" not in "".join(c["text"] for c in page.chars)
            assert len(page.curves) >= 10  # the glyph outlines
    # the watermark never changes the truth
    assert as_text.truth.contributions == as_paths.truth.contributions
    assert as_text.truth.payslips == as_paths.truth.payslips
