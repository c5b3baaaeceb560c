"""The hidden truth behind every synthetic document: a worker's contribution history.

A :class:`History` is a fictitious :class:`Worker`, the :class:`Employer` s they worked for,
and one :class:`MonthFact` per calendar month: who employed them, the base declared, the
status of the contribution, when it arrived (``paid_on``), the per-insurance amounts and the
*true* gross wage (which a pay slip shows and a statement does not).

Renderers (``samples/layouts/``) draw a history in one document layout and report what they
printed as ``shebao.extract/1`` ground truth; a layout that cannot show a fact (e.g. arrears in
a layout without a status column) shows what a real document would (a blank row) and its truth
says so.

Problems are *planted* through :class:`Plant`, so later work can make histories with known
defects: gaps inside employment (the pay slip still withholds pension), a stretch declared at
the minimum base while wages are about twice as high, a stretch back-paid years later (late
registration), trailing arrears, refunded months. Each planted month carries a ``tag``.

Randomness comes only from the ``random.Random`` passed in. Rates, base floors and wage levels
come from ``illustrative.yaml`` (illustrative values, not legal ones).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import yaml
from shebao.samples import identity

from shebao.records import INSURANCES

CONFIG_PATH = Path(__file__).with_name("illustrative.yaml")


@cache
def config() -> dict:
    """The illustrative parameters (``illustrative.yaml``)."""
    return yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))


def money(value: float | Decimal) -> float:
    """Round half up to fen (2 decimals), as printed on statements."""
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def base_floor(year: int) -> int:
    """Illustrative lowest declarable base of ``year`` (whole yuan)."""
    spec = config()["base_floor"]
    return round(spec["start"] * (1 + spec["growth"]) ** (year - spec["start_year"]))


def month_range(start: str, count: int) -> list[str]:
    """``count`` consecutive months from ``start`` (``YYYY-MM``)."""
    y, m = int(start[:4]), int(start[5:7])
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def add_months(month: str, n: int) -> str:
    y, m = int(month[:4]), int(month[5:7])
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


@dataclass(frozen=True)
class City:
    """Where the worker is insured: printed place name, province and 6-digit region code."""

    name: str  # as printed as 参保地, e.g. 深圳市
    province: str
    region: str
    towns: tuple[str, ...] = ()
    agency: str = ""  # 经办机构

    @property
    def short(self) -> str:
        return self.name.removesuffix("市")


CITIES: dict[str, City] = {
    "shenzhen": City("深圳市", "广东省", "440300", ("宝安区", "龙岗区", "光明区"),
                     "深圳市社会保险基金管理局"),
    "dongguan": City("东莞市", "广东省", "441900", ("长安镇", "虎门镇", "塘厦镇", "凤岗镇"),
                     "东莞市社会保险基金管理中心"),
    "guangzhou": City("广州市", "广东省", "440100", ("白云区", "番禺区", "花都区"),
                      "广州市社会保险基金管理中心"),
    "xiamen": City("厦门市", "福建省", "350200", ("湖里区", "集美区", "海沧区"),
                   "厦门市社会保险中心"),
    "changsha": City("长沙市", "湖南省", "430100", ("雨花区", "岳麓区", "望城区"),
                     "长沙市社会保险服务中心"),
    "beijing": City("北京市", "北京市", "110000", ("朝阳区", "大兴区", "顺义区"),
                    "北京市社会保险基金管理中心"),
    "zhengzhou": City("郑州市", "河南省", "410100", ("中原区", "金水区", "管城回族区"),
                      "郑州市社会保险中心"),
    "hangzhou": City("杭州市", "浙江省", "330100", ("萧山区", "余杭区", "临平区"),
                     "杭州市社会保险管理服务中心"),
    "shanghai": City("上海市", "上海市", "310000", ("浦东新区", "闵行区", "松江区"),
                     "上海市社会保险事业管理中心"),
    "wuhan": City("武汉市", "湖北省", "420100", ("东西湖区", "江夏区", "黄陂区"),
                  "武汉市社会保险管理局"),
    "suzhou": City("苏州市", "江苏省", "320500", ("吴中区", "相城区", "昆山市"),
                   "苏州市社会保险基金管理中心"),
}


@dataclass(frozen=True)
class Employer:
    name: str
    code: str  # 单位编号 (8 digits)
    credit_code: str  # 统一社会信用代码-looking, fictitious
    district: str
    declares_minimum: bool = False  # declares the floor base whatever the wage


@dataclass(frozen=True)
class Worker:
    name: str
    female: bool
    birth: date
    id_number: str
    ss_number: str  # 社保电脑号 (9 digits, Shenzhen style)
    personal_number: str  # 个人编号 (11-20 digits elsewhere)
    hukou: str  # home county, e.g. 湖南省邵东县


@dataclass
class MonthFact:
    """One calendar month of the history.

    ``employer`` is who the worker worked for (``None`` between jobs). ``status`` is the truth
    of the contribution; ``base``/``amounts`` are ``None`` when nothing was declared.
    ``amounts[insurance] = (employer_amount, personal_amount)`` per month.
    ``wage`` is the true gross wage (``None`` between jobs).
    """

    month: str
    employer: Employer | None
    status: str  # paid / back_paid / arrears / unpaid / refunded
    base: float | None
    wage: float | None
    paid_on: str | None = None
    amounts: dict[str, tuple[float, float]] = field(default_factory=dict)
    tag: str = ""  # planted problem: gap_in_job, min_base, back_pay, arrears, refunded

    @property
    def year(self) -> int:
        return int(self.month[:4])

    @property
    def declared(self) -> bool:
        """A contribution was declared for this month (it carries a base and amounts)."""
        return self.base is not None

    @property
    def employed(self) -> bool:
        return self.employer is not None


@dataclass(frozen=True)
class Plant:
    """Which problems to plant in a generated history (counts are months)."""

    employers: int = 3
    gaps_between_jobs: bool = True
    gap_in_job: int = 2  # months unpaid while employed (pay slip still withholds pension)
    gap_employer: int | None = None  # index of the employer with that gap (-1 = last); any
    min_base: bool = True  # one employer declares the floor base while wages are ~2x
    min_base_at: int | None = None  # index of that employer (-1 = the last); random if None
    back_pay: int = 6  # a stretch back-paid years later (0 = none)
    back_pay_at_start: bool = False  # back-paid stretch at the very start (late registration)
    arrears: int = 2  # trailing months in arrears at the last employer
    refunded: int = 0  # months refunded (退保) early in the history


@dataclass
class History:
    worker: Worker
    city: City
    employers: list[Employer]
    months: list[MonthFact]

    def fact(self, month: str) -> MonthFact | None:
        for f in self.months:
            if f.month == month:
                return f
        return None

    @property
    def first(self) -> str:
        return self.months[0].month

    @property
    def last(self) -> str:
        return self.months[-1].month

    @property
    def last_employer(self) -> Employer | None:
        for f in reversed(self.months):
            if f.employer is not None:
                return f.employer
        return None


def amounts_for(base: float) -> dict[str, tuple[float, float]]:
    """Per-insurance (employer, personal) monthly amounts for a declared base."""
    rates = config()["rates"]
    return {
        ins: (money(base * rates[ins]["employer"]), money(base * rates[ins]["personal"]))
        for ins in INSURANCES
    }


def make_worker(rng: random.Random, female: bool | None = None,
                birth_year: int | None = None, home: str | None = None,
                names_by_sex: bool = True) -> Worker:
    """A fictitious worker; ``home`` picks the hukou by province prefix (e.g. ``河南``).

    The given name fits the worker's sex (the one the ID number's 17th digit gives) unless
    ``names_by_sex`` is false, which keeps the earlier sex-blind name. Either way the same
    random draws are made, so every other field of a seed is the same."""
    female = rng.random() < 0.5 if female is None else female
    year = birth_year or rng.randint(1968, 1998)
    birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
    homes = [h for h in identity.HOME_REGIONS if home is None or h[1].startswith(home)]
    region, hukou = rng.choice(homes or identity.HOME_REGIONS)
    return Worker(
        name=identity.person_name(rng, female if names_by_sex else None),
        female=female,
        birth=birth,
        id_number=identity.fake_id_number(rng, region, birth, female),
        ss_number=identity.digits(rng, 9),
        personal_number=identity.digits(rng, 11),
        hukou=hukou,
    )


def make_employer(rng: random.Random, city: City, declares_minimum: bool = False,
                  long: bool | None = None) -> Employer:
    town = rng.choice(city.towns) if city.towns else ""
    long = rng.random() < 0.4 if long is None else long
    return Employer(
        name=identity.company_name(rng, city.name, town, long=long),
        code=identity.digits(rng, 8),
        credit_code=identity.credit_code(rng, city.region),
        district=town,
        declares_minimum=declares_minimum,
    )


def _paid_on(rng: random.Random, month: str) -> str:
    nxt = add_months(month, rng.choice((0, 1, 1, 1)))
    return f"{nxt}-{rng.randint(5, 25):02d}"


def build_history(
    rng: random.Random,
    months: int = 48,
    end: str = "2025-06",
    city: str = "shenzhen",
    plant: Plant | None = None,
    worker: Worker | None = None,
    wage_multiple: float | None = None,
) -> History:
    """A history of ``months`` calendar months ending at ``end`` with planted problems."""
    plant = plant or Plant()
    where = CITIES[city]
    # The statement layouts' own worker keeps the sex-blind name: the recorded OCR fixtures
    # (tests/ocr/fixtures, tests/ocr/unseen) were made from these seeds and stay regenerable.
    worker = worker or make_worker(rng, names_by_sex=False)
    cfg = config()
    multiple = wage_multiple or rng.uniform(cfg["wage_multiple"]["low"],
                                            cfg["wage_multiple"]["high"])
    calendar = month_range(add_months(end, -(months - 1)), months)

    # Employment segments separated by short gaps between jobs.
    n_emp = max(1, min(plant.employers, months // 6 or 1))
    minimum_at = -99
    if plant.min_base:
        minimum_at = (rng.randrange(n_emp) if plant.min_base_at is None
                      else plant.min_base_at % n_emp)
    employers = [make_employer(rng, where, declares_minimum=(i == minimum_at))
                 for i in range(n_emp)]
    if plant.min_base:
        multiple = max(multiple, 2.0)
    cuts = sorted(rng.sample(range(3, months - 2), n_emp - 1)) if n_emp > 1 else []
    bounds = [0, *cuts, months]
    segment_of: list[int | None] = [None] * months
    for i in range(n_emp):
        lo, hi = bounds[i], bounds[i + 1]
        gap = rng.randint(1, 3) if (plant.gaps_between_jobs and i > 0 and hi - lo > 4) else 0
        for k in range(lo + gap, hi):
            segment_of[k] = i

    facts: list[MonthFact] = []
    year_base: dict[tuple[int, int], int] = {}
    for k, month in enumerate(calendar):
        seg = segment_of[k]
        year = int(month[:4])
        floor = base_floor(year)
        if seg is None:
            facts.append(MonthFact(month, None, "unpaid", None, None))
            continue
        employer = employers[seg]
        wage = money(floor * multiple * rng.uniform(0.9, 1.12))
        if (seg, year) not in year_base:
            if employer.declares_minimum:
                year_base[(seg, year)] = floor
            else:
                cap = floor * cfg["base_cap_multiple"]
                year_base[(seg, year)] = int(min(cap, max(floor, floor * multiple * 0.8)))
        base = float(year_base[(seg, year)])
        facts.append(MonthFact(month, employer, "paid", base, wage, _paid_on(rng, month),
                               amounts_for(base),
                               "min_base" if employer.declares_minimum else ""))

    employed = [f for f in facts if f.employed]
    # Back-payment: a stretch declared and paid years later.
    if plant.back_pay and len(employed) > plant.back_pay + 6:
        if plant.back_pay_at_start:
            start = 0
        else:
            start = rng.randrange(1, max(2, len(employed) // 2 - plant.back_pay))
        pay_month = add_months(employed[start].month, rng.randint(18, 40))
        pay_month = min(pay_month, end)
        pay_date = f"{pay_month}-{rng.randint(3, 27):02d}"
        for f in employed[start:start + plant.back_pay]:
            f.status, f.paid_on, f.tag = "back_paid", pay_date, "back_pay"
    # Refunded months (退保) early on.
    if plant.refunded:
        for f in [f for f in employed if f.status == "paid"][: plant.refunded]:
            f.status, f.tag = "refunded", "refunded"
    # Trailing arrears at the last employer.
    if plant.arrears:
        for f in employed[-plant.arrears:]:
            f.status, f.paid_on, f.tag = "arrears", None, "arrears"
    # Gaps inside a job: employed, nothing declared.
    if plant.gap_in_job:
        at = (None if plant.gap_employer is None
              else employers[plant.gap_employer % len(employers)])
        candidates = [i for i, f in enumerate(facts)
                      if f.employed and f.status == "paid" and 0 < i < len(facts) - 1
                      and facts[i - 1].employed and facts[i + 1].employed
                      and (at is None or f.employer == at)]
        if candidates:
            i = rng.choice(candidates[: max(1, len(candidates) - plant.gap_in_job)])
            for f in facts[i:i + plant.gap_in_job]:
                if f.employed and f.status == "paid":
                    f.status, f.base, f.amounts, f.paid_on = "unpaid", None, {}, None
                    f.tag = "gap_in_job"
    return History(worker, where, employers, facts)
