"""Pay-sheet rows (工资表 / 工资条) -> :class:`~shebao.records.Payslip` records.

Contract: :func:`read_payslips` takes the tables found with the pay-sheet vocabulary and
returns one payslip per employee row:

* ``gross_pay`` = the standalone 应发 column (应发工资/应发合计/应发金额/应付工资), else the
  小计 of the 应发 group; ``net_pay`` = 实发 (实发金额/实收工资 …);
* deductions: 养老 -> pension, 医疗 -> medical, 失业 -> unemployment, 公积金 ->
  housing_fund, 个税 -> income_tax, and ``other`` = the sum of every other deduction shown
  (住宿费, 伙食费, 水电费, 罚款, 其他 …, each kept by its printed label in
  ``other_deductions``; a printed 0.00 is 0; ``null`` when the sheet shows none). Columns
  under a company-side group (公司承担…) and group 小计 columns are not deductions. A single
  应扣款项 column (all deductions in one) is ``other`` only when no deduction item stands
  beside it; otherwise it is checked against their sum;
* ``earnings``: every column of money that stands in the 应发 group, or before 应发 without a
  group, by its printed label (基本工资, 奖金, 津贴, 加班费, 绩效 … whether or not the
  vocabulary knows them); an item whose label says it is deducted (扣请假工资, 缺勤扣款) is
  negative. An unknown item between 应发 and 实发 is a deduction. Counts, rates and bases
  (天数, 工时, 社保缴纳基数) are never items (``payslip_items`` in the vocabulary);
* ``month`` from a 月份 column, else the per-strip line (发放月份：2025年06月), else the
  title (``XX电子厂2025年6月工资表``); ``employer`` = the company named in the title;
* when every slip belongs to one employee (a worker's own 工资条), ``person.name`` is that
  employee (set by the pipeline).

:func:`arithmetic` checks each slip's own sums (Σ earnings = 应发, 应发 − Σ deductions =
实发) and returns a warning naming the row and the columns for every one that fails, so a
column read in the wrong role is never silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shebao.ingest.lexicon import normalise_label
from shebao.ingest.normalize import halfwidth, parse_month, parse_number, squash
from shebao.ingest.profiles import vocabulary
from shebao.ingest.table import Header, RawRow

from shebao.records import Deductions, Payslip, Warning

NAMED = ("pension", "medical", "unemployment", "housing_fund", "income_tax")
_YM = re.compile(r"(\d{4})\s*年\s*(1[0-2]|0?[1-9])(?!\d)\s*月")
_TITLE = re.compile(r"(工资表|工资条|工资单|薪资表|工资明细)")


def is_payslip_key(header: Header, cells: list[str]) -> bool:
    """A row of one employee: a name (or, without a name column, a staff number) and a
    gross or net pay that is a number."""
    i = header.index("employee_name")
    j = i if i is not None else header.index("employee_id")
    who = cells[j] if j is not None else ""
    if not squash(who) or (i is not None and parse_number(who) is not None):
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


TOLERANCE = 0.015  # yuan: sums of printed two-decimal figures agree to the fen


@dataclass
class Roles:
    """What each column of a pay-sheet header is, for :func:`read_payslips`."""

    gross: int | None = None
    net: int | None = None
    named: dict[str, int] = field(default_factory=dict)  # pension … income_tax
    other: list[int] = field(default_factory=list)  # kept by label in other_deductions
    earnings: list[int] = field(default_factory=list)
    negative: set[int] = field(default_factory=set)  # earnings items printed as deductions
    total: int | None = None  # 应扣款项: all deductions in one column
    not_summed: list[int] = field(default_factory=list)  # whole numbers outside 应发 (工龄)


def item_kind(label: str) -> str:
    """``deduction``, ``not_money`` or ``item`` for a pay-sheet label the vocabulary does not
    name (by the words of ``payslip_items``)."""
    words = vocabulary().payslip_items
    s = normalise_label(label) if normalise_label(label) else squash(label)
    raw = squash(label)
    if any(w in raw for w in words.get("not_money", ())):
        return "not_money"
    if any(w in s for w in words.get("deduction", ())):
        return "deduction"
    return "item"


def _money_column(rows: list[RawRow], i: int) -> bool:
    """Whether the data rows print numbers (or nothing) in column ``i``, at least one."""
    values = [r.cells[i] for r in rows if not r.total and r.cells[i].strip()]
    return bool(values) and all(parse_number(v) is not None for v in values)


def roles(header: Header, rows: list[RawRow]) -> Roles:
    r = Roles()
    cols = header.columns
    for i, c in enumerate(cols):
        if c.field == "gross_pay" and c.group is None and r.gross is None:
            r.gross = i
    if r.gross is None:
        r.gross = next((i for i, c in enumerate(cols)
                        if c.field == "subtotal" and c.group == "earnings"), None)
    if r.gross is None:
        r.gross = header.index("gross_pay")
    r.net = header.index("net_pay")
    r.total = next((i for i, c in enumerate(cols)
                    if c.field == "deductions_total" and c.group != "employer_side"), None)
    # where a column stands: before 应发, between 应发 and 实发, after 实发
    first_deduction = next((i for i, c in enumerate(cols) if c.group == "deductions"
                            or c.field in ("pension", "medical", "unemployment", "housing_fund",
                                           "income_tax", "other_deduction",
                                           "deductions_total")), None)
    gross_at = r.gross if r.gross is not None else first_deduction
    for i, c in enumerate(cols):
        if i in (r.gross, r.net, r.total) or c.group == "employer_side":
            continue
        if c.field in NAMED and c.group != "earnings":
            r.named.setdefault(c.field, i)
            continue
        if c.field in ("subtotal", "ignore", "gross_pay", "net_pay", "employee_id",
                       "employee_name", "month", "deductions_total"):
            continue
        if c.field not in ("unknown", "other_deduction") or not _money_column(rows, i):
            continue
        kind = item_kind(c.label)
        if kind == "not_money":
            continue
        if c.field == "other_deduction" and c.group != "earnings":
            r.other.append(i)
        elif c.group == "earnings" or (c.group is None and gross_at is not None
                                       and i < gross_at):
            r.earnings.append(i)
            if kind == "deduction":
                r.negative.add(i)
        elif c.group == "deductions" or kind == "deduction" or (
                r.net is None or i < r.net):
            r.other.append(i)
    if r.total is not None and not (r.named or r.other):
        r.other, r.total = [r.total], None  # the one column of deductions is all of them
    r.not_summed = _outside_gross(rows, r)
    r.earnings = [i for i in r.earnings if i not in r.not_summed]
    return r


def _outside_gross(rows: list[RawRow], r: Roles) -> list[int]:
    """The one earnings column of whole numbers (工龄 3, 出勤 22: a count, not money) without
    which every row's items sum to its 应发 while with it some do not: the arithmetic shows it
    is no pay item. Nothing when the rows agree as they are, or when no single column of
    whole numbers explains their disagreement."""
    if r.gross is None or len(r.earnings) < 2:
        return []
    table: list[tuple[float, dict[int, float]]] = []
    for row in rows:
        if row.total or (gross := parse_number(row.get(r.gross))) is None:
            continue
        values = {i: parse_number(row.cells[i]) for i in r.earnings}
        table.append((gross, {i: (-abs(v) if i in r.negative else v)
                              for i, v in values.items() if v is not None}))

    def agrees(without: int | None) -> bool:
        return all(abs(sum(v for i, v in items.items() if i != without) - gross) <= TOLERANCE
                   for gross, items in table)

    if not table or agrees(None):
        return []
    whole = [i for i in r.earnings
             if all(re.fullmatch(r"\d{1,3}", squash(row.cells[i]) or "0")
                    for row in rows if not row.total)]
    found = [i for i in whole if agrees(i)]
    return found if len(found) == 1 else []


def _label(c) -> str:
    return squash(c.label)


def read_payslips(
    tables: list[tuple[Header, list[RawRow], str | None]],
    employer: str | None,
    default_month: str | None,
    warnings: list[Warning] | None = None,
) -> list[Payslip]:
    """``tables``: (header, rows, month named just above this table or None). A 应扣款项
    column that disagrees with the deduction items beside it is reported into
    ``warnings`` (``payslip_deductions_mismatch``)."""
    out: list[Payslip] = []
    for header, rows, local_month in tables:
        r = roles(header, rows)
        for i in r.not_summed:
            if warnings is not None:
                label = _label(header.columns[i])
                warnings.append(Warning(
                    code="column_not_summed",
                    message=f"第{header.page}页“{label}”一列是整数，各项收入不含这一列才等于"
                            f"应发，未当作收入项目读取，请核对（page {header.page}: column "
                            f"{label} holds whole numbers and the earnings items add up to "
                            "the gross pay only without it; not read as a pay item）",
                    page=header.page))
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
            values = {k: parse_number(row.cells[i]) for k, i in r.named.items()}
            others = {_label(header.columns[i]): parse_number(row.cells[i]) for i in r.other}
            others = {k: v for k, v in others.items() if v is not None}
            earnings = {}
            for i in r.earnings:
                v = parse_number(row.cells[i])
                if v is not None:
                    earnings[_label(header.columns[i])] = -abs(v) if i in r.negative else v
            slip = Payslip(
                month=month,
                employer=employer,
                employee_name=squash(row.get(header.index("employee_name"))) or None,
                employee_id=squash(row.get(header.index("employee_id"))) or None,
                gross_pay=parse_number(row.get(r.gross)),
                net_pay=parse_number(row.get(r.net)),
                deductions=Deductions(
                    **values,
                    # a column shown, blank for this employee, deducts nothing from him
                    other=round(sum(others.values()), 2) if r.other else None,
                ),
                earnings=earnings,
                other_deductions=others,
                page=row.page,
                row=row.row,
                confidence=round(row.confidence, 3),
            )
            stated = parse_number(row.get(r.total))
            shown = [v for v in (*values.values(), slip.deductions.other) if v is not None]
            if stated is not None and shown and abs(sum(shown) - stated) > TOLERANCE \
                    and warnings is not None:
                warnings.append(Warning(
                    code="payslip_deductions_mismatch",
                    message=f"{_where(slip)}：{_label(header.columns[r.total])} "
                            f"{_money(stated)} 不等于各项扣款之和 {_money(sum(shown))}；"
                            "请核对这一行各列的读法",
                    page=slip.page, row=slip.row))
            out.append(slip)
    return out


# slip id -> (label, amount) of a 应扣款项 column checked against the deduction items
_STATED: dict[int, tuple[str, float]] = {}


def _money(value: float) -> str:
    return f"{value:,.2f}"


def _where(p: Payslip) -> str:
    return f"第{p.page}页第{p.row}行（{p.employee_name or p.employee_id or ''}）"


def arithmetic(slips: list[Payslip]) -> list[Warning]:
    """Each slip's own sums: Σ earnings items = 应发; 应发 − Σ deductions = 实发 (when every
    part is printed); a 应扣款项 column = Σ deduction items. One warning per failing slip
    naming the row and the figures, so a column read in the wrong role is seen (a 应扣款项
    column is checked by :func:`read_payslips`)."""
    out: list[Warning] = []
    for p in slips:
        where = _where(p)
        if p.gross_pay is not None and p.earnings:
            total = round(sum(p.earnings.values()), 2)
            if abs(total - p.gross_pay) > TOLERANCE:
                items = "+".join(p.earnings)
                out.append(Warning(
                    code="payslip_gross_mismatch",
                    message=f"{where}：应发 {_money(p.gross_pay)} 不等于各项收入之和 "
                            f"{_money(total)}（{items}）；请核对这一行各列的读法",
                    page=p.page, row=p.row))
        d = p.deductions
        parts = [d.pension, d.medical, d.unemployment, d.housing_fund, d.income_tax, d.other]
        shown = [v for v in parts if v is not None]
        gross = p.gross_pay
        if gross is None and p.earnings:  # no 应发 printed: the items are all the earnings
            gross = round(sum(p.earnings.values()), 2)
        if gross is not None and p.net_pay is not None and shown:
            expected = round(gross - sum(shown), 2)
            if abs(expected - p.net_pay) > TOLERANCE:
                out.append(Warning(
                    code="payslip_net_mismatch",
                    message=f"{where}：{'应发' if p.gross_pay is not None else '各项收入合计'} "
                            f"{_money(gross)} 减去各项扣款 "
                            f"{_money(sum(shown))} 为 {_money(expected)}，与实发 "
                            f"{_money(p.net_pay)} 不符；可能有未读出的扣款或补发项目，"
                            "请核对这一行",
                    page=p.page, row=p.row))
    return out
