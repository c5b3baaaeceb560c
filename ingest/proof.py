"""Column mappings proven by the numbers every statement obeys: amount ≈ base × rate.

Contract: :func:`prove` takes one statement table (its :class:`~shebao.ingest.table.Header`
and data rows) after its columns were named by header words and content
(:mod:`shebao.ingest.columns`). Where the table prints rates beside its amounts, each side's
(单位 / 个人) amount must equal base × that side's rate on most rows. When it does not under
the chosen mapping and another assignment of the same columns (amounts, rates, unnamed
numeric columns of the same insurance) makes it hold on at least :data:`HOLDS` of the rows,
that assignment is taken: the columns' fields are changed in place and a
``column_remapped`` note names them. Nothing is changed when no assignment holds: the rows
then fail :func:`row_failures`, which the caller reports (``amount_check_failed``) and
which lowers those records' confidence.

:func:`row_failures` lists, per data row, the columns whose amount contradicts the base and
the rate printed beside it, or (no rate printed, a one-month row) exceeds any plausible rate
(:data:`shebao.ingest.statement.RATE_CEILING`) or, not zero, falls below any plausible rate
(``floor``: :data:`shebao.ingest.statement.RATE_FLOOR`, on a row of one month: ``21.95`` read
``1.95`` beside a base of 3659).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from shebao.ingest.normalize import parse_number, squash

HOLDS = 0.8  # share of rows an assignment must satisfy to be taken
SIDES = (("employer_amount", "employer_rate"), ("personal_amount", "personal_rate"))
_PERCENT = re.compile(r"^(\d{1,2}(?:\.\d{1,3})?)%$")


def parse_rate(text: str | None) -> float | None:
    """``0.16`` -> 0.16, ``16%`` -> 0.16, ``0.5%`` -> 0.005; else None."""
    s = squash(text or "")
    m = _PERCENT.match(s)
    if m:
        return float(m.group(1)) / 100
    v = parse_number(s)
    return v if v is not None and 0 < v < 1 else None


def agrees(amount: float, base: float, rate: float) -> bool:
    expected = base * rate
    return abs(amount - expected) <= max(0.51, 0.01 * expected)


def _label(column) -> str:
    return f"{column.group_label}／{column.label}" if column.group_label else column.label


def _groups(header) -> list[str | None]:
    return list(dict.fromkeys(c.group for c in header.columns))


def _base_index(header, group: str | None) -> int | None:
    for i, c in enumerate(header.columns):
        if c.field == "base" and c.group == group:
            return i
    for i, c in enumerate(header.columns):
        if c.field == "base" and c.group is None:
            return i
    return None


def _rate_for(header, group: str | None, rate_field: str) -> int | None:
    """The side's own rate column (单位比例, 单位缴纳／比例), or None."""
    own = [i for i, c in enumerate(header.columns) if c.group == group and c.field == rate_field]
    if own:
        return own[0]
    return None


def _holds(rows: Sequence[Sequence[str]], base: int, amount: int, rate: int) -> float | None:
    checked = ok = 0
    for cells in rows:
        b, a, r = parse_number(cells[base]), parse_number(cells[amount]), parse_rate(cells[rate])
        if b is None or a is None or r is None or b <= 0:
            continue
        checked += 1
        ok += agrees(a, b, r)
    return ok / checked if checked else None


def prove(header, rows: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """Check and, where another assignment of the same columns holds, fix the mapping of
    ``header``'s amounts and rates (see the module docstring). ``rows``: the cell texts of
    the table's data rows. Returns ``column_remapped`` notes."""
    notes: list[tuple[str, str]] = []
    for group in _groups(header):
        base = _base_index(header, group)
        if base is None:
            continue
        sides = []  # the sides that print a rate: their amount must be base × rate
        for amount_field, rate_field in SIDES:
            a = next((i for i, c in enumerate(header.columns)
                      if c.group == group and c.field == amount_field), None)
            r = _rate_for(header, group, rate_field)
            if r is not None:
                sides.append((amount_field, rate_field, a, r))
        if not sides:
            continue
        scores = [_holds(rows, base, a, r) if a is not None else 0.0 for _, _, a, r in sides]
        if all(s is None or s >= HOLDS for s in scores):
            continue
        pool = [i for i, c in enumerate(header.columns)
                if c.group == group and i != base
                and c.field in {"unknown", "employer_amount", "personal_amount",
                                "employer_rate", "personal_rate", "rate"}]
        if len(pool) > 8:
            continue  # (not a table of amounts and rates)
        best, best_score = None, sum(s or 0 for s in scores)
        for pick in itertools.permutations(pool, 2 * len(sides)):
            pairs = [(pick[2 * k], pick[2 * k + 1]) for k in range(len(sides))]
            got = [_holds(rows, base, a, r) for a, r in pairs]
            if all(g is not None and g >= HOLDS for g in got) and sum(got) > best_score + 1e-9:
                best, best_score = pairs, sum(got)
        if best is None:
            continue
        before = {i: header.columns[i].field for i in pool}
        roles = {f for side in sides for f in side[:2]}
        for i in pool:  # the roles move: a column that loses its role is left unread
            if before[i] in roles or any(i in pair for pair in best):
                header.columns[i].field = "unknown"
        for (amount_field, rate_field, _, _), (a, r) in zip(sides, best, strict=True):
            header.columns[a].field = amount_field
            header.columns[r].field = rate_field
        changed = [i for i in pool if header.columns[i].field != before[i]]
        for i in changed:
            c = header.columns[i]
            c.why = "金额＝基数×费率 只在这样对应时成立（amount = base × rate holds only so）"
        names = "、".join(f"“{_label(header.columns[i])}”→{header.columns[i].field}"
                          for i in changed)
        notes.append((
            "column_remapped",
            f"第 {header.page} 页表格按表头读出的金额与“基数×费率”不符，换成 {names} 后各行都相符，"
            f"已按后者读取，请核对（page {header.page}: amounts did not equal base × rate under "
            f"the header's mapping; they do with {names}, which was used）",
        ))
    return notes


def row_failures(header, cells: Sequence[str], one_month: bool,
                 ceiling: float, floor: float = 0.0) -> list[tuple[int, str]]:
    """Columns of one data row whose amount fails its invariant: (column index, reason)."""
    out: list[tuple[int, str]] = []
    for group in _groups(header):
        base_i = _base_index(header, group)
        base = parse_number(cells[base_i]) if base_i is not None else None
        if not base or base <= 0:
            continue
        for amount_field, rate_field in SIDES:
            a = next((i for i, c in enumerate(header.columns)
                      if c.group == group and c.field == amount_field), None)
            if a is None or (amount := parse_number(cells[a])) is None:
                continue
            r = _rate_for(header, group, rate_field)
            rate = parse_rate(cells[r]) if r is not None else None
            if rate is not None:
                if not agrees(amount, base, rate):
                    out.append((a, f"{amount:.2f} ≠ {base:.2f} × {cells[r].strip()} = "
                                   f"{base * rate:.2f}"))
            elif one_month and amount > ceiling * base:
                out.append((a, f"{amount:.2f} 超过基数 {base:.2f} 的 {ceiling:.0%}"
                               f"（more than {ceiling:.0%} of the base）"))
            elif 0 < amount < floor * base:
                out.append((a, f"{amount:.2f} 不到基数 {base:.2f} 的 {floor:.2%}"
                               f"（less than {floor:.2%} of the base）"))
    return out
