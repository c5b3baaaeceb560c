#!/usr/bin/env python3
"""Which years lack a contribution base floor or a 计发基数 (or an employer rate) in each of
the 31 provinces, 2020-2025 by default (issue 14's bar): run
``.venv/bin/python scripts/coverage_gaps.py [--years 2020-2025] [--bar]``.

Without ``--bar`` a year is listed when some month has no value at all (unknown); with
``--bar`` also when its value is only unconfirmed or carried forward (provisional), i.e. not
official or estimated. Cities with their own series are listed under their province.
"""

from __future__ import annotations

import argparse

from shebao.audit.coverage import BAR, ORDER, coverage, gaps, provinces
from shebao.audit.params import parameters

NAMES = {
    "regional/contribution/base_floor": "下限",
    "regional/pension/calculation_base": "计发基数",
    "regional/contribution/employer_rate": "单位费率",
}


def _span(text: str) -> list[int]:
    lo, hi = (int(x) for x in text.split("-"))
    return list(range(lo, hi + 1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--years", default="2020-2025")
    ap.add_argument("--bar", action="store_true", help="list unconfirmed/provisional years too")
    args = ap.parse_args()
    P = parameters()
    years = _span(args.years)
    codes = provinces(P)
    short_of = tuple(s for s in ORDER if s not in BAR) if args.bar else ("unknown",)
    cov = coverage(P, codes, years, tuple(NAMES))
    missing = gaps(cov, short_of)
    own = {  # cities with a series of their own in any of the files
        code: sorted(
            {a for n in NAMES for a in P[n].series if a != code and P.areas.province_of(a) == code}
        )
        for code in codes
    }
    print(f"{'/'.join(short_of)} years {years[0]}-{years[-1]} ({len(codes)} provinces; '-' = none)")
    for code in codes:
        cells = [
            f"{label}: {','.join(map(str, missing.get(code, {}).get(name, []))) or '-'}"
            for name, label in NAMES.items()
        ]
        names = " ".join(P.areas.name(c) for c in own[code])
        cities = f"  [own series: {names}]" if names else ""
        print(f"{P.areas.name(code):8} " + " | ".join(cells) + cities)
    short = sum(
        1
        for c in codes
        for n in ("regional/contribution/base_floor", "regional/pension/calculation_base")
        if missing.get(c, {}).get(n)
    )
    print(f"province x (floor, 计发基数) pairs with a gap: {short} of {2 * len(codes)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
