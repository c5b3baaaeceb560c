"""Published contribution-base floors and pension rates, transcribed by hand for the tests.

An oracle independent of the audit's parameter lookup (``shebao.audit.contributions``): the
planted scenarios and the factory generator take their floors from that lookup, so a test
that compared them with the same lookup could not see a wrong figure in the parameter files
or a wrong lookup (an off-by-one base year, another city's value). These figures were copied
from the reference (``/work/shared/reference/policy.md`` §4.3-4.5), each with the notice it
rests on; they are test data, not used by the program.
"""

from __future__ import annotations

# city -> [(first month, last month, floor yuan, source)]
FLOORS: dict[str, list[tuple[str, str, float, str]]] = {
    "上海市": [
        ("2019-05", "2020-06", 4927, "rsj.sh.gov.cn/tsj_17090/20200616/t0035_1366971.html"),
        ("2020-07", "2021-06", 4927, "rsj.sh.gov.cn 202007/t20200715_1306949"),
        ("2021-07", "2022-06", 5975, "rsj.sh.gov.cn/tzcjd_17352_17352/20210820/t0035_1401980"),
        ("2022-07", "2023-06", 6520, "chinanews (60% of the mean of 2020 and 2021 wages)"),
        ("2023-07", "2024-06", 7310, "shpt.gov.cn district page"),
        ("2024-07", "2025-06", 7384, "rsj.sh.gov.cn/tgjj_17352_17352/20240731/t0035_1426429"),
        ("2025-07", "2026-06", 7460, "rsj.sh.gov.cn/tgsgg_17341/20250918/t0035_1435637"),
    ],
    "广州市": [
        ("2024-07", "2025-06", 5500, "粤人社发〔2024〕33号 as cited (floor 广州/省直)"),
        ("2025-07", "2026-06", 5510, "粤人社发〔2025〕32号 (GD2025)"),
    ],
}
# city -> [(first month, employer pension rate, personal pension rate)]
RATES: dict[str, tuple[str, float, float]] = {
    "上海市": ("2019-05", 0.16, 0.08),
}


def floor(city: str, month: str) -> float:
    """The published floor of ``month`` (``YYYY-MM``) at ``city``; KeyError if not copied."""
    for first, last, value, _source in FLOORS[city]:
        if first <= month <= last:
            return float(value)
    raise KeyError(f"no published floor copied for {city} {month}")


def published(city: str, month: str) -> bool:
    """Whether a floor of ``month`` at ``city`` was copied here."""
    return any(first <= month <= last for first, last, *_ in FLOORS.get(city, []))


def rates(city: str, month: str) -> tuple[float, float]:
    first, employer, personal = RATES[city]
    if month < first:
        raise KeyError(f"no published rate copied for {city} {month}")
    return employer, personal
