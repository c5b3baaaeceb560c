"""Statutory retirement age and month, minimum contribution period, flexible window.

Entry point: :func:`retirement_facts` (birth month + category -> :class:`RetirementFacts`).
Each rule is one function; the numbers come from ``national/retirement/*`` parameters.

JSON (``RetirementFacts.to_json()``, printed by ``shebao retirement --json``)::

    {"birth": "1970-06", "category": "male", "category_label": "男职工",
     "original_age_months": 720, "delay_months": 17, "statutory_age_months": 737,
     "statutory_age": "61岁5个月", "statutory_retirement_month": "2031-11",
     "min_contribution_months": 192,
     "flexible_earliest_month": "2030-06", "flexible_earliest_age_months": 720,
     "flexible_latest_month": "2034-11", "flexible_latest_age_months": 773,
     "min_contribution_months_if_earliest": 186,
     "parameters": [<Value.to_json()>...], "notes": ["…"]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shebao.audit.months import YearMonth, format_age
from shebao.audit.params import ParameterSet, Value, parameters

from shebao.errors import UsageError

AGE_REFORM = "national/retirement/age_reform"
MINIMUM_MONTHS = "national/retirement/minimum_contribution_months"
FLEXIBLE = "national/retirement/flexible_window"

CATEGORY_LABELS = {
    "male": "男职工",
    "female_cadre": "原法定退休年龄55周岁的女职工（干部/管理技术岗位）",
    "female_worker": "原法定退休年龄50周岁的女职工（工人/生产岗位）",
}
# what --category accepts on the command line (click.Choice): the codes and the Chinese words
CATEGORY_CHOICES = ("male", "female-cadre", "female-worker", "男", "女干部", "女工人")
_CATEGORY_ALIASES = {
    "male": "male",
    "man": "male",
    "男": "male",
    "female-cadre": "female_cadre",
    "female_cadre": "female_cadre",
    "female_cadre55": "female_cadre",
    "女干部": "female_cadre",
    "female-worker": "female_worker",
    "female_worker": "female_worker",
    "female_worker50": "female_worker",
    "女工人": "female_worker",
}


def normalise_category(text: str) -> str:
    """``female-cadre`` / ``female_cadre55`` / ``女干部`` -> ``female_cadre``; UsageError else."""
    key = str(text).strip().lower()
    if key not in _CATEGORY_ALIASES:
        raise UsageError(
            f"人员类别“{text}”无效，应为 male、female-cadre 或 female-worker",
            f"category {text!r} must be male, female-cadre or female-worker",
        )
    return _CATEGORY_ALIASES[key]


def _rule(P: ParameterSet, category: str, on: YearMonth | date) -> tuple[dict[str, Any], Value]:
    result = P.get(AGE_REFORM, on)
    if not isinstance(result, Value):
        raise UsageError(result.reason, result.reason_en)
    return result.value[category], result


def first_in_force(P: ParameterSet, name: str) -> date:
    """The day from which national parameter ``name`` has its first value (the legal date
    lives in the parameter file, not here)."""
    return min(entry.start for _, entry in P[name].walk())


def original_age_months(P: ParameterSet, category: str) -> int:
    """原法定退休年龄: men 60, women in cadre posts 55, women workers 50 (国发〔1978〕104号),
    read from the first entry of the age rule (every later entry keeps it)."""
    rule, _ = _rule(P, category, first_in_force(P, AGE_REFORM))
    return int(rule["original_age_months"])


def delay_months(rule: dict[str, Any], birth: YearMonth) -> int:
    """渐进式延迟: from the first affected birth month, the age rises by 1 month for every
    ``step`` birth months (4 for men and 55-year women, 2 for 50-year women), up to the maximum
    (36 / 60 months). Basis: 国务院关于渐进式延迟法定退休年龄的办法 第一条 and 附件1—3."""
    if int(rule["max_delay_months"]) == 0:
        return 0
    first = YearMonth.parse(str(rule["first_affected_birth"]))
    since = birth.months_since(first)
    if since < 0:
        return 0
    return min(since // int(rule["step_birth_months"]) + 1, int(rule["max_delay_months"]))


def minimum_contribution_months(P: ParameterSet, retirement_month: YearMonth) -> Value:
    """最低缴费年限 by the calendar year in which the statutory age is reached: 15 years to
    2029, +6 months a year from 2030, 20 years from 2039 (办法 第二条, 附件4)."""
    result = P.get(MINIMUM_MONTHS, YearMonth(retirement_month.year, 1))
    if not isinstance(result, Value):
        raise UsageError(
            f"{retirement_month}达到退休年龄，早于统一的最低缴费年限规定（1998年），本工具不适用",
            f"retirement in {retirement_month} predates the 1998 minimum-contribution rule",
        )
    return result


def flexible_window(
    P: ParameterSet, birth: YearMonth, original_age: int, statutory: YearMonth
) -> tuple[YearMonth, YearMonth, Value | None]:
    """弹性退休: up to 3 years before the statutory month but never below the original age;
    up to 3 years after it by agreement (办法 第三条; 人社部发〔2024〕94号). A statutory month
    before the rule's first date (``national/retirement/flexible_window``) has no window."""
    result = P.get(FLEXIBLE, statutory)
    if not isinstance(result, Value):
        return statutory, statutory, None
    rule = result.value
    earliest = max(statutory - int(rule["early_max_months"]), birth + original_age)
    latest = statutory + int(rule["late_max_months"])
    assert isinstance(earliest, YearMonth) and isinstance(latest, YearMonth)
    return earliest, latest, result


@dataclass
class RetirementFacts:
    birth: YearMonth
    category: str
    original_age_months: int
    delay_months: int
    statutory_age_months: int
    statutory_retirement_month: YearMonth
    min_contribution_months: Value
    flexible_earliest_month: YearMonth
    flexible_latest_month: YearMonth
    min_contribution_months_if_earliest: Value
    used: list[Value] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def flexible_earliest_age_months(self) -> int:
        return self.flexible_earliest_month.months_since(self.birth)

    @property
    def flexible_latest_age_months(self) -> int:
        return self.flexible_latest_month.months_since(self.birth)

    def to_json(self) -> dict[str, Any]:
        return {
            "birth": str(self.birth),
            "category": self.category,
            "category_label": CATEGORY_LABELS[self.category],
            "original_age_months": self.original_age_months,
            "delay_months": self.delay_months,
            "statutory_age_months": self.statutory_age_months,
            "statutory_age": format_age(self.statutory_age_months),
            "statutory_retirement_month": str(self.statutory_retirement_month),
            "min_contribution_months": int(self.min_contribution_months.value),
            "flexible_earliest_month": str(self.flexible_earliest_month),
            "flexible_earliest_age_months": self.flexible_earliest_age_months,
            "flexible_latest_month": str(self.flexible_latest_month),
            "flexible_latest_age_months": self.flexible_latest_age_months,
            "min_contribution_months_if_earliest": int(
                self.min_contribution_months_if_earliest.value
            ),
            "parameters": [v.to_json() for v in self.used],
            "notes": self.notes,
        }


def contribution_gap(facts: RetirementFacts, paid_months: int, as_of: YearMonth) -> dict[str, Any]:
    """How far a person with ``paid_months`` (incl. 视同) is from the minimum for his
    statutory retirement year, and when he reaches it by paying every month from ``as_of``
    (months before the statutory month count as paid in time).
    Basis: 社会保险法 第十六条 (pay on until the minimum is reached); 渐进式延迟法定退休年龄的办法
    第二条 (延长缴费或者一次性缴费)."""
    required = int(facts.min_contribution_months.value)
    gap = max(0, required - paid_months)
    reached = as_of + (gap - 1) if gap else None
    assert reached is None or isinstance(reached, YearMonth)
    data: dict[str, Any] = {
        "paid_months": paid_months,
        "required_months": required,
        "gap_months": gap,
        "as_of": str(as_of),
        "reached_month_if_paying_from_as_of": None if reached is None else str(reached),
        "reached_by_statutory_month": reached is None or reached < facts.statutory_retirement_month,
    }
    if gap and reached is not None and reached >= facts.statutory_retirement_month:
        data["note"] = (
            f"到法定退休时间（{facts.statutory_retirement_month}）仍差"
            f"{gap - max(0, facts.statutory_retirement_month.months_since(as_of))}个月："
            "可延长缴费或一次性缴费至满最低缴费年限后按月领取养老金"
            "（社会保险法第十六条；渐进式延迟法定退休年龄办法第二条）。"
        )
    return data


def retirement_facts(
    birth: YearMonth | str, category: str, P: ParameterSet | None = None
) -> RetirementFacts:
    """All retirement facts for a person born in ``birth`` of ``category``."""
    P = P or parameters()
    birth = birth if isinstance(birth, YearMonth) else YearMonth.parse(birth)
    category = normalise_category(category)
    original = original_age_months(P, category)
    rule, rule_value = _rule(P, category, birth + original)
    delay = delay_months(rule, birth)
    age = original + delay
    statutory = birth + age
    assert isinstance(statutory, YearMonth)
    minimum = minimum_contribution_months(P, statutory)
    earliest, latest, flex_value = flexible_window(P, birth, original, statutory)
    minimum_early = minimum_contribution_months(P, earliest)
    notes = []
    if minimum_early.value != minimum.value:
        notes.append(
            f"弹性提前退休（{earliest}）时适用哪一年的最低缴费年限尚无明确规定："
            f"按法定退休年份为{minimum.value}个月，按提前退休年份为{minimum_early.value}个月。"
        )
    if flex_value is None:
        since = first_in_force(P, FLEXIBLE)
        notes.append(f"法定退休时间早于{since.year}年{since.month}月，不适用弹性退休制度。")
    notes.append("特殊工种、病残提前退休不适用本表（“国家另有规定的，从其规定”）。")
    return RetirementFacts(
        birth=birth,
        category=category,
        original_age_months=original,
        delay_months=delay,
        statutory_age_months=age,
        statutory_retirement_month=statutory,
        min_contribution_months=minimum,
        flexible_earliest_month=earliest,
        flexible_latest_month=latest,
        min_contribution_months_if_earliest=minimum_early,
        used=[v for v in (rule_value, minimum, flex_value) if v is not None],
        notes=notes,
    )
