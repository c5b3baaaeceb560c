"""Single pay slips printed as label : value pairs -> :class:`~shebao.records.Payslip`.

A printed slip, a photo of one, or a pay-slip app screenshot lists its items down the page:
``基本工资：3000.00`` / ``岗位津贴 500.00`` … ``应发工资 5,240.00`` … ``实发工资 4,611.30``,
sometimes two pairs a line, sometimes under section lines (应发项目 / 扣款项目 / 考勤).

Contract: :func:`read_slips` (pages, the pay-sheet lexicon) returns the slips found, read
when no table was (the pipeline tries tables first). Labels mean what they mean in a pay
sheet's header (the same vocabulary, :class:`~shebao.ingest.lexicon.Lexicon`); an item the
vocabulary does not name is an earnings component in the 应发 section or before 应发, a
deduction in the 扣款 section, between 应发 and 实发, or when its label says it is deducted
(:func:`shebao.ingest.payslip.item_kind`); 考勤 items and counts are never money. A slip needs
实发 or 应发 and at least two other figures; its month is the 月份 pair, else a month printed
on the slip's lines (title ``2025年6月工资条``). A label that comes back (a second 实发, a
second 姓名) starts the next slip, so several slips on one page or file are read apart; each
is one ``row`` on its page. :func:`shebao.ingest.payslip.arithmetic` then checks every slip's
sums.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shebao.ingest.lexicon import Lexicon, normalise_label
from shebao.ingest.normalize import halfwidth, parse_month, parse_number, squash
from shebao.ingest.payslip import NAMED, item_kind, month_in, title_employer
from shebao.ingest.table import Line, page_lines
from shebao.ingest.words import PageText

from shebao.records import Deductions, Payslip

EMPLOYER_LABELS = ("公司", "单位", "公司名称", "单位名称", "企业名称", "用人单位", "发放单位")
ATTENDANCE = ("考勤", "出勤")
TEXT_FIELDS = {"employee_name", "employee_id", "month", "employer"}
MIN_FIGURES = 3  # 实发 or 应发 and two more


@dataclass
class _Slip:
    page: int
    fields: dict[str, str] = field(default_factory=dict)
    named: dict[str, float] = field(default_factory=dict)
    earnings: dict[str, float] = field(default_factory=dict)
    other: dict[str, float] = field(default_factory=dict)
    stated_total: float | None = None
    figures: int = 0
    section: str | None = None
    lines: list[str] = field(default_factory=list)
    past_gross: bool = False
    past_net: bool = False
    tail: list[str] = field(default_factory=list)  # lines since the last pair taken
    confidence: float = 1.0  # the lowest word score of the lines read (OCR)

    def money(self, key: str) -> float | None:
        return parse_number(self.fields[key]) if key in self.fields else None


def _tokens(text: str) -> list[str]:
    """A line's text as tokens, a colon as a token of its own (``姓名：张三`` -> 姓名 : 张三)."""
    out: list[str] = []
    for part in halfwidth(text).split():
        for piece in re.split(r"([:：])", part):
            if piece in (":", "："):
                out.append(":")
            elif piece:
                out.append(piece)
    return out


def _number(token: str) -> float | None:
    return parse_number(token.replace("¥", "").replace("￥", ""))


def _pairs(line: Line, lex: Lexicon) -> tuple[list[tuple[str, str]], str | None]:
    """(label, value) pairs of one line, and the line's text when it is a bare section label
    (应发项目, 扣款项目, 考勤)."""
    tokens = _tokens(line.text)
    pairs: list[tuple[str, str]] = []
    label = ""
    colon = False
    for tok in tokens:
        if tok == ":":
            colon = bool(label)
            continue
        if _number(tok) is not None or (label and parse_month(tok)) or (
                label and month_in(tok) and _field(label, lex) == "month"):
            if label:
                pairs.append((label, tok))
            label, colon = "", False
            continue
        if label and (colon or _field(label, lex) in TEXT_FIELDS) and _field(tok, lex) is None:
            pairs.append((label, tok))
            label, colon = "", False
            continue
        label = tok if colon or not label else label + tok
        colon = False
    section = squash(line.text) if not pairs and len(tokens) <= 2 and label else None
    return pairs, section


def _field(label: str, lex: Lexicon) -> str | None:
    s = normalise_label(label)
    if s in {normalise_label(w) for w in EMPLOYER_LABELS}:
        return "employer"
    meaning = lex.classify(label)
    if meaning is None:
        return None
    if meaning.kind == "group":
        # a group word as a pair's label is its one figure (应发 5240.00)
        return {"earnings": "gross_pay"}.get(meaning.name, lex.fields.get(s))
    return meaning.name


def _section(text: str, lex: Lexicon) -> str | None:
    meaning = lex.classify(text)
    if meaning is not None and meaning.kind == "group":
        return meaning.name
    if any(w in text for w in ATTENDANCE):
        return "attendance"
    if "扣" in text:
        return "deductions"
    if "收入" in text or "应发" in text:
        return "earnings"
    return None


def read_slips(pages: list[PageText], lex: Lexicon) -> list[Payslip]:
    slips: list[_Slip] = []
    all_lines: list[str] = []
    for page in pages:
        lines = page_lines(page, lex.for_ocr() if page.method == "ocr" else lex)
        current = _Slip(page.number)
        for line in lines:
            all_lines.append(line.text)
            current.lines.append(line.text)
            pairs, section = _pairs(line, lex)
            if not pairs:
                current.tail.append(line.text)
            if section is not None:
                current.section = _section(section, lex) or current.section
                continue
            for label, value in pairs:
                if not _take(current, label, value, lex):
                    # the lines after the last pair (the next slip's title) go with the next
                    head = [t for t in current.tail if t != line.text]
                    current.lines = current.lines[: len(current.lines) - len(current.tail) - 1]
                    slips.append(current)
                    current = _Slip(page.number, lines=[*head, line.text])
                    _take(current, label, value, lex)
            if pairs:
                current.tail = []
                current.confidence = min(current.confidence,
                                         min(w.confidence for w in line.words))
        slips.append(current)
    return [p for p in (_payslip(s, slips, all_lines) for s in slips) if p is not None]


def _take(slip: _Slip, label: str, value: str, lex: Lexicon) -> bool:
    """Put one pair into ``slip``; False when the slip already has that label (the pair
    begins the next slip)."""
    f = _field(label, lex)
    amount = _number(value)
    key = squash(label)
    if f in TEXT_FIELDS or f in ("gross_pay", "net_pay"):
        if f in slip.fields:
            return False
        if f in ("gross_pay", "net_pay"):
            if amount is None:
                return True
            slip.figures += 1
            slip.past_gross = slip.past_gross or f == "gross_pay"
            slip.past_net = slip.past_net or f == "net_pay"
        slip.fields[f] = value
        return True
    if amount is None or slip.section == "attendance" or f in ("ignore", "subtotal"):
        return True
    if f in NAMED:
        if f in slip.named:
            return False
        slip.named[f] = abs(amount)
        slip.figures += 1
        return True
    if f == "deductions_total":
        slip.stated_total = abs(amount)
        slip.figures += 1
        return True
    kind = item_kind(label)
    if kind == "not_money" or slip.past_net:
        return True
    if key in slip.earnings or key in slip.other:
        return False
    slip.figures += 1
    deducted = f == "other_deduction" or kind == "deduction"
    if slip.section == "earnings" or (slip.section is None and not slip.past_gross
                                      and not deducted):
        slip.earnings[key] = -abs(amount) if deducted else amount
    else:
        slip.other[key] = abs(amount)
    return True


def _line_month(text: str) -> str | None:
    """A month a line of the slip names: ``2025年6月`` anywhere, or a month after a 月份 /
    所属期 label (a figure such as 5620.03 is not a month)."""
    if re.search(r"\d{4}\s*年\s*\d{1,2}\s*月", text) or re.search(r"月份|所属期|期间|月度", text):
        return month_in(text)
    return None


def _payslip(s: _Slip, slips: list[_Slip], all_lines: list[str]) -> Payslip | None:
    gross, net = s.money("gross_pay"), s.money("net_pay")
    if (gross is None and net is None) or s.figures < MIN_FIGURES:
        return None
    month = parse_month(s.fields.get("month", "")) or month_in(s.fields.get("month", ""))
    month = month or next((m for m in map(_line_month, s.lines) if m), None)
    month = month or next((m for m in map(_line_month, all_lines) if m), None)
    if month is None:
        return None
    other = dict(s.other)
    if s.stated_total is not None and not (s.named or other):
        other = {"应扣款项": s.stated_total}
    row = sum(1 for x in slips[: slips.index(s)] if x.page == s.page and x.figures) + 1
    return Payslip(
        month=month,
        employer=s.fields.get("employer") or title_employer(s.lines) or title_employer(all_lines),
        employee_name=squash(s.fields.get("employee_name", "")) or None,
        employee_id=squash(s.fields.get("employee_id", "")) or None,
        gross_pay=gross,
        net_pay=net,
        deductions=Deductions(**s.named, other=round(sum(other.values()), 2) if other else None),
        earnings=s.earnings,
        other_deductions=other,
        page=s.page,
        row=row,
        confidence=round(s.confidence, 3),
    )
