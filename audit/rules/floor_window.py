"""The base floor in a month where its change month is not verified (the "window").

Contract: a floor :class:`Value` with ``alternative`` (set by the parameter lookup for a value
marked ``effective_from_verified: false``, in the months before ``certain_from``) may be
either of two figures in that month: the new one (if the change took effect on
``effective_from``) or the previous period's (``alternative``, if it took effect later, at
the latest ``certain_from``). :func:`floor_window` gives the lower and the higher candidate;
a candidate that is unknown is ``None`` as the lower one (nothing below the known figure can
be judged). The texts (Simplified Chinese) go to a finding's message / line ``how`` and to the
audit's not-auditable list (``missing``); they name the province, both floors and the
unverified month.
"""

from __future__ import annotations

from decimal import Decimal

from shebao.audit.months import YearMonth
from shebao.audit.params import Value
from shebao.audit.rules.common import ranges

# (area code, new floor, previous floor or None, effective_from, certain_from)
WindowKey = tuple


def floor_window(floor: Value) -> tuple[Value | None, Value] | None:
    """(lower, higher) candidate floors of a month in the window; None outside it."""
    alt = floor.alternative
    if floor.certain_from is None or alt is None:
        return None
    if not isinstance(alt, Value):
        return None, floor
    return (alt, floor) if alt.value <= floor.value else (floor, alt)


def num(value: float | Decimal) -> str:
    """3756.0 -> ``3756``; 4204.8 -> ``4204.8`` (as published, no thousands separator)."""
    return f"{Decimal(str(value)).normalize():f}"


def _month(d) -> str:
    return f"{d.year}年{d.month}月"


def window_key(floor: Value) -> WindowKey:
    alt = floor.alternative
    return (floor.area, floor.value, alt.value if isinstance(alt, Value) else None,
            floor.effective_from, floor.certain_from)


def _where(ctx, area: str | None) -> str:
    return ctx.P.areas.name(area) if area else "当地"


def _pair(new: float, old: float | None, start, certain) -> str:
    if old is None:
        return (f"如自{_month(start)}起执行为{num(new)}元，如晚至{_month(certain)}才执行，"
                "此前沿用的上一期下限未收录")
    return (f"如自{_month(start)}起执行为{num(new)}元，如晚至{_month(certain)}才执行，"
            f"此前沿用上一期下限{num(old)}元")


def window_how(floor: Value, low: Value) -> str:
    """Appended to a priced line's ``how``: priced on the lower candidate floor."""
    key = window_key(floor)
    return (f"（当地缴费基数下限调整的生效月份未核实：{_pair(*key[1:])}；"
            f"按较低的{num(low.value)}元计算）")


def window_note(ctx, key: WindowKey, months: list[YearMonth]) -> str:
    """The not-auditable entry for months declared between the candidate floors."""
    area, new, old, start, certain = key
    low = "下限" if old is None else f"较低的下限{num(min(new, old))}元"
    high = num(new if old is None else max(new, old))
    return (f"{ranges(sorted(set(months)))}：{_where(ctx, area)}缴费基数下限调整的生效月份"
            f"未核实（{_pair(new, old, start, certain)}）；申报基数不低于{low}、低于{high}元，"
            "无法判断是否低于当月下限，不作少缴认定。提供当地当年缴费基数调整通知"
            "（写明执行月份）或社保经办机构的核定表可补查")


def window_sentence(ctx, items: list[tuple[YearMonth, object]]) -> str:
    """A finding's sentence for its months priced on the lower of two candidate floors."""
    groups: dict[WindowKey, list[YearMonth]] = {}
    for month, req in items:
        for v in getattr(req, "used", []):
            if isinstance(v, Value) and v.certain_from is not None:
                groups.setdefault(window_key(v), []).append(month)
                break
    out = ""
    for (area, new, old, start, certain), months in groups.items():
        if old is None:
            continue
        low, high = min(new, old), max(new, old)
        out += (f"其中{ranges(sorted(set(months)))}{_where(ctx, area)}缴费基数下限调整的"
                f"生效月份未核实（{_pair(new, old, start, certain)}），"
                f"以上按较低的{num(low)}元计算，"
                f"这是无论何时调整都应补缴的部分；如调整自{_month(start)}起生效，"
                f"应按{num(high)}元计算，应补金额更高。")
    return out
