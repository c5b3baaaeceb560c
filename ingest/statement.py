"""Statement rows -> contributions and annual aggregates, by row granularity.

Contract: :func:`read_rows` turns the printed rows of a statement's tables (all pages, in
order, totals already flagged) into :class:`~shebao.records.Contribution` and
:class:`~shebao.records.Annual` records following ``shebao.extract/1``:

* one contribution per month x insurance x employer; a range row is expanded to its months
  and its amounts divided by the month count when the layout prints range totals
  (``amounts: range_total``, or ``auto``: decided per document from the amounts themselves);
* a month row whose cells are all blank or ``/`` (L1 "空行为断缴") gives one ``unpaid``
  record per insurance the layout shows, with base, amounts and employer ``null`` - or
  ``not_insured`` / ``pending`` / ``arrears`` / ``refunded`` when the row says so (备注
  未参保); so does a blank
  insurance cell of a status grid (a marker in every cell: the ``-`` was lost);
* status from markers (``*`` ``●`` ``△`` ``○`` ``-``) and status words in the status, 缴费类型
  and 备注 cells; when several cells speak, the strongest wins
  (refunded > arrears > not_insured > unpaid > pending > back_paid > paid);
* a column headed by an insurance name itself holds that insurance's mark (``√`` -> paid,
  blank -> not insured that month) or its month count for a range row (``03个月``: all months
  paid when it equals the range, ``unknown`` when fewer, none when 0);
* ``page`` and ``row`` point at the printed row the record comes from.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from shebao.ingest.lexicon import Lexicon
from shebao.ingest.normalize import (
    months_in,
    parse_count,
    parse_date,
    parse_month,
    parse_month_number,
    parse_number,
    parse_period,
    parse_year,
    squash,
)
from shebao.ingest.table import Header, RawRow

from shebao.records import INSURANCES, Annual, Contribution

# When several cells speak, the strongest word wins: 补缴 beside 未到账 is a back-payment not
# yet credited (pending); 未参保 beside 正常 in another cell is not insured.
STRENGTH = {"refunded": 7, "arrears": 6, "not_insured": 5, "unpaid": 4, "pending": 3,
            "back_paid": 2, "paid": 1, "unknown": 0}
# A cell printed "/" says "nothing here" (a certificate's months before coverage).
_NOTHING = re.compile(r"^[/／\\]*$")
MONEY_FIELDS = ("base", "employer_amount", "personal_amount", "annual_base", "months")
_MARKER_PREFIX = re.compile(r"^\s*([*＊#&]+)\s*")
# A reading heuristic, not a legal figure: no insurance charges one side more than 35 % of the
# base for one month, so a larger amount / base ratio must be a total over several months.
RATE_CEILING = 0.35
# Nor less than 0.05 % of it (the lowest rates charged are a few tenths of a percent): a
# one-month amount above zero and under that is a misread (21.95 read 1.95), not a rate.
RATE_FLOOR = 0.0005


@dataclass
class Context:
    """Document-level facts the rows need."""

    default_insurance: str | None = None
    year: int | None = None  # for status grids (rows 01-12 of one year)
    employers: dict[str, str] = field(default_factory=dict)  # code -> name
    amounts: str = "per_month"


def strip_marker(text: str) -> tuple[str, str]:
    """``*2019`` -> (``2019``, ``*``)."""
    m = _MARKER_PREFIX.match(text or "")
    if not m:
        return text or "", ""
    return text[m.end() :], m.group(1)


def row_period(
    header: Header, cells: list[str], year: int | None = None
) -> tuple[tuple[str, str] | None, str]:
    """The months a row covers, as (start, end), and any marker on its date cell."""
    marker = ""

    def cell(name: str) -> str:
        nonlocal marker
        text, mk = strip_marker(cells[i]) if (i := header.index(name)) is not None else ("", "")
        marker = marker or mk
        return text

    if header.index("period") is not None:
        p = parse_period(cell("period"))
        if p:
            return p, marker
    if header.index("start") is not None:
        a = parse_month(cell("start"))
        b = parse_month(cell("end")) if header.index("end") is not None else a
        if a and b and a <= b:
            return (a, b), marker
    if header.index("ym") is not None:
        text = cell("ym")
        m = parse_month(text) or (parse_date(text) or "")[:7] or None
        if m:
            return (m, m), marker
        p = parse_period(text)
        if p:
            return p, marker
    if header.index("year") is not None:
        text = cell("year")
        y = parse_year(text)
        if header.index("month_no") is not None:
            mo = parse_month_number(cell("month_no"))
            if y and mo:
                return (f"{y}-{mo:02d}",) * 2, marker
        elif y:
            return (f"{y}-01", f"{y}-12"), marker
        p = parse_period(text)
        if p:
            return p, marker
    if header.index("month_no") is not None and year:
        text = cell("month_no")
        m = parse_month(text)
        if m:
            return (m, m), marker
        mo = parse_month_number(text)
        if mo:
            return (f"{year}-{mo:02d}",) * 2, marker
    return None, marker


def is_statement_key(header: Header, cells: list[str], year: int | None = None) -> bool:
    """True when the row names its months (a status-grid row 01-12 needs the page's year)."""
    period, _ = row_period(header, cells, year or 2000)
    return period is not None


def decide_granularity(header: Header) -> str:
    f = header.fields()
    grouped = {c.field for c in header.columns if c.group}
    if "annual_base" in f:
        return "annual"
    if "period" in f or "start" in f:
        return "range"
    if "insurance" in f:
        return "monthly_long"
    if ("ym" in f or "year" in f) and grouped:
        return "monthly_wide"
    if "month_no" in f and grouped and "year" not in f:
        return "status_grid"
    return "monthly_wide"


def has_amounts(header: Header) -> bool:
    return bool(
        header.fields() & {"base", "employer_amount", "personal_amount", "annual_base", "status"}
    )


def _status(lex: Lexicon, texts: list[str], marker: str) -> str | None:
    found = [s for s in (lex.status_of(t) for t in texts if t) if s]
    if marker:
        ms = lex.status_of(marker[0])
        if ms:
            found.append(ms)
    return max(found, key=lambda s: STRENGTH[s]) if found else None


def _insurances(header: Header) -> list[str]:
    seen: list[str] = []
    for c in header.columns:
        if c.group in INSURANCES and c.group not in seen:
            seen.append(c.group)
    return seen


@dataclass
class RowValues:
    insurance: str
    base: float | None
    employer_amount: float | None
    personal_amount: float | None
    months: int | None
    annual_base: float | None
    status_text: str


def _values(header: Header, row: RawRow, insurance: str | None, grouped: bool) -> RowValues:
    def get(name: str) -> str:
        """The insurance's own column, else a column shared by all insurances (one 缴费基数
        for 养老保险个人缴费 | 医疗保险个人缴费 | …)."""
        for i, c in enumerate(header.columns):
            if c.field == name and ((c.group == insurance) if grouped else c.group is None):
                return row.cells[i]
        if grouped and not any(c.field == name for c in header.columns if c.group):
            for i, c in enumerate(header.columns):
                if c.field == name and c.group is None:
                    return row.cells[i]
        return ""

    return RowValues(
        insurance or "",
        parse_number(get("base")),
        parse_number(get("employer_amount")),
        parse_number(get("personal_amount")),
        parse_count(get("months")),
        parse_number(get("annual_base")),
        get("status"),
    )


def _row_common(header: Header, row: RawRow, lex: Lexicon, ctx: Context) -> dict:
    code = squash(row.get(header.index("employer_code")))
    code = None if _NOTHING.match(code) else code
    name = row.get(header.index("employer")).strip() or None
    if name and _NOTHING.match(squash(name)):
        name = None
    if name and code is None:
        m = re.match(r"^(.*?)[(（]([0-9A-Z]{15,18})[)）]$", name)
        if m:  # 名称（统一社会信用代码）
            name = m.group(1)
    if name is None and code is not None:
        name = ctx.employers.get(code)
    return {
        "employer": name,
        "employer_code": code,
        "paid_on": parse_date(row.get(header.index("paid_on"))),
        "texts": [
            row.get(i)
            for i, c in enumerate(header.columns)
            if c.group is None and c.field in ("status", "pay_type", "note")
        ],
    }


def _range_divisor(n: int, ctx: Context) -> int:
    return n if ctx.amounts == "range_total" and n > 1 else 1


def decide_amounts(rows: list[tuple[Header, RawRow]], lex: Lexicon, ctx: Context) -> str:
    """Range totals or per-month amounts, from the document's own numbers.

    Under the right reading the rate amount / base of one insurance and side is (nearly) the
    same on every row, whatever the row's length; under the wrong one it varies with the
    month count. Compare the relative spread of both readings, series by series.
    """
    per: dict[tuple[str | None, str], list[float]] = {}
    tot: dict[tuple[str | None, str], list[float]] = {}
    for header, row in rows:
        period, _ = row_period(header, row.cells, row.year or ctx.year)
        if not period:
            continue
        n = len(months_in(*period))
        # (a 险种 column: each insurance its own series, as its rate is its own)
        named = (lex.insurance_of(row.get(header.index("insurance")))
                 if header.index("insurance") is not None else None)
        for ins in _insurances(header) or [None]:
            v = _values(header, row, ins, ins is not None)
            for side, amount in (("personal", v.personal_amount), ("employer", v.employer_amount)):
                if amount and v.base:
                    per.setdefault((ins or named, side), []).append(amount / v.base)
                    tot.setdefault((ins or named, side), []).append(amount / v.base / n)
    if not per:
        return "per_month"
    if max(max(series) for series in per.values()) > RATE_CEILING:
        return "range_total"

    def spread(series: dict[tuple[str | None, str], list[float]]) -> float:
        return sum(
            statistics.pstdev(xs) / statistics.fmean(xs) for xs in series.values() if len(xs) > 1
        )

    return "range_total" if spread(tot) < 0.5 * spread(per) else "per_month"


def read_rows(
    tables: list[tuple[Header, list[RawRow]]], granularity: str, lex: Lexicon, ctx: Context
) -> tuple[list[Contribution], list[Annual]]:
    contributions: list[Contribution] = []
    annual: list[Annual] = []
    if ctx.amounts == "auto":
        ctx.amounts = decide_amounts(
            [(h, r) for h, rows in tables for r in rows if not r.total], lex, ctx
        )
    for header, rows in tables:
        gran = decide_granularity(header) if granularity == "auto" else granularity
        groups = _insurances(header)
        for row in rows:
            if row.total:
                continue
            period, marker = row_period(header, row.cells, row.year or ctx.year)
            if period is None:
                continue
            common = _row_common(header, row, lex, ctx)
            row_status = _status(lex, common["texts"], marker)
            if gran == "annual":
                annual.extend(_annual(header, row, groups, period, row_status))
                continue
            if groups:
                pairs = [(ins, _values(header, row, ins, True)) for ins in groups]
            else:
                ins = (
                    lex.insurance_of(row.get(header.index("insurance")))
                    if header.index("insurance") is not None
                    else ctx.default_insurance
                )
                if ins is None:
                    continue
                pairs = [(ins, _values(header, row, None, False))]
            months = months_in(*period)
            # A month printed without any value (L1 "空行为断缴", 未缴费 in 备注): one record
            # per insurance shown, with the row's status or unpaid.
            blank_row = all(
                v.base is None
                and v.employer_amount is None
                and v.personal_amount is None
                and _NOTHING.match(squash(v.status_text))
                for _, v in pairs
            )
            # Insurances whose only column is headed by the insurance name itself (养老 |
            # 工伤 | 失业 holding √ or a month count), not a 缴费状况 word column.
            count_columns = {
                c.group
                for c in header.columns
                if c.field == "status" and c.group and lex.insurance_of(c.label) == c.group
            }
            for ins, v in pairs:
                if _NOTHING.match(squash(v.status_text)):
                    v.status_text = ""
                own = _status(lex, [v.status_text], "") if v.status_text else None
                count = parse_count(v.status_text) if ins in count_columns else None
                if count is not None:
                    # A month count per insurance (广东 参保证明 "03个月"): all months of the
                    # range paid, none, or some we cannot tell which.
                    if count == 0:
                        continue
                    own = "paid" if count == len(months) else "unknown"
                empty = v.base is None and v.employer_amount is None and v.personal_amount is None
                own_cells = [row.cells[i] for i, c in enumerate(header.columns) if c.group == ins]
                if groups and own_cells and not any(squash(t) for t in own_cells):
                    empty = True  # its own columns are blank; shared ones (基数) do not count
                if blank_row or (empty and own is None and gran == "status_grid"):
                    # a status grid prints a marker in every cell (河南 "-" 未制定计划): a
                    # blank one is a "-" the scan or the OCR lost, like a blank month row
                    status = (row_status if row_status in
                              ("arrears", "refunded", "not_insured", "pending") else "unpaid")
                elif empty and own is None:
                    continue  # this insurance is not shown for this row
                else:
                    candidates = [s for s in (own, row_status) if s]
                    status = max(candidates, key=lambda s: STRENGTH[s]) if candidates else "paid"
                    if own == "unknown":
                        status = "unknown"
                div = _range_divisor(len(months), ctx)
                emp = common["employer"]  # as printed (a blank month row prints none)
                code = common["employer_code"]
                for month in months:
                    contributions.append(
                        Contribution(
                            month=month,
                            insurance=ins,
                            base=v.base,
                            employer_amount=_div(v.employer_amount, div),
                            personal_amount=_div(v.personal_amount, div),
                            employer=emp,
                            employer_code=code,
                            status=status,
                            paid_on=common["paid_on"],
                            page=row.page,
                            row=row.row,
                            confidence=round(row.confidence, 3),
                        )
                    )
    return contributions, annual


def _div(amount: float | None, n: int) -> float | None:
    if amount is None:
        return None
    return round(amount / n, 2) if n > 1 else amount


def _annual(
    header: Header, row: RawRow, groups: list[str], period: tuple[str, str], row_status: str | None
) -> list[Annual]:
    year = int(period[0][:4])
    out = []
    for ins in groups:
        v = _values(header, row, ins, True)
        if v.months in (None, 0) and v.annual_base is None and v.personal_amount is None:
            continue
        out.append(
            Annual(
                year=year,
                insurance=ins,
                months=v.months,
                annual_base=v.annual_base,
                personal_amount=v.personal_amount,
                status=row_status if row_status in ("back_paid", "refunded", "arrears") else "paid",
                page=row.page,
                row=row.row,
            )
        )
    return out
