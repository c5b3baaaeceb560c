"""provisional_account_risk (policy.md §7.6-7.7), short_of_minimum_years, identity facts."""

from __future__ import annotations

from datetime import date

import pytest
from shebao.audit.identity import parse_id_number
from shebao.audit.retirement import retirement_facts

from .build import audit, citations, findings, id_number, months, row, statement

HENAN_MAN_1970 = id_number("412726", "19700315", female=False)
SICHUAN_WOMAN_1982 = id_number("511321", "19820520", female=True)
HUNAN_MAN_1980 = id_number("430521", "19800101", female=False)


def _rows(start: str, n: int, **kw) -> list:
    return [row(m, **kw) for m in months(start, n)]


def test_first_insured_outside_hukou_at_50_is_temporary() -> None:
    # 7.7: man b. 1970-03, hukou Henan, first insured in Guangdong 2020-06 (50y3m)
    result = audit(statement(_rows("2020-06", 12, employer="广州甲厂"), place="广州市",
                             id_no=HENAN_MAN_1970), as_of=date(2021, 8, 1))
    (f,) = findings(result, "provisional_account_risk", "high")
    assert f.model_extra["age_months_at_establishment"] == 50 * 12 + 3
    assert f.model_extra["late_registration"] is False
    assert f.months[0] == "2020-06" and len(f.months) == 12
    cites = citations(f)
    assert "城镇企业职工基本养老保险关系转移接续暂行办法（国办发〔2009〕66号）第五条" in cites
    (place,) = findings(result, "provisional_account_risk", "info")
    assert place.model_extra["claim_place"] == "410000"


def test_late_registration_with_back_pay_stays_temporary() -> None:
    # 7.7: hired 2018-01 (47), registered 2020-06, 2018-01..2020-05 back-paid later
    rows = _rows("2018-01", 29, employer="广州甲厂", status="back_paid",
                 paid_on="2020-06-10") + _rows("2020-06", 6, employer="广州甲厂")
    result = audit(statement(rows, place="广州市", id_no=HENAN_MAN_1970),
                   as_of=date(2021, 1, 1))
    (f,) = findings(result, "provisional_account_risk", "high")
    assert f.model_extra["late_registration"] is True
    assert f.model_extra["established"] == "2020-06"
    assert "人社部发〔2016〕94号" in f.message
    assert any(b.document_number == "人社部发〔2016〕94号" for b in f.basis)
    assert findings(result, "back_paid_months")[0].months[0] == "2018-01"


@pytest.mark.parametrize("move, temporary", [("2023-01", True), ("2022-04", False)])
def test_woman_moving_provinces_around_40(move: str, temporary: bool) -> None:
    # 7.7: b. 1982-05, hukou Sichuan, Jiangsu since 2015, moves to Shanghai at 40y8m / 39y11m
    before = [m for m in months("2015-01", 120) if m < move]
    js = statement([row(m, employer="苏州乙厂") for m in before], place="苏州市",
                   id_no=SICHUAN_WOMAN_1982, file="js.pdf")
    sh = statement(_rows(move, 12), place="上海市", id_no=SICHUAN_WOMAN_1982, file="sh.pdf")
    result = audit(js, sh, as_of=date(2024, 6, 1), category="female-worker")
    high = findings(result, "provisional_account_risk", "high")
    assert bool(high) is temporary
    if temporary:
        assert high[0].model_extra["province"] == "310000"


@pytest.mark.parametrize("segments, expected", [
    ([("广州市", 144), ("上海市", 72)], "440000"),   # GD 12y -> SH 6y: previous >= 10y
    ([("广州市", 96), ("上海市", 108)], "430000"),   # all < 10y: hukou
    ([("广州市", 180)], "440000"),                  # GD 15y
])
def test_claim_place_by_the_ten_year_rule(segments, expected) -> None:
    docs, start = [], "2000-01"
    for i, (place, n) in enumerate(segments):
        docs.append(statement(_rows(start, n, employer=f"单位{i}"), place=place,
                              id_no=HUNAN_MAN_1980, file=f"s{i}.pdf"))
        start = months(start, n + 1)[-1]
    result = audit(*docs, as_of=date(2025, 1, 1))
    (place,) = findings(result, "provisional_account_risk", "info")
    assert place.model_extra["claim_place"] == expected
    assert "转移接续暂行办法（国办发〔2009〕66号）第六条" in "".join(citations(place))
    assert not findings(result, "provisional_account_risk", "high")


def test_short_of_minimum_years_at_the_statutory_month() -> None:
    man_1966 = id_number("412726", "19660803", female=False)
    result = audit(statement(_rows("2013-01", 150), id_no=man_1966), as_of=date(2025, 10, 15))
    (f,) = findings(result, "short_of_minimum_years")
    facts = retirement_facts("1966-08", "male")
    assert f.model_extra["statutory_retirement_month"] == str(facts.statutory_retirement_month)
    left = facts.statutory_retirement_month.index - (2025 * 12 + 9)
    assert f.model_extra["months_short_at_statutory"] == 180 - 150 - left
    assert f.severity == "high"
    assert any("社会保险法" in c for c in citations(f))
    assert result.retirement["min_contribution_months"] == 180


def test_enough_months_gives_no_shortage() -> None:
    # born 1984: statutory month in 2047, minimum 240 months (附件4)
    result = audit(statement(_rows("2003-01", 250)), as_of=date(2025, 1, 1))
    assert not findings(result, "short_of_minimum_years")


def test_woman_category_is_asked_for_not_guessed() -> None:
    result = audit(statement(_rows("2015-01", 24), id_no=SICHUAN_WOMAN_1982),
                   as_of=date(2024, 1, 1))
    assert result.retirement is None
    assert any("女职工类别未知" in m for m in result.missing)
    assert all("by_category" in f.model_extra for f in findings(result, "short_of_minimum_years"))


def test_birth_and_sex_come_from_the_id_and_a_bad_check_digit_is_refused() -> None:
    parsed, why = parse_id_number(HENAN_MAN_1970)
    assert why is None and parsed.birth == date(1970, 3, 15) and parsed.female is False
    bad = HENAN_MAN_1970[:-1] + ("0" if HENAN_MAN_1970[-1] != "0" else "1")
    parsed, why = parse_id_number(bad)
    assert parsed is None and "校验位" in why
    result = audit(statement(_rows("2015-01", 24), id_no=bad), as_of=date(2024, 1, 1))
    assert result.retirement is None
    assert any("校验位" in m for m in result.missing)
    assert any("出生年月未知" in m for m in result.missing)


def test_hukou_option_wins_over_the_id_and_the_report_says_which() -> None:
    result = audit(statement(_rows("2015-01", 24)), hukou="上海", as_of=date(2024, 1, 1))
    assert result.model_extra["person_facts"]["hukou"] == "310000"
    assert result.model_extra["person_facts"]["hukou_origin"] == "本人提供"
    result = audit(statement(_rows("2015-01", 24)), as_of=date(2024, 1, 1))
    assert result.model_extra["person_facts"]["hukou_origin"] == "身份证号地区码"


def test_woman_of_unknown_category_short_under_both_gets_both_figures() -> None:
    result = audit(statement(_rows("2020-01", 24), id_no=SICHUAN_WOMAN_1982),
                   as_of=date(2022, 1, 1))
    (f,) = findings(result, "short_of_minimum_years")
    both = f.model_extra["by_category"]
    assert set(both) == {"female_worker", "female_cadre"}
    for category, facts in both.items():
        expected = retirement_facts("1982-05", category)
        assert facts["statutory_retirement_month"] == str(expected.statutory_retirement_month)
    assert "50岁的女工人" in f.message and "55岁的女干部" in f.message
    assert any("女职工类别未知" in m for m in result.missing)


@pytest.mark.parametrize("text", ["湖南", "湖南省", "430000", "430521", "湖南省邵阳市"])
def test_hukou_by_name_or_division_code(text: str) -> None:
    result = audit(statement(_rows("2015-01", 12)), hukou=text, as_of=date(2016, 1, 1))
    assert result.model_extra["person_facts"]["hukou"] == "430000"
