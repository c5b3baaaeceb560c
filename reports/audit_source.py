"""Where a case's audit result comes from: the one seam between reports and the audit stage.

Contract: ``load_audit(case_dir, audit_file, as_of=None) -> AuditResult``.

* ``audit_file`` given: read it as a ``shebao.audit/1`` JSON object (bad JSON, wrong schema or
  invalid fields raise :class:`~shebao.errors.InputError` naming the file). An ``as_of`` that
  differs from the file's own is refused (one date per run: the drafts' date is the day its
  late fees were computed to).
* otherwise: run the audit stage on the case folder to ``as_of`` (default today)
  (:func:`shebao.audit.engine.audit_case`; imported on use, as it loads the readers).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import ValidationError

from shebao.errors import InputError
from shebao.records import SCHEMA_AUDIT, AuditResult


def read_audit_json(path: Path) -> AuditResult:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError("审计结果文件不存在", "audit file not found", path,
                         code="audit_missing") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError("审计结果文件不是有效的 JSON", f"not valid JSON: {exc}", path,
                         code="audit_invalid") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_AUDIT:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise InputError(f"不是 {SCHEMA_AUDIT} 格式的审计结果", f"expected schema "
                         f"{SCHEMA_AUDIT}, found {found!r}", path, code="audit_invalid")
    try:
        return AuditResult.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"审计结果内容有误：{where}", f"invalid audit result: {where}: "
                         f"{first['msg']}", path, code="audit_invalid") from exc


def load_audit(case_dir: Path, audit_file: Path | None,
               as_of: dt.date | None = None) -> AuditResult:
    if audit_file is not None:
        audit = read_audit_json(audit_file)
        if as_of is not None and audit.as_of and str(audit.as_of) != as_of.isoformat():
            raise InputError(f"审计结果计至{audit.as_of}，与 --as-of {as_of.isoformat()} 不一致；"
                             "请按同一日期重新审计，或不指定 --as-of",
                             f"the audit is as of {audit.as_of}, not {as_of.isoformat()}",
                             audit_file, code="as_of_mismatch")
        return audit
    from shebao.audit.engine import audit_case

    return audit_case(case_dir, as_of)
