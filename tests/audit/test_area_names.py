"""Area names as people type them (``Areas.resolve``): Chinese with or without 省/市/自治区,
pinyin, 行政区划代码, city names implying their province; ambiguous and unknown names are
refused with the candidates listed."""

from __future__ import annotations

import json

import pytest
from shebao.audit.params import parameters

from shebao.errors import InputError

A = parameters().areas

PROVINCES = {
    "beijing": "110000", "tianjin": "120000", "hebei": "130000", "neimenggu": "150000",
    "liaoning": "210000", "jilin": "220000", "heilongjiang": "230000", "shanghai": "310000",
    "jiangsu": "320000", "zhejiang": "330000", "anhui": "340000", "fujian": "350000",
    "jiangxi": "360000", "shandong": "370000", "henan": "410000", "hubei": "420000",
    "hunan": "430000", "guangdong": "440000", "guangxi": "450000", "hainan": "460000",
    "chongqing": "500000", "sichuan": "510000", "guizhou": "520000", "yunnan": "530000",
    "xizang": "540000", "shaanxi": "610000", "gansu": "620000", "qinghai": "630000",
    "ningxia": "640000", "xinjiang": "650000",
}  # fmt: skip


@pytest.mark.parametrize(("pinyin", "code"), sorted(PROVINCES.items()))
def test_every_province_by_pinyin_name_and_code(pinyin: str, code: str) -> None:
    assert A.resolve(pinyin) == code
    assert A.resolve(pinyin.upper()) == code
    assert A.resolve(pinyin.capitalize() + " Province") == code
    name = A.name(code)
    assert A.resolve(name) == code
    short = name.removesuffix("省").removesuffix("市")
    assert A.resolve(short) == code
    assert A.resolve(code[:2]) == code


def test_all_31_provinces_and_every_registered_city_have_a_pinyin_name() -> None:
    provinces = [a for a in A.by_code.values() if a.parent == "000000"]
    assert len(provinces) == 31
    for area in A.by_code.values():
        if area.code != "000000":
            assert any(alias.isascii() for alias in area.aliases), f"{area.name}: add its pinyin"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("广西壮族自治区", "450000"),
        ("广西自治区", "450000"),
        ("新疆维吾尔自治区", "650000"),
        ("宁夏", "640000"),
        ("内蒙古自治区", "150000"),
        ("Bei Jing", "110000"),
        ("beijing shi", "110000"),
        ("Inner Mongolia", "150000"),
        ("Shenzhen", "440300"),
        ("dongguan", "441900"),
        ("深圳市", "440300"),
        ("4403", "440300"),
        ("440306", "440300"),  # 宝安区 -> 深圳市
        ("330302", "330000"),  # a county whose city is not registered -> its province
    ],
)
def test_names_as_typed(typed: str, code: str) -> None:
    assert A.resolve(typed) == code


def test_ambiguous_pinyin_lists_both() -> None:
    with pytest.raises(InputError) as err:
        A.resolve("shanxi")
    assert err.value.code == "ambiguous_area"
    assert "山西省（140000）" in str(err.value) and "陕西省（610000）" in str(err.value)


@pytest.mark.parametrize(
    ("typed", "first"), [("beijin", "北京市"), ("guangdon", "广东省"), ("北經", None)]
)
def test_unknown_name_gets_close_matches(typed: str, first: str | None) -> None:
    with pytest.raises(InputError) as err:
        A.resolve(typed)
    assert err.value.code == "unknown_area"
    message = str(err.value)
    assert "相近的有：" in message
    if first:
        assert message.split("相近的有：")[1].startswith(first)
    else:
        assert "北京市" in message


def test_unknown_without_any_match_says_what_to_type() -> None:
    with pytest.raises(InputError) as err:
        A.resolve("火星")
    assert "相近的有" not in str(err.value) and "拼音" in str(err.value)


def test_pinyin_is_not_found_inside_free_text() -> None:
    # find_in reads places printed on documents: only Chinese names count there
    assert A.find_in("anhui hubei") is None
    assert A.find_in("广东省东莞市社会保险基金管理中心") == "441900"


def _estimate(capsys, *args: str) -> tuple[int, str, str]:
    from shebao.cli import main

    code = main(
        ["estimate", *args, "--retire", "2025-06", "--age-months", "720", "--avg-index", "1",
         "--years", "30", "--account", "100000", "--calc-base", "10000", "--json"],
    )  # fmt: skip
    out, err = capsys.readouterr()
    return code, out, err


def test_estimate_accepts_beijing_in_pinyin(capsys) -> None:
    code, out, err = _estimate(capsys, "--province", "beijing")
    assert code == 0, err
    data = json.loads(out)
    assert data["area"] == "110000"
    assert data["basic"] == 3000.0


def test_estimate_city_implies_province_and_wrong_province_is_refused(capsys) -> None:
    code, out, err = _estimate(capsys, "--city", "dongguan")
    assert code == 0, err
    assert json.loads(out)["area"] == "441900"
    code, out, err = _estimate(capsys, "--province", "jiangsu", "--city", "深圳")
    assert code == 2
    assert "不属于" in err


def test_exact_name_wins_and_one_province_names_mean_the_broadest(tmp_path) -> None:
    from shebao.audit.areas import Areas

    (tmp_path / "areas.yaml").write_text(
        """areas:
  "000000": {name: 全国, parent: null}
  "220000": {name: 吉林省, parent: "000000", aliases: [吉林, jilin]}
  "220200": {name: 吉林市, parent: "220000", aliases: [jilin shi]}
  "320000": {name: 江苏省, parent: "000000"}
  "321200": {name: 泰州市, parent: "320000", aliases: [taizhou]}
  "330000": {name: 浙江省, parent: "000000"}
  "331000": {name: 台州市, parent: "330000", aliases: [taizhou]}
""",
        encoding="utf-8",
    )
    areas = Areas.load(tmp_path / "areas.yaml")
    assert areas.resolve("吉林市") == "220200"
    assert areas.resolve("吉林") == "220000"
    assert areas.resolve("吉林省") == "220000"
    assert areas.resolve("Jilin") == "220000"
    with pytest.raises(InputError) as err:
        areas.resolve("taizhou")
    assert err.value.code == "ambiguous_area" and "浙江省" in str(err.value)
