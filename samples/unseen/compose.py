"""Drawing one unseen statement layout (:class:`Spec`) and its printed rows with their truth.

:func:`draw_spec` picks, from one ``random.Random``, everything that makes a layout: the row
granularity (``long``: month x 险种; ``single``: one insurance named by the title; ``wide``:
one row per month with a column group per insurance; ``range``: 起止年月 + 月数 rows), the
columns with their header paths (a path of two or three labels is a stacked header: 单位缴纳
over 比例 | 金额, 养老保险 over 基数 | 单位 | 个人), their order, label synonyms, the month
format (``202301``, ``2023-01``, ``2023年01月``, ``2023.01``, ``2023/01``, 年 | 月 columns,
ranges), rate columns beside amounts (``0.16`` / ``16%`` / ``16.00%``), extra columns the
truth ignores (a booked month, 做账期号, sometimes before the month columns), status words
(未参保 months before coverage, 未到账 months at the end), unpaid months (a word, a blank row
or left out), 合计 and 小计 rows, the employer as a name, a code with a code table printed
apart, or both, the person block and the page furniture.

:func:`printed_rows` turns a history into :class:`Row` s: the cell texts in column order and,
for data rows, the :class:`~shebao.records.Contribution` s a perfect reader returns (page and
row are set when the rows are laid out on pages). Amounts are ``base x rate`` rounded half up
to fen (:func:`shebao.samples.history.money`), with the document's own rates; range rows that
print totals print ``monthly x months`` and the truth holds the monthly amount.

Statuses in the truth follow ``docs/contracts.md``: 未参保 is ``not_insured`` and 未到账 /
未到帐 / 待到账 / 未帐 ``pending`` where the contract in force (``shebao.records.STATUSES``)
has them, otherwise ``unpaid`` and ``unknown`` (what the contract could say before they were
added). :func:`contract_status` is the one place that decides it.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

from shebao.samples.history import (
    CITIES,
    Employer,
    History,
    add_months,
    build_history,
    config,
    money,
)
from shebao.samples.pdf import yuan
from shebao.samples.unseen import wording as W
from shebao.samples.unseen.furniture import Marks

from shebao.records import STATUSES, Contribution

ARRANGEMENTS = ("long", "single", "wide", "range")
MONTH_STYLES = ("ym", "dash", "cn", "dot", "slash", "split")
PERSONAL_INSURANCES = ("pension", "medical", "unemployment")
# statuses a statement prints with a base and amounts
DECLARED = ("paid", "back_paid", "arrears", "refunded", "pending")


def contract_status(status: str) -> str:
    """The truth status of a generated status: itself, or for ``not_insured`` and ``pending``
    the nearest status of a contract that does not know them yet."""
    if status in STATUSES:
        return status
    return {"not_insured": "unpaid", "pending": "unknown"}[status]


@dataclass(frozen=True)
class Column:
    """One printed column: its role, its header path (top to bottom), the insurance of a
    wide group's column and, for an extra column, the kind of its content."""

    role: str  # seq month year mon range start end count ins base emp_rate emp pers_rate pers
    #            status employer code paid_on extra
    path: tuple[str, ...]
    ins: str | None = None
    extra: str | None = None

    @property
    def label(self) -> str:
        return "/".join(self.path)


@dataclass
class Spec:
    """Everything drawn for one layout; ``to_json`` is written beside the document."""

    seed: int
    arrangement: str
    city: str
    title: str
    subtitle: str
    insurances: tuple[str, ...]
    ins_names: dict[str, str]
    month_style: str
    range_style: str
    range_totals: bool
    words: dict[str, str]
    unpaid: str  # word | blank | omit
    not_insured: int
    pending: int
    ni_cell: str
    rates: dict[str, tuple[float, float]]
    rate_style: str
    thousands: bool
    base_decimals: bool
    paid_style: str
    newest_first: bool
    totals: bool
    subtotals: bool
    code_table: str  # after | before | lines | none
    columns: list[Column]
    person: dict
    marks: Marks
    seal: dict
    page_style: str
    page_number_at: str
    title_every_page: bool
    font: str
    size: float
    months: int
    notes: list[str] = field(default_factory=list)
    extras_seen: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        data["columns"] = [{"role": c.role, "label": c.label, "ins": c.ins, "extra": c.extra}
                           for c in self.columns]
        return data


@dataclass
class Row:
    """A printed table row: cell texts in column order; ``kind`` data | total | subtotal;
    ``records`` the truth of a data row (page and row still unset)."""

    cells: list[str]
    kind: str = "data"
    records: list[Contribution] = field(default_factory=list)


@dataclass
class Month:
    """One month as the statement shows it (the generator's own view of the history)."""

    month: str
    status: str  # paid back_paid arrears unpaid refunded not_insured pending
    base: float | None
    employer: Employer | None
    paid_on: str | None


# ---------------------------------------------------------------------------------------------
# drawing the spec
# ---------------------------------------------------------------------------------------------


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return rng.choice(options)


def _money_block(rng: random.Random, kind: str, rates: bool, stacked: bool,
                 prefix: tuple[str, ...] = (), ins: str | None = None,
                 wide: bool = False) -> list[Column]:
    """The amount column of ``kind`` (emp|pers), with its rate column when ``rates``."""
    if rates and stacked:
        group = _pick(rng, W.GROUP_LABELS[kind])
        return [Column(f"{kind}_rate", (*prefix, group, _pick(rng, W.SUB_RATE)), ins),
                Column(kind, (*prefix, group, _pick(rng, W.SUB_AMOUNT)), ins)]
    words = W.WIDE_SUB if wide else W.LABELS
    amount = Column(kind, (*prefix, _pick(rng, words[kind])), ins)
    if rates:
        return [Column(f"{kind}_rate", (*prefix, _pick(rng, words[f"{kind}_rate"])), ins),
                amount]
    return [amount]


def _month_columns(rng: random.Random, style: str) -> list[Column]:
    if style == "split":
        return [Column("year", (_pick(rng, W.LABELS["year"]),)),
                Column("mon", (_pick(rng, W.LABELS["mon"]),))]
    return [Column("month", (_pick(rng, W.LABELS["month"]),))]


def _employer_columns(rng: random.Random, how: str) -> list[Column]:
    cols = []
    if how in ("code", "both"):
        cols.append(Column("code", (_pick(rng, W.LABELS["code"]),)))
    if how in ("name", "both"):
        cols.append(Column("employer", (_pick(rng, W.LABELS["employer"]),)))
    return cols


def _extras(rng: random.Random, n: int, allow_account: bool) -> list[Column]:
    if n <= 0:
        return []
    labels = [k for k in W.EXTRA_COLUMNS if allow_account or W.EXTRA_COLUMNS[k] != "account"]
    chosen, kinds = [], set()
    for label in rng.sample(labels, len(labels)):
        kind = W.EXTRA_COLUMNS[label]
        if kind in kinds:
            continue
        kinds.add(kind)
        chosen.append(Column("extra", (label,), extra=kind))
        if len(chosen) == n:
            break
    return chosen


BOOKED_FIRST = 0.3  # share of booked-month columns printed before the month columns


def _booked_first(cols: list[Column], front: list[Column], seed: int) -> None:
    """A booked-month column (做账期号 / 缴费期: the month paid in, a month after the month
    paid for) stands before the month columns on some statements (:data:`BOOKED_FIRST`), so
    a reader that takes the first column of months for the month key is caught. Its own
    draw (``unseen:<seed>:booked``): documents without such a column are unchanged."""
    booked = [c for c in cols if c.extra == "pay_month"]
    if not booked or front[0] not in cols:
        return
    if random.Random(f"unseen:{seed}:booked").random() >= BOOKED_FIRST:
        return
    cols.remove(booked[0])
    cols.insert(cols.index(front[0]), booked[0])


def draw_spec(rng: random.Random, seed: int, months: int | None = None) -> Spec:
    """Draw one layout (see the module docstring)."""
    arrangement = rng.choice(ARRANGEMENTS)
    city = rng.choice(sorted(CITIES))
    place = CITIES[city].name
    single = None
    if arrangement == "single":
        single = rng.choice(("pension", "pension", "pension", "medical"))
        title = rng.choice(W.SINGLE_TITLES[single])
    else:
        title = rng.choice(W.TITLES)
    title = title.format(city=place)
    if arrangement == "range":
        single = rng.choice((None, None, "pension"))
        if single:
            title = rng.choice(W.SINGLE_TITLES[single]).format(city=place)
    if single:
        insurances: tuple[str, ...] = (single,)
    elif arrangement == "wide":
        insurances = ("pension", "medical", "unemployment",
                      *(i for i in ("injury", "maternity") if rng.random() < 0.4))
    else:
        insurances = ("pension", *(i for i in ("medical", "unemployment", "injury", "maternity")
                                   if rng.random() < 0.55))
    ins_names = {i: rng.choice(W.INSURANCE_NAMES[i]) for i in insurances}
    month_style = rng.choice(MONTH_STYLES if arrangement != "range" else ("ym",))
    range_style = rng.choice(("ym", "dot", "slash", "cn", "columns")) if arrangement == "range" \
        else ""
    rates_on = arrangement != "range" and rng.random() < 0.45
    stacked = rng.random() < 0.6
    employer_how = rng.choice(("code", "name", "both", "none", "code", "name"))
    code_table = "none"
    if employer_how == "code":
        code_table = rng.choice(("after", "before", "lines", "after", "none"))
    status_word = {s: rng.choice(ws) for s, ws in W.STATUS_WORDS.items()}
    paid_on = arrangement != "range" and rng.random() < 0.5

    cols: list[Column] = []
    if rng.random() < 0.55:
        cols.append(Column("seq", (_pick(rng, W.LABELS["seq"]),)))
    front: list[Column]
    if arrangement == "range":
        if range_style == "columns":
            front = [Column("start", (_pick(rng, W.LABELS["start"]),)),
                     Column("end", (_pick(rng, W.LABELS["end"]),))]
        else:
            front = [Column("range", (_pick(rng, W.LABELS["range"]),))]
        front.append(Column("count", (_pick(rng, W.LABELS["count"]),)))
    else:
        front = _month_columns(rng, month_style)
    blocks: list[list[Column]] = []
    if arrangement in ("long", "range") and not single:
        front.append(Column("ins", (_pick(rng, W.LABELS["ins"]),)))
    if arrangement == "wide":
        body: list[Column] = _employer_columns(rng, employer_how)
        shared_base = rng.random() < 0.4
        if shared_base:
            body.append(Column("base", (_pick(rng, W.LABELS["base"]),)))
        wide_ins = insurances[:3] if rates_on else insurances
        insurances = wide_ins
        ins_names = {i: ins_names[i] for i in insurances}
        for ins in insurances:
            group = (_pick(rng, W.INSURANCE_GROUPS[ins]),)
            if not shared_base:
                body.append(Column("base", (*group, _pick(rng, W.WIDE_SUB["base"])), ins))
            body += _money_block(rng, "emp", rates_on, stacked and rates_on and
                                 rng.random() < 0.5, group, ins, wide=True)
            if ins in PERSONAL_INSURANCES:
                body += _money_block(rng, "pers", rates_on, False, group, ins, wide=True)
        cols += front + body
        cols.append(Column("status", (_pick(rng, W.LABELS["status"]),)))
        if paid_on:
            cols.append(Column("paid_on", (_pick(rng, W.LABELS["paid_on"]),)))
        extras = _extras(rng, rng.choice((0, 0, 1, 2)), allow_account=False)
        for e in extras:
            cols.insert(rng.randint(len(cols) - 2, len(cols)), e)
    else:
        blocks.append([Column("base", (_pick(rng, W.LABELS["base"]),))])
        with_emp = rng.random() < 0.8
        with_pers = not with_emp or rng.random() < 0.9
        if with_emp:
            blocks.append(_money_block(rng, "emp", rates_on, stacked))
        if with_pers:
            blocks.append(_money_block(rng, "pers", rates_on, stacked))
        blocks.append([Column("status", (_pick(rng, W.LABELS["status"]),))])
        employer = _employer_columns(rng, employer_how)
        if employer:
            blocks.append(employer)
        if paid_on:
            blocks.append([Column("paid_on", (_pick(rng, W.LABELS["paid_on"]),))])
        for e in _extras(rng, rng.choice((0, 1, 1, 2, 3)), allow_account=with_pers
                         and arrangement != "range"):
            blocks.append([e])
        rng.shuffle(blocks)
        if rng.random() < 0.2 and employer:  # 单位编号 | 缴费年月 (Shenzhen order)
            blocks.remove(employer)
            cols += employer + front
        else:
            cols += front
        for block in blocks:
            cols += block
    _booked_first(cols, front, seed)
    # a 备注 status column beside a 备注 extra would print two 备注: rename nothing, draw again
    labels = [c.label for c in cols]
    if len(set(labels)) != len(labels):
        return draw_spec(rng, seed, months)

    ni = rng.choice((0, 0, 3, 5, 8)) if arrangement != "range" else 0
    pending = rng.choice((0, 0, 1, 2)) if arrangement != "range" else 0
    rates = {}
    choices = config()["unseen_rates"]
    for ins in ("pension", "medical", "unemployment", "injury", "maternity"):
        rates[ins] = (rng.choice(choices[ins]["employer"]), rng.choice(choices[ins]["personal"]))
    n_columns = len(cols)
    size = 7.0 if n_columns < 16 else 6.5
    marks = _marks(rng, place, CITIES[city].agency)
    seal = {"where": rng.choice(("end", "end", "every", "none")),
            "middle": rng.choice(W.STAMP_MIDDLE),
            "turn": rng.uniform(-30, 30),
            "mode": rng.choice(("outline", "outline", "text"))}
    person = {
        "style": rng.choice(("lines", "lines", "grid")),
        "name": rng.choice(W.PERSON_LABELS["name"]),
        "id_style": rng.choice(("id", "ssn_is_id")),
        "id": rng.choice(W.PERSON_LABELS["id"]),
        "ssn_is_id": rng.choice(W.PERSON_LABELS["ssn_is_id"]),
        "personal": rng.choice(W.PERSON_LABELS["personal"]) if rng.random() < 0.65 else None,
        "place": rng.choice(W.PERSON_LABELS["place"]) if rng.random() < 0.7 else None,
        "sep": rng.choice(W.SEPARATORS),
        "extra": rng.sample(sorted(W.PERSON_EXTRA), rng.randint(0, 2)),
    }
    if place not in title:  # the document names its place somewhere
        person["place"] = person["place"] or W.PERSON_LABELS["place"][0]
    return Spec(
        seed=seed, arrangement=arrangement, city=city, title=title,
        subtitle=rng.choice(W.SUBTITLES) if "（" not in title else "",
        insurances=insurances, ins_names=ins_names, month_style=month_style,
        range_style=range_style, range_totals=arrangement == "range" and rng.random() < 0.4,
        words=status_word, unpaid=rng.choice(("word", "blank", "omit") if arrangement != "range"
                                             else ("omit",)),
        not_insured=ni, pending=pending, ni_cell=rng.choice(W.NOT_INSURED_CELL),
        rates=rates, rate_style=rng.choice(("decimal", "percent", "percent2")),
        thousands=rng.random() < 0.2, base_decimals=rng.random() < 0.5,
        paid_style=rng.choice(("dash", "compact")), newest_first=rng.random() < 0.35,
        totals=rng.random() < 0.5, subtotals=arrangement in ("wide", "single")
        and rng.random() < 0.25,
        code_table=code_table, columns=cols, person=person, marks=marks, seal=seal,
        page_style=rng.choice(W.PAGE_STYLES), page_number_at=rng.choice(("bottom", "top")),
        title_every_page=rng.random() < 0.7, font=rng.choice(("sans", "serif")), size=size,
        months=months or rng.randint(18, 42),
        notes=list(rng.choice(W.NOTES))[: rng.randint(0, 4)],
    )


def _marks(rng: random.Random, place: str, agency: str) -> Marks:
    text = rng.choice(W.WATERMARKS).format(agency=agency, city=place, bank=rng.choice(W.BANKS))
    long = len(text) > 20
    tiled = long or rng.random() < 0.3
    return Marks(text=text, mode=rng.choice(("text", "outline", "outline", "none")),
                 angle=rng.uniform(-60, 60), size=rng.uniform(12, 17) if long
                 else rng.uniform(18, 26) if tiled else rng.uniform(28, 44),
                 gray=rng.uniform(0.84, 0.93), tiled=tiled)


# ---------------------------------------------------------------------------------------------
# the history as the statement shows it
# ---------------------------------------------------------------------------------------------


def months_shown(rng: random.Random, spec: Spec) -> tuple[History, list[Month]]:
    """The history drawn for ``spec`` and the months it prints (oldest first): 未参保 months
    before coverage, the history, its trailing arrears shown as pending where drawn."""
    history = build_history(rng, months=spec.months, end=f"2025-{rng.randint(1, 12):02d}",
                            city=spec.city)
    shown = [Month(add_months(history.first, -k), "not_insured", None, None, None)
             for k in range(spec.not_insured, 0, -1)]
    facts = history.months
    for f in facts:
        status = f.status if f.declared else "unpaid"
        shown.append(Month(f.month, status, f.base, f.employer, f.paid_on))
    if spec.pending:
        declared = [m for m in shown if m.status in ("arrears", "paid")]
        for m in declared[-spec.pending:]:
            m.status, m.paid_on = "pending", None
    return history, shown


# ---------------------------------------------------------------------------------------------
# rows
# ---------------------------------------------------------------------------------------------


def fmt_month(month: str, style: str) -> str:
    y, m = month[:4], month[5:7]
    return {"ym": f"{y}{m}", "dash": f"{y}-{m}", "cn": f"{y}年{m}月", "dot": f"{y}.{m}",
            "slash": f"{y}/{m}"}[style]


def fmt_range(a: str, b: str, style: str) -> str:
    if style == "cn":
        return f"{fmt_month(a, 'cn')}至{fmt_month(b, 'cn')}"
    return f"{fmt_month(a, style)}-{fmt_month(b, style)}"


def fmt_rate(rate: float, style: str) -> str:
    if style == "decimal":
        return f"{rate:.3f}".rstrip("0").rstrip(".") if rate else "0"
    pct = rate * 100
    if style == "percent":
        return f"{pct:.1f}".rstrip("0").rstrip(".") + "%"
    return f"{pct:.2f}%"


def fmt_paid(date: str, style: str) -> str:
    return date.replace("-", "") if style == "compact" else date


def _money(spec: Spec, value: float) -> str:
    return yuan(value, spec.thousands)


def _base(spec: Spec, value: float) -> str:
    if spec.base_decimals or spec.thousands:
        return yuan(value, spec.thousands)
    return f"{value:.0f}"


def amounts(spec: Spec, base: float, ins: str) -> tuple[float, float]:
    """(employer, personal) monthly amounts of ``ins`` on ``base`` at the document's rates."""
    er, pr = spec.rates[ins]
    return money(base * er), money(base * pr)


def _extra_cell(spec: Spec, kind: str, m: Month, ins: str | None, history: History) -> str:
    city = CITIES[spec.city]
    if kind == "district":
        return f"{m.employer.district if m.employer else city.towns[0]}税务局"
    if kind == "agency":
        return city.agency
    if kind == "region":
        return city.region
    if kind in ("interest", "late_fee"):
        if m.status == "back_paid" and m.base:
            return _money(spec, money(m.base * 0.0021 * (3 if kind == "interest" else 5)))
        return _money(spec, 0.0)
    if kind == "how":
        return W.HOW_PAID[int(m.employer.code) % len(W.HOW_PAID)] if m.employer else ""
    if kind == "category":
        return W.CATEGORIES[0]
    if kind == "pay_month":
        return fmt_month(m.paid_on[:7], "ym") if m.paid_on else ""
    if kind == "account":
        if ins is None or m.base is None:
            return ""
        return _money(spec, amounts(spec, m.base, ins)[1] if ins == "pension" else 0.0)
    if kind == "grade":
        return W.GRADES[0]
    raise ValueError(kind)


def printed_rows(spec: Spec, history: History, shown: list[Month]) -> list[Row]:
    """The table rows of ``spec`` in print order (see the module docstring)."""
    months = list(reversed(shown)) if spec.newest_first else list(shown)
    if spec.arrangement == "range":
        rows = _range_rows(spec, history, months)
    else:
        rows = []
        for i, m in enumerate(months):
            if m.status == "unpaid" and spec.unpaid == "omit":
                continue
            if spec.arrangement == "wide":
                rows.append(_month_row(spec, history, m, None))
            else:
                rows += [_month_row(spec, history, m, ins) for ins in spec.insurances]
            nxt = months[i + 1] if i + 1 < len(months) else None
            if spec.subtotals and (nxt is None or nxt.month[:4] != m.month[:4]):
                rows.append(_sum_row(spec, [r for r in rows if r.kind == "data" and
                                            r.records[0].month[:4] == m.month[:4]],
                                     f"{m.month[:4]}年小计", "subtotal"))
    seq = 0
    seq_at = _index(spec, "seq")
    for r in rows:
        if r.kind == "data":
            seq += 1
            if seq_at is not None:
                r.cells[seq_at] = str(seq)
    if spec.totals:
        rows.append(_sum_row(spec, [r for r in rows if r.kind == "data"], "合计", "total"))
    return rows


def _index(spec: Spec, role: str) -> int | None:
    for i, c in enumerate(spec.columns):
        if c.role == role:
            return i
    return None


def _sum_row(spec: Spec, data: list[Row], label: str, kind: str) -> Row:
    cells = [""] * len(spec.columns)
    first = 0
    for i, c in enumerate(spec.columns):
        if c.role in ("emp", "pers"):
            total = 0.0
            for r in data:
                text = r.cells[i].replace(",", "")
                if text and text[0].isdigit():
                    total += float(text)
            cells[i] = _money(spec, money(total))
        elif c.role == "count":
            cells[i] = str(sum(int(r.cells[i]) for r in data if r.cells[i].isdigit()))
        elif c.role == "base" and kind == "total" and spec.seed % 3 == 0:
            cells[i] = "------"
    cells[first] = label
    return Row(cells, kind)


def _month_row(spec: Spec, history: History, m: Month, ins: str | None) -> Row:
    """One printed month row (``ins`` None: a wide row for every insurance)."""
    cols = spec.columns
    cells = [""] * len(cols)
    status = m.status
    declared = status in DECLARED and m.base is not None
    word = "" if (status == "unpaid" and spec.unpaid == "blank") else spec.words[status]
    has = {c.role for c in cols}
    for i, c in enumerate(cols):
        row_ins = c.ins or ins
        if c.role == "month":
            cells[i] = fmt_month(m.month, spec.month_style)
        elif c.role == "year":
            cells[i] = m.month[:4]
        elif c.role == "mon":
            cells[i] = m.month[5:7] if spec.seed % 2 else str(int(m.month[5:7]))
        elif c.role == "ins":
            cells[i] = spec.ins_names[ins]
        elif c.role == "status":
            cells[i] = word
        elif status == "not_insured":
            cells[i] = spec.ni_cell
        elif not declared or c.role == "seq":
            continue
        elif c.role == "base":
            cells[i] = _base(spec, m.base)
        elif c.role in ("emp", "pers"):
            emp, pers = amounts(spec, m.base, row_ins)
            cells[i] = _money(spec, emp if c.role == "emp" else pers)
        elif c.role in ("emp_rate", "pers_rate"):
            er, pr = spec.rates[row_ins]
            cells[i] = fmt_rate(er if c.role == "emp_rate" else pr, spec.rate_style)
        elif c.role == "employer":
            cells[i] = m.employer.name if m.employer else ""
        elif c.role == "code":
            cells[i] = m.employer.code if m.employer else ""
        elif c.role == "paid_on":
            if m.paid_on and status not in ("arrears", "pending"):
                cells[i] = fmt_paid(m.paid_on, spec.paid_style)
        elif c.role == "extra":
            cells[i] = _extra_cell(spec, c.extra, m, row_ins, history)
    records = []
    for each in ([ins] if ins else spec.insurances):
        records.append(_truth(spec, m, each, has, declared))
    return Row(cells, "data", records)


def _shows(spec: Spec, role: str, ins: str) -> bool:
    return any(c.role == role and c.ins in (None, ins) for c in spec.columns)


def _truth(spec: Spec, m: Month, ins: str, has: set[str], declared: bool,
           months: int = 1) -> Contribution:
    status = contract_status(m.status)
    if not declared:
        return Contribution(month=m.month, insurance=ins, status=status)
    emp, pers = amounts(spec, m.base, ins)
    named = "employer" in has or ("code" in has and spec.code_table != "none")
    return Contribution(
        month=m.month, insurance=ins,
        base=m.base if _shows(spec, "base", ins) else None,
        employer_amount=emp if _shows(spec, "emp", ins) else None,
        personal_amount=pers if _shows(spec, "pers", ins) else None,
        employer=m.employer.name if (named and m.employer) else None,
        employer_code=m.employer.code if ("code" in has and m.employer) else None,
        status=status,
        paid_on=m.paid_on if ("paid_on" in has and m.status not in ("arrears", "pending"))
        else None,
    )


def _range_rows(spec: Spec, history: History, months: list[Month]) -> list[Row]:
    """起止年月 rows: runs of months with one employer, base and status (unpaid left out)."""
    runs: list[list[Month]] = []
    for m in months:
        if m.status not in DECLARED:
            if runs and runs[-1]:
                runs.append([])
            continue
        last = runs[-1][-1] if runs and runs[-1] else None
        if (last and last.employer == m.employer and last.base == m.base
                and last.status == m.status
                and abs(_ordinal(m.month) - _ordinal(last.month)) == 1):
            runs[-1].append(m)
        else:
            runs.append([m])
    rows = []
    has = {c.role for c in spec.columns}
    for run in (r for r in runs if r):
        chrono = sorted(run, key=lambda m: m.month)
        first, last, n = chrono[0].month, chrono[-1].month, len(run)
        for ins in spec.insurances:
            cells = [""] * len(spec.columns)
            m = run[0]
            for i, c in enumerate(spec.columns):
                if c.role == "range":
                    cells[i] = fmt_range(first, last, spec.range_style)
                elif c.role == "start":
                    cells[i] = fmt_month(first, "ym")
                elif c.role == "end":
                    cells[i] = fmt_month(last, "ym")
                elif c.role == "count":
                    cells[i] = str(n)
                elif c.role == "ins":
                    cells[i] = spec.ins_names[ins]
                elif c.role == "base":
                    cells[i] = _base(spec, m.base)
                elif c.role in ("emp", "pers"):
                    emp, pers = amounts(spec, m.base, ins)
                    value = emp if c.role == "emp" else pers
                    cells[i] = _money(spec, money(value * n) if spec.range_totals else value)
                elif c.role == "status":
                    cells[i] = spec.words[m.status]
                elif c.role == "employer":
                    cells[i] = m.employer.name
                elif c.role == "code":
                    cells[i] = m.employer.code
                elif c.role == "extra":
                    cells[i] = _extra_cell(spec, c.extra, m, ins, history)
            records = [_truth(spec, Month(x.month, x.status, x.base, x.employer, None), ins,
                              has, True) for x in chrono]
            rows.append(Row(cells, "data", records))
    return rows


def _ordinal(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7])
