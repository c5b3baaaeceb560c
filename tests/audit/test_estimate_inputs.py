"""``shebao estimate`` shows inputs as people write them, says 未知 for what it cannot compute
(never a 0 beside it), and with ``--history`` takes the birth month from the record's ID
number."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len

from shebao.cli import main
from shebao.records import Contribution, Document, Extract, Person

TYPED = ["estimate", "--province", "广东", "--city", "东莞", "--retire", "2029-12",
         "--age-months", "620", "--avg-index", "0.7", "--years", "15"]


def _valid(first17: str) -> str:
    from shebao.idnumber import id_check_char

    return first17 + id_check_char(first17)


def _row(label: str, out: str) -> str:
    (line,) = [x for x in out.splitlines() if x.startswith(f"│ {label} ")]
    return line


@pytest.mark.parametrize(("account", "shown"), [("60000", "60000"), ("100000", "100000"),
                                                ("23024.5", "23024.5")])
def test_typed_inputs_are_printed_as_written(capsys, account, shown) -> None:
    assert main([*TYPED, "--account", account]) == 0
    out = capsys.readouterr().out
    row = _row("个人账户储存额", out)
    assert f"│ {shown} " in row and "E+" not in out
    assert "│ 0.7 " in _row("平均缴费指数", out)


def _history(tmp_path, id_number: str | None, place: str = "东莞市") -> str:
    rows = [Contribution(month=f"{2010 + i // 12}-{i % 12 + 1:02d}", insurance="pension",
                         base=5000, personal_amount=400, employer_amount=700, status="paid",
                         employer="东莞市某某电子有限公司", page=1, row=i + 1) for i in range(60)]
    ex = Extract(document=Document(file="a.pdf", sha256="0" * 64, kind="statement"),
                 person=Person(name="张三", id_number=id_number, insured_place=place),
                 contributions=rows)
    path = tmp_path / "history.json"
    path.write_text(json.dumps(ex.to_json_dict(), ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_history_takes_the_birth_month_from_the_id_number(capsys, tmp_path) -> None:
    man = _valid("44190019750612001")
    args = ["estimate", "--province", "广东", "--city", "东莞", "--json"]
    assert main([*args, "--history", _history(tmp_path, man)]) == 0
    auto = json.loads(capsys.readouterr().out)
    assert main([*args, "--history", _history(tmp_path, man), "--birth", "1975-06",
                 "--category", "male"]) == 0
    given = json.loads(capsys.readouterr().out)
    assert auto == given  # the same person, the same figures
    # 60 years + 32 months of delay (1 month per 4 birth months since 1965-01) after 1975-06
    assert auto["retirement"]["statutory_retirement_month"] == "2038-02"


def test_history_without_an_id_number_asks_for_the_birth_month(capsys, tmp_path) -> None:
    code = main(["estimate", "--province", "广东", "--history", _history(tmp_path, None),
                 "--category", "male"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--birth" in err


def test_a_woman_still_gives_her_category(capsys, tmp_path) -> None:
    woman = _valid("44190019800612002")
    code = main(["estimate", "--province", "广东", "--history", _history(tmp_path, woman)])
    err = capsys.readouterr().err
    assert code == 2 and "female-cadre" in err and "--category" in err


def test_an_index_that_cannot_be_computed_is_unknown_not_zero(capsys, tmp_path) -> None:
    """A place without reference wages: the index is unknown, so is the basic pension."""
    man = _valid("44190019750612001")
    path = _history(tmp_path, man, place="某某自治州")
    assert main(["estimate", "--province", "广东", "--history", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (index,) = [i for i in data["estimate"]["inputs"] if i["name"] == "avg_index"]
    assert index["value"] is None and index["status"] == "unknown"
    assert data["estimate"]["components"]["basic"]["amount"] is None
    assert main(["estimate", "--province", "广东", "--history", path]) == 0
    out = capsys.readouterr().out
    row = _row("平均缴费指数", out)
    assert re.search(r"│ 未知\s+│ 无法计算\s+│ 未知", row), row
    assert max(cell_len(line) for line in out.splitlines()) <= 80
