"""Single pay slips as label : value pairs (formats.md §3.1, §7.3), composed at random.

A printed slip, the same photographed (``shebao samples photo``), or as a Word file: the
company and ``YYYY年M月工资条`` title (or a 发放月份 line), 姓名 / 工号, then the items down the
page - earnings (any names), 应发, deductions (social insurance, tax, factory deductions with
printed 0.00), 实发 - one or two pairs a line, with or without a colon, sometimes under section
lines (应发项目 / 扣款项目) and with a 考勤 block of day counts that are not money. One slip per
page; several pages are the same worker's slips of consecutive months. Word lists are those of
:mod:`.open_paysheet` (kept apart from the reader's vocabulary).

Renderers: ``slip-pdf`` and ``slip-docx`` (paragraphs, or a two/four-column table).
Options: ``months`` (slips, default 1-3), ``two_a_line``, ``sections``.

Truth: one payslip per page (``row`` 1), with ``earnings`` and ``other_deductions`` by printed
label, ``employer`` the company, ``employee_name`` / ``employee_id`` as printed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from shebao.samples import identity
from shebao.samples.layouts.common import Rendered, watermark_mode
from shebao.samples.layouts.l6_payroll import normalize_zip
from shebao.samples.layouts.open_paysheet import (
    EARNINGS,
    FACTORY,
    FACTORY_VALUES,
    GROSS,
    NAMED,
    NET,
    RATES,
)
from shebao.samples.pdf import PORTRAIT, Pdf, yuan

from shebao.records import Deductions, Payslip, Person

ATTENDANCE_ITEMS = ("应出勤天数", "实际出勤天数", "事假天数", "加班小时")


@dataclass
class Slip:
    company: str
    month: str
    name: str
    staff: str | None
    earnings: list[tuple[str, float]]
    gross_label: str
    named: list[tuple[str, str, float]]  # (field, label, amount)
    others: list[tuple[str, float]]
    net_label: str

    @property
    def gross(self) -> float:
        return round(sum(v for _, v in self.earnings), 2)

    @property
    def net(self) -> float:
        return round(self.gross - sum(v for _, _, v in self.named)
                     - sum(v for _, v in self.others), 2)

    def truth(self, page: int) -> Payslip:
        return Payslip(
            month=self.month, employer=self.company, employee_name=self.name,
            employee_id=self.staff, gross_pay=self.gross, net_pay=self.net,
            deductions=Deductions(**{f: v for f, _, v in self.named},
                                  other=round(sum(v for _, v in self.others), 2)
                                  if self.others else None),
            earnings=dict(self.earnings), other_deductions=dict(self.others),
            page=page, row=1)


def build_slips(rng: random.Random, **options) -> list[Slip]:
    company = identity.company_name(rng, rng.choice(("广州市", "东莞市", "佛山市", "杭州市")))
    name = identity.person_name(rng)
    staff = f"{rng.choice(('A', 'E', ''))}{rng.randint(1000, 9999)}" if rng.random() < 0.6 \
        else None
    items = ["基本工资", *rng.sample([e for e in EARNINGS if e != "基本工资"], rng.randint(1, 5))]
    named = rng.sample(list(NAMED), rng.randint(2, 5))
    named.sort(key=list(NAMED).index)
    labels = {f: rng.choice(NAMED[f][0]) for f in named}
    others = rng.sample(FACTORY, rng.randint(0, 3))
    gross_label, net_label = rng.choice(GROSS), rng.choice(NET)
    base = float(rng.randint(2300, 7000))
    y, m = rng.randint(2023, 2025), rng.randint(1, 10)
    out = []
    for k in range(int(options.get("months") or rng.randint(1, 3))):
        month = f"{y + (m - 1 + k) // 12}-{(m - 1 + k) % 12 + 1:02d}"
        earnings = [(e, base if e == "基本工资" else rng.choice(
            (0.0, float(rng.randint(1, 9) * 50), round(rng.uniform(30, 1200), 2)))) for e in items]
        tax = round(rng.choice((0.0, rng.uniform(3, 90))), 2)
        out.append(Slip(
            company, month, name, staff, earnings, gross_label,
            [(f, labels[f], tax if f == "income_tax" else round(base * RATES[f], 2))
             for f in named],
            [(o, float(rng.choice(FACTORY_VALUES[o]))) for o in others], net_label))
    return out


def _lines(rng: random.Random, slip: Slip, style: dict) -> list[list[tuple[str, str]]]:
    """The slip's lines, each a list of (label, value) pairs ('' value: a bare line)."""
    month_cn = f"{int(slip.month[:4])}年{int(slip.month[5:])}月"
    lines: list[list[tuple[str, str]]] = [[(slip.company, "")]]
    if style["month_line"]:
        lines += [[("工资条", "")], [("发放月份", month_cn)]]
    else:
        lines += [[(f"{month_cn}工资条", "")]]
    who = [("姓名", slip.name)] + ([("工号", slip.staff)] if slip.staff else [])
    lines += [who] if style["two"] else [[p] for p in who]
    money = [(label, yuan(v, thousands=style["thousands"])) for label, v in slip.earnings]
    ded = [(label, yuan(v)) for _, label, v in slip.named]
    ded += [(label, yuan(v)) for label, v in slip.others]
    blocks: list[list[tuple[str, str]]] = []
    if style["sections"]:
        blocks.append([("应发项目", "")])
    blocks.append(money)
    blocks.append([(slip.gross_label, yuan(slip.gross, thousands=style["thousands"]))])
    if style["sections"]:
        blocks.append([("扣款项目", "")])
    blocks.append(ded)
    blocks.append([(slip.net_label, yuan(slip.net, thousands=style["thousands"]))])
    if style["attendance"]:
        blocks.append([("考勤", "")])
        blocks.append([(a, str(rng.choice((21, 22, 26)) if "天数" in a else rng.randint(0, 40)))
                       for a in rng.sample(ATTENDANCE_ITEMS, 2)])
    for block in blocks:
        step = 2 if style["two"] and block and block[0][1] else 1
        for i in range(0, len(block), step):
            lines.append(block[i:i + step])
    return lines


def _style(rng: random.Random, options: dict) -> dict:
    return {"two": bool(options.get("two_a_line", rng.random() < 0.4)),
            "sections": bool(options.get("sections", rng.random() < 0.5)),
            "colon": rng.random() < 0.6, "thousands": rng.random() < 0.5,
            "month_line": rng.random() < 0.3, "attendance": rng.random() < 0.4}


def render_pdf(rng: random.Random, path: Path, **options) -> Rendered:
    slips = build_slips(rng, **options)
    style = _style(rng, options)
    pdf = Pdf(path, PORTRAIT, watermark=watermark_mode(rng, options), title="工资条")
    out = Rendered(kind="payslip", pages=len(slips), person=Person(name=slips[0].name))
    for p, slip in enumerate(slips, start=1):
        pdf.begin_page()
        y = 70.0
        for k, line in enumerate(_lines(rng, slip, style)):
            if len(line) == 1 and not line[0][1]:
                big = k <= 2 and ("工资条" in line[0][0] or k == 0)
                pdf.text(PORTRAIT[0] / 2 if big else 70, y, line[0][0], size=14 if big else 10.5,
                         align="center" if big else "left", bold=big)
                y += 26 if big else 22
                continue
            for j, (label, value) in enumerate(line):
                x = 70 + j * 240
                if style["colon"]:
                    pdf.text(x, y, f"{label}：{value}", size=10.5)
                else:
                    pdf.text(x, y, label, size=10.5)
                    pdf.text(x + 200, y, value, size=10.5, align="right")
            y += 21
        out.payslips.append(slip.truth(p))
        pdf.end_page()
    pdf.save()
    return out


def render_docx(rng: random.Random, path: Path, **options) -> Rendered:
    from docx import Document
    from docx.shared import Pt

    slips = build_slips(rng, **options)
    style = _style(rng, options)
    as_table = rng.random() < 0.5
    doc = Document()
    out = Rendered(kind="payslip", pages=1, person=Person(name=slips[0].name))
    for n, slip in enumerate(slips):
        if n:
            doc.add_page_break()
        lines = _lines(rng, slip, style)
        pairs = [ln for ln in lines if ln[0][1]]
        for line in lines:
            if line[0][1]:
                break
            run = doc.add_paragraph().add_run(line[0][0])
            run.font.size = Pt(16 if "工资条" in line[0][0] else 11)
        body = lines[lines.index(pairs[0]):] if pairs else []
        if as_table:
            width = max(len(ln) for ln in body) * 2
            table = doc.add_table(rows=len(body), cols=width)
            table.style = "Table Grid"
            for r, line in enumerate(body):
                for j, (label, value) in enumerate(line):
                    table.cell(r, 2 * j).text = label
                    table.cell(r, 2 * j + 1).text = value
        else:
            for line in body:
                sep = "：" if style["colon"] else "  "
                doc.add_paragraph("    ".join(f"{a}{sep}{b}" if b else a for a, b in line))
        # a Word file is one page to the reader: the slips are its rows 1..n
        t = slip.truth(1)
        t.row = n + 1
        out.payslips.append(t)
    doc.core_properties.author = "shebao.samples (测试样本)"
    doc.save(path)
    normalize_zip(path)
    return out
