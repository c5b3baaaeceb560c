"""A bad case.yaml is refused in Chinese, naming where the problem is and what was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from shebao.reports.case import load_case

from shebao.errors import InputError


def refusal(tmp_path: Path, text: str) -> str:
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_case(tmp_path)
    return caught.value.zh


def test_each_problem_is_named_in_chinese_with_its_place_and_value(tmp_path: Path) -> None:
    text = ("worker: {gender: M, nmae: 王}\nrequests: [complain]\n"
            "employment:\n- {start: 2016-03, monthly_wage: 很多}\n"
            "corrections:\n- {file: a.pdf, page: 0, row: 1, field: base, old: 1, new: 2}\n")
    message = refusal(tmp_path, text)
    assert message == (
        "case.yaml 内容有误："
        "worker → gender：应当是 '男'、'女' 之一，现为 'M'；"
        "worker → nmae：没有这个键（拼写有误？可用的键见 case_template.yaml），现为 '王'；"
        "employment 第1项 → monthly_wage：应当是数字，现为 '很多'；"
        "requests 第1项：应当是 'complaint'、'arbitration' 之一，现为 'complain'；"
        "corrections 第1项 → page：应当不小于 1，现为 0")
    assert "Input should" not in message and "Extra inputs" not in message


def test_the_models_own_checks_speak_chinese_and_suggest_a_close_role(tmp_path: Path) -> None:
    message = refusal(tmp_path, "corrections:\n"
                      "- {file: a.pdf, page: 1, column: 2, old: base, new: personal_amout}\n"
                      "- {file: a.pdf, page: 1, old: 1, new: 2}\n")
    first, second = message.removeprefix("case.yaml 内容有误：").split("；")
    assert first.startswith("corrections 第1项：不是列的用途：'personal_amout'（是不是 ")
    assert "personal_amount" in first and first.endswith("？）")
    assert second == "corrections 第2项：更正要么指一格（row 和 field），要么指一列（column）"


def test_an_impossible_date_is_a_refusal_naming_its_line_not_a_traceback(tmp_path: Path) -> None:
    message = refusal(tmp_path, "worker: {name: 王}\nseparation: {date: 2024-13-01}\n")
    assert message == "case.yaml 第2行的 2024-13-01 不是存在的日期；日期写成 2024-05-31 这样"
