"""The heavy parts of the review page, built as HTML strings in one pass (not by Jinja).

Contract
--------
A statement of 180 printed rows gives ~1,000 table cells and ~1,100 cell boxes over the page
images; rendered through Jinja's per-attribute escaping they took most of the page's time
(p95 801 ms under load, ``bench/bench_desk.py``). Here each box and each value cell is one
f-string; every text that comes from a document (labels, values, names) goes through
:func:`markupsafe.escape`, and the attribute values that do not (field names, insurance
codes, numbers) are identifiers or numbers. :mod:`.review` caches what these return per
reading and corrections, so a page looked at again costs only the page around them.

* :func:`overlay` ``(page, shown) -> Markup``: the ``<svg>`` over one page image: self-check
  flags (``rect.flag``) and table cells (``rect.cell``, ``low`` when read with low
  confidence; ``data-row``/``data-field``/``data-group`` say which cell), the cells of
  fields in ``shown`` and every low-confidence one.
* :func:`table` ``(lines, kind) -> Markup``: the rows read of one kind of record
  (:data:`COLUMNS`) as a ``<table>``; each row's ``<tr>`` carries ``data-page``, ``data-row``,
  ``data-insurance``, ``data-record``; each value a ``<td class="v">`` with ``data-field``,
  ``data-value`` (the value used) and, once corrected by hand, ``data-read`` (the value read)
  and a ``fixmark``.
"""

from __future__ import annotations

from markupsafe import Markup, escape

INSURANCE_ZH = {"pension": "养老", "medical": "医疗", "unemployment": "失业", "injury": "工伤",
                "maternity": "生育"}
STATUS_ZH = {"paid": "已缴", "back_paid": "补缴", "arrears": "欠缴", "unpaid": "未缴",
             "refunded": "已退", "unknown": "不明", "not_insured": "未参保", "pending": "待缴"}

# (record kind, heading, the columns: (key, heading); "insurance"/"name" are shown, not edited)
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "contribution": [("month", "月份"), ("insurance", "险种"), ("base", "缴费基数"),
                     ("employer_amount", "单位缴费"), ("personal_amount", "个人缴费"),
                     ("status", "状态")],
    "annual": [("year", "年度"), ("insurance", "险种"), ("months", "月数"),
               ("annual_base", "年缴费基数"), ("personal_amount", "个人缴费"),
               ("status", "状态")],
    "payslip": [("month", "月份"), ("name", "姓名"), ("gross_pay", "应发工资"),
                ("net_pay", "实发工资"), ("deductions.pension", "代扣养老"),
                ("deductions.medical", "代扣医疗"), ("deductions.unemployment", "代扣失业"),
                ("deductions.housing_fund", "代扣公积金"), ("deductions.income_tax", "代扣个税"),
                ("deductions.other", "其他扣款")],
}
SHOWN_ONLY = ("insurance", "name")


def _box(box: list[float]) -> str:
    x0, top, x1, bottom = box
    return (f'x="{round(x0, 1)}" y="{round(top, 1)}" width="{round(x1 - x0, 1)}" '
            f'height="{round(bottom - top, 1)}"')


def overlay(page: dict, shown: set[str]) -> Markup:
    parts = [f'<svg viewBox="0 0 {page["width"]} {page["height"]}" '
             'preserveAspectRatio="none">']
    for flag in page.get("flags", []):
        parts.append(f'<rect class="flag" {_box(flag["box"])}><title>{escape(flag["label"])}'
                     '</title></rect>')
    for c in page.get("cells", []):
        if c["field"] not in shown and c["ok"]:
            continue
        parts.append(f'<rect class="cell{"" if c["ok"] else " low"}" data-row="{c["row"]}" '
                     f'data-field="{escape(c["field"])}" data-group="{escape(c["group"] or "")}" '
                     f'{_box(c["box"])}></rect>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _text(value: object) -> str:
    """A value as it is used: numbers as they are, text escaped."""
    if value is None:
        return ""
    return str(value) if isinstance(value, int | float) else str(escape(value))


def _shown(value: object) -> str:
    """A value as a statement prints it: every float shown is money (2 decimals, 1568.0 ->
    1,568.00), so the volunteer compares like with like."""
    if isinstance(value, float):
        return f"{value:,.2f}"
    return _text(value)


def table(lines: list[dict], kind: str) -> Markup:
    columns = COLUMNS[kind]
    head = "".join(f"<th>{title}</th>" for _, title in columns)
    parts = [f'<table id="rows-{kind}" class="rows"><tr><th>页</th><th>行</th>{head}</tr>']
    for line in lines:
        warn = ' class="warn"' if line["warn"] else ""
        parts.append(f'<tr{warn} data-page="{line["page"]}" '
                     f'data-row="{line["row"]}" data-insurance="{line.get("insurance") or ""}" '
                     f'data-record="{kind}"><td>{line["page"]}</td><td>{line["row"]}</td>')
        for field, _ in columns:
            if field == "insurance":
                parts.append(f"<td>{INSURANCE_ZH.get(line['insurance'], '')}</td>")
                continue
            if field == "name":
                parts.append(f"<td>{_text(line.get('name'))}</td>")
                continue
            value = line["values"][field]
            shown = line.get("month_text") if field == "month" else value
            if field == "status":
                shown = STATUS_ZH.get(value, value)
            mark = line["corrected"].get(field)
            classes = "v" + (" low" if field in line["low"] else "") + (" fixed" if mark else "")
            read = ""
            if mark:
                was = line["read"].get(field)
                read = f' data-read="{"空" if was is None else _text(was)}"'
            parts.append(f'<td class="{classes}" tabindex="0" data-field="{field}" '
                         f'data-value="{_text(value)}"{read}>{_shown(shown)}')
            if mark:
                old = mark.get("old")
                parts.append(f'<span class="fixmark">人工更正（原件读出 '
                             f'{"空" if old is None else _shown(old)}）</span>')
            parts.append("</td>")
        parts.append("</tr>")
    parts.append("</table>")
    return Markup("".join(parts))
