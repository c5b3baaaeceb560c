"""Canonical records as pandas DataFrames, with validated schemas.

The batch workflow (a factory's workforce) and the audit work on tables; these functions turn
:class:`~shebao.records.Extract` objects into DataFrames whose columns, dtypes and value sets
are checked by pandera, so a malformed record fails here and not deep inside a rule.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

from shebao.records import DEDUCTION_KEYS, INSURANCES, STATUSES, Extract

_MONTH_RE = r"^\d{4}-(0[1-9]|1[0-2])$"

CONTRIBUTIONS_SCHEMA = pa.DataFrameSchema(
    {
        "file": pa.Column(str),
        "month": pa.Column(str, pa.Check.str_matches(_MONTH_RE)),
        "insurance": pa.Column(str, pa.Check.isin(INSURANCES)),
        "base": pa.Column(float, pa.Check.ge(0), nullable=True),
        "employer_amount": pa.Column(float, nullable=True),
        "personal_amount": pa.Column(float, nullable=True),
        "employer": pa.Column(str, nullable=True),
        "employer_code": pa.Column(str, nullable=True),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "paid_on": pa.Column(str, nullable=True),
        "page": pa.Column("Int64", nullable=True),
        "row": pa.Column("Int64", nullable=True),
        "confidence": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
    },
    strict=True,
    coerce=True,
)

PAYSLIPS_SCHEMA = pa.DataFrameSchema(
    {
        "file": pa.Column(str),
        "month": pa.Column(str, pa.Check.str_matches(_MONTH_RE)),
        "employer": pa.Column(str, nullable=True),
        "employee_name": pa.Column(str, nullable=True),
        "employee_id": pa.Column(str, nullable=True),
        "gross_pay": pa.Column(float, nullable=True),
        "net_pay": pa.Column(float, nullable=True),
        **{f"deduction_{k}": pa.Column(float, nullable=True) for k in DEDUCTION_KEYS},
        "page": pa.Column("Int64", nullable=True),
        "row": pa.Column("Int64", nullable=True),
        "confidence": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
    },
    strict=True,
    coerce=True,
)


def contributions_frame(extracts: Iterable[Extract]) -> pd.DataFrame:
    """One row per contribution record, with the source file name in ``file``."""
    columns = list(CONTRIBUTIONS_SCHEMA.columns)
    rows = [
        {"file": ex.document.file, **c.model_dump(include=set(columns))}
        for ex in extracts
        for c in ex.contributions
    ]
    return CONTRIBUTIONS_SCHEMA.validate(pd.DataFrame(rows, columns=columns))


def payslips_frame(extracts: Iterable[Extract]) -> pd.DataFrame:
    """One row per pay-slip month, deductions flattened to ``deduction_<kind>`` columns."""
    columns = list(PAYSLIPS_SCHEMA.columns)
    rows = []
    for ex in extracts:
        for p in ex.payslips:
            row = {"file": ex.document.file, **p.model_dump(exclude={"deductions"})}
            row.update({f"deduction_{k}": getattr(p.deductions, k) for k in DEDUCTION_KEYS})
            rows.append({k: row.get(k) for k in columns})
    return PAYSLIPS_SCHEMA.validate(pd.DataFrame(rows, columns=columns))
