"""Hand-built documents for rule tests: statements and pay slips as ``shebao.extract/1``
objects, with valid fictitious ID numbers."""

from __future__ import annotations

from datetime import date

from shebao.audit.engine import Options, audit_extracts

from shebao.idnumber import id_check_char
from shebao.records import AuditResult, Contribution, Deductions, Document, Extract, Payslip, Person


def id_number(region: str, birth: str, female: bool, seq: int = 12) -> str:
    """A checksum-valid ID: region (6) + YYYYMMDD + sequence (odd = man) + check."""
    seq = seq * 2 + (0 if female else 1)
    first17 = f"{region}{birth}{seq:03d}"
    return first17 + id_check_char(first17)


MAN_1984_HUNAN = id_number("430521", "19840312", female=False)


def row(month: str, base: float | None = 8000.0, status: str = "paid",
        employer: str | None = "上海甲公司", paid_on: str | None = None,
        personal: float | None = None, page: int = 1, r: int | None = None) -> Contribution:
    return Contribution(
        month=month, insurance="pension", base=base, status=status, employer=employer,
        employer_amount=None if base is None else round(base * 0.16, 2),
        personal_amount=personal if personal is not None else (
            None if base is None else round(base * 0.08, 2)),
        paid_on=paid_on, page=page, row=r)


def statement(rows: list[Contribution], place: str | None = "上海市",
              id_no: str | None = MAN_1984_HUNAN, name: str = "张三",
              file: str = "statement.pdf") -> Extract:
    for i, c in enumerate(rows, 1):
        if c.row is None:
            c.row = i
    return Extract(document=Document(file=file, sha256=file.encode().hex()[:64].ljust(64, "0"),
                                     kind="statement", pages=1),
                   person=Person(name=name, id_number=id_no, insured_place=place),
                   contributions=rows)


def slip(month: str, gross: float, pension: float | None, employer: str | None = "上海甲公司",
         name: str = "张三", r: int = 1) -> Payslip:
    return Payslip(month=month, employer=employer, employee_name=name, gross_pay=gross,
                   deductions=Deductions(pension=pension), page=1, row=r)


def payslips(slips: list[Payslip], file: str = "slips.pdf") -> Extract:
    return Extract(document=Document(file=file, sha256=file.encode().hex()[:64].ljust(64, "0"),
                                     kind="payslip", pages=1), payslips=slips)


def months(start: str, n: int) -> list[str]:
    y, m = int(start[:4]), int(start[5:])
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def audit(*extracts: Extract, as_of: date = date(2024, 12, 1), **options) -> AuditResult:
    results = audit_extracts(list(extracts), Options(as_of=as_of, **options))
    assert len(results) == 1
    return results[0]


def findings(result: AuditResult, rule: str, severity: str | None = None) -> list:
    return [f for f in result.findings if f.rule == rule
            and (severity is None or f.severity == severity)]


def citations(finding) -> list[str]:
    return [b.citation for b in finding.basis]
