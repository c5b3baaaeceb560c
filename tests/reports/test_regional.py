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
