"""Say in Chinese what is wrong in a ``case.yaml`` (the paralegal reads it, not pydantic).

Contract
--------
``problems_zh(exc) -> str`` turns a pydantic :class:`~pydantic.ValidationError` raised while
validating :class:`shebao.reports.case.Case` into one Chinese sentence per problem, joined by
"；": where it is (``corrections 第1项 → column``), what is wrong and the value written.
Messages of the model's own validators (``ValueError`` raised in ``case.py``) are Chinese
already and are passed through. An error type not listed here keeps pydantic's text after a
Chinese lead, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

# pydantic error type -> Chinese text (``ctx`` values fill the braces)
_PLAIN: dict[str, str] = {
    "extra_forbidden": "没有这个键（拼写有误？可用的键见 case_template.yaml）",
    "missing": "缺少这一项",
    "string_type": "应当是文字",
    "float_parsing": "应当是数字",
    "float_type": "应当是数字",
    "int_parsing": "应当是整数",
    "int_type": "应当是整数",
    "int_from_float": "应当是整数",
    "bool_parsing": "应当是 true 或 false",
    "bool_type": "应当是 true 或 false",
    "date_parsing": "应当是日期，写成 2024-05-31 这样",
    "date_type": "应当是日期，写成 2024-05-31 这样",
    "date_from_datetime_parsing": "应当是日期，写成 2024-05-31 这样",
    "date_from_datetime_inexact": "应当是日期，不带时间",
    "list_type": "应当是列表（每项一行，以“- ”开头）",
    "dict_type": "应当是键值对（键: 值）",
    "model_type": "应当是键值对（键: 值）",
    "model_attributes_type": "应当是键值对（键: 值）",
}


def _literal(ctx: Mapping[str, Any]) -> str:
    expected = str(ctx.get("expected", "")).replace("' or '", "'、'").replace("', '", "'、'")
    return f"应当是 {expected} 之一"


_WITH_CTX: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "literal_error": _literal,
    "greater_than_equal": lambda ctx: f"应当不小于 {ctx.get('ge')}",
    "greater_than": lambda ctx: f"应当大于 {ctx.get('gt')}",
    "less_than_equal": lambda ctx: f"应当不大于 {ctx.get('le')}",
    "too_short": lambda ctx: f"至少要有 {ctx.get('min_length')} 项",
    "too_long": lambda ctx: f"最多 {ctx.get('max_length')} 项",
}


def _where(loc: Sequence[int | str]) -> str:
    """``("corrections", 0, "column")`` -> ``corrections 第1项 → column``."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int) and parts:
            parts[-1] += f" 第{part + 1}项"
        else:
            parts.append(f"第{part + 1}项" if isinstance(part, int) else str(part))
    return " → ".join(parts)


def _what(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg", "")))
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind in _WITH_CTX:
        return _WITH_CTX[kind](ctx)
    return f"值不合要求（{err.get('msg', '')}）"


def _shown(value: object) -> str:
    if isinstance(value, (dict, list)):
        return ""
    return f"，现为 {value!r}" if value is not None else ""


def problems_zh(exc: ValidationError) -> str:
    """One Chinese sentence per validation problem of a ``case.yaml``, joined by "；"."""
    lines = []
    for err in exc.errors():
        where = _where(err.get("loc", ()))
        shown = "" if err.get("type") in ("missing", "value_error") else _shown(
            err.get("input"))
        lines.append(f"{where}：{_what(err)}{shown}" if where else f"{_what(err)}{shown}")
    return "；".join(lines)
