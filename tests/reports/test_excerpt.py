"""One person's rows of a shared spreadsheet (:mod:`shebao.reports.excerpt`): the title and
header as printed, then only that person's rows, with the sheet's own row numbers and every
column in place -- a cell merged down over several people's rows is repeated beside theirs."""

from __future__ import annotations

import dataclasses
import random

import pytest
from openpyxl import Workbook
from shebao.reports.excerpt import Excerpt, excerpt_view
from shebao.reports.originals import open_original

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强"]


@pytest.mark.parametrize("seed", range(6))
def test_excerpt_prints_only_the_holders_rows_with_their_numbers(seed, tmp_path):
    rng = random.Random(seed)
    people = rng.sample(NAMES, rng.randrange(3, 8))
    title_rows = rng.randrange(0, 3)
    book = Workbook()
    ws = book.active
    ws.title = "2024年7月"
    for i in range(title_rows):
        ws.cell(i + 1, 1, f"某某公司工资表{i}")
        ws.merge_cells(start_row=i + 1, start_column=1, end_row=i + 1, end_column=4)
    head = title_rows + 1
    for col, label in enumerate(("部门", "姓名", "应发工资", "实发工资"), 1):
        ws.cell(head, col, label)
    first = head + 1
    for k, name in enumerate(people):
        ws.cell(first + k, 2, name)
        ws.cell(first + k, 3, 3000 + 10 * k)
        ws.cell(first + k, 4, 2500 + 10 * k)
    ws.cell(first, 1, "冲压车间")  # one department cell merged down over everyone
    ws.merge_cells(start_row=first, start_column=1, end_row=first + len(people) - 1,
                   end_column=1)
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    holder = rng.choice(people)
    original = dataclasses.replace(
        open_original(path, tmp_path),
        excerpt=Excerpt("工资表", holder, keys=(holder,), others=tuple(people)))
    view = excerpt_view(original)
    (table,) = view.sheets
    numbers = [n for n, _ in table.rows]
    mine = first + people.index(holder)
    assert numbers == [*range(1, head + 1), mine]
    row = [c.text for c in table.rows[-1][1]]
    assert row == ["冲压车间", holder, f"{3000 + 10 * people.index(holder)}",
                   f"{2500 + 10 * people.index(holder)}"]
    printed = {c.text for _, cells in table.rows for c in cells}
    assert not (set(people) - {holder}) & printed
    assert view.sha256 == original.sha256 and view.file == "sheet.xlsx"


def test_nobody_named_falls_back_to_the_records_or_says_so(tmp_path):
    book = Workbook()
    book.active.append(["姓名", "应发工资"])
    book.active.append(["王芳", 3000])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    original = dataclasses.replace(open_original(path, tmp_path),
                                   excerpt=Excerpt("工资表", "张伟", ("张伟",), ("王芳",)))
    view = excerpt_view(original)
    assert view.sheets == [] and view.records == []
