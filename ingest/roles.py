"""Column roles corrected by hand (人工更正列含义): "this column is the 个人缴费 amount, not the
rate", or "ignore this column", applied to the tables as read before records are made.

Contract
--------
* :class:`ColumnRole` names one column of one table on one page *of the document*: ``page``,
  ``table`` (1-based among the tables read on that page, top to bottom as
  :attr:`~shebao.ingest.pipeline.Analysis.tables` lists them), ``column`` (1-based, left to
  right among that table's columns), ``old`` (the role it was read with: a field name such as
  ``personal_rate``, ``unknown`` for a label nobody knows) and ``new`` (a role from
  :func:`role_names`, ``ignore`` to leave the column out). ``source`` is the case.yaml entry
  it came from (its ``file``/``page``/``by``/``at``), carried into what was applied.
* :func:`apply_roles` ``(tables, roles) -> (applied, unapplied)`` changes the named columns'
  field, in place but only for the table named: a header shared with another page's table
  (a continuation page) is copied first, so the other page keeps the role it was read with.
  A role whose column is not there or does not hold ``old`` (the file reads differently now)
  is not applied and is returned in ``unapplied`` - the caller warns
  (``correction_not_applied``); never silent. The records are then derived from the tables'
  cells as usual, so the arithmetic checks run on the corrected mapping too.
* :func:`role_names` the roles a column may be given: every field of the statement and
  pay-sheet vocabulary, and ``ignore``. :func:`role_zh` a role's Chinese name.

Nothing is read again here: the cells are the ones already read (OCR'd words come from the
OCR cache when a file is analysed again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

ROLE_ZH = {
    "ym": "缴费年月", "period": "起止年月", "start": "起始年月", "end": "截止年月",
    "year": "年度", "month_no": "月", "months": "月数", "insurance": "险种",
    "base": "缴费基数", "annual_base": "年缴费基数", "employer_amount": "单位缴费",
    "personal_amount": "个人缴费", "rate": "缴费比例", "employer_rate": "单位缴费比例",
    "personal_rate": "个人缴费比例", "status": "缴费状态", "paid_on": "到账日期",
    "employer": "单位名称", "employer_code": "单位编号", "ignore": "不读取（忽略此列）",
    "unknown": "未识别", "gross_pay": "应发工资", "net_pay": "实发工资",
    "pension": "代扣养老", "medical": "代扣医疗", "unemployment": "代扣失业",
    "housing_fund": "代扣公积金", "income_tax": "代扣个税", "month": "月份",
    "employee_name": "姓名", "employee_id": "工号", "other_deduction": "其他扣款",
    "deductions_total": "扣款合计",
}


@dataclass(frozen=True)
class ColumnRole:
    page: int
    column: int
    old: str
    new: str
    table: int = 1
    source: dict = field(default_factory=dict, compare=False, hash=False)


@cache
def role_names() -> frozenset[str]:
    from shebao.ingest.profiles import vocabulary

    vocab = vocabulary()
    return frozenset({*vocab.statement_fields, *vocab.payslip_fields, "ignore"})


def role_zh(role: str | None) -> str:
    if not role:
        return ""
    if role in ROLE_ZH:
        return ROLE_ZH[role]
    from shebao.ingest.profiles import vocabulary

    vocab = vocabulary()
    labels = vocab.statement_fields.get(role) or vocab.payslip_fields.get(role) or [role]
    return labels[0]


def apply_roles(tables: list, roles: Sequence[ColumnRole]) -> tuple[list[dict], list[ColumnRole]]:
    """Set the fields ``roles`` name on ``tables`` (objects with ``header``, as
    :func:`shebao.ingest.pipeline._tables_for` returns them). Returns (what was applied:
    the role's ``source`` with the column's printed ``label`` and group, the roles not
    applied)."""
    applied: list[dict] = []
    unapplied: list[ColumnRole] = []
    copied: set[int] = set()
    for role in roles:
        on_page = [t for t in tables if t.header.page == role.page]
        if not 1 <= role.table <= len(on_page):
            unapplied.append(role)
            continue
        table = on_page[role.table - 1]
        columns = table.header.columns
        if not 1 <= role.column <= len(columns) or columns[role.column - 1].field != role.old:
            unapplied.append(role)
            continue
        if id(table) not in copied:  # this table's own header and columns from here on
            table.header = replace(table.header, columns=[replace(c) for c in columns])
            copied.add(id(table))
        column = table.header.columns[role.column - 1]
        column.field = role.new
        column.why = f"人工更正：{role_zh(role.old)} → {role_zh(role.new)}"
        applied.append({**role.source, "label": column.label, "group": column.group})
    return applied, unapplied


def roles_for(corrections: Sequence, parts: Sequence[tuple[str, int, int | None]]
              ) -> list[ColumnRole]:
    """The column corrections (``case.yaml`` ``corrections:`` entries with a ``column``) that
    name a file of a document, as roles on the document's pages. ``parts``: each file of the
    document as (name, first page in the document, last page or None)."""
    out: list[ColumnRole] = []
    for c in corrections:
        if getattr(c, "column", None) is None:
            continue
        name = str(c.file).replace("\\", "/").rsplit("/", 1)[-1]
        for file, first, last in parts:
            page = first + c.page - 1
            if file == name and (last is None or page <= last):
                source = {"file": c.file, "page": c.page, "table": c.table,
                          "column": c.column, "field": "column", "old": c.old, "new": c.new,
                          "by": c.by, "at": c.at}
                out.append(ColumnRole(page=page, column=c.column, old=str(c.old),
                                      new=str(c.new), table=c.table, source=source))
    return out
