"""Laying an unseen statement out on PDF pages and numbering its truth by page and row.

:func:`render_pdf` ``(spec, history, rows, path) -> (pages, person, records)`` draws the title,
the person block (page 1: ``label<separator>value`` lines or a ruled label | value grid), the
table with its header (stacked header paths become merged cells) repeated on every page, 合计
/ 小计 rows, the employer code table where drawn (before the table, after it, or as lines),
notes, print date, verification code, agency, seal, watermark and page numbers. Column widths
come from the cells and labels; a table too wide for A4 portrait goes landscape, then to a
smaller type size. Numbers never wrap inside a cell; employer names may.

``records`` are the truth contributions of the data rows with ``page`` and ``row`` (the
printed data row on its page, 合计 / 小计 rows not counted, contract of
:mod:`shebao.records`).
"""

from __future__ import annotations

import random
from pathlib import Path

from shebao.samples.history import CITIES, History, add_months
from shebao.samples.pdf import LANDSCAPE, PORTRAIT, Grid, Head, width, wrap
from shebao.samples.unseen import wording as W
from shebao.samples.unseen.compose import Column, Row, Spec
from shebao.samples.unseen.furniture import FurnishedPdf, ring_radius, seal

from shebao.records import Contribution, Person

PAD = 2.0
MARGIN = 24.0
BOTTOM_MARGIN = 52.0
NAME_CAP = 118.0  # employer names wrap beyond this width


def heads(columns: list[Column]) -> tuple[list[Head], int]:
    """Merged header cells of ``columns``' paths and the number of header rows."""
    depth = max(len(c.path) for c in columns)
    out: list[Head] = []
    n = len(columns)
    for k in range(depth):
        i = 0
        while i < n:
            p = columns[i].path
            if k >= len(p):
                i += 1
                continue
            if k == len(p) - 1:
                out.append(Head(p[k], i, k, 1, depth - k))
                i += 1
                continue
            j = i + 1
            while j < n and len(columns[j].path) > k + 1 and columns[j].path[:k + 1] == p[:k + 1]:
                j += 1
            out.append(Head(p[k], i, k, j - i, 1))
            i = j
    return out, depth


def _natural_widths(spec: Spec, rows: list[Row], size: float, font: str) -> list[float]:
    cols = spec.columns
    widths = []
    for i, c in enumerate(cols):
        data = max((width(r.cells[i], size, font) for r in rows), default=0.0)
        if c.role in ("employer", "extra") and data > NAME_CAP:
            data = NAME_CAP
        label = c.path[-1]
        half = width(label[: (len(label) + 1) // 2], size, font)
        widths.append(max(data, half, width(label[:2], size, font)) + 2 * PAD + 2)
    head, _ = heads(cols)
    for h in head:
        if h.colspan > 1:
            need = width(h.text, size, font) + 2 * PAD + 2
            have = sum(widths[h.col:h.col + h.colspan])
            if have < need:
                for j in range(h.col, h.col + h.colspan):
                    widths[j] += (need - have) / h.colspan
    return widths


def _layout(spec: Spec, rows: list[Row], font: str, rng: random.Random
            ) -> tuple[tuple[float, float], list[float], float]:
    size = spec.size
    widths = _natural_widths(spec, rows, size, font)
    pagesize = PORTRAIT
    if sum(widths) > (PORTRAIT[0] - 2 * MARGIN) * 1.1:
        pagesize = LANDSCAPE
    avail = pagesize[0] - 2 * MARGIN
    while sum(widths) > avail and size > 5.0:
        size = max(5.0, size - 0.25)
        widths = _natural_widths(spec, rows, size, font)
    total = sum(widths)
    if total > avail:  # still too wide at the smallest size: squeeze (names wrap more)
        widths = [w * avail / total for w in widths]
    else:
        grow = min(avail / total, rng.uniform(1.0, 1.6))
        widths = [w * grow for w in widths]
    return pagesize, widths, size


def _head_row_height(head: list[Head], widths: list[float], size: float, font: str) -> float:
    lead = size * 1.2
    need = 13.0
    for h in head:
        w = sum(widths[h.col:h.col + h.colspan])
        lines = len(wrap(h.text, w - 2 * PAD, size, font))
        need = max(need, (lines * lead + 4) / h.rowspan)
    return need


def _person(spec: Spec, history: History) -> tuple[list[tuple[str, str]], Person]:
    w = history.worker
    p = spec.person
    items = [(p["name"], w.name)]
    if p["id_style"] == "id":
        items.append((p["id"], w.id_number))
        ssn = w.personal_number if p["personal"] else None
    else:
        items.append((p["ssn_is_id"], w.id_number))
        ssn = w.personal_number if p["personal"] else w.id_number
    if p["personal"]:
        items.append((p["personal"], w.personal_number))
    place = CITIES[spec.city].name
    if p["place"]:
        items.append((p["place"], place))
    for label in p["extra"]:
        value = W.PERSON_EXTRA[label][0]
        if label == "性别":
            value = "女" if w.female else "男"
        if label == "户籍":
            value = w.hukou
        items.append((label, value))
    person = Person(name=w.name, id_number=w.id_number, social_security_number=ssn,
                    insured_place=place)
    return items, person


def render_pdf(spec: Spec, history: History, rows: list[Row], path: Path, rng: random.Random
               ) -> tuple[int, Person, list[Contribution]]:
    """Draw ``rows`` of ``spec`` into ``path`` (see the module docstring)."""
    from shebao.samples.pdf import register_font

    font = register_font(spec.font)
    pagesize, widths, size = _layout(spec, rows, font, rng)
    pw, ph = pagesize
    x0 = (pw - sum(widths)) / 2
    head, depth = heads(spec.columns)
    pdf = FurnishedPdf(path, pagesize, spec.marks, title=spec.title, font=spec.font)
    grid = Grid(pdf, x0, widths, head, head_rows=depth, head_row_h=0.0, row_h=size * 1.9,
                size=size, head_size=size,
                aligns=["left" if c.role in ("employer",) or c.extra in ("district", "agency")
                        else "center" for c in spec.columns])
    grid.head_row_h = _head_row_height(head, widths, size, font)
    city = CITIES[spec.city]
    after = add_months(history.last, 1)
    printed = f"{after[:4]}年{after[5:7]}月{rng.randint(2, 27):02d}日"
    items, person = _person(spec, history)
    code_of = {e.code: e.name for e in history.employers}
    shown_codes = sorted({r.cells[i] for r in rows for i, c in enumerate(spec.columns)
                          if c.role == "code" and r.cells[i] in code_of})
    bottom = ph - BOTTOM_MARGIN

    def top_of_page(p: int) -> float:
        y = 38.0
        if p == 1 or spec.title_every_page:
            title = spec.title if p == 1 else spec.title + ("（续）" if spec.seed % 2 else "")
            pdf.text(pw / 2, 50, title, size=14, align="center", bold=True)
            y = 62.0
            if spec.subtitle and p == 1:
                pdf.text(pw / 2, 68, spec.subtitle, size=10, align="center")
                y = 76.0
        return y

    def person_block(y: float) -> float:
        sep = spec.person["sep"]
        if spec.person["style"] == "lines":
            x = x0
            y += 12
            for label, value in items:
                text = f"{label}{sep}{value}"
                wdt = width(text, 8.5, font)
                if x > x0 and x + wdt > x0 + sum(widths):
                    x, y = x0, y + 15
                pdf.text(x, y, text, size=8.5)
                x += wdt + 26
            return y + 10
        form, cells, pairs = person_form()
        y += 4
        for k in range(0, len(cells), 2 * pairs):
            y = form.draw_row(y, cells[k:k + 2 * pairs])
        return y + 4

    def person_form() -> tuple[Grid, list[str], int]:
        """The person particulars as a label | value form as wide as the table; a narrow
        table widens it (no office prints a name one character per line)."""
        pairs = 3 if pw > 700 else 2
        cells = [c for item in items for c in item]
        cells += [""] * (-len(cells) % (2 * pairs))
        lab = max(width(c, 8, font) for c in cells[::2]) + 8
        longest = max(width(c, 8, font) for c in cells[1::2]) + 8
        form_w = max(sum(widths), min(pw - 2 * MARGIN, pairs * (lab + longest / 2)))
        val = (form_w - pairs * lab) / pairs
        form = Grid(pdf, x0 - (form_w - sum(widths)) / 2, [lab, val] * pairs, [],
                    head_rows=0, row_h=16, size=8, aligns=["center", "left"] * pairs)
        return form, cells, pairs

    def person_height() -> float:
        """What :func:`person_block` adds to y, without drawing."""
        if spec.person["style"] == "lines":
            x, y = x0, 12.0
            for label, value in items:
                wdt = width(f"{label}{spec.person['sep']}{value}", 8.5, font)
                if x > x0 and x + wdt > x0 + sum(widths):
                    x, y = x0, y + 15
                x += wdt + 26
            return y + 10
        form, cells, pairs = person_form()
        return 8 + sum(form.height_of(cells[k:k + 2 * pairs])
                       for k in range(0, len(cells), 2 * pairs))

    def code_table(y: float) -> float:
        title = rng.choice(W.CODE_TABLE_TITLES)
        pdf.text(x0, y + 12, title, size=8.5)
        y += 18
        if spec.code_table == "lines":
            joint = rng.choice(("：", "—", "  ", " - "))
            for code in shown_codes:
                pdf.text(x0, y + 9, f"{code}{joint}{code_of[code]}", size=8)
                y += 12
            return y + 4
        label_code = next(c.path[-1] for c in spec.columns if c.role == "code")
        form = Grid(pdf, x0, [90, 240], [Head(label_code, 0), Head("单位名称", 1)],
                    head_rows=1, head_row_h=15, row_h=14, size=7.5,
                    aligns=["center", "left"])
        y = form.draw_head(y)
        for code in shown_codes:
            y = form.draw_row(y, [code, code_of[code]])
        return y + 6

    def code_table_height() -> float:
        if spec.code_table == "none" or not shown_codes:
            return 0.0
        return 18 + 15 + 14 * len(shown_codes) + 8

    def page_number(p: int, total: int) -> None:
        text = spec.page_style.format(p=p, t=total)
        if spec.page_number_at == "bottom":
            pdf.text(pw / 2, ph - 26, text, size=8, align="center")
        else:
            pdf.text(pw - MARGIN, 30, text, size=8, align="right")

    # plan pages: which rows go on which page
    before = code_table_height() if spec.code_table == "before" else 0.0

    def paginate(first: float) -> tuple[list[list[Row]], float]:
        plan: list[list[Row]] = [[]]
        y = first + grid.head_height() + before
        for r in rows:
            h = grid.height_of(r.cells)
            if y + h > bottom and plan[-1]:
                plan.append([])
                y = (76.0 if spec.title_every_page else 40.0) + grid.head_height()
            plan[-1].append(r)
            y += h
        return plan, y

    plan, y = paginate(170.0)  # an estimate of the first page's top matter
    # where the top matter is taller than the estimate and the first page would run off
    # the paper, plan again from its real height (rows past the edge were in the truth but
    # not on the page)
    first = (76.0 if spec.subtitle else 62.0) + person_height() + 14
    if first > 170.0 and first + grid.head_height() + before + sum(
            grid.height_of(r.cells) for r in plan[0]) > bottom:
        plan, y = paginate(first)
    total_pages = len(plan)
    end_h = (code_table_height() if spec.code_table in ("after", "lines") else 0.0) \
        + 12 * len(spec.notes) + 40
    if y + end_h > bottom:
        total_pages += 1

    records: list[Contribution] = []
    verify = "".join(rng.choice("0123456789ABCDEF") for _ in range(12))
    qr = rng.choice((None, None, "left", "right"))
    for p, page_rows in enumerate(plan, start=1):
        pdf.begin_page()
        y = top_of_page(p)
        if p == 1:
            if qr:
                pdf.qr_box(MARGIN if qr == "left" else pw - MARGIN - 44, 24, 40)
            y = person_block(y)
            if spec.code_table == "before" and shown_codes:
                y = code_table(y)
            if spec.seed % 2:
                pdf.text(x0 + sum(widths), y + 10, rng.choice(W.UNIT_NOTES), size=8,
                         align="right")
            y += 14
        else:
            y += 4
        y = grid.draw_head(y, fill_gray=rng.choice((0.92, 0.92, None)))
        n = 0
        for r in page_rows:
            y = grid.draw_row(y, r.cells)
            if r.kind != "data":
                continue
            n += 1
            for rec in r.records:
                records.append(rec.model_copy(update={"page": p, "row": n}))
        if p == len(plan) and total_pages == len(plan):
            y = _end_block(pdf, spec, y, x0, widths, city.agency, printed, verify,
                           code_table, shown_codes, rng)
        elif spec.seal["where"] == "every":
            _seal(pdf, spec, pw - 90, bottom - 40, city.agency, force_outline=True)
        page_number(p, total_pages)
        pdf.end_page()
    if total_pages > len(plan):
        pdf.begin_page()
        y = top_of_page(total_pages) if spec.title_every_page else 50.0
        _end_block(pdf, spec, y, x0, widths, city.agency, printed, verify, code_table,
                   shown_codes, rng)
        page_number(total_pages, total_pages)
        pdf.end_page()
    pdf.save()
    return total_pages, person, records


def _end_block(pdf: FurnishedPdf, spec: Spec, y: float, x0: float, widths: list[float],
               agency: str, printed: str, verify: str, code_table, shown_codes: list[str],
               rng: random.Random) -> float:
    if spec.code_table in ("after", "lines") and shown_codes:
        y = code_table(y + 4)
    y += 6
    for note in spec.notes:
        pdf.text(x0, y + 9, note, size=7.5)
        y += 12
    right = x0 + sum(widths)
    pdf.text(x0, y + 14, f"{rng.choice(W.VERIFY_LABELS)}：{verify}", size=8)
    pdf.text(right, y + 14, f"{rng.choice(W.PRINT_LABELS)}：{printed}", size=8, align="right")
    pdf.text(right, y + 28, f"经办机构：{agency}", size=8, align="right")
    if spec.seal["where"] in ("end", "every"):
        free = pdf.height - (y + 40) > 110
        _seal(pdf, spec, right - 60, (y + 90) if free else y + 10, agency,
              force_outline=not free)
    return y + 32


def _seal(pdf: FurnishedPdf, spec: Spec, x: float, y: float, agency: str,
          force_outline: bool = False) -> None:
    mode = "outline" if force_outline else spec.seal["mode"]
    seal(pdf, x, y, agency, spec.seal["middle"], mode=mode, radius=ring_radius(agency),
         turn=spec.seal["turn"])
