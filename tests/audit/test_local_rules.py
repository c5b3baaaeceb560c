"""Local pension rules as data: where the low-index adjustment applies (Guangdong, not
Shenzhen), the 计发月数 of an age with months before and after 2025, and the wording of the
adjustment's note coming from the parameter file."""

from __future__ import annotations

from decimal import Decimal

from shebao.audit.months import YearMonth, parse_duration
from shebao.audit.params import Value, parameters
from shebao.audit.pension import EstimateInput, annuity_divisor, estimate

P = parameters()


def _basic(area: str, index: str) -> tuple[Decimal, list[str]]:
    result = estimate(
        EstimateInput(
            area=P.areas.resolve(area),
            retire=YearMonth(2025, 6),
            age_months=735,
            calc_base=Decimal(11181),
            avg_index=Decimal(index),
            years=parse_duration("16y7m"),
            account=Decimal("33425.18"),
            divisor=Decimal("131.4"),
        ),
        P,
    )
    basic = result.components["basic"]
    assert basic.amount is not None
    return basic.amount, basic.notes


def test_shenzhen_form_has_no_low_index_adjustment() -> None:
    # Shenzhen 2025-06 form (liubigfatty cases/guangdong/shenzhen-man.json): 1279.66
    amount, notes = _basic("深圳", "0.3803")
    assert abs(amount - Decimal("1279.66")) <= Decimal("0.02")
    assert notes == []


def test_same_figures_in_another_guangdong_city_are_adjusted_with_a_note_from_data() -> None:
    amount, notes = _basic("东莞", "0.3803")
    # (11181 × 0.3803/0.6 + 11181 × 0.3803) / 2 × 16y7m × 1%
    expected = (Decimal(11181) * Decimal("0.3803") / Decimal("0.6") + Decimal("4252.13")) / 2
    assert abs(amount - expected * Decimal(199) / 1200) <= Decimal("0.02")
    assert len(notes) == 1
    practice = P.get("regional/pension/low_index_adjustment", YearMonth(2025, 6), "东莞")
    assert isinstance(practice, Value)
    assert practice.value["practice"] in notes[0] and "未确认" in notes[0]


def test_divisor_for_an_age_with_months_before_2025_is_the_whole_year_row() -> None:
    before = annuity_divisor(P, 601, YearMonth(2024, 6))  # 50岁1个月, late application
    assert isinstance(before, Value)
    assert before.value == 195
    assert "按周岁取表" in (before.derivation or "")
    assert any("国发〔2005〕38号" in s.cite() for s in before.sources)
    after = annuity_divisor(P, 601, YearMonth(2025, 3))
    assert isinstance(after, Value)
    assert Decimal(str(after.value)) == Decimal("194.6")
    # 70岁 has a row; 70岁5个月 before 2025 takes it, after 2025 there is no 71 to interpolate
    old = annuity_divisor(P, 845, YearMonth(2020, 1))
    assert isinstance(old, Value) and old.value == 56
    assert not isinstance(annuity_divisor(P, 845, YearMonth(2026, 1)), Value)


def _henan(city: str | None) -> tuple[Decimal | None, list[str], str]:
    result = estimate(
        EstimateInput(
            area=P.areas.resolve(city or "河南"),
            retire=YearMonth(2025, 10),
            age_months=720,
            calc_base=Decimal(6738),
            avg_index=Decimal("0.68834"),
            years=parse_duration("39y6m"),
            account=Decimal("55537.81"),
            deemed_years=parse_duration("9y3m"),
            trans_index=Decimal("0.6573"),
        ),
        P,
    )
    basic = result.components["basic"]
    return basic.amount, basic.notes, basic.status


def test_henan_indexes_the_wage_on_the_city_average_and_warns_where_it_is_not_recorded() -> None:
    amount, notes, _ = _henan("信阳")  # Xinyang 2025-10 form: 2181.78
    assert amount == Decimal("2181.78") and notes == []
    amount, notes, status = _henan(None)  # a Henan city with no recorded wage
    assert amount == round(Decimal(6738) * Decimal("1.68834") / 2 * Decimal("0.395"), 2)
    assert status == "unconfirmed"
    assert len(notes) == 1 and "地市平均工资" in notes[0] and "6738" in notes[0]


def _gd_transitional(retire: YearMonth, **extra: object) -> Decimal | None:
    inp = EstimateInput(
        area=P.areas.resolve("广东"),
        retire=retire,
        age_months=720,
        calc_base=Decimal(9493),
        avg_index=Decimal("1.1061"),
        years=parse_duration("27y4m"),
        account=Decimal("71733.80"),
        deemed_years=parse_duration("14.90"),
        deemed_index=Decimal("1.327"),
        **extra,  # type: ignore[arg-type]
    )
    return estimate(inp, P).components["transitional"].amount


def test_guangdong_fixed_addons_are_part_of_the_old_method() -> None:
    # Shaoguan 2026-01 form (cases/guangdong/1.json): new method 9493 × 1.327 × 14.90 × 1.2%
    # = 2252.38 is paid alone (the form: 2252.11), not plus 100 + 4 × 27 = 208.
    assert _gd_transitional(YearMonth(2026, 1)) == Decimal("2252.38")
    # 2023 (ratio 0.7) with an old amount typed: old + add-ons = 500 + 208, then 70% of the
    # difference to the new method.
    got = _gd_transitional(YearMonth(2023, 6), old_transitional=Decimal(500))
    assert got == Decimal("1789.07")  # 708 + (2252.38 − 708) × 0.7 = 1789.066
    # an old method above the new one is kept whole
    assert _gd_transitional(YearMonth(2026, 1), old_transitional=Decimal(3000)) == Decimal(3208)


def test_inner_mongolia_counts_an_average_index_below_one_as_one_only() -> None:
    # Inner Mongolia 2025-09 form (cases/neimenggu/2.json): Z 0.6111 → 8179 × 1 × 11y4m × 1.2%
    # = 1112.34; a Z above 1 is used as it is (内政办字〔2006〕253号 as cited: below 1 counts as 1).
    def transitional(index: str) -> Decimal | None:
        inp = EstimateInput(
            area=P.areas.resolve("内蒙古"),
            retire=YearMonth(2025, 9),
            age_months=720,
            calc_base=Decimal(8179),
            avg_index=Decimal(index),
            years=parse_duration("41y1m"),
            account=Decimal("93577.2"),
            deemed_years=parse_duration("11y4m"),
        )
        return estimate(inp, P).components["transitional"].amount

    assert transitional("0.6111") == Decimal("1112.34")
    assert transitional("1.25") == Decimal("1390.43")  # 8179 × 1.25 × 136/12 × 1.2%


def test_guangdong_deemed_index_comes_from_the_city_of_the_deemed_years() -> None:
    # 粤府函〔2021〕294号 annex (third-party transcription, unconfirmed): each city's 1993 index
    # D weights the deemed years; Shantou 0.821, Zhanjiang 0.742, Foshan 1.304.
    def transitional(city: str) -> tuple[Decimal | None, str]:
        inp = EstimateInput(
            area=P.areas.resolve(city),
            retire=YearMonth(2026, 1),
            age_months=720,
            calc_base=Decimal(9493),
            avg_index=Decimal("0.8"),
            years=parse_duration("30"),
            account=Decimal(60000),
            deemed_years=parse_duration("10"),
        )
        part = estimate(inp, P).components["transitional"]
        return part.amount, part.status

    assert transitional("汕头") == (Decimal("935.25"), "unconfirmed")  # 9493 × 0.821 × 10 × 1.2%
    assert transitional("湛江")[0] == Decimal("845.26")  # 9493 × 0.742 × 10 × 1.2% = 845.257
    assert transitional("foshan")[0] == Decimal("1485.46")  # 9493 × 1.304 × 10 × 1.2% = 1485.4646
    for code in ("440200", "440400", "440500", "441800", "445200"):
        assert P.get("regional/pension/deemed_index", YearMonth(2026, 1), code).area == code


def _changchun(index_wage: Decimal | None, years: str = "42.67") -> dict[str, Decimal | None]:
    """Changchun 2025-08 预核定表 (pension-engine cases/jilin/jilin-changchun-man-202508.json):
    市县 7852.58 for the first term, 全省 7178.5 (both the 2024 bases) for the index."""
    result = estimate(
        EstimateInput(
            area=P.areas.resolve("长春"),
            retire=YearMonth(2025, 8),
            age_months=720,
            calc_base=Decimal("7852.58"),
            index_wage=index_wage,
            avg_index=Decimal("0.61"),
            years=parse_duration(years),
            account=Decimal("86106.56"),
            deemed_years=parse_duration("12.5"),
        ),
        P,
    )
    return {k: c.amount for k, c in result.components.items()}


def test_a_wage_for_the_index_printed_on_the_form_is_used_as_given() -> None:
    """A 预核定表 prints both of the previous year's bases; the typed provincial base is the W of
    the basic pension, the 增发 and the transitional pension (the recorded 2025 figure would not
    be)."""
    got = _changchun(Decimal("7178.5"))
    assert got["basic"] == Decimal("2609.58")  # (7852.58 + 7178.5 × 0.61) ÷ 2 × 42.67%
    assert got["transitional"] == Decimal("766.30")  # 7178.5 × 0.61 × 12.5 × 1.4%; form 766.31
    untyped = _changchun(None)
    assert untyped["basic"] != got["basic"]  # the parameter's 2025 value 7322.08 instead
    inp = estimate(
        EstimateInput(
            area=P.areas.resolve("长春"), retire=YearMonth(2025, 8), age_months=720,
            calc_base=Decimal("7852.58"), index_wage=Decimal("7178.5"),
            avg_index=Decimal("0.61"), years=parse_duration("42.67"),
            account=Decimal("86106.56"),
        ),
        P,
    )  # fmt: skip
    basic = inp.components["basic"]
    assert "7178.5×0.61" in basic.formula
    assert any(v.note == "caller-supplied" and v.status == "given" for v in basic.used)


def test_jilin_increment_rates_a_part_year_with_the_band_of_the_last_whole_year() -> None:
    """职场老楚 2025-02-19 (Changchun 2024-01 预核定表): 30.58 years → 26—30年部分 × 5.58,
    31年及以上部分 × 0; 42.67 years → 31+ band 12.67. The rule's docstring cites the source."""
    from shebao.audit.pension import segment_share

    bands = {20: "0.0015", 25: "0.002", 30: "0.0025"}
    share, texts = segment_share(bands, Decimal("30.58"))
    assert share == Decimal(5) * Decimal("0.0015") + Decimal("5.58") * Decimal("0.002")
    assert texts == ["5年×0.15%", "5.58年×0.2%"]
    share, _ = segment_share(bands, Decimal("42.67"))
    assert share == Decimal("0.0075") + Decimal("0.01") + Decimal("12.67") * Decimal("0.0025")
    assert segment_share(bands, Decimal("20.5"))[0] == 0  # the 21st year not completed
    # Changchun 2024-01: mean (7726.67 + 6709.83 × 0.88) ÷ 2 = 6815.86 → 增发 127.18 on the form
    mean = (Decimal("7726.67") + Decimal("6709.83") * Decimal("0.88")) / 2
    assert round(mean * segment_share(bands, Decimal("30.58"))[0], 2) == Decimal("127.18")
    assert "吉人社联〔2020〕89号" in (segment_share.__doc__ or "")
    assert "2025-02-19" in (segment_share.__doc__ or "")


def _jilin(area: str, retire: YearMonth, index: Decimal, years: str, **typed: Decimal):
    return estimate(
        EstimateInput(
            area=P.areas.resolve(area), retire=retire, age_months=720, avg_index=index,
            years=parse_duration(years), account=Decimal(80000),
            deemed_years=parse_duration("10"), **typed,
        ),
        P,
    )  # fmt: skip


def test_jilin_indexes_every_city_on_the_provincial_base_recorded_once() -> None:
    """吉政办明电〔2020〕12号 as printed on the forms: (市县计发基数 + 全省计发基数 × 指数) ÷ 2 ×
    N × 1%, the transitional pension on 全省计发基数 too. On random indices, years and dates
    2023-2025: Changchun's C is its own base, W the provincial one; another city (吉林市,
    220200, not in areas.yaml) gets the provincial base for both. The provincial figure is
    recorded once (calculation_base 220000); indexed_wage_base holds only the rule."""
    import random

    rng = random.Random(14)
    cc = {2023: Decimal("7726.67"), 2024: Decimal("7852.58"), 2025: Decimal("7978.25")}
    prov = {2023: Decimal("6709.83"), 2024: Decimal("7178.5"), 2025: Decimal("7322.08")}
    cent = Decimal("0.01")
    for _ in range(30):
        year = rng.choice((2023, 2024, 2025))
        retire = YearMonth(year, rng.randint(1, 12))
        index = Decimal(rng.randint(60, 300)) / 100
        years = Decimal(rng.randint(1500, 4500)) / 100
        for area, C in (("长春", cc[year]), ("220200", prov[year])):
            result = _jilin(area, retire, index, str(years))
            basic = result.components["basic"]
            want = ((C + prov[year] * index) / 2 * years / 100).quantize(cent)
            assert basic.amount == want, (area, retire, index, years)
            assert f"{prov[year]}×{index}" in basic.formula
            trans = result.components["transitional"]
            assert trans.amount == (prov[year] * index * 10 * Decimal("0.014")).quantize(cent)
    # the W used: the provincial figure with the rule's and the figure's sources
    basic = _jilin("长春", YearMonth(2024, 6), Decimal("0.61"), "42.67").components["basic"]
    (W,) = [v for v in basic.used if v.parameter.endswith("indexed_wage_base")]
    assert (W.value, W.area, W.status) == (7178.5, "220000", "estimated")
    assert "全省计发基数" in (W.derivation or "")
    hrefs = " ".join(s.href or "" for s in W.sources)
    assert "jilin-changchun-man-202508" in hrefs and "2640a169" in hrefs
    series = P["regional/pension/indexed_wage_base"].series
    assert "220100" not in series
    assert all(isinstance(e.value, dict) for e in series["220000"].entries)


def test_jilin_rule_without_a_recorded_provincial_base_lets_c_stand_in_with_a_warning() -> None:
    """2021: the provincial base is not recorded (no form or notice found); a typed C stands
    in for W, unconfirmed, and the basic pension says so."""
    result = _jilin("吉林", YearMonth(2021, 6), Decimal("1"), "30", calc_base=Decimal(6000))
    basic = result.components["basic"]
    assert basic.amount == Decimal("1800.00")  # (6000 + 6000 × 1) ÷ 2 × 30%
    (W,) = [v for v in basic.used if v.parameter.endswith("indexed_wage_base")]
    assert (W.value, W.status) == (Decimal(6000), "unconfirmed")
    assert any("全省计发基数" in n and "代替" in n for n in basic.notes)
    assert basic.status == "unconfirmed"


def test_jilin_keeps_the_average_index_to_two_decimals_before_any_component() -> None:
    """regional/pension/index_rounding (职场老楚's summary of the Jilin rules: "本人平均缴费工资
    指数…保留两位小数"): on random four-decimal indices a Jilin estimate computes the basic and
    transitional pensions from the index rounded half-up to 0.01, says so in a note and carries
    the rule (unconfirmed) in both components; the same figures in Hebei use the index as
    typed, without the note."""
    import random

    rng = random.Random(9)
    prov = Decimal("7322.08")
    cent = Decimal("0.01")
    for _ in range(30):
        typed = Decimal(rng.randint(6000, 30000)) / 10000
        kept = typed.quantize(cent, rounding="ROUND_HALF_UP")
        result = _jilin("220200", YearMonth(2025, 6), typed, "35")
        basic, trans = result.components["basic"], result.components["transitional"]
        assert basic.amount == ((prov + prov * kept) / 2 * Decimal("0.35")).quantize(cent)
        assert trans.amount == (prov * kept * 10 * Decimal("0.014")).quantize(cent)
        rules = [v for v in basic.used if v.parameter.endswith("index_rounding")]
        if kept != typed:
            assert any(f"{typed} → {kept}" in n for n in result.notes), typed
            assert len(rules) == 1 and rules[0].status == "unconfirmed"
            assert any(v.parameter.endswith("index_rounding") for v in trans.used)
        else:
            assert not rules and not any("→" in n for n in result.notes)
        hebei = estimate(
            EstimateInput(
                area=P.areas.resolve("河北"), retire=YearMonth(2025, 6), age_months=720,
                avg_index=typed, years=parse_duration("35"), account=Decimal(80000),
                calc_base=prov,
            ),
            P,
        )  # fmt: skip
        assert hebei.components["basic"].amount == (
            (prov + prov * typed) / 2 * Decimal("0.35")
        ).quantize(cent)
        assert not any("保留两位小数" in n for n in hebei.notes)
