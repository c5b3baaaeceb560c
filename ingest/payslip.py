"""Pay-sheet rows (工资表 / 工资条) -> :class:`~shebao.records.Payslip` records.

Contract: :func:`read_payslips` takes the tables found with the pay-sheet vocabulary and
returns one payslip per employee row:

* ``gross_pay`` = the standalone 应发 column (应发工资/应发合计/应发金额), else the 小计 of
  the 应发 group; ``net_pay`` = 实发;
* deductions: 养老 -> pension, 医疗 -> medical, 失业 -> unemployment, 公积金 ->
  housing_fund, 个税 -> income_tax, and ``other`` = the sum of every other column under the
  deductions group (住宿费, 伙食费, 水电费, 其他 …; ``null`` when the sheet shows none).
  Columns under a company-side group (公司承担…) and group 小计 columns are not deductions;
* ``month`` from a 月份 column, else the per-strip line (发放月份：2025年06月), else the
  title (``XX电子厂2025年6月工资表``); ``employer`` = the company named in the title;
* when every slip belongs to one employee (a worker's own 工资条), ``person.name`` is that
  employee (set by the pipeline).
"""

from __future__ import annotations

import re

from shebao.ingest.normalize import halfwidth, parse_month, parse_number, squash
from shebao.ingest.table import Header, RawRow

from shebao.records import Deductions, Payslip

NAMED = ("pension", "medical", "unemployment", "housing_fund", "income_tax")
_YM = re.compile(r"(\d{4})\s*年\s*(1[0-2]|0?[1-9])(?!\d)\s*月")
_TITLE = re.compile(r"(工资表|工资条|工资单|薪资表|工资明细)")


def is_payslip_key(header: Header, cells: list[str]) -> bool:
    name = cells[header.index("employee_name")] if header.index("employee_name") is not None else ""
    if not squash(name) or parse_number(name) is not None:
        return False
    for f in ("net_pay", "gross_pay"):
        i = header.index(f)
        if i is not None and parse_number(cells[i]) is not None:
            return True
    return False


def month_in(text: str) -> str | None:
    m = _YM.search(halfwidth(text))
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    for token in re.split(r"[\s:：]+", halfwidth(text)):
        mm = parse_month(token)
        if mm:
            return mm
    return None


def title_employer(lines: list[str]) -> str | None:
    """The company named in the title line (``XX电子厂2025年6月工资表`` -> ``XX电子厂``), or
    a company line just above a bare ``2025年6月工资表`` title."""
    for k, raw in enumerate(lines):
        line = squash(raw)
        if not _TITLE.search(line):
            continue
        head = _YM.split(halfwidth(raw))[0] if _YM.search(halfwidth(raw)) else _TITLE.split(line)[0]
        head = squash(head)
        if head:
            return head
        if k > 0 and squash(lines[k - 1]) and not _YM.search(lines[k - 1]):
            return squash(lines[k - 1])
    return None


def _deduction_columns(header: Header) -> tuple[dict[str, int], list[int]]:
    named: dict[str, int] = {}
    other: list[int] = []
    for i, c in enumerate(header.columns):
        if c.group in ("employer_side", "earnings"):
            continue
        if c.field in NAMED:
            named.setdefault(c.field, i)
        elif c.group == "deductions" and c.field not in (
            "subtotal",
            "ignore",
            "gross_pay",
            "net_pay",
        ):
            other.append(i)
    return named, other


def _gross_index(header: Header) -> int | None:
    for i, c in enumerate(header.columns):
        if c.field == "gross_pay" and c.group is None:
            return i
    for i, c in enumerate(header.columns):
        if c.field == "subtotal" and c.group == "earnings":
            return i
    return header.index("gross_pay")


def read_payslips(
    tables: list[tuple[Header, list[RawRow], str | None]],
    employer: str | None,
    default_month: str | None,
) -> list[Payslip]:
    """``tables``: (header, rows, month named just above this table or None)."""
    out: list[Payslip] = []
    for header, rows, local_month in tables:
        named, other = _deduction_columns(header)
        gross_i = _gross_index(header)
        for row in rows:
            if row.total:
                continue
            month = (
                (
                    parse_month(row.get(header.index("month")))
                    if header.index("month") is not None
                    else None
                )
                or local_month
                or default_month
            )
            if month is None:
                continue
            values = {k: parse_number(row.cells[i]) for k, i in named.items()}
            others = [parse_number(row.cells[i]) for i in other]
            out.append(
                Payslip(
                    month=month,
                    employer=employer,
                    employee_name=squash(row.get(header.index("employee_name"))) or None,
                    employee_id=squash(row.get(header.index("employee_id"))) or None,
                    gross_pay=parse_number(row.get(gross_i)),
                    net_pay=parse_number(row.get(header.index("net_pay"))),
                    deductions=Deductions(
                        **values,
                        other=round(sum(v or 0.0 for v in others), 2) if other else None,
                    ),
                    page=row.page,
                    row=row.row,
                    confidence=round(row.confidence, 3),
                )
            )
    return out
