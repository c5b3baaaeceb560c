"""Look-alikes of real statements that nobody on this project made (formats.md §7.1), drawn
here with fictitious people, each returned with the records a careful reader takes from it.

* :func:`chengdu` - 城镇职工养老保险缴费明细: 序号 | 缴费年月 | 单位编码 | 缴费基数 | 单位缴纳 over
  比例 | 金额 | 个人缴纳 over 比例 | 金额 | 征收机构 | 实收时间; rates printed as 0.16 / 0.08;
  newest first; a base top-up as a second row of the same month; a 合计 row; a footnote maps
  单位编码 to the company; the person line ``社会保障号码(身份证号) : …`` (space before colon).
* :func:`zhejiang` - 社会保险参保证明（个人专用）: 年月 | 单位编号 | 养老保险 / 医疗保险 / 失业保险
  over 缴费基数 | 个人缴费 | 缴费状态 | 备注; months before coverage printed ``/`` with 备注
  未参保; the latest month 未到帐; ``社会保障号：`` holding the 18-digit ID number.
* :func:`browser_print` - a certificate printed to PDF from a browser: the page is one image,
  the text layer holds only the browser's header (date, title) and footer (file URL, 1/1).

Nothing here knows the reader; the expected records are written from what is drawn.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from shebao.samples.identity import company_name, fake_id_number, person_name
from shebao.samples.pdf import Grid, Head, Pdf

from shebao.records import Contribution, Person


@dataclass
class LookAlike:
    path: Path
    person: Person
    contributions: list[Contribution]
    employers: dict[str, str] = field(default_factory=dict)


def _months(start: tuple[int, int], n: int) -> list[str]:
    y, m = start
    out = []
    for _ in range(n):
        out.append(f"{y}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def _watermark(pdf: Pdf, text: str) -> None:
    """A diagonal light watermark of the issuer's own words (not the generator's)."""
    c = pdf.c
    c.saveState()
    c.setFillGray(0.8)
    c.translate(pdf.width / 2, pdf.height / 2)
    c.rotate(30)
    c.setFont(pdf.font, 28)
    c.drawCentredString(0, 0, text)
    c.restoreState()


def chengdu(path: Path, seed: int = 1, months: int = 20, ruled: bool = True) -> LookAlike:
    from datetime import date

    rng = random.Random(seed)
    name = person_name(rng)
    id_number = fake_id_number(rng, "510107", date(1988, 3, 15), female=False)
    ssn = "5101" + "".join(rng.choice("0123456789") for _ in range(10))
    code = "".join(rng.choice("0123456789") for _ in range(8))
    company = company_name(rng, "成都市")
    ms = _months((2022, 5), months)
    base = 4071.0
    rows: list[tuple[str, float, str]] = []  # (month, base, paid_on)
    for k, m in enumerate(ms):
        if k and m.endswith("-07"):
            base = round(base * 1.06)
        y, mm = int(m[:4]), int(m[5:])
        nxt = (y + (mm == 12), mm % 12 + 1)
        rows.append((m, float(base), f"{nxt[0]}-{nxt[1]:02d}-{rng.randint(5, 25):02d}"))
    # a base top-up paid months later: a second row of one month with a small base
    top_month = ms[len(ms) // 2]
    rows.append((top_month, 294.0, "2024-03-18"))
    rows.sort(key=lambda r: (r[0], r[2]), reverse=True)  # newest first
    pdf = Pdf(path, title="缴费明细")
    pdf.begin_page = lambda: None  # (no generator watermark: the issuer's own is drawn)
    _watermark(pdf, "仅供查询使用")
    if not ruled:  # JasperReports prints without cell borders
        pdf.rect = lambda *a, **k: None
    pdf.text(pdf.width / 2, 50, "成都市城镇职工基本养老保险缴费明细", size=15, align="center")
    pdf.text(40, 80, f"姓名：{name}", size=9)
    pdf.text(170, 80, f"社会保障号码(身份证号) : {id_number}", size=9)
    pdf.text(420, 80, f"社保个人编码：{ssn}", size=9)
    widths = [26, 48, 56, 56, 36, 52, 36, 52, 70, 64]
    head = [Head("序号", 0, 0, 1, 2), Head("缴费年月", 1, 0, 1, 2), Head("单位编码", 2, 0, 1, 2),
            Head("缴费基数", 3, 0, 1, 2), Head("单位缴纳", 4, 0, 2), Head("个人缴纳", 6, 0, 2),
            Head("征收机构", 8, 0, 1, 2), Head("实收时间", 9, 0, 1, 2),
            Head("比例", 4, 1), Head("金额", 5, 1), Head("比例", 6, 1), Head("金额", 7, 1)]
    grid = Grid(pdf, 36, widths, head, head_rows=2, head_row_h=15, row_h=14, size=7.5)
    y = grid.draw_head(96)
    out: list[Contribution] = []
    emp_sum = per_sum = 0.0
    for r, (m, b, paid_on) in enumerate(rows, start=1):
        emp, per = round(b * 0.16, 2), round(b * 0.08, 2)
        emp_sum += emp
        per_sum += per
        cells = [str(r), m.replace("-", ""), code, f"{b:.2f}", "0.16", f"{emp:.2f}", "0.08",
                 f"{per:.2f}", "武侯区税务局", paid_on]
        y = grid.draw_row(y, cells)
        out.append(Contribution(month=m, insurance="pension", base=b, employer_amount=emp,
                                personal_amount=per, employer=company, employer_code=code,
                                status="paid", paid_on=paid_on, page=1, row=r))
    grid.draw_row(y, ["合计", "", "", "", "", f"{emp_sum:.2f}", "", f"{per_sum:.2f}", "", ""])
    pdf.text(40, y + 34, f"注：单位编码 {code}：{company}", size=8)
    pdf.text(pdf.width / 2, pdf.height - 30, "第1页 共1页", size=8, align="center")
    pdf.c.showPage()
    pdf.c.save()
    person = Person(name=name, id_number=id_number, social_security_number=ssn,
                    insured_place="成都市")
    return LookAlike(path, person, out, {code: company})


def zhejiang(path: Path, seed: int = 2, uninsured: int = 6, months: int = 18) -> LookAlike:
    from datetime import date

    rng = random.Random(seed)
    name = person_name(rng)
    id_number = fake_id_number(rng, "330106", date(1991, 7, 22), female=True)
    code = "".join(rng.choice("0123456789") for _ in range(10))
    ms = _months((2023, 1), uninsured + months)
    pdf = Pdf(path, title="参保证明")
    pdf.begin_page = lambda: None
    _watermark(pdf, "打印专用")
    pdf.text(pdf.width / 2, 50, "浙江省社会保险参保证明（个人专用）", size=15, align="center")
    pdf.text(40, 80, f"姓名：{name}", size=9)
    pdf.text(200, 80, f"社会保障号：{id_number}", size=9)
    widths = [44, 52, 46, 44, 46, 44, 46, 44, 40, 50]
    head = [Head("年月", 0, 0, 1, 2), Head("单位编号", 1, 0, 1, 2), Head("养老保险", 2, 0, 2),
            Head("医疗保险", 4, 0, 2), Head("失业保险", 6, 0, 2), Head("缴费状态", 8, 0, 1, 2),
            Head("备注", 9, 0, 1, 2)]
    for start in (2, 4, 6):
        head += [Head("缴费基数", start, 1), Head("个人缴费", start + 1, 1)]
    grid = Grid(pdf, 36, widths, head, head_rows=2, head_row_h=15, row_h=14, size=7.5)
    y = grid.draw_head(96)
    rates = {"pension": 0.08, "medical": 0.02, "unemployment": 0.005}
    out: list[Contribution] = []
    base = 4462.0
    for r, m in enumerate(ms, start=1):
        ym = m.replace("-", "")
        if r <= uninsured:
            cells = [ym, "/", "/", "/", "/", "/", "/", "/", "/", "未参保"]
            for ins in rates:
                out.append(Contribution(month=m, insurance=ins, status="not_insured", page=1,
                                        row=r))
        else:
            last = r == len(ms)
            amounts = {ins: round(base * rate, 2) for ins, rate in rates.items()}
            cells = [ym, code]
            for ins in rates:
                cells += [f"{base:.0f}", f"{amounts[ins]:.2f}"]
            cells += ["未到帐" if last else "已实缴", "正常"]
            for ins in rates:
                out.append(Contribution(month=m, insurance=ins, base=base,
                                        personal_amount=amounts[ins], employer_code=code,
                                        status="pending" if last else "paid", page=1, row=r))
        y = grid.draw_row(y, cells)
    pdf.text(40, y + 20, "说明：最近1-3个月显示未到帐属正常情况。", size=8)
    pdf.c.showPage()
    pdf.c.save()
    person = Person(name=name, id_number=id_number, social_security_number=id_number,
                    insured_place="浙江省")
    return LookAlike(path, person, out)


def browser_print(path: Path, image: Path) -> Path:
    """``image`` (a photo or rendering of a statement) as the whole page of a PDF, with the
    browser's header and footer as the only text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    from shebao.samples.pdf import register_font

    font = register_font()
    w, h = A4
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(str(image), 0, 0, width=w, height=h)
    c.setFont(font, 7)
    c.drawString(20, h - 14, "2026/12/5 14:03")
    c.drawCentredString(w / 2, h - 14, "社会保险参保证明")
    c.drawString(20, 10, "file:///C:/Users/admin/Downloads/cbzm.html")
    c.drawRightString(w - 20, 10, "1/1")
    c.showPage()
    c.save()
    return path


def render_png(pdf_path: Path, png_path: Path, dpi: int = 150) -> Path:
    """Page 1 of ``pdf_path`` as a PNG (pypdfium2, as the OCR intake renders PDFs)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        doc[0].render(scale=dpi / 72).to_pil().save(png_path)
    finally:
        doc.close()
    return png_path
