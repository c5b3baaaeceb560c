"""Regional wording from data (``regional.yaml``): where statements are printed, how the bodies
that receive a complaint are named, by area code with a national fallback.

Contract: ``wording(place) -> Regional`` for an insured place as written (``上海市``,
``广东省东莞市``; ``None`` = unknown): each field from the most specific area of the place's
chain (city -> province -> ``000000``) that gives it. ``Regional.channels`` is the Chinese list
for a document (``随申办、上海市电子税务局等渠道``). No area name is spelled in code or here;
codes come from ``audit/parameters/areas.yaml`` (read, never edited).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

REGIONAL_FILE = Path(__file__).with_name("regional.yaml")
NATIONAL = "000000"


@dataclass(frozen=True)
class Regional:
    area: str  # the area code the place resolved to (NATIONAL when unknown)
    statement_channels: list[str]
    tax_bureau: str  # patterns with {city}
    labour_inspection: str
    arbitration_commission: str

    @property
    def channels(self) -> str:
        return "、".join(self.statement_channels) + "等渠道"


@lru_cache(maxsize=1)
def _data() -> dict[str, dict]:
    return yaml.safe_load(REGIONAL_FILE.read_text(encoding="utf-8"))["areas"]


def _chain(place: str | None) -> list[str]:
    if not place:
        return [NATIONAL]
    from shebao.audit.params import parameters

    areas = parameters().areas
    code = areas.find_in(place)
    return areas.chain(code) if code else [NATIONAL]


_CITY_ENDINGS = ("市", "州", "盟")


def authority_city(place: str | None) -> str | None:
    """The city whose bodies receive a complaint, as the bodies' names spell it: the
    prefecture-level city (or municipality) the place resolves to (``湖南省长沙市雨花区``,
    ``长沙`` -> ``长沙市``); for a place below a province that areas.yaml does not list, the
    place without its province's name (``江苏省昆山市`` -> ``昆山市``); None when only a province
    or nothing is known (the drafts then show a 【待补充】 marker)."""
    if not place:
        return None
    from shebao.audit.params import parameters

    areas = parameters().areas
    code = areas.find_in(place)
    if code is None:
        return place if place.endswith(_CITY_ENDINGS) else None
    chain = areas.chain(code)
    name = areas.name(code)
    if len(chain) >= 3 or name.endswith(_CITY_ENDINGS):  # a city, or a municipality
        return name
    rest = place.split(name, 1)[1] if name in place else ""
    return rest if rest.endswith(_CITY_ENDINGS) and len(rest) > 1 else None


def wording(place: str | None) -> Regional:
    data = _data()
    chain = _chain(place)

    def pick(key: str):
        for code in chain:
            if key in data.get(code, {}):
                return data[code][key]
        return data[NATIONAL][key]

    return Regional(area=chain[0], statement_channels=list(pick("statement_channels")),
                    tax_bureau=pick("tax_bureau"), labour_inspection=pick("labour_inspection"),
                    arbitration_commission=pick("arbitration_commission"))
