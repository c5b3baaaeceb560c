"""The merged history month by month, for timelines and charts (extra field ``monthly`` of the
audit result).

Contract: :func:`monthly(ctx)` -> a list, one object per calendar month from the first to the
last month of the history (or of the pay slips), each::

    {"month": "2024-08", "status": "paid" | "back_paid" | "arrears" | "unpaid" | "refunded" |
               "unknown" | "none",        # none: no record at all (not printed / not insured)
     "employers": ["…"], "declared_base": 7384.0 | null, "floor": 7384.0 | null,
     "floor_status": "official" | … | null, "floor_alternative": 7200.0 | null,
     "wage": 14620.5 | null, "withheld": 590.72 | null, "findings": ["minimum_base", …]}

``status`` is the most significant status among the month's pension records (paid > back_paid
> refunded > arrears > unpaid > unknown); ``declared_base`` the sum of the counted records'
bases; ``wage`` and ``withheld`` the pay slips' gross pay and pension deduction (summed over
slips of the month); ``findings`` the rule codes of the findings that name the month.
``floor_alternative`` is the other candidate floor of a month whose floor change month is not
verified (``Value.alternative``, see :mod:`shebao.audit.rules.floor_window`): the previous
period's floor, which applies if the change came later; null when the floor is certain or the
previous floor is unknown. A timeline shows both rather than the keyed floor alone.
"""

from __future__ import annotations

from shebao.audit.params import Value
from shebao.audit.rules.context import COUNTED, Context

ORDER = ("paid", "back_paid", "refunded", "arrears", "unpaid", "pending", "not_insured",
         "unknown")


def _alternative(floor: object) -> float | None:
    """The other candidate floor of a month in an unverified change window, or None."""
    alt = floor.alternative if isinstance(floor, Value) else None
    return float(alt.value) if isinstance(alt, Value) and alt.value is not None else None


def monthly(ctx: Context) -> list[dict]:
    by_month = ctx.history.by_month()
    slips: dict = {}
    for s in ctx.history.slips:
        slips.setdefault(s.month, []).append(s.payslip)
    months = sorted({*by_month, *slips})
    if not months:
        return []
    first, last = months[0], months[-1]
    named: dict[str, list[str]] = {}
    for f in ctx.findings:
        for m in f.months:
            if f.rule not in named.setdefault(m, []):
                named[m].append(f.rule)
    out = []
    for i in range(last.months_since(first) + 1):
        m = first + i
        recs = by_month.get(m, [])
        statuses = [r.status for r in recs]
        status = next((s for s in ORDER if s in statuses), "none")
        counted = [r for r in recs if r.status in COUNTED and r.row.base is not None]
        area = recs[0].area if recs else ctx.area_for(m, None)
        floor, _ = ctx.limits(m, area)
        pay = slips.get(m, [])
        gross = [p.gross_pay for p in pay if p.gross_pay is not None]
        withheld = [p.deductions.pension for p in pay if p.deductions.pension is not None]
        out.append({
            "month": str(m),
            "status": status,
            "employers": list(dict.fromkeys(r.employer for r in recs if r.employer)),
            "declared_base": round(sum(r.row.base for r in counted), 2) if counted else None,
            "floor": float(floor.value) if isinstance(floor, Value) else None,
            "floor_status": floor.status if isinstance(floor, Value) else None,
            "floor_alternative": _alternative(floor),
            "wage": round(sum(gross), 2) if gross else None,
            "withheld": round(sum(withheld), 2) if withheld else None,
            "findings": named.get(str(m), []),
        })
    return out
