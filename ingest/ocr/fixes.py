"""OCR-specific cell post-processing, independent of layouts: pure functions.

Contract
--------
:func:`match_word` ``(text, vocabulary, max_cost=None) -> WordMatch | None``
    The vocabulary word an OCR'd cell most plausibly shows, by an edit distance in which
    substituting a known look-alike (``confusions.yaml``: 墩/带/增/港 for 缴, 别/脉 for 账 …)
    costs less than an arbitrary character. Exact matches win at cost 0. Returns None when
    the best word costs more than ``max_cost`` (default: 0.34 × the word's length, at least
    0.6), so that unrelated text is never forced onto a status. ``vocabulary`` is the caller's
    closed list (e.g. the status words of ``ingest/layouts/vocabulary.yaml``); this module
    holds no vocabulary of its own.

:func:`fix_number` ``(text) -> NumberFix | None``
    For a cell that should hold one number: drops table-border debris at the ends (``|``,
    ``[``, a stray ``V``), maps digit look-alikes (O→0, l/I→1, S→5 …) *only* when the rest of
    the cell is digits and separators, and resolves ``.`` / ``,`` (a thousands separator read
    as a decimal point and the other way round). Returns the canonical text (``"4492.00"``),
    its value, and whether anything was changed; None when the cell is not a number even
    after fixing (so a name or a status is never turned into digits).

Both keep the cell's own confidence as it was; a changed cell should be reported as such by
the caller (e.g. lowering confidence or adding a warning) - these functions only say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml


@dataclass(frozen=True)
class WordMatch:
    word: str
    cost: float  # 0 = exact


@dataclass(frozen=True)
class NumberFix:
    text: str  # canonical: digits, optional '-' and one '.'; no thousands separators
    value: float
    changed: bool


@cache
def _tables() -> tuple[dict[tuple[str, str], float], dict[str, str]]:
    data = yaml.safe_load(files("shebao.ingest.ocr").joinpath("confusions.yaml").read_text(
        encoding="utf-8"))
    pairs: dict[tuple[str, str], float] = {}
    for entry in data["chinese"]:
        for seen in entry["seen"]:
            if seen != entry["means"]:
                pairs[(seen, entry["means"])] = float(entry["cost"])
    digits = {seen: digit for digit, looks in data["digits"].items() for seen in looks}
    return pairs, digits


def _substitution(seen: str, means: str) -> float:
    if seen == means:
        return 0.0
    return _tables()[0].get((seen, means), 1.0)


def confusion_cost(text: str, word: str) -> float:
    """Weighted edit distance from the OCR text to a vocabulary word (insert/delete 1.0)."""
    n, m = len(text), len(word)
    prev = [float(j) for j in range(m + 1)]
    for i in range(1, n + 1):
        cur = [float(i)] + [0.0] * m
        for j in range(1, m + 1):
            cur[j] = min(prev[j] + 1.0, cur[j - 1] + 1.0,
                         prev[j - 1] + _substitution(text[i - 1], word[j - 1]))
        prev = cur
    return prev[m]


_SPACE = re.compile(r"\s+")


def match_word(text: str, vocabulary: list[str] | tuple[str, ...] | set[str],
               max_cost: float | None = None) -> WordMatch | None:
    """The closest vocabulary word to ``text``, or None. See the module contract."""
    cell = _SPACE.sub("", text)
    if not cell:
        return None
    if cell in vocabulary:
        return WordMatch(cell, 0.0)
    best: WordMatch | None = None
    for word in vocabulary:
        cost = confusion_cost(cell, word)
        limit = max_cost if max_cost is not None else max(0.6, 0.34 * len(word))
        if cost <= limit and (best is None or cost < best.cost
                              or (cost == best.cost and len(word) > len(best.word))):
            best = WordMatch(word, round(cost, 3))
    return best


_EDGE_DEBRIS = "|[]()丨!/\\_-—VvYXx:;'\"`"  # table borders read as characters
_CANONICAL = re.compile(r"^-?\d+(\.\d+)?$")


def fix_number(text: str) -> NumberFix | None:
    """Repair one numeric cell as read by OCR. See the module contract."""
    original = _SPACE.sub("", text).replace("，", ",").replace("．", ".")
    if not original:
        return None
    cell = original
    negative = False
    if cell.startswith(("-", "－")) and len(cell) > 1 and cell[1].isdigit():
        negative, cell = True, cell[1:]
    # table borders read as characters at either end; keep inner characters for the checks
    stripped = cell.strip(_EDGE_DEBRIS).lstrip("¥￥").removesuffix("元").strip(_EDGE_DEBRIS)
    if not stripped:
        return None
    digits_map = _tables()[1]
    real_digits = sum(c.isdigit() for c in stripped)
    lookalikes = sum(1 for c in stripped if c in digits_map)
    others = [c for c in stripped if not (c.isdigit() or c in ".," or c in digits_map)]
    # a number cell: no other characters, and no more look-alikes than real digits
    if others or real_digits == 0 or lookalikes > real_digits:
        return None
    cell = "".join(digits_map.get(c, c) for c in stripped)
    cell = _separators(cell)
    if cell is None or not _CANONICAL.match(cell):
        return None
    if negative:
        cell = "-" + cell
    value = float(cell)
    canonical_original = original.replace(",", "")
    return NumberFix(cell, value, changed=cell != canonical_original)


def _separators(cell: str) -> str | None:
    """Decide which of '.' and ',' is the decimal point; drop thousands separators."""
    marks = [(i, c) for i, c in enumerate(cell) if c in ".,"]
    if not marks:
        return cell
    last_pos, _last = marks[-1]
    tail = len(cell) - last_pos - 1
    head = cell[:last_pos]
    # the last mark is a decimal point when 1-2 digits follow it (statements print 2 decimals)
    if tail in (1, 2):
        groups = re.split(r"[.,]", head)
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            return None  # inner marks that are not thousands groups: ambiguous
        return "".join(groups) + "." + cell[last_pos + 1:]
    # otherwise every mark is a thousands separator: groups of exactly three digits
    groups = re.split(r"[.,]", cell)
    if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
        return "".join(groups)
    return None
