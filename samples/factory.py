"""A synthetic factory workforce: the documents an organiser collects, and the facts behind them.

Contract: ``build_factory(out_dir, workers=8, seed=1) -> Factory`` writes::

    OUT/documents/<序号>_<姓名>_statement.pdf   each worker's statement (L3-monthly, L4, L2 mixed)
    OUT/documents/factory_paysheets.xlsx       the factory's pay sheets, one worksheet a month,
                                               every employee of that month (L6-xlsx)
    OUT/documents/insured_list.pdf             the unit's 参保人员名单 (insured-list-pdf, long
                                               shape, pension): one row per stretch of each
                                               worker's paid months (a gap worker has two),
                                               printed 2025-10-08; the roster-only person is
                                               not on it
    OUT/roster.xlsx                            花名册: 序号 姓名 工号 身份证号 入职日期 离职日期
                                               用人单位 部门 类别 (男 / 女工人: production line)
    OUT/expected.json                          ``shebao.samples.factory/1``: the planted facts

One factory in 上海 (its legal base floors are in the audit parameters and are read through
:mod:`shebao.audit.contributions`, as :mod:`shebao.samples.planted` does). Workers' stories
(``kind`` in ``expected.json``), cycled so that every factory of 6+ workers has each:

* ``min_base``: declared at the legal floor every month while pay sheets show about twice as
  much -> ``minimum_base`` and ``underreported_base`` in every employed month;
* ``gap``: like ``min_base``, plus three months with nothing paid while the pay sheet still
  deducts pension -> ``missing_months`` and ``withheld_not_remitted`` for those months;
* ``provisional``: hired at 50+ (man) / 40+ (woman) with hukou in another province, declared
  at the floor -> ``provisional_account_risk`` (and the floor findings);
* ``correct``: declared above the wage -> no base findings.

The roster lists one more person (``roster_only``) who handed in no documents and is not on the
insured list. ``expected.json`` ``insured_list`` says what the batch must find against it:
``absent`` (the roster-only person) and ``months_missing`` (each gap worker's gap months).
The as-of date is 2025-10-15 (``expected.json`` ``as_of``): late fees run to it and months
before 2023-10 are outside the 2-year inspection window.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from shebao.samples import generate
from shebao.samples.history import (
    CITIES,
    Employer,
    History,
    MonthFact,
    Worker,
    amounts_for,
    make_employer,
    make_worker,
    money,
    month_range,
)
from shebao.samples.layouts.insured_list import Member, Stretch
from shebao.samples.payroll import Payroll, _line, worker_id
from shebao.samples.planted import floor_of

SCHEMA_FACTORY = "shebao.samples.factory/1"
CITY = CITIES["shanghai"]
START, MONTHS = "2023-07", 24  # 2023-07 .. 2025-06
AS_OF = date(2025, 10, 15)
KINDS = ("min_base", "gap", "min_base", "provisional", "correct", "gap", "min_base",
         "min_base")
STATEMENT_LAYOUTS = ("L3-monthly", "L4", "L3-monthly", "L2")


@dataclass
class FactoryWorker:
    no: int
    kind: str
    history: History
    hired: str  # YYYY-MM
    staff_id: str  # 工号
    gaps: tuple[str, ...] = ()
    layout: str = ""
    statement: Path | None = None

    @property
    def worker(self) -> Worker:
        return self.history.worker

    def expected(self) -> dict:
        employed = [f.month for f in self.history.months if f.employer is not None]
        at_floor = [m for m in employed if m not in self.gaps] if self.kind != "correct" else []
        return {
            "no": self.no, "name": self.worker.name, "id_number": self.worker.id_number,
            "staff_id": self.staff_id, "kind": self.kind, "layout": self.layout,
            "statement": self.statement.name if self.statement else None,
            "hired": self.hired, "employed_months": employed,
            "minimum_base_months": at_floor, "underreported_months": at_floor,
            "missing_months": list(self.gaps), "withheld_months": list(self.gaps),
            "provisional_account_risk": self.kind == "provisional",
        }


@dataclass
class Factory:
    employer: Employer
    workers: list[FactoryWorker]
    roster_only: list[dict]
    documents: Path
    roster: Path
    paysheets: Path
    expected: Path
    as_of: date = AS_OF
    payrolls: list[Payroll] = field(default_factory=list)


def _worker(rng: random.Random, kind: str, used: set[str]) -> Worker:
    while True:
        if kind == "provisional":
            female = rng.random() < 0.4
            w = make_worker(rng, female, birth_year=(1980 if female else 1971) - rng.randint(0, 2))
        else:
            female = rng.random() < 0.45
            w = make_worker(rng, female, birth_year=rng.randint(1987 if female else 1978, 1999))
        if w.name not in used:
            used.add(w.name)
            return w


def _history(rng: random.Random, worker: Worker, factory: Employer, kind: str,
             hired: str) -> tuple[History, tuple[str, ...]]:
    months = [m for m in month_range(START, MONTHS) if m >= hired]
    gaps = tuple(months[len(months) // 2: len(months) // 2 + 3]) if kind == "gap" else ()
    facts: list[MonthFact] = []
    for m in months:
        floor = floor_of(m, CITY)
        wage = money(floor * 2 * rng.uniform(0.97, 1.05))
        if m in gaps:
            facts.append(MonthFact(m, factory, "unpaid", None, wage, None, {}, "gap_in_job"))
            continue
        base = float(round(wage * 1.15)) if kind == "correct" else floor
        facts.append(MonthFact(m, factory, "paid", base, wage, f"{m}-15", amounts_for(base),
                               "" if kind == "correct" else "min_base"))
    return History(worker, CITY, [factory], facts), gaps


def _payrolls(rng: random.Random, factory: Employer, workers: list[FactoryWorker]) -> list[Payroll]:
    """One pay sheet a month with every employee of that month; a gap month deducts pension on
    the last declared base (withheld, not remitted)."""
    out = []
    last: dict[int, float] = {}
    for month in month_range(START, MONTHS):
        payroll = Payroll(factory.name, month)
        for fw in workers:
            fact = fw.history.fact(month)
            if fact is None:
                continue
            base = fact.base or last.get(fw.no) or floor_of(month, CITY)
            last[fw.no] = base
            payroll.lines.append(_line(rng, month, fw.staff_id, fw.worker.name, base, fact.wage,
                                       False))
        out.append(payroll)
    return out


INSURED_PRINTED = "2025-10-08"


def _member(fw: FactoryWorker) -> Member:
    """The worker as the unit's insured list shows them: one pension stretch per run of paid
    months, the last one open (still insured when the list was printed)."""
    paid = [f.month for f in fw.history.months if f.status == "paid"]
    stretches: list[Stretch] = []
    for m in paid:
        if stretches and stretches[-1].end is not None and _next(stretches[-1].end) == m:
            stretches[-1].end = m
        else:
            stretches.append(Stretch(m, m))
    stretches[-1].end = None
    w = fw.worker
    return Member(w.name, w.id_number, w.personal_number, {"pension": stretches},
                  base=fw.history.months[0].base or 0.0)


def _next(month: str) -> str:
    y, m = int(month[:4]), int(month[5:])
    return f"{y + m // 12}-{m % 12 + 1:02d}"


def _write_roster(path: Path, rows: list[dict], employer: str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    heads = ("序号", "姓名", "工号", "身份证号", "入职日期", "离职日期", "用人单位", "部门", "类别")
    ws.append(heads)
    for r in rows:
        ws.append([r["no"], r["name"], r["staff_id"], r["id_number"], r["hired_on"],
                   r.get("left_on") or "", employer, "生产车间",
                   "女工人" if r["female"] else "男"])
    for col, width in zip("ABCDEFGHI", (6, 10, 10, 22, 12, 12, 30, 10, 8), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)


def build_factory(out_dir: Path, workers: int = 8, seed: int = 1) -> Factory:
    """Write a factory of ``workers`` workers into ``out_dir`` (see module docstring)."""
    if workers < 1:
        raise ValueError("a factory needs at least one worker")
    out = Path(out_dir)
    docs = out / "documents"
    docs.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"factory:{seed}")
    factory = make_employer(rng, CITY, declares_minimum=True, long=False)
    used: set[str] = set()
    crew: list[FactoryWorker] = []
    for i in range(workers):
        kind = KINDS[i % len(KINDS)]
        worker = _worker(rng, kind, used)
        hired = START if i % 3 else month_range(START, 7)[rng.randrange(1, 7)]
        history, gaps = _history(rng, worker, factory, kind, hired)
        crew.append(FactoryWorker(i + 1, kind, history, hired, worker_id(worker, factory), gaps))
    for fw in crew:
        fw.layout = STATEMENT_LAYOUTS[(fw.no - 1) % len(STATEMENT_LAYOUTS)]
        options = {"variant": "jiangsu", "window": 48} if fw.layout == "L2" else {}
        sample = generate(fw.layout, seed * 1000 + fw.no, docs,
                          name=f"{fw.no:03d}_{fw.worker.name}_statement", history=fw.history,
                          **options)
        fw.statement = sample.path
    payrolls = _payrolls(rng, factory, crew)
    sheets = generate("L6-xlsx", seed, docs, name="factory_paysheets", payrolls=payrolls,
                      title_rows=1)
    insured = generate("insured-list-pdf", seed, docs, name="insured_list", shape="long",
                       company=factory.name, printed=INSURED_PRINTED,
                       people=[_member(fw) for fw in crew])
    left = make_worker(rng, False, birth_year=1990)
    while left.name in used:
        insured = generate("insured-list-pdf", seed, docs, name="insured_list", shape="long",
                       company=factory.name, printed=INSURED_PRINTED,
                       people=[_member(fw) for fw in crew])
    left = make_worker(rng, False, birth_year=1990)
    roster_only = [{"no": workers + 1, "name": left.name, "staff_id": worker_id(left, factory),
                    "id_number": left.id_number, "hired_on": "2024-03-01",
                    "left_on": "2024-11-30", "female": left.female}]
    rows = [{"no": fw.no, "name": fw.worker.name, "staff_id": fw.staff_id,
             "id_number": fw.worker.id_number, "hired_on": f"{fw.hired}-01",
             "female": fw.worker.female} for fw in crew]
    roster = out / "roster.xlsx"
    _write_roster(roster, rows + roster_only, factory.name)
    expected = out / "expected.json"
    result = Factory(factory, crew, roster_only, docs, roster, sheets.path, expected,
                     payrolls=payrolls)
    expected.write_text(json.dumps({
        "schema": SCHEMA_FACTORY, "as_of": AS_OF.isoformat(), "employer": factory.name,
        "place": CITY.name, "months": month_range(START, MONTHS),
        "workers": [fw.expected() for fw in crew], "roster_only": roster_only,
        "paysheets": sheets.path.name,
        "insured_list": {
            "file": insured.path.name,
            "absent": [r["name"] for r in roster_only],
            "months_missing": {fw.worker.name: list(fw.gaps) for fw in crew if fw.gaps},
        },
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result
