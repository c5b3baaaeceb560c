"""Spreadsheet formulas without a cached value, evaluated for plain arithmetic.

A sheet written by a script (openpyxl, pandas, a web export) holds formulas such as
``=SUM(F3:H3)`` or ``=I3-J3-K3`` but no value computed by a spreadsheet program, so a reader
of the cached values sees empty cells. Contract: :func:`evaluate` (formula text, a function
giving a referenced cell's number) returns the number, or raises :class:`Unsupported` naming
what it cannot compute. Supported: numbers, cell references (``A1``, ``$A$1``), ranges inside
functions, ``+ - * /``, parentheses, unary minus, and ``SUM``, ``ROUND``, ``MAX``, ``MIN``,
``ABS``. References to other sheets, text, lookups and anything else are unsupported (the
caller then says so, naming the column, rather than reading a blank).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)"
    r"|(?P<ref>\$?[A-Z]{1,3}\$?\d+)|(?P<fn>[A-Z]+)\(|(?P<op>[-+*/(),]))"
)
FUNCTIONS = ("SUM", "ROUND", "MAX", "MIN", "ABS")


class Unsupported(ValueError):
    """A formula this evaluator does not compute (the message says what)."""


def cell_index(ref: str) -> tuple[int, int]:
    """``B3`` -> (row 3, column 2), 1-based."""
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", ref)
    if not m:
        raise Unsupported(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def column_letter(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise Unsupported(text[pos:pos + 12])
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def evaluate(formula: str, value: Callable[[int, int], float | None]) -> float:
    """The value of ``formula`` (with or without its leading ``=``); ``value(row, col)``
    gives a referenced cell's number (None for an empty cell, counted as 0 as a spreadsheet
    does)."""
    text = formula.lstrip("=").upper()
    if "!" in text:
        raise Unsupported("另一张工作表的引用")
    tokens = _tokens(text)
    pos = 0

    def peek() -> tuple[str, str] | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal pos
        if pos >= len(tokens):
            raise Unsupported("公式不完整")
        pos += 1
        return tokens[pos - 1]

    def cell(ref: str) -> float:
        v = value(*cell_index(ref))
        return 0.0 if v is None else v

    def args() -> list[float]:
        out: list[float] = []
        while True:
            t = peek()
            if t and t[0] == "range":
                take()
                a, b = t[1].split(":")
                (r0, c0), (r1, c1) = cell_index(a), cell_index(b)
                for r in range(min(r0, r1), max(r0, r1) + 1):
                    for c in range(min(c0, c1), max(c0, c1) + 1):
                        v = value(r, c)
                        if v is not None:
                            out.append(v)
            else:
                out.append(expr())
            t = take()
            if t == ("op", ")"):
                return out
            if t != ("op", ","):
                raise Unsupported(t[1])

    def atom() -> float:
        kind, text = take()
        if kind == "num":
            return float(text)
        if kind == "ref":
            return cell(text)
        if kind == "fn":
            if text not in FUNCTIONS:
                raise Unsupported(f"不支持的函数 {text}")
            a = args()
            if text == "SUM":
                return sum(a)
            if text == "ROUND":  # as a spreadsheet rounds: half away from zero
                places = Decimal(1).scaleb(-int(a[1]) if len(a) > 1 else 0)
                return float(Decimal(repr(a[0])).quantize(places, rounding=ROUND_HALF_UP))
            if text == "MAX":
                return max(a, default=0.0)
            if text == "MIN":
                return min(a, default=0.0)
            return abs(a[0])
        if (kind, text) == ("op", "("):
            v = expr()
            if take() != ("op", ")"):
                raise Unsupported("括号不配对")
            return v
        if (kind, text) == ("op", "-"):
            return -atom()
        if (kind, text) == ("op", "+"):
            return atom()
        raise Unsupported(text)

    def term() -> float:
        v = atom()
        while (t := peek()) and t[0] == "op" and t[1] in "*/":
            take()
            rhs = atom()
            if t[1] == "*":
                v *= rhs
            else:
                if rhs == 0:
                    raise Unsupported("除以零")
                v /= rhs
        return v

    def expr() -> float:
        v = term()
        while (t := peek()) and t[0] == "op" and t[1] in "+-":
            take()
            rhs = term()
            v = v + rhs if t[1] == "+" else v - rhs
        return v

    result = expr()
    if pos != len(tokens):
        raise Unsupported(tokens[pos][1])
    return round(result, 10)
