"""Scenarios with planted problems, rendered as real documents, with the findings expected.

Contract: ``build(name, out_dir) -> Scenario`` (``SCENARIOS`` lists the names). A
:class:`Scenario` has the rendered ``documents`` (:class:`~shebao.samples.Sample`: a statement
and, where the story needs them, the worker's pay slips), the ``history`` behind them, the
``audit`` options a paralegal would give (``as_of``; ``category`` only where stated), and
``planted``: the problems put in, as :class:`Planted` (rule code, months, employer) -- the
findings an audit of the documents must make. Amounts are not planted figures: they follow
from the documents (pay-slip wages and deductions) and the legal parameters, and tests compute
them from the documents' ground truth.

Histories are built month by month on the generator's model (:mod:`shebao.samples.history`)
and drawn by the existing layout renderers. A base declared "at the minimum" is the *legal*
floor of the place and month, read from the audit parameters (``shebao.audit.contributions``),
so the planted problem is one the law recognises; wages and pay-slip details come from the
generator's illustrative payroll model.

Scenarios:

* ``factory_minimum_base`` (上海, man born 1984, hukou 湖南): a first employer declaring above
  the wage; two months between jobs; a second employer declaring the floor while pay slips show
  about twice as much; three months inside that job with nothing paid while the pay slips still
  withhold the pension. Documents: L3-monthly statement + L6 pay-slip strips (22 months).
* ``late_registration`` (苏州, woman born 1980, hukou 四川): hired at 39, registered at 40 with
  the first ten months back-paid on the day of registration -> temporary account. Document:
  L4 statement (to-account dates printed).
* ``refund_and_short`` (上海, man born 1966, hukou 河南): 18 months refunded in 2009, paid from
  2013 -> short of the minimum period at the statutory age. Document: L3-monthly statement.
* ``guangzhou_sheet`` (广州, man born 1990, hukou 广东): declared at the floor for two years;
  the factory's monthly pay sheets (12 employees each, one worksheet a month) show about twice
  as much. Guangdong's employer rate before 2025-07 is unknown in the parameters, so only the
  personal share can be priced for those months. Documents: L2 (Jiangsu-style 24-month
  record) + L6 xlsx.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from shebao.audit.contributions import base_floor as legal_floor
from shebao.audit.months import YearMonth
from shebao.audit.params import Value
from shebao.samples import Sample, generate, identity
from shebao.samples.history import (
    CITIES,
    City,
    Employer,
    History,
    MonthFact,
    Worker,
    add_months,
    amounts_for,
    base_floor,
    make_employer,
    money,
    month_range,
)
from shebao.samples.payroll import only, worker_id, worker_payrolls

SHANGHAI = City("上海市", "上海市", "310000", ("浦东新区", "闵行区", "松江区"),
                "上海市社会保险事业管理中心")
SUZHOU = City("苏州市", "江苏省", "320500", ("吴中区", "相城区", "昆山市"),
              "苏州市社会保险基金管理中心")


@dataclass(frozen=True)
class Planted:
    """One planted problem: the finding an audit must make."""

    rule: str
    months: tuple[str, ...]
    employer: str | None = None
    note: str = ""


@dataclass
class Scenario:
    name: str
    history: History
    documents: list[Sample]
    planted: list[Planted]
    audit: dict = field(default_factory=dict)  # options: as_of (date), category, ...

    @property
    def paths(self) -> list[Path]:
        return [d.path for d in self.documents]


def floor_of(month: str, city: City) -> float:
    """The legal base floor of ``month`` at ``city`` (audit parameters; must be known)."""
    value = legal_floor(YearMonth.parse(month), city.region)
    if not isinstance(value, Value):
        raise ValueError(f"no legal floor for {month} at {city.name}: {value.reason}")
    return float(value.value)


def recorded_floor(month: str, city: City) -> float | None:
    """The legal base floor of ``month`` at ``city`` when the parameters know it, else None
    (a year whose sources conflict is null on purpose: a scenario must not need it)."""
    value = legal_floor(YearMonth.parse(month), city.region)
    return float(value.value) if isinstance(value, Value) else None


def _worker(rng: random.Random, female: bool, birth: date, region: str, hukou: str) -> Worker:
    return Worker(
        name=identity.person_name(rng, female), female=female, birth=birth,
        id_number=identity.fake_id_number(rng, region, birth, female),
        ss_number=identity.digits(rng, 9), personal_number=identity.digits(rng, 11),
        hukou=hukou,
    )


def _paid(month: str, employer: Employer, base: float, wage: float | None,
          status: str = "paid", paid_on: str | None = None, tag: str = "") -> MonthFact:
    return MonthFact(month, employer, status, float(base), wage,
                     paid_on or f"{add_months(month, 1)}-15", amounts_for(base), tag)


def _gap(month: str, employer: Employer | None, wage: float | None, tag: str) -> MonthFact:
    return MonthFact(month, employer, "unpaid", None, wage, None, {}, tag)


def factory_minimum_base(out_dir: Path) -> Scenario:
    rng = random.Random("planted:factory")
    worker = _worker(rng, False, date(1984, 3, 12), "430521", "湖南省邵东县")
    first = make_employer(rng, SHANGHAI, long=False)
    factory = make_employer(rng, SHANGHAI, declares_minimum=True, long=False)
    months: list[MonthFact] = []
    for m in month_range("2022-01", 18):  # 2022-01 .. 2023-06, declared above the wage
        months.append(_paid(m, first, 9800.0, 9200.0))
    for m in ("2023-07", "2023-08"):
        months.append(_gap(m, None, None, "between_jobs"))
    gaps = ("2024-10", "2024-11", "2024-12")
    for m in month_range("2023-09", 22):  # 2023-09 .. 2025-06 at the floor, wages ~2x
        floor = floor_of(m, SHANGHAI)
        wage = money(floor * 2 * rng.uniform(0.97, 1.05))
        if m in gaps:
            months.append(_gap(m, factory, wage, "gap_in_job"))
        else:
            months.append(_paid(m, factory, floor, wage, tag="min_base"))
    history = History(worker, SHANGHAI, [first, factory], months)
    slips_months = [f.month for f in months if f.employer == factory]
    sheets = worker_payrolls(random.Random("planted:factory:pay"), history, slips_months, n=1)
    strips = [only(p, worker_id(worker, factory)) for p in sheets]
    docs = [
        generate("L3-monthly", 4101, out_dir, name="factory_statement", history=history),
        generate("L6-strips-pdf", 4102, out_dir, name="factory_payslips", payrolls=strips),
    ]
    at_floor = tuple(m for m in slips_months if m not in gaps)
    planted = [
        Planted("missing_months", gaps, factory.name, "employed, nothing paid"),
        Planted("withheld_not_remitted", gaps, factory.name, "pay slips still deduct pension"),
        Planted("minimum_base", at_floor, factory.name, "declared at the legal floor"),
        Planted("underreported_base", at_floor, factory.name, "wages about twice the floor"),
        Planted("inspection_window", ("2023-09",), factory.name, "months older than 2 years"),
    ]
    return Scenario("factory_minimum_base", history, docs, planted,
                    {"as_of": date(2025, 10, 15)})


def late_registration(out_dir: Path) -> Scenario:
    rng = random.Random("planted:late")
    worker = _worker(rng, True, date(1980, 5, 20), "511321", "四川省南部县")
    employer = make_employer(rng, SUZHOU, long=False)
    registered = "2021-01-20"
    months: list[MonthFact] = []
    floor = None
    for m in month_range("2020-03", 64):  # 2020-03 .. 2025-06
        # declared clear of the floor; where a year's floor is unknown (Jiangsu 2023: its
        # sources conflict) the base stays clear of the last known one
        floor = recorded_floor(m, SUZHOU) or floor
        if floor is None:
            raise ValueError(f"no legal floor known for {m} or before at {SUZHOU.name}")
        base = floor + 600
        if m < "2021-01":
            months.append(_paid(m, employer, base, None, "back_paid", registered, "back_pay"))
        else:
            months.append(_paid(m, employer, base, None))
    history = History(worker, SUZHOU, [employer], months)
    docs = [generate("L4", 4201, out_dir, name="late_statement", history=history)]
    back = tuple(m for m in month_range("2020-03", 10))
    planted = [
        Planted("provisional_account_risk", tuple(f.month for f in months), None,
                "registered at 40y8m; first months back-paid"),
        Planted("back_paid_months", back, None, "back-paid on registration"),
        Planted("short_of_minimum_years", (), None,
                "a woman worker first insured at 39 cannot reach the minimum by her statutory "
                "month"),
    ]
    return Scenario("late_registration", history, docs, planted,
                    {"as_of": date(2025, 10, 15), "category": "female-worker"})


def refund_and_short(out_dir: Path) -> Scenario:
    rng = random.Random("planted:refund")
    worker = _worker(rng, False, date(1966, 8, 3), "412726", "河南省郸城县")
    early = make_employer(rng, SHANGHAI, long=False)
    later = make_employer(rng, SHANGHAI, long=False)
    months: list[MonthFact] = []
    for m in month_range("2008-01", 18):  # refunded in 2009
        # before the parameters' first year: the generator's illustrative floor
        months.append(_paid(m, early, float(base_floor(int(m[:4]))), None, "refunded",
                            tag="refunded"))
    for m in month_range("2013-01", 150):  # 2013-01 .. 2025-06
        months.append(_paid(m, later, floor_of(m, SHANGHAI) + 500, None))
    history = History(worker, SHANGHAI, [early, later], months)
    docs = [generate("L3-monthly", 4301, out_dir, name="refund_statement", history=history)]
    planted = [
        Planted("refunded_months", tuple(month_range("2008-01", 18)), early.name),
        Planted("short_of_minimum_years", (), None, "150 months paid, 180 needed"),
    ]
    return Scenario("refund_and_short", history, docs, planted, {"as_of": date(2025, 10, 15)})


def guangzhou_sheet(out_dir: Path) -> Scenario:
    rng = random.Random("planted:guangzhou")
    worker = _worker(rng, False, date(1990, 7, 8), "441481", "广东省兴宁市")
    factory = make_employer(rng, CITIES["guangzhou"], declares_minimum=True, long=False)
    months = []
    for m in month_range("2023-10", 24):  # 2023-10 .. 2025-09 at the floor, wages ~2x
        floor = floor_of(m, CITIES["guangzhou"])
        months.append(_paid(m, factory, floor, money(floor * 2 * rng.uniform(0.97, 1.05)),
                            tag="min_base"))
    history = History(worker, CITIES["guangzhou"], [factory], months)
    sheet_months = month_range("2024-07", 15)
    sheets = worker_payrolls(random.Random("planted:guangzhou:pay"), history, sheet_months,
                             n=12)
    docs = [
        generate("L2", 4401, out_dir, name="gz_certificate", history=history,
                 variant="jiangsu", window=24),
        generate("L6-xlsx", 4402, out_dir, name="gz_paysheets", payrolls=sheets),
    ]
    planted = [
        Planted("minimum_base", tuple(sheet_months), factory.name, "declared at the floor"),
        Planted("underreported_base", tuple(sheet_months), factory.name,
                "wages about twice the floor; employer rate unknown before 2025-07"),
    ]
    return Scenario("guangzhou_sheet", history, docs, planted, {"as_of": date(2025, 11, 20)})


SCENARIOS = {
    "factory_minimum_base": factory_minimum_base,
    "late_registration": late_registration,
    "refund_and_short": refund_and_short,
    "guangzhou_sheet": guangzhou_sheet,
}


def build(name: str, out_dir: Path) -> Scenario:
    """Write scenario ``name``'s documents into ``out_dir``; ValueError for unknown names."""
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return SCENARIOS[name](out)
