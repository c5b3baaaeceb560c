"""L2 - recent-N-months certificate with status block (Zhejiang / Jiangsu), formats.md §6 L2.

Two variants (option ``variant``, random when not given):

* ``zhejiang``: title ``浙江省社会保险参保证明（个人专用）``; QR top-right with
  ``共N页，第N页`` under it; info grid (姓名, 社会保障号, 证件类型, 证件号码, 性别, 参保地);
  参加社会保险基本情况 (险种 x 参保状态) and 参保单位 ``名称（统一社会信用代码）``; section bar
  ``出具证明前24个月缴费情况（YYYY年MM月-YYYY年MM月）`` (``（续）`` on later pages); table
  年 | 月 | 单位编号 | 养老保险{参保地, 缴费基数(元), 个人缴费(元), 缴费状况} | 失业保险{…} | 备注;
  bases as whole numbers; 24 rows a page padded with empty ruled rows; notes, （盖章） and
  打印时间 on every page.
* ``jiangsu``: two-line title ``江苏省社会保险权益记录单`` / ``（参保人员）``; section bar
  ``出具证明前N个月缴费情况（YYYYMM-YYYYMM）``; table 年 | 月 | 单位全称 (long names wrap) |
  养老保险{缴费基数（元）, 个人缴费（元）} | 失业保险{…} | 工伤保险{缴费基数（元）} | 备注;
  amounts ``%.2f``.

Truth: the months of the window, each shown. Zhejiang: pension + unemployment (base, personal;
employer amount not shown), ``employer_code`` from the row, ``employer`` ``None`` (the code is
not resolved anywhere on the page). Jiangsu: pension + unemployment (base, personal) and injury
(base only), ``employer`` = 单位全称. Status words: 已到账 -> paid, 补缴 -> back_paid,
欠缴 -> arrears, 未缴费 (blank amounts) -> unpaid.
"""

from __future__ import annotations

import random
from pathlib import Path

from shebao.samples.history import MonthFact
from shebao.samples.layouts.common import Rendered, history_for, print_date, watermark_mode
from shebao.samples.pdf import VERIFY_URL, Grid, Head, Pdf, whole, yuan

from shebao.records import Contribution, Person

ROWS = 24
LEFT = 32.0
WORD = {"paid": "已到账", "back_paid": "补缴", "arrears": "欠缴", "unpaid": "未缴费",
        "refunded": "退账"}


def _status(fact: MonthFact) -> str:
    if not fact.declared:
        return "unpaid"
    return fact.status


def render(rng: random.Random, path: Path, **options) -> Rendered:
    variant = options.get("variant") or rng.choice(("zhejiang", "jiangsu"))
    history = history_for(rng, options, city="hangzhou" if variant == "zhejiang" else "suzhou",
                          months=36)
    window = int(options.get("window") or rng.choice((24, 24, 48)))
    facts = history.months[-window:]
    if options.get("newest_first", variant == "zhejiang" and rng.random() < 0.3):
        facts = list(reversed(facts))
    pages = [facts[i:i + ROWS] for i in range(0, len(facts), ROWS)]
    printed = print_date(rng, history)
    code = "".join(rng.choice("0123456789ABCDEF") for _ in range(16))
    pdf = Pdf(path, watermark=watermark_mode(rng, options), font=options.get("font") or "serif")
    worker = history.worker
    out = Rendered(kind="statement", history=history, pages=len(pages),
                   person=Person(name=worker.name, id_number=worker.id_number,
                                 social_security_number=worker.id_number,
                                 insured_place=history.city.name))
    span = sorted((facts[0].month, facts[-1].month))
    last = history.last_employer
    current = history.months[-1]
    state = "参保缴费" if current.declared and current.status != "arrears" else "暂停缴费"
    for p, rows in enumerate(pages, start=1):
        pdf.begin_page()
        if variant == "zhejiang":
            y = _zhejiang_top(pdf, history, p, len(pages), span, state, last)
            grid = _zhejiang_grid(pdf)
        else:
            y = _jiangsu_top(pdf, history, p, len(pages), span, state, last)
            grid = _jiangsu_grid(pdf)
        y = grid.draw_head(y)
        for r, fact in enumerate(rows, start=1):
            status = _status(fact)
            cells = (_zhejiang_cells(fact, status, history) if variant == "zhejiang"
                     else _jiangsu_cells(fact, status))
            y = grid.draw_row(y, cells, height=None if variant == "jiangsu" else grid.row_h)
            shown = (("pension", "unemployment") if variant == "zhejiang"
                     else ("pension", "unemployment", "injury"))
            for ins in shown:
                if status == "unpaid":
                    out.contributions.append(Contribution(month=fact.month, insurance=ins,
                                                          status="unpaid", page=p, row=r))
                    continue
                out.contributions.append(Contribution(
                    month=fact.month, insurance=ins, base=fact.base,
                    personal_amount=None if ins == "injury" else fact.amounts[ins][1],
                    employer=fact.employer.name if variant == "jiangsu" else None,
                    employer_code=fact.employer.code if variant == "zhejiang" else None,
                    status=status, page=p, row=r))
        for _ in range(ROWS - len(rows)):  # padded empty ruled rows
            y = grid.draw_row(y, [""] * len(grid.widths), height=grid.row_h)
        _notes(pdf, variant, y + 12, code, printed)
        pdf.end_page()
    pdf.save()
    return out


def _zhejiang_top(pdf: Pdf, history, page: int, total: int, span, state, last) -> float:
    worker = history.worker
    pdf.qr_box(pdf.width - LEFT - 50, 20, 50)
    pdf.text(pdf.width - LEFT, 84, f"共{total}页，第{page}页", size=8, align="right")
    pdf.text(pdf.width / 2, 58, "浙江省社会保险参保证明（个人专用）", size=17, align="center",
             bold=True)
    w = pdf.width - 2 * LEFT
    info = Grid(pdf, LEFT, [60, 110, 60, 120, 60, w - 410], [], head_rows=0, row_h=16, size=8,
                aligns=["center", "left"] * 3)
    y = info.draw_row(92, ["姓名", worker.name, "社会保障号", worker.id_number, "证件类型",
                           "居民身份证"])
    y = info.draw_row(y, ["证件号码", worker.id_number, "性别", "女" if worker.female else "男",
                          "参保地", history.city.name])
    y += 6
    pdf.text(LEFT, y + 9, "参加社会保险基本情况", size=8.5, bold=True)
    basic = Grid(pdf, LEFT, [90, (w - 90) / 3, (w - 90) / 3, (w - 90) / 3], [], head_rows=0,
                 row_h=15, size=8)
    y = basic.draw_row(y + 13, ["险　　种", "养老保险", "工伤保险", "失业保险"])
    y = basic.draw_row(y, ["参保状态", state, state, state])
    unit = f"{last.name}（{last.credit_code}）" if last else ""
    y = Grid(pdf, LEFT, [90, w - 90], [], head_rows=0, row_h=15, size=8,
             aligns=["center", "left"]).draw_row(y, ["参保单位", unit])
    a, b = span
    bar = (f"出具证明前{_window_len(history, span)}个月缴费情况（{a[:4]}年{a[5:]}月-"
           f"{b[:4]}年{b[5:]}月）" + ("（续）" if page > 1 else ""))
    pdf.rect(LEFT, y + 6, w, 15, fill_gray=0.9)
    pdf.text(pdf.width / 2, y + 17, bar, size=8.5, align="center")
    return y + 21


def _window_len(history, span: tuple[str, str]) -> int:
    return sum(1 for f in history.months if span[0] <= f.month <= span[1])


def _zhejiang_grid(pdf: Pdf) -> Grid:
    w = pdf.width - 2 * LEFT
    widths = [30, 20, 44, 44, 44, 44, 40, 44, 44, 44, 40]
    widths.append(w - sum(widths))
    head = [Head("年", 0, 0, 1, 2), Head("月", 1, 0, 1, 2), Head("单位编号", 2, 0, 1, 2),
            Head("养老保险", 3, 0, 4), Head("失业保险", 7, 0, 4), Head("备注", 11, 0, 1, 2)]
    for start in (3, 7):
        head += [Head("参保地", start, 1), Head("缴费基\n数(元)", start + 1, 1),
                 Head("个人缴\n费(元)", start + 2, 1), Head("缴费状况", start + 3, 1)]
    return Grid(pdf, LEFT, widths, head, head_rows=2, head_row_h=17, row_h=14.5, size=7,
                aligns=["center"] * 4 + ["right", "right", "center", "center", "right", "right",
                                         "center", "center"])


def _zhejiang_cells(fact: MonthFact, status: str, history) -> list[str]:
    year, month = fact.month[:4], fact.month[5:]
    if status == "unpaid":
        return [year, month, "", "", "", "", WORD["unpaid"], "", "", "", WORD["unpaid"], ""]
    place = fact.employer.district or f"{history.city.short}本级"
    note = "补缴" if status == "back_paid" else ""
    a = fact.amounts
    return [year, month, fact.employer.code,
            place, whole(fact.base), yuan(a["pension"][1]), WORD[status],
            place, whole(fact.base), yuan(a["unemployment"][1]), WORD[status], note]


def _jiangsu_top(pdf: Pdf, history, page: int, total: int, span, state, last) -> float:
    worker = history.worker
    pdf.qr_box(pdf.width - LEFT - 80, 14, 50, caption="请使用官方江苏智慧人社APP扫描验证")
    pdf.text(pdf.width / 2, 46, "江苏省社会保险权益记录单", size=17, align="center", bold=True)
    pdf.text(pdf.width / 2, 66, "（参保人员）", size=12, align="center")
    w = pdf.width - 2 * LEFT
    info = Grid(pdf, LEFT, [50, 90, 130, 130, 40, w - 440], [], head_rows=0, row_h=16,
                size=8, aligns=["center", "left"] * 3)
    y = info.draw_row(86, ["姓名", worker.name, "公民身份号码（社会保障号）", worker.id_number,
                           "性别", "女" if worker.female else "男"])
    pdf.text(pdf.width - LEFT, y + 12, f"共{total}页，第{page}页", size=8, align="right")
    y += 18
    pdf.text(LEFT, y + 9, "参加社会保险基本情况", size=8.5, bold=True)
    basic = Grid(pdf, LEFT, [90, (w - 90) / 3, (w - 90) / 3, (w - 90) / 3], [], head_rows=0,
                 row_h=15, size=8)
    y = basic.draw_row(y + 13, ["险种", "养老保险", "工伤保险", "失业保险"])
    y = basic.draw_row(y, ["参保状态", state, state, state])
    y = Grid(pdf, LEFT, [90, w - 250, 60, 100], [], head_rows=0, row_h=15, size=8,
             aligns=["center", "left", "center", "left"]).draw_row(
        y, ["现参保单位全称", last.name if last else "", "现参保地", history.city.name])
    a, b = span
    bar = (f"出具证明前{_window_len(history, span)}个月缴费情况（{a.replace('-', '')}-"
           f"{b.replace('-', '')}）")
    pdf.rect(LEFT, y + 6, w, 15, fill_gray=0.9)
    pdf.text(pdf.width / 2, y + 17, bar, size=8.5, align="center")
    return y + 21


def _jiangsu_grid(pdf: Pdf) -> Grid:
    w = pdf.width - 2 * LEFT
    widths = [30, 20, 118, 58, 58, 58, 58, 58]
    widths.append(w - sum(widths))
    head = [Head("年", 0, 0, 1, 2), Head("月", 1, 0, 1, 2), Head("单位全称", 2, 0, 1, 2),
            Head("养老保险", 3, 0, 2), Head("失业保险", 5, 0, 2), Head("工伤保险", 7, 0, 1),
            Head("备注", 8, 0, 1, 2),
            Head("缴费基数\n（元）", 3, 1), Head("个人缴费\n（元）", 4, 1),
            Head("缴费基数\n（元）", 5, 1), Head("个人缴费\n（元）", 6, 1),
            Head("缴费基数\n（元）", 7, 1)]
    return Grid(pdf, LEFT, widths, head, head_rows=2, head_row_h=18, row_h=14.5, size=7,
                aligns=["center", "center", "left", "right", "right", "right", "right",
                        "right", "center"])


def _jiangsu_cells(fact: MonthFact, status: str) -> list[str]:
    year, month = fact.month[:4], fact.month[5:]
    if status == "unpaid":
        return [year, month, "", "", "", "", "", "", WORD["unpaid"]]
    a = fact.amounts
    note = {"back_paid": "补缴", "arrears": "欠缴", "refunded": "退账"}.get(status, "")
    return [year, month, fact.employer.name, yuan(fact.base), yuan(a["pension"][1]),
            yuan(fact.base), yuan(a["unemployment"][1]), yuan(fact.base), note]


def _notes(pdf: Pdf, variant: str, y: float, code: str, printed: str) -> None:
    if variant == "zhejiang":
        notes = ("备注：1. 本证明已加盖电子印章，与纸质证明具有同等效力。",
                 f"2. 自打印之日起三个月内，可登录 {VERIFY_URL} 凭授权码 {code} 在线核验。",
                 "3. 本证明最多显示出具证明前48个月的缴费情况。",
                 "4. 请妥善保管本证明，防止个人信息泄露。")
    else:
        notes = ("说明：1. 本记录单反映打印时的参保情况。",
                 "2. 本记录单已签具电子印章，不再加盖鲜章。",
                 f"3. 有效期六个月，可扫描二维码或登录 {VERIFY_URL} 验证（验证码 {code}）。")
    for note in notes:
        pdf.text(LEFT, y, note, size=7.5)
        y += 11
    pdf.text(pdf.width - LEFT - 150, y + 8, "（盖章）", size=8)
    pdf.text(pdf.width - LEFT - 150, y + 22, f"打印时间：{printed}", size=8)
    pdf.seal_box(pdf.width - LEFT - 70, y - 20, 56)


def render_docx(rng: random.Random, path: Path, **options) -> Rendered:
    """``L2-docx`` (extra): the same certificate as a Word file, as agencies and employers
    hand it over: title paragraphs, the info grid and 参加社会保险基本情况 as tables, the
    window as one table with its two-level header in merged cells (``gridSpan`` over the
    insurance, ``vMerge`` down 年 / 月 / 备注; both rows marked to repeat on each page), the
    notes, and a small red seal picture (too small to be a page: the reader leaves it alone).
    One Word file is one page to the reader: truth rows are the window's months in order
    (``page`` 1, ``row`` 1..n)."""
    import io

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt
    from PIL import Image, ImageDraw
    from shebao.samples.layouts.l6_payroll import normalize_zip

    variant = options.get("variant") or rng.choice(("zhejiang", "jiangsu"))
    history = history_for(rng, options, city="hangzhou" if variant == "zhejiang" else "suzhou",
                          months=36)
    window = int(options.get("window") or 24)
    facts = history.months[-window:]
    printed = print_date(rng, history)
    code = "".join(rng.choice("0123456789ABCDEF") for _ in range(16))
    worker = history.worker
    out = Rendered(kind="statement", history=history, pages=1,
                   person=Person(name=worker.name, id_number=worker.id_number,
                                 social_security_number=worker.id_number,
                                 insured_place=history.city.name))
    doc = Document()
    title = ("浙江省社会保险参保证明（个人专用）" if variant == "zhejiang"
             else "江苏省社会保险权益记录单（参保人员）")
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(title)
    run.bold, run.font.size = True, Pt(16)

    def table(rows: list[list[str]]):
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
        return t

    sex = "女" if worker.female else "男"
    table([["姓名", worker.name, "社会保障号", worker.id_number],
           ["证件号码", worker.id_number, "性别", sex],
           ["参保地", history.city.name, "证件类型", "居民身份证"]])
    current = history.months[-1]
    state = "参保缴费" if current.declared and current.status != "arrears" else "暂停缴费"
    doc.add_paragraph("参加社会保险基本情况")
    last = history.last_employer
    table([["险种", "养老保险", "工伤保险", "失业保险"], ["参保状态", state, state, state],
           ["参保单位", f"{last.name}（{last.credit_code}）" if last else "", "", ""]])
    a, b = facts[0].month, facts[-1].month
    doc.add_paragraph(f"出具证明前{len(facts)}个月缴费情况（{a[:4]}年{a[5:]}月-"
                      f"{b[:4]}年{b[5:]}月）")
    head1 = ["年", "月", "单位名称", "养老保险", "", "", "失业保险", "", "", "备注"]
    head2 = ["", "", "", "缴费基数（元）", "个人缴费（元）", "缴费状况", "缴费基数（元）",
             "个人缴费（元）", "缴费状况", ""]
    rows = [head1, head2]
    for r, fact in enumerate(facts, start=1):
        status = _status(fact)
        year, month = fact.month[:4], fact.month[5:]
        if status == "unpaid":
            rows.append([year, month, "", "", "", WORD["unpaid"], "", "", WORD["unpaid"], ""])
        else:
            p, u = fact.amounts["pension"][1], fact.amounts["unemployment"][1]
            rows.append([year, month, fact.employer.name, yuan(fact.base), yuan(p),
                         WORD[status], yuan(fact.base), yuan(u), WORD[status],
                         "补缴" if status == "back_paid" else ""])
        for ins in ("pension", "unemployment"):
            if status == "unpaid":
                out.contributions.append(Contribution(month=fact.month, insurance=ins,
                                                      status="unpaid", page=1, row=r))
                continue
            out.contributions.append(Contribution(
                month=fact.month, insurance=ins, base=fact.base,
                personal_amount=fact.amounts[ins][1], employer=fact.employer.name,
                status=status, page=1, row=r))
    t = table(rows)
    for head_row in t.rows[:2]:  # repeated at the top of every page, as Word offers
        head_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    t.cell(0, 3).merge(t.cell(0, 5))
    t.cell(0, 6).merge(t.cell(0, 8))
    for c in (0, 1, 2, 9):
        t.cell(0, c).merge(t.cell(1, c))
    t.cell(0, 3).text, t.cell(0, 6).text = "养老保险", "失业保险"
    for c, text in ((0, "年"), (1, "月"), (2, "单位名称"), (9, "备注")):
        t.cell(0, c).text = text
    for note in ("备注：1. 本证明已加盖电子印章，与纸质证明具有同等效力。",
                 f"2. 自打印之日起三个月内，可凭授权码 {code} 在线核验。",
                 "3. 本证明为测试样本，人物均为虚构。"):
        doc.add_paragraph(note).runs[0].font.size = Pt(9)
    seal = Image.new("RGB", (240, 240), "white")
    draw = ImageDraw.Draw(seal)
    draw.ellipse((8, 8, 232, 232), outline=(200, 20, 20), width=10)
    draw.regular_polygon((120, 120, 40), 5, fill=(200, 20, 20))
    buf = io.BytesIO()
    seal.save(buf, "PNG")
    buf.seek(0)
    para = doc.add_paragraph("（盖章）")
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para.add_run().add_picture(buf, width=Cm(3))
    doc.add_paragraph(f"打印时间：{printed}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.core_properties.author = "shebao.samples (测试样本)"
    doc.save(path)
    normalize_zip(path)
    return out
