"""A stand-in statement page for OCR tests: a born-digital PDF drawn with reportlab, plus the
truth (every cell string) it prints.

The statement generator of :mod:`shebao.samples` is the real source of sample documents; this
page exists so that OCR intake can be tested on its own, with a known table, before and
independently of the generator's layouts. It mimics layout L4 of formats.md §6 (long format,
month × 险种, status words) because that layout carries the audit-critical words (缴, 账).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from shebao.fonts import cjk_font

HEADER = ["费款所属期", "险种类型", "缴费基数", "单位应缴", "个人应缴", "缴费标志", "缴费类型"]
COL_X = [40, 118, 205, 280, 350, 420, 490]  # left edges in points
INSURANCES = [("养老保险", 0.16, 0.08), ("失业保险", 0.007, 0.003), ("工伤保险", 0.004, 0.0)]


@dataclass(frozen=True)
class TestPage:
    pdf: Path
    title: str
    rows: list[list[str]]  # each row: the cell strings in HEADER order

    @property
    def cells(self) -> list[str]:
        return [cell for row in self.rows for cell in row if cell]


def _font() -> str:
    name = "TestPageSans"
    if name not in pdfmetrics.getRegisteredFontNames():
        font = cjk_font("sans")
        pdfmetrics.registerFont(TTFont(name, str(font.path), subfontIndex=font.subfont))
    return name


def statement_rows(start_year: int = 2019, months: int = 8) -> list[list[str]]:
    rows: list[list[str]] = []
    base = 4492
    for i in range(months):
        year, month = start_year + (i // 12), 1 + i % 12
        for name, employer_rate, personal_rate in INSURANCES:
            back_paid = i in (3, 4)
            flag = "未到账" if i == months - 1 else "已到账"
            rows.append([
                f"{year}{month:02d}",
                name,
                f"{base:,.2f}",
                f"{base * employer_rate:.2f}",
                f"{base * personal_rate:.2f}",
                flag,
                "补缴" if back_paid else "正常应缴",
            ])
        if i == 5:
            base = 5120
    return rows


def draw_statement(out: Path, rows: list[list[str]] | None = None) -> TestPage:
    """Draw an A4 statement page with a ruled table; returns the page and its truth."""
    rows = rows if rows is not None else statement_rows()
    title = "湖南省社会保险个人缴费明细（测试样本）"
    font = _font()
    c = canvas.Canvas(str(out), pagesize=A4)
    width, height = A4
    c.setFont(font, 16)
    c.drawCentredString(width / 2, height - 60, title)
    c.setFont(font, 10)
    c.drawString(40, height - 90,
                 "姓名：张测试    身份证号码：430102198001011234    单位：长沙某某电子有限公司")
    top = height - 120
    row_h = 20
    c.setFont(font, 9.5)
    for j, label in enumerate(HEADER):
        c.drawString(COL_X[j] + 3, top - 14, label)
    for i, row in enumerate(rows):
        y = top - row_h * (i + 1) - 14
        for j, cell in enumerate(row):
            c.drawString(COL_X[j] + 3, y, cell)
    right = 560
    bottom = top - row_h * (len(rows) + 1)
    for i in range(len(rows) + 2):
        c.line(COL_X[0], top - row_h * i, right, top - row_h * i)
    for x in [*COL_X, right]:
        c.line(x, top, x, bottom)
    c.setFont(font, 9)
    c.drawString(40, bottom - 24, "打印日期：2026-07-01    第1页,共1页")
    c.showPage()
    c.save()
    return TestPage(out, title, rows)
