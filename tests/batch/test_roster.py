"""Roster reading (花名册): header synonyms, date forms, matching, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from shebao.batch.roster import match_roster, read_roster

from shebao.errors import InputError


def test_csv_with_synonyms_and_title_row(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("某厂员工名单\n序号,员工姓名,员工编号,身份证号码,入厂时间,离厂时间\n"
                    "1,张三,A001,43052119840312001x,2023年7月,\n"
                    "2,李四,A002,,2023/09/15,2024-11-30\n合计,,,,,\n", encoding="gb18030")
    rows = read_roster(path)
    assert [(r.no, r.name, r.staff_id, r.start, r.end) for r in rows] == [
        (1, "张三", "A001", "2023-07", None), (2, "李四", "A002", "2023-09", "2024-11")]
    assert rows[0].id_number == "43052119840312001X"


def test_xlsx_dates(tmp_path):
    path = tmp_path / "r.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "入职日期"])
    wb.active.append(["王五", dt.datetime(2022, 3, 1)])
    wb.save(path)
    assert read_roster(path)[0].start == "2022-03"


def test_match_by_id_then_unique_name(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("姓名,身份证号\n张三,X1\n张三,X2\n李四,\n", encoding="utf-8")
    rows = read_roster(path)
    assert match_roster(rows, "x2", "张三") is rows[1]
    assert match_roster(rows, None, "张三") is None  # ambiguous name
    assert match_roster(rows, None, "李四") is rows[2]


@pytest.mark.parametrize("content,needle", [
    ("工号,部门\nA1,x\n", "姓名"),
    ("姓名,入职日期\n张三,上个月\n", "第2行"),
])
def test_bad_roster(tmp_path, content, needle):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_roster(path)
    assert needle in err.value.zh and err.value.file


def test_not_a_table(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError):
        read_roster(path)
