"""The hidden facts behind a sample, as JSON (schema ``shebao.samples.hidden/1``).

The truth (``shebao.extract/1``) says what the document *shows*; the hidden facts say what
*happened*: the worker's true wages, which months were planted with which problem
(``tag``: ``gap_in_job``, ``min_base``, ``back_pay``, ``arrears``, ``refunded``), every
employer's name and code, and the full pay lines of pay sheets. Audit tests use them to
check that a planted problem is found (e.g. declared base vs true wage), without reading
generator internals::

    {"schema": "shebao.samples.hidden/1",
     "worker": {"name", "female", "birth", "id_number", "ss_number", "personal_number",
                "hukou"},
     "city": "深圳市",
     "employers": [{"name", "code", "credit_code", "district", "declares_minimum"}],
     "months": [{"month", "employer_code", "status", "base", "wage", "paid_on", "tag",
                 "amounts": {"pension": [employer, personal], ...}}],
     "payrolls": [{"company", "month", "lines": [{"employee_id", "name", "department",
                   "hours_due", "hours_worked", "earnings": {...}, "deductions": {...},
                   "social_base", "gross", "net"}]}]}

``months``/``employers`` are absent for pay-sheet-only samples, ``payrolls`` for statements.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from shebao.samples.history import History
from shebao.samples.payroll import Payroll

SCHEMA_HIDDEN = "shebao.samples.hidden/1"


def history_json(history: History) -> dict[str, Any]:
    w = history.worker
    return {
        "worker": {**asdict(w), "birth": w.birth.isoformat()},
        "city": history.city.name,
        "employers": [asdict(e) for e in history.employers],
        "months": [
            {
                "month": f.month,
                "employer_code": f.employer.code if f.employer else None,
                "status": f.status,
                "base": f.base,
                "wage": f.wage,
                "paid_on": f.paid_on,
                "tag": f.tag,
                "amounts": {k: list(v) for k, v in f.amounts.items()},
            }
            for f in history.months
        ],
    }


def payroll_json(payroll: Payroll) -> dict[str, Any]:
    return {
        "company": payroll.company,
        "month": payroll.month,
        "lines": [{**asdict(line), "gross": line.gross, "net": line.net}
                  for line in payroll.lines],
    }


def hidden_json(history: History | None, payrolls: list[Payroll] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"schema": SCHEMA_HIDDEN}
    if history is not None:
        out.update(history_json(history))
    if payrolls:
        out["payrolls"] = [payroll_json(p) for p in payrolls]
    return out
