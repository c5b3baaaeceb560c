"""Per-rule unit tests of parameter lookups: area fallback, derived floors with overrides,
explicit unknowns, provisional values, the contribution entry points for the audit rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from shebao.audit import contributions as C
from shebao.audit.months import YearMonth
from shebao.audit.params import Unknown, Value, parameters

from shebao.errors import InputError

P = parameters()


def test_area_names_and_codes_resolve() -> None:
    assert P.areas.resolve("深圳") == "440300"
    assert P.areas.resolve("深圳市") == "440300"
    assert P.areas.resolve("440300") == "440300"
    assert P.areas.resolve("广东省") == "440000"
    assert P.areas.chain("440300") == ["440300", "440000", "000000"]


def test_unknown_area_is_a_clear_input_error() -> None:
    with pytest.raises(InputError) as info:
        P.areas.resolve("火星")
    assert "未知地区" in info.value.zh and "unknown area" in info.value.en


def test_guangdong_2025_floors_guangzhou_derives_60pct_other_cities_published_figure() -> None:
    gz = C.base_floor(YearMonth(2025, 8), "广州")
    dg = C.base_floor(YearMonth(2025, 8), "东莞")
    sz = C.base_floor(YearMonth(2025, 8), "深圳")
    assert isinstance(gz, Value) and gz.value == 5510 and gz.status == "official"
    assert isinstance(dg, Value) and dg.value == 4775 and dg.area == "440000"
    assert isinstance(sz, Value) and sz.value == 4775
    assert any(s.document_number == "粤人社发〔2025〕32号" for s in dg.sources)
    ceiling = C.base_ceiling(YearMonth(2025, 8), "东莞")
    assert isinstance(ceiling, Value) and ceiling.value == 27549


@pytest.mark.parametrize(
    ("city", "floor_2024", "area"),
    [("东莞", 4767, "441900"), ("珠海", 4767, "440400"), ("佛山", 4767, "440600"),
     ("中山", 4767, "442000"), ("深圳", 4492, "440000"), ("汕头", 4492, "440000"),
     ("广州", 5500, "440100"), ("省直", 5500, "440001")],
)
def test_guangdong_2024_floors_have_three_tiers(city: str, floor_2024: int, area: str) -> None:
    """粤人社发〔2024〕33号 (read): 2024-07..2025-06 the floor is 5500 in Guangzhou/省直, 4767 in
    Zhuhai, Foshan, Dongguan and Zhongshan, 4492 elsewhere (Shenzhen included); from 2025-07
    粤人社发〔2025〕32号 has two tiers only, so the four cities rejoin the others at 4775."""
    for month in ("2024-07", "2025-06"):
        f = C.base_floor(YearMonth.parse(month), city)
        assert isinstance(f, Value)
        assert (f.value, f.status, f.area) == (floor_2024, "official", area)
        assert any(s.document_number == "粤人社发〔2024〕33号" for s in f.sources)
    later = C.base_floor(YearMonth(2025, 7), city)
    assert isinstance(later, Value) and later.value == (5510 if floor_2024 == 5500 else 4775)
    assert isinstance(C.base_floor(YearMonth(2024, 6), "东莞"), Unknown)


def test_sichuan_2025_bounds_are_official_and_60_300_of_the_published_wage() -> None:
    f, c = C.base_floor(YearMonth(2025, 3), "成都"), C.base_ceiling(YearMonth(2025, 3), "成都")
    w = C.reference_wage(YearMonth(2025, 3), "四川")
    assert (f.value, c.value, w.value) == (4588, 22938, 7646)
    assert {f.status, c.status, w.status} == {"official"}
    assert round(w.value * 0.6) == f.value and w.value * 3 == c.value


def test_guangdong_other_city_floor_before_2025_is_an_explicit_unknown() -> None:
    result = C.base_floor(YearMonth(2023, 8), "东莞")
    assert isinstance(result, Unknown)
    assert "未确认" in result.reason
    assert not result.missing  # recorded as unknown, with a reason


def test_derived_floor_and_ceiling_from_the_reference_wage() -> None:
    floor = C.base_floor(YearMonth(2023, 8), "上海")
    ceiling = C.base_ceiling(YearMonth(2023, 8), "上海")
    assert isinstance(floor, Value) and floor.value == 7310  # 12183 x 0.6 = 7309.8
    assert isinstance(ceiling, Value) and ceiling.value == 36549
    assert floor.derivation and "12183" in floor.derivation
    # The source list carries both the 60% rule and the wage's own source.
    assert any(s.document_number == "国办发〔2019〕13号" for s in floor.sources)
    # Guangzhou 2023: derived from an estimated provincial wage -> estimated
    gz = C.base_floor(YearMonth(2023, 8), "广州")
    assert isinstance(gz, Value) and gz.value == 5284 and gz.status == "estimated"


@pytest.mark.parametrize(
    ("month", "floor", "ceiling"),
    [
        ("2010-05", 2140, 10698),
        ("2012-05", 2599, 12993),
        ("2019-06", 4927, 24633),
        ("2020-08", 4927, 28017),  # floor held in 2020 (override)
        ("2021-08", 5975, 31014),
        ("2022-08", 6520, 34188),
        ("2024-08", 7384, 36921),
        ("2025-08", 7460, 37302),
        ("2026-08", 7546, 37731),
    ],
)
def test_shanghai_floor_and_ceiling_history(month: str, floor: int, ceiling: int) -> None:
    """policy.md §4.4: every published Shanghai floor/ceiling is reproduced (derived or
    overridden)."""
    ym = YearMonth.parse(month)
    f, c = C.base_floor(ym, "上海"), C.base_ceiling(ym, "上海")
    assert isinstance(f, Value) and f.value == floor
    assert isinstance(c, Value) and c.value == ceiling


def test_jiangsu_2025_bounds_are_official() -> None:
    f, c = C.base_floor(YearMonth(2025, 3), "苏州"), C.base_ceiling(YearMonth(2025, 3), "苏州")
    assert (f.value, c.value, f.status, c.status) == (4952, 24762, "official", "official")


def test_rates_by_month_and_place() -> None:
    assert C.employer_rate(YearMonth(2012, 1), "上海").value == 0.22
    assert C.employer_rate(YearMonth(2020, 1), "上海").value == 0.16
    assert C.employer_rate(YearMonth(2020, 1), "北京").value == 0.16  # national from 2019-05
    assert isinstance(C.employer_rate(YearMonth(2015, 1), "东莞"), Unknown)
    assert C.personal_rate(YearMonth(2015, 1)).value == 0.08
    assert isinstance(C.personal_rate(YearMonth(2000, 1)), Unknown)
    assert C.account_credit_rate(YearMonth(2005, 12)).value == 0.11
    assert C.account_credit_rate(YearMonth(2006, 1)).value == 0.08


def test_late_fee_rate_changes_with_the_social_insurance_law() -> None:
    assert C.late_fee_rate(date(2011, 6, 30)).value == 0.002
    new = C.late_fee_rate(date(2011, 7, 1))
    assert new.value == 0.0005
    assert new.sources[0].article == "第八十六条"


def test_contribution_index_of_a_floor_month_is_0_6() -> None:
    index, wage = C.contribution_index(7384, YearMonth(2024, 9), "上海")
    assert wage.value == 12307
    assert abs(index - Decimal("0.6")) < Decimal("0.001")


def test_calculation_base_after_last_publication_is_provisional() -> None:
    v = P.get("regional/pension/calculation_base", YearMonth(2026, 3), "广东")
    assert isinstance(v, Value) and v.value == 9493 and v.provisional
    assert not P.get("regional/pension/calculation_base", YearMonth(2025, 3), "广东").provisional


def test_shanghai_2020_calculation_base_is_unknown_not_guessed() -> None:
    v = P.get("regional/pension/calculation_base", YearMonth(2020, 5), "上海")
    assert isinstance(v, Unknown) and "9339" in v.reason


def test_shanghai_interest_own_rate_until_2015_then_national() -> None:
    assert (
        P.get("national/pension/account_interest_rate", YearMonth(2012, 6), "上海").value == 0.035
    )
    v = P.get("national/pension/account_interest_rate", YearMonth(2019, 6), "上海")
    assert v.value == 0.0761 and v.area == "000000"
    assert isinstance(P.get("national/pension/account_interest_rate", YearMonth(2025, 6)), Unknown)


def test_missing_value_is_unknown_with_missing_flag() -> None:
    # nothing is recorded before 2010
    v = P.get("regional/pension/calculation_base", YearMonth(2005, 1), "北京")
    assert isinstance(v, Unknown) and v.missing


def test_county_codes_fall_back_to_their_city_or_province() -> None:
    assert P.areas.resolve("441302") == "441300"  # 惠城区 -> 惠州市
    assert P.areas.resolve("445102") == "445100"  # 湘桥区 -> 潮州市
    assert P.areas.resolve("330302") == "330000"  # 温州鹿城区 -> 浙江省 (city not registered)
    assert P.areas.resolve("珠海") == "440400"
    floor = C.base_floor(YearMonth(2025, 8), "441302")
    assert isinstance(floor, Value) and floor.value == 4775


def test_sources_become_finding_basis_entries() -> None:
    rate = C.late_fee_rate(date(2024, 1, 15))
    basis = rate.sources[0].to_basis()
    assert basis.citation == "中华人民共和国社会保险法第八十六条"
    assert basis.document_number == "主席令第三十五号" and basis.url is None


def test_shenzhen_uses_the_province_wide_ceiling_but_its_own_index_wage_is_unknown() -> None:
    ceiling = C.base_ceiling(YearMonth(2023, 8), "深圳")
    assert isinstance(ceiling, Value) and ceiling.value == 26421  # 3 x 8807, derived at 440000
    wage = C.reference_wage(YearMonth(2023, 8), "深圳")
    assert isinstance(wage, Unknown) and "深圳社平工资" in wage.reason
    assert isinstance(C.contribution_index(8000, YearMonth(2023, 8), "深圳"), Unknown)


@pytest.mark.parametrize(
    ("month", "ceiling", "gz_floor", "status"),
    [
        ("2021-08", 22941, 4588, "estimated"),
        ("2022-08", 24930, 4986, "estimated"),
        ("2023-08", 26421, 5284, "estimated"),
        ("2024-08", 27501, 5500, "official"),  # 粤人社发〔2024〕33号, read
        ("2025-08", 27549, 5510, "official"),
    ],
)
def test_guangdong_ceiling_and_guangzhou_floor_history(
    month: str, ceiling: int, gz_floor: int, status: str
) -> None:
    """policy.md §4.3: ceiling(Y) = 3 x provincial avg(Y-1); Guangzhou/省直 floor = 60%."""
    ym = YearMonth.parse(month)
    c, f = C.base_ceiling(ym, "广东"), C.base_floor(ym, "广州")
    assert (c.value, f.value) == (ceiling, gz_floor)
    assert f.status == status
    assert C.base_floor(ym, "省直").value == gz_floor


def test_floors_after_the_last_published_year_are_provisional() -> None:
    later = C.base_floor(YearMonth(2026, 8), "东莞")
    assert isinstance(later, Value) and later.value == 4775 and later.provisional
    assert not C.base_floor(YearMonth(2026, 6), "东莞").provisional


def test_a_floor_derived_from_an_official_wage_is_only_estimated() -> None:
    """国办发〔2019〕13号 (read) states 60%-300% for the self-employed only; for employees the
    ratio is estimated, so a floor derived from an official wage (Shanghai 2024-08, wage 12307
    from the notice) is estimated, and only a floor printed in a notice read is official."""
    ratio = P.get("national/contribution/base_floor_ratio", date(2024, 8, 1))
    assert isinstance(ratio, Value) and (ratio.value, ratio.status) == (0.6, "estimated")
    assert any("三" in (s.article or "") for s in ratio.sources)
    wage = C.reference_wage(YearMonth(2024, 8), "上海")
    floor = C.base_floor(YearMonth(2024, 8), "上海")
    assert (wage.status, floor.value, floor.status) == ("official", 7384, "estimated")
    assert C.base_floor(YearMonth(2024, 8), "广州").status == "official"  # printed in 33号


def test_shanxi_2026_bounds_are_the_notice_figures() -> None:
    """晋人社厅发〔2026〕27号 (read): 2025 wage 7073 -> 2026 floor 4244, ceiling 21219 from
    2026-01-01; the 2025 figures stay derived (estimated) from the 2025 wage."""
    f, c = C.base_floor(YearMonth(2026, 3), "太原"), C.base_ceiling(YearMonth(2026, 3), "太原")
    assert (f.value, c.value, f.status, c.status) == (4244, 21219, "official", "official")
    assert any(s.document_number == "晋人社厅发〔2026〕27号" for s in f.sources)
    assert C.base_floor(YearMonth(2025, 3), "山西").status == "estimated"


@pytest.mark.parametrize(
    ("month", "wage", "floor", "status"),
    [("2020-06", 4832, 2899, "unconfirmed"), ("2021-03", 5392.33, 3235, "estimated"),
     ("2022-12", 5914, 3548, "unconfirmed"), ("2023-07", 6438.08, 3863, "estimated")],
)
def test_shanxi_2020_2023_floors_derive_from_a_third_party_wage_series(
    month: str, wage: float, floor: int, status: str
) -> None:
    """Shanxi 2020-2023 (were unknown): the third party's full-caliber wage series (its V2
    block, contribution year Y = statistical year Y-1). Where its cross-check report names the
    notice a value was checked against (晋人社厅发〔2021〕26号, 〔2023〕42号; not read here) the
    wage is estimated (session 9, the rule every third-party value with a named document
    follows); the years without a document number stay unconfirmed, and the floor derived
    from the wage carries the wage's status, never a better one."""
    ym = YearMonth.parse(month)
    w, f = C.reference_wage(ym, "山西"), C.base_floor(ym, "太原")
    assert isinstance(w, Value) and (float(w.value), w.status) == (wage, status)
    assert isinstance(f, Value) and (f.value, f.status) == (floor, status)
    assert f.derivation and str(wage) in f.derivation
    if status == "unconfirmed":
        assert any("shanxi.js" in (s.href or "") for s in f.sources)
    else:
        assert any((s.document_number or "").startswith("晋人社厅发") for s in w.sources)
    assert isinstance(C.base_floor(YearMonth(2018, 6), "山西"), Unknown)


@pytest.mark.parametrize(
    ("area", "year", "base", "form"),
    [("河北", 2023, 7122, "hebei/5.json"), ("河北", 2024, 7265, "hebei/2.json"),
     ("新疆", 2022, 7089, "xinjiang/1.json"), ("海南", 2024, 8131, "hainan/2.json"),
     ("海南", 2025, 8188, "hainan/3.json"), ("重庆", 2024, 8160, "chongqing/4.json")],
)
def test_calculation_bases_taken_from_transcribed_forms_are_estimated(
    area: str, year: int, base: int, form: str
) -> None:
    """Hebei 2023/2024 and Xinjiang 2022 (were unknown), Hainan 2024/2025 and Chongqing 2024
    (were unconfirmed): the base printed on a transcribed real approval form that names its
    year (Xinjiang: a 2023-05 预发表 on the 2022 base) is estimated, citing the form; Hebei
    2022 and Xinjiang 2021 stay unknown."""
    v = P.get("regional/pension/calculation_base", date(year, 6, 1), P.areas.resolve(area))
    assert isinstance(v, Value) and (v.value, v.status) == (base, "estimated")
    assert any((s.href or "").endswith(form) for s in v.sources)
    for earlier, code in ((2022, "130000"), (2021, "650000")):
        earlier_base = P.get("regional/pension/calculation_base", date(earlier, 6, 1), code)
        assert isinstance(earlier_base, Unknown)


def test_shanghai_employer_rate_16pct_reconfirmed_by_the_2025_answer() -> None:
    """上海市人社局 便民问答 of 2025-01-20 (archived text read): 养老保险费16% -- the 2019-05
    official value now cites it too, so a 2025 month is official with the answer as a source."""
    v = P.get("regional/contribution/employer_rate", date(2025, 3, 1), "310000")
    assert isinstance(v, Value) and (v.value, v.status) == (0.16, "official")
    assert any("t0035_1430072" in (s.href or "") for s in v.sources)


@pytest.mark.parametrize(
    ("year", "base", "status"),
    [(2020, 4835, "unconfirmed"), (2022, 5865, "unconfirmed"), (2023, 6430, "estimated"),
     (2024, 7010, "estimated"), (2025, 7570, "estimated"), (2026, 7705, "estimated")],
)
def test_heilongjiang_base_is_the_previous_years_wage_checked_by_forms(
    year: int, base: int, status: str
) -> None:
    """Heilongjiang: a retirement in year Y uses the third party's wage of Y-1, which the
    transcribed forms of 2023-12, 2024-04, 2025-02 (two) and 2026-01/05 each reproduce; those
    years are estimated, 2020-2022 (no form) unconfirmed. 7570 is 2025's, 7705 2026's (was
    recorded as two competing figures for 2025, so 2025 was unknown)."""
    v = P.get("regional/pension/calculation_base", date(year, 6, 1), "230000")
    assert isinstance(v, Value) and (v.value, v.status) == (base, status)
    assert not v.provisional


@pytest.mark.parametrize(
    ("code", "year", "base", "form"),
    [("640000", 2023, 7953, "ningxia/1.json")],
)
def test_a_base_inferred_from_a_provisional_form_is_only_unconfirmed(
    code: str, year: int, base: int, form: str
) -> None:
    """Ningxia 2023: the form does not name the base's year; it was paid before the next
    year's base came out (预发), so the year is inferred -- unconfirmed, not estimated, and the
    following year keeps its own figure. (Hunan 2022 left this test in session 9: a second
    form labels 7132 as the 2021 wage, see test_audit_parameters.)"""
    v = P.get("regional/pension/calculation_base", date(year, 6, 1), code)
    assert isinstance(v, Value) and (v.value, v.status) == (base, "unconfirmed")
    assert any((s.href or "").endswith(form) for s in v.sources) and "推定" in (v.note or "")
    nxt = P.get("regional/pension/calculation_base", date(year + 1, 6, 1), code)
    assert isinstance(nxt, Value) and nxt.value != base


def test_shanxi_2019_bounds_and_base_from_the_reprinted_notice_are_unconfirmed() -> None:
    """Shanxi 2019 (was unknown): the notice's text as reprinted by a commercial policy site
    (archived in littledsw/labor_lawyer) gives the 2018 full-caliber wage 4565/month, floor
    2739 and ceiling 13695 from 2019-01, and keeps paying pensions on the 非私营 wage 5639.
    A reprint is not the government page, so all three are unconfirmed."""
    ym = YearMonth(2019, 8)
    f, c = C.base_floor(ym, "山西"), C.base_ceiling(ym, "山西")
    assert (f.value, c.value, f.status, c.status) == (2739, 13695, "unconfirmed", "unconfirmed")
    b = P.get("regional/pension/calculation_base", date(2019, 8, 1), "140000")
    assert isinstance(b, Value) and (b.value, b.status) == (5639, "unconfirmed")
    assert any("51shebao" in (s.href or "") for s in b.sources)
    later = P.get("regional/pension/calculation_base", date(2020, 8, 1), "140000")
    assert isinstance(later, Unknown)


def test_heilongjiang_2020_floor_derives_from_the_2019_wage_of_the_checked_series() -> None:
    """Heilongjiang 2020 (was unknown): the series whose later years the forms reproduce has
    2019 = 4835 on the full-caliber measure (its dip is in 2018), so the 2020 floor derives
    as 2901, unconfirmed like the wage; 2019 itself stays unknown."""
    f = C.base_floor(YearMonth(2020, 8), "哈尔滨")
    assert isinstance(f, Value) and (f.value, f.status) == (2901, "unconfirmed")
    assert f.derivation and "4835" in f.derivation
    assert isinstance(C.base_floor(YearMonth(2019, 8), "黑龙江"), Unknown)


def test_liaoning_2026_limits_derive_from_the_2026_wage_not_the_2025_overrides() -> None:
    """Liaoning: the published 2025 floor/ceiling (4359/21792) were overrides without an end,
    so they ran on into 2026. From 2026 the limits derive from the 2026 wage 7555 (60% = 4533,
    300% = 22665 -- the figures a second third party records for 辽人社〔2026〕19号), and that
    wage is estimated now that two independent third parties agree."""
    f25, c25 = C.base_floor(YearMonth(2025, 8), "辽宁"), C.base_ceiling(YearMonth(2025, 8), "辽宁")
    assert (f25.value, c25.value) == (4359, 21792)
    f, c = C.base_floor(YearMonth(2026, 8), "辽宁"), C.base_ceiling(YearMonth(2026, 8), "辽宁")
    assert (f.value, c.value, f.status, c.status) == (4533, 22665, "estimated", "estimated")
    assert f.derivation and "7555" in f.derivation
    assert any("city-salary" in (s.href or "") for s in f.sources)


def test_fujian_floor_is_unknown_where_sources_conflict_but_the_ceiling_is_kept() -> None:
    """Fujian: one third party derives the 2025 pension floor at 60% (4521) and calls 4043 the
    medical floor; another, citing 闽人社文〔2025〕45号, prints the pension floor as 4043 (and a
    2024 snapshot has 4043 too). A floor that may be 478 yuan too high would flag lawful
    declarations, so from 2024 the floor is unknown with both figures in the note; the ceiling
    (wage x 300%, on which both agree; 22607 as printed) stays."""
    for ym in (YearMonth(2024, 8), YearMonth(2025, 8), YearMonth(2026, 3)):
        f = C.base_floor(ym, "福建")
        assert isinstance(f, Unknown) and "4043" in f.reason and "4521" in f.reason
    c = C.base_ceiling(YearMonth(2025, 8), "福建")
    assert (c.value, c.status) == (22607, "estimated")
    earlier = C.base_floor(YearMonth(2023, 8), "福建")
    assert isinstance(earlier, Value) and earlier.status == "unconfirmed"


@pytest.mark.parametrize(
    ("city", "code", "floor", "ceiling", "wage"),
    [("武汉", "420100", 4498, 22488, 7496), ("黄石", "420200", 4299, 21678, 7226),
     ("恩施州", "422800", 4299, 21678, 7226), ("襄阳", "420600", 4299, 21678, 7226),
     ("荆州", "421000", 4254, 21462, 7154), ("孝感", "420900", 4254, 21462, 7154)],
)
def test_hubei_2025_limits_by_tier(
    city: str, code: str, floor: int, ceiling: int, wage: int
) -> None:
    """Hubei sets three tiers (鄂人社发〔2025〕28号 as transcribed): Wuhan 7496; Huangshi,
    Shiyan, Xiangyang, Yichang, Jingmen, Suizhou, Enshi 7226; Jingzhou, Ezhou, Xiaogan,
    Huanggang, Xianning 7154 (ceilings = 300%). Tiers 2 and 3 print floors below 60% (4299,
    4254), single source: unconfirmed. The province itself has no single value."""
    assert P.areas.resolve(city) == code
    ym = YearMonth(2025, 8)
    f, c = C.base_floor(ym, city), C.base_ceiling(ym, city)
    assert (f.value, c.value) == (floor, ceiling)
    assert f.status == ("estimated" if code == "420100" else "unconfirmed")
    w = C.reference_wage(ym, city)
    assert (w.value, w.status) == (wage, "estimated")
    assert isinstance(C.base_floor(YearMonth(2024, 8), city), Unknown)
    assert isinstance(C.base_floor(ym, "湖北"), Unknown)
    assert C.base_floor(YearMonth(2026, 3), city).provisional


def test_jilin_contribution_year_runs_july_to_june() -> None:
    """Jilin: 吉人社联〔2025〕97号 applies from 2025-07 to 2026-06 (second third party), with the
    floor printed unrounded (4393.2 = 7322 x 60%). January-June 2025 keep the previous year's
    figure; the 2026 wage starts in July 2026."""
    assert C.reference_wage(YearMonth(2025, 6), "吉林").value == 7178.5
    f = C.base_floor(YearMonth(2025, 7), "吉林")
    assert (f.value, f.status) == (4393.2, "estimated")
    assert C.reference_wage(YearMonth(2026, 6), "吉林").value == 7322
    assert C.reference_wage(YearMonth(2026, 7), "吉林").value == 7481.5



def test_jilin_calculation_bases_are_the_printed_provincial_and_changchun_figures() -> None:
    """Jilin prints two 计发基数: the provincial one (省直, 机关事业单位 and every city but
    Changchun's enterprises) and Changchun's. 2023-2025 as the forms and the articles quoting
    them print them (estimated; the notices were not read); 2025 is 7322.08 (87865 / 12), not
    the contribution wage 7322; before 2023 unknown with a reason."""
    base = "regional/pension/calculation_base"
    for year, prov, cc in ((2023, 6709.83, 7726.67), (2024, 7178.5, 7852.58),
                           (2025, 7322.08, 7978.25)):  # fmt: skip
        p, c = P.get(base, date(year, 6, 1), "吉林"), P.get(base, date(year, 6, 1), "长春")
        assert isinstance(p, Value) and isinstance(c, Value)
        assert (p.value, p.status, p.area) == (prov, "estimated", "220000")
        assert (c.value, c.status, c.area) == (cc, "estimated", "220100")
        assert any("职场老楚" in s.title for s in p.sources + c.sources)
    assert P.get(base, date(2025, 6, 1), "220200").value == 7322.08  # 吉林市: provincial
    for area in ("吉林", "长春"):
        gap = P.get(base, date(2022, 6, 1), area)
        assert isinstance(gap, Unknown) and not gap.missing and "未收录" in gap.reason
    assert P.get(base, date(2026, 3, 1), "长春").provisional

@pytest.mark.parametrize(
    ("area", "floor", "ceiling", "doc"),
    [("天津", 5180, 25902, "津人社局发〔2026〕5号"), ("河北", 4076, 20382, "冀人社字〔2026〕57号"),
     ("湖南", 4106, 20529, "湘人社规〔2026〕14号"), ("陕西", 4737, 23685, "陕人社函〔2026〕326号"),
     ("云南", 4403, 22017, "云人社发〔2026〕8号"), ("四川", 4699, 23493, "川人社办发〔2026〕50号"),
     ("黑龙江", 4623, 23115, "黑人社函〔2025〕611号")],
)
def test_2026_wages_two_third_parties_agree_on_are_estimated(
    area: str, floor: int, ceiling: int, doc: str
) -> None:
    """2026 wages recorded from one third party (unconfirmed) are estimated where a second,
    independent one prints the floor and ceiling of the named notice; 60%/300% of the wage
    reproduce both exactly."""
    ym = YearMonth(2026, 8)
    f, c = C.base_floor(ym, area), C.base_ceiling(ym, area)
    assert (f.value, c.value, f.status, c.status) == (floor, ceiling, "estimated", "estimated")
    w = C.reference_wage(ym, area)
    assert any(s.document_number == doc for s in w.sources)


def test_guangxi_2026_is_recorded_with_its_unrounded_floor() -> None:
    """Guangxi 2026 (the 2025 wage ran on, provisional): 桂人社发〔2026〕32号 as printed by one
    third party, wage 7008, floor 4204.8 (60%, not rounded to the yuan), ceiling 21024."""
    ym = YearMonth(2026, 8)
    f, c = C.base_floor(ym, "广西"), C.base_ceiling(ym, "广西")
    assert (f.value, c.value, f.status) == (4204.8, 21024, "unconfirmed")
    assert not f.provisional and not c.provisional
    assert C.reference_wage(YearMonth(2025, 8), "广西").value == 6905


@pytest.mark.parametrize(
    ("area", "floor", "ceiling", "status"),
    [("内蒙古", 5058, 25290, "estimated"), ("宁夏", 5023, 25113, "estimated"),
     ("新疆", 5246, 26231, "estimated"), ("甘肃", 4526, 22626, "estimated"),
     ("青海", 5333, 26664, "unconfirmed")],
)
def test_2026_bounds_as_printed_in_the_northwest(
    area: str, floor: int, ceiling: int, status: str
) -> None:
    """2026 bounds of the five north-western provinces as a second third party prints them:
    Gansu's floor 4526 and Xinjiang's ceiling 26231 differ by one yuan from 60%/300% of the
    monthly wage rounded here, so they are recorded as printed; Qinghai's 8888 (青人社厅发
    〔2026〕54号) has one source only, and the 2025 wage no longer runs on."""
    ym = YearMonth(2026, 8)
    f, c = C.base_floor(ym, area), C.base_ceiling(ym, area)
    assert (f.value, c.value) == (floor, ceiling)
    assert {f.status, c.status} == {status} and not f.provisional
