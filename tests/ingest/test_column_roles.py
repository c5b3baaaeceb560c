"""A column whose role was read wrong, corrected by hand (``case.yaml`` ``corrections:`` with
``column``; :mod:`shebao.ingest.roles`): the records are derived again from the cells read,
the correction is listed on the document, and a correction that no longer fits is named."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest
from shebao.ingest.pipeline import analyse_file, extract_file
from shebao.reports.case import Correction

from .drawing import draw_table

PERSON = ["姓名：张三    身份证号码：44030019900101123X"]


def _statement(tmp_path, seed: int):
    """A statement whose personal amounts stand under a rate's label (个人比例), the column
    placed at random, with random bases: read as a rate column, the amounts are lost."""
    rng = random.Random(seed)
    months = [f"2023{m:02d}" for m in range(1, rng.randint(4, 12) + 1)]
    bases = [rng.choice([3200.0, 4100.0, 5600.0, 7384.0]) for _ in months]
    labels = ["缴费年月", "缴费基数", "单位缴费", "个人比例"]
    order = [0, 1, *rng.sample([2, 3], 2)]
    xs = [60.0 + 90.0 * i for i in range(len(order))]
    header = [[(labels[k], x) for k, x in zip(order, xs, strict=True)]]
    rows = []
    for month, base in zip(months, bases, strict=True):
        cells = [month, f"{base:.2f}", f"{base * 0.16:.2f}", f"{base * 0.08:.2f}"]
        rows.append([cells[k] for k in order])
    path = draw_table(tmp_path / f"s{seed}.pdf", "养老保险缴费明细", PERSON, header, rows, xs)
    return path, order.index(3) + 1, bases


def _fix(path, column: int, old: str, new: str, page: int = 1) -> Correction:
    return Correction(file=path.name, page=page, column=column, old=old, new=new, by="李志愿",
                      at="2026-12-07 11:00")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_rate_column_corrected_to_the_personal_amount_gives_the_amounts(tmp_path, seed):
    path, column, bases = _statement(tmp_path, seed)
    read = analyse_file(path)
    assert read.tables[0].header.columns[column - 1].field == "personal_rate"
    assert {c.personal_amount for c in read.extract.contributions} == {None}
    fixed = analyse_file(path, corrections=[_fix(path, column, "personal_rate",
                                                 "personal_amount")])
    ex = fixed.extract
    assert [c.personal_amount for c in ex.contributions] == [round(b * 0.08, 2) for b in bases]
    assert [c.base for c in ex.contributions] == bases  # nothing else moved
    assert fixed.tables[0].header.columns[column - 1].field == "personal_amount"
    (mark,) = ex.document.model_extra["corrections"]
    assert (mark["column"], mark["old"], mark["new"], mark["label"], mark["by"]) == (
        column, "personal_rate", "personal_amount", "个人比例", "李志愿")
    assert mark["month"] == f"2023-01/{ex.contributions[-1].month}"
    assert "correction_not_applied" not in [w.code for w in ex.warnings]


def test_an_ignored_column_gives_no_values_and_a_stale_one_is_named(tmp_path):
    path, column, _ = _statement(tmp_path, 5)
    amount = 3 if column == 4 else 4  # the 单位缴费 column
    ex = extract_file(path, corrections=[_fix(path, amount, "employer_amount", "ignore"),
                                         _fix(path, 2, "personal_amount", "ignore")])
    assert {c.employer_amount for c in ex.contributions} == {None}
    assert {c.base for c in ex.contributions} != {None}  # column 2, read as base, kept
    (stale,) = [w for w in ex.warnings if w.code == "correction_not_applied"]
    assert "第2列原为个人缴费" in stale.message and "缴费基数" in stale.message
    # another file's correction, or a cell correction, is not the reader's business
    other = SimpleNamespace(file="other.pdf", page=1, column=2, table=1, old="base",
                            new="ignore", by=None, at=None)
    assert extract_file(path, corrections=[other]).contributions[0].base is not None


def test_a_column_correction_is_checked_in_case_yaml():
    with pytest.raises(ValueError):
        Correction(file="a.pdf", page=1, column=2, old="base", new="salary")  # no such role
    with pytest.raises(ValueError):
        Correction(file="a.pdf", page=1, column=2, row=3, old="base", new="ignore")
    with pytest.raises(ValueError):
        Correction(file="a.pdf", page=1, old=1, new=2)  # neither cell nor column
    with pytest.raises(ValueError):
        Correction(file="a.pdf", page=1, row=1, field="base", record="payslip", old=1, new=2)
