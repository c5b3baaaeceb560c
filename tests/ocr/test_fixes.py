"""OCR cell fixes: status words through the confusion table, digits only in numeric cells."""

from __future__ import annotations

from importlib.resources import files

import pytest
import yaml
from shebao.ingest.ocr.fixes import confusion_cost, fix_number, match_word


@pytest.fixture(scope="module")
def status_words() -> list[str]:
    """The closed status vocabulary, from the ingest vocabulary (one source of truth)."""
    data = yaml.safe_load(files("shebao.ingest").joinpath("layouts/vocabulary.yaml")
                          .read_text(encoding="utf-8"))
    return [w for words in data["status_words"].values() for w in words]


@pytest.mark.parametrize(
    ("seen", "meant"),
    [
        # measured misreadings at low resolution (anchors.md §4.6)
        ("正常应墩", "正常应缴"),
        ("正常应带", "正常应缴"),
        ("补增", "补缴"),
        ("补港", "补缴"),
        ("已别账", "已到账"),
        ("未到脉", "未到账"),
        ("欠墩", "欠缴"),
        ("己到账", "已到账"),
        ("已到账", "已到账"),
        ("未缴费", "未缴费"),
    ],
)
def test_status_misreadings_map_back(status_words, seen, meant):
    match = match_word(seen, status_words)
    assert match is not None and match.word == meant


@pytest.mark.parametrize("text", ["长沙市", "养老保险", "4492.00", "张三", "补", ""])
def test_unrelated_text_is_not_forced_onto_a_status(status_words, text):
    assert match_word(text, status_words) is None


def test_exact_match_costs_nothing_and_confusions_cost_less_than_others():
    assert match_word("补缴", ["补缴", "补收"]).cost == 0
    assert confusion_cost("补墩", "补缴") < confusion_cost("补水", "补缴") == 1.0


@pytest.mark.parametrize(
    ("text", "fixed", "changed"),
    [
        ("4,492.00", "4492.00", False),
        ("4492.00", "4492.00", False),
        ("4.492.00", "4492.00", True),  # thousands comma read as a point
        ("4492,00", "4492.00", True),  # decimal point read as a comma
        ("1,234", "1234", False),
        ("V3659.00", "3659.00", True),  # table border read as V (recorded L4 phone photo)
        ("X3659.00", "3659.00", True),  # ... and as X
        ("|718.72", "718.72", True),
        ("435.68|", "435.68", True),
        ("3O5.l2", "305.12", True),  # O -> 0, l -> 1
        ("S12.00", "512.00", True),
        ("-12.50", "-12.50", False),
        ("0.00", "0.00", False),
        ("¥1,200.00", "1200.00", True),
    ],
)
def test_numeric_cells_are_repaired(text, fixed, changed):
    fix = fix_number(text)
    assert fix is not None
    assert (fix.text, fix.changed) == (fixed, changed)
    assert fix.value == float(fixed)


@pytest.mark.parametrize("text", ["张三", "OO", "l", "已到账", "-", "", "12.3.4", "SOS"])
def test_non_numbers_are_left_alone(text):
    """Look-alikes are mapped only where real digits are at least as many: 'SOS' stays."""
    assert fix_number(text) is None
