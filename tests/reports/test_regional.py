"""Regional wording comes from reports/regional.yaml by area code, with a national fallback."""

from __future__ import annotations

import yaml
from shebao.audit.params import parameters
from shebao.reports.regional import REGIONAL_FILE, wording


def test_every_area_of_the_wording_file_is_a_known_area_code():
    areas = yaml.safe_load(REGIONAL_FILE.read_text(encoding="utf-8"))["areas"]
    known = parameters().areas.by_code
    assert set(areas) <= set(known)
    for entry in areas.values():
        assert entry.get("source") and entry.get("status") in ("confirmed", "secondary")


def test_a_city_takes_its_province_wording_and_the_national_names():
    shanghai, dongguan = wording("上海市"), wording("广东省东莞市")
    assert shanghai.statement_channels[0] == "随申办"
    assert "粤省事" not in shanghai.channels and "粤省事" in dongguan.channels
    assert dongguan.tax_bureau == "国家税务总局{city}税务局"  # national fallback


def test_an_unknown_place_gets_the_national_wording():
    assert wording(None).area == "000000" == wording("火星市").area
    assert wording(None).statement_channels[0] == "国家社会保险公共服务平台"


def test_areas_beyond_the_four_provinces_take_their_own_wording_or_the_national_one():
    beijing, shenzhen, guangzhou = wording("北京市"), wording("深圳市"), wording("广东省广州市")
    assert beijing.statement_channels[0] == "北京市人力资源和社会保障局"
    assert shenzhen.statement_channels[0] == "深圳市社会保险基金管理局"
    assert guangzhou.statement_channels[0] == "粤省事"  # Guangdong's, not Shenzhen's
    chongqing = wording("重庆市")  # no source read for its channels: the national wording
    assert chongqing.area != "000000"
    assert chongqing.statement_channels == wording(None).statement_channels
    assert chongqing.tax_bureau.format(city="重庆市") == "国家税务总局重庆市税务局"


def test_the_bodies_are_named_after_the_city_the_place_resolves_to(tmp_path):
    """However the place is written -- with its province, a district, or the short name the
    README allows -- the complaint is addressed to that city's bodies; a province alone gives
    a marker, never a guessed name."""
    from shebao.reports.case import Case
    from shebao.reports.context import _authorities
    from shebao.reports.regional import authority_city

    for place in ("湖南省长沙市", "湖南省长沙市雨花区", "长沙", "长沙市"):
        assert authority_city(place) == "长沙市", place
        names = _authorities(Case(), place)
        assert names.tax_bureau == "国家税务总局长沙市税务局", place
        assert names.labour_inspection == "长沙市人力资源和社会保障局", place
    assert authority_city("北京市朝阳区") == "北京市"
    assert authority_city("江苏省昆山市") == "昆山市"  # below a province, not in areas.yaml
    assert authority_city("湖南省") is None and authority_city(None) is None
    assert "待补充" in _authorities(Case(), "湖南省").tax_bureau
