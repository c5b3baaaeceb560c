"""Values corrected by hand (人工更正) applied to what was read, before the audit.

Contract
--------
:func:`apply_corrections` ``(extract, corrections) -> Extract`` applies each
:class:`shebao.reports.case.Correction` (``case.yaml`` ``corrections:``; the desk writes them)
that names a file of ``extract``'s document: the file's ``page`` is turned into the
document's page (``document.files`` for a document read from several files), and every
contribution on that page and printed ``row`` (of ``insurance``, when given) whose ``field``
holds ``old`` gets ``new``. Nothing else changes. Each applied correction is listed in the
document's extra field ``corrections`` (``file, page, row, insurance, field, old, new, by,
at, month``), which travels into the audit's ``documents`` so every output can mark the
value as corrected by hand against the original. A correction that matches no record (the
row is not there, or its value is no longer ``old``) is not applied and becomes the
warning ``correction_not_applied`` on the extract (page and row named); never silent.

:func:`unapplied` ``(corrections, documents) -> list[str]``: a Chinese line for each
correction no document lists as applied (for the audit's ``missing``).

Each correction names its rows by ``record`` (``contribution``, ``annual``, ``payslip``;
fields by :data:`RECORD_FIELDS`; a pay slip's deduction as ``deductions.pension`` …).
Corrections of a column's role (``column``) are skipped here: they are applied as the file
is read (:mod:`shebao.ingest.roles`), and listed in ``document.corrections`` by the reader.

Values: ``month`` a ``YYYY-MM`` text, ``year`` and ``months`` whole numbers, ``status``
one of the records' status codes, amounts numbers (``null`` for an empty cell). A value
that is none of these is refused by :func:`check_value` (``ValueError`` with a Chinese
reason), which the desk calls on input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

from shebao.records import Document, Extract, Status, Warning

FIELD_ZH = {"month": "月份", "base": "缴费基数", "employer_amount": "单位缴费",
            "personal_amount": "个人缴费", "status": "状态", "year": "年度", "months": "月数",
            "annual_base": "年缴费基数", "gross_pay": "应发工资", "net_pay": "实发工资",
            "deductions.pension": "代扣养老", "deductions.medical": "代扣医疗",
            "deductions.unemployment": "代扣失业", "deductions.housing_fund": "代扣公积金",
            "deductions.income_tax": "代扣个税", "deductions.other": "其他扣款",
            "column": "列的含义"}
INSURANCE_ZH = {"pension": "养老", "medical": "医疗", "unemployment": "失业", "injury": "工伤",
                "maternity": "生育"}
DEDUCTIONS = ("deductions.pension", "deductions.medical", "deductions.unemployment",
              "deductions.housing_fund", "deductions.income_tax", "deductions.other")
AMOUNTS = ("base", "employer_amount", "personal_amount", "annual_base", "gross_pay", "net_pay",
           *DEDUCTIONS)
# the fields a correction may name, by the rows it corrects (``Correction.record``)
RECORD_FIELDS = {
    "contribution": ("month", "base", "employer_amount", "personal_amount", "status"),
    "annual": ("year", "months", "annual_base", "personal_amount", "status"),
    "payslip": ("month", "gross_pay", "net_pay", *DEDUCTIONS),
}
RECORD_ZH = {"contribution": "", "annual": "年度汇总", "payslip": "工资条"}


def get_value(record: object, field: str) -> object:
    """A record's ``field`` (``deductions.pension``: the pay slip's deduction)."""
    for part in field.split("."):
        record = getattr(record, part)
    return record


def set_value(record: object, field: str, value: object) -> None:
    *path, last = field.split(".")
    for part in path:
        record = getattr(record, part)
    setattr(record, last, value)


def check_value(field: str, value: object) -> float | str | None:
    """``value`` as the record holds it for ``field`` (ValueError with a Chinese reason)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if field in AMOUNTS or field == "months":
            return None
        raise ValueError(f"{FIELD_ZH[field]}不能为空")
    if field in ("year", "months"):
        low, high = (1950, 2100) if field == "year" else (0, 12)
        try:
            number = float(str(value).strip())
        except ValueError:
            number = -1.0
        if not number.is_integer() or not low <= number <= high:
            raise ValueError(f"{FIELD_ZH[field]}应当是 {low} 到 {high} 之间的整数：{value}")
        return int(number)
    if field in AMOUNTS:
        text = str(value).replace(",", "").replace("，", "").strip()
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{FIELD_ZH[field]}应当是数字：{value}") from None
        if number < 0 or number != number or number > 1e7:
            raise ValueError(f"{FIELD_ZH[field]}超出范围：{value}")
        return round(number, 2)
    text = str(value).strip()
    if field == "month":
        from shebao.audit.months import YearMonth

        try:
            return str(YearMonth.parse(text))
        except ValueError:
            raise ValueError(f"月份应当写成 2020-03 这样：{value}") from None
    if field == "status":
        if text not in get_args(Status):
            raise ValueError(f"状态应当是 {', '.join(get_args(Status))} 之一：{value}")
        return text
    raise ValueError(f"不能更正的字段：{field}")


def _same(field: str, held: object, old: object) -> bool:
    try:
        wanted = check_value(field, old)
    except ValueError:
        return False
    if field in AMOUNTS and held is not None and wanted is not None:
        return abs(float(held) - float(wanted)) < 0.005
    return held == wanted


def _name(file: str) -> str:
    return file.replace("\\", "/").rsplit("/", 1)[-1]


def _document_page(document: Document, file: str, page: int) -> int | None:
    if not document.files:
        return page if document.file == _name(file) else None
    for part in document.files:
        if part.file == _name(file):
            first, last = part.pages or (None, None)
            if first is None:
                return None
            number = first + page - 1
            return number if last is None or number <= last else None
    return None


def where_text(c) -> str:
    if getattr(c, "column", None) is not None:
        return f"{c.file} 第{c.page}页第{c.column}列"
    insurance = INSURANCE_ZH.get(c.insurance or "", "")
    record = RECORD_ZH.get(getattr(c, "record", "contribution"), "")
    return f"{c.file} 第{c.page}页第{c.row}行{record}{insurance}{FIELD_ZH[c.field]}"


def _records(extract: Extract, record: str) -> list:
    return {"contribution": extract.contributions, "annual": extract.annual,
            "payslip": extract.payslips}[record]


def apply_corrections(extract: Extract, corrections: Sequence) -> Extract:
    applied: list[dict] = list((extract.document.model_extra or {}).get("corrections") or [])
    for c in corrections:
        if getattr(c, "column", None) is not None:
            continue  # a column's role: applied as the file is read (shebao.ingest.roles)
        page = _document_page(extract.document, c.file, c.page)
        if page is None:
            continue  # another document's
        record_kind = getattr(c, "record", "contribution")
        hits = [r for r in _records(extract, record_kind)
                if r.page == page and r.row == c.row
                and (c.insurance is None or getattr(r, "insurance", None) == c.insurance)]
        matching = [r for r in hits if _same(c.field, get_value(r, c.field), c.old)]
        if not matching:
            read = "、".join(sorted({str(get_value(r, c.field)) for r in hits})) or "没有这一行"
            extract.warnings.append(Warning(
                code="correction_not_applied", page=page, row=c.row,
                message=f"人工更正未应用：{where_text(c)}原为 {c.old}，现在读出的是 {read}；"
                        "请重新核对"))
            continue
        new = check_value(c.field, c.new)
        for record in matching:
            set_value(record, c.field, new)
            entry = {"file": c.file, "page": c.page, "row": c.row,
                     "insurance": getattr(record, "insurance", None), "field": c.field,
                     "old": c.old, "new": new, "by": c.by, "at": c.at,
                     "month": getattr(record, "month", None) or str(record.year)}
            if record_kind != "contribution":
                entry["record"] = record_kind
            applied.append(entry)
    if applied:
        extract.document.corrections = applied  # type: ignore[attr-defined]
    return extract


def _key(c) -> tuple:
    get = c.get if isinstance(c, dict) else lambda k: getattr(c, k, None)
    if get("column") is not None:
        return (get("file"), get("page"), "column", get("table") or 1, get("column"))
    return (get("file"), get("page"), get("record") or "contribution", get("row"), get("field"))


def unapplied(corrections: Sequence, documents: Sequence[Document]) -> list[str]:
    done = {_key(d) for doc in documents
            for d in ((doc.model_extra or {}).get("corrections") or [])}
    return [f"人工更正未应用：{where_text(c)}（原为 {_shown(c, c.old)}，"
            f"更正为 {_shown(c, c.new)}）：读出的记录中没有找到这个值，请重新核对"
            for c in corrections
            if _key(c) not in done]


def _shown(c, value: object) -> object:
    if getattr(c, "column", None) is not None:
        from shebao.ingest.roles import role_zh

        return role_zh(str(value))
    return value
