"""The data model of a pension estimate: inputs, components, the estimate, and formatting.

Shared by :mod:`shebao.audit.pension` (basic and account pensions, the estimate) and
:mod:`shebao.audit.transitional` (provincial transitional pensions). The JSON shape is
documented in :mod:`shebao.audit.pension`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shebao.audit.months import Duration, YearMonth, format_age
from shebao.audit.params import Source, Value, round_money, worst_status

ORIGINS = {
    "document": "来自材料",
    "parameter": "来自参数",
    "estimated": "估计",
    "input": "输入",
    "unknown": "无法计算",
}
ZERO = Decimal(0)


def D(x: Any) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


@dataclass
class InputFact:
    """One input of the estimate and where it came from."""

    name: str
    label: str
    value: Any
    origin: str  # document | parameter | estimated | input
    status: str = "given"  # official | estimated | unconfirmed for parameters; given otherwise
    sources: tuple[Source, ...] = ()
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, Decimal):
            value = float(value)
        elif isinstance(value, Duration | YearMonth):
            value = str(value)
        data = {
            "name": self.name,
            "label": self.label,
            "value": value,
            "origin": self.origin,
            "status": self.status,
            "sources": [s.to_json() for s in self.sources],
        }
        if self.note:
            data["note"] = self.note
        return data


@dataclass
class EstimateInput:
    area: str  # area code (city if given, else province)
    retire: YearMonth
    age_months: int
    avg_index: Decimal | None  # None: unknown (no basic pension is computed from a guess)
    years: Duration
    account: Decimal
    calc_base: Decimal | None = None  # None -> from parameters
    index_wage: Decimal | None = None  # W the index multiplies, as printed; None: C or parameter
    deemed_years: Duration | None = None  # 视同 / pre-account years (the rule's main term)
    pre_account_years: Duration | None = None  # actual paid years before the account (Beijing)
    deemed_index: Decimal | None = None
    trans_index: Decimal | None = None
    old_transitional: Decimal | None = None
    notional_account: Decimal | None = None  # Shanghai 虚账实记 amount
    divisor: Decimal | None = None  # 计发月数 as printed on a form
    transitional: Decimal | None = None  # transitional pension as printed on a form
    extras: list[tuple[str, Decimal]] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # input name -> origin


@dataclass
class Component:
    key: str
    label: str
    amount: Decimal | None
    formula: str
    inputs: dict[str, Any] = field(default_factory=dict)
    used: list[Value] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    origin: str = "computed"

    @property
    def status(self) -> str:
        if self.amount is None:
            return "unknown"
        return worst_status(*(v.status for v in self.used)) if self.used else "official"

    def sources(self) -> list[Source]:
        out: list[Source] = []
        for value in self.used:
            for s in value.sources:
                if s not in out:
                    out.append(s)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "amount": None if self.amount is None else float(self.amount),
            "formula": self.formula,
            "inputs": {k: _plain(v) for k, v in self.inputs.items()},
            "status": self.status,
            "origin": self.origin,
            "sources": [s.to_json() for s in self.sources()],
            "parameters": [v.to_json() for v in self.used],
            "parts": [{k: _plain(v) for k, v in p.items()} for p in self.parts],
            "notes": self.notes,
        }


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, Duration | YearMonth):
        return str(v)
    return v


@dataclass
class Estimate:
    area: str
    area_name: str
    retire: YearMonth
    age_months: int
    components: dict[str, Component]
    extras: list[tuple[str, Decimal]]
    inputs: list[InputFact]
    unknown: list[str]
    notes: list[str]
    rounding: Value
    scheme: str = "enterprise"  # enterprise | public (机关事业单位)
    total_rounding: Value | None = None  # local rounding of the total (Zhejiang 见分进角)

    @property
    def total(self) -> Decimal | None:
        amounts = [c.amount for c in self.components.values()]
        if any(a is None for a in amounts):
            return None
        total = sum((a for a in amounts if a is not None), ZERO) + sum(
            (a for _, a in self.extras), ZERO
        )
        total = round_money(total, self.rounding.value)
        if self.total_rounding is not None:
            total = round_money(total, self.total_rounding.value)
        return total

    @property
    def status(self) -> str:
        """Worst status of the components and of the inputs that came from parameters or
        estimates (figures typed in or read from documents are taken as given)."""
        statuses = [c.status for c in self.components.values()]
        statuses += [self.total_rounding.status] if self.total_rounding is not None else []
        statuses += [i.status for i in self.inputs if i.origin in ("parameter", "estimated")]
        return worst_status(*statuses)

    def amount(self, key: str) -> Decimal | None:
        return self.components[key].amount

    def to_json(self) -> dict[str, Any]:
        total = self.total
        data = {
            "scheme": self.scheme,
            "area": self.area,
            "area_name": self.area_name,
            "retire": str(self.retire),
            "age_months": self.age_months,
            "age": format_age(self.age_months),
            "basic": _plain(self.amount("basic")),
            "individual_account": _plain(self.amount("individual_account")),
            "transitional": _plain(self.amount("transitional")),
            **{
                key: _plain(c.amount)
                for key, c in self.components.items()
                if key not in ("basic", "individual_account", "transitional")
            },
            "extras": [{"label": k, "amount": float(v)} for k, v in self.extras],
            "total": None if total is None else float(total),
            "status": self.status,
            "components": {k: c.to_json() for k, c in self.components.items()},
            "inputs": [i.to_json() for i in self.inputs],
            "unknown": self.unknown,
            "notes": self.notes,
        }
        return data


SCHEME_LABELS = {"enterprise": "企业职工基本养老保险", "public": "机关事业单位养老保险"}


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def pct(x: Decimal) -> str:
    return f"{(x * 100).normalize():f}%"


def fmt_years(years: Duration) -> str:
    if years.months is not None and years.months % 12 == 0:
        return f"{years.months // 12}年"
    if years.months is not None:
        return f"{(D(years.months) / 12).quantize(Decimal('0.0001')).normalize()}年（{years}）"
    return f"{years.years.normalize()}年"
