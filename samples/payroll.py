"""A factory's monthly pay sheet (工资表): the data behind the L6 renderings.

:class:`PayLine` is one employee's month: hours, earnings items, deductions items. Invariants
(checked in tests): 应发 = Σ earnings; 实发 = 应发 − Σ deductions. Social-insurance deductions
are the personal rates of ``illustrative.yaml`` applied to the base the employer *declares*
(not to the wage) - which is exactly how a pay slip reveals a minimum-base declaration. For a
month the employer withheld but did not remit (a ``gap_in_job`` month of the history), the
deduction is still there.

:func:`build_payroll` makes a sheet of ``n`` employees; when given a
:class:`~shebao.samples.history.History` month it puts that worker in it, with a gross close to
the history's true wage.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field

from shebao.samples import identity
from shebao.samples.history import Employer, MonthFact, Worker, base_floor, config, money

from shebao.records import Deductions, Payslip

EARNINGS: tuple[tuple[str, str], ...] = (
    ("basic", "基本工资"),
    ("ot_weekday", "平时加班费"),
    ("ot_weekend", "周末加班费"),
    ("ot_holiday", "节日加班费"),
    ("attendance", "全勤奖"),
    ("night", "夜班津贴"),
    ("heat", "高温补贴"),
)
DEDUCTIONS: tuple[tuple[str, str], ...] = (
    ("pension", "养老保险"),
    ("medical", "医疗保险"),
    ("unemployment", "失业保险"),
    ("housing_fund", "住房公积金"),
    ("income_tax", "个人所得税"),
    ("dorm", "住宿费"),
    ("meals", "伙食费"),
    ("utilities", "水电费"),
    ("other", "其他"),
)
OTHER_DEDUCTIONS = ("dorm", "meals", "utilities", "other")
DEPARTMENTS = ("注塑部", "装配一线", "装配二线", "品管部", "仓库", "包装部", "SMT车间")
HOLIDAY_MONTHS = {1, 2, 4, 5, 6, 9, 10}


@dataclass
class PayLine:
    employee_id: str
    name: str
    department: str
    hours_due: float
    hours_worked: float
    earnings: dict[str, float]
    deductions: dict[str, float]
    social_base: float

    @property
    def gross(self) -> float:
        return money(sum(self.earnings.values()))

    @property
    def total_deductions(self) -> float:
        return money(sum(self.deductions.values()))

    @property
    def net(self) -> float:
        return money(self.gross - self.total_deductions)


@dataclass
class Payroll:
    company: str
    month: str  # YYYY-MM
    lines: list[PayLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.company}{int(self.month[:4])}年{int(self.month[5:])}月工资表"

    def payslip(self, line: PayLine, page: int, row: int) -> Payslip:
        """The truth record of one printed line."""
        d = line.deductions
        return Payslip(
            month=self.month, employer=self.company, employee_name=line.name,
            employee_id=line.employee_id, gross_pay=line.gross, net_pay=line.net,
            deductions=Deductions(
                pension=d["pension"], medical=d["medical"], unemployment=d["unemployment"],
                housing_fund=d["housing_fund"], income_tax=d["income_tax"],
                other=money(sum(d[k] for k in OTHER_DEDUCTIONS))),
            page=page, row=row)


def _line(rng: random.Random, month: str, employee_id: str, name: str, social_base: float,
          target: float | None, housing_fund: bool) -> PayLine:
    cfg = config()["payroll"]
    m = int(month[5:])
    share = cfg["basic_share_of_floor"]
    floor = base_floor(int(month[:4]))
    hourly = round(floor * rng.uniform(share["low"], share["high"]) / 174, 1)
    due = 174.0
    worked = due if rng.random() < 0.8 else due - rng.choice((4.0, 8.0, 12.0))
    mult = cfg["overtime_multiplier"]
    earnings = {
        "basic": money(hourly * worked),
        "ot_weekend": money(hourly * mult["weekend"] * rng.choice((0, 8, 16, 24, 32, 40, 48))),
        "ot_holiday": money(hourly * mult["holiday"] * rng.choice((8, 16)))
        if m in HOLIDAY_MONTHS else 0.0,
        "attendance": cfg["full_attendance_bonus"] if worked == due else 0.0,
        "night": money(cfg["night_allowance_per_shift"] * rng.choice((0, 0, 8, 13, 22))),
        "heat": cfg["heat_allowance"] if 6 <= m <= 9 else 0.0,
    }
    fixed = sum(earnings.values())
    if target is not None:
        weekday_h = max(0.0, round((target - fixed) / (hourly * mult["weekday"]) * 2) / 2)
    else:
        weekday_h = rng.choice((20.0, 36.0, 48.5, 60.0, 72.0, 80.0))
    earnings["ot_weekday"] = money(hourly * mult["weekday"] * weekday_h)
    earnings = {k: earnings[k] for k, _ in EARNINGS}
    rates = config()["rates"]
    deductions = {
        "pension": money(social_base * rates["pension"]["personal"]),
        "medical": money(social_base * rates["medical"]["personal"]),
        "unemployment": money(social_base * rates["unemployment"]["personal"]),
        "housing_fund": money(social_base * cfg["housing_fund_rate"]) if housing_fund else 0.0,
    }
    gross = sum(earnings.values())
    taxable = gross - sum(deductions.values()) - cfg["income_tax_threshold"]
    deductions["income_tax"] = money(max(0.0, taxable) * cfg["income_tax_rate"])
    days = round(worked / 8)
    deductions["dorm"] = cfg["dormitory_fee"] if rng.random() < 0.7 else 0.0
    deductions["meals"] = money(cfg["meal_fee_per_day"] * days) if rng.random() < 0.6 else 0.0
    deductions["utilities"] = (money(rng.uniform(cfg["utilities"]["low"],
                                                 cfg["utilities"]["high"]))
                               if deductions["dorm"] else 0.0)
    deductions["other"] = rng.choice((0.0, 0.0, 0.0, 20.0, 50.0))
    return PayLine(employee_id, name, rng.choice(DEPARTMENTS), due, worked, earnings,
                   {k: deductions[k] for k, _ in DEDUCTIONS}, social_base)


def build_payroll(rng: random.Random, employer: Employer | str, month: str, n: int = 12,
                  worker: Worker | None = None, fact: MonthFact | None = None,
                  worker_base: float | None = None, worker_id: str | None = None) -> Payroll:
    """A pay sheet of ``n`` employees for ``month``; ``worker`` (with their history ``fact``)
    is included when given. Everyone is declared at the year's floor base unless the
    employer declares more."""
    company = employer if isinstance(employer, str) else employer.name
    minimum = isinstance(employer, str) or employer.declares_minimum
    floor = float(base_floor(int(month[:4])))
    housing_fund = zlib.crc32(company.encode()) % 3 == 0  # a company either pays it or not
    payroll = Payroll(company, month)
    ids = sorted(rng.sample(range(1000, 9999), n))
    prefix = rng.choice(("A", "DG", "E", ""))
    worker_at = rng.randrange(n) if worker else -1
    for i, num in enumerate(ids):
        emp_id = f"{prefix}{num:04d}" if prefix else f"{num:05d}"
        if i == worker_at:
            base = worker_base or (fact.base if fact and fact.base else floor)
            target = fact.wage if fact and fact.wage else None
            line = _line(rng, month, worker_id or emp_id, worker.name, base, target,
                         housing_fund)
            line.department = DEPARTMENTS[zlib.crc32(worker.id_number.encode()) % len(DEPARTMENTS)]
            payroll.lines.append(line)
            continue
        base = floor if minimum else float(round(floor * rng.uniform(1.0, 1.6)))
        payroll.lines.append(_line(rng, month, emp_id, identity.person_name(rng), base, None,
                                   housing_fund))
    return payroll


def worker_id(worker: Worker, employer: Employer) -> str:
    """The worker's 工号 at ``employer`` (stable across that employer's pay sheets)."""
    n = zlib.crc32(f"{worker.id_number}/{employer.code}".encode())
    return f"{'ADE'[n % 3]}{1000 + n % 9000:04d}"


def only(payroll: Payroll, employee_id: str) -> Payroll:
    """The same month's pay sheet reduced to one employee (their 工资条)."""
    return Payroll(payroll.company, payroll.month,
                   [x for x in payroll.lines if x.employee_id == employee_id])


def worker_payrolls(rng: random.Random, history, months: list[str], n: int = 1) -> list[Payroll]:
    """Pay sheets of ``months`` at the worker's employer of each month (the demo story):
    in a month with nothing declared while employed, deductions use the last declared base."""
    out = []
    last_base: dict[str, float] = {}
    ids = {e.code: worker_id(history.worker, e) for e in history.employers}
    for f in history.months:
        if f.employer and f.base:
            last_base[f.employer.code] = f.base
        if f.month in months and f.employer:
            base = f.base or last_base.get(f.employer.code) or float(base_floor(f.year))
            out.append(build_payroll(rng, f.employer, f.month, n=n, worker=history.worker,
                                     fact=f, worker_base=base, worker_id=ids[f.employer.code]))
    return out
