"""Self-checks of an extraction, recorded as ``warnings`` (never silently "fixed").

Contract: each check is a small function taking what it needs and returning
:class:`~shebao.records.Warning` objects with a stable ``code`` and a Chinese message (with an
English gloss) naming the page:

* ``ocr_needed``        pages with ``(cid:)`` glyphs, no text layer, or only margin text over a
                        full-page image (read with ``--no-ocr``);
* ``ocr_*``             what the OCR path noted on a page it read (the codes and messages of
                        :mod:`shebao.ingest.ocr.notes`: ``ocr_used``, ``ocr_rotated``,
                        ``ocr_low_resolution``, ``ocr_blurry``, ``ocr_low_confidence`` with the
                        boxes, ``ocr_blank_page``, ``ocr_no_table_text`` …), passed on as is;
* ``total_mismatch``    a 合计 row disagrees with the sum of the rows above it;
* ``month_count``       a range row's 月数 disagrees with its 起止年月;
* ``duplicate_month``   the same month x insurance x employer appears twice;
* ``rate_outlier``      an amount far from base x the rate the document itself uses for that
                        insurance and side in the same year (the rate is read from the
                        document, not assumed);
* ``header_label_borrowed`` a header label the OCR lost, whose column was placed from the same
                        header printed elsewhere (the header above every 工资条, a statement's
                        header on an earlier page; :mod:`shebao.ingest.align`);
* ``header_carried``    an OCR'd page with a table body but no header read (a table continued
                        on the next photo): its columns were taken from the previous page's
                        header, fitted to where this photo's cells stand
                        (:func:`shebao.ingest.table.fit_columns`);
* ``unlabelled_column`` data printed under no header label (a ruled column whose label was
                        not read), or a numeric column whose cells hold two numbers (a lost
                        label's numbers joined a neighbour): those numbers are not read;
* ``number_repaired``   an OCR'd number whose lost decimal point was put back from its
                        column's format (``3404200`` among ``4492.00``s read as ``3404.00``;
                        :func:`shebao.ingest.table.decimal_points`), one warning per cell;
* ``column_role_from_content`` a column read by what its cells hold rather than by its header
                        word (a column of rates under an amount label, months under a lost
                        label; :mod:`shebao.ingest.columns`);
* ``column_remapped``   the amounts and rates of a table hold (amount ≈ base × rate) only
                        with another assignment of the same columns, which was taken
                        (:mod:`shebao.ingest.proof`);
* ``amount_check_failed`` rows whose amount is not base × the rate printed beside it (or
                        exceeds any plausible rate, or, on a row of one month, is above zero
                        and below any) under every assignment: their records
                        carry a lowered confidence;
* ``ocr_digit_suspect``  on an OCR'd document, a base that stands alone between its neighbours
                        and differs from one of them in exactly one digit (``3404`` read as
                        ``3104``): a likely misread even when the neighbours differ too; or
                        one digit away from another insurance's base of the same month;
* ``row_unread``        on an OCR'd page, a printed row of values whose key (the month,
                        often one digit the detector missed) was not read: left out and
                        named by page and row, never guessed;
* ``cell_unread``       on an OCR'd page, a blank status, base or amount cell in a column
                        filled on the other rows of values (an unread status would come out
                        as paid; a 备注 column of status words is a status column; rows
                        holding one number are asked too: the others may be what was lost;
                        a status word a second look read too low to keep is quoted with its
                        score), or a base or amount cell read as text that is no number
                        (``435.``, ``师98``): named by page, row and column, the row's
                        confidence halved;
* ``cell_reread``       on an OCR'd page, a key cell (the month) of an unread row, or a lost
                        status / base / amount cell, that the text detector missed and a
                        second look at the page image read (:mod:`shebao.ingest.reread`):
                        named by page, row, column, text and the recogniser's score; the
                        row's confidence x 0.8;
* ``employer_name_completed`` on an OCR'd document, an employer name that is another name of
                        the same document with one or two characters lost at its edges
                        (…有限公 beside …有限公司): read as the whole name, named by row;
                        the row's confidence x 0.8;
* ``no_rows``           a document recognised but with no data rows.

:func:`lower_confidence` then gives every record of a row that failed a check a confidence
that says so (halved per failed check; a repaired number x 0.8), so no amount whose row fails
its own arithmetic comes out with full confidence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable

from shebao.ingest.normalize import months_in, parse_count, parse_number
from shebao.ingest.profiles import vocabulary
from shebao.ingest.proof import row_failures
from shebao.ingest.reread import lost_cell_field, lost_cells
from shebao.ingest.statement import RATE_CEILING, RATE_FLOOR, Context, row_period
from shebao.ingest.table import Header, RawRow, two_value_cells
from shebao.ingest.words import PageText

from shebao.records import Contribution, Warning

# what a row-level warning asks to check, in a few characters (debug images label rows so)
ROW_LABELS = {
    "rate_outlier": "金额与费率不符",
    "number_repaired": "补回了小数点",
    "month_count": "月数与起止年月不符",
    "duplicate_month": "月份重复",
    "amount_check_failed": "金额≠基数×费率",
    "ocr_digit_suspect": "基数疑似误读",
    "row_unread": "年月未识别，本行未读",
    "cell_unread": "格子漏读",
    "cell_reread": "二次识别",
    "employer_name_completed": "单位名称补全",
}


def flagged_rows(warnings: list[Warning], page: int) -> dict[int, str]:
    """Printed row -> short labels of the warnings naming a row on ``page``."""
    rows: dict[int, list[str]] = {}
    for w in warnings:
        if w.page == page and w.row and w.code in ROW_LABELS:
            labels = rows.setdefault(w.row, [])
            if ROW_LABELS[w.code] not in labels:
                labels.append(ROW_LABELS[w.code])
    return {row: "、".join(labels) for row, labels in rows.items()}


def ocr_needed(pages: list[PageText]) -> list[Warning]:
    return [
        Warning(code="ocr_needed", message=message, page=p.number)
        for p in pages
        for code, message in p.notes
        if code in ("cid_glyphs", "no_text", "image_page")
    ]


def ocr_notes(pages: list[PageText]) -> list[Warning]:
    """Every note the OCR path left on a page it read, as a warning on that page."""
    return [
        Warning(code=code, message=message, page=p.number)
        for p in pages
        if p.method == "ocr"
        for code, message in p.notes
        if code.startswith("ocr_")
    ]


def sheet_notes(pages: list[PageText]) -> list[Warning]:
    """What a spreadsheet page noted about its formulas (computed here, or not computable
    and read as blank), as a warning on that page."""
    return [
        Warning(code=code, message=message, page=p.number)
        for p in pages
        for code, message in p.notes
        if code.startswith("formula_")
    ]


def _insurance_name(code: str | None) -> str:
    """``pension`` -> 养老保险 (the vocabulary's first word for it); other groups as given."""
    words = vocabulary().insurances.get(code or "")
    return f"{words[0]}保险" if words else (code or "")


_NOT_SUMMED = {"year", "ym", "seq", "employer_code", "month_no", "employee_id"}


def totals(tables: list[tuple[Header, list[RawRow]]]) -> list[Warning]:
    """Each 合计 row against the sum of the data rows since the previous 合计.

    Where rows carry a 月数 and print per-month amounts, a 合计 may instead total the months
    (Σ amount x 月数, Xiamen style); either reading passes.
    """
    out: list[Warning] = []
    sums: dict[int, float] = defaultdict(float)
    weighted: dict[int, float] = defaultdict(float)
    count = 0
    for header, rows in tables:
        months_at = header.index("months")
        for row in rows:
            if not row.total:
                count += 1
                n = parse_count(row.get(months_at)) if months_at is not None else None
                for i, text in enumerate(row.cells):
                    v = parse_number(text)
                    if v is not None:
                        sums[i] += v
                        weighted[i] += v * (n or 1)
                continue
            for i, text in enumerate(row.cells):
                v = parse_number(text)
                column = header.columns[i]
                if v is None or column.field in _NOT_SUMMED or i not in sums:
                    continue
                tolerance = 0.011 * max(1, count)
                if min(abs(sums[i] - v), abs(weighted[i] - v)) > tolerance:
                    group = column.group_label or _insurance_name(column.group)
                    label = f"{group}{column.label}" if group else column.label
                    out.append(
                        Warning(
                            code="total_mismatch",
                            message=f"第 {row.page} 页合计行“{label}”为 {v:.2f}，但上面各行之和为 "
                            f"{sums[i]:.2f}（相差 {v - sums[i]:.2f}），请核对合计行和各行的这一列"
                            f"（page {row.page}: total row {column.group or ''} {column.label} "
                            f"= {v:.2f}, the rows above sum to {sums[i]:.2f}）",
                            page=row.page,
                        )
                    )
            sums.clear()
            weighted.clear()
            count = 0
    return out


def month_counts(tables: list[tuple[Header, list[RawRow]]], ctx: Context) -> list[Warning]:
    out: list[Warning] = []
    for header, rows in tables:
        for i, c in enumerate(header.columns):
            if c.field != "months" or c.group:
                continue
            for row in rows:
                n = parse_count(row.cells[i])
                period, _ = row_period(header, row.cells, row.year or ctx.year)
                if row.total or n is None or period is None:
                    continue
                span = len(months_in(*period))
                if n != span:
                    out.append(
                        Warning(
                            code="month_count",
                            message=f"第 {row.page} 页第 {row.row} 行月数为 {n}，但 "
                            f"{period[0]} 至 {period[1]} 共 {span} 个月（page {row.page}, "
                            f"row {row.row}: 月数 {n} but the period spans {span} months）",
                            page=row.page,
                            row=row.row,
                        )
                    )
    return out


def duplicates(contributions: list[Contribution]) -> list[Warning]:
    counts = Counter((c.month, c.insurance, c.employer or c.employer_code) for c in contributions)
    out = []
    for (month, ins, _employer), n in sorted(counts.items(), key=lambda kv: kv[0][:2]):
        if n > 1:
            first = next(c for c in contributions if (c.month, c.insurance) == (month, ins))
            out.append(
                Warning(
                    code="duplicate_month",
                    message=f"{month} {_insurance_name(ins)}在同一单位出现 {n} 次"
                    f"（{month} {ins} listed {n} times for the same employer）",
                    page=first.page,
                    row=first.row,
                )
            )
    return out


def rate_outliers(contributions: list[Contribution], ocr: bool = False) -> list[Warning]:
    """An amount whose rate (amount / base) differs from the months before and after it while
    those two agree: a misprint or misread, not a rate change (a change moves every later
    month, so it has no agreeing neighbours on both sides). With ``ocr`` (an OCR'd document)
    also the first or last month's amount that differs in one digit from its base × the rate
    the two months beside it agree on."""
    series: dict[tuple[str, str, str | None], list[tuple[str, float, float, Contribution]]] = (
        defaultdict(list)
    )
    for c in contributions:
        for side in ("employer_amount", "personal_amount"):
            amount = getattr(c, side)
            if amount and c.base:
                series[(c.insurance, side, c.employer or c.employer_code)].append(
                    (c.month, amount / c.base, amount, c)
                )
    out: list[Warning] = []
    for (insurance, side, _), points in series.items():
        points.sort(key=lambda p: p[0])
        for before, here, after in zip(points, points[1:], points[2:], strict=False):
            usual = (before[1] + after[1]) / 2
            if abs(before[1] - after[1]) > 0.0005:
                continue
            _, _, amount, c = here
            if abs(amount - c.base * usual) > max(1.0, 0.05 * amount):
                out.append(_rate_outlier(c, insurance, side, amount, usual))
        if not ocr or len(points) < 3:
            continue
        # the first and last month have one side only: a rate change there is possible, a
        # digit misread (256.13 read 956.13) is what differs from base × the rate of the two
        # months beside it in exactly one digit
        for end, a, b in ((points[0], points[1], points[2]), (points[-1], points[-2],
                                                               points[-3])):
            if abs(a[1] - b[1]) > 0.0005:
                continue
            _, _, amount, c = end
            expected = round(c.base * (a[1] + b[1]) / 2, 2)
            if amount != expected and _one_digit_apart(amount, expected):
                out.append(_rate_outlier(c, insurance, side, amount, (a[1] + b[1]) / 2))
    return out


_SIDES = {"employer_amount": ("单位缴费", "employer amount"),
          "personal_amount": ("个人缴费", "personal amount")}


def _rate_outlier(c: Contribution, insurance: str, side: str, amount: float,
                  rate: float) -> Warning:
    """The warning names the printed row and both ways the two numbers could be reconciled:
    one of them was misprinted or misread (an OCR ``4`` read as ``1`` keeps a high score)."""
    name = _insurance_name(insurance)
    side_zh, side_en = _SIDES[side]
    at_zh = f"第 {c.page} 页第 {c.row} 行" if c.page and c.row else (
        f"第 {c.page} 页" if c.page else "")
    at_en = f"page {c.page}, row {c.row}: " if c.page and c.row else (
        f"page {c.page}: " if c.page else "")
    expected, implied = c.base * rate, amount / rate
    return Warning(
        code="rate_outlier",
        message=f"{at_zh} {c.month} {name}{side_zh} {amount:.2f} 与 缴费基数 {c.base:.2f} × "
        f"前后月份的费率 {rate:.2%} = {expected:.2f} 不符：若基数无误，金额应约为 "
        f"{expected:.2f}；若金额无误，基数应约为 {implied:.2f}。请对照原件核对这两个数字"
        f"（{at_en}{c.month} {insurance} {side_en} {amount:.2f} differs from base "
        f"{c.base:.2f} × the rate of the months around it {rate:.2%} = {expected:.2f})".strip(),
        page=c.page,
        row=c.row,
    )


def column_notes(tables: list[tuple[Header, list[RawRow]]]) -> list[Warning]:
    """What was decided about columns from their content or numbers, once per header."""
    out: list[Warning] = []
    seen: set[tuple[int, str]] = set()
    for header, _rows in tables:
        for code, message in header.notes:
            if (header.page, message) not in seen:
                seen.add((header.page, message))
                out.append(Warning(code=code, message=message, page=header.page))
    return out


def borrowed_labels(tables: list[tuple[Header, list[RawRow]]]) -> list[Warning]:
    """One warning per header whose lost labels were put back, naming its page, the rows read
    with it and the labels, so the volunteer checks those cells against the paper."""
    seen: dict[tuple[int, float], tuple[list[str], set[int], int]] = {}
    for header, rows in tables:
        lent = header.borrowed()
        if not lent:
            continue
        texts, numbers, source = seen.setdefault(
            (header.page, header.top), ([], set(), lent[0].borrowed_from or header.page)
        )
        for lb in lent:
            if lb.text not in texts:
                texts.append(lb.text)
        numbers.update(r.row for r in rows if not r.total and r.row)
    out = []
    for (page, _top), (texts, numbers, source) in seen.items():
        if not numbers:
            continue
        first, last = min(numbers), max(numbers)
        rows_zh = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
        rows_en = f"row {first}" if first == last else f"rows {first}-{last}"
        names = "、".join(f"“{t}”" for t in texts)
        where_zh = "本页其他表头" if source == page else f"第 {source} 页的同一表头"
        where_en = "this page's other headers" if source == page else f"the header on page {source}"
        them = "这一列" if len(texts) == 1 else "这些列"
        out.append(
            Warning(
                code="header_label_borrowed",
                message=f"第 {page} 页（{rows_zh}）的表头没有识别出{names}，已按{where_zh}的位置"
                f"补上{them}，请对照原件核对{them}的数字（page {page}, {rows_en}: header label "
                f"{'/'.join(texts)} was not read; its column was placed from {where_en} - "
                "check it against the original）",
                page=page,
            )
        )
    return out


def repaired_numbers(tables: list[tuple[Header, list[RawRow]]]) -> list[Warning]:
    """One warning per OCR'd number whose decimal point was put back, naming page, row and
    column, what was read and what is used, so the volunteer checks that cell."""
    return [
        Warning(
            code="number_repaired",
            message=f"第 {row.page} 页第 {row.row} 行“{label}”识别为 {seen}，按本列其他数字的"
            f"格式（两位小数）读作 {used}，请对照原件核对（page {row.page}, row {row.row}: "
            f"{label} read as {seen}, taken as {used} from the column's two-decimal format; "
            "check it against the original）",
            page=row.page,
            row=row.row,
        )
        for _header, rows in tables
        for row in rows
        for label, seen, used in row.repaired
    ]


def _rows_text(rows: list[RawRow]) -> tuple[str, str]:
    numbers = [r.row for r in rows if not r.total and r.row]
    if not numbers:
        return "", ""
    first, last = min(numbers), max(numbers)
    if first == last:
        return f"第 {first} 行", f"row {first}"
    return f"第 {first}–{last} 行", f"rows {first}-{last}"


def unlabelled_columns(tables: list[tuple[Header, list[RawRow]]]) -> list[Warning]:
    """Numbers the reader saw but could not place under a header label, per table: a volunteer
    must read them off the paper (the reader never guesses which field they are)."""
    out: list[Warning] = []
    seen: set[tuple] = set()
    for header, rows in tables:
        rows_zh, rows_en = _rows_text(rows)
        if not rows_zh:
            continue
        places = []
        for a, b in header.unlabelled:
            left = [c.label for c in header.columns if c.x1 <= a + 1]
            right = [c.label for c in header.columns if c.x0 >= b - 1]
            if left and right:
                places.append((f"“{left[-1]}”与“{right[0]}”之间", f"between {left[-1]} and "
                               f"{right[0]}"))
            elif left:
                places.append((f"“{left[-1]}”右边", f"right of {left[-1]}"))
            elif right:
                places.append((f"“{right[0]}”左边", f"left of {right[0]}"))
        key = (header.page, header.top, tuple(places))
        if places and key not in seen:
            seen.add(key)
            distinct = list(dict.fromkeys(places))
            zh = "、".join(z for z, _ in distinct[:3]) + ("等处" if len(distinct) > 3 else "")
            en = "; ".join(e for _, e in distinct[:3]) + ("; …" if len(distinct) > 3 else "")
            count = "一列" if len(places) == 1 else f" {len(places)} 列"
            them = "这一列" if len(places) == 1 else "这些列"
            out.append(
                Warning(
                    code="unlabelled_column",
                    message=f"第 {header.page} 页（{rows_zh}）的表格在{zh}有{count}没有识别出"
                    f"表头，{them}没有读取，请对照原件核对（page {header.page}, {rows_en}: "
                    f"{len(places)} column(s) with no header label that was read ({en}); "
                    "not read）",
                    page=header.page,
                )
            )
        for i in two_value_cells(header, rows):
            key = (header.page, header.top, header.columns[i].label)
            if key in seen:
                continue
            seen.add(key)
            label = header.columns[i].label
            example = next(r.cells[i] for r in rows if len(r.cells[i].split()) == 2)
            out.append(
                Warning(
                    code="unlabelled_column",
                    message=f"第 {header.page} 页（{rows_zh}）“{label}”一列的格子里有两个数"
                    f"（如“{example}”），表头可能漏识别了相邻一列的标题，这些格子没有读取，"
                    f"请对照原件核对（page {header.page}, {rows_en}: the {label} cells hold two "
                    "numbers - a neighbouring column's label was probably not read; not read）",
                    page=header.page,
                )
            )
    return out


def unread_rows(tables: list[tuple[Header, list[RawRow]]]) -> list[Warning]:
    """Printed rows of an OCR'd table whose key (the month, often one digit) the OCR lost:
    their values were seen but could not be placed, so each is named by page and row for a
    volunteer to read off the paper (the reader never guesses the month)."""
    out: list[Warning] = []
    seen: set[tuple[int, int]] = set()
    for header, rows in tables:
        keyed = sorted((r for r in rows if not r.total), key=lambda r: r.top)
        if not header.unread or not keyed:
            continue
        lost = sorted(y for y, _ in header.unread)
        keys = [c.label for c in header.columns
                if c.field in ("ym", "period", "start", "year", "month_no")]
        for y, cells in sorted(header.unread):
            above = [r for r in keyed if (r.top + r.bottom) / 2 < y]
            if above:
                prev = above[-1]
                number = prev.row + sum((prev.top + prev.bottom) / 2 < v <= y for v in lost)
            else:
                nxt = keyed[0]
                number = nxt.row - sum(y <= v < (nxt.top + nxt.bottom) / 2 for v in lost)
            if (header.page, number) in seen:
                continue
            seen.add((header.page, number))
            shown = " | ".join(c for c in cells if c.strip())[:40]
            key = "／".join(keys) or "年月"
            out.append(Warning(
                code="row_unread",
                message=f"第 {header.page} 页第 {number} 行（{shown}）没有识别出“{key}”，这一行"
                f"没有读取，请对照原件补上（page {header.page}, row {number}: the {key} cell was "
                "not read by OCR; the row is left out）",
                page=header.page,
                row=number,
            ))
    return out


def completed_employers(contributions: list[Contribution]) -> list[Warning]:
    """On an OCR'd document, an employer name that is another of its names with one or two
    characters lost at the edges of its cell (厦门市…有限公 beside 厦门市…有限公司) is that
    name: the record takes the whole name, and each such row is named."""
    names = {c.employer for c in contributions if c.employer}
    whole: dict[str, str] = {}
    for short in names:
        longer = [m for m in names if m != short and short in m and len(m) - len(short) <= 2
                  and len(short) >= 6]
        longest = max(longer, key=len, default="")
        if longer and all(m in longest for m in longer):  # one name, read whole or cut
            whole[short] = longest
    out: list[Warning] = []
    seen: set[tuple[int | None, int | None]] = set()
    for c in contributions:
        if c.employer not in whole:
            continue
        short, c.employer = c.employer, whole[c.employer]
        if (c.page, c.row) in seen:
            continue
        seen.add((c.page, c.row))
        out.append(Warning(
            code="employer_name_completed",
            message=f"第 {c.page} 页第 {c.row} 行单位名称识别为“{short}”，是本文件中“{c.employer}”"
            f"缺了边上的字（OCR 漏读），已按后者读取，请对照原件核对（page {c.page}, row "
            f"{c.row}: employer read as {short}, taken as {c.employer} printed on other rows）",
            page=c.page,
            row=c.row,
        ))
    return out


def unlisted_codes(contributions: list[Contribution], listed: dict[str, str],
                   labels: dict[int, str] | None = None) -> list[Warning]:
    """On an OCR'd document whose code list (单位编码对应单位名称) named the employer of some
    records (``listed``: code -> name), a record whose code is not in it and has no name is
    a likely misread code (8180331 for 81803319, its last digit cut into the next cell): each
    such row is named. ``labels``: page -> the printed label of its code column."""
    if not listed:
        return []
    out: list[Warning] = []
    seen: set[tuple[int | None, int | None]] = set()
    for c in contributions:
        if (not c.employer_code or c.employer or c.employer_code in listed
                or (c.page, c.row) in seen):
            continue
        seen.add((c.page, c.row))
        label = (labels or {}).get(c.page or 0, "单位编码")
        out.append(Warning(
            code="employer_code_unlisted",
            message=f"第 {c.page} 页第 {c.row} 行“{label}”识别为“{c.employer_code}”，在本文件"
            f"的单位编码对照表中找不到，可能识别有误，单位名称没有读取，请对照原件核对（page "
            f"{c.page}, row {c.row}: {label} read as {c.employer_code}, "
            f"which is not in the document's code list; possibly misread）",
            page=c.page,
            row=c.row,
        ))
    return out


def reread_cells(tables: list[tuple[Header, list[RawRow]]]) -> list[Warning]:
    """Key cells the detector missed and a second look at the image read
    (:mod:`shebao.ingest.reread`): one warning per cell, naming page, row, column, what was
    read and the recogniser's score, so a volunteer checks the month against the paper."""
    out: list[Warning] = []
    for header, rows in tables:
        for y, label, text, score in sorted(header.reread):
            row = next((r for r in rows if not r.total and r.top - 1 <= y <= r.bottom + 1),
                       None)
            if row is None:
                continue
            out.append(Warning(
                code="cell_reread",
                message=f"第 {header.page} 页第 {row.row} 行“{label}”一格第一次没有识别出来，"
                f"对照片这一格再次识别读为“{text}”（置信度 {score:.2f}），请对照原件核对"
                f"（page {header.page}, row {row.row}: the {label} cell was missed by the text "
                f"detector and read as {text} by a second look, score {score:.2f}）",
                page=header.page,
                row=row.row,
            ))
    return out



def unread_cells(tables: list[tuple[Header, list[RawRow]]],
                 status_of: Callable[[str], str | None] | None = None) -> list[Warning]:
    """On an OCR'd page, a blank cell of a status, base or amount column that is filled on
    the other rows holding values: the OCR lost it (a 未到帐 at the blurred foot of a photo),
    and an unread status would otherwise come out as paid. One warning per cell, naming
    page, row and column. With ``status_of`` (the OCR lexicon's), also a cell of a status
    column holding status words whose text names no status (欠費 before its traditional
    form was known): the row would come out as paid with no word."""
    out: list[Warning] = []
    for header, rows in tables:
        lost = lost_cells(header, rows, least=1)
        for i, column in enumerate(header.columns):
            if lost_cell_field(column) is None:
                continue
            label = column.label if not column.group_label else (
                f"{column.group_label}／{column.label}")
            for r in [r for r, k in lost if k == i]:
                maybe = next(((text, score) for y, lb, text, score in header.doubtful
                              if lb == label and r.top - 1 <= y <= r.bottom + 1), None)
                zh = en = ""
                if maybe:
                    zh = (f"；对照片这一格再次识别读为“{maybe[0]}”，置信度 {maybe[1]:.2f}，"
                          "太低，没有采用")
                    en = (f"; a second look read {maybe[0]} with score {maybe[1]:.2f}, too "
                          "low to be kept")
                out.append(Warning(
                    code="cell_unread",
                    message=f"第 {header.page} 页第 {r.row} 行“{label}”一格没有识别出内容"
                    f"（这一列其他行都有）{zh}，可能是 OCR 漏读，请对照原件核对（page "
                    f"{header.page}, row {r.row}: the {label} cell was not read, though the "
                    f"column is filled on the other rows{en}）",
                    page=header.page,
                    row=r.row,
                ))
            if lost_cell_field(column) == "status":
                if status_of is not None and column.group is None and column.content == "status":
                    out += _misread_cells(header, rows, i, label, status_of,
                                          "不是已知的缴费状态，这一行的缴费状态没有按它判断，可能不对",
                                          "which is no known status; the row's status does "
                                          "not rest on it and may be wrong")
                continue
            # a number column's cell read as something that is no number
            out += _misread_cells(header, rows, i, label, parse_number, "不是数字，没有读取",
                                  "which is no number; not read")
    return out


def _misread_cells(header: Header, rows: list[RawRow], i: int, label: str,
                   reads: Callable[[str], object | None], zh: str, en: str) -> list[Warning]:
    """Cells of column ``i`` holding text that is neither blank, a dash, nor what the column
    prints (``reads`` gives None for it: a number, a status word): one warning each."""
    out: list[Warning] = []
    for r in rows:
        text = r.cells[i].strip()
        if r.total or not text or _NO_VALUE.match(text) or reads(text) is not None:
            continue
        out.append(Warning(
            code="cell_unread",
            message=f"第 {header.page} 页第 {r.row} 行“{label}”一格识别为“{text}”，{zh}，"
            f"请对照原件核对（page {header.page}, row {r.row}: the {label} cell was read as "
            f"{text!r}, {en}）",
            page=header.page,
            row=r.row,
        ))
    return out


_NO_VALUE = re.compile(r"^[/／\\\-—－–一_]+$|^(无|空|暂无)$")


def amount_invariants(tables: list[tuple[Header, list[RawRow]]], ctx: Context) -> list[Warning]:
    """Rows whose amount is not base × the rate printed beside it, or (no rate printed, one
    month's amount) more than :data:`RATE_CEILING` of the base: one warning per cell, naming
    page, row and column (:func:`shebao.ingest.proof.row_failures`)."""
    out: list[Warning] = []
    for header, rows in tables:
        for row in rows:
            if row.total:
                continue
            period, _ = row_period(header, row.cells, row.year or ctx.year)
            if period is None:
                continue
            one_month = period[0] == period[1] or ctx.amounts != "range_total"
            floor = RATE_FLOOR if period[0] == period[1] else 0.0
            for i, reason in row_failures(header, row.cells, one_month, RATE_CEILING, floor):
                c = header.columns[i]
                group = c.group_label or _insurance_name(c.group)
                label = f"{group}{c.label}" if group else c.label
                out.append(Warning(
                    code="amount_check_failed",
                    message=f"第 {row.page} 页第 {row.row} 行“{label}”{reason}，这一行的金额没有"
                    f"通过核对，请对照原件（page {row.page}, row {row.row}: {label} fails "
                    f"amount = base × rate: {reason}）",
                    page=row.page,
                    row=row.row,
                ))
    return out


def _one_digit_apart(a: float, b: float) -> bool:
    x, y = f"{a:.2f}", f"{b:.2f}"
    return len(x) == len(y) and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def digit_suspects(contributions: list[Contribution],
                   labels: dict[int, str] | None = None) -> list[Warning]:
    """OCR'd bases that stand alone (unlike the month before and the month after) and differ
    from a neighbour in one digit: a confident misread such as ``3404`` -> ``3104`` is caught
    even when the other neighbour was misread too. Also a base that differs in one digit from
    another insurance's base of the same month and employer (``3659`` beside ``8659``): one
    of the two is a likely misread, and both rows are named. ``labels``: page -> the printed
    label of its base column, named in the message."""
    series: dict[tuple, dict[str, Contribution]] = defaultdict(dict)
    twice: set[tuple] = set()
    for c in contributions:
        key = (c.insurance, c.employer or c.employer_code)
        if c.base is None:
            continue
        if c.month in series[key]:
            twice.add((*key, c.month))
        series[key][c.month] = c
    out: list[Warning] = []
    seen: set[tuple[int | None, int | None]] = set()

    def warn(c: Contribution, other: float, zh_where: str, en_where: str) -> None:
        if (c.page, c.row) in seen:
            return
        seen.add((c.page, c.row))
        label = (labels or {}).get(c.page or 0) or "缴费基数"
        out.append(Warning(
            code="ocr_digit_suspect",
            message=f"第 {c.page} 页第 {c.row} 行 {c.month} 的“{label}”识别为 {c.base:.2f}，"
            f"与{zh_where}的 {other:.2f} 只差一位数字，可能是 OCR 误读，请对照原件核对"
            f"（page {c.page}, row {c.row}: {label} {c.base:.2f} differs from {en_where} "
            f"{other:.2f} in one digit - a likely OCR misread）",
            page=c.page,
            row=c.row,
        ))

    for key, by_month in series.items():
        months = sorted(m for m in by_month if (*key, m) not in twice)
        for before, here, after in zip(months, months[1:], months[2:], strict=False):
            b, c, a = by_month[before].base, by_month[here], by_month[after].base
            if c.base in (b, a):
                continue
            near = [v for v in (b, a) if _one_digit_apart(c.base, v)]
            if near:
                warn(c, near[0], "相邻月份", "the neighbouring month's")
    same_month: dict[tuple, list[Contribution]] = defaultdict(list)
    for key, by_month in series.items():
        for month, c in by_month.items():
            if (*key, month) not in twice:
                same_month[(month, key[1])].append(c)
    for group in same_month.values():
        for c in group:
            near = [o.base for o in group if o is not c and o.base != c.base
                    and _one_digit_apart(c.base, o.base)]
            if near:
                warn(c, near[0], "同月其他险种", "another insurance's base of the same month,")
    return out


# what a failed check does to the confidence of every record of its row
CONFIDENCE_FACTORS = {"rate_outlier": 0.5, "amount_check_failed": 0.5, "month_count": 0.5,
                      "ocr_digit_suspect": 0.5, "number_repaired": 0.8, "cell_unread": 0.5,
                      "cell_reread": 0.8, "employer_name_completed": 0.8,
                      "employer_code_unlisted": 0.5}


def lower_confidence(contributions: list[Contribution], warnings: list[Warning]) -> None:
    """Records of a row named by a failed check carry a confidence that says so."""
    factor: dict[tuple[int | None, int], float] = defaultdict(lambda: 1.0)
    for w in warnings:
        if w.row and w.code in CONFIDENCE_FACTORS:
            factor[(w.page, w.row)] *= CONFIDENCE_FACTORS[w.code]
    if not factor:
        return
    for c in contributions:
        f = factor.get((c.page, c.row)) if c.row else None
        if f is not None and f < 1.0:
            c.confidence = round(min(c.confidence, 1.0) * f, 3)
