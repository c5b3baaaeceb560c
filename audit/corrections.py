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

Values: ``month`` a ``YYYY-MM`` text, ``status`` one of the records' status codes, amounts
numbers (``null`` for an empty cell). A value that is none of these is refused by
:func:`check_value` (``ValueError`` with a Chinese reason), which the desk calls on input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

from shebao.records import Document, Extract, Status, Warning

FIELD_ZH = {"month": "月份", "base": "缴费基数", "employer_amount": "单位缴费",
            "personal_amount": "个人缴费", "status": "状态"}
INSURANCE_ZH = {"pension": "养老", "medical": "医疗", "unemployment": "失业", "injury": "工伤",
                "maternity": "生育"}
AMOUNTS = ("base", "employer_amount", "personal_amount")


def check_value(field: str, value: object) -> float | str | None:
    """``value`` as the record holds it for ``field`` (ValueError with a Chinese reason)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if field in AMOUNTS:
            return None
        raise ValueError(f"{FIELD_ZH[field]}不能为空")
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
    insurance = INSURANCE_ZH.get(c.insurance or "", "")
    return f"{c.file} 第{c.page}页第{c.row}行{insurance}{FIELD_ZH[c.field]}"


def apply_corrections(extract: Extract, corrections: Sequence) -> Extract:
    applied: list[dict] = list((extract.document.model_extra or {}).get("corrections") or [])
    for c in corrections:
        page = _document_page(extract.document, c.file, c.page)
        if page is None:
            continue  # another document's
        hits = [r for r in extract.contributions
                if r.page == page and r.row == c.row
                and (c.insurance is None or r.insurance == c.insurance)]
        matching = [r for r in hits if _same(c.field, getattr(r, c.field), c.old)]
        if not matching:
            read = "、".join(sorted({str(getattr(r, c.field)) for r in hits})) or "没有这一行"
            extract.warnings.append(Warning(
                code="correction_not_applied", page=page, row=c.row,
                message=f"人工更正未应用：{where_text(c)}原为 {c.old}，现在读出的是 {read}；"
                        "请重新核对"))
            continue
        new = check_value(c.field, c.new)
        for record in matching:
            setattr(record, c.field, new)
            applied.append({"file": c.file, "page": c.page, "row": c.row,
                            "insurance": record.insurance, "field": c.field,
                            "old": c.old, "new": new, "by": c.by, "at": c.at,
                            "month": record.month})
    if applied:
        extract.document.corrections = applied  # type: ignore[attr-defined]
    return extract


def unapplied(corrections: Sequence, documents: Sequence[Document]) -> list[str]:
    done = {(d["file"], d["page"], d["row"], d["field"])
            for doc in documents for d in ((doc.model_extra or {}).get("corrections") or [])}
    return [f"人工更正未应用：{where_text(c)}（原为 {c.old}，更正为 {c.new}）：读出的记录中"
            "没有找到这个值，请重新核对" for c in corrections
            if (c.file, c.page, c.row, c.field) not in done]
