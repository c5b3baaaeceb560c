"""Employment periods: stated (``--employment`` file, ``case.yaml``) or inferred.

Contract: :func:`read_employment(path)` reads a CSV (header ``employer,start,end``) or YAML
(a list of ``{employer, start, end}``, or ``{employment: [...]}``) into :class:`Period` s,
months as ``YYYY-MM`` (``end`` empty = still employed: up to the audit date); bad files raise
:class:`~shebao.errors.InputError` naming the file and the row. :func:`infer_periods` infers
periods when none are stated: for each employer, from its first to its last month shown on
pay slips, and from its first to its last row on the statements (a month inside that span
without a paid contribution is a month the employer did not pay, not a change of job); and
the runs of months a statement marks 欠缴 (declared, unpaid) where its rows name no employer.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import yaml
from shebao.audit.merge import History, same_employer
from shebao.audit.months import YearMonth
from shebao.audit.rules.context import Period

from shebao.errors import InputError
from shebao.records import Evidence


def _month(value: object, path: Path, where: str, as_of: date | None) -> YearMonth | None:
    if value is None or str(value).strip() in ("", "至今", "now"):
        return YearMonth.of(as_of) if as_of else None
    if isinstance(value, date):
        return YearMonth.of(value)
    try:
        return YearMonth.parse(str(value))
    except ValueError:
        raise InputError(f"任职期间文件{where}的年月“{value}”无效，应为 YYYY-MM",
                         f"bad month {value!r} at {where}; use YYYY-MM", path,
                         code="employment_invalid") from None


def periods_from_items(items: list[dict], path: Path, as_of: date | None,
                       origin: str) -> list[Period]:
    out: list[Period] = []
    for i, item in enumerate(items, 1):
        where = f"第{i}条"
        if not isinstance(item, dict):
            raise InputError(f"任职期间文件{where}应包含 employer、start、end",
                             f"entry {i} must have employer, start, end", path,
                             code="employment_invalid")
        start = _month(item.get("start"), path, where, None)
        end = _month(item.get("end"), path, where, as_of)
        if start is None:
            raise InputError(f"任职期间文件{where}缺少开始年月（start）",
                             f"entry {i} has no start month", path, code="employment_invalid")
        if end is None or end < start:
            raise InputError(f"任职期间文件{where}的结束年月早于开始年月或缺失",
                             f"entry {i}: end before start or missing", path,
                             code="employment_invalid")
        employer = item.get("employer") or item.get("name")
        ev = Evidence(file=path.name, row=i,
                      fact=f"任职期间 {employer or '（未写单位）'} {start}至{end}（{origin}）")
        out.append(Period(str(employer) if employer else None, start, end, origin, [ev]))
    return out


def read_employment(path: Path, as_of: date | None) -> list[Period]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("任职期间文件不存在", "employment file not found", path,
                         code="employment_missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("无法读取任职期间文件（应为 UTF-8 的 CSV 或 YAML）",
                         f"cannot read employment file: {exc}", path,
                         code="employment_invalid") from None
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        if not rows or not {"start", "end"} <= {k.strip() for k in rows[0] if k}:
            raise InputError("任职期间 CSV 需要表头 employer,start,end",
                             "employment CSV needs the header employer,start,end", path,
                             code="employment_invalid")
        items = [{(k or "").strip(): (v or "").strip() for k, v in r.items()} for r in rows]
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InputError("任职期间文件不是有效的 YAML", f"invalid YAML: {exc}", path,
                             code="employment_invalid") from None
        if isinstance(data, dict):
            data = data.get("employment")
        if not isinstance(data, list):
            raise InputError("任职期间 YAML 应为列表（employer、start、end）",
                             "employment YAML must be a list of {employer, start, end}", path,
                             code="employment_invalid")
        items = data
    return periods_from_items(items, path, as_of, f"本人提供（{path.name}）")


DECLARED_UNPAID = "缴费记录中标为欠缴（单位已申报、未缴纳）的月份"


def infer_periods(history: History) -> list[Period]:
    spans: list[Period] = []

    def add(employer: str | None, month: YearMonth, origin: str, ev: list[Evidence]) -> None:
        for p in spans:
            if p.origin == origin and same_employer(p.employer, employer):
                if month < p.start:
                    p.start = month
                    p.evidence[:1] = ev[:1]
                if month > p.end:
                    p.end = month
                    p.evidence[1:] = ev[:1]
                return
        spans.append(Period(employer, month, month, origin, ev[:1] * 2))

    for s in history.slips:
        add(s.payslip.employer, s.month, "工资条", s.evidence())
    for r in history.records:
        if r.employer:  # not per-year aggregates: their months within the year are unknown
            add(r.employer, r.month, "缴费记录中同一单位的首末月份", r.evidence())
    # A month the statement marks 欠缴 was declared by an employer and not paid: employment is
    # shown by the declaration itself even where the rows name no employer (e.g. the Hunan
    # core-system layout) -- otherwise nothing would ever be said about it.
    declared: list[Period] = []
    for r in sorted(history.records, key=lambda r: r.month):
        if (r.status != "arrears" or r.employer or r.annual
                or any(p.start <= r.month <= p.end for p in spans)):
            continue
        if declared and declared[-1].end + 1 == r.month:
            declared[-1].end = r.month
            declared[-1].evidence[1:] = r.evidence()[:1]
        elif not (declared and declared[-1].end == r.month):
            declared.append(Period(None, r.month, r.month, DECLARED_UNPAID, r.evidence()[:1] * 2))
    spans += declared
    for p in spans:
        if p.evidence and p.evidence[0] == p.evidence[-1]:
            p.evidence = p.evidence[:1]
    return spans
