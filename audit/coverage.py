"""What the tool can judge where and when: per area and year, the status of each local
parameter the audit and the estimate rest on (official / estimated / unconfirmed /
provisional / unknown), month by month. ``shebao params --coverage`` prints it so that a
paralegal knows before a session what the tool can judge for a worker's city.

JSON (``coverage(...).to_json()``, printed by ``shebao params --coverage --json``)::

    {"years": [2015, ...], "parameters": [{"name", "label", "decides"}],
     "areas": [{"code", "name", "coverage": {<parameter>: {<year>: {
         "status": "official|estimated|unconfirmed|provisional|unknown",   # the least certain
         "months": ["official", ...] * 12, "from_area": "440000"|null}}}}],
     "counts": {<status>: n}}                                              # area-years

``provisional`` = a value past its file's ``last_value_still_valid_on`` (last published figure
carried forward). A value found at a parent area counts for the child (Dongguan takes
Guangdong's), and ``from_area`` says where it came from.

:func:`gaps` lists, per area and parameter, the years in which some month falls short of a
bar (default: no value at all); ``scripts/coverage_gaps.py`` prints it for the 31 provinces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shebao.audit.params import NATIONAL, ParameterSet, Value

# The local parameters a finding or an estimate needs, with what each one decides (for
# people: Chinese).
COVERED: tuple[tuple[str, str, str], ...] = (
    ("regional/contribution/base_floor", "缴费基数下限", "是否按最低基数申报、少报基数"),
    ("regional/contribution/base_ceiling", "缴费基数上限", "按工资核算应缴基数"),
    ("regional/contribution/employer_rate", "单位缴费比例", "欠缴、少缴金额"),
    ("regional/pension/calculation_base", "计发基数", "养老金估算"),
    ("regional/pension/transitional_method", "过渡性养老金办法", "有视同缴费年限者的估算"),
    ("national/pension/account_interest_rate", "记账利率", "个人账户余额"),
)
ORDER = ("official", "estimated", "unconfirmed", "provisional", "unknown")
SHORT = {"official": "官", "estimated": "估", "unconfirmed": "疑", "provisional": "暂",
         "unknown": "缺"}  # fmt: skip
LEGEND = "官=官方  估=估计  疑=未确认  暂=沿用最近公布值  缺=未知（无法据此判断）"


def month_status(P: ParameterSet, name: str, on: date, area: str) -> tuple[str, str | None]:
    """The status of one parameter on one day at one area, and the area it came from."""
    value = P.get(name, on, area)
    if not isinstance(value, Value):
        return "unknown", None
    if value.provisional:
        return "provisional", value.area
    return value.status, value.area


@dataclass
class Coverage:
    years: list[int]
    areas: list[str]
    table: dict[str, dict[str, dict[int, dict[str, Any]]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def cell(self, area: str, name: str, year: int) -> str:
        """``官``; or ``缺→官`` when the status changes within the year (months in order)."""
        months = self.table[area][name][year]["months"]
        seq: list[str] = []
        for status in months:
            if not seq or seq[-1] != SHORT[status]:
                seq.append(SHORT[status])
        return "→".join(seq)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(ORDER, 0)
        for per_param in self.table.values():
            for per_year in per_param.values():
                for cell in per_year.values():
                    out[cell["status"]] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "years": self.years,
            "parameters": [{"name": n, "label": label, "decides": d} for n, label, d in COVERED],
            "areas": [
                {
                    "code": code,
                    "name": self.names[code],
                    "coverage": {
                        name: {str(y): cell for y, cell in per_year.items()}
                        for name, per_year in self.table[code].items()
                    },
                }
                for code in self.areas
            ],
            "counts": self.counts(),
        }


def coverage(
    P: ParameterSet,
    areas: list[str] | None,
    years: list[int],
    names: tuple[str, ...] = tuple(n for n, _, _ in COVERED),
) -> Coverage:
    """Coverage of ``names`` (default :data:`COVERED`) for ``areas`` (codes; default every
    registered area but the national level) in ``years``."""
    codes = areas or [c for c in P.areas.by_code if c != NATIONAL]
    out = Coverage(years, codes)
    for code in codes:
        out.names[code] = P.areas.name(code)
        out.table[code] = {}
        for name in names:
            per_year: dict[int, dict[str, Any]] = {}
            for year in years:
                months, sources = [], set()
                for m in range(1, 13):
                    status, source = month_status(P, name, date(year, m, 1), code)
                    months.append(status)
                    if source:
                        sources.add(source)
                worst = max(months, key=ORDER.index)
                per_year[year] = {
                    "status": worst,
                    "months": months,
                    "from_area": sorted(sources)[0] if len(sources) == 1 else None,
                }
            out.table[code][name] = per_year
    return out


BAR = ("official", "estimated")  # issue 14: every province, 2020-2025, official or estimated


def gaps(
    cov: Coverage, short_of: tuple[str, ...] = ("unknown",)
) -> dict[str, dict[str, list[int]]]:
    """Per area and parameter, the years of ``cov`` in which at least one month's status is in
    ``short_of`` (default: unknown = no value). Areas and parameters without such a year are
    left out, so an empty result means the bar is met everywhere."""
    out: dict[str, dict[str, list[int]]] = {}
    for code, per_param in cov.table.items():
        for name, per_year in per_param.items():
            years = [
                y
                for y, cell in per_year.items()
                if any(status in short_of for status in cell["months"])
            ]
            if years:
                out.setdefault(code, {})[name] = years
    return out


def provinces(P: ParameterSet) -> list[str]:
    """The codes of the provincial-level areas registered (31 on the mainland)."""
    return [c for c in P.areas.by_code if c != NATIONAL and c.endswith("0000")]
