"""Employer-side insured lists (单位参保证明 / 参保人员名单, formats.md §7.2), at random.

One row per person (or per person and insurance, or per stretch of a person's insurance when
it was interrupted), in one of four shapes the public parsers describe, with the column
names, order, identity column (身份证号码 / 公民身份号码 / 社会保障号码 / 证件号码), period
format and status words drawn from the seed:

* ``long``: 序号 | 姓名 | 证件 | [个人编号] | 险种 | 起止 (one cell, or 起始 + 终止, or 参保时间 +
  月数) | [缴费基数] | 状态 — one row per person x insurance x stretch (Beijing, Chongqing,
  Hefei, Jinan);
* ``grouped``: 序号 | 证件 | 姓名 | per insurance a group over 起始年月 | 月数 (Chengdu, Nanchang);
* ``marks``: 序号 | 姓名 | 证件 | 基本养老保险 | 工伤保险 | 失业保险 with √ (Guangzhou);
* ``person``: 序号 | 姓名 | 社会保障号 | 缴费起止年月 | 缴费月数 (Hangzhou; no insurance named).

Renderers: ``insured-list-pdf``, ``insured-list-docx``. Options: ``shape``, ``people`` (a
list of :class:`Member`; default random), ``company``, ``printed`` (``YYYY-MM-DD``).

Truth: ``insured`` rows exactly as :class:`shebao.records.Insured` reads them: the ID when
the identity cell holds a valid one (and ``social_security_number`` too when the column is a
社会保障号 column), insurance per row (None in the ``person`` shape), ``start``/``end``/
``months`` as printed (an open stretch has no end), status active/stopped with its printed
word, base where printed, the company and the print month.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from shebao.samples import identity
from shebao.samples.history import make_worker
from shebao.samples.layouts.common import Rendered, watermark_mode
from shebao.samples.layouts.l6_payroll import normalize_zip
from shebao.samples.pdf import LANDSCAPE, PORTRAIT, Grid, Head, Pdf

from shebao.records import Insured

INSURANCE_NAMES = {"pension": ("基本养老保险", "养老保险", "企业职工基本养老保险"),
                   "medical": ("基本医疗保险", "医疗保险", "职工基本医疗保险"),
                   "unemployment": ("失业保险",), "injury": ("工伤保险",),
                   "maternity": ("生育保险",)}
ID_LABELS = ("身份证号码", "公民身份号码", "证件号码", "社会保障号码")
SSN_LABELS = ("个人编号", "个人社保号")
NAME_LABELS = ("姓名", "职工姓名")
STATUS = {"active": ("正常参保", "参保缴费", "正常"), "stopped": ("暂停缴费", "停保", "终止缴费")}
PERIOD_ONE = ("缴费起止年月", "参保起止", "起止年月")
START = ("起始年月", "参保起始时间", "开始年月")
END = ("终止年月", "截止年月")
MONTHS = ("月数", "缴费月数", "本单位实际缴费月数")
SHAPES = ("long", "grouped", "marks", "person")


@dataclass
class Stretch:
    start: str
    end: str | None  # None: still insured on the print date


@dataclass
class Member:
    name: str
    id_number: str
    personal_number: str
    stretches: dict[str, list[Stretch]] = field(default_factory=dict)  # insurance -> stretches
    stopped: bool = False
    base: float = 0.0


def months_between(a: str, b: str) -> int:
    return (int(b[:4]) - int(a[:4])) * 12 + int(b[5:]) - int(a[5:]) + 1


def _add(month: str, k: int) -> str:
    n = int(month[:4]) * 12 + int(month[5:]) - 1 + k
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def random_members(rng: random.Random, printed: str, n: int) -> list[Member]:
    out = []
    names: set[str] = set()
    for _ in range(n):
        w = make_worker(rng, birth_year=rng.randint(1970, 2000))
        if w.name in names:
            continue
        names.add(w.name)
        start = _add(printed[:7], -rng.randint(3, 60))
        insurances = ["pension", *rng.sample(["medical", "unemployment", "injury"],
                                              rng.randint(0, 3))]
        m = Member(w.name, w.id_number, w.personal_number, base=float(rng.randint(2300, 8000)))
        m.stopped = rng.random() < 0.15
        gap = rng.random() < 0.2 and months_between(start, printed[:7]) > 8
        for ins in insurances:
            if gap:
                cut = _add(start, 3)
                m.stretches[ins] = [Stretch(start, cut), Stretch(_add(cut, 3), None)]
            else:
                m.stretches[ins] = [Stretch(start, _add(printed[:7], -1) if m.stopped else None)]
        out.append(m)
    return out


def _fmt_month(month: str, style: int) -> str:
    return (month.replace("-", ""), month, month.replace("-", ".") + "")[style]


def build(rng: random.Random, **options) -> tuple[str, str, str, list[str], list[list[str]],
                                                 list[tuple[int, int, int, int, str]],
                                                 list[Insured]]:
    """(company, printed date, shape, column labels, rows, group heads, truth)."""
    company = options.get("company") or identity.company_name(
        rng, rng.choice(("北京市", "成都市", "重庆市", "杭州市", "广州市")))
    printed = options.get("printed") or f"{rng.randint(2024, 2025)}-{rng.randint(1, 12):02d}-" \
                                         f"{rng.randint(1, 28):02d}"
    members = options.get("people") or random_members(rng, printed, rng.randint(4, 12))
    shape = options.get("shape") or rng.choice(SHAPES)
    as_of = printed[:7]
    id_label = rng.choice(ID_LABELS)
    ssn_col = id_label == "社会保障号码"
    with_personal = shape == "long" and rng.random() < 0.4
    mstyle = rng.randrange(3)
    status_of = {m.name: ("stopped" if m.stopped else "active") for m in members}
    word = {m.name: rng.choice(STATUS[status_of[m.name]]) for m in members}
    truth: list[Insured] = []
    rows: list[list[str]] = []
    groups: list[tuple[int, int, int, int, str]] = []

    def who(m: Member, insurance, start, end, months, row, base=None, status=True) -> Insured:
        return Insured(name=m.name, id_number=m.id_number,
                       social_security_number=m.id_number if ssn_col else (
                           m.personal_number if with_personal else None),
                       insurance=insurance, start=start, end=end, months=months,
                       status=status_of[m.name] if status else "unknown",
                       status_text=word[m.name] if status else None, base=base,
                       employer=company, as_of=as_of, page=1, row=row)

    if shape == "long":
        period = rng.randrange(3)  # one cell | start + end | start + months
        with_base = rng.random() < 0.5
        labels = ["序号", rng.choice(NAME_LABELS), id_label]
        labels += [rng.choice(SSN_LABELS)] if with_personal else []
        labels += ["险种"]
        labels += ([rng.choice(PERIOD_ONE)] if period == 0 else
                   [rng.choice(START), rng.choice(END)] if period == 1 else
                   [rng.choice(START), rng.choice(MONTHS)])
        labels += ["缴费基数"] if with_base else []
        labels += ["参保状态"]
        for m in members:
            for ins, stretches in m.stretches.items():
                for s in stretches:
                    n = len(rows) + 1
                    cells = [str(n), m.name, m.id_number]
                    cells += [m.personal_number] if with_personal else []
                    cells += [rng.choice(INSURANCE_NAMES[ins])]
                    end_t = _fmt_month(s.end, mstyle) if s.end else ""
                    count = months_between(s.start, s.end or as_of)
                    if period == 0:
                        cells += [f"{_fmt_month(s.start, mstyle)}-{end_t}"]
                    elif period == 1:
                        cells += [_fmt_month(s.start, mstyle), end_t]
                    else:
                        cells += [_fmt_month(s.start, mstyle), str(count) if s.end else ""]
                    cells += [f"{m.base:.2f}"] if with_base else []
                    cells += [word[m.name]]
                    rows.append(cells)
                    truth.append(who(m, ins, s.start, s.end if period < 2 else None,
                                     count if period == 2 and s.end else None, n,
                                     m.base if with_base else None))
    elif shape == "grouped":
        insurances = [i for i in INSURANCE_NAMES if any(i in m.stretches for m in members)][:3]
        labels = ["序号", id_label, rng.choice(NAME_LABELS)]
        for ins in insurances:
            groups.append((0, len(labels), 1, 2, INSURANCE_NAMES[ins][0]))
            labels += [rng.choice(START), rng.choice(MONTHS)]
        for m in members:
            n = len(rows) + 1
            cells = [str(n), m.id_number, m.name]
            for ins in insurances:
                s = m.stretches.get(ins, [None])[-1]
                if s is None:
                    cells += ["", ""]
                    continue
                count = months_between(s.start, s.end or as_of)
                cells += [_fmt_month(s.start, mstyle), str(count)]
                truth.append(who(m, ins, s.start, None, count, n, status=False))
            rows.append(cells)
    elif shape == "marks":
        insurances = ["pension", "injury", "unemployment"]
        labels = ["序号", rng.choice(NAME_LABELS), id_label]
        labels += [INSURANCE_NAMES[i][-1] if i != "pension" else "基本养老保险"
                   for i in insurances]
        for m in members:
            n = len(rows) + 1
            cells = [str(n), m.name, m.id_number]
            for ins in insurances:
                cells.append("√" if ins in m.stretches else "")
                if ins in m.stretches:
                    truth.append(who(m, ins, None, None, None, n, status=False))
            # the marks say "insured" (active), read as the insurance's status
            rows.append(cells)
        for t in truth:
            t.status, t.status_text = "active", "√"
    else:  # person
        labels = ["序号", rng.choice(NAME_LABELS), id_label, rng.choice(PERIOD_ONE),
                  rng.choice(MONTHS)]
        for m in members:
            for s in m.stretches["pension"]:
                n = len(rows) + 1
                count = months_between(s.start, s.end or as_of)
                end_t = _fmt_month(s.end, mstyle) if s.end else ""
                rows.append([str(n), m.name, m.id_number,
                             f"{_fmt_month(s.start, mstyle)}-{end_t}", str(count)])
                truth.append(who(m, None, s.start, s.end, count, n, status=False))
    return company, printed, shape, labels, rows, groups, truth


def _title(rng: random.Random, company: str) -> str:
    return f"{company}参保人员名单" if rng.random() < 0.5 else "单位参保证明"


def render_pdf(rng: random.Random, path: Path, **options) -> Rendered:
    company, printed, _, labels, rows, groups, truth = build(rng, **options)
    title = _title(rng, company)
    wide = len(labels) > 7
    size = LANDSCAPE if wide else PORTRAIT
    pdf = Pdf(path, size, watermark=watermark_mode(rng, options), title=title)
    left = 30.0
    widths = [24.0] + [(size[0] - 2 * left - 24) / (len(labels) - 1)] * (len(labels) - 1)
    grouped_cols = {c for _, c0, _, span, _ in groups for c in range(c0, c0 + span)}
    head = [Head(t, c, 1 if c in grouped_cols else 0, 1, 1 if c in grouped_cols or not groups
                 else 2) for c, t in enumerate(labels)]
    head += [Head(text, c0, 0, span, 1) for _, c0, _, span, text in groups]
    grid = Grid(pdf, left, widths, head, head_rows=2 if groups else 1, head_row_h=20,
                row_h=16, size=7.5)
    per_page = int((size[1] - 85 - grid.head_height() - 60) // grid.row_h)
    chunks = [rows[i:i + per_page] for i in range(0, len(rows), per_page)]
    for p, chunk in enumerate(chunks, start=1):
        pdf.begin_page()
        if p == 1:
            pdf.text(size[0] / 2, 50, title, size=15, align="center", bold=True)
            pdf.text(left, 75, f"单位名称：{company}", size=9)
            pdf.text(size[0] - left, 75, f"打印日期：{printed}", size=9, align="right")
        y = grid.draw_head(85 if p == 1 else 50)
        for cells in chunk:
            y = grid.draw_row(y, cells, height=grid.row_h)
        if p == len(chunks):
            pdf.text(left, y + 20, "（本名单由单位经办人打印，仅供核对）", size=8)
        pdf.text(size[0] / 2, size[1] - 25, f"第{p}页 共{len(chunks)}页", size=8, align="center")
        pdf.end_page()
    pdf.save()
    out = Rendered(kind="insured_list", pages=len(chunks))
    for t in truth:  # rows are numbered on their page
        t.page, t.row = (t.row - 1) // per_page + 1, (t.row - 1) % per_page + 1
    out.insured = truth
    return out


def render_docx(rng: random.Random, path: Path, **options) -> Rendered:
    from docx import Document
    from docx.shared import Pt

    company, printed, _, labels, rows, groups, truth = build(rng, **options)
    title = _title(rng, company)
    doc = Document()
    doc.add_paragraph().add_run(title).font.size = Pt(16)
    doc.add_paragraph(f"单位名称：{company}    打印日期：{printed}")
    head_rows = 2 if groups else 1
    table = doc.add_table(rows=head_rows + len(rows), cols=len(labels))
    table.style = "Table Grid"
    grouped_cols = {c for _, c0, _, span, _ in groups for c in range(c0, c0 + span)}
    for c, text in enumerate(labels):
        if c in grouped_cols:
            table.cell(1, c).text = text
        elif groups:
            table.cell(0, c).merge(table.cell(1, c)).text = text
        else:
            table.cell(0, c).text = text
    for _, c0, _, span, text in groups:
        table.cell(0, c0).merge(table.cell(0, c0 + span - 1)).text = text
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(head_rows + r, c).text = text
    doc.core_properties.author = "shebao.samples (测试样本)"
    doc.save(path)
    normalize_zip(path)
    out = Rendered(kind="insured_list", pages=1)
    out.insured = truth
    return out
