"""From a contribution history (canonical ``shebao.extract/1`` records) to the estimate inputs.

Entry points:

* :func:`summarise` -- months paid per province, the average contribution index, the
  individual-account balance by annual accrual, each marked with its origin;
* :func:`estimate_from_history` -- the pension estimate at a retirement month from that
  summary plus the person's birth month and category.

Counting rules (documented, deliberately simple):

* Only ``insurance == "pension"`` rows with status ``paid`` or ``back_paid`` count. ``arrears``,
  ``unpaid``, ``refunded`` months do not count (refunded months are lost: 退保); ``unknown``
  rows do not count and are listed.
* A month counts once, however many employers paid in it; its base is the sum of the bases of
  the counted rows (several part-time employers), capped at the month's ceiling if known.
* The month's 缴费指数 = base ÷ the reference wage in force for that month and place
  (:func:`shebao.audit.contributions.contribution_index`). Z = the mean of the yearly mean
  indices (38号文: the average of the person's yearly indices); months whose wage is unknown
  are left out and listed.
* Account credits per month: the printed ``personal_amount`` (origin ``document``) or else
  base × the account-credit rate (origin ``estimated``); before 2006 the account was 11% of
  the base (part of it from the employer), so base × 11% is used where the base is known.
  Accrual by year at the 记账利率; a year whose rate is not yet announced is credited without
  interest and the note says so.
* 视同缴费年限 (deemed service before the account) is an input: statements do not show it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shebao.audit.account import AccountResult, accrue
from shebao.audit.contributions import (
    account_credit_rate,
    base_ceiling,
    contribution_index,
    personal_rate,
)
from shebao.audit.months import Duration, YearMonth
from shebao.audit.params import ParameterSet, Unknown, Value, parameters, worst_status
from shebao.audit.pension import Estimate, EstimateInput, estimate
from shebao.audit.retirement import RetirementFacts, retirement_facts

from shebao.records import Annual, Contribution, Extract

COUNTED = ("paid", "back_paid")


@dataclass
class Month:
    month: YearMonth
    area: str
    base: Decimal | None
    credit: Decimal | None
    credit_origin: str  # document | estimated
    index: Decimal | None = None


@dataclass
class HistorySummary:
    months: list[Month]
    months_by_area: dict[str, int]
    avg_index: Decimal | None
    yearly_index: dict[int, Decimal]
    account: AccountResult
    not_counted: dict[str, list[str]] = field(default_factory=dict)  # status -> months
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used: list[Value] = field(default_factory=list)

    @property
    def paid_months(self) -> int:
        return len(self.months)

    @property
    def last_month(self) -> YearMonth | None:
        return max((m.month for m in self.months), default=None)

    def to_json(self) -> dict[str, Any]:
        return {
            "paid_months": self.paid_months,
            "months_by_area": self.months_by_area,
            "avg_index": None if self.avg_index is None else float(self.avg_index),
            "avg_index_origin": "estimated",
            "yearly_index": {str(y): round(float(v), 4) for y, v in self.yearly_index.items()},
            "account": self.account.to_json(),
            "not_counted": self.not_counted,
            "unknown": self.unknown,
            "notes": self.notes,
        }


ANNUAL_EMPLOYER = "（年度汇总）"


def annual_to_monthly(row: Annual) -> list[Contribution]:
    """A per-year aggregate (``annual``: months, total base, total personal amount) as that
    many monthly rows, placed in the first months of the year (the document does not say
    which), each with the year's average monthly base and personal amount. Used only for
    years without monthly rows; the placement affects only which reference wage applies."""
    months = int(row.months or 0)
    if months <= 0 or months > 12:
        return []
    base = None if row.annual_base is None else row.annual_base / months
    personal = None if row.personal_amount is None else row.personal_amount / months
    return [
        Contribution(
            month=f"{row.year:04d}-{m:02d}",
            insurance=row.insurance,
            base=base,
            personal_amount=personal,
            employer=row.employer or ANNUAL_EMPLOYER,
            status=row.status,
            page=row.page,
            row=row.row,
        )
        for m in range(1, months + 1)
    ]


def extract_rows(extract: Extract) -> list[Contribution]:
    """An extract's pension-relevant rows: its monthly contributions, plus its annual
    aggregates expanded to months for years that have no monthly pension rows."""
    rows = list(extract.contributions)
    monthly_years = {int(c.month[:4]) for c in rows if c.insurance == "pension"}
    for annual in extract.annual:
        if annual.insurance == "pension" and annual.year not in monthly_years:
            rows.extend(annual_to_monthly(annual))
    return rows


def _merge_months(
    rows: Iterable[tuple[Contribution, str]],
) -> tuple[dict[YearMonth, Month], dict[str, list[str]]]:
    merged: dict[YearMonth, Month] = {}
    not_counted: dict[str, list[str]] = defaultdict(list)
    for row, area in rows:
        if row.insurance != "pension":
            continue
        ym = YearMonth.parse(row.month)
        if row.status not in COUNTED:
            not_counted[row.status].append(row.month)
            continue
        month = merged.get(ym)
        base = Decimal(str(row.base)) if row.base is not None else None
        credit = Decimal(str(row.personal_amount)) if row.personal_amount is not None else None
        if month is None:
            merged[ym] = Month(ym, area, base, credit, "document" if credit is not None else "")
        else:
            month.base = None if base is None or month.base is None else month.base + base
            month.credit = None if credit is None or month.credit is None else month.credit + credit
    return merged, {k: sorted(set(v)) for k, v in not_counted.items()}


def summarise(
    rows: Iterable[tuple[Contribution, str]],
    P: ParameterSet | None = None,
    until_year: int | None = None,
    before: YearMonth | None = None,
) -> HistorySummary:
    """Summarise contribution rows, each paired with the area code where it was paid.
    ``before`` (the retirement month) drops rows from that month on; the account is accrued to
    the end of ``until_year`` and credits of later years (the retirement year's months) are
    added without interest."""
    P = P or parameters()
    if before is not None:
        rows = [(r, a) for r, a in rows if YearMonth.parse(r.month) < before]
    merged, not_counted = _merge_months(rows)
    unknown: list[str] = []
    notes: list[str] = []
    used: dict[tuple, Value] = {}
    by_year_index: dict[int, list[Decimal]] = defaultdict(list)
    credits: dict[int, Decimal] = defaultdict(Decimal)
    missing_wage: list[str] = []
    estimated_credit: list[str] = []
    credited_11: list[str] = []
    uncredited: dict[str, list[str]] = defaultdict(list)
    for ym in sorted(merged):
        m = merged[ym]
        if m.base is not None:
            ceiling = base_ceiling(ym, m.area, P)
            if isinstance(ceiling, Value) and m.base > Decimal(str(ceiling.value)):
                m.base = Decimal(str(ceiling.value))
            idx = contribution_index(m.base, ym, m.area, P)
            if isinstance(idx, Unknown):
                missing_wage.append(str(ym))
            else:
                m.index, wage = idx
                used.setdefault((wage.parameter, wage.area, wage.effective_from), wage)
                by_year_index[ym.year].append(m.index)
        rate = account_credit_rate(ym, P)
        own = personal_rate(ym, P)
        if (
            m.credit is not None
            and m.base is not None
            and isinstance(rate, Value)
            and (not isinstance(own, Value) or Decimal(str(rate.value)) > Decimal(str(own.value)))
        ):
            # Where the account share exceeds the worker's own rate (1998–2005: 11% of the
            # base, 国发〔1997〕26号; 8% = the own rate from 2006, 国发〔2005〕38号 第五条), the
            # printed own contribution understates the account: credit base x the share.
            m.credit = m.base * Decimal(str(rate.value))
            m.credit_origin = "estimated"
            credited_11.append(str(ym))
            used.setdefault((rate.parameter, rate.area, rate.effective_from), rate)
        if m.credit is None:
            if m.base is not None and isinstance(rate, Value):
                m.credit = m.base * Decimal(str(rate.value))
                m.credit_origin = "estimated"
                estimated_credit.append(str(ym))
                used.setdefault((rate.parameter, rate.area, rate.effective_from), rate)
            else:
                why = (
                    "缴费基数和个人缴费额均未知"
                    if m.base is None
                    else "当时记入个人账户的比例未收录（1998年以前）"
                )
                uncredited[why].append(str(ym))
                m.credit = Decimal(0)
        credits[ym.year] += m.credit
    yearly = {y: sum(v, Decimal(0)) / len(v) for y, v in sorted(by_year_index.items())}
    avg = sum(yearly.values(), Decimal(0)) / len(yearly) if yearly else None
    if missing_wage:
        unknown.append(
            f"{len(missing_wage)}个月缺少当地平均工资参数，未计入平均缴费指数："
            f"{month_ranges(missing_wage)}"
        )
    for why, months in uncredited.items():
        unknown.append(f"{month_ranges(months)}：{why}，未计入个人账户")
    if credited_11:
        notes.append(
            f"{len(credited_11)}个月在2006年以前，个人账户按缴费基数的11%记账（含单位划入部分），"
            "不是材料所列个人缴费额。"
        )
    if estimated_credit:
        notes.append(
            f"{len(estimated_credit)}个月材料未列个人缴费额，按缴费基数×记账比例估算个人账户记账额。"
        )
    months_by_area: dict[str, int] = defaultdict(int)
    for m in merged.values():
        months_by_area[m.area] += 1
    areas = sorted({m.area for m in merged.values()})
    accrued = {y: c for y, c in credits.items() if until_year is None or y <= until_year}
    account = accrue(
        accrued,
        area=areas[0] if len(areas) == 1 else None,
        until_year=until_year if accrued else None,
        missing_rate="zero",
        P=P,
    )
    later = sum((c for y, c in credits.items() if y not in accrued), Decimal(0))
    if later and account.balance is not None:
        account.balance = (account.balance + later).quantize(Decimal("0.01"))
        account.notes.append(f"退休当年已缴的{later:.2f}元计入个人账户，未计当年利息。")
    return HistorySummary(
        months=[merged[k] for k in sorted(merged)],
        months_by_area=dict(months_by_area),
        avg_index=avg,
        yearly_index=yearly,
        account=account,
        not_counted=not_counted,
        unknown=unknown,
        notes=notes + account.notes,
        used=list(used.values()),
    )


def month_ranges(months: list[str]) -> str:
    """``["2019-01", "2019-02", "2019-05"]`` -> ``2019-01至2019-02、2019-05``."""
    out: list[str] = []
    yms = sorted(YearMonth.parse(m) for m in months)
    start = prev = yms[0]
    for ym in [*yms[1:], None]:
        if ym is not None and ym.months_since(prev) == 1:
            prev = ym
            continue
        out.append(str(start) if start == prev else f"{start}至{prev}")
        if ym is not None:
            start = prev = ym
    return "、".join(out)


@dataclass
class HistoryEstimate:
    facts: RetirementFacts
    summary: HistorySummary
    estimate: Estimate
    retire: YearMonth

    def to_json(self) -> dict[str, Any]:
        return {
            "retirement": self.facts.to_json(),
            "history": self.summary.to_json(),
            "estimate": self.estimate.to_json(),
        }


def estimate_from_history(
    rows: Iterable[tuple[Contribution, str]],
    birth: YearMonth | str,
    category: str,
    area: str,
    retire: YearMonth | None = None,
    deemed_months: int = 0,
    deemed_index: Decimal | None = None,
    old_transitional: Decimal | None = None,
    P: ParameterSet | None = None,
    **inputs: Any,
) -> HistoryEstimate:
    """Estimate the pension from a contribution history at ``retire`` (default: the statutory
    month). ``area`` is where the pension is claimed (待遇领取地) -- code or name. Further
    keyword arguments are :class:`EstimateInput` fields taken as given (``calc_base``,
    ``trans_index``, ``notional_account``, ``transitional``, ``extras``, …)."""
    P = P or parameters()
    code = P.areas.resolve(area)
    facts = retirement_facts(birth, category, P)
    retire = retire or facts.statutory_retirement_month
    summary = summarise(rows, P, until_year=retire.year - 1, before=retire)
    months = summary.paid_months + deemed_months
    origins = {"avg_index": "estimated", "years": "document", "account": "estimated"}
    if summary.avg_index is None:
        raise_unknown = "平均缴费指数无法计算（缺少缴费基数或平均工资参数）"
        summary.unknown.append(raise_unknown)
    inp = EstimateInput(
        area=code,
        retire=retire,
        age_months=retire.months_since(facts.birth),
        avg_index=(None if summary.avg_index is None
                   else summary.avg_index.quantize(Decimal("0.0001"))),
        years=Duration.of_months(months),
        account=summary.account.balance if summary.account.balance is not None else Decimal(0),
        deemed_years=Duration.of_months(deemed_months) if deemed_months else None,
        deemed_index=deemed_index,
        old_transitional=old_transitional,
        origins=origins,
        **inputs,
    )
    result = estimate(inp, P)
    # The estimated inputs are only as certain as the parameters they were computed from.
    for fact in result.inputs:
        if fact.value is None:
            continue  # unknown: said so in ``unknown``
        if fact.name == "avg_index":
            wages = [v for v in summary.used if v.parameter.endswith("reference_wage")]
            fact.status = worst_status("estimated", *(v.status for v in wages))
            fact.sources = tuple(dict.fromkeys(s for v in wages for s in v.sources))
            fact.note = "各月缴费基数 ÷ 当月缴费基数参照平均工资，逐年平均"
        elif fact.name == "account":
            used = summary.account.used
            fact.status = worst_status("estimated", *(v.status for v in used))
            fact.sources = tuple(dict.fromkeys(s for v in used for s in v.sources))
            fact.note = "按年度记账利率逐年计息（劳办发〔1997〕116号公式）"
    result.notes.extend(summary.notes)
    result.unknown.extend(summary.unknown)
    if summary.avg_index is None:
        result.components["basic"].amount = None
    return HistoryEstimate(facts, summary, result, retire)
